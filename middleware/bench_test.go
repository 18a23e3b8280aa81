package middleware_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	smithymiddleware "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/maskedauth/maskedauth/middleware"
)

// staticHTTP answers every request with the same canned response: the transport
// costs the same with and without the middleware.
type staticHTTP struct {
	status int
	header http.Header
	body   []byte
}

func newStatic(status int, code, msg, body string) *staticHTTP {
	h := http.Header{}
	h.Set("Content-Type", "application/x-amz-json-1.1")
	h.Set("X-Amzn-Requestid", "11111111-2222-4333-8444-555555555555")
	if code != "" {
		h.Set("X-Amzn-Errortype", code+":")
		h.Set("X-Amzn-Errormessage", msg)
		body = `{"__type":"` + code + `","message":"` + msg + `"}`
	}
	return &staticHTTP{status: status, header: h, body: []byte(body)}
}

func (s *staticHTTP) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close()
	}
	return &http.Response{
		StatusCode: s.status, Header: s.header.Clone(),
		Body: io.NopCloser(bytes.NewReader(s.body)), ContentLength: int64(len(s.body)), Request: req,
	}, nil
}

var benchCases = []struct {
	name string
	http *staticHTTP
}{
	{"success", newStatic(200, "", "", `{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","RefreshToken":"r","ExpiresIn":3600,"TokenType":"Bearer"}}`)},
	{"wrong-password", newStatic(400, "NotAuthorizedException", "Incorrect username or password.", "")},
	{"unknown-user-masked", newStatic(400, "UserNotFoundException", "User does not exist.", "")},
}

// benchClients returns the clients without and with the middleware. The
// middleware's latency floor computes its holds but does not wait (a no-op
// Sleep): the benchmarks measure the middleware's work, not the floor it holds
// answers to (which is its purpose, and a property of the traffic).
func benchClients(b testing.TB, h *staticHTTP) (without, with *cip.Client) {
	m, err := middleware.New(baseOpts(middleware.WithSleep(func(context.Context, time.Duration) error { return nil }))...)
	if err != nil {
		b.Fatal(err)
	}
	opt := func(o *cip.Options) { o.HTTPClient = h }
	return fakeClient(nil, opt), fakeClient(nil, opt, m.ClientOption())
}

// BenchmarkMiddleware measures InitiateAuth (USER_PASSWORD_AUTH) through the whole
// SDK stack with a trivial in-memory transport, without and with the middleware,
// in one run: the difference is the middleware's cost per call.
func BenchmarkMiddleware(b *testing.B) {
	in := passwordAuth("alice", "Passw0rd!")
	for _, bc := range benchCases {
		without, with := benchClients(b, bc.http)
		for _, v := range []struct {
			name string
			c    *cip.Client
		}{{"without", without}, {"with", with}} {
			b.Run(bc.name+"/"+v.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					_, _ = v.c.InitiateAuth(bg, in)
				}
			})
		}
	}
}

// BenchmarkMiddlewareDelta runs the calls without and with the middleware
// interleaved, so load on the machine hits both alike, and reports the difference
// per call as delta-ns/op (ns/op is the sum of both calls).
func BenchmarkMiddlewareDelta(b *testing.B) {
	in := passwordAuth("alice", "Passw0rd!")
	for _, bc := range benchCases {
		without, with := benchClients(b, bc.http)
		b.Run(bc.name, func(b *testing.B) {
			var tWithout, tWith time.Duration
			n := 0
			for b.Loop() {
				t0 := time.Now()
				_, _ = without.InitiateAuth(bg, in)
				t1 := time.Now()
				_, _ = with.InitiateAuth(bg, in)
				t2 := time.Now()
				tWithout += t1.Sub(t0)
				tWith += t2.Sub(t1)
				n++
			}
			b.ReportMetric(float64(tWithout.Nanoseconds())/float64(n), "without-ns/op")
			b.ReportMetric(float64(tWith.Nanoseconds())/float64(n), "with-ns/op")
			b.ReportMetric(float64((tWith-tWithout).Nanoseconds())/float64(n), "delta-ns/op")
		})
	}
}

