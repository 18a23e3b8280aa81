package mockpool

// The session store: token sessions (one per sign-in, found by origin_jti or by the
// SHA-256 of the refresh token) and challenge sessions (the server side of a
// challenge's Session string, found by the SHA-256 of that string). Both live under
// pool.sessMu; only the functions of this file take it. Every change touches the
// changed records (journal.go) inside the critical section.

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"math/big"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/maskedauth/maskedauth/internal/cognito"
	"github.com/maskedauth/maskedauth/internal/simulate"
)

// tokenSession is one sign-in: its refresh token and the access and ID tokens issued
// from it share origin_jti. Revoking it (RevokeToken, GlobalSignOut) invalidates all.
type tokenSession struct {
	originJTI      string
	username       string // internal username
	sub            string
	clientID       string
	authTime       int64 // unix seconds
	refreshHash    [32]byte
	refreshExpires int64 // unix nanoseconds
	revoked        bool
	deviceKey      string // the device of the sign-in (device_key claim), if any
	// prevHash is the refresh token that rotation replaced, usable until prevUntil
	// (unix nanoseconds), when hasPrev.
	prevHash  [32]byte
	prevUntil int64
	hasPrev   bool
}

// maxUserSessions bounds the sign-ins kept per user; beyond it the oldest is dropped
// (its tokens then fail as revoked).
const maxUserSessions = 10000

func (s *Server) touchSession(p *pool, t *tokenSession) {
	s.touch(recordRef{kind: recSession, pool: p.id, key: t.originJTI})
}

// addSession records a new token session. Expired sessions of the user are dropped
// every 64 sign-ins, so a sign-in costs O(1) amortised.
func (s *Server) addSession(p *pool, t *tokenSession, now time.Time) {
	p.sessMu.Lock()
	defer p.sessMu.Unlock()
	p.byOrigin[t.originJTI] = t
	p.byRefresh[t.refreshHash] = t
	s.touchSession(p, t)
	list := append(p.byUser[t.username], t)
	if len(list)%64 == 0 || len(list) > maxUserSessions {
		kept := list[:0]
		for i, o := range list {
			if o.refreshExpires > now.UnixNano() && len(list)-i <= maxUserSessions {
				kept = append(kept, o)
			} else {
				delete(p.byOrigin, o.originJTI)
				delete(p.byRefresh, o.refreshHash)
				if o.hasPrev {
					delete(p.byRefresh, o.prevHash)
				}
				s.touchSession(p, o)
			}
		}
		clear(list[len(kept):])
		list = kept
	}
	p.byUser[t.username] = list
}

// revokeUserSessions revokes every session of username (GlobalSignOut, deletion).
// It may be called with p.mu held (lock order p.mu -> p.sessMu).
func (s *Server) revokeUserSessions(p *pool, username string) {
	p.sessMu.Lock()
	defer p.sessMu.Unlock()
	for _, t := range p.byUser[username] {
		if !t.revoked {
			t.revoked = true
			s.touchSession(p, t)
		}
	}
}

// sessionByRefresh returns a copy of the session of a refresh token.
func (p *pool) sessionByRefresh(token string) (tokenSession, bool) {
	h := sha256.Sum256([]byte(token))
	p.sessMu.Lock()
	defer p.sessMu.Unlock()
	t := p.byRefresh[h]
	if t == nil {
		return tokenSession{}, false
	}
	return *t, true
}

// refreshSession returns a copy of the session of a refresh token, and the token's
// hash. A token that rotation replaced is found until its grace period ends, then
// forgotten.
func (s *Server) refreshSession(p *pool, token string, now time.Time) (tokenSession, [32]byte, bool) {
	h := sha256.Sum256([]byte(token))
	p.sessMu.Lock()
	defer p.sessMu.Unlock()
	t := p.byRefresh[h]
	if t == nil {
		return tokenSession{}, h, false
	}
	if t.hasPrev && h == t.prevHash && now.UnixNano() >= t.prevUntil {
		delete(p.byRefresh, h)
		t.hasPrev, t.prevHash, t.prevUntil = false, [32]byte{}, 0
		s.touchSession(p, t)
		return tokenSession{}, h, false
	}
	return *t, h, true
}

