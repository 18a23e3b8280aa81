package middleware

import (
	"context"
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
type Store interface {
	// Hit records one event of rule r for key k at now and reports whether it was
	// limited (a running lockout, used-up codes, past the delivery limit).
	Hit(ctx context.Context, r Rule, k Key, now time.Time) (limited bool, err error)
	// Limited reports whether the next event would be limited, counting nothing.
	Limited(ctx context.Context, r Rule, k Key, now time.Time) (bool, error)
	// Reset forgets the counter.
	Reset(ctx context.Context, r Rule, k Key) error
}

// Rule is one of Cognito's counters (SignInRule, WrongCodeRule, DeliveryRule).
type Rule = lk.Rule

// Key identifies a counted name: a keyed hash, never the name itself.
type Key = lk.Key

// The counters a Store keeps.
const (
	SignInRule    = lk.SignIn
	WrongCodeRule = lk.WrongCode
	DeliveryRule  = lk.Delivery
)

// WithStore sets the Store of the Masker's counters (see Store).
func WithStore(s Store) Option { return func(o *Options) { o.Store = s } }

// counters is what the Masker counts with: the configured Store, or the in-memory
// Table.
type counters struct {
	store Store
	local *lk.Table
}

func newCounters(s Store) *counters {
	c := &counters{local: lk.NewTable(0)}
	if s != nil {
		c.store = s
	}
	return c
}

// hit records an event and reports whether it was limited.
func (c *counters) hit(ctx context.Context, r Rule, k Key, now time.Time) bool {
	if c.store != nil {
		if lim, err := c.store.Hit(ctx, r, k, now); err == nil {
			return lim
		}
	}
	return c.local.HitNow(r, k, now)
}

// limited reports whether the next event would be limited.
func (c *counters) limited(ctx context.Context, r Rule, k Key, now time.Time) bool {
	if c.store != nil {
		if lim, err := c.store.Limited(ctx, r, k, now); err == nil {
			return lim
		}
	}
	return c.local.LimitedNow(r, k, now)
}

// reset forgets a counter.
func (c *counters) reset(ctx context.Context, r Rule, k Key) {
	if c.store != nil {
		_ = c.store.Reset(ctx, r, k)
	}
	c.local.ResetNow(r, k)
}
