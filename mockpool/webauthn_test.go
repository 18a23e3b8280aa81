package mockpool_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/document"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/internal/cognito"
	"github.com/maskedauth/maskedauth/internal/webauthntest"
)

var passkeyFactors = []types.AuthFactorType{types.AuthFactorTypePassword, types.AuthFactorTypeWebAuthn}

// passkeyEnv is a pool allowing PASSWORD and WEB_AUTHN with relying party rp.
func passkeyEnv(t *testing.T, rp string) *env {
	t.Helper()
	e := uaEnv(t, passkeyFactors...)
	if rp != "" {
		_, err := e.c.SetUserPoolMfaConfig(ctx, &cip.SetUserPoolMfaConfigInput{UserPoolId: &e.pool,
			WebAuthnConfiguration: &types.WebAuthnConfigurationType{RelyingPartyId: aws.String(rp), UserVerification: types.UserVerificationTypeRequired}})
		noErr(t, err)
	}
	return e
}

// userAuthAccessToken signs username in with the password (USER_AUTH, PREFERRED_CHALLENGE
// PASSWORD).
func (e *env) userAuthAccessToken(username string) string {
	e.t.Helper()
	out, err := e.uaInit(enabled, username, "PREFERRED_CHALLENGE", "PASSWORD", "PASSWORD", goodPW)
	noErr(e.t, err)
	if out.AuthenticationResult == nil {
		e.t.Fatalf("no tokens: %+v", out)
	}
	return aws.ToString(out.AuthenticationResult.AccessToken)
}

func jsonDoc(t testing.TB, s string) document.Interface {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	return document.NewLazyDocument(m)
}

// registerPasskey registers a with the user of token; edit, when not nil, changes
// the creation options first.
func (e *env) registerPasskey(token string, a *webauthntest.Authenticator, edit func(string) string) error {
	e.t.Helper()
	start, err := e.c.StartWebAuthnRegistration(ctx, &cip.StartWebAuthnRegistrationInput{AccessToken: &token})
	if err != nil {
		return err
	}
	opts := docJSON(e.t, start.CredentialCreationOptions)
	if edit != nil {
		opts = edit(opts)
	}
	resp, err := a.Register(opts)
	noErr(e.t, err)
	_, err = e.c.CompleteWebAuthnRegistration(ctx, &cip.CompleteWebAuthnRegistrationInput{AccessToken: &token, Credential: jsonDoc(e.t, resp)})
	return err
}

func newAuthenticator(t testing.TB, origin string) *webauthntest.Authenticator {
	t.Helper()
	a, err := webauthntest.New(nil, origin)
	noErr(t, err)
	return a
}

