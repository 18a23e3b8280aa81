package srpauth

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/internal/cognito"
)

// Choice-based sign-in (AuthFlow USER_AUTH). SignInUserAuth starts it; every
// step returns an errorsx.Result. The driver answers what it can by itself
// (PASSWORD and PASSWORD_SRP when it was given the password, WEB_AUTHN when it
// was given a PasskeyFunc) and hands the rest to the application as a
// NextStep whose Challenge names the challenge:
//   - SELECT_CHALLENGE: Challenge.Available lists the choices; answer with
//     SelectChallenge.
//   - EMAIL_OTP, SMS_OTP: Delivery says where the code went; answer with
//     RespondCode.
//   - PASSWORD, PASSWORD_SRP (no password given): answer with RespondPassword.
//   - WEB_AUTHN (no PasskeyFunc given): answer with RespondPasskey.
//   - anything after the first factor (MFA, NEW_PASSWORD_REQUIRED, ...): as
//     after SignIn (Respond, RespondCode, RespondNewPassword).

// PasskeyFunc performs a WebAuthn authentication ceremony: it is given the
// WEB_AUTHN challenge's CREDENTIAL_REQUEST_OPTIONS (a
// PublicKeyCredentialRequestOptionsJSON document) and returns the
// AuthenticationResponseJSON of the assertion, sent back as CREDENTIAL. In a
// backend it typically forwards the options to the browser
// (PublicKeyCredential.parseRequestOptionsFromJSON, navigator.credentials.get)
// and returns what the browser answered.
type PasskeyFunc func(ctx context.Context, credentialRequestOptionsJSON string) (credentialJSON string, err error)

// UserAuthOption sets what a USER_AUTH step may use.
type UserAuthOption func(*userAuth)

type userAuth struct {
	preferred string
	password  string
	hasPass   bool
	passkey   PasskeyFunc
}

// Prefer sends PREFERRED_CHALLENGE: challenge is PASSWORD, PASSWORD_SRP,
// EMAIL_OTP, SMS_OTP or WEB_AUTHN. With PASSWORD or PASSWORD_SRP and
// WithPassword, the password (or SRP_A) is sent at once.
func Prefer(challenge string) UserAuthOption { return func(u *userAuth) { u.preferred = challenge } }

// WithPassword gives the driver the password, to answer PASSWORD (plainly)
// and PASSWORD_SRP (by SRP: SRP_A, then PASSWORD_VERIFIER) itself.
func WithPassword(password string) UserAuthOption {
	return func(u *userAuth) { u.password, u.hasPass = password, true }
}

// WithPasskey gives the driver a PasskeyFunc, to answer WEB_AUTHN itself.
func WithPasskey(f PasskeyFunc) UserAuthOption { return func(u *userAuth) { u.passkey = f } }

func userAuthOptions(opts []UserAuthOption) userAuth {
	var u userAuth
	for _, o := range opts {
		o(&u)
	}
	return u
}

// SignInUserAuth starts a choice-based sign-in of username. Without Prefer,
// Cognito answers SELECT_CHALLENGE (a NextStep listing Challenge.Available);
// with it, the preferred challenge (answered at once when the options allow).
// The result is SignedIn, a NextStep, or a failure whose error form is also
// returned (nil for SignedIn and NextStep).
func (a *Authenticator) SignInUserAuth(ctx context.Context, username string, opts ...UserAuthOption) (errorsx.Result, error) {
	initOp, _ := a.flow.operations()
	if username == "" {
		return failure(initOp, errorsx.InvalidInput, errors.New("srpauth: empty username"))
	}
	u := userAuthOptions(opts)
	if u.preferred != "" && !cognito.IsChoice(u.preferred) {
		return failure(initOp, errorsx.InvalidInput, fmt.Errorf("srpauth: %q is no USER_AUTH challenge", u.preferred))
	}
	params := map[string]string{cognito.ParamUsername: username}
	a.secretHash(params, username)
	if err := a.addDeviceKey(ctx, params, username); err != nil {
		return failure(initOp, errorsx.Unavailable, err)
	}
	var e *Ephemeral
	if u.preferred != "" {
		params[cognito.ParamPreferredChallenge] = u.preferred
		switch {
		case u.preferred == cognito.ChallengePassword && u.hasPass:
			params[cognito.ParamPassword] = u.password
		case u.preferred == cognito.ChallengePasswordSRP && u.hasPass:
			var err error
			if e, err = NewEphemeral(a.opts.Rand); err != nil {
				return failure(initOp, errorsx.Unavailable, err)
			}
			params[cognito.ParamSRPA] = e.PublicHex()
		}
	}
	s, err := a.flow.initiateFlow(ctx, types.AuthFlowTypeUserAuth, params)
	if err != nil {
		return classify(s, err)
	}
	return a.userAuthStep(ctx, s, username, u, e)
}

