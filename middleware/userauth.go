package middleware

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	smithymiddleware "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/google/uuid"

	"github.com/maskedauth/maskedauth/internal/cognito"
	"github.com/maskedauth/maskedauth/internal/simulate"
)

// Choice-based sign-in (AuthFlow USER_AUTH) of an unknown name on a LEGACY
// client, answered as ENABLED answers it (see the package doc, USER_AUTH):
//
//   - InitiateAuth: LEGACY's UserNotFoundException becomes the simulated
//     challenge (cognito.ToFirstFactor): SELECT_CHALLENGE listing every
//     challenge the pool can serve, or the challenge of the chosen factor
//     (chooseFactor): a PASSWORD challenge (the generic failure, counted, when
//     the PASSWORD came along), a PASSWORD_SRP one (a simulated
//     PASSWORD_VERIFIER when SRP_A came along), an EMAIL_OTP or SMS_OTP
//     delivery (nothing is sent), WebAuthn options.
//   - Every simulated challenge carries a Session this Masker made
//     (newUASession): MAC'd under its secret and bound to the app client, the
//     operation (admin or not), the name's counter key, the challenge and an
//     expiry. An answer with one is answered here, without calling Cognito
//     (answerUserAuth): the next simulated challenge, or the failure a real
//     user's wrong answer gets (a wrong password or passkey: the generic
//     failure, counted toward the name's lockout; a wrong code:
//     CodeMismatchException, counted toward the wrong-code limit). An answer
//     whose Session is no valid simulated one for that client, name and
//     challenge goes to Cognito, which answers it as any bad session.
//   - PASSWORD_VERIFIER answers carry a simulated SECRET_BLOCK: the SRP path
//     (shortCircuit) answers them.

// uaStepCode is the challenge a simulated Session was issued for.
var uaStepCode = map[string]byte{
	cognito.ChallengeSelect:           1,
	cognito.ChallengePassword:         2,
	cognito.ChallengePasswordSRP:      3,
	cognito.ChallengePasswordVerifier: 4,
	cognito.ChallengeEmailOTP:         5,
	cognito.ChallengeSMSOTP:           6,
	cognito.ChallengeWebAuthn:         7,
}

// isUserAuthChallenge reports whether name is a challenge of USER_AUTH that a
// RespondToAuthChallenge may answer (PASSWORD_VERIFIER excepted: the SRP path
// reads it).
func isUserAuthChallenge(name string) bool {
	return name != cognito.ChallengePasswordVerifier && uaStepCode[name] != 0
}

// Simulated Sessions.
const (
	uaSessionVersion = 1
	// uaContentBytes: version, step (|0x80 for the admin operations), expiry
	// (unix seconds), a 16-byte nonce, the counter key XOR a pad of the nonce.
	uaNonceBytes   = 16
	uaContentBytes = uaNonceBytes + 1 + 1 + 8 + 16 // nonce, then encrypted: version, step, expiry, key
	uaContentChars = (uaContentBytes*8 + 5) / 6    // RawStdEncoding
	uaTagChars     = (sha256.Size*8 + 5) / 6
	minUASession   = 128
	// DefaultUserAuthSessionLen is the length of a simulated USER_AUTH Session
	// until the Masker has seen a real one (then it takes the last real one's):
	// inferred, Cognito's lengths are not published.
	DefaultUserAuthSessionLen = 920
)

const b64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// newUASession returns a simulated Session for a challenge of the name with
// counter key k.
func (m *Masker) newUASession(c *call, step string, k userKey) (string, error) {
	n := int(m.uaSessionLens[uaStepCode[step]].Load())
	if n == 0 {
		n = int(m.uaSessionLen.Load())
	}
	if n == 0 {
		n = DefaultUserAuthSessionLen
	}
	// content: a random nonce, then version, step, expiry and the name's key,
	// all encrypted with a pad keyed by the nonce, so that no character of a
	// simulated Session is fixed (Cognito's look random from the first one).
	var content [uaContentBytes]byte
	if _, err := io.ReadFull(m.opts.Rand, content[:uaNonceBytes]); err != nil {
		return "", err
	}
	plain := content[uaNonceBytes:]
	plain[0] = uaSessionVersion
	plain[1] = uaStepCode[step]
	if c.admin {
		plain[1] |= 0x80
	}
	binary.BigEndian.PutUint64(plain[2:10], uint64(m.opts.Clock().Add(m.sessionValidity()).Unix()))
	copy(plain[10:], k[:])
	pad := m.mac("ua-session-pad", string(content[:uaNonceBytes]))
	for i := range plain {
		plain[i] ^= pad[i]
	}
	filler := make([]byte, n-uaContentChars-uaTagChars)
	if _, err := io.ReadFull(m.opts.Rand, filler); err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(base64.RawStdEncoding.EncodeToString(content[:]))
	for _, x := range filler {
		b.WriteByte(b64Alphabet[x&63])
	}
	b.WriteString(m.uaSessionTag(c.clientID, b.String()))
	return b.String(), nil
}

