package redisstore_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/maskedauth/maskedauth/internal/redistest"
	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/middleware/redisstore"
)

var bg = context.Background()

// quiet drops log records: the store failures the tests cause on purpose.
var quiet = slog.New(slog.DiscardHandler)

type discard struct{}

func (discard) Printf(context.Context, string, ...any) {}

func TestMain(m *testing.M) {
	redis.SetLogger(discard{}) // go-redis logs each failed dial of the killed servers
	os.Exit(m.Run())
}

// newRedis starts a redis-server for t and returns a client on it.
func newRedis(t testing.TB) (*redistest.Server, *redis.Client) {
	t.Helper()
	srv := redistest.Start(t)
	c := redis.NewClient(&redis.Options{Addr: srv.Addr})
	t.Cleanup(func() { c.Close() })
	return srv, c
}

// clock is a fake clock shared by the mock pool and every Masker.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 4, 5, 6, 7, 890, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// A Store counts like lockout.Apply, through Redis: the sign-in lockout after five
// failures, Limited without counting, Reset; keys hold the prefix, the hex key in a
// hash tag and the rule, nothing else.
func TestStoreCounts(t *testing.T) {
	_, rdb := newRedis(t)
	s := redisstore.New(rdb, redisstore.WithPrefix("t1:"))
	k := middleware.Key{0xab, 0xcd}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 1; i <= 7; i++ {
		lim, err := s.Hit(bg, middleware.SignInRule, k, now)
		if err != nil {
			t.Fatal(err)
		}
		if want := i == 6 || i == 7; lim != want {
			t.Fatalf("failure %d: limited %v, want %v", i, lim, want)
		}
	}
	if lim, err := s.Limited(bg, middleware.SignInRule, k, now); err != nil || !lim {
		t.Fatalf("Limited during the lockout: %v %v", lim, err)
	}
	if lim, err := s.Limited(bg, middleware.SignInRule, k, now.Add(time.Second)); err != nil || lim {
		t.Fatalf("Limited after the lockout: %v %v", lim, err)
	}
	keys, err := rdb.Keys(bg, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if want := "t1:{abcd0000000000000000000000000000}:signin"; len(keys) != 1 || keys[0] != want {
		t.Fatalf("keys %q, want [%s]", keys, want)
	}
	if ttl := rdb.PTTL(bg, keys[0]).Val(); ttl <= 0 || ttl > middleware.SignInRule.TTL() {
		t.Fatalf("the key expires in %v, want within %v", ttl, middleware.SignInRule.TTL())
	}
	if err := s.Reset(bg, middleware.SignInRule, k); err != nil {
		t.Fatal(err)
	}
	if lim, err := s.Hit(bg, middleware.SignInRule, k, now); err != nil || lim {
		t.Fatalf("after Reset: %v %v", lim, err)
	}
	if _, err := s.Hit(bg, middleware.Rule(0), k, now); err == nil {
		t.Error("an unknown rule was accepted")
	}
}

// The script is loaded on first use (NOSCRIPT, then EVAL) and again after SCRIPT
// FLUSH.
func TestStoreReloadsScript(t *testing.T) {
	_, rdb := newRedis(t)
	s := redisstore.New(rdb)
	now := time.Unix(1_800_000_000, 0)
	for i := range 3 {
		if err := rdb.ScriptFlush(bg).Err(); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Hit(bg, middleware.DeliveryRule, middleware.Key{1}, now); err != nil {
			t.Fatalf("hit %d after SCRIPT FLUSH: %v", i, err)
		}
	}
}

// Two stores with different prefixes on one Redis share no counter; two with the
// same prefix share all.
func TestPrefixesDoNotShare(t *testing.T) {
	_, rdb := newRedis(t)
	a := redisstore.New(rdb, redisstore.WithPrefix("app-a:"))
	b := redisstore.New(rdb, redisstore.WithPrefix("app-b:"))
	a2 := redisstore.New(rdb, redisstore.WithPrefix("app-a:"))
	k := middleware.Key{7}
	now := time.Unix(1_800_000_000, 0)
	for _, r := range []middleware.Rule{middleware.SignInRule, middleware.WrongCodeRule, middleware.DeliveryRule} {
		for range 12 {
			if _, err := a.Hit(bg, r, k, now); err != nil {
				t.Fatal(err)
			}
		}
		if lim, err := a2.Limited(bg, r, k, now); err != nil || !lim {
			t.Errorf("%s: the same prefix does not see the counter (%v, %v)", r, lim, err)
		}
		if lim, err := b.Limited(bg, r, k, now); err != nil || lim {
			t.Errorf("%s: another prefix sees the counter (%v, %v)", r, lim, err)
		}
		if lim, err := b.Hit(bg, r, k, now); err != nil || lim {
			t.Errorf("%s: another prefix's first event is limited (%v, %v)", r, lim, err)
		}
	}
}

func TestPrefixWithBracesRefused(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a prefix with a hash tag was accepted")
		}
	}()
	redisstore.New(redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"}), redisstore.WithPrefix("x{y}:"))
}

// A dead Redis is an error, returned, not a hang (bounded by the context).
func TestStoreDownIsAnError(t *testing.T) {
	srv, rdb := newRedis(t)
	s := redisstore.New(rdb)
	srv.Kill()
	ctx, cancel := context.WithTimeout(bg, 5*time.Second)
	defer cancel()
	if _, err := s.Hit(ctx, middleware.SignInRule, middleware.Key{1}, time.Now()); err == nil {
		t.Fatal("Hit on a killed Redis did not fail")
	}
	if err := s.Reset(ctx, middleware.SignInRule, middleware.Key{1}); err == nil || errors.Is(err, redis.Nil) {
		t.Fatalf("Reset on a killed Redis: %v", err)
	}
}
