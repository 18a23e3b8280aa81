package mockpool

// The store: pools, app clients, users, codes, counters and sessions. It knows nothing
// about JSON or HTTP. Locking: Server.mu guards the pool and client-id maps; each pool
// has mu (clients, users, indexes, groups, devices), limits (attempt counters: a
// lockout.Table with its own lock, never taken under mu) and sessMu (token and
// challenge sessions). Locks are never held while signing tokens or running triggers,
// and never nested except Server.mu -> pool.mu -> pool.sessMu. Only the store files
// (store*.go, and state.go for the whole-state export) take these locks: handlers
// (op_*.go) go through the store's functions (store_user.go, store_pool.go,
// store_session.go, store_group.go, store_device.go), which touch every record they
// change (journal.go).

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"math/big"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/maskedauth/maskedauth/internal/lockout"
	"github.com/maskedauth/maskedauth/internal/simulate"
	"github.com/maskedauth/maskedauth/internal/srp"
)

type userStatus uint8

const (
	statusUnconfirmed userStatus = iota
	statusConfirmed
	statusForceChangePassword
	statusResetRequired
)

func (st userStatus) String() string {
	switch st {
	case statusConfirmed:
		return "CONFIRMED"
	case statusForceChangePassword:
		return "FORCE_CHANGE_PASSWORD"
	case statusResetRequired:
		return "RESET_REQUIRED"
	default:
		return "UNCONFIRMED"
	}
}

func parseStatus(s string) userStatus {
	switch s {
	case "CONFIRMED":
		return statusConfirmed
	case "FORCE_CHANGE_PASSWORD":
		return statusForceChangePassword
	case "RESET_REQUIRED":
		return statusResetRequired
	default:
		return statusUnconfirmed
	}
}

// attr is one user attribute.
type attr struct{ name, value string }

// pendingCode is a code sent by email or SMS and not used yet. Codes are single-use.
type pendingCode struct {
	code    string
	attr    string // the attribute it was sent to (verified on success)
	expires int64  // unix nanoseconds
	// value is the new value of attr that waits for this code (the pool's
	// AttributesRequireVerificationBeforeUpdate): it replaces the old value when
	// the code is verified. "" when the code verifies the current value.
	value string
}

// user is a user of a pool. It never holds a plain-text password: pwHash is
// HMAC-SHA256(key = pwSalt, password), and srpSalt/srpVerifier serve USER_SRP_AUTH.
type user struct {
	username    string // internal username (a UUID equal to sub in email/phone-as-username pools)
	sub         string
	attrs       []attr // "sub" included
	status      userStatus
	disabled    bool
	created     int64 // unix milliseconds
	modified    int64
	pwSalt      [16]byte
	pwHash      [32]byte
	hasPassword bool
	tempExpires int64 // unix nanoseconds; temporary passwords (FORCE_CHANGE_PASSWORD) expire
	srpSalt     []byte
	srpVerifier []byte
	signUpCode  *pendingCode
	resetCode   *pendingCode
	attrCodes   []*pendingCode // VerifyUserAttribute codes, at most one per attribute (store_verify.go)
	groups      []string       // never appended to in place: copies are shared with views
	mfa         userMFA
	// passkeys are the user's WebAuthn credentials (store_webauthn.go), replaced, never
	// changed in place; passkeyReg is a StartWebAuthnRegistration not completed yet.
	passkeys   []passkey
	passkeyReg *passkeyRegistration
	events     []authEvent // sign-in events, oldest first, bounded (store_ops.go)
}

// userMFA is a user's MFA settings (op_mfa.go).
type userMFA struct {
	sms         bool        // SMS_MFA enabled
	totp        bool        // SOFTWARE_TOKEN_MFA enabled
	preferred   string      // "SMS_MFA", "SOFTWARE_TOKEN_MFA" or ""
	totpSecret  string      // the verified TOTP secret (base32)
	totpPending string      // associated by AssociateSoftwareToken, not verified yet
	options     []mfaOption // legacy MFA options (op_settings.go); replaced, never changed in place
	email       bool        // EMAIL_OTP MFA enabled (op_userauth.go)
}