func (m *Masker) uaSessionTag(clientID, body string) string {
	h := hmac.New(sha256.New, m.blockKey)
	h.Write([]byte("ua-session"))
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(clientID)))
	h.Write(n[:])
	h.Write([]byte(clientID))
	h.Write([]byte(body))
	return base64.RawStdEncoding.EncodeToString(h.Sum(nil))
}

// uaSession is what a valid simulated Session says.
type uaSession struct {
	step    byte // uaStepCode, without the admin bit
	admin   bool
	expires time.Time
	key     userKey
}

// openUASession checks a simulated Session of clientID (its tag in constant
// time, over every character) and returns what it carries.
func (m *Masker) openUASession(clientID, s string) (uaSession, bool) {
	var u uaSession
	if len(s) < minUASession || len(s) > maxSessionLen {
		return u, false
	}
	body := s[:len(s)-uaTagChars]
	if !hmac.Equal([]byte(s[len(body):]), []byte(m.uaSessionTag(clientID, body))) {
		return u, false
	}
	content, err := base64.RawStdEncoding.DecodeString(s[:uaContentChars])
	if err != nil || len(content) != uaContentBytes {
		return u, false
	}
	plain := content[uaNonceBytes:]
	pad := m.mac("ua-session-pad", string(content[:uaNonceBytes]))
	for i := range plain {
		plain[i] ^= pad[i]
	}
	if plain[0] != uaSessionVersion {
		return u, false
	}
	u.step, u.admin = plain[1]&0x7f, plain[1]&0x80 != 0
	u.expires = time.Unix(int64(binary.BigEndian.Uint64(plain[2:10])), 0)
	copy(u.key[:], plain[10:])
	return u, true
}

func (m *Masker) sessionValidity() time.Duration {
	if m.opts.AuthSessionValidity > 0 {
		return m.opts.AuthSessionValidity
	}
	return DefaultAuthSessionValidity
}

// parseUserAuth completes the parse of a USER_AUTH call once its name is
// normalised: an answer whose Session is a valid simulated one for this client,
// operation, name and challenge is marked to be answered here (uaFake; uaExpired
// past its expiry); an answer to a real Session this Masker saw Cognito issue is
// marked issued (its latency may teach the floor).
func (m *Masker) parseUserAuth(c *call, now time.Time) {
	if !c.respond || c.session == "" {
		return
	}
	// A Session that opens under this Masker's key is one it made (for an unknown
	// name on a LEGACY client, or, under WithGenericUnconfirmed or
	// WithGenericDisabled, for such a user on any client): Cognito never issued it.
	if u, ok := m.openUASession(c.clientID, c.session); ok && u.step == uaStepCode[string(c.challenge)] && u.admin == c.admin {
		if k := c.counterKey(m); hmac.Equal(k[:], u.key[:]) {
			expired := !now.Before(u.expires)
			if expired || m.uaUse(c, u.expires, now) {
				c.fake, c.uaFake = true, true
				c.uaExpired = expired
				return
			}
			// Used up: passed on, so Cognito answers it as a real one used up
			// (a Session it never issued).
		}
	}
	if m.uaIssued != nil {
		if k, ok := m.uaIssued.take(m.key16("ua-issued", c.clientID, c.session), now); ok {
			c.issued = true
			c.key, c.hasKey = k, true
		}
	}
}

// userAuthFacts returns the pool facts of the simulation.
func userAuthFacts(f SignInFactors) simulate.PoolFactors {
	allowed := f.AllowedFirstAuthFactors
	if len(allowed) == 0 {
		allowed = []string{cognito.FactorPassword}
	}
	return simulate.PoolFactors{Allowed: append([]string(nil), allowed...), EmailConfigured: f.EmailOTP, SMSConfigured: f.SMSOTP,
		RelyingPartyID: f.RelyingPartyID, UserVerification: f.UserVerification}
}

