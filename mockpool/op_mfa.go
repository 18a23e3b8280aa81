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

func init() {
	registerOps(map[string]opHandler{
		cognito.OpAssociateSoftwareToken:    (*Server).opAssociateSoftwareToken,
		cognito.OpVerifySoftwareToken:       (*Server).opVerifySoftwareToken,
		cognito.OpSetUserMFAPreference:      (*Server).opSetUserMFAPreference,
		cognito.OpAdminSetUserMFAPreference: (*Server).opAdminSetUserMFAPreference,
		cognito.OpSetUserPoolMfaConfig:      (*Server).opSetUserPoolMfaConfig,
		cognito.OpGetUserPoolMfaConfig:      (*Server).opGetUserPoolMfaConfig,
	})
	registerChallenge(mfaSMS, (*Server).challengeMFACode)
	registerChallenge(mfaTOTP, (*Server).challengeMFACode)
	registerChallenge("SELECT_MFA_TYPE", (*Server).challengeSelectMFA)
	registerChallenge("MFA_SETUP", (*Server).challengeMFASetup)
}

const (
	mfaSMS  = "SMS_MFA"
	mfaTOTP = "SOFTWARE_TOKEN_MFA"

	mfaMaxWrong = 5
	totpStep    = 30 * time.Second
)

