package srpauth_test

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/mockpool"
	"github.com/maskedauth/maskedauth/srpauth"
)

// The README's srpauth snippet: an SRP sign-in whose NextStep is answered by
// the call that fits its challenge.
func ExampleAuthenticator_readme() {
	ctx := context.Background()
	// An offline pool stands in for Cognito; with a real pool, client is
	// cognitoidentityprovider.NewFromConfig(cfg) and the ids are yours.
	mp := mockpool.New(mockpool.WithTestSigningKey())
	info, err := mp.CreatePool(ctx, mockpool.PoolConfig{PreventUserExistenceErrors: "ENABLED"})
	if err != nil {
		panic(err)
	}
	client := mp.Client()
	// bob was invited with a temporary password: his first sign-in must choose a new one.
	_, err = client.AdminCreateUser(ctx, &cognitoidentityprovider.AdminCreateUserInput{
		UserPoolId: aws.String(info.PoolID), Username: aws.String("bob"),
		TemporaryPassword: aws.String("Temp-Passw0rd!"), MessageAction: types.MessageActionTypeSuppress,
	})
	if err != nil {
		panic(err)
	}

	a, err := srpauth.New(client, srpauth.Config{UserPoolID: info.PoolID, ClientID: info.ClientID},
		srpauth.WithDeviceStore(srpauth.NewMemoryDeviceStore()))
	if err != nil {
		panic(err)
	}
	r, err := a.SignIn(ctx, "bob", "Temp-Passw0rd!") // USER_SRP_AUTH -> PASSWORD_VERIFIER -> (device SRP) -> tokens
	for err == nil && r.Kind == errorsx.NextStep {
		fmt.Println("challenge", r.Challenge.Name)
		switch r.Challenge.Name {
		case "NEW_PASSWORD_REQUIRED": // r.Challenge.RequiredAttributes: what else to ask for
			r, err = a.RespondNewPassword(ctx, r, "N3w-Passw0rd!", nil)
		case "SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP", "SMS_OTP":
			r, err = a.RespondCode(ctx, r, "123456") // the code the user typed
		default: // SELECT_MFA_TYPE, MFA_SETUP, CUSTOM_CHALLENGE, ...: a.Respond with the answers
			panic("not shown here: " + r.Challenge.Name)
		}
	}
	fmt.Println(r.Kind, r.Message.Key, r.Tokens != nil)
	// Output:
	// challenge NEW_PASSWORD_REQUIRED
	// SignedIn auth.signed_in true
}
