package mockpool

// Operations authorised by an access token: GetUser, ChangePassword, GlobalSignOut,
// DeleteUser, UpdateUserAttributes; and RevokeToken (refresh token + client).

import (
	"crypto/subtle"
	"strings"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

func init() {
	registerOps(map[string]opHandler{
		cognito.OpGetUser:              (*Server).opGetUser,
		cognito.OpChangePassword:       (*Server).opChangePassword,
		cognito.OpGlobalSignOut:        (*Server).opGlobalSignOut,
		cognito.OpDeleteUser:           (*Server).opDeleteUser,
		cognito.OpUpdateUserAttributes: (*Server).opUpdateUserAttributes,
		cognito.OpRevokeToken:          (*Server).opRevokeToken,
	})
}

type tokenInput struct {
	AccessToken      string          `json:"AccessToken"`
	PreviousPassword string          `json:"PreviousPassword"`
	ProposedPassword string          `json:"ProposedPassword"`
	UserAttributes   []attributeType `json:"UserAttributes"`
}

// withToken checks the access token and runs f on its user under the pool's lock.
func (s *Server) withToken(r *request, in *tokenInput, extra func(v *validator), f func(p *pool, u *user, cl accessClaims) (any, *apiError)) (any, *apiError) {
	if e := decode(r.body, in); e != nil {
		return nil, e
	}
	return s.withAccessTokenExtra(r, in, extra, f)
}

// withAccessToken is withToken for a request already decoded.
func (s *Server) withAccessToken(r *request, in *tokenInput, f func(p *pool, u *user, cl accessClaims) (any, *apiError)) (any, *apiError) {
	return s.withAccessTokenExtra(r, in, nil, f)
}

func (s *Server) withAccessTokenExtra(r *request, in *tokenInput, extra func(v *validator), f func(p *pool, u *user, cl accessClaims) (any, *apiError)) (any, *apiError) {
	var v validator
	v.required("accessToken", in.AccessToken != "")
	if extra != nil {
		extra(&v)
	}
	if e := v.err(); e != nil {
		return nil, e
	}
	p, cl, e := s.accessUser(in.AccessToken, r.now)
	if e != nil {
		return nil, e
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	u := p.users[p.norm(cl.Username)]
	if u == nil || u.sub != cl.Sub {
		return nil, newErr(cognito.CodeUserNotFound, cognito.MsgUserNotExist)
	}
	if u.disabled {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgUserDisabled)
	}
	return f(p, u, cl)
}

func (s *Server) opGetUser(r *request) (any, *apiError) {
	var in tokenInput
	return s.withToken(r, &in, nil, func(p *pool, u *user, _ accessClaims) (any, *apiError) {
		v := u.view()
		return mfaFields(map[string]any{"Username": v.username, "UserAttributes": attributeList(v.attrs)}, v.mfa), nil
	})
}

func (s *Server) opChangePassword(r *request) (any, *apiError) {
	var in tokenInput
	return s.withToken(r, &in, func(v *validator) {
		validPassword(v, "previousPassword", in.PreviousPassword)
		validPassword(v, "proposedPassword", in.ProposedPassword)
	}, func(p *pool, u *user, _ accessClaims) (any, *apiError) {
		if !s.checkPassword(u, in.PreviousPassword) {
			return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgIncorrect)
		}
		if why := passwordProblem(p.cfg.Policy, in.ProposedPassword); why != "" {
			return nil, newErr(cognito.CodeInvalidPassword, cognito.MsgPasswordPolicyAdminPrefix+why)
		}
		s.setPassword(p, u, in.ProposedPassword)
		u.touch(r.now)
		s.markChanged(r)
		return empty{}, nil
	})
}

func (s *Server) opGlobalSignOut(r *request) (any, *apiError) {
	var in tokenInput
	return s.withToken(r, &in, nil, func(p *pool, u *user, _ accessClaims) (any, *apiError) {
		p.revokeUserSessions(u.username)
		s.markChanged(r)
		return empty{}, nil
	})
}

func (s *Server) opDeleteUser(r *request) (any, *apiError) {
	var in tokenInput
	return s.withToken(r, &in, nil, func(p *pool, u *user, _ accessClaims) (any, *apiError) {
		s.deleteUser(p, u)
		s.markChanged(r)
		return empty{}, nil
	})
}

func (s *Server) opUpdateUserAttributes(r *request) (any, *apiError) {
	var in tokenInput
	return s.withToken(r, &in, func(v *validator) {
		v.required("userAttributes", in.UserAttributes != nil)
	}, func(p *pool, u *user, cl accessClaims) (any, *apiError) {
		changes, e := checkAttributes(in.UserAttributes)
		if e != nil {
			return nil, e
		}
		for _, a := range changes {
			if strings.HasSuffix(a.name, "_verified") {
				return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgUnauthorizedAttribute)
			}
		}
		verify, e := s.updateAttributes(p, u, changes, false)
		if e != nil {
			return nil, e
		}
		list := s.sendVerifications(r, p, cl.ClientID, u, verify, "UpdateUserAttribute")
		u.touch(r.now)
		s.markChanged(r)
		if list == nil {
			list = []codeDeliveryDetails{}
		}
		return map[string]any{"CodeDeliveryDetailsList": list}, nil
	})
}

// opRevokeToken revokes a refresh token and every access and ID token issued from it
// (same origin_jti). As RFC 7009 asks, an unknown token is not an error.
func (s *Server) opRevokeToken(r *request) (any, *apiError) {
	var in struct {
		Token        string `json:"Token"`
		ClientID     string `json:"ClientId"`
		ClientSecret string `json:"ClientSecret"`
	}
	if e := decode(r.body, &in); e != nil {
		return nil, e
	}
	var v validator
	v.required("token", in.Token != "")
	validClientID(&v, in.ClientID)
	if e := v.err(); e != nil {
		return nil, e
	}
	p, c, e := s.clientByID(in.ClientID)
	if e != nil {
		return nil, e
	}
	if c.secret != "" {
		if in.ClientSecret == "" {
			return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgSecretNotReceived(c.id))
		}
		if subtle.ConstantTimeCompare([]byte(in.ClientSecret), []byte(c.secret)) != 1 {
			return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgSecretHashMismatch(c.id))
		}
	}
	if !c.revocationOn {
		return nil, newErr(cognito.CodeUnsupportedOperation, cognito.MsgRevocationOff)
	}
	if strings.Count(in.Token, ".") == 2 && strings.HasPrefix(in.Token, "eyJ") {
		return nil, newErr(cognito.CodeUnsupportedTokenType, cognito.MsgUnsupportedToken)
	}
	sess, ok := p.sessionByRefresh(in.Token)
	if ok && sess.clientID == c.id {
		p.revokeOrigin(sess.originJTI)
		s.markChanged(r)
	}
	return empty{}, nil
}
