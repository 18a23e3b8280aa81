package mockpool

import (
	"bytes"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// FuzzHTTPTriggerAnswer feeds arbitrary answers of an HTTP trigger (untrusted input) to
// the decoder: it never panics, and every failure is one of the trigger errors.
func FuzzHTTPTriggerAnswer(f *testing.F) {
	for _, seed := range []string{`{"response":{"autoConfirmUser":true}}`, `{"errorMessage":"nope"}`, `{"errorMessage":null}`,
		`<html>`, ``, `[]`, `{"response":{"autoConfirmUser":"yes"}}`, `{"request":{"userAttributes":{"a":1}}}`} {
		f.Add(seed, 200)
		f.Add(seed, 500)
	}
	f.Fuzz(func(t *testing.T, body string, status int) {
		if status < 100 || status > 999 {
			status = 200
		}
		client := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: status, Status: http.StatusText(status), Body: io.NopCloser(bytes.NewReader([]byte(body))),
				Header: http.Header{}, Request: r}, nil
		})}
		fn := httpTrigger[eventPreSignUp](client, "http://127.0.0.1:1/fn")
		_, te := invoke(t.Context(), time.Second, fn, eventPreSignUp{})
		if te != nil {
			e := te.apiError("PreSignUp")
			switch e.Code {
			case cognito.CodeUserLambdaValidation, cognito.CodeInvalidLambdaResponse, cognito.CodeUnexpectedLambda:
			default:
				t.Fatalf("unexpected error %v", e)
			}
		}
	})
}
