package mockpool

// Sign-up: SignUp, ConfirmSignUp, ResendConfirmationCode.

import (
	"time"
)

func init() {
	registerOps(map[string]opHandler{
		"SignUp":                 (*Server).opSignUp,
		"ConfirmSignUp":          (*Server).opConfirmSignUp,
		"ResendConfirmationCode": (*Server).opResendConfirmationCode,
	})
}

type signUpInput struct {
	ClientID       string          `json:"ClientId"`
	Username       string          `json:"Username"`
	Password       string          `json:"Password"`
	SecretHash     string          `json:"SecretHash"`
	UserAttributes []attributeType `json:"UserAttributes"`
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
				return newErr(codeUsernameExists, "An account with the given "+name+" already exists.")
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
	p, c, e := s.clientByID(in.ClientID)
	if e != nil {
		return nil, e
	}
	if e := checkSecretHash(c, in.SecretHash, in.Username); e != nil {
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
		return nil, newErr(codeInvalidPassword, "Password did not conform with policy: "+why)
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
	// Trigger point (later): PreSignUp runs here, before the user exists, and may
	// auto-confirm or auto-verify.
	u := s.newUser(p, in.Username, attrs, r.now)
	s.setPassword(p, u, in.Password) // u is not shared yet: no lock needed

	p.mu.Lock()
	defer p.mu.Unlock()
	if p.users[p.norm(u.username)] != nil {
		return nil, newErr(codeUsernameExists, msgUserExists)
	}
	if e := p.uniqueUsernameAttrError(u.attrs, u); e != nil {
		return nil, e
	}
	p.index(u)
	s.markChanged(r)
	out := &signUpOutput{UserSub: u.sub}
	if d, ok := s.sendCode(p, u, "signup", "SignUp", r.now); ok {
		out.CodeDeliveryDetails = d
	}
	return out, nil
}

type confirmSignUpInput struct {
	ClientID           string `json:"ClientId"`
	Username           string `json:"Username"`
	ConfirmationCode   string `json:"ConfirmationCode"`
	SecretHash         string `json:"SecretHash"`
	ForceAliasCreation bool   `json:"ForceAliasCreation"`
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
			return newErr(codeAliasExists, "An account with the "+msgFmt+name+" already exists.")
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
	p, c, e := s.clientByID(in.ClientID)
	if e != nil {
		return nil, e
	}
	if e := checkSecretHash(c, in.SecretHash, in.Username); e != nil {
		return nil, e
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	u := p.lookup(in.Username)
	if u == nil {
		if c.masking {
			return nil, newErr(codeCodeMismatch, msgCodeMismatch)
		}
		return nil, newErr(codeUserNotFound, msgUserClientNotFound)
	}
	if u.status != statusUnconfirmed {
		return nil, newErr(codeNotAuthorized, "User cannot be confirmed. Current status is "+u.status.String())
	}
	pc := u.signUpCode
	if !codeMatches(pc, in.ConfirmationCode) {
		return nil, newErr(codeCodeMismatch, msgCodeMismatch)
	}
	if r.now.UnixNano() >= pc.expires {
		return nil, newErr(codeExpiredCode, msgExpiredCode)
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
	// Trigger point (later): PostConfirmation_ConfirmSignUp runs here (after unlocking).
	return empty{}, nil
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
	p, c, e := s.clientByID(in.ClientID)
	if e != nil {
		return nil, e
	}
	if e := checkSecretHash(c, in.SecretHash, in.Username); e != nil {
		return nil, e
	}
	if c.masking && len(p.cfg.AutoVerifiedAttributes) == 0 {
		// A property of the pool, not of the user: answered alike for every name.
		return nil, newErr(codeInvalidParameter, "Cannot resend codes. Auto verification not turned on.")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	u := p.lookup(in.Username)
	switch {
	case u == nil || u.disabled:
		if c.masking {
			return &deliveryOutput{s.simulatedDelivery(p, in.Username)}, nil
		}
		return nil, newErr(codeUserNotFound, msgUserClientNotFound)
	case u.status != statusUnconfirmed:
		if c.masking {
			return &deliveryOutput{s.simulatedDelivery(p, in.Username)}, nil
		}
		return nil, newErr(codeInvalidParameter, msgAlreadyConfirmed)
	}
	d, ok := s.sendCode(p, u, "signup", "ResendConfirmationCode", r.now)
	if !ok {
		if c.masking {
			return &deliveryOutput{s.simulatedDelivery(p, in.Username)}, nil
		}
		return nil, newErr(codeInvalidParameter, "Cannot resend codes. Auto verification not turned on.")
	}
	s.markChanged(r)
	return &deliveryOutput{d}, nil
}
