package main

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/pquerna/otp/totp"

	"github.com/maskedauth/maskedauth/mockpool"
	"github.com/maskedauth/maskedauth/srpauth"
)

// pools starts a mock pool over HTTP on 127.0.0.1 (as cmd/mockpool serves it) with an
// ENABLED client, a LEGACY client, an ENABLED client with a secret, a user alice with a
// permanent password and a user bob with a temporary one.
type pools struct {
	mp                          *mockpool.Server
	endpoint                    string
	poolID                      string
	enabled, legacy, withSecret mockpool.PoolInfo
}

func startPools(t *testing.T) *pools {
	t.Helper()
	for _, k := range []string{"COGNITO_USER_POOL_ID", "COGNITO_CLIENT_ID", "COGNITO_CLIENT_SECRET", "AWS_REGION"} {
		t.Setenv(k, "")
	}
	ctx := context.Background()
	mp := mockpool.New(mockpool.WithTestSigningKey(), mockpool.WithFixedCode(smsCode))
	srv := httptest.NewServer(mp)
	t.Cleanup(srv.Close)

	enabled, err := mp.CreatePool(ctx, mockpool.PoolConfig{Name: "srpcli", PreventUserExistenceErrors: "ENABLED"})
	if err != nil {
		t.Fatal(err)
	}
	admin := mp.Client()
	newClient := func(name string, secret bool, prevent types.PreventUserExistenceErrorTypes) mockpool.PoolInfo {
		out, err := admin.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: aws.String(enabled.PoolID),
			ClientName: aws.String(name), GenerateSecret: secret, PreventUserExistenceErrors: prevent,
			ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}})
		if err != nil {
			t.Fatal(err)
		}
		return mockpool.PoolInfo{PoolID: enabled.PoolID, ClientID: aws.ToString(out.UserPoolClient.ClientId), ClientSecret: aws.ToString(out.UserPoolClient.ClientSecret)}
	}
	p := &pools{mp: mp, endpoint: srv.URL, poolID: enabled.PoolID, enabled: enabled,
		legacy:     newClient("legacy", false, types.PreventUserExistenceErrorTypesLegacy),
		withSecret: newClient("confidential", true, types.PreventUserExistenceErrorTypesEnabled)}

	for _, u := range []struct {
		name, password string
		permanent      bool
	}{{"alice", "Corr3ct-Horse!", true}, {"bob", "Temp-Passw0rd!", false}} {
		if _, err := admin.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: aws.String(p.poolID), Username: aws.String(u.name),
			TemporaryPassword: aws.String(u.password), MessageAction: types.MessageActionTypeSuppress}); err != nil {
			t.Fatal(err)
		}
		if u.permanent {
			if _, err := admin.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: aws.String(p.poolID),
				Username: aws.String(u.name), Password: aws.String(u.password), Permanent: true}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return p
}

// smsCode is every code the mock pool sends (WithFixedCode), so a test can pipe the
// SMS_MFA code before the command asks for it.
const smsCode = "135790"

