package lockout

import (
	_ "embed" // Script
	"errors"
	"strconv"
	"time"
)

// Script is the Redis Lua mirror of [Apply]: it applies one event of a rule to one
// counter, atomically, in one EVALSHA (EVAL when the server answers NOSCRIPT). The
// counter is a hash under KEYS[1] with the fields of [StateFields]; ARGV is
// [ScriptArgs]. It returns 1 when the event was limited, else 0, and sets the key's
// expiry to the rule's [Rule.TTL] after each counted event (garbage collection
// only: every decision uses the time passed in, never the server's clock).
//
// The rules' numbers are not written in the script: ScriptArgs passes them from
// the constants of this package (and the lockout steps from the function Apply
// uses), so the mirror cannot drift from them; a test runs it against Apply over
// random sequences. [Limited] needs no mirror: read the hash (HMGET StateFields),
// decode it with [DecodeState] and call Limited.
//
//go:embed script.lua
var Script string

// StateFields are the hash fields of a counter in the order the script and
// [DecodeState] use: N, First, Last, Until, as decimal integers (times in unix
// nanoseconds). A missing field is zero.
var StateFields = [4]string{"n", "f", "l", "u"}

// ruleArgs are the constant ARGV of each rule, after the rule, the time and the
// expiry (see script.lua).
var ruleArgs = func() map[Rule][]any {
	ns := func(d time.Duration) string { return strconv.FormatInt(int64(d), 10) }
	itoa := strconv.Itoa
	signIn := []any{itoa(FreeFailures), ns(QuietReset)}
	for n := uint32(FreeFailures); ; n++ {
		d := lockFor(n)
		signIn = append(signIn, ns(d))
		if d >= MaxLockout {
			break
		}
	}
	m := map[Rule][]any{
		SignIn:   signIn,
		Delivery: {itoa(DeliveryMax), ns(DeliveryWindow), strconv.FormatInt(deliveryCap, 10)},
	}
	for _, r := range []Rule{WrongCode, SignUpCode, AttributeCode, PreviousPassword} {
		max, window, _ := windowed(r)
		m[r] = []any{itoa(int(max)), ns(window)}
	}
	return m
}()

// ErrTime is returned by ScriptArgs for a time before 1970: the script keeps
// non-negative unix nanoseconds.
var ErrTime = errors.New("lockout: time before 1970")

// ErrRule is returned for a Rule that is not one of this package's.
var ErrRule = errors.New("lockout: unknown rule")

// ScriptArgs returns the ARGV of [Script] for one event of rule r at now (unix
// nanoseconds):
//
//	ARGV[1]   the rule's algorithm (1 SignIn's lockout; 2 a limit of wrong attempts
//	          in a window: WrongCode, SignUpCode, AttributeCode, PreviousPassword;
//	          3 Delivery's rate limit)
//	ARGV[2]   now, decimal unix nanoseconds
//	ARGV[3]   the key's expiry in milliseconds: r.TTL()
//	ARGV[4:]  the rule's numbers (see script.lua)
func ScriptArgs(r Rule, now int64) ([]any, error) {
	c, ok := ruleArgs[r]
	if !ok {
		return nil, ErrRule
	}
	if now < 0 {
		return nil, ErrTime
	}
	args := make([]any, 3, 3+len(c))
	args[0] = strconv.Itoa(algorithm(r))
	args[1] = strconv.FormatInt(now, 10)
	args[2] = strconv.FormatInt(r.TTL().Milliseconds(), 10)
	return append(args, c...), nil
}

// algorithm is the number script.lua dispatches on for rule r.
func algorithm(r Rule) int {
	switch r {
	case SignIn:
		return 1
	case Delivery:
		return 3
	}
	return 2 // windowed
}

// DecodeState decodes the values of StateFields (in that order, as HMGET returns
// them: a string or nil each) into a State. A counter that does not exist decodes
// to the zero State.
func DecodeState(vals []any) (State, error) {
	if len(vals) != len(StateFields) {
		return State{}, errors.New("lockout: counter has the wrong number of fields")
	}
	var f [4]int64
	for i, v := range vals {
		switch v := v.(type) {
		case nil:
		case string:
			x, err := strconv.ParseInt(v, 10, 64)
			if err != nil || x < 0 {
				return State{}, errors.New("lockout: counter field " + StateFields[i] + " is not a count or time")
			}
			f[i] = x
		default:
			return State{}, errors.New("lockout: counter field " + StateFields[i] + " is not a string")
		}
	}
	if f[0] > 1<<32-1 {
		return State{}, errors.New("lockout: counter is out of range")
	}
	return State{N: uint32(f[0]), First: f[1], Last: f[2], Until: f[3]}, nil
}
