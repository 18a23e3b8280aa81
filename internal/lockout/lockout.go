package lockout

import (
	"context"
	"time"
)

// Rule is one of Cognito's counters.
type Rule uint8

const (
	// SignIn is the sign-in lockout: an event is a failed sign-in.
	SignIn Rule = iota + 1
	// WrongCode is ConfirmForgotPassword's limit: an event is a wrong code.
	WrongCode
	// Delivery is the rate limit of code deliveries (ForgotPassword,
	// GetUserAttributeVerificationCode): an event is a request.
	Delivery
	// SignUpCode is ConfirmSignUp's limit: an event is a wrong code.
	SignUpCode
	// AttributeCode is VerifyUserAttribute's limit: an event is a wrong code.
	AttributeCode
	// PreviousPassword is ChangePassword's limit: an event is a wrong previous
	// password.
	PreviousPassword
)

func (r Rule) String() string {
	switch r {
	case SignIn:
		return "signin"
	case WrongCode:
		return "wrongcode"
	case Delivery:
		return "delivery"
	case SignUpCode:
		return "signupcode"
	case AttributeCode:
		return "attributecode"
	case PreviousPassword:
		return "previouspassword"
	}
	return "unknown"
}

// Cognito's numbers.
const (
	// FreeFailures is how many failed sign-ins come before the first lockout.
	FreeFailures = 5
	// FirstLockout is the lockout after the sixth failure; each further failure
	// doubles it.
	FirstLockout = time.Second
	// MaxLockout caps the lockout.
	MaxLockout = 15 * time.Minute
	// QuietReset is how long without a counted failure (and no lockout running)
	// resets the sign-in count.
	QuietReset = 15 * time.Minute

	// WrongCodeMax is how many wrong codes fit in WrongCodeWindow.
	WrongCodeMax = 5
	// WrongCodeWindow is the window of the wrong-code limit, from its first wrong code.
	WrongCodeWindow = time.Hour

	// DeliveryMax is how many delivery requests fit in DeliveryWindow.
	DeliveryMax = 10
	// DeliveryWindow is the window of the delivery limit, from its first request.
	DeliveryWindow = time.Hour

	// PreviousPasswordMax is how many wrong previous passwords ChangePassword takes
	// within PreviousPasswordWindow (public threads: LimitExceededException after
	// about five); the window is inferred.
	PreviousPasswordMax = 5
	// PreviousPasswordWindow is the window of ChangePassword's limit, from its
	// first wrong previous password (inferred).
	PreviousPasswordWindow = time.Hour
)

// windowed returns the numbers of a rule that limits wrong attempts in a window
// from the first one (WrongCode, SignUpCode, AttributeCode, PreviousPassword): at
// most max events within window, then limited and not counted until the window
// has passed. The limits of ConfirmSignUp's and VerifyUserAttribute's codes are
// inferred to be ConfirmForgotPassword's.
func windowed(r Rule) (max uint32, window time.Duration, ok bool) {
	switch r {
	case WrongCode, SignUpCode, AttributeCode:
		return WrongCodeMax, WrongCodeWindow, true
	case PreviousPassword:
		return PreviousPasswordMax, PreviousPasswordWindow, true
	}
	return 0, 0, false
}

// deliveryCap is where Apply stops counting Delivery requests (the count cannot
// wrap; Script passes the same number to Redis).
const deliveryCap = 1 << 31

// State is one counter. The zero State is a counter that has seen nothing.
type State struct {
	N     uint32 // events counted
	First int64  // unix nanoseconds: start of the window (WrongCode, Delivery)
	Last  int64  // unix nanoseconds: the last counted event
	Until int64  // unix nanoseconds: SignIn is locked out before this
}

