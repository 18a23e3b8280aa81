package mockpool_test

import (
	"errors"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"github.com/maskedauth/maskedauth/internal/cognito"
	"github.com/maskedauth/maskedauth/mockpool"
)

// uaEnv is an env whose pool allows the given first factors and whose clients
// allow USER_AUTH.
func uaEnv(t *testing.T, factors ...types.AuthFactorType) *env {
	t.Helper()
	s, c, clk := newServer(t)
	in := &cip.CreateUserPoolInput{AutoVerifiedAttributes: []types.VerifiedAttributeType{"email"},
		Policies: &types.UserPoolPolicyType{SignInPolicy: &types.SignInPolicyType{AllowedFirstAuthFactors: factors}}}
	e := &env{t: t, s: s, c: c, clk: clk, pool: createPool(t, c, in), clients: map[types.PreventUserExistenceErrorTypes]string{}}
	for _, m := range modes {
		e.clients[m], _ = createClient(t, c, e.pool, m, false, types.ExplicitAuthFlowsTypeAllowUserAuth,
			types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth, types.ExplicitAuthFlowsTypeAllowUserSrpAuth)
	}
	return e
}

var otpFactors = []types.AuthFactorType{types.AuthFactorTypePassword, types.AuthFactorTypeEmailOtp, types.AuthFactorTypeSmsOtp}

// addPasswordless creates alice with a password, a verified email and a verified
// phone number.
func (e *env) addAlice() {
	e.t.Helper()
	e.addUser("alice", strAttr("email", "alice@example.com"), strAttr("email_verified", "true"),
		strAttr("phone_number", "+15555550100"), strAttr("phone_number_verified", "true"))
}

func (e *env) uaInit(mode types.PreventUserExistenceErrorTypes, username string, extra ...string) (*cip.InitiateAuthOutput, error) {
	p := map[string]string{"USERNAME": username}
	for i := 0; i+1 < len(extra); i += 2 {
		p[extra[i]] = extra[i+1]
	}
	return e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: aws.String(e.clients[mode]), AuthFlow: types.AuthFlowTypeUserAuth, AuthParameters: p})
}

func (e *env) uaRespond(mode types.PreventUserExistenceErrorTypes, name types.ChallengeNameType, session *string, username string, extra ...string) (*cip.RespondToAuthChallengeOutput, error) {
	r := map[string]string{"USERNAME": username}
	for i := 0; i+1 < len(extra); i += 2 {
		r[extra[i]] = extra[i+1]
	}
	return e.c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: aws.String(e.clients[mode]), ChallengeName: name,
		Session: session, ChallengeResponses: r})
}

// errText is "Code: message" of an API error ("" for nil).
func errText(err error) string {
	if err == nil {
		return ""
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode() + ": " + ae.ErrorMessage()
	}
	return err.Error()
}

func keysOf(m map[string]string) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ",")
}

// uaView is what an attacker sees of one USER_AUTH step.
type uaView struct {
	err       string
	challenge types.ChallengeNameType
	keys      string
	avail     []types.ChallengeNameType
	session   int // length
}

func viewInit(out *cip.InitiateAuthOutput, err error) uaView {
	if err != nil {
		return uaView{err: errText(err)}
	}
	return uaView{challenge: out.ChallengeName, keys: keysOf(out.ChallengeParameters), avail: out.AvailableChallenges, session: len(aws.ToString(out.Session))}
}

func viewRespond(out *cip.RespondToAuthChallengeOutput, err error) uaView {
	if err != nil {
		return uaView{err: errText(err)}
	}
	v := uaView{challenge: out.ChallengeName, keys: keysOf(out.ChallengeParameters), session: len(aws.ToString(out.Session))}
	if out.AuthenticationResult != nil {
		v.keys = "TOKENS"
	}
	return v
}

