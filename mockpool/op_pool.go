package mockpool

// Pool and app client operations: CreateUserPool, DescribeUserPool, ListUserPools,
// DeleteUserPool, CreateUserPoolClient, DescribeUserPoolClient, UpdateUserPoolClient,
// DeleteUserPoolClient, ListUserPoolClients.

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"time"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

func init() {
	registerOps(map[string]opHandler{
		cognito.OpCreateUserPool:         (*Server).opCreateUserPool,
		cognito.OpDescribeUserPool:       (*Server).opDescribeUserPool,
		cognito.OpListUserPools:          (*Server).opListUserPools,
		cognito.OpDeleteUserPool:         (*Server).opDeleteUserPool,
		cognito.OpCreateUserPoolClient:   (*Server).opCreateUserPoolClient,
		cognito.OpDescribeUserPoolClient: (*Server).opDescribeUserPoolClient,
		cognito.OpUpdateUserPoolClient:   (*Server).opUpdateUserPoolClient,
		cognito.OpDeleteUserPoolClient:   (*Server).opDeleteUserPoolClient,
		cognito.OpListUserPoolClients:    (*Server).opListUserPoolClients,
	})
}

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

type poolPolicies struct {
	PasswordPolicy *passwordPolicy `json:"PasswordPolicy,omitempty"`
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

// createUserPoolInput is CreateUserPool's request (the members the mock uses or echoes).
type createUserPoolInput struct {
	PoolName               string                 `json:"PoolName"`
	Policies               *poolPolicies          `json:"Policies"`
	LambdaConfig           map[string]any         `json:"LambdaConfig"`
	AutoVerifiedAttributes []string               `json:"AutoVerifiedAttributes"`
	AliasAttributes        []string               `json:"AliasAttributes"`
	UsernameAttributes     []string               `json:"UsernameAttributes"`
	AccountRecoverySetting *accountRecovery       `json:"AccountRecoverySetting"`
	UsernameConfiguration  *usernameConfiguration `json:"UsernameConfiguration"`
	MfaConfiguration       string                 `json:"MfaConfiguration"`
	UserPoolTags           map[string]string      `json:"UserPoolTags"`
	DeletionProtection     string                 `json:"DeletionProtection"`
	DeviceConfiguration    *deviceConfiguration   `json:"DeviceConfiguration"`
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
}

var (
	poolIDPattern   = regexp.MustCompile(`^[\w-]+_[0-9a-zA-Z]+$`)
	clientIDPattern = regexp.MustCompile(`^[\w+]+$`)
)

func checkEnumList(v *validator, field string, values, allowed []string) {
	for _, x := range values {
		if !contains(allowed, x) {
			v.add(fmt.Sprintf("Value '%v' at '%s' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [%s]]", echo(fmt.Sprint(values)), field, joinComma(allowed)))
			return
		}
	}
}

func joinComma(list []string) string {
	out := ""
	for i, s := range list {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}

// validPoolID adds the validation failures of a userPoolId member.
func validPoolID(v *validator, id string) {
	v.required("userPoolId", id != "")
	if id == "" {
		return
	}
	v.length("userPoolId", id, 1, 55, false)
	if !poolIDPattern.MatchString(id) {
		v.add(fmt.Sprintf("Value '%s' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+", echo(id)))
	}
}

func validClientID(v *validator, id string) {
	v.required("clientId", id != "")
	if id == "" {
		return
	}
	v.length("clientId", id, 1, 128, true)
	if !clientIDPattern.MatchString(id) {
		v.add("Value at 'clientId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+]+")
	}
}

func (s *Server) opCreateUserPool(r *request) (any, *apiError) {
	var in createUserPoolInput
	if e := decode(r.body, &in); e != nil {
		return nil, e
	}
	var v validator
	v.required("poolName", in.PoolName != "")
	if in.PoolName != "" {
		v.length("poolName", in.PoolName, 1, 128, false)
	}
	checkEnumList(&v, "aliasAttributes", in.AliasAttributes, []string{"phone_number", "email", "preferred_username"})
	checkEnumList(&v, "usernameAttributes", in.UsernameAttributes, []string{"phone_number", "email"})
	checkEnumList(&v, "autoVerifiedAttributes", in.AutoVerifiedAttributes, []string{"phone_number", "email"})
	if in.MfaConfiguration != "" {
		v.enum("mfaConfiguration", in.MfaConfiguration, []string{"OFF", "ON", "OPTIONAL"})
	}
	if in.Policies != nil && in.Policies.PasswordPolicy != nil && in.Policies.PasswordPolicy.MinimumLength != nil {
		if n := *in.Policies.PasswordPolicy.MinimumLength; n < 6 || n > 99 {
			v.add(fmt.Sprintf("Value '%d' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value %s", n,
				map[bool]string{true: "greater than or equal to 6", false: "less than or equal to 99"}[n < 6]))
		}
	}
	if e := v.err(); e != nil {
		return nil, e
	}
	if len(in.AliasAttributes) > 0 && len(in.UsernameAttributes) > 0 {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgAliasAndUsernameAttributes)
	}
	if rs := in.AccountRecoverySetting; rs != nil {
		for _, m := range rs.RecoveryMechanisms {
			if !contains([]string{"verified_email", "verified_phone_number", "admin_only"}, m.Name) {
				return nil, newErr(cognito.CodeInvalidParameter, fmt.Sprintf("1 validation error detected: Value '%s' at 'accountRecoverySetting.recoveryMechanisms.member.name' failed to satisfy constraint: Member must satisfy enum value set: [verified_email, verified_phone_number, admin_only]", echo(m.Name)))
			}
		}
	}
	cfg := poolConfig{
		Name: in.PoolName, LambdaConfig: in.LambdaConfig, AutoVerifiedAttributes: in.AutoVerifiedAttributes,
		AliasAttributes: in.AliasAttributes, UsernameAttributes: in.UsernameAttributes,
		AccountRecoverySetting: in.AccountRecoverySetting, CaseSensitive: true, MfaConfiguration: in.MfaConfiguration,
		Tags: in.UserPoolTags, DeletionProtection: in.DeletionProtection, DeviceConfiguration: in.DeviceConfiguration,
	}
	if cfg.MfaConfiguration == "" {
		cfg.MfaConfiguration = "OFF"
	}
	cfg.MfaSMS = cfg.MfaConfiguration != "OFF" // CreateUserPool's MFA is SMS MFA
	if cfg.DeletionProtection == "" {
		cfg.DeletionProtection = "INACTIVE"
	}
	if in.UsernameConfiguration != nil && in.UsernameConfiguration.CaseSensitive != nil {
		cfg.CaseSensitive = *in.UsernameConfiguration.CaseSensitive
	}
	if in.Policies != nil && in.Policies.PasswordPolicy != nil {
		cfg.Policy = *in.Policies.PasswordPolicy
	} else {
		cfg.Policy = passwordPolicy{RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true}
	}
	if cfg.Policy.MinimumLength == nil {
		n := int32(8)
		cfg.Policy.MinimumLength = &n
	}
	if cfg.Policy.TemporaryPasswordValidityDays == nil {
		n := int32(7)
		cfg.Policy.TemporaryPasswordValidityDays = &n
	}
	p := s.addPool(cfg, r.now)
	s.markChanged(r)
	return map[string]any{"UserPool": s.describePool(p)}, nil
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
	return p
}

func epoch(ms int64) float64 { return float64(ms) / 1000 }

func (s *Server) describePool(p *pool) map[string]any {
	p.mu.RLock()
	n := len(p.users)
	p.mu.RUnlock()
	c := p.cfg
	out := map[string]any{
		"Id": p.id, "Name": c.Name, "Arn": p.arn,
		"Policies":               map[string]any{"PasswordPolicy": c.Policy},
		"LambdaConfig":           orEmptyMap(c.LambdaConfig),
		"CreationDate":           epoch(p.created),
		"LastModifiedDate":       epoch(p.modified),
		"MfaConfiguration":       p.mfa.Load().Mode,
		"EstimatedNumberOfUsers": n,
		"DeletionProtection":     c.DeletionProtection,
		"UsernameConfiguration":  map[string]any{"CaseSensitive": c.CaseSensitive},
		"AdminCreateUserConfig":  map[string]any{"AllowAdminCreateUserOnly": false, "UnusedAccountValidityDays": *c.Policy.TemporaryPasswordValidityDays},
	}
	if len(c.AutoVerifiedAttributes) > 0 {
		out["AutoVerifiedAttributes"] = c.AutoVerifiedAttributes
	}
	if len(c.AliasAttributes) > 0 {
		out["AliasAttributes"] = c.AliasAttributes
	}
	if len(c.UsernameAttributes) > 0 {
		out["UsernameAttributes"] = c.UsernameAttributes
	}
	if c.AccountRecoverySetting != nil {
		out["AccountRecoverySetting"] = c.AccountRecoverySetting
	}
	if len(c.Tags) > 0 {
		out["UserPoolTags"] = c.Tags
	}
	if c.DeviceConfiguration != nil {
		out["DeviceConfiguration"] = c.DeviceConfiguration
	}
	return out
}

func orEmptyMap(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

type poolIDInput struct {
	UserPoolID string `json:"UserPoolId"`
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

// poolFor validates a userPoolId member and finds the pool.
func (s *Server) poolFor(id string) (*pool, *apiError) {
	var v validator
	validPoolID(&v, id)
	if e := v.err(); e != nil {
		return nil, e
	}
	return s.getPool(id)
}

func (s *Server) opDescribeUserPool(r *request) (any, *apiError) {
	var in poolIDInput
	if e := decode(r.body, &in); e != nil {
		return nil, e
	}
	p, e := s.poolFor(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	return map[string]any{"UserPool": s.describePool(p)}, nil
}

func (s *Server) opListUserPools(r *request) (any, *apiError) {
	var in struct {
		MaxResults *int32 `json:"MaxResults"`
		NextToken  string `json:"NextToken"`
	}
	if e := decode(r.body, &in); e != nil {
		return nil, e
	}
	var v validator
	v.required("maxResults", in.MaxResults != nil)
	if in.MaxResults != nil && (*in.MaxResults < 1 || *in.MaxResults > 60) {
		v.add(fmt.Sprintf("Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value %s", *in.MaxResults,
			map[bool]string{true: "greater than or equal to 1", false: "less than or equal to 60"}[*in.MaxResults < 1]))
	}
	if e := v.err(); e != nil {
		return nil, e
	}
	start := 0
	if in.NextToken != "" {
		n, err := strconv.Atoi(in.NextToken)
		if err != nil || n < 0 {
			return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgInvalidNextToken)
		}
		start = n
	}
	s.mu.RLock()
	ids := append([]string(nil), s.order...)
	s.mu.RUnlock()
	pools := []map[string]any{}
	next := ""
	for i := start; i < len(ids); i++ {
		if len(pools) == int(*in.MaxResults) {
			next = strconv.Itoa(i)
			break
		}
		p, e := s.getPool(ids[i])
		if e != nil {
			continue
		}
		pools = append(pools, map[string]any{"Id": p.id, "Name": p.cfg.Name, "LambdaConfig": orEmptyMap(p.cfg.LambdaConfig),
			"CreationDate": epoch(p.created), "LastModifiedDate": epoch(p.modified)})
	}
	out := map[string]any{"UserPools": pools}
	if next != "" {
		out["NextToken"] = next
	}
	return out, nil
}

func (s *Server) opDeleteUserPool(r *request) (any, *apiError) {
	var in poolIDInput
	if e := decode(r.body, &in); e != nil {
		return nil, e
	}
	p, e := s.poolFor(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	if p.cfg.DeletionProtection == "ACTIVE" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgDeletionProtection)
	}
	s.mu.Lock()
	delete(s.pools, p.id)
	for i, id := range s.order {
		if id == p.id {
			s.order = append(s.order[:i], s.order[i+1:]...)
			break
		}
	}
	p.mu.RLock()
	for id := range p.clients {
		delete(s.clients, id)
	}
	p.mu.RUnlock()
	s.mu.Unlock()
	s.markChanged(r)
	return empty{}, nil
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

// normaliseClient validates a client configuration, fills Cognito's defaults and
// derives the fields the sign-in path reads.
func normaliseClient(c *clientConfig) (*appClient, *apiError) {
	var v validator
	v.required("clientName", c.ClientName != "")
	if c.ClientName != "" {
		v.length("clientName", c.ClientName, 1, 128, false)
	}
	all := append(append([]string(nil), newFlowNames...), legacyFlowNames...)
	checkEnumList(&v, "explicitAuthFlows", c.ExplicitAuthFlows, all)
	if c.PreventUserExistenceErrors != "" {
		v.enum("preventUserExistenceErrors", c.PreventUserExistenceErrors, []string{"LEGACY", "ENABLED"})
	}
	if e := v.err(); e != nil {
		return nil, e
	}
	var hasNew, hasLegacy bool
	for _, f := range c.ExplicitAuthFlows {
		if contains(legacyFlowNames, f) {
			hasLegacy = true
		} else {
			hasNew = true
		}
	}
	if hasNew && hasLegacy {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgLegacyAndNewFlows)
	}
	if c.PreventUserExistenceErrors == "" {
		c.PreventUserExistenceErrors = "LEGACY"
	}
	if c.TokenValidityUnits == nil {
		c.TokenValidityUnits = &tokenValidityUnits{}
	}
	u := c.TokenValidityUnits
	if u.AccessToken == "" {
		u.AccessToken = "minutes"
	}
	if u.IDToken == "" {
		u.IDToken = "minutes"
	}
	if u.RefreshToken == "" {
		u.RefreshToken = "days"
	}
	for _, unit := range []string{u.AccessToken, u.IDToken, u.RefreshToken} {
		v.enum("tokenValidityUnits", unit, []string{"seconds", "minutes", "hours", "days"})
	}
	if e := v.err(); e != nil {
		return nil, e
	}
	def := func(p **int32, unit string, d time.Duration) {
		if *p == nil || **p == 0 {
			n := int32(d / unitDuration(unit, time.Minute))
			*p = &n
		}
	}
	def(&c.AccessTokenValidity, u.AccessToken, time.Hour)
	def(&c.IDTokenValidity, u.IDToken, time.Hour)
	def(&c.RefreshTokenValidity, u.RefreshToken, 30*24*time.Hour)
	if c.EnableTokenRevocation == nil {
		t := true
		c.EnableTokenRevocation = &t
	}
	if c.AuthSessionValidity == nil {
		n := int32(3)
		c.AuthSessionValidity = &n
	}
	a := &appClient{cfg: *c, flows: flowsOf(c.ExplicitAuthFlows), masking: c.PreventUserExistenceErrors == "ENABLED", revocationOn: *c.EnableTokenRevocation}
	a.accessTTL = time.Duration(*c.AccessTokenValidity) * unitDuration(u.AccessToken, time.Minute)
	a.idTTL = time.Duration(*c.IDTokenValidity) * unitDuration(u.IDToken, time.Minute)
	a.refreshTTL = time.Duration(*c.RefreshTokenValidity) * unitDuration(u.RefreshToken, 24*time.Hour)
	a.sessionTTL = time.Duration(*c.AuthSessionValidity) * time.Minute
	if a.accessTTL < 5*time.Minute || a.accessTTL > 24*time.Hour || a.idTTL < 5*time.Minute || a.idTTL > 24*time.Hour ||
		a.refreshTTL < time.Hour || a.refreshTTL > 3650*24*time.Hour {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgTokenValidityRange)
	}
	if *c.AuthSessionValidity < 3 || *c.AuthSessionValidity > 15 {
		return nil, newErr(cognito.CodeInvalidParameter, "1 validation error detected: Value '"+strconv.Itoa(int(*c.AuthSessionValidity))+"' at 'authSessionValidity' failed to satisfy constraint: Member must have value between 3 and 15")
	}
	return a, nil
}

func (s *Server) describeClient(p *pool, c *appClient) map[string]any {
	cfg := c.cfg
	out := map[string]any{
		"UserPoolId": p.id, "ClientName": cfg.ClientName, "ClientId": c.id,
		"CreationDate": epoch(c.created), "LastModifiedDate": epoch(c.modified),
		"RefreshTokenValidity": *cfg.RefreshTokenValidity, "AccessTokenValidity": *cfg.AccessTokenValidity,
		"IdTokenValidity": *cfg.IDTokenValidity, "TokenValidityUnits": cfg.TokenValidityUnits,
		"PreventUserExistenceErrors": cfg.PreventUserExistenceErrors, "EnableTokenRevocation": *cfg.EnableTokenRevocation,
		"AuthSessionValidity": *cfg.AuthSessionValidity, "AllowedOAuthFlowsUserPoolClient": cfg.AllowedOAuthFlowsUserPoolClient,
	}
	if c.secret != "" {
		out["ClientSecret"] = c.secret
	}
	flows := cfg.ExplicitAuthFlows
	if len(flows) == 0 {
		flows = []string{"ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}
	}
	out["ExplicitAuthFlows"] = flows
	for k, v := range map[string][]string{"ReadAttributes": cfg.ReadAttributes, "WriteAttributes": cfg.WriteAttributes,
		"SupportedIdentityProviders": cfg.SupportedIdentityProviders, "CallbackURLs": cfg.CallbackURLs, "LogoutURLs": cfg.LogoutURLs,
		"AllowedOAuthFlows": cfg.AllowedOAuthFlows, "AllowedOAuthScopes": cfg.AllowedOAuthScopes} {
		if len(v) > 0 {
			out[k] = v
		}
	}
	if cfg.DefaultRedirectURI != "" {
		out["DefaultRedirectURI"] = cfg.DefaultRedirectURI
	}
	return out
}

func (s *Server) opCreateUserPoolClient(r *request) (any, *apiError) {
	var in clientConfig
	if e := decode(r.body, &in); e != nil {
		return nil, e
	}
	p, e := s.poolFor(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	in.ClientID = ""
	c, e := normaliseClient(&in)
	if e != nil {
		return nil, e
	}
	c.created, c.modified = r.now.UnixMilli(), r.now.UnixMilli()
	if in.GenerateSecret {
		c.secret = s.randString(lowerAlnum, 51)
	}
	s.mu.Lock()
	for {
		c.id = s.randString(lowerAlnum, 26)
		if s.clients[c.id] == nil {
			break
		}
	}
	c.cfg.ClientID = c.id
	s.clients[c.id] = p
	s.mu.Unlock()
	p.mu.Lock()
	p.clients[c.id] = c
	p.mu.Unlock()
	s.markChanged(r)
	return map[string]any{"UserPoolClient": s.describeClient(p, c)}, nil
}

type clientIDInput struct {
	UserPoolID string `json:"UserPoolId"`
	ClientID   string `json:"ClientId"`
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
	p.mu.RLock()
	c := p.clients[clientID]
	p.mu.RUnlock()
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
		p.mu.RLock()
		c := p.clients[clientID]
		p.mu.RUnlock()
		if c != nil {
			return p, c, nil
		}
	}
	return nil, nil, newErr(cognito.CodeResourceNotFound, cognito.MsgClientNotFound(echo(clientID)))
}

func (s *Server) opDescribeUserPoolClient(r *request) (any, *apiError) {
	var in clientIDInput
	if e := decode(r.body, &in); e != nil {
		return nil, e
	}
	p, c, e := s.poolClient(in.UserPoolID, in.ClientID)
	if e != nil {
		return nil, e
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	return map[string]any{"UserPoolClient": s.describeClient(p, c)}, nil
}

// opUpdateUserPoolClient replaces the client's settings; like Cognito, settings left out
// go back to their defaults.
func (s *Server) opUpdateUserPoolClient(r *request) (any, *apiError) {
	var in clientConfig
	if e := decode(r.body, &in); e != nil {
		return nil, e
	}
	p, old, e := s.poolClient(in.UserPoolID, in.ClientID)
	if e != nil {
		return nil, e
	}
	if in.ClientName == "" {
		in.ClientName = old.cfg.ClientName
	}
	c, e := normaliseClient(&in)
	if e != nil {
		return nil, e
	}
	c.id, c.secret, c.created, c.modified = old.id, old.secret, old.created, r.now.UnixMilli()
	p.mu.Lock()
	p.clients[c.id] = c
	p.mu.Unlock()
	s.markChanged(r)
	return map[string]any{"UserPoolClient": s.describeClient(p, c)}, nil
}

func (s *Server) opDeleteUserPoolClient(r *request) (any, *apiError) {
	var in clientIDInput
	if e := decode(r.body, &in); e != nil {
		return nil, e
	}
	p, c, e := s.poolClient(in.UserPoolID, in.ClientID)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	delete(s.clients, c.id)
	s.mu.Unlock()
	p.mu.Lock()
	delete(p.clients, c.id)
	p.mu.Unlock()
	s.markChanged(r)
	return empty{}, nil
}

func (s *Server) opListUserPoolClients(r *request) (any, *apiError) {
	var in struct {
		UserPoolID string `json:"UserPoolId"`
	}
	if e := decode(r.body, &in); e != nil {
		return nil, e
	}
	p, e := s.poolFor(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	p.mu.RLock()
	list := []map[string]any{}
	for _, c := range p.clients {
		list = append(list, map[string]any{"ClientId": c.id, "UserPoolId": p.id, "ClientName": c.cfg.ClientName})
	}
	p.mu.RUnlock()
	sort.Slice(list, func(i, j int) bool { return list[i]["ClientId"].(string) < list[j]["ClientId"].(string) })
	return map[string]any{"UserPoolClients": list}, nil
}
