package accounts_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/examples/apptests/accounts"
	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/mockpool"
)

// clock is a test clock shared by the mock pool, the middleware and the service.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// env is one test's world: a mock pool whose every output is reproducible, the
// application's Cognito client (LEGACY app client + masking middleware, as in
// production) and the service under test.
type env struct {
	mp     *mockpool.Server
	pool   mockpool.PoolInfo
	clock  *clock
	svc    *accounts.Service
	cfg    accounts.Config
	client *cip.Client

	mu    sync.Mutex
	taken []string // addresses the middleware reported as taken at sign-up
}

const code = "424242" // every code the mock pool sends (WithFixedCode)

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{clock: &clock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}}
	secret := []byte("apptests: 32 bytes of test secret")
	e.mp = mockpool.New(
		mockpool.WithTestSigningKey(),                    // fixed RSA key: no key generation, stable kid
		mockpool.WithFixedCode(code),                     // or read any code from e.mp.Messages
		mockpool.WithClock(e.clock.Now),                  // code and token expiry under the test's control
		mockpool.WithRand(rand.NewChaCha8([32]byte{42})), // same subs, ids and tokens on every run
		mockpool.WithSecret(secret),
	)
	var err error
	e.pool, err = e.mp.CreatePool(ctx, mockpool.PoolConfig{
		UsernameAttributes: []string{"email"}, AutoVerifiedAttributes: []string{"email"},
		PreventUserExistenceErrors: "LEGACY", // what CreateUserPoolClient gives by default
	})
	if err != nil {
		t.Fatal(err)
	}
	e.client = e.mp.Client(middleware.WithMasking(
		middleware.WithSecret(secret),
		middleware.WithUserPool(e.pool.PoolID, "email"),
		middleware.WithUsernameAttributes("email"),
		middleware.WithNormalize(middleware.NormalizeCaseSensitive), // mockpool.CreatePool's pools are case sensitive
		middleware.WithSimulatedSignUp(func(_ context.Context, username string) {
			e.mu.Lock()
			e.taken = append(e.taken, username)
			e.mu.Unlock()
		}),
		middleware.WithClock(e.clock.Now),
		middleware.WithoutLatencyFloor(), // unit tests need no timing equalisation
	))
	jwks, ok := e.mp.JWKS(e.pool.PoolID)
	if !ok {
		t.Fatal("no JWKS")
	}
	e.cfg = accounts.Config{
		ClientID: e.pool.ClientID, Issuer: e.mp.Issuer(e.pool.PoolID), JWKS: jwks,
		AllowedDomains: []string{"example.com", "staff.example.com"}, Clock: e.clock.Now,
	}
	if e.svc, err = accounts.New(e.client, e.cfg); err != nil {
		t.Fatal(err)
	}
	return e
}

// messages returns what the mock pool "sent" to address.
func (e *env) messages(address string) []mockpool.Message {
	return e.mp.Messages(mockpool.MessageFilter{UserPoolID: e.pool.PoolID, Username: address})
}

func (e *env) register(t *testing.T, email, password string) {
	t.Helper()
	ctx := context.Background()
	if r := e.svc.Register(ctx, email, password); r.Kind != errorsx.CodeSent {
		t.Fatalf("Register: %v", r)
	}
	if r := e.svc.Confirm(ctx, email, code); r.Kind != errorsx.Done {
		t.Fatalf("Confirm: %v", r)
	}
}

