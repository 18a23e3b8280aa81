package mockpool_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"github.com/maskedauth/maskedauth/mockpool"
)

// proofPost sends one raw request to the handler; an empty target or content type
// leaves the header out.
func proofPost(h http.Handler, target, ctype string, body io.Reader) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "http://localhost/", body)
	if target != "" {
		req.Header.Set("X-Amz-Target", target)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestProofMalformedRequests: every malformed request gets Cognito's error answer
// (status, __type, the error headers), never a crash or an internal error.
func TestProofMalformedRequests(t *testing.T) {
	e := newEnv(t, nil)
	e.confirmed("alice", "alice@example.com")
	client := e.clients[enabled]
	const tgt = "AWSCognitoIdentityProviderService."
	huge := strings.Repeat("a", 100_000)
	tests := []struct {
		name, target, ctype, body string
		status                    int
		code                      string
		msgPrefix                 string
	}{
		{"malformed JSON", tgt + "InitiateAuth", "application/x-amz-json-1.1", `{"ClientId":`, 400, "SerializationException", ""},
		{"not an object", tgt + "SignUp", "application/x-amz-json-1.1", `"hello"`, 400, "SerializationException", ""},
		{"array", tgt + "ForgotPassword", "application/x-amz-json-1.1", `[1,2]`, 400, "SerializationException", ""},
		{"binary", tgt + "ForgotPassword", "application/x-amz-json-1.1", "\x00\xff\xfe", 400, "SerializationException", ""},
		{"trailing garbage", tgt + "ForgotPassword", "application/x-amz-json-1.1", `{"ClientId":"x"}}`, 400, "SerializationException", ""},
		{"number for a string", tgt + "InitiateAuth", "application/x-amz-json-1.1", `{"ClientId":12,"AuthFlow":"USER_PASSWORD_AUTH"}`, 400, "SerializationException", ""},
		{"object for a string", tgt + "SignUp", "application/x-amz-json-1.1", `{"ClientId":{"a":1}}`, 400, "SerializationException", ""},
		{"string for a map", tgt + "InitiateAuth", "application/x-amz-json-1.1", `{"ClientId":"` + client + `","AuthFlow":"USER_PASSWORD_AUTH","AuthParameters":"x"}`, 400, "SerializationException", ""},
		{"string for a list", tgt + "SignUp", "application/x-amz-json-1.1", `{"ClientId":"` + client + `","Username":"u","Password":"Passw0rd!","UserAttributes":"x"}`, 400, "SerializationException", ""},
		{"string for a bool", tgt + "AdminSetUserPassword", "application/x-amz-json-1.1", `{"UserPoolId":"` + e.pool + `","Username":"alice","Password":"Passw0rd!","Permanent":"yes"}`, 400, "SerializationException", ""},
		{"huge username", tgt + "InitiateAuth", "application/x-amz-json-1.1", authBody(client, "USER_PASSWORD_AUTH", map[string]string{"USERNAME": huge, "PASSWORD": "x"}), 400, "NotAuthorizedException", "Incorrect username or password."},
		{"huge username, ForgotPassword", tgt + "ForgotPassword", "application/x-amz-json-1.1", `{"ClientId":"` + client + `","Username":"` + huge + `"}`, 400, "InvalidParameterException", "1 validation error detected"},
		{"huge SRP_A", tgt + "InitiateAuth", "application/x-amz-json-1.1", authBody(client, "USER_SRP_AUTH", map[string]string{"USERNAME": "alice", "SRP_A": huge}), 400, "InvalidParameterException", ""},
		{"body over 1 MiB", tgt + "SignUp", "application/x-amz-json-1.1", `{"ClientId":"` + strings.Repeat("x", 1<<20+10) + `"}`, 413, "SerializationException", ""},
		{"deep nesting", tgt + "SignUp", "application/x-amz-json-1.1", strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000), 400, "SerializationException", ""},
		{"unknown operation", tgt + "StealAllUsers", "application/x-amz-json-1.1", `{}`, 400, "UnknownOperationException", ""},
		{"wrong service prefix", "AmazonCognitoIdentity.InitiateAuth", "application/x-amz-json-1.1", `{}`, 400, "UnknownOperationException", ""},
		{"missing target header", "", "application/x-amz-json-1.1", `{}`, 400, "UnknownOperationException", ""},
		{"missing content type", tgt + "ForgotPassword", "", `{"ClientId":"` + client + `","Username":"alice"}`, 200, "", ""},
		{"wrong content type", tgt + "ForgotPassword", "text/plain", `{"ClientId":"` + client + `","Username":"alice"}`, 200, "", ""},
		{"wrong content type, unknown user", tgt + "ForgotPassword", "application/xml", `{"ClientId":"` + client + `","Username":"ghost"}`, 200, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := proofPost(e.s, tt.target, tt.ctype, strings.NewReader(tt.body))
			checkAnswer(t, tt.name, rec)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %.300s", rec.Code, tt.status, rec.Body.String())
			}
			var b struct {
				Type    string `json:"__type"`
				Message string `json:"message"`
			}
			_ = json.Unmarshal(rec.Body.Bytes(), &b)
			if tt.code != "" && b.Type != tt.code {
				t.Fatalf("code %q, want %q (%.300s)", b.Type, tt.code, b.Message)
			}
			if !strings.HasPrefix(b.Message, tt.msgPrefix) {
				t.Fatalf("message %.300q, want prefix %q", b.Message, tt.msgPrefix)
			}
			if strings.Contains(b.Message, huge) || len(rec.Body.Bytes()) > 4096 {
				t.Fatalf("the answer echoes the huge field (%d bytes)", rec.Body.Len())
			}
		})
	}
	// Not POST: no crash, a JSON answer.
	for _, m := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions} {
		req := httptest.NewRequest(m, "http://localhost/", strings.NewReader("{}"))
		rec := httptest.NewRecorder()
		e.s.ServeHTTP(rec, req)
		if rec.Code != http.StatusMethodNotAllowed || !json.Valid(rec.Body.Bytes()) {
			t.Errorf("%s: %d %q", m, rec.Code, rec.Body.String())
		}
	}
	// alice is intact.
	if _, err := e.login(enabled, "alice", goodPW); err != nil {
		t.Fatalf("alice after the malformed requests: %v", err)
	}
}

