package errorsx

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

func TestClassifyErrorChains(t *testing.T) {
	throttle := &types.TooManyRequestsException{Message: aws.String("Rate exceeded")}
	internal := &types.InternalErrorException{Message: aws.String("Internal error")}
	opErr := func(err error) error {
		return &smithy.OperationError{ServiceID: "Cognito Identity Provider", OperationName: "InitiateAuth", Err: err}
	}
	invalid := &smithy.InvalidParamsError{Context: "InitiateAuthInput"}
	invalid.Add(smithy.NewErrParamRequired("ClientId"))
	tests := []struct {
		name       string
		op         string
		err        error
		want       Kind
		wantStatus int
		wantReqID  string
	}{
		{"typed exception", "InitiateAuth", sdkErr("InitiateAuth", 400, "req-1", &types.UserNotFoundException{Message: aws.String("User does not exist.")}), InvalidCredentials, 400, "req-1"},
		{"retries exhausted on throttle", "InitiateAuth",
			opErr(&retry.MaxAttemptsError{Attempt: 3, Err: sdkErr("InitiateAuth", 400, "req-2", throttle).(*smithy.OperationError).Err}), TooManyAttempts, 400, "req-2"},
		{"retries exhausted on 500", "InitiateAuth",
			opErr(&retry.MaxAttemptsError{Attempt: 3, Err: sdkErr("InitiateAuth", 500, "req-3", internal).(*smithy.OperationError).Err}), Unavailable, 500, "req-3"},
		{"MaxAttemptsError outermost", "InitiateAuth", &retry.MaxAttemptsError{Attempt: 3, Err: sdkErr("InitiateAuth", 400, "req-4", throttle)}, TooManyAttempts, 400, "req-4"},
		{"generic known extra code", "InitiateAuth", sdkErr("InitiateAuth", 400, "r", &smithy.GenericAPIError{Code: "ThrottlingException", Message: "Rate exceeded"}), TooManyAttempts, 400, "r"},
		{"generic unknown code 400", "InitiateAuth", sdkErr("InitiateAuth", 400, "r", &smithy.GenericAPIError{Code: "BrandNewException", Fault: smithy.FaultClient}), InvalidInput, 400, "r"},
		{"generic unknown code 503", "InitiateAuth", sdkErr("InitiateAuth", 503, "r", &smithy.GenericAPIError{Code: "BrandNewException"}), Unavailable, 503, "r"},
		{"generic unknown code 429", "InitiateAuth", sdkErr("InitiateAuth", 429, "r", &smithy.GenericAPIError{Code: "BrandNewException"}), TooManyAttempts, 429, "r"},
		{"generic unknown code, server fault, no status", "InitiateAuth", &smithy.GenericAPIError{Code: "X", Fault: smithy.FaultServer}, Unavailable, 0, ""},
		{"generic code not modeled by the operation", "ForgotPassword", sdkErr("ForgotPassword", 400, "r", &smithy.GenericAPIError{Code: "UserNotFoundException", Message: "Username/client id combination not found."}), CodeSent, 200, "r"},
		{"smithyhttp.ResponseError alone", "InitiateAuth", &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: 400}}, Err: throttle}, TooManyAttempts, 400, ""},
		{"context canceled", "InitiateAuth", opErr(&smithy.CanceledError{Err: context.Canceled}), Unavailable, 0, ""},
		{"deadline exceeded", "InitiateAuth", opErr(fmt.Errorf("send: %w", context.DeadlineExceeded)), Unavailable, 0, ""},
		{"bare context error", "SignUp", context.Canceled, Unavailable, 0, ""},
		{"DNS", "InitiateAuth", opErr(&smithyhttp.RequestSendError{Err: &net.DNSError{Err: "no such host", Name: "cognito-idp.example", IsNotFound: true}}), Unavailable, 0, ""},
		{"connection refused", "InitiateAuth", opErr(&smithyhttp.RequestSendError{Err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}}), Unavailable, 0, ""},
		{"deserialization", "InitiateAuth", opErr(&smithy.DeserializationError{Err: errors.New("bad json")}), Unavailable, 0, ""},
		{"plain error", "InitiateAuth", errors.New("boom"), Unavailable, 0, ""},
		{"input validation", "InitiateAuth", opErr(invalid), InvalidInput, 0, ""},
		{"errors.Join", "InitiateAuth", errors.Join(errors.New("other"), sdkErr("InitiateAuth", 400, "j", &types.NotAuthorizedException{Message: aws.String("Incorrect username or password.")})), InvalidCredentials, 400, "j"},
		{"nil inner ResponseError", "InitiateAuth", opErr(&awsResponseErrorNil), Unavailable, 0, "nil-inner"},
		{"typed nil exception", "InitiateAuth", sdkErr("InitiateAuth", 400, "r", (*types.UserNotFoundException)(nil)), Unavailable, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Classify(tt.op, nil, tt.err)
			if r.Kind != tt.want {
				t.Errorf("kind %v, want %v", r.Kind, tt.want)
			}
			if r.HTTPStatus != tt.wantStatus {
				t.Errorf("status %d, want %d", r.HTTPStatus, tt.wantStatus)
			}
			if r.RequestID != tt.wantReqID && tt.name != "typed nil exception" {
				t.Errorf("request id %q, want %q", r.RequestID, tt.wantReqID)
			}
			if r.Cause != tt.err {
				t.Errorf("Cause %v is not the original error", r.Cause)
			}
			if r.Operation != tt.op {
				t.Errorf("Operation %q", r.Operation)
			}
			if r.Message != KindMessage(r.Kind) {
				t.Errorf("Message %+v, want %+v", r.Message, KindMessage(r.Kind))
			}
		})
	}
}

