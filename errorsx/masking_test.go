package errorsx

import (
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"
)

// TestMaskingRules checks that the answers of each group give Results equal
// in everything but Cause and RequestID.
func TestMaskingRules(t *testing.T) {
	s := aws.String
	tests := []struct {
		name string
		op   string
		want Kind
		errs []error
	}{
		{"sign-in: unknown user, wrong password, reset required, disabled", "InitiateAuth", InvalidCredentials, []error{
			&types.UserNotFoundException{Message: s("User does not exist.")},
			&types.NotAuthorizedException{Message: s("Incorrect username or password.")},
			&types.PasswordResetRequiredException{Message: s("Password reset required for the user")},
			&types.NotAuthorizedException{Message: s("User is disabled.")},
			&smithy.GenericAPIError{Code: "UserNotFoundException", Message: "User does not exist.", Fault: smithy.FaultClient},
		}},
		{"admin sign-in", "AdminInitiateAuth", InvalidCredentials, []error{
			&types.UserNotFoundException{Message: s("User does not exist.")},
			&types.NotAuthorizedException{Message: s("Incorrect username or password.")},
			&types.PasswordResetRequiredException{Message: s("Password reset required for the user")},
		}},
		{"SRP proof", "RespondToAuthChallenge", InvalidCredentials, []error{
			&types.UserNotFoundException{Message: s("User does not exist.")},
			&types.NotAuthorizedException{Message: s("Incorrect username or password.")},
			&types.PasswordResetRequiredException{Message: s("Password reset required for the user")},
			&types.NotAuthorizedException{Message: s("User is disabled.")},
		}},
		{"ConfirmSignUp: unknown user, confirmed user and wrong code", "ConfirmSignUp", InvalidCode, []error{
			&types.CodeMismatchException{Message: s("Invalid verification code provided, please try again.")},
			&types.UserNotFoundException{Message: s("Username/client id combination not found.")},
			&types.NotAuthorizedException{Message: s("User cannot be confirmed. Current status is CONFIRMED")},
		}},
		{"ConfirmForgotPassword: unknown or disabled user and wrong code", "ConfirmForgotPassword", InvalidCode, []error{
			&types.CodeMismatchException{Message: s("Invalid verification code provided, please try again.")},
			&types.UserNotFoundException{Message: s("Username/client id combination not found.")},
			&types.NotAuthorizedException{Message: s("User is disabled.")},
		}},
		{"ForgotPassword LEGACY leaks", "ForgotPassword", CodeSent, []error{
			&types.UserNotFoundException{Message: s("Username/client id combination not found.")},
			&types.NotAuthorizedException{Message: s("User is disabled.")},
			&types.InvalidParameterException{Message: s("Cannot reset password for the user as there is no registered/verified email or phone_number")},
			&types.NotAuthorizedException{Message: s("User password cannot be reset in the current state.")},
		}},
		{"ResendConfirmationCode LEGACY leaks", "ResendConfirmationCode", CodeSent, []error{
			&types.UserNotFoundException{Message: s("Username/client id combination not found.")},
			&types.NotAuthorizedException{Message: s("User is disabled.")},
			&types.InvalidParameterException{Message: s("User is already confirmed.")},
			// A real user without an auto-verified attribute, in a pool that
			// auto-verifies some: LEGACY tells it apart from an unknown name.
			&types.InvalidParameterException{Message: s("Cannot resend codes. Auto verification not turned on.")},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var first Result
			for i, e := range tt.errs {
				err := sdkErr(tt.op, 400, "req-"+string(rune('a'+i)), e)
				r := Classify(tt.op, nil, err)
				if r.Kind != tt.want {
					t.Fatalf("%T %q: kind %v, want %v", e, e.(smithy.APIError).ErrorMessage(), r.Kind, tt.want)
				}
				if r.Cause != err {
					t.Errorf("%T: Cause is not the original error", e)
				}
				if i == 0 {
					first = r
					continue
				}
				if !reflect.DeepEqual(masked(r), masked(first)) {
					t.Errorf("%T %q:\n got %+v\nwant %+v", e, e.(smithy.APIError).ErrorMessage(), masked(r), masked(first))
				}
			}
		})
	}
}