// mfaUsers turns MFA on (OPTIONAL, SMS and TOTP) and makes carol, who gets SMS codes,
// and dave, who has an authenticator app; it returns dave's TOTP secret.
func (p *pools) mfaUsers(t *testing.T) (totpSecret string) {
	t.Helper()
	ctx := context.Background()
	admin := p.mp.Client()
	pool := aws.String(p.poolID)
	if _, err := admin.SetUserPoolMfaConfig(ctx, &cip.SetUserPoolMfaConfigInput{UserPoolId: pool, MfaConfiguration: types.UserPoolMfaTypeOptional,
		SmsMfaConfiguration:           &types.SmsMfaConfigType{SmsConfiguration: &types.SmsConfigurationType{SnsCallerArn: aws.String("arn:aws:iam::123456789012:role/sms")}},
		SoftwareTokenMfaConfiguration: &types.SoftwareTokenMfaConfigType{Enabled: true}}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"carol", "dave"} {
		if _, err := admin.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: pool, Username: aws.String(name), MessageAction: types.MessageActionTypeSuppress,
			UserAttributes: []types.AttributeType{{Name: aws.String("phone_number"), Value: aws.String("+15555550123")}, {Name: aws.String("phone_number_verified"), Value: aws.String("true")}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := admin.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: pool, Username: aws.String(name),
			Password: aws.String("Corr3ct-Horse!"), Permanent: true}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := admin.AdminSetUserMFAPreference(ctx, &cip.AdminSetUserMFAPreferenceInput{UserPoolId: pool, Username: aws.String("carol"),
		SMSMfaSettings: &types.SMSMfaSettingsType{Enabled: true, PreferredMfa: true}}); err != nil {
		t.Fatal(err)
	}
	// dave registers an authenticator app, as an application's settings page would.
	in, err := admin.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{UserPoolId: pool, ClientId: aws.String(p.enabled.ClientID),
		AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth, AuthParameters: map[string]string{"USERNAME": "dave", "PASSWORD": "Corr3ct-Horse!"}})
	if err != nil {
		t.Fatal(err)
	}
	access := in.AuthenticationResult.AccessToken
	assoc, err := admin.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{AccessToken: access})
	if err != nil {
		t.Fatal(err)
	}
	secret := aws.ToString(assoc.SecretCode)
	if _, err := admin.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{AccessToken: access, UserCode: aws.String(totpCode(t, secret))}); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.SetUserMFAPreference(ctx, &cip.SetUserMFAPreferenceInput{AccessToken: access,
		SoftwareTokenMfaSettings: &types.SoftwareTokenMfaSettingsType{Enabled: true, PreferredMfa: true}}); err != nil {
		t.Fatal(err)
	}
	return secret
}

// totpCode is what dave's authenticator app shows now.
func totpCode(t *testing.T, secret string) string {
	t.Helper()
	code, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// The code prompts against the mock pool's real MFA: an SMS code (piped in advance,
// since the mock pool sends a fixed code) and a TOTP code from dave's secret.
func TestMFA(t *testing.T) {
	p := startPools(t)
	secret := p.mfaUsers(t)
	signedIn := "SignedIn (auth.signed_in): You're signed in.\n  tokens expire in 1h0m0s\n"

	out, _, err := runCLI("Corr3ct-Horse!\n"+smsCode+"\n", p.args(p.enabled, "carol")...)
	if err != nil {
		t.Fatalf("SMS_MFA: %v\n%s", err, out)
	}
	want := "NextStep (auth.challenge.sms_mfa): Enter the code we sent you by text message.\n  code sent by SMS to +*******0123\n" + signedIn
	if out != want {
		t.Errorf("SMS_MFA stdout %q, want %q", out, want)
	}
	if ms := p.mp.Messages(mockpool.MessageFilter{UserPoolID: p.poolID, Username: "carol"}); len(ms) != 1 || ms[0].Purpose != "SMS_MFA" {
		t.Errorf("outbox %+v", ms)
	}

	out, _, err = runCLI("Corr3ct-Horse!\n"+totpCode(t, secret)+"\n", p.args(p.enabled, "dave")...)
	if err != nil {
		t.Fatalf("SOFTWARE_TOKEN_MFA: %v\n%s", err, out)
	}
	if want := "NextStep (auth.challenge.software_token_mfa): Enter the code from your authenticator app.\n" + signedIn; out != want {
		t.Errorf("SOFTWARE_TOKEN_MFA stdout %q, want %q", out, want)
	}

	out, _, err = runCLI("Corr3ct-Horse!\n000000\n", p.args(p.enabled, "dave")...)
	if !errors.Is(err, errSignInFailed) || !strings.HasSuffix(out, "InvalidCode (auth.invalid_code): That code isn't valid. Check it and try again, or request a new one.\n") {
		t.Errorf("wrong TOTP code: %v\n%s", err, out)
	}
}

// runCLI runs the command with stdin piped and returns stdout, stderr and the error.
func runCLI(stdin string, args ...string) (string, string, error) {
	var out, errOut strings.Builder
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func (p *pools) args(c mockpool.PoolInfo, username string, extra ...string) []string {
	a := []string{"-endpoint", p.endpoint, "-pool-id", c.PoolID, "-client-id", c.ClientID, "-username", username}
	if c.ClientSecret != "" {
		a = append(a, "-client-secret", c.ClientSecret)
	}
	return append(a, extra...)
}

func TestSignIn(t *testing.T) {
	p := startPools(t)
	for _, tc := range []struct {
		name   string
		client mockpool.PoolInfo
		extra  []string
	}{
		{"ENABLED client", p.enabled, nil},
		{"LEGACY client", p.legacy, nil},
		{"client with a secret", p.withSecret, nil},
		{"region given", p.enabled, []string{"-region", "us-east-1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, _, err := runCLI("Corr3ct-Horse!\n", p.args(tc.client, "alice", tc.extra...)...)
			if err != nil {
				t.Fatalf("run: %v\n%s", err, out)
			}
			want := "SignedIn (auth.signed_in): You're signed in.\n  tokens expire in 1h0m0s\n"
			if out != want {
				t.Errorf("stdout %q, want %q", out, want)
			}
		})
	}
}

func TestPrintTokens(t *testing.T) {
	p := startPools(t)
	out, _, err := runCLI("Corr3ct-Horse!", p.args(p.enabled, "alice", "-print-tokens")...) // no final newline
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	for _, want := range []string{"access token:  eyJ", "id token:      eyJ", "refresh token: "} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
}

// A wrong password and an unknown user print the same, on an ENABLED client and on a
// LEGACY one (srpauth's Result is the same even where Cognito's answers differ).
func TestFailuresReadTheSame(t *testing.T) {
	p := startPools(t)
	const want = "InvalidCredentials (auth.invalid_credentials): Incorrect username or password.\n"
	for _, tc := range []struct {
		name, user, password string
		client               mockpool.PoolInfo
	}{
		{"wrong password", "alice", "Wr0ng-Horse!", p.enabled},
		{"unknown user, ENABLED", "mallory", "Corr3ct-Horse!", p.enabled},
		{"unknown user, LEGACY", "mallory", "Corr3ct-Horse!", p.legacy},
		{"wrong password, LEGACY", "alice", "Wr0ng-Horse!", p.legacy},
		{"unknown user, with secret", "mallory", "Corr3ct-Horse!", p.withSecret},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, err := runCLI(tc.password+"\n", p.args(tc.client, tc.user)...)
			if !errors.Is(err, errSignInFailed) {
				t.Fatalf("err %v, want errSignInFailed", err)
			}
			if out != want || errOut != "" {
				t.Errorf("stdout %q stderr %q, want %q", out, errOut, want)
			}
		})
	}
}

