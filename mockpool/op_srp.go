package mockpool

// USER_SRP_AUTH (InitiateAuth, AdminInitiateAuth) and PASSWORD_VERIFIER
// (RespondToAuthChallenge, AdminRespondToAuthChallenge) with real SRP-6a verification
// (internal/srp), as spec/srp.md describes.
//
// The PASSWORD_VERIFIER challenge carries no Session, as Cognito's does not: its
// SECRET_BLOCK is the opaque key of the server-side state (b, B, A, USER_ID_FOR_SRP),
// bound to the app client, valid for the client's auth session validity and usable once.
//
// Unknown users under ENABLED get a simulated challenge from internal/simulate (the
// middleware's, given the same secret): SALT and USER_ID_FOR_SRP stable per pool and
// simulation key (pool.simKey), and B = k*v' + g^b over a fake verifier v' derived from
// the server secret, so SRP_B and SECRET_BLOCK have the shape and length of real ones
// (simulate.ChallengeParameters builds both). Both the real and the simulated paths
// compute the simulated values and the same exponentiations, so the time taken tells
// nothing. In pools whose usernames are not UUIDs (plain usernames, alias sign-in), a
// real USER_ID_FOR_SRP is the username while a simulated one is a UUID: the existence
// leak AWS documents, reproduced on purpose.

import (
	"encoding/base64"
	"math/big"
	"time"

	"github.com/maskedauth/maskedauth/internal/lockout"
	"github.com/maskedauth/maskedauth/internal/simulate"
	"github.com/maskedauth/maskedauth/internal/srp"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// Device tracking (op_device.go) plugs in here; both are set only by init functions.
var (
	// srpDeviceStep, when set, may answer a proved PASSWORD_VERIFIER that named a
	// remembered device (DEVICE_KEY) with the DEVICE_SRP_AUTH challenge.
	srpDeviceStep func(s *Server, p *pool, c *appClient, typed string, st *userView, deviceKey string, now time.Time) (*authResponse, bool)
	// srpNewDevice, when set, hands out a new device for the tokens of an SRP sign-in
	// (NewDeviceMetadata); it returns nil when the pool does not track devices.
	srpNewDevice func(s *Server, p *pool, st *userView, now time.Time) *newDeviceMetadata
)

func init() {
	srpVerifierFunc = srpVerifier
	registerAuthFlow("USER_SRP_AUTH", (*Server).flowSRP)
	registerChallenge("PASSWORD_VERIFIER", (*Server).challengePasswordVerifier)
}

const challengePasswordVerifier = "PASSWORD_VERIFIER"

// srpVerifier is the store's verifier function: v = g^x as unsigned big-endian bytes, with
// the salt read as the unsigned integer the client will parse from SALT's hex.
func srpVerifier(salt []byte, poolName, userIDForSRP, password string) []byte {
	return srp.Verifier(new(big.Int).SetBytes(salt), poolName, userIDForSRP, password).Bytes()
}

// srpRand is the server's randomness as an io.Reader.
func (s *Server) srpRand() readerFunc { return readerFunc(s.read) }

// flowSRP serves USER_SRP_AUTH: the PASSWORD_VERIFIER challenge.
func (s *Server) flowSRP(a *authRequest) (*authResponse, *apiError) {
	typed, aHex := a.params["USERNAME"], a.params["SRP_A"]
	if typed == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+"USERNAME")
	}
	if aHex == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+"SRP_A")
	}
	if e := checkSecretHash(a.c, a.params["SECRET_HASH"], typed); e != nil {
		return nil, e
	}
	A, err := srp.ParseA(aHex)
	if err != nil {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgInvalidSRPA) // inferred: Cognito's text is not published
	}
	return s.srpChallenge(a, typed, A, nil)
}

