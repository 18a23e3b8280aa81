package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"github.com/maskedauth/maskedauth/internal/interop"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// instance is one in-process run of the command.
type instance struct {
	endpoint string
	lines    chan string // stdout lines after the first
	stop     func()
}

// start runs the command with args and waits for its "listening" line. The
// test's cleanup stops it (as SIGINT would) and checks that it exited cleanly.
func start(t *testing.T, args ...string) *instance {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, append([]string{"-addr", "127.0.0.1:0", "-quiet"}, args...), pw, io.Discard)
		pw.CloseWithError(io.EOF)
		done <- err
	}()
	sc := bufio.NewScanner(pr)
	if !sc.Scan() {
		cancel()
		t.Fatalf("no first line; run: %v", <-done)
	}
	first := sc.Text()
	const prefix = "mockpool listening on "
	if !strings.HasPrefix(first, prefix) {
		t.Fatalf("first line = %q", first)
	}
	in := &instance{endpoint: strings.TrimPrefix(first, prefix), lines: make(chan string, 64)}
	go func() {
		for sc.Scan() {
			in.lines <- sc.Text()
		}
		close(in.lines)
	}()
	var stopped bool
	in.stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("server did not stop")
		}
	}
	t.Cleanup(in.stop)
	return in
}

// seeded reads the "pool" and "client" lines printed at start.
func (in *instance) seeded(t *testing.T, n int) [][]string {
	t.Helper()
	var out [][]string
	for len(out) < n {
		select {
		case l, ok := <-in.lines:
			if !ok {
				t.Fatalf("stdout closed after %d lines", len(out))
			}
			out = append(out, strings.Fields(l))
		case <-time.After(10 * time.Second):
			t.Fatalf("waited for %d seed lines, got %v", n, out)
		}
	}
	return out
}

func TestFirstLineAndPoolFlag(t *testing.T) {
	in := start(t, "-pool", "demo")
	if !strings.HasPrefix(in.endpoint, "http://127.0.0.1:") || strings.HasSuffix(in.endpoint, ":0") {
		t.Fatalf("endpoint = %q", in.endpoint)
	}
	lines := in.seeded(t, 2)
	if len(lines[0]) != 3 || lines[0][0] != "pool" || lines[0][1] != "demo" || !strings.HasPrefix(lines[0][2], "us-east-1_") {
		t.Fatalf("pool line = %v", lines[0])
	}
	if len(lines[1]) != 4 || lines[1][0] != "client" || lines[1][2] != "demo-client" || lines[1][3] == "" {
		t.Fatalf("client line = %v", lines[1])
	}
	res, err := http.Get(in.endpoint + "/" + lines[0][2] + "/.well-known/jwks.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var jwks struct {
		Keys []map[string]any `json:"keys"`
	}
	if err := json.NewDecoder(res.Body).Decode(&jwks); err != nil || res.StatusCode != 200 || len(jwks.Keys) == 0 {
		t.Fatalf("jwks: status %d, err %v, keys %d", res.StatusCode, err, len(jwks.Keys))
	}
}

