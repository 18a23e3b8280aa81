package mockpool

// USER_SRP_AUTH (InitiateAuth, AdminInitiateAuth) and PASSWORD_VERIFIER
// (RespondToAuthChallenge, AdminRespondToAuthChallenge) with real SRP-6a verification
// (internal/srp), as docs/spec/srp.md describes.
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

	"github.com/maskedauth/maskedauth/internal/lockout"
	"github.com/maskedauth/maskedauth/internal/simulate"
	"github.com/maskedauth/maskedauth/internal/srp"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

const challengePasswordVerifier = "PASSWORD_VERIFIER"

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
func (s *Server) srpChallenge(a *authRequest, typed string, A *big.Int, custom *customSession) (*authResponse, *apiError) {
	p, now := a.p, a.r.now

	// The simulated values (internal/simulate, the middleware's too), computed for
	// every request.
	fake := s.sim.SRP(p.id, p.simKey(typed))
	fakeSalt, fakeUserID, fakeV := fake.Salt, fake.UserID, fake.Verifier

	u := p.viewUser(byTyped(typed))
	var username string
	var salt, verifier []byte
	if u != nil {
		username, salt, verifier = u.username, u.srpSalt, u.srpVerifier
	}

	if u == nil && !a.c.masking {
		return nil, newErr(cognito.CodeUserNotFound, cognito.MsgUserNotExist)
	}
	userAuth := a.flow == "USER_AUTH" // PASSWORD_SRP of USER_AUTH (op_userauth.go)
	if t := p.trig(); t != nil && t.PreAuthentication != nil && custom == nil && !userAuth {
		if e := s.preAuthentication(a.r, p, a.c, typed, u, a.metadata); e != nil {
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
		Challenge: challengePasswordVerifier, Username: username, Typed: typed, ClientID: a.c.id,
		Expires: now.Add(a.c.sessionTTL).UnixNano(),
		SRP:     newSRPState(se.Secret(), se.Public(), A, userID), DeviceKey: a.params["DEVICE_KEY"],
		Custom: custom,
	}
	block := s.newSecretBlockSession(p, sess)
	resp := &authResponse{ChallengeName: challengePasswordVerifier, ChallengeParameters: simulate.ChallengeParameters(salt, se.PublicHex(), block, userID)}
	if custom != nil || userAuth {
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
	sess := s.takeChallengeSession(p, block, c.id, challengePasswordVerifier, now) // usable once
	if sess == nil || sess.SRP == nil {
		return nil, generic
	}
	userID := sess.SRP.UserID
	if e := checkSecretHash(c, r["SECRET_HASH"], userID, sess.Typed); e != nil {
		return nil, e
	}
	if got := p.norm(r["USERNAME"]); got != p.norm(userID) && got != p.norm(sess.Typed) {
		return nil, generic
	}
	var st *userView
	var tempExpires int64
	var verifier []byte
	if sess.Username != "" {
		if st = p.viewUser(byName(sess.Username, "")); st != nil {
			tempExpires, verifier = st.tempExpires, st.srpVerifier
		}
	}
	key := s.viewKey(p, st, sess.Typed)
	if p.limited(lockout.SignIn, key, now) {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgAttemptsExceeded)
	}

	// The same work whether or not the user exists: the fake verifier is always derived.
	fakeV := s.sim.SRPVerifier(p.id, p.simKey(sess.Typed))
	v := fakeV
	if len(verifier) > 0 {
		v = new(big.Int).SetBytes(verifier)
	}
	ok := s.srpProofOK(p.name(), userID, sess.SRP, block, r["TIMESTAMP"], r["PASSWORD_CLAIM_SIGNATURE"], v)
	ok = ok && st != nil && v != fakeV
	if e := s.userGate(p, c, key, st, ok, now); e != nil {
		return nil, e
	}
	p.reset(lockout.SignIn, key)
	q.r.changed = true
	if sess.Custom != nil {
		return s.customAfterPassword(q, sess, st)
	}
	deviceKey := r["DEVICE_KEY"]
	if deviceKey == "" {
		deviceKey = sess.DeviceKey
	}
	if deviceKey != "" && st.status == statusConfirmed {
		if resp, ok := s.deviceStep(p, c, sess.Typed, st, deviceKey, now); ok {
			return resp, nil
		}
	}
	return s.passwordVerified(&signIn{r: q.r, p: p, c: c, typed: sess.Typed, st: st, tempExpires: tempExpires, srp: true, metadata: q.metadata})
}

// srpProofOK recomputes the key from the session's b, B and A and the verifier v, and
// checks the claim signature over poolName, userID, the secret block and the timestamp
// (which must re-format to exactly the string sent) in constant time.
func (s *Server) srpProofOK(poolName, userID string, st *srpState, block, timestamp, signature string, v *big.Int) bool {
	if st == nil {
		return false
	}
	b, B, A := new(big.Int).SetBytes(st.Secret), new(big.Int).SetBytes(st.Public), new(big.Int).SetBytes(st.A)
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