// TestMaskedDeliveryLikeReal checks that a LEGACY leak turned into CodeSent
// equals a real delivery but for the Delivery the middleware fills.
func TestMaskedDeliveryLikeReal(t *testing.T) {
	for _, op := range []string{"ForgotPassword", "ResendConfirmationCode"} {
		var real Result
		switch op {
		case "ForgotPassword":
			real = Classify(op, &cip.ForgotPasswordOutput{CodeDeliveryDetails: details("EMAIL", "a***@e***", "email")}, nil)
		default:
			real = Classify(op, &cip.ResendConfirmationCodeOutput{CodeDeliveryDetails: details("EMAIL", "a***@e***", "email")}, nil)
		}
		leak := Classify(op, nil, sdkErr(op, 400, "r", &types.UserNotFoundException{Message: aws.String("Username/client id combination not found.")}))
		if leak.Delivery != nil {
			t.Errorf("%s: masked leak has a Delivery %+v; Classify cannot know one", op, leak.Delivery)
		}
		real.Delivery = nil
		if !reflect.DeepEqual(masked(real), masked(leak)) {
			t.Errorf("%s:\n real %+v\n leak %+v", op, masked(real), masked(leak))
		}
		if !leak.MaskedDelivery() || real.MaskedDelivery() || leak.CognitoCode() != "UserNotFoundException" || real.CognitoCode() != "" {
			t.Errorf("%s: MaskedDelivery/CognitoCode: %v %q", op, leak.MaskedDelivery(), leak.CognitoCode())
		}
		if leak.HTTPStatus != 200 || AsError(leak) != nil {
			t.Errorf("%s: masked leak status %d err %v, want 200 and nil", op, leak.HTTPStatus, AsError(leak))
		}
	}
}

func details(medium, dest, attr string) *types.CodeDeliveryDetailsType {
	return &types.CodeDeliveryDetailsType{DeliveryMedium: types.DeliveryMediumType(medium), Destination: aws.String(dest), AttributeName: aws.String(attr)}
}

// TestRealAndSimulatedDeliveryEqual: nothing but the destination strings may
// differ between a real and a simulated CodeDeliveryDetails.
func TestRealAndSimulatedDeliveryEqual(t *testing.T) {
	pairs := []struct {
		name string
		real any
		sim  any
	}{
		{"ForgotPassword email",
			&cip.ForgotPasswordOutput{CodeDeliveryDetails: details("EMAIL", "a***@e***", "email")},
			&cip.ForgotPasswordOutput{CodeDeliveryDetails: details("EMAIL", "z***@q***", "email")}},
		{"ResendConfirmationCode SMS",
			&cip.ResendConfirmationCodeOutput{CodeDeliveryDetails: details("SMS", "+********1234", "phone_number")},
			&cip.ResendConfirmationCodeOutput{CodeDeliveryDetails: details("SMS", "+********9876", "phone_number")}},
	}
	for _, p := range pairs {
		op := "ForgotPassword"
		if _, ok := p.real.(*cip.ResendConfirmationCodeOutput); ok {
			op = "ResendConfirmationCode"
		}
		a, b := Classify(op, p.real, nil), Classify(op, p.sim, nil)
		if a.Delivery == nil || b.Delivery == nil {
			t.Fatalf("%s: no Delivery", p.name)
		}
		if a.Delivery.Destination == b.Delivery.Destination {
			t.Fatalf("%s: test needs different destinations", p.name)
		}
		ad, bd := *a.Delivery, *b.Delivery
		ad.Destination, bd.Destination = "", ""
		a.Delivery, b.Delivery = &ad, &bd
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s:\n real %+v\n sim  %+v", p.name, a, b)
		}
		if a.Kind != CodeSent || a.Message.Key != "auth.code_sent" {
			t.Errorf("%s: %v %q", p.name, a.Kind, a.Message.Key)
		}
	}
}

