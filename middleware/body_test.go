package middleware_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	smithymiddleware "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/maskedauth/maskedauth/middleware"
)

// withContentLength makes the fake answer like Cognito over HTTP: a Content-Length
// and a Date header on every answer.
func withContentLength(f *fakeCognito) httpClientFunc {
	return func(req *http.Request) (*http.Response, error) {
		resp, err := f.Do(req)
		if err == nil {
			resp.Header.Set("Content-Length", strconv.FormatInt(resp.ContentLength, 10))
			resp.Header.Set("Date", "Thu, 26 Nov 2026 12:00:00 GMT")
		}
		return resp, err
	}
}

func names(h http.Header) []string {
	var out []string
	for k := range h {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestInventedAnswerHeaders: the 200 answers the middleware invents carry the body
// it wrote, a Content-Length of that body's length, and the header names of a real
// 200 (no error headers).
func TestInventedAnswerHeaders(t *testing.T) {
	f := newFake(map[string]answer{
		"ForgotPassword":         {400, "UserNotFoundException", "Username/client id combination not found.", ""},
		"ResendConfirmationCode": {400, "UserNotFoundException", "Username/client id combination not found.", ""},
		"InitiateAuth":           {400, "UserNotFoundException", "User does not exist.", ""},
		"SignUp":                 {400, "UsernameExistsException", "User already exists", ""},
	})
	c := fakeClient(nil, func(o *cip.Options) { o.HTTPClient = withContentLength(f) },
		middleware.WithMasking(baseOpts(middleware.WithSimulatedSignUp(nil), middleware.WithoutLatencyFloor())...))
	want := []string{"Content-Length", "Content-Type", "Date", "X-Amzn-Requestid"}
	check := func(what string, md smithymiddleware.Metadata, out any) {
		t.Helper()
		raw, ok := awsmiddleware.GetRawResponse(md).(*smithyhttp.Response)
		if !ok || raw == nil {
			t.Fatalf("%s: no raw response", what)
		}
		if raw.StatusCode != 200 {
			t.Errorf("%s: status %d", what, raw.StatusCode)
		}
		if got := names(raw.Header); !slices.Equal(got, want) {
			t.Errorf("%s: header names %v, want %v", what, got, want)
		}
		// The SDK drains the body after deserializing: compare the length with the
		// output's members as Cognito writes them.
		body, err := json.Marshal(out)
		if err != nil {
			t.Fatal(err)
		}
		if raw.Header.Get("Content-Length") != strconv.Itoa(len(body)) || raw.ContentLength != int64(len(body)) {
			t.Errorf("%s: Content-Length %q (%d), body %s of %d bytes", what, raw.Header.Get("Content-Length"), raw.ContentLength, body, len(body))
		}
	}
	fp, err := c.ForgotPassword(bg, &cip.ForgotPasswordInput{ClientId: aws.String(testClient), Username: aws.String("ghost")})
	if err != nil {
		t.Fatal(err)
	}
	check("ForgotPassword", fp.ResultMetadata, deliveryBody(fp.CodeDeliveryDetails))
	rc, err := c.ResendConfirmationCode(bg, &cip.ResendConfirmationCodeInput{ClientId: aws.String(testClient), Username: aws.String("ghost")})
	if err != nil {
		t.Fatal(err)
	}
	check("ResendConfirmationCode", rc.ResultMetadata, deliveryBody(rc.CodeDeliveryDetails))
	ia, err := c.InitiateAuth(bg, srpInitiate("ghost"))
	if err != nil {
		t.Fatal(err)
	}
	check("InitiateAuth USER_SRP_AUTH", ia.ResultMetadata, map[string]any{"ChallengeName": string(ia.ChallengeName), "ChallengeParameters": ia.ChallengeParameters})
	su, err := c.SignUp(bg, &cip.SignUpInput{ClientId: aws.String(testClient), Username: aws.String("bob"), Password: aws.String("Passw0rd!"),
		UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String("bob@example.com")}}})
	if err != nil {
		t.Fatal(err)
	}
	check("SignUp", su.ResultMetadata, map[string]any{"UserConfirmed": su.UserConfirmed, "UserSub": aws.ToString(su.UserSub), "CodeDeliveryDetails": deliveryBody(su.CodeDeliveryDetails)["CodeDeliveryDetails"]})
}

// deliveryBody is {"CodeDeliveryDetails":{...}} as Cognito writes it.
func deliveryBody(d *types.CodeDeliveryDetailsType) map[string]any {
	return map[string]any{"CodeDeliveryDetails": map[string]string{
		"Destination": aws.ToString(d.Destination), "DeliveryMedium": string(d.DeliveryMedium), "AttributeName": aws.ToString(d.AttributeName)}}
}
