package mockpool_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/pquerna/otp/totp"

	"github.com/maskedauth/maskedauth/mockpool"
)

func phone(v string) types.AttributeType {
	return types.AttributeType{Name: aws.String("phone_number"), Value: aws.String(v)}
}

func (e *trigEnv) mfaConfig(mode types.UserPoolMfaType, sms, totp bool) {
	e.t.Helper()
	in := &cip.SetUserPoolMfaConfigInput{UserPoolId: &e.poolID, MfaConfiguration: mode,
		SoftwareTokenMfaConfiguration: &types.SoftwareTokenMfaConfigType{Enabled: totp}}
	if sms {
		in.SmsMfaConfiguration = &types.SmsMfaConfigType{SmsAuthenticationMessage: aws.String("Your code is {####}")}
	}
	_, err := e.c.SetUserPoolMfaConfig(ctx, in)
	noErr(e.t, err)
}

func (e *trigEnv) respondMFA(name types.ChallengeNameType, session *string, user string, responses map[string]string) (*cip.RespondToAuthChallengeOutput, error) {
	r := map[string]string{"USERNAME": user}
	for k, v := range responses {
		r[k] = v
	}
	return e.c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: &e.clientID, ChallengeName: name, Session: session, ChallengeResponses: r})
}

func (e *trigEnv) code(secret string, at time.Time) string {
	e.t.Helper()
	c, err := totp.GenerateCode(secret, at)
	noErr(e.t, err)
	return c
}

// setUpTOTP associates and verifies a software token with an access token, and enables it.
func (e *trigEnv) setUpTOTP(access *string, preferred bool) string {
	e.t.Helper()
	as, err := e.c.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{AccessToken: access})
	noErr(e.t, err)
	secret := aws.ToString(as.SecretCode)
	if len(secret) < 16 {
		e.t.Fatalf("secret %q", secret)
	}
	vs, err := e.c.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{AccessToken: access, UserCode: aws.String(e.code(secret, e.clk.now()))})
	noErr(e.t, err)
	if vs.Status != types.VerifySoftwareTokenResponseTypeSuccess {
		e.t.Fatalf("status %s", vs.Status)
	}
	_, err = e.c.SetUserMFAPreference(ctx, &cip.SetUserMFAPreferenceInput{AccessToken: access,
		SoftwareTokenMfaSettings: &types.SoftwareTokenMfaSettingsType{Enabled: true, PreferredMfa: preferred}})
	noErr(e.t, err)
	return secret
}

func TestSMSMFA(t *testing.T) {
	e := newTrigEnv(t, types.PreventUserExistenceErrorTypesEnabled, &cip.CreateUserPoolInput{MfaConfiguration: types.UserPoolMfaTypeOn})
	e.addUser("ann", "Passw0rd!", phone("+15555550123"), verified("phone_number"))
	out, err := e.password("ann", "Passw0rd!")
	noErr(t, err)
	p := out.ChallengeParameters
	if out.ChallengeName != types.ChallengeNameTypeSmsMfa || p["CODE_DELIVERY_DELIVERY_MEDIUM"] != "SMS" ||
		p["CODE_DELIVERY_DESTINATION"] != "+*******0123" || aws.ToString(out.Session) == "" {
		t.Fatalf("challenge %+v", out)
	}
	ms := e.s.Messages(mockpool.MessageFilter{Username: "ann"})
	if len(ms) != 1 || ms[0].Purpose != "SMS_MFA" || ms[0].Medium != "SMS" || ms[0].Destination != "+15555550123" || ms[0].Text != "Your authentication code is 123456." {
		t.Fatalf("outbox %+v", ms)
	}
	_, err = e.respondMFA(types.ChallengeNameTypeSmsMfa, out.Session, "ann", map[string]string{"SMS_MFA_CODE": "000000"})
	apiErr(t, err, "CodeMismatchException", "Invalid code received for user")
	done, err := e.respondMFA(types.ChallengeNameTypeSmsMfa, out.Session, "ann", map[string]string{"SMS_MFA_CODE": "123456"})
	noErr(t, err)
	if done.AuthenticationResult == nil {
		t.Fatalf("no tokens %+v", done)
	}
	// The session is spent; an expired one says so.
	_, err = e.respondMFA(types.ChallengeNameTypeSmsMfa, out.Session, "ann", map[string]string{"SMS_MFA_CODE": "123456"})
	apiErr(t, err, "NotAuthorizedException", "Invalid session for the user.")
	out, err = e.password("ann", "Passw0rd!")
	noErr(t, err)
	e.clk.advance(4 * time.Minute)
	_, err = e.respondMFA(types.ChallengeNameTypeSmsMfa, out.Session, "ann", map[string]string{"SMS_MFA_CODE": "123456"})
	apiErr(t, err, "NotAuthorizedException", "Invalid session for the user, session is expired.")
}

