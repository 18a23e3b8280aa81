package mockpool_test

// Tests of UpdateUserPool, UpdateGroup, ListUsersInGroup, (Admin)SetUserSettings, the
// auth events, GetSigningCertificate, the provider links and the client secrets,
// through the SDK client. Each failed before these operations were served
// (UnknownOperationException).

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"github.com/maskedauth/maskedauth/internal/cognito"
	"github.com/maskedauth/maskedauth/mockpool"
)

func TestUpdateUserPoolStoresAndEchoes(t *testing.T) {
	e := newEnv(t, &cip.CreateUserPoolInput{AutoVerifiedAttributes: []types.VerifiedAttributeType{"email"},
		UserPoolTags: map[string]string{"team": "a"}, AliasAttributes: []types.AliasAttributeType{"email"}})
	e.confirmed("alice", "alice@example.com")
	full := &cip.UpdateUserPoolInput{
		UserPoolId: &e.pool,
		PoolName:   aws.String("renamed"),
		Policies: &types.UserPoolPolicyType{PasswordPolicy: &types.PasswordPolicyType{MinimumLength: aws.Int32(12), RequireNumbers: true, TemporaryPasswordValidityDays: 3},
			SignInPolicy: &types.SignInPolicyType{AllowedFirstAuthFactors: []types.AuthFactorType{types.AuthFactorTypePassword}}},
		LambdaConfig:                &types.LambdaConfigType{PreSignUp: aws.String("arn:aws:lambda:us-east-1:123456789012:function:pre")},
		AutoVerifiedAttributes:      []types.VerifiedAttributeType{"email"},
		SmsVerificationMessage:      aws.String("Your code is {####}"),
		EmailVerificationMessage:    aws.String("Code: {####}"),
		EmailVerificationSubject:    aws.String("Verify"),
		VerificationMessageTemplate: &types.VerificationMessageTemplateType{DefaultEmailOption: types.DefaultEmailOptionTypeConfirmWithLink, EmailSubjectByLink: aws.String("Click")},
		SmsAuthenticationMessage:    aws.String("MFA {####}"),
		UserAttributeUpdateSettings: &types.UserAttributeUpdateSettingsType{AttributesRequireVerificationBeforeUpdate: []types.VerifiedAttributeType{"email"}},
		MfaConfiguration:            types.UserPoolMfaTypeOptional,
		DeviceConfiguration:         &types.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true},
		EmailConfiguration:          &types.EmailConfigurationType{EmailSendingAccount: types.EmailSendingAccountTypeDeveloper, SourceArn: aws.String("arn:aws:ses:us-east-1:123456789012:identity/a@example.com"), ReplyToEmailAddress: aws.String("r@example.com")},
		SmsConfiguration:            &types.SmsConfigurationType{SnsCallerArn: aws.String("arn:aws:iam::123456789012:role/sms"), ExternalId: aws.String("x"), SnsRegion: aws.String("us-east-1")},
		UserPoolTags:                map[string]string{"team": "b", "env": "dev"},
		AdminCreateUserConfig:       &types.AdminCreateUserConfigType{AllowAdminCreateUserOnly: true, InviteMessageTemplate: &types.MessageTemplateType{EmailSubject: aws.String("Welcome")}},
		UserPoolAddOns:              &types.UserPoolAddOnsType{AdvancedSecurityMode: types.AdvancedSecurityModeTypeAudit},
		AccountRecoverySetting:      &types.AccountRecoverySettingType{RecoveryMechanisms: []types.RecoveryOptionType{{Name: types.RecoveryOptionNameTypeVerifiedEmail, Priority: aws.Int32(1)}}},
		DeletionProtection:          types.DeletionProtectionTypeActive,
		UserPoolTier:                types.UserPoolTierTypePlus,
	}
	e.advance(1e9)
	_, err := e.c.UpdateUserPool(ctx, full)
	noErr(t, err)
	d, err := e.c.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &e.pool})
	noErr(t, err)
	up := d.UserPool
	check := func(what string, got, want any) {
		t.Helper()
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		if !bytes.Equal(g, w) {
			t.Errorf("%s: got %s, want %s", what, g, w)
		}
	}
	check("Name", up.Name, "renamed")
	check("PasswordPolicy", up.Policies.PasswordPolicy, full.Policies.PasswordPolicy)
	check("SignInPolicy", up.Policies.SignInPolicy, full.Policies.SignInPolicy)
	check("LambdaConfig", up.LambdaConfig, full.LambdaConfig)
	check("SmsVerificationMessage", up.SmsVerificationMessage, full.SmsVerificationMessage)
	check("EmailVerificationMessage", up.EmailVerificationMessage, full.EmailVerificationMessage)
	check("EmailVerificationSubject", up.EmailVerificationSubject, full.EmailVerificationSubject)
	check("VerificationMessageTemplate", up.VerificationMessageTemplate, full.VerificationMessageTemplate)
	check("SmsAuthenticationMessage", up.SmsAuthenticationMessage, full.SmsAuthenticationMessage)
	check("UserAttributeUpdateSettings", up.UserAttributeUpdateSettings, full.UserAttributeUpdateSettings)
	check("MfaConfiguration", up.MfaConfiguration, full.MfaConfiguration)
	check("DeviceConfiguration", up.DeviceConfiguration, full.DeviceConfiguration)
	check("EmailConfiguration", up.EmailConfiguration, full.EmailConfiguration)
	check("SmsConfiguration", up.SmsConfiguration, full.SmsConfiguration)
	check("UserPoolTags", up.UserPoolTags, full.UserPoolTags)
	check("AdminCreateUserConfig.AllowAdminCreateUserOnly", up.AdminCreateUserConfig.AllowAdminCreateUserOnly, true)
	check("AdminCreateUserConfig.InviteMessageTemplate", up.AdminCreateUserConfig.InviteMessageTemplate, full.AdminCreateUserConfig.InviteMessageTemplate)
	check("UserPoolAddOns", up.UserPoolAddOns, full.UserPoolAddOns)
	check("AccountRecoverySetting", up.AccountRecoverySetting, full.AccountRecoverySetting)
	check("DeletionProtection", up.DeletionProtection, full.DeletionProtection)
	check("UserPoolTier", up.UserPoolTier, full.UserPoolTier)
	check("AliasAttributes (not changeable)", up.AliasAttributes, []types.AliasAttributeType{"email"})
	if !up.LastModifiedDate.After(*up.CreationDate) {
		t.Errorf("LastModifiedDate %v not after CreationDate %v", up.LastModifiedDate, up.CreationDate)
	}
	tags, err := e.c.ListTagsForResource(ctx, &cip.ListTagsForResourceInput{ResourceArn: up.Arn})
	noErr(t, err)
	check("ListTagsForResource", tags.Tags, full.UserPoolTags)

	// The mock acts on the password policy, MFA mode and deletion protection.
	_, err = e.c.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &e.pool, Username: aws.String("alice"), Password: aws.String("Short1!"), Permanent: true})
	apiErr(t, err, cognito.CodeInvalidPassword, "")
	mfa, err := e.c.GetUserPoolMfaConfig(ctx, &cip.GetUserPoolMfaConfigInput{UserPoolId: &e.pool})
	noErr(t, err)
	check("GetUserPoolMfaConfig", mfa.MfaConfiguration, types.UserPoolMfaTypeOptional)
	_, err = e.c.DeleteUserPool(ctx, &cip.DeleteUserPoolInput{UserPoolId: &e.pool})
	apiErr(t, err, cognito.CodeInvalidParameter, cognito.MsgDeletionProtection)

	// A request with one setting resets the others to their defaults; the name, the
	// tags, the feature plan and what UpdateUserPool cannot change stay.
	_, err = e.c.UpdateUserPool(ctx, &cip.UpdateUserPoolInput{UserPoolId: &e.pool, EmailVerificationSubject: aws.String("Only this")})
	noErr(t, err)
	d, err = e.c.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &e.pool})
	noErr(t, err)
	up = d.UserPool
	check("Name kept", up.Name, "renamed")
	check("PasswordPolicy default", up.Policies.PasswordPolicy, &types.PasswordPolicyType{MinimumLength: aws.Int32(8), RequireUppercase: true,
		RequireLowercase: true, RequireNumbers: true, RequireSymbols: true, TemporaryPasswordValidityDays: 7})
	check("SignInPolicy default", up.Policies.SignInPolicy, &types.SignInPolicyType{AllowedFirstAuthFactors: []types.AuthFactorType{"PASSWORD"}})
	check("LambdaConfig default", up.LambdaConfig, &types.LambdaConfigType{})
	check("AutoVerifiedAttributes default", up.AutoVerifiedAttributes, []types.VerifiedAttributeType(nil))
	check("MfaConfiguration default", up.MfaConfiguration, types.UserPoolMfaTypeOff)
	check("DeletionProtection default", up.DeletionProtection, types.DeletionProtectionTypeInactive)
	check("DeviceConfiguration default", up.DeviceConfiguration, (*types.DeviceConfigurationType)(nil))
	check("EmailConfiguration default", up.EmailConfiguration, &types.EmailConfigurationType{EmailSendingAccount: types.EmailSendingAccountTypeCognitoDefault})
	check("VerificationMessageTemplate default", up.VerificationMessageTemplate, &types.VerificationMessageTemplateType{DefaultEmailOption: types.DefaultEmailOptionTypeConfirmWithCode})
	check("SmsConfiguration default", up.SmsConfiguration, (*types.SmsConfigurationType)(nil))
	check("UserPoolAddOns default", up.UserPoolAddOns, (*types.UserPoolAddOnsType)(nil))
	check("AdminCreateUserConfig default", up.AdminCreateUserConfig.AllowAdminCreateUserOnly, false)
	check("EmailVerificationSubject", up.EmailVerificationSubject, aws.String("Only this"))
	check("EmailVerificationMessage default", up.EmailVerificationMessage, (*string)(nil))
	check("UserPoolTags kept", up.UserPoolTags, full.UserPoolTags)
	check("UserPoolTier kept", up.UserPoolTier, types.UserPoolTierTypePlus)
	check("AliasAttributes kept", up.AliasAttributes, []types.AliasAttributeType{"email"})
	_, err = e.c.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &e.pool, Username: aws.String("alice"), Password: aws.String("Short1!x"), Permanent: true})
	noErr(t, err)
}

