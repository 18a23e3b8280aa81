package main

import (
	"context"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out strings.Builder
	if err := run(context.Background(), &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	for _, want := range []string{
		"Register eve@evil.test (domain rule)       -> InvalidInput (auth.invalid_input)",
		"Register alice@example.com                 -> CodeSent (auth.code_sent)",
		"Register alice@example.com again (taken)   -> CodeSent (auth.code_sent)",
		"Confirm with the code from the outbox      -> Done (auth.done)",
		"SignIn nobody@example.com                  -> InvalidCredentials (auth.invalid_credentials)",
		"SignIn alice@example.com                   -> SignedIn (auth.signed_in)",
		"verified ID token: email alice@example.com, email_verified true, app_role member, sub set true",
		// runPasskey
		"SignInUserAuth bob, PASSWORD_SRP           -> SignedIn (auth.signed_in)",
		"passkey registered: relying party auth.example.com",
		"SignInUserAuth bob, WEB_AUTHN              -> NextStep WEB_AUTHN (auth.challenge.web_authn)",
		"RespondPasskey bob                         -> SignedIn (auth.signed_in)",
		"SignInUserAuth nobody, WEB_AUTHN           -> NextStep WEB_AUTHN (auth.challenge.web_authn)",
		"RespondPasskey nobody                      -> InvalidCredentials (auth.invalid_credentials)",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
