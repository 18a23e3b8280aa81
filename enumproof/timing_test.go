package enumproof_test

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/srpauth"
)

var fullTiming = flag.Bool("enumproof.full", false, "run the full timing test (10,000 samples per class and operation, bar |t| < 4.5)")

// timingFull says whether the full timing run was asked for (flag or
// MASKEDAUTH_TIMING_FULL=1).
func timingFull() bool { return *fullTiming || os.Getenv("MASKEDAUTH_TIMING_FULL") == "1" }

const (
	fullSamples  = 10000 // per class and operation
	shortSamples = 300
	fullBar      = 4.5 // dudect's threshold
	shortBar     = 20  // lenient: a loaded 2-core CI machine must not flake
	cropQuantile = 0.90
)

// timedOp is one masked operation of the timing test: prep does the untimed work
// before a sample (and returns what call needs), call makes the timed SDK call.
type timedOp struct {
	name  string
	setup func(e *env) // once, untimed
	// prep and call get known = true for the known user's sample.
	prep func(e *env, known bool) any
	call func(e *env, known bool, state any)
	// srp ops cost milliseconds: they take fewer samples in the short run.
	slow bool
	// env builds the env of the op (nil: newEnv's plain pool with its population).
	env func(t testing.TB, m mode) *env
}

func typedFor(e *env, name string, known bool) string {
	u := e.users[name]
	if known {
		return u.typed
	}
	return like(u, "ghost")
}

func advance20(e *env, _ bool) any { e.clk.advance(20 * time.Minute); e.rec.take(); return nil }

func (e *env) passwordCall(flow types.AuthFlowType, typed, pw string) {
	if flow == types.AuthFlowTypeAdminUserPasswordAuth {
		_, _ = e.c.AdminInitiateAuth(bg, &cip.AdminInitiateAuthInput{UserPoolId: aws.String(e.poolID), ClientId: aws.String(e.client),
			AuthFlow: flow, AuthParameters: map[string]string{"USERNAME": typed, "PASSWORD": pw}})
		return
	}
	_, _ = e.c.InitiateAuth(bg, &cip.InitiateAuthInput{ClientId: aws.String(e.client), AuthFlow: flow,
		AuthParameters: map[string]string{"USERNAME": typed, "PASSWORD": pw}})
}

// srpStart is the untimed first half of an SRP sample: the challenge and the
// signed answer.
type srpStart struct {
	in *cip.RespondToAuthChallengeInput
}

func (e *env) srpPrep(typed, pw string) any {
	eph, err := srpauth.NewEphemeral(nil)
	e.must(err)
	out, err := e.c.InitiateAuth(bg, &cip.InitiateAuthInput{ClientId: aws.String(e.client), AuthFlow: types.AuthFlowTypeUserSrpAuth,
		AuthParameters: map[string]string{"USERNAME": typed, "SRP_A": eph.PublicHex()}})
	e.must(err)
	cp := out.ChallengeParameters
	proof, err := eph.Sign(srpauth.Challenge{PoolID: e.poolID, UserIDForSRP: cp["USER_ID_FOR_SRP"], Salt: cp["SALT"], SRPB: cp["SRP_B"],
		SecretBlock: cp["SECRET_BLOCK"]}, pw, e.clk.now())
	e.must(err)
	return srpStart{in: &cip.RespondToAuthChallengeInput{ClientId: aws.String(e.client),
		ChallengeName: types.ChallengeNameTypePasswordVerifier, ChallengeResponses: map[string]string{
			"USERNAME": cp["USERNAME"], "PASSWORD_CLAIM_SECRET_BLOCK": cp["SECRET_BLOCK"],
			"TIMESTAMP": proof.Timestamp, "PASSWORD_CLAIM_SIGNATURE": proof.Signature}}}
}

// lockHard fails both names until both are locked for 15 minutes: five free
// failures, then each failure after the previous lock ran out (the clock is moved
// by exactly the lock's length, so the count is not forgotten).
func lockHard(e *env, known, unknown string) {
	// The 15th failure locks for the 15-minute cap; waiting out that lock would
	// also make the failures "long ago" and reset the count, so it is the last.
	for n := 1; n <= 15; n++ {
		e.passwordCall(types.AuthFlowTypeUserPasswordAuth, known, wrongPW)
		e.passwordCall(types.AuthFlowTypeUserPasswordAuth, unknown, wrongPW)
		if n >= 5 && n < 15 {
			e.clk.advance(min(time.Second<<(n-5), 15*time.Minute))
		}
	}
	for _, name := range []string{known, unknown} {
		a := e.initiate(e.c, types.AuthFlowTypeUserPasswordAuth, name, goodPW)
		if a.msg != "Password attempts exceeded" {
			e.t.Fatalf("lockHard: %s got %v", name, a)
		}
	}
	e.rec.take()
}

