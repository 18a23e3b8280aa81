package mockpool

// State persistence for cmd/mockpool: SaveState and LoadState write and read the whole
// state as versioned JSON. Passwords are not in it (only salted hashes and SRP
// verifiers); refresh tokens are kept as SHA-256 hashes. The signing key and the
// simulation secret are in it, so tokens and simulated answers survive a restart:
// treat the file as a secret.
//
// The same record types serve the durable state (records.go): each pool, app client,
// user, group, device and session is one record there, converted by the functions
// below, and loaded through the same loader, so the JSON file and the database are
// validated alike: duplicate ids, a password salt or hash of the wrong length, an
// unknown status, and (JSON) anything after the value are refused with the reason
// and the offending id. Attempt counters (lockouts) are in neither: they start afresh
// after a restart, as they would after an idle period.

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/maskedauth/maskedauth/internal/simulate"
)

const stateVersion = 1

type stateFile struct {
	Version    int         `json:"version"`
	Region     string      `json:"region"`
	Secret     []byte      `json:"secret"`
	SigningKey []byte      `json:"signingKey,omitempty"` // PKCS#8 DER; access tokens (and, in older states, ID tokens)
	Pools      []statePool `json:"pools"`
	Messages   []Message   `json:"messages,omitempty"`

	// IDSigningKey signs ID tokens (PKCS#8 DER); a state without it gets a new one.
	IDSigningKey []byte `json:"idSigningKey,omitempty"`
}

type statePool struct {
	ID       string         `json:"id"`
	ARN      string         `json:"arn"`
	Created  int64          `json:"created"`
	Modified int64          `json:"modified"`
	Config   poolConfig     `json:"config"`
	Clients  []stateClient  `json:"clients"`
	Users    []stateUser    `json:"users"`
	Groups   []*group       `json:"groups,omitempty"`
	Devices  []stateDevice  `json:"devices,omitempty"`
	Sessions []stateSession `json:"sessions,omitempty"`
	// Resources are the pool's configuration resources (domains, resource servers,
	// identity providers, tags, ...: store_config.go), as exportConfig writes them.
	Resources json.RawMessage `json:"resources,omitempty"`
}

type stateClient struct {
	ID       string       `json:"id"`
	Secret   string       `json:"secret,omitempty"`
	Created  int64        `json:"created"`
	Modified int64        `json:"modified"`
	Config   clientConfig `json:"config"`
	// Secrets are the secrets of the secret operations (store_ops.go), when any.
	Secrets []clientSecret `json:"secrets,omitempty"`
}

type stateCode struct {
	Code    string `json:"code"`
	Attr    string `json:"attr,omitempty"`
	Expires int64  `json:"expires"`
	Value   string `json:"value,omitempty"` // a new value waiting for the code
}

type stateUser struct {
	Username     string      `json:"username"`
	Sub          string      `json:"sub"`
	Attributes   [][2]string `json:"attributes"`
	Status       string      `json:"status"`
	Disabled     bool        `json:"disabled,omitempty"`
	Created      int64       `json:"created"`
	Modified     int64       `json:"modified"`
	PasswordSalt []byte      `json:"passwordSalt,omitempty"`
	PasswordHash []byte      `json:"passwordHash,omitempty"`
	TempExpires  int64       `json:"tempExpires,omitempty"`
	SRPSalt      []byte      `json:"srpSalt,omitempty"`
	SRPVerifier  []byte      `json:"srpVerifier,omitempty"`
	SignUpCode   *stateCode  `json:"signUpCode,omitempty"`
	ResetCode    *stateCode  `json:"resetCode,omitempty"`
	AttrCodes    []stateCode `json:"attrCodes,omitempty"`
	Groups       []string    `json:"groups,omitempty"`
	MfaSMS       bool        `json:"mfaSms,omitempty"`
	MfaTOTP      bool        `json:"mfaTotp,omitempty"`
	MfaPreferred string      `json:"mfaPreferred,omitempty"`
	TOTPSecret   string      `json:"totpSecret,omitempty"`
	TOTPPending  string      `json:"totpPending,omitempty"`
	MfaEmail     bool        `json:"mfaEmail,omitempty"`
	// Passkeys and PasskeyRegistration: store_webauthn.go.
	Passkeys            []passkey            `json:"passkeys,omitempty"`
	PasskeyRegistration *passkeyRegistration `json:"passkeyRegistration,omitempty"`
	MFAOptions          []mfaOption          `json:"mfaOptions,omitempty"`
	AuthEvents          []authEvent          `json:"authEvents,omitempty"`
}

