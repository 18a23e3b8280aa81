package mockpool

// The pool store: pools (Server.mu guards the pool and client-id maps) and their app
// clients (pool.mu). Pool settings (pool.cfg) and app clients are never changed in
// place: an update replaces the *appClient, so a client found once may be read without
// a lock. Every change touches the changed records (journal.go).

import (
	"sort"
	"time"

	"github.com/maskedauth/maskedauth/internal/cognito"
	"github.com/maskedauth/maskedauth/internal/schema"
)

type passwordPolicy struct {
	MinimumLength                 *int32 `json:"MinimumLength,omitempty"`
	RequireUppercase              bool   `json:"RequireUppercase"`
	RequireLowercase              bool   `json:"RequireLowercase"`
	RequireNumbers                bool   `json:"RequireNumbers"`
	RequireSymbols                bool   `json:"RequireSymbols"`
	TemporaryPasswordValidityDays *int32 `json:"TemporaryPasswordValidityDays,omitempty"`
	PasswordHistorySize           *int32 `json:"PasswordHistorySize,omitempty"`
}

func (p passwordPolicy) minLength() int32 {
	if p.MinimumLength == nil {
		return 8
	}
	return *p.MinimumLength
}

func (p passwordPolicy) tempValidity() time.Duration {
	days := int32(7)
	if p.TemporaryPasswordValidityDays != nil && *p.TemporaryPasswordValidityDays > 0 {
		days = *p.TemporaryPasswordValidityDays
	}
	return time.Duration(days) * 24 * time.Hour
}

type recoveryOption struct {
	Priority int32  `json:"Priority"`
	Name     string `json:"Name"`
}

type accountRecovery struct {
	RecoveryMechanisms []recoveryOption `json:"RecoveryMechanisms,omitempty"`
}

type usernameConfiguration struct {
	CaseSensitive *bool `json:"CaseSensitive,omitempty"`
}

// poolConfig is a pool's settings as stored (and persisted).
type poolConfig struct {
	Name                   string            `json:"name"`
	Policy                 passwordPolicy    `json:"policy"`
	LambdaConfig           map[string]any    `json:"lambdaConfig,omitempty"`
	AutoVerifiedAttributes []string          `json:"autoVerifiedAttributes,omitempty"`
	AliasAttributes        []string          `json:"aliasAttributes,omitempty"`
	UsernameAttributes     []string          `json:"usernameAttributes,omitempty"`
	AccountRecoverySetting *accountRecovery  `json:"accountRecoverySetting,omitempty"`
	CaseSensitive          bool              `json:"caseSensitive"`
	MfaConfiguration       string            `json:"mfaConfiguration,omitempty"`
	Tags                   map[string]string `json:"tags,omitempty"`
	DeletionProtection     string            `json:"deletionProtection,omitempty"`
	// MfaSMS and MfaTOTP are the MFA methods the pool allows (op_mfa.go); the live
	// values are in pool.mfa (SetUserPoolMfaConfig changes them).
	MfaSMS  bool `json:"mfaSms,omitempty"`
	MfaTOTP bool `json:"mfaTotp,omitempty"`
	// DeviceConfiguration turns device tracking on (op_device.go).
	DeviceConfiguration *deviceConfiguration `json:"deviceConfiguration,omitempty"`
	// Schema is CreateUserPool's Schema and CustomAttributes the custom attributes
	// AddCustomAttributes added since, in order (schema.go); the live schema is in
	// pool.sch (addCustomAttributes changes it).
	Schema           []schema.Decl `json:"schema,omitempty"`
	CustomAttributes []schema.Decl `json:"customAttributes,omitempty"`
	// SignInPolicy is Policies.SignInPolicy (op_userauth.go); nil means PASSWORD only.
	SignInPolicy *signInPolicy `json:"signInPolicy,omitempty"`
	// MfaEmail and WebAuthn are SetUserPoolMfaConfig's EmailMfaConfiguration and
	// WebAuthnConfiguration (op_userauth.go); the live values are in pool.mfa.
	MfaEmail bool            `json:"mfaEmail,omitempty"`
	WebAuthn *webAuthnConfig `json:"webAuthn,omitempty"`
	// Stored and echoed by DescribeUserPool (store_ops.go); UserAttributeUpdateSettings
	// (op_verify.go) comes with them.
	poolSettings
	AdminCreateUser *adminCreateUserSettings `json:"adminCreateUser,omitempty"`
}

