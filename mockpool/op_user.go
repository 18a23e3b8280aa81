package mockpool

// Operations authorised by an access token: GetUser, ChangePassword, GlobalSignOut,
// DeleteUser, UpdateUserAttributes (GetUserAttributeVerificationCode,
// VerifyUserAttribute and DeleteUserAttributes: op_verify.go); and RevokeToken (refresh token + client).

import (
	"strings"

	"github.com/maskedauth/maskedauth/internal/cognito"
	"github.com/maskedauth/maskedauth/internal/lockout"
)

type tokenInput struct {
	AccessToken      string          `json:"AccessToken"`
	PreviousPassword string          `json:"PreviousPassword"`
	ProposedPassword string          `json:"ProposedPassword"`
	UserAttributes   []attributeType `json:"UserAttributes"`
}

func (in *tokenInput) validate(v *validator) { v.required("accessToken", in.AccessToken != "") }

type changePasswordInput tokenInput

func (in *changePasswordInput) validate(v *validator) {
	(*tokenInput)(in).validate(v)
	validPassword(v, "previousPassword", in.PreviousPassword)
	validPassword(v, "proposedPassword", in.ProposedPassword)
}

type updateUserAttributesInput tokenInput

func (in *updateUserAttributesInput) validate(v *validator) {
	(*tokenInput)(in).validate(v)
	v.required("userAttributes", in.UserAttributes != nil)
}

// withAccessToken checks the access token and runs f on its user through the store
// (under the pool's write lock). The token's user must exist and be enabled.
func (s *Server) withAccessToken(r *request, token string, f func(p *pool, u *user, cl accessClaims) *apiError) *apiError {
	p, cl, e := s.accessUser(token, r.now)
	if e != nil {
		return e
	}
	return s.withClaims(p, cl, f)
}

// withClaims is withAccessToken for claims already checked (accessUser).
func (s *Server) withClaims(p *pool, cl accessClaims, f func(p *pool, u *user, cl accessClaims) *apiError) *apiError {
	return s.updateUser(p, byName(cl.Username, cl.Sub), func(u *user) *apiError {
		if u == nil {
			return errNoUser()
		}
		if u.disabled {
			return newErr(cognito.CodeNotAuthorized, cognito.MsgUserDisabled)
		}
		return f(p, u, cl)
	})
}

// tokenUser checks the access token and returns a snapshot of its (enabled) user.
func (s *Server) tokenUser(r *request, token string) (*pool, *userView, accessClaims, *apiError) {
	p, cl, e := s.accessUser(token, r.now)
	if e != nil {
		return nil, nil, cl, e
	}
	v := p.viewUser(byName(cl.Username, cl.Sub))
	if v == nil {
		return nil, nil, cl, errNoUser()
	}
	if v.disabled {
		return nil, nil, cl, newErr(cognito.CodeNotAuthorized, cognito.MsgUserDisabled)
	}
	return p, v, cl, nil
}

func (s *Server) opGetUser(r *request, in *tokenInput) (*getUserOutput, *apiError) {
	p, v, cl, e := s.tokenUser(r, in.AccessToken)
	if e != nil {
		return nil, e
	}
	// The attributes the token's app client may read (ReadAttributes).
	out := &getUserOutput{Username: v.username, UserAttributes: attributeList(readableAttributes(p, p.clientAttrs(cl.ClientID), v.attrs))}
	mfaFields(out, v.mfa)
	return out, nil
}

// opChangePassword counts wrong previous passwords per user (internal/lockout's
// PreviousPassword): past the limit LimitExceededException, the right password
// included, until the window has passed.
func (s *Server) opChangePassword(r *request, in *changePasswordInput) (*empty, *apiError) {
	p, cl, e := s.accessUser(in.AccessToken, r.now)
	if e != nil {
		return nil, e
	}
	key := s.counterKey(p, cl.Sub, "")
	if p.limited(lockout.PreviousPassword, key, r.now) {
		return nil, newErr(cognito.CodeLimitExceeded, cognito.MsgLimitExceeded)
	}
	var wrong bool // counted once the pool lock is released
	e = s.withClaims(p, cl, func(p *pool, u *user, _ accessClaims) *apiError {
		if !s.checkPassword(u, in.PreviousPassword) {
			wrong = true
			return newErr(cognito.CodeNotAuthorized, cognito.MsgIncorrect)
		}
		if why := passwordProblem(p.cfg().Policy, in.ProposedPassword); why != "" {
			return newErr(cognito.CodeInvalidPassword, cognito.MsgPasswordPolicyAdminPrefix+why)
		}
		s.setPassword(p, u, in.ProposedPassword)
		u.touch(r.now)
		return nil
	})
	if wrong && p.hit(lockout.PreviousPassword, key, r.now) {
		return nil, newErr(cognito.CodeLimitExceeded, cognito.MsgLimitExceeded)
	}
	if e == nil {
		p.reset(lockout.PreviousPassword, key)
	}
	return s.changed(r, e)
}

