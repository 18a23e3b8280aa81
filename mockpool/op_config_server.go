package mockpool

// Resource servers: CreateResourceServer, DescribeResourceServer,
// UpdateResourceServer, DeleteResourceServer, ListResourceServers.
//
// Not acted on: the scopes are stored and echoed, but the mock's token endpoint
// issues no client-credentials tokens, so no access token carries a custom scope;
// an app client's AllowedOAuthScopes are not checked against them.

import (
	"regexp"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

var (
	rsIdentifierPattern = regexp.MustCompile(`^[\x09-\x0D\x20-\x7E]+$`)
	rsNamePattern       = regexp.MustCompile(`^[\w\s+=,.@-]+$`)
	scopeNamePattern    = regexp.MustCompile(`^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+$`)
)

const maxScopes = 100

type resourceServerScope struct {
	ScopeName        string `json:"ScopeName"`
	ScopeDescription string `json:"ScopeDescription"`
}

// resourceServer is a resource server as stored: ResourceServerType.
type resourceServer struct {
	UserPoolId string                `json:"UserPoolId"`
	Identifier string                `json:"Identifier"`
	Name       string                `json:"Name"`
	Scopes     []resourceServerScope `json:"Scopes,omitempty"`
}

type resourceServerInput struct {
	UserPoolId string                `json:"UserPoolId"`
	Identifier string                `json:"Identifier"`
	Name       string                `json:"Name"`
	Scopes     []resourceServerScope `json:"Scopes"`
}

func validIdentifier(v *validator, id string) {
	v.required("identifier", id != "")
	if id != "" {
		v.length("identifier", id, 1, 256, false)
		validPattern(v, "identifier", id, rsIdentifierPattern, `[\x09-\x0D\x20-\x7E]+`)
	}
}

func (in *resourceServerInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	validIdentifier(v, in.Identifier)
	v.required("name", in.Name != "")
	if in.Name != "" {
		v.length("name", in.Name, 1, 256, false)
		validPattern(v, "name", in.Name, rsNamePattern, `[\w\s+=,.@-]+`)
	}
	if len(in.Scopes) > maxScopes {
		v.add("Value at 'scopes' failed to satisfy constraint: Member must have length less than or equal to 100")
	}
	for _, sc := range in.Scopes {
		v.required("scopes.member.scopeName", sc.ScopeName != "")
		if sc.ScopeName != "" {
			v.length("scopes.member.scopeName", sc.ScopeName, 1, 256, false)
			validPattern(v, "scopes.member.scopeName", sc.ScopeName, scopeNamePattern, `[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+`)
		}
		v.required("scopes.member.scopeDescription", sc.ScopeDescription != "")
		if sc.ScopeDescription != "" {
			v.length("scopes.member.scopeDescription", sc.ScopeDescription, 1, 256, false)
		}
	}
}

// checkScopes refuses a scope name given twice.
func checkScopes(scopes []resourceServerScope) *apiError {
	seen := make(map[string]bool, len(scopes))
	for _, sc := range scopes {
		if seen[sc.ScopeName] {
			return invalidParam(cognito.MsgDuplicateScope(echo(sc.ScopeName)))
		}
		seen[sc.ScopeName] = true
	}
	return nil
}

type resourceServerOutput struct {
	ResourceServer resourceServer `json:"ResourceServer"`
}

func (s *Server) opCreateResourceServer(r *request, in *resourceServerInput) (*resourceServerOutput, *apiError) {
	if e := checkScopes(in.Scopes); e != nil {
		return nil, e
	}
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	rs := resourceServer{UserPoolId: p.id, Identifier: in.Identifier, Name: in.Name, Scopes: in.Scopes}
	e = s.configTx(p, func(tx *configTx) *apiError {
		key := cfgKey(cfgServer, rs.Identifier)
		if tx.has(key) {
			return invalidParam(cognito.MsgResourceServerExists(echo(rs.Identifier), p.id))
		}
		return tx.put(key, rs)
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &resourceServerOutput{ResourceServer: rs}, nil
}

type resourceServerKeyInput struct {
	UserPoolId string `json:"UserPoolId"`
	Identifier string `json:"Identifier"`
}

func (in *resourceServerKeyInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	validIdentifier(v, in.Identifier)
}

func (s *Server) opDescribeResourceServer(_ *request, in *resourceServerKeyInput) (*resourceServerOutput, *apiError) {
	rs, e := describeConfig[resourceServer](s, in.UserPoolId, cfgKey(cfgServer, in.Identifier), cognito.MsgResourceServerNotFound)
	if e != nil {
		return nil, e
	}
	return &resourceServerOutput{ResourceServer: rs}, nil
}

func (s *Server) opUpdateResourceServer(r *request, in *resourceServerInput) (*resourceServerOutput, *apiError) {
	if e := checkScopes(in.Scopes); e != nil {
		return nil, e
	}
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	rs := resourceServer{UserPoolId: p.id, Identifier: in.Identifier, Name: in.Name, Scopes: in.Scopes}
	e = s.configTx(p, func(tx *configTx) *apiError {
		key := cfgKey(cfgServer, rs.Identifier)
		if !tx.has(key) {
			return notFound(cognito.MsgResourceServerNotFound)
		}
		return tx.put(key, rs)
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &resourceServerOutput{ResourceServer: rs}, nil
}

func (s *Server) opDeleteResourceServer(r *request, in *resourceServerKeyInput) (*emptyOutput, *apiError) {
	return s.deleteConfig(r, in.UserPoolId, cfgKey(cfgServer, in.Identifier), cognito.MsgResourceServerNotFound)
}

type listPageInput struct {
	UserPoolId string `json:"UserPoolId"`
	MaxResults int32  `json:"MaxResults"`
	NextToken  string `json:"NextToken"`
}

type listResourceServersInput listPageInput

func (in *listResourceServersInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	validMaxResults(v, "maxResults", in.MaxResults, 50)
}

type listResourceServersOutput struct {
	ResourceServers []resourceServer `json:"ResourceServers"`
	NextToken       string           `json:"NextToken,omitempty"`
}

func (s *Server) opListResourceServers(_ *request, in *listResourceServersInput) (*listResourceServersOutput, *apiError) {
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	all := configList[resourceServer](s, p, cfgServer)
	page, next, e := paginate(all, in.MaxResults, 50, in.NextToken)
	if e != nil {
		return nil, e
	}
	if page == nil {
		page = []resourceServer{}
	}
	return &listResourceServersOutput{ResourceServers: page, NextToken: next}, nil
}
