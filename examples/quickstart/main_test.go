package main

import (
	"context"
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
		"[EMAIL n***@e***]",
		"UserNotFoundException",
		"SignedIn",
		"auth.invalid_credentials",
		"every pair above reads the same",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Quickstart-Passw0rd") {
		t.Errorf("output shows the password:\n%s", text)
	}
}