type stateDevice struct {
	Key        string `json:"key"`
	GroupKey   string `json:"groupKey"`
	Username   string `json:"username"`
	Sub        string `json:"sub"`
	Salt       []byte `json:"salt,omitempty"`
	Verifier   []byte `json:"verifier,omitempty"`
	Name       string `json:"name,omitempty"`
	Confirmed  bool   `json:"confirmed,omitempty"`
	Remembered bool   `json:"remembered,omitempty"`
	Created    int64  `json:"created"`
	Modified   int64  `json:"modified"`
	LastAuth   int64  `json:"lastAuth,omitempty"`
}

type stateSession struct {
	OriginJTI      string `json:"originJti"`
	Username       string `json:"username"`
	Sub            string `json:"sub"`
	ClientID       string `json:"clientId"`
	AuthTime       int64  `json:"authTime"`
	RefreshHash    []byte `json:"refreshHash"`
	RefreshExpires int64  `json:"refreshExpires"`
	Revoked        bool   `json:"revoked,omitempty"`
	DeviceKey      string `json:"deviceKey,omitempty"`
	// PrevHash is the refresh token rotation replaced, usable until PrevUntil.
	PrevHash  []byte `json:"prevHash,omitempty"`
	PrevUntil int64  `json:"prevUntil,omitempty"`
}

func codeState(c *pendingCode) *stateCode {
	if c == nil {
		return nil
	}
	return &stateCode{Code: c.code, Attr: c.attr, Expires: c.expires, Value: c.value}
}

func codeFromState(c *stateCode) *pendingCode {
	if c == nil {
		return nil
	}
	return &pendingCode{code: c.Code, attr: c.Attr, expires: c.Expires, value: c.Value}
}

// poolHeader is p's own record: id, ARN, times and configuration (MFA included),
// without clients, users and the rest. The caller holds p.mu (read).
func poolHeader(p *pool) statePool {
	sp := statePool{ID: p.id, ARN: p.arn, Created: p.created, Modified: p.modified, Config: *p.cfg()}
	if m := p.mfa.Load(); m != nil {
		sp.Config.MfaConfiguration, sp.Config.MfaSMS, sp.Config.MfaTOTP = m.Mode, m.SMS, m.TOTP
		sp.Config.MfaEmail, sp.Config.WebAuthn = m.Email, m.WebAuthn
	}
	ps := p.sch.Load()
	sp.Config.Schema, sp.Config.CustomAttributes = ps.created, ps.added
	return sp
}

func clientState(c *appClient) stateClient {
	return stateClient{ID: c.id, Secret: c.secret, Created: c.created, Modified: c.modified, Config: c.cfg, Secrets: c.secrets}
}

