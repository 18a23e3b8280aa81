package mockpool

// MFA: the pool's MfaConfiguration (OFF, ON, OPTIONAL; CreateUserPool enables SMS MFA,
// SetUserPoolMfaConfig / GetUserPoolMfaConfig change and read it), SMS_MFA (a code
// through the outbox, Purpose "SMS_MFA"), SOFTWARE_TOKEN_MFA with real TOTP (RFC 6238,
// SHA-1, 6 digits, 30 s steps, one step of skew each way, on the server's clock),
// AssociateSoftwareToken and VerifySoftwareToken (with an access token or, during
// MFA_SETUP, a session), SetUserMFAPreference, AdminSetUserMFAPreference, and the
// SELECT_MFA_TYPE and MFA_SETUP challenges.
//
// Which challenge follows a proved password:
//   - MFA OFF: none;
//   - the user has SMS and TOTP enabled: the preferred one, else SELECT_MFA_TYPE;
//   - one enabled: that one (SMS needs a phone_number);
//   - none enabled and MFA ON: SMS_MFA when the pool allows SMS and the user has a
//     phone_number, else MFA_SETUP;
//   - none enabled and MFA OPTIONAL: none.
//
// A remembered device that proved itself skips MFA. Choices where Cognito publishes
// nothing (inferred): a challenge session survives up to 5 wrong codes, then it is
// dropped; VerifySoftwareToken with an access token only verifies the token (enable it
// with SetUserMFAPreference), while during MFA_SETUP it also enables it and makes it
// preferred; a TOTP code may be used again within its window.

import (
	"crypto/subtle"
	"encoding/base32"
	"encoding/json"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

const (
	mfaSMS  = "SMS_MFA"
	mfaTOTP = "SOFTWARE_TOKEN_MFA"

	mfaMaxWrong = cognito.MaxWrongCodesPerSession
	totpStep    = 30 * time.Second
)

// totpOK checks a 6-digit code against a base32 secret at now, ±1 step.
func totpOK(secret, code string, now time.Time) bool {
	if len(code) != 6 || secret == "" {
		return false
	}
	ok, err := totp.ValidateCustom(code, secret, now, totp.ValidateOpts{Period: uint(totpStep / time.Second), Skew: 1,
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	return err == nil && ok
}

// newTOTPSecret draws a 32-byte secret, base32 without padding (52 characters).
func (s *Server) newTOTPSecret() string {
	var b [32]byte
	s.randBytes(b[:])
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:])
}

func jsonList(v []string) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// mfaStep decides the MFA challenge that follows a proved password, if any.
func (s *Server) mfaStep(si *signIn, source string) (*authResponse, *apiError, bool) {
	cfg := si.p.mfa.Load()
	if cfg == nil || cfg.Mode == "" || cfg.Mode == "OFF" {
		return nil, nil, false
	}
	st := si.st
	phone, _ := st.get("phone_number")
	sms := cfg.SMS && st.mfa.sms && phone != ""
	tot := cfg.TOTP && st.mfa.totp && st.mfa.totpSecret != ""
	mail := emailMFAUsable(cfg, st) // op_userauth.go
	var name string
	switch n := btoi(sms) + btoi(tot) + btoi(mail); {
	case n > 1:
		switch p := st.mfa.preferred; {
		case p == mfaSMS && sms, p == mfaTOTP && tot, p == mfaEmail && mail:
			name = p
		default:
			name = "SELECT_MFA_TYPE"
		}
	case sms:
		name = mfaSMS
	case tot:
		name = mfaTOTP
	case mail:
		name = mfaEmail
	case cfg.Mode == "ON" && cfg.SMS && phone != "":
		name = mfaSMS
	case cfg.Mode == "ON":
		name = "MFA_SETUP"
	default:
		return nil, nil, false
	}
	resp, e := s.mfaChallenge(si, name, source)
	return resp, e, true
}

// mfaChallenge starts challenge name (SMS_MFA sends the code).
func (s *Server) mfaChallenge(si *signIn, name, source string) (*authResponse, *apiError) {
	p, c, now, st := si.p, si.c, si.r.now, si.st
	sess := &authSession{Challenge: name, Username: st.username, Typed: si.typed, ClientID: c.id,
		Expires: now.Add(c.sessionTTL).UnixNano(), Resume: si.resume(source), MFA: &mfaState{}}
	params := map[string]string{"USER_ID_FOR_SRP": st.username}
	switch name {
	case mfaSMS:
		phone, _ := st.get("phone_number")
		code := s.newCode()
		sess.MFA.Code = code
		s.queue(si.r, p, c.id, st.attrs, Message{UserPoolID: p.id, Username: st.username, Medium: "SMS", Destination: phone,
			Code: code, Purpose: "SMS_MFA", SentAt: now})
		params["CODE_DELIVERY_DELIVERY_MEDIUM"] = "SMS"
		params["CODE_DELIVERY_DESTINATION"] = maskDestination("SMS", phone)
	case mfaEmail:
		s.sendEmailMFA(si, sess, params) // op_userauth.go
	case "SELECT_MFA_TYPE":
		params["MFAS_CAN_CHOOSE"] = jsonList(mfaChoices(p, st))
	case "MFA_SETUP":
		cfg := p.mfa.Load()
		var can []string
		if cfg.SMS {
			can = append(can, mfaSMS)
		}
		if cfg.TOTP {
			can = append(can, mfaTOTP)
		}
		params["MFAS_CAN_SETUP"] = jsonList(can)
	}
	tok := s.newChallengeSession(p, sess)
	return &authResponse{ChallengeName: name, Session: tok, ChallengeParameters: params}, nil
}

// mfaSession checks USERNAME, Session and SECRET_HASH of an MFA challenge answer and
// returns the session (still stored).
func (s *Server) mfaSession(q *challengeRequest) (*authSession, *apiError) {
	username := q.responses["USERNAME"]
	if username == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+"USERNAME")
	}
	if q.session == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+"Session")
	}
	p, c := q.p, q.c
	sess, e := s.challengeSession(p, q.session, c.id, q.r.now)
	if e != nil {
		return nil, e
	}
	if sess.Challenge != q.name || (p.norm(username) != p.norm(sess.Username) && p.norm(username) != p.norm(sess.Typed)) {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	if e := checkSecretHash(c, q.responses["SECRET_HASH"], username, sess.Username, sess.Typed); e != nil {
		return nil, e
	}
	return sess, nil
}

