package mockpool

// Choice-based sign-in (AuthFlow USER_AUTH): InitiateAuth and AdminInitiateAuth with
// and without PREFERRED_CHALLENGE, and the challenges SELECT_CHALLENGE, PASSWORD,
// PASSWORD_SRP (then PASSWORD_VERIFIER, op_srp.go), EMAIL_OTP, SMS_OTP and WEB_AUTHN
// (op_webauthn.go); GetUserAuthFactors; the pool's
// Policies.SignInPolicy.AllowedFirstAuthFactors (default PASSWORD).
//
// Names, parameters and texts are internal/cognito's (userauth.go); the simulated
// values internal/simulate's, the middleware's too given the same secret:
//   - an unknown name under ENABLED: without PREFERRED_CHALLENGE a simulated
//     SELECT_CHALLENGE listing every applicable challenge of the pool; with one,
//     Cognito's "random selection of one of the challenge types that the user pool
//     allows" (simulate.RandomFactor with the server's randomness, drawn afresh
//     each request) answered as simulate.ChallengeFor says. Every answer then fails
//     as a real user's wrong answer: a code CodeMismatchException (then
//     LimitExceededException), a password, SRP proof or passkey the generic
//     NotAuthorizedException through the shared SignIn lockout.
//   - an unknown name under LEGACY: UserNotFoundException.
//   - a disabled user under ENABLED is served like an unknown name (her codes are
//     never sent, her passkeys never verified) until a right password says "User is
//     disabled.", as at the other flows.
//
// Choices where Cognito publishes nothing (inferred):
//   - a user's factors: PASSWORD when she has a password, EMAIL_OTP with a verified
//     email, SMS_OTP with a verified phone_number, WEB_AUTHN with a passkey, each
//     only where the pool allows it and it applies (simulate.PoolFactors.Applicable;
//     mockpool sends every message through its outbox, so email and SMS count as
//     configured);
//   - a PREFERRED_CHALLENGE the pool does not allow is InvalidParameterException
//     "Challenge not available: X" for every name; one the pool allows but the user
//     cannot use falls back to SELECT_CHALLENGE;
//   - codes live as long as the challenge session (the client's
//     AuthSessionValidity, 3 minutes by default); wrong sign-in codes count toward
//     lockout.WrongCode on a key of their own (codeKey), not ConfirmForgotPassword's;
//   - a passwordless first factor issues tokens without MFA.

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"

	"github.com/maskedauth/maskedauth/internal/cognito"
	"github.com/maskedauth/maskedauth/internal/lockout"
	"github.com/maskedauth/maskedauth/internal/simulate"
	"github.com/maskedauth/maskedauth/internal/srp"
)

// signInPolicy is Policies.SignInPolicy.
type signInPolicy struct {
	AllowedFirstAuthFactors []string `json:"AllowedFirstAuthFactors"`
}

// validate adds the front end's checks of the policy.
func (p *signInPolicy) validate(v *validator) {
	if p == nil {
		return
	}
	checkEnumList(v, "policies.signInPolicy.allowedFirstAuthFactors", p.AllowedFirstAuthFactors, cognito.FirstFactors())
}

// stored is the policy as the pool keeps it: nil for none, duplicates dropped, in
// FirstFactors' order.
func (p *signInPolicy) stored() *signInPolicy {
	if p == nil {
		return nil
	}
	var out []string
	for _, f := range cognito.FirstFactors() {
		if contains(p.AllowedFirstAuthFactors, f) {
			out = append(out, f)
		}
	}
	return &signInPolicy{AllowedFirstAuthFactors: out}
}

// echo is the policy DescribeUserPool shows: PASSWORD when none was set.
func (p *signInPolicy) echo() *signInPolicy {
	return &signInPolicy{AllowedFirstAuthFactors: p.allowed()}
}

// allowed is AllowedFirstAuthFactors, PASSWORD by default.
func (p *signInPolicy) allowed() []string {
	if p == nil || len(p.AllowedFirstAuthFactors) == 0 {
		return []string{cognito.FactorPassword}
	}
	return append([]string(nil), p.AllowedFirstAuthFactors...)
}