func userState(u *user) stateUser {
	su := stateUser{Username: u.username, Sub: u.sub, Status: u.status.String(), Disabled: u.disabled,
		Created: u.created, Modified: u.modified, TempExpires: u.tempExpires, SRPSalt: u.srpSalt, SRPVerifier: u.srpVerifier,
		SignUpCode: codeState(u.signUpCode), ResetCode: codeState(u.resetCode), Groups: u.groups,
		MfaSMS: u.mfa.sms, MfaTOTP: u.mfa.totp, MfaPreferred: u.mfa.preferred, TOTPSecret: u.mfa.totpSecret, TOTPPending: u.mfa.totpPending,
		MfaEmail: u.mfa.email, Passkeys: u.passkeys, PasskeyRegistration: u.passkeyReg,
		MFAOptions: u.mfa.options, AuthEvents: u.events}
	for _, c := range u.attrCodes {
		su.AttrCodes = append(su.AttrCodes, *codeState(c))
	}
	if u.hasPassword {
		su.PasswordSalt, su.PasswordHash = append([]byte(nil), u.pwSalt[:]...), append([]byte(nil), u.pwHash[:]...)
	}
	for _, a := range u.attrs {
		su.Attributes = append(su.Attributes, [2]string{a.name, a.value})
	}
	return su
}

func deviceState(d *device) stateDevice {
	return stateDevice{Key: d.key, GroupKey: d.groupKey, Username: d.username, Sub: d.sub,
		Salt: d.salt, Verifier: d.verifier, Name: d.name, Confirmed: d.confirmed, Remembered: d.remembered,
		Created: d.created, Modified: d.modified, LastAuth: d.lastAuth}
}

func sessionState(t *tokenSession) stateSession {
	return stateSession{OriginJTI: t.originJTI, Username: t.username, Sub: t.sub, ClientID: t.clientID,
		AuthTime: t.authTime, RefreshHash: append([]byte(nil), t.refreshHash[:]...), RefreshExpires: t.refreshExpires, Revoked: t.revoked,
		DeviceKey: t.deviceKey, PrevHash: prevHashState(t), PrevUntil: t.prevUntil}
}

func prevHashState(t *tokenSession) []byte {
	if !t.hasPrev {
		return nil
	}
	return append([]byte(nil), t.prevHash[:]...)
}

// SaveState writes the whole state (pools, app clients, users, token sessions, the
// outbox, the signing key and the simulation secret) to w as JSON. Challenge
// sessions are not in it (they live minutes); the durable state keeps them.
func (s *Server) SaveState(w io.Writer) error {
	ks, err := s.tokenKeys()
	if err != nil {
		return err
	}
	der, err := x509.MarshalPKCS8PrivateKey(ks.access.priv)
	if err != nil {
		return fmt.Errorf("mockpool: save state: marshal key: %w", err)
	}
	idDER, err := x509.MarshalPKCS8PrivateKey(ks.id.priv)
	if err != nil {
		return fmt.Errorf("mockpool: save state: marshal key: %w", err)
	}
	st := stateFile{Version: stateVersion, Region: s.region, Secret: s.secret, SigningKey: der, IDSigningKey: idDER, Messages: s.Messages()}
	for _, p := range s.poolList() {
		p.mu.RLock()
		sp := poolHeader(p)
		for _, c := range p.clients {
			sp.Clients = append(sp.Clients, clientState(c))
		}
		for _, u := range p.users {
			sp.Users = append(sp.Users, userState(u))
		}
		for _, g := range p.groups {
			sp.Groups = append(sp.Groups, g)
		}
		for _, d := range p.devices {
			sp.Devices = append(sp.Devices, deviceState(d))
		}
		p.mu.RUnlock()
		sp.Resources = s.exportConfig(p)
		p.sessMu.Lock()
		for _, t := range p.byOrigin {
			sp.Sessions = append(sp.Sessions, sessionState(t))
		}
		p.sessMu.Unlock()
		st.Pools = append(st.Pools, sp)
	}
	enc := json.NewEncoder(w)
	if err := enc.Encode(&st); err != nil {
		return fmt.Errorf("mockpool: save state: %w", err)
	}
	return nil
}