// challengeMFACode answers SMS_MFA (SMS_MFA_CODE) and SOFTWARE_TOKEN_MFA
// (SOFTWARE_TOKEN_MFA_CODE).
func (s *Server) challengeMFACode(q *challengeRequest) (*authResponse, *apiError) {
	key := "SMS_MFA_CODE"
	switch q.name {
	case mfaTOTP:
		key = "SOFTWARE_TOKEN_MFA_CODE"
	case mfaEmail:
		key = cognito.ParamEmailOTPCode
	}
	code := q.responses[key]
	if code == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+key)
	}
	sess, e := s.mfaSession(q)
	if e != nil {
		return nil, e
	}
	p := q.p
	st := p.viewUser(byName(sess.Username, ""))
	if st == nil {
		s.dropChallengeSession(p, q.session)
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	var ok bool
	if q.name == mfaSMS || q.name == mfaEmail {
		want := ""
		if sess.MFA != nil {
			want = sess.MFA.Code
		}
		ok = want != "" && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1
	} else {
		if st.mfa.totpSecret == "" {
			return nil, newErr(cognito.CodeSoftwareTokenMFANotFound, cognito.MsgTOTPNotFound)
		}
		ok = totpOK(st.mfa.totpSecret, code, q.r.now)
	}
	right, gone := s.answerSession(p, q.session, sess, mfaMaxWrong, func() bool { return ok })
	if gone {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	if !right {
		return nil, newErr(cognito.CodeCodeMismatch, cognito.MsgMFACodeMismatch)
	}
	if st.disabled {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgUserDisabled)
	}
	return s.finish(s.resumeSignIn(q, sess, st, 0), sess.source())
}

