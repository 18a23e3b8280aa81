package main

import (
	"context"
	"strings"
	"testing"
)

func TestAuditEmbedded(t *testing.T) {
	var out strings.Builder
	if err := run(context.Background(), &out, func(string) string { return "" }); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{
		"Enumeration audit of user pool us-east-1_",
		"web ", ": LEGACY;",
		"backend ", ": ENABLED, with secret;",
		"[high] legacy-client (client web",
		"[high] srp-user-id (client web",
		"[medium] signup-exists (pool)",
		"middleware.WithSimulatedSignUp",
		"report.Options()",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "legacy-client (client backend") {
		t.Errorf("the ENABLED client is reported LEGACY:\n%s", text)
	}
}