// LoadState replaces the whole state with one written by SaveState. Call it before the
// server serves requests. On error the state is unchanged. It refuses (an error
// naming the reason and the offending id) a file with anything but white space after
// the JSON value, duplicate ids (pools, app clients, users' sub or username, groups,
// devices, sessions), a password salt or hash of the wrong length, and an unknown
// user status.
func (s *Server) LoadState(r io.Reader) error {
	var st stateFile
	dec := json.NewDecoder(io.LimitReader(r, 1<<34))
	if err := dec.Decode(&st); err != nil {
		return fmt.Errorf("mockpool: load state: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("mockpool: load state: trailing data after the JSON value (at byte %d)", dec.InputOffset())
	}
	if st.Version != stateVersion {
		return fmt.Errorf("mockpool: load state: unsupported version %d", st.Version)
	}
	l := newLoader(s)
	if err := l.setServer(st.Secret, st.SigningKey, st.IDSigningKey); err != nil {
		return err
	}
	for i := range st.Pools {
		sp := &st.Pools[i]
		p, err := l.addPool(sp)
		if err != nil {
			return err
		}
		if err := l.s.importConfig(p, sp.Resources); err != nil {
			return loadErr("pool %s: configuration resources: %v", p.id, err)
		}
		for _, sc := range sp.Clients {
			if err := l.addClient(p, sc); err != nil {
				return err
			}
		}
		for _, su := range sp.Users {
			if err := l.addUser(p, su); err != nil {
				return err
			}
		}
		for _, g := range sp.Groups {
			if err := l.addGroup(p, g); err != nil {
				return err
			}
		}
		for _, sd := range sp.Devices {
			if err := l.addDevice(p, sd); err != nil {
				return err
			}
		}
		for _, ss := range sp.Sessions {
			if err := l.addSession(p, ss); err != nil {
				return err
			}
		}
	}
	l.messages = st.Messages
	l.install()
	return nil
}

// loader builds a whole state apart from the server, then installs it at once.
type loader struct {
	s        *Server
	pools    map[string]*pool
	clients  map[string]*pool
	secret   []byte
	key      *signingKey // access tokens
	idKey    *signingKey
	messages []Message
}

func newLoader(s *Server) *loader {
	return &loader{s: s, pools: map[string]*pool{}, clients: map[string]*pool{}}
}

func loadErr(format string, args ...any) error {
	return fmt.Errorf("mockpool: load state: "+format, args...)
}

// setServer takes the server-wide records; empty ones keep the server's own. A state
// written before ID tokens had a key of their own has keyDER only: that key goes on
// signing access tokens and stays in the JWKS (so ID tokens it signed still verify),
// and ID tokens get the server's own ID key.
func (l *loader) setServer(secret, keyDER, idKeyDER []byte) error {
	if len(secret) > 0 {
		l.secret = append([]byte(nil), secret...)
	}
	for _, k := range []struct {
		der []byte
		to  **signingKey
	}{{keyDER, &l.key}, {idKeyDER, &l.idKey}} {
		if len(k.der) == 0 {
			continue
		}
		parsed, err := parseSigningKey(k.der)
		if err != nil {
			return loadErr("%w", err)
		}
		*k.to = parsed
	}
	return nil
}

func parseSigningKey(der []byte) (*signingKey, error) {
	parsed, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	priv, ok := parsed.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("signing key is not RSA")
	}
	return newSigningKey(priv)
}

func (l *loader) addPool(sp *statePool) (*pool, error) {
	if sp.ID == "" {
		return nil, loadErr("pool without id")
	}
	if l.pools[sp.ID] != nil {
		return nil, loadErr("duplicate pool id %q", sp.ID)
	}
	if _, err := compileSchema(sp.Config.Schema, sp.Config.CustomAttributes); err != nil {
		return nil, loadErr("pool %s: schema: %v", sp.ID, err)
	}
	p := newPool(sp.ID, sp.Config)
	p.triggers.Store(l.s.defaultTriggers)
	p.arn, p.created, p.modified = sp.ARN, sp.Created, sp.Modified
	p.issuer = l.s.issuerFn(l.s.region, sp.ID)
	l.pools[p.id] = p
	return p, nil
}