var awsResponseErrorNil = awsResponseError("nil-inner")

func TestErrorForm(t *testing.T) {
	err := sdkErr("InitiateAuth", 400, "req-9", &types.UserNotFoundException{Message: aws.String("User does not exist.")})
	r := Classify("InitiateAuth", nil, err)
	e := AsError(r)
	if e == nil {
		t.Fatal("AsError(failure) = nil")
	}
	if got := e.Error(); got != "errorsx: InitiateAuth: auth.invalid_credentials" {
		t.Errorf("Error() = %q", got)
	}
	for _, leak := range []string{"User does not exist", "UserNotFound", "req-9"} {
		if strings.Contains(e.Error(), leak) || strings.Contains(r.String(), "does not exist") {
			t.Errorf("error text leaks %q: %q / %q", leak, e.Error(), r.String())
		}
	}
	var nf *types.UserNotFoundException
	if !errors.As(e, &nf) || nf.ErrorMessage() != "User does not exist." {
		t.Errorf("errors.As through *Error to *types.UserNotFoundException failed")
	}
	var na *types.NotAuthorizedException
	if errors.As(e, &na) {
		t.Errorf("errors.As found a NotAuthorizedException that is not there")
	}
	wrapped := fmt.Errorf("login: %w", e)
	got, ok := From(wrapped)
	if !ok || !reflect.DeepEqual(got, r) {
		t.Errorf("From = %+v, %v", got, ok)
	}
	if _, ok := From(err); ok {
		t.Error("From found an *Error in a raw SDK error")
	}
	if _, ok := From(nil); ok {
		t.Error("From(nil) ok")
	}
	// An *Error in the chain is returned as is.
	if again := Classify("SignUp", nil, wrapped); !reflect.DeepEqual(again, r) {
		t.Errorf("reclassify = %+v", again)
	}
	if r.CognitoCode() != "UserNotFoundException" || (Result{Cause: wrapped}).CognitoCode() != "UserNotFoundException" {
		t.Errorf("CognitoCode %q", r.CognitoCode())
	}
	// An empty operation is taken from the SDK's OperationError.
	if got := Classify("", nil, err); got.Operation != "InitiateAuth" {
		t.Errorf("operation from OperationError: %q", got.Operation)
	}
	// Context errors stay visible.
	ce := Classify("SignUp", nil, fmt.Errorf("x: %w", context.Canceled)).Err()
	if !errors.Is(ce, context.Canceled) {
		t.Error("errors.Is(context.Canceled) lost")
	}
	for _, k := range []Kind{SignedIn, NextStep, CodeSent, Done} {
		if AsError(NewResult("X", k)) != nil {
			t.Errorf("AsError(%v) != nil", k)
		}
	}
	if AsError(Result{}) == nil {
		t.Error("a zero Result must be a failure")
	}
	if got := (&Error{}).Error(); got != "errorsx: Kind(0)" {
		t.Errorf("zero Error() = %q", got)
	}
}

func withRequestID(id string) middleware.Metadata {
	var md middleware.Metadata
	awsmiddleware.SetRequestIDMetadata(&md, id)
	return md
}

