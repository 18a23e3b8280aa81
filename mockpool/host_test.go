package mockpool_test

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/mockpool"
)

// hostRequest sends method path to ts with the Host header set to host, and returns
// the status and body.
func hostRequest(t *testing.T, ts *httptest.Server, method, path, host, target, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	noErr(t, err)
	req.Host = host
	if target != "" {
		req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+target)
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	}
	resp, err := ts.Client().Do(req)
	noErr(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	noErr(t, err)
	return resp.StatusCode, b
}

// TestHostCheck is the DNS-rebinding attack: a web page on evil.example whose name
// now resolves to 127.0.0.1 reads the outbox and drives the admin API. The browser
// sends Host: evil.example; the server must refuse before it acts on anything.
func TestHostCheck(t *testing.T) {
	srv, c, _ := newServer(t, mockpool.WithAllowedHosts("Dev.Example", "pinned.example:7000"))
	poolID := createPool(t, c, &cip.CreateUserPoolInput{})
	clientID, _ := createClient(t, c, poolID, types.PreventUserExistenceErrorTypesEnabled, false)
	_, err := c.SignUp(ctx, &cip.SignUpInput{ClientId: aws.String(clientID), Username: aws.String("alice"), Password: aws.String("Passw0rd!")})
	noErr(t, err)

	ts := httptest.NewServer(srv)
	defer ts.Close()
	_, port, _ := net.SplitHostPort(ts.Listener.Addr().String())

	deleteBody := `{"UserPoolId":"` + poolID + `","Username":"alice"}`
	tests := []struct {
		host string
		ok   bool
	}{
		{"evil.example", false},
		{"evil.example:" + port, false},
		{"evil.example:9229", false},
		{"127.0.0.1.evil.example", false},
		{"127.0.0.1.evil.example:" + port, false},
		{"localhost.evil.example", false},
		{"evil.localhost", false},
		{"dev.example.evil", false},
		{"pinned.example", false},      // the option names a port: only that port
		{"pinned.example:7001", false}, // the option names a port: only that port
		{"[::1].evil.example", false},
		{"0.0.0.0:" + port, false},
		{"192.168.1.5:" + port, false},
		{"localhost", true},
		{"LOCALHOST:" + port, true},
		{"localhost:9229", true},
		{"127.0.0.1", true},
		{"127.0.0.1:" + port, true},
		{"127.1.2.3:80", true},
		{"[::1]", true},
		{"[::1]:" + port, true},
		{"dev.example", true},      // extra host, case-insensitive, any port
		{"DEV.example:1234", true}, // extra host, case-insensitive, any port
		{"pinned.example:7000", true},
		{ts.Listener.Addr().String(), true}, // the address it listens on
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			for _, req := range []struct{ method, path, target, body string }{
				{http.MethodPost, "/", "ListUsers", `{"UserPoolId":"` + poolID + `"}`},
				{http.MethodGet, "/_mockpool/messages", "", ""},
				{http.MethodGet, "/" + poolID + "/.well-known/jwks.json", "", ""},
			} {
				status, body := hostRequest(t, ts, req.method, req.path, tt.host, req.target, req.body)
				if tt.ok {
					if status != http.StatusOK {
						t.Fatalf("%s %s: status %d, want 200; body %s", req.method, req.path, status, body)
					}
					continue
				}
				if status != http.StatusForbidden {
					t.Fatalf("%s %s: status %d, want 403; body %s", req.method, req.path, status, body)
				}
				var e struct {
					Type    string `json:"__type"`
					Message string `json:"message"`
				}
				if err := json.Unmarshal(body, &e); err != nil || e.Type != "ForbiddenException" || e.Message == "" {
					t.Fatalf("%s %s: body %s (%v), want a ForbiddenException error body", req.method, req.path, body, err)
				}
				if strings.Contains(string(body), "alice") || strings.Contains(string(body), "123456") || strings.Contains(string(body), `"keys"`) {
					t.Fatalf("%s %s: refused answer leaks state: %s", req.method, req.path, body)
				}
			}
			// A refused state-changing call is not acted on.
			status, _ := hostRequest(t, ts, http.MethodPost, "/", tt.host, "AdminDeleteUser", deleteBody)
			if !tt.ok && status != http.StatusForbidden {
				t.Fatalf("AdminDeleteUser: status %d, want 403", status)
			}
			if tt.ok {
				if status != http.StatusOK {
					t.Fatalf("AdminDeleteUser: status %d, want 200", status)
				}
				_, err := c.SignUp(ctx, &cip.SignUpInput{ClientId: aws.String(clientID), Username: aws.String("alice"), Password: aws.String("Passw0rd!")})
				noErr(t, err)
				return
			}
			if _, err := c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: aws.String(poolID), Username: aws.String("alice")}); err != nil {
				t.Fatalf("alice gone after a refused AdminDeleteUser: %v", err)
			}
		})
	}
}

