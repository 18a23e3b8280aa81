package middleware_test

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/maskedauth/maskedauth/internal/cognito"
	lk "github.com/maskedauth/maskedauth/internal/lockout"
	"github.com/maskedauth/maskedauth/internal/simulate"
)

// uaCognito is a scripted Cognito for choice-based sign-in (USER_AUTH) under a
// LEGACY app client: UserNotFoundException for an unknown name, the real
// challenges for the known user "alice" (aliases: "alice@example.com"; names
// compared without regard to case), and "Invalid session for the user." for a
// Session it never issued. Its real values take the shapes internal/simulate
// gives real ones (as mockpool does). Every answer to alice's challenges is a
// wrong one; her lockout and wrong-code limits are internal/lockout's.
type uaCognito struct {
	mu       sync.Mutex
	now      func() time.Time
	sim      *simulate.Simulator
	facts    simulate.PoolFactors
	table    *lk.Table
	sessions map[string]uaSession
	calls    map[string]int
	validity time.Duration
	n        int
}

type uaSession struct {
	step     string
	clientID string
	expires  time.Time
}

const (
	uaSessionLen = 920
	uaRPID       = "auth.example.com"
)

func uaFacts() simulate.PoolFactors {
	return simulate.PoolFactors{Allowed: cognito.FirstFactors(), EmailConfigured: true, SMSConfigured: true, RelyingPartyID: uaRPID, UserVerification: "preferred"}
}

func newUACognito(now func() time.Time) *uaCognito {
	return &uaCognito{now: now, sim: simulate.New(testSecret), facts: uaFacts(), table: lk.NewTable(0),
		sessions: map[string]uaSession{}, calls: map[string]int{}, validity: 3 * time.Minute}
}

func (u *uaCognito) count(op string) int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.calls[op]
}

// known resolves a typed name to alice, or "".
func (u *uaCognito) known(name string) string {
	switch strings.ToLower(name) {
	case "alice", "alice@example.com":
		return "alice"
	}
	return ""
}

type uaIn struct {
	ClientId           string
	AuthFlow           string
	AuthParameters     map[string]string
	ChallengeName      string
	ChallengeResponses map[string]string
	Session            string
}

func (u *uaCognito) Do(req *http.Request) (*http.Response, error) {
	op := strings.TrimPrefix(req.Header.Get("X-Amz-Target"), "AWSCognitoIdentityProviderService.")
	var in uaIn
	if req.Body != nil {
		_ = json.NewDecoder(req.Body).Decode(&in)
		req.Body.Close()
	}
	u.mu.Lock()
	u.calls[op]++
	u.n++
	id := "req-" + strconv.Itoa(u.n)
	var status int
	var body any
	switch op {
	case "InitiateAuth", "AdminInitiateAuth":
		status, body = u.initiate(in)
	case "RespondToAuthChallenge", "AdminRespondToAuthChallenge":
		status, body = u.respond(in)
	default:
		status, body = uaErr("UnknownOperationException", "no script")
	}
	u.mu.Unlock()
	b, _ := json.Marshal(body)
	h := http.Header{}
	h.Set("Content-Type", "application/x-amz-json-1.1")
	h.Set("X-Amzn-Requestid", id)
	h.Set("Content-Length", strconv.Itoa(len(b))) // as over HTTP
	if status != 200 {
		e := body.(map[string]string)
		h.Set("X-Amzn-Errortype", e["__type"]+":")
		h.Set("X-Amzn-Errormessage", e["message"])
	}
	return &http.Response{Status: strconv.Itoa(status) + " " + http.StatusText(status), StatusCode: status,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: h, Body: io.NopCloser(bytes.NewReader(b)),
		ContentLength: int64(len(b)), Request: req}, nil
}

func uaErr(code, msg string) (int, any) {
	return 400, map[string]string{"__type": code, "message": msg}
}

func (u *uaCognito) newSession(step, clientID string) string {
	b := make([]byte, uaSessionLen*3/4)
	_, _ = rand.Read(b)
	s := base64.StdEncoding.EncodeToString(b)[:uaSessionLen]
	u.sessions[s] = uaSession{step: step, clientID: clientID, expires: u.now().Add(u.validity)}
	return s
}

