package middleware_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	smithymiddleware "github.com/aws/smithy-go/middleware"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/middleware"
)

var testSecret = bytes.Repeat([]byte{7}, 32)

const (
	testPool   = "us-east-1_TestPool1"
	testClient = "testclient123"
)

// testFloor replaces DefaultInitialFloor (a second) with a millisecond: the tests
// that are not about timing need no realistic floor before learning.
var testFloor = middleware.WithLearnedLatencyFloor(0, 0, time.Millisecond)

func baseOpts(extra ...middleware.Option) []middleware.Option {
	return append([]middleware.Option{middleware.WithSecret(testSecret), middleware.WithUserPool(testPool, "email"),
		middleware.WithNormalize(middleware.NormalizeCaseSensitive), testFloor}, extra...)
}

// stackLists records the step lists of every call's stack after the middleware was
// registered.
type stackLists struct {
	mu          sync.Mutex
	init, deser []string
}

func (s *stackLists) record(stack *smithymiddleware.Stack) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init = stack.Initialize.List()
	s.deser = stack.Deserialize.List()
	return nil
}

func indexOf(list []string, id string) int { return slices.Index(list, id) }

func TestPlacement(t *testing.T) {
	f := newFake(map[string]answer{"ForgotPassword": {body: `{}`}})
	var lists stackLists
	c := fakeClient(f, middleware.WithMasking(baseOpts()...), func(o *cip.Options) {
		o.APIOptions = append(o.APIOptions, lists.record)
	})
	if _, err := c.ForgotPassword(bg, &cip.ForgotPasswordInput{ClientId: aws.String(testClient), Username: aws.String("u")}); err != nil {
		t.Fatal(err)
	}
	if lists.init[0] != middleware.ResultID {
		t.Errorf("Initialize = %v, want %s first (outermost)", lists.init, middleware.ResultID)
	}
	wrap, mask := indexOf(lists.deser, "ResponseErrorWrapper"), indexOf(lists.deser, middleware.MaskID)
	rid, des := indexOf(lists.deser, "RequestIDRetriever"), indexOf(lists.deser, "OperationDeserializer")
	if !(wrap >= 0 && wrap < mask && mask < rid && rid < des) {
		t.Errorf("Deserialize = %v: want ResponseErrorWrapper < %s < RequestIDRetriever < OperationDeserializer", lists.deser, middleware.MaskID)
	}
}

func TestRegisterTwiceIsNoop(t *testing.T) {
	f := newFake(map[string]answer{"InitiateAuth": {code: "UserNotFoundException", msg: "User does not exist.", status: 400}})
	m, err := middleware.New(baseOpts()...)
	if err != nil {
		t.Fatal(err)
	}
	var lists stackLists
	c := fakeClient(f,
		m.ClientOption(),
		func(o *cip.Options) {
			o.APIOptions = append(o.APIOptions, m.Register, func(s *smithymiddleware.Stack) error {
				return middleware.AddMasking(s, m)
			}, lists.record)
		})
	_, err = c.InitiateAuth(bg, passwordAuth("ghost", "pw"), m.ClientOption())
	apiError(t, err, "NotAuthorizedException", middleware.MsgIncorrect)
	for _, l := range [][]string{lists.init, lists.deser} {
		n := 0
		for _, id := range l {
			if strings.HasPrefix(id, "maskedauth.") {
				n++
			}
		}
		if n != 1 {
			t.Errorf("stack step %v has %d maskedauth middlewares, want 1", l, n)
		}
	}
	// A stack without the SDK's deserializers still gets the middleware.
	s := smithymiddleware.NewStack("InitiateAuth", nil)
	for range 2 {
		if err := m.Register(s); err != nil {
			t.Fatal(err)
		}
	}
	if got := s.Deserialize.List(); len(got) != 1 || got[0] != middleware.MaskID {
		t.Errorf("bare stack Deserialize = %v", got)
	}
}

// TestSecondMaskerRefused: two Maskers on one stack would count and learn apart
// (and mask twice): registering the second is an error, whichever way it comes.
func TestSecondMaskerRefused(t *testing.T) {
	m1, err := middleware.New(baseOpts()...)
	if err != nil {
		t.Fatal(err)
	}
	m2, err := middleware.New(baseOpts()...)
	if err != nil {
		t.Fatal(err)
	}
	s := smithymiddleware.NewStack("InitiateAuth", nil)
	if err := middleware.AddMasking(s, m1); err != nil {
		t.Fatal(err)
	}
	if err := middleware.AddMasking(s, m2); err == nil {
		t.Error("AddMasking of a second Masker succeeded")
	}
	if err := middleware.AddMasking(s, nil); err == nil {
		t.Error("AddMasking of a nil Masker succeeded")
	}
	// Through the SDK: the call fails before anything is sent.
	f := newFake(map[string]answer{"InitiateAuth": {code: "UserNotFoundException", msg: "User does not exist.", status: 400}})
	c := fakeClient(f, m1.ClientOption())
	_, err = c.InitiateAuth(bg, passwordAuth("ghost", "pw"), m2.ClientOption())
	if err == nil || f.count("InitiateAuth") != 0 {
		t.Errorf("second Masker per call: err %v, %d calls sent", err, f.count("InitiateAuth"))
	}
}

// TestWithMaskingPerOperation: WithMasking given to one operation would build a
// Masker per call, which forgets its counters (an unknown name would never be
// locked out): every such call fails with a Misconfigured Result saying so, and
// nothing reaches Cognito. As a client option it works (every other test), and a
// shared Masker's ClientOption works per operation.
func TestWithMaskingPerOperation(t *testing.T) {
	f := newFake(map[string]answer{"InitiateAuth": {code: "UserNotFoundException", msg: "User does not exist.", status: 400}})
	for _, base := range []*cip.Client{fakeClient(f), fakeClient(f, middleware.WithMasking(baseOpts()...))} {
		_, err := base.InitiateAuth(bg, passwordAuth("ghost", "pw"), middleware.WithMasking(baseOpts()...))
		r, ok := errorsx.From(err)
		if !ok || r.Kind != errorsx.Misconfigured || r.Operation != "InitiateAuth" {
			t.Fatalf("per-operation WithMasking: %v (Result %+v)", err, r)
		}
		if !strings.Contains(err.Error(), "client option") || r.Cause == nil || !strings.Contains(r.Cause.Error(), "ClientOption") {
			t.Errorf("the error does not say why: %v", err)
		}
	}
	if n := f.count("InitiateAuth"); n != 0 {
		t.Errorf("%d calls reached Cognito", n)
	}
	m, err := middleware.New(baseOpts()...)
	if err != nil {
		t.Fatal(err)
	}
	_, err = fakeClient(f).InitiateAuth(bg, passwordAuth("ghost", "pw"), m.ClientOption())
	apiError(t, err, "NotAuthorizedException", middleware.MsgIncorrect)
}