func TestClassifyOutputs(t *testing.T) {
	md := withRequestID("ok-1")
	ar := &types.AuthenticationResultType{
		AccessToken: aws.String("acc"), IdToken: aws.String("id"), RefreshToken: aws.String("ref"),
		TokenType: aws.String("Bearer"), ExpiresIn: 3600,
		NewDeviceMetadata: &types.NewDeviceMetadataType{DeviceKey: aws.String("us-east-1_dk"), DeviceGroupKey: aws.String("gk")},
	}
	r := Classify("InitiateAuth", &cip.InitiateAuthOutput{AuthenticationResult: ar, ResultMetadata: md}, nil)
	want := Result{Operation: "InitiateAuth", Kind: SignedIn, Message: KindMessage(SignedIn), RequestID: "ok-1", HTTPStatus: 200,
		Tokens: &Tokens{AccessToken: "acc", IDToken: "id", RefreshToken: "ref", TokenType: "Bearer", ExpiresIn: time.Hour,
			NewDevice: &DeviceMetadata{DeviceKey: "us-east-1_dk", DeviceGroupKey: "gk"}}}
	if !reflect.DeepEqual(r, want) {
		t.Errorf("SignedIn:\n got %+v\nwant %+v", r, want)
	}
	if s := fmt.Sprintf("%v %+v %#v %s", r, *r.Tokens, r.Tokens, r); strings.Contains(s, "acc") || strings.Contains(s, "ref") {
		t.Errorf("printing leaks tokens: %s", s)
	}

	for _, out := range []any{
		&cip.AdminInitiateAuthOutput{AuthenticationResult: ar},
		&cip.RespondToAuthChallengeOutput{AuthenticationResult: ar},
		&cip.AdminRespondToAuthChallengeOutput{AuthenticationResult: ar},
		&cip.GetTokensFromRefreshTokenOutput{AuthenticationResult: ar},
	} {
		if r := Classify("", out, nil); r.Kind != SignedIn || r.Tokens == nil || r.Tokens.ExpiresIn != time.Hour {
			t.Errorf("%T: %+v", out, r)
		}
	}

	done := []any{
		&cip.ConfirmSignUpOutput{ResultMetadata: md}, &cip.ConfirmForgotPasswordOutput{ResultMetadata: md},
		&cip.ChangePasswordOutput{ResultMetadata: md}, &cip.AdminCreateUserOutput{ResultMetadata: md},
		&cip.SignUpOutput{UserConfirmed: true, ResultMetadata: md}, &cip.VerifyUserAttributeOutput{ResultMetadata: md},
		&cip.UpdateUserAttributesOutput{ResultMetadata: md}, &cip.VerifySoftwareTokenOutput{Status: types.VerifySoftwareTokenResponseTypeSuccess, ResultMetadata: md},
		&cip.AdminConfirmSignUpOutput{ResultMetadata: md}, &cip.AdminSetUserPasswordOutput{ResultMetadata: md},
		&cip.AdminResetUserPasswordOutput{ResultMetadata: md}, &cip.AssociateSoftwareTokenOutput{ResultMetadata: md},
		&cip.ConfirmDeviceOutput{ResultMetadata: md}, &cip.GlobalSignOutOutput{ResultMetadata: md}, &cip.RevokeTokenOutput{ResultMetadata: md},
	}
	for _, out := range done {
		r := Classify("", out, nil)
		if r.Kind != Done || r.RequestID != "ok-1" || r.HTTPStatus != 200 || r.Message.Key != "auth.done" {
			t.Errorf("%T: %+v", out, r)
		}
	}
	for _, out := range []any{nil, (*cip.InitiateAuthOutput)(nil), (*cip.SignUpOutput)(nil), &cip.AdminGetUserOutput{}, "something"} {
		if r := Classify("", out, nil); r.Kind != Done {
			t.Errorf("%T: %+v", out, r)
		}
	}
	if r := Classify("VerifySoftwareToken", &cip.VerifySoftwareTokenOutput{Status: types.VerifySoftwareTokenResponseTypeError}, nil); r.Kind != InvalidCode {
		t.Errorf("VerifySoftwareToken ERROR: %v", r.Kind)
	}

	sent := []any{
		&cip.SignUpOutput{UserConfirmed: false, CodeDeliveryDetails: details("EMAIL", "a***@e***", "email"), ResultMetadata: md},
		&cip.ResendConfirmationCodeOutput{CodeDeliveryDetails: details("EMAIL", "a***@e***", "email"), ResultMetadata: md},
		&cip.ForgotPasswordOutput{CodeDeliveryDetails: details("EMAIL", "a***@e***", "email"), ResultMetadata: md},
		&cip.GetUserAttributeVerificationCodeOutput{CodeDeliveryDetails: details("EMAIL", "a***@e***", "email"), ResultMetadata: md},
		&cip.UpdateUserAttributesOutput{CodeDeliveryDetailsList: []types.CodeDeliveryDetailsType{*details("EMAIL", "a***@e***", "email")}, ResultMetadata: md},
	}
	wantD := &Delivery{Medium: MediumEmail, Destination: "a***@e***", AttributeName: "email"}
	for _, out := range sent {
		r := Classify("", out, nil)
		if r.Kind != CodeSent || !reflect.DeepEqual(r.Delivery, wantD) || r.RequestID != "ok-1" || r.Message.Key != "auth.code_sent" {
			t.Errorf("%T: %+v", out, r)
		}
	}
}

