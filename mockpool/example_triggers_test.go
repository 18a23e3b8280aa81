package mockpool_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/mockpool"
)

// A Lambda handler written for aws-lambda-go plugs in as a trigger unchanged.
func ExampleServer_SetTriggers() {
	ctx := context.Background()
	srv := mockpool.New(mockpool.WithTestSigningKey())
	client := srv.Client()
	pool, _ := client.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("demo")})
	app, _ := client.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: pool.UserPool.Id, ClientName: aws.String("web")})

	// The same function a Lambda's main would pass to lambda.Start.
	preSignUp := func(ctx context.Context, ev events.CognitoEventUserPoolsPreSignup) (events.CognitoEventUserPoolsPreSignup, error) {
		if !strings.HasSuffix(ev.Request.UserAttributes["email"], "@example.com") {
			return ev, errors.New("invitation only")
		}
		ev.Response.AutoConfirmUser = true
		return ev, nil
	}
	_ = srv.SetTriggers(*pool.UserPool.Id, mockpool.Triggers{PreSignUp: preSignUp})

	for _, addr := range []string{"ann@example.com", "eve@elsewhere.test"} {
		out, err := client.SignUp(ctx, &cip.SignUpInput{ClientId: app.UserPoolClient.ClientId, Username: aws.String(addr[:3]),
			Password: aws.String("Corr3ct-horse"), UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String(addr)}}})
		var refused *types.UserLambdaValidationException
		if errors.As(err, &refused) {
			fmt.Println(addr, "refused:", refused.ErrorMessage())
			continue
		}
		fmt.Println(addr, "confirmed:", out.UserConfirmed)
	}
	// Output:
	// ann@example.com confirmed: true
	// eve@elsewhere.test refused: PreSignUp failed with error invitation only.
}