// TestCaseSensitivityRequired: nothing defaults into an oracle. Without ForPool or
// WithNormalize, New refuses, and every call of a WithMasking client fails with a
// Misconfigured Result saying why, before anything is sent.
func TestCaseSensitivityRequired(t *testing.T) {
	_, err := middleware.New(middleware.WithSecret(testSecret), middleware.WithUserPool(testPool, "email"))
	if !errors.Is(err, middleware.ErrCaseSensitivityUnknown) {
		t.Fatalf("New without case sensitivity: %v", err)
	}
	f := newFake(map[string]answer{"ForgotPassword": {code: "UserNotFoundException", msg: "Username/client id combination not found.", status: 400}})
	c := fakeClient(f, middleware.WithMasking(middleware.WithSecret(testSecret), middleware.WithUserPool(testPool, "email")))
	for range 2 {
		_, err = c.ForgotPassword(bg, &cip.ForgotPasswordInput{ClientId: aws.String(testClient), Username: aws.String("ghost")})
		r, ok := errorsx.From(err)
		if !ok || r.Kind != errorsx.Misconfigured || !errors.Is(err, middleware.ErrCaseSensitivityUnknown) ||
			!strings.Contains(err.Error(), "case sensitivity") {
			t.Fatalf("call of a client without case sensitivity: %v (Result %+v)", err, r)
		}
	}
	if n := f.count("ForgotPassword"); n != 0 {
		t.Errorf("%d calls reached Cognito", n)
	}
}

func passwordAuth(user, pw string) *cip.InitiateAuthInput {
	return &cip.InitiateAuthInput{
		ClientId: aws.String(testClient), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": user, "PASSWORD": pw},
	}
}

// TestMaskedErrorRows drives each masked error row with a canned LEGACY answer.
func TestMaskedErrorRows(t *testing.T) {
	type call func(c *cip.Client) error
	initiate := func(c *cip.Client) error { _, err := c.InitiateAuth(bg, passwordAuth("who", "pw")); return err }
	adminInitiate := func(c *cip.Client) error {
		_, err := c.AdminInitiateAuth(bg, &cip.AdminInitiateAuthInput{ClientId: aws.String(testClient), UserPoolId: aws.String(testPool),
			AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth, AuthParameters: map[string]string{"USERNAME": "who", "PASSWORD": "pw"}})
		return err
	}
	confirmSignUp := func(c *cip.Client) error {
		_, err := c.ConfirmSignUp(bg, &cip.ConfirmSignUpInput{ClientId: aws.String(testClient), Username: aws.String("who"), ConfirmationCode: aws.String("123456")})
		return err
	}
	confirmForgot := func(c *cip.Client) error {
		_, err := c.ConfirmForgotPassword(bg, &cip.ConfirmForgotPasswordInput{ClientId: aws.String(testClient), Username: aws.String("who"),
			ConfirmationCode: aws.String("123456"), Password: aws.String("Passw0rd!")})
		return err
	}
	respond := func(c *cip.Client) error {
		_, err := c.RespondToAuthChallenge(bg, &cip.RespondToAuthChallengeInput{ClientId: aws.String(testClient),
			ChallengeName: types.ChallengeNameTypeNewPasswordRequired, Session: aws.String("s"),
			ChallengeResponses: map[string]string{"USERNAME": "who", "NEW_PASSWORD": "Passw0rd!"}})
		return err
	}
	tests := []struct {
		name     string
		op       string
		call     call
		legacy   answer
		opts     []middleware.Option
		code     string
		msg      string
		kind     errorsx.Kind
		unmasked bool // the answer must pass unchanged
	}{
		{"InitiateAuth unknown user", "InitiateAuth", initiate, answer{400, "UserNotFoundException", "User does not exist.", ""}, nil,
			"NotAuthorizedException", middleware.MsgIncorrect, errorsx.InvalidCredentials, false},
		{"InitiateAuth reset required", "InitiateAuth", initiate, answer{400, "PasswordResetRequiredException", "Password reset required for the user", ""}, nil,
			"NotAuthorizedException", middleware.MsgIncorrect, errorsx.InvalidCredentials, false},
		{"AdminInitiateAuth unknown user", "AdminInitiateAuth", adminInitiate, answer{400, "UserNotFoundException", "User does not exist.", ""}, nil,
			"NotAuthorizedException", middleware.MsgIncorrect, errorsx.InvalidCredentials, false},
		{"AdminInitiateAuth reset required", "AdminInitiateAuth", adminInitiate, answer{400, "PasswordResetRequiredException", "Password reset required for the user", ""}, nil,
			"NotAuthorizedException", middleware.MsgIncorrect, errorsx.InvalidCredentials, false},
		{"RespondToAuthChallenge unknown user", "RespondToAuthChallenge", respond, answer{400, "UserNotFoundException", "User does not exist.", ""}, nil,
			"NotAuthorizedException", middleware.MsgIncorrect, errorsx.InvalidCredentials, false},
		{"ConfirmSignUp unknown user", "ConfirmSignUp", confirmSignUp, answer{400, "UserNotFoundException", "Username/client id combination not found.", ""}, nil,
			"CodeMismatchException", middleware.MsgCodeMismatch, errorsx.InvalidCode, false},
		{"ConfirmForgotPassword unknown user", "ConfirmForgotPassword", confirmForgot, answer{400, "UserNotFoundException", "Username/client id combination not found.", ""}, nil,
			"CodeMismatchException", middleware.MsgCodeMismatch, errorsx.InvalidCode, false},
		{"ConfirmForgotPassword disabled", "ConfirmForgotPassword", confirmForgot, answer{400, "NotAuthorizedException", "User is disabled.", ""}, nil,
			"CodeMismatchException", middleware.MsgCodeMismatch, errorsx.InvalidCode, false},
		// Left alone: the same under ENABLED.
		{"wrong password", "InitiateAuth", initiate, answer{400, "NotAuthorizedException", middleware.MsgIncorrect, ""}, nil,
			"NotAuthorizedException", middleware.MsgIncorrect, errorsx.InvalidCredentials, true},
		{"unconfirmed kept", "InitiateAuth", initiate, answer{400, "UserNotConfirmedException", "User is not confirmed.", ""}, nil,
			"UserNotConfirmedException", "User is not confirmed.", errorsx.NotConfirmed, true},
		{"disabled kept", "InitiateAuth", initiate, answer{400, "NotAuthorizedException", "User is disabled.", ""}, nil,
			"NotAuthorizedException", "User is disabled.", errorsx.InvalidCredentials, true},
		{"attempts exceeded kept", "InitiateAuth", initiate, answer{400, "NotAuthorizedException", "Password attempts exceeded", ""}, nil,
			"NotAuthorizedException", "Password attempts exceeded", errorsx.TooManyAttempts, true},
		// No code pending (or a right code past its expiry): a counted wrong code, as
		// ENABLED answers a user with no code pending.
		{"expired code masked", "ConfirmForgotPassword", confirmForgot, answer{400, "ExpiredCodeException", "Invalid code provided, please request a code again.", ""}, nil,
			"CodeMismatchException", middleware.MsgCodeMismatch, errorsx.InvalidCode, false},
		{"already confirmed kept", "ConfirmSignUp", confirmSignUp, answer{400, "NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED", ""}, nil,
			"NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED", errorsx.InvalidCode, true},
		// Policies.
		{"unconfirmed generic", "InitiateAuth", initiate, answer{400, "UserNotConfirmedException", "User is not confirmed.", ""},
			[]middleware.Option{middleware.WithGenericUnconfirmed()}, "NotAuthorizedException", middleware.MsgIncorrect, errorsx.InvalidCredentials, false},
		{"disabled generic", "InitiateAuth", initiate, answer{400, "NotAuthorizedException", "User is disabled.", ""},
			[]middleware.Option{middleware.WithGenericDisabled()}, "NotAuthorizedException", middleware.MsgIncorrect, errorsx.InvalidCredentials, false},
		// ENABLED clients are not emulated.
		{"client enabled", "InitiateAuth", initiate, answer{400, "UserNotFoundException", "User does not exist.", ""},
			[]middleware.Option{middleware.WithClientEnabled()}, "UserNotFoundException", "User does not exist.", errorsx.InvalidCredentials, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(map[string]answer{tt.op: tt.legacy})
			c := fakeClient(f, middleware.WithMasking(baseOpts(tt.opts...)...))
			err := tt.call(c)
			status, reqID := apiError(t, err, tt.code, tt.msg)
			if status != 400 || reqID != "req-1" {
				t.Errorf("shell: status %d request id %q, want 400 req-1", status, reqID)
			}
			var nf *types.UserNotFoundException
			if errors.As(err, &nf) && !tt.unmasked {
				t.Errorf("UserNotFoundException still in the chain: %v", err)
			}
			r, ok := errorsx.From(err)
			if !ok {
				t.Fatalf("errorsx.From(%v) found no Result", err)
			}
			if r.Kind != tt.kind || r.Operation != tt.op || r.RequestID != "req-1" || r.HTTPStatus != 400 {
				t.Errorf("Result = %v, want %s %s req-1 400", r, tt.op, tt.kind)
			}
			if strings.Contains(err.Error(), "does not exist") && !tt.unmasked {
				t.Errorf("error text leaks: %v", err)
			}
			if f.count(tt.op) != 1 {
				t.Errorf("%d calls, want 1", f.count(tt.op))
			}
		})
	}
}