// bob's temporary password leads to NEW_PASSWORD_REQUIRED; the next stdin line is the
// new password.
func TestNewPasswordRequired(t *testing.T) {
	p := startPools(t)
	out, _, err := runCLI("Temp-Passw0rd!\nN3w-Passw0rd!\n", p.args(p.enabled, "bob")...)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	want := "NextStep (auth.challenge.new_password_required): Choose a new password to continue.\n" +
		"SignedIn (auth.signed_in): You're signed in.\n  tokens expire in 1h0m0s\n"
	if out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
	if out, _, err := runCLI("N3w-Passw0rd!\n", p.args(p.enabled, "bob")...); err != nil {
		t.Errorf("sign-in with the new password: %v\n%s", err, out)
	}
	// Without a new password on stdin the command stops with an error.
	fresh := startPools(t)
	if _, _, err := runCLI("Temp-Passw0rd!\n", fresh.args(fresh.enabled, "bob")...); err == nil || !strings.Contains(err.Error(), `no answer to "New password"`) {
		t.Errorf("err %v", err)
	}
}

func TestUsage(t *testing.T) {
	startPools(t)
	for _, tc := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{"", []string{"-client-id", "x"}, "-pool-id and -client-id are required"},
		{"", []string{"-pool-id", "us-east-1_abc", "-client-id", "x", "extra"}, "unexpected arguments"},
		{"", []string{"-pool-id", "us-east-1_abc", "-client-id", "x", "-username", "alice"}, `no answer to "Password" on stdin`},
		{"", []string{"-pool-id", "us-east-1_abc", "-client-id", "x"}, `no answer to "Username" on stdin`},
		{"", []string{"-pool-id", "nounderscore", "-client-id", "x"}, "srpauth"},
		{strings.Repeat("x", maxLine+1), []string{"-pool-id", "us-east-1_abc", "-client-id", "x", "-username", "a"}, "too long"},
	} {
		_, _, err := runCLI(tc.stdin, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err %v, want %q", tc.args, err, tc.want)
		}
	}
}