// rotateRefresh gives session origin the refresh token next in place of used (the
// token presented). When used is the current token it stays usable until graceUntil
// (unix nanoseconds; 0: not at all), and an older rotated-out token is forgotten; when
// used is the rotated-out token (a retry within its grace period), the current token
// is replaced. It reports false when the session is gone or revoked, or used is no
// longer one of its tokens (a concurrent refresh came first).
func (s *Server) rotateRefresh(p *pool, origin string, used, next [32]byte, graceUntil int64) bool {
	p.sessMu.Lock()
	defer p.sessMu.Unlock()
	t := p.byOrigin[origin]
	if t == nil || t.revoked {
		return false
	}
	switch {
	case used == t.refreshHash:
		if t.hasPrev {
			delete(p.byRefresh, t.prevHash)
		}
		t.hasPrev, t.prevHash, t.prevUntil = false, [32]byte{}, 0
		if graceUntil > 0 {
			t.hasPrev, t.prevHash, t.prevUntil = true, used, graceUntil
		} else {
			delete(p.byRefresh, used)
		}
	case t.hasPrev && used == t.prevHash:
		delete(p.byRefresh, t.refreshHash)
	default:
		return false
	}
	t.refreshHash = next
	p.byRefresh[next] = t
	s.touchSession(p, t)
	return true
}

// revokeOrigin revokes the session whose origin_jti is origin (RevokeToken).
func (s *Server) revokeOrigin(p *pool, origin string) {
	p.sessMu.Lock()
	defer p.sessMu.Unlock()
	if t := p.byOrigin[origin]; t != nil && !t.revoked {
		t.revoked = true
		s.touchSession(p, t)
	}
}

// originLive reports whether the session origin exists and is not revoked.
func (p *pool) originLive(origin string) bool {
	p.sessMu.Lock()
	defer p.sessMu.Unlock()
	t := p.byOrigin[origin]
	return t != nil && !t.revoked
}

// Challenge sessions.

// authSession is the server side of a challenge's Session string (or, for
// PASSWORD_VERIFIER, of its SECRET_BLOCK). It is never changed once stored, except
// Wrong (under pool.sessMu); a step that needs other state stores a new session
// (rotateSession). The optional parts hold the state of each kind of challenge; the
// JSON form is the durable form (journal.go).
type authSession struct {
	Challenge string `json:"challenge"`          // NEW_PASSWORD_REQUIRED, PASSWORD_VERIFIER, ...
	Username  string `json:"username,omitempty"` // internal username ("" when simulated for an unknown user)
	Typed     string `json:"typed"`              // the name the client typed
	ClientID  string `json:"clientId"`
	Expires   int64  `json:"expires"`         // unix nanoseconds
	Wrong     int    `json:"wrong,omitempty"` // wrong MFA codes so far (guarded by pool.sessMu)

	// Resume is the sign-in a NEW_PASSWORD_REQUIRED or MFA challenge resumes.
	Resume *resumeState `json:"resume,omitempty"`
	// SRP is the server's ephemeral of PASSWORD_VERIFIER and DEVICE_PASSWORD_VERIFIER.
	SRP *srpState `json:"srp,omitempty"`
	// Custom is the state of a CUSTOM_AUTH flow (CUSTOM_CHALLENGE, or PASSWORD_VERIFIER
	// within CUSTOM_AUTH).
	Custom *customSession `json:"custom,omitempty"`
	// MFA is the state of SMS_MFA (the code sent) and MFA_SETUP (the secret associated,
	// whether VerifySoftwareToken verified it).
	MFA *mfaState `json:"mfa,omitempty"`
	// DeviceKey is the remembered device of DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER
	// (and the DEVICE_KEY a USER_SRP_AUTH named); DeviceBlock the secret block of
	// DEVICE_PASSWORD_VERIFIER (base64).
	DeviceKey   string `json:"deviceKey,omitempty"`
	DeviceBlock string `json:"deviceBlock,omitempty"`
	// UserAuth is the state of a USER_AUTH challenge (op_userauth.go): SELECT_CHALLENGE,
	// PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP, WEB_AUTHN.
	UserAuth *userAuthState `json:"userAuth,omitempty"`
}

// resumeState is what a challenge keeps of the sign-in it interrupts.
type resumeState struct {
	Source string `json:"source"`        // the PreTokenGeneration trigger source
	SRP    bool   `json:"srp,omitempty"` // an SRP sign-in: a tracked device may be handed out
}

// srpState is the server side of an SRP exchange: the secret b, the public B (both
// big-endian), the client's A, and the USER_ID_FOR_SRP the proof is computed over.
type srpState struct {
	Secret []byte `json:"b"`
	Public []byte `json:"B"`
	A      []byte `json:"A"`
	UserID string `json:"userId,omitempty"`
}

