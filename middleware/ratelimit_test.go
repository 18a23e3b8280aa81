package middleware_test

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/smithy-go"

	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/mockpool"
)

// ForgotPassword for an unknown name hits the same LimitExceededException, after
// the same number of requests, on a LEGACY client with the middleware as on an
// ENABLED client, so the rate limit is no oracle; ResendConfirmationCode, which the
// mock pool does not limit, is never limited by the middleware either.
func TestDeliveryRateLimitLikeEnabled(t *testing.T) {
	ctx := t.Context()
	secret := []byte("0123456789abcdef0123456789abcdef")
	mp := mockpool.New(mockpool.WithTestSigningKey(), mockpool.WithSecret(secret))
	enabled, err := mp.CreatePool(ctx, mockpool.PoolConfig{Name: "on", AutoVerifiedAttributes: []string{"email"}, PreventUserExistenceErrors: "ENABLED"})
	if err != nil {
		t.Fatal(err)
	}
	legacy, err := mp.CreatePool(ctx, mockpool.PoolConfig{Name: "off", AutoVerifiedAttributes: []string{"email"}})
	if err != nil {
		t.Fatal(err)
	}
	plain := mp.Client()
	masked := mp.Client(middleware.WithMasking(middleware.WithSecret(secret), middleware.WithUserPool(legacy.PoolID, "email"),
		middleware.WithNormalize(middleware.NormalizeCaseSensitive), middleware.WithoutLatencyFloor()))

	code := func(err error) string {
		var ae smithy.APIError
		if errors.As(err, &ae) {
			return ae.ErrorCode()
		}
		if err != nil {
			return err.Error()
		}
		return "200"
	}
	for _, op := range []string{"ForgotPassword", "ResendConfirmationCode"} {
		call := func(c *cip.Client, clientID, user string) error {
			if op == "ForgotPassword" {
				_, err := c.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: aws.String(clientID), Username: aws.String(user)})
				return err
			}
			_, err := c.ResendConfirmationCode(ctx, &cip.ResendConfirmationCodeInput{ClientId: aws.String(clientID), Username: aws.String(user)})
			return err
		}
		user := "nobody-" + op
		limited := 0
		for i := 1; i <= 12; i++ {
			want := code(call(plain, enabled.ClientID, user))
			got := code(call(masked, legacy.ClientID, user))
			if got != want {
				t.Fatalf("%s request %d: LEGACY+middleware %s, ENABLED %s", op, i, got, want)
			}
			if got == "LimitExceededException" {
				limited++
			}
		}
		if op == "ForgotPassword" && limited == 0 {
			t.Errorf("%s: no request was limited; the comparison proves nothing", op)
		}
	}
}