// challengeSelectMFA answers SELECT_MFA_TYPE (ANSWER = SMS_MFA or SOFTWARE_TOKEN_MFA)
// with the chosen challenge.
func (s *Server) challengeSelectMFA(q *challengeRequest) (*authResponse, *apiError) {
	answer := q.responses["ANSWER"]
	if answer == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+"ANSWER")
	}
	sess, e := s.mfaSession(q)
	if e != nil {
		return nil, e
	}
	if answer != mfaSMS && answer != mfaTOTP && answer != mfaEmail {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgInvalidMFATypePrefix+echo(answer)) // inferred
	}
	p := q.p
	if !s.takeExact(p, q.session, sess) { // usable once
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	st := p.viewUser(byName(sess.Username, ""))
	if st == nil {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	return s.mfaChallenge(s.resumeSignIn(q, sess, st, 0), answer, sess.source())
}

// challengeMFASetup answers MFA_SETUP once VerifySoftwareToken has verified a token
// with the session.
func (s *Server) challengeMFASetup(q *challengeRequest) (*authResponse, *apiError) {
	sess, e := s.mfaSession(q)
	if e != nil {
		return nil, e
	}
	if sess.MFA == nil || !sess.MFA.Verified {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgTOTPNotSetUp) // inferred
	}
	p := q.p
	if !s.takeExact(p, q.session, sess) { // usable once
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	st := p.viewUser(byName(sess.Username, ""))
	if st == nil {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	return s.finish(s.resumeSignIn(q, sess, st, 0), sess.source())
}

type softwareTokenInput struct {
	AccessToken        string `json:"AccessToken"`
	Session            string `json:"Session"`
	UserCode           string `json:"UserCode"`
	FriendlyDeviceName string `json:"FriendlyDeviceName"`
}

type associateSoftwareTokenOutput struct {
	SecretCode string `json:"SecretCode"`
	Session    string `json:"Session,omitempty"`
}

func (s *Server) opAssociateSoftwareToken(r *request, in *softwareTokenInput) (*associateSoftwareTokenOutput, *apiError) {
	if (in.AccessToken == "") == (in.Session == "") {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgTokenOrSession) // inferred
	}
	secret := s.newTOTPSecret()
	if in.Session != "" {
		p, sess, e := s.sessionAnywhere(in.Session, r.now)
		if e != nil {
			return nil, e
		}
		if sess.Challenge != "MFA_SETUP" {
			return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
		}
		next, ok := s.rotateSession(p, in.Session, sess, func(n *authSession) { n.MFA.Secret = secret })
		if !ok {
			return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
		}
		return &associateSoftwareTokenOutput{SecretCode: secret, Session: next}, nil
	}
	e := s.withAccessToken(r, in.AccessToken, func(p *pool, u *user, _ accessClaims) *apiError {
		u.mfa.totpPending = secret
		return nil
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &associateSoftwareTokenOutput{SecretCode: secret}, nil
}

type verifySoftwareTokenInput softwareTokenInput

func (in *verifySoftwareTokenInput) validate(v *validator) {
	v.required("userCode", in.UserCode != "")
	if in.UserCode != "" {
		v.length("userCode", in.UserCode, 6, 6, true)
	}
}

type verifySoftwareTokenOutput struct {
	Status  string `json:"Status"`
	Session string `json:"Session,omitempty"`
}

func (s *Server) opVerifySoftwareToken(r *request, in *verifySoftwareTokenInput) (*verifySoftwareTokenOutput, *apiError) {
	if (in.AccessToken == "") == (in.Session == "") {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgTokenOrSession) // inferred
	}
	if in.Session != "" {
		p, sess, e := s.sessionAnywhere(in.Session, r.now)
		if e != nil {
			return nil, e
		}
		secret := ""
		if sess.MFA != nil {
			secret = sess.MFA.Secret
		}
		if sess.Challenge != "MFA_SETUP" || secret == "" {
			return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
		}
		if !totpOK(secret, in.UserCode, r.now) {
			return nil, newErr(cognito.CodeEnableSoftwareTokenMFA, cognito.MsgTOTPEnableFailed)
		}
		e = s.updateUser(p, byName(sess.Username, ""), func(u *user) *apiError {
			if u == nil {
				return newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
			}
			u.mfa.totpSecret, u.mfa.totpPending, u.mfa.totp = secret, "", true
			if u.mfa.preferred == "" {
				u.mfa.preferred = mfaTOTP
			}
			u.touch(r.now)
			return nil
		})
		if e != nil {
			return nil, e
		}
		s.markChanged(r)
		next, ok := s.rotateSession(p, in.Session, sess, func(n *authSession) { n.MFA.Verified, n.MFA.Secret = true, "" })
		if !ok {
			return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
		}
		return &verifySoftwareTokenOutput{Status: "SUCCESS", Session: next}, nil
	}
	e := s.withAccessToken(r, in.AccessToken, func(p *pool, u *user, _ accessClaims) *apiError {
		if u.mfa.totpPending == "" {
			return newErr(cognito.CodeSoftwareTokenMFANotFound, cognito.MsgTOTPNotFound)
		}
		if !totpOK(u.mfa.totpPending, in.UserCode, r.now) {
			return newErr(cognito.CodeEnableSoftwareTokenMFA, cognito.MsgTOTPEnableFailed)
		}
		u.mfa.totpSecret, u.mfa.totpPending = u.mfa.totpPending, ""
		u.touch(r.now)
		return nil
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &verifySoftwareTokenOutput{Status: "SUCCESS"}, nil
}

type mfaSettings struct {
	Enabled      bool `json:"Enabled"`
	PreferredMfa bool `json:"PreferredMfa"`
}

type mfaPreferenceInput struct {
	AccessToken              string       `json:"AccessToken"`
	UserPoolID               string       `json:"UserPoolId"`
	Username                 string       `json:"Username"`
	SMSMfaSettings           *mfaSettings `json:"SMSMfaSettings"`
	SoftwareTokenMfaSettings *mfaSettings `json:"SoftwareTokenMfaSettings"`
	EmailMfaSettings         *mfaSettings `json:"EmailMfaSettings"` // op_userauth.go
}

// setPreference applies SetUserMFAPreference's settings to u (the caller holds p.mu).
func setPreference(u *user, in *mfaPreferenceInput) *apiError {
	m := u.mfa
	if x := in.SoftwareTokenMfaSettings; x != nil {
		if x.Enabled && m.totpSecret == "" {
			return newErr(cognito.CodeInvalidParameter, cognito.MsgTOTPNotVerified)
		}
		m.totp = x.Enabled
		if x.Enabled && x.PreferredMfa {
			m.preferred = mfaTOTP
		} else if m.preferred == mfaTOTP {
			m.preferred = ""
		}
	}
	if x := in.SMSMfaSettings; x != nil {
		if phone, _ := u.get("phone_number"); x.Enabled && phone == "" {
			return newErr(cognito.CodeInvalidParameter, cognito.MsgNoPhoneNumber) // inferred
		}
		m.sms = x.Enabled
		if x.Enabled && x.PreferredMfa {
			m.preferred = mfaSMS
		} else if m.preferred == mfaSMS {
			m.preferred = ""
		}
	}
	u.mfa = m
	return setEmailPreference(u, in.EmailMfaSettings) // op_userauth.go
}

func (s *Server) opSetUserMFAPreference(r *request, in *mfaPreferenceInput) (*empty, *apiError) {
	e := s.withAccessToken(r, in.AccessToken, func(p *pool, u *user, _ accessClaims) *apiError {
		if e := setPreference(u, in); e != nil {
			return e
		}
		u.touch(r.now)
		return nil
	})
	return s.changed(r, e)
}

type adminMFAPreferenceInput mfaPreferenceInput

func (in *adminMFAPreferenceInput) validate(v *validator) {
	validPoolID(v, in.UserPoolID)
	validUsername(v, in.Username)
}

func (s *Server) opAdminSetUserMFAPreference(r *request, in *adminMFAPreferenceInput) (*empty, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	e = s.updateUser(p, byTyped(in.Username), func(u *user) *apiError {
		if u == nil {
			return errNoUser()
		}
		if e := setPreference(u, (*mfaPreferenceInput)(in)); e != nil {
			return e
		}
		u.touch(r.now)
		return nil
	})
	return s.changed(r, e)
}

// mfaFields sets UserMFASettingList and PreferredMfaSetting of a GetUser or
// AdminGetUser answer.
func mfaFields(out *getUserOutput, m userMFA) {
	var list []string
	if m.sms {
		list = append(list, mfaSMS)
	}
	if m.totp {
		list = append(list, mfaTOTP)
	}
	if m.email {
		list = append(list, mfaEmail)
	}
	out.UserMFASettingList = list
	out.PreferredMfaSetting = m.preferred
	out.MFAOptions = m.options
}

func (in *mfaPreferenceInput) validate(v *validator) { v.required("accessToken", in.AccessToken != "") }

type poolMfaInput struct {
	UserPoolID          string          `json:"UserPoolId"`
	MfaConfiguration    string          `json:"MfaConfiguration"`
	SmsMfaConfiguration json.RawMessage `json:"SmsMfaConfiguration"`
	SoftwareToken       *struct {
		Enabled bool `json:"Enabled"`
	} `json:"SoftwareTokenMfaConfiguration"`
	EmailMfaConfiguration *emailMfaConfig `json:"EmailMfaConfiguration"` // op_webauthn.go
	WebAuthnConfiguration *webAuthnConfig `json:"WebAuthnConfiguration"` // op_webauthn.go
}

func (in *poolMfaInput) validate(v *validator) {
	validPoolID(v, in.UserPoolID)
	if in.MfaConfiguration != "" {
		v.enum("mfaConfiguration", in.MfaConfiguration, []string{"OFF", "ON", "OPTIONAL"})
	}
	in.WebAuthnConfiguration.validate(v)
}

type enabledConfig struct {
	Enabled bool `json:"Enabled"`
}

type poolMfaOutput struct {
	MfaConfiguration              string          `json:"MfaConfiguration"`
	SoftwareTokenMfaConfiguration enabledConfig   `json:"SoftwareTokenMfaConfiguration"`
	SmsMfaConfiguration           *struct{}       `json:"SmsMfaConfiguration,omitempty"`
	EmailMfaConfiguration         *emailMfaConfig `json:"EmailMfaConfiguration,omitempty"`
	WebAuthnConfiguration         *webAuthnConfig `json:"WebAuthnConfiguration,omitempty"`
}

func mfaConfigOutput(m *mfaConfig) *poolMfaOutput {
	out := &poolMfaOutput{MfaConfiguration: m.Mode, SoftwareTokenMfaConfiguration: enabledConfig{Enabled: m.TOTP}}
	out.EmailMfaConfiguration, out.WebAuthnConfiguration = userAuthMfaOutput(m)
	if m.SMS {
		out.SmsMfaConfiguration = &struct{}{}
	}
	return out
}

func (s *Server) opSetUserPoolMfaConfig(r *request, in *poolMfaInput) (*poolMfaOutput, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	cur := *p.mfa.Load()
	if in.MfaConfiguration != "" {
		cur.Mode = in.MfaConfiguration
	}
	if len(in.SmsMfaConfiguration) > 0 {
		cur.SMS = string(in.SmsMfaConfiguration) != "null"
	}
	if in.SoftwareToken != nil {
		cur.TOTP = in.SoftwareToken.Enabled
	}
	applyUserAuthMfa(&cur, in.EmailMfaConfiguration, in.WebAuthnConfiguration)
	if cur.Mode != "OFF" && !cur.SMS && !cur.TOTP && !cur.Email {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMFAMethodRequired) // inferred
	}
	s.setMFAConfig(p, cur)
	s.markChanged(r)
	return mfaConfigOutput(&cur), nil
}

type poolIDOnlyMfaInput poolMfaInput

func (in *poolIDOnlyMfaInput) validate(v *validator) { validPoolID(v, in.UserPoolID) }

func (s *Server) opGetUserPoolMfaConfig(r *request, in *poolIDOnlyMfaInput) (*poolMfaOutput, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	return mfaConfigOutput(p.mfa.Load()), nil
}