func TestUpdateUserPoolErrors(t *testing.T) {
	e := newEnv(t, nil)
	for _, tc := range []struct {
		name      string
		in        *cip.UpdateUserPoolInput
		code, msg string
	}{
		{"unknown pool", &cip.UpdateUserPoolInput{UserPoolId: aws.String("us-east-1_nope")}, cognito.CodeResourceNotFound, cognito.MsgUserPoolNotFound("us-east-1_nope")},
		{"tier", &cip.UpdateUserPoolInput{UserPoolId: &e.pool, UserPoolTier: "GOLD"}, cognito.CodeInvalidParameter,
			"1 validation error detected: Value 'GOLD' at 'userPoolTier' failed to satisfy constraint: Member must satisfy enum value set: [LITE, ESSENTIALS, PLUS]"},
		{"sms template", &cip.UpdateUserPoolInput{UserPoolId: &e.pool, SmsVerificationMessage: aws.String("no code here")}, cognito.CodeInvalidParameter,
			"1 validation error detected: Value 'no code here' at 'smsVerificationMessage' failed to satisfy constraint: Member must satisfy regular expression pattern: .*\\{####\\}.*"},
		{"min length", &cip.UpdateUserPoolInput{UserPoolId: &e.pool, Policies: &types.UserPoolPolicyType{PasswordPolicy: &types.PasswordPolicyType{MinimumLength: aws.Int32(5)}}},
			cognito.CodeInvalidParameter, "1 validation error detected: Value '5' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value greater than or equal to 6"},
		{"recovery", &cip.UpdateUserPoolInput{UserPoolId: &e.pool, AccountRecoverySetting: &types.AccountRecoverySettingType{RecoveryMechanisms: []types.RecoveryOptionType{{Name: "carrier_pigeon", Priority: aws.Int32(1)}}}},
			cognito.CodeInvalidParameter, "1 validation error detected: Value 'carrier_pigeon' at 'accountRecoverySetting.recoveryMechanisms.member.name' failed to satisfy constraint: Member must satisfy enum value set: [verified_email, verified_phone_number, admin_only]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.c.UpdateUserPool(ctx, tc.in)
			apiErr(t, err, tc.code, tc.msg)
		})
	}
}