func (u *user) get(name string) (string, bool) {
	for _, a := range u.attrs {
		if a.name == name {
			return a.value, true
		}
	}
	return "", false
}

func (u *user) set(name, value string) {
	for i := range u.attrs {
		if u.attrs[i].name == name {
			u.attrs[i].value = value
			return
		}
	}
	u.attrs = append(u.attrs, attr{name, value})
}

func (u *user) del(name string) {
	for i := range u.attrs {
		if u.attrs[i].name == name {
			u.attrs = append(u.attrs[:i], u.attrs[i+1:]...)
			return
		}
	}
}

func (u *user) verified(name string) bool {
	v, _ := u.get(name + "_verified")
	return v == "true"
}

// userView is a copy of what token issuing, password checks and answers need, taken
// under the pool lock. Its slices are never changed in place by the store (attrs is a
// copy; groups and the SRP values are replaced, not appended to).
type userView struct {
	username    string
	sub         string
	attrs       []attr
	status      userStatus
	disabled    bool
	created     int64
	modified    int64
	groups      []string
	mfa         userMFA
	tempExpires int64
	srpSalt     []byte
	srpVerifier []byte
	pwSalt      [16]byte
	pwHash      [32]byte
	hasPassword bool
	passkeys    []passkey
}

func (u *user) view() userView {
	return userView{username: u.username, sub: u.sub, attrs: append([]attr(nil), u.attrs...), status: u.status,
		disabled: u.disabled, created: u.created, modified: u.modified, groups: u.groups, mfa: u.mfa,
		tempExpires: u.tempExpires, srpSalt: u.srpSalt, srpVerifier: u.srpVerifier,
		pwSalt: u.pwSalt, pwHash: u.pwHash, hasPassword: u.hasPassword, passkeys: u.passkeys}
}

func (v *userView) get(name string) (string, bool) { return attrValue(v.attrs, name) }

// srpVerifier is the store's verifier: v = g^x as unsigned big-endian bytes, with the
// salt read as the unsigned integer the client will parse from SALT's hex.
func srpVerifier(salt []byte, poolName, userIDForSRP, password string) []byte {
	return srp.Verifier(new(big.Int).SetBytes(salt), poolName, userIDForSRP, password).Bytes()
}

// passwordFor computes everything the password checks need and nothing more: a fresh
// random salt and HMAC-SHA256 hash for USER_PASSWORD_AUTH, and a fresh SRP salt and
// verifier (computed from the internal username, USER_ID_FOR_SRP) for USER_SRP_AUTH.
// It takes no lock, so the (slow) SRP verifier is computed outside the pool lock.
// Every path that sets a password goes through here; apply the result with
// (*passwordMaterial).apply under p.mu, or use setPassword.
func (s *Server) passwordFor(p *pool, username, password string) *passwordMaterial {
	m := &passwordMaterial{}
	s.randBytes(m.salt[:])
	m.hash = hashPassword(m.salt[:], password)
	m.srpSalt = make([]byte, 16)
	s.randBytes(m.srpSalt)
	m.verifier = srpVerifier(m.srpSalt, p.name(), username, password)
	return m
}

// setPassword sets u's password; the caller holds p.mu or owns u (not yet indexed).
func (s *Server) setPassword(p *pool, u *user, password string) {
	s.passwordFor(p, u.username, password).apply(u)
}

func hashPassword(salt []byte, password string) [32]byte {
	m := hmac.New(sha256.New, salt)
	m.Write([]byte(password))
	var out [32]byte
	m.Sum(out[:0])
	return out
}

// checkPassword compares in constant time. For an unknown user (u == nil) it does the
// same work against a dummy salt and hash, so the time taken tells nothing.
func (s *Server) checkPassword(u *user, password string) bool {
	if u == nil {
		return s.passwordOK(nil, nil, false, password)
	}
	return s.passwordOK(u.pwSalt[:], &u.pwHash, u.hasPassword, password)
}

