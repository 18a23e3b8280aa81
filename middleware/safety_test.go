package middleware_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/mockpool"
)

// movingClock is a clock the test moves, shared by the mock pool and the Masker.
type movingClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *movingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *movingClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// lockoutRig is a mock pool (LEGACY app client) with users of each state, and a
// client with the middleware built by ForPool; both on one moving clock.
type lockoutRig struct {
	t        *testing.T
	clock    *movingClock
	admin    *cip.Client
	masked   *cip.Client
	poolID   string
	clientID string
}

func newLockoutRig(t *testing.T, caseSensitive bool, opts ...middleware.Option) *lockoutRig {
	t.Helper()
	r := &lockoutRig{t: t, clock: &movingClock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}}
	s := mockpool.New(mockpool.WithSecret(testSecret), mockpool.WithTestSigningKey(), mockpool.WithClock(r.clock.Now))
	r.admin = s.Client()
	po, err := r.admin.CreateUserPool(bg, &cip.CreateUserPoolInput{PoolName: aws.String("lockout"),
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
		UsernameConfiguration:  &types.UsernameConfigurationType{CaseSensitive: aws.Bool(caseSensitive)}})
	r.must(err)
	r.poolID = aws.ToString(po.UserPool.Id)
	co, err := r.admin.CreateUserPoolClient(bg, &cip.CreateUserPoolClientInput{UserPoolId: aws.String(r.poolID), ClientName: aws.String("legacy"),
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowUserSrpAuth,
			types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}})
	r.must(err)
	r.clientID = aws.ToString(co.UserPoolClient.ClientId)
	for _, u := range []string{"alice", "dora"} {
		_, err = r.admin.AdminCreateUser(bg, &cip.AdminCreateUserInput{UserPoolId: aws.String(r.poolID), Username: aws.String(u),
			MessageAction: types.MessageActionTypeSuppress})
		r.must(err)
		_, err = r.admin.AdminSetUserPassword(bg, &cip.AdminSetUserPasswordInput{UserPoolId: aws.String(r.poolID), Username: aws.String(u),
			Password: aws.String(goodPW), Permanent: true})
		r.must(err)
	}
	_, err = r.admin.AdminDisableUser(bg, &cip.AdminDisableUserInput{UserPoolId: aws.String(r.poolID), Username: aws.String("dora")})
	r.must(err)
	_, err = r.admin.SignUp(bg, &cip.SignUpInput{ClientId: aws.String(r.clientID), Username: aws.String("una"), Password: aws.String(goodPW)})
	r.must(err)
	m, err := middleware.ForPool(bg, r.admin, r.poolID, append([]middleware.Option{middleware.WithSecret(testSecret),
		middleware.WithClock(r.clock.Now), middleware.WithoutLatencyFloor()}, opts...)...)
	r.must(err)
	r.masked = s.Client(m.ClientOption())
	return r
}

func (r *lockoutRig) must(err error) {
	r.t.Helper()
	if err != nil {
		r.t.Fatal(err)
	}
}

