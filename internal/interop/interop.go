// Package interop is how the module's tests meet the independent tools they run
// (the AWS CLI, node with the reference JavaScript clients, redis-server). A test
// whose tool is missing is skipped with a SKIP line on the terminal (go test hides
// a passing package's output without -v, so the line goes to /dev/tty when there
// is one, else stderr), so a skip never hides among passing packages; under
// MASKEDAUTH_REQUIRE_INTEROP=1 (as in CI) a missing tool fails the test instead.
package interop

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// RequireEnv is the environment variable that turns every interop skip into a
// failure.
const RequireEnv = "MASKEDAUTH_REQUIRE_INTEROP"

// Required reports whether interop tools must be present (RequireEnv=1).
func Required() bool { return os.Getenv(RequireEnv) == "1" }

// Notice prints a line the developer sees even without -v (which tool and version
// an interop test ran, say).
func Notice(format string, args ...any) { notice(format, args...) }

// notice prints a line the developer sees even without -v: go test shows the
// output of a passing package only with -v, so the line goes to the controlling
// terminal when there is one (a developer's shell), else to stderr (CI logs, where
// RequireEnv=1 turns skips into failures anyway).
func notice(format string, args ...any) {
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		fmt.Fprintf(tty, format, args...)
		tty.Close()
		return
	}
	fmt.Fprintf(os.Stderr, format, args...)
}

// Skip skips t because a tool it needs is missing (the reason says which and how
// to install it), printing a SKIP line that shows without -v; under RequireEnv=1
// it fails t instead.
func Skip(t testing.TB, format string, args ...any) {
	t.Helper()
	reason := fmt.Sprintf(format, args...)
	if Required() {
		t.Fatalf("%s=1 but %s", RequireEnv, reason)
	}
	notice("SKIP: %s: %s; set %s=1 to make this a failure\n", t.Name(), reason, RequireEnv)
	t.Skip(reason)
}

// AWSCLI returns the AWS CLI a test should run and its version line: the binary
// MASKEDAUTH_AWS_CLI names, else Debian's /usr/bin/aws (package awscli), else the
// first aws on PATH. It prints which binary and version it picked on stderr (shown
// without -v), and skips t (Skip) when there is none or it does not run.
func AWSCLI(t testing.TB) (path, version string) {
	t.Helper()
	path = os.Getenv("MASKEDAUTH_AWS_CLI")
	if path == "" {
		if _, err := os.Stat("/usr/bin/aws"); err == nil {
			path = "/usr/bin/aws"
		}
	}
	if path == "" {
		path, _ = exec.LookPath("aws")
	}
	if path == "" {
		Skip(t, "the AWS CLI is not installed (apt-get install awscli)")
	}
	out, err := exec.Command(path, "--version").CombinedOutput()
	if err != nil {
		Skip(t, "the AWS CLI %s does not run: %v", path, err)
	}
	version = strings.TrimSpace(string(out))
	notice("INTEROP: %s runs %s (%s)\n", t.Name(), path, version)
	return path, version
}

// SkipPlatform skips t because the machine cannot do what it needs (a mount
// namespace, root), printing a SKIP line that shows without -v. Unlike Skip it
// does not fail under RequireEnv: the missing piece is the platform, not a tool CI
// installs.
func SkipPlatform(t testing.TB, format string, args ...any) {
	t.Helper()
	reason := fmt.Sprintf(format, args...)
	notice("SKIP: %s: %s\n", t.Name(), reason)
	t.Skip(reason)
}
