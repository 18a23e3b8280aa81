package mockpool

// Passkeys: StartWebAuthnRegistration, CompleteWebAuthnRegistration,
// ListWebAuthnCredentials, DeleteWebAuthnCredential, the WEB_AUTHN challenge of
// USER_AUTH (CREDENTIAL_REQUEST_OPTIONS) and its CREDENTIAL answer, verified with
// github.com/go-webauthn/webauthn; the pool's WebAuthnConfiguration
// (SetUserPoolMfaConfig, GetUserPoolMfaConfig).
//
// The relying party of a pool is its WebAuthnConfiguration.RelyingPartyId, else its
// domain: the custom domain, else the prefix domain
// (<prefix>.auth.<region>.amazoncognito.com). AWS: the relying party is "typically
// your user pool domain", and WebAuthnConfigurationMissingException means "a user
// pool doesn't have a configured relying party id or a user pool domain"; so a pool
// with neither has none (no "localhost" default), cannot register passkeys, and
// WEB_AUTHN does not apply to it.
//
// Origins (inferred: Cognito's rule is not published): https://<rp id>, and for the
// relying party "localhost" also http://localhost.
//
// An unknown name (or a user masked as one) gets simulated options
// (simulate.SimulatedRequestOptions: a fresh challenge, stable allowCredentials);
// its CREDENTIAL, like a real user's refused assertion, is the generic
// NotAuthorizedException through the SignIn lockout.

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/protocol/webauthncose"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/maskedauth/maskedauth/internal/cognito"
	"github.com/maskedauth/maskedauth/internal/lockout"
	"github.com/maskedauth/maskedauth/internal/simulate"
)

// webAuthnConfig is WebAuthnConfiguration (wire and stored form).
type webAuthnConfig struct {
	RelyingPartyID      string `json:"RelyingPartyId,omitempty"`
	UserVerification    string `json:"UserVerification,omitempty"`
	FactorConfiguration string `json:"FactorConfiguration,omitempty"`
}

// emailMfaConfig is EmailMfaConfiguration.
type emailMfaConfig struct {
	Message string `json:"Message,omitempty"`
	Subject string `json:"Subject,omitempty"`
}

func (w *webAuthnConfig) validate(v *validator) {
	if w == nil {
		return
	}
	if w.RelyingPartyID != "" {
		v.length("webAuthnConfiguration.relyingPartyId", w.RelyingPartyID, 1, 127, false)
	}
	if w.UserVerification != "" {
		v.enum("webAuthnConfiguration.userVerification", w.UserVerification, []string{"required", "preferred"})
	}
	if w.FactorConfiguration != "" {
		v.enum("webAuthnConfiguration.factorConfiguration", w.FactorConfiguration, []string{"SINGLE_FACTOR", "MULTI_FACTOR_WITH_USER_VERIFICATION"})
	}
}

// relyingParty is p's relying party id, "" when it has none.
func (s *Server) relyingParty(p *pool) string {
	if w := p.mfa.Load().WebAuthn; w != nil && w.RelyingPartyID != "" {
		return w.RelyingPartyID
	}
	prefix, custom := s.configDomains(p)
	switch {
	case custom != "":
		return custom
	case prefix != "":
		return prefix + ".auth." + s.region + ".amazoncognito.com"
	}
	return ""
}

func rpOrigins(rpID string) []string {
	o := []string{"https://" + rpID}
	if rpID == "localhost" {
		o = append(o, "http://localhost")
	}
	return o
}

// relyingPartyOf is the go-webauthn relying party of rpID.
func relyingPartyOf(rpID string) (*webauthn.WebAuthn, error) {
	return webauthn.New(&webauthn.Config{RPID: rpID, RPDisplayName: rpID, RPOrigins: rpOrigins(rpID)})
}

var credParams = []protocol.CredentialParameter{
	{Type: protocol.PublicKeyCredentialType, Algorithm: webauthncose.AlgES256},
	{Type: protocol.PublicKeyCredentialType, Algorithm: webauthncose.AlgRS256},
}

