package enumproof_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"reflect"
	"regexp"
	"sort"
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

	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/mockpool"
	"github.com/maskedauth/maskedauth/srpauth"
)

var bg = context.Background()

// secret is shared by the mock pool and the middleware, so their simulated values
// are the same.
var secret = bytes.Repeat([]byte{0x5a}, 32)

const (
	goodPW  = "Passw0rd!"
	wrongPW = "Wr0ng!pass"
	tempPW  = "Temp0rary!"
	code    = "123456" // every code the mock sends
	badCode = "654321"
)

// shape is a pool configuration: how users are named and typed.
type shape string

const (
	plain     shape = "plain"     // usernames
	alias     shape = "alias"     // usernames, email alias (users type their email)
	emailName shape = "emailname" // email as username
)

var shapes = []shape{plain, alias, emailName}

// mode is who makes the answer ENABLED.
type mode string

const (
	enabledMode mode = "enabled"    // mockpool ENABLED app client, no middleware
	maskedMode  mode = "legacy+mw"  // mockpool LEGACY app client + middleware
	legacyMode  mode = "legacy-raw" // LEGACY without middleware (a control: must leak)
	// maskedNoFloor is maskedMode with the latency floor off: a diagnostic of the
	// timing test (where the middleware's own time goes).
	maskedNoFloor mode = "legacy+mw,nofloor"
)

var modes = []mode{enabledMode, maskedMode}

// clock is time.Now shifted by an offset the tests advance between requests (so
// that counters reset) without breaking the latency measurements inside one.
type clock struct{ off atomic.Int64 }

func (c *clock) now() time.Time          { return time.Now().Add(time.Duration(c.off.Load())) }
func (c *clock) advance(d time.Duration) { c.off.Add(int64(d)) }

// wire is one HTTP exchange as the transport saw it.
type wire struct {
	status int
	header http.Header
	body   []byte
}

// recorder is the SDK client's HTTPClient: it records what the server answered.
type recorder struct {
	next interface {
		Do(*http.Request) (*http.Response, error)
	}
	mu  sync.Mutex
	log []wire
}

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	resp, err := r.next.Do(req)
	if err != nil {
		return resp, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	r.mu.Lock()
	r.log = append(r.log, wire{status: resp.StatusCode, header: resp.Header.Clone(), body: b})
	r.mu.Unlock()
	return resp, nil
}

// take returns and clears the exchanges recorded so far.
func (r *recorder) take() []wire {
	r.mu.Lock()
	defer r.mu.Unlock()
	l := r.log
	r.log = nil
	return l
}

// user is a known user of an env.
type user struct {
	name  string // username (internal name for email pools: the email)
	email string // "" = none
	typed string // what the user types to sign in
}

// env is one server, one pool of a shape, and the SDK clients of one mode.
type env struct {
	t      testing.TB
	shape  shape
	mode   mode
	s      *mockpool.Server
	clk    *clock
	admin  *cip.Client // plain client, for setting up
	c      *cip.Client // the client under test (ENABLED, or LEGACY + middleware)
	policy *cip.Client // LEGACY + middleware with every policy (maskedMode), else c
	rec    *recorder
	poolID string
	client string // app client id used by c
	users  map[string]user
	masker *middleware.Masker
	flows  []types.ExplicitAuthFlowsType // more auth flows of both app clients (envConfig)
	ua     *uaEnv                        // the USER_AUTH env wrapping this one (attack_userauth_test.go), if any
}

// envConfig changes the pool and app clients newEnv builds (the USER_AUTH envs of
// attack_userauth_test.go); the zero value is newEnv's.
type envConfig struct {
	insensitive bool                           // UsernameConfiguration CaseSensitive false
	pool        func(*cip.CreateUserPoolInput) // edits the CreateUserPool input
	setup       func(e *env)                   // after the pool, before the clients and the Masker
	flows       []types.ExplicitAuthFlowsType  // more auth flows of both app clients
}

// harnessInitialFloor is the latency floor of the masked envs before a class has
// learned from real answers (middleware.DefaultInitialFloor is sized for Cognito).
const harnessInitialFloor = 20 * time.Millisecond