// TestPasskeyRegistrationAndSignIn: a passkey registered through
// StartWebAuthnRegistration / CompleteWebAuthnRegistration signs in through
// WEB_AUTHN, by preference and by SELECT_CHALLENGE; it is listed, counted among
// the user's factors, and deleted.
func TestPasskeyRegistrationAndSignIn(t *testing.T) {
	e := passkeyEnv(t, "localhost")
	e.addAlice()
	tok := e.userAuthAccessToken("alice")
	a := newAuthenticator(t, "https://localhost")
	noErr(t, e.registerPasskey(tok, a, nil))

	list, err := e.c.ListWebAuthnCredentials(ctx, &cip.ListWebAuthnCredentialsInput{AccessToken: &tok})
	noErr(t, err)
	if len(list.Credentials) != 1 || aws.ToString(list.Credentials[0].CredentialId) != base64.RawURLEncoding.EncodeToString(a.CredentialID()) ||
		aws.ToString(list.Credentials[0].RelyingPartyId) != "localhost" || list.Credentials[0].CreatedAt == nil {
		t.Fatalf("credentials %+v", list.Credentials)
	}
	f, err := e.c.GetUserAuthFactors(ctx, &cip.GetUserAuthFactorsInput{AccessToken: &tok})
	noErr(t, err)
	if got := f.ConfiguredUserAuthFactors; len(got) != 2 || got[0] != types.AuthFactorTypePassword || got[1] != types.AuthFactorTypeWebAuthn || aws.ToString(f.Username) != "alice" {
		t.Fatalf("factors %+v", got)
	}

	signIn := func(t *testing.T, out *cip.InitiateAuthOutput) {
		t.Helper()
		if out.ChallengeName != types.ChallengeNameTypeWebAuthn {
			t.Fatalf("got %s", out.ChallengeName)
		}
		opts := out.ChallengeParameters[cognito.ParamCredentialRequestOptions]
		var o struct {
			RPID             string `json:"rpId"`
			UserVerification string `json:"userVerification"`
		}
		noErr(t, json.Unmarshal([]byte(opts), &o))
		if o.RPID != "localhost" || o.UserVerification != "required" {
			t.Fatalf("options %s", opts)
		}
		cred, err := a.Assert(opts)
		noErr(t, err)
		r, err := e.uaRespond(enabled, types.ChallengeNameTypeWebAuthn, out.Session, "alice", "CREDENTIAL", cred)
		noErr(t, err)
		if r.AuthenticationResult == nil {
			t.Fatal("no tokens")
		}
		// The session is single use.
		_, err = e.uaRespond(enabled, types.ChallengeNameTypeWebAuthn, out.Session, "alice", "CREDENTIAL", cred)
		apiErr(t, err, "NotAuthorizedException", cognito.MsgInvalidSession)
	}
	t.Run("prefer WEB_AUTHN", func(t *testing.T) {
		out, err := e.uaInit(enabled, "alice", "PREFERRED_CHALLENGE", "WEB_AUTHN")
		noErr(t, err)
		signIn(t, out)
	})
	t.Run("select WEB_AUTHN", func(t *testing.T) {
		out, err := e.uaInit(enabled, "alice")
		noErr(t, err)
		if got := strings.Join(challengeStrings(out.AvailableChallenges), ","); got != "PASSWORD_SRP,PASSWORD,WEB_AUTHN" {
			t.Fatalf("AvailableChallenges %s", got)
		}
		r, err := e.uaRespond(enabled, types.ChallengeNameTypeSelectChallenge, out.Session, "alice", "ANSWER", "WEB_AUTHN")
		noErr(t, err)
		signIn(t, &cip.InitiateAuthOutput{ChallengeName: r.ChallengeName, ChallengeParameters: r.ChallengeParameters, Session: r.Session})
	})
	t.Run("no user verification", func(t *testing.T) {
		out, err := e.uaInit(enabled, "alice", "PREFERRED_CHALLENGE", "WEB_AUTHN")
		noErr(t, err)
		a.NoUserVerification = true
		defer func() { a.NoUserVerification = false }()
		cred, err := a.Assert(out.ChallengeParameters[cognito.ParamCredentialRequestOptions])
		noErr(t, err)
		_, err = e.uaRespond(enabled, types.ChallengeNameTypeWebAuthn, out.Session, "alice", "CREDENTIAL", cred)
		apiErr(t, err, "NotAuthorizedException", incorrect)
	})
	t.Run("delete", func(t *testing.T) {
		id := base64.RawURLEncoding.EncodeToString(a.CredentialID())
		_, err := e.c.DeleteWebAuthnCredential(ctx, &cip.DeleteWebAuthnCredentialInput{AccessToken: &tok, CredentialId: &id})
		noErr(t, err)
		_, err = e.c.DeleteWebAuthnCredential(ctx, &cip.DeleteWebAuthnCredentialInput{AccessToken: &tok, CredentialId: &id})
		apiErr(t, err, "ResourceNotFoundException", cognito.MsgWebAuthnCredentialNotFound)
		list, err := e.c.ListWebAuthnCredentials(ctx, &cip.ListWebAuthnCredentialsInput{AccessToken: &tok})
		noErr(t, err)
		if len(list.Credentials) != 0 {
			t.Fatalf("credentials %+v", list.Credentials)
		}
		out, err := e.uaInit(enabled, "alice")
		noErr(t, err)
		if got := strings.Join(challengeStrings(out.AvailableChallenges), ","); got != "PASSWORD_SRP,PASSWORD" {
			t.Fatalf("AvailableChallenges %s", got)
		}
	})
}