func TestUpdateGroupAndListUsersInGroup(t *testing.T) {
	e := newEnv(t, nil)
	_, err := e.c.CreateGroup(ctx, &cip.CreateGroupInput{UserPoolId: &e.pool, GroupName: aws.String("admins"), Description: aws.String("old"), Precedence: aws.Int32(3)})
	noErr(t, err)
	out, err := e.c.UpdateGroup(ctx, &cip.UpdateGroupInput{UserPoolId: &e.pool, GroupName: aws.String("admins"), RoleArn: aws.String("arn:aws:iam::123456789012:role/admin")})
	noErr(t, err)
	g := out.Group
	if aws.ToString(g.Description) != "old" || aws.ToInt32(g.Precedence) != 3 || aws.ToString(g.RoleArn) != "arn:aws:iam::123456789012:role/admin" {
		t.Fatalf("UpdateGroup with RoleArn only: %+v", g)
	}
	_, err = e.c.UpdateGroup(ctx, &cip.UpdateGroupInput{UserPoolId: &e.pool, GroupName: aws.String("admins"), Description: aws.String("new"), Precedence: aws.Int32(0)})
	noErr(t, err)
	got, err := e.c.GetGroup(ctx, &cip.GetGroupInput{UserPoolId: &e.pool, GroupName: aws.String("admins")})
	noErr(t, err)
	if aws.ToString(got.Group.Description) != "new" || aws.ToInt32(got.Group.Precedence) != 0 || got.Group.RoleArn == nil {
		t.Fatalf("GetGroup after UpdateGroup: %+v", got.Group)
	}
	_, err = e.c.UpdateGroup(ctx, &cip.UpdateGroupInput{UserPoolId: &e.pool, GroupName: aws.String("ghosts")})
	apiErr(t, err, cognito.CodeResourceNotFound, cognito.MsgGroupNotFound)

	names := []string{"erin", "alice", "dave", "carol", "bob"}
	for _, n := range names {
		e.confirmed(n, n+"@example.com")
		if n != "carol" {
			_, err := e.c.AdminAddUserToGroup(ctx, &cip.AdminAddUserToGroupInput{UserPoolId: &e.pool, GroupName: aws.String("admins"), Username: aws.String(n)})
			noErr(t, err)
		}
	}
	var seen []string
	var next *string
	pages := 0
	for {
		page, err := e.c.ListUsersInGroup(ctx, &cip.ListUsersInGroupInput{UserPoolId: &e.pool, GroupName: aws.String("admins"), Limit: aws.Int32(2), NextToken: next})
		noErr(t, err)
		pages++
		for _, u := range page.Users {
			seen = append(seen, aws.ToString(u.Username))
		}
		if page.NextToken == nil {
			break
		}
		next = page.NextToken
	}
	if strings.Join(seen, ",") != "alice,bob,dave,erin" || pages != 2 {
		t.Fatalf("ListUsersInGroup pages: %v in %d pages", seen, pages)
	}
	for _, tc := range []struct {
		name      string
		in        *cip.ListUsersInGroupInput
		code, msg string
	}{
		{"unknown group", &cip.ListUsersInGroupInput{UserPoolId: &e.pool, GroupName: aws.String("ghosts")}, cognito.CodeResourceNotFound, cognito.MsgGroupNotFound},
		{"bad token", &cip.ListUsersInGroupInput{UserPoolId: &e.pool, GroupName: aws.String("admins"), NextToken: aws.String("!!")}, cognito.CodeInvalidParameter, cognito.MsgInvalidNextToken},
		{"limit", &cip.ListUsersInGroupInput{UserPoolId: &e.pool, GroupName: aws.String("admins"), Limit: aws.Int32(61)}, cognito.CodeInvalidParameter,
			"1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.c.ListUsersInGroup(ctx, tc.in)
			apiErr(t, err, tc.code, tc.msg)
		})
	}
}

func TestUserSettings(t *testing.T) {
	e := newEnv(t, nil)
	e.confirmed("alice", "alice@example.com")
	opts := []types.MFAOptionType{{DeliveryMedium: types.DeliveryMediumTypeSms, AttributeName: aws.String("phone_number")}}
	_, err := e.c.AdminSetUserSettings(ctx, &cip.AdminSetUserSettingsInput{UserPoolId: &e.pool, Username: aws.String("alice"), MFAOptions: opts})
	noErr(t, err)
	u, err := e.c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &e.pool, Username: aws.String("alice")})
	noErr(t, err)
	if len(u.MFAOptions) != 1 || u.MFAOptions[0].DeliveryMedium != types.DeliveryMediumTypeSms || aws.ToString(u.MFAOptions[0].AttributeName) != "phone_number" ||
		len(u.UserMFASettingList) != 1 || u.UserMFASettingList[0] != "SMS_MFA" {
		t.Fatalf("AdminGetUser after AdminSetUserSettings: %+v %v", u.MFAOptions, u.UserMFASettingList)
	}
	_, err = e.c.AdminSetUserSettings(ctx, &cip.AdminSetUserSettingsInput{UserPoolId: &e.pool, Username: aws.String("ghost"), MFAOptions: opts})
	apiErr(t, err, cognito.CodeUserNotFound, cognito.MsgUserNotExist)

	login, err := e.login(legacy, "alice", goodPW)
	noErr(t, err)
	_, err = e.c.SetUserSettings(ctx, &cip.SetUserSettingsInput{AccessToken: login.AuthenticationResult.AccessToken, MFAOptions: []types.MFAOptionType{}})
	noErr(t, err)
	g, err := e.c.GetUser(ctx, &cip.GetUserInput{AccessToken: login.AuthenticationResult.AccessToken})
	noErr(t, err)
	if len(g.MFAOptions) != 0 || len(g.UserMFASettingList) != 0 {
		t.Fatalf("GetUser after SetUserSettings([]): %+v %v", g.MFAOptions, g.UserMFASettingList)
	}
	_, err = e.c.SetUserSettings(ctx, &cip.SetUserSettingsInput{AccessToken: aws.String("x.y.z"), MFAOptions: opts})
	apiErr(t, err, cognito.CodeNotAuthorized, "")
}

