package middleware_test

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"
	smithymiddleware "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/internal/cognito"
	lk "github.com/maskedauth/maskedauth/internal/lockout"
	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/srpauth"
)

// uaRig is a LEGACY client with the middleware on the scripted USER_AUTH
// Cognito, on a fake clock that only the transport's delay and the latency
// floor's Sleep move.
type uaRig struct {
	t     testing.TB
	clock *fakeTime
	cog   *uaCognito
	c     *cip.Client
	delay atomic.Int64 // per Cognito answer
}

func uaFactors() middleware.SignInFactors {
	return middleware.SignInFactors{AllowedFirstAuthFactors: cognito.FirstFactors(), EmailOTP: true, SMSOTP: true,
		RelyingPartyID: uaRPID, UserVerification: "preferred"}
}

func newUARig(t testing.TB, extra ...middleware.Option) *uaRig {
	r := &uaRig{t: t, clock: &fakeTime{now: time.Unix(1_700_000_000, 0)}}
	r.cog = newUACognito(r.clock.Now)
	transport := httpClientFunc(func(req *http.Request) (*http.Response, error) {
		r.clock.advance(time.Duration(r.delay.Load()))
		return r.cog.Do(req)
	})
	opts := append([]middleware.Option{middleware.WithSecret(testSecret), middleware.WithUserPool(testPool, "email"),
		middleware.WithNormalize(middleware.NormalizeCaseInsensitive), middleware.WithAliasAttributes("email"),
		middleware.WithSignInFactors(uaFactors()), middleware.WithClock(r.clock.Now), middleware.WithSleep(r.clock.Sleep),
		testFloor}, extra...)
	r.c = fakeClient(nil, func(o *cip.Options) { o.HTTPClient = transport }, middleware.WithMasking(opts...))
	return r
}

func (r *uaRig) holds() int {
	r.clock.mu.Lock()
	defer r.clock.mu.Unlock()
	return len(r.clock.slept)
}

// uaOut is what one call returned.
type uaOut struct {
	challenge string
	params    map[string]string
	avail     []string
	session   string
	err       error
	header    http.Header
	length    int64
}

// uaStep is one call of an attacker's script: at InitiateAuth (respond ""), or
// a RespondToAuthChallenge of the challenge respond with the Session of the
// previous answer (session overrides it when set).
type uaStep struct {
	admin     bool
	pref      string
	respond   string
	responses func(prev uaOut) map[string]string
	session   func(prev uaOut) string
	user      string // overrides the script's name
	clientID  string // overrides testClient
}

func (r *uaRig) do(user string, s uaStep, prev uaOut) uaOut {
	if s.user != "" {
		user = s.user
	}
	client := testClient
	if s.clientID != "" {
		client = s.clientID
	}
	var resp map[string]string
	if s.responses != nil {
		resp = s.responses(prev)
	}
	if s.respond == "" {
		params := map[string]string{"USERNAME": user}
		if s.pref != "" {
			params[cognito.ParamPreferredChallenge] = s.pref
		}
		for k, v := range resp {
			params[k] = v
		}
		if s.admin {
			o, err := r.c.AdminInitiateAuth(bg, &cip.AdminInitiateAuthInput{ClientId: aws.String(client), UserPoolId: aws.String(testPool),
				AuthFlow: types.AuthFlowTypeUserAuth, AuthParameters: params})
			if err != nil {
				return uaOut{err: err}
			}
			return withRaw(uaOut{challenge: string(o.ChallengeName), params: o.ChallengeParameters, avail: availOf(o.AvailableChallenges), session: aws.ToString(o.Session)}, o.ResultMetadata)
		}
		o, err := r.c.InitiateAuth(bg, &cip.InitiateAuthInput{ClientId: aws.String(client), AuthFlow: types.AuthFlowTypeUserAuth, AuthParameters: params})
		if err != nil {
			return uaOut{err: err}
		}
		return withRaw(uaOut{challenge: string(o.ChallengeName), params: o.ChallengeParameters, avail: availOf(o.AvailableChallenges), session: aws.ToString(o.Session)}, o.ResultMetadata)
	}
	cr := map[string]string{"USERNAME": user}
	for k, v := range resp {
		cr[k] = v
	}
	session := prev.session
	if s.session != nil {
		session = s.session(prev)
	}
	if s.admin {
		o, err := r.c.AdminRespondToAuthChallenge(bg, &cip.AdminRespondToAuthChallengeInput{ClientId: aws.String(client), UserPoolId: aws.String(testPool),
			ChallengeName: types.ChallengeNameType(s.respond), ChallengeResponses: cr, Session: aws.String(session)})
		if err != nil {
			return uaOut{err: err}
		}
		return withRaw(uaOut{challenge: string(o.ChallengeName), params: o.ChallengeParameters, session: aws.ToString(o.Session)}, o.ResultMetadata)
	}
	o, err := r.c.RespondToAuthChallenge(bg, &cip.RespondToAuthChallengeInput{ClientId: aws.String(client),
		ChallengeName: types.ChallengeNameType(s.respond), ChallengeResponses: cr, Session: aws.String(session)})
	if err != nil {
		return uaOut{err: err}
	}
	return withRaw(uaOut{challenge: string(o.ChallengeName), params: o.ChallengeParameters, session: aws.ToString(o.Session)}, o.ResultMetadata)
}

