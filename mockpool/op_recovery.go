package mockpool

import "github.com/maskedauth/maskedauth/internal/cognito"

// Password recovery: ForgotPassword, ConfirmForgotPassword.

func init() {
	registerOps(map[string]opHandler{
		cognito.OpForgotPassword:        (*Server).opForgotPassword,
		cognito.OpConfirmForgotPassword: (*Server).opConfirmForgotPassword,
	})
}

func (s *Server) opForgotPassword(r *request) (any, *apiError) {
	var in forgotInput
	if e := decode(r.body, &in); e != nil {
		return nil, e
	}
	var v validator
	validClientID(&v, in.ClientID)
	validUsername(&v, in.Username)
	if e := v.err(); e != nil {
		return nil, e
	}
	p, c, e := s.publicClient(in.ClientID, in.SecretHash, in.Username)
	if e != nil {
		return nil, e
	}
	// The rate limit counts every typed name, existing or not, so it is no oracle.
	if !p.forgotAllowed(p.norm(in.Username), r.now) {
		return nil, newErr(cognito.CodeLimitExceeded, cognito.MsgLimitExceeded)
	}
	if t := p.trig(); t != nil && t.MigrateUser != nil {
		p.mu.RLock()
		known := p.lookup(in.Username) != nil
		p.mu.RUnlock()
		if !known {
			if _, _, e := s.migrate(r, p, c, in.Username, "", "UserMigration_ForgotPassword", in.ClientMetadata); e != nil {
				return nil, e
			}
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	u := p.lookup(in.Username)
	var fail *apiError
	switch {
	case u == nil:
		fail = newErr(cognito.CodeUserNotFound, cognito.MsgUserClientNotFound)
	case u.disabled:
		fail = newErr(cognito.CodeNotAuthorized, cognito.MsgUserDisabled)
	case u.status == statusForceChangePassword:
		fail = newErr(cognito.CodeNotAuthorized, cognito.MsgCannotReset)
	case u.status == statusUnconfirmed:
		fail = newErr(cognito.CodeInvalidParameter, cognito.MsgNoVerifiedContact)
	}
	var d *codeDeliveryDetails
	if fail == nil {
		var ok bool
		if d, ok = s.sendCode(r, p, c.id, u, "reset", cognito.OpForgotPassword); !ok {
			fail = newErr(cognito.CodeInvalidParameter, cognito.MsgNoVerifiedContact)
		}
	}
	if fail != nil {
		if enabledAnswer(p, c, cognito.OpForgotPassword, fail) == cognito.ToDelivery {
			return &deliveryOutput{s.simulatedDelivery(p, in.Username)}, nil
		}
		return nil, fail
	}
	s.markChanged(r)
	return &deliveryOutput{d}, nil
}

type forgotInput struct {
	ClientID       string            `json:"ClientId"`
	Username       string            `json:"Username"`
	SecretHash     string            `json:"SecretHash"`
	ClientMetadata map[string]string `json:"ClientMetadata"`
}

type confirmForgotInput struct {
	ClientID         string            `json:"ClientId"`
	Username         string            `json:"Username"`
	ConfirmationCode string            `json:"ConfirmationCode"`
	Password         string            `json:"Password"`
	SecretHash       string            `json:"SecretHash"`
	ClientMetadata   map[string]string `json:"ClientMetadata"`
}

func (s *Server) opConfirmForgotPassword(r *request) (any, *apiError) {
	var in confirmForgotInput
	if e := decode(r.body, &in); e != nil {
		return nil, e
	}
	var v validator
	validClientID(&v, in.ClientID)
	validUsername(&v, in.Username)
	validCode(&v, in.ConfirmationCode)
	validPassword(&v, "password", in.Password)
	if e := v.err(); e != nil {
		return nil, e
	}
	p, c, e := s.publicClient(in.ClientID, in.SecretHash, in.Username)
	if e != nil {
		return nil, e
	}
	key := p.norm(in.Username)
	if p.resetLimited(key, r.now) {
		return nil, newErr(cognito.CodeLimitExceeded, cognito.MsgLimitExceeded)
	}
	if why := passwordProblem(p.cfg.Policy, in.Password); why != "" {
		return nil, newErr(cognito.CodeInvalidPassword, cognito.MsgPasswordPolicyAdminPrefix+why)
	}
	// Computed before looking the user up, for every request alike.
	p.mu.RLock()
	u := p.lookup(in.Username)
	username := ""
	if u != nil {
		username = u.username
	}
	p.mu.RUnlock()
	mat := s.passwordFor(p, username, in.Password)

	st, e := func() (*userView, *apiError) {
		p.mu.Lock()
		defer p.mu.Unlock()
		u = p.lookup(in.Username)
		if u == nil || u.disabled {
			fail := newErr(cognito.CodeNotAuthorized, cognito.MsgUserDisabled)
			if u == nil {
				fail = newErr(cognito.CodeUserNotFound, cognito.MsgUserClientNotFound)
			}
			if enabledAnswer(p, c, cognito.OpConfirmForgotPassword, fail) == cognito.ToCodeMismatch {
				p.resetWrongCode(key, r.now)
				return nil, newErr(cognito.CodeCodeMismatch, cognito.MsgCodeMismatch)
			}
			return nil, fail
		}
		pc := u.resetCode
		if pc == nil {
			return nil, newErr(cognito.CodeExpiredCode, cognito.MsgExpiredCode)
		}
		if !codeMatches(pc, in.ConfirmationCode) {
			p.resetWrongCode(key, r.now)
			return nil, newErr(cognito.CodeCodeMismatch, cognito.MsgCodeMismatch)
		}
		if r.now.UnixNano() >= pc.expires {
			return nil, newErr(cognito.CodeExpiredCode, cognito.MsgExpiredCode)
		}
		if u.username != username { // renamed or replaced in between: recompute
			mat = s.passwordFor(p, u.username, in.Password)
		}
		mat.apply(u)
		u.status = statusConfirmed
		u.resetCode = nil
		u.tempExpires = 0
		u.touch(r.now)
		p.resetClear(key)
		s.markChanged(r)
		v := u.view()
		return &v, nil
	}()
	if e != nil {
		return nil, e
	}
	if e := s.postConfirmation(r, p, c.id, "PostConfirmation_ConfirmForgotPassword", st, in.ClientMetadata); e != nil {
		return nil, e
	}
	return empty{}, nil
}