// chooseFactor returns the first factor simulated for the call's name given
// its PREFERRED_CHALLENGE (FactorChoice), "" when the pool serves none.
func (m *Masker) chooseFactor(c *call, preferred string) string {
	if m.opts.FactorChoice == FactorChoiceRandom {
		f, err := simulate.RandomFactor(m.opts.Rand, m.factors)
		if err != nil {
			return ""
		}
		return f
	}
	if cognito.IsChoice(preferred) {
		f := cognito.FactorOf(preferred)
		if has(m.factors.Applicable(), f) {
			return f
		}
	}
	return m.sim.StableFactor(m.opts.UserPoolID, c.norm, m.factors)
}

// uaAnswer is a simulated answer: a challenge (name, parameters, the Session's
// step) or a failure.
type uaAnswer struct {
	challenge string
	params    map[string]string
	avail     []string
	failure   uaFailure
}

type uaFailure uint8

const (
	uaOK           uaFailure = iota
	uaWrongPass              // NotAuthorizedException MsgIncorrect (or the lockout's), SignInRule
	uaWrongCode              // CodeMismatchException MsgSignInCodeMismatch (or LimitExceeded), WrongCodeRule
	uaNotAvailable           // InvalidParameterException MsgChallengeNotAvailablePrefix + the name
	uaMissing                // InvalidParameterException MsgMissingParameterPrefix + the name
	uaExpired                // NotAuthorizedException MsgSessionExpired
)

// initiateAnswer is the simulated answer of an InitiateAuth USER_AUTH.
func (m *Masker) initiateAnswer(c *call, params map[string]string) uaAnswer {
	pref := c.step
	if pref == "" {
		avail := m.factors.AvailableChallenges()
		if len(avail) == 0 {
			return uaAnswer{failure: uaWrongPass}
		}
		return uaAnswer{challenge: cognito.ChallengeSelect, params: map[string]string{}, avail: avail}
	}
	f := m.chooseFactor(c, pref)
	if f == "" {
		return uaAnswer{failure: uaWrongPass}
	}
	return m.firstFactor(c, simulate.ChallengeFor(f, pref), params)
}

// firstFactor is the simulated answer to the choice of challenge ch, with the
// parameters or responses r that came with it.
func (m *Masker) firstFactor(c *call, ch string, r map[string]string) uaAnswer {
	switch ch {
	case cognito.ChallengePassword:
		if r[cognito.ParamPassword] != "" {
			return uaAnswer{failure: uaWrongPass}
		}
		return uaAnswer{challenge: ch, params: map[string]string{}}
	case cognito.ChallengePasswordSRP:
		if r[cognito.ParamSRPA] == "" {
			return uaAnswer{challenge: ch, params: map[string]string{}}
		}
		p, err := m.challengeParameters(c.clientID, c.username)
		if err != nil {
			return uaAnswer{failure: uaWrongPass}
		}
		return uaAnswer{challenge: cognito.ChallengePasswordVerifier, params: p}
	case cognito.ChallengeEmailOTP, cognito.ChallengeSMSOTP:
		return uaAnswer{challenge: ch, params: simulate.OTPParameters(m.sim.OTPDelivery(m.opts.UserPoolID, c.norm, ch), "")}
	case cognito.ChallengeWebAuthn:
		o, err := m.sim.SimulatedRequestOptions(m.opts.Rand, m.opts.UserPoolID, c.norm, m.factors)
		if err != nil {
			return uaAnswer{failure: uaWrongPass}
		}
		j, err := o.JSON()
		if err != nil {
			return uaAnswer{failure: uaWrongPass}
		}
		return uaAnswer{challenge: ch, params: map[string]string{cognito.ParamCredentialRequestOptions: j}}
	}
	return uaAnswer{failure: uaWrongPass}
}

