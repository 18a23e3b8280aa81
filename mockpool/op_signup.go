package mockpool

// Sign-up: SignUp, ConfirmSignUp, ResendConfirmationCode.

import (
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

func init() {
	registerOps(map[string]opHandler{
		cognito.OpSignUp:                 (*Server).opSignUp,
		cognito.OpConfirmSignUp:          (*Server).opConfirmSignUp,
		cognito.OpResendConfirmationCode: (*Server).opResendConfirmationCode,
	})
}

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

// uniqueUsernameAttrError reports a clash on the email or phone number of an
// email/phone-as-username pool. The caller holds p.mu.
func (p *pool) uniqueUsernameAttrError(attrs []attr, self *user) *apiError {
	for _, name := range [...]string{"email", "phone_number"} {
		if !p.usernameAttr(name) {
			continue
		}
		if v, ok := attrValue(attrs, name); ok {
			if o := p.aliases[aliasKey(name, v)]; o != nil && o != self {
				return newErr(cognito.CodeUsernameExists, cognito.MsgAttributeExists(name))
			}
		}
	}
	return nil
}

// newUser builds a user (not yet indexed) from a typed username and attributes. In
// email/phone-as-username pools the internal username is the sub and the typed name
// becomes the email or phone_number attribute.
func (s *Server) newUser(p *pool, typed string, attrs []attr, now time.Time) *user {
	sub := s.newUUID()
	u := &user{username: typed, sub: sub, created: now.UnixMilli(), modified: now.UnixMilli()}
	if len(p.cfg.UsernameAttributes) > 0 {
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

func (s *Server) opSignUp(r *request) (any, *apiError) {
	var in signUpInput
	if e := decode(r.body, &in); e != nil {
		return nil, e
	}
	var v validator
	validClientID(&v, in.ClientID)
	validUsername(&v, in.Username)
	validPassword(&v, "password", in.Password)
	if e := v.err(); e != nil {
		return nil, e
	}
	p, c, e := s.publicClient(in.ClientID, in.SecretHash, in.Username)
	if e != nil {
		return nil, e
	}
	if e := checkNewUsername(p, in.Username); e != nil {
		return nil, e
	}
	attrs, e := checkAttributes(in.UserAttributes)
	if e != nil {
		return nil, e
	}
	if why := passwordProblem(p.cfg.Policy, in.Password); why != "" {
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
	s.setPassword(p, u, in.Password) // u is not shared yet: no lock needed

	p.mu.Lock()
	defer p.mu.Unlock()
	if p.users[p.norm(u.username)] != nil {
		return nil, newErr(cognito.CodeUsernameExists, cognito.MsgUserExists)
	}
	if e := p.uniqueUsernameAttrError(u.attrs, u); e != nil {
		return nil, e
	}
	if pre != nil {
		applyAutoVerify(u, pre.AutoVerifyEmail, pre.AutoVerifyPhone)
		if pre.AutoConfirmUser {
			if e := p.claimAliases(u, false, ""); e != nil {
				return nil, e
			}
			u.status = statusConfirmed
		}
	}
	p.index(u)
	s.markChanged(r)
	out := &signUpOutput{UserSub: u.sub, UserConfirmed: u.status == statusConfirmed}
	if u.status == statusConfirmed {
		return out, nil
	}
	if d, ok := s.sendCode(r, p, c.id, u, "signup", cognito.OpSignUp); ok {
		out.CodeDeliveryDetails = d
	}
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

// claimAliases makes u's verified aliases its own: another user holding one gets
// AliasExistsException, or with force loses it (its attribute becomes unverified).
// attrName limits the check to one attribute ("" for all). The caller holds p.mu and
// has unindexed u.
func (p *pool) claimAliases(u *user, force bool, msgFmt string) *apiError {
	for _, name := range [...]string{"email", "phone_number", "preferred_username"} {
		if !p.aliasAttr(name) {
			continue
		}
		v, ok := u.get(name)
		if !ok || v == "" || (name != "preferred_username" && !u.verified(name)) {
			continue
		}
		o := p.aliases[aliasKey(name, v)]
		if o == nil || o == u {
			continue
		}
		if !force {
			return newErr(cognito.CodeAliasExists, cognito.MsgAliasExists(msgFmt, name))
		}
		p.unindex(o)
		if name == "preferred_username" {
			o.del(name)
		} else {
			o.set(name+"_verified", "false")
		}
		p.index(o)
	}
	return nil
}

func (s *Server) opConfirmSignUp(r *request) (any, *apiError) {
	var in confirmSignUpInput
	if e := decode(r.body, &in); e != nil {
		return nil, e
	}
	var v validator
	validClientID(&v, in.ClientID)
	validUsername(&v, in.Username)
	validCode(&v, in.ConfirmationCode)
	if e := v.err(); e != nil {
		return nil, e
	}
	p, c, e := s.publicClient(in.ClientID, in.SecretHash, in.Username)
	if e != nil {
		return nil, e
	}
	st, e := s.confirmSignUp(r, p, c, &in)
	if e != nil {
		return nil, e
	}
	if e := s.postConfirmation(r, p, c.id, "PostConfirmation_ConfirmSignUp", st, in.ClientMetadata); e != nil {
		return nil, e
	}
	return empty{}, nil
}

// confirmSignUp checks the code and confirms the user under the pool lock.
func (s *Server) confirmSignUp(r *request, p *pool, c *appClient, in *confirmSignUpInput) (*userView, *apiError) {
	p.mu.Lock()
	defer p.mu.Unlock()
	u := p.lookup(in.Username)
	if u == nil {
		fail := newErr(cognito.CodeUserNotFound, cognito.MsgUserClientNotFound)
		if enabledAnswer(p, c, cognito.OpConfirmSignUp, fail) == cognito.ToCodeMismatch {
			return nil, newErr(cognito.CodeCodeMismatch, cognito.MsgCodeMismatch)
		}
		return nil, fail
	}
	if u.status != statusUnconfirmed {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgCannotConfirmPrefix+u.status.String())
	}
	pc := u.signUpCode
	if !codeMatches(pc, in.ConfirmationCode) {
		return nil, newErr(cognito.CodeCodeMismatch, cognito.MsgCodeMismatch)
	}
	if r.now.UnixNano() >= pc.expires {
		return nil, newErr(cognito.CodeExpiredCode, cognito.MsgExpiredCode)
	}
	p.unindex(u)
	old := u.attrs
	u.attrs = append([]attr(nil), u.attrs...)
	if pc.attr != "" {
		u.set(pc.attr+"_verified", "true")
	}
	if e := p.claimAliases(u, in.ForceAliasCreation, ""); e != nil {
		u.attrs = old
		p.index(u)
		return nil, e
	}
	u.status = statusConfirmed
	u.signUpCode = nil
	u.touch(r.now)
	p.index(u)
	s.markChanged(r)
	v := u.view()
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

func (s *Server) opResendConfirmationCode(r *request) (any, *apiError) {
	var in resendInput
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
	if c.masking && len(p.cfg.AutoVerifiedAttributes) == 0 {
		// A property of the pool, not of the user: answered alike for every name.
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgCannotResend)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	u := p.lookup(in.Username)
	var fail *apiError
	var d *codeDeliveryDetails
	switch {
	case u == nil || u.disabled:
		fail = newErr(cognito.CodeUserNotFound, cognito.MsgUserClientNotFound)
	case u.status != statusUnconfirmed:
		fail = newErr(cognito.CodeInvalidParameter, cognito.MsgAlreadyConfirmed)
	default:
		var ok bool
		if d, ok = s.sendCode(r, p, c.id, u, "signup", cognito.OpResendConfirmationCode); !ok {
			fail = newErr(cognito.CodeInvalidParameter, cognito.MsgCannotResend)
		}
	}
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
