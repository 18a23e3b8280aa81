package mockpool

// Attribute verification: GetUserAttributeVerificationCode, VerifyUserAttribute,
// DeleteUserAttributes (and the deletion AdminDeleteUserAttributes shares), and the
// pool's UserAttributeUpdateSettings.
//
// Codes (store_verify.go) are single-use, one per attribute, valid 24 hours
// (floci-io/floci#1898: "24h TTL per AWS"). Counters (internal/lockout), per user
// (sub): GetUserAttributeVerificationCode counts toward Delivery, the same budget
// as ForgotPassword's (inferred: Cognito limits code deliveries per user);
// VerifyUserAttribute's wrong codes toward AttributeCode.

import (
	"time"

	"github.com/maskedauth/maskedauth/internal/cognito"
	"github.com/maskedauth/maskedauth/internal/lockout"
)

// attrCodeLifetime is how long a VerifyUserAttribute code is valid.
const attrCodeLifetime = 24 * time.Hour

// checkUpdateSettings checks UserAttributeUpdateSettings against the pool's
// AutoVerifiedAttributes (CreateUserPool; UpdateUserPool should call it too).
func checkUpdateSettings(us *userAttributeUpdateSettings, autoVerified []string) *apiError {
	if us == nil {
		return nil
	}
	for _, a := range us.AttributesRequireVerificationBeforeUpdate {
		if !contains(autoVerified, a) {
			return newErr(cognito.CodeInvalidParameter, cognito.MsgUpdateSettingsNotAutoVerified)
		}
	}
	return nil
}

// updateSettingsOut is DescribeUserPool's UserAttributeUpdateSettings: Cognito
// answers the member with an empty list when nothing is set.
func updateSettingsOut(us *userAttributeUpdateSettings) *userAttributeUpdateSettings {
	out := &userAttributeUpdateSettings{AttributesRequireVerificationBeforeUpdate: []string{}}
	if us != nil && us.AttributesRequireVerificationBeforeUpdate != nil {
		out.AttributesRequireVerificationBeforeUpdate = us.AttributesRequireVerificationBeforeUpdate
	}
	return out
}

type attrVerificationInput struct {
	AccessToken    string            `json:"AccessToken"`
	AttributeName  string            `json:"AttributeName"`
	Code           string            `json:"Code"`
	ClientMetadata map[string]string `json:"ClientMetadata"`
}

type getAttrCodeInput attrVerificationInput

func (in *getAttrCodeInput) validate(v *validator) {
	v.required("accessToken", in.AccessToken != "")
	v.required("attributeName", in.AttributeName != "")
	if in.AttributeName != "" {
		v.length("attributeName", in.AttributeName, 1, 32, false)
	}
}

type verifyAttrInput attrVerificationInput

func (in *verifyAttrInput) validate(v *validator) {
	(*getAttrCodeInput)(in).validate(v)
	v.required("code", in.Code != "")
	if in.Code != "" {
		v.length("code", in.Code, 1, 2048, true)
	}
}