// addPool creates a pool with a fresh id.
func (s *Server) addPool(cfg poolConfig, now time.Time) *pool {
	s.mu.Lock()
	defer s.mu.Unlock()
	var id string
	for {
		id = s.region + "_" + s.randString(alnum, 9)
		if s.pools[id] == nil {
			break
		}
	}
	p := newPool(id, cfg)
	p.triggers.Store(s.defaultTriggers)
	p.created, p.modified = now.UnixMilli(), now.UnixMilli()
	p.arn = "arn:aws:cognito-idp:" + s.region + ":123456789012:userpool/" + id
	p.issuer = s.issuerFn(s.region, id)
	s.pools[id] = p
	s.order = append(s.order, id)
	s.touchPool(p)
	s.touchConfig(p)
	return p
}

// getPool returns the pool or Cognito's ResourceNotFoundException.
func (s *Server) getPool(id string) (*pool, *apiError) {
	s.mu.RLock()
	p := s.pools[id]
	s.mu.RUnlock()
	if p == nil {
		return nil, newErr(cognito.CodeResourceNotFound, cognito.MsgUserPoolNotFound(echo(id)))
	}
	return p, nil
}

// Auth flows an app client allows.
type flowSet uint8

const (
	flowUserPassword flowSet = 1 << iota
	flowAdminUserPassword
	flowUserSRP
	flowRefresh
	flowCustom
	flowUserAuth
)

var (
	newFlowNames    = []string{"ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_AUTH"}
	legacyFlowNames = []string{"ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH"}
)

// flowsOf maps ExplicitAuthFlows to a flowSet. With no value Cognito allows SRP, custom
// auth and refresh; with legacy values SRP and refresh stay allowed (unless
// CUSTOM_AUTH_FLOW_ONLY).
func flowsOf(names []string) flowSet {
	if len(names) == 0 {
		return flowUserSRP | flowCustom | flowRefresh
	}
	var f flowSet
	legacy := false
	customOnly := false
	for _, n := range names {
		switch n {
		case "ALLOW_ADMIN_USER_PASSWORD_AUTH":
			f |= flowAdminUserPassword
		case "ALLOW_CUSTOM_AUTH":
			f |= flowCustom
		case "ALLOW_USER_PASSWORD_AUTH":
			f |= flowUserPassword
		case "ALLOW_USER_SRP_AUTH":
			f |= flowUserSRP
		case "ALLOW_REFRESH_TOKEN_AUTH":
			f |= flowRefresh
		case "ALLOW_USER_AUTH":
			f |= flowUserAuth
		case "ADMIN_NO_SRP_AUTH":
			f |= flowAdminUserPassword
			legacy = true
		case "USER_PASSWORD_AUTH":
			f |= flowUserPassword
			legacy = true
		case "CUSTOM_AUTH_FLOW_ONLY":
			f |= flowCustom
			legacy, customOnly = true, true
		}
	}
	if legacy {
		f |= flowRefresh
		if !customOnly {
			f |= flowUserSRP
		}
	}
	return f
}

type tokenValidityUnits struct {
	AccessToken  string `json:"AccessToken,omitempty"`
	IDToken      string `json:"IdToken,omitempty"`
	RefreshToken string `json:"RefreshToken,omitempty"`
}

