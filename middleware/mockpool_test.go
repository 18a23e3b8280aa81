package middleware_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/mockpool"
	"github.com/maskedauth/maskedauth/srpauth"
)

const goodPW = "Passw0rd!"

// pool is a mock pool with a LEGACY and an ENABLED app client, and three SDK
// clients: admin (plain), masked (LEGACY client id, with the middleware) and
// enabled (ENABLED client id, plain).
type pool struct {
	t                *testing.T
	s                *mockpool.Server
	admin            *cip.Client
	masked           *cip.Client
	enabled          *cip.Client
	id               string
	legacyID, enabID string
}

func newPool(t *testing.T, mwOpts ...middleware.Option) *pool {
	t.Helper()
	// A seeded source: pools built alike get the same pool and client ids.
	s := mockpool.New(mockpool.WithSecret(testSecret), mockpool.WithTestSigningKey(), mockpool.WithFixedCode("123456"),
		mockpool.WithClock(frozen), mockpool.WithRand(rand.NewChaCha8([32]byte{1})))
	p := &pool{t: t, s: s, admin: s.Client()}
	out, err := p.admin.CreateUserPool(bg, &cip.CreateUserPoolInput{PoolName: aws.String("pool"),
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail}})
	if err != nil {
		t.Fatal(err)
	}
	p.id = aws.ToString(out.UserPool.Id)
	p.legacyID = p.appClient("legacy", types.PreventUserExistenceErrorTypesLegacy)
	p.enabID = p.appClient("enabled", types.PreventUserExistenceErrorTypesEnabled)
	// ForPool reads the pool's facts (case sensitive, auto-verified email).
	m, err := middleware.ForPool(bg, p.admin, p.id, append([]middleware.Option{middleware.WithSecret(testSecret), testFloor}, mwOpts...)...)
	if err != nil {
		t.Fatal(err)
	}
	p.masked = s.Client(m.ClientOption())
	p.enabled = s.Client()
	return p
}

func (p *pool) appClient(name string, mode types.PreventUserExistenceErrorTypes) string {
	p.t.Helper()
	out, err := p.admin.CreateUserPoolClient(bg, &cip.CreateUserPoolClientInput{UserPoolId: aws.String(p.id), ClientName: aws.String(name),
		PreventUserExistenceErrors: mode, ExplicitAuthFlows: []types.ExplicitAuthFlowsType{
			types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowAdminUserPasswordAuth,
			types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}})
	if err != nil {
		p.t.Fatal(err)
	}
	return aws.ToString(out.UserPoolClient.ClientId)
}

func (p *pool) must(err error) {
	p.t.Helper()
	if err != nil {
		p.t.Fatal(err)
	}
}

// confirmed creates a CONFIRMED user, with a verified email when email is set.
func (p *pool) confirmed(username, email string) {
	p.t.Helper()
	var attrs []types.AttributeType
	if email != "" {
		attrs = []types.AttributeType{{Name: aws.String("email"), Value: aws.String(email)}, {Name: aws.String("email_verified"), Value: aws.String("true")}}
	}
	_, err := p.admin.AdminCreateUser(bg, &cip.AdminCreateUserInput{UserPoolId: aws.String(p.id), Username: aws.String(username),
		UserAttributes: attrs, MessageAction: types.MessageActionTypeSuppress})
	p.must(err)
	_, err = p.admin.AdminSetUserPassword(bg, &cip.AdminSetUserPasswordInput{UserPoolId: aws.String(p.id), Username: aws.String(username),
		Password: aws.String(goodPW), Permanent: true})
	p.must(err)
}

