package errorsx

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"
)

var sinkResult Result

// BenchmarkClassify measures Classify on the answers the middleware sees
// most. Budget: well under 1µs, at most 2 allocations on error paths.
func BenchmarkClassify(b *testing.B) {
	md := withRequestID("req")
	cases := []struct {
		name string
		op   string
		out  any
		err  error
	}{
		{"UserNotFound", "InitiateAuth", nil, sdkErr("InitiateAuth", 400, "req", &types.UserNotFoundException{Message: aws.String("User does not exist.")})},
		{"NotAuthorized", "InitiateAuth", nil, sdkErr("InitiateAuth", 400, "req", &types.NotAuthorizedException{Message: aws.String("Incorrect username or password.")})},
		{"ForgotPasswordLeak", "ForgotPassword", nil, sdkErr("ForgotPassword", 400, "req", &types.InvalidParameterException{Message: aws.String("Cannot reset password for the user as there is no registered/verified email or phone_number")})},
		{"GenericAPIError", "InitiateAuth", nil, sdkErr("InitiateAuth", 400, "req", &smithy.GenericAPIError{Code: "ThrottlingException"})},
		{"MaxAttempts", "InitiateAuth", nil, &retry.MaxAttemptsError{Attempt: 3, Err: sdkErr("InitiateAuth", 500, "req", &types.InternalErrorException{})}},
		{"Canceled", "InitiateAuth", nil, &smithy.OperationError{OperationName: "InitiateAuth", Err: &smithy.CanceledError{Err: context.Canceled}}},
		{"SignedIn", "InitiateAuth", &cip.InitiateAuthOutput{AuthenticationResult: &types.AuthenticationResultType{
			AccessToken: aws.String("a"), IdToken: aws.String("i"), RefreshToken: aws.String("r"), TokenType: aws.String("Bearer"), ExpiresIn: 3600},
			ResultMetadata: md}, nil},
		{"CodeSent", "ForgotPassword", &cip.ForgotPasswordOutput{CodeDeliveryDetails: details("EMAIL", "a***@e***", "email"), ResultMetadata: md}, nil},
		{"Done", "ConfirmSignUp", &cip.ConfirmSignUpOutput{ResultMetadata: md}, nil},
		{"PasswordVerifier", "InitiateAuth", &cip.InitiateAuthOutput{ChallengeName: types.ChallengeNameTypePasswordVerifier,
			ChallengeParameters: map[string]string{"USERNAME": "u", "USER_ID_FOR_SRP": "u", "SALT": "00", "SRP_B": "ff", "SECRET_BLOCK": "x"},
			ResultMetadata:      md}, nil},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkResult = Classify(c.op, c.out, c.err)
			}
		})
	}
}

// TestClassifyAllocations pins the allocation budget (counts, not time).
func TestClassifyAllocations(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts")
	}
	errs := []struct {
		op  string
		err error
	}{
		{"InitiateAuth", sdkErr("InitiateAuth", 400, "req", &types.UserNotFoundException{Message: aws.String("User does not exist.")})},
		{"ForgotPassword", sdkErr("ForgotPassword", 400, "req", &types.UserNotFoundException{Message: aws.String("x")})},
		{"InitiateAuth", &retry.MaxAttemptsError{Attempt: 3, Err: sdkErr("InitiateAuth", 429, "req", &types.TooManyRequestsException{})}},
		{"InitiateAuth", context.DeadlineExceeded},
	}
	for _, e := range errs {
		if n := testing.AllocsPerRun(100, func() { sinkResult = Classify(e.op, nil, e.err) }); n > 0 {
			t.Errorf("%s %T: %v allocations, want 0", e.op, e.err, n)
		}
	}
}