// waUser is a user as go-webauthn sees her: her sub is the user handle.
type waUser struct {
	sub, name string
	keys      []passkey
}

func (u waUser) WebAuthnID() []byte          { return []byte(u.sub) }
func (u waUser) WebAuthnName() string        { return u.name }
func (u waUser) WebAuthnDisplayName() string { return u.name }
func (u waUser) WebAuthnCredentials() []webauthn.Credential {
	out := make([]webauthn.Credential, len(u.keys))
	for i, k := range u.keys {
		out[i] = k.Credential
	}
	return out
}

// webAuthnChallenge starts WEB_AUTHN for u.
func (s *Server) webAuthnChallenge(u *uaStart) (*authResponse, *apiError) {
	p := u.p
	pf := s.poolFactors(p)
	// The simulated options are computed for every request alike.
	o, err := s.sim.SimulatedRequestOptions(s.srpRand(), p.id, p.simKey(u.typed), pf)
	if u.st != nil && !u.masked {
		var descs []simulate.CredentialDescriptor
		for _, k := range passkeysFor(u.st.passkeys, pf.RelyingPartyID) {
			descs = append(descs, simulate.Descriptor(k.Credential.ID, k.Transports))
		}
		o, err = simulate.NewRequestOptions(s.srpRand(), pf, descs)
	}
	if err != nil {
		return nil, &apiError{Code: cognito.CodeInternalError, Message: cognito.MsgInternalServerError, Status: 500}
	}
	j, err := o.JSON()
	if err != nil {
		return nil, &apiError{Code: cognito.CodeInternalError, Message: cognito.MsgInternalServerError, Status: 500}
	}
	tok := s.uaSession(u, cognito.ChallengeWebAuthn, &userAuthState{WebAuthn: &o})
	return &authResponse{ChallengeName: cognito.ChallengeWebAuthn, Session: tok,
		ChallengeParameters: map[string]string{cognito.ParamCredentialRequestOptions: j}}, nil
}

// challengeWebAuthn answers WEB_AUTHN: CREDENTIAL is an AuthenticationResponseJSON.
func (s *Server) challengeWebAuthn(q *challengeRequest) (*authResponse, *apiError) {
	sess, e := s.uaAnswer(q, cognito.ParamCredential)
	if e != nil {
		return nil, e
	}
	p, c, now := q.p, q.c, q.r.now
	if !s.takeExact(p, q.session, sess) { // usable once
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	u := s.resumeUA(q, sess)
	key := s.viewKey(p, u.st, sess.Typed)
	if p.limited(lockout.SignIn, key, now) {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgAttemptsExceeded)
	}
	ok := false
	var cred *webauthn.Credential
	if u.st != nil && !u.masked && sess.UserAuth.WebAuthn != nil {
		cred, ok = verifyAssertion(u.st, sess.UserAuth.WebAuthn, q.responses[cognito.ParamCredential])
	}
	st := u.st
	if u.masked {
		st = nil // served as an unknown name: the generic failure
		if u.st != nil {
			key = s.viewKey(p, u.st, sess.Typed)
		}
	}
	if e := s.userGate(p, c, key, st, ok, now); e != nil {
		return nil, e
	}
	s.updatePasskeyCounter(p, u.st.username, *cred)
	return s.uaVerified(q, sess)
}

// verifyAssertion checks an assertion against the options of the challenge and the
// user's passkeys for its relying party.
func verifyAssertion(st *userView, o *simulate.RequestOptions, credential string) (*webauthn.Credential, bool) {
	parsed, err := protocol.ParseCredentialRequestResponseBytes([]byte(credential))
	if err != nil {
		return nil, false
	}
	w, err := relyingPartyOf(o.RPID)
	if err != nil {
		return nil, false
	}
	keys := passkeysFor(st.passkeys, o.RPID)
	var allowed [][]byte
	for _, k := range keys {
		allowed = append(allowed, k.Credential.ID)
	}
	sd := webauthn.SessionData{Challenge: o.Challenge, RelyingPartyID: o.RPID, UserID: []byte(st.sub), AllowedCredentialIDs: allowed,
		UserVerification: protocol.UserVerificationRequirement(o.UserVerification)}
	cred, err := w.ValidateLogin(waUser{sub: st.sub, name: st.username, keys: keys}, sd, parsed)
	if err != nil {
		return nil, false
	}
	return cred, true
}

