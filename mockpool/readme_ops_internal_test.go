package mockpool

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

var updateREADME = flag.Bool("update", false, "rewrite the operations table in ../README.md")

const (
	readmePath     = "../README.md"
	operationsFrom = "<!-- operations:start -->\n"
	operationsTo   = "<!-- operations:end -->"
)

// TestREADMEOperations keeps the README's operations table equal to
// operationsMarkdown() (routes.go's table and opNotes). Rewrite it with
// `go test ./mockpool -run TestREADMEOperations -update`.
func TestREADMEOperations(t *testing.T) {
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	start := bytes.Index(readme, []byte(operationsFrom))
	end := bytes.Index(readme, []byte(operationsTo))
	if start < 0 || end < start {
		t.Fatalf("%s has no %q ... %q region", readmePath, operationsFrom, operationsTo)
	}
	start += len(operationsFrom)
	want := operationsMarkdown()
	if string(readme[start:end]) == want {
		return
	}
	if !*updateREADME {
		t.Fatalf("the operations table in %s is out of date: run `go test ./mockpool -run TestREADMEOperations -update`", readmePath)
	}
	var b bytes.Buffer
	b.Write(readme[:start])
	b.WriteString(want)
	b.Write(readme[end:])
	if err := os.WriteFile(readmePath, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("rewrote the operations table in %s", readmePath)
}

// TestOperationNotesAreOperations: every note names an operation of the SDK's
// client (a typo would leave a row without its note).
func TestOperationNotesAreOperations(t *testing.T) {
	for op := range opNotes {
		if !cognito.Known(op) {
			t.Errorf("opNotes: %q is no operation of the SDK's client", op)
		}
	}
}

// TestEmbeddedSettingsTypeError: a member of poolSettings (embedded in CreateUserPool's
// and UpdateUserPool's requests) of the wrong type is named by its wire path alone.
func TestEmbeddedSettingsTypeError(t *testing.T) {
	s := New(WithTestSigningKey())
	for _, tc := range []struct{ op, body, want string }{
		{cognito.OpUpdateUserPool, `{"UserPoolId":"us-east-1_x","SmsVerificationMessage":5}`, "Unexpected value type for 'SmsVerificationMessage'"},
		{cognito.OpCreateUserPool, `{"PoolName":"p","UserPoolAddOns":{"AdvancedSecurityMode":5}}`, "Unexpected value type for 'UserPoolAddOns.AdvancedSecurityMode'"},
	} {
		resp := s.serve(t.Context(), targetPrefix+tc.op, []byte(tc.body))
		if resp.errCode != cognito.CodeSerializationException || resp.errMsg != tc.want {
			t.Errorf("%s %s: %s %q, want %q", tc.op, tc.body, resp.errCode, resp.errMsg, tc.want)
		}
	}
}
