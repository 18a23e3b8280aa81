package srpauth_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/document"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/internal/webauthntest"
	"github.com/maskedauth/maskedauth/mockpool"
	"github.com/maskedauth/maskedauth/srpauth"
)

// uaPool is a mockpool pool allowing every first factor (relying party localhost),
// with a user "ursula" (password, verified email and phone) and an app client per
// PreventUserExistenceErrors mode.
type uaPool struct {
	s       *mockpool.Server
	c       *cip.Client
	pool    string
	clients map[types.PreventUserExistenceErrorTypes]string
	clock   func() time.Time
}

const uaPassword = "Passw0rd!"

func newUAPool(t *testing.T) *uaPool {
	t.Helper()
	ctx := t.Context()
	now := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	clock := func() time.Time { return now }
	s := mockpool.New(mockpool.WithClock(clock), mockpool.WithTestSigningKey())
	c := s.Client()
	out, err := c.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("ua"), Policies: &types.UserPoolPolicyType{
		SignInPolicy: &types.SignInPolicyType{AllowedFirstAuthFactors: []types.AuthFactorType{types.AuthFactorTypePassword,
			types.AuthFactorTypeEmailOtp, types.AuthFactorTypeSmsOtp, types.AuthFactorTypeWebAuthn}}}})
	if err != nil {
		t.Fatal(err)
	}
	u := &uaPool{s: s, c: c, pool: *out.UserPool.Id, clients: map[types.PreventUserExistenceErrorTypes]string{}, clock: clock}
	if _, err := c.SetUserPoolMfaConfig(ctx, &cip.SetUserPoolMfaConfigInput{UserPoolId: &u.pool,
		WebAuthnConfiguration: &types.WebAuthnConfigurationType{RelyingPartyId: aws.String("localhost")}}); err != nil {
		t.Fatal(err)
	}
	for _, m := range []types.PreventUserExistenceErrorTypes{types.PreventUserExistenceErrorTypesLegacy, types.PreventUserExistenceErrorTypesEnabled} {
		app, err := c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: &u.pool, ClientName: aws.String("app"),
			PreventUserExistenceErrors: m, ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserAuth,
				types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}})
		if err != nil {
			t.Fatal(err)
		}
		u.clients[m] = *app.UserPoolClient.ClientId
	}
	if _, err := c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &u.pool, Username: aws.String("ursula"),
		MessageAction: types.MessageActionTypeSuppress, UserAttributes: []types.AttributeType{
			{Name: aws.String("email"), Value: aws.String("ursula@example.com")}, {Name: aws.String("email_verified"), Value: aws.String("true")},
			{Name: aws.String("phone_number"), Value: aws.String("+15555550123")}, {Name: aws.String("phone_number_verified"), Value: aws.String("true")}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &u.pool, Username: aws.String("ursula"),
		Password: aws.String(uaPassword), Permanent: true}); err != nil {
		t.Fatal(err)
	}
	return u
}