// Registration.

type startWebAuthnOutput struct {
	CredentialCreationOptions json.RawMessage `json:"CredentialCreationOptions"`
}

// registrationTimeout is how long a StartWebAuthnRegistration stays valid (inferred).
const registrationTimeout = 5 * time.Minute

// creationOptions is PublicKeyCredentialCreationOptionsJSON.
type creationOptions struct {
	Challenge              string                          `json:"challenge"`
	RP                     map[string]string               `json:"rp"`
	User                   map[string]string               `json:"user"`
	PubKeyCredParams       []protocol.CredentialParameter  `json:"pubKeyCredParams"`
	Timeout                int64                           `json:"timeout"`
	ExcludeCredentials     []simulate.CredentialDescriptor `json:"excludeCredentials"`
	AuthenticatorSelection map[string]any                  `json:"authenticatorSelection"`
	Attestation            string                          `json:"attestation"`
}

func (s *Server) opStartWebAuthnRegistration(r *request, in *accessTokenInput) (*startWebAuthnOutput, *apiError) {
	p, v, cl, e := s.tokenUser(r, in.AccessToken)
	if e != nil {
		return nil, e
	}
	if !contains(p.cfg().SignInPolicy.allowed(), cognito.FactorWebAuthn) {
		return nil, newErr(cognito.CodeWebAuthnNotEnabled, cognito.MsgWebAuthnNotEnabled)
	}
	rp := s.relyingParty(p)
	if rp == "" {
		return nil, newErr(cognito.CodeWebAuthnConfigurationMissing, cognito.MsgWebAuthnConfigurationMissing)
	}
	uv := s.poolFactors(p).UserVerification
	if uv == "" {
		uv = "preferred"
	}
	ch := make([]byte, simulate.WebAuthnChallengeBytes)
	s.randBytes(ch)
	reg := &passkeyRegistration{Challenge: ch, ClientID: cl.ClientID, RPID: rp, UserVerification: uv, Expires: r.now.Add(registrationTimeout).UnixNano()}
	if e := s.setPasskeyRegistration(p, byName(v.username, v.sub), reg, r.now); e != nil {
		return nil, e
	}
	s.markChanged(r)
	exclude := []simulate.CredentialDescriptor{}
	for _, k := range passkeysFor(v.passkeys, rp) {
		exclude = append(exclude, simulate.Descriptor(k.Credential.ID, k.Transports))
	}
	o := creationOptions{
		Challenge:          base64.RawURLEncoding.EncodeToString(ch),
		RP:                 map[string]string{"id": rp, "name": rp},
		User:               map[string]string{"id": base64.RawURLEncoding.EncodeToString([]byte(v.sub)), "name": v.username, "displayName": v.username},
		PubKeyCredParams:   credParams,
		Timeout:            registrationTimeout.Milliseconds(),
		ExcludeCredentials: exclude,
		AuthenticatorSelection: map[string]any{"residentKey": "required", "requireResidentKey": true,
			"userVerification": uv},
		Attestation: "none",
	}
	return &startWebAuthnOutput{CredentialCreationOptions: json.RawMessage(mustJSON(o))}, nil
}

type completeWebAuthnInput struct {
	AccessToken string          `json:"AccessToken"`
	Credential  json.RawMessage `json:"Credential"`
}

func (in *completeWebAuthnInput) validate(v *validator) {
	v.required("accessToken", in.AccessToken != "")
	v.required("credential", len(in.Credential) > 0 && string(in.Credential) != "null")
}