func TestRegisterConfirmSignIn(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()

	r := e.svc.Register(ctx, " Alice@Example.com", "Corr3ct-horse")
	if r.Kind != errorsx.CodeSent || r.Delivery == nil || *r.Delivery != (errorsx.Delivery{Medium: "EMAIL", Destination: "a***@e***", AttributeName: "email"}) {
		t.Fatalf("Register: %v %+v", r, r.Delivery)
	}
	// The outbox holds what Cognito would have emailed, unmasked.
	msgs := e.messages("alice@example.com")
	if len(msgs) != 1 || msgs[0].Code != code || msgs[0].Purpose != "SignUp" || msgs[0].Destination != "alice@example.com" || !msgs[0].SentAt.Equal(e.clock.Now()) {
		t.Fatalf("outbox: %+v", msgs)
	}
	if r := e.svc.Confirm(ctx, "alice@example.com", msgs[0].Code); r.Kind != errorsx.Done {
		t.Fatalf("Confirm: %v", r)
	}

	// Group membership shows in the ID token's cognito:groups claim.
	admin := e.mp.Client()
	if _, err := admin.CreateGroup(ctx, &cip.CreateGroupInput{UserPoolId: aws.String(e.pool.PoolID), GroupName: aws.String("beta")}); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.AdminAddUserToGroup(ctx, &cip.AdminAddUserToGroupInput{UserPoolId: aws.String(e.pool.PoolID),
		Username: aws.String("alice@example.com"), GroupName: aws.String("beta")}); err != nil {
		t.Fatal(err)
	}

	u, r := e.svc.SignIn(ctx, "ALICE@example.com", "Corr3ct-horse")
	if r.Kind != errorsx.SignedIn || u == nil {
		t.Fatalf("SignIn: %v", r)
	}
	if u.Email != "alice@example.com" || !u.EmailVerified || u.Subject == "" || !slices.Equal(u.Groups, []string{"beta"}) ||
		!u.ExpiresAt.Equal(e.clock.Now().Add(time.Hour)) {
		t.Errorf("user %+v", u)
	}
}

// The business rule runs before Cognito is called: nothing is sent, nothing is made.
func TestRegisterDomainRule(t *testing.T) {
	e := newEnv(t)
	for _, email := range []string{"eve@evil.test", "eve@sub.example.com", "no-at-sign", ""} {
		r := e.svc.Register(context.Background(), email, "Corr3ct-horse")
		if r.Kind != errorsx.InvalidInput || !errors.Is(r.Cause, accounts.ErrDomainNotAllowed) {
			t.Errorf("%q: %v (%v)", email, r, r.Cause)
		}
	}
	if n := len(e.mp.Messages()); n != 0 {
		t.Errorf("%d messages sent", n)
	}
	users, err := e.mp.Client().ListUsers(context.Background(), &cip.ListUsersInput{UserPoolId: aws.String(e.pool.PoolID)})
	if err != nil || len(users.Users) != 0 {
		t.Errorf("users %v %v", users, err)
	}
}

// A sign-up for a taken address reads as a new one (WithSimulatedSignUp), sends no
// code, and tells the application, which would warn the owner.
func TestRegisterTakenAddress(t *testing.T) {
	e := newEnv(t)
	e.register(t, "alice@example.com", "Corr3ct-horse")
	fresh := e.svc.Register(context.Background(), "bob@example.com", "Corr3ct-horse")
	taken := e.svc.Register(context.Background(), "alice@example.com", "Other-passw0rd")
	if taken.Kind != fresh.Kind || taken.Message != fresh.Message || taken.HTTPStatus != fresh.HTTPStatus ||
		taken.Delivery == nil || taken.Delivery.Medium != fresh.Delivery.Medium || taken.Delivery.AttributeName != fresh.Delivery.AttributeName {
		t.Errorf("taken %v %+v, fresh %v %+v", taken, taken.Delivery, fresh, fresh.Delivery)
	}
	if n := len(e.messages("alice@example.com")); n != 1 {
		t.Errorf("%d messages to alice, want 1 (the first sign-up's)", n)
	}
	if !slices.Equal(e.taken, []string{"alice@example.com"}) {
		t.Errorf("taken hook: %q", e.taken)
	}
}

// On a LEGACY client Cognito says UserNotFoundException for an unknown address; the
// middleware makes it the same as a wrong password, down to the SDK error type.
func TestSignInMasked(t *testing.T) {
	e := newEnv(t)
	e.register(t, "alice@example.com", "Corr3ct-horse")
	_, wrong := e.svc.SignIn(context.Background(), "alice@example.com", "Wr0ng-horse")
	_, unknown := e.svc.SignIn(context.Background(), "nobody@example.com", "Corr3ct-horse")
	for _, r := range []errorsx.Result{wrong, unknown} {
		var nf *types.UserNotFoundException
		var na *types.NotAuthorizedException
		if r.Kind != errorsx.InvalidCredentials || r.Message.Key != "auth.invalid_credentials" || r.HTTPStatus != 400 ||
			errors.As(r.Cause, &nf) || !errors.As(r.Cause, &na) || na.ErrorMessage() != "Incorrect username or password." {
			t.Errorf("%v (%v)", r, r.Cause)
		}
	}
}

