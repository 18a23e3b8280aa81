package mockpool

// Admin operations: AdminCreateUser, AdminSetUserPassword, AdminGetUser,
// AdminDeleteUser, AdminDisableUser, AdminEnableUser, AdminConfirmSignUp,
// AdminResetUserPassword, AdminUpdateUserAttributes, AdminDeleteUserAttributes,
// AdminUserGlobalSignOut, ListUsers. Cognito does not mask these: an unknown user is
// UserNotFoundException "User does not exist." whatever the app clients say.

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

type adminUserInput struct {
	UserPoolID             string            `json:"UserPoolId"`
	Username               string            `json:"Username"`
	Password               string            `json:"Password"`
	Permanent              bool              `json:"Permanent"`
	TemporaryPassword      string            `json:"TemporaryPassword"`
	UserAttributes         []attributeType   `json:"UserAttributes"`
	UserAttributeNames     []string          `json:"UserAttributeNames"`
	MessageAction          string            `json:"MessageAction"`
	DesiredDeliveryMediums []string          `json:"DesiredDeliveryMediums"`
	ForceAliasCreation     bool              `json:"ForceAliasCreation"`
	ValidationData         []attributeType   `json:"ValidationData"`
	ClientMetadata         map[string]string `json:"ClientMetadata"`
}

func (in *adminUserInput) validate(v *validator) {
	validPoolID(v, in.UserPoolID)
	validUsername(v, in.Username)
}

func errNoUser() *apiError { return newErr(cognito.CodeUserNotFound, cognito.MsgUserNotExist) }

