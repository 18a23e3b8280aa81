package mockpool_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/mockpool"
)

// Create a pool and an app client, sign a user up, read the code from the outbox,
// confirm and sign in; all through the real SDK client.
func Example() {
	ctx := context.Background()
	srv := mockpool.New(mockpool.WithTestSigningKey())
	client := srv.Client()

	pool, _ := client.CreateUserPool(ctx, &cip.CreateUserPoolInput{
		PoolName:               aws.String("demo"),
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
	})
	app, _ := client.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{
		UserPoolId:                 pool.UserPool.Id,
		ClientName:                 aws.String("web"),
		ExplicitAuthFlows:          []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
		PreventUserExistenceErrors: types.PreventUserExistenceErrorTypesEnabled,
	})
	clientID := app.UserPoolClient.ClientId

	up, _ := client.SignUp(ctx, &cip.SignUpInput{
		ClientId: clientID, Username: aws.String("alice"), Password: aws.String("Corr3ct-horse"),
		UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String("alice@example.com")}},
	})
	fmt.Println("code sent to", *up.CodeDeliveryDetails.Destination)

	code, _ := srv.LastCode(*pool.UserPool.Id, "alice")
	_, err := client.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: clientID, Username: aws.String("alice"), ConfirmationCode: &code})
	fmt.Println("confirmed:", err == nil)

	auth, _ := client.InitiateAuth(ctx, &cip.InitiateAuthInput{
		ClientId: clientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "alice", "PASSWORD": "Corr3ct-horse"},
	})
	fmt.Println("signed in:", auth.AuthenticationResult.AccessToken != nil, auth.AuthenticationResult.ExpiresIn)

	// An unknown user gets the same answer as a wrong password (ENABLED).
	_, err = client.InitiateAuth(ctx, &cip.InitiateAuthInput{
		ClientId: clientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "mallory", "PASSWORD": "guess"},
	})
	var nae *types.NotAuthorizedException
	fmt.Println(errors.As(err, &nae), nae.ErrorMessage())
	// Output:
	// code sent to a***@e***
	// confirmed: true
	// signed in: true 3600
	// true Incorrect username or password.
}