// withRaw adds the HTTP response's header and length to o.
func withRaw(o uaOut, md smithymiddleware.Metadata) uaOut {
	if r, ok := awsmiddleware.GetRawResponse(md).(*smithyhttp.Response); ok && r != nil {
		o.header, o.length = r.Header, r.ContentLength
	}
	return o
}

// headerNames lists h's names, and whether its Content-Length header (if any)
// is the body's length.
func headerNames(h http.Header, length int64) string {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	slices.Sort(names)
	s := strings.Join(names, ",")
	if v := h.Get("Content-Length"); v != "" && v != strconv.FormatInt(length, 10) {
		s += " (Content-Length " + v + " for " + strconv.FormatInt(length, 10) + ")"
	}
	return s
}

func availOf(cs []types.ChallengeNameType) []string {
	var out []string
	for _, c := range cs {
		out = append(out, string(c))
	}
	return out
}

var (
	emailMask = regexp.MustCompile(`^[^*]\*\*\*@[^*]\*\*\*$`)
	phoneMask = regexp.MustCompile(`^\+\*+[0-9]{4}$`)
)

// shape is what an attacker compares: the error (code, message, status), or the
// challenge with its parameter names, AvailableChallenges, the Session's length,
// the delivery's medium and mask form, the SRP values' lengths and the WebAuthn
// options' members, rpId, timeout and userVerification; and whether the
// latency floor held the answer.
func shape(o uaOut, held bool) string {
	var b strings.Builder
	if held {
		b.WriteString("held ")
	}
	if o.err != nil {
		var ae smithy.APIError
		var re *awshttp.ResponseError
		if !errors.As(o.err, &ae) || !errors.As(o.err, &re) {
			return b.String() + "error " + o.err.Error()
		}
		b.WriteString(ae.ErrorCode() + " " + ae.ErrorMessage() + " " + http.StatusText(re.HTTPStatusCode()))
		b.WriteString(" [" + headerNames(re.Response.Header, re.Response.ContentLength) + "]")
		return b.String()
	}
	keys := make([]string, 0, len(o.params))
	for k := range o.params {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b.WriteString(o.challenge + " " + strings.Join(keys, ",") + " avail=" + strings.Join(o.avail, ","))
	b.WriteString(" session=" + itoa(len(o.session)))
	b.WriteString(" [" + headerNames(o.header, o.length) + "]")
	if d := o.params[cognito.ParamDeliveryDestination]; d != "" {
		b.WriteString(" " + o.params[cognito.ParamDeliveryMedium] + " email=" + itoa(b2i(emailMask.MatchString(d))) + " phone=" + itoa(b2i(phoneMask.MatchString(d))))
	}
	if blk := o.params["SECRET_BLOCK"]; blk != "" {
		b.WriteString(" block=" + itoa(len(blk)))
	}
	if j := o.params[cognito.ParamCredentialRequestOptions]; j != "" {
		var m map[string]any
		if err := json.Unmarshal([]byte(j), &m); err != nil {
			return b.String() + " options: " + err.Error()
		}
		mk := make([]string, 0, len(m))
		for k := range m {
			mk = append(mk, k)
		}
		slices.Sort(mk)
		creds, _ := m["allowCredentials"].([]any)
		b.WriteString(" options=" + strings.Join(mk, ",") + " rp=" + toString(m["rpId"]) + " uv=" + toString(m["userVerification"]) +
			" timeout=" + toString(m["timeout"]) + " challenge=" + itoa(len(toString(m["challenge"]))) + " creds>0=" + itoa(b2i(len(creds) > 0)))
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }
func b2i(v bool) int {
	if v {
		return 1
	}
	return 0
}
func toString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// run runs the script for user and returns the shape of each answer.
func (r *uaRig) run(user string, steps []uaStep) []string {
	var out []string
	var prev uaOut
	for _, s := range steps {
		n := r.holds()
		o := r.do(user, s, prev)
		out = append(out, shape(o, r.holds() > n))
		if o.err != nil {
			// A failed answer leaves the client with the challenge it had.
			o.session, o.params = prev.session, prev.params
		}
		prev = o
	}
	return out
}

func fixed(m map[string]string) func(uaOut) map[string]string {
	return func(uaOut) map[string]string { return m }
}

const srpA = "0a1b2c3d4e5f"

// verifier answers the previous PASSWORD_VERIFIER challenge with a wrong proof.
func verifier(prev uaOut) map[string]string {
	return map[string]string{"PASSWORD_CLAIM_SECRET_BLOCK": prev.params["SECRET_BLOCK"], "TIMESTAMP": "Mon Jan 2 15:04:05 UTC 2006",
		"PASSWORD_CLAIM_SIGNATURE": "c2lnbmF0dXJl"}
}

const credential = `{"id":"AAAA","rawId":"AAAA","type":"public-key","response":{"clientDataJSON":"e30","authenticatorData":"AAAA","signature":"AAAA"},"clientExtensionResults":{}}`

func selectAnswer(answer string, extra ...string) uaStep {
	m := map[string]string{cognito.ParamAnswer: answer}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i]] = extra[i+1]
	}
	return uaStep{respond: cognito.ChallengeSelect, responses: fixed(m)}
}