// newEnv builds an env. Two envs of the same shape get the same pool id (seeded
// randomness), so their simulated values can be compared across modes.
func newEnv(t testing.TB, sh shape, m mode, extra ...middleware.Option) *env {
	t.Helper()
	return newEnvWith(t, sh, m, envConfig{}, extra...)
}

// newEnvWith is newEnv with the pool and app clients changed by cfg.
func newEnvWith(t testing.TB, sh shape, m mode, cfg envConfig, extra ...middleware.Option) *env {
	t.Helper()
	clk := &clock{}
	s := mockpool.New(mockpool.WithSecret(secret), mockpool.WithTestSigningKey(), mockpool.WithFixedCode(code),
		mockpool.WithClock(clk.now), mockpool.WithRand(rand.NewChaCha8([32]byte{7})))
	e := &env{t: t, shape: sh, mode: m, s: s, clk: clk, admin: s.Client(), users: map[string]user{}, flows: cfg.flows}
	in := &cip.CreateUserPoolInput{PoolName: aws.String("proof"), AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail}}
	switch sh {
	case alias:
		in.AliasAttributes = []types.AliasAttributeType{types.AliasAttributeTypeEmail}
	case emailName:
		in.UsernameAttributes = []types.UsernameAttributeType{types.UsernameAttributeTypeEmail}
	}
	if cfg.insensitive {
		in.UsernameConfiguration = &types.UsernameConfigurationType{CaseSensitive: aws.Bool(false)}
	}
	if cfg.pool != nil {
		cfg.pool(in)
	}
	out, err := e.admin.CreateUserPool(bg, in)
	e.must(err)
	e.poolID = aws.ToString(out.UserPool.Id)
	if cfg.setup != nil {
		cfg.setup(e)
	}
	legacyID := e.appClient("legacy", types.PreventUserExistenceErrorTypesLegacy)
	enabledID := e.appClient("enabled", types.PreventUserExistenceErrorTypesEnabled)
	e.rec = &recorder{next: s}
	useRec := func(o *cip.Options) { o.HTTPClient = e.rec }
	switch m {
	case enabledMode:
		e.client = enabledID
		e.c = s.Client(useRec)
		e.policy = e.c
	case legacyMode:
		e.client = legacyID
		e.c = s.Client(useRec)
		e.policy = e.c
	case maskedNoFloor:
		extra = append(extra, middleware.WithoutLatencyFloor())
		fallthrough
	case maskedMode:
		e.client = legacyID
		// ForPool reads the pool's facts (case sensitivity, username and alias
		// attributes, auto-verified email). The initial floor (until a class has
		// learned) is sized for the in-process mock pool, not for Cognito.
		opts := []middleware.Option{middleware.WithSecret(secret), middleware.WithClock(clk.now),
			middleware.WithLearnedLatencyFloor(0, 0, harnessInitialFloor)}
		opts = append(opts, extra...)
		mk, err := middleware.ForPool(bg, e.admin, e.poolID, opts...)
		e.must(err)
		e.masker = mk
		e.c = s.Client(mk.ClientOption(), useRec)
		pol, err := middleware.ForPool(bg, e.admin, e.poolID, append(opts, middleware.WithGenericUnconfirmed(), middleware.WithGenericDisabled(),
			middleware.WithSimulatedSignUp(nil))...)
		e.must(err)
		e.policy = s.Client(pol.ClientOption(), useRec)
	}
	return e
}

func (e *env) must(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) appClient(name string, m types.PreventUserExistenceErrorTypes) string {
	e.t.Helper()
	out, err := e.admin.CreateUserPoolClient(bg, &cip.CreateUserPoolClientInput{UserPoolId: aws.String(e.poolID), ClientName: aws.String(name),
		PreventUserExistenceErrors: m, ExplicitAuthFlows: append([]types.ExplicitAuthFlowsType{
			types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowAdminUserPasswordAuth,
			types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}, e.flows...)})
	e.must(err)
	return aws.ToString(out.UserPoolClient.ClientId)
}

// unknown returns a name no user has, typed the way the pool's users type theirs.
func (e *env) unknown(base string) string {
	if e.shape == plain {
		return base
	}
	return base + "@example.com"
}