func auditPool(t *testing.T, e *env) {
	t.Helper()
	_, err := e.c.UpdateUserPool(ctx, &cip.UpdateUserPoolInput{UserPoolId: &e.pool, AutoVerifiedAttributes: []types.VerifiedAttributeType{"email"},
		UserPoolAddOns: &types.UserPoolAddOnsType{AdvancedSecurityMode: types.AdvancedSecurityModeTypeAudit}})
	noErr(t, err)
}

func TestAuthEvents(t *testing.T) {
	e := newEnv(t, nil)
	e.confirmed("alice", "alice@example.com")
	list := func(username string, max int32, next *string) (*cip.AdminListUserAuthEventsOutput, error) {
		return e.c.AdminListUserAuthEvents(ctx, &cip.AdminListUserAuthEventsInput{UserPoolId: &e.pool, Username: aws.String(username), MaxResults: aws.Int32(max), NextToken: next})
	}
	_, err := list("alice", 10, nil)
	apiErr(t, err, cognito.CodeUserPoolAddOnNotEnabled, cognito.MsgAddOnNotEnabled)
	_, err = e.c.AdminUpdateAuthEventFeedback(ctx, &cip.AdminUpdateAuthEventFeedbackInput{UserPoolId: &e.pool, Username: aws.String("alice"), EventId: aws.String("e"), FeedbackValue: types.FeedbackValueTypeValid})
	apiErr(t, err, cognito.CodeUserPoolAddOnNotEnabled, cognito.MsgAddOnNotEnabled)

	auditPool(t, e)
	_, err = e.login(legacy, "alice", "wrong-Passw0rd!")
	apiErr(t, err, cognito.CodeNotAuthorized, cognito.MsgIncorrect)
	e.advance(1e9)
	_, err = e.adminLogin(enabled, "alice", goodPW)
	noErr(t, err)
	_, err = e.login(enabled, "ghost", goodPW) // nobody: nothing recorded anywhere
	apiErr(t, err, cognito.CodeNotAuthorized, cognito.MsgIncorrect)

	out, err := list("alice", 10, nil)
	noErr(t, err)
	evs := out.AuthEvents
	if len(evs) != 2 || evs[0].EventResponse != types.EventResponseTypePass || evs[1].EventResponse != types.EventResponseTypeFail ||
		evs[0].EventType != types.EventTypeSignIn || !evs[0].CreationDate.After(*evs[1].CreationDate) || out.NextToken != nil {
		t.Fatalf("events: %+v", evs)
	}
	if len(evs[1].ChallengeResponses) != 1 || evs[1].ChallengeResponses[0].ChallengeName != types.ChallengeNamePassword ||
		evs[1].ChallengeResponses[0].ChallengeResponse != types.ChallengeResponseFailure || evs[0].EventRisk.RiskDecision != types.RiskDecisionTypeNoRisk {
		t.Fatalf("failed event: %+v %+v", evs[1].ChallengeResponses, evs[0].EventRisk)
	}
	first, err := list("alice", 1, nil)
	noErr(t, err)
	second, err := list("alice", 1, first.NextToken)
	noErr(t, err)
	if len(first.AuthEvents) != 1 || first.NextToken == nil || len(second.AuthEvents) != 1 || *second.AuthEvents[0].EventId != *evs[1].EventId {
		t.Fatalf("pagination: %+v / %+v", first, second)
	}
	_, err = list("ghost", 10, nil)
	apiErr(t, err, cognito.CodeUserNotFound, cognito.MsgUserNotExist)

	// Feedback: the admin's, then the user's with the event's FeedbackToken.
	_, err = e.c.AdminUpdateAuthEventFeedback(ctx, &cip.AdminUpdateAuthEventFeedbackInput{UserPoolId: &e.pool, Username: aws.String("alice"),
		EventId: evs[1].EventId, FeedbackValue: types.FeedbackValueTypeInvalid})
	noErr(t, err)
	_, err = e.c.AdminUpdateAuthEventFeedback(ctx, &cip.AdminUpdateAuthEventFeedbackInput{UserPoolId: &e.pool, Username: aws.String("alice"),
		EventId: aws.String("no-such-event"), FeedbackValue: types.FeedbackValueTypeInvalid})
	apiErr(t, err, cognito.CodeResourceNotFound, cognito.MsgAuthEventNotFound)
	tok := e.s.FeedbackToken(e.pool, *evs[0].EventId)
	_, err = e.c.UpdateAuthEventFeedback(ctx, &cip.UpdateAuthEventFeedbackInput{UserPoolId: &e.pool, Username: aws.String("alice"),
		EventId: evs[0].EventId, FeedbackToken: aws.String(tok), FeedbackValue: types.FeedbackValueTypeValid})
	noErr(t, err)
	out, err = list("alice", 10, nil)
	noErr(t, err)
	if f := out.AuthEvents[1].EventFeedback; f == nil || f.FeedbackValue != types.FeedbackValueTypeInvalid || aws.ToString(f.Provider) != "Admin" {
		t.Fatalf("admin feedback: %+v", f)
	}
	if f := out.AuthEvents[0].EventFeedback; f == nil || f.FeedbackValue != types.FeedbackValueTypeValid || aws.ToString(f.Provider) != "User" || f.FeedbackDate == nil {
		t.Fatalf("user feedback: %+v", f)
	}
}