func sameView(t *testing.T, what string, known, unknown uaView) {
	t.Helper()
	if known.err != unknown.err || known.challenge != unknown.challenge || known.keys != unknown.keys ||
		strings.Join(challengeStrings(known.avail), ",") != strings.Join(challengeStrings(unknown.avail), ",") || known.session != unknown.session {
		t.Errorf("%s differs:\nknown   %+v\nunknown %+v", what, known, unknown)
	}
}

func challengeStrings(l []types.ChallengeNameType) []string {
	out := make([]string, len(l))
	for i, c := range l {
		out[i] = string(c)
	}
	return out
}

// TestUserAuthDifferentialEnabled: under ENABLED, every step of a choice-based
// sign-in answers a known user's wrong answers exactly as an unknown name's.
func TestUserAuthDifferentialEnabled(t *testing.T) {
	e := uaEnv(t, otpFactors...)
	e.addAlice()
	const unknown = "nobody"
	steps := []struct {
		name string
		run  func(user string) []uaView
	}{
		{"select", func(u string) []uaView {
			return []uaView{viewInit(e.uaInit(enabled, u))}
		}},
		{"select EMAIL_OTP, wrong code x6", func(u string) []uaView {
			out, err := e.uaInit(enabled, u)
			if err != nil {
				return []uaView{viewInit(out, err)}
			}
			vs := []uaView{viewInit(out, err)}
			r, err := e.uaRespond(enabled, types.ChallengeNameTypeSelectChallenge, out.Session, u, "ANSWER", "EMAIL_OTP")
			vs = append(vs, viewRespond(r, err))
			if err != nil {
				return vs
			}
			for i := 0; i < 6; i++ {
				r2, err := e.uaRespond(enabled, types.ChallengeNameTypeEmailOtp, r.Session, u, "EMAIL_OTP_CODE", "999999")
				vs = append(vs, viewRespond(r2, err))
			}
			return vs
		}},
		{"select SMS_OTP, wrong code", func(u string) []uaView {
			out, err := e.uaInit(enabled, u)
			if err != nil {
				return []uaView{viewInit(out, err)}
			}
			r, err := e.uaRespond(enabled, types.ChallengeNameTypeSelectChallenge, out.Session, u, "ANSWER", "SMS_OTP")
			vs := []uaView{viewRespond(r, err)}
			if err == nil {
				vs = append(vs, viewRespond(e.uaRespond(enabled, types.ChallengeNameTypeSmsOtp, r.Session, u, "SMS_OTP_CODE", "999999")))
			}
			return vs
		}},
		{"select PASSWORD with a wrong password", func(u string) []uaView {
			out, err := e.uaInit(enabled, u)
			if err != nil {
				return []uaView{viewInit(out, err)}
			}
			return []uaView{viewRespond(e.uaRespond(enabled, types.ChallengeNameTypeSelectChallenge, out.Session, u, "ANSWER", "PASSWORD", "PASSWORD", "Wrong-pass1"))}
		}},
		{"select PASSWORD, then a wrong password", func(u string) []uaView {
			out, err := e.uaInit(enabled, u)
			if err != nil {
				return []uaView{viewInit(out, err)}
			}
			r, err := e.uaRespond(enabled, types.ChallengeNameTypeSelectChallenge, out.Session, u, "ANSWER", "PASSWORD")
			vs := []uaView{viewRespond(r, err)}
			if err == nil {
				vs = append(vs, viewRespond(e.uaRespond(enabled, types.ChallengeNameTypePassword, r.Session, u, "PASSWORD", "Wrong-pass1")))
			}
			return vs
		}},
		{"select PASSWORD_SRP with SRP_A, then a wrong proof", func(u string) []uaView {
			cl := newTClient(nil)
			out, err := e.uaInit(enabled, u)
			if err != nil {
				return []uaView{viewInit(out, err)}
			}
			r, err := e.uaRespond(enabled, types.ChallengeNameTypeSelectChallenge, out.Session, u, "ANSWER", "PASSWORD_SRP", "SRP_A", cl.A.Text(16))
			vs := []uaView{viewRespond(r, err)}
			if err == nil {
				p := r.ChallengeParameters
				vs = append(vs, viewRespond(e.uaRespond(enabled, types.ChallengeNameTypePasswordVerifier, r.Session, p["USERNAME"],
					"PASSWORD_CLAIM_SECRET_BLOCK", p["SECRET_BLOCK"], "TIMESTAMP", srpTS,
					"PASSWORD_CLAIM_SIGNATURE", cl.proof(e.pool[strings.IndexByte(e.pool, '_')+1:], p["USER_ID_FOR_SRP"], "Wrong-pass1", p["SALT"], p["SRP_B"], p["SECRET_BLOCK"], srpTS))))
			}
			return vs
		}},
		{"select a factor the pool does not allow", func(u string) []uaView {
			out, err := e.uaInit(enabled, u)
			if err != nil {
				return []uaView{viewInit(out, err)}
			}
			return []uaView{viewRespond(e.uaRespond(enabled, types.ChallengeNameTypeSelectChallenge, out.Session, u, "ANSWER", "WEB_AUTHN"))}
		}},
		{"bad session", func(u string) []uaView {
			s := aws.String(strings.Repeat("A", 128))
			return []uaView{viewRespond(e.uaRespond(enabled, types.ChallengeNameTypeEmailOtp, s, u, "EMAIL_OTP_CODE", "123456"))}
		}},
	}
	for _, st := range steps {
		k, u := st.run("alice"), st.run(unknown)
		if len(k) != len(u) {
			t.Errorf("%s: %d steps for the known user, %d for the unknown (%+v / %+v)", st.name, len(k), len(u), k, u)
			continue
		}
		for i := range k {
			sameView(t, st.name+" step "+string(rune('0'+i)), k[i], u[i])
		}
		// The steps must get somewhere: an answer that fails identically because
		// USER_AUTH is refused proves nothing.
		if st.name != "bad session" && (len(k) < 2 && !strings.HasPrefix(k[0].err, "NotAuthorizedException: Incorrect") &&
			!strings.HasPrefix(k[0].err, "InvalidParameterException: Challenge not available") && k[0].challenge == "") {
			t.Errorf("%s: the known user got nowhere: %+v", st.name, k)
		}
		if len(k) > 1 && k[0].challenge == "" {
			t.Errorf("%s: no challenge for the known user: %+v", st.name, k)
		}
	}
}

