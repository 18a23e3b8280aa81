package enumproof_test

// The attacker's tests of issue 11 (attack_*_test.go) share this file: pools of
// other configurations than newEnv's (case-insensitive usernames, phone numbers,
// no auto-verified attribute), and observations that add what an application (and
// an attacker using it) gets from errorsx to the answer of harness_test.go.

import (
	"errors"

	"fmt"
	"github.com/aws/smithy-go"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	smithymiddleware "github.com/aws/smithy-go/middleware"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/mockpool"
	"github.com/maskedauth/maskedauth/srpauth"
)

// msgAttemptsExceeded is Cognito's lockout message, as an attacker reads it.
const msgAttemptsExceeded = "Password attempts exceeded"

// poolSpec is a pool configuration of an attack env.
type poolSpec struct {
	shape shape
	// insensitive: UsernameConfiguration CaseSensitive false.
	insensitive bool
	// auto are the auto-verified attributes; nil means email (newEnv's pool).
	auto []string
	// noAuto: the pool auto-verifies nothing (auto is ignored).
	noAuto bool
	// noCaseFacts builds the Masker without WithNormalize: the pool's case
	// sensitivity is left for the middleware to guess (issue 11: refused).
	noCaseFacts bool
}

func (p poolSpec) autoVerified() []string {
	switch {
	case p.noAuto:
		return nil
	case p.auto == nil:
		return []string{"email"}
	}
	return p.auto
}

func (p poolSpec) String() string {
	s := string(p.shape)
	if p.insensitive {
		s += ",case-insensitive"
	}
	if p.noAuto {
		s += ",no-auto-verify"
	} else if p.auto != nil {
		s += ",auto=" + strings.Join(p.auto, "+")
	}
	return s
}

// attackEnv is an env whose Masker options are kept, so that tests can build more
// Maskers of the same configuration (a fresh start, per-operation masking).
type attackEnv struct {
	*env
	spec  poolSpec
	mopts []middleware.Option // the options of e.masker (maskedMode)
	// buildErr is middleware.New's error for the Masker of this env (the env then
	// has no masked client).
	buildErr error
}

func identity(s string) string { return s }

// newAttackEnv builds a server, a pool of spec and the clients of mode m like
// newEnv does; in maskedMode the Masker is told the pool's facts (its id and
// auto-verified attributes, its username attributes and, unless spec.noCaseFacts,
// its case sensitivity through WithNormalize). When middleware.New refuses the
// configuration, the env has no masked client and buildErr says why.
func newAttackEnv(t testing.TB, spec poolSpec, m mode, extra ...middleware.Option) *attackEnv {
	t.Helper()
	clk := &clock{}
	s := mockpool.New(mockpool.WithSecret(secret), mockpool.WithTestSigningKey(), mockpool.WithFixedCode(code),
		mockpool.WithClock(clk.now), mockpool.WithRand(rand.NewChaCha8([32]byte{7})))
	e := &env{t: t, shape: spec.shape, mode: m, s: s, clk: clk, admin: s.Client(), users: map[string]user{}}
	in := &cip.CreateUserPoolInput{PoolName: aws.String("attack")}
	for _, a := range spec.autoVerified() {
		in.AutoVerifiedAttributes = append(in.AutoVerifiedAttributes, types.VerifiedAttributeType(a))
	}
	if spec.insensitive {
		in.UsernameConfiguration = &types.UsernameConfigurationType{CaseSensitive: aws.Bool(false)}
	}
	switch spec.shape {
	case alias:
		in.AliasAttributes = []types.AliasAttributeType{types.AliasAttributeTypeEmail}
	case emailName:
		in.UsernameAttributes = []types.UsernameAttributeType{types.UsernameAttributeTypeEmail}
	}
	out, err := e.admin.CreateUserPool(bg, in)
	e.must(err)
	e.poolID = aws.ToString(out.UserPool.Id)
	legacyID := e.appClient("legacy", types.PreventUserExistenceErrorTypesLegacy)
	enabledID := e.appClient("enabled", types.PreventUserExistenceErrorTypesEnabled)
	e.rec = &recorder{next: s}
	useRec := func(o *cip.Options) { o.HTTPClient = e.rec }
	ae := &attackEnv{env: e, spec: spec}
	switch m {
	case enabledMode:
		e.client = enabledID
		e.c = s.Client(useRec)
		e.policy = e.c
	case legacyMode:
		e.client = legacyID
		e.c = s.Client(useRec)
		e.policy = e.c
	case maskedMode:
		e.client = legacyID
		opts := []middleware.Option{middleware.WithSecret(secret), middleware.WithUserPool(e.poolID, spec.autoVerified()...), middleware.WithClock(clk.now)}
		if spec.shape == emailName {
			opts = append(opts, middleware.WithUsernameAttributes("email"))
		}
		if spec.shape == alias {
			opts = append(opts, middleware.WithAliasAttributes("email"))
		}
		// The floor before a class has learned: the harness's (DefaultInitialFloor
		// is sized for Cognito, not the in-process pool).
		opts = append(opts, middleware.WithLearnedLatencyFloor(0, 0, harnessInitialFloor))
		if !spec.noCaseFacts {
			if spec.insensitive {
				opts = append(opts, middleware.WithNormalize(strings.ToLower))
			} else {
				opts = append(opts, middleware.WithNormalize(identity))
			}
		}
		opts = append(opts, extra...)
		ae.mopts = opts
		mk, err := middleware.New(opts...)
		if err != nil {
			ae.buildErr = err
			return ae
		}
		e.masker = mk
		e.c = s.Client(mk.ClientOption(), useRec)
		pol, err := middleware.New(append(opts, middleware.WithGenericUnconfirmed(), middleware.WithGenericDisabled(),
			middleware.WithSimulatedSignUp(nil))...)
		e.must(err)
		e.policy = s.Client(pol.ClientOption(), useRec)
	default:
		t.Fatalf("newAttackEnv: mode %s", m)
	}
	return ae
}