// respondAnswer is the simulated answer to a RespondToAuthChallenge of the
// challenge c.challenge with responses r (a simulated Session, or a real one
// for a name Cognito no longer knows).
func (m *Masker) respondAnswer(c *call, r map[string]string) (uaAnswer, string) {
	switch ch := string(c.challenge); ch {
	case cognito.ChallengeSelect:
		a := r[cognito.ParamAnswer]
		if a == "" {
			return uaAnswer{failure: uaMissing}, cognito.ParamAnswer
		}
		if !cognito.IsChoice(a) || !has(m.factors.AvailableChallenges(), a) {
			return uaAnswer{failure: uaNotAvailable}, a
		}
		return m.firstFactor(c, a, r), ""
	case cognito.ChallengePassword, cognito.ChallengePasswordSRP:
		p := cognito.ParamPassword
		if ch == cognito.ChallengePasswordSRP {
			p = cognito.ParamSRPA
		}
		if r[p] == "" {
			return uaAnswer{failure: uaMissing}, p
		}
		return m.firstFactor(c, ch, r), ""
	case cognito.ChallengeEmailOTP, cognito.ChallengeSMSOTP:
		if p := cognito.CodeParam(ch); r[p] == "" {
			return uaAnswer{failure: uaMissing}, p
		}
		return uaAnswer{failure: uaWrongCode}, ""
	case cognito.ChallengeWebAuthn:
		if r[cognito.ParamCredential] == "" {
			return uaAnswer{failure: uaMissing}, cognito.ParamCredential
		}
	}
	return uaAnswer{failure: uaWrongPass}, ""
}

// codeKey is the key of the name's wrong sign-in codes: apart from its
// ConfirmForgotPassword codes (inferred: Cognito does not say they share one).
func (m *Masker) codeKey(k userKey) userKey {
	return m.key16("signin-code", m.opts.UserPoolID, string(k[:]))
}

// settle counts a failure and finds its error: the code, message and typed
// error a real user's wrong answer gets.
func (m *Masker) settle(ctx context.Context, c *call, a uaAnswer, name string) (code, msg string, e error, why reason) {
	switch a.failure {
	case uaWrongPass:
		msg = MsgIncorrect
		if m.counters.hit(ctx, SignInRule, c.counterKey(m), m.opts.Clock()) {
			msg = MsgAttemptsExceeded
		}
		return codeNotAuthorized, msg, notAuthorizedWith(msg), maskedSignIn
	case uaWrongCode:
		if m.counters.hit(ctx, WrongCodeRule, m.codeKey(c.counterKey(m)), m.opts.Clock()) {
			return codeLimitExceeded, MsgLimitExceeded, limitExceeded(), maskedOther
		}
		msg = cognito.MsgSignInCodeMismatch
		return codeCodeMismatch, msg, &types.CodeMismatchException{Message: &msg}, maskedOther
	case uaNotAvailable:
		msg = cognito.MsgChallengeNotAvailablePrefix + name
		return cognito.CodeInvalidParameter, msg, &types.InvalidParameterException{Message: &msg}, maskedOther
	case uaMissing:
		msg = cognito.MsgMissingParameterPrefix + name
		return cognito.CodeInvalidParameter, msg, &types.InvalidParameterException{Message: &msg}, maskedOther
	case uaExpired:
		msg = cognito.MsgSessionExpired
		return codeNotAuthorized, msg, notAuthorizedWith(msg), maskedOther
	}
	return codeNotAuthorized, MsgIncorrect, notAuthorizedWith(MsgIncorrect), maskedOther
}

// output returns the operation output of a simulated challenge, with a new
// simulated Session.
func (m *Masker) output(c *call, a uaAnswer) (any, error) {
	s, err := m.newUASession(c, a.challenge, c.counterKey(m))
	if err != nil {
		return nil, err
	}
	ch := types.ChallengeNameType(a.challenge)
	switch c.op {
	case cognito.OpInitiateAuth:
		return &cip.InitiateAuthOutput{ChallengeName: ch, ChallengeParameters: a.params, AvailableChallenges: challengeTypes(a.avail), Session: &s}, nil
	case cognito.OpAdminInitiateAuth:
		return &cip.AdminInitiateAuthOutput{ChallengeName: ch, ChallengeParameters: a.params, AvailableChallenges: challengeTypes(a.avail), Session: &s}, nil
	case cognito.OpAdminRespondToAuthChallenge:
		return &cip.AdminRespondToAuthChallengeOutput{ChallengeName: ch, ChallengeParameters: a.params, Session: &s}, nil
	}
	return &cip.RespondToAuthChallengeOutput{ChallengeName: ch, ChallengeParameters: a.params, Session: &s}, nil
}

func challengeTypes(names []string) []types.ChallengeNameType {
	if len(names) == 0 {
		return nil
	}
	out := make([]types.ChallengeNameType, len(names))
	for i, n := range names {
		out[i] = types.ChallengeNameType(n)
	}
	return out
}

