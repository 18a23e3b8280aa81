package mockpool_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/mockpool"
)

func TestSignUpConfirmSignIn(t *testing.T) {
	s, c, _ := newServer(t)
	poolID := createPool(t, c, &cip.CreateUserPoolInput{AutoVerifiedAttributes: []types.VerifiedAttributeType{"email"}})
	clientID, _ := createClient(t, c, poolID, types.PreventUserExistenceErrorTypesEnabled, false)
	su, err := c.SignUp(ctx, &cip.SignUpInput{ClientId: &clientID, Username: aws.String("alice"), Password: aws.String("Passw0rd!"),
		UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String("alice@example.com")}}})
	noErr(t, err)
	if su.UserConfirmed || *su.CodeDeliveryDetails.Destination != "a***@e***" || su.CodeDeliveryDetails.DeliveryMedium != types.DeliveryMediumTypeEmail {
		t.Fatalf("signup: %+v %+v", su, su.CodeDeliveryDetails)
	}
	msgs := s.Messages(mockpool.MessageFilter{UserPoolID: poolID, Username: "alice"})
	if len(msgs) != 1 || msgs[0].Code != "123456" || msgs[0].Destination != "alice@example.com" || msgs[0].Purpose != "SignUp" {
		t.Fatalf("messages: %+v", msgs)
	}
	_, err = c.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: &clientID, Username: aws.String("alice"), ConfirmationCode: aws.String("123456")})
	noErr(t, err)
	out, err := c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &clientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "alice", "PASSWORD": "Passw0rd!"}})
	noErr(t, err)
	ar := out.AuthenticationResult
	if ar == nil || ar.ExpiresIn != 3600 || *ar.TokenType != "Bearer" || *ar.RefreshToken == "" {
		t.Fatalf("auth: %+v", out)
	}
	gu, err := c.GetUser(ctx, &cip.GetUserInput{AccessToken: ar.AccessToken})
	noErr(t, err)
	if *gu.Username != "alice" {
		t.Fatalf("getuser %+v", gu)
	}
}
