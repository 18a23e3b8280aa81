package mockpool

// Pool and app client operations: CreateUserPool, DescribeUserPool, ListUserPools,
// DeleteUserPool, CreateUserPoolClient, DescribeUserPoolClient, UpdateUserPoolClient,
// DeleteUserPoolClient, ListUserPoolClients.

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/maskedauth/maskedauth/internal/cognito"
	"github.com/maskedauth/maskedauth/internal/schema"
)

type poolPolicies struct {
	PasswordPolicy *passwordPolicy `json:"PasswordPolicy,omitempty"`
	SignInPolicy   *signInPolicy   `json:"SignInPolicy,omitempty"` // op_userauth.go
}

// createUserPoolInput is CreateUserPool's request (the members the mock uses or echoes).
type createUserPoolInput struct {
	PoolName               string                      `json:"PoolName"`
	Policies               *poolPolicies               `json:"Policies"`
	LambdaConfig           map[string]any              `json:"LambdaConfig"`
	AutoVerifiedAttributes []string                    `json:"AutoVerifiedAttributes"`
	AliasAttributes        []string                    `json:"AliasAttributes"`
	UsernameAttributes     []string                    `json:"UsernameAttributes"`
	AccountRecoverySetting *accountRecovery            `json:"AccountRecoverySetting"`
	UsernameConfiguration  *usernameConfiguration      `json:"UsernameConfiguration"`
	MfaConfiguration       string                      `json:"MfaConfiguration"`
	UserPoolTags           map[string]string           `json:"UserPoolTags"`
	DeletionProtection     string                      `json:"DeletionProtection"`
	DeviceConfiguration    *deviceConfiguration        `json:"DeviceConfiguration"`
	AdminCreateUserConfig  *adminCreateUserConfigInput `json:"AdminCreateUserConfig"`
	poolSettings                                       // stored and echoed (store_ops.go)
	Schema                 []schema.Decl               `json:"Schema"`
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

func (in *createUserPoolInput) validate(v *validator) {
	v.required("poolName", in.PoolName != "")
	if in.PoolName != "" {
		v.length("poolName", in.PoolName, 1, 128, false)
	}
	checkEnumList(v, "aliasAttributes", in.AliasAttributes, []string{"phone_number", "email", "preferred_username"})
	checkEnumList(v, "usernameAttributes", in.UsernameAttributes, []string{"phone_number", "email"})
	checkEnumList(v, "autoVerifiedAttributes", in.AutoVerifiedAttributes, []string{"phone_number", "email"})
	if in.MfaConfiguration != "" {
		v.enum("mfaConfiguration", in.MfaConfiguration, []string{"OFF", "ON", "OPTIONAL"})
	}
	if in.Policies != nil {
		in.Policies.SignInPolicy.validate(v)
	}
	in.poolSettings.check(v) // op_pool_update.go
	if in.Policies != nil && in.Policies.PasswordPolicy != nil && in.Policies.PasswordPolicy.MinimumLength != nil {
		if n := *in.Policies.PasswordPolicy.MinimumLength; n < 6 || n > 99 {
			v.add(fmt.Sprintf("Value '%d' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value %s", n,
				map[bool]string{true: "greater than or equal to 6", false: "less than or equal to 99"}[n < 6]))
		}
	}
}

func (s *Server) opCreateUserPool(r *request, in *createUserPoolInput) (*userPoolOutput, *apiError) {
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
	if e := checkUpdateSettings(in.UserAttributeUpdateSettings, in.AutoVerifiedAttributes); e != nil {
		return nil, e
	}
	if _, err := compileSchema(in.Schema, nil); err != nil {
		return nil, schemaError(err)
	}
	cfg := poolConfig{
		Schema: in.Schema, Name: in.PoolName, LambdaConfig: in.LambdaConfig, AutoVerifiedAttributes: in.AutoVerifiedAttributes,
		AliasAttributes: in.AliasAttributes, UsernameAttributes: in.UsernameAttributes,
		AccountRecoverySetting: in.AccountRecoverySetting, CaseSensitive: true, MfaConfiguration: in.MfaConfiguration,
		Tags: in.UserPoolTags, DeletionProtection: in.DeletionProtection, DeviceConfiguration: in.DeviceConfiguration,
	}
	cfg.poolSettings, cfg.AdminCreateUser = poolSettingsDefaults(in.poolSettings, ""), in.AdminCreateUserConfig.stored()
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
	if in.Policies != nil {
		cfg.SignInPolicy = in.Policies.SignInPolicy.stored()
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
	return &userPoolOutput{UserPool: s.describePool(p)}, nil
}

func epoch(ms int64) float64 { return float64(ms) / 1000 }

// userPoolType is Cognito's UserPoolType (the members the mock keeps).
type userPoolType struct {
	ID                     string                `json:"Id"`
	Name                   string                `json:"Name"`
	Arn                    string                `json:"Arn"`
	Policies               poolPolicies          `json:"Policies"`
	LambdaConfig           map[string]any        `json:"LambdaConfig"`
	CreationDate           float64               `json:"CreationDate"`
	LastModifiedDate       float64               `json:"LastModifiedDate"`
	MfaConfiguration       string                `json:"MfaConfiguration"`
	EstimatedNumberOfUsers int                   `json:"EstimatedNumberOfUsers"`
	DeletionProtection     string                `json:"DeletionProtection"`
	UsernameConfiguration  usernameConfigOutput  `json:"UsernameConfiguration"`
	AdminCreateUserConfig  adminCreateUserConfig `json:"AdminCreateUserConfig"`
	AutoVerifiedAttributes []string              `json:"AutoVerifiedAttributes,omitempty"`
	AliasAttributes        []string              `json:"AliasAttributes,omitempty"`
	UsernameAttributes     []string              `json:"UsernameAttributes,omitempty"`
	AccountRecoverySetting *accountRecovery      `json:"AccountRecoverySetting,omitempty"`
	UserPoolTags           map[string]string     `json:"UserPoolTags,omitempty"`
	DeviceConfiguration    *deviceConfiguration  `json:"DeviceConfiguration,omitempty"`
	Domain                 string                `json:"Domain,omitempty"`
	CustomDomain           string                `json:"CustomDomain,omitempty"`
	poolSettings                                 // stored and echoed (store_ops.go)
	SchemaAttributes       []schema.Decl         `json:"SchemaAttributes"`
}

type usernameConfigOutput struct {
	CaseSensitive bool `json:"CaseSensitive"`
}

type adminCreateUserConfig struct {
	AllowAdminCreateUserOnly  bool           `json:"AllowAdminCreateUserOnly"`
	UnusedAccountValidityDays int32          `json:"UnusedAccountValidityDays"`
	InviteMessageTemplate     map[string]any `json:"InviteMessageTemplate,omitempty"`
}

type userPoolOutput struct {
	UserPool userPoolType `json:"UserPool"`
}

func (s *Server) describePool(p *pool) userPoolType {
	c := p.cfg()
	pol := c.Policy
	out := userPoolType{
		ID: p.id, Name: c.Name, Arn: p.arn,
		Policies:               poolPolicies{PasswordPolicy: &pol, SignInPolicy: c.SignInPolicy.echo()},
		LambdaConfig:           orEmptyMap(c.LambdaConfig),
		CreationDate:           epoch(p.created),
		LastModifiedDate:       epoch(p.lastModified()),
		MfaConfiguration:       p.mfa.Load().Mode,
		EstimatedNumberOfUsers: p.userCount(),
		DeletionProtection:     c.DeletionProtection,
		UsernameConfiguration:  usernameConfigOutput{CaseSensitive: c.CaseSensitive},
		AdminCreateUserConfig:  adminCreateUserConfig{UnusedAccountValidityDays: *c.Policy.TemporaryPasswordValidityDays},
		AccountRecoverySetting: c.AccountRecoverySetting,
		DeviceConfiguration:    c.DeviceConfiguration,
		SchemaAttributes:       p.attrSchema().Decls(),
		poolSettings:           c.poolSettings,
	}
	if a := c.AdminCreateUser; a != nil {
		out.AdminCreateUserConfig.AllowAdminCreateUserOnly, out.AdminCreateUserConfig.InviteMessageTemplate = a.AllowAdminCreateUserOnly, a.InviteMessageTemplate
	}
	out.UserAttributeUpdateSettings = updateSettingsOut(c.UserAttributeUpdateSettings)
	if len(c.AutoVerifiedAttributes) > 0 {
		out.AutoVerifiedAttributes = c.AutoVerifiedAttributes
	}
	if len(c.AliasAttributes) > 0 {
		out.AliasAttributes = c.AliasAttributes
	}
	if len(c.UsernameAttributes) > 0 {
		out.UsernameAttributes = c.UsernameAttributes
	}
	// Tags and domains live in the pool's configuration resources (store_config.go):
	// TagResource, UntagResource and the domain operations change them.
	out.UserPoolTags = s.configTags(p)
	out.Domain, out.CustomDomain = s.configDomains(p)
	return out
}

func orEmptyMap(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// poolIDInput is the request of operations that name only a pool.
type poolIDInput struct {
	UserPoolID string `json:"UserPoolId"`
}

func (in *poolIDInput) validate(v *validator) { validPoolID(v, in.UserPoolID) }

// poolFor validates a userPoolId member and finds the pool.
func (s *Server) poolFor(id string) (*pool, *apiError) {
	var v validator
	validPoolID(&v, id)
	if e := v.err(); e != nil {
		return nil, e
	}
	return s.getPool(id)
}

func (s *Server) opDescribeUserPool(r *request, in *poolIDInput) (*userPoolOutput, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	return &userPoolOutput{UserPool: s.describePool(p)}, nil
}

type listUserPoolsInput struct {
	MaxResults *int32 `json:"MaxResults"`
	NextToken  string `json:"NextToken"`
}

func (in *listUserPoolsInput) validate(v *validator) {
	v.required("maxResults", in.MaxResults != nil)
	if in.MaxResults != nil && (*in.MaxResults < 1 || *in.MaxResults > 60) {
		v.add(fmt.Sprintf("Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value %s", *in.MaxResults,
			map[bool]string{true: "greater than or equal to 1", false: "less than or equal to 60"}[*in.MaxResults < 1]))
	}
}

// userPoolDescription is Cognito's UserPoolDescriptionType.
type userPoolDescription struct {
	ID               string         `json:"Id"`
	Name             string         `json:"Name"`
	LambdaConfig     map[string]any `json:"LambdaConfig"`
	CreationDate     float64        `json:"CreationDate"`
	LastModifiedDate float64        `json:"LastModifiedDate"`
}

type listUserPoolsOutput struct {
	UserPools []userPoolDescription `json:"UserPools"`
	NextToken string                `json:"NextToken,omitempty"`
}

func (s *Server) opListUserPools(r *request, in *listUserPoolsInput) (*listUserPoolsOutput, *apiError) {
	start := 0
	if in.NextToken != "" {
		n, err := strconv.Atoi(in.NextToken)
		if err != nil || n < 0 {
			return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgInvalidNextToken)
		}
		start = n
	}
	pools := s.poolList()
	out := &listUserPoolsOutput{UserPools: []userPoolDescription{}}
	for i := start; i < len(pools); i++ {
		if len(out.UserPools) == int(*in.MaxResults) {
			out.NextToken = strconv.Itoa(i)
			break
		}
		p := pools[i]
		out.UserPools = append(out.UserPools, userPoolDescription{ID: p.id, Name: p.cfg().Name, LambdaConfig: orEmptyMap(p.cfg().LambdaConfig),
			CreationDate: epoch(p.created), LastModifiedDate: epoch(p.lastModified())})
	}
	return out, nil
}

func (s *Server) opDeleteUserPool(r *request, in *poolIDInput) (*empty, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	if p.cfg().DeletionProtection == "ACTIVE" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgDeletionProtection)
	}
	if prefix, custom := s.configDomains(p); prefix != "" || custom != "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgPoolHasDomain)
	}
	s.deletePool(p)
	s.markChanged(r)
	return &empty{}, nil
}

