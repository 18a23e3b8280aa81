package middleware

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	lk "github.com/maskedauth/maskedauth/internal/lockout"
)

// Store keeps the counters behind the lockout, the ConfirmForgotPassword
// wrong-code limit and the ForgotPassword rate limit of the names the middleware
// masks, and applies Cognito's rules to them atomically. The default is in this
// process's memory (bounded); replicas of one backend share one Store
// (redisstore.New) so that they count like one Cognito.
//
// Decisions use the time the Masker passes (its clock), never the store's own.
//
// A Store may fail (Redis down, slow, unreachable): the Masker bounds every call
// by its StoreTimeout (WithStoreTimeout) and answers from its own in-process count
// of the same counter instead, which it keeps alongside the Store's. A failure
// therefore never turns into an error or a wait a real user would not get: the
// answer is one Cognito could give, counted with what this process has seen. The
// Masker logs a failure at most once per StoreLogInterval (to its Logger, or
// slog.Default) and reports each one to the hook of WithStoreErrorHook.
//
// Implementations must be safe for concurrent use and should return soon after
// ctx is done; the Masker does not wait for them past its timeout anyway.
type Store interface {
	// Hit records one event of rule r for key k at now and reports whether it was
	// limited (a running lockout, used-up codes, past the delivery limit).
	Hit(ctx context.Context, r Rule, k Key, now time.Time) (limited bool, err error)
	// Limited reports whether the next event would be limited, counting nothing.
	Limited(ctx context.Context, r Rule, k Key, now time.Time) (bool, error)
	// Reset forgets the counter.
	Reset(ctx context.Context, r Rule, k Key) error
}

// Rule is one of Cognito's counters (SignInRule, WrongCodeRule, SignUpCodeRule,
// DeliveryRule).
type Rule = lk.Rule

// Key identifies a counted name: a keyed hash, never the name itself.
type Key = lk.Key

// The counters a Store keeps.
const (
	SignInRule    = lk.SignIn
	WrongCodeRule = lk.WrongCode
	// SignUpCodeRule counts ConfirmSignUp's wrong codes.
	SignUpCodeRule = lk.SignUpCode
	DeliveryRule   = lk.Delivery
)

// WithStore sets the Store of the Masker's counters (see Store).
func WithStore(s Store) Option { return func(o *Options) { o.Store = s } }

// DefaultStoreTimeout bounds each Store call unless WithStoreTimeout says
// otherwise. It is meant to stay inside the latency floor: a masked answer that
// waited for the store is held to the floor like any other, so keep the timeout
// well below the floor of the classes the store serves (sign-in failures, code
// deliveries, wrong codes; hundreds of milliseconds against Cognito). On loopback
// or in one zone a Redis round trip takes well under a millisecond.
const DefaultStoreTimeout = 50 * time.Millisecond

// StoreLogInterval is the least time between two log records of Store failures.
const StoreLogInterval = time.Minute

// WithStoreTimeout bounds each Store call by d (default DefaultStoreTimeout);
// past it the call is answered from the in-process count (see Store).
func WithStoreTimeout(d time.Duration) Option { return func(o *Options) { o.StoreTimeout = d } }

// WithStoreErrorHook calls f with the error of each failed or timed-out Store call,
// in the request's goroutine: count it in a metric (keep f quick). The error never
// holds a username: the store only sees keyed hashes.
func WithStoreErrorHook(f func(error)) Option { return func(o *Options) { o.OnStoreError = f } }

// counters is what the Masker counts with: the in-memory Table always, and the
// configured Store when there is one, whose answer wins unless it fails.
//
// Every event goes to both: the local Table then holds at least what this process
// has seen, so a Store failure answers from a count that is exact for one replica
// and a lower bound for several, never from nothing.
type counters struct {
	store   Store
	local   *lk.Table
	timeout time.Duration
	onErr   func(error)
	logger  *slog.Logger
	clock   func() time.Time

	failures atomic.Uint64
	nextLog  atomic.Int64 // unix nanoseconds (clock): no failure record before this
}

