package srpauth_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"github.com/maskedauth/maskedauth/internal/interop"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/mockpool"
	"github.com/maskedauth/maskedauth/srpauth"
)

// jsResult is the one-line JSON that interop/js/srp-signin.mjs prints.
type jsResult struct {
	OK      bool   `json:"ok"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Tokens  *struct {
		IDToken, AccessToken, RefreshToken string
	} `json:"tokens"`
	Calls []struct {
		Op        string `json:"op"`
		Status    int    `json:"status"`
		Challenge string `json:"challenge"`
		Error     string `json:"error"`
	} `json:"calls"`
}

// interopJS returns the node binary and the interop/js directory, or skips the test when
// either is missing, unless MASKEDAUTH_REQUIRE_INTEROP=1 (CI), where it fails.
func interopJS(t *testing.T) (node, dir string) {
	t.Helper()
	missing := func(what string) {
		interop.Skip(t, "JavaScript interop: %s (run npm ci in interop/js)", what)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node is not installed")
	}
	dir, err = filepath.Abs(filepath.Join("..", "interop", "js"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "amazon-cognito-identity-js", "package.json")); err != nil {
		missing("interop/js/node_modules is missing")
	}
	return node, dir
}

func runJS(t *testing.T, node, dir, endpoint, poolID, clientID, username, password string) jsResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "srp-signin.mjs", endpoint, poolID, clientID, username, password)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node srp-signin.mjs: %v\n%s", err, stderr.String())
	}
	var r jsResult
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("node output %q: %v", out, err)
	}
	return r
}

// TestInteropJS: the reference JavaScript client (amazon-cognito-identity-js) signs in with
// SRP against the mock pool over HTTP on 127.0.0.1, and srpauth signs in against the same
// server: the mockpool handler under httptest, and the cmd/mockpool program (built and
// started by the test). With MASKEDAUTH_INTEROP_ENDPOINT set, a server already running there
// is used as well.
func TestInteropJS(t *testing.T) {
	node, dir := interopJS(t)
	t.Run("httptest", func(t *testing.T) {
		srv := httptest.NewServer(mockpool.New()) // listens on 127.0.0.1
		defer srv.Close()
		interopAgainst(t, node, dir, srv.URL)
	})
	t.Run("cmd/mockpool", func(t *testing.T) {
		interopAgainst(t, node, dir, startCmdMockpool(t))
	})
	if ep := os.Getenv("MASKEDAUTH_INTEROP_ENDPOINT"); ep != "" {
		t.Run("endpoint", func(t *testing.T) { interopAgainst(t, node, dir, ep) })
	}
}

// startCmdMockpool builds cmd/mockpool, starts it on 127.0.0.1 with a free port and returns
// its URL; the process is stopped when the test ends.
func startCmdMockpool(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "mockpool")
	build := exec.Command(goBin, "build", "-o", bin, "./cmd/mockpool")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/mockpool: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-quiet")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case line := <-lines:
		url, ok := strings.CutPrefix(line, "mockpool listening on ")
		if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") {
			t.Fatalf("cmd/mockpool printed %q", line)
		}
		return url
	case <-time.After(30 * time.Second):
		t.Fatal("cmd/mockpool did not start")
	}
	return ""
}

// interopAgainst runs the JavaScript client and srpauth against the server at base.
func interopAgainst(t *testing.T, node, dir, base string) {
	ctx := t.Context()
	base = strings.TrimSuffix(base, "/")

	// Every call, set-up included, goes over HTTP.
	httpClient := cip.New(cip.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(base), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("AKIDINTEROP", "interop-secret", ""),
	})
	admin := httpClient
	pool, err := admin.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("interop")})
	if err != nil {
		t.Fatal(err)
	}
	poolID := aws.ToString(pool.UserPool.Id)
	cl, err := admin.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{
		UserPoolId: aws.String(poolID), ClientName: aws.String("js"),
		ExplicitAuthFlows:          []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
		PreventUserExistenceErrors: types.PreventUserExistenceErrorTypesEnabled,
	})
	if err != nil {
		t.Fatal(err)
	}
	clientID := aws.ToString(cl.UserPoolClient.ClientId)
	const user, password = "alice", "Corr3ct-Horse!"
	if _, err := admin.AdminCreateUser(ctx, &cip.AdminCreateUserInput{
		UserPoolId: aws.String(poolID), Username: aws.String(user), MessageAction: types.MessageActionTypeSuppress,
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{
		UserPoolId: aws.String(poolID), Username: aws.String(user), Password: aws.String(password), Permanent: true,
	}); err != nil {
		t.Fatal(err)
	}
	endpoint := base + "/"

	t.Run("js/right password", func(t *testing.T) {
		r := runJS(t, node, dir, endpoint, poolID, clientID, user, password)
		if !r.OK || r.Tokens == nil || r.Tokens.AccessToken == "" || r.Tokens.IDToken == "" || r.Tokens.RefreshToken == "" {
			t.Fatalf("got %+v", r)
		}
	})
	for _, tt := range []struct{ name, user, password string }{
		{"js/wrong password", user, "Wrong-Passw0rd!"},
		{"js/unknown user", "mallory", password},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := runJS(t, node, dir, endpoint, poolID, clientID, tt.user, tt.password)
			if r.OK || r.Code != "NotAuthorizedException" || r.Message != "Incorrect username or password." {
				t.Fatalf("got %+v", r)
			}
			if len(r.Calls) != 2 || r.Calls[0].Op != "InitiateAuth" || r.Calls[0].Challenge != "PASSWORD_VERIFIER" ||
				r.Calls[1].Op != "RespondToAuthChallenge" || r.Calls[1].Error != "NotAuthorizedException" {
				t.Fatalf("calls %+v, want a PASSWORD_VERIFIER challenge then NotAuthorizedException", r.Calls)
			}
		})
	}

	// srpauth over real HTTP against the same server.
	a, err := srpauth.New(httpClient, srpauth.Config{UserPoolID: poolID, ClientID: clientID})
	if err != nil {
		t.Fatal(err)
	}
	r, err := a.SignIn(ctx, user, password)
	if err != nil || r.Kind != errorsx.SignedIn || r.Tokens == nil || r.Tokens.AccessToken == "" {
		t.Fatalf("srpauth SignIn = %v, %v", r, err)
	}
	for _, tt := range []struct{ user, password string }{{user, "Wrong-Passw0rd!"}, {"mallory", password}} {
		r, err := a.SignIn(ctx, tt.user, tt.password)
		var na *types.NotAuthorizedException
		if r.Kind != errorsx.InvalidCredentials || !errors.As(err, &na) || na.ErrorMessage() != "Incorrect username or password." {
			t.Fatalf("srpauth SignIn(%s) = %v, %v", tt.user, r, err)
		}
	}
}
