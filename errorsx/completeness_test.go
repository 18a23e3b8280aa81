package errorsx

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"sort"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/maskedauth/maskedauth/errorsx/internal/sdkerrors"
)

// sdkTypes reads the error types from the SDK module's own source.
func sdkTypes(t *testing.T) []sdkerrors.Type {
	t.Helper()
	dir, err := sdkerrors.ModuleDir()
	if err != nil {
		t.Fatalf("locate the SDK source: %v", err)
	}
	ts, err := sdkerrors.Parse(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) < 50 {
		t.Fatalf("only %d error types found in %s: the parser is broken", len(ts), dir)
	}
	return ts
}

// TestSDKErrorsComplete fails when the SDK's types package has an error
// code errorsx does not classify, or errorsx's table has a code the SDK
// does not define (the extra codes of GenericAPIError live in extraCodes).
func TestSDKErrorsComplete(t *testing.T) {
	ts := sdkTypes(t)
	inSDK := map[string]bool{}
	for _, ty := range ts {
		inSDK[ty.Code] = true
		k, ok := sdkCodes[ty.Code]
		if !ok {
			t.Errorf("SDK error type %s (code %q) is not classified: add it to sdkCodes", ty.Name, ty.Code)
			continue
		}
		if !k.Valid() || k.Success() {
			t.Errorf("%s maps to %v, want a failure kind", ty.Code, k)
		}
	}
	var stale []string
	for code := range sdkCodes {
		if !inSDK[code] {
			stale = append(stale, code)
		}
	}
	sort.Strings(stale)
	for _, code := range stale {
		t.Errorf("sdkCodes has %q, which the SDK does not define (move it to extraCodes if it is a GenericAPIError code)", code)
	}
	for code, k := range extraCodes {
		if inSDK[code] {
			t.Errorf("extraCodes has %q, which the SDK defines: move it to sdkCodes", code)
		}
		if !k.Valid() || k.Success() {
			t.Errorf("extra code %s maps to %v", code, k)
		}
	}
}

// TestGeneratedSDKErrorsInSync fails when zz_sdkerrors_test.go is stale:
// run `go generate ./errorsx`.
func TestGeneratedSDKErrorsInSync(t *testing.T) {
	want, err := sdkerrors.Generate(sdkTypes(t))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("zz_sdkerrors_test.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("zz_sdkerrors_test.go is out of date with the SDK: run `go generate ./errorsx`")
	}
}

// TestEverySDKErrorClassified constructs every SDK error type, wraps it as
// the SDK does, and checks its Kind and that errors.As still finds it.
func TestEverySDKErrorClassified(t *testing.T) {
	if len(sdkErrors) != len(sdkCodes) {
		t.Errorf("%d generated error values, %d codes in sdkCodes", len(sdkErrors), len(sdkCodes))
	}
	ops := []string{"InitiateAuth", "RespondToAuthChallenge", "SignUp", "ConfirmSignUp", "ConfirmForgotPassword", "ForgotPassword", "ResendConfirmationCode", "GetUser"}
	for _, e := range sdkErrors {
		api, ok := e.err.(smithy.APIError)
		if !ok || api.ErrorCode() != e.code {
			t.Errorf("%T: code %v", e.err, e.code)
			continue
		}
		status := 400
		if api.ErrorFault() == smithy.FaultServer {
			status = 500
		}
		for _, op := range ops {
			r := Classify(op, nil, sdkErr(op, status, "rid", e.err))
			if !r.Kind.Valid() {
				t.Errorf("%s on %s: invalid kind", e.code, op)
			}
			if op == "GetUser" && r.Kind != sdkCodes[e.code] {
				t.Errorf("%s on GetUser: %v, table says %v", e.code, r.Kind, sdkCodes[e.code])
			}
			if r.Message.Key == "" || r.RequestID != "rid" {
				t.Errorf("%s on %s: %+v", e.code, op, r)
			}
			if err := AsError(r); err != nil {
				target := reflect.New(reflect.TypeOf(e.err))
				if !errors.As(err, target.Interface()) {
					t.Errorf("%s: errors.As through *Error failed", e.code)
				}
			}
		}
	}
}