var (
	uaInitiate = uaStep{}
	wrongCode  = func(ch string) uaStep {
		return uaStep{respond: ch, responses: fixed(map[string]string{cognito.CodeParam(ch): "000000"})}
	}
	wrongPW      = uaStep{respond: cognito.ChallengePassword, responses: fixed(map[string]string{cognito.ParamPassword: "Wrong-pw1"})}
	wrongProof   = uaStep{respond: cognito.ChallengePasswordVerifier, responses: verifier}
	passkey      = uaStep{respond: cognito.ChallengeWebAuthn, responses: fixed(map[string]string{cognito.ParamCredential: credential})}
	prefPassword = uaStep{pref: cognito.ChallengePassword, responses: fixed(map[string]string{cognito.ParamPassword: "Wrong-pw1"})}
)

func pref(ch string, extra ...string) uaStep {
	m := map[string]string{}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i]] = extra[i+1]
	}
	return uaStep{pref: ch, responses: fixed(m)}
}

// uaScripts are the attacker's scripts of choice-based sign-in.
var uaScripts = []struct {
	name  string
	steps []uaStep
}{
	{"SELECT_CHALLENGE", []uaStep{uaInitiate}},
	{"select PASSWORD with PASSWORD", []uaStep{uaInitiate, selectAnswer(cognito.ChallengePassword, cognito.ParamPassword, "Wrong-pw1")}},
	{"select PASSWORD then PASSWORD", []uaStep{uaInitiate, selectAnswer(cognito.ChallengePassword), wrongPW}},
	{"select PASSWORD_SRP", []uaStep{uaInitiate, selectAnswer(cognito.ChallengePasswordSRP, cognito.ParamSRPA, srpA), wrongProof}},
	{"select EMAIL_OTP", []uaStep{uaInitiate, selectAnswer(cognito.ChallengeEmailOTP), wrongCode(cognito.ChallengeEmailOTP)}},
	{"select SMS_OTP", []uaStep{uaInitiate, selectAnswer(cognito.ChallengeSMSOTP), wrongCode(cognito.ChallengeSMSOTP)}},
	{"select WEB_AUTHN", []uaStep{uaInitiate, selectAnswer(cognito.ChallengeWebAuthn), passkey}},
	{"prefer PASSWORD", []uaStep{pref(cognito.ChallengePassword), wrongPW}},
	{"prefer PASSWORD with PASSWORD", []uaStep{prefPassword}},
	{"prefer PASSWORD_SRP with SRP_A", []uaStep{pref(cognito.ChallengePasswordSRP, cognito.ParamSRPA, srpA), wrongProof}},
	{"prefer PASSWORD_SRP then SRP_A", []uaStep{pref(cognito.ChallengePasswordSRP),
		{respond: cognito.ChallengePasswordSRP, responses: fixed(map[string]string{cognito.ParamSRPA: srpA})}, wrongProof}},
	{"prefer EMAIL_OTP, two wrong codes", []uaStep{pref(cognito.ChallengeEmailOTP), wrongCode(cognito.ChallengeEmailOTP), wrongCode(cognito.ChallengeEmailOTP)}},
	{"prefer SMS_OTP", []uaStep{pref(cognito.ChallengeSMSOTP), wrongCode(cognito.ChallengeSMSOTP)}},
	{"prefer WEB_AUTHN", []uaStep{pref(cognito.ChallengeWebAuthn), passkey}},
	{"admin prefer EMAIL_OTP", []uaStep{{admin: true, pref: cognito.ChallengeEmailOTP},
		{admin: true, respond: cognito.ChallengeEmailOTP, responses: fixed(map[string]string{cognito.ParamEmailOTPCode: "000000"})}}},
	{"admin SELECT then WEB_AUTHN", []uaStep{{admin: true}, {admin: true, respond: cognito.ChallengeSelect,
		responses: fixed(map[string]string{cognito.ParamAnswer: cognito.ChallengeWebAuthn})}}},
}

