//go:build unix

package redisstore_test

import (
	"slices"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/maskedauth/maskedauth/internal/redistest"
	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/middleware/redisstore"
)

// A Redis that hangs (stopped: connections stay open, nothing answers) in the
// middle of each sequence, behind a client that would wait for it forever (no read
// timeout, and go-redis ignores context deadlines by default): every call still
// returns, bounded by the Masker's store timeout, with an answer a real user gets.
func TestRedisHungMidSequence(t *testing.T) {
	srv := redistest.Start(t)
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr, ReadTimeout: -1, WriteTimeout: -1, MaxRetries: -1})
	t.Cleanup(func() { rdb.Close() })
	f := newFleet(t, 3, func() middleware.Store { return redisstore.New(rdb) })
	for _, sc := range scenarios {
		done := make(chan struct{})
		var real, unknown []string
		go func() {
			defer close(done)
			real, unknown = f.run(sc, func(i int) {
				if i == 3 {
					srv.Pause()
				}
			})
		}()
		select {
		case <-done:
		case <-time.After(time.Minute): // a liveness check, not a timing one: the bound is 50 ms
			t.Fatalf("%s: a call hung on the stopped Redis", sc.name)
		}
		for i, a := range unknown {
			if !slices.Contains(real, a) {
				t.Errorf("%s: attempt %d answers %q, which no real user got:%s", sc.name, i+1, a, diff(real, unknown, len(f.replicas)))
			}
		}
	}
}
