package enumproof_test

// Issue 11, the API: errorsx.Classify with an operation name it does not know
// (case 12), the middleware on an aws.Config (other services' calls) and
// per-operation WithMasking (case 13).

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	smithymiddleware "github.com/aws/smithy-go/middleware"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/middleware"
)

// TestAttackClassifyUnknownOperation (issue 11, case 12): errorsx.Classify with an
// operation name it does not know (wrong case, a typo) returns Misconfigured for
// every answer, where today it silently classifies without the masking rules (so
// a LEGACY ForgotPassword says CodeSent for a real user and InvalidCredentials for
// an unknown one); an empty name uses the SDK's.
func TestAttackClassifyUnknownOperation(t *testing.T) {
	e := newEnv(t, plain, legacyMode)
	alice := e.add("alice", "confirmed")
	e.rec.take()
	type call struct {
		op       string
		out, err [2]any // known, unknown
	}
	var calls []call
	{
		ko, kerr := e.c.ForgotPassword(bg, &cip.ForgotPasswordInput{ClientId: aws.String(e.client), Username: aws.String(alice.typed)})
		uo, uerr := e.c.ForgotPassword(bg, &cip.ForgotPasswordInput{ClientId: aws.String(e.client), Username: aws.String("ghostop")})
		calls = append(calls, call{"ForgotPassword", [2]any{ko, uo}, [2]any{kerr, uerr}})
		ki, kerr := e.c.InitiateAuth(bg, &cip.InitiateAuthInput{ClientId: aws.String(e.client), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
			AuthParameters: map[string]string{"USERNAME": alice.typed, "PASSWORD": wrongPW}})
		ui, uerr := e.c.InitiateAuth(bg, &cip.InitiateAuthInput{ClientId: aws.String(e.client), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
			AuthParameters: map[string]string{"USERNAME": "ghostop", "PASSWORD": wrongPW}})
		calls = append(calls, call{"InitiateAuth", [2]any{ki, ui}, [2]any{kerr, uerr}})
	}
	classify := func(op string, c call, i int) errorsx.Result {
		err, _ := c.err[i].(error)
		if err != nil {
			return errorsx.Classify(op, nil, err)
		}
		return errorsx.Classify(op, c.out[i], nil)
	}
	for _, c := range calls {
		// The control: the right name gives the masked classification, alike.
		k, u := classify(c.op, c, 0), classify(c.op, c, 1)
		if k.Kind != u.Kind || k.Kind == errorsx.Misconfigured {
			t.Errorf("%s: known %v / unknown %v", c.op, k.Kind, u.Kind)
		}
		// An empty name: the SDK's, from the error.
		if err, _ := c.err[1].(error); err != nil {
			if r := errorsx.Classify("", nil, err); r.Kind != u.Kind || r.Operation != c.op {
				t.Errorf("%s, empty operation name: %s %v, want %s %v", c.op, r.Operation, r.Kind, c.op, u.Kind)
			}
		}
		for _, bad := range []string{strings.ToLower(c.op[:1]) + c.op[1:], strings.ToUpper(c.op), c.op[:len(c.op)-2] + c.op[len(c.op)-1:] + c.op[len(c.op)-2:len(c.op)-1], c.op + " "} {
			k, u := classify(bad, c, 0), classify(bad, c, 1)
			if k.Kind != errorsx.Misconfigured || u.Kind != errorsx.Misconfigured {
				t.Errorf("Classify(%q): known %v / unknown %v, want Misconfigured for both", bad, k.Kind, u.Kind)
			}
		}
	}
}