// TestUserAuthUnknownPreferred: under ENABLED an unknown name with a
// PREFERRED_CHALLENGE gets one of the pool's allowed challenges (drawn afresh:
// Cognito's random selection), and its answer fails as a known user's wrong one;
// under LEGACY it gets UserNotFoundException.
func TestUserAuthUnknownPreferred(t *testing.T) {
	e := uaEnv(t, otpFactors...)
	e.addAlice()
	seen := map[types.ChallengeNameType]int{}
	for i := 0; i < 60; i++ {
		out, err := e.uaInit(enabled, "nobody", "PREFERRED_CHALLENGE", "EMAIL_OTP")
		noErr(t, err)
		seen[out.ChallengeName]++
		var known uaView
		var got uaView
		switch out.ChallengeName {
		case types.ChallengeNameTypeEmailOtp, types.ChallengeNameTypeSmsOtp:
			code := "EMAIL_OTP_CODE"
			if out.ChallengeName == types.ChallengeNameTypeSmsOtp {
				code = "SMS_OTP_CODE"
			}
			if out.ChallengeParameters["CODE_DELIVERY_DESTINATION"] == "" || out.ChallengeParameters["USERNAME"] != "" {
				t.Fatalf("simulated %s parameters %v", out.ChallengeName, out.ChallengeParameters)
			}
			got = viewRespond(e.uaRespond(enabled, out.ChallengeName, out.Session, "nobody", code, "999999"))
			k, err := e.uaInit(enabled, "alice", "PREFERRED_CHALLENGE", string(out.ChallengeName))
			noErr(t, err)
			known = viewRespond(e.uaRespond(enabled, k.ChallengeName, k.Session, "alice", code, "999999"))
		case types.ChallengeNameTypePassword:
			got = viewRespond(e.uaRespond(enabled, out.ChallengeName, out.Session, "nobody", "PASSWORD", "Wrong-pass1"))
			k, err := e.uaInit(enabled, "alice", "PREFERRED_CHALLENGE", "PASSWORD")
			noErr(t, err)
			known = viewRespond(e.uaRespond(enabled, k.ChallengeName, k.Session, "alice", "PASSWORD", "Wrong-pass1"))
		default:
			t.Fatalf("simulated challenge %q", out.ChallengeName)
		}
		sameView(t, "answer to "+string(out.ChallengeName), known, got)
		if i%4 == 3 { // keep clear of the lockouts
			e.advance(2 * time.Hour)
		}
	}
	if len(seen) < 2 {
		t.Errorf("the simulated challenge never changed: %v", seen)
	}
	_, err := e.uaInit(legacy, "nobody", "PREFERRED_CHALLENGE", "EMAIL_OTP")
	apiErr(t, err, "UserNotFoundException", "User does not exist.")
	_, err = e.uaInit(legacy, "nobody")
	apiErr(t, err, "UserNotFoundException", "User does not exist.")
}

