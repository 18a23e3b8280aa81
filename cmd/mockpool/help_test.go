package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestHelpExitsZero: -h and -help print the usage (what mockpool is, its endpoints,
// the flags) and exit 0; an unknown flag exits non-zero.
func TestHelpExitsZero(t *testing.T) {
	bin := binary(t)
	for _, arg := range []string{"-h", "-help", "--help"} {
		out, err := exec.Command(bin, arg).CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", arg, err, out)
		}
		for _, want := range []string{"offline Amazon Cognito", "/_mockpool/messages", "openid-configuration", "-state", "-allow-host"} {
			if !strings.Contains(string(out), want) {
				t.Errorf("%s: usage lacks %q", arg, want)
			}
		}
	}
	if err := exec.Command(bin, "-no-such-flag").Run(); err == nil {
		t.Fatal("an unknown flag exited 0")
	}
}