// users sets up one user per state the masked rows need.
func (p *pool) users() {
	p.t.Helper()
	p.confirmed("alice", "alice@example.com")
	p.confirmed("dora", "dora@example.com")
	_, err := p.admin.AdminDisableUser(bg, &cip.AdminDisableUserInput{UserPoolId: aws.String(p.id), Username: aws.String("dora")})
	p.must(err)
	p.confirmed("rita", "rita@example.com")
	_, err = p.admin.AdminResetUserPassword(bg, &cip.AdminResetUserPasswordInput{UserPoolId: aws.String(p.id), Username: aws.String("rita")})
	p.must(err)
	p.confirmed("nova", "") // no verified email or phone
	_, err = p.admin.AdminCreateUser(bg, &cip.AdminCreateUserInput{UserPoolId: aws.String(p.id), Username: aws.String("fran"),
		TemporaryPassword: aws.String("Temp0rary!"), MessageAction: types.MessageActionTypeSuppress}) // FORCE_CHANGE_PASSWORD
	p.must(err)
	_, err = p.admin.SignUp(bg, &cip.SignUpInput{ClientId: aws.String(p.legacyID), Username: aws.String("una"), Password: aws.String(goodPW),
		UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String("una@example.com")}}})
	p.must(err)
}

// reply is one answer, reduced to what ENABLED and the masked LEGACY client must
// share.
type reply struct {
	code, msg string
	status    int
	kind      errorsx.Kind
	key       string
	delivery  *errorsx.Delivery
	challenge string
	params    map[string]int // challenge parameter name -> value length
	salt, uid string
	headers   string // error headers and length of the response shell
}

func replyOf(t *testing.T, out any, meta func() (errorsx.Result, bool), err error) reply {
	t.Helper()
	if err != nil {
		var ae smithy.APIError
		if !errors.As(err, &ae) {
			t.Fatalf("no API error in %v", err)
		}
		var re *awshttp.ResponseError
		if !errors.As(err, &re) {
			t.Fatalf("no response shell in %v", err)
		}
		r := errorsx.Classify("", nil, err)
		if fr, ok := errorsx.From(err); ok {
			r = fr
		}
		h := re.Response.Header
		headers := fmt.Sprintf("type=%q message=%q content-type=%q length=%d", h.Get("X-Amzn-Errortype"), h.Get("X-Amzn-Errormessage"),
			h.Get("Content-Type"), re.Response.ContentLength)
		return reply{code: ae.ErrorCode(), msg: ae.ErrorMessage(), status: re.HTTPStatusCode(), kind: r.Kind, key: r.Message.Key, headers: headers}
	}
	r, ok := meta()
	if !ok {
		r = errorsx.Classify(operationName(out), out, nil)
	}
	rep := reply{status: 200, kind: r.Kind, key: r.Message.Key, delivery: r.Delivery}
	if r.Challenge != nil {
		rep.challenge = r.Challenge.Name
		rep.params = map[string]int{}
		for k, v := range r.Challenge.Parameters {
			rep.params[k] = len(v)
		}
		// SRP_B is a number in hex: a leading zero digit may be missing.
		if n, ok := rep.params["SRP_B"]; ok && n >= 766 {
			rep.params["SRP_B"] = 768
		}
		rep.salt, rep.uid = r.Challenge.Parameters["SALT"], r.Challenge.Parameters["USER_ID_FOR_SRP"]
	}
	return rep
}

func operationName(out any) string {
	switch out.(type) {
	case *cip.InitiateAuthOutput:
		return "InitiateAuth"
	case *cip.AdminInitiateAuthOutput:
		return "AdminInitiateAuth"
	case *cip.ForgotPasswordOutput:
		return "ForgotPassword"
	case *cip.ResendConfirmationCodeOutput:
		return "ResendConfirmationCode"
	}
	return ""
}

// caller makes one call with client c as the app client clientID.
type caller func(p *pool, c *cip.Client, clientID string) (any, func() (errorsx.Result, bool), error)

func initiate(flow types.AuthFlowType, user, pw string) caller {
	return func(p *pool, c *cip.Client, clientID string) (any, func() (errorsx.Result, bool), error) {
		params := map[string]string{"USERNAME": user, "PASSWORD": pw}
		if flow == types.AuthFlowTypeUserSrpAuth {
			params = map[string]string{"USERNAME": user, "SRP_A": validSRPA}
		}
		out, err := c.InitiateAuth(bg, &cip.InitiateAuthInput{ClientId: aws.String(clientID), AuthFlow: flow, AuthParameters: params})
		return out, func() (errorsx.Result, bool) { return errorsx.Result{}, false }, err
	}
}