// maskUserAuth builds the masked answer of a USER_AUTH call Cognito answered
// with the LEGACY error code: act is cognito.MaskedUserAuth's.
func (m *Masker) maskUserAuth(ctx context.Context, c *call, act action, out smithymiddleware.DeserializeOutput, md smithymiddleware.Metadata) (
	smithymiddleware.DeserializeOutput, smithymiddleware.Metadata, error,
) {
	var a uaAnswer
	var name string
	switch {
	case act == cognito.ToSignInCodeMismatch:
		a = uaAnswer{failure: uaWrongCode}
	case act == toGeneric:
		a = uaAnswer{failure: uaWrongPass}
	case !c.respond:
		a = m.initiateAnswer(c, authParameters(c.params))
	default:
		a, name = m.respondAnswer(c, challengeResponses(c.params))
	}
	if a.failure == uaOK {
		res, err := m.output(c, a)
		if err == nil {
			return m.succeed(c, out, md, res)
		}
		a.failure = uaWrongPass
	}
	code, msg, e, why := m.settle(ctx, c, a, name)
	return m.fail(c, out, md, e, code+":", msg, why)
}

// answerUserAuth answers a RespondToAuthChallenge with a simulated Session
// without calling Cognito: the next simulated challenge in a 200, or the
// failure in a 400, with a fresh request id and the header names of Cognito's
// answers.
func (m *Masker) answerUserAuth(ctx context.Context, c *call) (out smithymiddleware.DeserializeOutput, md smithymiddleware.Metadata, err error) {
	var a uaAnswer
	var name string
	if c.uaExpired {
		a = uaAnswer{failure: uaExpired}
	} else {
		a, name = m.respondAnswer(c, challengeResponses(c.params))
	}
	id, rerr := uuid.NewRandomFromReader(m.opts.Rand)
	if rerr != nil {
		id = uuid.Nil
	}
	reqID := id.String()
	if a.failure == uaOK {
		res, oerr := m.output(c, a)
		if oerr == nil {
			body := inventedBody(res)
			h := m.okHdr.template()
			resp := m.invented(h, http.StatusOK, "200 OK", reqID, string(body))
			out.RawResponse = &smithyhttp.Response{Response: resp}
			out.Result = res
			awsmiddleware.SetRequestIDMetadata(&md, reqID)
			c.why = maskedOther
			return out, md, nil
		}
		a.failure = uaWrongPass
	}
	code, msg, e, why := m.settle(ctx, c, a, name)
	body := `{"__type":"` + code + `","message":` + strconv.Quote(msg) + `}`
	h := m.hdr.template()
	if h == nil {
		h = http.Header{"Date": {""}, "Content-Length": {""}}
	}
	setHeader(h, "X-Amzn-Errortype", code+":")
	setHeader(h, "X-Amzn-Errormessage", msg)
	resp := m.invented(h, http.StatusBadRequest, "400 Bad Request", reqID, body)
	out.RawResponse = &smithyhttp.Response{Response: resp}
	awsmiddleware.SetRequestIDMetadata(&md, reqID)
	c.why = why
	return out, md, e
}

// invented returns an HTTP response with the header names of h (nil: those of
// Cognito over HTTP), this answer's Date, request id and length, and body.
func (m *Masker) invented(h http.Header, status int, statusText, reqID, body string) *http.Response {
	if h == nil {
		h = http.Header{}
		h.Set("Date", "")
		h.Set("Content-Length", "")
	}
	if status == http.StatusOK {
		h.Del("X-Amzn-Errortype")
		h.Del("X-Amzn-Errormessage")
	}
	if _, ok := h["Date"]; ok {
		setHeader(h, "Date", m.opts.Clock().UTC().Format(http.TimeFormat))
	}
	if _, ok := h["Content-Type"]; !ok {
		h.Set("Content-Type", "application/x-amz-json-1.1")
	}
	if _, ok := h["Content-Length"]; ok {
		setHeader(h, "Content-Length", strconv.Itoa(len(body)))
	}
	setHeader(h, "X-Amzn-Requestid", reqID)
	return &http.Response{
		Status: statusText, StatusCode: status,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Body: io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)),
	}
}

func authParameters(params any) map[string]string {
	switch p := params.(type) {
	case *cip.InitiateAuthInput:
		return p.AuthParameters
	case *cip.AdminInitiateAuthInput:
		return p.AuthParameters
	}
	return nil
}

func challengeResponses(params any) map[string]string {
	switch p := params.(type) {
	case *cip.RespondToAuthChallengeInput:
		return p.ChallengeResponses
	case *cip.AdminRespondToAuthChallengeInput:
		return p.ChallengeResponses
	}
	return nil
}