func TestClassifyChallenges(t *testing.T) {
	tests := []struct {
		name   string
		params map[string]string
		avail  []types.ChallengeNameType
		key    string
		check  func(*Challenge) bool
		deliv  *Delivery
	}{
		{"SMS_MFA", map[string]string{"CODE_DELIVERY_DELIVERY_MEDIUM": "SMS", "CODE_DELIVERY_DESTINATION": "+********1234", "USERNAME": "u-1"}, nil,
			"auth.challenge.sms_mfa", func(c *Challenge) bool { return c.MFA == MFASMS && c.Username == "u-1" },
			&Delivery{Medium: MediumSMS, Destination: "+********1234", AttributeName: "phone_number"}},
		{"EMAIL_OTP", map[string]string{"CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL", "CODE_DELIVERY_DESTINATION": "a***@e***"}, nil,
			"auth.challenge.email_otp", func(c *Challenge) bool { return c.MFA == MFAEmail },
			&Delivery{Medium: MediumEmail, Destination: "a***@e***", AttributeName: "email"}},
		{"SOFTWARE_TOKEN_MFA", map[string]string{}, nil, "auth.challenge.software_token_mfa", func(c *Challenge) bool { return c.MFA == MFATOTP }, nil},
		{"SELECT_MFA_TYPE", map[string]string{"MFAS_CAN_CHOOSE": `["SMS_MFA","SOFTWARE_TOKEN_MFA"]`}, nil, "auth.challenge.select_mfa_type",
			func(c *Challenge) bool {
				return reflect.DeepEqual(c.MFAsCanChoose, []string{"SMS_MFA", "SOFTWARE_TOKEN_MFA"})
			}, nil},
		{"MFA_SETUP", map[string]string{"MFAS_CAN_SETUP": `["SOFTWARE_TOKEN_MFA"]`}, nil, "auth.challenge.mfa_setup",
			func(c *Challenge) bool { return reflect.DeepEqual(c.MFAsCanSetup, []string{"SOFTWARE_TOKEN_MFA"}) }, nil},
		{"NEW_PASSWORD_REQUIRED", map[string]string{"requiredAttributes": `["userAttributes.name","userAttributes.family_name"]`, "userAttributes": `{"email_verified":"true","email":"a@example.com"}`}, nil,
			"auth.challenge.new_password_required", func(c *Challenge) bool {
				return reflect.DeepEqual(c.RequiredAttributes, []string{"name", "family_name"}) && c.UserAttributes["email"] == "a@example.com"
			}, nil},
		{"NEW_PASSWORD_REQUIRED", map[string]string{"requiredAttributes": `[]`, "userAttributes": `{"email_verified":true,"n":null}`}, nil,
			"auth.challenge.new_password_required", func(c *Challenge) bool {
				return len(c.RequiredAttributes) == 0 && c.UserAttributes["email_verified"] == "true"
			}, nil},
		{"PASSWORD_VERIFIER", map[string]string{"USERNAME": "abc", "USER_ID_FOR_SRP": "abc", "SALT": "00", "SRP_B": "ff", "SECRET_BLOCK": "sb"}, nil,
			"auth.challenge.password_verifier", func(c *Challenge) bool { return c.UserIDForSRP == "abc" && c.Parameters["SRP_B"] == "ff" }, nil},
		{"SELECT_CHALLENGE", map[string]string{}, []types.ChallengeNameType{"PASSWORD_SRP", "EMAIL_OTP"}, "auth.challenge.select_challenge",
			func(c *Challenge) bool { return reflect.DeepEqual(c.Available, []string{"PASSWORD_SRP", "EMAIL_OTP"}) }, nil},
		{"SOME_FUTURE_CHALLENGE", map[string]string{"MFAS_CAN_CHOOSE": "not json"}, nil, "auth.next_step", func(c *Challenge) bool { return c.MFAsCanChoose == nil }, nil},
		{"SELECT_MFA_TYPE", map[string]string{"MFAS_CAN_CHOOSE": "not json"}, nil, "auth.challenge.select_mfa_type", func(c *Challenge) bool { return c.MFAsCanChoose == nil }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := &cip.InitiateAuthOutput{ChallengeName: types.ChallengeNameType(tt.name), ChallengeParameters: tt.params,
				Session: aws.String("sess"), AvailableChallenges: tt.avail, ResultMetadata: withRequestID("c-1")}
			r := Classify("InitiateAuth", out, nil)
			if r.Kind != NextStep || r.Challenge == nil || r.Challenge.Name != tt.name || r.Challenge.Session != "sess" || r.RequestID != "c-1" {
				t.Fatalf("%+v", r)
			}
			if r.Message.Key != tt.key {
				t.Errorf("key %q, want %q", r.Message.Key, tt.key)
			}
			if !tt.check(r.Challenge) {
				t.Errorf("challenge %+v", *r.Challenge)
			}
			if !reflect.DeepEqual(r.Delivery, tt.deliv) {
				t.Errorf("delivery %+v, want %+v", r.Delivery, tt.deliv)
			}
			if strings.Contains(r.String(), "sess") {
				t.Errorf("String leaks the session: %s", r)
			}
			b, _ := r.MarshalJSON()
			if strings.Contains(string(b), "sess") {
				t.Errorf("MarshalJSON leaks the session: %s", b)
			}
		})
	}
}