// checkViewPassword is checkPassword for a snapshot (nil: an unknown user).
func (s *Server) checkViewPassword(v *userView, password string) bool {
	if v == nil {
		return s.passwordOK(nil, nil, false, password)
	}
	return s.passwordOK(v.pwSalt[:], &v.pwHash, v.hasPassword, password)
}

func (s *Server) passwordOK(salt []byte, hash *[32]byte, has bool, password string) bool {
	want := s.dummyHash
	if has {
		want = *hash
	} else {
		salt = s.dummySalt[:]
	}
	got := hashPassword(salt, password)
	ok := subtle.ConstantTimeCompare(got[:], want[:]) == 1
	return ok && has
}

// pool is a user pool.
type pool struct {
	id       string
	arn      string
	issuer   string
	created  int64
	modified int64
	// conf holds the pool's settings (cfg reads them). They are never changed in
	// place: UpdateUserPool stores a new poolConfig (setPoolConfig, store_pool.go).
	conf atomic.Pointer[poolConfig]

	mu      sync.RWMutex
	clients map[string]*appClient
	users   map[string]*user // by normalised internal username
	bySub   map[string]*user
	aliases map[string]*user // by aliasKey(attribute, normalised value)
	groups  map[string]*group
	devices map[string]*device // by device key (op_device.go)

	limits *lockout.Table // attempt counters (hit, limited, reset)

	sessMu    sync.Mutex
	byOrigin  map[string]*tokenSession
	byRefresh map[[32]byte]*tokenSession
	byUser    map[string][]*tokenSession
	challenge map[[32]byte]*authSession // by sessionKey(Session string)

	triggers poolTriggers // Lambda triggers (triggers.go); nil when none
	mfa      atomic.Pointer[mfaConfig]
	sch      atomic.Pointer[poolSchema] // attribute schema (schema.go); never nil
	config   *poolResources             // configuration resources (store_config.go)
}

func newPool(id string, cfg poolConfig) *pool {
	p := &pool{
		id:      id,
		clients: map[string]*appClient{}, users: map[string]*user{}, bySub: map[string]*user{}, aliases: map[string]*user{},
		groups: map[string]*group{}, devices: map[string]*device{},
		limits:   lockout.NewTable(maxCounters),
		byOrigin: map[string]*tokenSession{}, byRefresh: map[[32]byte]*tokenSession{}, byUser: map[string][]*tokenSession{},
		challenge: map[[32]byte]*authSession{},
		config:    newPoolResources(cfg.Tags),
	}
	p.mfa.Store(&mfaConfig{Mode: cfg.MfaConfiguration, SMS: cfg.MfaSMS, TOTP: cfg.MfaTOTP, Email: cfg.MfaEmail, WebAuthn: cfg.WebAuthn})
	ps, err := compileSchema(cfg.Schema, cfg.CustomAttributes)
	if err != nil { // callers check cfg's schema first (CreateUserPool, the loader)
		ps, _ = compileSchema(nil, nil)
	}
	p.sch.Store(ps)
	p.conf.Store(&cfg)
	return p
}

// cfg returns the pool's settings; read them, never change them.
func (p *pool) cfg() *poolConfig { return p.conf.Load() }

// name is the part of the pool id after "_" (SRP's poolName).
func (p *pool) name() string {
	if i := strings.IndexByte(p.id, '_'); i >= 0 {
		return p.id[i+1:]
	}
	return p.id
}

// norm normalises a username for lookups: lower case unless the pool is case sensitive.
func (p *pool) norm(username string) string {
	if p.cfg().CaseSensitive {
		return username
	}
	return strings.ToLower(username)
}

func (p *pool) usernameAttr(name string) bool { return contains(p.cfg().UsernameAttributes, name) }
func (p *pool) aliasAttr(name string) bool    { return contains(p.cfg().AliasAttributes, name) }
func (p *pool) autoVerifies(name string) bool { return contains(p.cfg().AutoVerifiedAttributes, name) }

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

func aliasKey(attrName, value string) string {
	if attrName == "phone_number" {
		return attrName + "\x00" + value
	}
	return attrName + "\x00" + strings.ToLower(value)
}