// TestUserAuthDifferential is the attacker's test of choice-based sign-in on a
// LEGACY client with the middleware: every step of every script answers the
// unknown "ghost" as the real "alice" (who has every factor) is answered, in
// error, challenge, parameter shapes and held-ness; ghost's answers to simulated
// challenges never reach Cognito. Before the fix every ghost InitiateAuth got
// NotAuthorizedException "Incorrect username or password." (LEGACY's
// UserNotFoundException made generic) where alice got a challenge.
func TestUserAuthDifferential(t *testing.T) {
	for _, sc := range uaScripts {
		t.Run(sc.name, func(t *testing.T) {
			r := newUARig(t)
			// alice first: the middleware learns the real Session's length.
			known := r.run("alice", sc.steps)
			responds := r.cog.count("RespondToAuthChallenge") + r.cog.count("AdminRespondToAuthChallenge")
			unknown := r.run("ghost", sc.steps)
			for i := range known {
				if known[i] != unknown[i] {
					t.Errorf("step %d:\n known   %s\n unknown %s", i, known[i], unknown[i])
				}
			}
			if n := r.cog.count("RespondToAuthChallenge") + r.cog.count("AdminRespondToAuthChallenge"); n != responds {
				t.Errorf("ghost's answers to simulated challenges reached Cognito %d times", n-responds)
			}
		})
	}
}

// TestUserAuthLockout: repeated wrong passwords (any USER_AUTH path: PASSWORD
// at InitiateAuth, SELECT_CHALLENGE's PASSWORD, PASSWORD_VERIFIER, a passkey)
// lock the name out as Cognito locks alice out, case variants sharing one
// counter; wrong sign-in codes hit the wrong-code limit; both counted in the
// Store.
func TestUserAuthLockout(t *testing.T) {
	store := &uaStore{Table: lk.NewTable(0)}
	r := newUARig(t, middleware.WithStore(store))
	names := map[string][]string{"alice": {"alice", "ALICE", "alice@example.com", "Alice"}, "ghost": {"ghost", "GHOST", "Ghost", "gHost"}}
	paths := [][]uaStep{
		{prefPassword},
		{uaInitiate, selectAnswer(cognito.ChallengePassword, cognito.ParamPassword, "Wrong-pw1")},
		{pref(cognito.ChallengePasswordSRP, cognito.ParamSRPA, srpA), wrongProof},
		{pref(cognito.ChallengeWebAuthn), passkey},
	}
	attempt := func(user string, i int) string {
		s := r.run(names[user][i%4], paths[i%len(paths)])
		return s[len(s)-1]
	}
	seq := map[string][]string{}
	start := r.clock.Now()
	for _, user := range []string{"alice", "ghost"} {
		r.clock.mu.Lock()
		r.clock.now = start
		r.clock.mu.Unlock()
		for i := range 7 {
			seq[user] = append(seq[user], attempt(user, i))
		}
		r.clock.advance(1100 * time.Millisecond)
		seq[user] = append(seq[user], attempt(user, 7))
		for i := range 7 {
			s := r.run(names[user][i%4], []uaStep{pref(cognito.ChallengeEmailOTP), wrongCode(cognito.ChallengeEmailOTP)})
			seq[user] = append(seq[user], s[1])
		}
	}
	if !slices.Equal(seq["alice"], seq["ghost"]) {
		t.Errorf("attempt sequences differ:\n alice %q\n ghost %q", seq["alice"], seq["ghost"])
	}
	if !slices.ContainsFunc(seq["ghost"], func(s string) bool { return strings.Contains(s, middleware.MsgAttemptsExceeded) }) {
		t.Errorf("ghost never locked out: %q", seq["ghost"])
	}
	if store.hits.Load() == 0 {
		t.Error("the Store counted nothing")
	}
}