// poolFactors is what the simulation (and the real path) knows of p's sign-in policy.
func (s *Server) poolFactors(p *pool) simulate.PoolFactors {
	uv := ""
	if w := p.mfa.Load().WebAuthn; w != nil {
		uv = w.UserVerification
	}
	return simulate.PoolFactors{Allowed: p.cfg().SignInPolicy.allowed(), EmailConfigured: true, SMSConfigured: true,
		RelyingPartyID: s.relyingParty(p), UserVerification: uv}
}

// userFactors returns the first factors st can use in p, in FirstFactors' order.
func userFactors(pf simulate.PoolFactors, st *userView) []string {
	var out []string
	for _, f := range pf.Applicable() {
		ok := false
		switch f {
		case cognito.FactorPassword:
			ok = st.hasPassword
		case cognito.FactorEmailOTP:
			e, _ := st.get("email")
			v, _ := st.get("email_verified")
			ok = e != "" && v == "true"
		case cognito.FactorSMSOTP:
			ph, _ := st.get("phone_number")
			v, _ := st.get("phone_number_verified")
			ok = ph != "" && v == "true"
		case cognito.FactorWebAuthn:
			ok = len(st.passkeys) > 0
		}
		if ok {
			out = append(out, f)
		}
	}
	return out
}

// userAuthState is the USER_AUTH part of a challenge session.
type userAuthState struct {
	Admin bool `json:"admin,omitempty"` // opened by AdminInitiateAuth: answered by AdminRespondToAuthChallenge
	// Masked: the session serves an unknown name (Username "") or a user masked as one
	// (disabled, under ENABLED): no code was sent, no passkey can verify.
	Masked bool `json:"masked,omitempty"`
	// Available is SELECT_CHALLENGE's AvailableChallenges.
	Available []string `json:"available,omitempty"`
	// Code is the EMAIL_OTP or SMS_OTP code sent ("" when masked).
	Code string `json:"code,omitempty"`
	// WebAuthn is the WEB_AUTHN challenge's options (op_webauthn.go).
	WebAuthn *simulate.RequestOptions `json:"webAuthn,omitempty"`
}

// uaStart is a USER_AUTH sign-in between its steps: the request, and who it is for.
type uaStart struct {
	r        *request
	admin    bool
	p        *pool
	c        *appClient
	typed    string
	st       *userView // nil: an unknown name
	masked   bool      // st is served as an unknown name
	metadata map[string]string
}

// flowUserAuth serves InitiateAuth and AdminInitiateAuth with AuthFlow USER_AUTH.
func (s *Server) flowUserAuth(a *authRequest) (*authResponse, *apiError) {
	typed := a.params[cognito.ParamUsername]
	if typed == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+cognito.ParamUsername)
	}
	if e := checkSecretHash(a.c, a.params[cognito.ParamSecretHash], typed); e != nil {
		return nil, e
	}
	p := a.p
	pf := s.poolFactors(p)
	pref := a.params[cognito.ParamPreferredChallenge]
	if pref != "" && (!cognito.IsChoice(pref) || !contains(pf.Applicable(), cognito.FactorOf(pref))) {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgChallengeNotAvailablePrefix+echo(pref))
	}
	st := p.viewUser(byTyped(typed))
	if st == nil && !a.c.masking {
		return nil, newErr(cognito.CodeUserNotFound, cognito.MsgUserNotExist)
	}
	if t := p.trig(); t != nil && (st != nil || a.c.masking) {
		if e := s.preAuthentication(a.r, p, a.c, typed, st, a.metadata); e != nil {
			return nil, e
		}
	}
	u := &uaStart{r: a.r, admin: a.admin, p: p, c: a.c, typed: typed, st: st, metadata: a.metadata}
	if st != nil {
		switch {
		case st.status == statusUnconfirmed:
			return nil, newErr(cognito.CodeUserNotConfirmed, cognito.MsgUserNotConfirmed) // Cognito does not mask it
		case st.status == statusResetRequired:
			if a.c.masking {
				return nil, s.uaGeneric(p, s.viewKey(p, st, typed), a.r)
			}
			return nil, newErr(cognito.CodePasswordResetRequired, cognito.MsgResetRequired)
		case st.disabled && !a.c.masking:
			return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgUserDisabled)
		case st.disabled:
			u.masked = true
		}
	}
	if st == nil || u.masked {
		if pref == "" {
			return s.uaSelect(u, pf.AvailableChallenges())
		}
		f, err := simulate.RandomFactor(s.srpRand(), pf)
		if err != nil {
			return nil, s.uaGeneric(p, s.viewKey(p, st, typed), a.r)
		}
		return s.uaFactor(u, simulate.ChallengeFor(f, pref), a.params)
	}
	avail := cognito.AvailableChallenges(userFactors(pf, st))
	if pref != "" && contains(avail, pref) {
		return s.uaFactor(u, pref, a.params)
	}
	if len(avail) == 0 {
		return nil, s.uaGeneric(p, s.viewKey(p, st, typed), a.r)
	}
	return s.uaSelect(u, avail)
}