func TestNotAuthorizedTypeAfterMasking(t *testing.T) {
	f := newFake(map[string]answer{"InitiateAuth": {400, "UserNotFoundException", "User does not exist.", ""}})
	c := fakeClient(f, middleware.WithMasking(baseOpts()...))
	_, err := c.InitiateAuth(bg, passwordAuth("ghost", "pw"))
	var na *types.NotAuthorizedException
	if !errors.As(err, &na) || aws.ToString(na.Message) != middleware.MsgIncorrect {
		t.Fatalf("errors.As NotAuthorizedException failed: %v", err)
	}
	var re *awshttp.ResponseError
	if !errors.As(err, &re) {
		t.Fatal("no response shell")
	}
	h := re.Response.Header
	if h.Get("X-Amzn-Errortype") != "NotAuthorizedException:" || h.Get("X-Amzn-Errormessage") != middleware.MsgIncorrect ||
		re.Response.ContentLength != int64(len(`{"__type":"NotAuthorizedException","message":"Incorrect username or password."}`)) {
		t.Errorf("response headers still tell: %v (length %d)", h, re.Response.ContentLength)
	}
}

func TestSimulatedDeliveries(t *testing.T) {
	forgot := func(c *cip.Client, user string) (*types.CodeDeliveryDetailsType, any, error) {
		out, err := c.ForgotPassword(bg, &cip.ForgotPasswordInput{ClientId: aws.String(testClient), Username: aws.String(user)})
		if err != nil {
			return nil, nil, err
		}
		return out.CodeDeliveryDetails, out, nil
	}
	resend := func(c *cip.Client, user string) (*types.CodeDeliveryDetailsType, any, error) {
		out, err := c.ResendConfirmationCode(bg, &cip.ResendConfirmationCodeInput{ClientId: aws.String(testClient), Username: aws.String(user)})
		if err != nil {
			return nil, nil, err
		}
		return out.CodeDeliveryDetails, out, nil
	}
	tests := []struct {
		name   string
		op     string
		call   func(*cip.Client, string) (*types.CodeDeliveryDetailsType, any, error)
		legacy answer
	}{
		{"ForgotPassword unknown", "ForgotPassword", forgot, answer{400, "UserNotFoundException", "Username/client id combination not found.", ""}},
		{"ForgotPassword disabled", "ForgotPassword", forgot, answer{400, "NotAuthorizedException", "User is disabled.", ""}},
		{"ForgotPassword unverified", "ForgotPassword", forgot, answer{400, "InvalidParameterException", "Cannot reset password for the user as there is no registered/verified email or phone_number", ""}},
		{"Resend unknown", "ResendConfirmationCode", resend, answer{400, "UserNotFoundException", "Username/client id combination not found.", ""}},
		{"Resend confirmed", "ResendConfirmationCode", resend, answer{400, "InvalidParameterException", "User is already confirmed.", ""}},
	}
	users := []struct{ user, dest, medium, attr string }{
		{"alice@example.com", "a***@e***", "EMAIL", "email"},
		{"+12065551234", "+*******1234", "SMS", "phone_number"},
		{"alice", "", "EMAIL", "email"},
	}
	for _, tt := range tests {
		for _, u := range users {
			t.Run(tt.name+"/"+u.user, func(t *testing.T) {
				f := newFake(map[string]answer{tt.op: tt.legacy})
				c := fakeClient(f, middleware.WithMasking(baseOpts()...))
				d, out, err := tt.call(c, u.user)
				if err != nil {
					t.Fatalf("err = %v, want a simulated delivery", err)
				}
				if d == nil || string(d.DeliveryMedium) != u.medium || aws.ToString(d.AttributeName) != u.attr {
					t.Fatalf("delivery = %+v, want %s %s", d, u.medium, u.attr)
				}
				if u.dest != "" && aws.ToString(d.Destination) != u.dest {
					t.Errorf("destination %q, want %q", aws.ToString(d.Destination), u.dest)
				}
				// Stable per pool and username.
				d2, _, _ := tt.call(c, u.user)
				if aws.ToString(d2.Destination) != aws.ToString(d.Destination) {
					t.Errorf("destination not stable: %q then %q", aws.ToString(d.Destination), aws.ToString(d2.Destination))
				}
				r := errorsx.Classify(tt.op, out, nil)
				if r.Kind != errorsx.CodeSent || r.Delivery == nil || r.Delivery.Destination != aws.ToString(d.Destination) ||
					r.HTTPStatus != 200 || r.RequestID != "req-1" || r.Operation != tt.op {
					t.Errorf("Classify = %+v", r)
				}
			})
		}
	}
}