// TestPasskeyDifferential: under ENABLED an unknown name's WEB_AUTHN challenge has
// the shape of a real one, and an attacker's assertion fails alike for both.
func TestPasskeyDifferential(t *testing.T) {
	e := passkeyEnv(t, "localhost")
	e.addAlice()
	noErr(t, e.registerPasskey(e.userAuthAccessToken("alice"), newAuthenticator(t, "https://localhost"), nil))
	// The attacker's own passkey, registered for another account.
	e.addUser("mallory")
	attacker := newAuthenticator(t, "https://localhost")
	noErr(t, e.registerPasskey(e.userAuthAccessToken("mallory"), attacker, nil))
	attempt := func(user string) []uaView {
		out, err := e.uaInit(enabled, user)
		if err != nil {
			return []uaView{viewInit(out, err)}
		}
		vs := []uaView{viewInit(out, err)}
		r, err := e.uaRespond(enabled, types.ChallengeNameTypeSelectChallenge, out.Session, user, "ANSWER", "WEB_AUTHN")
		vs = append(vs, viewRespond(r, err))
		if err != nil {
			return vs
		}
		var o map[string]any
		noErr(t, json.Unmarshal([]byte(r.ChallengeParameters[cognito.ParamCredentialRequestOptions]), &o))
		if l, _ := o["allowCredentials"].([]any); len(l) == 0 {
			t.Errorf("%s: empty allowCredentials", user)
		}
		vs = append(vs, uaView{keys: strings.Join(mapKeys(o), ",")})
		delete(o, "allowCredentials")
		b, _ := json.Marshal(o)
		cred, err := attacker.Assert(string(b))
		noErr(t, err)
		vs = append(vs, viewRespond(e.uaRespond(enabled, types.ChallengeNameTypeWebAuthn, r.Session, user, "CREDENTIAL", cred)))
		return vs
	}
	k, u := attempt("alice"), attempt("nobody")
	if len(k) != 4 || len(u) != 4 {
		t.Fatalf("steps: %+v / %+v", k, u)
	}
	for i := range k {
		sameView(t, "step "+string(rune('0'+i)), k[i], u[i])
	}
	if k[3].err != "NotAuthorizedException: "+incorrect {
		t.Errorf("attacker's assertion: %+v", k[3])
	}
	_, err := e.uaInit(legacy, "nobody", "PREFERRED_CHALLENGE", "WEB_AUTHN")
	apiErr(t, err, "UserNotFoundException", "User does not exist.")
}