// uaGeneric is the generic failure of a sign-in, counted toward the lockout.
func (s *Server) uaGeneric(p *pool, key lockout.Key, r *request) *apiError {
	if p.hit(lockout.SignIn, key, r.now) {
		return newErr(cognito.CodeNotAuthorized, cognito.MsgAttemptsExceeded)
	}
	return newErr(cognito.CodeNotAuthorized, cognito.MsgIncorrect)
}

// uaSession opens a challenge session of u for challenge.
func (s *Server) uaSession(u *uaStart, challenge string, ua *userAuthState) string {
	ua.Admin, ua.Masked = u.admin, u.st == nil || u.masked
	username := ""
	if u.st != nil {
		username = u.st.username
	}
	return s.newChallengeSession(u.p, &authSession{Challenge: challenge, Username: username, Typed: u.typed, ClientID: u.c.id,
		Expires: u.r.now.Add(u.c.sessionTTL).UnixNano(), UserAuth: ua})
}

// uaSelect answers SELECT_CHALLENGE with AvailableChallenges avail.
func (s *Server) uaSelect(u *uaStart, avail []string) (*authResponse, *apiError) {
	tok := s.uaSession(u, cognito.ChallengeSelect, &userAuthState{Available: avail})
	return &authResponse{ChallengeName: cognito.ChallengeSelect, Session: tok, ChallengeParameters: map[string]string{},
		AvailableChallenges: avail}, nil
}

// uaFactor starts the challenge ch of u's first factor; in holds the parameters
// (or responses) that came with the choice: PASSWORD and SRP_A are used at once.
func (s *Server) uaFactor(u *uaStart, ch string, in map[string]string) (*authResponse, *apiError) {
	p, now := u.p, u.r.now
	switch ch {
	case cognito.ChallengePassword:
		if pw := in[cognito.ParamPassword]; pw != "" {
			return s.uaPassword(u, pw)
		}
		tok := s.uaSession(u, ch, &userAuthState{})
		return &authResponse{ChallengeName: ch, Session: tok, ChallengeParameters: map[string]string{}}, nil
	case cognito.ChallengePasswordSRP:
		if aHex := in[cognito.ParamSRPA]; aHex != "" {
			A, err := srp.ParseA(aHex)
			if err != nil {
				return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgInvalidSRPA)
			}
			return s.srpChallenge(&authRequest{r: u.r, admin: u.admin, p: p, c: u.c, flow: "USER_AUTH",
				params: map[string]string{"DEVICE_KEY": in["DEVICE_KEY"]}, metadata: u.metadata}, u.typed, A, nil)
		}
		tok := s.uaSession(u, ch, &userAuthState{})
		return &authResponse{ChallengeName: ch, Session: tok, ChallengeParameters: map[string]string{}}, nil
	case cognito.ChallengeEmailOTP, cognito.ChallengeSMSOTP:
		ua := &userAuthState{}
		// The simulated delivery is computed for every request alike.
		d := s.sim.OTPDelivery(p.id, p.simKey(u.typed), ch)
		if u.st != nil && !u.masked {
			medium, attrName, purpose := "EMAIL", "email", "EMAIL_OTP"
			if ch == cognito.ChallengeSMSOTP {
				medium, attrName, purpose = "SMS", "phone_number", "SMS_OTP"
			}
			dest, _ := u.st.get(attrName)
			ua.Code = s.newCode()
			d = simulate.Real(attrName, dest)
			cid := u.c.id
			s.queue(u.r, p, cid, u.st.attrs, Message{UserPoolID: p.id, Username: u.st.username, Medium: medium, Destination: dest,
				Code: ua.Code, Purpose: purpose, SentAt: now})
		}
		tok := s.uaSession(u, ch, ua)
		return &authResponse{ChallengeName: ch, Session: tok, ChallengeParameters: simulate.OTPParameters(d, "")}, nil
	case cognito.ChallengeWebAuthn:
		return s.webAuthnChallenge(u)
	}
	return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgChallengeNotAvailablePrefix+echo(ch))
}