func TestResultOfSuccess(t *testing.T) {
	f := newFake(map[string]answer{"InitiateAuth": {body: `{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","RefreshToken":"r","ExpiresIn":3600,"TokenType":"Bearer"}}`}})
	c := fakeClient(f, middleware.WithMasking(baseOpts()...))
	out, err := c.InitiateAuth(bg, passwordAuth("alice", "pw"))
	if err != nil {
		t.Fatal(err)
	}
	r := errorsx.Classify("InitiateAuth", out, nil)
	if r.Kind != errorsx.SignedIn || r.Tokens == nil || r.Tokens.AccessToken != "a" || r.RequestID != "req-1" || r.Operation != "InitiateAuth" {
		t.Fatalf("Classify = %+v", r)
	}
}

func TestRetries(t *testing.T) {
	t.Run("throttling retried", func(t *testing.T) {
		f := newFake(map[string]answer{"InitiateAuth": {400, "TooManyRequestsException", "Too many requests", ""}})
		c := fakeClient(f, fastRetries(3), middleware.WithMasking(baseOpts()...))
		_, err := c.InitiateAuth(bg, passwordAuth("alice", "pw"))
		if n := f.count("InitiateAuth"); n != 3 {
			t.Errorf("%d attempts, want 3", n)
		}
		var mae *retry.MaxAttemptsError
		if !errors.As(err, &mae) {
			t.Errorf("no MaxAttemptsError in %v", err)
		}
		if r, _ := errorsx.From(err); r.Kind != errorsx.TooManyAttempts {
			t.Errorf("kind %s, want TooManyAttempts", r.Kind)
		}
	})
	t.Run("masked failure once", func(t *testing.T) {
		f := newFake(map[string]answer{"InitiateAuth": {400, "UserNotFoundException", "User does not exist.", ""}})
		c := fakeClient(f, fastRetries(3), middleware.WithMasking(baseOpts()...))
		_, err := c.InitiateAuth(bg, passwordAuth("ghost", "pw"))
		apiError(t, err, "NotAuthorizedException", middleware.MsgIncorrect)
		if n := f.count("InitiateAuth"); n != 1 {
			t.Errorf("%d attempts, want 1", n)
		}
	})
	t.Run("server error retried", func(t *testing.T) {
		f := newFake(map[string]answer{"ForgotPassword": {500, "InternalErrorException", "Internal error", ""}})
		c := fakeClient(f, fastRetries(2), middleware.WithMasking(baseOpts()...))
		_, err := c.ForgotPassword(bg, &cip.ForgotPasswordInput{ClientId: aws.String(testClient), Username: aws.String("u")})
		if n := f.count("ForgotPassword"); n != 2 {
			t.Errorf("%d attempts, want 2", n)
		}
		if r, _ := errorsx.From(err); r.Kind != errorsx.Unavailable {
			t.Errorf("kind %s, want Unavailable", r.Kind)
		}
	})
}

func srpInitiate(user string) *cip.InitiateAuthInput {
	return &cip.InitiateAuthInput{ClientId: aws.String(testClient), AuthFlow: types.AuthFlowTypeUserSrpAuth,
		AuthParameters: map[string]string{"USERNAME": user, "SRP_A": strings.Repeat("ab", 384)}}
}