// changed answers an operation that changes the state and answers nothing.
func (s *Server) changed(r *request, e *apiError) (*empty, *apiError) {
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &empty{}, nil
}

func (s *Server) opGlobalSignOut(r *request, in *tokenInput) (*empty, *apiError) {
	e := s.withAccessToken(r, in.AccessToken, func(p *pool, u *user, _ accessClaims) *apiError {
		s.revokeUserSessions(p, u.username)
		return nil
	})
	return s.changed(r, e)
}

func (s *Server) opDeleteUser(r *request, in *tokenInput) (*empty, *apiError) {
	e := s.withAccessToken(r, in.AccessToken, func(p *pool, u *user, _ accessClaims) *apiError {
		s.removeUser(p, u)
		return nil
	})
	return s.changed(r, e)
}

type codeDeliveryListOutput struct {
	CodeDeliveryDetailsList []codeDeliveryDetails `json:"CodeDeliveryDetailsList"`
}

func (s *Server) opUpdateUserAttributes(r *request, in *updateUserAttributesInput) (*codeDeliveryListOutput, *apiError) {
	out := &codeDeliveryListOutput{}
	e := s.withAccessToken(r, in.AccessToken, func(p *pool, u *user, cl accessClaims) *apiError {
		changes, e := changedAttributes(p, p.clientAttrsHeld(cl.ClientID), in.UserAttributes)
		if e != nil {
			return e
		}
		for _, a := range changes {
			if strings.HasSuffix(a.name, "_verified") {
				return newErr(cognito.CodeNotAuthorized, cognito.MsgUnauthorizedAttribute)
			}
		}
		verify, e := s.updateAttributes(p, u, changes, false)
		if e != nil {
			return e
		}
		out.CodeDeliveryDetailsList = s.sendVerifications(r, p, cl.ClientID, u, verify, "UpdateUserAttribute")
		u.touch(r.now)
		return nil
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	if out.CodeDeliveryDetailsList == nil {
		out.CodeDeliveryDetailsList = []codeDeliveryDetails{}
	}
	return out, nil
}

type revokeTokenInput struct {
	Token        string `json:"Token"`
	ClientID     string `json:"ClientId"`
	ClientSecret string `json:"ClientSecret"`
}

func (in *revokeTokenInput) validate(v *validator) {
	v.required("token", in.Token != "")
	validClientID(v, in.ClientID)
}

// opRevokeToken revokes a refresh token and every access and ID token issued from it
// (same origin_jti). As RFC 7009 asks, an unknown token is not an error.
func (s *Server) opRevokeToken(r *request, in *revokeTokenInput) (*empty, *apiError) {
	p, c, e := s.clientByID(in.ClientID)
	if e != nil {
		return nil, e
	}
	if e := checkClientSecret(c, in.ClientSecret); e != nil {
		return nil, e
	}
	if !c.revocationOn {
		return nil, newErr(cognito.CodeUnsupportedOperation, cognito.MsgRevocationOff)
	}
	if strings.Count(in.Token, ".") == 2 && strings.HasPrefix(in.Token, "eyJ") {
		return nil, newErr(cognito.CodeUnsupportedTokenType, cognito.MsgUnsupportedToken)
	}
	sess, _, ok := s.refreshSession(p, in.Token, r.now)
	if ok && sess.clientID == c.id {
		s.revokeOrigin(p, sess.originJTI)
		s.markChanged(r)
	}
	return &empty{}, nil
}