// SelectChallenge answers a SELECT_CHALLENGE NextStep with choice (one of
// r.Challenge.Available). With WithPassword, PASSWORD and PASSWORD_SRP are
// answered in the same call (PASSWORD, or SRP_A then PASSWORD_VERIFIER); with
// WithPasskey, the WEB_AUTHN challenge that follows is answered too.
func (a *Authenticator) SelectChallenge(ctx context.Context, r errorsx.Result, choice string, opts ...UserAuthOption) (errorsx.Result, error) {
	_, respOp := a.flow.operations()
	if r.Kind != errorsx.NextStep || r.Challenge == nil || r.Challenge.Name != cognito.ChallengeSelect {
		return failure(respOp, errorsx.InvalidInput, errors.New("srpauth: SelectChallenge needs a SELECT_CHALLENGE result"))
	}
	if !cognito.IsChoice(choice) || (len(r.Challenge.Available) > 0 && !contains(r.Challenge.Available, choice)) {
		return failure(respOp, errorsx.InvalidInput, fmt.Errorf("srpauth: %q is not among the available challenges", choice))
	}
	u := userAuthOptions(opts)
	username := challengeUser(r.Challenge)
	responses := map[string]string{cognito.ParamAnswer: choice}
	var e *Ephemeral
	switch {
	case choice == cognito.ChallengePassword && u.hasPass:
		responses[cognito.ParamPassword] = u.password
	case choice == cognito.ChallengePasswordSRP && u.hasPass:
		var err error
		if e, err = NewEphemeral(a.opts.Rand); err != nil {
			return failure(respOp, errorsx.Unavailable, err)
		}
		responses[cognito.ParamSRPA] = e.PublicHex()
	}
	s, err := a.respondAs(ctx, types.ChallengeNameTypeSelectChallenge, r.Challenge.Session, username, responses)
	if err != nil {
		return classify(s, err)
	}
	return a.userAuthStep(ctx, s, username, u, e)
}

// RespondPassword answers a PASSWORD or PASSWORD_SRP NextStep with the user's
// password (PASSWORD_SRP by SRP: the password never leaves the process).
func (a *Authenticator) RespondPassword(ctx context.Context, r errorsx.Result, password string) (errorsx.Result, error) {
	_, respOp := a.flow.operations()
	if r.Kind != errorsx.NextStep || r.Challenge == nil ||
		(r.Challenge.Name != cognito.ChallengePassword && r.Challenge.Name != cognito.ChallengePasswordSRP) {
		return failure(respOp, errorsx.InvalidInput, errors.New("srpauth: RespondPassword needs a PASSWORD or PASSWORD_SRP result"))
	}
	s := step{op: r.Operation, name: types.ChallengeNameType(r.Challenge.Name), params: r.Challenge.Parameters}
	if r.Challenge.Session != "" {
		s.session = aws.String(r.Challenge.Session)
	}
	return a.userAuthStep(ctx, s, challengeUser(r.Challenge), userAuthOptions([]UserAuthOption{WithPassword(password)}), nil)
}

// RespondPasskey answers a WEB_AUTHN NextStep: f is given the challenge's
// CREDENTIAL_REQUEST_OPTIONS and returns the assertion sent as CREDENTIAL.
func (a *Authenticator) RespondPasskey(ctx context.Context, r errorsx.Result, f PasskeyFunc) (errorsx.Result, error) {
	_, respOp := a.flow.operations()
	if r.Kind != errorsx.NextStep || r.Challenge == nil || r.Challenge.Name != cognito.ChallengeWebAuthn || f == nil {
		return failure(respOp, errorsx.InvalidInput, errors.New("srpauth: RespondPasskey needs a WEB_AUTHN result and a PasskeyFunc"))
	}
	s := step{op: r.Operation, name: types.ChallengeNameTypeWebAuthn, params: r.Challenge.Parameters}
	if r.Challenge.Session != "" {
		s.session = aws.String(r.Challenge.Session)
	}
	return a.userAuthStep(ctx, s, challengeUser(r.Challenge), userAuthOptions([]UserAuthOption{WithPasskey(f)}), nil)
}