// TestUserAuthLegacyUnknownSelect: LEGACY answers an unknown name
// UserNotFoundException at InitiateAuth, with and without a preference.
func TestUserAuthLegacyUnknown(t *testing.T) {
	e := uaEnv(t, otpFactors...)
	for _, pref := range []string{"", "PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"} {
		var extra []string
		if pref != "" {
			extra = []string{"PREFERRED_CHALLENGE", pref}
		}
		_, err := e.uaInit(legacy, "nobody", extra...)
		apiErr(t, err, "UserNotFoundException", "User does not exist.")
	}
}

// TestUserAuthFactors: a known user signs in with every factor, by preference and
// by SELECT_CHALLENGE, plain and admin.
func TestUserAuthFactors(t *testing.T) {
	e := uaEnv(t, otpFactors...)
	e.addAlice()
	tokens := func(t *testing.T) func(*cip.RespondToAuthChallengeOutput, error) {
		return func(out *cip.RespondToAuthChallengeOutput, err error) {
			t.Helper()
			noErr(t, err)
			if out.AuthenticationResult == nil || aws.ToString(out.AuthenticationResult.AccessToken) == "" {
				t.Fatalf("no tokens: %+v", out)
			}
		}
	}
	lastCode := func(t *testing.T, medium string) string {
		t.Helper()
		ms := e.s.Messages(mockpool.MessageFilter{UserPoolID: e.pool})
		if len(ms) == 0 || ms[len(ms)-1].Medium != medium || ms[len(ms)-1].Purpose == "" {
			t.Fatalf("no %s message: %+v", medium, ms)
		}
		return ms[len(ms)-1].Code
	}
	t.Run("select", func(t *testing.T) {
		out, err := e.uaInit(enabled, "alice")
		noErr(t, err)
		if out.ChallengeName != types.ChallengeNameTypeSelectChallenge || len(out.ChallengeParameters) != 0 {
			t.Fatalf("got %s %v", out.ChallengeName, out.ChallengeParameters)
		}
		want := cognito.AvailableChallenges([]string{"PASSWORD", "EMAIL_OTP", "SMS_OTP"})
		if got := challengeStrings(out.AvailableChallenges); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Fatalf("AvailableChallenges %v, want %v", got, want)
		}
	})
	for _, f := range []struct{ answer, codeKey, medium string }{{"EMAIL_OTP", "EMAIL_OTP_CODE", "EMAIL"}, {"SMS_OTP", "SMS_OTP_CODE", "SMS"}} {
		t.Run("select "+f.answer, func(t *testing.T) {
			out, err := e.uaInit(enabled, "alice")
			noErr(t, err)
			r, err := e.uaRespond(enabled, types.ChallengeNameTypeSelectChallenge, out.Session, "alice", "ANSWER", f.answer)
			noErr(t, err)
			if string(r.ChallengeName) != f.answer || r.ChallengeParameters["CODE_DELIVERY_DELIVERY_MEDIUM"] != f.medium {
				t.Fatalf("got %s %v", r.ChallengeName, r.ChallengeParameters)
			}
			code := lastCode(t, f.medium)
			_, err = e.uaRespond(enabled, r.ChallengeName, r.Session, "alice", f.codeKey, "999999")
			apiErr(t, err, "CodeMismatchException", cognito.MsgSignInCodeMismatch)
			tokens(t)(e.uaRespond(enabled, r.ChallengeName, r.Session, "alice", f.codeKey, code))
		})
		t.Run("prefer "+f.answer, func(t *testing.T) {
			out, err := e.uaInit(legacy, "alice", "PREFERRED_CHALLENGE", f.answer)
			noErr(t, err)
			if string(out.ChallengeName) != f.answer {
				t.Fatalf("got %s", out.ChallengeName)
			}
			tokens(t)(e.uaRespond(legacy, out.ChallengeName, out.Session, "alice", f.codeKey, lastCode(t, f.medium)))
		})
	}
	t.Run("prefer PASSWORD with the password", func(t *testing.T) {
		out, err := e.uaInit(enabled, "alice", "PREFERRED_CHALLENGE", "PASSWORD", "PASSWORD", goodPW)
		noErr(t, err)
		if out.AuthenticationResult == nil {
			t.Fatalf("no tokens: %+v", out)
		}
	})
	t.Run("prefer PASSWORD, then the password", func(t *testing.T) {
		out, err := e.uaInit(enabled, "alice", "PREFERRED_CHALLENGE", "PASSWORD")
		noErr(t, err)
		if out.ChallengeName != types.ChallengeNameTypePassword {
			t.Fatalf("got %s", out.ChallengeName)
		}
		tokens(t)(e.uaRespond(enabled, out.ChallengeName, out.Session, "alice", "PASSWORD", goodPW))
	})
	t.Run("select PASSWORD_SRP", func(t *testing.T) {
		cl := newTClient(nil)
		out, err := e.uaInit(enabled, "alice")
		noErr(t, err)
		r, err := e.uaRespond(enabled, types.ChallengeNameTypeSelectChallenge, out.Session, "alice", "ANSWER", "PASSWORD_SRP", "SRP_A", cl.A.Text(16))
		noErr(t, err)
		p := r.ChallengeParameters
		if r.ChallengeName != types.ChallengeNameTypePasswordVerifier || p["USER_ID_FOR_SRP"] != "alice" || p["USERNAME"] != "alice" {
			t.Fatalf("got %s %v", r.ChallengeName, p)
		}
		tokens(t)(e.uaRespond(enabled, types.ChallengeNameTypePasswordVerifier, r.Session, "alice",
			"PASSWORD_CLAIM_SECRET_BLOCK", p["SECRET_BLOCK"], "TIMESTAMP", srpTS,
			"PASSWORD_CLAIM_SIGNATURE", cl.proof(e.pool[strings.IndexByte(e.pool, '_')+1:], "alice", goodPW, p["SALT"], p["SRP_B"], p["SECRET_BLOCK"], srpTS)))
	})
	t.Run("prefer PASSWORD_SRP with SRP_A, admin", func(t *testing.T) {
		cl := newTClient(nil)
		out, err := e.c.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{UserPoolId: &e.pool, ClientId: aws.String(e.clients[enabled]),
			AuthFlow: types.AuthFlowTypeUserAuth, AuthParameters: map[string]string{"USERNAME": "alice", "PREFERRED_CHALLENGE": "PASSWORD_SRP", "SRP_A": cl.A.Text(16)}})
		noErr(t, err)
		p := out.ChallengeParameters
		if out.ChallengeName != types.ChallengeNameTypePasswordVerifier {
			t.Fatalf("got %s %v", out.ChallengeName, p)
		}
		r, err := e.c.AdminRespondToAuthChallenge(ctx, &cip.AdminRespondToAuthChallengeInput{UserPoolId: &e.pool, ClientId: aws.String(e.clients[enabled]),
			ChallengeName: types.ChallengeNameTypePasswordVerifier, Session: out.Session, ChallengeResponses: map[string]string{"USERNAME": "alice",
				"PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"], "TIMESTAMP": srpTS,
				"PASSWORD_CLAIM_SIGNATURE": cl.proof(e.pool[strings.IndexByte(e.pool, '_')+1:], "alice", goodPW, p["SALT"], p["SRP_B"], p["SECRET_BLOCK"], srpTS)}})
		noErr(t, err)
		if r.AuthenticationResult == nil {
			t.Fatal("no tokens")
		}
	})
	t.Run("code expires", func(t *testing.T) {
		out, err := e.uaInit(enabled, "alice", "PREFERRED_CHALLENGE", "EMAIL_OTP")
		noErr(t, err)
		code := lastCode(t, "EMAIL")
		e.advance(4 * time.Minute)
		_, err = e.uaRespond(enabled, out.ChallengeName, out.Session, "alice", "EMAIL_OTP_CODE", code)
		apiErr(t, err, "NotAuthorizedException", cognito.MsgSessionExpired)
	})
	t.Run("preference the pool does not allow", func(t *testing.T) {
		for _, m := range modes {
			for _, u := range []string{"alice", "nobody"} {
				_, err := e.uaInit(m, u, "PREFERRED_CHALLENGE", "WEB_AUTHN")
				apiErr(t, err, "InvalidParameterException", cognito.MsgChallengeNotAvailablePrefix+"WEB_AUTHN")
			}
		}
	})
}