// normaliseClient validates a client configuration, fills Cognito's defaults and
// derives the fields the sign-in path reads; sch is the pool's schema, updating
// selects UpdateUserPoolClient's texts.
func normaliseClient(c *clientConfig, sch *schema.Schema, updating bool) (*appClient, *apiError) {
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
	validRotation(&v, c.RefreshTokenRotation)
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
	attrs, e := clientPermissions(sch, c, updating)
	if e != nil {
		return nil, e
	}
	a.attrs = attrs
	return a, nil
}

// userPoolClientType is Cognito's UserPoolClientType.
type userPoolClientType struct {
	UserPoolID                      string              `json:"UserPoolId"`
	ClientName                      string              `json:"ClientName"`
	ClientID                        string              `json:"ClientId"`
	ClientSecret                    string              `json:"ClientSecret,omitempty"`
	CreationDate                    float64             `json:"CreationDate"`
	LastModifiedDate                float64             `json:"LastModifiedDate"`
	RefreshTokenValidity            int32               `json:"RefreshTokenValidity"`
	AccessTokenValidity             int32               `json:"AccessTokenValidity"`
	IDTokenValidity                 int32               `json:"IdTokenValidity"`
	TokenValidityUnits              *tokenValidityUnits `json:"TokenValidityUnits"`
	PreventUserExistenceErrors      string              `json:"PreventUserExistenceErrors"`
	EnableTokenRevocation           bool                `json:"EnableTokenRevocation"`
	AuthSessionValidity             int32               `json:"AuthSessionValidity"`
	AllowedOAuthFlowsUserPoolClient bool                `json:"AllowedOAuthFlowsUserPoolClient"`
	ExplicitAuthFlows               []string            `json:"ExplicitAuthFlows"`
	ReadAttributes                  []string            `json:"ReadAttributes,omitempty"`
	WriteAttributes                 []string            `json:"WriteAttributes,omitempty"`
	SupportedIdentityProviders      []string            `json:"SupportedIdentityProviders,omitempty"`
	CallbackURLs                    []string            `json:"CallbackURLs,omitempty"`
	LogoutURLs                      []string            `json:"LogoutURLs,omitempty"`
	AllowedOAuthFlows               []string            `json:"AllowedOAuthFlows,omitempty"`
	AllowedOAuthScopes              []string            `json:"AllowedOAuthScopes,omitempty"`
	DefaultRedirectURI              string              `json:"DefaultRedirectURI,omitempty"`

	// RefreshTokenRotation: op_tokens.go.
	RefreshTokenRotation *refreshTokenRotation `json:"RefreshTokenRotation,omitempty"`
}