// stsServer answers GetCallerIdentity: an error (403 InvalidClientTokenId) for the
// first call, a success after.
func stsServer(t *testing.T) *httptest.Server {
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		first := n == 1
		mu.Unlock()
		w.Header().Set("Content-Type", "text/xml")
		w.Header().Set("X-Amzn-Requestid", "11111111-2222-3333-4444-555555555555")
		if first {
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>`+
				`<Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error>`+
				`<RequestId>11111111-2222-3333-4444-555555555555</RequestId></ErrorResponse>`)
			return
		}
		fmt.Fprint(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>`+
			`<Arn>arn:aws:iam::123456789012:user/probe</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>`+
			`</GetCallerIdentityResult><ResponseMetadata><RequestId>11111111-2222-3333-4444-555555555555</RequestId></ResponseMetadata>`+
			`</GetCallerIdentityResponse>`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestAttackOtherServiceUntouched (issue 11, case 13): a Masker registered on an
// aws.Config's APIOptions adds its middleware to Cognito user pools calls only:
// an STS client built from the same config gets neither middleware, and its error
// is the SDK's own (no errorsx.Error in the chain). The control: a Cognito client
// from the same config is masked.
func TestAttackOtherServiceUntouched(t *testing.T) {
	e := newEnv(t, plain, maskedMode)
	srv := stsServer(t)
	var mu sync.Mutex
	seen := map[string][]string{} // service id -> masking middleware IDs on its stack
	record := func(service string) func(*smithymiddleware.Stack) error {
		return func(stack *smithymiddleware.Stack) error {
			var ids []string
			if _, ok := stack.Initialize.Get(middleware.ResultID); ok {
				ids = append(ids, middleware.ResultID)
			}
			if _, ok := stack.Deserialize.Get(middleware.MaskID); ok {
				ids = append(ids, middleware.MaskID)
			}
			mu.Lock()
			seen[service] = ids
			mu.Unlock()
			return nil
		}
	}
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		RetryMaxAttempts: 1, APIOptions: []func(*smithymiddleware.Stack) error{e.masker.Register}}

	stsc := sts.NewFromConfig(cfg, func(o *sts.Options) {
		o.BaseEndpoint = aws.String(srv.URL)
		o.APIOptions = append(o.APIOptions, record("sts"))
	})
	_, err := stsc.GetCallerIdentity(bg, &sts.GetCallerIdentityInput{})
	if err == nil {
		t.Fatal("STS: the error answer gave no error")
	}
	var xe *errorsx.Error
	if errors.As(err, &xe) {
		t.Errorf("STS GetCallerIdentity: the Masker wrapped the error of another service: %v", err)
	}
	if _, err := stsc.GetCallerIdentity(bg, &sts.GetCallerIdentityInput{}); err != nil {
		t.Errorf("STS GetCallerIdentity (success): %v", err)
	}
	if ids := seen["sts"]; len(ids) > 0 {
		t.Errorf("STS calls got the masking middleware %v", ids)
	}

	cog := cip.NewFromConfig(cfg, func(o *cip.Options) {
		o.HTTPClient = e.s
		o.BaseEndpoint = aws.String("http://mockpool.invalid")
		o.APIOptions = append(o.APIOptions, record("cognito-idp"))
	})
	_, err = cog.InitiateAuth(bg, &cip.InitiateAuthInput{ClientId: aws.String(e.client), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "ghoststs", "PASSWORD": wrongPW}})
	var nf *types.UserNotFoundException
	if err == nil || errors.As(err, &nf) {
		t.Errorf("Cognito client from the same config: not masked: %v", err)
	}
	if ids := seen["cognito-idp"]; len(ids) != 2 {
		t.Errorf("Cognito calls got the masking middleware %v, want both", ids)
	}
}

// TestAttackPerOperationMasking (issue 11, case 13): WithMasking passed per operation
// does not lose the counters. A client without a Masker whose calls each pass
// WithMasking(opts...) locks an unknown name out like a real one (or every such
// call is refused, Misconfigured); a name locked through a client-level Masker
// stays locked when a call adds WithMasking.
func TestAttackPerOperationMasking(t *testing.T) {
	ae := newAttackEnv(t, poolSpec{shape: plain}, maskedMode)
	if ae.buildErr != nil {
		t.Fatal(ae.buildErr)
	}
	e := ae.env
	raw := e.s.Client(func(o *cip.Options) { o.HTTPClient = e.rec })
	attempt := func(c *cip.Client, typed, pw string) obs {
		out, err := c.InitiateAuth(bg, &cip.InitiateAuthInput{ClientId: aws.String(e.client), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
			AuthParameters: map[string]string{"USERNAME": typed, "PASSWORD": pw}}, middleware.WithMasking(ae.mopts...))
		return e.observe("InitiateAuth", out, mdOf(out), err)
	}
	misconfigured := func(s []obs) bool {
		for _, o := range s {
			if !strings.HasPrefix(o.result, errorsx.Misconfigured.String()+"/") {
				return false
			}
		}
		return true
	}

	t.Run("per-call Masker", func(t *testing.T) {
		alice := e.add("alice", "confirmed")
		var k, u []obs
		for range 7 {
			k = append(k, attempt(raw, alice.typed, wrongPW))
			u = append(u, attempt(raw, "ghostpercall", wrongPW))
		}
		reportSeq(t, "7 wrong passwords, WithMasking per call", k, u)
		if !misconfigured(u) && u[6].a.msg != msgAttemptsExceeded {
			t.Errorf("the unknown name's seventh attempt got %v, want %q (or every call refused as Misconfigured)", u[6], msgAttemptsExceeded)
		}
	})
	t.Run("client-level Masker and WithMasking per call", func(t *testing.T) {
		quiet(e)
		bob := e.add("bob", "confirmed")
		for range 6 {
			e.oPassword(e.c, bob.typed, wrongPW)
			e.oPassword(e.c, "ghostclient", wrongPW)
		}
		k, u := attempt(e.c, bob.typed, goodPW), attempt(e.c, "ghostclient", goodPW)
		if d := obsDiff(k, u); d != "" {
			t.Errorf("locked through the client's Masker, then a call with WithMasking: known %v / unknown %v: %s", k, u, d)
		}
		if !misconfigured([]obs{u}) && u.a.msg != msgAttemptsExceeded {
			t.Errorf("the unknown name locked through the client's Masker got %v with WithMasking per call", u)
		}
	})
}