var timedOps = []timedOp{
	{name: "InitiateAuth USER_PASSWORD_AUTH, wrong password", prep: advance20, call: func(e *env, known bool, _ any) {
		e.passwordCall(types.AuthFlowTypeUserPasswordAuth, typedFor(e, "alice", known), wrongPW)
	}},
	{name: "InitiateAuth USER_PASSWORD_AUTH, reset required", prep: advance20, call: func(e *env, known bool, _ any) {
		e.passwordCall(types.AuthFlowTypeUserPasswordAuth, typedFor(e, "rita", known), goodPW)
	}},
	{name: "AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH, wrong password", prep: advance20, call: func(e *env, known bool, _ any) {
		e.passwordCall(types.AuthFlowTypeAdminUserPasswordAuth, typedFor(e, "alice", known), wrongPW)
	}},
	{name: "InitiateAuth USER_SRP_AUTH", slow: true, prep: func(e *env, _ bool) any {
		advance20(e, false)
		eph, err := srpauth.NewEphemeral(nil)
		e.must(err)
		return eph.PublicHex()
	}, call: func(e *env, known bool, st any) {
		_, _ = e.c.InitiateAuth(bg, &cip.InitiateAuthInput{ClientId: aws.String(e.client), AuthFlow: types.AuthFlowTypeUserSrpAuth,
			AuthParameters: map[string]string{"USERNAME": typedFor(e, "alice", known), "SRP_A": st.(string)}})
	}},
	{name: "RespondToAuthChallenge PASSWORD_VERIFIER, wrong password", slow: true, prep: func(e *env, known bool) any {
		advance20(e, false)
		st := e.srpPrep(typedFor(e, "alice", known), wrongPW)
		e.rec.take()
		return st
	}, call: func(e *env, _ bool, st any) {
		_, _ = e.c.RespondToAuthChallenge(bg, st.(srpStart).in)
	}},
	{name: "ForgotPassword", prep: advance20, call: func(e *env, known bool, _ any) {
		_, _ = e.c.ForgotPassword(bg, &cip.ForgotPasswordInput{ClientId: aws.String(e.client), Username: aws.String(typedFor(e, "alice", known))})
	}},
	{name: "ConfirmForgotPassword, wrong code", prep: func(e *env, known bool) any {
		advance20(e, false)
		typed := typedFor(e, "carl", known)
		_, _ = e.c.ForgotPassword(bg, &cip.ForgotPasswordInput{ClientId: aws.String(e.client), Username: aws.String(typed)})
		e.rec.take()
		return nil
	}, call: func(e *env, known bool, _ any) {
		_, _ = e.c.ConfirmForgotPassword(bg, &cip.ConfirmForgotPasswordInput{ClientId: aws.String(e.client), Username: aws.String(typedFor(e, "carl", known)),
			ConfirmationCode: aws.String(badCode), Password: aws.String("N3w!Passw0rd")})
	}},
	{name: "ResendConfirmationCode", prep: advance20, call: func(e *env, known bool, _ any) {
		_, _ = e.c.ResendConfirmationCode(bg, &cip.ResendConfirmationCodeInput{ClientId: aws.String(e.client), Username: aws.String(typedFor(e, "una", known))})
	}},
	{name: "ConfirmSignUp, wrong code", prep: advance20, call: func(e *env, known bool, _ any) {
		_, _ = e.c.ConfirmSignUp(bg, &cip.ConfirmSignUpInput{ClientId: aws.String(e.client), Username: aws.String(typedFor(e, "una", known)),
			ConfirmationCode: aws.String(badCode)})
	}},
	{name: "lockout: InitiateAuth USER_PASSWORD_AUTH while locked",
		setup: func(e *env) { lockHard(e, typedFor(e, "lola", true), typedFor(e, "lola", false)) },
		prep:  func(e *env, _ bool) any { e.rec.take(); return nil },
		call: func(e *env, known bool, _ any) {
			e.passwordCall(types.AuthFlowTypeUserPasswordAuth, typedFor(e, "lola", known), goodPW)
		}},
	{name: "lockout: RespondToAuthChallenge PASSWORD_VERIFIER while locked", slow: true,
		setup: func(e *env) { lockHard(e, typedFor(e, "lola", true), typedFor(e, "lola", false)) },
		prep: func(e *env, known bool) any {
			st := e.srpPrep(typedFor(e, "lola", known), goodPW)
			e.rec.take()
			return st
		}, call: func(e *env, _ bool, st any) {
			_, _ = e.c.RespondToAuthChallenge(bg, st.(srpStart).in)
		}},
}

