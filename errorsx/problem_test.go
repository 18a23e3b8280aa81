package errorsx

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

func TestWriteProblemNeverLeaks(t *testing.T) {
	err := sdkErr("InitiateAuth", 400, "req-secret", &types.UserNotFoundException{Message: aws.String("User does not exist.")})
	r := Classify("InitiateAuth", nil, err)
	rec := httptest.NewRecorder()
	WriteProblem(rec, r)
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("status %d", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("content type %q", ct)
	}
	if rec.Header().Get("Cache-Control") != "no-store" {
		t.Error("no Cache-Control: no-store")
	}
	body := rec.Body.String()
	for _, leak := range []string{"does not exist", "UserNotFound", "req-secret", "Cognito"} {
		if strings.Contains(body, leak) {
			t.Errorf("body leaks %q: %s", leak, body)
		}
	}
	var p map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"type": "urn:maskedauth:auth.invalid_credentials", "title": "Incorrect username or password.",
		"status": float64(401), "code": "auth.invalid_credentials", "kind": "InvalidCredentials"}
	for k, v := range want {
		if p[k] != v {
			t.Errorf("%s = %v, want %v", k, p[k], v)
		}
	}
	if len(p) != len(want) {
		t.Errorf("extra members: %v", p)
	}

	// A NotAuthorized "Incorrect username or password." writes the same body.
	rec2 := httptest.NewRecorder()
	WriteProblem(rec2, Classify("InitiateAuth", nil, sdkErr("InitiateAuth", 400, "other", &types.NotAuthorizedException{Message: aws.String("Incorrect username or password.")})))
	if rec2.Body.String() != body || rec2.Code != rec.Code {
		t.Errorf("masked answers differ:\n%s\n%s", body, rec2.Body.String())
	}
}

func TestWriteProblemOptions(t *testing.T) {
	c, _ := ParseCatalog([]byte(`{"auth.too_many_attempts": "Trop d'essais."}`))
	r := Classify("InitiateAuth", nil, sdkErr("InitiateAuth", 400, "rid-1", &types.LimitExceededException{Message: aws.String("Attempt limit exceeded")}))
	rec := httptest.NewRecorder()
	WriteProblem(rec, r, WithCatalog(c), WithTypeBase("https://example.com/problems/"), WithInstance("/login"), WithRequestID(), nil)
	var p Problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	want := Problem{Type: "https://example.com/problems/auth.too_many_attempts", Title: "Trop d'essais.", Status: 429,
		Instance: "/login", Code: "auth.too_many_attempts", Kind: TooManyAttempts, RequestID: "rid-1"}
	if p.Type != want.Type || p.Title != want.Title || p.Status != want.Status || p.Instance != want.Instance || p.Code != want.Code || p.Kind != want.Kind || p.RequestID != want.RequestID {
		t.Errorf("got %+v\nwant %+v", p, want)
	}
	if rec.Code != 429 {
		t.Errorf("status %d", rec.Code)
	}
}

func TestWriteNextStepAndCodeSent(t *testing.T) {
	ch := NewChallenge("InitiateAuth", "SMS_MFA", "the-session", map[string]string{
		"CODE_DELIVERY_DELIVERY_MEDIUM": "SMS", "CODE_DELIVERY_DESTINATION": "+********1234", "USERNAME": "u"})
	rec := httptest.NewRecorder()
	WriteJSON(rec, ch)
	var p Problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/json" {
		t.Errorf("%d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	if p.Challenge == nil || p.Challenge.Name != "SMS_MFA" || p.Challenge.Session != "the-session" || p.Challenge.MFA != "SMS" || p.Challenge.Parameters != nil {
		t.Errorf("challenge %+v", p.Challenge)
	}
	if p.Delivery == nil || p.Delivery.Destination != "+********1234" || p.Delivery.Medium != "SMS" {
		t.Errorf("delivery %+v", p.Delivery)
	}
	rec = httptest.NewRecorder()
	WriteProblem(rec, ch, WithChallengeParameters())
	if !strings.Contains(rec.Body.String(), `"USERNAME":"u"`) || rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Errorf("parameters: %s", rec.Body.String())
	}

	sent := NewResult("ForgotPassword", CodeSent)
	sent.Delivery = &Delivery{Medium: MediumEmail, Destination: "a***@e***", AttributeName: "email"}
	rec = httptest.NewRecorder()
	WriteJSON(rec, sent)
	if rec.Code != 202 || !strings.Contains(rec.Body.String(), `"delivery":{"medium":"EMAIL","destination":"a***@e***","attributeName":"email"}`) {
		t.Errorf("code sent: %d %s", rec.Code, rec.Body.String())
	}
}

func TestTokensOnlyWhenAsked(t *testing.T) {
	r := NewResult("InitiateAuth", SignedIn)
	r.Tokens = &Tokens{AccessToken: "ACCESS", IDToken: "ID", RefreshToken: "REFRESH", TokenType: "Bearer", ExpiresIn: time.Hour}
	for _, tc := range []struct {
		name  string
		write func(http.ResponseWriter)
		want  bool
	}{
		{"WriteJSON", func(w http.ResponseWriter) { WriteJSON(w, r) }, false},
		{"WriteJSON WithTokens", func(w http.ResponseWriter) { WriteJSON(w, r, WithTokens()) }, true},
		{"WriteProblem WithTokens", func(w http.ResponseWriter) { WriteProblem(w, r, WithTokens()) }, false},
	} {
		rec := httptest.NewRecorder()
		tc.write(rec)
		got := strings.Contains(rec.Body.String(), "ACCESS")
		if got != tc.want {
			t.Errorf("%s: tokens written = %v: %s", tc.name, got, rec.Body.String())
		}
		if tc.want && !strings.Contains(rec.Body.String(), `"expiresIn":3600`) {
			t.Errorf("%s: %s", tc.name, rec.Body.String())
		}
	}
	if p := NewProblem(r, WithTokens()); p.Tokens != nil {
		t.Error("NewProblem wrote tokens")
	}
	// A zero Result is an Unavailable problem.
	rec := httptest.NewRecorder()
	WriteJSON(rec, Result{})
	if rec.Code != 503 || !strings.Contains(rec.Body.String(), `"kind":"Unavailable"`) {
		t.Errorf("zero: %d %s", rec.Code, rec.Body.String())
	}
}
