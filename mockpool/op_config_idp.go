package mockpool

// Identity providers: CreateIdentityProvider, DescribeIdentityProvider,
// UpdateIdentityProvider, DeleteIdentityProvider, ListIdentityProviders,
// GetIdentityProviderByIdentifier.
//
// Not acted on: no federation is performed. The mock never fetches a SAML
// metadata URL or an OIDC discovery document, never redirects to an IdP, and
// never creates a federated user; a SAML provider's Describe answer lacks the
// values Cognito derives from the metadata (ActiveEncryptionCertificate,
// SSORedirectBindingURI, ...). The social providers' derived endpoints are the
// documented fixed ones. AttributeMapping is stored and echoed only.

import (
	"regexp"
	"sort"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

var (
	idpTypes           = []string{"SAML", "Facebook", "Google", "LoginWithAmazon", "SignInWithApple", "OIDC"}
	idpNamePattern     = regexp.MustCompile(`^[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+$`)
	idpIdentPattern    = regexp.MustCompile(`^[\w\s+=.@-]+$`)
	idpSocial          = map[string]bool{"Facebook": true, "Google": true, "LoginWithAmazon": true, "SignInWithApple": true}
	idpRequiredDetails = map[string][]string{
		"Google":          {"client_id", "client_secret", "authorize_scopes"},
		"Facebook":        {"client_id", "client_secret", "authorize_scopes"},
		"LoginWithAmazon": {"client_id", "client_secret", "authorize_scopes"},
		"SignInWithApple": {"client_id", "team_id", "key_id", "private_key", "authorize_scopes"},
		"OIDC":            {"client_id", "authorize_scopes", "oidc_issuer"},
	}
)

// identityProvider is an IdP as stored.
type identityProvider struct {
	UserPoolId       string            `json:"UserPoolId"`
	ProviderName     string            `json:"ProviderName"`
	ProviderType     string            `json:"ProviderType"`
	ProviderDetails  map[string]string `json:"ProviderDetails"`
	AttributeMapping map[string]string `json:"AttributeMapping,omitempty"`
	IdpIdentifiers   []string          `json:"IdpIdentifiers,omitempty"`
	Created          int64             `json:"created"`
	Modified         int64             `json:"modified"`
}

// identityProviderType is IdentityProviderType on the wire.
type identityProviderType struct {
	UserPoolId       string            `json:"UserPoolId"`
	ProviderName     string            `json:"ProviderName"`
	ProviderType     string            `json:"ProviderType"`
	ProviderDetails  map[string]string `json:"ProviderDetails"`
	AttributeMapping map[string]string `json:"AttributeMapping,omitempty"`
	IdpIdentifiers   []string          `json:"IdpIdentifiers,omitempty"`
	CreationDate     float64           `json:"CreationDate"`
	LastModifiedDate float64           `json:"LastModifiedDate"`
}

func (p *identityProvider) wire() identityProviderType {
	details := make(map[string]string, len(p.ProviderDetails)+8)
	for k, v := range p.ProviderDetails {
		if k != "private_key" { // Apple's key is write-only
			details[k] = v
		}
	}
	for k, v := range derivedDetails(p.ProviderType, p.ProviderDetails) {
		if _, ok := details[k]; !ok {
			details[k] = v
		}
	}
	return identityProviderType{
		UserPoolId: p.UserPoolId, ProviderName: p.ProviderName, ProviderType: p.ProviderType,
		ProviderDetails: details, AttributeMapping: p.AttributeMapping, IdpIdentifiers: p.IdpIdentifiers,
		CreationDate: epoch(p.Created), LastModifiedDate: epoch(p.Modified),
	}
}

// derivedDetails are the ProviderDetails Cognito adds to a Describe answer (the
// API reference's "Describe response" examples).
func derivedDetails(typ string, d map[string]string) map[string]string {
	switch typ {
	case "Google":
		return map[string]string{
			"attributes_url": "https://people.googleapis.com/v1/people/me?personFields=", "attributes_url_add_attributes": "true",
			"authorize_url": "https://accounts.google.com/o/oauth2/v2/auth", "oidc_issuer": "https://accounts.google.com",
			"token_request_method": "POST", "token_url": "https://www.googleapis.com/oauth2/v4/token",
		}
	case "Facebook":
		v := d["api_version"]
		if v == "" {
			v = "v17.0"
		}
		return map[string]string{
			"api_version": v, "attributes_url": "https://graph.facebook.com/" + v + "/me?fields=", "attributes_url_add_attributes": "true",
			"authorize_url": "https://www.facebook.com/" + v + "/dialog/oauth", "token_request_method": "GET",
			"token_url": "https://graph.facebook.com/" + v + "/oauth/access_token",
		}
	case "LoginWithAmazon":
		return map[string]string{
			"attributes_url": "https://api.amazon.com/user/profile", "attributes_url_add_attributes": "false",
			"authorize_url": "https://www.amazon.com/ap/oa", "token_request_method": "POST", "token_url": "https://api.amazon.com/auth/o2/token",
		}
	case "SignInWithApple":
		return map[string]string{
			"attributes_url_add_attributes": "false", "authorize_url": "https://appleid.apple.com/auth/authorize",
			"oidc_issuer": "https://appleid.apple.com", "token_request_method": "POST", "token_url": "https://appleid.apple.com/auth/token",
		}
	case "OIDC":
		return map[string]string{"attributes_url_add_attributes": "false", "attributes_request_method": "GET"}
	}
	return nil
}

type identityProviderOutput struct {
	IdentityProvider identityProviderType `json:"IdentityProvider"`
}

type createIdentityProviderInput struct {
	UserPoolId       string            `json:"UserPoolId"`
	ProviderName     string            `json:"ProviderName"`
	ProviderType     string            `json:"ProviderType"`
	ProviderDetails  map[string]string `json:"ProviderDetails"`
	AttributeMapping map[string]string `json:"AttributeMapping"`
	IdpIdentifiers   []string          `json:"IdpIdentifiers"`
}

func validProviderName(v *validator, name string) {
	v.required("providerName", name != "")
	if name != "" {
		v.length("providerName", name, 1, 32, false)
	}
}

func validIdpIdentifiers(v *validator, ids []string) {
	if len(ids) > 50 {
		v.add("Value at 'idpIdentifiers' failed to satisfy constraint: Member must have length less than or equal to 50")
	}
	for _, id := range ids {
		v.length("idpIdentifiers.member", id, 1, 40, false)
		validPattern(v, "idpIdentifiers.member", id, idpIdentPattern, `[\w\s+=.@-]+`)
	}
}

func (in *createIdentityProviderInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	validProviderName(v, in.ProviderName)
	if in.ProviderName != "" {
		validPattern(v, "providerName", in.ProviderName, idpNamePattern, `[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+`)
	}
	v.required("providerType", in.ProviderType != "")
	if in.ProviderType != "" {
		v.enum("providerType", in.ProviderType, idpTypes)
	}
	v.required("providerDetails", in.ProviderDetails != nil)
	validIdpIdentifiers(v, in.IdpIdentifiers)
}

// checkProviderDetails requires the keys each provider type needs.
func checkProviderDetails(typ string, d map[string]string) *apiError {
	if typ == "SAML" {
		if d["MetadataURL"] == "" && d["MetadataFile"] == "" {
			return invalidParam(cognito.MsgProviderDetailMissing("MetadataURL or MetadataFile"))
		}
		return nil
	}
	for _, k := range idpRequiredDetails[typ] {
		if d[k] == "" {
			return invalidParam(cognito.MsgProviderDetailMissing(k))
		}
	}
	if m, ok := d["attributes_request_method"]; ok && typ == "OIDC" && m != "GET" && m != "POST" {
		return invalidParam(cognito.MsgProviderDetailMissing("attributes_request_method"))
	}
	return nil
}

// checkIdentifiers refuses an identifier that another provider of the pool has
// (the caller holds the configuration lock).
func checkIdentifiers(tx *configTx, name string, ids []string) *apiError {
	for _, k := range tx.keys(cfgIdP) {
		var other identityProvider
		if !tx.get(k, &other) || other.ProviderName == name {
			continue
		}
		for _, id := range ids {
			if contains(other.IdpIdentifiers, id) {
				return invalidParam(cognito.MsgDuplicateIdpIdentifier(echo(id)))
			}
		}
	}
	return nil
}

func (s *Server) opCreateIdentityProvider(r *request, in *createIdentityProviderInput) (*identityProviderOutput, *apiError) {
	if in.ProviderName == "Cognito" || in.ProviderName == "COGNITO" {
		return nil, invalidParam(cognito.MsgProviderNameReserved)
	}
	if idpSocial[in.ProviderType] && in.ProviderName != in.ProviderType {
		return nil, invalidParam(cognito.MsgProviderNameMustBeType(in.ProviderType))
	}
	if e := checkProviderDetails(in.ProviderType, in.ProviderDetails); e != nil {
		return nil, e
	}
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	now := r.now.UnixMilli()
	idp := identityProvider{
		UserPoolId: p.id, ProviderName: in.ProviderName, ProviderType: in.ProviderType, ProviderDetails: in.ProviderDetails,
		AttributeMapping: in.AttributeMapping, IdpIdentifiers: in.IdpIdentifiers, Created: now, Modified: now,
	}
	e = s.configTx(p, func(tx *configTx) *apiError {
		key := cfgKey(cfgIdP, idp.ProviderName)
		if tx.has(key) {
			return newErr(cognito.CodeDuplicateProvider, cognito.MsgProviderExists(echo(idp.ProviderName), p.id))
		}
		if e := checkIdentifiers(tx, idp.ProviderName, idp.IdpIdentifiers); e != nil {
			return e
		}
		return tx.put(key, idp)
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &identityProviderOutput{IdentityProvider: idp.wire()}, nil
}

type identityProviderKeyInput struct {
	UserPoolId   string `json:"UserPoolId"`
	ProviderName string `json:"ProviderName"`
}

func (in *identityProviderKeyInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	validProviderName(v, in.ProviderName)
}

func (s *Server) opDescribeIdentityProvider(_ *request, in *identityProviderKeyInput) (*identityProviderOutput, *apiError) {
	idp, e := describeConfig[identityProvider](s, in.UserPoolId, cfgKey(cfgIdP, in.ProviderName), cognito.MsgIdentityProviderNotFound)
	if e != nil {
		return nil, e
	}
	return &identityProviderOutput{IdentityProvider: idp.wire()}, nil
}

type updateIdentityProviderInput struct {
	UserPoolId       string            `json:"UserPoolId"`
	ProviderName     string            `json:"ProviderName"`
	ProviderDetails  map[string]string `json:"ProviderDetails"`
	AttributeMapping map[string]string `json:"AttributeMapping"`
	IdpIdentifiers   []string          `json:"IdpIdentifiers"`
}

func (in *updateIdentityProviderInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	validProviderName(v, in.ProviderName)
	validIdpIdentifiers(v, in.IdpIdentifiers)
}

// opUpdateIdentityProvider merges ProviderDetails and AttributeMapping into the
// stored ones (inferred: Cognito documents the members as updates, not
// replacements) and replaces IdpIdentifiers when given.
func (s *Server) opUpdateIdentityProvider(r *request, in *updateIdentityProviderInput) (*identityProviderOutput, *apiError) {
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	var idp identityProvider
	e = s.configTx(p, func(tx *configTx) *apiError {
		key := cfgKey(cfgIdP, in.ProviderName)
		if !tx.get(key, &idp) {
			return notFound(cognito.MsgIdentityProviderNotFound)
		}
		if in.ProviderDetails != nil {
			merged := map[string]string{}
			for k, v := range idp.ProviderDetails {
				merged[k] = v
			}
			for k, v := range in.ProviderDetails {
				merged[k] = v
			}
			if e := checkProviderDetails(idp.ProviderType, merged); e != nil {
				return e
			}
			idp.ProviderDetails = merged
		}
		if in.AttributeMapping != nil {
			if idp.AttributeMapping == nil {
				idp.AttributeMapping = map[string]string{}
			}
			for k, v := range in.AttributeMapping {
				idp.AttributeMapping[k] = v
			}
		}
		if in.IdpIdentifiers != nil {
			if e := checkIdentifiers(tx, idp.ProviderName, in.IdpIdentifiers); e != nil {
				return e
			}
			idp.IdpIdentifiers = in.IdpIdentifiers
		}
		idp.Modified = r.now.UnixMilli()
		return tx.put(key, idp)
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &identityProviderOutput{IdentityProvider: idp.wire()}, nil
}

func (s *Server) opDeleteIdentityProvider(r *request, in *identityProviderKeyInput) (*emptyOutput, *apiError) {
	return s.deleteConfig(r, in.UserPoolId, cfgKey(cfgIdP, in.ProviderName), cognito.MsgIdentityProviderNotFound)
}

type listIdentityProvidersInput listPageInput

func (in *listIdentityProvidersInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	validMaxResults(v, "maxResults", in.MaxResults, 60)
}

type providerDescription struct {
	ProviderName     string  `json:"ProviderName"`
	ProviderType     string  `json:"ProviderType"`
	CreationDate     float64 `json:"CreationDate"`
	LastModifiedDate float64 `json:"LastModifiedDate"`
}

type listIdentityProvidersOutput struct {
	Providers []providerDescription `json:"Providers"`
	NextToken string                `json:"NextToken,omitempty"`
}

func (s *Server) opListIdentityProviders(_ *request, in *listIdentityProvidersInput) (*listIdentityProvidersOutput, *apiError) {
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	all := configList[identityProvider](s, p, cfgIdP)
	sort.SliceStable(all, func(i, j int) bool { return all[i].ProviderName < all[j].ProviderName })
	page, next, e := paginate(all, in.MaxResults, 60, in.NextToken)
	if e != nil {
		return nil, e
	}
	out := &listIdentityProvidersOutput{Providers: []providerDescription{}, NextToken: next}
	for _, idp := range page {
		out.Providers = append(out.Providers, providerDescription{
			ProviderName: idp.ProviderName, ProviderType: idp.ProviderType,
			CreationDate: epoch(idp.Created), LastModifiedDate: epoch(idp.Modified),
		})
	}
	return out, nil
}

type getIdentityProviderByIdentifierInput struct {
	UserPoolId    string `json:"UserPoolId"`
	IdpIdentifier string `json:"IdpIdentifier"`
}

func (in *getIdentityProviderByIdentifierInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	v.required("idpIdentifier", in.IdpIdentifier != "")
	if in.IdpIdentifier != "" {
		v.length("idpIdentifier", in.IdpIdentifier, 1, 40, false)
		validPattern(v, "idpIdentifier", in.IdpIdentifier, idpIdentPattern, `[\w\s+=.@-]+`)
	}
}

func (s *Server) opGetIdentityProviderByIdentifier(_ *request, in *getIdentityProviderByIdentifierInput) (*identityProviderOutput, *apiError) {
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	for _, idp := range configList[identityProvider](s, p, cfgIdP) {
		if contains(idp.IdpIdentifiers, in.IdpIdentifier) {
			return &identityProviderOutput{IdentityProvider: idp.wire()}, nil
		}
	}
	return nil, notFound(cognito.MsgIdentifierNotFound)
}