func (l *loader) addClient(p *pool, sc stateClient) error {
	if sc.ID == "" {
		return loadErr("pool %s: app client without id", p.id)
	}
	if q := l.clients[sc.ID]; q != nil {
		return loadErr("pool %s: duplicate app client id %q (also in pool %s)", p.id, sc.ID, q.id)
	}
	cfg := sc.Config
	c, e := normaliseClient(&cfg, p.attrSchema(), false)
	if e != nil {
		return loadErr("pool %s: app client %s: %s", p.id, sc.ID, e.Message)
	}
	c.id, c.secret, c.created, c.modified = sc.ID, sc.Secret, sc.Created, sc.Modified
	if len(sc.Secrets) > 0 {
		c = c.withSecrets(sc.Secrets)
	}
	c.cfg.ClientID = sc.ID
	p.clients[c.id] = c
	l.clients[c.id] = p
	return nil
}

// statusFromState parses a stored status strictly.
func statusFromState(s string) (userStatus, bool) {
	st := parseStatus(s)
	return st, st.String() == s
}

func (l *loader) addUser(p *pool, su stateUser) error {
	if su.Username == "" || su.Sub == "" {
		return loadErr("pool %s: user without username or sub (sub %q)", p.id, su.Sub)
	}
	if p.bySub[su.Sub] != nil {
		return loadErr("pool %s: duplicate user sub %q", p.id, su.Sub)
	}
	if p.users[p.norm(su.Username)] != nil {
		return loadErr("pool %s: duplicate username %q (user %s)", p.id, su.Username, su.Sub)
	}
	status, ok := statusFromState(su.Status)
	if !ok {
		return loadErr("pool %s: user %s: unknown status %.40q", p.id, su.Sub, su.Status)
	}
	u := &user{username: su.Username, sub: su.Sub, status: status, disabled: su.Disabled,
		created: su.Created, modified: su.Modified, tempExpires: su.TempExpires, srpSalt: su.SRPSalt, srpVerifier: su.SRPVerifier,
		signUpCode: codeFromState(su.SignUpCode), resetCode: codeFromState(su.ResetCode), groups: su.Groups,
		mfa:      userMFA{sms: su.MfaSMS, totp: su.MfaTOTP, preferred: su.MfaPreferred, totpSecret: su.TOTPSecret, totpPending: su.TOTPPending, email: su.MfaEmail, options: su.MFAOptions},
		passkeys: su.Passkeys, passkeyReg: su.PasskeyRegistration, events: su.AuthEvents}
	if len(su.PasswordSalt) > 0 || len(su.PasswordHash) > 0 {
		if len(su.PasswordSalt) != len(u.pwSalt) {
			return loadErr("pool %s: user %s: password salt of %d bytes, want %d", p.id, su.Sub, len(su.PasswordSalt), len(u.pwSalt))
		}
		if len(su.PasswordHash) != len(u.pwHash) {
			return loadErr("pool %s: user %s: password hash of %d bytes, want %d", p.id, su.Sub, len(su.PasswordHash), len(u.pwHash))
		}
		copy(u.pwSalt[:], su.PasswordSalt)
		copy(u.pwHash[:], su.PasswordHash)
		u.hasPassword = true
	}
	for _, a := range su.Attributes {
		u.attrs = append(u.attrs, attr{a[0], a[1]})
	}
	for i := range su.AttrCodes {
		c := codeFromState(&su.AttrCodes[i])
		if !verifiableAttr(c.attr) || u.attrCode(c.attr) != nil {
			return loadErr("pool %s: user %s: attribute code for %.40q", p.id, su.Sub, c.attr)
		}
		u.attrCodes = append(u.attrCodes, c)
	}
	p.index(u)
	return nil
}

func (l *loader) addGroup(p *pool, g *group) error {
	if g == nil || g.Name == "" {
		return loadErr("pool %s: group without name", p.id)
	}
	if p.groups[g.Name] != nil {
		return loadErr("pool %s: duplicate group %q", p.id, g.Name)
	}
	p.groups[g.Name] = g
	return nil
}