func mapKeys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestPasskeyRegistrationErrors: Cognito's WebAuthn exceptions.
func TestPasskeyRegistrationErrors(t *testing.T) {
	t.Run("not enabled", func(t *testing.T) {
		e := uaEnv(t, otpFactors...)
		e.addAlice()
		tok := e.userAuthAccessToken("alice")
		_, err := e.c.StartWebAuthnRegistration(ctx, &cip.StartWebAuthnRegistrationInput{AccessToken: &tok})
		apiErr(t, err, "WebAuthnNotEnabledException", cognito.MsgWebAuthnNotEnabled)
	})
	t.Run("no relying party", func(t *testing.T) {
		e := passkeyEnv(t, "")
		e.addAlice()
		tok := e.userAuthAccessToken("alice")
		_, err := e.c.StartWebAuthnRegistration(ctx, &cip.StartWebAuthnRegistrationInput{AccessToken: &tok})
		apiErr(t, err, "WebAuthnConfigurationMissingException", cognito.MsgWebAuthnConfigurationMissing)
		// Nor is WEB_AUTHN offered.
		_, err = e.uaInit(enabled, "nobody", "PREFERRED_CHALLENGE", "WEB_AUTHN")
		apiErr(t, err, "InvalidParameterException", cognito.MsgChallengeNotAvailablePrefix+"WEB_AUTHN")
	})
	t.Run("the domain is the default relying party", func(t *testing.T) {
		e := passkeyEnv(t, "")
		_, err := e.c.CreateUserPoolDomain(ctx, &cip.CreateUserPoolDomainInput{UserPoolId: &e.pool, Domain: aws.String("myapp")})
		noErr(t, err)
		e.addAlice()
		tok := e.userAuthAccessToken("alice")
		start, err := e.c.StartWebAuthnRegistration(ctx, &cip.StartWebAuthnRegistrationInput{AccessToken: &tok})
		noErr(t, err)
		want := "myapp.auth." + e.s.Region() + ".amazoncognito.com"
		if !strings.Contains(docJSON(t, start.CredentialCreationOptions), `"id":"`+want+`"`) {
			t.Fatalf("options %s, want rp %s", docJSON(t, start.CredentialCreationOptions), want)
		}
		noErr(t, e.registerPasskey(tok, newAuthenticator(t, "https://"+want), nil))
	})
	e := passkeyEnv(t, "localhost")
	e.addAlice()
	tok := e.userAuthAccessToken("alice")
	t.Run("complete without start", func(t *testing.T) {
		a := newAuthenticator(t, "https://localhost")
		resp, err := a.Register(`{"challenge":"c2lnbi1tZS11cA","rp":{"id":"localhost","name":"x"},"user":{"id":"dXNlci0x","name":"alice","displayName":"alice"},"pubKeyCredParams":[{"type":"public-key","alg":-7}]}`)
		noErr(t, err)
		_, err = e.c.CompleteWebAuthnRegistration(ctx, &cip.CompleteWebAuthnRegistrationInput{AccessToken: &tok, Credential: jsonDoc(t, resp)})
		apiErr(t, err, "WebAuthnChallengeNotFoundException", cognito.MsgWebAuthnChallengeNotFound)
	})
	t.Run("origin", func(t *testing.T) {
		err := e.registerPasskey(tok, newAuthenticator(t, "https://evil.example"), nil)
		apiErr(t, err, "WebAuthnOriginNotAllowedException", cognito.MsgWebAuthnOriginNotAllowed)
	})
	t.Run("relying party", func(t *testing.T) {
		a := newAuthenticator(t, "https://localhost")
		a.RPID = "example.com"
		err := e.registerPasskey(tok, a, nil)
		apiErr(t, err, "WebAuthnRelyingPartyMismatchException", cognito.MsgWebAuthnRelyingPartyMismatch)
	})
	t.Run("wrong challenge", func(t *testing.T) {
		err := e.registerPasskey(tok, newAuthenticator(t, "https://localhost"), func(s string) string {
			return strings.Replace(s, `"challenge":"`, `"challenge":"AAAA`, 1)
		})
		apiErr(t, err, "WebAuthnCredentialNotSupportedException", cognito.MsgWebAuthnCredentialNotSupported)
	})
	t.Run("expired", func(t *testing.T) {
		start, err := e.c.StartWebAuthnRegistration(ctx, &cip.StartWebAuthnRegistrationInput{AccessToken: &tok})
		noErr(t, err)
		resp, err := newAuthenticator(t, "https://localhost").Register(docJSON(t, start.CredentialCreationOptions))
		noErr(t, err)
		e.advance(10 * time.Minute)
		_, err = e.c.CompleteWebAuthnRegistration(ctx, &cip.CompleteWebAuthnRegistrationInput{AccessToken: &tok, Credential: jsonDoc(t, resp)})
		apiErr(t, err, "WebAuthnChallengeNotFoundException", cognito.MsgWebAuthnChallengeNotFound)
	})
}

// TestPasskeyState: passkeys survive SaveState / LoadState, and sign in after.
func TestPasskeyState(t *testing.T) {
	e := passkeyEnv(t, "localhost")
	e.addAlice()
	a := newAuthenticator(t, "https://localhost")
	noErr(t, e.registerPasskey(e.userAuthAccessToken("alice"), a, nil))
	var buf bytes.Buffer
	noErr(t, e.s.SaveState(&buf))
	s2, c2, _ := newServer(t)
	noErr(t, s2.LoadState(&buf))
	e2 := *e
	e2.s, e2.c = s2, c2
	out, err := e2.uaInit(enabled, "alice", "PREFERRED_CHALLENGE", "WEB_AUTHN")
	noErr(t, err)
	cred, err := a.Assert(out.ChallengeParameters[cognito.ParamCredentialRequestOptions])
	noErr(t, err)
	r, err := e2.uaRespond(enabled, types.ChallengeNameTypeWebAuthn, out.Session, "alice", "CREDENTIAL", cred)
	noErr(t, err)
	if r.AuthenticationResult == nil {
		t.Fatal("no tokens")
	}
	// The pool's WebAuthnConfiguration is kept too.
	m, err := c2.GetUserPoolMfaConfig(ctx, &cip.GetUserPoolMfaConfigInput{UserPoolId: &e.pool})
	noErr(t, err)
	if m.WebAuthnConfiguration == nil || aws.ToString(m.WebAuthnConfiguration.RelyingPartyId) != "localhost" || m.WebAuthnConfiguration.UserVerification != types.UserVerificationTypeRequired {
		t.Fatalf("WebAuthnConfiguration %+v", m.WebAuthnConfiguration)
	}
}

