package mockpool_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/maskedauth/maskedauth/mockpool"
)

// syncBuffer is a bytes.Buffer a logger may write from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestUnknownOperationExplained: an operation mockpool does not serve is answered
// and logged with its name (bounded), telling an SDK operation it does not serve
// from a name that is no Cognito operation; every log line of a request carries
// the request id its answer carries.
func TestUnknownOperationExplained(t *testing.T) {
	const tgt = "AWSCognitoIdentityProviderService."
	long := strings.Repeat("X", 5000)
	for _, tt := range []struct {
		name, target, want, notWant string
	}{
		{"a near miss of an SDK name", tgt + "AdminUpdateAuthEventFeedbackX", "AdminUpdateAuthEventFeedbackX", "does not serve"},
		{"no such operation", tgt + "StealAllUsers", "Unknown operation: StealAllUsers", "does not serve"},
		{"wrong service", "AmazonCognitoIdentity.InitiateAuth", "AmazonCognitoIdentity.InitiateAuth", ""},
		{"missing header", "", "no X-Amz-Target header", ""},
		{"long name bounded", tgt + long, "Unknown operation: XXXX", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var logs syncBuffer
			s := mockpool.New(mockpool.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
			rec := proofPost(s, tt.target, "application/x-amz-json-1.1", strings.NewReader(`{}`))
			if rec.Code != 400 {
				t.Fatalf("status %d", rec.Code)
			}
			var body struct {
				Type    string `json:"__type"`
				Message string `json:"message"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			if body.Type != "UnknownOperationException" || !strings.Contains(body.Message, tt.want) {
				t.Fatalf("answer %+v, want UnknownOperationException naming %q", body, tt.want)
			}
			if tt.notWant != "" && strings.Contains(body.Message, tt.notWant) {
				t.Fatalf("answer %q says %q", body.Message, tt.notWant)
			}
			if len(body.Message) > 600 {
				t.Fatalf("answer of %d bytes echoes the whole name", len(body.Message))
			}
			id := rec.Header().Get("X-Amzn-Requestid")
			line := logs.String()
			if id == "" || !strings.Contains(line, "request_id="+id) {
				t.Fatalf("log %q does not carry the request id %q", line, id)
			}
			if tt.target != "" && !strings.Contains(line, "operation=") {
				t.Fatalf("log %q does not name the operation", line)
			}
		})
	}
	// An SDK operation that is not served says so (GetTokensFromRefreshToken and
	// the WebAuthn operations are being added; pick whatever is unserved now).
	s := mockpool.New()
	for _, op := range []string{"AdminUpdateAuthEventFeedback", "UpdateAuthEventFeedback", "GetUserAuthFactors", "StartWebAuthnRegistration"} {
		rec := proofPost(s, tgt+op, "application/x-amz-json-1.1", strings.NewReader(`{}`))
		if !strings.Contains(rec.Body.String(), "UnknownOperationException") {
			continue // served by now
		}
		if !strings.Contains(rec.Body.String(), op+" (a Cognito operation mockpool does not serve)") {
			t.Errorf("%s: %s", op, rec.Body.String())
		}
	}
}