// add creates a user named base in the given state: "confirmed", "disabled",
// "reset", "force", "unconfirmed", "noemail" (confirmed, no verified contact).
func (e *env) add(base, state string) user {
	e.t.Helper()
	email := base + "@example.com"
	u := user{name: base, email: email, typed: base}
	switch e.shape {
	case alias:
		u.typed = email
	case emailName:
		u.name, u.typed = email, email
	}
	if state == "noemail" {
		u.email = ""
		if e.shape == alias {
			u.typed = base
		}
	}
	if state == "unconfirmed" {
		// SignUp: UNCONFIRMED, email not verified, so an alias pool cannot find it by email.
		if e.shape == alias {
			u.typed = base
		}
		_, err := e.admin.SignUp(bg, &cip.SignUpInput{ClientId: aws.String(e.client), Username: aws.String(u.name), Password: aws.String(goodPW),
			UserAttributes: []types.AttributeType{attr("email", email)}})
		e.must(err)
		e.users[base] = u
		return u
	}
	var attrs []types.AttributeType
	if u.email != "" {
		attrs = []types.AttributeType{attr("email", u.email), attr("email_verified", "true")}
	}
	in := &cip.AdminCreateUserInput{UserPoolId: aws.String(e.poolID), Username: aws.String(u.name), UserAttributes: attrs,
		MessageAction: types.MessageActionTypeSuppress}
	if state == "force" {
		in.TemporaryPassword = aws.String(tempPW)
	}
	_, err := e.admin.AdminCreateUser(bg, in)
	e.must(err)
	if state != "force" {
		_, err = e.admin.AdminSetUserPassword(bg, &cip.AdminSetUserPasswordInput{UserPoolId: aws.String(e.poolID), Username: aws.String(u.name),
			Password: aws.String(goodPW), Permanent: true})
		e.must(err)
	}
	switch state {
	case "disabled":
		_, err = e.admin.AdminDisableUser(bg, &cip.AdminDisableUserInput{UserPoolId: aws.String(e.poolID), Username: aws.String(u.name)})
	case "reset":
		_, err = e.admin.AdminResetUserPassword(bg, &cip.AdminResetUserPasswordInput{UserPoolId: aws.String(e.poolID), Username: aws.String(u.name)})
	}
	e.must(err)
	e.users[base] = u
	return u
}

func attr(n, v string) types.AttributeType {
	return types.AttributeType{Name: aws.String(n), Value: aws.String(v)}
}

// population adds the users every case needs.
func (e *env) population() {
	e.t.Helper()
	e.add("alice", "confirmed")
	e.add("lola", "confirmed") // lockout
	e.add("carl", "confirmed") // ConfirmForgotPassword with a code pending
	e.add("dora", "disabled")
	e.add("rita", "reset")
	e.add("fran", "force")
	e.add("una", "unconfirmed")
	if e.shape != emailName {
		e.add("nova", "noemail")
	}
}

// answer is one SDK call's result, as an application (and an attacker using it)
// sees it, plus what went over the wire.
type answer struct {
	status    int
	code, msg string
	headers   []string          // header names of the response shell, sorted
	keys      []string          // the output's members (error: none), sorted
	params    map[string]string // SRP challenge parameter name -> shape
	uid       string            // USER_ID_FOR_SRP as sent
	delivery  string            // medium|attribute|mask pattern
	wire      []wireShape       // ENABLED mode: the server's own answers
	challenge map[string]string // raw challenge parameters (for the SRP answer)
}

// wireShape is a recorded exchange reduced to what must not depend on the user.
type wireShape struct {
	status  int
	headers []string
	body    []string // JSON paths and leaf types
	errType string
}

func (a answer) String() string {
	return fmt.Sprintf("{status %d, %s %q, headers %v, keys %v, params %v, delivery %q}", a.status, a.code, a.msg, a.headers, a.keys, a.params, a.delivery)
}