// aliasKeys lists the index entries of u: for email/phone-as-username pools the email
// or phone number whether verified or not; for alias pools verified emails and phone
// numbers, and preferred_username.
func (p *pool) aliasKeys(u *user) []string {
	var keys []string
	for _, name := range [...]string{"email", "phone_number", "preferred_username"} {
		v, ok := u.get(name)
		if !ok || v == "" {
			continue
		}
		switch {
		case p.usernameAttr(name):
			keys = append(keys, aliasKey(name, v))
		case p.aliasAttr(name) && (name == "preferred_username" || u.verified(name)):
			keys = append(keys, aliasKey(name, v))
		}
	}
	return keys
}

// index adds u to the lookup maps; unindex removes it. Callers hold p.mu.
func (p *pool) index(u *user) {
	p.users[p.norm(u.username)] = u
	p.bySub[u.sub] = u
	for _, k := range p.aliasKeys(u) {
		p.aliases[k] = u
	}
}

func (p *pool) unindex(u *user) {
	if p.users[p.norm(u.username)] == u {
		delete(p.users, p.norm(u.username))
	}
	if p.bySub[u.sub] == u {
		delete(p.bySub, u.sub)
	}
	for _, k := range p.aliasKeys(u) {
		if p.aliases[k] == u {
			delete(p.aliases, k)
		}
	}
}

// lookup finds the user a typed name designates: the internal username, then the
// email or phone number of email/phone-as-username pools, then verified aliases.
// Callers hold p.mu (read).
func (p *pool) lookup(typed string) *user {
	if u := p.users[p.norm(typed)]; u != nil {
		return u
	}
	for _, name := range [...]string{"email", "phone_number", "preferred_username"} {
		if p.usernameAttr(name) || p.aliasAttr(name) {
			if u := p.aliases[aliasKey(name, typed)]; u != nil {
				return u
			}
		}
	}
	return nil
}

// Attempt counters. Every rule (the sign-in lockout, ConfirmForgotPassword's
// wrong-code limit, ForgotPassword's delivery limit) lives in internal/lockout; a
// pool keeps its counters in one bounded lockout.Table and touches them only
// through hit, limited and reset. A counter belongs to the user an attempt resolves
// to (AWS: Cognito "locks out your user"), keyed by its immutable sub, so the case
// variants and aliases of one account share it; a name that resolves to nobody is
// counted by its normalised typed form (countedName). Keys are keyed hashes
// (counterKey), never names. Resolve the user under p.mu, then count outside it.

// maxCounters bounds each pool's counters (see lockout.Table for what it forgets
// at the bound: never a running lockout while other counters remain).
const maxCounters = 1 << 18

// counterKey is the lockout key of the user with sub (when sub != "") or else of
// the name typed, which resolves to nobody: HMAC-SHA-256 under the server's secret
// of the pool id and the sub or the normalised typed name (countedName), truncated
// to 16 bytes. A key never holds a name, and nobody without the secret computes one.
func (s *Server) counterKey(p *pool, sub, typed string) lockout.Key {
	m := hmac.New(sha256.New, s.secret)
	m.Write([]byte("mockpool lockout\x00"))
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(p.id)))
	m.Write(n[:])
	m.Write([]byte(p.id))
	if sub != "" {
		m.Write([]byte{'u'})
		m.Write([]byte(sub))
	} else {
		m.Write([]byte{'n'})
		m.Write([]byte(p.simKey(typed))) // the form the middleware counts it in too
	}
	var k lockout.Key
	copy(k[:], m.Sum(nil))
	return k
}

// viewKey is the counter key of an attempt by typed that resolved to the user
// snapshot st (nil: nobody).
func (s *Server) viewKey(p *pool, st *userView, typed string) lockout.Key {
	if st != nil {
		return s.counterKey(p, st.sub, "")
	}
	return s.counterKey(p, "", typed)
}

// sessionCounterKey is the counter key of a challenge session's user: the user of
// the internal username the session was opened for, else (a simulated challenge,
// or the user is gone) the name typed. It takes p.mu (read) itself.
func (s *Server) sessionCounterKey(p *pool, username, typed string) lockout.Key {
	if username != "" {
		if st := p.viewUser(byName(username, "")); st != nil {
			return s.counterKey(p, st.sub, "")
		}
	}
	return s.counterKey(p, "", typed)
}