// userAuthStep answers the first-factor challenges it can and hands every
// other answer to advance. e is the SRP ephemeral whose SRP_A was sent, if any.
func (a *Authenticator) userAuthStep(ctx context.Context, s step, username string, u userAuth, e *Ephemeral) (errorsx.Result, error) {
	_, respOp := a.flow.operations()
	for hops := 0; hops < 4 && s.auth == nil; hops++ {
		if n := s.params[cognito.ParamUsername]; n != "" {
			username = n
		}
		var err error
		switch string(s.name) {
		case cognito.ChallengePassword:
			if !u.hasPass {
				return a.advance(ctx, s, username)
			}
			s, err = a.respondAs(ctx, s.name, aws.ToString(s.session), username, map[string]string{cognito.ParamPassword: u.password})
		case cognito.ChallengePasswordSRP:
			if !u.hasPass {
				return a.advance(ctx, s, username)
			}
			if e, err = NewEphemeral(a.opts.Rand); err != nil {
				return failure(respOp, errorsx.Unavailable, err)
			}
			s, err = a.respondAs(ctx, s.name, aws.ToString(s.session), username, map[string]string{cognito.ParamSRPA: e.PublicHex()})
		case cognito.ChallengePasswordVerifier:
			if e == nil || !u.hasPass {
				return failure(respOp, errorsx.Unavailable, errors.New("srpauth: PASSWORD_VERIFIER without an SRP exchange of this sign-in"))
			}
			var userID string
			s, userID, err = a.answerVerifier(ctx, s, e, u.password)
			if userID != "" {
				username = userID
			}
		case cognito.ChallengeWebAuthn:
			if u.passkey == nil {
				return a.advance(ctx, s, username)
			}
			opts := s.params[cognito.ParamCredentialRequestOptions]
			if opts == "" {
				return failure(respOp, errorsx.Unavailable, errors.New("srpauth: WEB_AUTHN without CREDENTIAL_REQUEST_OPTIONS"))
			}
			cred, ferr := u.passkey(ctx, opts)
			if ferr != nil {
				return failure(respOp, errorsx.InvalidCredentials, fmt.Errorf("srpauth: passkey: %w", ferr))
			}
			s, err = a.respondAs(ctx, s.name, aws.ToString(s.session), username, map[string]string{cognito.ParamCredential: cred})
		default:
			return a.advance(ctx, s, username)
		}
		if err != nil {
			return classify(s, err)
		}
	}
	return a.advance(ctx, s, username)
}

// answerVerifier signs a PASSWORD_VERIFIER challenge with e and password and
// sends the proof; it returns the answer and USER_ID_FOR_SRP.
func (a *Authenticator) answerVerifier(ctx context.Context, s step, e *Ephemeral, password string) (step, string, error) {
	p := s.params
	userID := p["USER_ID_FOR_SRP"]
	proof, err := e.Sign(Challenge{PoolID: a.cfg.UserPoolID, UserIDForSRP: userID, Salt: p["SALT"], SRPB: p["SRP_B"], SecretBlock: p["SECRET_BLOCK"]}, password, a.opts.Clock())
	if err != nil {
		return step{op: s.op}, userID, fmt.Errorf("srpauth: PASSWORD_VERIFIER: %w", err)
	}
	next, err := a.respondAs(ctx, types.ChallengeNameTypePasswordVerifier, aws.ToString(s.session), userID, map[string]string{
		"PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
		"TIMESTAMP":                   proof.Timestamp,
		"PASSWORD_CLAIM_SIGNATURE":    proof.Signature,
	})
	return next, userID, err
}

// respondAs answers challenge name with responses plus USERNAME, SECRET_HASH
// and the remembered DEVICE_KEY of username.
func (a *Authenticator) respondAs(ctx context.Context, name types.ChallengeNameType, session, username string, responses map[string]string) (step, error) {
	_, respOp := a.flow.operations()
	if username != "" {
		responses[cognito.ParamUsername] = username
		a.secretHash(responses, username)
	}
	if err := a.addDeviceKey(ctx, responses, username); err != nil {
		return step{op: respOp}, err
	}
	var sess *string
	if session != "" {
		sess = aws.String(session)
	}
	return a.flow.respond(ctx, name, sess, responses)
}

// addDeviceKey adds DEVICE_KEY when a device of username is remembered.
func (a *Authenticator) addDeviceKey(ctx context.Context, m map[string]string, username string) error {
	if _, set := m["DEVICE_KEY"]; set {
		return nil
	}
	d, ok, err := a.device(ctx, username)
	if err != nil {
		return err
	}
	if ok {
		m["DEVICE_KEY"] = d.DeviceKey
	}
	return nil
}

// challengeUser is the name a challenge's answer goes under.
func challengeUser(c *errorsx.Challenge) string {
	switch {
	case c.Username != "":
		return c.Username
	case c.Parameters[cognito.ParamUsername] != "":
		return c.Parameters[cognito.ParamUsername]
	}
	return c.UserIDForSRP
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}