// signIn returns what an attacker sees of one failed password sign-in.
func (r *lockoutRig) signIn(user, pw string) string {
	r.t.Helper()
	_, err := r.masked.InitiateAuth(bg, &cip.InitiateAuthInput{ClientId: aws.String(r.clientID), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": user, "PASSWORD": pw}})
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		r.t.Fatalf("sign-in of %s: %v", user, err)
	}
	k, _ := errorsx.From(err)
	return fmt.Sprintf("%s %q %s", ae.ErrorCode(), ae.ErrorMessage(), k.Kind)
}

// sequence is the attacker's script: six wrong passwords, two quiet hours, two
// more wrong ones, a tenth of a second apart each.
func (r *lockoutRig) sequence(user string) []string {
	var out []string
	for range 6 {
		out = append(out, r.signIn(user, "Wr0ng!pass"))
		r.clock.advance(100 * time.Millisecond)
	}
	r.clock.advance(2 * time.Hour)
	for range 2 {
		out = append(out, r.signIn(user, "Wr0ng!pass"))
		r.clock.advance(100 * time.Millisecond)
	}
	return out
}

// TestLockoutSequenceKnownVsUnknown is the attacker's differential test of the
// lockout: the same script against a real user (counted by the pool), an unknown
// one, and the users WithGenericDisabled / WithGenericUnconfirmed make generic
// (counted by the middleware) must give the same answers in the same order,
// lockout and quiet-period reset included. Before the fix, the middleware never
// forgot (after the quiet hours only the unknown name said "Password attempts
// exceeded") and never counted the generic-by-policy users.
func TestLockoutSequenceKnownVsUnknown(t *testing.T) {
	r := newLockoutRig(t, true, middleware.WithGenericDisabled(), middleware.WithGenericUnconfirmed())
	want := r.sequence("alice")
	if !strings.Contains(want[5], middleware.MsgAttemptsExceeded) || strings.Contains(want[6], middleware.MsgAttemptsExceeded) {
		t.Fatalf("the pool's own lockout is not the script's premise (locked at the 6th, reset after quiet hours): %q", want)
	}
	for _, user := range []string{"ghost", "dora", "una", "rita-unknown"} {
		if got := r.sequence(user); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s:\n%s\nreal user:\n%s", user, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// TestForPoolCase: ForPool reads the pool's case sensitivity, so case variants of
// an unknown name share one counter in a case-insensitive pool (as a real user's
// do) and two in a case-sensitive one (as two real users would).
func TestForPoolCase(t *testing.T) {
	for _, sensitive := range []bool{false, true} {
		t.Run(fmt.Sprintf("case sensitive %t", sensitive), func(t *testing.T) {
			r := newLockoutRig(t, sensitive)
			var last string
			for _, u := range []string{"Ghost", "ghost", "GHOST", "gHost", "ghosT", "GhOsT"} {
				last = r.signIn(u, "Wr0ng!pass")
			}
			locked := strings.Contains(last, middleware.MsgAttemptsExceeded)
			if locked == sensitive {
				t.Errorf("sixth case variant: %s (locked %t, want %t)", last, locked, !sensitive)
			}
			// The real user's variants behave alike.
			for _, u := range []string{"Alice", "alice", "ALICE", "aLice", "alicE", "AlIcE"} {
				last = r.signIn(u, "Wr0ng!pass")
			}
			if real := strings.Contains(last, middleware.MsgAttemptsExceeded); !sensitive && real != locked {
				t.Errorf("real user's sixth case variant locked %t, unknown %t", real, locked)
			}
		})
	}
}

func TestForPoolErrors(t *testing.T) {
	f := newFake(map[string]answer{"DescribeUserPool": {400, "ResourceNotFoundException", "User pool does not exist.", ""}})
	if _, err := middleware.ForPool(bg, fakeClient(f), "us-east-1_Nope"); err == nil {
		t.Error("ForPool of a missing pool succeeded")
	}
	if _, err := middleware.ForPool(bg, nil, "x"); err == nil {
		t.Error("ForPool with a nil client succeeded")
	}
	// The pool's facts win over contradicting options.
	f = newFake(map[string]answer{"DescribeUserPool": {body: `{"UserPool":{"Id":"us-east-1_P","UsernameConfiguration":{"CaseSensitive":false},` +
		`"AutoVerifiedAttributes":["email"],"UsernameAttributes":["email"]}}`}})
	m, err := middleware.ForPool(bg, fakeClient(f), "us-east-1_P", middleware.WithNormalize(middleware.NormalizeCaseSensitive),
		middleware.WithSecret(testSecret))
	if err != nil {
		t.Fatal(err)
	}
	if s := fmt.Sprint(m); !strings.Contains(s, `UsernameAttributes: ["email"]`) || !strings.Contains(s, `AutoVerifiedAttributes: ["email"]`) {
		t.Errorf("Masker %s lacks the pool's facts", s)
	}
}

const stsIdentity = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
	`<Arn>arn:aws:iam::123456789012:user/u</Arn><UserId>AIDEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult>` +
	`<ResponseMetadata><RequestId>sts-req-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`

const stsError = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>` +
	`<Code>UserNotFoundException</Code><Message>User does not exist.</Message></Error><RequestId>sts-req-2</RequestId></ErrorResponse>`

// TestOtherServicesUntouched: registered on an aws.Config's APIOptions, the
// middleware is on every service's stacks, and touches only Cognito user pools
// calls: an STS call (success, or an error whose code Cognito would mask) passes
// through exactly as without it, while a Cognito client of the same config is
// masked.
func TestOtherServicesUntouched(t *testing.T) {
	fail := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Content-Type", "text/xml")
		if fail {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, stsError)
			return
		}
		fmt.Fprint(w, stsIdentity)
	}))
	defer srv.Close()
	m, err := middleware.New(baseOpts()...)
	if err != nil {
		t.Fatal(err)
	}
	misconfigured := middleware.WithMasking(middleware.WithSecret(testSecret)) // no case sensitivity: every Cognito call fails
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKIDFAKE", "fake", ""),
		HTTPClient: srv.Client(), BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1}
	for _, name := range []string{"none", "Register", "misconfigured"} {
		t.Run(name, func(t *testing.T) {
			c := cfg.Copy()
			switch name {
			case "Register":
				c.APIOptions = append(c.APIOptions, m.Register)
			case "misconfigured":
				var o cip.Options
				misconfigured(&o)
				c.APIOptions = append(c.APIOptions, o.APIOptions...)
			}
			client := sts.NewFromConfig(c)
			fail = false
			out, err := client.GetCallerIdentity(bg, &sts.GetCallerIdentityInput{})
			if err != nil || aws.ToString(out.Account) != "123456789012" {
				t.Fatalf("GetCallerIdentity: %v %v", out, err)
			}
			fail = true
			_, err = client.GetCallerIdentity(bg, &sts.GetCallerIdentityInput{})
			var ae smithy.APIError
			if !errors.As(err, &ae) || ae.ErrorCode() != "UserNotFoundException" || ae.ErrorMessage() != "User does not exist." {
				t.Errorf("STS error changed: %v", err)
			}
			if _, ok := errorsx.From(err); ok {
				t.Errorf("STS error carries an errorsx Result: %v", err)
			}
		})
	}
	// The Cognito client of the same config is masked.
	f := newFake(map[string]answer{"InitiateAuth": {400, "UserNotFoundException", "User does not exist.", ""}})
	c := cfg.Copy()
	c.APIOptions = append(c.APIOptions, m.Register)
	c.HTTPClient = f
	_, err = cip.NewFromConfig(c).InitiateAuth(bg, passwordAuth("ghost", "pw"))
	apiError(t, err, "NotAuthorizedException", middleware.MsgIncorrect)
}

// countingStore is a Store that records the rules it was asked about.
type countingStore struct {
	mu   sync.Mutex
	hits map[middleware.Rule]int
}

func (s *countingStore) Hit(_ context.Context, r middleware.Rule, _ middleware.Key, _ time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hits[r]++
	return s.hits[r] > 5, nil
}

func (s *countingStore) Limited(context.Context, middleware.Rule, middleware.Key, time.Time) (bool, error) {
	return false, nil
}

func (s *countingStore) Reset(context.Context, middleware.Rule, middleware.Key) error { return nil }

// TestCountersGoThroughStore: the lockout, wrong-code and delivery limits of masked
// names are decided by the configured Store, where the masked answer is made.
func TestCountersGoThroughStore(t *testing.T) {
	st := &countingStore{hits: map[middleware.Rule]int{}}
	f := newFake(map[string]answer{
		"InitiateAuth":          {400, "UserNotFoundException", "User does not exist.", ""},
		"ConfirmForgotPassword": {400, "UserNotFoundException", "Username/client id combination not found.", ""},
		"ForgotPassword":        {400, "UserNotFoundException", "Username/client id combination not found.", ""},
	})
	c := fakeClient(f, middleware.WithMasking(baseOpts(middleware.WithStore(st))...))
	var last error
	for range 6 {
		_, last = c.InitiateAuth(bg, passwordAuth("ghost", "pw"))
		_, _ = c.ConfirmForgotPassword(bg, &cip.ConfirmForgotPasswordInput{ClientId: aws.String(testClient), Username: aws.String("ghost"),
			ConfirmationCode: aws.String("123456"), Password: aws.String("Passw0rd!")})
		_, _ = c.ForgotPassword(bg, &cip.ForgotPasswordInput{ClientId: aws.String(testClient), Username: aws.String("ghost")})
	}
	apiError(t, last, "NotAuthorizedException", middleware.MsgAttemptsExceeded)
	if st.hits[middleware.SignInRule] != 6 || st.hits[middleware.WrongCodeRule] != 6 || st.hits[middleware.DeliveryRule] != 6 {
		t.Errorf("store hits %v, want 6 of each rule", st.hits)
	}
}