// headerNames lists the header names of h, sorted, without values.
func headerNames(h http.Header) []string {
	var out []string
	for k := range h {
		out = append(out, http.CanonicalHeaderKey(k))
	}
	sort.Strings(out)
	return out
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// uidShape says whether an SRP user id is a UUID.
func uidShape(s string) string {
	if uuidRE.MatchString(s) {
		return "uuid"
	}
	return "name"
}

// maskPattern reduces a delivery destination to its shape: letters a, digits 9,
// runs of '*' one '*'.
func maskPattern(s string) string {
	var b strings.Builder
	prevStar := false
	for _, r := range s {
		switch {
		case r == '*':
			if !prevStar {
				b.WriteByte('*')
			}
			prevStar = true
			continue
		case r >= '0' && r <= '9':
			b.WriteByte('9')
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			b.WriteByte('a')
		default:
			b.WriteRune(r)
		}
		prevStar = false
	}
	return b.String()
}

func deliveryShape(d *types.CodeDeliveryDetailsType) string {
	if d == nil {
		return ""
	}
	return string(d.DeliveryMedium) + "|" + aws.ToString(d.AttributeName) + "|" + maskPattern(aws.ToString(d.Destination))
}

// paramShape describes SRP challenge parameters by length (SRP_B: a hex number whose
// leading zero digits may be dropped, so lengths 760 and up count as one).
func paramShape(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := map[string]string{}
	for k, v := range m {
		switch k {
		case "USER_ID_FOR_SRP", "USERNAME":
			out[k] = uidShape(v)
		case "SRP_B":
			n := len(v)
			if n >= 760 {
				n = 768
			}
			out[k] = fmt.Sprint(n)
		default:
			out[k] = fmt.Sprint(len(v))
		}
	}
	return out
}

// outputKeys lists the non-zero exported members of an SDK output struct.
func outputKeys(out any) []string {
	v := reflect.ValueOf(out)
	if !v.IsValid() || v.Kind() == reflect.Pointer && v.IsNil() {
		return nil
	}
	v = reflect.Indirect(v)
	var keys []string
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		if !f.IsExported() || f.Name == "ResultMetadata" {
			continue
		}
		if !v.Field(i).IsZero() {
			keys = append(keys, f.Name)
		}
	}
	sort.Strings(keys)
	return keys
}

// jsonShape lists the paths and leaf types of a JSON body; the values of
// ChallengeParameters and CodeDeliveryDetails are compared elsewhere.
func jsonShape(body []byte) []string {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return []string{"invalid JSON"}
	}
	var out []string
	var walk func(v any, p string)
	walk = func(v any, p string) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				walk(e, p+"."+k)
			}
		case []any:
			for _, e := range x {
				walk(e, p+"[]")
			}
		default:
			out = append(out, fmt.Sprintf("%s:%T", p, v))
		}
	}
	walk(v, "")
	sort.Strings(out)
	return out
}

// answerOf builds the answer of a call whose output is out (may be a nil pointer),
// metadata md and error err, taking the recorded exchanges.
func (e *env) answerOf(out any, md smithymiddleware.Metadata, err error) answer {
	e.t.Helper()
	var a answer
	for _, w := range e.rec.take() {
		ws := wireShape{status: w.status, headers: headerNames(w.header), body: jsonShape(w.body), errType: w.header.Get("X-Amzn-Errortype")}
		a.wire = append(a.wire, ws)
	}
	if err != nil {
		var ae smithy.APIError
		if !errors.As(err, &ae) {
			e.t.Fatalf("no API error in %v", err)
		}
		a.code, a.msg = ae.ErrorCode(), ae.ErrorMessage()
		var re *awshttp.ResponseError
		if errors.As(err, &re) && re.Response != nil {
			a.status = re.HTTPStatusCode()
			a.headers = headerNames(re.Response.Header)
		}
		return a
	}
	if raw, ok := awsmiddleware.GetRawResponse(md).(*smithyhttp.Response); ok && raw != nil && raw.Response != nil {
		a.status = raw.StatusCode
		a.headers = headerNames(raw.Header)
	}
	a.keys = outputKeys(out)
	switch o := out.(type) {
	case *cip.InitiateAuthOutput:
		a.params, a.uid, a.challenge = paramShape(o.ChallengeParameters), o.ChallengeParameters["USER_ID_FOR_SRP"], o.ChallengeParameters
	case *cip.AdminInitiateAuthOutput:
		a.params, a.uid, a.challenge = paramShape(o.ChallengeParameters), o.ChallengeParameters["USER_ID_FOR_SRP"], o.ChallengeParameters
	case *cip.ForgotPasswordOutput:
		a.delivery = deliveryShape(o.CodeDeliveryDetails)
	case *cip.ResendConfirmationCodeOutput:
		a.delivery = deliveryShape(o.CodeDeliveryDetails)
	case *cip.SignUpOutput:
		a.delivery = deliveryShape(o.CodeDeliveryDetails)
	}
	return a
}

