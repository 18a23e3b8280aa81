package mockpool

import "github.com/maskedauth/maskedauth/internal/cognito"

// Password recovery: ForgotPassword, ConfirmForgotPassword.
//
// Counters (internal/lockout): ForgotPassword counts every request toward the
// Delivery limit, ConfirmForgotPassword every wrong code toward WrongCode, both per
// resolved user (by sub) or, for a name that resolves to nobody, per normalised
// typed name. Under ENABLED a wrong code of an unknown or disabled user, and any
// code for a user with no code pending, is a counted CodeMismatchException: the
// answers over repeated attempts are the same whoever the name is.

import "github.com/maskedauth/maskedauth/internal/lockout"

func (in *forgotInput) validate(v *validator) {
	validClientID(v, in.ClientID)
	validUsername(v, in.Username)
}

func (s *Server) opForgotPassword(r *request, in *forgotInput) (*deliveryOutput, *apiError) {
	p, c, e := s.publicClient(in.ClientID, in.SecretHash, in.Username)
	if e != nil {
		return nil, e
	}
	// The rate limit counts every request, for a user or a name that resolves to
	// nobody alike, so it is no oracle.
	if p.hit(lockout.Delivery, s.viewKey(p, p.viewUser(byTyped(in.Username)), in.Username), r.now) {
		return nil, newErr(cognito.CodeLimitExceeded, cognito.MsgLimitExceeded)
	}
	if t := p.trig(); t != nil && t.MigrateUser != nil {
		if p.viewUser(byTyped(in.Username)) == nil {
			if _, _, e := s.migrate(r, p, c, in.Username, "", "UserMigration_ForgotPassword", in.ClientMetadata); e != nil {
				return nil, e
			}
		}
	}
	var d *codeDeliveryDetails
	fail := s.updateUser(p, byTyped(in.Username), func(u *user) *apiError {
		switch {
		case u == nil:
			return newErr(cognito.CodeUserNotFound, cognito.MsgUserClientNotFound)
		case u.disabled:
			return newErr(cognito.CodeNotAuthorized, cognito.MsgUserDisabled)
		case u.status == statusForceChangePassword:
			return newErr(cognito.CodeNotAuthorized, cognito.MsgCannotReset)
		case u.status == statusUnconfirmed:
			return newErr(cognito.CodeInvalidParameter, cognito.MsgNoVerifiedContact)
		}
		var ok bool
		if d, ok = s.sendCode(r, p, c.id, u, "reset", cognito.OpForgotPassword); !ok {
			return newErr(cognito.CodeInvalidParameter, cognito.MsgNoVerifiedContact)
		}
		return nil
	})
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

func (in *confirmForgotInput) validate(v *validator) {
	validClientID(v, in.ClientID)
	validUsername(v, in.Username)
	validCode(v, in.ConfirmationCode)
	validPassword(v, "password", in.Password)
}

func (s *Server) opConfirmForgotPassword(r *request, in *confirmForgotInput) (*empty, *apiError) {
	p, c, e := s.publicClient(in.ClientID, in.SecretHash, in.Username)
	if e != nil {
		return nil, e
	}
	found := p.viewUser(byTyped(in.Username))
	username := ""
	if found != nil {
		username = found.username
	}
	key := s.viewKey(p, found, in.Username)
	if p.limited(lockout.WrongCode, key, r.now) {
		return nil, newErr(cognito.CodeLimitExceeded, cognito.MsgLimitExceeded)
	}
	if why := passwordProblem(p.cfg().Policy, in.Password); why != "" {
		return nil, newErr(cognito.CodeInvalidPassword, cognito.MsgPasswordPolicyAdminPrefix+why)
	}
	// Computed before the code is checked, for every request alike.
	mat := s.passwordFor(p, username, in.Password)

	var wrong bool // a wrong code, counted once the pool lock is released
	var st *userView
	e = s.updateUser(p, byTyped(in.Username), func(u *user) *apiError {
		if u == nil || u.disabled || u.resetCode == nil {
			// Unknown, disabled, or no code pending: LEGACY tells which; ENABLED
			// answers each as a wrong code, counted toward the limit.
			fail := newErr(cognito.CodeNotAuthorized, cognito.MsgUserDisabled)
			switch {
			case u == nil:
				fail = newErr(cognito.CodeUserNotFound, cognito.MsgUserClientNotFound)
			case !u.disabled:
				fail = newErr(cognito.CodeExpiredCode, cognito.MsgExpiredCode)
			}
			if enabledAnswer(p, c, cognito.OpConfirmForgotPassword, fail) == cognito.ToCodeMismatch {
				wrong = true
				return newErr(cognito.CodeCodeMismatch, cognito.MsgCodeMismatch)
			}
			return fail
		}
		pc := u.resetCode
		if !codeMatches(pc, in.ConfirmationCode) {
			wrong = true
			return newErr(cognito.CodeCodeMismatch, cognito.MsgCodeMismatch)
		}
		if r.now.UnixNano() >= pc.expires {
			return newErr(cognito.CodeExpiredCode, cognito.MsgExpiredCode)
		}
		if u.username != username { // renamed or replaced in between: recompute
			mat = s.passwordFor(p, u.username, in.Password)
		}
		mat.apply(u)
		u.status = statusConfirmed
		u.resetCode = nil
		u.tempExpires = 0
		u.touch(r.now)
		v := u.view()
		st = &v
		return nil
	})
	if e == nil {
		s.markChanged(r)
	}
	if wrong && p.hit(lockout.WrongCode, key, r.now) {
		// The window filled up since the check above (concurrent attempts).
		return nil, newErr(cognito.CodeLimitExceeded, cognito.MsgLimitExceeded)
	}
	if e != nil {
		return nil, e
	}
	p.reset(lockout.WrongCode, s.viewKey(p, st, in.Username))
	if e := s.postConfirmation(r, p, c.id, "PostConfirmation_ConfirmForgotPassword", st, in.ClientMetadata); e != nil {
		return nil, e
	}
	return &empty{}, nil
}