type uaStore struct {
	*lk.Table
	hits atomic.Int64
}

func (s *uaStore) Hit(ctx context.Context, r middleware.Rule, k middleware.Key, now time.Time) (bool, error) {
	s.hits.Add(1)
	return s.Table.Hit(ctx, r, k, now)
}

// challengeOf returns the challenge name and its stable values (delivery
// destination, allowCredentials ids) of one InitiateAuth.
func challengeOf(r *uaRig, user string, s uaStep) string {
	o := r.do(user, s, uaOut{})
	if o.err != nil {
		return "error " + o.err.Error()
	}
	stable := o.challenge + " avail=" + strings.Join(o.avail, ",") + " " + o.params[cognito.ParamDeliveryDestination]
	if j := o.params[cognito.ParamCredentialRequestOptions]; j != "" {
		var m struct{ AllowCredentials any }
		_ = json.Unmarshal([]byte(j), &m)
		stable += " " + toString(m.AllowCredentials)
	}
	return stable
}

// TestUserAuthStableChoice: under the stable policy (the default) one name
// gets the same challenge, delivery mask and passkey list every time and in
// every case variant, as a real user does; a preference the pool cannot serve
// gets one stable factor. Under the random policy (Cognito's) repeated requests
// for one name draw different challenges: the documented signal.
func TestUserAuthStableChoice(t *testing.T) {
	r := newUARig(t)
	steps := []uaStep{uaInitiate, pref(cognito.ChallengeEmailOTP), pref(cognito.ChallengeSMSOTP), pref(cognito.ChallengeWebAuthn),
		pref(cognito.ChallengePasswordSRP, cognito.ParamSRPA, srpA), pref(cognito.ChallengePassword)}
	for _, user := range []string{"alice", "ghost"} {
		variants := []string{user, strings.ToUpper(user), strings.ToUpper(user[:1]) + user[1:]}
		for _, s := range steps {
			first := challengeOf(r, user, s)
			for i := range 12 {
				if got := challengeOf(r, variants[i%len(variants)], s); got != first {
					t.Errorf("%s %q: request %d got %q, first %q", user, s.pref, i, got, first)
				}
			}
		}
	}
	// A pool without SMS: a preferred SMS_OTP cannot be served; the unknown
	// name still gets one stable answer.
	f := uaFactors()
	f.SMSOTP = false
	r2 := newUARig(t, middleware.WithSignInFactors(f))
	first := challengeOf(r2, "ghost", pref(cognito.ChallengeSMSOTP))
	if strings.HasPrefix(first, "error") || strings.HasPrefix(first, cognito.ChallengeSMSOTP) {
		t.Errorf("SMS_OTP in a pool without SMS: %q", first)
	}
	for range 12 {
		if got := challengeOf(r2, "ghost", pref(cognito.ChallengeSMSOTP)); got != first {
			t.Errorf("unstable: %q vs %q", got, first)
		}
	}
	// The random policy, seeded.
	rr := newUARig(t, middleware.WithFactorChoice(middleware.FactorChoiceRandom), middleware.WithRand(rand.NewChaCha8([32]byte{1})))
	seen := map[string]bool{}
	for range 32 {
		o := rr.do("ghost", pref(cognito.ChallengeEmailOTP), uaOut{})
		if o.err != nil {
			t.Fatal(o.err)
		}
		seen[o.challenge] = true
	}
	if len(seen) < 2 {
		t.Errorf("random policy: one challenge over 32 requests: %v", seen)
	}
}