// addAttrs creates a confirmed user with the password goodPW and the given
// attributes (verified as given), typed as typed.
func (e *env) addAttrs(name, typed string, attrs ...types.AttributeType) user {
	e.t.Helper()
	_, err := e.admin.AdminCreateUser(bg, &cip.AdminCreateUserInput{UserPoolId: aws.String(e.poolID), Username: aws.String(name),
		UserAttributes: attrs, MessageAction: types.MessageActionTypeSuppress})
	e.must(err)
	_, err = e.admin.AdminSetUserPassword(bg, &cip.AdminSetUserPasswordInput{UserPoolId: aws.String(e.poolID), Username: aws.String(name),
		Password: aws.String(goodPW), Permanent: true})
	e.must(err)
	u := user{name: name, typed: typed}
	e.users[name] = u
	return u
}

// obs is one observation of an attacker: the answer (harness_test.go) and what
// errorsx makes of it (Kind and message key), the simulated values kept whole
// (USER_ID_FOR_SRP, SALT, UserSub, the delivery destination) for equality patterns.
type obs struct {
	a      answer
	result string // errorsx Kind/message key
	salt   string
	sub    string
	dest   string // the destination exactly as sent
}

func (o obs) String() string { return fmt.Sprintf("%v [%s]", o.a, o.result) }

// observe builds the observation of one call of op.
func (e *env) observe(op string, out any, md smithymiddleware.Metadata, err error) obs {
	e.t.Helper()
	var apiErr smithy.APIError
	if err != nil && !errors.As(err, &apiErr) {
		// No answer from the pool (the middleware refused the call): only the
		// Result tells what happened.
		r := errorsx.Classify(op, out, err)
		return obs{result: r.Kind.String() + "/" + r.Message.Key}
	}
	a := e.answerOf(out, md, err)
	if e.mode != enabledMode {
		// The wire carries LEGACY's answers under the middleware: what counts is
		// what the SDK client returns.
		a.wire = nil
	}
	r := errorsx.Classify(op, out, err)
	o := obs{a: a, result: r.Kind.String() + "/" + r.Message.Key}
	if err == nil {
		switch x := out.(type) {
		case *cip.InitiateAuthOutput:
			o.salt = x.ChallengeParameters["SALT"]
		case *cip.SignUpOutput:
			o.sub = aws.ToString(x.UserSub)
			if x.CodeDeliveryDetails != nil {
				o.dest = aws.ToString(x.CodeDeliveryDetails.Destination)
			}
		case *cip.ForgotPasswordOutput:
			if x.CodeDeliveryDetails != nil {
				o.dest = aws.ToString(x.CodeDeliveryDetails.Destination)
			}
		case *cip.ResendConfirmationCodeOutput:
			if x.CodeDeliveryDetails != nil {
				o.dest = aws.ToString(x.CodeDeliveryDetails.Destination)
			}
		}
	}
	return o
}

func mdOf(out any) smithymiddleware.Metadata {
	v := reflect.ValueOf(out)
	if !v.IsValid() || v.IsNil() {
		return smithymiddleware.Metadata{}
	}
	f := v.Elem().FieldByName("ResultMetadata")
	if !f.IsValid() {
		return smithymiddleware.Metadata{}
	}
	return f.Interface().(smithymiddleware.Metadata)
}

// ---- observed calls ----

