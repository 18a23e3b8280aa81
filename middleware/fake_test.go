package middleware_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/smithy-go"
)

// answer is a canned Cognito answer.
type answer struct {
	status int
	code   string // error code; empty for success
	msg    string
	body   string // success body; default "{}"
}

// fakeCognito is a smithy HTTPClient answering each operation with a canned answer
// and counting the calls per operation. It is cheap, so benchmarks measure the
// stack, not the transport.
type fakeCognito struct {
	mu      sync.Mutex
	answers map[string]answer
	calls   map[string]int
	n       int
}

func newFake(answers map[string]answer) *fakeCognito {
	return &fakeCognito{answers: answers, calls: map[string]int{}}
}

func (f *fakeCognito) count(op string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[op]
}

func (f *fakeCognito) Do(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	op := strings.TrimPrefix(req.Header.Get("X-Amz-Target"), "AWSCognitoIdentityProviderService.")
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	f.mu.Lock()
	a, ok := f.answers[op]
	f.calls[op]++
	f.n++
	n := f.n
	f.mu.Unlock()
	if !ok {
		a = answer{status: 400, code: "UnknownOperationException", msg: "no canned answer"}
	}
	h := http.Header{}
	h.Set("Content-Type", "application/x-amz-json-1.1")
	h.Set("X-Amzn-Requestid", "req-"+strconv.Itoa(n))
	body := a.body
	status := a.status
	if status == 0 {
		status = 200
	}
	if a.code != "" {
		h.Set("X-Amzn-Errortype", a.code+":")
		h.Set("X-Amzn-Errormessage", a.msg)
		body = `{"__type":"` + a.code + `","message":"` + a.msg + `"}`
	} else if body == "" {
		body = "{}"
	}
	return &http.Response{
		Status: strconv.Itoa(status) + " " + http.StatusText(status), StatusCode: status,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Body: io.NopCloser(bytes.NewReader([]byte(body))),
		ContentLength: int64(len(body)), Request: req,
	}, nil
}

// fakeClient returns an SDK client on f with no retries, plus optFns.
func fakeClient(f *fakeCognito, optFns ...func(*cip.Options)) *cip.Client {
	o := cip.Options{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDFAKE", "fake", ""),
		HTTPClient:       f,
		BaseEndpoint:     aws.String("http://cognito.invalid"),
		RetryMaxAttempts: 1,
	}
	return cip.New(o, optFns...)
}

// fastRetries makes the client retry up to n attempts without waiting.
func fastRetries(n int) func(*cip.Options) {
	return func(o *cip.Options) {
		o.RetryMaxAttempts = 0
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
			so.MaxAttempts = n
			so.Backoff = noBackoff{}
			so.RateLimiter = ratelimit.None
		})
	}
}

type noBackoff struct{}

func (noBackoff) BackoffDelay(int, error) (time.Duration, error) { return 0, nil }

// apiError checks that err carries the API error code and msg, and returns the
// HTTP status and request id of the response shell.
func apiError(t testing.TB, err error, code, msg string) (int, string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v: no smithy.APIError in the chain", err)
	}
	if ae.ErrorCode() != code || ae.ErrorMessage() != msg {
		t.Fatalf("error = %s %q, want %s %q", ae.ErrorCode(), ae.ErrorMessage(), code, msg)
	}
	var re *awshttp.ResponseError
	if !errors.As(err, &re) {
		t.Fatalf("error %v: no *awshttp.ResponseError shell", err)
	}
	return re.HTTPStatusCode(), re.ServiceRequestID()
}

var bg = context.Background()
