//go:build unix

package interop

import (
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// TestSkipFailsWhenRequired runs a child test binary (this one) with and without
// RequireEnv and checks that a skip fails only when required, and prints its SKIP
// line either way.
func TestSkipFailsWhenRequired(t *testing.T) {
	if os.Getenv("INTEROP_CHILD") == "1" {
		Skip(t, "the tool is missing (planted)")
		return
	}
	for _, tt := range []struct {
		require  string
		wantFail bool
		wantLine string
	}{
		{"", false, "SKIP: TestSkipFailsWhenRequired: the tool is missing (planted)"},
		{"1", true, "MASKEDAUTH_REQUIRE_INTEROP=1 but the tool is missing (planted)"},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestSkipFailsWhenRequired$")
		cmd.Env = append(os.Environ(), "INTEROP_CHILD=1", RequireEnv+"="+tt.require)
		// A session of its own has no controlling terminal, so the line goes to
		// stderr, where this test reads it.
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		out, err := cmd.CombinedOutput()
		if failed := err != nil; failed != tt.wantFail {
			t.Errorf("%s=%q: failed=%v, want %v\n%s", RequireEnv, tt.require, failed, tt.wantFail, out)
		}
		if !strings.Contains(string(out), tt.wantLine) {
			t.Errorf("%s=%q: output lacks %q:\n%s", RequireEnv, tt.require, tt.wantLine, out)
		}
	}
}
