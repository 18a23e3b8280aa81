// Command apptests shows how an application's own unit tests use mockpool. The
// application code is package accounts (a sign-up service with a business rule, a
// sign-in that verifies the ID token, Pre sign-up and Pre token generation Lambda
// triggers); the pattern is in its tests:
//
//	go test ./examples/apptests/...
//
// This command wires the same service to an embedded mock pool and prints what it
// does, offline; then, on a second pool, it registers a passkey and signs in with it
// (passkey.go: USER_AUTH's WEB_AUTHN challenge through srpauth.RespondPasskey):
//
//	go run ./examples/apptests
//
// See README.md in this folder for the pattern in a few lines.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/examples/apptests/accounts"
	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/mockpool"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "apptests:", err)
		os.Exit(1)
	}
}

// run is main with its output passed in, so the example's test drives it.
func run(ctx context.Context, out io.Writer) error {
	mp := mockpool.New()
	pool, err := mp.CreatePool(ctx, mockpool.PoolConfig{UsernameAttributes: []string{"email"}, AutoVerifiedAttributes: []string{"email"}})
	if err != nil {
		return err
	}
	// The application's Lambda triggers run inside the mock pool as they would in Cognito.
	if err := mp.SetTriggers(pool.PoolID, mockpool.Triggers{
		PreSignUp:          accounts.PreSignUp{AllowedDomains: []string{"example.com"}}.Handle,
		PreTokenGeneration: accounts.TokenClaims{StaffDomain: "staff.example.com"}.Handle,
	}); err != nil {
		return err
	}
	client := mp.Client(middleware.WithMasking(middleware.WithUserPool(pool.PoolID, "email"),
		middleware.WithUsernameAttributes("email"), middleware.WithNormalize(middleware.NormalizeCaseSensitive),
		middleware.WithSimulatedSignUp(nil)))
	jwks, _ := mp.JWKS(pool.PoolID)
	svc, err := accounts.New(client, accounts.Config{ClientID: pool.ClientID, Issuer: mp.Issuer(pool.PoolID), JWKS: jwks,
		AllowedDomains: []string{"example.com"}})
	if err != nil {
		return err
	}
	show := func(what string, r errorsx.Result) {
		fmt.Fprintf(out, "%-42s -> %s (%s)\n", what, r.Kind, r.Message.Key)
	}

	show("Register eve@evil.test (domain rule)", svc.Register(ctx, "eve@evil.test", "Corr3ct-horse"))
	show("Register alice@example.com", svc.Register(ctx, "alice@example.com", "Corr3ct-horse"))
	show("Register alice@example.com again (taken)", svc.Register(ctx, "alice@example.com", "Corr3ct-horse"))
	code, ok := mp.LastCode(pool.PoolID, "alice@example.com")
	if !ok {
		return fmt.Errorf("no code in the outbox")
	}
	show("Confirm with the code from the outbox", svc.Confirm(ctx, "alice@example.com", code))
	_, r := svc.SignIn(ctx, "nobody@example.com", "Corr3ct-horse")
	show("SignIn nobody@example.com", r)
	u, r := svc.SignIn(ctx, "alice@example.com", "Corr3ct-horse")
	show("SignIn alice@example.com", r)
	if u == nil {
		return fmt.Errorf("sign-in failed: %v", r)
	}
	fmt.Fprintf(out, "verified ID token: email %s, email_verified %v, app_role %s, sub set %v\n", u.Email, u.EmailVerified, u.Role, u.Subject != "")
	return runPasskey(ctx, mp, out)
}