// fakeMFA is a scripted Cognito for the prompt loop alone (TestMFA runs the real thing
// on the mock pool): the first call answers with the challenge, the second checks the
// code.
type fakeMFA struct {
	challenge types.ChallengeNameType
	params    map[string]string
	responses map[string]string
}

func (f *fakeMFA) InitiateAuth(_ context.Context, in *cip.InitiateAuthInput, _ ...func(*cip.Options)) (*cip.InitiateAuthOutput, error) {
	return &cip.InitiateAuthOutput{ChallengeName: f.challenge, Session: aws.String("session-1"), ChallengeParameters: f.params}, nil
}

func (f *fakeMFA) RespondToAuthChallenge(_ context.Context, in *cip.RespondToAuthChallengeInput, _ ...func(*cip.Options)) (*cip.RespondToAuthChallengeOutput, error) {
	f.responses = in.ChallengeResponses
	if in.ChallengeName != f.challenge || aws.ToString(in.Session) != "session-1" {
		return nil, fmt.Errorf("unexpected %s", in.ChallengeName)
	}
	for _, k := range []string{"SMS_MFA_CODE", "SOFTWARE_TOKEN_MFA_CODE"} {
		if in.ChallengeResponses[k] == "123456" {
			return &cip.RespondToAuthChallengeOutput{AuthenticationResult: &types.AuthenticationResultType{
				AccessToken: aws.String("a"), IdToken: aws.String("i"), ExpiresIn: 300, TokenType: aws.String("Bearer")}}, nil
		}
	}
	return nil, &types.CodeMismatchException{Message: aws.String("Invalid code received for user")}
}

func TestMFACodePrompt(t *testing.T) {
	for _, tc := range []struct {
		name      string
		challenge types.ChallengeNameType
		params    map[string]string
		code      string
		want      string
	}{
		{"SMS_MFA", types.ChallengeNameTypeSmsMfa,
			map[string]string{"USERNAME": "alice", "CODE_DELIVERY_DELIVERY_MEDIUM": "SMS", "CODE_DELIVERY_DESTINATION": "+*******1234"}, "123456",
			"NextStep (auth.challenge.sms_mfa): Enter the code we sent you by text message.\n  code sent by SMS to +*******1234\n" +
				"SignedIn (auth.signed_in): You're signed in.\n  tokens expire in 5m0s\n"},
		{"SOFTWARE_TOKEN_MFA", types.ChallengeNameTypeSoftwareTokenMfa, map[string]string{"USERNAME": "alice"}, "123456",
			"NextStep (auth.challenge.software_token_mfa): Enter the code from your authenticator app.\n" +
				"SignedIn (auth.signed_in): You're signed in.\n  tokens expire in 5m0s\n"},
		{"wrong code", types.ChallengeNameTypeSoftwareTokenMfa, map[string]string{"USERNAME": "alice"}, "000000",
			"NextStep (auth.challenge.software_token_mfa): Enter the code from your authenticator app.\n" +
				"InvalidCode (auth.invalid_code): That code isn't valid. Check it and try again, or request a new one.\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeMFA{challenge: tc.challenge, params: tc.params}
			auth, err := srpauth.New(f, srpauth.Config{UserPoolID: "us-east-1_abc", ClientID: "client"})
			if err != nil {
				t.Fatal(err)
			}
			var out, prompts strings.Builder
			s := &session{p: newPrompter(strings.NewReader("Passw0rd!\n"+tc.code+"\n"), &prompts), out: &out}
			err = s.signIn(context.Background(), auth, "alice")
			if (err == nil) != (tc.code == "123456") {
				t.Errorf("err %v", err)
			}
			if out.String() != tc.want {
				t.Errorf("stdout %q, want %q", out.String(), tc.want)
			}
			if f.responses["USERNAME"] != "alice" {
				t.Errorf("responses %v", f.responses)
			}
		})
	}
}