// srpChallenge answers with PASSWORD_VERIFIER. custom, when not nil, is the state of a
// CUSTOM_AUTH flow that started with SRP_A (op_custom.go): it goes into the session,
// the answer carries a Session, and PreAuthentication has already run.
func (s *Server) srpChallenge(a *authRequest, typed string, A *big.Int, custom map[string]string) (*authResponse, *apiError) {
	p, now := a.p, a.r.now

	// The simulated values (internal/simulate, the middleware's too), computed for
	// every request.
	fake := s.sim.SRP(p.id, p.simKey(typed))
	fakeSalt, fakeUserID, fakeV := fake.Salt, fake.UserID, fake.Verifier

	p.mu.RLock()
	u := p.lookup(typed)
	var username string
	var salt, verifier []byte
	if u != nil {
		username, salt, verifier = u.username, u.srpSalt, u.srpVerifier
	}
	p.mu.RUnlock()

	if u == nil && !a.c.masking {
		return nil, newErr(cognito.CodeUserNotFound, cognito.MsgUserNotExist)
	}
	if t := p.trig(); t != nil && t.PreAuthentication != nil && custom == nil {
		var st *userView
		if u != nil {
			p.mu.RLock()
			v := u.view()
			p.mu.RUnlock()
			st = &v
		}
		if e := s.preAuthentication(a.r, p, a.c, typed, st, a.metadata); e != nil {
			return nil, e
		}
	}
	userID, v := fakeUserID, fakeV
	if u != nil {
		userID = username
		if len(salt) > 0 && len(verifier) > 0 {
			v = new(big.Int).SetBytes(verifier)
		} else {
			// A user without a usable verifier (no password yet): the proof can only fail.
			salt = fakeSalt
		}
	} else {
		salt = fakeSalt
	}

	se, err := srp.NewServerEphemeral(s.srpRand(), v)
	if err != nil {
		return nil, &apiError{Code: cognito.CodeInternalError, Message: cognito.MsgInternalServerError, Status: 500}
	}
	sess := &authSession{
		challenge: challengePasswordVerifier, username: username, typed: typed, clientID: a.c.id,
		expires: now.Add(a.c.sessionTTL).UnixNano(),
		data: map[string]string{
			"b": se.Secret().Text(16), "B": se.PublicHex(), "A": A.Text(16), "user": userID,
			"device": a.params["DEVICE_KEY"],
		},
	}
	for k, v := range custom {
		sess.data[k] = v
	}
	block := s.newChallengeSession(p, sess)
	resp := &authResponse{ChallengeName: challengePasswordVerifier, ChallengeParameters: simulate.ChallengeParameters(salt, se.PublicHex(), block, userID)}
	if custom != nil {
		resp.Session = block
	}
	return resp, nil
}

// challengePasswordVerifier checks the SRP proof. Every failure of the proof, of the
// secret block or of the USERNAME binding is the generic NotAuthorizedException.
func (s *Server) challengePasswordVerifier(q *challengeRequest) (*authResponse, *apiError) {
	r := q.responses
	for _, k := range [...]string{"USERNAME", "PASSWORD_CLAIM_SECRET_BLOCK", "TIMESTAMP", "PASSWORD_CLAIM_SIGNATURE"} {
		if r[k] == "" {
			return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+k)
		}
	}
	p, c, now := q.p, q.c, q.r.now
	generic := newErr(cognito.CodeNotAuthorized, cognito.MsgIncorrect)
	block := r["PASSWORD_CLAIM_SECRET_BLOCK"]
	sess := p.takeChallengeSession(block, c.id, challengePasswordVerifier, now) // usable once
	if sess == nil {
		return nil, generic
	}
	userID := sess.data["user"]
	if e := checkSecretHash(c, r["SECRET_HASH"], userID, sess.typed); e != nil {
		return nil, e
	}
	if got := p.norm(r["USERNAME"]); got != p.norm(userID) && got != p.norm(sess.typed) {
		return nil, generic
	}
	var st *userView
	var tempExpires int64
	var verifier []byte
	if sess.username != "" {
		p.mu.RLock()
		if u := p.users[p.norm(sess.username)]; u != nil {
			view := u.view()
			st, tempExpires, verifier = &view, u.tempExpires, u.srpVerifier
		}
		p.mu.RUnlock()
	}
	key := s.viewKey(p, st, sess.typed)
	if p.limited(lockout.SignIn, key, now) {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgAttemptsExceeded)
	}

	// The same work whether or not the user exists: the fake verifier is always derived.
	fakeV := s.sim.SRPVerifier(p.id, p.simKey(sess.typed))
	v := fakeV
	if len(verifier) > 0 {
		v = new(big.Int).SetBytes(verifier)
	}
	ok := s.srpProofOK(p.name(), userID, sess, block, r["TIMESTAMP"], r["PASSWORD_CLAIM_SIGNATURE"], v)
	ok = ok && st != nil && v != fakeV
	if e := s.userGate(p, c, key, st, ok, now); e != nil {
		return nil, e
	}
	p.reset(lockout.SignIn, key)
	q.r.changed = true
	if sess.data["custom"] == "1" {
		return s.customAfterPassword(q, sess, st)
	}
	deviceKey := r["DEVICE_KEY"]
	if deviceKey == "" {
		deviceKey = sess.data["device"]
	}
	if f := srpDeviceStep; f != nil && deviceKey != "" && st.status == statusConfirmed {
		if resp, ok := f(s, p, c, sess.typed, st, deviceKey, now); ok {
			return resp, nil
		}
	}
	return s.passwordVerified(&signIn{r: q.r, p: p, c: c, typed: sess.typed, st: st, tempExpires: tempExpires, srp: true, metadata: q.metadata})
}

