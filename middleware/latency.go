package middleware

import (
	"context"
	"encoding/binary"
	"io"
	"slices"
	"sync"
	"time"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// latency learns, per operation, the latencies of real answers and gives the floor
// masked answers are held to.
type latency struct {
	opts LatencyOptions
	rand io.Reader // draws a sample when Quantile is 0

	mu   sync.Mutex
	byOp map[string]*window
	buf  [8]byte
}

type window struct {
	samples []time.Duration // ring buffer
	next    int
	full    bool
}

func newLatency(o LatencyOptions, r io.Reader) *latency {
	if o.Window <= 0 {
		o.Window = 64
	}
	if o.Quantile < 0 || o.Quantile > 1 {
		o.Quantile = 0
	}
	if o.MinSamples <= 0 {
		o.MinSamples = 8
	}
	if o.MinSamples > o.Window {
		o.MinSamples = o.Window
	}
	return &latency{opts: o, rand: r, byOp: make(map[string]*window)}
}

// observe records the latency d of a real answer to op.
func (l *latency) observe(op string, d time.Duration) {
	if !l.opts.Learn || d <= 0 {
		return
	}
	l.mu.Lock()
	w := l.byOp[op]
	if w == nil {
		w = &window{samples: make([]time.Duration, l.opts.Window)}
		l.byOp[op] = w
	}
	w.samples[w.next] = d
	w.next++
	if w.next == len(w.samples) {
		w.next, w.full = 0, true
	}
	l.mu.Unlock()
}

// floor returns how long a masked answer to op must take at least.
func (l *latency) floor(op string) time.Duration {
	f := l.opts.Fixed
	if l.opts.Learn {
		l.mu.Lock()
		w := l.byOp[op]
		var s []time.Duration
		var drawn time.Duration
		if w != nil {
			n := w.next
			if w.full {
				n = len(w.samples)
			}
			if n >= l.opts.MinSamples {
				if l.opts.Quantile == 0 {
					// l.buf is guarded by l.mu: no allocation per draw.
					if _, err := io.ReadFull(l.rand, l.buf[:]); err == nil {
						drawn = w.samples[binary.LittleEndian.Uint64(l.buf[:])%uint64(n)]
					} else {
						drawn = w.samples[(w.next+n-1)%n] // the latest
					}
				} else {
					s = slices.Clone(w.samples[:n])
				}
			}
		}
		l.mu.Unlock()
		switch {
		case drawn > 0:
			f = drawn
		case len(s) > 0:
			slices.Sort(s)
			i := int(float64(len(s))*l.opts.Quantile+0.5) - 1
			i = max(0, min(i, len(s)-1))
			f = s[i]
		}
	}
	if l.opts.Max > 0 && f > l.opts.Max {
		f = l.opts.Max
	}
	return f
}

// hold waits until elapsed reaches the floor of op, or ctx is done.
func (m *Masker) hold(ctx context.Context, op string, start time.Time) error {
	f := m.lat.floor(op)
	if f <= 0 {
		return nil
	}
	wait := f - m.opts.Clock().Sub(start)
	if wait <= 0 {
		return nil
	}
	return m.opts.Sleep(ctx, wait)
}

// latencyKey is the class of answers a latency is compared within: the operation,
// and for the sign-in operations the flow or challenge, whose costs differ (an SRP
// challenge is not a password check). The keys are constants: no allocation.
func latencyKey(op string, params any) string {
	switch p := params.(type) {
	case *cip.InitiateAuthInput:
		if p != nil {
			switch flowClass(p.AuthFlow) {
			case "srp":
				return "InitiateAuth/USER_SRP_AUTH"
			case "password":
				return "InitiateAuth/password"
			case "refresh":
				return "InitiateAuth/refresh"
			}
		}
	case *cip.AdminInitiateAuthInput:
		if p != nil {
			switch flowClass(p.AuthFlow) {
			case "srp":
				return "AdminInitiateAuth/USER_SRP_AUTH"
			case "password":
				return "AdminInitiateAuth/password"
			case "refresh":
				return "AdminInitiateAuth/refresh"
			}
		}
	case *cip.RespondToAuthChallengeInput:
		if p != nil && p.ChallengeName == types.ChallengeNameTypePasswordVerifier {
			return "RespondToAuthChallenge/PASSWORD_VERIFIER"
		}
	case *cip.AdminRespondToAuthChallengeInput:
		if p != nil && p.ChallengeName == types.ChallengeNameTypePasswordVerifier {
			return "AdminRespondToAuthChallenge/PASSWORD_VERIFIER"
		}
	}
	return op
}

func flowClass(flow types.AuthFlowType) string {
	switch flow {
	case types.AuthFlowTypeUserSrpAuth:
		return "srp"
	case types.AuthFlowTypeUserPasswordAuth, types.AuthFlowTypeAdminUserPasswordAuth, types.AuthFlowTypeAdminNoSrpAuth:
		return "password"
	case types.AuthFlowTypeRefreshTokenAuth, types.AuthFlowTypeRefreshToken:
		return "refresh"
	}
	return ""
}
