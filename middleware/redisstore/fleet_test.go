package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/middleware/redisstore"
	"github.com/maskedauth/maskedauth/mockpool"
)

var secret = []byte("0123456789abcdef0123456789abcdef")

const (
	goodPW  = "Passw0rd!"
	wrongPW = "Wr0ng!pass"
)

// fleet is one mock pool with a LEGACY and an ENABLED app client, a plain SDK
// client (the ENABLED side) and n replicas of a backend on the LEGACY client, each
// an SDK client with its own Masker, all on one fake clock.
type fleet struct {
	t                   testing.TB
	clk                 *clock
	admin, plain        *cip.Client
	poolID              string
	legacyID, enabledID string
	replicas            []*cip.Client
}

// newFleet builds a fleet of n replicas; store (nil: each replica in its own
// memory) gives each replica's Store.
func newFleet(t testing.TB, n int, store func() middleware.Store, extra ...middleware.Option) *fleet {
	t.Helper()
	f := &fleet{t: t, clk: newClock()}
	mp := mockpool.New(mockpool.WithClock(f.clk.Now), mockpool.WithSecret(secret), mockpool.WithTestSigningKey(), mockpool.WithFixedCode("123456"))
	f.admin, f.plain = mp.Client(), mp.Client()
	out, err := f.admin.CreateUserPool(bg, &cip.CreateUserPoolInput{PoolName: aws.String("fleet"),
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail}})
	if err != nil {
		t.Fatal(err)
	}
	f.poolID = aws.ToString(out.UserPool.Id)
	f.legacyID = f.appClient("legacy", types.PreventUserExistenceErrorTypesLegacy)
	f.enabledID = f.appClient("enabled", types.PreventUserExistenceErrorTypesEnabled)
	for range n {
		opts := []middleware.Option{middleware.WithSecret(secret), middleware.WithUserPool(f.poolID, "email"),
			middleware.WithNormalize(func(s string) string { return s }), // the pool is case sensitive
			middleware.WithClock(f.clk.Now), middleware.WithoutLatencyFloor(), middleware.WithLogger(quiet)}
		if store != nil {
			opts = append(opts, middleware.WithStore(store()))
		}
		m, err := middleware.New(append(opts, extra...)...)
		if err != nil {
			t.Fatal(err)
		}
		f.replicas = append(f.replicas, mp.Client(m.ClientOption()))
	}
	return f
}

func (f *fleet) appClient(name string, mode types.PreventUserExistenceErrorTypes) string {
	f.t.Helper()
	out, err := f.admin.CreateUserPoolClient(bg, &cip.CreateUserPoolClientInput{UserPoolId: aws.String(f.poolID), ClientName: aws.String(name),
		PreventUserExistenceErrors: mode, ExplicitAuthFlows: []types.ExplicitAuthFlowsType{
			types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}})
	if err != nil {
		f.t.Fatal(err)
	}
	return aws.ToString(out.UserPoolClient.ClientId)
}

// user creates a CONFIRMED user with a verified email.
func (f *fleet) user(name string) {
	f.t.Helper()
	_, err := f.admin.AdminCreateUser(bg, &cip.AdminCreateUserInput{UserPoolId: aws.String(f.poolID), Username: aws.String(name),
		MessageAction: types.MessageActionTypeSuppress, UserAttributes: []types.AttributeType{
			{Name: aws.String("email"), Value: aws.String(name + "@example.com")}, {Name: aws.String("email_verified"), Value: aws.String("true")}}})
	if err == nil {
		_, err = f.admin.AdminSetUserPassword(bg, &cip.AdminSetUserPasswordInput{UserPoolId: aws.String(f.poolID), Username: aws.String(name),
			Password: aws.String(goodPW), Permanent: true})
	}
	if err != nil {
		f.t.Fatal(err)
	}
}

// answer is what an attacker compares: the error code and message, or "ok".
func answer(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode() + ": " + ae.ErrorMessage()
	}
	if err != nil {
		return "error: " + err.Error()
	}
	return "ok"
}

// call is one attempt of a scenario by the given client and app client id.
type call func(ctx context.Context, c *cip.Client, clientID, username string) error

// scenario is a sequence of attempts for one username, with the fake time between
// them; before runs first (once, on the same client).
type scenario struct {
	name    string
	before  call
	attempt call
	n       int
	gap     time.Duration
	limit   string // an answer the ENABLED sequence must contain, so the comparison proves something
	// poolCounts: the mock pool itself counts this limit for every typed name,
	// existing or not, on LEGACY clients too (Cognito may or may not; the
	// middleware counts in case it does not), so against the mock pool in-memory
	// replicas answer alike as well.
	poolCounts bool
}

var scenarios = []scenario{
	{name: "sign-in lockout", n: 7, gap: 600 * time.Millisecond, limit: "NotAuthorizedException: Password attempts exceeded",
		attempt: func(ctx context.Context, c *cip.Client, id, u string) error {
			_, err := c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: aws.String(id), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
				AuthParameters: map[string]string{"USERNAME": u, "PASSWORD": wrongPW}})
			return err
		}},
	{name: "ConfirmForgotPassword wrong codes", n: 7, gap: time.Second, limit: "LimitExceededException",
		before: forgot,
		attempt: func(ctx context.Context, c *cip.Client, id, u string) error {
			_, err := c.ConfirmForgotPassword(ctx, &cip.ConfirmForgotPasswordInput{ClientId: aws.String(id), Username: aws.String(u),
				ConfirmationCode: aws.String("000000"), Password: aws.String("N3w!passw0rd")})
			return err
		}},
	{name: "ForgotPassword limit", n: 12, gap: time.Minute, limit: "LimitExceededException", attempt: forgot, poolCounts: true},
}