// TestUserAuthCodeLimit: a sixth wrong sign-in code within an hour is
// LimitExceededException, for a known user and an unknown name alike.
func TestUserAuthCodeLimit(t *testing.T) {
	e := uaEnv(t, types.AuthFactorTypeEmailOtp)
	e.addAlice()
	for _, u := range []string{"alice", "nobody"} {
		var last error
		for i := 0; i < 6; i++ {
			out, err := e.uaInit(enabled, u, "PREFERRED_CHALLENGE", "EMAIL_OTP")
			noErr(t, err)
			_, last = e.uaRespond(enabled, out.ChallengeName, out.Session, u, "EMAIL_OTP_CODE", "999999")
			if i < 5 {
				apiErr(t, last, "CodeMismatchException", cognito.MsgSignInCodeMismatch)
			}
		}
		apiErr(t, last, "LimitExceededException", "")
	}
}

// TestUserAuthNotEnabled: USER_AUTH needs ALLOW_USER_AUTH.
func TestUserAuthNotEnabled(t *testing.T) {
	e := uaEnv(t, otpFactors...)
	id, _ := createClient(t, e.c, e.pool, enabled, false, types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	_, err := e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &id, AuthFlow: types.AuthFlowTypeUserAuth, AuthParameters: map[string]string{"USERNAME": "alice"}})
	apiErr(t, err, "InvalidParameterException", cognito.MsgUserAuthFlowNotEnabled)
}