func (s *Server) opCompleteWebAuthnRegistration(r *request, in *completeWebAuthnInput) (*empty, *apiError) {
	p, v, cl, e := s.tokenUser(r, in.AccessToken)
	if e != nil {
		return nil, e
	}
	if !contains(p.cfg().SignInPolicy.allowed(), cognito.FactorWebAuthn) {
		return nil, newErr(cognito.CodeWebAuthnNotEnabled, cognito.MsgWebAuthnNotEnabled)
	}
	// The pending registration, read under the pool lock.
	var reg *passkeyRegistration
	_ = s.updateUser(p, byName(v.username, v.sub), func(u *user) *apiError {
		if u != nil {
			reg = u.passkeyReg
		}
		return nil
	})
	if reg == nil || r.now.UnixNano() >= reg.Expires {
		return nil, newErr(cognito.CodeWebAuthnChallengeNotFound, cognito.MsgWebAuthnChallengeNotFound)
	}
	if reg.ClientID != cl.ClientID {
		return nil, newErr(cognito.CodeWebAuthnClientMismatch, cognito.MsgWebAuthnClientMismatch)
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(in.Credential)
	if err != nil {
		return nil, newErr(cognito.CodeWebAuthnCredentialNotSupported, cognito.MsgWebAuthnCredentialNotSupported)
	}
	if !protocol.IsOriginInHaystack(parsed.Response.CollectedClientData.Origin, rpOrigins(reg.RPID)) {
		return nil, newErr(cognito.CodeWebAuthnOriginNotAllowed, cognito.MsgWebAuthnOriginNotAllowed)
	}
	if h := sha256.Sum256([]byte(reg.RPID)); !bytes.Equal(parsed.Response.AttestationObject.AuthData.RPIDHash, h[:]) {
		return nil, newErr(cognito.CodeWebAuthnRelyingPartyMismatch, cognito.MsgWebAuthnRelyingPartyMismatch)
	}
	w, err := relyingPartyOf(reg.RPID)
	if err != nil {
		return nil, newErr(cognito.CodeWebAuthnConfigurationMissing, cognito.MsgWebAuthnConfigurationMissing)
	}
	sd := webauthn.SessionData{Challenge: base64.RawURLEncoding.EncodeToString(reg.Challenge), RelyingPartyID: reg.RPID,
		UserID: []byte(v.sub), UserVerification: protocol.UserVerificationRequirement(reg.UserVerification), CredParams: credParams}
	cred, err := w.CreateCredential(waUser{sub: v.sub, name: v.username, keys: v.passkeys}, sd, parsed)
	if err != nil {
		return nil, newErr(cognito.CodeWebAuthnCredentialNotSupported, cognito.MsgWebAuthnCredentialNotSupported)
	}
	var transports []string
	for _, t := range parsed.Response.Transports {
		transports = append(transports, string(t))
	}
	k := passkey{Credential: *cred, RPID: reg.RPID, Attachment: string(parsed.AuthenticatorAttachment), Transports: transports, Created: r.now.UnixMilli()}
	e = s.updateUser(p, byName(v.username, v.sub), func(u *user) *apiError {
		if u == nil {
			return errNoUser()
		}
		if u.passkeyReg == nil || !bytes.Equal(u.passkeyReg.Challenge, reg.Challenge) { // used by a concurrent call
			return newErr(cognito.CodeWebAuthnChallengeNotFound, cognito.MsgWebAuthnChallengeNotFound)
		}
		u.passkeyReg = nil
		for _, o := range u.passkeys {
			if bytes.Equal(o.Credential.ID, k.Credential.ID) {
				return newErr(cognito.CodeWebAuthnCredentialNotSupported, cognito.MsgWebAuthnCredentialNotSupported)
			}
		}
		if len(u.passkeys) >= maxPasskeys {
			return newErr(cognito.CodeLimitExceeded, cognito.MsgLimitExceeded)
		}
		u.passkeys = append(append([]passkey(nil), u.passkeys...), k)
		u.touch(r.now)
		return nil
	})
	return s.changed(r, e)
}

type listWebAuthnInput struct {
	AccessToken string `json:"AccessToken"`
	MaxResults  *int32 `json:"MaxResults"`
	NextToken   string `json:"NextToken"`
}

func (in *listWebAuthnInput) validate(v *validator) { v.required("accessToken", in.AccessToken != "") }

type webAuthnCredentialDescription struct {
	CredentialID            string   `json:"CredentialId"`
	FriendlyCredentialName  string   `json:"FriendlyCredentialName"`
	RelyingPartyID          string   `json:"RelyingPartyId"`
	AuthenticatorAttachment string   `json:"AuthenticatorAttachment,omitempty"`
	AuthenticatorTransports []string `json:"AuthenticatorTransports"`
	CreatedAt               float64  `json:"CreatedAt"`
}

type listWebAuthnOutput struct {
	Credentials []webAuthnCredentialDescription `json:"Credentials"`
}

// friendlyName is the FriendlyCredentialName of every passkey (inferred: Cognito
// names them after the authenticator; the mock knows none).
const friendlyName = "Passkey"

func (s *Server) opListWebAuthnCredentials(r *request, in *listWebAuthnInput) (*listWebAuthnOutput, *apiError) {
	_, v, _, e := s.tokenUser(r, in.AccessToken)
	if e != nil {
		return nil, e
	}
	out := &listWebAuthnOutput{Credentials: []webAuthnCredentialDescription{}}
	for _, k := range v.passkeys {
		t := k.Transports
		if t == nil {
			t = []string{}
		}
		out.Credentials = append(out.Credentials, webAuthnCredentialDescription{CredentialID: base64.RawURLEncoding.EncodeToString(k.Credential.ID),
			FriendlyCredentialName: friendlyName, RelyingPartyID: k.RPID, AuthenticatorAttachment: k.Attachment, AuthenticatorTransports: t,
			CreatedAt: epoch(k.Created)})
	}
	return out, nil
}

type deleteWebAuthnInput struct {
	AccessToken  string `json:"AccessToken"`
	CredentialID string `json:"CredentialId"`
}

func (in *deleteWebAuthnInput) validate(v *validator) {
	v.required("accessToken", in.AccessToken != "")
	v.required("credentialId", in.CredentialID != "")
}

func (s *Server) opDeleteWebAuthnCredential(r *request, in *deleteWebAuthnInput) (*empty, *apiError) {
	p, v, _, e := s.tokenUser(r, in.AccessToken)
	if e != nil {
		return nil, e
	}
	id, err := base64.RawURLEncoding.DecodeString(in.CredentialID)
	if err != nil {
		return nil, newErr(cognito.CodeResourceNotFound, cognito.MsgWebAuthnCredentialNotFound)
	}
	found, e := s.deletePasskey(p, byName(v.username, v.sub), id, r.now)
	if e != nil {
		return nil, e
	}
	if !found {
		return nil, newErr(cognito.CodeResourceNotFound, cognito.MsgWebAuthnCredentialNotFound)
	}
	s.markChanged(r)
	return &empty{}, nil
}

// SetUserPoolMfaConfig's and GetUserPoolMfaConfig's passwordless parts.

// applyUserAuthMfa applies EmailMfaConfiguration and WebAuthnConfiguration of a
// SetUserPoolMfaConfig to cur.
func applyUserAuthMfa(cur *mfaConfig, email *emailMfaConfig, w *webAuthnConfig) {
	if email != nil {
		cur.Email = true
	}
	if w != nil {
		c := *w
		cur.WebAuthn = &c
	}
}

// userAuthMfaOutput is what GetUserPoolMfaConfig shows of them.
func userAuthMfaOutput(m *mfaConfig) (*emailMfaConfig, *webAuthnConfig) {
	var email *emailMfaConfig
	if m.Email {
		email = &emailMfaConfig{}
	}
	w := webAuthnConfig{UserVerification: "preferred"}
	if m.WebAuthn != nil {
		w = *m.WebAuthn
		if w.UserVerification == "" {
			w.UserVerification = "preferred"
		}
	}
	return email, &w
}