func newSRPState(b, B, A *big.Int, userID string) *srpState {
	return &srpState{Secret: b.Bytes(), Public: B.Bytes(), A: A.Bytes(), UserID: userID}
}

// customSession is a CUSTOM_AUTH flow between calls.
type customSession struct {
	UserID            string                                         `json:"userId"` // USERNAME sent to the client
	History           []*events.CognitoEventUserPoolsChallengeResult `json:"history,omitempty"`
	Metadata          map[string]string                              `json:"metadata,omitempty"`
	Private           map[string]string                              `json:"private,omitempty"` // CreateAuthChallenge's private parameters
	ChallengeMetadata string                                         `json:"challengeMetadata,omitempty"`
}

// mfaState is the state of an MFA challenge.
type mfaState struct {
	Code     string `json:"code,omitempty"`     // SMS_MFA: the code sent
	Secret   string `json:"secret,omitempty"`   // MFA_SETUP: associated, not verified yet
	Verified bool   `json:"verified,omitempty"` // MFA_SETUP: VerifySoftwareToken succeeded
}

func (s *Server) touchChallenge(p *pool, k [32]byte) {
	s.touch(recordRef{kind: recChallenge, pool: p.id, key: hex.EncodeToString(k[:])})
}

// newChallengeSession stores sess and returns its opaque Session string.
func (s *Server) newChallengeSession(p *pool, sess *authSession) string {
	var b [96]byte
	s.randBytes(b[:])
	return s.storeChallengeSession(p, sess, base64.StdEncoding.EncodeToString(b[:]))
}

// newSecretBlockSession stores sess under a fresh SECRET_BLOCK (the shape of
// Cognito's: internal/simulate) and returns it: the key of a PASSWORD_VERIFIER
// challenge's state.
func (s *Server) newSecretBlockSession(p *pool, sess *authSession) string {
	b := make([]byte, simulate.SecretBlockBytes)
	s.randBytes(b)
	return s.storeChallengeSession(p, sess, simulate.SecretBlock(b))
}

func (s *Server) storeChallengeSession(p *pool, sess *authSession, tok string) string {
	now := s.now().UnixNano()
	k := sessionKey(tok)
	p.sessMu.Lock()
	defer p.sessMu.Unlock()
	if len(p.challenge) >= maxChallengeSessions {
		s.pruneChallengeSessions(p, now)
	}
	p.challenge[k] = sess
	s.touchChallenge(p, k)
	return tok
}

// maxChallengeSessions bounds the live challenge sessions of a pool. Anyone can open
// one (USER_SRP_AUTH for any name under ENABLED), so the map must not grow without
// bound, nor cost a full scan per request once large.
const maxChallengeSessions = 20000

// pruneChallengeSessions brings the challenge sessions down to 3/4 of
// maxChallengeSessions: the expired ones first, then (under a flood) any, so the
// pruning costs O(1) per new session amortised. The caller holds p.sessMu.
func (s *Server) pruneChallengeSessions(p *pool, now int64) {
	const target = maxChallengeSessions * 3 / 4
	for pass := 0; pass < 2 && len(p.challenge) > target; pass++ {
		for k, v := range p.challenge {
			if len(p.challenge) <= target {
				break
			}
			if pass == 1 || v.Expires < now {
				delete(p.challenge, k)
				s.touchChallenge(p, k)
			}
		}
	}
}

// sessionKey is the map key of a Session string: its SHA-256, so that no lookup
// compares the secret itself.
func sessionKey(tok string) [32]byte { return sha256.Sum256([]byte(tok)) }

// challengeSession finds a session for clientID: "Invalid session for the user." when
// unknown, "..., session is expired." when expired (and drops it). It stays valid
// until dropped.
func (s *Server) challengeSession(p *pool, tok, clientID string, now time.Time) (*authSession, *apiError) {
	k := sessionKey(tok)
	p.sessMu.Lock()
	defer p.sessMu.Unlock()
	sess := p.challenge[k]
	if sess == nil || sess.ClientID != clientID {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	if now.UnixNano() >= sess.Expires {
		delete(p.challenge, k)
		s.touchChallenge(p, k)
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgSessionExpired)
	}
	return sess, nil
}

// takeSession is challengeSession that also removes the session (single use), in one
// critical section: two concurrent answers cannot both get it.
func (s *Server) takeSession(p *pool, tok, clientID string, now time.Time) (*authSession, *apiError) {
	k := sessionKey(tok)
	p.sessMu.Lock()
	defer p.sessMu.Unlock()
	sess := p.challenge[k]
	if sess == nil || sess.ClientID != clientID {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	delete(p.challenge, k)
	s.touchChallenge(p, k)
	if now.UnixNano() >= sess.Expires {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgSessionExpired)
	}
	return sess, nil
}