// TestUserAuthPolicyEcho: DescribeUserPool echoes the sign-in policy; the default
// is PASSWORD.
func TestUserAuthPolicyEcho(t *testing.T) {
	e := uaEnv(t, otpFactors...)
	out, err := e.c.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &e.pool})
	noErr(t, err)
	if got := out.UserPool.Policies.SignInPolicy; got == nil || len(got.AllowedFirstAuthFactors) != 3 {
		t.Fatalf("SignInPolicy %+v", got)
	}
	id := createPool(t, e.c, &cip.CreateUserPoolInput{})
	out, err = e.c.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &id})
	noErr(t, err)
	if got := out.UserPool.Policies.SignInPolicy; got == nil || len(got.AllowedFirstAuthFactors) != 1 || got.AllowedFirstAuthFactors[0] != types.AuthFactorTypePassword {
		t.Fatalf("default SignInPolicy %+v", got)
	}
}

// TestEmailMFA: EMAIL_OTP as a second factor after a password, once the pool has an
// EmailMfaConfiguration and the user enabled EmailMfaSettings.
func TestEmailMFA(t *testing.T) {
	e := uaEnv(t, otpFactors...)
	e.addAlice()
	_, err := e.c.SetUserPoolMfaConfig(ctx, &cip.SetUserPoolMfaConfigInput{UserPoolId: &e.pool, MfaConfiguration: types.UserPoolMfaTypeOptional,
		EmailMfaConfiguration: &types.EmailMfaConfigType{}})
	noErr(t, err)
	_, err = e.c.AdminSetUserMFAPreference(ctx, &cip.AdminSetUserMFAPreferenceInput{UserPoolId: &e.pool, Username: aws.String("alice"),
		EmailMfaSettings: &types.EmailMfaSettingsType{Enabled: true, PreferredMfa: true}})
	noErr(t, err)
	u, err := e.c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &e.pool, Username: aws.String("alice")})
	noErr(t, err)
	if aws.ToString(u.PreferredMfaSetting) != "EMAIL_OTP" || len(u.UserMFASettingList) != 1 {
		t.Fatalf("MFA settings %v %v", aws.ToString(u.PreferredMfaSetting), u.UserMFASettingList)
	}
	out, err := e.uaInit(enabled, "alice", "PREFERRED_CHALLENGE", "PASSWORD", "PASSWORD", goodPW)
	noErr(t, err)
	if out.ChallengeName != types.ChallengeNameTypeEmailOtp || out.ChallengeParameters["CODE_DELIVERY_DELIVERY_MEDIUM"] != "EMAIL" {
		t.Fatalf("got %s %v", out.ChallengeName, out.ChallengeParameters)
	}
	ms := e.s.Messages(mockpool.MessageFilter{UserPoolID: e.pool})
	if len(ms) == 0 || ms[len(ms)-1].Purpose != "EMAIL_OTP" || ms[len(ms)-1].Destination != "alice@example.com" {
		t.Fatalf("messages %+v", ms)
	}
	_, err = e.uaRespond(enabled, out.ChallengeName, out.Session, "alice", "EMAIL_OTP_CODE", "999999")
	apiErr(t, err, "CodeMismatchException", "")
	r, err := e.uaRespond(enabled, out.ChallengeName, out.Session, "alice", "EMAIL_OTP_CODE", ms[len(ms)-1].Code)
	noErr(t, err)
	if r.AuthenticationResult == nil {
		t.Fatal("no tokens")
	}
	// USER_PASSWORD_AUTH asks for it too.
	id, _ := createClient(t, e.c, e.pool, enabled, false)
	li, err := e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &id, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "alice", "PASSWORD": goodPW}})
	noErr(t, err)
	if li.ChallengeName != types.ChallengeNameTypeEmailOtp {
		t.Fatalf("got %s", li.ChallengeName)
	}
}

