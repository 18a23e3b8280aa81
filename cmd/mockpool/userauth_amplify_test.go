package main

// Interop of choice-based sign-in (AuthFlow USER_AUTH) with an independent client:
// Amplify's JavaScript library (aws-amplify v6, signIn with authFlowType
// 'USER_AUTH' and confirmSignIn) runs under Node (interop/js/amplify-userauth.mjs)
// against the cmd/mockpool binary on 127.0.0.1, built and stopped by the test. The
// test plays the user: it reads each step Amplify reports, fetches email codes from
// GET /_mockpool/messages and answers.

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/internal/cognito"
	"github.com/maskedauth/maskedauth/internal/interop"
)

// Amplify's names of the steps (nextStep.signInStep) the test meets.
const (
	stepEmailCode   = "CONFIRM_SIGN_IN_WITH_EMAIL_CODE"
	stepPassword    = "CONFIRM_SIGN_IN_WITH_PASSWORD"
	stepFirstFactor = "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION"
)

// amplifyLine is one line amplify-userauth.mjs prints: the versions, a step, or
// the outcome.
type amplifyLine struct {
	Library, Version, Auth, Node string

	Step                string           `json:"step"`
	AvailableChallenges []string         `json:"availableChallenges"`
	CodeDeliveryDetails *deliveryDetails `json:"codeDeliveryDetails"`

	Done    bool   `json:"done"`
	OK      bool   `json:"ok"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Sub     string `json:"sub"`
	Tokens  *struct {
		IDToken, AccessToken string
	} `json:"tokens"`

	Calls []amplifyCall `json:"calls"`
}

// deliveryDetails is Amplify's nextStep.codeDeliveryDetails.
type deliveryDetails struct {
	DeliveryMedium, Destination, AttributeName string
}

type amplifyCall struct {
	Op        string `json:"op"`
	Status    int    `json:"status"`
	Challenge string `json:"challenge"`
	Error     string `json:"error"`
}

// amplifyRun is one sign-in: the steps Amplify reported and how it ended.
type amplifyRun struct {
	client amplifyLine // the versions
	steps  []amplifyLine
	end    amplifyLine
	calls  []amplifyCall // every call, in order
}

func (r amplifyRun) stepNames() []string {
	var out []string
	for _, s := range r.steps {
		out = append(out, s.Step)
	}
	return out
}

// amplifyJS returns node and interop/js, or skips the test (interop.Skip: a
// failure under MASKEDAUTH_REQUIRE_INTEROP=1) when either is missing.
func amplifyJS(t *testing.T) (node, dir string) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		interop.Skip(t, "JavaScript interop: node is not installed (apt-get install nodejs npm; npm ci in interop/js)")
	}
	dir, err = filepath.Abs(filepath.Join("..", "..", "interop", "js"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "aws-amplify", "package.json")); err != nil {
		interop.Skip(t, "JavaScript interop: interop/js/node_modules/aws-amplify is missing (npm ci in interop/js)")
	}
	return node, dir
}

// amplify signs username in with Amplify (preferred and password may be ""):
// answer gets each step Amplify reports and returns the challengeResponse for
// confirmSignIn ("" stops).
func amplify(t *testing.T, node, dir, endpoint, poolID, clientID, username, preferred, password string,
	answer func(step amplifyLine) string) amplifyRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "amplify-userauth.mjs", endpoint, poolID, clientID, username, preferred, password)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			t.Errorf("node amplify-userauth.mjs: %v\n%s", err, stderr.String())
		}
	}()
	var run amplifyRun
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	first := true
	for sc.Scan() {
		var l amplifyLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("node printed %q: %v", sc.Text(), err)
		}
		run.calls = append(run.calls, l.Calls...)
		switch {
		case first:
			first = false
			if l.Library != "aws-amplify" || !strings.HasPrefix(l.Version, "6.") {
				t.Fatalf("first line %+v, want aws-amplify 6.x", l)
			}
			run.client = l
		case l.Done:
			run.end = l
			return run
		default:
			run.steps = append(run.steps, l)
			if _, err := fmt.Fprintln(stdin, answer(l)); err != nil {
				t.Fatalf("writing to node: %v\n%s", err, stderr.String())
			}
		}
	}
	t.Fatalf("node ended without an outcome: %v\n%s", sc.Err(), stderr.String())
	return run
}

// outbox returns the codes of username's messages of purpose, oldest first.
func outbox(t *testing.T, endpoint, poolID, username, purpose string) []string {
	t.Helper()
	q := url.Values{"userPoolId": {poolID}, "username": {username}}
	resp, err := http.Get(strings.TrimSuffix(endpoint, "/") + "/_mockpool/messages?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var msgs []struct{ Code, Purpose string }
	if err := json.NewDecoder(resp.Body).Decode(&msgs); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range msgs {
		if m.Purpose == purpose {
			out = append(out, m.Code)
		}
	}
	return out
}

// jwtSub returns the sub claim of a JWT (its signature is mockpool's tests' concern).
func jwtSub(t *testing.T, tok string) string {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("ID token has %d parts", len(parts))
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m["token_use"] != "id" {
		t.Errorf("token_use %v, want id", m["token_use"])
	}
	s, _ := m["sub"].(string)
	return s
}

// maskShape is a masked destination with its letters and digits replaced by "x",
// so two masks can be compared by form ("a***@e***" and "m***@e***" alike).
func maskShape(d string) string {
	return strings.Map(func(r rune) rune {
		if r == '*' || r == '@' || r == '.' || r == '+' {
			return r
		}
		return 'x'
	}, d)
}

// wrongCode returns a code of the same shape that is not code.
func wrongCode(code string) string {
	b := []byte(code)
	b[0] = '0' + (b[0]-'0'+1)%10
	return string(b)
}

// TestAmplifyUserAuthInterop: Amplify's own USER_AUTH sign-in against cmd/mockpool,
// for EMAIL_OTP and PASSWORD_SRP as PREFERRED_CHALLENGE and through
// SELECT_CHALLENGE; wrong answers, and the unknown name of an ENABLED client.
func TestAmplifyUserAuthInterop(t *testing.T) {
	node, dir := amplifyJS(t)
	p := startProc(t, binary(t), "-addr", "127.0.0.1:0", "-quiet")
	ctx := context.Background()
	c := p.c
	endpoint := strings.TrimSuffix(p.endpoint, "/")

	pool, err := c.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("amplify"),
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
		Policies: &types.UserPoolPolicyType{SignInPolicy: &types.SignInPolicyType{
			AllowedFirstAuthFactors: []types.AuthFactorType{types.AuthFactorTypePassword, types.AuthFactorTypeEmailOtp}}}})
	if err != nil {
		t.Fatal(err)
	}
	poolID := aws.ToString(pool.UserPool.Id)
	cl, err := c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: aws.String(poolID), ClientName: aws.String("amplify"),
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserAuth,
			types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
		PreventUserExistenceErrors: types.PreventUserExistenceErrorTypesEnabled})
	if err != nil {
		t.Fatal(err)
	}
	clientID := aws.ToString(cl.UserPoolClient.ClientId)

	const alice, password, wrongPassword = "alice", "Corr3ct-Horse!", "Wr0ng-Horse!"
	if _, err := c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: aws.String(poolID), Username: aws.String(alice),
		MessageAction: types.MessageActionTypeSuppress, UserAttributes: []types.AttributeType{
			{Name: aws.String("email"), Value: aws.String("alice@example.com")},
			{Name: aws.String("email_verified"), Value: aws.String("true")}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: aws.String(poolID), Username: aws.String(alice),
		Password: aws.String(password), Permanent: true}); err != nil {
		t.Fatal(err)
	}
	got, err := c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: aws.String(poolID), Username: aws.String(alice)})
	if err != nil {
		t.Fatal(err)
	}
	var sub string
	for _, a := range got.UserAttributes {
		if aws.ToString(a.Name) == "sub" {
			sub = aws.ToString(a.Value)
		}
	}
	if sub == "" {
		t.Fatal("AdminGetUser: no sub")
	}

	named := false
	run := func(t *testing.T, username, preferred, pw string, answer func(amplifyLine) string) amplifyRun {
		t.Helper()
		r := amplify(t, node, dir, endpoint+"/", poolID, clientID, username, preferred, pw, answer)
		if v := r.client; !named {
			named = true // which client ran, once (shown without -v, as the AWS CLI test does)
			interop.Notice("INTEROP: TestAmplifyUserAuthInterop runs aws-amplify %s (@aws-amplify/auth %s) on node %s\n", v.Version, v.Auth, v.Node)
			t.Logf("client: aws-amplify %s (@aws-amplify/auth %s), node %s", v.Version, v.Auth, v.Node)
		}
		for _, call := range r.calls {
			if call.Error == cognito.CodeUserNotFound {
				t.Errorf("%s answered %s: %+v", call.Op, call.Error, r.calls)
			}
		}
		return r
	}
	// theCode answers an email-code step with the newest EMAIL_OTP code sent to
	// alice (or, with wrong, one that differs from it), checking that it is new.
	sent := 0
	var aliceDelivery *deliveryDetails
	theCode := func(t *testing.T, wrong bool) func(amplifyLine) string {
		return func(l amplifyLine) string {
			if l.Step != stepEmailCode {
				t.Errorf("step %s, want %s", l.Step, stepEmailCode)
				return ""
			}
			if d := l.CodeDeliveryDetails; d == nil || d.DeliveryMedium != "EMAIL" || d.Destination == "" || d.Destination == "alice@example.com" {
				t.Errorf("codeDeliveryDetails %+v, want a masked EMAIL destination", l.CodeDeliveryDetails)
			} else {
				aliceDelivery = d
			}
			codes := outbox(t, endpoint, poolID, alice, "EMAIL_OTP")
			if len(codes) != sent+1 {
				t.Errorf("alice has %d EMAIL_OTP messages, want %d", len(codes), sent+1)
				return ""
			}
			sent++
			code := codes[len(codes)-1]
			if wrong {
				return wrongCode(code)
			}
			return code
		}
	}
	signedIn := func(t *testing.T, r amplifyRun) {
		t.Helper()
		if !r.end.OK || r.end.Code != "SignedIn" || r.end.Tokens == nil || r.end.Tokens.IDToken == "" || r.end.Tokens.AccessToken == "" {
			t.Fatalf("outcome %+v (steps %v, calls %+v), want tokens", r.end, r.stepNames(), r.calls)
		}
		if r.end.Sub != sub {
			t.Errorf("ID token sub (as Amplify decoded it) %q, AdminGetUser's %q", r.end.Sub, sub)
		}
		if got := jwtSub(t, r.end.Tokens.IDToken); got != sub {
			t.Errorf("ID token sub %q, AdminGetUser's %q", got, sub)
		}
	}
	failed := func(t *testing.T, r amplifyRun, code, msg string) {
		t.Helper()
		if r.end.OK || r.end.Code != code || r.end.Message != msg {
			t.Fatalf("outcome %s %q (steps %v, calls %+v), want %s %q", r.end.Code, r.end.Message, r.stepNames(), r.calls, code, msg)
		}
	}
	wantCalls := func(t *testing.T, r amplifyRun, want ...string) {
		t.Helper()
		var gotCalls []string
		for _, c := range r.calls {
			gotCalls = append(gotCalls, c.Op+":"+c.Challenge+c.Error)
		}
		if !slices.Equal(gotCalls, want) {
			t.Errorf("calls %q, want %q", gotCalls, want)
		}
	}
	noStep := func(t *testing.T) func(amplifyLine) string {
		return func(l amplifyLine) string { t.Errorf("unexpected step %+v", l); return "" }
	}
	allChallenges := []string{"EMAIL_OTP", "PASSWORD", "PASSWORD_SRP"} // sorted

	t.Run("EMAIL_OTP preferred/right code", func(t *testing.T) {
		r := run(t, alice, "EMAIL_OTP", "", theCode(t, false))
		signedIn(t, r)
		wantCalls(t, r, "InitiateAuth:EMAIL_OTP", "RespondToAuthChallenge:")
	})
	t.Run("EMAIL_OTP preferred/wrong code", func(t *testing.T) {
		r := run(t, alice, "EMAIL_OTP", "", theCode(t, true))
		failed(t, r, cognito.CodeCodeMismatch, cognito.MsgSignInCodeMismatch)
		wantCalls(t, r, "InitiateAuth:EMAIL_OTP", "RespondToAuthChallenge:"+cognito.CodeCodeMismatch)
	})
	t.Run("PASSWORD_SRP preferred/right password", func(t *testing.T) {
		r := run(t, alice, "PASSWORD_SRP", password, noStep(t))
		signedIn(t, r)
		wantCalls(t, r, "InitiateAuth:PASSWORD_VERIFIER", "RespondToAuthChallenge:")
	})
	t.Run("PASSWORD_SRP preferred/wrong password", func(t *testing.T) {
		r := run(t, alice, "PASSWORD_SRP", wrongPassword, noStep(t))
		failed(t, r, cognito.CodeNotAuthorized, cognito.MsgIncorrect)
		wantCalls(t, r, "InitiateAuth:PASSWORD_VERIFIER", "RespondToAuthChallenge:"+cognito.CodeNotAuthorized)
	})

	// selectThen answers SELECT_CHALLENGE with choice, then the next step with then.
	// aliceAvail is the AvailableChallenges alice got first; every later
	// SELECT_CHALLENGE, the unknown name's too, must list the same, in the same order.
	var aliceAvail []string
	selectThen := func(t *testing.T, choice string, then func(amplifyLine) string) func(amplifyLine) string {
		return func(l amplifyLine) string {
			if l.Step != stepFirstFactor {
				return then(l)
			}
			got := l.AvailableChallenges
			if sorted := slices.Sorted(slices.Values(got)); !slices.Equal(sorted, allChallenges) {
				t.Errorf("availableChallenges %v, want %v in any order", got, allChallenges)
			}
			if aliceAvail == nil {
				aliceAvail = got
			} else if !slices.Equal(got, aliceAvail) {
				t.Errorf("availableChallenges %v, alice's %v", got, aliceAvail)
			}
			return choice
		}
	}
	withPassword := func(pw string) func(amplifyLine) string {
		return func(l amplifyLine) string {
			if l.Step != stepPassword {
				t.Errorf("step %s, want %s", l.Step, stepPassword)
				return ""
			}
			return pw
		}
	}
	t.Run("SELECT_CHALLENGE/EMAIL_OTP", func(t *testing.T) {
		r := run(t, alice, "", "", selectThen(t, "EMAIL_OTP", theCode(t, false)))
		signedIn(t, r)
		if got := r.stepNames(); !slices.Equal(got, []string{stepFirstFactor, stepEmailCode}) {
			t.Errorf("steps %v", got)
		}
		wantCalls(t, r, "InitiateAuth:SELECT_CHALLENGE", "RespondToAuthChallenge:EMAIL_OTP", "RespondToAuthChallenge:")
	})
	t.Run("SELECT_CHALLENGE/PASSWORD_SRP", func(t *testing.T) {
		r := run(t, alice, "", "", selectThen(t, "PASSWORD_SRP", withPassword(password)))
		signedIn(t, r)
		if got := r.stepNames(); !slices.Equal(got, []string{stepFirstFactor, stepPassword}) {
			t.Errorf("steps %v", got)
		}
		wantCalls(t, r, "InitiateAuth:SELECT_CHALLENGE", "RespondToAuthChallenge:PASSWORD_VERIFIER", "RespondToAuthChallenge:")
	})
	t.Run("SELECT_CHALLENGE/PASSWORD", func(t *testing.T) {
		r := run(t, alice, "", "", selectThen(t, "PASSWORD", withPassword(password)))
		signedIn(t, r)
		wantCalls(t, r, "InitiateAuth:SELECT_CHALLENGE", "RespondToAuthChallenge:")
	})

	// The unknown name under ENABLED: a challenge, then the failure of a wrong
	// answer (run checks that no call answered UserNotFoundException), and no code
	// is sent to anyone. Each run has a name of its own: wrong codes count toward a
	// name's limit (LimitExceededException) as they do toward alice's.
	const mallory = "mallory"
	anyCode := func(t *testing.T) func(amplifyLine) string {
		return func(l amplifyLine) string {
			if l.Step != stepEmailCode {
				t.Errorf("step %s, want %s", l.Step, stepEmailCode)
				return ""
			}
			if aliceDelivery == nil {
				t.Fatal("alice's delivery is unknown: run the EMAIL_OTP subtests first")
			}
			if d := l.CodeDeliveryDetails; d == nil || d.DeliveryMedium != aliceDelivery.DeliveryMedium ||
				d.AttributeName != aliceDelivery.AttributeName || maskShape(d.Destination) != maskShape(aliceDelivery.Destination) {
				t.Errorf("codeDeliveryDetails %+v, want them as alice's %+v (the destination masked alike)", d, aliceDelivery)
			}
			return "123456"
		}
	}
	t.Run("unknown user/SELECT_CHALLENGE/EMAIL_OTP", func(t *testing.T) {
		r := run(t, mallory, "", "", selectThen(t, "EMAIL_OTP", anyCode(t)))
		failed(t, r, cognito.CodeCodeMismatch, cognito.MsgSignInCodeMismatch)
		wantCalls(t, r, "InitiateAuth:SELECT_CHALLENGE", "RespondToAuthChallenge:EMAIL_OTP", "RespondToAuthChallenge:"+cognito.CodeCodeMismatch)
	})
	t.Run("unknown user/SELECT_CHALLENGE/PASSWORD_SRP", func(t *testing.T) {
		r := run(t, mallory, "", "", selectThen(t, "PASSWORD_SRP", withPassword(password)))
		failed(t, r, cognito.CodeNotAuthorized, cognito.MsgIncorrect)
		wantCalls(t, r, "InitiateAuth:SELECT_CHALLENGE", "RespondToAuthChallenge:PASSWORD_VERIFIER", "RespondToAuthChallenge:"+cognito.CodeNotAuthorized)
	})
	// With a PREFERRED_CHALLENGE, Cognito answers the unknown name with "a random
	// selection of one of the challenge types that the user pool allows", drawn
	// afresh each time: PASSWORD_SRP or PASSWORD (the PASSWORD factor, as preferred or
	// not) or EMAIL_OTP here. A few runs each, so both draws are usually met.
	for i := range 3 {
		t.Run(fmt.Sprintf("unknown user/PASSWORD_SRP preferred/%d", i), func(t *testing.T) {
			r := run(t, fmt.Sprintf("mallory-srp-%d", i), "PASSWORD_SRP", password, anyCode(t))
			if len(r.steps) == 0 { // the draw was the PASSWORD factor: SRP, as alice's wrong password
				failed(t, r, cognito.CodeNotAuthorized, cognito.MsgIncorrect)
				wantCalls(t, r, "InitiateAuth:PASSWORD_VERIFIER", "RespondToAuthChallenge:"+cognito.CodeNotAuthorized)
				return
			}
			// EMAIL_OTP: fails as alice's wrong code.
			failed(t, r, cognito.CodeCodeMismatch, cognito.MsgSignInCodeMismatch)
			wantCalls(t, r, "InitiateAuth:EMAIL_OTP", "RespondToAuthChallenge:"+cognito.CodeCodeMismatch)
		})
	}
	for i := range 3 {
		t.Run(fmt.Sprintf("unknown user/EMAIL_OTP preferred/%d", i), func(t *testing.T) {
			r := run(t, fmt.Sprintf("mallory-otp-%d", i), "EMAIL_OTP", "", func(l amplifyLine) string {
				if l.Step == stepPassword {
					return password
				}
				return anyCode(t)(l)
			})
			if len(r.steps) != 1 {
				t.Fatalf("steps %v", r.stepNames())
			}
			if r.steps[0].Step == stepEmailCode { // fails as alice's wrong code
				failed(t, r, cognito.CodeCodeMismatch, cognito.MsgSignInCodeMismatch)
				wantCalls(t, r, "InitiateAuth:EMAIL_OTP", "RespondToAuthChallenge:"+cognito.CodeCodeMismatch)
				return
			}
			// The draw was PASSWORD, a challenge alice (who can use EMAIL_OTP) never
			// gets after preferring it: the signal of Cognito's random selection
			// (the middleware's stable draw makes it the same for every request of a
			// name). Amplify answers a PASSWORD step through SELECT_CHALLENGE
			// (ANSWER=PASSWORD), which the PASSWORD session refuses.
			if r.steps[0].Step != stepPassword {
				t.Fatalf("step %s, want %s or %s", r.steps[0].Step, stepEmailCode, stepPassword)
			}
			failed(t, r, cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
			wantCalls(t, r, "InitiateAuth:PASSWORD", "RespondToAuthChallenge:"+cognito.CodeNotAuthorized)
		})
	}
	if n := len(outbox(t, endpoint, poolID, "", "EMAIL_OTP")); n != sent {
		t.Errorf("%d EMAIL_OTP messages in the outbox, %d sent to alice", n, sent)
	}
}