// WithClock drives expiry: a sign-up code lasts 24 hours, an ID token one hour.
func TestExpiry(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.svc.Register(ctx, "carol@example.com", "Corr3ct-horse")
	e.clock.Advance(24*time.Hour + time.Second)
	// Cognito answers ExpiredCodeException; the app shows InvalidCode ("... or request a
	// new one"), as for an unknown user, so the answer tells nobody the account exists.
	var expired *types.ExpiredCodeException
	if r := e.svc.Confirm(ctx, "carol@example.com", code); r.Kind != errorsx.InvalidCode || !errors.As(r.Cause, &expired) {
		t.Fatalf("Confirm a day later: %v (%v)", r, r.Cause)
	}

	e.register(t, "alice@example.com", "Corr3ct-horse")
	_, r := e.svc.SignIn(ctx, "alice@example.com", "Corr3ct-horse")
	if r.Kind != errorsx.SignedIn {
		t.Fatal(r)
	}
	if _, err := e.svc.VerifyIDToken(r.Tokens.IDToken); err != nil {
		t.Fatalf("fresh token: %v", err)
	}
	e.clock.Advance(time.Hour + time.Second)
	if _, err := e.svc.VerifyIDToken(r.Tokens.IDToken); err == nil || !strings.Contains(err.Error(), "expired") {
		t.Errorf("token an hour later: %v", err)
	}
}