// challenge is alice's challenge ch (the step the session is issued for).
func (u *uaCognito) challenge(ch, clientID string, avail []string) (int, any) {
	out := map[string]any{"ChallengeName": ch}
	p := map[string]string{}
	switch ch {
	case cognito.ChallengeSelect:
		out["AvailableChallenges"] = avail
	case cognito.ChallengePasswordVerifier:
		c, _ := u.sim.SRPChallenge(rand.Reader, testPool, "alice-real")
		blk := make([]byte, simulate.SecretBlockBytes)
		_, _ = rand.Read(blk)
		// A real user's challenge names her: USER_ID_FOR_SRP and USERNAME.
		p = simulate.ChallengeParameters(c.Salt, c.Ephemeral.PublicHex(), base64.StdEncoding.EncodeToString(blk), "alice")
	case cognito.ChallengeEmailOTP:
		p = simulate.OTPParameters(simulate.Real("email", "alice@example.com"), "")
	case cognito.ChallengeSMSOTP:
		p = simulate.OTPParameters(simulate.Real("phone_number", "+15555550123"), "")
	case cognito.ChallengeWebAuthn:
		o, _ := simulate.NewRequestOptions(rand.Reader, u.facts, []simulate.CredentialDescriptor{
			simulate.Descriptor(bytes.Repeat([]byte{9}, 32), []string{"internal", "hybrid"})})
		j, _ := o.JSON()
		p = map[string]string{cognito.ParamCredentialRequestOptions: j}
	}
	out["ChallengeParameters"] = p
	out["Session"] = u.newSession(ch, clientID)
	return 200, out
}

// first answers alice's first factor ch with the responses or parameters r.
func (u *uaCognito) first(ch, clientID string, r map[string]string) (int, any) {
	switch ch {
	case cognito.ChallengePassword:
		if r[cognito.ParamPassword] != "" {
			return u.wrongPassword()
		}
	case cognito.ChallengePasswordSRP:
		if r[cognito.ParamSRPA] != "" {
			return u.challenge(cognito.ChallengePasswordVerifier, clientID, nil)
		}
	}
	return u.challenge(ch, clientID, nil)
}

func (u *uaCognito) wrongPassword() (int, any) {
	if u.table.HitNow(lk.SignIn, lk.Key{1}, u.now()) {
		return uaErr(cognito.CodeNotAuthorized, cognito.MsgAttemptsExceeded)
	}
	return uaErr(cognito.CodeNotAuthorized, cognito.MsgIncorrect)
}

func (u *uaCognito) initiate(in uaIn) (int, any) {
	if in.AuthFlow != "USER_AUTH" {
		return uaErr(cognito.CodeInvalidParameter, "not scripted")
	}
	if u.known(in.AuthParameters["USERNAME"]) == "" {
		return uaErr(cognito.CodeUserNotFound, cognito.MsgUserNotExist)
	}
	pref := in.AuthParameters[cognito.ParamPreferredChallenge]
	if pref == "" {
		return u.challenge(cognito.ChallengeSelect, in.ClientId, u.facts.AvailableChallenges())
	}
	return u.first(pref, in.ClientId, in.AuthParameters)
}

func (u *uaCognito) respond(in uaIn) (int, any) {
	s, ok := u.sessions[in.Session]
	if !ok || s.clientID != in.ClientId || s.step != in.ChallengeName || u.known(in.ChallengeResponses["USERNAME"]) == "" {
		return uaErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	if !u.now().Before(s.expires) {
		return uaErr(cognito.CodeNotAuthorized, cognito.MsgSessionExpired)
	}
	r := in.ChallengeResponses
	switch in.ChallengeName {
	case cognito.ChallengeSelect:
		return u.first(r[cognito.ParamAnswer], in.ClientId, r)
	case cognito.ChallengePasswordSRP:
		return u.first(cognito.ChallengePasswordSRP, in.ClientId, r)
	case cognito.ChallengePassword, cognito.ChallengePasswordVerifier, cognito.ChallengeWebAuthn:
		return u.wrongPassword()
	case cognito.ChallengeEmailOTP, cognito.ChallengeSMSOTP:
		if u.table.HitNow(lk.WrongCode, lk.Key{2}, u.now()) {
			return uaErr(cognito.CodeLimitExceeded, cognito.MsgLimitExceeded)
		}
		return uaErr(cognito.CodeCodeMismatch, cognito.MsgSignInCodeMismatch)
	}
	return uaErr(cognito.CodeInvalidParameter, "not scripted")
}
