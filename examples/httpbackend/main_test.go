package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/mockpool"
)

// fixture is the API on a mock pool with a LEGACY app client, deterministic but for
// the code, which the tests read from the outbox as an application's tests would.
type fixture struct {
	mp   *mockpool.Server
	pool mockpool.PoolInfo
	h    http.Handler
}

func newFixture(t *testing.T, catalog errorsx.Catalog, opts ...func(*config)) *fixture {
	t.Helper()
	secret := []byte("httpbackend test secret 32 bytes")
	mp := mockpool.New(mockpool.WithSecret(secret), mockpool.WithTestSigningKey(), mockpool.WithRand(rand.NewChaCha8([32]byte{7})))
	info, err := createMockPool(context.Background(), mp, "httpbackend-test")
	if err != nil {
		t.Fatal(err)
	}
	client := mp.Client(maskingFor(secret, info.PoolID, []string{"email"}, middleware.NormalizeCaseSensitive, mockFloor))
	cfg := config{UserPoolID: info.PoolID, ClientID: info.ClientID, Catalog: catalog}
	for _, o := range opts {
		o(&cfg)
	}
	h, err := newHandler(client, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{mp: mp, pool: info, h: h}
}

// answer is one HTTP answer of the API.
type answer struct {
	status int
	header http.Header
	body   []byte
	doc    errorsx.Problem
}

func (f *fixture) post(t *testing.T, path, body string) answer {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	a := answer{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	if err := json.Unmarshal(a.body, &a.doc); err != nil {
		t.Fatalf("POST %s: body is not JSON: %v\n%s", path, err, a.body)
	}
	return a
}

func (a answer) want(t *testing.T, status int, ctype, code string) {
	t.Helper()
	if a.status != status || a.header.Get("Content-Type") != ctype || a.doc.Code != code {
		t.Fatalf("got %d %s %s, want %d %s %s\n%s", a.status, a.header.Get("Content-Type"), a.doc.Code, status, ctype, code, a.body)
	}
	if a.header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", a.header.Get("Cache-Control"))
	}
}

// code returns the latest code the mock pool sent to username.
func (f *fixture) code(t *testing.T, username string) string {
	t.Helper()
	ms := f.mp.Messages(mockpool.MessageFilter{UserPoolID: f.pool.PoolID, Username: username})
	if len(ms) == 0 {
		t.Fatalf("no message to %s", username)
	}
	return ms[len(ms)-1].Code
}

const (
	problemJSON = "application/problem+json"
	plainJSON   = "application/json"
)

func (f *fixture) signUpConfirmed(t *testing.T, username, password string) {
	t.Helper()
	f.post(t, "/signup", `{"username":"`+username+`","password":"`+password+`","email":"`+username+`@example.com"}`).
		want(t, http.StatusAccepted, plainJSON, "auth.code_sent")
	f.post(t, "/confirm", `{"username":"`+username+`","code":"`+f.code(t, username)+`"}`).
		want(t, http.StatusOK, plainJSON, "auth.done")
}

func TestSignUpConfirmSignIn(t *testing.T) {
	f := newFixture(t, errorsx.DefaultCatalog())
	up := f.post(t, "/signup", `{"username":"alice","password":"Corr3ct-horse","email":"alice@example.com"}`)
	up.want(t, http.StatusAccepted, plainJSON, "auth.code_sent")
	if d := up.doc.Delivery; d == nil || d.Medium != "EMAIL" || d.Destination != "a***@e***" {
		t.Errorf("delivery %+v", up.doc.Delivery)
	}

	// A wrong code first, then the one from the outbox.
	f.post(t, "/confirm", `{"username":"alice","code":"000000"}`).want(t, http.StatusBadRequest, problemJSON, "auth.invalid_code")
	f.post(t, "/confirm", `{"username":"alice","code":"`+f.code(t, "alice")+`"}`).want(t, http.StatusOK, plainJSON, "auth.done")

	in := f.post(t, "/signin", `{"username":"alice","password":"Corr3ct-horse"}`)
	in.want(t, http.StatusOK, plainJSON, "auth.signed_in")
	tok := in.doc.Tokens
	if tok == nil || tok.AccessToken == "" || tok.IDToken == "" || tok.RefreshToken == "" || tok.ExpiresIn != 3600 || tok.TokenType != "Bearer" {
		t.Fatalf("tokens %+v", tok)
	}
}

// A wrong password and an unknown user (on a LEGACY client, which alone would say
// UserNotFoundException) get the same bytes, headers included.
func TestSignInFailuresIdentical(t *testing.T) {
	f := newFixture(t, errorsx.DefaultCatalog())
	f.signUpConfirmed(t, "alice", "Corr3ct-horse")
	cases := map[string]string{
		"wrong password":                   `{"username":"alice","password":"Wr0ng-horse"}`,
		"unknown user":                     `{"username":"mallory","password":"Corr3ct-horse"}`,
		"unknown user, another password":   `{"username":"nobody-at-all","password":"x"}`,
		"unconfirmed user, wrong password": `{"username":"carol","password":"Wr0ng-horse"}`,
	}
	f.post(t, "/signup", `{"username":"carol","password":"Corr3ct-horse","email":"carol@example.com"}`).
		want(t, http.StatusAccepted, plainJSON, "auth.code_sent")
	var first *answer
	for name, body := range cases {
		a := f.post(t, "/signin", body)
		a.want(t, http.StatusUnauthorized, problemJSON, "auth.invalid_credentials")
		if first == nil {
			first = &a
			continue
		}
		if !bytes.Equal(a.body, first.body) {
			t.Errorf("%s: body differs:\n%s\n%s", name, a.body, first.body)
		}
		for k := range first.header {
			if a.header.Get(k) != first.header.Get(k) {
				t.Errorf("%s: header %s differs: %q vs %q", name, k, a.header.Get(k), first.header.Get(k))
			}
		}
	}
	if bytes.Contains(first.body, []byte("User does not exist")) {
		t.Errorf("Cognito's own message leaked: %s", first.body)
	}
}

// A reset for a known and an unknown user: same status and shape; only the masked
// destination may differ.
func TestForgotSameShape(t *testing.T) {
	f := newFixture(t, errorsx.DefaultCatalog())
	f.signUpConfirmed(t, "alice", "Corr3ct-horse")
	known := f.post(t, "/forgot", `{"username":"alice"}`)
	unknown := f.post(t, "/forgot", `{"username":"mallory"}`)
	for _, a := range []answer{known, unknown} {
		a.want(t, http.StatusAccepted, plainJSON, "auth.code_sent")
		if a.doc.Delivery == nil {
			t.Fatalf("no delivery: %s", a.body)
		}
	}
	blank := func(a answer) string {
		d := *a.doc.Delivery
		masked := d.Destination
		d.Destination = "?"
		return strings.Replace(string(a.body), `"destination":"`+masked+`"`, `"destination":"?"`, 1)
	}
	if blank(known) != blank(unknown) {
		t.Errorf("shapes differ:\n%s\n%s", known.body, unknown.body)
	}
	if len(f.mp.Messages(mockpool.MessageFilter{UserPoolID: f.pool.PoolID, Username: "mallory"})) != 0 {
		t.Error("a code went to an unknown user")
	}
}

func TestResetPassword(t *testing.T) {
	f := newFixture(t, errorsx.DefaultCatalog())
	f.signUpConfirmed(t, "alice", "Corr3ct-horse")
	f.post(t, "/forgot", `{"username":"alice"}`).want(t, http.StatusAccepted, plainJSON, "auth.code_sent")
	code := f.code(t, "alice")
	// An unknown user's reset reads as a wrong code.
	f.post(t, "/reset", `{"username":"mallory","code":"`+code+`","password":"N3w-passw0rd"}`).want(t, http.StatusBadRequest, problemJSON, "auth.invalid_code")
	f.post(t, "/reset", `{"username":"alice","code":"`+code+`","password":"short"}`).want(t, http.StatusUnprocessableEntity, problemJSON, "auth.password_rejected")
	f.post(t, "/reset", `{"username":"alice","code":"`+code+`","password":"N3w-passw0rd"}`).want(t, http.StatusOK, plainJSON, "auth.done")
	f.post(t, "/signin", `{"username":"alice","password":"N3w-passw0rd"}`).want(t, http.StatusOK, plainJSON, "auth.signed_in")
}

// A sign-up for a taken username answers as a new one (WithSimulatedSignUp).
func TestSignUpTakenUsername(t *testing.T) {
	f := newFixture(t, errorsx.DefaultCatalog())
	first := f.post(t, "/signup", `{"username":"alice","password":"Corr3ct-horse","email":"alice@example.com"}`)
	again := f.post(t, "/signup", `{"username":"alice","password":"Corr3ct-horse","email":"alice@example.com"}`)
	first.want(t, http.StatusAccepted, plainJSON, "auth.code_sent")
	again.want(t, http.StatusAccepted, plainJSON, "auth.code_sent")
	if !bytes.Equal(first.body, again.body) {
		t.Errorf("bodies differ:\n%s\n%s", first.body, again.body)
	}
}

// A user made by an administrator must choose a new password: /signin gives the next
// step, /signin/respond answers it.
func TestNewPasswordRequired(t *testing.T) {
	f := newFixture(t, errorsx.DefaultCatalog())
	admin := f.mp.Client()
	_, err := admin.AdminCreateUser(context.Background(), &cip.AdminCreateUserInput{UserPoolId: aws.String(f.pool.PoolID),
		Username: aws.String("bob"), TemporaryPassword: aws.String("Temp-passw0rd"), MessageAction: types.MessageActionTypeSuppress})
	if err != nil {
		t.Fatal(err)
	}
	step := f.post(t, "/signin", `{"username":"bob","password":"Temp-passw0rd"}`)
	step.want(t, http.StatusOK, plainJSON, "auth.challenge.new_password_required")
	ch := step.doc.Challenge
	if ch == nil || ch.Name != "NEW_PASSWORD_REQUIRED" || ch.Session == "" || step.doc.Tokens != nil {
		t.Fatalf("challenge %s", step.body)
	}
	respond := func(session, password string) answer {
		b, _ := json.Marshal(map[string]any{"session": session, "challenge": ch.Name, "answers": map[string]string{"NEW_PASSWORD": password}})
		return f.post(t, "/signin/respond", string(b))
	}
	respond(ch.Session, "weak").want(t, http.StatusUnprocessableEntity, problemJSON, "auth.password_rejected")
	respond("not-a-session", "N3w-passw0rd").want(t, http.StatusBadRequest, problemJSON, "auth.invalid_input")
	done := respond(ch.Session, "N3w-passw0rd")
	done.want(t, http.StatusOK, plainJSON, "auth.signed_in")
	if done.doc.Tokens == nil || done.doc.Tokens.AccessToken == "" {
		t.Fatalf("no tokens: %s", done.body)
	}
	f.post(t, "/signin", `{"username":"bob","password":"N3w-passw0rd"}`).want(t, http.StatusOK, plainJSON, "auth.signed_in")
}

func TestBadInput(t *testing.T) {
	f := newFixture(t, errorsx.DefaultCatalog())
	for _, tc := range []struct{ path, body string }{
		{"/signin", `{"username":"alice"`},
		{"/signin", `{"username":"alice","password":""}`},
		{"/signin", `{"username":"alice","password":"x","admin":true}`},
		{"/signin", `{"username":"alice","password":"x"} {}`},
		{"/signup", `[]`},
		{"/confirm", `{"username":"alice"}`},
		{"/forgot", ``},
		{"/reset", `{"username":"alice","code":"1"}`},
		{"/signin/respond", `{"session":"x","challenge":"SMS_MFA"}`},
		{"/signin", `{"username":"` + strings.Repeat("a", maxBody) + `","password":"x"}`},
	} {
		f.post(t, tc.path, tc.body).want(t, http.StatusBadRequest, problemJSON, "auth.invalid_input")
	}
}

func TestTranslatedCatalog(t *testing.T) {
	fr, err := errorsx.ParseCatalog([]byte(`{"auth.invalid_credentials": "Identifiant ou mot de passe incorrect."}`))
	if err != nil {
		t.Fatal(err)
	}
	en := newFixture(t, errorsx.DefaultCatalog()).post(t, "/signin", `{"username":"mallory","password":"x"}`)
	tr := newFixture(t, fr).post(t, "/signin", `{"username":"mallory","password":"x"}`)
	tr.want(t, http.StatusUnauthorized, problemJSON, "auth.invalid_credentials")
	if en.doc.Title != "Incorrect username or password." || tr.doc.Title != "Identifiant ou mot de passe incorrect." {
		t.Errorf("titles %q and %q", en.doc.Title, tr.doc.Title)
	}
}

func TestSessionWrapping(t *testing.T) {
	for _, u := range []string{"alice", "a.b@example.com", "6f1c8a8e-0b1e-4d6a-9a57-2d5f3c1e9b10", "ü"} {
		gotU, gotS, ok := unwrapSession(wrapSession(u, "AYAB.c-d_e=="))
		if !ok || gotU != u || gotS != "AYAB.c-d_e==" {
			t.Errorf("%q: got %q %q %v", u, gotU, gotS, ok)
		}
	}
	for _, s := range []string{"", ".", "YWxpY2U.", ".abc", "!!.abc", "abc"} {
		if _, _, ok := unwrapSession(s); ok {
			t.Errorf("%q accepted", s)
		}
	}
}

// main's run: embedded pool, port 0, the first line names the address, the shipped
// French catalog loads and translates, the outbox is served, and cancelling stops the server.
func TestRun(t *testing.T) {
	const file = "messages.fr.json" // the catalog shipped with the example
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-messages", file}, func(string) string { return "" }, pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "httpbackend listening on ")
	if !ok || !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("first line %q", line)
	}
	hc := &http.Client{Timeout: 10 * time.Second}
	resp, err := hc.Post(base+"/signin", "application/json", strings.NewReader(`{"username":"mallory","password":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(body), "Identifiant ou mot de passe incorrect.") {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
	resp, err = hc.Get(base + "/_mockpool/messages")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("outbox: %d", resp.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
}

// An unconfirmed user who signs in gets the generic failure (WithGenericUnconfirmed),
// asks for a new code, and the answer reads as for anyone else.
func TestResendThenConfirm(t *testing.T) {
	f := newFixture(t, errorsx.DefaultCatalog())
	f.post(t, "/signup", `{"username":"carol","password":"Corr3ct-horse","email":"carol@example.com"}`).
		want(t, http.StatusAccepted, plainJSON, "auth.code_sent")
	f.post(t, "/signin", `{"username":"carol","password":"Corr3ct-horse"}`).want(t, http.StatusUnauthorized, problemJSON, "auth.invalid_credentials")
	known := f.post(t, "/resend", `{"username":"carol"}`)
	unknown := f.post(t, "/resend", `{"username":"mallory"}`)
	for _, a := range []answer{known, unknown} {
		a.want(t, http.StatusAccepted, plainJSON, "auth.code_sent")
		if a.doc.Delivery == nil || a.doc.Delivery.Medium != "EMAIL" {
			t.Fatalf("delivery: %s", a.body)
		}
	}
	if n := len(f.mp.Messages(mockpool.MessageFilter{UserPoolID: f.pool.PoolID, Username: "carol"})); n != 2 {
		t.Fatalf("%d messages to carol, want 2", n)
	}
	f.post(t, "/confirm", `{"username":"carol","code":"`+f.code(t, "carol")+`"}`).want(t, http.StatusOK, plainJSON, "auth.done")
	f.post(t, "/signin", `{"username":"carol","password":"Corr3ct-horse"}`).want(t, http.StatusOK, plainJSON, "auth.signed_in")
}

func TestRunErrors(t *testing.T) {
	noEnv := func(string) string { return "" }
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-messages", "no-such-file.json"}, "open catalog"},
		{[]string{"-addr", "127.0.0.1:-1"}, "listen"},
		{[]string{"-bogus"}, "flag provided but not defined"},
	} {
		err := run(context.Background(), tc.args, noEnv, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.args, err, tc.want)
		}
	}
}

// A user with SMS MFA: /signin answers the SMS_MFA next step (where the code went,
// masked), /signin/respond takes the code from the outbox.
func TestSMSMFA(t *testing.T) {
	f := newFixture(t, errorsx.DefaultCatalog())
	f.signUpConfirmed(t, "alice", "Corr3ct-horse")
	ctx, admin, pool := context.Background(), f.mp.Client(), aws.String(f.pool.PoolID)
	if _, err := admin.SetUserPoolMfaConfig(ctx, &cip.SetUserPoolMfaConfigInput{UserPoolId: pool, MfaConfiguration: types.UserPoolMfaTypeOptional,
		SmsMfaConfiguration: &types.SmsMfaConfigType{SmsConfiguration: &types.SmsConfigurationType{SnsCallerArn: aws.String("arn:aws:iam::123456789012:role/sms")}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.AdminUpdateUserAttributes(ctx, &cip.AdminUpdateUserAttributesInput{UserPoolId: pool, Username: aws.String("alice"),
		UserAttributes: []types.AttributeType{{Name: aws.String("phone_number"), Value: aws.String("+15555550123")}, {Name: aws.String("phone_number_verified"), Value: aws.String("true")}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.AdminSetUserMFAPreference(ctx, &cip.AdminSetUserMFAPreferenceInput{UserPoolId: pool, Username: aws.String("alice"),
		SMSMfaSettings: &types.SMSMfaSettingsType{Enabled: true, PreferredMfa: true}}); err != nil {
		t.Fatal(err)
	}

	step := f.post(t, "/signin", `{"username":"alice","password":"Corr3ct-horse"}`)
	step.want(t, http.StatusOK, plainJSON, "auth.challenge.sms_mfa")
	if ch, d := step.doc.Challenge, step.doc.Delivery; ch == nil || ch.Name != "SMS_MFA" || ch.MFA != "SMS" || d == nil || d.Medium != "SMS" || d.Destination != "+*******0123" {
		t.Fatalf("next step: %s", step.body)
	}
	respond := func(code string) answer {
		b, _ := json.Marshal(map[string]any{"session": step.doc.Challenge.Session, "challenge": "SMS_MFA", "answers": map[string]string{"SMS_MFA_CODE": code}})
		return f.post(t, "/signin/respond", string(b))
	}
	ms := f.mp.Messages(mockpool.MessageFilter{UserPoolID: f.pool.PoolID, Username: "alice"})
	if last := ms[len(ms)-1]; last.Purpose != "SMS_MFA" || last.Medium != "SMS" {
		t.Fatalf("outbox: %+v", last)
	}
	respond("000000").want(t, http.StatusBadRequest, problemJSON, "auth.invalid_code")
	done := respond(ms[len(ms)-1].Code)
	done.want(t, http.StatusOK, plainJSON, "auth.signed_in")
	if done.doc.Tokens == nil || done.doc.Tokens.AccessToken == "" {
		t.Fatalf("no tokens: %s", done.body)
	}
}