// takeChallengeSession atomically finds and removes the live session tok of clientID for
// challenge, so that two concurrent answers cannot both use it. It returns nil when there
// is none (a session of another client or challenge is left alone).
func (p *pool) takeChallengeSession(tok, clientID, challenge string, now time.Time) *authSession {
	p.sessMu.Lock()
	defer p.sessMu.Unlock()
	sess := p.challenge[sessionKey(tok)]
	if sess == nil || sess.clientID != clientID || sess.challenge != challenge {
		return nil
	}
	delete(p.challenge, sessionKey(tok))
	if now.UnixNano() >= sess.expires {
		return nil
	}
	return sess
}

// srpProofOK recomputes the key from the session's b, B and A and the verifier v, and
// checks the claim signature over poolName, userID, the secret block and the timestamp
// (which must re-format to exactly the string sent) in constant time.
func (s *Server) srpProofOK(poolName, userID string, sess *authSession, block, timestamp, signature string, v *big.Int) bool {
	b, err1 := srp.ParseHex(sess.data["b"], false)
	B, err2 := srp.ParseHex(sess.data["B"], false)
	A, err3 := srp.ParseHex(sess.data["A"], false)
	if err1 != nil || err2 != nil || err3 != nil {
		return false
	}
	se := srp.RestoreServerEphemeral(b, B)
	if se == nil {
		return false
	}
	k, err := se.Key(A, v) // computed before any other check, so failures cost the same
	_, tsErr := srp.ParseTimestamp(timestamp)
	sig, sigErr := base64.StdEncoding.DecodeString(signature)
	raw, blockErr := base64.StdEncoding.DecodeString(block)
	if err != nil || tsErr != nil || sigErr != nil || blockErr != nil {
		return false
	}
	return srp.VerifySignature(k, poolName, userID, raw, timestamp, sig)
}

// The types of device tracking (op_device.go), here so that the store's hooks
// (poolConfig.DeviceConfiguration, authenticationResult.NewDeviceMetadata, pool.devices)
// compile in one place.

// deviceConfiguration is a pool's DeviceConfiguration.
type deviceConfiguration struct {
	ChallengeRequiredOnNewDevice     bool `json:"ChallengeRequiredOnNewDevice"`
	DeviceOnlyRememberedOnUserPrompt bool `json:"DeviceOnlyRememberedOnUserPrompt"`
}

// newDeviceMetadata is AuthenticationResult.NewDeviceMetadata.
type newDeviceMetadata struct {
	DeviceKey      string `json:"DeviceKey"`
	DeviceGroupKey string `json:"DeviceGroupKey"`
}

// device is a device Cognito handed out; it is tracked once confirmed.
type device struct {
	key, groupKey string
	username, sub string // the owner (sub guards against a re-created username)
	salt          []byte // as ConfirmDevice sent it (base64-decoded PAD(s))
	verifier      []byte // PAD(v)
	name          string
	confirmed     bool
	remembered    bool
	created       int64 // unix milliseconds
	modified      int64
	lastAuth      int64
}