// TestHostCheckInProcess: the in-process transport (Server.Client, any BaseEndpoint)
// is not a network server and is not host-checked.
func TestHostCheckInProcess(t *testing.T) {
	for _, endpoint := range []string{"", "http://mockpool.invalid", "https://cognito-idp.us-east-1.amazonaws.com", "http://evil.example:9229"} {
		t.Run(endpoint, func(t *testing.T) {
			s := mockpool.New(mockpool.WithTestSigningKey())
			c := s.Client(func(o *cip.Options) {
				if endpoint != "" {
					o.BaseEndpoint = aws.String(endpoint)
				}
			})
			out, err := c.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("p")})
			noErr(t, err)
			_, err = c.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: out.UserPool.Id})
			noErr(t, err)
		})
	}
}

// TestErrorEchoBounded: error messages that repeat a request's values repeat at most
// a few hundred characters of each, in the body and in the X-Amzn-Errormessage header.
func TestErrorEchoBounded(t *testing.T) {
	const bound = 4096                   // a few hundred characters per echoed value, a few values per message
	huge := strings.Repeat("é", 500_000) // 1 MB
	hugeASCII := strings.Repeat("a", 1_000_000)
	srv, c, _ := newServer(t)
	poolID := createPool(t, c, &cip.CreateUserPoolInput{})
	clientID, _ := createClient(t, c, poolID, types.PreventUserExistenceErrorTypesEnabled, false)
	ts := httptest.NewServer(srv)
	defer ts.Close()

	tests := []struct{ name, target, body string }{
		{"username", "SignUp", `{"ClientId":"` + clientID + `","Username":"` + huge + `","Password":"Passw0rd!"}`},
		{"admin username", "AdminGetUser", `{"UserPoolId":"` + poolID + `","Username":"` + huge + `"}`},
		{"auth flow", "InitiateAuth", `{"ClientId":"` + clientID + `","AuthFlow":"` + huge + `","AuthParameters":{"USERNAME":"a","PASSWORD":"b"}}`},
		{"pool id", "ListUsers", `{"UserPoolId":"` + huge + `"}`},
		{"pool id pattern", "DescribeUserPool", `{"UserPoolId":"a_` + hugeASCII + `"}`},
		{"client id", "InitiateAuth", `{"ClientId":"` + hugeASCII + `","AuthFlow":"USER_PASSWORD_AUTH"}`},
		{"challenge name", "RespondToAuthChallenge", `{"ClientId":"` + clientID + `","ChallengeName":"` + huge + `","ChallengeResponses":{"USERNAME":"a"}}`},
		{"search attribute", "ListUsers", `{"UserPoolId":"` + poolID + `","Filter":"` + hugeASCII + ` = \"x\""}`},
		{"map key type", "InitiateAuth", `{"ClientId":"` + clientID + `","AuthFlow":"USER_PASSWORD_AUTH","AuthParameters":{"` + huge + `":1}}`},
		{"attribute name", "AdminCreateUser", `{"UserPoolId":"` + poolID + `","Username":"bob","UserAttributes":[{"Name":"` + huge + `","Value":"x"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, ts.URL+"/", strings.NewReader(tt.body))
			noErr(t, err)
			req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+tt.target)
			req.Header.Set("Content-Type", "application/x-amz-json-1.1")
			resp, err := ts.Client().Do(req)
			noErr(t, err)
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			noErr(t, err)
			if resp.StatusCode == http.StatusOK {
				t.Fatalf("status 200, want an error; body %.200s", b)
			}
			var e struct {
				Type    string `json:"__type"`
				Message string `json:"message"`
			}
			noErr(t, json.Unmarshal(b, &e))
			if n := utf8.RuneCountInString(e.Message); n > bound {
				t.Fatalf("%s: message of %d characters, want at most %d: %.300s", e.Type, n, bound, e.Message)
			}
			if n := len(resp.Header.Get("X-Amzn-Errormessage")); n > 2*bound {
				t.Fatalf("%s: X-Amzn-Errormessage of %d bytes", e.Type, n)
			}
		})
	}
}