// welch returns Welch's t statistic of two samples.
func welch(a, b []float64) float64 {
	ma, va := meanVar(a)
	mb, vb := meanVar(b)
	d := math.Sqrt(va/float64(len(a)) + vb/float64(len(b)))
	if d == 0 {
		return 0
	}
	return (ma - mb) / d
}

func meanVar(x []float64) (float64, float64) {
	var m float64
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	var s float64
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	if len(x) < 2 {
		return m, 0
	}
	return m, s / float64(len(x)-1)
}

// crop keeps the samples at or below the q quantile of both samples pooled
// (dudect's cropping of the slow tail, where scheduling and GC noise lives).
func crop(a, b []float64, q float64) ([]float64, []float64) {
	pooled := slices.Concat(a, b)
	slices.Sort(pooled)
	limit := pooled[int(q*float64(len(pooled)-1))]
	keep := func(x []float64) []float64 {
		var out []float64
		for _, v := range x {
			if v <= limit {
				out = append(out, v)
			}
		}
		return out
	}
	return keep(a), keep(b)
}

func median(x []float64) float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	return s[len(s)/2]
}

// measure interleaves n samples of each class in random order and returns the
// latencies (microseconds) of the known and unknown users' calls.
func measure(e *env, op timedOp, n int, rng *rand.Rand) (known, unknown []float64) {
	order := make([]bool, 0, 2*n)
	for i := 0; i < n; i++ {
		order = append(order, true, false)
	}
	rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	// Warm up (untimed): caches, and the middleware's learned latency floor.
	for i := 0; i < 40; i++ {
		k := i%2 == 0
		op.call(e, k, op.prep(e, k))
	}
	runtime.GC()
	for _, k := range order {
		st := op.prep(e, k)
		start := time.Now()
		op.call(e, k, st)
		d := float64(time.Since(start).Nanoseconds()) / 1e3
		if k {
			known = append(known, d)
		} else {
			unknown = append(unknown, d)
		}
	}
	return known, unknown
}

// TestTiming is the dudect-style test: per masked operation and mode, Welch's t
// between the latencies of known and unknown users (each latency is time.Now around
// one SDK call against the in-process mock pool; the two classes interleaved in a
// random order), on the raw samples and on the samples below the pooled 90th
// percentile (dudect's cropping of the slow tail; the bar applies to the cropped t).
// ENABLED mode and LEGACY + middleware must both pass the bar (the short run's bar
// is lenient, so a loaded machine does not flake; the full run's is dudect's), and
// the full run adds the middleware without its floor as a diagnostic. Only the
// plain pool shape is timed: the shapes differ in lookups, not in the masked paths.
// The USER_AUTH rows (uaTimedOps, attack_userauth_test.go) run on a pool allowing
// every first factor.
func TestTiming(t *testing.T) {
	full := timingFull()
	n, bar := shortSamples, float64(shortBar)
	if full {
		n, bar = fullSamples, fullBar
	}
	if (testing.Short() || raceEnabled) && !full {
		n = 100
	}
	timingModes := []mode{enabledMode, maskedMode}
	if full {
		timingModes = append(timingModes, maskedNoFloor) // a diagnostic, never asserted
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var report []string
	for _, m := range timingModes {
		for _, op := range slices.Concat(timedOps, uaTimedOps) {
			samples := n
			if op.slow && !full {
				samples = n / 2
			}
			var e *env
			if op.env != nil {
				e = op.env(t, m)
			} else {
				e = newEnv(t, plain, m)
				e.population()
			}
			if op.setup != nil {
				op.setup(e)
			}
			known, unknown := measure(e, op, samples, rng)
			tRaw := welch(known, unknown)
			ck, cu := crop(known, unknown, cropQuantile)
			tCrop := welch(ck, cu)
			line := fmt.Sprintf("%-9s %-66s n=%d/%d  t=%7.2f  t(p90)=%7.2f  median %.1f/%.1f µs", m, op.name, len(known), len(unknown),
				tRaw, tCrop, median(known), median(unknown))
			report = append(report, line)
			t.Log(line)
			if math.Abs(tCrop) <= bar || m == maskedNoFloor {
				continue
			}
			t.Errorf("%s / %s: |t| = %.2f over %d samples per class (bar %.1f)", m, op.name, math.Abs(tCrop), samples, bar)
		}
	}
	if full {
		fmt.Fprintln(os.Stderr, "enumproof timing (full run):\n"+strings.Join(report, "\n"))
	}
}
