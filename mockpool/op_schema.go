package mockpool

// AddCustomAttributes: custom attributes added to a pool's schema (the rules are
// internal/schema's; schema.go wires them).

import (
	"strconv"

	"github.com/maskedauth/maskedauth/internal/cognito"
	"github.com/maskedauth/maskedauth/internal/schema"
)

type addCustomAttributesInput struct {
	UserPoolID       string        `json:"UserPoolId"`
	CustomAttributes []schema.Decl `json:"CustomAttributes"`
}

func (in *addCustomAttributesInput) validate(v *validator) {
	validPoolID(v, in.UserPoolID)
	v.required("customAttributes", in.CustomAttributes != nil)
	switch n := len(in.CustomAttributes); {
	case in.CustomAttributes == nil:
	case n < 1:
		v.add("Value at 'customAttributes' failed to satisfy constraint: Member must have length greater than or equal to 1")
	case n > cognito.MaxCustomAttributesPerRequest:
		v.add("Value at 'customAttributes' failed to satisfy constraint: Member must have length less than or equal to " + strconv.Itoa(cognito.MaxCustomAttributesPerRequest))
	}
}

func (s *Server) opAddCustomAttributes(r *request, in *addCustomAttributesInput) (*empty, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	if err := s.addCustomAttributes(p, in.CustomAttributes); err != nil {
		return nil, schemaError(err)
	}
	s.markChanged(r)
	return &empty{}, nil
}