func TestSoftwareTokenMFA(t *testing.T) {
	e := newTrigEnv(t, types.PreventUserExistenceErrorTypesEnabled, nil)
	e.mfaConfig(types.UserPoolMfaTypeOptional, false, true)
	e.addUser("ann", "Passw0rd!")
	first, err := e.password("ann", "Passw0rd!")
	noErr(t, err)
	access := first.AuthenticationResult.AccessToken // OPTIONAL and nothing set up: no MFA

	as, err := e.c.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{AccessToken: access})
	noErr(t, err)
	_, err = e.c.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{AccessToken: access, UserCode: aws.String("000000")})
	apiErr(t, err, "EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA")
	_, err = e.c.SetUserMFAPreference(ctx, &cip.SetUserMFAPreferenceInput{AccessToken: access,
		SoftwareTokenMfaSettings: &types.SoftwareTokenMfaSettingsType{Enabled: true}})
	apiErr(t, err, "InvalidParameterException", "User has not verified software token mfa")
	secret := aws.ToString(as.SecretCode)
	_, err = e.c.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{AccessToken: access, UserCode: aws.String(e.code(secret, e.clk.now()))})
	noErr(t, err)
	_, err = e.c.SetUserMFAPreference(ctx, &cip.SetUserMFAPreferenceInput{AccessToken: access,
		SoftwareTokenMfaSettings: &types.SoftwareTokenMfaSettingsType{Enabled: true, PreferredMfa: true}})
	noErr(t, err)
	u, err := e.c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &e.poolID, Username: aws.String("ann")})
	noErr(t, err)
	if len(u.UserMFASettingList) != 1 || u.UserMFASettingList[0] != "SOFTWARE_TOKEN_MFA" || aws.ToString(u.PreferredMfaSetting) != "SOFTWARE_TOKEN_MFA" {
		t.Fatalf("AdminGetUser MFA %v %v", u.UserMFASettingList, aws.ToString(u.PreferredMfaSetting))
	}
	g, err := e.c.GetUser(ctx, &cip.GetUserInput{AccessToken: access})
	noErr(t, err)
	if aws.ToString(g.PreferredMfaSetting) != "SOFTWARE_TOKEN_MFA" {
		t.Fatalf("GetUser MFA %v", g.UserMFASettingList)
	}

	out, err := e.password("ann", "Passw0rd!")
	noErr(t, err)
	if out.ChallengeName != types.ChallengeNameTypeSoftwareTokenMfa {
		t.Fatalf("challenge %s", out.ChallengeName)
	}
	now := e.clk.now()
	for _, tc := range []struct {
		at time.Time
		ok bool
	}{
		{now.Add(-90 * time.Second), false}, // three steps back: outside the window
		{now.Add(90 * time.Second), false},
		{now.Add(-30 * time.Second), true}, // one step back: inside
	} {
		r, err := e.respondMFA(types.ChallengeNameTypeSoftwareTokenMfa, out.Session, "ann", map[string]string{"SOFTWARE_TOKEN_MFA_CODE": e.code(secret, tc.at)})
		if tc.ok {
			noErr(t, err)
			if r.AuthenticationResult == nil {
				t.Fatalf("no tokens %+v", r)
			}
		} else {
			apiErr(t, err, "CodeMismatchException", "Invalid code received for user")
		}
	}
}

