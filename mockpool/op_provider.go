package mockpool

// AdminLinkProviderForUser and AdminDisableProviderForUser: links between a user of
// the pool and an identity of one of its identity providers, kept where Cognito
// shows them, in the user's identities attribute (a JSON list of {userId,
// providerName, providerType, issuer, primary, dateCreated}). No federation is
// performed: nobody signs in through the provider, and no federated user is created.

import (
	"encoding/json"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// maxLinkedIdentities is Cognito's documented maximum of identities linked to a user.
const maxLinkedIdentities = 5

type providerUser struct {
	ProviderName           string `json:"ProviderName"`
	ProviderAttributeName  string `json:"ProviderAttributeName"`
	ProviderAttributeValue string `json:"ProviderAttributeValue"`
}

func (pu *providerUser) check(v *validator, field string) {
	if pu == nil {
		v.required(field, false)
		return
	}
	if pu.ProviderName != "" {
		v.length(field+".providerName", pu.ProviderName, 1, 32, false)
	}
}

// linkedIdentity is one element of the identities attribute.
type linkedIdentity struct {
	UserID       string  `json:"userId"`
	ProviderName string  `json:"providerName"`
	ProviderType string  `json:"providerType"`
	Issuer       *string `json:"issuer"`
	Primary      bool    `json:"primary"`
	DateCreated  int64   `json:"dateCreated"`
}

// identitiesOf parses the user's identities attribute (none when absent or not a list).
func identitiesOf(get func(string) (string, bool)) []linkedIdentity {
	v, ok := get("identities")
	if !ok {
		return nil
	}
	var list []linkedIdentity
	if json.Unmarshal([]byte(v), &list) != nil {
		return nil
	}
	return list
}

func setIdentities(u *user, list []linkedIdentity) {
	if len(list) == 0 {
		u.del("identities")
		return
	}
	b, _ := json.Marshal(list)
	u.set("identities", string(b))
}

func hasIdentity(list []linkedIdentity, provider, id string) int {
	for i, x := range list {
		if x.ProviderName == provider && x.UserID == id {
			return i
		}
	}
	return -1
}

type linkProviderInput struct {
	UserPoolID      string        `json:"UserPoolId"`
	DestinationUser *providerUser `json:"DestinationUser"`
	SourceUser      *providerUser `json:"SourceUser"`
}

func (in *linkProviderInput) validate(v *validator) {
	validPoolID(v, in.UserPoolID)
	in.DestinationUser.check(v, "destinationUser")
	in.SourceUser.check(v, "sourceUser")
}

var socialProviders = []string{"Google", "Facebook", "LoginWithAmazon", "SignInWithApple"}

func (s *Server) opAdminLinkProviderForUser(r *request, in *linkProviderInput) (*empty, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	src, dst := in.SourceUser, in.DestinationUser
	if src.ProviderName == "Cognito" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgLinkSourceCognito)
	}
	idp, ok := configGet[identityProvider](s, p, cfgKey(cfgIdP, src.ProviderName))
	if !ok {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgProviderNotExist(echo(src.ProviderName)))
	}
	if contains(socialProviders, idp.ProviderType) && src.ProviderAttributeName != "Cognito_Subject" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgCognitoSubjectRequired)
	}
	if dst.ProviderName != "Cognito" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgLinkDestinationNotCognito)
	}
	e = s.updateUser(p, byTyped(dst.ProviderAttributeValue), func(u *user) *apiError {
		if u == nil || dst.ProviderAttributeValue == "" {
			return errNoUser()
		}
		linkedTo := func(x *user) bool {
			return hasIdentity(identitiesOf(x.get), src.ProviderName, src.ProviderAttributeValue) >= 0
		}
		if p.otherUserMatches(u, linkedTo) {
			return newErr(cognito.CodeInvalidParameter, cognito.MsgLinkAlreadyLinked)
		}
		list := identitiesOf(u.get)
		if hasIdentity(list, src.ProviderName, src.ProviderAttributeValue) >= 0 {
			return nil // linked already (inferred: Cognito answers success)
		}
		if len(list) >= maxLinkedIdentities {
			return newErr(cognito.CodeLimitExceeded, cognito.MsgLinkLimit)
		}
		list = append(list, linkedIdentity{UserID: src.ProviderAttributeValue, ProviderName: src.ProviderName,
			ProviderType: idp.ProviderType, DateCreated: r.now.UnixMilli()})
		setIdentities(u, list)
		u.modified = r.now.UnixMilli()
		return nil
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &empty{}, nil
}

type disableProviderInput struct {
	UserPoolID string        `json:"UserPoolId"`
	User       *providerUser `json:"User"`
}

func (in *disableProviderInput) validate(v *validator) {
	validPoolID(v, in.UserPoolID)
	in.User.check(v, "user")
}

// opAdminDisableProviderForUser removes the identity from the user it is linked to.
func (s *Server) opAdminDisableProviderForUser(r *request, in *disableProviderInput) (*empty, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	found := false
	s.eachUserUpdate(p, func(u *user) bool {
		list := identitiesOf(u.get)
		i := hasIdentity(list, in.User.ProviderName, in.User.ProviderAttributeValue)
		if i < 0 {
			return false
		}
		found = true
		setIdentities(u, append(list[:i:i], list[i+1:]...))
		u.modified = r.now.UnixMilli()
		return true
	})
	if !found {
		return nil, errNoUser() // inferred: no user has the identity
	}
	s.markChanged(r)
	return &empty{}, nil
}