// diff says how two answers differ ("" when they do not): everything but the
// USER_ID_FOR_SRP shape, which the callers check on its own (a leak Cognito keeps).
func diff(known, unknown answer, checkUID bool) string {
	var d []string
	if known.status != unknown.status {
		d = append(d, fmt.Sprintf("status %d/%d", known.status, unknown.status))
	}
	if known.code != unknown.code || known.msg != unknown.msg {
		d = append(d, fmt.Sprintf("error %s %q / %s %q", known.code, known.msg, unknown.code, unknown.msg))
	}
	if !reflect.DeepEqual(known.headers, unknown.headers) {
		d = append(d, fmt.Sprintf("headers %v / %v", known.headers, unknown.headers))
	}
	if !reflect.DeepEqual(known.keys, unknown.keys) {
		d = append(d, fmt.Sprintf("keys %v / %v", known.keys, unknown.keys))
	}
	kp, up := known.params, unknown.params
	if !checkUID && kp != nil && up != nil {
		kp, up = without(kp, "USER_ID_FOR_SRP", "USERNAME"), without(up, "USER_ID_FOR_SRP", "USERNAME")
	}
	if !reflect.DeepEqual(kp, up) {
		d = append(d, fmt.Sprintf("challenge parameters %v / %v", known.params, unknown.params))
	}
	if known.delivery != unknown.delivery {
		d = append(d, fmt.Sprintf("delivery %q / %q", known.delivery, unknown.delivery))
	}
	if len(known.wire) != len(unknown.wire) {
		d = append(d, fmt.Sprintf("%d / %d exchanges", len(known.wire), len(unknown.wire)))
	} else {
		for i := range known.wire {
			if !reflect.DeepEqual(known.wire[i], unknown.wire[i]) {
				d = append(d, fmt.Sprintf("wire %+v / %+v", known.wire[i], unknown.wire[i]))
			}
		}
	}
	return strings.Join(d, "; ")
}

func without(m map[string]string, keys ...string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	for _, k := range keys {
		delete(out, k)
	}
	return out
}

// ---- calls: each returns the answer of one SDK call with client c ----

func (e *env) initiate(c *cip.Client, flow types.AuthFlowType, typed, pw string) answer {
	var params map[string]string
	if flow == types.AuthFlowTypeUserSrpAuth {
		params = map[string]string{"USERNAME": typed, "SRP_A": e.srpA(typed)}
	} else {
		params = map[string]string{"USERNAME": typed, "PASSWORD": pw}
	}
	out, err := c.InitiateAuth(bg, &cip.InitiateAuthInput{ClientId: aws.String(e.client), AuthFlow: flow, AuthParameters: params})
	var md smithymiddleware.Metadata
	if out != nil {
		md = out.ResultMetadata
	}
	return e.answerOf(out, md, err)
}

func (e *env) adminInitiate(c *cip.Client, flow types.AuthFlowType, typed, pw string) answer {
	out, err := c.AdminInitiateAuth(bg, &cip.AdminInitiateAuthInput{UserPoolId: aws.String(e.poolID), ClientId: aws.String(e.client),
		AuthFlow: flow, AuthParameters: map[string]string{"USERNAME": typed, "PASSWORD": pw}})
	var md smithymiddleware.Metadata
	if out != nil {
		md = out.ResultMetadata
	}
	return e.answerOf(out, md, err)
}

// srpA returns a valid SRP_A (the proof is never made).
func (e *env) srpA(string) string {
	eph, err := srpauth.NewEphemeral(nil)
	e.must(err)
	return eph.PublicHex()
}