// TestUpdateAuthEventFeedbackTellsNothingWithoutToken: without the event's
// FeedbackToken, a known user (with or without the event) and an unknown one get the
// same answer: the token is checked before anything is looked up.
func TestUpdateAuthEventFeedbackTellsNothingWithoutToken(t *testing.T) {
	e := newEnv(t, nil)
	e.confirmed("alice", "alice@example.com")
	auditPool(t, e)
	_, err := e.login(legacy, "alice", goodPW)
	noErr(t, err)
	evs, err := e.c.AdminListUserAuthEvents(ctx, &cip.AdminListUserAuthEventsInput{UserPoolId: &e.pool, Username: aws.String("alice")})
	noErr(t, err)
	real := *evs.AuthEvents[0].EventId
	type answer struct{ code, msg string }
	var answers []answer
	for _, tc := range []struct{ user, event string }{{"alice", real}, {"alice", "other-event"}, {"ghost", real}, {"ghost", "other-event"}} {
		_, err := e.c.UpdateAuthEventFeedback(ctx, &cip.UpdateAuthEventFeedbackInput{UserPoolId: &e.pool, Username: aws.String(tc.user),
			EventId: aws.String(tc.event), FeedbackToken: aws.String(e.s.FeedbackToken(e.pool, "some-other-event")), FeedbackValue: types.FeedbackValueTypeValid})
		var ae smithy.APIError
		if !errors.As(err, &ae) {
			t.Fatalf("%s/%s: %v", tc.user, tc.event, err)
		}
		answers = append(answers, answer{ae.ErrorCode(), ae.ErrorMessage()})
	}
	for _, a := range answers {
		if a != answers[0] || a != (answer{cognito.CodeNotAuthorized, cognito.MsgInvalidFeedbackToken}) {
			t.Fatalf("answers differ: %v", answers)
		}
	}
}

func TestAuthEventsBounded(t *testing.T) {
	e := newEnv(t, nil)
	e.confirmed("alice", "alice@example.com")
	auditPool(t, e)
	for i := 0; i < 105; i++ {
		_, err := e.adminLogin(legacy, "alice", goodPW)
		noErr(t, err)
	}
	n := 0
	var next *string
	for {
		out, err := e.c.AdminListUserAuthEvents(ctx, &cip.AdminListUserAuthEventsInput{UserPoolId: &e.pool, Username: aws.String("alice"), MaxResults: aws.Int32(60), NextToken: next})
		noErr(t, err)
		n += len(out.AuthEvents)
		if out.NextToken == nil {
			break
		}
		next = out.NextToken
	}
	if n != 100 {
		t.Fatalf("%d events kept, want 100", n)
	}
}

func TestGetSigningCertificate(t *testing.T) {
	e := newEnv(t, nil)
	out, err := e.c.GetSigningCertificate(ctx, &cip.GetSigningCertificateInput{UserPoolId: &e.pool})
	noErr(t, err)
	der, err := base64.StdEncoding.DecodeString(aws.ToString(out.Certificate))
	noErr(t, err)
	cert, err := x509.ParseCertificate(der)
	noErr(t, err)
	noErr(t, cert.CheckSignature(cert.SignatureAlgorithm, cert.RawTBSCertificate, cert.Signature)) // self-signed
	pub, ok := cert.PublicKey.(*rsa.PublicKey)
	if !ok {
		t.Fatalf("public key %T", cert.PublicKey)
	}
	jwks, _ := e.s.JWKS(e.pool)
	var set struct{ Keys []struct{ N string } }
	noErr(t, json.Unmarshal(jwks, &set))
	inJWKS := false // the ID and access tokens have a key each: the certificate's is one of them
	for _, k := range set.Keys {
		n, err := base64.RawURLEncoding.DecodeString(k.N)
		noErr(t, err)
		inJWKS = inJWKS || pub.N.Cmp(new(big.Int).SetBytes(n)) == 0
	}
	if !inJWKS {
		t.Fatal("the certificate's key is not a JWKS signing key")
	}
	again, err := e.c.GetSigningCertificate(ctx, &cip.GetSigningCertificateInput{UserPoolId: &e.pool})
	noErr(t, err)
	if *again.Certificate != *out.Certificate {
		t.Fatal("the certificate changed between calls")
	}
	_, err = e.c.GetSigningCertificate(ctx, &cip.GetSigningCertificateInput{UserPoolId: aws.String("us-east-1_nope")})
	apiErr(t, err, cognito.CodeResourceNotFound, cognito.MsgUserPoolNotFound("us-east-1_nope"))
}

func identities(t *testing.T, e *env, username string) []map[string]any {
	t.Helper()
	u, err := e.c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &e.pool, Username: aws.String(username)})
	noErr(t, err)
	for _, a := range u.UserAttributes {
		if aws.ToString(a.Name) == "identities" {
			var list []map[string]any
			noErr(t, json.Unmarshal([]byte(aws.ToString(a.Value)), &list))
			return list
		}
	}
	return nil
}

