package main

import (
	"context"
	"regexp"
	"strings"
	"testing"
)

func TestQuickstartEmbedded(t *testing.T) {
	var out strings.Builder
	noEnv := func(string) string { return "" }
	if err := run(context.Background(), &out, noEnv); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{
		"embedded mock pool us-east-1_",
		"(PreventUserExistenceErrors LEGACY)",
		"SignUp alice@example.com",
		"auth.code_sent",
		"[EMAIL a***@e***]",
		"UserNotFoundException",
		"SignedIn",
		"auth.invalid_credentials",
		"pairs read the same (kind, message and whether a code was sent)",
		"USER_PASSWORD_AUTH, wrong password  =  USER_SRP_AUTH, no such account",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	// The simulated mask of the unknown address: shaped like a real one (capitals
	// appear at a small stable rate, as they do in real stored addresses).
	if !regexp.MustCompile(`\[EMAIL [nN]\*\*\*@[eE]\*\*\*\]`).MatchString(text) {
		t.Errorf("output lacks the simulated delivery of the unknown address:\n%s", text)
	}
	if strings.Contains(text, "Quickstart-Passw0rd") {
		t.Errorf("output shows the password:\n%s", text)
	}
}
