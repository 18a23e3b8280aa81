package middleware

import (
	"context"
	"math"
	"runtime"
	"slices"
	"sync"
	"time"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// DefaultInitialFloor is the floor of a class of answers until it has learned from
// MinSamples real answers, when learning and no other fallback is given
// (LatencyOptions.Fixed): above the latency of every Cognito answer the masked ones
// stand for, so that the first answers after a start (an empty window) do not tell
// an unknown user from a known one. Until a class has learned, each of its held
// answers (failed sign-ins, deliveries, wrong codes; never tokens) takes this long.
const DefaultInitialFloor = time.Second

// Defaults of the learned latency floor.
const (
	defaultWindow     = 256
	defaultQuantile   = 0.99
	defaultMinSamples = 8
	// spinMargin is how long before the deadline the hold stops sleeping on a timer
	// and yields in a loop instead: Go's timers overshoot by up to a millisecond or
	// two on a loaded machine, the loop by microseconds.
	spinMargin = 2 * time.Millisecond
)

// latency learns, per class of answers (latencyKey), the latencies of real answers
// before they are held, and gives the floor every held answer of the class waits
// for: a high quantile of the recent ones.
type latency struct {
	opts LatencyOptions

	mu   sync.Mutex
	byOp map[string]*window
}

type window struct {
	samples []time.Duration // ring buffer
	next    int
	full    bool
	sorted  []time.Duration // the samples of the ring, in order (kept sorted on each observe)
}

func newLatency(o LatencyOptions) *latency {
	if o.Window <= 0 {
		o.Window = defaultWindow
	}
	if o.Quantile <= 0 || o.Quantile > 1 || math.IsNaN(o.Quantile) {
		o.Quantile = defaultQuantile
	}
	if o.MinSamples <= 0 {
		o.MinSamples = defaultMinSamples
	}
	if o.MinSamples > o.Window {
		o.MinSamples = o.Window
	}
	return &latency{opts: o, byOp: make(map[string]*window)}
}

// observe records the latency d of a real (not masked) answer of the class key,
// measured before it was held.
func (l *latency) observe(key string, d time.Duration) {
	if !l.opts.Learn || d <= 0 {
		return
	}
	l.mu.Lock()
	w := l.byOp[key]
	if w == nil {
		w = &window{samples: make([]time.Duration, l.opts.Window), sorted: make([]time.Duration, 0, l.opts.Window)}
		l.byOp[key] = w
	}
	if w.full {
		// The sample the ring overwrites leaves the sorted copy.
		old := w.samples[w.next]
		i, _ := slices.BinarySearch(w.sorted, old)
		w.sorted = slices.Delete(w.sorted, i, i+1)
	}
	i, _ := slices.BinarySearch(w.sorted, d)
	w.sorted = slices.Insert(w.sorted, i, d)
	w.samples[w.next] = d
	w.next++
	if w.next == len(w.samples) {
		w.next, w.full = 0, true
	}
	l.mu.Unlock()
}

// floor returns the time every held answer of the class key ends at: the
// Quantile of the class's recent real latencies once MinSamples were seen, Fixed
// before (or always, when not learning), capped by Max.
func (l *latency) floor(key string) time.Duration {
	f := l.opts.Fixed
	if l.opts.Learn {
		l.mu.Lock()
		if w := l.byOp[key]; w != nil {
			if n := len(w.sorted); n >= l.opts.MinSamples {
				i := int(math.Ceil(float64(n)*l.opts.Quantile)) - 1
				f = w.sorted[max(0, min(i, n-1))]
			}
		}
		l.mu.Unlock()
	}
	if l.opts.Max > 0 && f > l.opts.Max {
		f = l.opts.Max
	}
	return f
}

// hold waits until the answer that started at start has taken the floor of the
// class key, or ctx is done. With the default Sleep the wait ends on a precise
// deadline: a timer until spinMargin before it, then a loop that yields
// (runtime.Gosched) until time.Now reaches it, so that every held answer of the
// class ends at the same time after its start, whatever the timer's overshoot.
func (m *Masker) hold(ctx context.Context, key string, start time.Time) error {
	f := m.lat.floor(key)
	if f <= 0 {
		return nil
	}
	wait := f - m.opts.Clock().Sub(start)
	if wait <= 0 {
		return nil
	}
	if !m.preciseWait {
		return m.opts.Sleep(ctx, wait)
	}
	return waitUntil(ctx, time.Now().Add(wait))
}

// waitUntil returns at deadline (within microseconds, the loop's step) or when ctx
// is done, with ctx's error.
func waitUntil(ctx context.Context, deadline time.Time) error {
	if d := time.Until(deadline) - spinMargin; d > 0 {
		if err := sleepContext(ctx, d); err != nil {
			return err
		}
	}
	done := ctx.Done()
	for time.Now().Before(deadline) {
		select {
		case <-done:
			return ctx.Err()
		default:
		}
		runtime.Gosched()
	}
	return nil
}

// heldClass reports whether an answer (not masked) of op belongs to a class the
// latency floor holds: the answers an attacker compares with masked or simulated
// ones. These are the failures (4xx) of the sign-in, confirmation and recovery
// operations, the PASSWORD_VERIFIER challenge of USER_SRP_AUTH, every answer of
// ForgotPassword and ResendConfirmationCode, and every answer of SignUp when its
// UsernameExistsException is simulated. Tokens and the other successes that need
// the password or the code are never held.
func (m *Masker) heldClass(op string, result any, status int, failed bool) bool {
	switch cognito.ClassOf(op) {
	case cognito.SignIn, cognito.Confirmation:
		if failed {
			return status >= 400 && status < 500
		}
		switch o := result.(type) {
		case *cip.InitiateAuthOutput:
			return o != nil && o.ChallengeName == types.ChallengeNameTypePasswordVerifier
		case *cip.AdminInitiateAuthOutput:
			return o != nil && o.ChallengeName == types.ChallengeNameTypePasswordVerifier
		}
	case cognito.Delivery:
		return !failed || status >= 400 && status < 500
	case cognito.SignUp:
		return m.opts.SimulateSignUpExists && (!failed || status >= 400 && status < 500)
	}
	return false
}
