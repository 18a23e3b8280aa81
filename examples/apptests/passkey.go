package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/document"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/internal/webauthntest"
	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/mockpool"
	"github.com/maskedauth/maskedauth/srpauth"
)

// The relying party of the passkeys: the pool's WebAuthnConfiguration, and the origin
// the browser would report (https://<rp id>).
const (
	rpID   = "auth.example.com"
	origin = "https://" + rpID
)

// runPasskey registers a passkey for a user and signs her in with it (AuthFlow
// USER_AUTH, challenge WEB_AUTHN); an unknown name's passkey sign-in fails as a
// refused assertion does.
//
// The browser's part (navigator.credentials.create and .get) is played by
// internal/webauthntest, a software authenticator (one ES256 key, attestation
// "none") that answers real WebAuthn ceremonies. It is internal to this module, for
// tests: this example may import it because it lives in the module; your application's
// tests would use a WebAuthn test authenticator of their own, or a browser's virtual
// authenticator in end-to-end tests.
func runPasskey(ctx context.Context, mp *mockpool.Server, out io.Writer) error {
	admin := mp.Client()
	pool, err := mp.CreatePool(ctx, mockpool.PoolConfig{Name: "passkeys", UsernameAttributes: []string{"email"},
		AutoVerifiedAttributes: []string{"email"}, ExplicitAuthFlows: []string{"ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}})
	if err != nil {
		return err
	}
	// Sign-in with a password or a passkey (UpdateUserPool resets what it is not
	// given, hence the auto-verified attribute again), and the relying party.
	if _, err := admin.UpdateUserPool(ctx, &cip.UpdateUserPoolInput{UserPoolId: &pool.PoolID,
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
		Policies: &types.UserPoolPolicyType{SignInPolicy: &types.SignInPolicyType{
			AllowedFirstAuthFactors: []types.AuthFactorType{types.AuthFactorTypePassword, types.AuthFactorTypeWebAuthn}}}}); err != nil {
		return err
	}
	if _, err := admin.SetUserPoolMfaConfig(ctx, &cip.SetUserPoolMfaConfigInput{UserPoolId: &pool.PoolID,
		WebAuthnConfiguration: &types.WebAuthnConfigurationType{RelyingPartyId: aws.String(rpID)}}); err != nil {
		return err
	}
	// A user with a password, made by an administrator.
	const email, password = "bob@example.com", "Corr3ct-horse"
	if _, err := admin.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &pool.PoolID, Username: aws.String(email),
		MessageAction: types.MessageActionTypeSuppress, UserAttributes: []types.AttributeType{
			{Name: aws.String("email"), Value: aws.String(email)}, {Name: aws.String("email_verified"), Value: aws.String("true")}}}); err != nil {
		return err
	}
	if _, err := admin.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &pool.PoolID, Username: aws.String(email),
		Password: aws.String(password), Permanent: true}); err != nil {
		return err
	}

	// The app's client, masked as in production: ForPool reads the pool's sign-in
	// factors and relying party, which the middleware needs to answer an unknown
	// name's USER_AUTH as Cognito answers a real user. No latency floor in tests.
	m, err := middleware.ForPool(ctx, admin, pool.PoolID, middleware.WithoutLatencyFloor())
	if err != nil {
		return err
	}
	auth, err := srpauth.New(mp.Client(m.ClientOption()), srpauth.Config{UserPoolID: pool.PoolID, ClientID: pool.ClientID})
	if err != nil {
		return err
	}
	show := func(what string, r errorsx.Result) {
		step := ""
		if r.Challenge != nil {
			step = " " + r.Challenge.Name
		}
		fmt.Fprintf(out, "%-42s -> %s%s (%s)\n", what, r.Kind, step, r.Message.Key)
	}

	// 1. Sign in with the password (by SRP) to get an access token.
	r, _ := auth.SignInUserAuth(ctx, email, srpauth.Prefer("PASSWORD_SRP"), srpauth.WithPassword(password))
	show("SignInUserAuth bob, PASSWORD_SRP", r)
	if r.Tokens == nil {
		return fmt.Errorf("password sign-in: %v", r)
	}
	token := r.Tokens.AccessToken

	// 2. Register a passkey: the options go to the authenticator, its answer back.
	key, err := webauthntest.New(nil, origin)
	if err != nil {
		return err
	}
	start, err := admin.StartWebAuthnRegistration(ctx, &cip.StartWebAuthnRegistrationInput{AccessToken: &token})
	if err != nil {
		return err
	}
	options, err := start.CredentialCreationOptions.MarshalSmithyDocument()
	if err != nil {
		return err
	}
	credential, err := key.Register(string(options))
	if err != nil {
		return err
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(credential), &doc); err != nil {
		return err
	}
	if _, err := admin.CompleteWebAuthnRegistration(ctx, &cip.CompleteWebAuthnRegistrationInput{AccessToken: &token,
		Credential: document.NewLazyDocument(doc)}); err != nil {
		return err
	}
	list, err := admin.ListWebAuthnCredentials(ctx, &cip.ListWebAuthnCredentialsInput{AccessToken: &token})
	if err != nil {
		return err
	}
	if len(list.Credentials) != 1 {
		return fmt.Errorf("%d passkeys listed, want 1", len(list.Credentials))
	}
	fmt.Fprintf(out, "passkey registered: relying party %s\n", aws.ToString(list.Credentials[0].RelyingPartyId))

	// 3. Sign in with it: WEB_AUTHN's CREDENTIAL_REQUEST_OPTIONS go to the
	// authenticator (in a web app: to the browser), the assertion comes back.
	passkey := func(_ context.Context, requestOptions string) (string, error) { return key.Assert(requestOptions) }
	r, _ = auth.SignInUserAuth(ctx, email, srpauth.Prefer("WEB_AUTHN"))
	show("SignInUserAuth bob, WEB_AUTHN", r)
	r, _ = auth.RespondPasskey(ctx, r, passkey)
	show("RespondPasskey bob", r)
	if r.Kind != errorsx.SignedIn {
		return fmt.Errorf("passkey sign-in: %v", r)
	}

	// 4. An unknown name gets a WEB_AUTHN challenge too (simulated by the middleware),
	// and any assertion then fails as a refused one does.
	r, _ = auth.SignInUserAuth(ctx, "nobody@example.com", srpauth.Prefer("WEB_AUTHN"))
	show("SignInUserAuth nobody, WEB_AUTHN", r)
	r, _ = auth.RespondPasskey(ctx, r, passkey)
	show("RespondPasskey nobody", r)
	return nil
}