// mfaConfig is a pool's MFA configuration.
type mfaConfig struct {
	Mode string // OFF, ON, OPTIONAL
	SMS  bool
	TOTP bool
}

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
	var name string
	switch {
	case sms && tot:
		switch st.mfa.preferred {
		case mfaSMS:
			name = mfaSMS
		case mfaTOTP:
			name = mfaTOTP
		default:
			name = "SELECT_MFA_TYPE"
		}
	case sms:
		name = mfaSMS
	case tot:
		name = mfaTOTP
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
	data := si.sessionData(source)
	params := map[string]string{"USER_ID_FOR_SRP": st.username}
	switch name {
	case mfaSMS:
		phone, _ := st.get("phone_number")
		code := s.newCode()
		data["code"] = code
		s.queue(si.r, p, c.id, st.attrs, Message{UserPoolID: p.id, Username: st.username, Medium: "SMS", Destination: phone,
			Code: code, Purpose: "SMS_MFA", SentAt: now})
		params["CODE_DELIVERY_DELIVERY_MEDIUM"] = "SMS"
		params["CODE_DELIVERY_DESTINATION"] = maskDestination("SMS", phone)
	case "SELECT_MFA_TYPE":
		params["MFAS_CAN_CHOOSE"] = jsonList([]string{mfaSMS, mfaTOTP})
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
	sess := s.newChallengeSession(p, &authSession{challenge: name, username: st.username, typed: si.typed, clientID: c.id,
		expires: now.Add(c.sessionTTL).UnixNano(), data: data})
	return &authResponse{ChallengeName: name, Session: sess, ChallengeParameters: params}, nil
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
	sess, e := p.challengeSession(q.session, c.id, q.r.now)
	if e != nil {
		return nil, e
	}
	if sess.challenge != q.name || (p.norm(username) != p.norm(sess.username) && p.norm(username) != p.norm(sess.typed)) {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	if e := checkSecretHash(c, q.responses["SECRET_HASH"], username, sess.username, sess.typed); e != nil {
		return nil, e
	}
	return sess, nil
}

// wrongCode counts a wrong answer on a session and drops it after mfaMaxWrong.
func (p *pool) wrongCode(tok string) {
	p.sessMu.Lock()
	defer p.sessMu.Unlock()
	if sess := p.challenge[sessionKey(tok)]; sess != nil {
		sess.wrong++
		if sess.wrong >= mfaMaxWrong {
			delete(p.challenge, sessionKey(tok))
		}
	}
}

// currentUser returns a view of the session's user, or nil when it is gone.
func (p *pool) currentUser(username string) *userView {
	p.mu.RLock()
	defer p.mu.RUnlock()
	u := p.users[p.norm(username)]
	if u == nil {
		return nil
	}
	v := u.view()
	return &v
}

// challengeMFACode answers SMS_MFA (SMS_MFA_CODE) and SOFTWARE_TOKEN_MFA
// (SOFTWARE_TOKEN_MFA_CODE).
func (s *Server) challengeMFACode(q *challengeRequest) (*authResponse, *apiError) {
	key := "SMS_MFA_CODE"
	if q.name == mfaTOTP {
		key = "SOFTWARE_TOKEN_MFA_CODE"
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
	st := p.currentUser(sess.username)
	if st == nil {
		p.dropChallengeSession(q.session)
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	var ok bool
	if q.name == mfaSMS {
		ok = subtle.ConstantTimeCompare([]byte(sess.data["code"]), []byte(code)) == 1
	} else {
		if st.mfa.totpSecret == "" {
			return nil, newErr(cognito.CodeSoftwareTokenMFANotFound, cognito.MsgTOTPNotFound)
		}
		ok = totpOK(st.mfa.totpSecret, code, q.r.now)
	}
	if !ok {
		p.wrongCode(q.session)
		return nil, newErr(cognito.CodeCodeMismatch, cognito.MsgMFACodeMismatch)
	}
	p.dropChallengeSession(q.session)
	if st.disabled {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgUserDisabled)
	}
	return s.finish(s.resumeSignIn(q, sess, st, 0), sess.data["source"])
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
	if answer != mfaSMS && answer != mfaTOTP {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgInvalidMFATypePrefix+echo(answer)) // inferred
	}
	p := q.p
	p.dropChallengeSession(q.session)
	st := p.currentUser(sess.username)
	if st == nil {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	return s.mfaChallenge(s.resumeSignIn(q, sess, st, 0), answer, sess.data["source"])
}

// challengeMFASetup answers MFA_SETUP once VerifySoftwareToken has verified a token
// with the session.
func (s *Server) challengeMFASetup(q *challengeRequest) (*authResponse, *apiError) {
	sess, e := s.mfaSession(q)
	if e != nil {
		return nil, e
	}
	if sess.data["verified"] != "1" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgTOTPNotSetUp) // inferred
	}
	p := q.p
	p.dropChallengeSession(q.session)
	st := p.currentUser(sess.username)
	if st == nil {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	return s.finish(s.resumeSignIn(q, sess, st, 0), sess.data["source"])
}

// sessionAnywhere finds a live challenge session by its token in any pool (the
// software token operations name no pool or client).
func (s *Server) sessionAnywhere(tok string, now time.Time) (*pool, *authSession, *apiError) {
	s.mu.RLock()
	pools := make([]*pool, 0, len(s.pools))
	for _, p := range s.pools {
		pools = append(pools, p)
	}
	s.mu.RUnlock()
	for _, p := range pools {
		p.sessMu.Lock()
		sess := p.challenge[sessionKey(tok)]
		if sess != nil && now.UnixNano() >= sess.expires {
			delete(p.challenge, sessionKey(tok))
			p.sessMu.Unlock()
			return nil, nil, newErr(cognito.CodeNotAuthorized, cognito.MsgSessionExpired)
		}
		p.sessMu.Unlock()
		if sess != nil {
			return p, sess, nil
		}
	}
	return nil, nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
}

// rotateSession replaces the session old by a copy under a fresh token (Cognito answers
// each step with a new Session), with f applied to the copy's data. Session data maps
// are never changed once stored, so readers need no lock.
func (s *Server) rotateSession(p *pool, old string, sess *authSession, f func(d map[string]string)) string {
	next := *sess
	next.data = make(map[string]string, len(sess.data)+1)
	for k, v := range sess.data {
		next.data[k] = v
	}
	f(next.data)
	p.dropChallengeSession(old)
	return s.newChallengeSession(p, &next)
}

type softwareTokenInput struct {
	AccessToken        string `json:"AccessToken"`
	Session            string `json:"Session"`
	UserCode           string `json:"UserCode"`
	FriendlyDeviceName string `json:"FriendlyDeviceName"`
}

func (s *Server) opAssociateSoftwareToken(r *request) (any, *apiError) {
	var in softwareTokenInput
	if e := decode(r.body, &in); e != nil {
		return nil, e
	}
	if (in.AccessToken == "") == (in.Session == "") {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgTokenOrSession) // inferred
	}
	secret := s.newTOTPSecret()
	if in.Session != "" {
		p, sess, e := s.sessionAnywhere(in.Session, r.now)
		if e != nil {
			return nil, e
		}
		if sess.challenge != "MFA_SETUP" {
			return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
		}
		next := s.rotateSession(p, in.Session, sess, func(d map[string]string) { d["secret"] = secret })
		return map[string]any{"SecretCode": secret, "Session": next}, nil
	}
	tin := tokenInput{AccessToken: in.AccessToken}
	return s.withAccessToken(r, &tin, func(p *pool, u *user, _ accessClaims) (any, *apiError) {
		u.mfa.totpPending = secret
		s.markChanged(r)
		return map[string]any{"SecretCode": secret}, nil
	})
}

func (s *Server) opVerifySoftwareToken(r *request) (any, *apiError) {
	var in softwareTokenInput
	if e := decode(r.body, &in); e != nil {
		return nil, e
	}
	var v validator
	v.required("userCode", in.UserCode != "")
	if in.UserCode != "" {
		v.length("userCode", in.UserCode, 6, 6, true)
	}
	if e := v.err(); e != nil {
		return nil, e
	}
	if (in.AccessToken == "") == (in.Session == "") {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgTokenOrSession) // inferred
	}
	if in.Session != "" {
		p, sess, e := s.sessionAnywhere(in.Session, r.now)
		if e != nil {
			return nil, e
		}
		secret := sess.data["secret"]
		if sess.challenge != "MFA_SETUP" || secret == "" {
			return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
		}
		if !totpOK(secret, in.UserCode, r.now) {
			return nil, newErr(cognito.CodeEnableSoftwareTokenMFA, cognito.MsgTOTPEnableFailed)
		}
		p.mu.Lock()
		u := p.users[p.norm(sess.username)]
		if u != nil {
			u.mfa.totpSecret, u.mfa.totpPending, u.mfa.totp = secret, "", true
			if u.mfa.preferred == "" {
				u.mfa.preferred = mfaTOTP
			}
			u.touch(r.now)
		}
		p.mu.Unlock()
		if u == nil {
			return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
		}
		s.markChanged(r)
		next := s.rotateSession(p, in.Session, sess, func(d map[string]string) { d["verified"] = "1"; delete(d, "secret") })
		return map[string]any{"Status": "SUCCESS", "Session": next}, nil
	}
	tin := tokenInput{AccessToken: in.AccessToken}
	return s.withAccessToken(r, &tin, func(p *pool, u *user, _ accessClaims) (any, *apiError) {
		if u.mfa.totpPending == "" {
			return nil, newErr(cognito.CodeSoftwareTokenMFANotFound, cognito.MsgTOTPNotFound)
		}
		if !totpOK(u.mfa.totpPending, in.UserCode, r.now) {
			return nil, newErr(cognito.CodeEnableSoftwareTokenMFA, cognito.MsgTOTPEnableFailed)
		}
		u.mfa.totpSecret, u.mfa.totpPending = u.mfa.totpPending, ""
		u.touch(r.now)
		s.markChanged(r)
		return map[string]any{"Status": "SUCCESS"}, nil
	})
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
	return nil
}