func TestSimulatedSRP(t *testing.T) {
	f := newFake(map[string]answer{
		"InitiateAuth":           {400, "UserNotFoundException", "User does not exist.", ""},
		"RespondToAuthChallenge": {400, "NotAuthorizedException", middleware.MsgIncorrect, ""},
	})
	c := fakeClient(f, middleware.WithMasking(baseOpts()...))
	out, err := c.InitiateAuth(bg, srpInitiate("ghost"))
	if err != nil {
		t.Fatalf("InitiateAuth: %v, want a simulated challenge", err)
	}
	if out.ChallengeName != types.ChallengeNameTypePasswordVerifier || out.Session != nil {
		t.Fatalf("challenge %s session %v", out.ChallengeName, out.Session)
	}
	p := out.ChallengeParameters
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if want := []string{"SALT", "SECRET_BLOCK", "SRP_B", "USERNAME", "USER_ID_FOR_SRP"}; !slices.Equal(keys, want) {
		t.Fatalf("parameters %v, want %v", keys, want)
	}
	if len(p["SALT"]) != 32 || len(p["SRP_B"]) < 760 || len(p["SRP_B"]) > 768 || len(p["USER_ID_FOR_SRP"]) != 36 || p["USERNAME"] != p["USER_ID_FOR_SRP"] {
		t.Errorf("parameter shapes: %d %d %q %q", len(p["SALT"]), len(p["SRP_B"]), p["USER_ID_FOR_SRP"], p["USERNAME"])
	}
	if b, err := base64.StdEncoding.DecodeString(p["SECRET_BLOCK"]); err != nil || len(b) != middleware.DefaultSecretBlockBytes {
		t.Errorf("SECRET_BLOCK: %d bytes, %v", len(b), err)
	}
	r := errorsx.Classify("InitiateAuth", out, nil)
	if r.Kind != errorsx.NextStep || r.Challenge == nil || r.Challenge.UserIDForSRP != p["USER_ID_FOR_SRP"] {
		t.Errorf("Classify = %+v", r)
	}
	// Stable SALT and USER_ID_FOR_SRP, fresh SRP_B and SECRET_BLOCK.
	out2, err := c.InitiateAuth(bg, srpInitiate("ghost"))
	if err != nil {
		t.Fatal(err)
	}
	p2 := out2.ChallengeParameters
	if p2["SALT"] != p["SALT"] || p2["USER_ID_FOR_SRP"] != p["USER_ID_FOR_SRP"] || p2["SRP_B"] == p["SRP_B"] || p2["SECRET_BLOCK"] == p["SECRET_BLOCK"] {
		t.Error("SALT/USER_ID_FOR_SRP must be stable, SRP_B/SECRET_BLOCK fresh")
	}

	// The answer fails generically without calling Cognito.
	_, err = c.RespondToAuthChallenge(bg, &cip.RespondToAuthChallengeInput{
		ClientId: aws.String(testClient), ChallengeName: types.ChallengeNameTypePasswordVerifier,
		ChallengeResponses: map[string]string{
			"USERNAME": p["USER_ID_FOR_SRP"], "PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
			"TIMESTAMP": "Mon Jan 2 15:04:05 UTC 2006", "PASSWORD_CLAIM_SIGNATURE": "c2ln",
		},
	})
	status, reqID := apiError(t, err, "NotAuthorizedException", middleware.MsgIncorrect)
	if status != 400 || len(reqID) != 36 {
		t.Errorf("short-circuit shell: status %d request id %q", status, reqID)
	}
	if n := f.count("RespondToAuthChallenge"); n != 0 {
		t.Errorf("Cognito called %d times for a simulated challenge", n)
	}
	if r, _ := errorsx.From(err); r.Kind != errorsx.InvalidCredentials || r.RequestID != reqID {
		t.Errorf("Result %v", r)
	}

	// A block for another client, or a tampered one, goes to Cognito.
	tampered := []byte(p["SECRET_BLOCK"])
	tampered[100] ^= 1
	if tampered[100] == '+' || tampered[100] == '/' {
		tampered[100] = 'A'
	}
	for _, in := range []struct{ client, block string }{{"otherclient", p["SECRET_BLOCK"]}, {testClient, string(tampered)}} {
		_, err = c.RespondToAuthChallenge(bg, &cip.RespondToAuthChallengeInput{
			ClientId: aws.String(in.client), ChallengeName: types.ChallengeNameTypePasswordVerifier,
			ChallengeResponses: map[string]string{"USERNAME": "x", "PASSWORD_CLAIM_SECRET_BLOCK": in.block, "TIMESTAMP": "t", "PASSWORD_CLAIM_SIGNATURE": "s"},
		})
		apiError(t, err, "NotAuthorizedException", middleware.MsgIncorrect)
	}
	if n := f.count("RespondToAuthChallenge"); n != 2 {
		t.Errorf("Cognito called %d times for foreign blocks, want 2", n)
	}

	// Another Masker (another secret) does not recognise the block.
	c2 := fakeClient(f, middleware.WithMasking(middleware.WithSecret([]byte("another secret of 32 bytes......")),
		middleware.WithNormalize(middleware.NormalizeCaseSensitive)))
	_, _ = c2.RespondToAuthChallenge(bg, &cip.RespondToAuthChallengeInput{
		ClientId: aws.String(testClient), ChallengeName: types.ChallengeNameTypePasswordVerifier,
		ChallengeResponses: map[string]string{"USERNAME": "x", "PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"], "TIMESTAMP": "t", "PASSWORD_CLAIM_SIGNATURE": "s"},
	})
	if n := f.count("RespondToAuthChallenge"); n != 3 {
		t.Errorf("a foreign secret's Masker short-circuited")
	}
}

func TestSimulatedSRPAdmin(t *testing.T) {
	f := newFake(map[string]answer{"AdminInitiateAuth": {400, "UserNotFoundException", "User does not exist.", ""}})
	c := fakeClient(f, middleware.WithMasking(baseOpts()...))
	out, err := c.AdminInitiateAuth(bg, &cip.AdminInitiateAuthInput{ClientId: aws.String(testClient), UserPoolId: aws.String(testPool),
		AuthFlow: types.AuthFlowTypeUserSrpAuth, AuthParameters: map[string]string{"USERNAME": "ghost", "SRP_A": "abcd"}})
	if err != nil || out.ChallengeName != types.ChallengeNameTypePasswordVerifier {
		t.Fatalf("AdminInitiateAuth: %v %v", out, err)
	}
}

func TestSignUpPolicy(t *testing.T) {
	legacy := map[string]answer{"SignUp": {400, "UsernameExistsException", "User already exists", ""}}
	in := &cip.SignUpInput{ClientId: aws.String(testClient), Username: aws.String("alice"), Password: aws.String("Passw0rd!"),
		UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String("Alice@Example.com")}}}

	t.Run("kept by default", func(t *testing.T) {
		c := fakeClient(newFake(legacy), middleware.WithMasking(baseOpts()...))
		_, err := c.SignUp(bg, in)
		apiError(t, err, "UsernameExistsException", "User already exists")
	})
	t.Run("simulated", func(t *testing.T) {
		var mu sync.Mutex
		var notified []string
		c := fakeClient(newFake(legacy), middleware.WithMasking(baseOpts(middleware.WithSimulatedSignUp(func(_ context.Context, u string) {
			mu.Lock()
			notified = append(notified, u)
			mu.Unlock()
		}))...))
		out, err := c.SignUp(bg, in)
		if err != nil {
			t.Fatal(err)
		}
		d := out.CodeDeliveryDetails
		if out.UserConfirmed || len(aws.ToString(out.UserSub)) != 36 || d == nil || aws.ToString(d.Destination) != "A***@E***" || d.DeliveryMedium != types.DeliveryMediumTypeEmail {
			t.Fatalf("SignUp = %+v %+v", out, d)
		}
		out2, _ := c.SignUp(bg, in)
		if aws.ToString(out2.UserSub) == aws.ToString(out.UserSub) {
			t.Error("UserSub repeated: a fresh one per simulated sign-up")
		}
		if !slices.Equal(notified, []string{"alice", "alice"}) {
			t.Errorf("notified %v", notified)
		}
		r := errorsx.Classify("SignUp", out, nil)
		if r.Kind != errorsx.CodeSent || r.Delivery == nil {
			t.Errorf("Result %v", r)
		}
	})
	t.Run("no auto-verified attribute", func(t *testing.T) {
		c := fakeClient(newFake(legacy), middleware.WithMasking(middleware.WithSecret(testSecret), middleware.WithSimulatedSignUp(nil),
			middleware.WithNormalize(middleware.NormalizeCaseSensitive)))
		out, err := c.SignUp(bg, in)
		if err != nil || out.CodeDeliveryDetails != nil || out.UserConfirmed {
			t.Fatalf("SignUp = %+v, %v", out, err)
		}
	})
}