// hit applies one event of rule r (a failed sign-in, a wrong code, a delivery
// request) to the counter k and reports whether it was limited (lockout.Apply).
func (p *pool) hit(r lockout.Rule, k lockout.Key, now time.Time) bool {
	return p.limits.HitNow(r, k, now)
}

// limited reports whether the next event of rule r on k would be limited, counting
// nothing: a running sign-in lockout, used-up wrong codes, a spent delivery budget.
func (p *pool) limited(r lockout.Rule, k lockout.Key, now time.Time) bool {
	return p.limits.LimitedNow(r, k, now)
}

// reset forgets counter k of rule r (a successful sign-in, a used reset code).
func (p *pool) reset(r lockout.Rule, k lockout.Key) { p.limits.ResetNow(r, k) }

// passwordProblem returns Cognito's reason a password breaks the policy, or "".
func passwordProblem(pol passwordPolicy, pw string) string {
	if utf8.RuneCountInString(pw) < int(pol.minLength()) {
		return "Password not long enough"
	}
	var upper, lower, digit, symbol bool
	for _, r := range pw {
		switch {
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= '0' && r <= '9':
			digit = true
		case strings.ContainsRune("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ", r):
			symbol = true
		}
	}
	switch {
	case pol.RequireUppercase && !upper:
		return "Password must have uppercase characters"
	case pol.RequireLowercase && !lower:
		return "Password must have lowercase characters"
	case pol.RequireNumbers && !digit:
		return "Password must have numeric characters"
	case pol.RequireSymbols && !symbol:
		return "Password must have symbol characters"
	}
	return ""
}

// Message is a code "sent" by email or SMS (or an invitation's temporary password).
type Message struct {
	UserPoolID  string    `json:"userPoolId"`
	Username    string    `json:"username"`    // the internal username
	Medium      string    `json:"medium"`      // "EMAIL" or "SMS"
	Destination string    `json:"destination"` // the address it went to, unmasked
	Code        string    `json:"code"`        // the code, or the temporary password for AdminCreateUser
	Purpose     string    `json:"purpose"`     // SignUp, ResendConfirmationCode, ForgotPassword, AdminResetUserPassword, AdminCreateUser, VerifyUserAttribute, UpdateUserAttribute, SMS_MFA, EMAIL_OTP (a USER_AUTH first factor or email MFA), SMS_OTP, UserMigration
	SentAt      time.Time `json:"sentAt"`
	// Text is the message as sent: Cognito's default text, or the CustomMessage
	// trigger's emailMessage or smsMessage, with the code and username filled in.
	Text string `json:"message,omitempty"`
	// Subject is the CustomMessage trigger's emailSubject, if any.
	Subject string `json:"subject,omitempty"`

	// seq numbers the messages of a Server in the order sent (1, 2, ...): the key of
	// the message's durable record.
	seq uint64
}

// MessageFilter selects messages; empty fields match anything. Username matches the
// internal username or the destination (so an email address or phone number works).
type MessageFilter struct {
	UserPoolID string
	Username   string
}

func (f MessageFilter) match(m *Message) bool {
	if f.UserPoolID != "" && f.UserPoolID != m.UserPoolID {
		return false
	}
	if f.Username != "" && !strings.EqualFold(f.Username, m.Username) && !strings.EqualFold(f.Username, m.Destination) {
		return false
	}
	return true
}

const maxMessages = 10000 // the outbox keeps the latest 10,000 messages

func (s *Server) touchMessage(seq uint64) {
	s.touch(recordRef{kind: recMessage, key: messageKey(seq)})
}

// send puts m in the outbox with the next sequence number. Beyond maxMessages the
// oldest half is dropped.
func (s *Server) send(m Message) {
	s.outMu.Lock()
	defer s.outMu.Unlock()
	if len(s.outbox) >= maxMessages {
		drop := len(s.outbox) - maxMessages/2
		for i := range s.outbox[:drop] {
			s.touchMessage(s.outbox[i].seq)
		}
		s.outbox = append(s.outbox[:0], s.outbox[drop:]...)
	}
	s.outSeq++
	m.seq = s.outSeq
	s.outbox = append(s.outbox, m)
	s.touchMessage(m.seq)
}