func (s *Server) opSetUserMFAPreference(r *request) (any, *apiError) {
	var in mfaPreferenceInput
	if e := decode(r.body, &in); e != nil {
		return nil, e
	}
	tin := tokenInput{AccessToken: in.AccessToken}
	return s.withAccessToken(r, &tin, func(p *pool, u *user, _ accessClaims) (any, *apiError) {
		if e := setPreference(u, &in); e != nil {
			return nil, e
		}
		u.touch(r.now)
		s.markChanged(r)
		return empty{}, nil
	})
}

func (s *Server) opAdminSetUserMFAPreference(r *request) (any, *apiError) {
	var in mfaPreferenceInput
	if e := decode(r.body, &in); e != nil {
		return nil, e
	}
	var v validator
	validPoolID(&v, in.UserPoolID)
	validUsername(&v, in.Username)
	if e := v.err(); e != nil {
		return nil, e
	}
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	u := p.lookup(in.Username)
	if u == nil {
		return nil, newErr(cognito.CodeUserNotFound, cognito.MsgUserNotExist)
	}
	if e := setPreference(u, &in); e != nil {
		return nil, e
	}
	u.touch(r.now)
	s.markChanged(r)
	return empty{}, nil
}

// mfaFields adds UserMFASettingList and PreferredMfaSetting to a GetUser or
// AdminGetUser answer.
func mfaFields(out map[string]any, m userMFA) map[string]any {
	var list []string
	if m.sms {
		list = append(list, mfaSMS)
	}
	if m.totp {
		list = append(list, mfaTOTP)
	}
	if len(list) > 0 {
		out["UserMFASettingList"] = list
	}
	if m.preferred != "" {
		out["PreferredMfaSetting"] = m.preferred
	}
	return out
}

type poolMfaInput struct {
	UserPoolID          string          `json:"UserPoolId"`
	MfaConfiguration    string          `json:"MfaConfiguration"`
	SmsMfaConfiguration json.RawMessage `json:"SmsMfaConfiguration"`
	SoftwareToken       *struct {
		Enabled bool `json:"Enabled"`
	} `json:"SoftwareTokenMfaConfiguration"`
}

func mfaConfigOutput(m *mfaConfig) map[string]any {
	out := map[string]any{"MfaConfiguration": m.Mode, "SoftwareTokenMfaConfiguration": map[string]any{"Enabled": m.TOTP}}
	if m.SMS {
		out["SmsMfaConfiguration"] = map[string]any{}
	}
	return out
}

func (s *Server) opSetUserPoolMfaConfig(r *request) (any, *apiError) {
	var in poolMfaInput
	if e := decode(r.body, &in); e != nil {
		return nil, e
	}
	var v validator
	validPoolID(&v, in.UserPoolID)
	if in.MfaConfiguration != "" {
		v.enum("mfaConfiguration", in.MfaConfiguration, []string{"OFF", "ON", "OPTIONAL"})
	}
	if e := v.err(); e != nil {
		return nil, e
	}
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
	if cur.Mode != "OFF" && !cur.SMS && !cur.TOTP {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMFAMethodRequired) // inferred
	}
	p.mfa.Store(&cur)
	s.markChanged(r)
	return mfaConfigOutput(&cur), nil
}

func (s *Server) opGetUserPoolMfaConfig(r *request) (any, *apiError) {
	var in poolMfaInput
	if e := decode(r.body, &in); e != nil {
		return nil, e
	}
	var v validator
	validPoolID(&v, in.UserPoolID)
	if e := v.err(); e != nil {
		return nil, e
	}
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	return mfaConfigOutput(p.mfa.Load()), nil
}
