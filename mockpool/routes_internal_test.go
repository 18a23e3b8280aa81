package mockpool

import (
	"testing"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// TestRoutesAreSDKOperations: a handler registered under a name the SDK does not
// have (a typo, a wrong case) would never be reached by a real client.
func TestRoutesAreSDKOperations(t *testing.T) {
	if len(operations) < 50 {
		t.Fatalf("only %d operations registered", len(operations))
	}
	for op := range operations {
		if !cognito.Known(op) {
			t.Errorf("mockpool serves %q, which is no operation of the SDK's client", op)
		}
	}
}

// TestTypeErrorNamesTheMember: a member of the wrong type is answered with its wire
// name, whatever Go type the handler's input is (an embedded struct would add its own
// name to the path).
func TestTypeErrorNamesTheMember(t *testing.T) {
	s := New(WithTestSigningKey())
	probes := []string{"UserPoolId", "ClientId", "Username", "AccessToken", "UserCode", "GroupName", "DeviceKey",
		"Session", "PoolName", "AuthFlow", "ChallengeName", "Token", "MfaConfiguration", "Password", "ConfirmationCode"}
	for op := range operations {
		for _, key := range probes {
			resp := s.serve(t.Context(), targetPrefix+op, []byte(`{"`+key+`":{"x":1}}`))
			if resp.errCode != cognito.CodeSerializationException {
				continue
			}
			if want := "Unexpected value type for '" + key + "'"; resp.errMsg != want {
				t.Errorf("%s with %s: %q, want %q", op, key, resp.errMsg, want)
			}
		}
	}
}