// TestUserAuthSessionForgery: a simulated Session is MAC'd and bound to its
// client, name and step: any change (a flipped character anywhere, a cut, another
// name, another client, another challenge name) is answered as Cognito answers
// the same change to a real Session ("Invalid session for the user."), an
// expired one as an expired real one; replaying one is answered as replaying a
// real one.
func TestUserAuthSessionForgery(t *testing.T) {
	flip := func(i int) func(uaOut) string {
		return func(p uaOut) string {
			b := []byte(p.session)
			if len(b) == 0 {
				return "x"
			}
			j := (i + len(b)) % len(b)
			if b[j] == 'A' {
				b[j] = 'B'
			} else {
				b[j] = 'A'
			}
			return string(b)
		}
	}
	code := cognito.ParamEmailOTPCode
	cases := []struct {
		name string
		step uaStep
		wait time.Duration
	}{
		{"flip first", uaStep{respond: cognito.ChallengeEmailOTP, responses: fixed(map[string]string{code: "1"}), session: flip(0)}, 0},
		{"flip middle", uaStep{respond: cognito.ChallengeEmailOTP, responses: fixed(map[string]string{code: "1"}), session: flip(60)}, 0},
		{"flip last", uaStep{respond: cognito.ChallengeEmailOTP, responses: fixed(map[string]string{code: "1"}), session: flip(-1)}, 0},
		{"cut", uaStep{respond: cognito.ChallengeEmailOTP, responses: fixed(map[string]string{code: "1"}), session: func(p uaOut) string { return p.session[:max(0, len(p.session)-4)] }}, 0},
		{"empty", uaStep{respond: cognito.ChallengeEmailOTP, responses: fixed(map[string]string{code: "1"}), session: func(uaOut) string { return "" }}, 0},
		{"other name", uaStep{respond: cognito.ChallengeEmailOTP, responses: fixed(map[string]string{code: "1"}), user: "mallory"}, 0},
		{"other client", uaStep{respond: cognito.ChallengeEmailOTP, responses: fixed(map[string]string{code: "1"}), clientID: "otherclient456"}, 0},
		{"other step", uaStep{respond: cognito.ChallengeSMSOTP, responses: fixed(map[string]string{cognito.ParamSMSOTPCode: "1"})}, 0},
		{"as SELECT", selectAnswer(cognito.ChallengeEmailOTP), 0},
		{"expired", wrongCode(cognito.ChallengeEmailOTP), 4 * time.Minute},
		{"replayed", wrongCode(cognito.ChallengeEmailOTP), 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newUARig(t)
			var got [2]string
			for i, user := range []string{"alice", "ghost"} {
				first := r.do(user, pref(cognito.ChallengeEmailOTP), uaOut{})
				if tc.name == "replayed" {
					_ = r.do(user, tc.step, first)
				}
				r.clock.advance(tc.wait)
				got[i] = shape(r.do(user, tc.step, first), false)
			}
			if got[0] != got[1] {
				t.Errorf("tampered session:\n known   %s\n unknown %s", got[0], got[1])
			}
			if strings.Contains(got[1], "Incorrect") {
				t.Errorf("a tampered session was answered as a wrong answer: %s", got[1])
			}
		})
	}
	// A session made by another Masker (another secret) is not this one's.
	r := newUARig(t)
	other := newUARig(t, middleware.WithSecret([]byte(strings.Repeat("x", 32))))
	_ = r.do("alice", pref(cognito.ChallengeEmailOTP), uaOut{})
	ghost := other.do("ghost", pref(cognito.ChallengeEmailOTP), uaOut{})
	got := shape(r.do("ghost", wrongCode(cognito.ChallengeEmailOTP), ghost), false)
	if !strings.Contains(got, cognito.MsgInvalidSession) {
		t.Errorf("another Masker's session: %s", got)
	}
}

