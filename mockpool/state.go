package mockpool

// State persistence for cmd/mockpool: SaveState and LoadState write and read the whole
// state as versioned JSON. Passwords are not in it (only salted hashes and SRP
// verifiers); refresh tokens are kept as SHA-256 hashes. The signing key and the
// simulation secret are in it, so tokens and simulated answers survive a restart:
// treat the file as a secret.

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"

	"github.com/maskedauth/maskedauth/internal/simulate"
)

const stateVersion = 1

type stateFile struct {
	Version    int         `json:"version"`
	Region     string      `json:"region"`
	Secret     []byte      `json:"secret"`
	SigningKey []byte      `json:"signingKey,omitempty"` // PKCS#8 DER
	Pools      []statePool `json:"pools"`
	Messages   []Message   `json:"messages,omitempty"`
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
}

type stateClient struct {
	ID       string       `json:"id"`
	Secret   string       `json:"secret,omitempty"`
	Created  int64        `json:"created"`
	Modified int64        `json:"modified"`
	Config   clientConfig `json:"config"`
}

type stateCode struct {
	Code    string `json:"code"`
	Attr    string `json:"attr,omitempty"`
	Expires int64  `json:"expires"`
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
	Groups       []string    `json:"groups,omitempty"`
	MfaSMS       bool        `json:"mfaSms,omitempty"`
	MfaTOTP      bool        `json:"mfaTotp,omitempty"`
	MfaPreferred string      `json:"mfaPreferred,omitempty"`
	TOTPSecret   string      `json:"totpSecret,omitempty"`
	TOTPPending  string      `json:"totpPending,omitempty"`
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
}

func codeState(c *pendingCode) *stateCode {
	if c == nil {
		return nil
	}
	return &stateCode{Code: c.code, Attr: c.attr, Expires: c.expires}
}

func codeFromState(c *stateCode) *pendingCode {
	if c == nil {
		return nil
	}
	return &pendingCode{code: c.Code, attr: c.Attr, expires: c.Expires}
}

