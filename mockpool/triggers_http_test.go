package mockpool_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/mockpool"
)

// fnServer is a trigger function in "another language": it works on the raw JSON.
func fnServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var ev map[string]any
		if err := json.Unmarshal(b, &ev); err != nil {
			http.Error(w, "bad event", http.StatusBadRequest)
			return
		}
		req, _ := ev["request"].(map[string]any)
		attrs, _ := req["userAttributes"].(map[string]any)
		switch attrs["email"] {
		case "error@example.com":
			_, _ = w.Write([]byte(`{"errorMessage":"nope","errorType":"Error"}`)) // Lambda's error shape
			return
		case "garbage@example.com":
			_, _ = w.Write([]byte(`<html>`))
			return
		case "status@example.com":
			http.Error(w, "denied by the HTTP function", http.StatusForbidden)
			return
		}
		if ev["triggerSource"] != "PreSignUp_SignUp" || ev["version"] != "1" {
			http.Error(w, "unexpected header", http.StatusBadRequest)
			return
		}
		ev["response"] = map[string]any{"autoConfirmUser": true, "autoVerifyEmail": true}
		_ = json.NewEncoder(w).Encode(ev)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestHTTPTriggers(t *testing.T) {
	fn := fnServer(t)
	tr, err := mockpool.HTTPTriggers(map[string]string{"PreSignUp": fn.URL}, fn.Client())
	noErr(t, err)
	// WithTriggers gives every new pool these triggers.
	e := newTrigEnv(t, types.PreventUserExistenceErrorTypesEnabled, nil, mockpool.WithTriggers(tr))
	signUp := func(name, addr string) (*cip.SignUpOutput, error) {
		return e.c.SignUp(ctx, &cip.SignUpInput{ClientId: &e.clientID, Username: aws.String(name), Password: aws.String("Passw0rd!"),
			UserAttributes: []types.AttributeType{email(addr)}})
	}
	out, err := signUp("ann", "ann@example.com")
	noErr(t, err)
	if !out.UserConfirmed {
		t.Fatal("the HTTP function's autoConfirmUser was ignored")
	}
	_, err = signUp("err", "error@example.com")
	apiErr(t, err, "UserLambdaValidationException", "PreSignUp failed with error nope.")
	_, err = signUp("sts", "status@example.com")
	apiErr(t, err, "UserLambdaValidationException", "PreSignUp failed with error denied by the HTTP function.")
	_, err = signUp("bad", "garbage@example.com")
	apiErr(t, err, "InvalidLambdaResponseException", "Unrecognizable lambda output")

	closed := httptest.NewServer(http.NotFoundHandler())
	url := closed.URL
	closed.Close()
	down, err := mockpool.HTTPTriggers(map[string]string{"PreSignUp": url}, nil)
	noErr(t, err)
	e.set(down)
	_, err = signUp("dan", "dan@example.com")
	apiErr(t, err, "UnexpectedLambdaException", "PreSignUp invocation failed due to error Socket error while invoking Lambda function.")

	for _, bad := range []map[string]string{{"PreSignin": fn.URL}, {"PreSignUp": "ftp://x"}} {
		if _, err := mockpool.HTTPTriggers(bad, nil); err == nil {
			t.Fatalf("HTTPTriggers accepted %v", bad)
		}
	}
}