func TestProviderLinks(t *testing.T) {
	e := newEnv(t, nil)
	e.confirmed("alice", "alice@example.com")
	e.confirmed("bob", "bob@example.com")
	google := map[string]string{"client_id": "1.apps.googleusercontent.com", "client_secret": "s", "authorize_scopes": "openid email"}
	_, err := e.c.CreateIdentityProvider(ctx, &cip.CreateIdentityProviderInput{UserPoolId: &e.pool, ProviderName: aws.String("Google"),
		ProviderType: types.IdentityProviderTypeTypeGoogle, ProviderDetails: google})
	noErr(t, err)
	link := func(dest, src, attr, value string) error {
		_, err := e.c.AdminLinkProviderForUser(ctx, &cip.AdminLinkProviderForUserInput{UserPoolId: &e.pool,
			DestinationUser: &types.ProviderUserIdentifierType{ProviderName: aws.String("Cognito"), ProviderAttributeValue: aws.String(dest)},
			SourceUser:      &types.ProviderUserIdentifierType{ProviderName: aws.String(src), ProviderAttributeName: aws.String(attr), ProviderAttributeValue: aws.String(value)}})
		return err
	}
	noErr(t, link("alice", "Google", "Cognito_Subject", "10001"))
	noErr(t, link("alice", "Google", "Cognito_Subject", "10001")) // again: unchanged
	ids := identities(t, e, "alice")
	if len(ids) != 1 || ids[0]["userId"] != "10001" || ids[0]["providerName"] != "Google" || ids[0]["providerType"] != "Google" {
		t.Fatalf("identities: %v", ids)
	}
	for _, tc := range []struct {
		name                   string
		dest, src, attr, value string
		code, msg              string
	}{
		{"linked elsewhere", "bob", "Google", "Cognito_Subject", "10001", cognito.CodeInvalidParameter, cognito.MsgLinkAlreadyLinked},
		{"unknown provider", "bob", "Okta", "Cognito_Subject", "1", cognito.CodeInvalidParameter, cognito.MsgProviderNotExist("Okta")},
		{"social needs Cognito_Subject", "bob", "Google", "email", "b@example.com", cognito.CodeInvalidParameter, cognito.MsgCognitoSubjectRequired},
		{"source Cognito", "bob", "Cognito", "Cognito_Subject", "alice", cognito.CodeInvalidParameter, cognito.MsgLinkSourceCognito},
		{"unknown destination", "ghost", "Google", "Cognito_Subject", "2", cognito.CodeUserNotFound, cognito.MsgUserNotExist},
	} {
		t.Run(tc.name, func(t *testing.T) {
			apiErr(t, link(tc.dest, tc.src, tc.attr, tc.value), tc.code, tc.msg)
		})
	}
	for i := 2; i <= 5; i++ {
		noErr(t, link("alice", "Google", "Cognito_Subject", "1000"+string(rune('0'+i))))
	}
	apiErr(t, link("alice", "Google", "Cognito_Subject", "10009"), cognito.CodeLimitExceeded, cognito.MsgLinkLimit)

	disable := func(value string) error {
		_, err := e.c.AdminDisableProviderForUser(ctx, &cip.AdminDisableProviderForUserInput{UserPoolId: &e.pool,
			User: &types.ProviderUserIdentifierType{ProviderName: aws.String("Google"), ProviderAttributeName: aws.String("Cognito_Subject"), ProviderAttributeValue: aws.String(value)}})
		return err
	}
	noErr(t, disable("10001"))
	if ids := identities(t, e, "alice"); len(ids) != 4 {
		t.Fatalf("identities after disable: %v", ids)
	}
	apiErr(t, disable("10001"), cognito.CodeUserNotFound, cognito.MsgUserNotExist)
	noErr(t, link("bob", "Google", "Cognito_Subject", "10001")) // free again
}

func TestClientSecrets(t *testing.T) {
	e := newEnv(t, nil)
	e.confirmed("alice", "alice@example.com")
	clientID, secret1 := createClient(t, e.c, e.pool, legacy, true)
	login := func(secret string) error {
		_, err := e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: aws.String(clientID), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
			AuthParameters: map[string]string{"USERNAME": "alice", "PASSWORD": goodPW, "SECRET_HASH": secretHash(secret, "alice", clientID)}})
		return err
	}
	listIDs := func() []string {
		t.Helper()
		out, err := e.c.ListUserPoolClientSecrets(ctx, &cip.ListUserPoolClientSecretsInput{UserPoolId: &e.pool, ClientId: aws.String(clientID)})
		noErr(t, err)
		var ids []string
		for _, d := range out.ClientSecrets {
			if d.ClientSecretValue != nil || d.ClientSecretCreateDate == nil {
				t.Fatalf("listed descriptor %+v", d)
			}
			ids = append(ids, aws.ToString(d.ClientSecretId))
		}
		return ids
	}
	ids := listIDs()
	if len(ids) != 1 || !strings.HasPrefix(ids[0], clientID+"--") {
		t.Fatalf("secrets of a new client: %v", ids)
	}
	e.advance(1e9)
	add, err := e.c.AddUserPoolClientSecret(ctx, &cip.AddUserPoolClientSecretInput{UserPoolId: &e.pool, ClientId: aws.String(clientID)})
	noErr(t, err)
	secret2 := aws.ToString(add.ClientSecretDescriptor.ClientSecretValue)
	if len(secret2) != 51 || secret2 == secret1 || !strings.HasPrefix(aws.ToString(add.ClientSecretDescriptor.ClientSecretId), clientID+"--") {
		t.Fatalf("added secret: %+v", add.ClientSecretDescriptor)
	}
	noErr(t, login(secret1))
	noErr(t, login(secret2))
	// With two secrets, RevokeToken and GetTokensFromRefreshToken take either.
	both, err := e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: aws.String(clientID), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "alice", "PASSWORD": goodPW, "SECRET_HASH": secretHash(secret1, "alice", clientID)}})
	noErr(t, err)
	_, err = e.c.GetTokensFromRefreshToken(ctx, &cip.GetTokensFromRefreshTokenInput{ClientId: aws.String(clientID), RefreshToken: both.AuthenticationResult.RefreshToken, ClientSecret: aws.String(secret2)})
	noErr(t, err)
	_, err = e.c.RevokeToken(ctx, &cip.RevokeTokenInput{ClientId: aws.String(clientID), Token: both.AuthenticationResult.RefreshToken, ClientSecret: aws.String(secret2)})
	noErr(t, err)
	_, err = e.c.UpdateUserPoolClient(ctx, &cip.UpdateUserPoolClientInput{UserPoolId: &e.pool, ClientId: aws.String(clientID),
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}})
	noErr(t, err)
	noErr(t, login(secret2)) // UpdateUserPoolClient keeps both secrets
	apiErr(t, login("not-a-secret-of-this-client"), cognito.CodeNotAuthorized, cognito.MsgSecretHashMismatch(clientID))
	_, err = e.c.AddUserPoolClientSecret(ctx, &cip.AddUserPoolClientSecretInput{UserPoolId: &e.pool, ClientId: aws.String(clientID)})
	apiErr(t, err, cognito.CodeLimitExceeded, cognito.MsgClientSecretLimit)

	ids = listIDs()
	del := func(id string) error {
		_, err := e.c.DeleteUserPoolClientSecret(ctx, &cip.DeleteUserPoolClientSecretInput{UserPoolId: &e.pool, ClientId: aws.String(clientID), ClientSecretId: aws.String(id)})
		return err
	}
	apiErr(t, del(clientID+"--1"), cognito.CodeResourceNotFound, cognito.MsgClientSecretNotFound)
	noErr(t, del(ids[0]))
	apiErr(t, login(secret1), cognito.CodeNotAuthorized, cognito.MsgSecretHashMismatch(clientID))
	noErr(t, login(secret2))
	d, err := e.c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: &e.pool, ClientId: aws.String(clientID)})
	noErr(t, err)
	if aws.ToString(d.UserPoolClient.ClientSecret) != secret2 {
		t.Fatal("DescribeUserPoolClient does not show the remaining secret")
	}
	apiErr(t, del(ids[1]), cognito.CodeInvalidParameter, cognito.MsgLastClientSecret)
	// RevokeToken and GetTokensFromRefreshToken take the ClientSecret itself: the
	// remaining (second) secret works, the deleted first one does not.
	out, err := e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: aws.String(clientID), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "alice", "PASSWORD": goodPW, "SECRET_HASH": secretHash(secret2, "alice", clientID)}})
	noErr(t, err)
	rt := out.AuthenticationResult.RefreshToken
	_, err = e.c.GetTokensFromRefreshToken(ctx, &cip.GetTokensFromRefreshTokenInput{ClientId: aws.String(clientID), RefreshToken: rt, ClientSecret: aws.String(secret1)})
	apiErr(t, err, cognito.CodeNotAuthorized, cognito.MsgSecretHashMismatch(clientID))
	_, err = e.c.GetTokensFromRefreshToken(ctx, &cip.GetTokensFromRefreshTokenInput{ClientId: aws.String(clientID), RefreshToken: rt, ClientSecret: aws.String(secret2)})
	noErr(t, err)
	_, err = e.c.RevokeToken(ctx, &cip.RevokeTokenInput{ClientId: aws.String(clientID), Token: rt, ClientSecret: aws.String(secret2)})
	noErr(t, err)

	custom := "my_custom_secret_of_24_chars_or_more"
	add, err = e.c.AddUserPoolClientSecret(ctx, &cip.AddUserPoolClientSecretInput{UserPoolId: &e.pool, ClientId: aws.String(clientID), ClientSecret: aws.String(custom)})
	noErr(t, err)
	if add.ClientSecretDescriptor.ClientSecretValue != nil {
		t.Fatal("a custom secret's value was answered")
	}
	noErr(t, login(custom))

	public := e.clients[legacy]
	_, err = e.c.AddUserPoolClientSecret(ctx, &cip.AddUserPoolClientSecretInput{UserPoolId: &e.pool, ClientId: aws.String(public)})
	apiErr(t, err, cognito.CodeInvalidParameter, cognito.MsgClientHasNoSecret)
	_, err = e.c.AddUserPoolClientSecret(ctx, &cip.AddUserPoolClientSecretInput{UserPoolId: &e.pool, ClientId: aws.String(clientID), ClientSecret: aws.String("short")})
	apiErr(t, err, cognito.CodeInvalidParameter, "1 validation error detected: Value at 'clientSecret' failed to satisfy constraint: Member must have length greater than or equal to 24")
	_, err = e.c.ListUserPoolClientSecrets(ctx, &cip.ListUserPoolClientSecretsInput{UserPoolId: &e.pool, ClientId: aws.String("nope")})
	apiErr(t, err, cognito.CodeResourceNotFound, cognito.MsgClientNotFound("nope"))
}

