package srpauth_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/pquerna/otp/totp"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/mockpool"
	"github.com/maskedauth/maskedauth/srpauth"
)

// TestSRPAndTOTPAgainstMockPool signs in end to end with SRP and a software token: the
// user sets TOTP up with the secret AssociateSoftwareToken returns, then srpauth's
// SignIn stops at SOFTWARE_TOKEN_MFA and RespondCode finishes with a code computed by
// pquerna/otp from that secret.
func TestSRPAndTOTPAgainstMockPool(t *testing.T) {
	for _, strip := range []bool{false, true} {
		name := "as sent"
		if strip {
			name = "challenge without USER_ID_FOR_SRP"
		}
		t.Run(name, func(t *testing.T) { testSRPAndTOTP(t, strip) })
	}
}

// stripUserID removes USER_ID_FOR_SRP and USERNAME from MFA challenges, so the test also
// covers answers that do not name the user.
type stripUserID struct{ *cip.Client }

func (s stripUserID) RespondToAuthChallenge(ctx context.Context, in *cip.RespondToAuthChallengeInput, opts ...func(*cip.Options)) (*cip.RespondToAuthChallengeOutput, error) {
	out, err := s.Client.RespondToAuthChallenge(ctx, in, opts...)
	if err == nil && out.ChallengeName == types.ChallengeNameTypeSoftwareTokenMfa {
		delete(out.ChallengeParameters, "USER_ID_FOR_SRP")
		delete(out.ChallengeParameters, "USERNAME")
	}
	return out, err
}

func testSRPAndTOTP(t *testing.T, strip bool) {
	ctx := t.Context()
	now := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	clock := func() time.Time { return now }
	client := mockpool.New(mockpool.WithClock(clock), mockpool.WithTestSigningKey()).Client()
	pool, err := client.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("mfa")})
	if err != nil {
		t.Fatal(err)
	}
	poolID := pool.UserPool.Id
	if _, err := client.SetUserPoolMfaConfig(ctx, &cip.SetUserPoolMfaConfigInput{UserPoolId: poolID, MfaConfiguration: types.UserPoolMfaTypeOptional,
		SoftwareTokenMfaConfiguration: &types.SoftwareTokenMfaConfigType{Enabled: true}}); err != nil {
		t.Fatal(err)
	}
	app, err := client.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: poolID, ClientName: aws.String("app"),
		GenerateSecret: true, PreventUserExistenceErrors: types.PreventUserExistenceErrorTypesEnabled})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: poolID, Username: aws.String("tess"),
		MessageAction: types.MessageActionTypeSuppress}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: poolID, Username: aws.String("tess"),
		Password: aws.String("Passw0rd!"), Permanent: true}); err != nil {
		t.Fatal(err)
	}
	var api srpauth.API = client
	if strip {
		api = stripUserID{client}
	}
	a, err := srpauth.New(api, srpauth.Config{UserPoolID: *poolID, ClientID: *app.UserPoolClient.ClientId,
		ClientSecret: *app.UserPoolClient.ClientSecret}, srpauth.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}

	// MFA is optional and not set up: SRP alone signs in.
	r, err := a.SignIn(ctx, "tess", "Passw0rd!")
	if err != nil || r.Kind != errorsx.SignedIn {
		t.Fatalf("first sign-in: %+v %v", r, err)
	}
	access := aws.String(r.Tokens.AccessToken)
	as, err := client.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{AccessToken: access})
	if err != nil {
		t.Fatal(err)
	}
	secret := aws.ToString(as.SecretCode)
	code, err := totp.GenerateCode(secret, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{AccessToken: access, UserCode: &code}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.SetUserMFAPreference(ctx, &cip.SetUserMFAPreferenceInput{AccessToken: access,
		SoftwareTokenMfaSettings: &types.SoftwareTokenMfaSettingsType{Enabled: true, PreferredMfa: true}}); err != nil {
		t.Fatal(err)
	}

	now = now.Add(2 * time.Minute)
	r, err = a.SignIn(ctx, "tess", "Passw0rd!")
	if err != nil || r.Kind != errorsx.NextStep || r.Challenge == nil || r.Challenge.Name != "SOFTWARE_TOKEN_MFA" || r.Challenge.MFA != errorsx.MFATOTP {
		t.Fatalf("SRP sign-in: %+v %v", r, err)
	}
	wrong, err := a.RespondCode(ctx, r, "000000")
	if err == nil || wrong.Kind != errorsx.InvalidCode {
		t.Fatalf("wrong code: %+v %v", wrong, err)
	}
	code, err = totp.GenerateCode(secret, now)
	if err != nil {
		t.Fatal(err)
	}
	done, err := a.RespondCode(ctx, r, code)
	if err != nil || done.Kind != errorsx.SignedIn || done.Tokens == nil || done.Tokens.AccessToken == "" {
		t.Fatalf("TOTP answer: %+v %v (cause %v)", done, err, done.Cause)
	}
}
