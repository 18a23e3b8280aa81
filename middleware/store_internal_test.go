package middleware

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// stubStore answers every call with limited/err, after waiting on block (nil: no
// wait; it ignores its context, as go-redis does by default), and records whether
// the context it got was already done.
type stubStore struct {
	limited bool
	err     error
	block   chan struct{}

	mu        sync.Mutex
	calls     int
	ctxWasErr bool
}

func (s *stubStore) do(ctx context.Context) (bool, error) {
	s.mu.Lock()
	s.calls++
	if ctx.Err() != nil {
		s.ctxWasErr = true
	}
	s.mu.Unlock()
	if s.block != nil {
		<-s.block
	}
	return s.limited, s.err
}

func (s *stubStore) Hit(ctx context.Context, _ Rule, _ Key, _ time.Time) (bool, error) {
	return s.do(ctx)
}
func (s *stubStore) Limited(ctx context.Context, _ Rule, _ Key, _ time.Time) (bool, error) {
	return s.do(ctx)
}
func (s *stubStore) Reset(ctx context.Context, _ Rule, _ Key) error { _, err := s.do(ctx); return err }

// sequence plays 7 failed sign-ins at one instant and returns the limited flags.
func sequence(t testing.TB, c *counters, now time.Time) []bool {
	var out []bool
	for range 7 {
		out = append(out, c.hit(t.Context(), SignInRule, Key{1}, now))
	}
	return out
}

var wantSignIn = []bool{false, false, false, false, false, true, true}

func equalBools(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A failing Store never shows: the answers are the in-process count's, each
// failure reaches the hook, and the log gets one record per StoreLogInterval.
func TestCountersStoreFails(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := now
	var logs bytes.Buffer
	var hooked []error
	st := &stubStore{err: errors.New("redis: connection refused")}
	c := newCountersFor(&Options{Store: st, Logger: slog.New(slog.NewTextHandler(&logs, nil)),
		OnStoreError: func(err error) { hooked = append(hooked, err) }, Clock: func() time.Time { return clock }})
	if got := sequence(t, c, now); !equalBools(got, wantSignIn) {
		t.Fatalf("answers %v, want the in-process count %v", got, wantSignIn)
	}
	if len(hooked) != 7 || c.storeFailures() != 7 {
		t.Fatalf("%d failures hooked, %d counted, want 7", len(hooked), c.storeFailures())
	}
	if n := strings.Count(logs.String(), "counter store failed"); n != 1 {
		t.Fatalf("%d log records within one interval, want 1:\n%s", n, logs.String())
	}
	clock = clock.Add(StoreLogInterval)
	c.limited(t.Context(), SignInRule, Key{1}, now)
	c.reset(t.Context(), SignInRule, Key{1})
	if n := strings.Count(logs.String(), "counter store failed"); n != 2 {
		t.Fatalf("%d log records over two intervals, want 2:\n%s", n, logs.String())
	}
	if got := sequence(t, c, now); !equalBools(got, wantSignIn) {
		t.Fatalf("after reset: %v, want %v", got, wantSignIn)
	}
}

// A Store that hangs, ignoring its context, cannot hold an answer: every call
// returns (by the timeout) with the in-process count's answer.
func TestCountersStoreHangs(t *testing.T) {
	st := &stubStore{block: make(chan struct{})}
	t.Cleanup(func() { close(st.block) })
	var hooked int
	c := newCountersFor(&Options{Store: st, StoreTimeout: time.Millisecond, Logger: slog.New(slog.DiscardHandler),
		OnStoreError: func(err error) {
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("hook got %v, want a deadline", err)
			}
			hooked++
		}})
	now := time.Unix(1_800_000_000, 0)
	if got := sequence(t, c, now); !equalBools(got, wantSignIn) {
		t.Fatalf("answers %v, want %v", got, wantSignIn)
	}
	if !c.limited(t.Context(), SignInRule, Key{1}, now) {
		t.Fatal("limited: not the in-process count's answer")
	}
	c.reset(t.Context(), SignInRule, Key{1})
	if hooked != 9 {
		t.Fatalf("%d failures hooked, want 9", hooked)
	}
}

// A working Store's answer wins over the in-process count (which sees only this
// process's events), and the store call outlives a caller that hung up.
func TestCountersStoreAnswers(t *testing.T) {
	st := &stubStore{limited: true}
	c := newCountersFor(&Options{Store: st})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if !c.hit(ctx, DeliveryRule, Key{2}, time.Unix(1_800_000_000, 0)) {
		t.Fatal("the store's answer was not used")
	}
	if st.ctxWasErr {
		t.Fatal("the store call got the caller's cancelled context")
	}
	if c.storeFailures() != 0 {
		t.Fatal("a working store counted as failed")
	}
	// Without a Store: the in-memory count alone.
	if got := sequence(t, newCounters(nil), time.Unix(1_800_000_000, 0)); !equalBools(got, wantSignIn) {
		t.Fatalf("in memory: %v, want %v", got, wantSignIn)
	}
}