// TestAllocationBudget checks the middleware's allocations per call (not its
// speed): at most 5 on top of the SDK call. Three are the SDK stack's own growth
// when the two middlewares are added to it (Register), two the smithy stack value
// that carries the parsed call to the Deserialize step (WithStackValue: its node
// and its context); the parsed call itself is pooled.
func TestAllocationBudget(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("short, or the race detector (it makes sync.Pool drop items)")
	}
	in := passwordAuth("alice", "Passw0rd!")
	for _, bc := range benchCases {
		without, with := benchClients(t, bc.http)
		base := testing.AllocsPerRun(200, func() { _, _ = without.InitiateAuth(bg, in) })
		got := testing.AllocsPerRun(200, func() { _, _ = with.InitiateAuth(bg, in) })
		t.Logf("%s: %.0f allocs without, %.0f with (+%.0f)", bc.name, base, got, got-base)
		const limit = 5.0
		if got-base > limit {
			t.Errorf("%s: +%.0f allocations per call, budget %.0f", bc.name, got-base, limit)
		}
	}
}

// terminal is the transport of BenchmarkHandlers: it returns a canned response.
type terminal struct{ resp *smithyhttp.Response }

func (t terminal) Handle(context.Context, any) (any, smithymiddleware.Metadata, error) {
	return t.resp, smithymiddleware.Metadata{}, nil
}

// passDeserialize stands for an SDK deserialize middleware; the one named
// "OperationDeserializer" answers with out or err.
type passDeserialize struct {
	id  string
	out any
	err error
}

func (p passDeserialize) ID() string { return p.id }

func (p passDeserialize) HandleDeserialize(ctx context.Context, in smithymiddleware.DeserializeInput, next smithymiddleware.DeserializeHandler) (
	smithymiddleware.DeserializeOutput, smithymiddleware.Metadata, error,
) {
	out, md, err := next.HandleDeserialize(ctx, in)
	if p.id == "OperationDeserializer" {
		if p.err != nil {
			return out, md, p.err
		}
		out.Result = p.out
	}
	return out, md, err
}

// BenchmarkHandlers isolates the middleware: a bare smithy stack with stand-ins
// for the SDK's deserializers and a canned transport, built per call as the SDK
// does, without and with Register. The difference is the middleware's own cost
// (registration, both handlers, classification, latency bookkeeping).
func BenchmarkHandlers(b *testing.B) {
	// The floor's wait is not the handlers' work: a no-op Sleep keeps the
	// bookkeeping and drops the hold (a masked answer's class has not learned here).
	m, err := middleware.New(baseOpts(middleware.WithSleep(func(context.Context, time.Duration) error { return nil }))...)
	if err != nil {
		b.Fatal(err)
	}
	resp := &smithyhttp.Response{Response: &http.Response{StatusCode: 400, Header: http.Header{}}}
	params := passwordAuth("alice", "Passw0rd!")
	cases := []struct {
		name string
		out  any
		err  error
	}{
		{"success", &cip.InitiateAuthOutput{AuthenticationResult: &types.AuthenticationResultType{AccessToken: aws.String("a")}}, nil},
		{"wrong-password", nil, &types.NotAuthorizedException{Message: aws.String(middleware.MsgIncorrect)}},
		{"unknown-user-masked", nil, &types.UserNotFoundException{Message: aws.String("User does not exist.")}},
	}
	for _, c := range cases {
		for _, with := range []bool{false, true} {
			name := c.name + "/without"
			if with {
				name = c.name + "/with"
			}
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				ctx := smithymiddleware.WithServiceID(smithymiddleware.WithOperationName(bg, "InitiateAuth"), cip.ServiceID)
				for b.Loop() {
					stack := smithymiddleware.NewStack("InitiateAuth", smithyhttp.NewStackRequest)
					_ = stack.Deserialize.Add(passDeserialize{id: "ResponseErrorWrapper"}, smithymiddleware.After)
					_ = stack.Deserialize.Add(passDeserialize{id: "RequestIDRetriever"}, smithymiddleware.After)
					_ = stack.Deserialize.Add(passDeserialize{id: "OperationDeserializer", out: c.out, err: c.err}, smithymiddleware.After)
					if with {
						_ = m.Register(stack)
					}
					h := smithymiddleware.DecorateHandler(terminal{resp}, stack)
					_, _, _ = h.Handle(ctx, params)
				}
			})
		}
	}
}