// TestOpsStateSurvivesSaveAndLoad: what these operations store (UpdateUserPool's
// settings, MFA options, auth events, client secrets, links) survives SaveState and
// LoadState, and the durable state (UseState).
func TestOpsStateSurvivesSaveAndLoad(t *testing.T) {
	for _, durable := range []bool{false, true} {
		t.Run(map[bool]string{false: "SaveState", true: "UseState"}[durable], func(t *testing.T) { opsStateRoundTrip(t, durable) })
	}
}

func opsStateRoundTrip(t *testing.T, durable bool) {
	s, c, clk := newServer(t)
	path := filepath.Join(t.TempDir(), "state.db")
	var st *mockpool.State
	if durable {
		var err error
		st, err = mockpool.OpenState(path)
		noErr(t, err)
		noErr(t, s.UseState(st))
	}
	e := &env{t: t, s: s, c: c, clk: clk, pool: createPool(t, c, &cip.CreateUserPoolInput{}), clients: map[types.PreventUserExistenceErrorTypes]string{}}
	e.clients[legacy], _ = createClient(t, c, e.pool, legacy, false)
	e.confirmed("alice", "alice@example.com")
	_, err := e.c.UpdateUserPool(ctx, &cip.UpdateUserPoolInput{UserPoolId: &e.pool, SmsAuthenticationMessage: aws.String("MFA {####}"),
		AutoVerifiedAttributes:      []types.VerifiedAttributeType{"email"},
		UserPoolAddOns:              &types.UserPoolAddOnsType{AdvancedSecurityMode: types.AdvancedSecurityModeTypeEnforced},
		UserAttributeUpdateSettings: &types.UserAttributeUpdateSettingsType{AttributesRequireVerificationBeforeUpdate: []types.VerifiedAttributeType{"email"}}})
	noErr(t, err)
	_, err = e.c.AdminSetUserSettings(ctx, &cip.AdminSetUserSettingsInput{UserPoolId: &e.pool, Username: aws.String("alice"),
		MFAOptions: []types.MFAOptionType{{DeliveryMedium: types.DeliveryMediumTypeSms, AttributeName: aws.String("phone_number")}}})
	noErr(t, err)
	_, err = e.login(legacy, "alice", goodPW)
	noErr(t, err)
	clientID, _ := createClient(t, e.c, e.pool, legacy, true)
	_, err = e.c.AddUserPoolClientSecret(ctx, &cip.AddUserPoolClientSecretInput{UserPoolId: &e.pool, ClientId: aws.String(clientID)})
	noErr(t, err)

	snapshot := func(s *mockpool.Server) string {
		c := s.Client()
		d, err := c.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &e.pool})
		noErr(t, err)
		d.UserPool.EstimatedNumberOfUsers = 0
		u, err := c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &e.pool, Username: aws.String("alice")})
		noErr(t, err)
		ev, err := c.AdminListUserAuthEvents(ctx, &cip.AdminListUserAuthEventsInput{UserPoolId: &e.pool, Username: aws.String("alice")})
		noErr(t, err)
		sec, err := c.ListUserPoolClientSecrets(ctx, &cip.ListUserPoolClientSecretsInput{UserPoolId: &e.pool, ClientId: aws.String(clientID)})
		noErr(t, err)
		cert, err := c.GetSigningCertificate(ctx, &cip.GetSigningCertificateInput{UserPoolId: &e.pool})
		noErr(t, err)
		b, _ := json.Marshal([]any{d.UserPool, u.MFAOptions, ev.AuthEvents, sec.ClientSecrets, cert.Certificate})
		return string(b)
	}
	before := snapshot(e.s)
	s2 := mockpool.New(mockpool.WithClock(e.clk.now))
	if durable {
		noErr(t, st.Close())
		st2, err := mockpool.OpenState(path)
		noErr(t, err)
		defer st2.Close()
		noErr(t, s2.UseState(st2))
	} else {
		var buf bytes.Buffer
		noErr(t, e.s.SaveState(&buf))
		noErr(t, s2.LoadState(&buf))
	}
	if after := snapshot(s2); after != before {
		t.Fatalf("after LoadState:\n%s\nbefore:\n%s", after, before)
	}
	for _, want := range []string{`"AdvancedSecurityMode":"ENFORCED"`, `"MFA {####}"`, `"DeliveryMedium":"SMS"`, `"EventResponse":"Pass"`} {
		if !strings.Contains(before, want) {
			t.Errorf("snapshot lacks %s", want)
		}
	}
}

