package mockpool_test

import (
	"bytes"
	"log/slog"
	"math/rand"
	"strings"
	"testing"

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
	if d := out.CodeDeliveryDetails; *d.Destination != "g***@e***" {
		t.Fatalf("%+v", d)
	}
	out, err = e.resend(enabled, "+442071234567")
	noErr(t, err)
	if d := out.CodeDeliveryDetails; *d.Destination != "+********4567" {
		t.Fatalf("%+v", d)
	}
}