// withUser changes the user named in an admin request through the store (f runs under
// the pool's write lock; UserNotFoundException when there is no such user).
func (s *Server) withUser(r *request, in *adminUserInput, f func(p *pool, u *user) *apiError) (*empty, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	e = s.updateUser(p, byTyped(in.Username), func(u *user) *apiError {
		if u == nil {
			return errNoUser()
		}
		return f(p, u)
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &empty{}, nil
}

// tempPassword draws a temporary password that satisfies the policy.
func (s *Server) tempPassword(pol passwordPolicy) string {
	n := int(pol.minLength())
	if n < 12 {
		n = 12
	}
	return s.randString("ABCDEFGHJKLMNPQRSTUVWXYZ", 1) + s.randString("abcdefghijkmnopqrstuvwxyz", 1) +
		s.randString("23456789", 1) + s.randString("!#%&*+-=?@^_", 1) + s.randString(alnum, n-4)
}

type userOutput struct {
	User userType `json:"User"`
}

func (s *Server) opAdminCreateUser(r *request, in *adminUserInput) (*userOutput, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	var v validator
	if in.MessageAction != "" {
		v.enum("messageAction", in.MessageAction, []string{"RESEND", "SUPPRESS"})
	}
	if in.TemporaryPassword != "" {
		v.length("temporaryPassword", in.TemporaryPassword, 1, 256, true)
	}
	if e := v.err(); e != nil {
		return nil, e
	}
	temp := in.TemporaryPassword
	if temp != "" {
		if why := passwordProblem(p.cfg().Policy, temp); why != "" {
			return nil, newErr(cognito.CodeInvalidPassword, cognito.MsgPasswordPolicyAdminPrefix+why)
		}
	} else {
		temp = s.tempPassword(p.cfg().Policy)
	}
	expires := r.now.Add(p.cfg().Policy.tempValidity()).UnixNano()

	if in.MessageAction == "RESEND" {
		var out userOutput
		e := s.updateUser(p, byTyped(in.Username), func(u *user) *apiError {
			if u == nil {
				return errNoUser()
			}
			if u.status != statusForceChangePassword {
				return newErr(cognito.CodeUnsupportedUserState, cognito.MsgResendNotPossible(u.username))
			}
			s.setPassword(p, u, temp)
			u.tempExpires = expires
			u.touch(r.now)
			s.invite(r, p, u, temp, in.DesiredDeliveryMediums)
			out.User = userTypeOf(u.view())
			return nil
		})
		if e != nil {
			return nil, e
		}
		s.markChanged(r)
		return &out, nil
	}

	if e := checkNewUsername(p, in.Username); e != nil {
		return nil, e
	}
	attrs, e := newUserAttributes(p, nil, in.UserAttributes) // an administrator
	if e != nil {
		return nil, e
	}
	u := s.newUser(p, in.Username, attrs, r.now)
	if t := p.trig(); t != nil && t.PreSignUp != nil {
		pre, e := s.preSignUp(r, p, "", "PreSignUp_AdminCreateUser", u, in.ValidationData, in.ClientMetadata)
		if e != nil {
			return nil, e
		}
		applyAutoVerify(u, pre.AutoVerifyEmail, pre.AutoVerifyPhone)
	}
	u.status = statusForceChangePassword
	u.tempExpires = expires
	s.setPassword(p, u, temp)

	var out userOutput
	e = s.insertUser(p, u, func(u *user) *apiError {
		if p.usernameTaken(u.username) {
			return newErr(cognito.CodeUsernameExists, cognito.MsgUserAccountExists)
		}
		if e := p.uniqueUsernameAttrError(u.attrs, u); e != nil {
			return e
		}
		if e := s.claimAliases(p, u, in.ForceAliasCreation, ""); e != nil {
			return e
		}
		if in.MessageAction != "SUPPRESS" {
			s.invite(r, p, u, temp, in.DesiredDeliveryMediums)
		}
		out.User = userTypeOf(u.view())
		return nil
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &out, nil
}

// invite "sends" the invitation with the temporary password (purpose AdminCreateUser)
// by the first desired medium (default SMS) the user has an attribute for.
func (s *Server) invite(r *request, p *pool, u *user, temp string, mediums []string) {
	now := r.now
	if len(mediums) == 0 {
		mediums = []string{"SMS"}
	}
	for _, m := range mediums {
		name := "email"
		if m == "SMS" {
			name = "phone_number"
		}
		if v, ok := u.get(name); ok && v != "" {
			s.queue(r, p, "", u.attrs, Message{UserPoolID: p.id, Username: u.username, Medium: m, Destination: v, Code: temp, Purpose: "AdminCreateUser", SentAt: now})
			return
		}
	}
}

func (s *Server) opAdminSetUserPassword(r *request, in *adminUserInput) (*empty, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	var v validator
	validPassword(&v, "password", in.Password)
	if e := v.err(); e != nil {
		return nil, e
	}
	if p.viewUser(byTyped(in.Username)) == nil {
		return nil, errNoUser()
	}
	if why := passwordProblem(p.cfg().Policy, in.Password); why != "" {
		return nil, newErr(cognito.CodeInvalidPassword, cognito.MsgPasswordPolicyAdminPrefix+why)
	}
	return s.withUser(r, in, func(p *pool, u *user) *apiError {
		s.setPassword(p, u, in.Password)
		if in.Permanent {
			u.status, u.tempExpires = statusConfirmed, 0
		} else {
			u.status, u.tempExpires = statusForceChangePassword, r.now.Add(p.cfg().Policy.tempValidity()).UnixNano()
		}
		u.resetCode = nil
		u.touch(r.now)
		return nil
	})
}

// getUserOutput is AdminGetUser's answer (GetUser's without the dates and status).
type getUserOutput struct {
	Username             string          `json:"Username"`
	UserAttributes       []attributeType `json:"UserAttributes"`
	UserCreateDate       *float64        `json:"UserCreateDate,omitempty"`
	UserLastModifiedDate *float64        `json:"UserLastModifiedDate,omitempty"`
	Enabled              *bool           `json:"Enabled,omitempty"`
	UserStatus           string          `json:"UserStatus,omitempty"`
	UserMFASettingList   []string        `json:"UserMFASettingList,omitempty"`
	PreferredMfaSetting  string          `json:"PreferredMfaSetting,omitempty"`
	MFAOptions           []mfaOption     `json:"MFAOptions,omitempty"`
}

func (s *Server) opAdminGetUser(r *request, in *adminUserInput) (*getUserOutput, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	v := p.viewUser(byTyped(in.Username))
	if v == nil {
		return nil, errNoUser()
	}
	created, modified, enabled := epoch(v.created), epoch(v.modified), !v.disabled
	out := &getUserOutput{Username: v.username, UserAttributes: attributeList(v.attrs), UserCreateDate: &created,
		UserLastModifiedDate: &modified, Enabled: &enabled, UserStatus: v.status.String()}
	mfaFields(out, v.mfa)
	return out, nil
}

func (s *Server) opAdminDeleteUser(r *request, in *adminUserInput) (*empty, *apiError) {
	return s.withUser(r, in, func(p *pool, u *user) *apiError {
		s.removeUser(p, u)
		return nil
	})
}

func (s *Server) opAdminDisableUser(r *request, in *adminUserInput) (*empty, *apiError) {
	return s.withUser(r, in, func(p *pool, u *user) *apiError {
		u.disabled = true
		u.touch(r.now)
		s.revokeUserSessions(p, u.username) // Cognito revokes the user's tokens
		return nil
	})
}

func (s *Server) opAdminEnableUser(r *request, in *adminUserInput) (*empty, *apiError) {
	return s.withUser(r, in, func(p *pool, u *user) *apiError {
		u.disabled = false
		u.touch(r.now)
		return nil
	})
}

func (s *Server) opAdminConfirmSignUp(r *request, in *adminUserInput) (*empty, *apiError) {
	var st *userView
	var tp *pool
	out, e := s.withUser(r, in, func(p *pool, u *user) *apiError {
		if u.status != statusUnconfirmed {
			return newErr(cognito.CodeNotAuthorized, cognito.MsgCannotConfirmPrefix+u.status.String())
		}
		u.status = statusConfirmed
		u.signUpCode = nil
		u.touch(r.now)
		v := u.view()
		st, tp = &v, p
		return nil
	})
	if e == nil && st != nil {
		if e := s.postConfirmation(r, tp, "", "PostConfirmation_ConfirmSignUp", st, in.ClientMetadata); e != nil {
			return nil, e
		}
	}
	return out, e
}

func (s *Server) opAdminResetUserPassword(r *request, in *adminUserInput) (*empty, *apiError) {
	return s.withUser(r, in, func(p *pool, u *user) *apiError {
		if _, ok := s.sendCode(r, p, "", u, "reset", cognito.OpAdminResetUserPassword); !ok {
			return newErr(cognito.CodeInvalidParameter, cognito.MsgNoVerifiedContact)
		}
		if u.status == statusConfirmed {
			u.status = statusResetRequired
		}
		u.touch(r.now)
		return nil
	})
}

// attrVerification is an attribute that needs a verification code: its current
// value, or (pending != "") a new value kept aside until verified.
type attrVerification struct{ name, pending string }

// updateAttributes applies attribute changes the way Cognito does: a changed email or
// phone number becomes unverified unless the same call verifies it; in a pool that
// keeps the original until verification (AttributesRequireVerificationBeforeUpdate)
// a verified old value stays in place and the new one waits for its code (an
// unverified old value is replaced at once: inferred); aliases must stay unique. It
// returns the attributes that need a verification code. The caller holds p.mu.
func (s *Server) updateAttributes(p *pool, u *user, changes []attr, force bool) ([]attrVerification, *apiError) {
	p.unindex(u)
	old, oldCodes := append([]attr(nil), u.attrs...), u.attrCodes
	var verify []attrVerification
	changed := map[string]bool{} // the email and phone_number this call changes
	for _, a := range changes {
		if prev, had := u.get(a.name); verifiableAttr(a.name) && (!had || prev != a.value) {
			changed[a.name] = true
		}
	}
	for _, a := range changes {
		if changed[a.name] {
			prev, had := u.get(a.name)
			if v, ok := attrValue(changes, a.name+"_verified"); ok {
				u.set(a.name, a.value)
				u.set(a.name+"_verified", v)
				u.dropAttrCode(a.name)
			} else if had && prev != "" && u.verified(a.name) && p.keepsOriginal(a.name) {
				verify = append(verify, attrVerification{name: a.name, pending: a.value})
			} else {
				u.set(a.name, a.value)
				u.set(a.name+"_verified", "false")
				u.dropAttrCode(a.name)
				if p.autoVerifies(a.name) {
					verify = append(verify, attrVerification{name: a.name})
				}
			}
			continue
		}
		if strings.HasSuffix(a.name, "_verified") && changed[strings.TrimSuffix(a.name, "_verified")] {
			continue // set with its attribute above
		}
		u.set(a.name, a.value)
	}
	fail := func(e *apiError) ([]attrVerification, *apiError) {
		u.attrs, u.attrCodes = old, oldCodes
		p.index(u)
		return nil, e
	}
	for _, name := range [...]string{"email", "phone_number"} {
		if p.usernameAttr(name) {
			if v, ok := u.get(name); ok {
				if o := p.aliases[aliasKey(name, v)]; o != nil && o != u {
					return fail(newErr(cognito.CodeAliasExists, cognito.MsgAttributeExists(name)))
				}
			}
		}
	}
	if e := s.claimAliases(p, u, force, "given "); e != nil {
		return fail(e)
	}
	p.index(u)
	return verify, nil
}

func (s *Server) opAdminUpdateUserAttributes(r *request, in *adminUserInput) (*empty, *apiError) {
	return s.withUser(r, in, func(p *pool, u *user) *apiError {
		changes, e := changedAttributes(p, nil, in.UserAttributes) // an administrator
		if e != nil {
			return e
		}
		verify, e := s.updateAttributes(p, u, changes, in.ForceAliasCreation)
		if e != nil {
			return e
		}
		s.sendVerifications(r, p, "", u, verify, "VerifyUserAttribute")
		u.touch(r.now)
		return nil
	})
}

// sendVerifications draws a VerifyUserAttribute code for each attribute, stores it
// on u (the caller holds p.mu; it replaces the attribute's earlier code) and sends it
// to the attribute's value, or to the new value that waits for it.
func (s *Server) sendVerifications(r *request, p *pool, clientID string, u *user, verify []attrVerification, purpose string) []codeDeliveryDetails {
	now := r.now
	var out []codeDeliveryDetails
	for _, a := range verify {
		v, _ := u.get(a.name)
		if a.pending != "" {
			v = a.pending
		}
		medium := "EMAIL"
		if a.name == "phone_number" {
			medium = "SMS"
		}
		code := s.newCode()
		u.setAttrCode(&pendingCode{code: code, attr: a.name, expires: now.Add(attrCodeLifetime).UnixNano(), value: a.pending})
		s.queue(r, p, clientID, u.attrs, Message{UserPoolID: p.id, Username: u.username, Medium: medium, Destination: v, Code: code, Purpose: purpose, SentAt: now})
		out = append(out, codeDeliveryDetails{Destination: maskDestination(medium, v), DeliveryMedium: medium, AttributeName: a.name})
	}
	return out
}

func (s *Server) opAdminDeleteUserAttributes(r *request, in *adminUserInput) (*empty, *apiError) {
	return s.withUser(r, in, func(p *pool, u *user) *apiError {
		return s.deleteAttributes(r, p, u, in.UserAttributeNames) // op_verify.go
	})
}

func (s *Server) opAdminUserGlobalSignOut(r *request, in *adminUserInput) (*empty, *apiError) {
	return s.withUser(r, in, func(p *pool, u *user) *apiError {
		s.revokeUserSessions(p, u.username)
		return nil
	})
}

var filterPattern = regexp.MustCompile(`^\s*([\w:]+)\s*(=|\^=)\s*"((?:[^"\\]|\\.)*)"\s*$`)

var filterAttrs = map[string]bool{"username": true, "email": true, "phone_number": true, "name": true, "given_name": true,
	"family_name": true, "preferred_username": true, "cognito:user_status": true, "status": true, "sub": true}

type listUsersInput struct {
	UserPoolID      string   `json:"UserPoolId"`
	AttributesToGet []string `json:"AttributesToGet"`
	Limit           *int32   `json:"Limit"`
	PaginationToken string   `json:"PaginationToken"`
	Filter          string   `json:"Filter"`
}

func (in *listUsersInput) validate(v *validator) {
	validPoolID(v, in.UserPoolID)
	if in.Limit != nil && (*in.Limit < 0 || *in.Limit > 60) {
		v.add(fmt.Sprintf("Value '%d' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60", *in.Limit))
	}
}

type listUsersOutput struct {
	Users           []userType `json:"Users"`
	PaginationToken string     `json:"PaginationToken,omitempty"`
}

func (s *Server) opListUsers(r *request, in *listUsersInput) (*listUsersOutput, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	var attrName, op, want string
	if strings.TrimSpace(in.Filter) != "" {
		m := filterPattern.FindStringSubmatch(in.Filter)
		if m == nil {
			return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgFilterParse)
		}
		attrName, op, want = m[1], m[2], strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(m[3])
		if !filterAttrs[attrName] {
			return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgInvalidSearchAttrPrefix+echo(attrName))
		}
	}
	limit := 60
	if in.Limit != nil && *in.Limit > 0 {
		limit = int(*in.Limit)
	}
	after := ""
	if in.PaginationToken != "" {
		b, err := base64.RawURLEncoding.DecodeString(in.PaginationToken)
		if err != nil {
			return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgInvalidPaginationTokenDot)
		}
		after = string(b)
	}
	out := &listUsersOutput{Users: []userType{}}
	p.eachUser(after, func(_ string, u *user) bool {
		if attrName != "" {
			var got string
			switch attrName {
			case "username":
				got = u.username
			case "cognito:user_status":
				got = u.status.String()
			case "status":
				got = map[bool]string{true: "Disabled", false: "Enabled"}[u.disabled]
			default:
				got, _ = u.get(attrName)
			}
			if (op == "=" && got != want) || (op == "^=" && !strings.HasPrefix(got, want)) {
				return true
			}
		}
		if len(out.Users) == limit {
			out.PaginationToken = base64.RawURLEncoding.EncodeToString([]byte(p.norm(out.Users[len(out.Users)-1].Username)))
			return false
		}
		ut := userTypeOf(u.view())
		if len(in.AttributesToGet) > 0 {
			var kept []attributeType
			for _, a := range ut.Attributes {
				if contains(in.AttributesToGet, a.Name) {
					kept = append(kept, a)
				}
			}
			ut.Attributes = kept
		}
		out.Users = append(out.Users, ut)
		return true
	})
	return out, nil
}
