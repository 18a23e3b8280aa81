package mockpool_test

import (
	"bytes"
	"log/slog"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/mockpool"
)

func TestCreatePoolHelperAndLogs(t *testing.T) {
	var logs bytes.Buffer
	s := mockpool.New(mockpool.WithTestSigningKey(), mockpool.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	info, err := s.CreatePool(ctx, mockpool.PoolConfig{AutoVerifiedAttributes: []string{"email"}, PreventUserExistenceErrors: "ENABLED", GenerateSecret: true})
	noErr(t, err)
	if info.PoolID == "" || info.ClientID == "" || info.ClientSecret == "" {
		t.Fatalf("%+v", info)
	}
	c := s.Client()
	sh := secretHash(info.ClientSecret, "alice", info.ClientID)
	_, err = c.SignUp(ctx, &cip.SignUpInput{ClientId: &info.ClientID, Username: aws.String("alice"), Password: aws.String(goodPW), SecretHash: &sh,
		UserAttributes: []types.AttributeType{strAttr("email", "alice@example.com")}})
	noErr(t, err)
	code, _ := s.LastCode(info.PoolID, "alice")
	_, err = c.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: &info.ClientID, Username: aws.String("alice"), ConfirmationCode: &code, SecretHash: &sh})
	noErr(t, err)
	out, err := c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &info.ClientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "alice", "PASSWORD": goodPW, "SECRET_HASH": sh}})
	noErr(t, err)
	_, err = c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &info.ClientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "alice", "PASSWORD": "Wr0ng-secret!", "SECRET_HASH": sh}})
	apiErr(t, err, "NotAuthorizedException", incorrect)
	l := logs.String()
	for _, secret := range []string{goodPW, "Wr0ng-secret!", code, *out.AuthenticationResult.AccessToken, *out.AuthenticationResult.RefreshToken, info.ClientSecret, sh} {
		if strings.Contains(l, secret) {
			t.Fatalf("log holds a secret %q:\n%s", secret, l)
		}
	}
	if !strings.Contains(l, "operation=InitiateAuth") || !strings.Contains(l, "error=NotAuthorizedException") {
		t.Fatalf("log lines missing:\n%s", l)
	}
}

func TestDeterministicWithRand(t *testing.T) {
	ids := func() (string, string, string) {
		s := mockpool.New(mockpool.WithTestSigningKey(), mockpool.WithRand(rand.New(rand.NewSource(7))))
		info, err := s.CreatePool(ctx, mockpool.PoolConfig{AutoVerifiedAttributes: []string{"email"}})
		noErr(t, err)
		c := s.Client()
		_, err = c.SignUp(ctx, &cip.SignUpInput{ClientId: &info.ClientID, Username: aws.String("alice"), Password: aws.String(goodPW),
			UserAttributes: []types.AttributeType{strAttr("email", "alice@example.com")}})
		noErr(t, err)
		code, _ := s.LastCode(info.PoolID, "alice")
		return info.PoolID, info.ClientID, code
	}
	p1, c1, k1 := ids()
	p2, c2, k2 := ids()
	if p1 != p2 || c1 != c2 || k1 != k2 || len(k1) != 6 {
		t.Fatalf("not deterministic: %s %s %s / %s %s %s", p1, c1, k1, p2, c2, k2)
	}
}

func TestSimulatedPhoneDelivery(t *testing.T) {
	e := newEnv(t, &cip.CreateUserPoolInput{AutoVerifiedAttributes: []types.VerifiedAttributeType{"phone_number"}})
	out, err := e.resend(enabled, "ghost")
	noErr(t, err)
	if d := out.CodeDeliveryDetails; d.DeliveryMedium != types.DeliveryMediumTypeSms || *d.AttributeName != "phone_number" || !strings.HasPrefix(*d.Destination, "+***") {
		t.Fatalf("%+v", d)
	}
	out, err = e.resend(enabled, "ghost@example.org")
	noErr(t, err)
	if d := out.CodeDeliveryDetails; !strings.EqualFold(*d.Destination, "g***@e***") {
		t.Fatalf("%+v", d)
	}
	out, err = e.resend(enabled, "+442071234567")
	noErr(t, err)
	if d := out.CodeDeliveryDetails; *d.Destination != "+********4567" {
		t.Fatalf("%+v", d)
	}
}

func TestIssuerOption(t *testing.T) {
	s := mockpool.New(mockpool.WithTestSigningKey(), mockpool.WithIssuerPrefix("http://127.0.0.1:9229"))
	info, err := s.CreatePool(ctx, mockpool.PoolConfig{})
	noErr(t, err)
	_, err = s.Client().AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &info.PoolID, Username: aws.String("a"), TemporaryPassword: aws.String(goodPW), MessageAction: types.MessageActionTypeSuppress})
	noErr(t, err)
	_, err = s.Client().AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &info.PoolID, Username: aws.String("a"), Password: aws.String(goodPW), Permanent: true})
	noErr(t, err)
	out, err := s.Client().InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &info.ClientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "a", "PASSWORD": goodPW}})
	noErr(t, err)
	want := "http://127.0.0.1:9229/" + info.PoolID
	if iss := claimsOf(t, *out.AuthenticationResult.IdToken)["iss"]; iss != want || s.Issuer(info.PoolID) != want {
		t.Fatalf("iss %v", iss)
	}
	_, err = s.Client().GetUser(ctx, &cip.GetUserInput{AccessToken: out.AuthenticationResult.AccessToken})
	noErr(t, err)
}

func TestRecoveryMedium(t *testing.T) {
	for _, tc := range []struct {
		name    string
		setting *types.AccountRecoverySettingType
		medium  types.DeliveryMediumType
	}{
		{"no setting: SMS first", nil, types.DeliveryMediumTypeSms},
		{"email first", &types.AccountRecoverySettingType{RecoveryMechanisms: []types.RecoveryOptionType{
			{Name: types.RecoveryOptionNameTypeVerifiedPhoneNumber, Priority: aws.Int32(2)}, {Name: types.RecoveryOptionNameTypeVerifiedEmail, Priority: aws.Int32(1)}}},
			types.DeliveryMediumTypeEmail},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, &cip.CreateUserPoolInput{AccountRecoverySetting: tc.setting})
			_, err := e.c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &e.pool, Username: aws.String("a"), MessageAction: types.MessageActionTypeSuppress,
				UserAttributes: []types.AttributeType{strAttr("email", "a@example.com"), strAttr("email_verified", "true"),
					strAttr("phone_number", "+12065551234"), strAttr("phone_number_verified", "true")}})
			noErr(t, err)
			_, err = e.c.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &e.pool, Username: aws.String("a"), Password: aws.String(goodPW), Permanent: true})
			noErr(t, err)
			out, err := e.c.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: aws.String(e.clients[legacy]), Username: aws.String("a")})
			noErr(t, err)
			if out.CodeDeliveryDetails.DeliveryMedium != tc.medium {
				t.Fatalf("%+v", out.CodeDeliveryDetails)
			}
		})
	}
}

func TestLockoutForgottenAfterQuietPeriod(t *testing.T) {
	e := newEnv(t, nil)
	e.confirmed("alice", "")
	for i := 0; i < 4; i++ {
		_, err := e.login(legacy, "alice", "Wr0ng!pass")
		apiErr(t, err, "NotAuthorizedException", incorrect)
		e.advance(20 * time.Minute)
	}
	_, err := e.login(legacy, "alice", "Wr0ng!pass")
	apiErr(t, err, "NotAuthorizedException", incorrect)
	_, err = e.login(legacy, "alice", goodPW)
	noErr(t, err)
}