// TestUpdateUserPoolWhileSigningIn: UpdateUserPool replaces the pool's settings
// while sign-ins read them (run with -race: the settings are never changed in place).
func TestUpdateUserPoolWhileSigningIn(t *testing.T) {
	e := newEnv(t, nil)
	e.confirmed("alice", "alice@example.com")
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 20; i++ {
			mode := types.AdvancedSecurityModeTypeAudit
			if i%2 == 1 {
				mode = types.AdvancedSecurityModeTypeOff
			}
			_, err := e.c.UpdateUserPool(ctx, &cip.UpdateUserPoolInput{UserPoolId: &e.pool, AutoVerifiedAttributes: []types.VerifiedAttributeType{"email"},
				UserPoolAddOns: &types.UserPoolAddOnsType{AdvancedSecurityMode: mode}, Policies: &types.UserPoolPolicyType{PasswordPolicy: &types.PasswordPolicyType{MinimumLength: aws.Int32(8)}}})
			if err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for i := 0; i < 20; i++ {
		_, err := e.login(legacy, "alice", goodPW)
		noErr(t, err)
		_, err = e.c.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &e.pool})
		noErr(t, err)
	}
	<-done
}

// TestAuditPoolSignInDifferential: in a pool that records sign-in events, a wrong
// password for a known user and any password for an unknown one still answer the
// same through an ENABLED client (the event is recorded out of sight).
func TestAuditPoolSignInDifferential(t *testing.T) {
	e := newEnv(t, nil)
	e.confirmed("alice", "alice@example.com")
	auditPool(t, e)
	_, known := e.login(enabled, "alice", "Wrong-Passw0rd!")
	_, unknown := e.login(enabled, "mallory", "Wrong-Passw0rd!")
	var a, b smithy.APIError
	if !errors.As(known, &a) || !errors.As(unknown, &b) || a.ErrorCode() != b.ErrorCode() || a.ErrorMessage() != b.ErrorMessage() {
		t.Fatalf("known %v, unknown %v", known, unknown)
	}
	apiErr(t, known, cognito.CodeNotAuthorized, cognito.MsgIncorrect)
}

// TestCreateUserPoolStoresSettings: CreateUserPool takes the same settings and
// their validation, and DescribeUserPool echoes them; the defaults of a pool
// created without them.
func TestCreateUserPoolStoresSettings(t *testing.T) {
	_, c, _ := newServer(t)
	pool := createPool(t, c, &cip.CreateUserPoolInput{SmsVerificationMessage: aws.String("Code {####}"),
		UserPoolAddOns: &types.UserPoolAddOnsType{AdvancedSecurityMode: types.AdvancedSecurityModeTypeAudit}, UserPoolTier: types.UserPoolTierTypeLite})
	d, err := c.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: aws.String(pool)})
	noErr(t, err)
	if aws.ToString(d.UserPool.SmsVerificationMessage) != "Code {####}" || d.UserPool.UserPoolAddOns == nil ||
		d.UserPool.UserPoolAddOns.AdvancedSecurityMode != types.AdvancedSecurityModeTypeAudit || d.UserPool.UserPoolTier != types.UserPoolTierTypeLite {
		t.Fatalf("DescribeUserPool: %+v", d.UserPool)
	}
	plain := createPool(t, c, &cip.CreateUserPoolInput{})
	d, err = c.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: aws.String(plain)})
	noErr(t, err)
	if d.UserPool.UserPoolTier != types.UserPoolTierTypeEssentials || d.UserPool.EmailConfiguration == nil ||
		d.UserPool.EmailConfiguration.EmailSendingAccount != types.EmailSendingAccountTypeCognitoDefault ||
		d.UserPool.VerificationMessageTemplate == nil || d.UserPool.VerificationMessageTemplate.DefaultEmailOption != types.DefaultEmailOptionTypeConfirmWithCode {
		t.Fatalf("defaults: %+v", d.UserPool)
	}
	_, err = c.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("p"), UserPoolAddOns: &types.UserPoolAddOnsType{AdvancedSecurityMode: "PARANOID"}})
	apiErr(t, err, cognito.CodeInvalidParameter, "1 validation error detected: Value 'PARANOID' at 'userPoolAddOns.advancedSecurityMode' failed to satisfy constraint: Member must satisfy enum value set: [OFF, AUDIT, ENFORCED]")
}
