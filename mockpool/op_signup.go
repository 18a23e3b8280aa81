package mockpool

// Sign-up: SignUp, ConfirmSignUp, ResendConfirmationCode.

import (
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/maskedauth/maskedauth/internal/cognito"
	"github.com/maskedauth/maskedauth/internal/lockout"
)

type signUpInput struct {
	ClientID       string            `json:"ClientId"`
	Username       string            `json:"Username"`
	Password       string            `json:"Password"`
	SecretHash     string            `json:"SecretHash"`
	UserAttributes []attributeType   `json:"UserAttributes"`
	ValidationData []attributeType   `json:"ValidationData"`
	ClientMetadata map[string]string `json:"ClientMetadata"`
}

type signUpOutput struct {
	UserConfirmed       bool                 `json:"UserConfirmed"`
	UserSub             string               `json:"UserSub"`
	CodeDeliveryDetails *codeDeliveryDetails `json:"CodeDeliveryDetails,omitempty"`
}

// newUser builds a user (not yet indexed) from a typed username and attributes. In
// email/phone-as-username pools the internal username is the sub and the typed name
// becomes the email or phone_number attribute.
func (s *Server) newUser(p *pool, typed string, attrs []attr, now time.Time) *user {
	sub := s.newUUID()
	u := &user{username: typed, sub: sub, created: now.UnixMilli(), modified: now.UnixMilli()}
	if len(p.cfg().UsernameAttributes) > 0 {
		u.username = sub
		name := "email"
		if !isEmailish(typed) {
			name = "phone_number"
		}
		attrs = setAttr(attrs, name, typed)
	}
	u.attrs = append([]attr{{"sub", sub}}, attrs...)
	return u
}

func isEmailish(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '@' {
			return true
		}
	}
	return false
}

func setAttr(list []attr, name, value string) []attr {
	for i := range list {
		if list[i].name == name {
			list[i].value = value
			return list
		}
	}
	return append(list, attr{name, value})
}

func (in *signUpInput) validate(v *validator) {
	validClientID(v, in.ClientID)
	validUsername(v, in.Username)
	if in.Password != "" { // optional where the pool allows passwordless sign-in (opSignUp)
		validPassword(v, "password", in.Password)
	}
}

