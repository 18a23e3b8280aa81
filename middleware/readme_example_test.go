package middleware_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/mockpool"
)

// The README's middleware snippet: a LEGACY app client made to answer as an
// ENABLED one, on the in-process mock pool.
func ExampleMasker_readme() {
	ctx := context.Background()
	// An offline pool with a LEGACY app client (the API's default) stands in for
	// Cognito. With a real pool: client := cognitoidentityprovider.NewFromConfig(cfg).
	mp := mockpool.New(mockpool.WithTestSigningKey())
	info, err := mp.CreatePool(ctx, mockpool.PoolConfig{PreventUserExistenceErrors: "LEGACY"})
	if err != nil {
		panic(err)
	}
	client := mp.Client()

	// Once per process: ForPool reads the pool's case sensitivity and its username,
	// alias and auto-verified attributes (DescribeUserPool). Keep the secret stable
	// across restarts and replicas: simulated answers derive from it.
	secret := []byte("32 bytes of your own secret.....")
	m, err := middleware.ForPool(ctx, client, info.PoolID, middleware.WithSecret(secret))
	if err != nil {
		panic(err)
	}
	// One Masker, shared by every client and call. With a real pool:
	// masked := cognitoidentityprovider.NewFromConfig(cfg, m.ClientOption()).
	masked := mp.Client(m.ClientOption())

	out, err := masked.InitiateAuth(ctx, &cognitoidentityprovider.InitiateAuthInput{
		ClientId:       aws.String(info.ClientID),
		AuthFlow:       types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "nobody", "PASSWORD": "Passw0rd!"},
	})
	r := errorsx.Classify("InitiateAuth", out, err) // any answer, success or failure; out is nil on failure
	fmt.Println(r.Kind, r.Message.Key)
	var notAuthorized *types.NotAuthorizedException // the error chain reads as ENABLED's
	fmt.Println(errors.As(err, &notAuthorized), notAuthorized.ErrorMessage())
	// Output:
	// InvalidCredentials auth.invalid_credentials
	// true Incorrect username or password.
}
