package mockpool

// User pool domains: CreateUserPoolDomain, DescribeUserPoolDomain,
// UpdateUserPoolDomain, DeleteUserPoolDomain. A pool has at most one prefix
// domain and one custom domain; names are unique across the server's pools.
//
// Not acted on: no DNS, CloudFront distribution or certificate exists (the
// CloudFront name is made up, the certificate ARN is not checked against ACM);
// the domain is ACTIVE at once (Cognito passes through CREATING); no hosted UI or
// managed login pages are served on it; Routing is stored and echoed only.

import (
	"regexp"
	"strings"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// domainPattern is a prefix domain's (and each label of a custom domain's) form.
var domainPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$`)

// domainReserved are the words a prefix domain may not contain.
var domainReserved = []string{"aws", "amazon", "cognito"}

type customDomainConfig struct {
	CertificateArn string `json:"CertificateArn,omitempty"`
}

// userPoolDomain is a domain as stored: DescribeUserPoolDomain's DomainDescriptionType.
type userPoolDomain struct {
	AWSAccountId           string              `json:"AWSAccountId,omitempty"`
	CloudFrontDistribution string              `json:"CloudFrontDistribution,omitempty"`
	CustomDomainConfig     *customDomainConfig `json:"CustomDomainConfig,omitempty"`
	Domain                 string              `json:"Domain,omitempty"`
	ManagedLoginVersion    *int32              `json:"ManagedLoginVersion,omitempty"`
	Routing                jsonRaw             `json:"Routing,omitempty"`
	S3Bucket               string              `json:"S3Bucket,omitempty"`
	Status                 string              `json:"Status,omitempty"`
	UserPoolId             string              `json:"UserPoolId,omitempty"`
	Version                string              `json:"Version,omitempty"`
}

type createUserPoolDomainInput struct {
	Domain              string              `json:"Domain"`
	UserPoolId          string              `json:"UserPoolId"`
	CustomDomainConfig  *customDomainConfig `json:"CustomDomainConfig"`
	ManagedLoginVersion *int32              `json:"ManagedLoginVersion"`
	Routing             jsonRaw             `json:"Routing"`
}

func validDomainMember(v *validator, d string) {
	v.required("domain", d != "")
	if d != "" {
		v.length("domain", d, 1, 63, false)
	}
}

func (in *createUserPoolDomainInput) validate(v *validator) {
	validDomainMember(v, in.Domain)
	validPoolID(v, in.UserPoolId)
	if in.CustomDomainConfig != nil {
		v.required("customDomainConfig.certificateArn", in.CustomDomainConfig.CertificateArn != "")
	}
}

type createUserPoolDomainOutput struct {
	CloudFrontDomain    string  `json:"CloudFrontDomain,omitempty"`
	ManagedLoginVersion *int32  `json:"ManagedLoginVersion,omitempty"`
	Routing             jsonRaw `json:"Routing,omitempty"`
}

// checkDomainName applies Cognito's rules to a prefix (custom false) or custom domain.
func checkDomainName(d string, custom bool) *apiError {
	if !custom {
		if !domainPattern.MatchString(d) {
			return invalidParam(cognito.MsgDomainInvalid)
		}
		for _, w := range domainReserved {
			if strings.Contains(d, w) {
				return invalidParam(cognito.MsgDomainReservedWord(w))
			}
		}
		return nil
	}
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return invalidParam(cognito.MsgCustomDomainInvalid)
	}
	for _, l := range labels {
		if !domainPattern.MatchString(l) {
			return invalidParam(cognito.MsgDomainInvalid)
		}
	}
	return nil
}

func checkManagedLoginVersion(v *int32) *apiError {
	if v != nil && *v != 1 && *v != 2 {
		return invalidParam(cognito.MsgManagedLoginVersion)
	}
	return nil
}

func (s *Server) opCreateUserPoolDomain(r *request, in *createUserPoolDomainInput) (*createUserPoolDomainOutput, *apiError) {
	custom := in.CustomDomainConfig != nil
	if e := checkDomainName(in.Domain, custom); e != nil {
		return nil, e
	}
	if e := checkManagedLoginVersion(in.ManagedLoginVersion); e != nil {
		return nil, e
	}
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	if s.domainOwner(in.Domain) != nil {
		return nil, invalidParam(cognito.MsgDomainTaken)
	}
	version := int32(1)
	if in.ManagedLoginVersion != nil {
		version = *in.ManagedLoginVersion
	}
	d := userPoolDomain{
		AWSAccountId: accountID(p), Domain: in.Domain, UserPoolId: p.id, Status: "ACTIVE",
		CloudFrontDistribution: s.randString(lowerAlnum, 14) + ".cloudfront.net",
		S3Bucket:               "aws-cognito-prod-" + s.region + "-assets",
		Version:                r.now.UTC().Format("20060102150405"),
		ManagedLoginVersion:    &version, Routing: rawOrNil(in.Routing), CustomDomainConfig: in.CustomDomainConfig,
	}
	e = s.configTx(p, func(tx *configTx) *apiError {
		for _, k := range tx.keys(cfgDomain) {
			var old userPoolDomain
			if tx.get(k, &old) && (old.CustomDomainConfig != nil) == custom {
				return invalidParam(cognito.MsgPoolAlreadyHasDomain)
			}
		}
		return tx.put(cfgKey(cfgDomain, d.Domain), d)
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	out := &createUserPoolDomainOutput{ManagedLoginVersion: d.ManagedLoginVersion, Routing: d.Routing}
	if custom {
		out.CloudFrontDomain = d.CloudFrontDistribution
	}
	return out, nil
}

// accountID is the account part of the pool's ARN.
func accountID(p *pool) string {
	parts := strings.Split(p.arn, ":")
	if len(parts) > 4 {
		return parts[4]
	}
	return ""
}

type describeUserPoolDomainInput struct {
	Domain string `json:"Domain"`
}

func (in *describeUserPoolDomainInput) validate(v *validator) { validDomainMember(v, in.Domain) }

type describeUserPoolDomainOutput struct {
	DomainDescription userPoolDomain `json:"DomainDescription"`
}

// opDescribeUserPoolDomain answers an unknown domain with an empty
// DomainDescription, as Cognito does (no ResourceNotFoundException).
func (s *Server) opDescribeUserPoolDomain(_ *request, in *describeUserPoolDomainInput) (*describeUserPoolDomainOutput, *apiError) {
	out := &describeUserPoolDomainOutput{}
	if p := s.domainOwner(in.Domain); p != nil {
		out.DomainDescription, _ = configGet[userPoolDomain](s, p, cfgKey(cfgDomain, in.Domain))
	}
	return out, nil
}

type updateUserPoolDomainInput createUserPoolDomainInput

func (in *updateUserPoolDomainInput) validate(v *validator) {
	(*createUserPoolDomainInput)(in).validate(v)
}

type updateUserPoolDomainOutput createUserPoolDomainOutput

func (s *Server) opUpdateUserPoolDomain(r *request, in *updateUserPoolDomainInput) (*updateUserPoolDomainOutput, *apiError) {
	if e := checkManagedLoginVersion(in.ManagedLoginVersion); e != nil {
		return nil, e
	}
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	var d userPoolDomain
	e = s.configTx(p, func(tx *configTx) *apiError {
		key := cfgKey(cfgDomain, in.Domain)
		if !tx.get(key, &d) {
			return invalidParam(cognito.MsgNoSuchDomain)
		}
		if in.CustomDomainConfig != nil {
			if d.CustomDomainConfig == nil {
				return invalidParam(cognito.MsgPrefixDomainNoCertificate)
			}
			d.CustomDomainConfig = in.CustomDomainConfig
		}
		if in.ManagedLoginVersion != nil {
			d.ManagedLoginVersion = in.ManagedLoginVersion
		}
		if in.Routing != nil {
			d.Routing = rawOrNil(in.Routing)
		}
		d.Version = r.now.UTC().Format("20060102150405")
		return tx.put(key, d)
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	out := &updateUserPoolDomainOutput{ManagedLoginVersion: d.ManagedLoginVersion, Routing: d.Routing}
	if d.CustomDomainConfig != nil {
		out.CloudFrontDomain = d.CloudFrontDistribution
	}
	return out, nil
}

type deleteUserPoolDomainInput struct {
	Domain     string `json:"Domain"`
	UserPoolId string `json:"UserPoolId"`
}

func (in *deleteUserPoolDomainInput) validate(v *validator) {
	validDomainMember(v, in.Domain)
	validPoolID(v, in.UserPoolId)
}

type emptyOutput struct{}

func (s *Server) opDeleteUserPoolDomain(r *request, in *deleteUserPoolDomainInput) (*emptyOutput, *apiError) {
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, invalidParam(cognito.MsgNoSuchDomain)
	}
	e = s.configTx(p, func(tx *configTx) *apiError {
		key := cfgKey(cfgDomain, in.Domain)
		if !tx.has(key) {
			return invalidParam(cognito.MsgNoSuchDomain)
		}
		tx.remove(key)
		return nil
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &emptyOutput{}, nil
}