// uaPassword checks a plain password of a USER_AUTH sign-in (PASSWORD).
func (s *Server) uaPassword(u *uaStart, pw string) (*authResponse, *apiError) {
	p, now := u.p, u.r.now
	st := u.st
	ok := s.checkViewPassword(st, pw) // same work for unknown users
	var tempExpires int64
	if st != nil {
		tempExpires = st.tempExpires
	}
	key := s.viewKey(p, st, u.typed)
	if p.limited(lockout.SignIn, key, now) {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgAttemptsExceeded)
	}
	if e := s.userGate(p, u.c, key, st, ok, now); e != nil {
		return nil, e
	}
	p.reset(lockout.SignIn, key)
	u.r.changed = true
	return s.passwordVerified(&signIn{r: u.r, p: p, c: u.c, typed: u.typed, st: st, tempExpires: tempExpires, metadata: u.metadata})
}

// uaAnswer finds the live USER_AUTH session of an answer to q.name, with the
// response param (required) present: the checks every answer shares. The session is
// still stored.
func (s *Server) uaAnswer(q *challengeRequest, param string) (*authSession, *apiError) {
	r := q.responses
	if r[param] == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+param)
	}
	username := r[cognito.ParamUsername]
	if username == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+cognito.ParamUsername)
	}
	if q.session == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+"Session")
	}
	p, c := q.p, q.c
	sess, e := s.challengeSession(p, q.session, c.id, q.r.now)
	if e != nil {
		return nil, e
	}
	if sess.UserAuth == nil || sess.Challenge != q.name || sess.UserAuth.Admin != q.admin ||
		(p.norm(username) != p.norm(sess.Username) && p.norm(username) != p.norm(sess.Typed)) {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	if e := checkSecretHash(c, r[cognito.ParamSecretHash], username, sess.Username, sess.Typed); e != nil {
		return nil, e
	}
	return sess, nil
}

// resumeUA rebuilds the sign-in of a USER_AUTH session (its user looked up again).
func (s *Server) resumeUA(q *challengeRequest, sess *authSession) *uaStart {
	u := &uaStart{r: q.r, admin: q.admin, p: q.p, c: q.c, typed: sess.Typed, metadata: q.metadata, masked: sess.UserAuth.Masked}
	if sess.Username != "" {
		u.st = q.p.viewUser(byName(sess.Username, ""))
	}
	if u.st == nil {
		u.masked = true
	}
	return u
}

// challengeSelect answers SELECT_CHALLENGE: ANSWER names the challenge (with its
// PASSWORD or SRP_A, if any).
func (s *Server) challengeSelect(q *challengeRequest) (*authResponse, *apiError) {
	sess, e := s.uaAnswer(q, cognito.ParamAnswer)
	if e != nil {
		return nil, e
	}
	answer := q.responses[cognito.ParamAnswer]
	if !cognito.IsChoice(answer) || !contains(sess.UserAuth.Available, answer) {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgChallengeNotAvailablePrefix+echo(answer))
	}
	if !s.takeExact(q.p, q.session, sess) { // usable once
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	u := s.resumeUA(q, sess)
	if u.masked && u.st != nil && !u.st.disabled {
		u.masked = false // re-enabled meanwhile: served as herself
	}
	return s.uaFactor(u, answer, q.responses)
}