// TestRefinements covers the message- and operation-dependent rules.
func TestRefinements(t *testing.T) {
	s := aws.String
	tests := []struct {
		op   string
		err  error
		want Kind
	}{
		{"InitiateAuth", &types.NotAuthorizedException{Message: s("Password attempts exceeded")}, TooManyAttempts},
		{"RespondToAuthChallenge", &types.NotAuthorizedException{Message: s("Password attempts exceeded")}, TooManyAttempts},
		{"InitiateAuth", &types.NotAuthorizedException{Message: s("User is disabled.")}, InvalidCredentials},
		{"InitiateAuth", &types.NotAuthorizedException{Message: s("Client 1example23456789 is configured for secret but secret was not received")}, Misconfigured},
		{"ForgotPassword", &types.NotAuthorizedException{Message: s("Unable to verify secret hash for client 1example23456789")}, Misconfigured},
		{"ConfirmSignUp", &types.NotAuthorizedException{Message: s("Unable to verify secret hash for client 1example23456789")}, Misconfigured},
		{"InitiateAuth", &types.InvalidParameterException{Message: s("USER_PASSWORD_AUTH flow not enabled for this client")}, Misconfigured},
		{"AdminInitiateAuth", &types.InvalidParameterException{Message: s("Initiate Auth method not supported.")}, Misconfigured},
		{"SignUp", &types.InvalidParameterException{Message: s("1 validation error detected: Value at 'username' failed to satisfy constraint")}, InvalidInput},
		{"ForgotPassword", &types.InvalidParameterException{Message: s("1 validation error detected")}, InvalidInput},
		{"RespondToAuthChallenge", &types.NotAuthorizedException{Message: s("Invalid session for the user, session is expired.")}, ExpiredCode},
		{"InitiateAuth", &types.NotAuthorizedException{Message: s("Invalid Refresh Token")}, InvalidCredentials},
		{"InitiateAuth", &types.UserNotConfirmedException{Message: s("User is not confirmed.")}, NotConfirmed},
		{"ConfirmSignUp", &types.ExpiredCodeException{Message: s("Invalid code provided, please request a code again.")}, InvalidCode},
		{"ConfirmForgotPassword", &types.ExpiredCodeException{Message: s("Invalid code provided, please request a code again.")}, InvalidCode},
		{"VerifyUserAttribute", &types.ExpiredCodeException{Message: s("Invalid code provided, please request a code again.")}, ExpiredCode},
		{"ConfirmSignUp", &types.AliasExistsException{Message: s("An account with the email already exists.")}, AccountExists},
		{"SignUp", &types.UsernameExistsException{Message: s("User already exists")}, AccountExists},
		{"SignUp", &types.InvalidPasswordException{Message: s("Password did not conform with policy: Password not long enough")}, PasswordRejected},
		{"SignUp", &types.UserLambdaValidationException{Message: s("PreSignUp failed with error Domain not allowed.")}, InvalidInput},
		{"InitiateAuth", &types.UserLambdaValidationException{Message: s("PreAuthentication failed with error Blocked.")}, InvalidCredentials},
		{"ForgotPassword", &types.LimitExceededException{Message: s("Attempt limit exceeded, please try after some time.")}, TooManyAttempts},
		{"ConfirmForgotPassword", &types.LimitExceededException{Message: s("Attempt limit exceeded, please try after some time.")}, TooManyAttempts},
		{"ConfirmForgotPassword", &types.InvalidPasswordException{Message: s("Password did not conform with policy")}, PasswordRejected},
		{"InitiateAuth", &types.TooManyRequestsException{Message: s("Rate exceeded")}, TooManyAttempts},
		{"InitiateAuth", &types.TooManyFailedAttemptsException{Message: s("x")}, TooManyAttempts},
		{"InitiateAuth", &types.ResourceNotFoundException{Message: s("User pool client abc does not exist.")}, Misconfigured},
		{"InitiateAuth", &types.InvalidLambdaResponseException{Message: s("x")}, Misconfigured},
		{"SignUp", &types.InvalidSmsRoleAccessPolicyException{Message: s("x")}, Misconfigured},
		{"InitiateAuth", &types.InvalidUserPoolConfigurationException{Message: s("x")}, Misconfigured},
		{"AdminGetUser", &types.UserNotFoundException{Message: s("User does not exist.")}, InvalidCredentials},
		{"ConfirmSignUp", &types.CodeMismatchException{Message: s("Invalid verification code provided, please try again.")}, InvalidCode},
	}
	for _, tt := range tests {
		name := tt.op + "/" + tt.err.(smithy.APIError).ErrorCode() + "/" + tt.err.(smithy.APIError).ErrorMessage()
		t.Run(name, func(t *testing.T) {
			if got := Classify(tt.op, nil, sdkErr(tt.op, 400, "r", tt.err)).Kind; got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	// InternalErrorException is a 500.
	if got := Classify("InitiateAuth", nil, sdkErr("InitiateAuth", 500, "r", &types.InternalErrorException{Message: s("Internal error")})); got.Kind != Unavailable || got.HTTPStatus != 500 {
		t.Errorf("InternalErrorException: %v %d", got.Kind, got.HTTPStatus)
	}
}