// TestUserAuthLatencyFloor: the simulated answers are held to the floor their
// class learned from alice's real answers (100 ms), whatever their own cost (5 ms
// at InitiateAuth, nothing at all for the answers that never reach Cognito), and
// cheap answers of the attacker's choosing (an answer to a real session replayed,
// a session Cognito never issued) teach the floor nothing.
func TestUserAuthLatencyFloor(t *testing.T) {
	ms := time.Millisecond
	r := newUARig(t, middleware.WithLearnedLatencyFloor(16, 1, 50*ms))
	last := func() time.Duration {
		r.clock.mu.Lock()
		defer r.clock.mu.Unlock()
		if len(r.clock.slept) == 0 {
			return 0
		}
		d := r.clock.slept[len(r.clock.slept)-1]
		r.clock.slept = nil
		return d
	}
	for range 16 {
		r.cog.mu.Lock()
		r.cog.table = lk.NewTable(0)
		r.cog.mu.Unlock()
		r.delay.Store(int64(100 * ms))
		s := r.do("alice", pref(cognito.ChallengeEmailOTP), uaOut{})
		_ = r.do("alice", wrongCode(cognito.ChallengeEmailOTP), s)
		sel := r.do("alice", uaInitiate, uaOut{})
		_ = r.do("alice", selectAnswer(cognito.ChallengeWebAuthn), sel)
	}
	// The attacker's cheap answers, more than the window holds: one real
	// Session answered again and again, and Sessions Cognito never issued.
	r.delay.Store(int64(100 * ms))
	s := r.do("alice", pref(cognito.ChallengeEmailOTP), uaOut{})
	_ = r.do("alice", wrongCode(cognito.ChallengeEmailOTP), s)
	r.delay.Store(int64(ms))
	for range 40 {
		r.cog.mu.Lock()
		r.cog.table = lk.NewTable(0)
		r.cog.mu.Unlock()
		_ = r.do("alice", wrongCode(cognito.ChallengeEmailOTP), s)
		_ = r.do("alice", wrongCode(cognito.ChallengeEmailOTP), uaOut{session: strings.Repeat("Q", uaSessionLen)})
	}
	last()
	r.delay.Store(int64(5 * ms))
	checks := []struct {
		name string
		step uaStep
		want time.Duration
	}{
		{"InitiateAuth EMAIL_OTP", pref(cognito.ChallengeEmailOTP), 95 * ms},
		{"wrong code", wrongCode(cognito.ChallengeEmailOTP), 100 * ms},
	}
	prev := uaOut{}
	for _, c := range checks {
		prev = r.do("ghost", c.step, prev)
		if got := last(); got != c.want {
			t.Errorf("%s held %v, want %v", c.name, got, c.want)
		}
	}
	sel := r.do("ghost", uaInitiate, uaOut{})
	if got := last(); got != 95*ms {
		t.Errorf("SELECT_CHALLENGE held %v, want 95ms", got)
	}
	_ = r.do("ghost", selectAnswer(cognito.ChallengeWebAuthn), sel)
	if got := last(); got != 100*ms {
		t.Errorf("SELECT WEB_AUTHN held %v, want 100ms", got)
	}
}

// TestUserAuthConcurrent shares one Masker between goroutines signing in known
// and unknown names through every factor (run with -race).
func TestUserAuthConcurrent(t *testing.T) {
	r := newUARig(t)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			user := []string{"alice", "ghost", "Ghost", "nobody"}[g]
			for _, sc := range uaScripts {
				_ = r.run(user, sc.steps)
			}
		})
	}
	wg.Wait()
}

// describer is a PoolDescriber with GetUserPoolMfaConfig.
type describer struct {
	pool *types.UserPoolType
	mfa  *cip.GetUserPoolMfaConfigOutput
}

func (d describer) DescribeUserPool(context.Context, *cip.DescribeUserPoolInput, ...func(*cip.Options)) (*cip.DescribeUserPoolOutput, error) {
	return &cip.DescribeUserPoolOutput{UserPool: d.pool}, nil
}

func (d describer) GetUserPoolMfaConfig(context.Context, *cip.GetUserPoolMfaConfigInput, ...func(*cip.Options)) (*cip.GetUserPoolMfaConfigOutput, error) {
	return d.mfa, nil
}

// TestForPoolSignInPolicy: ForPool reads the allowed first factors, whether the
// pool can send email and SMS codes, and the relying party of passkeys.
func TestForPoolSignInPolicy(t *testing.T) {
	d := describer{
		pool: &types.UserPoolType{
			UsernameConfiguration: &types.UsernameConfigurationType{CaseSensitive: aws.Bool(false)},
			Policies: &types.UserPoolPolicyType{SignInPolicy: &types.SignInPolicyType{AllowedFirstAuthFactors: []types.AuthFactorType{
				types.AuthFactorTypePassword, types.AuthFactorTypeEmailOtp, types.AuthFactorTypeSmsOtp, types.AuthFactorTypeWebAuthn}}},
			EmailConfiguration: &types.EmailConfigurationType{EmailSendingAccount: types.EmailSendingAccountTypeDeveloper},
		},
		mfa: &cip.GetUserPoolMfaConfigOutput{WebAuthnConfiguration: &types.WebAuthnConfigurationType{RelyingPartyId: aws.String("login.example.org"),
			UserVerification: types.UserVerificationTypeRequired}},
	}
	m, err := middleware.ForPool(bg, d, testPool, middleware.WithSecret(testSecret), testFloor)
	if err != nil {
		t.Fatal(err)
	}
	cog := newUACognito(time.Now)
	c := fakeClient(nil, func(o *cip.Options) { o.HTTPClient = cog }, m.ClientOption())
	r := &uaRig{t: t, clock: &fakeTime{}, cog: cog, c: c}
	o := r.do("ghost", uaInitiate, uaOut{})
	if o.err != nil || !slices.Equal(o.avail, []string{"PASSWORD_SRP", "PASSWORD", "EMAIL_OTP", "WEB_AUTHN"}) {
		t.Errorf("SELECT_CHALLENGE %v %v: want no SMS_OTP (no SmsConfiguration)", o.avail, o.err)
	}
	o = r.do("ghost", pref(cognito.ChallengeWebAuthn), uaOut{})
	if j := o.params[cognito.ParamCredentialRequestOptions]; !strings.Contains(j, `"rpId":"login.example.org"`) || !strings.Contains(j, `"userVerification":"required"`) {
		t.Errorf("WEB_AUTHN options %q", j)
	}
}