func TestVerifyIDTokenRejects(t *testing.T) {
	e := newEnv(t)
	e.register(t, "alice@example.com", "Corr3ct-horse")
	_, r := e.svc.SignIn(context.Background(), "alice@example.com", "Corr3ct-horse")
	if r.Kind != errorsx.SignedIn {
		t.Fatal(r)
	}
	other := func(f func(*accounts.Config)) *accounts.Service {
		cfg := e.cfg
		f(&cfg)
		s, err := accounts.New(e.client, cfg)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	id, access := r.Tokens.IDToken, r.Tokens.AccessToken
	parts := strings.Split(id, ".")
	tampered := parts[0] + "." + parts[1] + "x." + parts[2]
	for _, tc := range []struct {
		name  string
		svc   *accounts.Service
		token string
	}{
		{"another app client", other(func(c *accounts.Config) { c.ClientID = "someone-else" }), id},
		{"another issuer", other(func(c *accounts.Config) { c.Issuer = "https://example.com/pool" }), id},
		{"no keys", other(func(c *accounts.Config) { c.JWKS = []byte(`{"keys":[]}`) }), id},
		{"an access token", e.svc, access},
		{"tampered", e.svc, tampered},
		{"garbage", e.svc, "not.a.token"},
	} {
		if _, err := tc.svc.VerifyIDToken(tc.token); err == nil {
			t.Errorf("%s: accepted", tc.name)
		}
	}
}

// With a fixed key, clock and randomness, the mock pool's outputs are the same on
// every run: the same subject, even the same signed tokens.
func TestDeterministic(t *testing.T) {
	var subs, tokens []string
	for range 2 {
		e := newEnv(t)
		e.register(t, "alice@example.com", "Corr3ct-horse")
		u, r := e.svc.SignIn(context.Background(), "alice@example.com", "Corr3ct-horse")
		if r.Kind != errorsx.SignedIn {
			t.Fatal(r)
		}
		subs, tokens = append(subs, u.Subject), append(tokens, r.Tokens.IDToken)
	}
	if subs[0] != subs[1] || tokens[0] != tokens[1] {
		t.Errorf("runs differ: %q, tokens equal %v", subs, tokens[0] == tokens[1])
	}
}

// The triggers are plain functions on aws-lambda-go's event types: test them like any
// other function first.
func TestTriggerFunctions(t *testing.T) {
	trigger := accounts.PreSignUp{AllowedDomains: []string{"example.com", "staff.example.com"}, StaffDomain: "staff.example.com"}
	for _, tc := range []struct {
		email            string
		wantErr, confirm bool
	}{
		{"alice@example.com", false, false},
		{"Bob@Staff.Example.com", false, true},
		{"eve@evil.test", true, false},
		{"", true, false},
	} {
		var ev events.CognitoEventUserPoolsPreSignup
		ev.TriggerSource = "PreSignUp_SignUp"
		ev.Request.UserAttributes = map[string]string{"email": tc.email}
		out, err := trigger.Handle(context.Background(), ev)
		if (err != nil) != tc.wantErr || out.Response.AutoConfirmUser != tc.confirm || out.Response.AutoVerifyEmail != tc.confirm {
			t.Errorf("%q: %+v %v", tc.email, out.Response, err)
		}
	}

	claims := accounts.TokenClaims{StaffDomain: "staff.example.com"}
	for email, role := range map[string]string{"bob@STAFF.example.com": "staff", "alice@example.com": "member", "": "member"} {
		var ev events.CognitoEventUserPoolsPreTokenGen
		ev.Request.UserAttributes = map[string]string{"email": email}
		out, err := claims.Handle(context.Background(), ev)
		if err != nil || out.Response.ClaimsOverrideDetails.ClaimsToAddOrOverride[accounts.RoleClaim] != role {
			t.Errorf("%q: %+v %v", email, out.Response, err)
		}
	}
}

// The same trigger functions, attached to the mock pool exactly as they would be
// deployed to Lambda: Cognito itself refuses a sign-up from another client that
// bypasses the service, confirms staff at once, and every ID token carries app_role.
func TestTriggersThroughMockpool(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if err := e.mp.SetTriggers(e.pool.PoolID, mockpool.Triggers{
		PreSignUp:          accounts.PreSignUp{AllowedDomains: e.cfg.AllowedDomains, StaffDomain: "staff.example.com"}.Handle,
		PreTokenGeneration: accounts.TokenClaims{StaffDomain: "staff.example.com"}.Handle,
	}); err != nil {
		t.Fatal(err)
	}

	// Another client of the pool, without the service's rule: the trigger refuses.
	out, err := e.client.SignUp(ctx, &cip.SignUpInput{ClientId: aws.String(e.pool.ClientID), Username: aws.String("eve@evil.test"),
		Password: aws.String("Corr3ct-horse"), UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String("eve@evil.test")}}})
	r := errorsx.Classify("SignUp", out, err)
	var refused *types.UserLambdaValidationException
	if r.Kind != errorsx.InvalidInput || !errors.As(err, &refused) || refused.ErrorMessage() != "PreSignUp failed with error email domain not allowed." {
		t.Fatalf("refused sign-up: %v (%v)", r, err)
	}

	// Staff: confirmed and verified by the trigger, no code sent, role in the token.
	if r := e.svc.Register(ctx, "bob@staff.example.com", "Corr3ct-horse"); !r.Success() || r.Delivery != nil {
		t.Fatalf("staff Register: %v", r)
	}
	if n := len(e.messages("bob@staff.example.com")); n != 0 {
		t.Errorf("%d messages to a staff member", n)
	}
	bob, r := e.svc.SignIn(ctx, "bob@staff.example.com", "Corr3ct-horse")
	if r.Kind != errorsx.SignedIn || bob.Role != "staff" || !bob.EmailVerified {
		t.Fatalf("staff SignIn: %v %+v", r, bob)
	}

	// Everyone else confirms with the emailed code and is a member.
	e.register(t, "alice@example.com", "Corr3ct-horse")
	alice, r := e.svc.SignIn(ctx, "alice@example.com", "Corr3ct-horse")
	if r.Kind != errorsx.SignedIn || alice.Role != "member" {
		t.Fatalf("member SignIn: %v %+v", r, alice)
	}
}