func forgot(ctx context.Context, c *cip.Client, id, u string) error {
	_, err := c.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: aws.String(id), Username: aws.String(u)})
	return err
}

// run plays sc for a real user on the ENABLED client and, at the same fake times,
// for an unknown name spread round-robin over the replicas on the LEGACY client;
// between(i) runs before attempt i.
func (f *fleet) run(sc scenario, between func(i int)) (real, unknown []string) {
	f.t.Helper()
	tag := strings.NewReplacer(" ", "-").Replace(sc.name)
	realName, ghost := "real-"+tag, "ghost-"+tag
	f.user(realName)
	do := func(c call, cl *cip.Client, id, u string) string {
		// Far above any store timeout: a call still running by then is hung.
		ctx, cancel := context.WithTimeout(bg, 2*time.Second)
		defer cancel()
		return answer(c(ctx, cl, id, u))
	}
	if sc.before != nil {
		do(sc.before, f.plain, f.enabledID, realName)
		do(sc.before, f.replicas[0], f.legacyID, ghost)
	}
	for i := range sc.n {
		if between != nil {
			between(i)
		}
		real = append(real, do(sc.attempt, f.plain, f.enabledID, realName))
		unknown = append(unknown, do(sc.attempt, f.replicas[i%len(f.replicas)], f.legacyID, ghost))
		f.clk.Advance(sc.gap)
	}
	if !slices.ContainsFunc(real, func(a string) bool { return strings.HasPrefix(a, sc.limit) }) {
		f.t.Fatalf("%s: the ENABLED answers %q never reach the limit (%s): the comparison proves nothing", sc.name, real, sc.limit)
	}
	return real, unknown
}

func diff(real, unknown []string, replicas int) string {
	var b strings.Builder
	for i := range real {
		mark := "  "
		if real[i] != unknown[i] {
			mark = "≠ "
		}
		fmt.Fprintf(&b, "\n%s%2d  real user, ENABLED: %-60s unknown name, LEGACY + replica %d: %s", mark, i+1, real[i], i%replicas, unknown[i])
	}
	return b.String()
}

// Three replicas of a LEGACY backend on one Redis answer an unknown name, attempts
// spread round-robin over them, exactly as an ENABLED client answers a real user:
// the sign-in lockout, ConfirmForgotPassword's wrong-code limit and ForgotPassword's
// rate limit are counted once, as Cognito counts them.
func TestReplicasOnRedisAnswerLikeOneCognito(t *testing.T) {
	_, rdb := newRedis(t)
	f := newFleet(t, 3, func() middleware.Store { return redisstore.New(rdb) })
	for _, sc := range scenarios {
		real, unknown := f.run(sc, nil)
		if !slices.Equal(real, unknown) {
			t.Errorf("%s: three replicas on one Redis answer unlike one Cognito:%s", sc.name, diff(real, unknown, len(f.replicas)))
		}
	}
}

// The same three replicas, each counting in its own memory, answer differently:
// each sees a third of the attempts, so an attacker who spreads them tells an
// unknown name from a real one. This is why the Store exists. (ForgotPassword's
// limit is the exception here: the mock pool counts it for unknown names itself.)
func TestReplicasInMemoryDiffer(t *testing.T) {
	f := newFleet(t, 3, nil)
	for _, sc := range scenarios {
		real, unknown := f.run(sc, nil)
		if sc.poolCounts {
			continue
		}
		if slices.Equal(real, unknown) {
			t.Errorf("%s: three in-memory replicas answer like one Cognito; the Redis test proves nothing:%s", sc.name, diff(real, unknown, len(f.replicas)))
		}
	}
}

// Redis killed in the middle of each sequence: no call hangs, each answer is one a
// real user gets in the same sequence (the replicas count in their own memory
// from then on), and the failures reach the hook. With one replica the answers stay
// exactly those of ENABLED: it counted every attempt in its memory too.
func TestRedisKilledMidSequence(t *testing.T) {
	for _, n := range []int{3, 1} {
		t.Run(fmt.Sprintf("%d replicas", n), func(t *testing.T) {
			srv, rdb := newRedis(t)
			var failures atomic.Int64
			f := newFleet(t, n, func() middleware.Store { return redisstore.New(rdb) },
				middleware.WithStoreErrorHook(func(error) { failures.Add(1) }))
			for _, sc := range scenarios {
				real, unknown := f.run(sc, func(i int) {
					if i == 3 {
						srv.Kill()
					}
				})
				for i, a := range unknown {
					if !slices.Contains(real, a) {
						t.Errorf("%s: attempt %d answers %q, which no real user got:%s", sc.name, i+1, a, diff(real, unknown, len(f.replicas)))
					}
				}
				if n == 1 && !slices.Equal(real, unknown) {
					t.Errorf("%s: one replica after Redis died answers unlike ENABLED:%s", sc.name, diff(real, unknown, len(f.replicas)))
				}
			}
			if failures.Load() == 0 {
				t.Error("no store failure reached the hook")
			}
		})
	}
}