// takeChallengeSession atomically finds and removes the live session tok of clientID for
// challenge, so that two concurrent answers cannot both use it. It returns nil when there
// is none (a session of another client or challenge is left alone).
func (s *Server) takeChallengeSession(p *pool, tok, clientID, challenge string, now time.Time) *authSession {
	k := sessionKey(tok)
	p.sessMu.Lock()
	defer p.sessMu.Unlock()
	sess := p.challenge[k]
	if sess == nil || sess.ClientID != clientID || sess.Challenge != challenge {
		return nil
	}
	delete(p.challenge, k)
	s.touchChallenge(p, k)
	if now.UnixNano() >= sess.Expires {
		return nil
	}
	return sess
}

// takeExact removes the session tok if it is still sess (a session found by
// challengeSession), in one critical section: of concurrent answers to one session
// exactly one gets true.
func (s *Server) takeExact(p *pool, tok string, sess *authSession) bool {
	k := sessionKey(tok)
	p.sessMu.Lock()
	defer p.sessMu.Unlock()
	if p.challenge[k] != sess {
		return false
	}
	delete(p.challenge, k)
	s.touchChallenge(p, k)
	return true
}

// answerSession settles an answer to the session tok, still sess, in one critical
// section: when right() holds it takes the session (single use) and reports true;
// otherwise it counts a wrong answer (the session is dropped at max) and reports
// false. right runs under the session lock and must take no lock. gone is true when
// the session is no longer there (a concurrent answer took it).
func (s *Server) answerSession(p *pool, tok string, sess *authSession, max int, right func() bool) (ok, gone bool) {
	k := sessionKey(tok)
	p.sessMu.Lock()
	defer p.sessMu.Unlock()
	if p.challenge[k] != sess {
		return false, true
	}
	defer s.touchChallenge(p, k)
	if right() {
		delete(p.challenge, k)
		return true, false
	}
	sess.Wrong++
	if sess.Wrong >= max {
		delete(p.challenge, k)
	}
	return false, false
}

// dropChallengeSession removes the session tok, if any.
func (s *Server) dropChallengeSession(p *pool, tok string) {
	k := sessionKey(tok)
	p.sessMu.Lock()
	defer p.sessMu.Unlock()
	if _, ok := p.challenge[k]; ok {
		delete(p.challenge, k)
		s.touchChallenge(p, k)
	}
}

// sessionAnywhere finds a live challenge session by its token in any pool (the
// software token operations name no pool or client); an expired one is dropped.
func (s *Server) sessionAnywhere(tok string, now time.Time) (*pool, *authSession, *apiError) {
	k := sessionKey(tok)
	for _, p := range s.poolList() {
		sess, expired := func() (*authSession, bool) {
			p.sessMu.Lock()
			defer p.sessMu.Unlock()
			sess := p.challenge[k]
			if sess != nil && now.UnixNano() >= sess.Expires {
				delete(p.challenge, k)
				s.touchChallenge(p, k)
				return nil, true
			}
			return sess, false
		}()
		if expired {
			return nil, nil, newErr(cognito.CodeNotAuthorized, cognito.MsgSessionExpired)
		}
		if sess != nil {
			return p, sess, nil
		}
	}
	return nil, nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
}

// rotateSession replaces the session old (still sess) by a copy under a fresh token
// (Cognito answers each step with a new Session), with f applied to the copy. f may
// change the copy's MFA state (copied here); the other parts are shared and must not
// be changed. It reports false when old is gone (a concurrent step used it).
func (s *Server) rotateSession(p *pool, old string, sess *authSession, f func(next *authSession)) (string, bool) {
	next := *sess
	if sess.MFA != nil {
		m := *sess.MFA
		next.MFA = &m
	} else {
		next.MFA = &mfaState{}
	}
	f(&next)
	if !s.takeExact(p, old, sess) {
		return "", false
	}
	return s.newChallengeSession(p, &next), true
}

// peekChallengeSession returns the session tok of clientID, live or not, without
// changing anything (nil when none).
func (s *Server) peekChallengeSession(p *pool, tok, clientID string) *authSession {
	k := sessionKey(tok)
	p.sessMu.Lock()
	defer p.sessMu.Unlock()
	if sess := p.challenge[k]; sess != nil && sess.ClientID == clientID {
		return sess
	}
	return nil
}