// TestChallengeNamesHaveMessages fails when the SDK gains a challenge name
// the message table has no key for.
func TestChallengeNamesHaveMessages(t *testing.T) {
	for _, name := range types.ChallengeNameType("").Values() {
		if m := ChallengeMessage(string(name)); m.Key == "auth.next_step" || m.Text == "" {
			t.Errorf("challenge %s has no message key", name)
		}
	}
}

func TestNewResult(t *testing.T) {
	for _, k := range Kinds() {
		r := NewResult("ForgotPassword", k)
		if r.Message != KindMessage(k) || r.Message.Key == "" || r.Operation != "ForgotPassword" {
			t.Errorf("%v: %+v", k, r)
		}
		want := 400
		switch {
		case k.Success():
			want = 200
		case k == Unavailable:
			want = 500
		}
		if r.HTTPStatus != want {
			t.Errorf("%v: status %d", k, r.HTTPStatus)
		}
	}
	// A simulated delivery equals a real one but for the destination.
	sim := NewResult("ForgotPassword", CodeSent)
	sim.Delivery = &Delivery{Medium: MediumEmail, Destination: "x***@y***", AttributeName: "email"}
	real := Classify("ForgotPassword", &cip.ForgotPasswordOutput{CodeDeliveryDetails: details("EMAIL", "a***@e***", "email")}, nil)
	real.Delivery.Destination = "x***@y***"
	if !reflect.DeepEqual(sim, real) {
		t.Errorf("simulated %+v\nreal %+v", sim, real)
	}
	c := NewChallenge("InitiateAuth", "SMS_MFA", "s", map[string]string{"CODE_DELIVERY_DESTINATION": "+****1234", "CODE_DELIVERY_DELIVERY_MEDIUM": "SMS"})
	if c.Kind != NextStep || c.Delivery == nil || c.Delivery.AttributeName != "phone_number" || c.Message.Key != "auth.challenge.sms_mfa" {
		t.Errorf("NewChallenge: %+v", c)
	}
}

func TestKind(t *testing.T) {
	if len(Kinds()) != 14 {
		t.Fatalf("%d kinds", len(Kinds()))
	}
	for _, k := range Kinds() {
		b, _ := k.MarshalText()
		var back Kind
		if err := back.UnmarshalText(b); err != nil || back != k {
			t.Errorf("%v: round trip %v %v", k, back, err)
		}
		if !k.Valid() {
			t.Errorf("%v invalid", k)
		}
	}
	var k Kind
	if k.Valid() || k.Success() || k.String() != "Kind(0)" || Kind(200).String() != "Kind(invalid)" {
		t.Error("zero / invalid kind")
	}
	if err := k.UnmarshalText([]byte("Nope")); err == nil {
		t.Error("UnmarshalText accepted an unknown name")
	}
}