// settleGoroutines waits until the goroutine count falls back to at most want (idle
// HTTP connections take a moment to go), and returns the last count.
func settleGoroutines(want int) int {
	n := runtime.NumGoroutine()
	for deadline := time.Now().Add(5 * time.Second); n > want && time.Now().Before(deadline); n = runtime.NumGoroutine() {
		time.Sleep(20 * time.Millisecond)
	}
	return n
}

// TestProofStorm: a bounded storm of concurrent requests, well-formed and not,
// against the server over loopback HTTP. Every answer is Cognito-shaped, nothing
// leaks goroutines, and afterwards the known users still sign in with their
// passwords while the unknown names still do not exist.
func TestProofStorm(t *testing.T) {
	before := runtime.NumGoroutine()
	s := mockpool.New(mockpool.WithTestSigningKey(), mockpool.WithFixedCode("123456"))
	srv := httptest.NewServer(s) // 127.0.0.1
	admin := s.Client()
	pool := createPool(t, admin, &cip.CreateUserPoolInput{AutoVerifiedAttributes: []types.VerifiedAttributeType{"email"}})
	client, _ := createClient(t, admin, pool, enabled, false)
	legacyClient, _ := createClient(t, admin, pool, legacy, false)
	known := []string{"alice", "bob", "carol", "dave"}
	for _, u := range known {
		_, err := admin.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &pool, Username: aws.String(u),
			UserAttributes: []types.AttributeType{strAttr("email", u+"@example.com"), strAttr("email_verified", "true")},
			MessageAction:  types.MessageActionTypeSuppress})
		noErr(t, err)
		_, err = admin.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &pool, Username: aws.String(u),
			Password: aws.String(goodPW), Permanent: true})
		noErr(t, err)
	}

	const tgt = "AWSCognitoIdentityProviderService."
	type req struct{ target, ctype, body string }
	reqs := []req{
		{tgt + "InitiateAuth", "application/x-amz-json-1.1", authBody(client, "USER_PASSWORD_AUTH", map[string]string{"USERNAME": "alice", "PASSWORD": goodPW})},
		{tgt + "InitiateAuth", "application/x-amz-json-1.1", authBody(client, "USER_PASSWORD_AUTH", map[string]string{"USERNAME": "ghost", "PASSWORD": goodPW})},
		{tgt + "InitiateAuth", "application/x-amz-json-1.1", authBody(legacyClient, "USER_SRP_AUTH", map[string]string{"USERNAME": "bob", "SRP_A": "02"})},
		{tgt + "InitiateAuth", "application/x-amz-json-1.1", authBody(client, "USER_SRP_AUTH", map[string]string{"USERNAME": "ghost", "SRP_A": "02"})},
		{tgt + "ForgotPassword", "application/x-amz-json-1.1", `{"ClientId":"` + client + `","Username":"ghost"}`},
		{tgt + "ResendConfirmationCode", "application/x-amz-json-1.1", `{"ClientId":"` + client + `","Username":"ghost2"}`},
		{tgt + "ConfirmForgotPassword", "application/x-amz-json-1.1", `{"ClientId":"` + client + `","Username":"ghost3","ConfirmationCode":"000000","Password":"N3w!Passw0rd"}`},
		{tgt + "ConfirmSignUp", "application/x-amz-json-1.1", `{"ClientId":"` + client + `","Username":"ghost4","ConfirmationCode":"000000"}`},
		{tgt + "SignUp", "application/x-amz-json-1.1", `{"ClientId":"` + client + `","Username":"alice","Password":"Passw0rd!"}`},
		{tgt + "InitiateAuth", "application/x-amz-json-1.1", `{"ClientId":`},
		{tgt + "SignUp", "application/x-amz-json-1.1", `{"ClientId":5}`},
		{tgt + "Nope", "application/x-amz-json-1.1", `{}`},
		{"", "application/x-amz-json-1.1", `{}`},
		{tgt + "ForgotPassword", "text/plain", `{"ClientId":"` + client + `","Username":"alice"}`},
		{tgt + "SignUp", "application/x-amz-json-1.1", `{"ClientId":"` + strings.Repeat("x", 1<<20+1) + `"}`},
	}
	const workers, perWorker = 16, 60
	hc := &http.Client{Timeout: 10 * time.Second}
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < perWorker && ctx.Err() == nil; i++ {
				r := reqs[(w*7+i)%len(reqs)]
				hr, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/", strings.NewReader(r.body))
				if r.target != "" {
					hr.Header.Set("X-Amz-Target", r.target)
				}
				hr.Header.Set("Content-Type", r.ctype)
				resp, err := hc.Do(hr)
				if err != nil {
					errs <- fmt.Errorf("request %s: %w", r.target, err)
					return
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if !json.Valid(body) || (resp.StatusCode != 200 && resp.StatusCode != 400 && resp.StatusCode != 413) {
					errs <- fmt.Errorf("%s: %d %.200q", r.target, resp.StatusCode, body)
					return
				}
				if resp.StatusCode != 200 && resp.Header.Get("X-Amzn-Errortype") == "" {
					errs <- fmt.Errorf("%s: error without X-Amzn-Errortype: %.200q", r.target, body)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if ctx.Err() != nil {
		t.Error("the storm did not finish in time")
	}

	// No corrupted user: through the SDK over HTTP, the known users sign in, the
	// unknown ones do not exist.
	c := cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), HTTPClient: hc, RetryMaxAttempts: 1,
		Credentials: admin.Options().Credentials})
	for _, u := range known {
		out, err := c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &client, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
			AuthParameters: map[string]string{"USERNAME": u, "PASSWORD": goodPW}})
		if err != nil || out.AuthenticationResult == nil {
			t.Errorf("%s after the storm: %v", u, err)
		}
	}
	for _, u := range []string{"ghost", "ghost2", "ghost3", "ghost4"} {
		_, err := c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &pool, Username: aws.String(u)})
		var ae smithy.APIError
		if !errors.As(err, &ae) || ae.ErrorCode() != "UserNotFoundException" {
			t.Errorf("%s after the storm: %v", u, err)
		}
	}
	list, err := c.ListUsers(ctx, &cip.ListUsersInput{UserPoolId: &pool})
	noErr(t, err)
	if len(list.Users) != len(known) {
		t.Errorf("%d users after the storm, want %d", len(list.Users), len(known))
	}

	hc.CloseIdleConnections()
	srv.Close()
	if n := settleGoroutines(before); n > before {
		buf := make([]byte, 1<<16)
		buf = buf[:runtime.Stack(buf, true)]
		t.Errorf("goroutines: %d before, %d after the storm\n%s", before, n, bytes.TrimSpace(buf))
	}
}
