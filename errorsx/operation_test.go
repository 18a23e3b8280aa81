package errorsx

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// TestClassifyUnknownOperation: a name that is no SDK operation (wrong case, a
// typo, a type name) must not select a silently different classification: the
// result is Misconfigured and its Cause says why.
func TestClassifyUnknownOperation(t *testing.T) {
	notFound := &types.UserNotFoundException{Message: aws.String("User does not exist.")}
	for _, op := range []string{"initiateAuth", "INITIATEAUTH", "InitateAuth", "InitiateAuthInput", "forgotPassword", "Other", "X", " InitiateAuth"} {
		for _, tc := range []struct {
			name string
			out  any
			err  error
		}{
			{"error", nil, sdkErr("InitiateAuth", 400, "rid", notFound)},
			{"bare error", nil, notFound},
			{"output", &cip.InitiateAuthOutput{AuthenticationResult: &types.AuthenticationResultType{AccessToken: aws.String("t")}}, nil},
			{"nil output", nil, nil},
		} {
			r := Classify(op, tc.out, tc.err)
			if r.Kind != Misconfigured || r.Message.Key != kindMessage(Misconfigured).Key {
				t.Errorf("Classify(%q) %s: kind %v key %q, want Misconfigured", op, tc.name, r.Kind, r.Message.Key)
			}
			if r.Cause == nil || !errors.Is(r.Cause, ErrUnknownOperation) || !strings.Contains(r.Cause.Error(), "unknown Cognito operation") {
				t.Errorf("Classify(%q) %s: Cause %v does not say the operation name is unknown", op, tc.name, r.Cause)
			}
			if tc.err != nil && !errors.Is(r.Cause, tc.err) {
				t.Errorf("Classify(%q) %s: Cause %v lost the original error", op, tc.name, r.Cause)
			}
			if r.Tokens != nil || AsError(r) == nil {
				t.Errorf("Classify(%q) %s: a misconfigured result carries tokens or is no error: %+v", op, tc.name, r)
			}
		}
	}
	// The same answers under the right name are classified as usual.
	if r := Classify("InitiateAuth", nil, sdkErr("InitiateAuth", 400, "rid", notFound)); r.Kind != InvalidCredentials {
		t.Errorf("InitiateAuth: kind %v", r.Kind)
	}
}

// TestClassifyEmptyOperation: an empty name takes the SDK's own operation name,
// from the *smithy.OperationError of an error or from the output's type.
func TestClassifyEmptyOperation(t *testing.T) {
	notFound := &types.UserNotFoundException{Message: aws.String("Username/client id combination not found.")}
	for _, tc := range []struct {
		name   string
		out    any
		err    error
		wantOp string
		want   Kind
	}{
		{"error at ForgotPassword", nil, sdkErr("ForgotPassword", 400, "r", notFound), "ForgotPassword", CodeSent},
		{"error at ConfirmSignUp", nil, sdkErr("ConfirmSignUp", 400, "r", notFound), "ConfirmSignUp", InvalidCode},
		{"error at InitiateAuth", nil, sdkErr("InitiateAuth", 400, "r", notFound), "InitiateAuth", InvalidCredentials},
		{"ForgotPassword output", &cip.ForgotPasswordOutput{CodeDeliveryDetails: details("EMAIL", "a***@e***", "email")}, nil, "ForgotPassword", CodeSent},
		{"InitiateAuth output", &cip.InitiateAuthOutput{ChallengeName: types.ChallengeNameTypePasswordVerifier}, nil, "InitiateAuth", NextStep},
		{"ConfirmSignUp output", &cip.ConfirmSignUpOutput{}, nil, "ConfirmSignUp", Done},
		{"bare error, no name anywhere", nil, notFound, "", InvalidCredentials},
	} {
		r := Classify("", tc.out, tc.err)
		if r.Operation != tc.wantOp || r.Kind != tc.want {
			t.Errorf("%s: operation %q kind %v, want %q %v", tc.name, r.Operation, r.Kind, tc.wantOp, tc.want)
		}
	}
}
