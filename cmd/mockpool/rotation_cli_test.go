package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// cliEnv is the environment of the AWS CLI and boto3 runs: no real credentials, no
// metadata service, no retries.
func cliEnv(t *testing.T) []string {
	home := t.TempDir()
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") && !strings.HasPrefix(kv, "HOME=") {
			env = append(env, kv)
		}
	}
	return append(env,
		"HOME="+home, "AWS_ACCESS_KEY_ID=AKIDMOCKPOOL", "AWS_SECRET_ACCESS_KEY=mockpool",
		"AWS_DEFAULT_REGION=us-east-1", "AWS_REGION=us-east-1", "AWS_PAGER=", "AWS_EC2_METADATA_DISABLED=true",
		"AWS_CONFIG_FILE="+filepath.Join(home, "config"), "AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(home, "credentials"),
		"AWS_MAX_ATTEMPTS=1", "AWS_RETRY_MODE=standard")
}

// jsonString is the string at path in the decoded JSON m ("" when there is none).
func jsonString(m map[string]any, path ...string) string {
	var cur any = m
	for _, p := range path {
		mm, _ := cur.(map[string]any)
		cur = mm[p]
	}
	s, _ := cur.(string)
	return s
}

// awsRunner runs `aws cognito-idp ...` against endpoint: aws returns the decoded JSON
// output, stderr and the error; must fails t on an error.
func awsRunner(t *testing.T, cli, endpoint string, env []string) (
	aws func(args ...string) (map[string]any, string, error), must func(args ...string) map[string]any) {
	aws = func(args ...string) (map[string]any, string, error) {
		t.Helper()
		cmd := exec.Command(cli, append([]string{"cognito-idp"}, append(args, "--endpoint-url", endpoint, "--output", "json")...)...)
		cmd.Env = env
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		var m map[string]any
		if err == nil && len(strings.TrimSpace(string(out))) > 0 {
			if jerr := json.Unmarshal(out, &m); jerr != nil {
				t.Fatalf("aws %s: output is not JSON: %v\n%s", args[0], jerr, out)
			}
		}
		return m, stderr.String(), err
	}
	must = func(args ...string) map[string]any {
		t.Helper()
		m, stderr, err := aws(args...)
		if err != nil {
			t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, stderr)
		}
		return m
	}
	return aws, must
}

// TestAWSCLIRefreshTokenRotation extends the AWS CLI interop test with
// GetTokensFromRefreshToken on a client that rotates refresh tokens: the CLI (or, when
// the CLI predates the operation, as Debian's awscli 2.9 does, boto3) creates the
// client, signs in, rotates the refresh token and sees the old one refused.
func TestAWSCLIRefreshTokenRotation(t *testing.T) {
	cli := awsCLI(t)
	in := start(t)
	env := cliEnv(t)
	aws, must := awsRunner(t, cli, in.endpoint, env)
	str := jsonString

	pool := must("create-user-pool", "--pool-name", "rotation-pool")
	poolID := str(pool, "UserPool", "Id")
	must("admin-create-user", "--user-pool-id", poolID, "--username", "alice", "--message-action", "SUPPRESS")
	const password = "Corr3ct-Horse!"
	must("admin-set-user-password", "--user-pool-id", poolID, "--username", "alice", "--password", password, "--permanent")

	// A client without ALLOW_REFRESH_TOKEN_AUTH and without rotation is refused.
	_, stderr, err := aws("create-user-pool-client", "--user-pool-id", poolID, "--client-name", "no-refresh",
		"--explicit-auth-flows", "ALLOW_USER_PASSWORD_AUTH")
	if err == nil || !strings.Contains(stderr, "(InvalidParameterException)") || !strings.Contains(stderr, "REFRESH_TOKEN_AUTH should always be allowed.") {
		t.Fatalf("client without REFRESH_TOKEN_AUTH: err %v, stderr %q", err, stderr)
	}

	probe := exec.Command(cli, "cognito-idp", "get-tokens-from-refresh-token", "help")
	probe.Env = append(env, "MANPAGER=cat", "PAGER=cat")
	if out, err := probe.CombinedOutput(); err != nil && (strings.Contains(string(out), "Invalid choice") || strings.Contains(string(out), "usage:")) {
		t.Logf("%s does not know get-tokens-from-refresh-token (awscli 2.9 predates it); using boto3", cli)
		rotationWithBoto3(t, in.endpoint, env, poolID, password)
		return
	}

	client := must("create-user-pool-client", "--user-pool-id", poolID, "--client-name", "rotating",
		"--explicit-auth-flows", "ALLOW_USER_PASSWORD_AUTH",
		"--refresh-token-rotation", "Feature=ENABLED,RetryGracePeriodSeconds=0")
	clientID := str(client, "UserPoolClient", "ClientId")
	if got := str(client, "UserPoolClient", "RefreshTokenRotation", "Feature"); got != "ENABLED" {
		t.Fatalf("RefreshTokenRotation not echoed: %v", client)
	}
	auth := must("initiate-auth", "--client-id", clientID, "--auth-flow", "USER_PASSWORD_AUTH",
		"--auth-parameters", "USERNAME=alice,PASSWORD="+password)
	first := str(auth, "AuthenticationResult", "RefreshToken")
	rotated := must("get-tokens-from-refresh-token", "--client-id", clientID, "--refresh-token", first)
	second := str(rotated, "AuthenticationResult", "RefreshToken")
	if second == "" || second == first || strings.Count(str(rotated, "AuthenticationResult", "IdToken"), ".") != 2 {
		t.Fatalf("rotation answered %v", rotated)
	}
	_, stderr, err = aws("get-tokens-from-refresh-token", "--client-id", clientID, "--refresh-token", first)
	if err == nil || !strings.Contains(stderr, "(NotAuthorizedException)") || !strings.Contains(stderr, "Invalid Refresh Token.") {
		t.Fatalf("old refresh token after rotation: err %v, stderr %q", err, stderr)
	}
	must("get-tokens-from-refresh-token", "--client-id", clientID, "--refresh-token", second)
	_, stderr, err = aws("initiate-auth", "--client-id", clientID, "--auth-flow", "REFRESH_TOKEN_AUTH",
		"--auth-parameters", "REFRESH_TOKEN="+second)
	if err == nil || !strings.Contains(stderr, "(InvalidParameterException)") {
		t.Fatalf("REFRESH_TOKEN_AUTH with rotation: err %v, stderr %q", err, stderr)
	}
}