// Messages returns the messages sent so far, oldest first, that match any of the
// filters (all of them without filters).
func (s *Server) Messages(filters ...MessageFilter) []Message {
	s.outMu.Lock()
	defer s.outMu.Unlock()
	out := []Message{}
	for i := range s.outbox {
		m := &s.outbox[i]
		ok := len(filters) == 0
		for _, f := range filters {
			if f.match(m) {
				ok = true
				break
			}
		}
		if ok {
			out = append(out, *m)
		}
	}
	return out
}

// LastCode returns the code of the latest message to username (internal username,
// email or phone number) in poolID.
func (s *Server) LastCode(poolID, username string) (string, bool) {
	ms := s.Messages(MessageFilter{UserPoolID: poolID, Username: username})
	if len(ms) == 0 {
		return "", false
	}
	return ms[len(ms)-1].Code, true
}

// delivery picks where a code goes. kind "signup" uses the auto-verified attributes
// (phone first, like Cognito); kind "reset" uses verified attributes in the order of
// AccountRecoverySetting, or SMS before email without it. ok is false when there is
// nowhere to send.
func (p *pool) delivery(u *user, kind string) (medium, attrName, dest string, ok bool) {
	try := func(name string, needVerified bool) bool {
		v, has := u.get(name)
		if !has || v == "" || (needVerified && !u.verified(name)) {
			return false
		}
		attrName, dest = name, v
		medium = "EMAIL"
		if name == "phone_number" {
			medium = "SMS"
		}
		return true
	}
	if kind == "signup" {
		for _, name := range [...]string{"phone_number", "email"} {
			if p.autoVerifies(name) && try(name, false) {
				return medium, attrName, dest, true
			}
		}
		return "", "", "", false
	}
	if rs := p.cfg().AccountRecoverySetting; rs != nil && len(rs.RecoveryMechanisms) > 0 {
		mechs := append([]recoveryOption(nil), rs.RecoveryMechanisms...)
		for i := 1; i < len(mechs); i++ {
			for j := i; j > 0 && mechs[j].Priority < mechs[j-1].Priority; j-- {
				mechs[j], mechs[j-1] = mechs[j-1], mechs[j]
			}
		}
		for _, m := range mechs {
			switch m.Name {
			case "verified_email":
				if try("email", true) {
					return medium, attrName, dest, true
				}
			case "verified_phone_number":
				if try("phone_number", true) {
					return medium, attrName, dest, true
				}
			}
		}
		return "", "", "", false
	}
	for _, name := range [...]string{"phone_number", "email"} {
		if try(name, true) {
			return medium, attrName, dest, true
		}
	}
	return "", "", "", false
}

// maskDestination masks a real destination as simulate.Real does (simulated
// destinations come from the same maskers).
func maskDestination(medium, dest string) string {
	if medium == "SMS" {
		return simulate.Real("phone_number", dest).Destination
	}
	return simulate.Real("email", dest).Destination
}

// simKey is the form of a typed name the simulated values are keyed by: the form the
// pool resolves it in (norm, then the case folding of email and preferred_username
// aliases that aliasKey applies), so every spelling that would find one real user gets
// one set of simulated values.
func (p *pool) simKey(typed string) string {
	return simulate.Key(p.norm(typed), p.cfg().UsernameAttributes, p.cfg().AliasAttributes)
}

// messageBySeq is the outbox message with sequence number seq, nil when the outbox
// no longer (or never) held it. The caller holds s.outMu.
func (s *Server) messageBySeq(seq uint64) *Message {
	if len(s.outbox) == 0 || seq < s.outbox[0].seq {
		return nil
	}
	i := sort.Search(len(s.outbox), func(i int) bool { return s.outbox[i].seq >= seq })
	if i < len(s.outbox) && s.outbox[i].seq == seq {
		return &s.outbox[i]
	}
	return nil
}
