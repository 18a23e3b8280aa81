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
	"sort"
	"strings"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

func init() {
	registerOps(map[string]opHandler{
		cognito.OpAdminCreateUser:           (*Server).opAdminCreateUser,
		cognito.OpAdminSetUserPassword:      (*Server).opAdminSetUserPassword,
		cognito.OpAdminGetUser:              (*Server).opAdminGetUser,
		cognito.OpAdminDeleteUser:           (*Server).opAdminDeleteUser,
		cognito.OpAdminDisableUser:          (*Server).opAdminDisableUser,
		cognito.OpAdminEnableUser:           (*Server).opAdminEnableUser,
		cognito.OpAdminConfirmSignUp:        (*Server).opAdminConfirmSignUp,
		cognito.OpAdminResetUserPassword:    (*Server).opAdminResetUserPassword,
		cognito.OpAdminUpdateUserAttributes: (*Server).opAdminUpdateUserAttributes,
		cognito.OpAdminDeleteUserAttributes: (*Server).opAdminDeleteUserAttributes,
		cognito.OpAdminUserGlobalSignOut:    (*Server).opAdminUserGlobalSignOut,
		cognito.OpListUsers:                 (*Server).opListUsers,
	})
}

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

// adminUser decodes an admin request and finds its pool (not the user).
func (s *Server) adminUser(r *request, in *adminUserInput) (*pool, *apiError) {
	if e := decode(r.body, in); e != nil {
		return nil, e
	}
	var v validator
	validPoolID(&v, in.UserPoolID)
	validUsername(&v, in.Username)
	if e := v.err(); e != nil {
		return nil, e
	}
	return s.getPool(in.UserPoolID)
}