// TestUserAuthMore: PASSWORD_SRP answered in its own step, a preference the user
// cannot use (SELECT_CHALLENGE instead), and a disabled user, masked under ENABLED
// like an unknown name.
func TestUserAuthMore(t *testing.T) {
	e := uaEnv(t, otpFactors...)
	e.addAlice()
	e.addUser("bob") // a password only
	t.Run("PASSWORD_SRP, then SRP_A", func(t *testing.T) {
		cl := newTClient(nil)
		out, err := e.uaInit(enabled, "alice", "PREFERRED_CHALLENGE", "PASSWORD_SRP")
		noErr(t, err)
		if out.ChallengeName != types.ChallengeNameTypePasswordSrp || len(out.ChallengeParameters) != 0 {
			t.Fatalf("got %s %v", out.ChallengeName, out.ChallengeParameters)
		}
		r, err := e.uaRespond(enabled, out.ChallengeName, out.Session, "alice", "SRP_A", cl.A.Text(16))
		noErr(t, err)
		p := r.ChallengeParameters
		if r.ChallengeName != types.ChallengeNameTypePasswordVerifier {
			t.Fatalf("got %s", r.ChallengeName)
		}
		r, err = e.uaRespond(enabled, types.ChallengeNameTypePasswordVerifier, r.Session, "alice",
			"PASSWORD_CLAIM_SECRET_BLOCK", p["SECRET_BLOCK"], "TIMESTAMP", srpTS,
			"PASSWORD_CLAIM_SIGNATURE", cl.proof(e.pool[strings.IndexByte(e.pool, '_')+1:], "alice", goodPW, p["SALT"], p["SRP_B"], p["SECRET_BLOCK"], srpTS))
		noErr(t, err)
		if r.AuthenticationResult == nil {
			t.Fatal("no tokens")
		}
	})
	t.Run("a preference the user cannot use", func(t *testing.T) {
		out, err := e.uaInit(legacy, "bob", "PREFERRED_CHALLENGE", "EMAIL_OTP")
		noErr(t, err)
		if out.ChallengeName != types.ChallengeNameTypeSelectChallenge || strings.Join(challengeStrings(out.AvailableChallenges), ",") != "PASSWORD_SRP,PASSWORD" {
			t.Fatalf("got %s %v", out.ChallengeName, out.AvailableChallenges)
		}
		_, err = e.uaRespond(legacy, types.ChallengeNameTypeSelectChallenge, out.Session, "bob", "ANSWER", "EMAIL_OTP")
		apiErr(t, err, "InvalidParameterException", cognito.MsgChallengeNotAvailablePrefix+"EMAIL_OTP")
	})
	t.Run("an admin session answered publicly", func(t *testing.T) {
		out, err := e.c.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{UserPoolId: &e.pool, ClientId: aws.String(e.clients[enabled]),
			AuthFlow: types.AuthFlowTypeUserAuth, AuthParameters: map[string]string{"USERNAME": "alice"}})
		noErr(t, err)
		_, err = e.uaRespond(enabled, types.ChallengeNameTypeSelectChallenge, out.Session, "alice", "ANSWER", "PASSWORD", "PASSWORD", goodPW)
		apiErr(t, err, "NotAuthorizedException", cognito.MsgInvalidSession)
	})
	t.Run("disabled", func(t *testing.T) {
		e.addUser("dave", strAttr("email", "dave@example.com"), strAttr("email_verified", "true"),
			strAttr("phone_number", "+15555550101"), strAttr("phone_number_verified", "true"))
		_, err := e.c.AdminDisableUser(ctx, &cip.AdminDisableUserInput{UserPoolId: &e.pool, Username: aws.String("dave")})
		noErr(t, err)
		run := func(u string) []uaView {
			out, err := e.uaInit(enabled, u)
			vs := []uaView{viewInit(out, err)}
			if err != nil {
				return vs
			}
			r, err := e.uaRespond(enabled, types.ChallengeNameTypeSelectChallenge, out.Session, u, "ANSWER", "EMAIL_OTP")
			vs = append(vs, viewRespond(r, err))
			if err == nil {
				vs = append(vs, viewRespond(e.uaRespond(enabled, r.ChallengeName, r.Session, u, "EMAIL_OTP_CODE", "123456")))
			}
			return vs
		}
		k, u := run("dave"), run("nobody2")
		if len(k) != 3 || len(u) != 3 {
			t.Fatalf("%+v / %+v", k, u)
		}
		for i := range k {
			sameView(t, "disabled step "+string(rune('0'+i)), k[i], u[i])
		}
		_, err = e.uaInit(legacy, "dave")
		apiErr(t, err, "NotAuthorizedException", "User is disabled.")
	})
}