// fakeTime is a clock that only moves when Sleep is called.
type fakeTime struct {
	mu     sync.Mutex
	now    time.Time
	slept  []time.Duration
	cancel bool
}

func (f *fakeTime) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeTime) advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}

func (f *fakeTime) Sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	f.slept = append(f.slept, d)
	f.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return err
	}
	f.advance(d)
	return nil
}

type httpClientFunc func(*http.Request) (*http.Response, error)

func (f httpClientFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

func TestLatencyFloor(t *testing.T) {
	clock := &fakeTime{now: time.Unix(1_700_000_000, 0)}
	answers := map[string]answer{"InitiateAuth": {400, "NotAuthorizedException", middleware.MsgIncorrect, ""}}
	f := newFake(answers)
	var delay time.Duration
	transport := httpClientFunc(func(req *http.Request) (*http.Response, error) {
		clock.advance(delay)
		return f.Do(req)
	})
	c := fakeClient(nil, func(o *cip.Options) { o.HTTPClient = transport },
		middleware.WithMasking(baseOpts(middleware.WithClock(clock.Now), middleware.WithSleep(clock.Sleep),
			middleware.WithLearnedLatencyFloor(16, 0.9, 50*time.Millisecond))...))

	// Before any real answer: the fixed fallback.
	f.answers["InitiateAuth"] = answer{400, "UserNotFoundException", "User does not exist.", ""}
	delay = 5 * time.Millisecond
	_, err := c.InitiateAuth(bg, passwordAuth("ghost", "pw"))
	apiError(t, err, "NotAuthorizedException", middleware.MsgIncorrect)
	if len(clock.slept) != 1 || clock.slept[0] != 45*time.Millisecond {
		t.Fatalf("slept %v, want [45ms]", clock.slept)
	}
	// Real wrong-password answers of 100..115ms teach the floor.
	f.answers["InitiateAuth"] = answer{400, "NotAuthorizedException", middleware.MsgIncorrect, ""}
	for i := range 16 {
		delay = time.Duration(100+i) * time.Millisecond
		_, _ = c.InitiateAuth(bg, passwordAuth("alice", "bad"))
	}
	if len(clock.slept) != 1 {
		t.Fatalf("real answers slower than the floor were held: %v", clock.slept)
	}
	f.answers["InitiateAuth"] = answer{400, "UserNotFoundException", "User does not exist.", ""}
	delay = 5 * time.Millisecond
	_, _ = c.InitiateAuth(bg, passwordAuth("ghost", "pw"))
	// 0.9 quantile (nearest rank) of 100..115ms is the 15th smallest: 114ms.
	if got := clock.slept[len(clock.slept)-1]; got != 109*time.Millisecond {
		t.Errorf("slept %v, want 109ms (114ms floor - 5ms)", got)
	}
	// A real failure faster than the floor is held to the same floor (the floor
	// is learned from its latency before the hold: 5ms joins the window).
	f.answers["InitiateAuth"] = answer{400, "NotAuthorizedException", middleware.MsgIncorrect, ""}
	_, _ = c.InitiateAuth(bg, passwordAuth("alice", "bad"))
	if got := clock.slept[len(clock.slept)-1]; len(clock.slept) != 3 || got != 109*time.Millisecond {
		t.Errorf("slept %v, want a third hold of 109ms", clock.slept)
	}
	// Tokens are never held.
	f.answers["InitiateAuth"] = answer{body: `{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","RefreshToken":"r","ExpiresIn":3600,"TokenType":"Bearer"},"ChallengeParameters":{}}`}
	if _, err := c.InitiateAuth(bg, passwordAuth("alice", "good")); err != nil {
		t.Fatal(err)
	}
	if len(clock.slept) != 3 {
		t.Errorf("a successful sign-in was held: %v", clock.slept)
	}

	// Cancellation during the floor.
	f.answers["InitiateAuth"] = answer{400, "UserNotFoundException", "User does not exist.", ""}
	ctx, cancel := context.WithCancel(bg)
	defer cancel()
	transport2 := httpClientFunc(func(req *http.Request) (*http.Response, error) {
		cancel() // the caller gives up while the answer is on its way
		return f.Do(req.WithContext(bg))
	})
	_, err = c.InitiateAuth(ctx, passwordAuth("ghost", "pw"), func(o *cip.Options) { o.HTTPClient = transport2 })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if r, _ := errorsx.From(err); r.Kind != errorsx.Unavailable {
		t.Errorf("kind %s, want Unavailable", r.Kind)
	}
}

func TestLatencyFloorRealSleepCancel(t *testing.T) {
	f := newFake(map[string]answer{"InitiateAuth": {400, "UserNotFoundException", "User does not exist.", ""}})
	c := fakeClient(f, middleware.WithMasking(baseOpts(middleware.WithFixedLatencyFloor(time.Hour))...))
	ctx, cancel := context.WithTimeout(bg, 5*time.Millisecond)
	defer cancel()
	_, err := c.InitiateAuth(ctx, passwordAuth("ghost", "pw"))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want DeadlineExceeded", err)
	}
}