func adminInitiate(user, pw string) caller {
	return func(p *pool, c *cip.Client, clientID string) (any, func() (errorsx.Result, bool), error) {
		out, err := c.AdminInitiateAuth(bg, &cip.AdminInitiateAuthInput{UserPoolId: aws.String(p.id), ClientId: aws.String(clientID),
			AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth, AuthParameters: map[string]string{"USERNAME": user, "PASSWORD": pw}})
		return out, func() (errorsx.Result, bool) { return errorsx.Result{}, false }, err
	}
}

func forgot(user string) caller {
	return func(p *pool, c *cip.Client, clientID string) (any, func() (errorsx.Result, bool), error) {
		out, err := c.ForgotPassword(bg, &cip.ForgotPasswordInput{ClientId: aws.String(clientID), Username: aws.String(user)})
		return out, func() (errorsx.Result, bool) { return errorsx.Result{}, false }, err
	}
}

func resend(user string) caller {
	return func(p *pool, c *cip.Client, clientID string) (any, func() (errorsx.Result, bool), error) {
		out, err := c.ResendConfirmationCode(bg, &cip.ResendConfirmationCodeInput{ClientId: aws.String(clientID), Username: aws.String(user)})
		return out, func() (errorsx.Result, bool) { return errorsx.Result{}, false }, err
	}
}

func confirmSignUp(user string) caller {
	return func(p *pool, c *cip.Client, clientID string) (any, func() (errorsx.Result, bool), error) {
		out, err := c.ConfirmSignUp(bg, &cip.ConfirmSignUpInput{ClientId: aws.String(clientID), Username: aws.String(user), ConfirmationCode: aws.String("654321")})
		return out, func() (errorsx.Result, bool) { return errorsx.Result{}, false }, err
	}
}

func confirmForgot(user string) caller {
	return func(p *pool, c *cip.Client, clientID string) (any, func() (errorsx.Result, bool), error) {
		out, err := c.ConfirmForgotPassword(bg, &cip.ConfirmForgotPasswordInput{ClientId: aws.String(clientID), Username: aws.String(user),
			ConfirmationCode: aws.String("654321"), Password: aws.String("N3w!Passw0rd")})
		return out, func() (errorsx.Result, bool) { return errorsx.Result{}, false }, err
	}
}

// srpSignIn signs in with srpauth (USER_SRP_AUTH, then PASSWORD_VERIFIER).
func srpSignIn(user, pw string) caller {
	return func(p *pool, c *cip.Client, clientID string) (any, func() (errorsx.Result, bool), error) {
		a, err := srpauth.New(c, srpauth.Config{UserPoolID: p.id, ClientID: clientID}, srpauth.WithClock(frozen))
		if err != nil {
			p.t.Fatal(err)
		}
		r, err := a.SignIn(bg, user, pw)
		return nil, func() (errorsx.Result, bool) { return r, true }, err
	}
}

func frozen() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }

// validSRPA is g^a for a fixed a: a valid SRP_A.
var validSRPA = "2" // g^1; the mock checks A mod N != 0 only