// rotationScript is the boto3 side of TestAWSCLIRefreshTokenRotation. It prints one
// line per check and exits non-zero on the first failure.
const rotationScript = `
import sys, boto3, botocore
endpoint, pool, password = sys.argv[1], sys.argv[2], sys.argv[3]
c = boto3.client("cognito-idp", endpoint_url=endpoint)
if "GetTokensFromRefreshToken" not in c.meta.service_model.operation_names:
    print("SKIP boto3 " + boto3.__version__ + " does not know GetTokensFromRefreshToken")
    sys.exit(0)
cl = c.create_user_pool_client(UserPoolId=pool, ClientName="rotating", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"],
    RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": 0})["UserPoolClient"]
assert cl["RefreshTokenRotation"]["Feature"] == "ENABLED", cl
cid = cl["ClientId"]
first = c.initiate_auth(ClientId=cid, AuthFlow="USER_PASSWORD_AUTH",
    AuthParameters={"USERNAME": "alice", "PASSWORD": password})["AuthenticationResult"]["RefreshToken"]
res = c.get_tokens_from_refresh_token(ClientId=cid, RefreshToken=first)["AuthenticationResult"]
second = res["RefreshToken"]
assert second and second != first and res["IdToken"].count(".") == 2, res
try:
    c.get_tokens_from_refresh_token(ClientId=cid, RefreshToken=first)
    sys.exit("old refresh token accepted after rotation")
except botocore.exceptions.ClientError as e:
    err = e.response["Error"]
    assert (err["Code"], err["Message"]) == ("NotAuthorizedException", "Invalid Refresh Token."), err
c.get_tokens_from_refresh_token(ClientId=cid, RefreshToken=second)
print("OK")
`

func rotationWithBoto3(t *testing.T, endpoint string, env []string, poolID, password string) {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("GetTokensFromRefreshToken step skipped: the AWS CLI predates it and python3 is not installed")
	}
	if err := exec.Command(py, "-c", "import boto3").Run(); err != nil {
		t.Skip("GetTokensFromRefreshToken step skipped: the AWS CLI predates it and boto3 is not installed")
	}
	cmd := exec.Command(py, "-c", rotationScript, endpoint, poolID, password)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	got := strings.TrimSpace(string(out))
	if strings.HasPrefix(got, "SKIP ") {
		t.Skip("GetTokensFromRefreshToken step skipped: " + strings.TrimPrefix(got, "SKIP "))
	}
	if err != nil || got != "OK" {
		t.Fatalf("boto3: %v\n%s", err, out)
	}
}