// clientConfig is CreateUserPoolClient's and UpdateUserPoolClient's request, and the
// stored settings of an app client.
type clientConfig struct {
	UserPoolID                      string              `json:"UserPoolId"`
	ClientID                        string              `json:"ClientId,omitempty"`
	ClientName                      string              `json:"ClientName"`
	GenerateSecret                  bool                `json:"GenerateSecret,omitempty"`
	RefreshTokenValidity            *int32              `json:"RefreshTokenValidity,omitempty"`
	AccessTokenValidity             *int32              `json:"AccessTokenValidity,omitempty"`
	IDTokenValidity                 *int32              `json:"IdTokenValidity,omitempty"`
	TokenValidityUnits              *tokenValidityUnits `json:"TokenValidityUnits,omitempty"`
	ReadAttributes                  []string            `json:"ReadAttributes,omitempty"`
	WriteAttributes                 []string            `json:"WriteAttributes,omitempty"`
	ExplicitAuthFlows               []string            `json:"ExplicitAuthFlows,omitempty"`
	SupportedIdentityProviders      []string            `json:"SupportedIdentityProviders,omitempty"`
	CallbackURLs                    []string            `json:"CallbackURLs,omitempty"`
	LogoutURLs                      []string            `json:"LogoutURLs,omitempty"`
	DefaultRedirectURI              string              `json:"DefaultRedirectURI,omitempty"`
	AllowedOAuthFlows               []string            `json:"AllowedOAuthFlows,omitempty"`
	AllowedOAuthScopes              []string            `json:"AllowedOAuthScopes,omitempty"`
	AllowedOAuthFlowsUserPoolClient bool                `json:"AllowedOAuthFlowsUserPoolClient,omitempty"`
	PreventUserExistenceErrors      string              `json:"PreventUserExistenceErrors,omitempty"`
	EnableTokenRevocation           *bool               `json:"EnableTokenRevocation,omitempty"`
	AuthSessionValidity             *int32              `json:"AuthSessionValidity,omitempty"`

	// RefreshTokenRotation: op_tokens.go.
	RefreshTokenRotation *refreshTokenRotation `json:"RefreshTokenRotation,omitempty"`
}

// appClient is an app client of a pool.
type appClient struct {
	id       string
	secret   string
	created  int64
	modified int64
	cfg      clientConfig

	flows        flowSet
	masking      bool // PreventUserExistenceErrors ENABLED
	accessTTL    time.Duration
	idTTL        time.Duration
	refreshTTL   time.Duration
	sessionTTL   time.Duration
	revocationOn bool
	// attrs is ReadAttributes and WriteAttributes compiled against the pool's
	// schema (never nil: a nil *schema.Client stands for an administrator).
	attrs   *schema.Client
	secrets []clientSecret // set by the secret operations (store_ops.go): see allSecrets
}

func unitDuration(unit string, def time.Duration) time.Duration {
	switch unit {
	case "seconds":
		return time.Second
	case "minutes":
		return time.Minute
	case "hours":
		return time.Hour
	case "days":
		return 24 * time.Hour
	}
	return def
}

// poolClient finds an app client of a given pool (admin-style operations).
func (s *Server) poolClient(poolID, clientID string) (*pool, *appClient, *apiError) {
	var v validator
	validPoolID(&v, poolID)
	validClientID(&v, clientID)
	if e := v.err(); e != nil {
		return nil, nil, e
	}
	p, e := s.getPool(poolID)
	if e != nil {
		return nil, nil, e
	}
	c := p.client(clientID)
	if c == nil {
		return nil, nil, newErr(cognito.CodeResourceNotFound, cognito.MsgClientNotFound(echo(clientID)))
	}
	return p, c, nil
}

// clientByID finds an app client and its pool from the client id alone (public
// operations).
func (s *Server) clientByID(clientID string) (*pool, *appClient, *apiError) {
	var v validator
	validClientID(&v, clientID)
	if e := v.err(); e != nil {
		return nil, nil, e
	}
	s.mu.RLock()
	p := s.clients[clientID]
	s.mu.RUnlock()
	if p != nil {
		if c := p.client(clientID); c != nil {
			return p, c, nil
		}
	}
	return nil, nil, newErr(cognito.CodeResourceNotFound, cognito.MsgClientNotFound(echo(clientID)))
}