func TestSelectMFAType(t *testing.T) {
	e := newTrigEnv(t, types.PreventUserExistenceErrorTypesEnabled, nil)
	e.mfaConfig(types.UserPoolMfaTypeOptional, true, true)
	e.addUser("ann", "Passw0rd!", phone("+15555550123"), verified("phone_number"))
	first, err := e.password("ann", "Passw0rd!")
	noErr(t, err)
	secret := e.setUpTOTP(first.AuthenticationResult.AccessToken, false)
	_, err = e.c.AdminSetUserMFAPreference(ctx, &cip.AdminSetUserMFAPreferenceInput{UserPoolId: &e.poolID, Username: aws.String("ann"),
		SMSMfaSettings: &types.SMSMfaSettingsType{Enabled: true}})
	noErr(t, err)

	out, err := e.password("ann", "Passw0rd!")
	noErr(t, err)
	if out.ChallengeName != types.ChallengeNameTypeSelectMfaType || out.ChallengeParameters["MFAS_CAN_CHOOSE"] != `["SMS_MFA","SOFTWARE_TOKEN_MFA"]` {
		t.Fatalf("challenge %+v", out)
	}
	next, err := e.respondMFA(types.ChallengeNameTypeSelectMfaType, out.Session, "ann", map[string]string{"ANSWER": "SOFTWARE_TOKEN_MFA"})
	noErr(t, err)
	if next.ChallengeName != types.ChallengeNameTypeSoftwareTokenMfa {
		t.Fatalf("after SELECT_MFA_TYPE %+v", next)
	}
	done, err := e.respondMFA(types.ChallengeNameTypeSoftwareTokenMfa, next.Session, "ann", map[string]string{"SOFTWARE_TOKEN_MFA_CODE": e.code(secret, e.clk.now())})
	noErr(t, err)
	if done.AuthenticationResult == nil {
		t.Fatal("no tokens")
	}

	// A preference skips the choice.
	_, err = e.c.AdminSetUserMFAPreference(ctx, &cip.AdminSetUserMFAPreferenceInput{UserPoolId: &e.poolID, Username: aws.String("ann"),
		SMSMfaSettings: &types.SMSMfaSettingsType{Enabled: true, PreferredMfa: true}})
	noErr(t, err)
	out, err = e.password("ann", "Passw0rd!")
	noErr(t, err)
	if out.ChallengeName != types.ChallengeNameTypeSmsMfa {
		t.Fatalf("preferred SMS, got %s", out.ChallengeName)
	}
}

func TestMFASetup(t *testing.T) {
	e := newTrigEnv(t, types.PreventUserExistenceErrorTypesEnabled, nil)
	e.mfaConfig(types.UserPoolMfaTypeOn, false, true)
	cfg, err := e.c.GetUserPoolMfaConfig(ctx, &cip.GetUserPoolMfaConfigInput{UserPoolId: &e.poolID})
	noErr(t, err)
	if cfg.MfaConfiguration != types.UserPoolMfaTypeOn || cfg.SoftwareTokenMfaConfiguration == nil || !cfg.SoftwareTokenMfaConfiguration.Enabled {
		t.Fatalf("GetUserPoolMfaConfig %+v", cfg)
	}
	e.addUser("ann", "Passw0rd!")
	out, err := e.password("ann", "Passw0rd!")
	noErr(t, err)
	if out.ChallengeName != types.ChallengeNameTypeMfaSetup || out.ChallengeParameters["MFAS_CAN_SETUP"] != `["SOFTWARE_TOKEN_MFA"]` {
		t.Fatalf("challenge %+v", out)
	}
	as, err := e.c.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{Session: out.Session})
	noErr(t, err)
	secret := aws.ToString(as.SecretCode)
	_, err = e.c.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{Session: as.Session, UserCode: aws.String("000000")})
	apiErr(t, err, "EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA")
	vs, err := e.c.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{Session: as.Session, UserCode: aws.String(e.code(secret, e.clk.now()))})
	noErr(t, err)
	if vs.Status != types.VerifySoftwareTokenResponseTypeSuccess || aws.ToString(vs.Session) == "" {
		t.Fatalf("verify %+v", vs)
	}
	done, err := e.respondMFA(types.ChallengeNameTypeMfaSetup, vs.Session, "ann", nil)
	noErr(t, err)
	if done.AuthenticationResult == nil {
		t.Fatal("no tokens after MFA_SETUP")
	}
	// From now on the user is asked for the code.
	e.clk.advance(time.Minute)
	out, err = e.password("ann", "Passw0rd!")
	noErr(t, err)
	if out.ChallengeName != types.ChallengeNameTypeSoftwareTokenMfa {
		t.Fatalf("second sign-in: %s", out.ChallengeName)
	}
	_, err = e.c.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{Session: aws.String(strings.Repeat("A", 40))})
	apiErr(t, err, "NotAuthorizedException", "Invalid session for the user.")
}