// Apply records one event of rule r (a failed sign-in, a wrong code or previous
// password, a delivery request) at now (unix nanoseconds) and returns the new state and whether the
// event was limited:
//
//   - SignIn: limited means the attempt fell in a running lockout; it is refused
//     ("Password attempts exceeded") and not counted. Otherwise the failure is
//     counted and may start or double the lockout for the attempts after it.
//   - WrongCode, SignUpCode, AttributeCode, PreviousPassword: limited means the
//     window's wrong attempts are used up (LimitExceededException); the event is
//     then not counted.
//   - Delivery: the request is counted; limited means it is past the window's limit.
//
// Apply is the one implementation of the rules; Script mirrors it for Redis.
func Apply(r Rule, s State, now int64) (State, bool) {
	switch r {
	case SignIn:
		if now < s.Until {
			return s, true
		}
		if s.N > 0 && now-s.Last >= int64(QuietReset) {
			s = State{}
		}
		s.N++
		s.Last = now
		if s.First == 0 {
			s.First = now
		}
		if s.N > FreeFailures-1 {
			s.Until = now + int64(lockFor(s.N))
		}
		return s, false
	case WrongCode, SignUpCode, AttributeCode, PreviousPassword:
		max, window, _ := windowed(r)
		if s.N > 0 && now-s.First >= int64(window) {
			s = State{}
		}
		if s.N >= max {
			return s, true
		}
		if s.N == 0 {
			s.First = now
		}
		s.N++
		s.Last = now
		return s, false
	case Delivery:
		if s.N > 0 && now-s.First >= int64(DeliveryWindow) {
			s = State{}
		}
		if s.N == 0 {
			s.First = now
		}
		if s.N < deliveryCap {
			s.N++
		}
		s.Last = now
		return s, s.N > DeliveryMax
	}
	return s, false
}

// lockFor is the lockout that follows the n-th counted failure (n >= FreeFailures):
// 1 s after the fifth (so a sixth attempt within that second is refused), 2 s after
// the sixth, 4 s after the seventh, ... up to MaxLockout.
func lockFor(n uint32) time.Duration {
	shift := n - FreeFailures
	if shift > 20 {
		return MaxLockout
	}
	return min(FirstLockout<<shift, MaxLockout)
}

// Limited reports whether an event of rule r at now would be limited, without
// counting it: SignIn is locked out; WrongCode's codes are used up; Delivery's
// next request would be past the limit.
func Limited(r Rule, s State, now int64) bool {
	switch r {
	case SignIn:
		return now < s.Until
	case WrongCode, SignUpCode, AttributeCode, PreviousPassword:
		max, window, _ := windowed(r)
		return s.N >= max && now-s.First < int64(window)
	case Delivery:
		return s.N >= DeliveryMax && now-s.First < int64(DeliveryWindow)
	}
	return false
}

// Expired reports whether s at now behaves exactly as the zero State for every
// future event: it can be forgotten without changing any answer.
func Expired(r Rule, s State, now int64) bool {
	if s.N == 0 {
		return true
	}
	switch r {
	case SignIn:
		return now >= s.Until && now-s.Last >= int64(QuietReset)
	case WrongCode, SignUpCode, AttributeCode, PreviousPassword:
		_, window, _ := windowed(r)
		return now-s.First >= int64(window)
	case Delivery:
		return now-s.First >= int64(DeliveryWindow)
	}
	return true
}

// TTL is how long after its last event a counter of rule r must be kept: past it,
// the counter is Expired. Shared stores use it as the key's expiry (garbage
// collection only: decisions never depend on the store's own clock).
func (r Rule) TTL() time.Duration {
	switch r {
	case SignIn:
		return MaxLockout + QuietReset
	case WrongCode, SignUpCode, AttributeCode, PreviousPassword:
		_, window, _ := windowed(r)
		return window
	case Delivery:
		return DeliveryWindow
	}
	return time.Hour
}

// Key identifies one counted name without holding it: a keyed hash of the pool and
// the normalised username (or, in the mock pool, of the resolved user).
type Key [16]byte

// Store keeps one State per rule and key and applies the rules atomically. The
// time is always the caller's (its clock), never the store's, so replicas that
// share a store and a clock decide alike.
type Store interface {
	// Hit applies one event (see Apply) and reports whether it was limited.
	Hit(ctx context.Context, r Rule, k Key, now time.Time) (limited bool, err error)
	// Limited reports whether the next event would be limited, counting nothing.
	Limited(ctx context.Context, r Rule, k Key, now time.Time) (bool, error)
	// Reset forgets the counter (a successful sign-in, a used code).
	Reset(ctx context.Context, r Rule, k Key) error
}