func (s *Server) opGetUserAttributeVerificationCode(r *request, in *getAttrCodeInput) (*deliveryOutput, *apiError) {
	p, cl, e := s.accessUser(in.AccessToken, r.now)
	if e != nil {
		return nil, e
	}
	if !verifiableAttr(in.AttributeName) {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgNotVerifiable)
	}
	// Checked on a snapshot first, so a refused request is not counted.
	v := p.viewUser(byName(cl.Username, cl.Sub))
	if v == nil {
		return nil, errNoUser()
	}
	if v.disabled {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgUserDisabled)
	}
	if val, ok := v.get(in.AttributeName); !ok || val == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgNoSuchAttribute(in.AttributeName))
	}
	if p.hit(lockout.Delivery, s.counterKey(p, cl.Sub, ""), r.now) {
		return nil, newErr(cognito.CodeLimitExceeded, cognito.MsgLimitExceeded)
	}
	var out []codeDeliveryDetails
	e = s.withClaims(p, cl, func(p *pool, u *user, cl accessClaims) *apiError {
		val, ok := u.get(in.AttributeName)
		if !ok || val == "" {
			return newErr(cognito.CodeInvalidParameter, cognito.MsgNoSuchAttribute(in.AttributeName))
		}
		// A new value waiting for verification gets the new code.
		pending := ""
		if pc := u.attrCode(in.AttributeName); pc != nil {
			pending = pc.value
		}
		out = s.sendVerifications(r, p, cl.ClientID, u, []attrVerification{{name: in.AttributeName, pending: pending}}, "VerifyUserAttribute")
		return nil
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &deliveryOutput{CodeDeliveryDetails: &out[0]}, nil
}

func (s *Server) opVerifyUserAttribute(r *request, in *verifyAttrInput) (*empty, *apiError) {
	p, cl, e := s.accessUser(in.AccessToken, r.now)
	if e != nil {
		return nil, e
	}
	if !verifiableAttr(in.AttributeName) {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgNotVerifiable)
	}
	key := s.counterKey(p, cl.Sub, "")
	if p.limited(lockout.AttributeCode, key, r.now) {
		return nil, newErr(cognito.CodeLimitExceeded, cognito.MsgLimitExceeded)
	}
	var wrong bool // counted once the pool lock is released
	e = s.withClaims(p, cl, func(p *pool, u *user, _ accessClaims) *apiError {
		pc := u.attrCode(in.AttributeName)
		if pc == nil {
			return newErr(cognito.CodeExpiredCode, cognito.MsgExpiredCode)
		}
		if !codeMatches(pc, in.Code) {
			wrong = true
			return newErr(cognito.CodeCodeMismatch, cognito.MsgCodeMismatch)
		}
		if r.now.UnixNano() >= pc.expires {
			return newErr(cognito.CodeExpiredCode, cognito.MsgExpiredCode)
		}
		p.unindex(u)
		oldAttrs, oldCodes := append([]attr(nil), u.attrs...), u.attrCodes
		if pc.value != "" {
			u.set(in.AttributeName, pc.value)
		}
		u.set(in.AttributeName+"_verified", "true")
		u.dropAttrCode(in.AttributeName)
		if e := p.uniqueUsernameAttrError(u.attrs, u); e != nil {
			u.attrs, u.attrCodes = oldAttrs, oldCodes
			p.index(u)
			return e
		}
		if e := s.claimAliases(p, u, false, ""); e != nil {
			u.attrs, u.attrCodes = oldAttrs, oldCodes
			p.index(u)
			return e
		}
		p.index(u)
		u.touch(r.now)
		return nil
	})
	if wrong && p.hit(lockout.AttributeCode, key, r.now) {
		// The window filled up since the check above (concurrent attempts).
		return nil, newErr(cognito.CodeLimitExceeded, cognito.MsgLimitExceeded)
	}
	if e != nil {
		return nil, e
	}
	p.reset(lockout.AttributeCode, key)
	return s.changed(r, nil)
}

type deleteAttributesInput struct {
	AccessToken        string   `json:"AccessToken"`
	UserAttributeNames []string `json:"UserAttributeNames"`
}

func (in *deleteAttributesInput) validate(v *validator) {
	v.required("accessToken", in.AccessToken != "")
	v.required("userAttributeNames", in.UserAttributeNames != nil)
}

func (s *Server) opDeleteUserAttributes(r *request, in *deleteAttributesInput) (*empty, *apiError) {
	e := s.withAccessToken(r, in.AccessToken, func(p *pool, u *user, _ accessClaims) *apiError {
		return s.deleteAttributes(r, p, u, in.UserAttributeNames)
	})
	return s.changed(r, e)
}

// requiredAttribute reports whether attribute name may not be deleted: sub, and
// every attribute the pool's schema declares Required (internal/schema).
func (p *pool) requiredAttribute(name string) bool {
	return name == "sub" || contains(p.attrSchema().Required(), name)
}

// deleteAttributes deletes the named attributes of u (DeleteUserAttributes,
// AdminDeleteUserAttributes): names u lacks are ignored; sub and required
// attributes are refused before anything changes; deleting email or phone_number
// deletes its verification flag and pending code. The caller holds p.mu (inside
// updateUser).
func (s *Server) deleteAttributes(r *request, p *pool, u *user, names []string) *apiError {
	for _, n := range names {
		if p.requiredAttribute(n) {
			return newErr(cognito.CodeInvalidParameter, cognito.MsgCannotDeleteRequired(echo(n)))
		}
	}
	p.unindex(u)
	u.attrs = append([]attr(nil), u.attrs...) // views may share the old slice
	for _, n := range names {
		u.del(n)
		if verifiableAttr(n) {
			u.del(n + "_verified")
			u.dropAttrCode(n)
		}
	}
	p.index(u)
	u.touch(r.now)
	return nil
}