// mfaConfig is a pool's MFA configuration (op_mfa.go), kept in pool.mfa.
type mfaConfig struct {
	Mode     string // OFF, ON, OPTIONAL
	SMS      bool
	TOTP     bool
	Email    bool            // EMAIL_OTP as an MFA factor (op_userauth.go)
	WebAuthn *webAuthnConfig // WebAuthnConfiguration (op_userauth.go); nil: the defaults
}

func (s *Server) touchPool(p *pool) { s.touch(recordRef{kind: recPool, pool: p.id}) }

// setMFAConfig replaces the pool's MFA configuration.
func (s *Server) setMFAConfig(p *pool, m mfaConfig) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mfa.Store(&m)
	s.touchPool(p)
}

// addCustomAttributes adds custom attributes to p's schema (AddCustomAttributes):
// the new schema replaces the old under p.mu, so concurrent additions serialise and
// readers see the old schema or the new one. It returns internal/schema's refusal.
func (s *Server) addCustomAttributes(p *pool, custom []schema.Decl) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	old := p.sch.Load()
	n, err := old.s.Add(custom...)
	if err != nil {
		return err
	}
	added := append(append(make([]schema.Decl, 0, len(old.added)+len(custom)), old.added...), custom...)
	p.sch.Store(&poolSchema{s: n, created: old.created, added: added})
	s.touchPool(p)
	return nil
}

// clientAttrs is the attribute permissions of p's app client id (the client an
// access token was issued to), Cognito's defaults once the client is deleted.
// clientAttrsHeld is the same for a caller that holds p.mu.
func (p *pool) clientAttrs(id string) *schema.Client {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.clientAttrsHeld(id)
}

func (p *pool) clientAttrsHeld(id string) *schema.Client {
	if c := p.clients[id]; c != nil {
		return c.attrs
	}
	return new(schema.Client)
}

// poolList returns the pools in creation order.
func (s *Server) poolList() []*pool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]*pool, 0, len(s.order))
	for _, id := range s.order {
		if p := s.pools[id]; p != nil {
			out = append(out, p)
		}
	}
	return out
}

// deletePool removes p and its app clients.
func (s *Server) deletePool(p *pool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pools[p.id] != p {
		return
	}
	delete(s.pools, p.id)
	for i, id := range s.order {
		if id == p.id {
			s.order = append(s.order[:i], s.order[i+1:]...)
			break
		}
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	for id := range p.clients {
		delete(s.clients, id)
		s.touch(recordRef{kind: recClient, pool: p.id, key: id})
	}
	s.touchPool(p)
}

// userCount is the number of users of p.
func (p *pool) userCount() int {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return len(p.users)
}

// addClient gives c a fresh client id and adds it to p.
func (s *Server) addClient(p *pool, c *appClient) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		c.id = s.randString(lowerAlnum, 26)
		if s.clients[c.id] == nil {
			break
		}
	}
	c.cfg.ClientID = c.id
	s.clients[c.id] = p
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clients[c.id] = c
	s.touch(recordRef{kind: recClient, pool: p.id, key: c.id})
}

// replaceClient replaces the app client with c's id by c (UpdateUserPoolClient).
func (s *Server) replaceClient(p *pool, c *appClient) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clients[c.id] = c
	s.touch(recordRef{kind: recClient, pool: p.id, key: c.id})
}

// deleteClient removes the app client id of p.
func (s *Server) deleteClient(p *pool, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.clients, id)
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.clients, id)
	s.touch(recordRef{kind: recClient, pool: p.id, key: id})
}

// client returns the app client id of p, or nil.
func (p *pool) client(id string) *appClient {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.clients[id]
}

// clientList returns p's app clients ordered by id.
func (p *pool) clientList() []*appClient {
	p.mu.RLock()
	list := make([]*appClient, 0, len(p.clients))
	for _, c := range p.clients {
		list = append(list, c)
	}
	p.mu.RUnlock()
	sort.Slice(list, func(i, j int) bool { return list[i].id < list[j].id })
	return list
}
