package middleware_test

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/mockpool"
)

// TestUserAuthGenericPolicies (attacker's test): with WithGenericUnconfirmed and
// WithGenericDisabled, an unconfirmed or disabled user's USER_AUTH sign-in reads
// exactly as an unknown name's, from the first answer (a challenge, not
// UserNotConfirmedException or "User is disabled.") to the failure of the code.
// Before, the name alone told the account existed.
func TestUserAuthGenericPolicies(t *testing.T) {
	s := mockpool.New(mockpool.WithSecret(testSecret), mockpool.WithTestSigningKey(), mockpool.WithFixedCode("123456"),
		mockpool.WithClock(frozen), mockpool.WithRand(rand.NewChaCha8([32]byte{1})))
	admin := s.Client()
	out, err := admin.CreateUserPool(bg, &cip.CreateUserPoolInput{PoolName: aws.String("pool"),
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
		Policies: &types.UserPoolPolicyType{SignInPolicy: &types.SignInPolicyType{
			AllowedFirstAuthFactors: []types.AuthFactorType{types.AuthFactorTypePassword, types.AuthFactorTypeEmailOtp}}}})
	if err != nil {
		t.Fatal(err)
	}
	poolID := aws.ToString(out.UserPool.Id)
	cl, err := admin.CreateUserPoolClient(bg, &cip.CreateUserPoolClientInput{UserPoolId: &poolID, ClientName: aws.String("legacy"),
		PreventUserExistenceErrors: types.PreventUserExistenceErrorTypesLegacy, ExplicitAuthFlows: []types.ExplicitAuthFlowsType{
			types.ExplicitAuthFlowsTypeAllowUserAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}})
	if err != nil {
		t.Fatal(err)
	}
	clientID := aws.ToString(cl.UserPoolClient.ClientId)
	// una signed up and never confirmed; dora is confirmed and disabled.
	if _, err := admin.SignUp(bg, &cip.SignUpInput{ClientId: &clientID, Username: aws.String("una"), Password: aws.String(goodPW),
		UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String("una@example.com")}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.AdminCreateUser(bg, &cip.AdminCreateUserInput{UserPoolId: &poolID, Username: aws.String("dora"),
		MessageAction: types.MessageActionTypeSuppress, UserAttributes: []types.AttributeType{
			{Name: aws.String("email"), Value: aws.String("dora@example.com")}, {Name: aws.String("email_verified"), Value: aws.String("true")}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.AdminSetUserPassword(bg, &cip.AdminSetUserPasswordInput{UserPoolId: &poolID, Username: aws.String("dora"), Password: aws.String(goodPW), Permanent: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.AdminDisableUser(bg, &cip.AdminDisableUserInput{UserPoolId: &poolID, Username: aws.String("dora")}); err != nil {
		t.Fatal(err)
	}
	m, err := middleware.ForPool(bg, admin, poolID, middleware.WithSecret(testSecret), middleware.WithoutLatencyFloor(),
		middleware.WithGenericUnconfirmed(), middleware.WithGenericDisabled())
	if err != nil {
		t.Fatal(err)
	}
	masked := s.Client(m.ClientOption())
	shape := func(name string, prefer string) string {
		t.Helper()
		p := map[string]string{"USERNAME": name}
		if prefer != "" {
			p["PREFERRED_CHALLENGE"] = prefer
		}
		o, err := masked.InitiateAuth(bg, &cip.InitiateAuthInput{ClientId: &clientID, AuthFlow: types.AuthFlowTypeUserAuth, AuthParameters: p})
		if err != nil {
			return "error: " + err.Error()
		}
		got := string(o.ChallengeName)
		if o.Session == nil {
			return got + " without a Session"
		}
		r, err := masked.RespondToAuthChallenge(bg, &cip.RespondToAuthChallengeInput{ClientId: &clientID, ChallengeName: o.ChallengeName, Session: o.Session,
			ChallengeResponses: map[string]string{"USERNAME": name, "EMAIL_OTP_CODE": "000000", "PASSWORD": "Wrong-passw0rd"}})
		if err != nil {
			return got + " then " + errCode(err)
		}
		return got + " then " + string(r.ChallengeName)
	}
	for _, prefer := range []string{"EMAIL_OTP", "PASSWORD"} {
		ghost := shape("ghost", prefer)
		for _, name := range []string{"una", "dora"} {
			if got := shape(name, prefer); got != ghost {
				t.Errorf("prefer %s: %s reads %q, an unknown name %q", prefer, name, got, ghost)
			}
		}
	}
}

// errCode is the API error code of err, or its text.
func errCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode() + ": " + ae.ErrorMessage()
	}
	return err.Error()
}