// TestEnabledEmulation: for every masked row of docs/spec/masked-behaviour.md, a LEGACY
// app client with the middleware answers exactly as an ENABLED one without it.
func TestEnabledEmulation(t *testing.T) {
	rows := []struct {
		name string
		call caller
		// legacyDiffers: the row is masked (LEGACY alone answers otherwise).
		legacyDiffers bool
		opts          []middleware.Option
	}{
		{"InitiateAuth unknown user", initiate(types.AuthFlowTypeUserPasswordAuth, "ghost", goodPW), true, nil},
		{"InitiateAuth reset required", initiate(types.AuthFlowTypeUserPasswordAuth, "rita", goodPW), true, nil},
		{"AdminInitiateAuth unknown user", adminInitiate("ghost", goodPW), true, nil},
		{"AdminInitiateAuth reset required", adminInitiate("rita", goodPW), true, nil},
		{"USER_SRP_AUTH unknown user", initiate(types.AuthFlowTypeUserSrpAuth, "ghost", ""), true, nil},
		{"USER_SRP_AUTH unknown email", initiate(types.AuthFlowTypeUserSrpAuth, "ghost@example.com", ""), true, nil},
		{"ConfirmSignUp unknown user", confirmSignUp("ghost"), true, nil},
		{"ResendConfirmationCode unknown user", resend("ghost"), true, nil},
		{"ResendConfirmationCode unknown email", resend("ghost@example.com"), true, nil},
		{"ResendConfirmationCode disabled", resend("dora"), true, nil},
		{"ResendConfirmationCode already confirmed", resend("alice"), true, nil},
		{"ForgotPassword unknown user", forgot("ghost"), true, nil},
		{"ForgotPassword unknown phone", forgot("+12065550100"), true, nil},
		{"ForgotPassword disabled", forgot("dora"), true, nil},
		{"ForgotPassword no verified attribute", forgot("nova"), true, nil},
		{"ForgotPassword unconfirmed", forgot("una"), true, nil},
		{"ForgotPassword force change password", forgot("fran"), true, nil},
		{"ConfirmForgotPassword unknown user", confirmForgot("ghost"), true, nil},
		{"ConfirmForgotPassword disabled", confirmForgot("dora"), true, nil},
		// No code pending: LEGACY says ExpiredCodeException, ENABLED a counted wrong code.
		{"ConfirmForgotPassword no code requested", confirmForgot("alice"), true, nil},
		{"disabled, wrong password (WithGenericDisabled)", initiate(types.AuthFlowTypeUserPasswordAuth, "dora", "Wr0ng!pass"), true,
			[]middleware.Option{middleware.WithGenericDisabled()}},
		{"SRP sign-in unknown user", srpSignIn("ghost", goodPW), true, nil},
		{"SRP sign-in reset required", srpSignIn("rita", goodPW), true, nil},
		{"SRP disabled, wrong password (WithGenericDisabled)", srpSignIn("dora", "Wr0ng!pass"), true,
			[]middleware.Option{middleware.WithGenericDisabled()}},
		// Rows Cognito does not mask: the middleware must leave them alone.
		{"SRP right password", srpSignIn("alice", goodPW), false, nil},
		{"SRP wrong password", srpSignIn("alice", "Wr0ng!pass"), false, nil},
		{"SRP disabled, right password", srpSignIn("dora", goodPW), false, nil},
		{"SRP unconfirmed", srpSignIn("una", goodPW), false, nil},
		{"right password", initiate(types.AuthFlowTypeUserPasswordAuth, "alice", goodPW), false, nil},
		{"wrong password", initiate(types.AuthFlowTypeUserPasswordAuth, "alice", "Wr0ng!pass"), false, nil},
		{"disabled, right password", initiate(types.AuthFlowTypeUserPasswordAuth, "dora", goodPW), false, nil},
		{"unconfirmed", initiate(types.AuthFlowTypeUserPasswordAuth, "una", goodPW), false, nil},
		{"ForgotPassword real user", forgot("alice"), false, nil},
		{"ResendConfirmationCode real", resend("una"), false, nil},
		{"ConfirmSignUp wrong code", confirmSignUp("una"), false, nil},
		{"USER_SRP_AUTH real user", initiate(types.AuthFlowTypeUserSrpAuth, "alice", ""), false, nil},
	}
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			// Fresh pools: the calls change state (codes, counters).
			pe := newPool(t, row.opts...)
			pe.users()
			out, meta, err := row.call(pe, pe.enabled, pe.enabID)
			want := replyOf(t, out, meta, err)

			pm := newPool(t, row.opts...)
			pm.users()
			out, meta, err = row.call(pm, pm.masked, pm.legacyID)
			got := replyOf(t, out, meta, err)
			if !sameReply(want, got, row.name) {
				t.Errorf("LEGACY + middleware = %+v\nENABLED               = %+v", got, want)
			}
			if got.delivery != nil && want.delivery != nil && *got.delivery != *want.delivery {
				t.Errorf("delivery %+v, want %+v", *got.delivery, *want.delivery)
			}

			pl := newPool(t, row.opts...)
			pl.users()
			out, meta, err = row.call(pl, pl.admin, pl.legacyID)
			legacy := replyOf(t, out, meta, err)
			if differs := !sameReply(want, legacy, ""); differs != row.legacyDiffers {
				t.Errorf("plain LEGACY differs from ENABLED: %v, want %v (%+v)", differs, row.legacyDiffers, legacy)
			}
		})
	}
}