func (e *env) oPassword(c *cip.Client, typed, pw string) obs {
	out, err := c.InitiateAuth(bg, &cip.InitiateAuthInput{ClientId: aws.String(e.client), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": typed, "PASSWORD": pw}})
	return e.observe("InitiateAuth", out, mdOf(out), err)
}

// oSRP runs USER_SRP_AUTH and, when it gives a challenge, the PASSWORD_VERIFIER
// answer with password pw: the observation of the last step, and of the first.
func (e *env) oSRP(c *cip.Client, typed, pw string) (last, first obs) {
	e.t.Helper()
	eph, err := srpauth.NewEphemeral(nil)
	e.must(err)
	out, err := c.InitiateAuth(bg, &cip.InitiateAuthInput{ClientId: aws.String(e.client), AuthFlow: types.AuthFlowTypeUserSrpAuth,
		AuthParameters: map[string]string{"USERNAME": typed, "SRP_A": eph.PublicHex()}})
	first = e.observe("InitiateAuth", out, mdOf(out), err)
	if err != nil {
		return first, first
	}
	cp := out.ChallengeParameters
	proof, err := eph.Sign(srpauth.Challenge{PoolID: e.poolID, UserIDForSRP: cp["USER_ID_FOR_SRP"], Salt: cp["SALT"], SRPB: cp["SRP_B"],
		SecretBlock: cp["SECRET_BLOCK"]}, pw, e.clk.now())
	e.must(err)
	rout, err := c.RespondToAuthChallenge(bg, &cip.RespondToAuthChallengeInput{ClientId: aws.String(e.client),
		ChallengeName: types.ChallengeNameTypePasswordVerifier, ChallengeResponses: map[string]string{
			"USERNAME": cp["USERNAME"], "PASSWORD_CLAIM_SECRET_BLOCK": cp["SECRET_BLOCK"],
			"TIMESTAMP": proof.Timestamp, "PASSWORD_CLAIM_SIGNATURE": proof.Signature}})
	return e.observe("RespondToAuthChallenge", rout, mdOf(rout), err), first
}

func (e *env) oForgot(c *cip.Client, typed string) obs {
	out, err := c.ForgotPassword(bg, &cip.ForgotPasswordInput{ClientId: aws.String(e.client), Username: aws.String(typed)})
	return e.observe("ForgotPassword", out, mdOf(out), err)
}

func (e *env) oConfirmForgot(c *cip.Client, typed, cd string) obs {
	out, err := c.ConfirmForgotPassword(bg, &cip.ConfirmForgotPasswordInput{ClientId: aws.String(e.client), Username: aws.String(typed),
		ConfirmationCode: aws.String(cd), Password: aws.String("N3w!Passw0rd")})
	return e.observe("ConfirmForgotPassword", out, mdOf(out), err)
}

func (e *env) oResend(c *cip.Client, typed string) obs {
	out, err := c.ResendConfirmationCode(bg, &cip.ResendConfirmationCodeInput{ClientId: aws.String(e.client), Username: aws.String(typed)})
	return e.observe("ResendConfirmationCode", out, mdOf(out), err)
}

func (e *env) oSignUp(c *cip.Client, name string) obs {
	email := name
	if !strings.Contains(name, "@") {
		email = name + "@example.com"
	}
	out, err := c.SignUp(bg, &cip.SignUpInput{ClientId: aws.String(e.client), Username: aws.String(name), Password: aws.String(goodPW),
		UserAttributes: []types.AttributeType{attr("email", email)}})
	return e.observe("SignUp", out, mdOf(out), err)
}

// ---- comparisons ----

// obsDiff says how two observations differ ("" when they do not), the
// USER_ID_FOR_SRP shape aside (a leak Cognito keeps, see TestLeaksCognitoKeeps).
func obsDiff(k, u obs) string {
	d := diff(k.a, u.a, false)
	if k.result != u.result {
		if d != "" {
			d += "; "
		}
		d += fmt.Sprintf("errorsx %s / %s", k.result, u.result)
	}
	return d
}

// seqDiff compares two sequences of observations step by step.
func seqDiff(known, unknown []obs) []string {
	var out []string
	if len(known) != len(unknown) {
		out = append(out, fmt.Sprintf("%d / %d answers", len(known), len(unknown)))
	}
	for i := range min(len(known), len(unknown)) {
		if d := obsDiff(known[i], unknown[i]); d != "" {
			out = append(out, fmt.Sprintf("attempt %d: %s", i+1, d))
		}
	}
	return out
}

// reportSeq fails t with the first step where two sequences differ (and how many
// do), both sequences in short.
func reportSeq(t testing.TB, what string, known, unknown []obs) {
	t.Helper()
	if d := seqDiff(known, unknown); len(d) > 0 {
		t.Errorf("%s: known %s / unknown %s: %s (%d of %d steps differ)", what, seqString(known), seqString(unknown), d[0], len(d), len(known))
	}
}

// seqString lists the error messages (or "ok") of a sequence, for failure reports.
func seqString(s []obs) string {
	var b []string
	for _, o := range s {
		if o.a.code == "" {
			b = append(b, "ok")
			continue
		}
		b = append(b, o.a.msg)
	}
	return "[" + strings.Join(b, " | ") + "]"
}

// equalPattern says, for each pair of values, whether they are equal: the pattern
// an attacker compares across repeated requests (a stable value against a fresh one).
func equalPattern(vals []string) string {
	var b strings.Builder
	for i := range vals {
		for j := i + 1; j < len(vals); j++ {
			if vals[i] == vals[j] {
				b.WriteByte('=')
			} else {
				b.WriteByte('x')
			}
		}
	}
	return b.String()
}

// fineMask reduces a delivery destination to its shape, finer than maskPattern:
// lower-case letters a, capitals A, digits 9, other characters as they are, and
// every '*' kept (their number is the hidden length).
func fineMask(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteByte('9')
		case r >= 'a' && r <= 'z':
			b.WriteByte('a')
		case r >= 'A' && r <= 'Z':
			b.WriteByte('A')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