func (u *uaPool) auth(t *testing.T, mode types.PreventUserExistenceErrorTypes) *srpauth.Authenticator {
	t.Helper()
	a, err := srpauth.New(u.c, srpauth.Config{UserPoolID: u.pool, ClientID: u.clients[mode]}, srpauth.WithClock(u.clock))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func (u *uaPool) lastCode(t *testing.T) string {
	t.Helper()
	ms := u.s.Messages(mockpool.MessageFilter{UserPoolID: u.pool})
	if len(ms) == 0 {
		t.Fatal("no message sent")
	}
	return ms[len(ms)-1].Code
}

func wantKind(t *testing.T, what string, r errorsx.Result, k errorsx.Kind) {
	t.Helper()
	if r.Kind != k {
		t.Fatalf("%s: got %v (%v), want %v", what, r.Kind, r, k)
	}
}

// TestUserAuthDriverAgainstMockPool: srpauth's USER_AUTH driver signs in against
// mockpool with every factor, by preference and by SELECT_CHALLENGE.
func TestUserAuthDriverAgainstMockPool(t *testing.T) {
	ctx := t.Context()
	u := newUAPool(t)
	a := u.auth(t, types.PreventUserExistenceErrorTypesEnabled)

	t.Run("prefer PASSWORD_SRP", func(t *testing.T) {
		r, _ := a.SignInUserAuth(ctx, "ursula", srpauth.Prefer("PASSWORD_SRP"), srpauth.WithPassword(uaPassword))
		wantKind(t, "sign-in", r, errorsx.SignedIn)
	})
	t.Run("prefer PASSWORD", func(t *testing.T) {
		r, _ := a.SignInUserAuth(ctx, "ursula", srpauth.Prefer("PASSWORD"), srpauth.WithPassword(uaPassword))
		wantKind(t, "sign-in", r, errorsx.SignedIn)
	})
	t.Run("select PASSWORD_SRP", func(t *testing.T) {
		r, _ := a.SignInUserAuth(ctx, "ursula")
		wantKind(t, "initiate", r, errorsx.NextStep)
		if r.Challenge.Name != "SELECT_CHALLENGE" || len(r.Challenge.Available) != 4 {
			t.Fatalf("challenge %+v", r.Challenge)
		}
		r, _ = a.SelectChallenge(ctx, r, "PASSWORD_SRP", srpauth.WithPassword(uaPassword))
		wantKind(t, "select", r, errorsx.SignedIn)
	})
	for _, f := range []string{"EMAIL_OTP", "SMS_OTP"} {
		t.Run("prefer "+f, func(t *testing.T) {
			r, _ := a.SignInUserAuth(ctx, "ursula", srpauth.Prefer(f))
			wantKind(t, "initiate", r, errorsx.NextStep)
			if r.Challenge.Name != f {
				t.Fatalf("challenge %+v", r.Challenge)
			}
			r, _ = a.RespondCode(ctx, r, u.lastCode(t))
			wantKind(t, "code", r, errorsx.SignedIn)
		})
	}
	t.Run("WEB_AUTHN", func(t *testing.T) {
		r, _ := a.SignInUserAuth(ctx, "ursula", srpauth.Prefer("PASSWORD"), srpauth.WithPassword(uaPassword))
		wantKind(t, "sign-in", r, errorsx.SignedIn)
		tok := r.Tokens.AccessToken
		key, err := webauthntest.New(nil, "https://localhost")
		if err != nil {
			t.Fatal(err)
		}
		start, err := u.c.StartWebAuthnRegistration(ctx, &cip.StartWebAuthnRegistrationInput{AccessToken: &tok})
		if err != nil {
			t.Fatal(err)
		}
		resp, err := key.Register(docString(t, start.CredentialCreationOptions))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(resp), &m); err != nil {
			t.Fatal(err)
		}
		if _, err := u.c.CompleteWebAuthnRegistration(ctx, &cip.CompleteWebAuthnRegistrationInput{AccessToken: &tok, Credential: document.NewLazyDocument(m)}); err != nil {
			t.Fatal(err)
		}
		passkey := func(_ context.Context, opts string) (string, error) { return key.Assert(opts) }
		r, _ = a.SignInUserAuth(ctx, "ursula", srpauth.Prefer("WEB_AUTHN"), srpauth.WithPasskey(passkey))
		wantKind(t, "passkey", r, errorsx.SignedIn)
		r, _ = a.SignInUserAuth(ctx, "ursula")
		r, _ = a.SelectChallenge(ctx, r, "WEB_AUTHN", srpauth.WithPasskey(passkey))
		wantKind(t, "select passkey", r, errorsx.SignedIn)
	})
}

// TestUserAuthDriverUnknownAgainstMockPool: through the driver, an unknown name
// under ENABLED fails exactly as a known user's wrong answers; under LEGACY as the
// generic failure too (errorsx masks UserNotFoundException).
func TestUserAuthDriverUnknownAgainstMockPool(t *testing.T) {
	ctx := t.Context()
	u := newUAPool(t)
	a := u.auth(t, types.PreventUserExistenceErrorTypesEnabled)
	kinds := func(name string) []errorsx.Kind {
		var ks []errorsx.Kind
		r, _ := a.SignInUserAuth(ctx, name, srpauth.Prefer("PASSWORD_SRP"), srpauth.WithPassword("Wrong-pass1"))
		ks = append(ks, r.Kind)
		r, _ = a.SignInUserAuth(ctx, name)
		ks = append(ks, r.Kind)
		r, _ = a.SelectChallenge(ctx, r, "EMAIL_OTP")
		ks = append(ks, r.Kind)
		r, _ = a.RespondCode(ctx, r, "000000")
		ks = append(ks, r.Kind)
		return ks
	}
	k, n := kinds("ursula"), kinds("nobody")
	want := []errorsx.Kind{errorsx.InvalidCredentials, errorsx.NextStep, errorsx.NextStep, errorsx.InvalidCode}
	for i := range want {
		// Step 0 is Cognito's random selection: an unknown name preferring
		// PASSWORD_SRP gets any allowed challenge (the signal AWS's behaviour gives,
		// which mockpool reproduces and the middleware's stable policy removes),
		// so the driver stops at a NextStep unless PASSWORD was drawn.
		if i == 0 && (n[0] == errorsx.NextStep || n[0] == errorsx.InvalidCredentials) && k[0] == want[0] {
			continue
		}
		if k[i] != want[i] || n[i] != want[i] {
			t.Errorf("step %d: known %v, unknown %v, want %v", i, k[i], n[i], want[i])
		}
	}
	l := u.auth(t, types.PreventUserExistenceErrorTypesLegacy)
	r, _ := l.SignInUserAuth(ctx, "nobody", srpauth.Prefer("EMAIL_OTP"))
	wantKind(t, "legacy unknown", r, errorsx.InvalidCredentials)
}

// docString is the JSON of an SDK document (webauthntest.DocumentJSON), failing t.
func docString(t *testing.T, d document.Interface) string {
	t.Helper()
	j, err := webauthntest.DocumentJSON(d)
	if err != nil {
		t.Fatal(err)
	}
	return j
}
