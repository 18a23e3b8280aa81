package mockpool

// AddUserPoolClientSecret, ListUserPoolClientSecrets and DeleteUserPoolClientSecret:
// a confidential app client has up to two secrets at a time (for rotation), and a
// SECRET_HASH computed with any of them is accepted (checkSecretHash, op_common.go).
// The last secret cannot be deleted. A secret's value is answered only when Cognito
// generated it, and only by AddUserPoolClientSecret; DescribeUserPoolClient shows the
// oldest remaining one.

import (
	"regexp"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

var clientSecretPattern = regexp.MustCompile(`^[\w+]+$`)

type clientSecretInput struct {
	UserPoolID     string `json:"UserPoolId"`
	ClientID       string `json:"ClientId"`
	ClientSecret   string `json:"ClientSecret"`
	ClientSecretID string `json:"ClientSecretId"`
	NextToken      string `json:"NextToken"`
}

type addClientSecretInput clientSecretInput

func (in *addClientSecretInput) validate(v *validator) {
	validPoolID(v, in.UserPoolID)
	validClientID(v, in.ClientID)
	if in.ClientSecret != "" {
		v.length("clientSecret", in.ClientSecret, 24, 64, true)
		if !clientSecretPattern.MatchString(in.ClientSecret) {
			v.add("Value at 'clientSecret' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+]+")
		}
	}
}

type listClientSecretsInput clientSecretInput

func (in *listClientSecretsInput) validate(v *validator) {
	validPoolID(v, in.UserPoolID)
	validClientID(v, in.ClientID)
}

type deleteClientSecretInput clientSecretInput

func (in *deleteClientSecretInput) validate(v *validator) {
	validPoolID(v, in.UserPoolID)
	validClientID(v, in.ClientID)
	v.required("clientSecretId", in.ClientSecretID != "")
	if in.ClientSecretID != "" {
		v.length("clientSecretId", in.ClientSecretID, 1, 128, false)
	}
}

// clientSecretDescriptor is Cognito's ClientSecretDescriptorType.
type clientSecretDescriptor struct {
	ClientSecretID         string  `json:"ClientSecretId"`
	ClientSecretValue      string  `json:"ClientSecretValue,omitempty"`
	ClientSecretCreateDate float64 `json:"ClientSecretCreateDate"`
}

type addClientSecretOutput struct {
	ClientSecretDescriptor clientSecretDescriptor `json:"ClientSecretDescriptor"`
}

func clientNotFound(id string) *apiError {
	return newErr(cognito.CodeResourceNotFound, cognito.MsgClientNotFound(echo(id)))
}

func (s *Server) opAddUserPoolClientSecret(r *request, in *addClientSecretInput) (*addClientSecretOutput, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	value, generated := in.ClientSecret, in.ClientSecret == ""
	if generated {
		value = s.randString(lowerAlnum, 51)
	}
	var added clientSecret
	_, ok, e := s.updateClient(p, in.ClientID, func(c *appClient) (*appClient, *apiError) {
		list := c.allSecrets()
		if len(list) == 0 {
			return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgClientHasNoSecret)
		}
		if len(list) >= maxClientSecrets {
			return nil, newErr(cognito.CodeLimitExceeded, cognito.MsgClientSecretLimit)
		}
		created := r.now.UnixMilli()
		for _, x := range list {
			if x.Created >= created {
				created = x.Created + 1 // ids stay unique
			}
		}
		added = clientSecret{ID: clientSecretID(c.id, created), Value: value, Created: created}
		return c.withSecrets(append(append([]clientSecret(nil), list...), added)), nil
	})
	if !ok {
		return nil, clientNotFound(in.ClientID)
	}
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	out := &addClientSecretOutput{ClientSecretDescriptor: clientSecretDescriptor{ClientSecretID: added.ID, ClientSecretCreateDate: epoch(added.Created)}}
	if generated {
		out.ClientSecretDescriptor.ClientSecretValue = added.Value
	}
	return out, nil
}

type listClientSecretsOutput struct {
	ClientSecrets []clientSecretDescriptor `json:"ClientSecrets"`
}

func (s *Server) opListUserPoolClientSecrets(r *request, in *listClientSecretsInput) (*listClientSecretsOutput, *apiError) {
	_, c, e := s.poolClient(in.UserPoolID, in.ClientID)
	if e != nil {
		return nil, e
	}
	out := &listClientSecretsOutput{ClientSecrets: []clientSecretDescriptor{}}
	for _, x := range c.allSecrets() {
		out.ClientSecrets = append(out.ClientSecrets, clientSecretDescriptor{ClientSecretID: x.ID, ClientSecretCreateDate: epoch(x.Created)})
	}
	return out, nil
}

func (s *Server) opDeleteUserPoolClientSecret(r *request, in *deleteClientSecretInput) (*empty, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	_, ok, e := s.updateClient(p, in.ClientID, func(c *appClient) (*appClient, *apiError) {
		list := c.allSecrets()
		for i, x := range list {
			if x.ID != in.ClientSecretID {
				continue
			}
			if len(list) == 1 {
				return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgLastClientSecret)
			}
			return c.withSecrets(append(list[:i:i], list[i+1:]...)), nil
		}
		return nil, newErr(cognito.CodeResourceNotFound, cognito.MsgClientSecretNotFound)
	})
	if !ok {
		return nil, clientNotFound(in.ClientID)
	}
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &empty{}, nil
}