func (s *Server) opSignUp(r *request, in *signUpInput) (*signUpOutput, *apiError) {
	p, c, e := s.publicClient(in.ClientID, in.SecretHash, in.Username)
	if e != nil {
		return nil, e
	}
	if e := checkNewUsername(p, in.Username); e != nil {
		return nil, e
	}
	attrs, e := newUserAttributes(p, c.attrs, in.UserAttributes)
	if e != nil {
		return nil, e
	}
	if in.Password == "" && !passwordlessPool(p) {
		var v validator
		validPassword(&v, "password", in.Password)
		return nil, v.err()
	}
	if why := passwordProblem(p.cfg().Policy, in.Password); in.Password != "" && why != "" {
		return nil, newErr(cognito.CodeInvalidPassword, cognito.MsgPasswordPolicyPrefix+why)
	}
	// Self-registered users start with nothing verified.
	for _, n := range []string{"email_verified", "phone_number_verified"} {
		for i := range attrs {
			if attrs[i].name == n {
				attrs = append(attrs[:i], attrs[i+1:]...)
				break
			}
		}
	}
	u := s.newUser(p, in.Username, attrs, r.now)
	var pre *events.CognitoEventUserPoolsPreSignupResponse
	if t := p.trig(); t != nil && t.PreSignUp != nil {
		var e *apiError
		if pre, e = s.preSignUp(r, p, c.id, "PreSignUp_SignUp", u, in.ValidationData, in.ClientMetadata); e != nil {
			return nil, e
		}
	}
	if in.Password != "" {
		s.setPassword(p, u, in.Password) // u is not shared yet: no lock needed
	}

	out := &signUpOutput{UserSub: u.sub}
	e = s.insertUser(p, u, func(u *user) *apiError {
		if p.usernameTaken(u.username) {
			return newErr(cognito.CodeUsernameExists, cognito.MsgUserExists)
		}
		if e := p.uniqueUsernameAttrError(u.attrs, u); e != nil {
			return e
		}
		if pre != nil {
			applyAutoVerify(u, pre.AutoVerifyEmail, pre.AutoVerifyPhone)
			if pre.AutoConfirmUser {
				if e := s.claimAliases(p, u, false, ""); e != nil {
					return e
				}
				u.status = statusConfirmed
			}
		}
		out.UserConfirmed = u.status == statusConfirmed
		if !out.UserConfirmed {
			if d, ok := s.sendCode(r, p, c.id, u, "signup", cognito.OpSignUp); ok {
				out.CodeDeliveryDetails = d
			}
		}
		return nil
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return out, nil
}

// preSignUp runs the PreSignUp trigger for u (not yet indexed) and returns its answer.
func (s *Server) preSignUp(r *request, p *pool, clientID, source string, u *user, validation []attributeType, metadata map[string]string) (*events.CognitoEventUserPoolsPreSignupResponse, *apiError) {
	ev := events.CognitoEventUserPoolsPreSignup{CognitoEventUserPoolsHeader: s.header(p, clientID, source, u.username)}
	ev.Request.UserAttributes = eventAttrs(u.attrs, "")
	ev.Request.ValidationData = map[string]string{}
	for _, a := range validation {
		if a.Value != nil {
			ev.Request.ValidationData[a.Name] = *a.Value
		}
	}
	ev.Request.ClientMetadata = orEmptyStrings(metadata)
	out, e := runTrigger(s, r, "PreSignUp", p.trig().PreSignUp, ev)
	if e != nil {
		return nil, e
	}
	return &out.Response, nil
}

// applyAutoVerify marks email and phone_number verified as PreSignUp asked.
func applyAutoVerify(u *user, email, phone bool) {
	if v, ok := u.get("email"); email && ok && v != "" {
		u.set("email_verified", "true")
	}
	if v, ok := u.get("phone_number"); phone && ok && v != "" {
		u.set("phone_number_verified", "true")
	}
}

// postConfirmation runs the PostConfirmation trigger, if any, for the confirmed user.
func (s *Server) postConfirmation(r *request, p *pool, clientID, source string, st *userView, metadata map[string]string) *apiError {
	t := p.trig()
	if t == nil || t.PostConfirmation == nil || st == nil {
		return nil
	}
	ev := events.CognitoEventUserPoolsPostConfirmation{CognitoEventUserPoolsHeader: s.header(p, clientID, source, st.username)}
	ev.Request.UserAttributes = eventAttrs(st.attrs, st.status.String())
	ev.Request.ClientMetadata = orEmptyStrings(metadata)
	_, e := runTrigger(s, r, "PostConfirmation", t.PostConfirmation, ev)
	return e
}

type confirmSignUpInput struct {
	ClientID           string            `json:"ClientId"`
	Username           string            `json:"Username"`
	ConfirmationCode   string            `json:"ConfirmationCode"`
	SecretHash         string            `json:"SecretHash"`
	ForceAliasCreation bool              `json:"ForceAliasCreation"`
	ClientMetadata     map[string]string `json:"ClientMetadata"`
}

func (in *confirmSignUpInput) validate(v *validator) {
	validClientID(v, in.ClientID)
	validUsername(v, in.Username)
	validCode(v, in.ConfirmationCode)
}

func (s *Server) opConfirmSignUp(r *request, in *confirmSignUpInput) (*empty, *apiError) {
	p, c, e := s.publicClient(in.ClientID, in.SecretHash, in.Username)
	if e != nil {
		return nil, e
	}
	st, e := s.confirmSignUp(r, p, c, in)
	if e != nil {
		return nil, e
	}
	if e := s.postConfirmation(r, p, c.id, "PostConfirmation_ConfirmSignUp", st, in.ClientMetadata); e != nil {
		return nil, e
	}
	return &empty{}, nil
}

// confirmSignUp checks the code and confirms the user through the store. Wrong codes
// count toward internal/lockout's SignUpCode, per resolved user (sub) or, for a
// name that resolves to nobody and is answered as a wrong code (ENABLED), per
// normalised typed name: repeated attempts answer alike whoever the name is.
func (s *Server) confirmSignUp(r *request, p *pool, c *appClient, in *confirmSignUpInput) (*userView, *apiError) {
	key := s.viewKey(p, p.viewUser(byTyped(in.Username)), in.Username)
	if p.limited(lockout.SignUpCode, key, r.now) {
		return nil, newErr(cognito.CodeLimitExceeded, cognito.MsgLimitExceeded)
	}
	var v userView
	var wrong bool // a wrong code, counted once the pool lock is released
	e := s.updateUser(p, byTyped(in.Username), func(u *user) *apiError {
		if u == nil {
			fail := newErr(cognito.CodeUserNotFound, cognito.MsgUserClientNotFound)
			if enabledAnswer(p, c, cognito.OpConfirmSignUp, fail) == cognito.ToCodeMismatch {
				wrong = true
				return newErr(cognito.CodeCodeMismatch, cognito.MsgCodeMismatch)
			}
			return fail
		}
		if u.status != statusUnconfirmed {
			return newErr(cognito.CodeNotAuthorized, cognito.MsgCannotConfirmPrefix+u.status.String())
		}
		pc := u.signUpCode
		if !codeMatches(pc, in.ConfirmationCode) {
			wrong = true
			return newErr(cognito.CodeCodeMismatch, cognito.MsgCodeMismatch)
		}
		if r.now.UnixNano() >= pc.expires {
			return newErr(cognito.CodeExpiredCode, cognito.MsgExpiredCode)
		}
		p.unindex(u)
		old := u.attrs
		u.attrs = append([]attr(nil), u.attrs...)
		if pc.attr != "" {
			u.set(pc.attr+"_verified", "true")
		}
		if e := s.claimAliases(p, u, in.ForceAliasCreation, ""); e != nil {
			u.attrs = old
			p.index(u)
			return e
		}
		u.status = statusConfirmed
		u.signUpCode = nil
		u.touch(r.now)
		p.index(u)
		v = u.view()
		return nil
	})
	if wrong && p.hit(lockout.SignUpCode, key, r.now) {
		// The window filled up since the check above (concurrent attempts).
		return nil, newErr(cognito.CodeLimitExceeded, cognito.MsgLimitExceeded)
	}
	if e != nil {
		return nil, e
	}
	p.reset(lockout.SignUpCode, key)
	s.markChanged(r)
	return &v, nil
}

type resendInput struct {
	ClientID   string `json:"ClientId"`
	Username   string `json:"Username"`
	SecretHash string `json:"SecretHash"`
}

type deliveryOutput struct {
	CodeDeliveryDetails *codeDeliveryDetails `json:"CodeDeliveryDetails"`
}

func (in *resendInput) validate(v *validator) {
	validClientID(v, in.ClientID)
	validUsername(v, in.Username)
}

func (s *Server) opResendConfirmationCode(r *request, in *resendInput) (*deliveryOutput, *apiError) {
	p, c, e := s.publicClient(in.ClientID, in.SecretHash, in.Username)
	if e != nil {
		return nil, e
	}
	if c.masking && len(p.cfg().AutoVerifiedAttributes) == 0 {
		// A property of the pool, not of the user: answered alike for every name.
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgCannotResend)
	}
	var d *codeDeliveryDetails
	fail := s.updateUser(p, byTyped(in.Username), func(u *user) *apiError {
		switch {
		case u == nil || u.disabled:
			return newErr(cognito.CodeUserNotFound, cognito.MsgUserClientNotFound)
		case u.status != statusUnconfirmed:
			return newErr(cognito.CodeInvalidParameter, cognito.MsgAlreadyConfirmed)
		}
		var ok bool
		if d, ok = s.sendCode(r, p, c.id, u, "signup", cognito.OpResendConfirmationCode); !ok {
			return newErr(cognito.CodeInvalidParameter, cognito.MsgCannotResend)
		}
		return nil
	})
	if fail != nil {
		switch enabledAnswer(p, c, cognito.OpResendConfirmationCode, fail) {
		case cognito.ToDelivery:
			return &deliveryOutput{s.simulatedDelivery(p, in.Username)}, nil
		case cognito.ToNoAutoVerify:
			return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgCannotResend)
		}
		return nil, fail
	}
	s.markChanged(r)
	return &deliveryOutput{d}, nil
}
