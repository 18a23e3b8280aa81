package mockpool

// UpdateUserPool. Like Cognito ("If you don't provide a value for an attribute,
// Amazon Cognito sets it to its default value", API reference and developer guide,
// "Updating user pool and app client configuration"), a setting left out of the
// request goes back to its default: the password policy, Lambda triggers, MFA mode,
// auto-verified attributes, recovery setting, device tracking, deletion protection,
// message templates, email and SMS configuration, add-ons. Settings the request
// cannot change (username and alias attributes, case sensitivity, schema) stay.
// Inferred: a request without PoolName, UserPoolTags or UserPoolTier keeps the
// pool's name, tags and feature plan.

import (
	"fmt"
	"strings"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// wireField is the wire path of a member encoding/json names: without the Go names
// of embedded structs (poolSettings), which json adds and the wire does not have.
// Cognito's member names start with a capital letter; Go's embedded types here don't.
func wireField(path string) string {
	parts := strings.Split(path, ".")
	kept := parts[:0]
	for _, p := range parts {
		if p != "" && p[0] >= 'a' && p[0] <= 'z' {
			continue
		}
		kept = append(kept, p)
	}
	return strings.Join(kept, ".")
}

// adminCreateUserConfigInput is Cognito's AdminCreateUserConfigType in a request.
type adminCreateUserConfigInput struct {
	AllowAdminCreateUserOnly  bool           `json:"AllowAdminCreateUserOnly"`
	UnusedAccountValidityDays *int32         `json:"UnusedAccountValidityDays"`
	InviteMessageTemplate     map[string]any `json:"InviteMessageTemplate"`
}

// stored is the part of the configuration the pool keeps (nil without one).
func (a *adminCreateUserConfigInput) stored() *adminCreateUserSettings {
	if a == nil {
		return nil
	}
	return &adminCreateUserSettings{AllowAdminCreateUserOnly: a.AllowAdminCreateUserOnly, InviteMessageTemplate: a.InviteMessageTemplate}
}

// poolSettingsDefaults fills the defaults DescribeUserPool shows for settings a
// request left out (inferred from DescribeUserPool answers of pools created
// without them): Cognito's email account, code verification, no attribute that
// needs verification before an update, and the Essentials plan (or tier, the
// pool's plan before the update).
func poolSettingsDefaults(in poolSettings, tier string) poolSettings {
	if in.EmailConfiguration == nil {
		in.EmailConfiguration = map[string]any{"EmailSendingAccount": "COGNITO_DEFAULT"}
	}
	if in.VerificationMessageTemplate == nil {
		in.VerificationMessageTemplate = map[string]any{"DefaultEmailOption": "CONFIRM_WITH_CODE"}
	}
	if in.UserAttributeUpdateSettings == nil {
		in.UserAttributeUpdateSettings = &userAttributeUpdateSettings{AttributesRequireVerificationBeforeUpdate: []string{}}
	}
	if in.UserPoolTier == "" {
		in.UserPoolTier = tier
	}
	if in.UserPoolTier == "" {
		in.UserPoolTier = "ESSENTIALS"
	}
	return in
}

// updateUserPoolInput is UpdateUserPool's request.
type updateUserPoolInput struct {
	UserPoolID             string                      `json:"UserPoolId"`
	PoolName               string                      `json:"PoolName"`
	Policies               *poolPolicies               `json:"Policies"`
	LambdaConfig           map[string]any              `json:"LambdaConfig"`
	AutoVerifiedAttributes []string                    `json:"AutoVerifiedAttributes"`
	AccountRecoverySetting *accountRecovery            `json:"AccountRecoverySetting"`
	MfaConfiguration       string                      `json:"MfaConfiguration"`
	UserPoolTags           map[string]string           `json:"UserPoolTags"`
	DeletionProtection     string                      `json:"DeletionProtection"`
	DeviceConfiguration    *deviceConfiguration        `json:"DeviceConfiguration"`
	AdminCreateUserConfig  *adminCreateUserConfigInput `json:"AdminCreateUserConfig"`
	poolSettings
}

// checkTemplate adds the failure of a message member that must hold the {####}
// placeholder (Cognito's pattern .*\{####\}.* for the SMS messages).
func checkTemplate(v *validator, field, value string, minLen, maxLen int) {
	if value == "" {
		return
	}
	v.length(field, value, minLen, maxLen, false)
	if !strings.Contains(value, "{####}") {
		v.add(fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: .*\\{####\\}.*", echo(value), field))
	}
}

func (in *updateUserPoolInput) validate(v *validator) {
	validPoolID(v, in.UserPoolID)
	if in.Policies != nil {
		in.Policies.SignInPolicy.validate(v)
	}
	if in.PoolName != "" {
		v.length("poolName", in.PoolName, 1, 128, false)
	}
	checkEnumList(v, "autoVerifiedAttributes", in.AutoVerifiedAttributes, []string{"phone_number", "email"})
	if in.MfaConfiguration != "" {
		v.enum("mfaConfiguration", in.MfaConfiguration, []string{"OFF", "ON", "OPTIONAL"})
	}
	if in.DeletionProtection != "" {
		v.enum("deletionProtection", in.DeletionProtection, []string{"ACTIVE", "INACTIVE"})
	}
	if in.Policies != nil && in.Policies.PasswordPolicy != nil && in.Policies.PasswordPolicy.MinimumLength != nil {
		if n := *in.Policies.PasswordPolicy.MinimumLength; n < 6 || n > 99 {
			v.add(fmt.Sprintf("Value '%d' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value %s", n,
				map[bool]string{true: "greater than or equal to 6", false: "less than or equal to 99"}[n < 6]))
		}
	}
	in.poolSettings.check(v)
}

// check adds the validation failures of the settings (CreateUserPool and
// UpdateUserPool alike).
func (in *poolSettings) check(v *validator) {
	if in.UserPoolTier != "" {
		v.enum("userPoolTier", in.UserPoolTier, []string{"LITE", "ESSENTIALS", "PLUS"})
	}
	if a := in.UserPoolAddOns; a != nil {
		v.required("userPoolAddOns.advancedSecurityMode", a.AdvancedSecurityMode != "")
		if a.AdvancedSecurityMode != "" {
			v.enum("userPoolAddOns.advancedSecurityMode", a.AdvancedSecurityMode, []string{"OFF", "AUDIT", "ENFORCED"})
		}
	}
	checkTemplate(v, "smsVerificationMessage", in.SmsVerificationMessage, 6, 140)
	checkTemplate(v, "smsAuthenticationMessage", in.SmsAuthenticationMessage, 6, 140)
	if in.EmailVerificationMessage != "" {
		v.length("emailVerificationMessage", in.EmailVerificationMessage, 6, 20000, false)
	}
	if in.EmailVerificationSubject != "" {
		v.length("emailVerificationSubject", in.EmailVerificationSubject, 1, 140, false)
	}
	if u := in.UserAttributeUpdateSettings; u != nil {
		checkEnumList(v, "userAttributeUpdateSettings.attributesRequireVerificationBeforeUpdate", u.AttributesRequireVerificationBeforeUpdate, []string{"phone_number", "email"})
	}
}

// defaultPolicy is a password policy with Cognito's defaults filled in (no policy:
// 8 characters, every character class, temporary passwords valid 7 days).
func defaultPolicy(p *poolPolicies) passwordPolicy {
	pol := passwordPolicy{RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true}
	if p != nil && p.PasswordPolicy != nil {
		pol = *p.PasswordPolicy
	}
	if pol.MinimumLength == nil {
		n := int32(8)
		pol.MinimumLength = &n
	}
	if pol.TemporaryPasswordValidityDays == nil {
		n := int32(7)
		pol.TemporaryPasswordValidityDays = &n
	}
	return pol
}

func (s *Server) opUpdateUserPool(r *request, in *updateUserPoolInput) (*empty, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	if rs := in.AccountRecoverySetting; rs != nil {
		for _, m := range rs.RecoveryMechanisms {
			if !contains([]string{"verified_email", "verified_phone_number", "admin_only"}, m.Name) {
				return nil, newErr(cognito.CodeInvalidParameter, fmt.Sprintf("1 validation error detected: Value '%s' at 'accountRecoverySetting.recoveryMechanisms.member.name' failed to satisfy constraint: Member must satisfy enum value set: [verified_email, verified_phone_number, admin_only]", echo(m.Name)))
			}
		}
	}
	if e := checkUpdateSettings(in.UserAttributeUpdateSettings, in.AutoVerifiedAttributes); e != nil {
		return nil, e
	}
	old := p.cfg()
	cfg := *old // what UpdateUserPool cannot change stays
	if in.PoolName != "" {
		cfg.Name = in.PoolName
	}
	cfg.Policy = defaultPolicy(in.Policies)
	cfg.SignInPolicy = nil // omitted: PASSWORD only, as Cognito resets omitted fields
	if in.Policies != nil {
		cfg.SignInPolicy = in.Policies.SignInPolicy.stored()
	}
	cfg.LambdaConfig = in.LambdaConfig
	cfg.AutoVerifiedAttributes = in.AutoVerifiedAttributes
	cfg.AccountRecoverySetting = in.AccountRecoverySetting
	cfg.MfaConfiguration = in.MfaConfiguration
	if cfg.MfaConfiguration == "" {
		cfg.MfaConfiguration = "OFF"
	}
	live := p.mfa.Load()
	cfg.MfaSMS = cfg.MfaConfiguration != "OFF" // UpdateUserPool's MFA is SMS MFA, as CreateUserPool's
	cfg.MfaTOTP = live != nil && live.TOTP && cfg.MfaConfiguration != "OFF"
	cfg.DeletionProtection = in.DeletionProtection
	if cfg.DeletionProtection == "" {
		cfg.DeletionProtection = "INACTIVE"
	}
	cfg.DeviceConfiguration = in.DeviceConfiguration
	cfg.AdminCreateUser = in.AdminCreateUserConfig.stored()
	cfg.poolSettings = poolSettingsDefaults(in.poolSettings, old.UserPoolTier)
	s.setPoolConfig(p, cfg, r.now)
	if in.UserPoolTags != nil {
		s.setConfigTags(p, in.UserPoolTags)
	}
	s.markChanged(r)
	return &empty{}, nil
}