// BenchmarkUserAuthSimulated measures a simulated EMAIL_OTP sign-in of an
// unknown name (InitiateAuth and a wrong code, the second never reaching
// Cognito), without waiting for the floor.
func BenchmarkUserAuthSimulated(b *testing.B) {
	r := newUARig(b, middleware.WithSleep(func(context.Context, time.Duration) error { return nil }))
	b.ReportAllocs()
	for b.Loop() {
		s := r.do("ghost", pref(cognito.ChallengeEmailOTP), uaOut{})
		_ = r.do("ghost", wrongCode(cognito.ChallengeEmailOTP), s)
	}
}

// BenchmarkUserAuthReal is the same for alice, every call reaching Cognito.
func BenchmarkUserAuthReal(b *testing.B) {
	r := newUARig(b, middleware.WithSleep(func(context.Context, time.Duration) error { return nil }))
	b.ReportAllocs()
	for b.Loop() {
		s := r.do("alice", pref(cognito.ChallengeEmailOTP), uaOut{})
		_ = r.do("alice", wrongCode(cognito.ChallengeEmailOTP), s)
	}
}

// TestUserAuthThroughSRPAuth drives srpauth's USER_AUTH driver (an independent
// client of the same answers: it computes real SRP proofs, reads
// CREDENTIAL_REQUEST_OPTIONS, sends codes) for alice and ghost: every step's
// Result is the same.
func TestUserAuthThroughSRPAuth(t *testing.T) {
	r := newUARig(t)
	a, err := srpauth.New(r.c, srpauth.Config{UserPoolID: testPool, ClientID: testClient})
	if err != nil {
		t.Fatal(err)
	}
	passkeyFn := func(_ context.Context, options string) (string, error) {
		if !strings.Contains(options, `"rpId":"`+uaRPID+`"`) {
			return "", errors.New("options without the pool's rpId: " + options)
		}
		return credential, nil
	}
	describe := func(res errorsx.Result, err error) string {
		s := res.Kind.String() + " " + res.Message.Key
		if res.Challenge != nil {
			s += " " + res.Challenge.Name + " " + strings.Join(res.Challenge.Available, ",")
		}
		return s
	}
	flows := []struct {
		name string
		run  func(user string) []string
	}{
		{"PASSWORD_SRP", func(user string) []string {
			return []string{describe(a.SignInUserAuth(bg, user, srpauth.Prefer(cognito.ChallengePasswordSRP), srpauth.WithPassword("Wrong-pw1")))}
		}},
		{"PASSWORD", func(user string) []string {
			return []string{describe(a.SignInUserAuth(bg, user, srpauth.Prefer(cognito.ChallengePassword), srpauth.WithPassword("Wrong-pw1")))}
		}},
		{"EMAIL_OTP", func(user string) []string {
			res, err := a.SignInUserAuth(bg, user, srpauth.Prefer(cognito.ChallengeEmailOTP))
			out := []string{describe(res, err)}
			return append(out, describe(a.RespondCode(bg, res, "000000")))
		}},
		{"SELECT then WEB_AUTHN", func(user string) []string {
			res, err := a.SignInUserAuth(bg, user)
			out := []string{describe(res, err)}
			return append(out, describe(a.SelectChallenge(bg, res, cognito.ChallengeWebAuthn, srpauth.WithPasskey(passkeyFn))))
		}},
		{"SELECT then PASSWORD_SRP", func(user string) []string {
			res, err := a.SignInUserAuth(bg, user)
			out := []string{describe(res, err)}
			return append(out, describe(a.SelectChallenge(bg, res, cognito.ChallengePasswordSRP, srpauth.WithPassword("Wrong-pw1"))))
		}},
	}
	for _, f := range flows {
		known, unknown := f.run("alice"), f.run("ghost")
		if !slices.Equal(known, unknown) {
			t.Errorf("%s:\n known   %q\n unknown %q", f.name, known, unknown)
		}
	}
}
