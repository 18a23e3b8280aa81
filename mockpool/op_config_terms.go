package mockpool

// Terms documents (terms of use, privacy policy) of an app client: CreateTerms,
// DescribeTerms, UpdateTerms, DeleteTerms, ListTerms.
//
// Not acted on: no managed login page shows the links, and Enforcement (NONE,
// the only value) changes nothing at sign-up.

import (
	"regexp"
	"sort"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

var (
	termsNamePattern = regexp.MustCompile(`^(terms-of-use|privacy-policy)`)
	termsLinkKey     = regexp.MustCompile(`^cognito:(default|english|french|spanish|german|bahasa-indonesia|italian|japanese|korean|portuguese-brazil|chinese-(simplified|traditional))$`)
)

// termsKind is the document type a TermsName begins with. An app client has at
// most one document of each kind (inferred from the API reference: "Provide URLs
// for both terms-of-use and privacy-policy in separate requests").
func termsKind(name string) string { return termsNamePattern.FindString(name) }

// terms is TermsType as stored.
type terms struct {
	TermsId     string            `json:"TermsId"`
	UserPoolId  string            `json:"UserPoolId"`
	ClientId    string            `json:"ClientId"`
	TermsName   string            `json:"TermsName"`
	TermsSource string            `json:"TermsSource"`
	Enforcement string            `json:"Enforcement"`
	Links       map[string]string `json:"Links,omitempty"`
	Created     int64             `json:"created"`
	Modified    int64             `json:"modified"`
}

type termsType struct {
	TermsId          string            `json:"TermsId"`
	UserPoolId       string            `json:"UserPoolId"`
	ClientId         string            `json:"ClientId"`
	TermsName        string            `json:"TermsName"`
	TermsSource      string            `json:"TermsSource"`
	Enforcement      string            `json:"Enforcement"`
	Links            map[string]string `json:"Links"`
	CreationDate     float64           `json:"CreationDate"`
	LastModifiedDate float64           `json:"LastModifiedDate"`
}

func (t *terms) wire() termsType {
	links := t.Links
	if links == nil {
		links = map[string]string{}
	}
	return termsType{
		TermsId: t.TermsId, UserPoolId: t.UserPoolId, ClientId: t.ClientId, TermsName: t.TermsName,
		TermsSource: t.TermsSource, Enforcement: t.Enforcement, Links: links,
		CreationDate: epoch(t.Created), LastModifiedDate: epoch(t.Modified),
	}
}

type termsOutput struct {
	Terms termsType `json:"Terms"`
}

type termsInput struct {
	UserPoolId  string            `json:"UserPoolId"`
	ClientId    string            `json:"ClientId"`
	TermsId     string            `json:"TermsId"`
	TermsName   string            `json:"TermsName"`
	TermsSource string            `json:"TermsSource"`
	Enforcement string            `json:"Enforcement"`
	Links       map[string]string `json:"Links"`
}

func (in *termsInput) validateFields(v *validator) {
	if in.TermsName != "" {
		v.length("termsName", in.TermsName, 1, 30, false) // inferred bound
		validPattern(v, "termsName", in.TermsName, termsNamePattern, `^(terms-of-use|privacy-policy)[\s\S]*$`)
	}
	if in.TermsSource != "" {
		v.enum("termsSource", in.TermsSource, []string{"LINK"})
	}
	if in.Enforcement != "" {
		v.enum("enforcement", in.Enforcement, []string{"NONE"})
	}
	keys := make([]string, 0, len(in.Links))
	for k := range in.Links {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		validPattern(v, "links.key", k, termsLinkKey, `^cognito:(default|english|french|spanish|german|bahasa-indonesia|italian|japanese|korean|portuguese-brazil|chinese-(simplified|traditional))$`)
		v.length("links.value", in.Links[k], 1, 1024, false)
	}
}

type createTermsInput termsInput

func (in *createTermsInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	validClientID(v, in.ClientId)
	v.required("termsName", in.TermsName != "")
	v.required("termsSource", in.TermsSource != "")
	v.required("enforcement", in.Enforcement != "")
	(*termsInput)(in).validateFields(v)
}

func (s *Server) opCreateTerms(r *request, in *createTermsInput) (*termsOutput, *apiError) {
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	if e := s.cfgClient(p, in.ClientId); e != nil {
		return nil, e
	}
	now := r.now.UnixMilli()
	t := terms{
		TermsId: s.newUUID(), UserPoolId: p.id, ClientId: in.ClientId, TermsName: in.TermsName,
		TermsSource: in.TermsSource, Enforcement: in.Enforcement, Links: in.Links, Created: now, Modified: now,
	}
	e = s.configTx(p, func(tx *configTx) *apiError {
		for _, k := range tx.keys(cfgTerms) {
			var old terms
			if tx.get(k, &old) && old.ClientId == t.ClientId && termsKind(old.TermsName) == termsKind(t.TermsName) {
				return newErr(cognito.CodeTermsExists, cognito.MsgTermsExists(echo(t.TermsName)))
			}
		}
		return tx.put(cfgKey(cfgTerms, t.TermsId), t)
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &termsOutput{Terms: t.wire()}, nil
}

type termsKeyInput struct {
	UserPoolId string `json:"UserPoolId"`
	TermsId    string `json:"TermsId"`
}

func (in *termsKeyInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	v.required("termsId", in.TermsId != "")
}

func (s *Server) opDescribeTerms(_ *request, in *termsKeyInput) (*termsOutput, *apiError) {
	t, e := describeConfig[terms](s, in.UserPoolId, cfgKey(cfgTerms, in.TermsId), cognito.MsgTermsNotFound)
	if e != nil {
		return nil, e
	}
	return &termsOutput{Terms: t.wire()}, nil
}

type updateTermsInput termsInput

func (in *updateTermsInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	v.required("termsId", in.TermsId != "")
	(*termsInput)(in).validateFields(v)
}

func (s *Server) opUpdateTerms(r *request, in *updateTermsInput) (*termsOutput, *apiError) {
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	var t terms
	e = s.configTx(p, func(tx *configTx) *apiError {
		key := cfgKey(cfgTerms, in.TermsId)
		if !tx.get(key, &t) {
			return notFound(cognito.MsgTermsNotFound)
		}
		if in.TermsName != "" && in.TermsName != t.TermsName {
			for _, k := range tx.keys(cfgTerms) {
				var other terms
				if k != key && tx.get(k, &other) && other.ClientId == t.ClientId && termsKind(other.TermsName) == termsKind(in.TermsName) {
					return newErr(cognito.CodeTermsExists, cognito.MsgTermsExists(echo(in.TermsName)))
				}
			}
			t.TermsName = in.TermsName
		}
		if in.TermsSource != "" {
			t.TermsSource = in.TermsSource
		}
		if in.Enforcement != "" {
			t.Enforcement = in.Enforcement
		}
		if in.Links != nil {
			t.Links = in.Links
		}
		t.Modified = r.now.UnixMilli()
		return tx.put(key, t)
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &termsOutput{Terms: t.wire()}, nil
}

func (s *Server) opDeleteTerms(r *request, in *termsKeyInput) (*emptyOutput, *apiError) {
	return s.deleteConfig(r, in.UserPoolId, cfgKey(cfgTerms, in.TermsId), cognito.MsgTermsNotFound)
}

type listTermsInput listPageInput

func (in *listTermsInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	validMaxResults(v, "maxResults", in.MaxResults, 100)
}

type termsDescription struct {
	TermsId          string  `json:"TermsId"`
	TermsName        string  `json:"TermsName"`
	Enforcement      string  `json:"Enforcement"`
	CreationDate     float64 `json:"CreationDate"`
	LastModifiedDate float64 `json:"LastModifiedDate"`
}

type listTermsOutput struct {
	Terms     []termsDescription `json:"Terms"`
	NextToken string             `json:"NextToken,omitempty"`
}

func (s *Server) opListTerms(_ *request, in *listTermsInput) (*listTermsOutput, *apiError) {
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	page, next, e := paginate(configList[terms](s, p, cfgTerms), in.MaxResults, 100, in.NextToken)
	if e != nil {
		return nil, e
	}
	out := &listTermsOutput{Terms: []termsDescription{}, NextToken: next}
	for _, t := range page {
		out.Terms = append(out.Terms, termsDescription{
			TermsId: t.TermsId, TermsName: t.TermsName, Enforcement: t.Enforcement,
			CreationDate: epoch(t.Created), LastModifiedDate: epoch(t.Modified),
		})
	}
	return out, nil
}
