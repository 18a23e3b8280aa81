package srpauth_test

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/mockpool"
	"github.com/maskedauth/maskedauth/srpauth"
)

// A whole SRP sign-in against the in-process mock pool; with a real pool, pass the SDK
// client made from your AWS config instead.
func ExampleAuthenticator_SignIn() {
	ctx := context.Background()
	mp := mockpool.New()
	client := mp.Client()

	// A pool, an app client with PreventUserExistenceErrors ENABLED and a user.
	pool, _ := client.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("example")})
	app, _ := client.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{
		UserPoolId: pool.UserPool.Id, ClientName: aws.String("web"), GenerateSecret: true,
		ExplicitAuthFlows:          []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
		PreventUserExistenceErrors: types.PreventUserExistenceErrorTypesEnabled,
	})
	_, _ = client.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: pool.UserPool.Id, Username: aws.String("alice"),
		MessageAction: types.MessageActionTypeSuppress})
	_, _ = client.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: pool.UserPool.Id,
		Username: aws.String("alice"), Password: aws.String("Corr3ct-Horse!"), Permanent: true})

	auth, err := srpauth.New(client, srpauth.Config{
		UserPoolID:   aws.ToString(pool.UserPool.Id),
		ClientID:     aws.ToString(app.UserPoolClient.ClientId),
		ClientSecret: aws.ToString(app.UserPoolClient.ClientSecret), // SECRET_HASH is added for you
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := auth.SignIn(ctx, "alice", "Corr3ct-Horse!")
	fmt.Println(r.Kind, err, r.Tokens.AccessToken != "")

	// A wrong password and an unknown user give the same result.
	wrong, err1 := auth.SignIn(ctx, "alice", "nope")
	unknown, err2 := auth.SignIn(ctx, "mallory", "Corr3ct-Horse!")
	fmt.Println(wrong.Kind, wrong.Message.Key, "|", unknown.Kind, unknown.Message.Key)
	fmt.Println(err1.Error() == err2.Error())
	// Output:
	// SignedIn <nil> true
	// InvalidCredentials auth.invalid_credentials | InvalidCredentials auth.invalid_credentials
	// true
}

// A user created with a temporary password must choose a new one: SignIn returns NextStep
// and Respond answers it in the same session.
func ExampleAuthenticator_Respond() {
	ctx := context.Background()
	client := mockpool.New().Client()
	pool, _ := client.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("example")})
	app, _ := client.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{
		UserPoolId: pool.UserPool.Id, ClientName: aws.String("web"),
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
	})
	_, _ = client.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: pool.UserPool.Id, Username: aws.String("bob"),
		TemporaryPassword: aws.String("Temp-Passw0rd!"), MessageAction: types.MessageActionTypeSuppress})

	auth, _ := srpauth.New(client, srpauth.Config{UserPoolID: aws.ToString(pool.UserPool.Id), ClientID: aws.ToString(app.UserPoolClient.ClientId)})
	r, _ := auth.SignIn(ctx, "bob", "Temp-Passw0rd!")
	fmt.Println(r.Kind, r.Challenge.Name, r.Message.Key)

	r, err := auth.Respond(ctx, r, map[string]string{"NEW_PASSWORD": "N3w-Passw0rd!"})
	fmt.Println(r.Kind, err)

	r, _ = auth.SignIn(ctx, "bob", "N3w-Passw0rd!")
	fmt.Println(r.Kind)
	// Output:
	// NextStep NEW_PASSWORD_REQUIRED auth.challenge.new_password_required
	// SignedIn <nil>
	// SignedIn
}
