package mockpool_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"github.com/maskedauth/maskedauth/mockpool"
)

// fakeClock is a settable clock.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newServer(t testing.TB, opts ...mockpool.Option) (*mockpool.Server, *cip.Client, *fakeClock) {
	t.Helper()
	clk := &fakeClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	opts = append([]mockpool.Option{mockpool.WithClock(clk.now), mockpool.WithTestSigningKey(), mockpool.WithFixedCode("123456")}, opts...)
	s := mockpool.New(opts...)
	return s, s.Client(), clk
}

// apiErr asserts err is an API error with code and (if msg != "") message.
func apiErr(t testing.TB, err error, code, msg string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("want %s %q, got %v", code, msg, err)
	}
	if ae.ErrorCode() != code || (msg != "" && ae.ErrorMessage() != msg) {
		t.Fatalf("want %s %q, got %s %q", code, msg, ae.ErrorCode(), ae.ErrorMessage())
	}
}

func noErr(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

var ctx = context.Background()

func createPool(t testing.TB, c *cip.Client, in *cip.CreateUserPoolInput) string {
	t.Helper()
	if in.PoolName == nil {
		in.PoolName = aws.String("pool")
	}
	out, err := c.CreateUserPool(ctx, in)
	noErr(t, err)
	return *out.UserPool.Id
}

func createClient(t testing.TB, c *cip.Client, poolID string, mode types.PreventUserExistenceErrorTypes, secret bool, flows ...types.ExplicitAuthFlowsType) (string, string) {
	t.Helper()
	if flows == nil {
		flows = []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowAdminUserPasswordAuth,
			types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth, types.ExplicitAuthFlowsTypeAllowUserSrpAuth}
	}
	out, err := c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{
		UserPoolId: aws.String(poolID), ClientName: aws.String("app"), GenerateSecret: secret,
		ExplicitAuthFlows: flows, PreventUserExistenceErrors: mode,
	})
	noErr(t, err)
	return *out.UserPoolClient.ClientId, aws.ToString(out.UserPoolClient.ClientSecret)
}

func secretHash(secret, username, clientID string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(username + clientID))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}
