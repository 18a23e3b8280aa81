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