// srp runs USER_SRP_AUTH then PASSWORD_VERIFIER with password pw: the answers of
// both steps.
func (e *env) srp(c *cip.Client, typed, pw string) (answer, answer) {
	e.t.Helper()
	eph, err := srpauth.NewEphemeral(nil)
	e.must(err)
	out, err := c.InitiateAuth(bg, &cip.InitiateAuthInput{ClientId: aws.String(e.client), AuthFlow: types.AuthFlowTypeUserSrpAuth,
		AuthParameters: map[string]string{"USERNAME": typed, "SRP_A": eph.PublicHex()}})
	var md smithymiddleware.Metadata
	if out != nil {
		md = out.ResultMetadata
	}
	first := e.answerOf(out, md, err)
	if err != nil {
		return first, answer{}
	}
	return first, e.respondSRP(c, eph, out.ChallengeParameters, pw)
}

func (e *env) respondSRP(c *cip.Client, eph *srpauth.Ephemeral, cp map[string]string, pw string) answer {
	e.t.Helper()
	now := e.clk.now()
	proof, err := eph.Sign(srpauth.Challenge{PoolID: e.poolID, UserIDForSRP: cp["USER_ID_FOR_SRP"], Salt: cp["SALT"], SRPB: cp["SRP_B"],
		SecretBlock: cp["SECRET_BLOCK"]}, pw, now)
	e.must(err)
	rout, err := c.RespondToAuthChallenge(bg, &cip.RespondToAuthChallengeInput{ClientId: aws.String(e.client),
		ChallengeName: types.ChallengeNameTypePasswordVerifier, ChallengeResponses: map[string]string{
			"USERNAME": cp["USERNAME"], "PASSWORD_CLAIM_SECRET_BLOCK": cp["SECRET_BLOCK"],
			"TIMESTAMP": proof.Timestamp, "PASSWORD_CLAIM_SIGNATURE": proof.Signature}})
	var md smithymiddleware.Metadata
	if rout != nil {
		md = rout.ResultMetadata
	}
	return e.answerOf(rout, md, err)
}

func (e *env) forgot(c *cip.Client, typed string) answer {
	out, err := c.ForgotPassword(bg, &cip.ForgotPasswordInput{ClientId: aws.String(e.client), Username: aws.String(typed)})
	var md smithymiddleware.Metadata
	if out != nil {
		md = out.ResultMetadata
	}
	return e.answerOf(out, md, err)
}

func (e *env) confirmForgot(c *cip.Client, typed, cd string) answer {
	out, err := c.ConfirmForgotPassword(bg, &cip.ConfirmForgotPasswordInput{ClientId: aws.String(e.client), Username: aws.String(typed),
		ConfirmationCode: aws.String(cd), Password: aws.String("N3w!Passw0rd")})
	var md smithymiddleware.Metadata
	if out != nil {
		md = out.ResultMetadata
	}
	return e.answerOf(out, md, err)
}

func (e *env) resend(c *cip.Client, typed string) answer {
	out, err := c.ResendConfirmationCode(bg, &cip.ResendConfirmationCodeInput{ClientId: aws.String(e.client), Username: aws.String(typed)})
	var md smithymiddleware.Metadata
	if out != nil {
		md = out.ResultMetadata
	}
	return e.answerOf(out, md, err)
}

func (e *env) confirmSignUp(c *cip.Client, typed, cd string) answer {
	out, err := c.ConfirmSignUp(bg, &cip.ConfirmSignUpInput{ClientId: aws.String(e.client), Username: aws.String(typed), ConfirmationCode: aws.String(cd)})
	var md smithymiddleware.Metadata
	if out != nil {
		md = out.ResultMetadata
	}
	return e.answerOf(out, md, err)
}

func (e *env) signUp(c *cip.Client, name string) answer {
	email := name
	if !strings.Contains(name, "@") {
		email = name + "@example.com"
	}
	out, err := c.SignUp(bg, &cip.SignUpInput{ClientId: aws.String(e.client), Username: aws.String(name), Password: aws.String(goodPW),
		UserAttributes: []types.AttributeType{attr("email", email)}})
	var md smithymiddleware.Metadata
	if out != nil {
		md = out.ResultMetadata
	}
	return e.answerOf(out, md, err)
}