func TestLogger(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	f := newFake(map[string]answer{
		"InitiateAuth":   {400, "UserNotFoundException", "User does not exist.", ""},
		"ForgotPassword": {body: `{"CodeDeliveryDetails":{"Destination":"a***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}}`},
	})
	c := fakeClient(f, middleware.WithMasking(baseOpts(middleware.WithLogger(logger))...))
	_, _ = c.InitiateAuth(bg, passwordAuth("secret-user-name", "hunter2-password"))
	_, _ = c.ForgotPassword(bg, &cip.ForgotPasswordInput{ClientId: aws.String(testClient), Username: aws.String("secret-user-name")})
	out := buf.String()
	for _, want := range []string{`"operation":"InitiateAuth"`, `"kind":"InvalidCredentials"`, `"request_id":"req-1"`,
		`"operation":"ForgotPassword"`, `"kind":"CodeSent"`, `"request_id":"req-2"`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
	for _, bad := range []string{"secret-user-name", "hunter2", "does not exist", "a***@e***"} {
		if strings.Contains(out, bad) {
			t.Errorf("log contains %q:\n%s", bad, out)
		}
	}
}

func TestLockoutCounter(t *testing.T) {
	clock := &fakeTime{now: time.Unix(1_700_000_000, 0)}
	f := newFake(map[string]answer{"InitiateAuth": {400, "UserNotFoundException", "User does not exist.", ""}})
	c := fakeClient(f, middleware.WithMasking(baseOpts(middleware.WithClock(clock.Now))...))
	try := func() string {
		_, err := c.InitiateAuth(bg, passwordAuth("ghost", "pw"))
		var na *types.NotAuthorizedException
		if !errors.As(err, &na) {
			t.Fatalf("err = %v", err)
		}
		if r, _ := errorsx.From(err); (r.Kind == errorsx.TooManyAttempts) != (aws.ToString(na.Message) == middleware.MsgAttemptsExceeded) {
			t.Errorf("Result %v for %q", r, aws.ToString(na.Message))
		}
		return aws.ToString(na.Message)
	}
	for i := range 5 {
		if got := try(); got != middleware.MsgIncorrect {
			t.Fatalf("failure %d: %q", i+1, got)
		}
	}
	// The fifth failure locked the name out for 1 s.
	if got := try(); got != middleware.MsgAttemptsExceeded {
		t.Fatalf("during the lockout: %q", got)
	}
	clock.advance(time.Second)
	if got := try(); got != middleware.MsgIncorrect {
		t.Fatalf("after the lockout: %q", got)
	}
	// The sixth failure locked it for 2 s.
	clock.advance(1500 * time.Millisecond)
	if got := try(); got != middleware.MsgAttemptsExceeded {
		t.Fatalf("after 1.5 s of a 2 s lockout: %q", got)
	}
	// Another name is not locked.
	_, err := c.InitiateAuth(bg, passwordAuth("other", "pw"))
	apiError(t, err, "NotAuthorizedException", middleware.MsgIncorrect)
}

func TestSignUpSessionShape(t *testing.T) {
	f := newFake(map[string]answer{"SignUp": {body: `{"UserConfirmed":false,"UserSub":"11111111-2222-4333-8444-555555555555","Session":"` + strings.Repeat("s", 40) + `"}`}})
	c := fakeClient(f, middleware.WithMasking(baseOpts(middleware.WithSimulatedSignUp(nil))...))
	in := &cip.SignUpInput{ClientId: aws.String(testClient), Username: aws.String("bob"), Password: aws.String("Passw0rd!")}
	if _, err := c.SignUp(bg, in); err != nil {
		t.Fatal(err)
	}
	f.answers["SignUp"] = answer{400, "UsernameExistsException", "User already exists", ""}
	out, err := c.SignUp(bg, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(aws.ToString(out.Session)) != 40 {
		t.Errorf("simulated Session %q, want 40 characters like the real one", aws.ToString(out.Session))
	}
}

// TestConcurrentUse shares one Masker between goroutines (run with -race).
func TestConcurrentUse(t *testing.T) {
	f := newFake(map[string]answer{
		"InitiateAuth":          {400, "UserNotFoundException", "User does not exist.", ""},
		"ForgotPassword":        {400, "UserNotFoundException", "Username/client id combination not found.", ""},
		"ConfirmForgotPassword": {400, "UserNotFoundException", "Username/client id combination not found.", ""},
		"GetUser":               {body: `{"Username":"u","UserAttributes":[]}`},
	})
	m, err := middleware.New(baseOpts(middleware.WithLearnedLatencyFloor(8, 0, 0), middleware.WithSleep(func(context.Context, time.Duration) error { return nil }))...)
	if err != nil {
		t.Fatal(err)
	}
	c := fakeClient(f, m.ClientOption())
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			user := "user" + string(rune('a'+g))
			for range 10 {
				_, _ = c.InitiateAuth(bg, passwordAuth(user, "pw"))
				_, _ = c.InitiateAuth(bg, srpInitiate(user))
				_, _ = c.ForgotPassword(bg, &cip.ForgotPasswordInput{ClientId: aws.String(testClient), Username: aws.String(user)})
				_, _ = c.ConfirmForgotPassword(bg, &cip.ConfirmForgotPasswordInput{ClientId: aws.String(testClient), Username: aws.String(user),
					ConfirmationCode: aws.String("123456"), Password: aws.String("Passw0rd!")})
				_, _ = c.GetUser(bg, &cip.GetUserInput{AccessToken: aws.String("token")})
			}
		})
	}
	wg.Wait()
}

// floorRig is a client on a fake Cognito whose answers take delay on a fake clock
// that only the transport and the latency floor's Sleep move.
type floorRig struct {
	f     *fakeCognito
	clock *fakeTime
	delay time.Duration
	c     *cip.Client
}

func newFloorRig(t *testing.T, extra ...middleware.Option) *floorRig {
	r := &floorRig{f: newFake(map[string]answer{}), clock: &fakeTime{now: time.Unix(1_700_000_000, 0)}}
	transport := httpClientFunc(func(req *http.Request) (*http.Response, error) {
		r.clock.advance(r.delay)
		return r.f.Do(req)
	})
	opts := baseOpts(append([]middleware.Option{middleware.WithClock(r.clock.Now), middleware.WithSleep(r.clock.Sleep),
		middleware.WithLearnedLatencyFloor(16, 1, 50*time.Millisecond)}, extra...)...)
	r.c = fakeClient(nil, func(o *cip.Options) { o.HTTPClient = transport }, middleware.WithMasking(opts...))
	return r
}

// lastHold returns the last hold and forgets the holds so far.
func (r *floorRig) lastHold() time.Duration {
	r.clock.mu.Lock()
	defer r.clock.mu.Unlock()
	if len(r.clock.slept) == 0 {
		return 0
	}
	d := r.clock.slept[len(r.clock.slept)-1]
	r.clock.slept = nil
	return d
}

func (r *floorRig) answer(op string, a answer, d time.Duration) {
	r.f.mu.Lock()
	r.f.answers[op] = a
	r.f.mu.Unlock()
	r.delay = d
}