func (l *loader) addDevice(p *pool, sd stateDevice) error {
	if sd.Key == "" {
		return loadErr("pool %s: device without key", p.id)
	}
	if p.devices[sd.Key] != nil {
		return loadErr("pool %s: duplicate device key %q", p.id, sd.Key)
	}
	p.devices[sd.Key] = &device{key: sd.Key, groupKey: sd.GroupKey, username: sd.Username, sub: sd.Sub, salt: sd.Salt,
		verifier: sd.Verifier, name: sd.Name, confirmed: sd.Confirmed, remembered: sd.Remembered,
		created: sd.Created, modified: sd.Modified, lastAuth: sd.LastAuth}
	return nil
}

func (l *loader) addSession(p *pool, ss stateSession) error {
	if ss.OriginJTI == "" {
		return loadErr("pool %s: session without origin jti", p.id)
	}
	if p.byOrigin[ss.OriginJTI] != nil {
		return loadErr("pool %s: duplicate session %q", p.id, ss.OriginJTI)
	}
	t := &tokenSession{originJTI: ss.OriginJTI, username: ss.Username, sub: ss.Sub, clientID: ss.ClientID,
		authTime: ss.AuthTime, refreshExpires: ss.RefreshExpires, revoked: ss.Revoked, deviceKey: ss.DeviceKey}
	if len(ss.RefreshHash) != len(t.refreshHash) {
		return loadErr("pool %s: session %s: refresh hash of %d bytes, want %d", p.id, ss.OriginJTI, len(ss.RefreshHash), len(t.refreshHash))
	}
	copy(t.refreshHash[:], ss.RefreshHash)
	if len(ss.PrevHash) > 0 {
		if len(ss.PrevHash) != len(t.prevHash) {
			return loadErr("pool %s: session %s: previous refresh hash of %d bytes, want %d", p.id, ss.OriginJTI, len(ss.PrevHash), len(t.prevHash))
		}
		copy(t.prevHash[:], ss.PrevHash)
		t.hasPrev, t.prevUntil = true, ss.PrevUntil
		p.byRefresh[t.prevHash] = t
	}
	p.byOrigin[t.originJTI] = t
	p.byRefresh[t.refreshHash] = t
	p.byUser[t.username] = append(p.byUser[t.username], t)
	return nil
}

func (l *loader) addChallenge(p *pool, key [32]byte, a *authSession) error {
	if p.challenge[key] != nil {
		return loadErr("pool %s: duplicate challenge session", p.id)
	}
	p.challenge[key] = a
	return nil
}

// install replaces the server's state with the loaded one. Pools are ordered by
// creation time (then id).
func (l *loader) install() {
	s := l.s
	order := make([]string, 0, len(l.pools))
	for id := range l.pools {
		order = append(order, id)
	}
	sort.Slice(order, func(i, j int) bool {
		a, b := l.pools[order[i]], l.pools[order[j]]
		if a.created != b.created {
			return a.created < b.created
		}
		return a.id < b.id
	})
	s.mu.Lock()
	s.pools, s.clients, s.order = l.pools, l.clients, order
	if len(l.secret) > 0 {
		s.secret = l.secret
		s.sim = simulate.New(s.secret)
	}
	s.mu.Unlock()
	if l.key != nil || l.idKey != nil {
		s.setKeys(l.key, l.idKey)
	}
	msgs := l.messages
	if len(msgs) > maxMessages {
		msgs = msgs[len(msgs)-maxMessages:]
	}
	s.outMu.Lock()
	s.outbox = append([]Message(nil), msgs...)
	// Messages from a JSON state file carry no sequence number: number them in
	// order (the durable state's messages keep theirs).
	var last uint64
	for i := range s.outbox {
		if s.outbox[i].seq <= last {
			s.outbox[i].seq = last + 1
		}
		last = s.outbox[i].seq
	}
	s.outSeq = last
	s.outMu.Unlock()
}
