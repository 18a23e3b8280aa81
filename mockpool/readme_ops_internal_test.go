package mockpool

import (
	"flag"
	"github.com/maskedauth/maskedauth/internal/readme"
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
	readme.KeepRegion(t, readmePath, operationsFrom, operationsTo, operationsMarkdown(), *updateREADME, "go test ./mockpool -run TestREADMEOperations -update")
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