// withUser runs f on the user under the pool's write lock.
func (s *Server) withUser(r *request, f func(p *pool, u *user, in *adminUserInput) (any, *apiError)) (any, *apiError) {
	var in adminUserInput
	p, e := s.adminUser(r, &in)
	if e != nil {
		return nil, e
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	u := p.lookup(in.Username)
	if u == nil {
		return nil, newErr(cognito.CodeUserNotFound, cognito.MsgUserNotExist)
	}
	return f(p, u, &in)
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

func (s *Server) opAdminCreateUser(r *request) (any, *apiError) {
	var in adminUserInput
	p, e := s.adminUser(r, &in)
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
		if why := passwordProblem(p.cfg.Policy, temp); why != "" {
			return nil, newErr(cognito.CodeInvalidPassword, cognito.MsgPasswordPolicyAdminPrefix+why)
		}
	} else {
		temp = s.tempPassword(p.cfg.Policy)
	}
	expires := r.now.Add(p.cfg.Policy.tempValidity()).UnixNano()

	if in.MessageAction == "RESEND" {
		p.mu.Lock()
		defer p.mu.Unlock()
		u := p.lookup(in.Username)
		if u == nil {
			return nil, newErr(cognito.CodeUserNotFound, cognito.MsgUserNotExist)
		}
		if u.status != statusForceChangePassword {
			return nil, newErr(cognito.CodeUnsupportedUserState, cognito.MsgResendNotPossible(u.username))
		}
		s.setPassword(p, u, temp)
		u.tempExpires = expires
		u.touch(r.now)
		s.invite(r, p, u, temp, in.DesiredDeliveryMediums)
		s.markChanged(r)
		return map[string]any{"User": userTypeOf(u.view())}, nil
	}

	if e := checkNewUsername(p, in.Username); e != nil {
		return nil, e
	}
	attrs, e := checkAttributes(in.UserAttributes)
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

	p.mu.Lock()
	defer p.mu.Unlock()
	if p.users[p.norm(u.username)] != nil {
		return nil, newErr(cognito.CodeUsernameExists, cognito.MsgUserAccountExists)
	}
	if e := p.uniqueUsernameAttrError(u.attrs, u); e != nil {
		return nil, e
	}
	if e := p.claimAliases(u, in.ForceAliasCreation, ""); e != nil {
		return nil, e
	}
	p.index(u)
	if in.MessageAction != "SUPPRESS" {
		s.invite(r, p, u, temp, in.DesiredDeliveryMediums)
	}
	s.markChanged(r)
	return map[string]any{"User": userTypeOf(u.view())}, nil
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

func (s *Server) opAdminSetUserPassword(r *request) (any, *apiError) {
	var in adminUserInput
	p, e := s.adminUser(r, &in)
	if e != nil {
		return nil, e
	}
	var v validator
	validPassword(&v, "password", in.Password)
	if e := v.err(); e != nil {
		return nil, e
	}
	p.mu.RLock()
	u := p.lookup(in.Username)
	p.mu.RUnlock()
	if u == nil {
		return nil, newErr(cognito.CodeUserNotFound, cognito.MsgUserNotExist)
	}
	if why := passwordProblem(p.cfg.Policy, in.Password); why != "" {
		return nil, newErr(cognito.CodeInvalidPassword, cognito.MsgPasswordPolicyAdminPrefix+why)
	}
	return s.withUser(r, func(p *pool, u *user, in *adminUserInput) (any, *apiError) {
		s.setPassword(p, u, in.Password)
		if in.Permanent {
			u.status, u.tempExpires = statusConfirmed, 0
		} else {
			u.status, u.tempExpires = statusForceChangePassword, r.now.Add(p.cfg.Policy.tempValidity()).UnixNano()
		}
		u.resetCode = nil
		u.touch(r.now)
		s.markChanged(r)
		return empty{}, nil
	})
}

func (s *Server) opAdminGetUser(r *request) (any, *apiError) {
	return s.withUser(r, func(p *pool, u *user, in *adminUserInput) (any, *apiError) {
		v := u.view()
		return mfaFields(map[string]any{"Username": v.username, "UserAttributes": attributeList(v.attrs), "UserCreateDate": epoch(v.created),
			"UserLastModifiedDate": epoch(v.modified), "Enabled": !v.disabled, "UserStatus": v.status.String()}, v.mfa), nil
	})
}

func (s *Server) deleteUser(p *pool, u *user) {
	p.unindex(u)
	p.revokeUserSessions(u.username)
}

func (s *Server) opAdminDeleteUser(r *request) (any, *apiError) {
	return s.withUser(r, func(p *pool, u *user, in *adminUserInput) (any, *apiError) {
		s.deleteUser(p, u)
		s.markChanged(r)
		return empty{}, nil
	})
}

func (s *Server) opAdminDisableUser(r *request) (any, *apiError) {
	return s.withUser(r, func(p *pool, u *user, in *adminUserInput) (any, *apiError) {
		u.disabled = true
		u.touch(r.now)
		p.revokeUserSessions(u.username) // Cognito revokes the user's tokens
		s.markChanged(r)
		return empty{}, nil
	})
}

func (s *Server) opAdminEnableUser(r *request) (any, *apiError) {
	return s.withUser(r, func(p *pool, u *user, in *adminUserInput) (any, *apiError) {
		u.disabled = false
		u.touch(r.now)
		s.markChanged(r)
		return empty{}, nil
	})
}

func (s *Server) opAdminConfirmSignUp(r *request) (any, *apiError) {
	var st *userView
	var tp *pool
	var meta map[string]string
	out, e := s.withUser(r, func(p *pool, u *user, in *adminUserInput) (any, *apiError) {
		if u.status != statusUnconfirmed {
			return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgCannotConfirmPrefix+u.status.String())
		}
		u.status = statusConfirmed
		u.signUpCode = nil
		u.touch(r.now)
		s.markChanged(r)
		v := u.view()
		st, tp, meta = &v, p, in.ClientMetadata
		return empty{}, nil
	})
	if e == nil && st != nil {
		if e := s.postConfirmation(r, tp, "", "PostConfirmation_ConfirmSignUp", st, meta); e != nil {
			return nil, e
		}
	}
	return out, e
}

func (s *Server) opAdminResetUserPassword(r *request) (any, *apiError) {
	return s.withUser(r, func(p *pool, u *user, in *adminUserInput) (any, *apiError) {
		if _, ok := s.sendCode(r, p, "", u, "reset", cognito.OpAdminResetUserPassword); !ok {
			return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgNoVerifiedContact)
		}
		if u.status == statusConfirmed {
			u.status = statusResetRequired
		}
		u.touch(r.now)
		s.markChanged(r)
		return empty{}, nil
	})
}

