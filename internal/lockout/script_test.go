package lockout_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/maskedauth/maskedauth/internal/lockout"
	"github.com/maskedauth/maskedauth/internal/redistest"
)

// step draws the time to the next event after s: mostly bursts, sometimes the
// waits that matter to the rules (a running lockout, the quiet reset, the windows),
// to the nanosecond or around them, sometimes hours, sometimes a little backwards
// (replicas' clocks are not one clock).
func step(rng *rand.Rand, s lockout.State, now int64) int64 {
	edge := func(at int64) int64 { return at - now + rng.Int64N(3) - 1 } // at-1, at or at+1
	switch p := rng.IntN(120); {
	case p >= 100:
		switch rng.IntN(4) {
		case 0:
			return edge(s.Until)
		case 1:
			return edge(s.Last + int64(lockout.QuietReset))
		case 2:
			return edge(s.First + int64(lockout.WrongCodeWindow))
		default:
			return edge(s.First + int64(lockout.DeliveryWindow))
		}
	case p < 45:
		return rng.Int64N(int64(2 * time.Second))
	case p < 60:
		return rng.Int64N(int64(40 * time.Second))
	case p < 75:
		return int64(14*time.Minute) + rng.Int64N(int64(2*time.Minute)) // around QuietReset and MaxLockout
	case p < 85:
		return int64(59*time.Minute) + rng.Int64N(int64(2*time.Minute)) // around the windows
	case p < 92:
		return rng.Int64N(int64(3 * time.Hour))
	case p < 96:
		return -rng.Int64N(int64(time.Second))
	default:
		return 0
	}
}

// The Lua script gives the same answers and leaves the same State as Apply over
// thousands of random event sequences of every rule, and Limited over the decoded
// State agrees.
func TestScriptMirrorsApply(t *testing.T) {
	srv := redistest.Start(t)
	ctx := t.Context()
	c := redis.NewClient(&redis.Options{Addr: srv.Addr})
	t.Cleanup(func() { c.Close() })
	script := redis.NewScript(lockout.Script)
	if err := script.Load(ctx, c).Err(); err != nil {
		t.Fatal(err)
	}
	sequences := 1000
	if testing.Short() {
		sequences = 200
	}
	for _, r := range []lockout.Rule{lockout.SignIn, lockout.WrongCode, lockout.Delivery, lockout.SignUpCode, lockout.AttributeCode, lockout.PreviousPassword} {
		t.Run(r.String(), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(r), 12))
			limitedSeen, events := 0, 0
			for seq := range sequences {
				key := fmt.Sprintf("mirror:%s:%d", r, seq)
				// Times from 2001 to 2286, at any nanosecond: far above 2^53.
				now := int64(1e18) + rng.Int64N(int64(8e18))
				n := 1 + rng.IntN(40)
				times, wants, states := make([]int64, n), make([]bool, n), make([]lockout.State, n)
				var s lockout.State
				for i := range times {
					times[i] = now
					s, wants[i] = lockout.Apply(r, s, now)
					states[i] = s
					now += max(step(rng, s, now), -int64(time.Second))
				}
				pipe := c.Pipeline()
				hits := make([]*redis.Cmd, n)
				stored := make([]*redis.SliceCmd, n)
				for i, at := range times {
					args, err := lockout.ScriptArgs(r, at)
					if err != nil {
						t.Fatal(err)
					}
					hits[i] = script.EvalSha(ctx, pipe, []string{key}, args...)
					stored[i] = pipe.HMGet(ctx, key, lockout.StateFields[:]...)
				}
				ttl := pipe.PTTL(ctx, key)
				if _, err := pipe.Exec(ctx); err != nil {
					t.Fatal(err)
				}
				for i, at := range times {
					s, want := states[i], wants[i]
					got, err := hits[i].Int()
					if err != nil {
						t.Fatal(err)
					}
					gs, err := lockout.DecodeState(stored[i].Val())
					if err != nil {
						t.Fatal(err)
					}
					if (got == 1) != want || gs != s {
						t.Fatalf("sequence %d event %d (+%v): script limited %v state %+v; Apply limited %v state %+v",
							seq, i, time.Duration(at-times[0]), got == 1, gs, want, s)
					}
					probe := at + step(rng, s, at)
					if lockout.Limited(r, gs, probe) != lockout.Limited(r, s, probe) {
						t.Fatalf("sequence %d event %d: Limited differs", seq, i)
					}
					if want {
						limitedSeen++
					}
					events++
				}
				if d := time.Duration(ttl.Val()); d <= 0 || d > r.TTL() {
					t.Fatalf("sequence %d: key expires in %v, want within %v", seq, d, r.TTL())
				}
			}
			if limitedSeen == 0 || limitedSeen == events {
				t.Fatalf("%d of %d events limited: the sequences do not exercise the rule", limitedSeen, events)
			}
			t.Logf("%d events, %d limited", events, limitedSeen)
		})
	}
}

func TestScriptArgs(t *testing.T) {
	if _, err := lockout.ScriptArgs(lockout.Rule(9), 1); err == nil {
		t.Error("unknown rule accepted")
	}
	if _, err := lockout.ScriptArgs(lockout.SignIn, -1); err == nil {
		t.Error("time before 1970 accepted")
	}
	if s, err := lockout.DecodeState([]any{nil, nil, nil, nil}); err != nil || s != (lockout.State{}) {
		t.Errorf("missing counter: %+v %v", s, err)
	}
	for _, bad := range [][]any{{"x", nil, nil, nil}, {"-1", nil, nil, nil}, {nil, nil}, {int64(1), nil, nil, nil}} {
		if _, err := lockout.DecodeState(bad); err == nil {
			t.Errorf("DecodeState(%v) accepted", bad)
		}
	}
}
