package errorsx_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/maskedauth/maskedauth/errorsx"
)

// cognitoError builds the error an SDK call returns for a Cognito error
// answer.
func cognitoError(op string, apiErr error) error {
	return &smithy.OperationError{
		ServiceID:     "Cognito Identity Provider",
		OperationName: op,
		Err: &awshttp.ResponseError{
			ResponseError: &smithyhttp.ResponseError{
				Response: &smithyhttp.Response{Response: &http.Response{StatusCode: 400}},
				Err:      apiErr,
			},
			RequestID: "5b4b2c4e-0000-4000-8000-000000000000",
		},
	}
}

// An unknown user and a wrong password give the same Result.
func ExampleClassify() {
	unknown := cognitoError("InitiateAuth", &types.UserNotFoundException{Message: aws.String("User does not exist.")})
	wrong := cognitoError("InitiateAuth", &types.NotAuthorizedException{Message: aws.String("Incorrect username or password.")})

	for _, err := range []error{unknown, wrong} {
		r := errorsx.Classify("InitiateAuth", nil, err)
		fmt.Println(r.Kind, r.Message.Key, r.Message.Text, r.HTTPStatus)
	}

	// The error form hides Cognito's text but keeps the SDK's error types.
	err := errorsx.AsError(errorsx.Classify("InitiateAuth", nil, unknown))
	var nf *types.UserNotFoundException
	fmt.Println(err, errors.As(err, &nf))
	// Output:
	// InvalidCredentials auth.invalid_credentials Incorrect username or password. 400
	// InvalidCredentials auth.invalid_credentials Incorrect username or password. 400
	// errorsx: InitiateAuth: auth.invalid_credentials true
}

// A challenge gives NextStep with what the app needs for the next call.
func ExampleClassify_challenge() {
	out := &cip.InitiateAuthOutput{
		ChallengeName: types.ChallengeNameTypeSmsMfa,
		Session:       aws.String("session-token"),
		ChallengeParameters: map[string]string{
			"USERNAME":                      "alice",
			"CODE_DELIVERY_DELIVERY_MEDIUM": "SMS",
			"CODE_DELIVERY_DESTINATION":     "+********1234",
		},
	}
	r := errorsx.Classify("InitiateAuth", out, nil)
	fmt.Println(r.Kind, r.Challenge.Name, r.Challenge.MFA, r.Challenge.Username)
	fmt.Println(r.Delivery.Medium, r.Delivery.Destination, r.Delivery.AttributeName)
	fmt.Println(r.Message.Text)
	// Output:
	// NextStep SMS_MFA SMS alice
	// SMS +********1234 phone_number
	// Enter the code we sent you by text message.
}

// On ForgotPassword a LEGACY "user not found" becomes the answer of a real
// delivery.
func ExampleClassify_forgotPassword() {
	err := cognitoError("ForgotPassword", &types.UserNotFoundException{Message: aws.String("Username/client id combination not found.")})
	r := errorsx.Classify("ForgotPassword", nil, err)
	fmt.Println(r.Kind, r.HTTPStatus, r.Err() == nil)
	fmt.Println(r.Message.Text)
	// Output:
	// CodeSent 200 true
	// If an account matches what you entered, we sent it a code. Check your messages.
}

// Applications translate or replace texts with a JSON catalog.
func ExampleParseCatalog() {
	catalog, err := errorsx.ParseCatalog([]byte(`{
		"auth.invalid_credentials": "E-mail ou mot de passe incorrect.",
		"auth.too_many_attempts": "Trop de tentatives. Réessayez plus tard."
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	r := errorsx.NewResult("InitiateAuth", errorsx.InvalidCredentials)
	fmt.Println(catalog.Localize(r).Message.Text)
	fmt.Println(catalog.Text("auth.unavailable")) // not overridden: the default

	_, err = errorsx.ParseCatalog([]byte(`{"auth.wrong_key": "x"}`))
	fmt.Println(err)
	// Output:
	// E-mail ou mot de passe incorrect.
	// The service is temporarily unavailable. Try again in a moment.
	// errorsx: catalog: unknown message key "auth.wrong_key" (see DefaultCatalog().Keys())
}

// A handler answers its own client in one line; the problem never carries
// Cognito's message.
func ExampleWriteProblem() {
	err := cognitoError("InitiateAuth", &types.UserNotFoundException{Message: aws.String("User does not exist.")})
	r := errorsx.Classify("InitiateAuth", nil, err)

	rec := httptest.NewRecorder()
	errorsx.WriteProblem(rec, r)
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	fmt.Print(rec.Body.String())
	fmt.Println(strings.Contains(rec.Body.String(), "does not exist"))
	// Output:
	// 401 application/problem+json
	// {"type":"urn:maskedauth:auth.invalid_credentials","title":"Incorrect username or password.","status":401,"code":"auth.invalid_credentials","kind":"InvalidCredentials"}
	// false
}

// WriteJSON answers successes too: a code delivery with where it went.
func ExampleWriteJSON() {
	out := &cip.ForgotPasswordOutput{CodeDeliveryDetails: &types.CodeDeliveryDetailsType{
		DeliveryMedium: types.DeliveryMediumTypeEmail,
		Destination:    aws.String("a***@e***"),
		AttributeName:  aws.String("email"),
	}}
	rec := httptest.NewRecorder()
	errorsx.WriteJSON(rec, errorsx.Classify("ForgotPassword", out, nil))
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	fmt.Print(rec.Body.String())
	// Output:
	// 202 application/json
	// {"type":"urn:maskedauth:auth.code_sent","title":"If an account matches what you entered, we sent it a code. Check your messages.","status":202,"code":"auth.code_sent","kind":"CodeSent","delivery":{"medium":"EMAIL","destination":"a***@e***","attributeName":"email"}}
}

// Find the Result again further up the call stack.
func ExampleFrom() {
	r := errorsx.NewResult("ConfirmSignUp", errorsx.InvalidCode)
	err := fmt.Errorf("confirm: %w", r.Err())
	if got, ok := errorsx.From(err); ok {
		fmt.Println(got.Kind, got.SuggestedStatus())
	}
	// Output:
	// InvalidCode 400
}