// challengeUAPassword answers PASSWORD.
func (s *Server) challengeUAPassword(q *challengeRequest) (*authResponse, *apiError) {
	sess, e := s.uaAnswer(q, cognito.ParamPassword)
	if e != nil {
		return nil, e
	}
	if !s.takeExact(q.p, q.session, sess) {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	u := s.resumeUA(q, sess)
	return s.uaPassword(u, q.responses[cognito.ParamPassword])
}

// challengeUAPasswordSRP answers PASSWORD_SRP (SRP_A) with PASSWORD_VERIFIER.
func (s *Server) challengeUAPasswordSRP(q *challengeRequest) (*authResponse, *apiError) {
	sess, e := s.uaAnswer(q, cognito.ParamSRPA)
	if e != nil {
		return nil, e
	}
	if !s.takeExact(q.p, q.session, sess) {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	return s.uaFactor(s.resumeUA(q, sess), cognito.ChallengePasswordSRP, q.responses)
}

// codeKey is the counter of a user's (or name's) wrong sign-in codes, apart from her
// ConfirmForgotPassword codes: a keyed hash of her counter key.
func (s *Server) codeKey(k lockout.Key) lockout.Key {
	m := hmac.New(sha256.New, s.secret)
	m.Write([]byte("mockpool signin-code\x00"))
	m.Write(k[:])
	var out lockout.Key
	copy(out[:], m.Sum(nil))
	return out
}

// challengeUAOTP answers EMAIL_OTP (EMAIL_OTP_CODE) and SMS_OTP (SMS_OTP_CODE).
func (s *Server) challengeUAOTP(q *challengeRequest) (*authResponse, *apiError) {
	if q.name == cognito.ChallengeEmailOTP && s.isMFASession(q) {
		return s.challengeMFACode(q) // EMAIL_OTP as MFA (op_mfa.go)
	}
	param := cognito.CodeParam(q.name)
	sess, e := s.uaAnswer(q, param)
	if e != nil {
		return nil, e
	}
	p, now := q.p, q.r.now
	key := s.sessionCounterKey(p, sess.Username, sess.Typed)
	ck := s.codeKey(key)
	if p.limited(lockout.WrongCode, ck, now) {
		return nil, newErr(cognito.CodeLimitExceeded, cognito.MsgLimitExceeded)
	}
	code := q.responses[param]
	want := sess.UserAuth.Code
	ok := subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && want != "" && !sess.UserAuth.Masked
	right, gone := s.answerSession(p, q.session, sess, mfaMaxWrong, func() bool { return ok })
	if gone {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	if !right {
		if p.hit(lockout.WrongCode, ck, now) {
			return nil, newErr(cognito.CodeLimitExceeded, cognito.MsgLimitExceeded)
		}
		return nil, newErr(cognito.CodeCodeMismatch, cognito.MsgSignInCodeMismatch)
	}
	p.reset(lockout.WrongCode, ck)
	return s.uaVerified(q, sess)
}

// uaVerified finishes a sign-in whose passwordless first factor is proved.
func (s *Server) uaVerified(q *challengeRequest, sess *authSession) (*authResponse, *apiError) {
	p := q.p
	st := p.viewUser(byName(sess.Username, ""))
	if st == nil {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	if st.disabled {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgUserDisabled)
	}
	p.reset(lockout.SignIn, s.viewKey(p, st, sess.Typed))
	q.r.changed = true
	return s.finish(&signIn{r: q.r, p: p, c: q.c, typed: sess.Typed, st: st, metadata: q.metadata}, "TokenGeneration_Authentication")
}

// getUserAuthFactorsOutput is GetUserAuthFactors' answer.
type getUserAuthFactorsOutput struct {
	Username                  string   `json:"Username"`
	ConfiguredUserAuthFactors []string `json:"ConfiguredUserAuthFactors"`
	PreferredMfaSetting       string   `json:"PreferredMfaSetting,omitempty"`
	UserMFASettingList        []string `json:"UserMFASettingList,omitempty"`
}

type accessTokenInput struct {
	AccessToken string `json:"AccessToken"`
}

func (in *accessTokenInput) validate(v *validator) { v.required("accessToken", in.AccessToken != "") }

// opGetUserAuthFactors lists the first factors the token's user can sign in with
// (in the pool's current policy) and her MFA settings.
func (s *Server) opGetUserAuthFactors(r *request, in *accessTokenInput) (*getUserAuthFactorsOutput, *apiError) {
	p, v, _, e := s.tokenUser(r, in.AccessToken)
	if e != nil {
		return nil, e
	}
	var g getUserOutput
	mfaFields(&g, v.mfa)
	f := userFactors(s.poolFactors(p), v)
	if f == nil {
		f = []string{}
	}
	return &getUserAuthFactorsOutput{Username: v.username, ConfiguredUserAuthFactors: f,
		PreferredMfaSetting: g.PreferredMfaSetting, UserMFASettingList: g.UserMFASettingList}, nil
}

// passwordlessPool reports whether p allows a first factor other than PASSWORD
// (SignUp may then omit the password).
func passwordlessPool(p *pool) bool {
	for _, f := range p.cfg().SignInPolicy.allowed() {
		if f != cognito.FactorPassword {
			return true
		}
	}
	return false
}

// mustJSON marshals v (a value of this package's own types).
func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "{}"
	}
	return string(b)
}

// EMAIL_OTP as an MFA factor: the pool's EmailMfaConfiguration (SetUserPoolMfaConfig)
// and the user's EmailMfaSettings (SetUserMFAPreference) enable it; the code goes to
// her email through the outbox (Purpose "EMAIL_OTP"), and the challenge EMAIL_OTP is
// answered with EMAIL_OTP_CODE like SMS_MFA (op_mfa.go).

const mfaEmail = cognito.ChallengeEmailOTP

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// emailMFAUsable reports whether st can be challenged with EMAIL_OTP MFA.
func emailMFAUsable(cfg *mfaConfig, st *userView) bool {
	email, _ := st.get("email")
	return cfg.Email && st.mfa.email && email != ""
}

// mfaChoices is MFAS_CAN_CHOOSE of SELECT_MFA_TYPE: the methods st has enabled.
func mfaChoices(p *pool, st *userView) []string {
	cfg := p.mfa.Load()
	var out []string
	if phone, _ := st.get("phone_number"); cfg.SMS && st.mfa.sms && phone != "" {
		out = append(out, mfaSMS)
	}
	if cfg.TOTP && st.mfa.totp && st.mfa.totpSecret != "" {
		out = append(out, mfaTOTP)
	}
	if emailMFAUsable(cfg, st) {
		out = append(out, mfaEmail)
	}
	return out
}

// sendEmailMFA sends the EMAIL_OTP MFA code of sess and fills the challenge's
// delivery parameters.
func (s *Server) sendEmailMFA(si *signIn, sess *authSession, params map[string]string) {
	email, _ := si.st.get("email")
	code := s.newCode()
	sess.MFA.Code = code
	s.queue(si.r, si.p, si.c.id, si.st.attrs, Message{UserPoolID: si.p.id, Username: si.st.username, Medium: "EMAIL", Destination: email,
		Code: code, Purpose: "EMAIL_OTP", SentAt: si.r.now})
	d := simulate.Real("email", email)
	params[cognito.ParamDeliveryMedium] = d.DeliveryMedium
	params[cognito.ParamDeliveryDestination] = d.Destination
}

// setEmailPreference applies EmailMfaSettings to u (the caller holds p.mu).
func setEmailPreference(u *user, x *mfaSettings) *apiError {
	if x == nil {
		return nil
	}
	if email, _ := u.get("email"); x.Enabled && email == "" {
		return newErr(cognito.CodeInvalidParameter, cognito.MsgNoEmail)
	}
	u.mfa.email = x.Enabled
	if x.Enabled && x.PreferredMfa {
		u.mfa.preferred = mfaEmail
	} else if u.mfa.preferred == mfaEmail {
		u.mfa.preferred = ""
	}
	return nil
}

// isMFASession reports whether the Session of q is an MFA challenge's (EMAIL_OTP
// after a password) rather than a USER_AUTH first factor's.
func (s *Server) isMFASession(q *challengeRequest) bool {
	if q.session == "" {
		return false
	}
	sess := s.peekChallengeSession(q.p, q.session, q.c.id)
	return sess != nil && sess.UserAuth == nil && sess.MFA != nil
}