// TestPasswordlessSignUp: SignUp may omit the password where the pool allows a
// passwordless first factor; the user then signs in with an email code.
func TestPasswordlessSignUp(t *testing.T) {
	e := uaEnv(t, types.AuthFactorTypePassword, types.AuthFactorTypeEmailOtp)
	_, err := e.c.SignUp(ctx, &cip.SignUpInput{ClientId: aws.String(e.clients[enabled]), Username: aws.String("pat"),
		UserAttributes: []types.AttributeType{strAttr("email", "pat@example.com")}})
	noErr(t, err)
	_, err = e.c.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: aws.String(e.clients[enabled]), Username: aws.String("pat"), ConfirmationCode: aws.String("123456")})
	noErr(t, err)
	out, err := e.uaInit(enabled, "pat")
	noErr(t, err)
	if got := strings.Join(challengeStrings(out.AvailableChallenges), ","); got != "EMAIL_OTP" {
		t.Fatalf("AvailableChallenges %s", got)
	}
	r, err := e.uaRespond(enabled, types.ChallengeNameTypeSelectChallenge, out.Session, "pat", "ANSWER", "EMAIL_OTP")
	noErr(t, err)
	r, err = e.uaRespond(enabled, r.ChallengeName, r.Session, "pat", "EMAIL_OTP_CODE", "123456")
	noErr(t, err)
	if r.AuthenticationResult == nil {
		t.Fatal("no tokens")
	}
	// A pool with PASSWORD only still needs one.
	e2 := uaEnv(t, types.AuthFactorTypePassword)
	_, err = e2.c.SignUp(ctx, &cip.SignUpInput{ClientId: aws.String(e2.clients[enabled]), Username: aws.String("pat"),
		UserAttributes: []types.AttributeType{strAttr("email", "pat@example.com")}})
	apiErr(t, err, "InvalidParameterException", "1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null")
}

// TestEmailMfaConfig: SetUserPoolMfaConfig keeps EmailMfaConfiguration and
// WebAuthnConfiguration and GetUserPoolMfaConfig shows them.
func TestUserPoolMfaConfigPasswordless(t *testing.T) {
	e := uaEnv(t, otpFactors...)
	m, err := e.c.GetUserPoolMfaConfig(ctx, &cip.GetUserPoolMfaConfigInput{UserPoolId: &e.pool})
	noErr(t, err)
	if m.EmailMfaConfiguration != nil || m.WebAuthnConfiguration == nil || m.WebAuthnConfiguration.UserVerification != types.UserVerificationTypePreferred {
		t.Fatalf("defaults %+v %+v", m.EmailMfaConfiguration, m.WebAuthnConfiguration)
	}
	_, err = e.c.SetUserPoolMfaConfig(ctx, &cip.SetUserPoolMfaConfigInput{UserPoolId: &e.pool, MfaConfiguration: types.UserPoolMfaTypeOptional,
		EmailMfaConfiguration: &types.EmailMfaConfigType{}, WebAuthnConfiguration: &types.WebAuthnConfigurationType{RelyingPartyId: aws.String("auth.example.com")}})
	noErr(t, err)
	m, err = e.c.GetUserPoolMfaConfig(ctx, &cip.GetUserPoolMfaConfigInput{UserPoolId: &e.pool})
	noErr(t, err)
	if m.EmailMfaConfiguration == nil || aws.ToString(m.WebAuthnConfiguration.RelyingPartyId) != "auth.example.com" {
		t.Fatalf("got %+v %+v", m.EmailMfaConfiguration, m.WebAuthnConfiguration)
	}
	_, err = e.c.SetUserPoolMfaConfig(ctx, &cip.SetUserPoolMfaConfigInput{UserPoolId: &e.pool,
		WebAuthnConfiguration: &types.WebAuthnConfigurationType{UserVerification: "sometimes"}})
	apiErr(t, err, "InvalidParameterException", "")
}

// docJSON is the JSON of an SDK document (webauthntest.DocumentJSON), failing t.
func docJSON(t testing.TB, d document.Interface) string {
	t.Helper()
	j, err := webauthntest.DocumentJSON(d)
	if err != nil {
		t.Fatal(err)
	}
	return j
}
