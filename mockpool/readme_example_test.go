package mockpool_test

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/mockpool"
)

// The README's mockpool snippet: an offline pool in the test's process, two
// ways to point an SDK client at it, and the outbox.
func ExampleServer_readme() {
	ctx := context.Background()
	mp := mockpool.New(mockpool.WithTestSigningKey(), mockpool.WithFixedCode("123456"))
	info, err := mp.CreatePool(ctx, mockpool.PoolConfig{UsernameAttributes: []string{"email"},
		AutoVerifiedAttributes: []string{"email"}, PreventUserExistenceErrors: "ENABLED"})
	if err != nil {
		panic(err)
	}

	// A real *cognitoidentityprovider.Client whose HTTP transport is the pool
	// (no socket; region, fake credentials and RetryMaxAttempts 1 set for you).
	client := mp.Client()
	// The same by hand, for a client built from your own aws.Config: the Server
	// is an HTTP client (its Do method), and the endpoint is never dialled.
	cfg := aws.Config{Region: mp.Region(), Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")}
	byHand := cognitoidentityprovider.NewFromConfig(cfg, func(o *cognitoidentityprovider.Options) {
		o.HTTPClient = mp
		o.BaseEndpoint = aws.String("http://mockpool.invalid")
	})

	_, err = client.SignUp(ctx, &cognitoidentityprovider.SignUpInput{ClientId: aws.String(info.ClientID),
		Username: aws.String("alice@example.com"), Password: aws.String("Passw0rd!")})
	if err != nil {
		panic(err)
	}
	// The code that was "sent": the outbox, filtered by pool and username or address.
	msgs := mp.Messages(mockpool.MessageFilter{UserPoolID: info.PoolID, Username: "alice@example.com"})
	fmt.Println(len(msgs), msgs[0].Purpose, msgs[0].Medium, msgs[0].Destination, msgs[0].Code)

	_, err = byHand.ConfirmSignUp(ctx, &cognitoidentityprovider.ConfirmSignUpInput{ClientId: aws.String(info.ClientID),
		Username: aws.String("alice@example.com"), ConfirmationCode: aws.String(msgs[0].Code)})
	fmt.Println("confirmed:", err == nil)

	out, err := client.InitiateAuth(ctx, &cognitoidentityprovider.InitiateAuthInput{ClientId: aws.String(info.ClientID),
		AuthFlow:       types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "alice@example.com", "PASSWORD": "Passw0rd!"}})
	if err != nil {
		panic(err)
	}
	fmt.Println("signed in, token expires in", out.AuthenticationResult.ExpiresIn, "s")
	// Output:
	// 1 SignUp EMAIL alice@example.com 123456
	// confirmed: true
	// signed in, token expires in 3600 s
}