// userAuthChallengeOf returns the challenge name and Session of a USER_AUTH
// challenge output ("" for anything else: tokens, other challenges).
func userAuthChallengeOf(result any) (challenge types.ChallengeNameType, session string, params map[string]string) {
	switch o := result.(type) {
	case *cip.InitiateAuthOutput:
		if o != nil {
			challenge, session, params = o.ChallengeName, deref(o.Session), o.ChallengeParameters
		}
	case *cip.AdminInitiateAuthOutput:
		if o != nil {
			challenge, session, params = o.ChallengeName, deref(o.Session), o.ChallengeParameters
		}
	case *cip.RespondToAuthChallengeOutput:
		if o != nil {
			challenge, session, params = o.ChallengeName, deref(o.Session), o.ChallengeParameters
		}
	case *cip.AdminRespondToAuthChallengeOutput:
		if o != nil {
			challenge, session, params = o.ChallengeName, deref(o.Session), o.ChallengeParameters
		}
	}
	if uaStepCode[string(challenge)] == 0 {
		return "", "", nil
	}
	return challenge, session, params
}

// sawUserAuth learns from a real USER_AUTH challenge: the Session's length
// (simulated ones take it), the header names of a 200, the Session itself with
// the name's counter key (its answer may teach the floor), and a
// PASSWORD_VERIFIER's SECRET_BLOCK as for USER_SRP_AUTH.
func (m *Masker) sawUserAuth(c *call, result any, raw any) bool {
	ch, session, params := userAuthChallengeOf(result)
	if ch == "" {
		return false
	}
	c.teach = true
	if n := len(session); n >= minUASession && n <= maxSessionLen {
		// Per challenge (a PASSWORD_VERIFIER's Session need not be as long as a
		// SELECT_CHALLENGE's), and the last of any for challenges not seen yet.
		if l := &m.uaSessionLens[uaStepCode[string(ch)]]; int32(n) != l.Load() {
			l.Store(int32(n))
		}
		if int32(n) != m.uaSessionLen.Load() {
			m.uaSessionLen.Store(int32(n))
		}
	}
	if resp, ok := raw.(*smithyhttp.Response); ok && resp != nil && resp.Response != nil {
		m.okHdr.learn(resp.Header)
	}
	if m.uaIssued != nil && session != "" {
		m.uaIssued.add(m.key16("ua-issued", c.clientID, session), c.counterKey(m), m.opts.Clock())
	}
	if ch == types.ChallengeNameTypePasswordVerifier {
		m.sawChallenge(c, params)
	}
	return true
}

// The latency classes of USER_AUTH: per operation, per step (the
// PREFERRED_CHALLENGE at InitiateAuth, the challenge answered, or the ANSWER of
// SELECT_CHALLENGE), and whether a password or SRP_A came along (a password
// check or an SRP challenge costs what a bare challenge does not). Constant
// strings, looked up without allocating.
type uaKeyID struct {
	op     string
	step   string
	secret bool
}

var uaKeys = func() map[uaKeyID]string {
	out := map[uaKeyID]string{}
	steps := []string{"", "other"}
	for _, ch := range []string{cognito.ChallengePassword, cognito.ChallengePasswordSRP, cognito.ChallengeEmailOTP,
		cognito.ChallengeSMSOTP, cognito.ChallengeWebAuthn} {
		steps = append(steps, ch, cognito.SelectStep(ch))
	}
	for _, op := range []string{cognito.OpInitiateAuth, cognito.OpAdminInitiateAuth, cognito.OpRespondToAuthChallenge, cognito.OpAdminRespondToAuthChallenge} {
		for _, s := range steps {
			k := op + "/USER_AUTH"
			if s != "" {
				k += "/" + s
			}
			out[uaKeyID{op, s, false}] = k
			out[uaKeyID{op, s, true}] = k + "+secret"
		}
	}
	return out
}()

// userAuthKey is the latency class of a USER_AUTH call.
func userAuthKey(op, step string, r map[string]string) string {
	secret := r[cognito.ParamPassword] != "" || r[cognito.ParamSRPA] != ""
	if k, ok := uaKeys[uaKeyID{op, step, secret}]; ok {
		return k
	}
	return uaKeys[uaKeyID{op, "other", secret}]
}

// isUserAuthOutput reports whether result is a USER_AUTH challenge: the
// latency floor holds it like the simulated ones (tokens are never held).
func isUserAuthOutput(result any) bool {
	ch, _, _ := userAuthChallengeOf(result)
	return ch != ""
}