// SaveState writes the whole state (pools, app clients, users, token sessions, the
// outbox, the signing key and the simulation secret) to w as JSON.
func (s *Server) SaveState(w io.Writer) error {
	k, err := s.signingKey()
	if err != nil {
		return err
	}
	der, err := x509.MarshalPKCS8PrivateKey(k.priv)
	if err != nil {
		return fmt.Errorf("mockpool: save state: marshal key: %w", err)
	}
	st := stateFile{Version: stateVersion, Region: s.region, Secret: s.secret, SigningKey: der, Messages: s.Messages()}
	s.mu.RLock()
	pools := make([]*pool, 0, len(s.order))
	for _, id := range s.order {
		pools = append(pools, s.pools[id])
	}
	s.mu.RUnlock()
	for _, p := range pools {
		sp := statePool{ID: p.id, ARN: p.arn, Created: p.created, Modified: p.modified, Config: p.cfg}
		if m := p.mfa.Load(); m != nil {
			sp.Config.MfaConfiguration, sp.Config.MfaSMS, sp.Config.MfaTOTP = m.Mode, m.SMS, m.TOTP
		}
		p.mu.RLock()
		for _, c := range p.clients {
			sp.Clients = append(sp.Clients, stateClient{ID: c.id, Secret: c.secret, Created: c.created, Modified: c.modified, Config: c.cfg})
		}
		for _, u := range p.users {
			su := stateUser{Username: u.username, Sub: u.sub, Status: u.status.String(), Disabled: u.disabled,
				Created: u.created, Modified: u.modified, TempExpires: u.tempExpires, SRPSalt: u.srpSalt, SRPVerifier: u.srpVerifier,
				SignUpCode: codeState(u.signUpCode), ResetCode: codeState(u.resetCode), Groups: u.groups,
				MfaSMS: u.mfa.sms, MfaTOTP: u.mfa.totp, MfaPreferred: u.mfa.preferred, TOTPSecret: u.mfa.totpSecret, TOTPPending: u.mfa.totpPending}
			if u.hasPassword {
				su.PasswordSalt, su.PasswordHash = append([]byte(nil), u.pwSalt[:]...), append([]byte(nil), u.pwHash[:]...)
			}
			for _, a := range u.attrs {
				su.Attributes = append(su.Attributes, [2]string{a.name, a.value})
			}
			sp.Users = append(sp.Users, su)
		}
		for _, g := range p.groups {
			sp.Groups = append(sp.Groups, g)
		}
		for _, d := range p.devices {
			sp.Devices = append(sp.Devices, stateDevice{Key: d.key, GroupKey: d.groupKey, Username: d.username, Sub: d.sub,
				Salt: d.salt, Verifier: d.verifier, Name: d.name, Confirmed: d.confirmed, Remembered: d.remembered,
				Created: d.created, Modified: d.modified, LastAuth: d.lastAuth})
		}
		p.mu.RUnlock()
		p.sessMu.Lock()
		for _, t := range p.byOrigin {
			sp.Sessions = append(sp.Sessions, stateSession{OriginJTI: t.originJTI, Username: t.username, Sub: t.sub, ClientID: t.clientID,
				AuthTime: t.authTime, RefreshHash: append([]byte(nil), t.refreshHash[:]...), RefreshExpires: t.refreshExpires, Revoked: t.revoked,
				DeviceKey: t.deviceKey})
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
// server serves requests. On error the state is unchanged.
func (s *Server) LoadState(r io.Reader) error {
	var st stateFile
	dec := json.NewDecoder(io.LimitReader(r, 1<<34))
	if err := dec.Decode(&st); err != nil {
		return fmt.Errorf("mockpool: load state: %w", err)
	}
	if st.Version != stateVersion {
		return fmt.Errorf("mockpool: load state: unsupported version %d", st.Version)
	}
	var key *signingKey
	if len(st.SigningKey) > 0 {
		parsed, err := x509.ParsePKCS8PrivateKey(st.SigningKey)
		if err != nil {
			return fmt.Errorf("mockpool: load state: signing key: %w", err)
		}
		priv, ok := parsed.(*rsa.PrivateKey)
		if !ok {
			return fmt.Errorf("mockpool: load state: signing key is not RSA")
		}
		if key, err = newSigningKey(priv); err != nil {
			return fmt.Errorf("mockpool: load state: %w", err)
		}
	}
	pools := map[string]*pool{}
	clients := map[string]*pool{}
	var order []string
	for _, sp := range st.Pools {
		if sp.ID == "" || pools[sp.ID] != nil {
			return fmt.Errorf("mockpool: load state: bad or duplicate pool id %q", sp.ID)
		}
		p := newPool(sp.ID, sp.Config)
		p.triggers.Store(s.defaultTriggers)
		p.arn, p.created, p.modified = sp.ARN, sp.Created, sp.Modified
		p.issuer = s.issuerFn(s.region, sp.ID)
		for _, sc := range sp.Clients {
			cfg := sc.Config
			c, e := normaliseClient(&cfg)
			if e != nil {
				return fmt.Errorf("mockpool: load state: client %s: %s", sc.ID, e.Message)
			}
			c.id, c.secret, c.created, c.modified = sc.ID, sc.Secret, sc.Created, sc.Modified
			c.cfg.ClientID = sc.ID
			p.clients[c.id] = c
			clients[c.id] = p
		}
		for _, su := range sp.Users {
			u := &user{username: su.Username, sub: su.Sub, status: parseStatus(su.Status), disabled: su.Disabled,
				created: su.Created, modified: su.Modified, tempExpires: su.TempExpires, srpSalt: su.SRPSalt, srpVerifier: su.SRPVerifier,
				signUpCode: codeFromState(su.SignUpCode), resetCode: codeFromState(su.ResetCode), groups: su.Groups,
				mfa: userMFA{sms: su.MfaSMS, totp: su.MfaTOTP, preferred: su.MfaPreferred, totpSecret: su.TOTPSecret, totpPending: su.TOTPPending}}
			if len(su.PasswordSalt) == 16 && len(su.PasswordHash) == 32 {
				copy(u.pwSalt[:], su.PasswordSalt)
				copy(u.pwHash[:], su.PasswordHash)
				u.hasPassword = true
			}
			for _, a := range su.Attributes {
				u.attrs = append(u.attrs, attr{a[0], a[1]})
			}
			if u.username == "" || u.sub == "" {
				return fmt.Errorf("mockpool: load state: user without username or sub in pool %s", sp.ID)
			}
			p.index(u)
		}
		for _, g := range sp.Groups {
			if g != nil && g.Name != "" {
				p.groups[g.Name] = g
			}
		}
		for _, sd := range sp.Devices {
			if sd.Key == "" {
				continue
			}
			p.devices[sd.Key] = &device{key: sd.Key, groupKey: sd.GroupKey, username: sd.Username, sub: sd.Sub, salt: sd.Salt,
				verifier: sd.Verifier, name: sd.Name, confirmed: sd.Confirmed, remembered: sd.Remembered,
				created: sd.Created, modified: sd.Modified, lastAuth: sd.LastAuth}
		}
		for _, ss := range sp.Sessions {
			t := &tokenSession{originJTI: ss.OriginJTI, username: ss.Username, sub: ss.Sub, clientID: ss.ClientID,
				authTime: ss.AuthTime, refreshExpires: ss.RefreshExpires, revoked: ss.Revoked, deviceKey: ss.DeviceKey}
			copy(t.refreshHash[:], ss.RefreshHash)
			p.byOrigin[t.originJTI] = t
			p.byRefresh[t.refreshHash] = t
			p.byUser[t.username] = append(p.byUser[t.username], t)
		}
		pools[p.id] = p
		order = append(order, p.id)
	}
	s.mu.Lock()
	s.pools, s.clients, s.order = pools, clients, order
	if len(st.Secret) > 0 {
		s.secret = append([]byte(nil), st.Secret...)
		s.sim = simulate.New(s.secret)
	}
	s.mu.Unlock()
	if key != nil {
		s.key.Store(key)
	}
	s.outMu.Lock()
	s.outbox = append([]Message(nil), st.Messages...)
	s.outMu.Unlock()
	return nil
}