// newCounters returns counters on s (nil: in memory only) with the default
// timeout, no hook, slog.Default and time.Now. newCountersFor takes them from
// Options.
func newCounters(s Store) *counters {
	return &counters{store: s, local: lk.NewTable(0), timeout: DefaultStoreTimeout, clock: time.Now}
}

// newCountersFor returns the counters Options configure: Store, StoreTimeout,
// OnStoreError, Logger and Clock.
func newCountersFor(o *Options) *counters {
	c := newCounters(o.Store)
	if o.StoreTimeout > 0 {
		c.timeout = o.StoreTimeout
	}
	c.onErr = o.OnStoreError
	c.logger = o.Logger
	if o.Clock != nil {
		c.clock = o.Clock
	}
	return c
}

// hit records an event and reports whether it was limited.
func (c *counters) hit(ctx context.Context, r Rule, k Key, now time.Time) bool {
	local := c.local.HitNow(r, k, now)
	if c.store == nil {
		return local
	}
	lim, err := c.bounded(ctx, "hit", func(ctx context.Context) (bool, error) { return c.store.Hit(ctx, r, k, now) })
	if err != nil {
		return local
	}
	return lim
}

// limited reports whether the next event would be limited.
func (c *counters) limited(ctx context.Context, r Rule, k Key, now time.Time) bool {
	if c.store != nil {
		lim, err := c.bounded(ctx, "limited", func(ctx context.Context) (bool, error) { return c.store.Limited(ctx, r, k, now) })
		if err == nil {
			return lim
		}
	}
	return c.local.LimitedNow(r, k, now)
}

// reset forgets a counter.
func (c *counters) reset(ctx context.Context, r Rule, k Key) {
	c.local.ResetNow(r, k)
	if c.store != nil {
		_, _ = c.bounded(ctx, "reset", func(ctx context.Context) (bool, error) { return false, c.store.Reset(ctx, r, k) })
	}
}

type storeResult struct {
	v   bool
	err error
}

// bounded runs one Store call and returns by the timeout whatever the Store does
// (a client that ignores its context, as go-redis does by default, cannot hold the
// answer). The call does not end with the caller's context: a client hanging up
// must not keep its attempt from being counted.
func (c *counters) bounded(ctx context.Context, op string, f func(context.Context) (bool, error)) (bool, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.timeout)
	defer cancel()
	done := make(chan storeResult, 1)
	go func() {
		v, err := f(ctx)
		done <- storeResult{v, err}
	}()
	var res storeResult
	select {
	case res = <-done:
	case <-ctx.Done():
		res.err = ctx.Err()
	}
	if res.err != nil {
		c.failed(ctx, op, res.err)
	}
	return res.v, res.err
}

// failed counts a Store failure, calls the hook and logs at most once per
// StoreLogInterval.
func (c *counters) failed(ctx context.Context, op string, err error) {
	n := c.failures.Add(1)
	if c.onErr != nil {
		c.onErr(err)
	}
	now := c.clock().UnixNano()
	next := c.nextLog.Load()
	if now < next || !c.nextLog.CompareAndSwap(next, now+int64(StoreLogInterval)) {
		return
	}
	l := c.logger
	if l == nil {
		l = slog.Default()
	}
	l.LogAttrs(ctx, slog.LevelWarn, "maskedauth: counter store failed; counting in this process",
		slog.String("op", op), slog.String("error", err.Error()), slog.Uint64("failures", n))
}

// storeFailures is how many Store calls have failed or timed out.
func (c *counters) storeFailures() uint64 { return c.failures.Load() }

// StoreFailures is how many calls to the Masker's Store failed or timed out (each
// answered from this process's own count instead): a counter for metrics.
func (m *Masker) StoreFailures() uint64 { return m.counters.storeFailures() }