func sameReply(a, b reply, _ string) bool {
	if a.code != b.code || a.msg != b.msg || a.status != b.status || a.kind != b.kind || a.key != b.key || a.challenge != b.challenge ||
		a.headers != b.headers {
		return false
	}
	if (a.delivery == nil) != (b.delivery == nil) || a.delivery != nil && *a.delivery != *b.delivery {
		return false
	}
	if len(a.params) != len(b.params) {
		return false
	}
	for k, n := range a.params {
		if m, ok := b.params[k]; !ok || m != n {
			return false
		}
	}
	return a.salt == b.salt && a.uid == b.uid
}

// TestSRPShortCircuitMockpool: the simulated challenge's answer fails like ENABLED's,
// and Cognito never sees it.
func TestSRPShortCircuitMockpool(t *testing.T) {
	p := newPool(t)
	p.users()
	answer := func(c *cip.Client, clientID string) error {
		out, err := c.InitiateAuth(bg, &cip.InitiateAuthInput{ClientId: aws.String(clientID), AuthFlow: types.AuthFlowTypeUserSrpAuth,
			AuthParameters: map[string]string{"USERNAME": "ghost", "SRP_A": validSRPA}})
		if err != nil {
			t.Fatal(err)
		}
		cp := out.ChallengeParameters
		_, err = c.RespondToAuthChallenge(bg, &cip.RespondToAuthChallengeInput{ClientId: aws.String(clientID),
			ChallengeName: types.ChallengeNameTypePasswordVerifier, ChallengeResponses: map[string]string{
				"USERNAME": cp["USERNAME"], "PASSWORD_CLAIM_SECRET_BLOCK": cp["SECRET_BLOCK"],
				"TIMESTAMP": "Fri Jan 2 03:04:05 UTC 2026", "PASSWORD_CLAIM_SIGNATURE": "bm90IGEgc2lnbmF0dXJl"}})
		return err
	}
	errEnabled := answer(p.enabled, p.enabID)
	errMasked := answer(p.masked, p.legacyID)
	apiError(t, errEnabled, "NotAuthorizedException", middleware.MsgIncorrect)
	apiError(t, errMasked, "NotAuthorizedException", middleware.MsgIncorrect)
	re, _ := errorsx.From(errEnabled)
	if re.Kind == 0 {
		re = errorsx.Classify("RespondToAuthChallenge", nil, errEnabled)
	}
	rm, _ := errorsx.From(errMasked)
	if re.Kind != rm.Kind || re.Message != rm.Message {
		t.Errorf("Results differ: %v vs %v", rm, re)
	}
}

// TestSignUpPolicyMockpool: with the policy, SignUp for a taken username answers
// like a new sign-up of the same shape.
func TestSignUpPolicyMockpool(t *testing.T) {
	var notified []string
	p := newPool(t, middleware.WithSimulatedSignUp(func(_ context.Context, u string) { notified = append(notified, u) }))
	p.users()
	in := func(user, email string) *cip.SignUpInput {
		return &cip.SignUpInput{ClientId: aws.String(p.legacyID), Username: aws.String(user), Password: aws.String(goodPW),
			UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String(email)}}}
	}
	real, err := p.masked.SignUp(bg, in("newbie", "bob@example.com"))
	p.must(err)
	fake, err := p.masked.SignUp(bg, in("alice", "bob@example.com"))
	p.must(err)
	rr := errorsx.Classify("SignUp", real, nil)
	rf := errorsx.Classify("SignUp", fake, nil)
	if rr.Kind != rf.Kind || rr.Message != rf.Message || *rr.Delivery != *rf.Delivery || real.UserConfirmed != fake.UserConfirmed ||
		len(aws.ToString(real.UserSub)) != len(aws.ToString(fake.UserSub)) || (real.Session == nil) != (fake.Session == nil) {
		t.Errorf("simulated sign-up %+v %v differs from a real one %+v %v", fake, rf, real, rr)
	}
	if !slices.Equal(notified, []string{"alice"}) {
		t.Errorf("notified %v", notified)
	}
}