type userPoolClientOutput struct {
	UserPoolClient userPoolClientType `json:"UserPoolClient"`
}

func nonEmpty(v []string) []string {
	if len(v) == 0 {
		return nil
	}
	return v
}

func (s *Server) describeClient(p *pool, c *appClient) userPoolClientType {
	cfg := c.cfg
	out := userPoolClientType{
		UserPoolID: p.id, ClientName: cfg.ClientName, ClientID: c.id, ClientSecret: c.secret,
		CreationDate: epoch(c.created), LastModifiedDate: epoch(c.modified),
		RefreshTokenValidity: *cfg.RefreshTokenValidity, AccessTokenValidity: *cfg.AccessTokenValidity,
		IDTokenValidity: *cfg.IDTokenValidity, TokenValidityUnits: cfg.TokenValidityUnits,
		PreventUserExistenceErrors: cfg.PreventUserExistenceErrors, EnableTokenRevocation: *cfg.EnableTokenRevocation,
		AuthSessionValidity: *cfg.AuthSessionValidity, AllowedOAuthFlowsUserPoolClient: cfg.AllowedOAuthFlowsUserPoolClient,
		ExplicitAuthFlows: cfg.ExplicitAuthFlows,
		ReadAttributes:    nonEmpty(cfg.ReadAttributes), WriteAttributes: nonEmpty(cfg.WriteAttributes),
		SupportedIdentityProviders: nonEmpty(cfg.SupportedIdentityProviders), CallbackURLs: nonEmpty(cfg.CallbackURLs),
		LogoutURLs: nonEmpty(cfg.LogoutURLs), AllowedOAuthFlows: nonEmpty(cfg.AllowedOAuthFlows),
		AllowedOAuthScopes: nonEmpty(cfg.AllowedOAuthScopes), DefaultRedirectURI: cfg.DefaultRedirectURI,
		RefreshTokenRotation: cfg.RefreshTokenRotation,
	}
	if len(out.ExplicitAuthFlows) == 0 {
		out.ExplicitAuthFlows = []string{"ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}
	}
	return out
}

func (s *Server) opCreateUserPoolClient(r *request, in *clientConfig) (*userPoolClientOutput, *apiError) {
	p, e := s.poolFor(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	in.ClientID = ""
	c, e := normaliseClient(in, p.attrSchema(), false)
	if e == nil {
		e = refreshFlowRule(c)
	}
	if e != nil {
		return nil, e
	}
	c.created, c.modified = r.now.UnixMilli(), r.now.UnixMilli()
	if in.GenerateSecret {
		c.secret = s.randString(lowerAlnum, 51)
	}
	s.addClient(p, c)
	s.markChanged(r)
	return &userPoolClientOutput{UserPoolClient: s.describeClient(p, c)}, nil
}

type clientIDInput struct {
	UserPoolID string `json:"UserPoolId"`
	ClientID   string `json:"ClientId"`
}

func (s *Server) opDescribeUserPoolClient(r *request, in *clientIDInput) (*userPoolClientOutput, *apiError) {
	p, c, e := s.poolClient(in.UserPoolID, in.ClientID)
	if e != nil {
		return nil, e
	}
	return &userPoolClientOutput{UserPoolClient: s.describeClient(p, c)}, nil
}

// opUpdateUserPoolClient replaces the client's settings; like Cognito, settings left out
// go back to their defaults.
func (s *Server) opUpdateUserPoolClient(r *request, in *clientConfig) (*userPoolClientOutput, *apiError) {
	p, old, e := s.poolClient(in.UserPoolID, in.ClientID)
	if e != nil {
		return nil, e
	}
	if in.ClientName == "" {
		in.ClientName = old.cfg.ClientName
	}
	c, e := normaliseClient(in, p.attrSchema(), true)
	if e == nil {
		e = refreshFlowRule(c)
	}
	if e != nil {
		return nil, e
	}
	c.id, c.secret, c.created, c.modified = old.id, old.secret, old.created, r.now.UnixMilli()
	c.secrets = old.secrets // AddUserPoolClientSecret's (op_client_secret.go)
	s.replaceClient(p, c)
	s.markChanged(r)
	return &userPoolClientOutput{UserPoolClient: s.describeClient(p, c)}, nil
}

func (s *Server) opDeleteUserPoolClient(r *request, in *clientIDInput) (*empty, *apiError) {
	p, c, e := s.poolClient(in.UserPoolID, in.ClientID)
	if e != nil {
		return nil, e
	}
	s.deleteClient(p, c.id)
	s.markChanged(r)
	return &empty{}, nil
}

// userPoolClientDescription is Cognito's UserPoolClientDescription.
type userPoolClientDescription struct {
	ClientID   string `json:"ClientId"`
	UserPoolID string `json:"UserPoolId"`
	ClientName string `json:"ClientName"`
}

type listUserPoolClientsOutput struct {
	UserPoolClients []userPoolClientDescription `json:"UserPoolClients"`
}

func (s *Server) opListUserPoolClients(r *request, in *poolIDInput) (*listUserPoolClientsOutput, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	out := &listUserPoolClientsOutput{UserPoolClients: []userPoolClientDescription{}}
	for _, c := range p.clientList() {
		out.UserPoolClients = append(out.UserPoolClients, userPoolClientDescription{ClientID: c.id, UserPoolID: p.id, ClientName: c.cfg.ClientName})
	}
	return out, nil
}