func TestBadFlags(t *testing.T) {
	short := filepath.Join(t.TempDir(), "short-secret")
	if err := os.WriteFile(short, []byte("too-short"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"-nope"}, {"extra"}, {"-addr", "256.0.0.1:1"}, {"-seed", filepath.Join(t.TempDir(), "missing.json")}, {"-secret-file", short}} {
		if err := run(t.Context(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("run(%v) = nil, want an error", args)
		}
	}
}

func TestStateSurvivesRestart(t *testing.T) {
	needsJournal(t)
	state := filepath.Join(t.TempDir(), "state.db")
	first := start(t, "-state", state, "-pool", "keep")
	ids := first.seeded(t, 2)
	first.stop()
	if _, err := os.Stat(state); err != nil {
		t.Fatalf("state file: %v", err)
	}
	second := start(t, "-state", state, "-pool", "keep")
	again := second.seeded(t, 2)
	if strings.Join(ids[0], " ") != strings.Join(again[0], " ") || strings.Join(ids[1], " ") != strings.Join(again[1], " ") {
		t.Fatalf("after restart %v, before %v", again, ids)
	}
}

// awsCLI finds the AWS CLI (Debian's /usr/bin/aws before whatever aws is first on
// PATH) and names the binary and version it runs (internal/interop). The interop
// test skips without it, unless MASKEDAUTH_REQUIRE_INTEROP=1 (as in CI), where a
// missing CLI fails.
func awsCLI(t *testing.T) string {
	t.Helper()
	path, version := interop.AWSCLI(t)
	t.Logf("AWS CLI: %s (%s)", path, version)
	return path
}

// TestAWSCLIInterop drives cmd/mockpool with the real AWS CLI: create a pool and
// an ENABLED client, sign up, read the code from /_mockpool/messages, confirm,
// sign in, and check the masked failures.
func TestAWSCLIInterop(t *testing.T) {
	cli := awsCLI(t)
	in := start(t)
	env := cliEnv(t)
	aws, must := awsRunner(t, cli, in.endpoint, env)
	get := jsonString

	pool := must("create-user-pool", "--pool-name", "cli-pool", "--auto-verified-attributes", "email")
	poolID := get(pool, "UserPool", "Id")
	if !strings.HasPrefix(poolID, "us-east-1_") {
		t.Fatalf("pool id %q", poolID)
	}
	client := must("create-user-pool-client", "--user-pool-id", poolID, "--client-name", "cli-app",
		"--explicit-auth-flows", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH",
		"--prevent-user-existence-errors", "ENABLED")
	clientID := get(client, "UserPoolClient", "ClientId")
	if clientID == "" {
		t.Fatalf("no client id in %v", client)
	}

	const password = "Corr3ct-Horse!"
	signUp := must("sign-up", "--client-id", clientID, "--username", "alice", "--password", password,
		"--user-attributes", "Name=email,Value=alice@example.com")
	if got := get(signUp, "CodeDeliveryDetails", "Destination"); got != "a***@e***" {
		t.Errorf("sign-up destination = %q, want a***@e***", got)
	}
	if confirmed, _ := signUp["UserConfirmed"].(bool); confirmed {
		t.Errorf("UserConfirmed = true before confirmation")
	}

	res, err := http.Get(in.endpoint + "/_mockpool/messages?userPoolId=" + poolID + "&username=alice")
	if err != nil {
		t.Fatal(err)
	}
	var msgs []struct {
		Code    string `json:"code"`
		Purpose string `json:"purpose"`
		Medium  string `json:"medium"`
	}
	err = json.NewDecoder(res.Body).Decode(&msgs)
	res.Body.Close()
	if err != nil || len(msgs) != 1 || len(msgs[0].Code) != 6 {
		t.Fatalf("messages: %v, %+v", err, msgs)
	}
	must("confirm-sign-up", "--client-id", clientID, "--username", "alice", "--confirmation-code", msgs[0].Code)

	auth := must("initiate-auth", "--client-id", clientID, "--auth-flow", "USER_PASSWORD_AUTH",
		"--auth-parameters", "USERNAME=alice,PASSWORD="+password)
	if tok := get(auth, "AuthenticationResult", "AccessToken"); strings.Count(tok, ".") != 2 {
		t.Fatalf("no JWT access token in %v", auth)
	}
	if typ := get(auth, "AuthenticationResult", "TokenType"); typ != "Bearer" {
		t.Errorf("TokenType = %q", typ)
	}
	user := must("get-user", "--access-token", get(auth, "AuthenticationResult", "AccessToken"))
	if get(user, "Username") != "alice" {
		t.Errorf("get-user Username = %q", get(user, "Username"))
	}

	// Verification of a changed email: update-user-attributes sends a code to the
	// new address, verify-user-attribute takes it, get-user shows it verified.
	access := get(auth, "AuthenticationResult", "AccessToken")
	upd := must("update-user-attributes", "--access-token", access, "--user-attributes", "Name=email,Value=alice2@example.com")
	if list, _ := upd["CodeDeliveryDetailsList"].([]any); len(list) != 1 {
		t.Fatalf("update-user-attributes CodeDeliveryDetailsList = %v", upd)
	} else if d, _ := list[0].(map[string]any); get(d, "AttributeName") != "email" || get(d, "DeliveryMedium") != "EMAIL" {
		t.Errorf("update-user-attributes delivery = %v", d)
	}
	res, err = http.Get(in.endpoint + "/_mockpool/messages?userPoolId=" + poolID + "&username=alice2@example.com")
	if err != nil {
		t.Fatal(err)
	}
	msgs = nil
	err = json.NewDecoder(res.Body).Decode(&msgs)
	res.Body.Close()
	if err != nil || len(msgs) != 1 || msgs[0].Purpose != "UpdateUserAttribute" || len(msgs[0].Code) != 6 {
		t.Fatalf("messages to the new email: %v, %+v", err, msgs)
	}
	if _, stderr, err := aws("verify-user-attribute", "--access-token", access, "--attribute-name", "email", "--code", "000000"); err == nil ||
		!strings.Contains(stderr, "(CodeMismatchException)") || !strings.Contains(stderr, "Invalid verification code provided, please try again.") {
		t.Errorf("verify-user-attribute with a wrong code: %v %q", err, stderr)
	}
	must("verify-user-attribute", "--access-token", access, "--attribute-name", "email", "--code", msgs[0].Code)
	user = must("get-user", "--access-token", access)
	attrs := map[string]string{}
	list, _ := user["UserAttributes"].([]any)
	for _, a := range list {
		m, _ := a.(map[string]any)
		attrs[get(m, "Name")] = get(m, "Value")
	}
	if attrs["email"] != "alice2@example.com" || attrs["email_verified"] != "true" {
		t.Errorf("get-user after verify-user-attribute: %v", attrs)
	}

	// The masked failures: a wrong password and an unknown user read the same.
	for _, c := range []struct{ name, user, pass string }{
		{"wrong password", "alice", "Wr0ng-Horse!"},
		{"unknown user", "mallory", "Wr0ng-Horse!"},
	} {
		_, stderr, err := aws("initiate-auth", "--client-id", clientID, "--auth-flow", "USER_PASSWORD_AUTH",
			"--auth-parameters", "USERNAME="+c.user+",PASSWORD="+c.pass)
		if err == nil {
			t.Fatalf("%s: sign-in succeeded", c.name)
		}
		if !strings.Contains(stderr, "(NotAuthorizedException)") || !strings.Contains(stderr, "Incorrect username or password.") {
			t.Errorf("%s: stderr = %q", c.name, stderr)
		}
	}
}

func TestIssuerFlag(t *testing.T) {
	for _, c := range []struct{ flag, wantPrefix string }{
		{"cognito", "https://cognito-idp.us-east-1.amazonaws.com/"},
		{"local", "http://127.0.0.1:"},
		{"https://auth.example.test/", "https://auth.example.test/"},
	} {
		t.Run(c.flag, func(t *testing.T) {
			in := start(t, "-pool", "iss", "-issuer", c.flag)
			poolID := in.seeded(t, 2)[0][2]
			res, err := http.Get(in.endpoint + "/" + poolID + "/.well-known/openid-configuration")
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var doc struct {
				Issuer  string `json:"issuer"`
				JWKSURI string `json:"jwks_uri"`
			}
			if err := json.NewDecoder(res.Body).Decode(&doc); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(doc.Issuer, c.wantPrefix) || !strings.HasSuffix(doc.Issuer, "/"+poolID) {
				t.Errorf("issuer = %q, want %s…/%s", doc.Issuer, c.wantPrefix, poolID)
			}
			if c.flag == "local" && doc.JWKSURI != in.endpoint+"/"+poolID+"/.well-known/jwks.json" {
				t.Errorf("jwks_uri = %q", doc.JWKSURI)
			}
		})
	}
	if err := run(t.Context(), []string{"-addr", "127.0.0.1:0", "-issuer", "ftp://x"}, io.Discard, io.Discard); err == nil {
		t.Error("-issuer ftp://x accepted")
	}
}

// TestHTTPTrigger runs a PreSignUp trigger reached over HTTP, as -trigger wires it:
// the event arrives as the Lambda JSON, an {"errorMessage"} answer refuses the
// sign-up, and the event sent back with its response honoured (autoConfirmUser).
func TestHTTPTrigger(t *testing.T) {
	var calls atomic.Int32
	fn := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		var ev map[string]any
		if err := json.NewDecoder(r.Body).Decode(&ev); err != nil {
			http.Error(w, "bad event", 400)
			return
		}
		if ev["triggerSource"] != "PreSignUp_SignUp" {
			http.Error(w, "unexpected trigger source", 400)
			return
		}
		if ev["userName"] == "blocked" {
			json.NewEncoder(w).Encode(map[string]string{"errorMessage": "sign-ups from this name are closed"})
			return
		}
		ev["response"] = map[string]any{"autoConfirmUser": true}
		json.NewEncoder(w).Encode(ev)
	}))
	defer fn.Close()

	in := start(t, "-pool", "trig", "-trigger", "PreSignUp="+fn.URL, "-trigger-timeout", "2s")
	clientID := in.seeded(t, 2)[1][3]
	client := cip.New(cip.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(in.endpoint), RetryMaxAttempts: 1,
		Credentials: aws.AnonymousCredentials{},
	})
	signUp := func(name string) (*cip.SignUpOutput, error) {
		return client.SignUp(t.Context(), &cip.SignUpInput{
			ClientId: aws.String(clientID), Username: aws.String(name), Password: aws.String("Trigg3r-Passw0rd!"),
			UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String(name + "@example.com")}},
		})
	}
	out, err := signUp("welcome")
	if err != nil || !out.UserConfirmed {
		t.Fatalf("SignUp welcome: confirmed=%v err=%v", out != nil && out.UserConfirmed, err)
	}
	_, err = signUp("blocked")
	var lv *types.UserLambdaValidationException
	if !errors.As(err, &lv) || aws.ToString(lv.Message) != "PreSignUp failed with error sign-ups from this name are closed." {
		t.Fatalf("SignUp blocked: %v", err)
	}
	if calls.Load() != 2 {
		t.Errorf("trigger called %d times, want 2", calls.Load())
	}
	if err := run(t.Context(), []string{"-addr", "127.0.0.1:0", "-trigger", "PreSignUp"}, io.Discard, io.Discard); err == nil {
		t.Error("-trigger without a URL accepted")
	}
	if err := run(t.Context(), []string{"-addr", "127.0.0.1:0", "-trigger", "NoSuchTrigger=http://127.0.0.1:1"}, io.Discard, io.Discard); err == nil {
		t.Error("-trigger with an unknown name accepted")
	}
}