// TestDeviceKeyClaim: tokens of a sign-in that hands out or uses a device carry device_key.
func TestDeviceKeyClaim(t *testing.T) {
	e := newSRPEnv(t, types.PreventUserExistenceErrorTypesEnabled, false, &cip.CreateUserPoolInput{
		DeviceConfiguration: &types.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true}})
	e.addUser("alice", "Passw0rd!")
	_, out, err := e.signIn("alice", "Passw0rd!")
	noErr(t, err)
	ar := out.AuthenticationResult
	if got := claims(t, aws.ToString(ar.AccessToken))["device_key"]; got != aws.ToString(ar.NewDeviceMetadata.DeviceKey) {
		t.Fatalf("device_key %v, new device %s", got, aws.ToString(ar.NewDeviceMetadata.DeviceKey))
	}
	d := e.confirm(ar.AccessToken, ar.NewDeviceMetadata)
	out, err = e.signInWithDevice("alice", "Passw0rd!", d, d.password)
	noErr(t, err)
	if got := claims(t, aws.ToString(out.AuthenticationResult.AccessToken))["device_key"]; got != d.key {
		t.Fatalf("device_key %v, want %s", got, d.key)
	}
	ref, err := e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &e.clientID, AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
		AuthParameters: map[string]string{"REFRESH_TOKEN": aws.ToString(out.AuthenticationResult.RefreshToken), "DEVICE_KEY": d.key}})
	noErr(t, err)
	if got := claims(t, aws.ToString(ref.AuthenticationResult.AccessToken))["device_key"]; got != d.key {
		t.Fatalf("refreshed device_key %v", got)
	}
	// Without device tracking there is none.
	plain := newSRPEnv(t, types.PreventUserExistenceErrorTypesEnabled, false, nil)
	plain.addUser("bob", "Passw0rd!")
	_, out, err = plain.signIn("bob", "Passw0rd!")
	noErr(t, err)
	if _, ok := claims(t, aws.ToString(out.AuthenticationResult.AccessToken))["device_key"]; ok {
		t.Fatal("device_key without device tracking")
	}
}

// TestMFAStateRoundTrip: MFA settings and the pool's MFA configuration survive
// SaveState and LoadState.
func TestMFAStateRoundTrip(t *testing.T) {
	e := newTrigEnv(t, types.PreventUserExistenceErrorTypesEnabled, nil)
	e.mfaConfig(types.UserPoolMfaTypeOptional, false, true)
	e.addUser("ann", "Passw0rd!")
	first, err := e.password("ann", "Passw0rd!")
	noErr(t, err)
	secret := e.setUpTOTP(first.AuthenticationResult.AccessToken, true)
	var buf strings.Builder
	noErr(t, e.s.SaveState(&buf))

	s2, c2, _ := newServer(t, mockpool.WithClock(e.clk.now))
	noErr(t, s2.LoadState(strings.NewReader(buf.String())))
	e.s, e.c = s2, c2
	cfg, err := c2.GetUserPoolMfaConfig(ctx, &cip.GetUserPoolMfaConfigInput{UserPoolId: &e.poolID})
	noErr(t, err)
	if cfg.MfaConfiguration != types.UserPoolMfaTypeOptional || !cfg.SoftwareTokenMfaConfiguration.Enabled {
		t.Fatalf("config after LoadState %+v", cfg)
	}
	out, err := e.password("ann", "Passw0rd!")
	noErr(t, err)
	if out.ChallengeName != types.ChallengeNameTypeSoftwareTokenMfa {
		t.Fatalf("challenge after LoadState: %s", out.ChallengeName)
	}
	_, err = e.respondMFA(types.ChallengeNameTypeSoftwareTokenMfa, out.Session, "ann", map[string]string{"SOFTWARE_TOKEN_MFA_CODE": e.code(secret, e.clk.now())})
	noErr(t, err)
}

// TestSMSMFACustomMessage: the SMS code of a sign-in goes through CustomMessage as
// CustomMessage_Authentication.
func TestSMSMFACustomMessage(t *testing.T) {
	e := newTrigEnv(t, types.PreventUserExistenceErrorTypesEnabled, &cip.CreateUserPoolInput{MfaConfiguration: types.UserPoolMfaTypeOn})
	e.addUser("ann", "Passw0rd!", phone("+15555550123"), verified("phone_number"))
	var source string
	e.set(mockpool.Triggers{CustomMessage: func(_ context.Context, ev events.CognitoEventUserPoolsCustomMessage) (events.CognitoEventUserPoolsCustomMessage, error) {
		source = ev.TriggerSource
		ev.Response.SMSMessage = "Sign-in code: " + ev.Request.CodeParameter
		return ev, nil
	}})
	_, err := e.password("ann", "Passw0rd!")
	noErr(t, err)
	ms := e.s.Messages(mockpool.MessageFilter{Username: "ann"})
	if source != "CustomMessage_Authentication" || len(ms) != 1 || ms[0].Text != "Sign-in code: 123456" {
		t.Fatalf("source %s, messages %+v", source, ms)
	}
}