// updateAttributes applies attribute changes the way Cognito does: a changed email or
// phone number becomes unverified unless the same call verifies it; aliases must stay
// unique. It returns the attributes that need a verification code. The caller holds
// p.mu.
func (s *Server) updateAttributes(p *pool, u *user, changes []attr, force bool) ([]string, *apiError) {
	p.unindex(u)
	old := append([]attr(nil), u.attrs...)
	var verify []string
	for _, a := range changes {
		prev, had := u.get(a.name)
		u.set(a.name, a.value)
		if (a.name == "email" || a.name == "phone_number") && (!had || prev != a.value) {
			if v, ok := attrValue(changes, a.name+"_verified"); ok {
				u.set(a.name+"_verified", v)
			} else {
				u.set(a.name+"_verified", "false")
				if p.autoVerifies(a.name) {
					verify = append(verify, a.name)
				}
			}
		}
	}
	fail := func(e *apiError) ([]string, *apiError) {
		u.attrs = old
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
	if e := p.claimAliases(u, force, "given "); e != nil {
		return fail(e)
	}
	p.index(u)
	return verify, nil
}

func (s *Server) opAdminUpdateUserAttributes(r *request) (any, *apiError) {
	return s.withUser(r, func(p *pool, u *user, in *adminUserInput) (any, *apiError) {
		changes, e := checkAttributes(in.UserAttributes)
		if e != nil {
			return nil, e
		}
		verify, e := s.updateAttributes(p, u, changes, in.ForceAliasCreation)
		if e != nil {
			return nil, e
		}
		s.sendVerifications(r, p, "", u, verify, "VerifyUserAttribute")
		u.touch(r.now)
		s.markChanged(r)
		return empty{}, nil
	})
}

// sendVerifications sends a VerifyUserAttribute code for each attribute.
func (s *Server) sendVerifications(r *request, p *pool, clientID string, u *user, names []string, purpose string) []codeDeliveryDetails {
	now := r.now
	var out []codeDeliveryDetails
	for _, name := range names {
		v, _ := u.get(name)
		medium := "EMAIL"
		if name == "phone_number" {
			medium = "SMS"
		}
		s.queue(r, p, clientID, u.attrs, Message{UserPoolID: p.id, Username: u.username, Medium: medium, Destination: v, Code: s.newCode(), Purpose: purpose, SentAt: now})
		out = append(out, codeDeliveryDetails{Destination: maskDestination(medium, v), DeliveryMedium: medium, AttributeName: name})
	}
	return out
}

func (s *Server) opAdminDeleteUserAttributes(r *request) (any, *apiError) {
	return s.withUser(r, func(p *pool, u *user, in *adminUserInput) (any, *apiError) {
		p.unindex(u)
		for _, n := range in.UserAttributeNames {
			if n != "sub" {
				u.del(n)
			}
		}
		p.index(u)
		u.touch(r.now)
		s.markChanged(r)
		return empty{}, nil
	})
}

func (s *Server) opAdminUserGlobalSignOut(r *request) (any, *apiError) {
	return s.withUser(r, func(p *pool, u *user, in *adminUserInput) (any, *apiError) {
		p.revokeUserSessions(u.username)
		s.markChanged(r)
		return empty{}, nil
	})
}

var filterPattern = regexp.MustCompile(`^\s*([\w:]+)\s*(=|\^=)\s*"((?:[^"\\]|\\.)*)"\s*$`)

var filterAttrs = map[string]bool{"username": true, "email": true, "phone_number": true, "name": true, "given_name": true,
	"family_name": true, "preferred_username": true, "cognito:user_status": true, "status": true, "sub": true}

func (s *Server) opListUsers(r *request) (any, *apiError) {
	var in struct {
		UserPoolID      string   `json:"UserPoolId"`
		AttributesToGet []string `json:"AttributesToGet"`
		Limit           *int32   `json:"Limit"`
		PaginationToken string   `json:"PaginationToken"`
		Filter          string   `json:"Filter"`
	}
	if e := decode(r.body, &in); e != nil {
		return nil, e
	}
	var v validator
	validPoolID(&v, in.UserPoolID)
	if in.Limit != nil && (*in.Limit < 0 || *in.Limit > 60) {
		v.add(fmt.Sprintf("Value '%d' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60", *in.Limit))
	}
	if e := v.err(); e != nil {
		return nil, e
	}
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
	p.mu.RLock()
	keys := make([]string, 0, len(p.users))
	for k := range p.users {
		if k > after {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	users := []userType{}
	next := ""
	for _, k := range keys {
		u := p.users[k]
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
				continue
			}
		}
		if len(users) == limit {
			next = base64.RawURLEncoding.EncodeToString([]byte(p.norm(users[len(users)-1].Username)))
			break
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
		users = append(users, ut)
	}
	p.mu.RUnlock()
	out := map[string]any{"Users": users}
	if next != "" {
		out["PaginationToken"] = next
	}
	return out, nil
}