// TestLatencyFloorPoisoning is the attacker's test of the learned floor: real
// wrong passwords (100 ms) teach the floor; then the attacker sends many cheap
// answers of his choice (1 ms), more than the window holds. None may lower the
// floor: an unknown user's masked failure (5 ms) must still be held to 100 ms.
// Before the fix, every cheap real failure (and the masked failures of existing
// users) taught the floor, and the unknown user's answer came back after ~1 ms.
func TestLatencyFloorPoisoning(t *testing.T) {
	ms := time.Millisecond
	poisons := []struct {
		name string
		a    answer
		opts []middleware.Option
	}{
		{"InvalidParameterException", answer{400, "InvalidParameterException", "1 validation error detected", ""}, nil},
		{"lockout refused at once", answer{400, "NotAuthorizedException", middleware.MsgAttemptsExceeded, ""}, nil},
		{"reset-required user, masked", answer{400, "PasswordResetRequiredException", "Password reset required for the user", ""}, nil},
		{"disabled user, generic by policy", answer{400, "NotAuthorizedException", "User is disabled.", ""}, []middleware.Option{middleware.WithGenericDisabled()}},
		{"unknown user, masked", answer{400, "UserNotFoundException", "User does not exist.", ""}, nil},
	}
	for _, p := range poisons {
		t.Run(p.name, func(t *testing.T) {
			r := newFloorRig(t, p.opts...)
			r.answer("InitiateAuth", answer{400, "NotAuthorizedException", middleware.MsgIncorrect, ""}, 100*ms)
			for range 16 {
				_, _ = r.c.InitiateAuth(bg, passwordAuth("alice", "bad"))
			}
			r.answer("InitiateAuth", p.a, ms)
			for i := range 40 {
				_, _ = r.c.InitiateAuth(bg, passwordAuth("rita"+strconv.Itoa(i), "pw"))
			}
			r.lastHold()
			r.answer("InitiateAuth", answer{400, "UserNotFoundException", "User does not exist.", ""}, 5*ms)
			_, _ = r.c.InitiateAuth(bg, passwordAuth("ghost", "pw"))
			if got := r.lastHold(); got != 95*ms {
				t.Errorf("unknown user held %v, want 95ms (100ms floor - 5ms): the cheap answers taught the floor", got)
			}
		})
	}
}

// srpChallengeBody is a real PASSWORD_VERIFIER challenge with the given SECRET_BLOCK.
func srpChallengeBody(block string) string {
	return `{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"00","SRP_B":"02","SECRET_BLOCK":"` + block +
		`","USER_ID_FOR_SRP":"alice","USERNAME":"alice"}}`
}

func verifierAnswer(block string) *cip.RespondToAuthChallengeInput {
	return &cip.RespondToAuthChallengeInput{ClientId: aws.String(testClient), ChallengeName: types.ChallengeNameTypePasswordVerifier,
		ChallengeResponses: map[string]string{"USERNAME": "alice", "PASSWORD_CLAIM_SECRET_BLOCK": block,
			"TIMESTAMP": "Mon Jan 2 15:04:05 UTC 2006", "PASSWORD_CLAIM_SIGNATURE": "c2ln"}}
}

// TestLatencyFloorPoisoningSRP: only answers to challenges this Masker saw issued
// teach the PASSWORD_VERIFIER floor. A wrong proof for an issued challenge costs
// what checking a proof costs (100 ms); a SECRET_BLOCK the pool never issued is
// rejected at once (1 ms) with the same NotAuthorizedException, as often as the
// attacker likes, and each issued challenge teaches once. The answer to a simulated
// challenge (made without calling Cognito) must stay at the 100 ms floor.
func TestLatencyFloorPoisoningSRP(t *testing.T) {
	ms := time.Millisecond
	r := newFloorRig(t)
	wrong := answer{400, "NotAuthorizedException", middleware.MsgIncorrect, ""}
	for i := range 16 {
		block := base64.StdEncoding.EncodeToString([]byte("issued block " + strconv.Itoa(i) + strings.Repeat(".", 60)))
		r.answer("InitiateAuth", answer{body: srpChallengeBody(block)}, 100*ms)
		if _, err := r.c.InitiateAuth(bg, srpInitiate("alice")); err != nil {
			t.Fatal(err)
		}
		r.answer("RespondToAuthChallenge", wrong, 100*ms)
		_, err := r.c.RespondToAuthChallenge(bg, verifierAnswer(block))
		apiError(t, err, "NotAuthorizedException", middleware.MsgIncorrect)
		// The same issued challenge again, answered at once: it taught already.
		r.answer("RespondToAuthChallenge", wrong, ms)
		_, _ = r.c.RespondToAuthChallenge(bg, verifierAnswer(block))
	}
	r.answer("RespondToAuthChallenge", wrong, ms)
	for i := range 40 {
		_, _ = r.c.RespondToAuthChallenge(bg, verifierAnswer(base64.StdEncoding.EncodeToString([]byte("never issued "+strconv.Itoa(i)+strings.Repeat(".", 60)))))
	}
	r.lastHold()
	// An unknown user's simulated challenge and its answer.
	r.answer("InitiateAuth", answer{400, "UserNotFoundException", "User does not exist.", ""}, 5*ms)
	out, err := r.c.InitiateAuth(bg, srpInitiate("ghost"))
	if err != nil || out.ChallengeName != types.ChallengeNameTypePasswordVerifier {
		t.Fatalf("simulated challenge: %v %v", out, err)
	}
	r.lastHold()
	_, err = r.c.RespondToAuthChallenge(bg, verifierAnswer(out.ChallengeParameters["SECRET_BLOCK"]))
	apiError(t, err, "NotAuthorizedException", middleware.MsgIncorrect)
	if got := r.lastHold(); got != 100*ms {
		t.Errorf("simulated challenge's answer held %v, want 100ms: never-issued blocks taught the floor", got)
	}
}

// TestInitialFloor: before a class has learned, its held answers wait for the
// initial floor, DefaultInitialFloor by default: the first unknown user after a
// start is not answered faster than Cognito answers a known one.
func TestInitialFloor(t *testing.T) {
	clock := &fakeTime{now: time.Unix(1_700_000_000, 0)}
	f := newFake(map[string]answer{"InitiateAuth": {400, "UserNotFoundException", "User does not exist.", ""}})
	c := fakeClient(f, middleware.WithMasking(middleware.WithSecret(testSecret), middleware.WithUserPool(testPool, "email"),
		middleware.WithNormalize(middleware.NormalizeCaseSensitive), middleware.WithClock(clock.Now), middleware.WithSleep(clock.Sleep)))
	_, _ = c.InitiateAuth(bg, passwordAuth("ghost", "pw"))
	if len(clock.slept) != 1 || clock.slept[0] != middleware.DefaultInitialFloor {
		t.Errorf("first masked answer held %v, want [%v]", clock.slept, middleware.DefaultInitialFloor)
	}
}