// TestCounterEmulation: the limits ENABLED applies to unknown users alike.
func TestCounterEmulation(t *testing.T) {
	tests := []struct {
		name  string
		calls []caller
		last  string // the message the last call must get from ENABLED
	}{
		{"ConfirmForgotPassword wrong codes, unknown user", slices.Repeat([]caller{confirmForgot("ghost")}, 6), middleware.MsgLimitExceeded},
		{"ConfirmForgotPassword wrong codes, disabled user", slices.Repeat([]caller{confirmForgot("dora")}, 6), middleware.MsgLimitExceeded},
		{"sign-in failures, reset-required user", slices.Repeat([]caller{initiate(types.AuthFlowTypeUserPasswordAuth, "rita", "Wr0ng!pass")}, 6),
			middleware.MsgAttemptsExceeded},
		{"sign-in failures, admin, unknown user", slices.Repeat([]caller{adminInitiate("ghost", "Wr0ng!pass")}, 6), middleware.MsgAttemptsExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pe := newPool(t)
			pe.users()
			pm := newPool(t, middleware.WithClock(frozen))
			pm.users()
			var last reply
			for i, call := range tt.calls {
				o, meta, err := call(pe, pe.enabled, pe.enabID)
				want := replyOf(t, o, meta, err)
				o, meta, err = call(pm, pm.masked, pm.legacyID)
				got := replyOf(t, o, meta, err)
				if !sameReply(want, got, "") {
					t.Fatalf("call %d: LEGACY + middleware %+v, ENABLED %+v", i+1, got, want)
				}
				last = want
			}
			if last.msg != tt.last {
				t.Errorf("ENABLED's last answer %+v, want %q", last, tt.last)
			}
		})
	}
}

// TestLockoutEmulation: under ENABLED, failures of unknown usernames count toward the
// lockout like those of real ones; a LEGACY pool never counts them, so the middleware
// does. The password and SRP flows share the counter.
func TestLockoutEmulation(t *testing.T) {
	seq := func(p *pool, c *cip.Client, clientID string) []reply {
		var out []reply
		for range 6 {
			o, meta, err := initiate(types.AuthFlowTypeUserPasswordAuth, "ghost", "Wr0ng!pass")(p, c, clientID)
			out = append(out, replyOf(t, o, meta, err))
		}
		// The SRP flow of the same name is locked out too.
		o, err := c.InitiateAuth(bg, &cip.InitiateAuthInput{ClientId: aws.String(clientID), AuthFlow: types.AuthFlowTypeUserSrpAuth,
			AuthParameters: map[string]string{"USERNAME": "ghost", "SRP_A": validSRPA}})
		if err != nil {
			t.Fatal(err)
		}
		cp := o.ChallengeParameters
		ro, err := c.RespondToAuthChallenge(bg, &cip.RespondToAuthChallengeInput{ClientId: aws.String(clientID),
			ChallengeName: types.ChallengeNameTypePasswordVerifier, ChallengeResponses: map[string]string{
				"USERNAME": cp["USERNAME"], "PASSWORD_CLAIM_SECRET_BLOCK": cp["SECRET_BLOCK"],
				"TIMESTAMP": "Fri Jan 2 03:04:05 UTC 2026", "PASSWORD_CLAIM_SIGNATURE": "bm90IGEgc2lnbmF0dXJl"}})
		return append(out, replyOf(t, ro, func() (errorsx.Result, bool) { return errorsx.Result{}, false }, err))
	}
	pe := newPool(t)
	want := seq(pe, pe.enabled, pe.enabID)
	pm := newPool(t, middleware.WithClock(frozen))
	got := seq(pm, pm.masked, pm.legacyID)
	for i := range want {
		if !sameReply(want[i], got[i], "") {
			t.Errorf("call %d: LEGACY + middleware %+v, ENABLED %+v", i+1, got[i], want[i])
		}
	}
	if want[5].msg != middleware.MsgAttemptsExceeded || want[6].msg != middleware.MsgAttemptsExceeded {
		t.Errorf("the mock pool did not lock out: %+v", want)
	}
}
