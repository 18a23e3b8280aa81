package enumproof_test

// Issue 11, case 4: the latency floor cannot be poisoned by cheap real failures,
// and the first answers after a start do not leak.

import (
	"crypto/rand"
	"encoding/base64"
	"math"
	mrand "math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	isrp "github.com/maskedauth/maskedauth/internal/srp"
	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/srpauth"
)

// poisonPerProbe is how many cheap real failures precede each probe (in the full
// run, each poisonEvery-th probe).
const (
	poisonPerProbe = 150
	poisonEvery    = 10
)

// attackSamples is the number of samples per class of the attack timing tests and
// their bar: fullSamples and fullBar in the full run (-enumproof.full), few and
// shortBar otherwise. MASKEDAUTH_ATTACK_SAMPLES=n asks for n samples per class at
// the full run's bar: a run of minutes, not hours, that a leak of the size these
// tests look for (a median several times another) already fails.
func attackSamples(short, shortRace int) (int, float64) {
	if timingFull() {
		return fullSamples, fullBar
	}
	if n, err := strconv.Atoi(os.Getenv("MASKEDAUTH_ATTACK_SAMPLES")); err == nil && n > 1 {
		return n, fullBar
	}
	if testing.Short() || raceEnabled {
		return shortRace, shortBar
	}
	return short, shortBar
}

// srpRespondInput makes, untimed, the PASSWORD_VERIFIER answer (password pw) to the
// challenge client c gets for typed.
func (e *env) srpRespondInput(c *cip.Client, typed, pw string) *cip.RespondToAuthChallengeInput {
	e.t.Helper()
	eph, err := srpauth.NewEphemeral(nil)
	e.must(err)
	out, err := c.InitiateAuth(bg, &cip.InitiateAuthInput{ClientId: aws.String(e.client), AuthFlow: types.AuthFlowTypeUserSrpAuth,
		AuthParameters: map[string]string{"USERNAME": typed, "SRP_A": eph.PublicHex()}})
	e.must(err)
	cp := out.ChallengeParameters
	proof, err := eph.Sign(srpauth.Challenge{PoolID: e.poolID, UserIDForSRP: cp["USER_ID_FOR_SRP"], Salt: cp["SALT"], SRPB: cp["SRP_B"],
		SecretBlock: cp["SECRET_BLOCK"]}, pw, e.clk.now())
	e.must(err)
	return &cip.RespondToAuthChallengeInput{ClientId: aws.String(e.client), ChallengeName: types.ChallengeNameTypePasswordVerifier,
		ChallengeResponses: map[string]string{"USERNAME": cp["USERNAME"], "PASSWORD_CLAIM_SECRET_BLOCK": cp["SECRET_BLOCK"],
			"TIMESTAMP": proof.Timestamp, "PASSWORD_CLAIM_SIGNATURE": proof.Signature}}
}

// poison sends n cheap real failures of the PASSWORD_VERIFIER class for the real
// user typed, through c: answers whose SECRET_BLOCK the pool never issued (Cognito
// rejects them at once with the generic failure) and, every third, answers
// missing PASSWORD_CLAIM_SIGNATURE (InvalidParameterException).
func (e *env) poison(c *cip.Client, typed string, n int) {
	// Sent by poisonWorkers goroutines at once, as an attacker would: the floor
	// holds each of these answers too, and one after another they would take
	// n floors per probe.
	var wg sync.WaitGroup
	for w := range poisonWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.poisonSerial(c, typed, w, n)
		}()
	}
	wg.Wait()
}

// poisonWorkers is how many goroutines send the cheap failures of one probe.
const poisonWorkers = 15

// poisonSerial sends worker w's share of the n cheap failures.
func (e *env) poisonSerial(c *cip.Client, typed string, w, n int) {
	block := make([]byte, 96)
	sig := make([]byte, 32)
	for i := w; i < n; i += poisonWorkers {
		_, _ = rand.Read(block)
		_, _ = rand.Read(sig)
		r := map[string]string{"USERNAME": typed, "PASSWORD_CLAIM_SECRET_BLOCK": base64.StdEncoding.EncodeToString(block),
			"TIMESTAMP": isrp.Timestamp(e.clk.now()), "PASSWORD_CLAIM_SIGNATURE": base64.StdEncoding.EncodeToString(sig)}
		if i%3 == 2 {
			delete(r, "PASSWORD_CLAIM_SIGNATURE")
		}
		_, _ = c.RespondToAuthChallenge(bg, &cip.RespondToAuthChallengeInput{ClientId: aws.String(e.client),
			ChallengeName: types.ChallengeNameTypePasswordVerifier, ChallengeResponses: r})
	}
}

// TestAttackFloorPoisoning (issue 11, case 4): before each probe, 150 cheap real
// failures of the PASSWORD_VERIFIER class for a real user; then the probe, a real
// user's wrong SRP proof or the answer to an unknown user's simulated challenge.
// Welch's t between the two classes (cropped at the pooled 90th percentile, as
// TestTiming) stays under the bar: fullBar over fullSamples per class in the full
// run (-enumproof.full), shortBar over a few samples otherwise.
func TestAttackFloorPoisoning(t *testing.T) {
	n, bar := attackSamples(40, 16)
	rng := mrand.New(mrand.NewPCG(11, 4))
	for _, m := range modes {
		t.Run(string(m), func(t *testing.T) {
			e := newEnv(t, plain, m)
			alice := e.add("alice", "confirmed")
			ghost := like(alice, "ghostfloor")
			c := e.s.Client() // no recorder
			if e.masker != nil {
				c = e.s.Client(e.masker.ClientOption())
			}
			// Every probe follows a burst of poisonPerProbe cheap failures; in the
			// full run, every poisonEvery-th probe does (10,000 bursts per class
			// would take an hour): the latency window (256 answers) then holds
			// 150 cheap answers for every 10 probes, as poisoned as with a burst
			// before each probe (150 for 1).
			every := 1
			if timingFull() {
				every = poisonEvery
			}
			probes := 0
			sample := func(known bool) float64 {
				e.clk.advance(20 * time.Minute) // no lockout between probes
				if probes%every == 0 {
					e.poison(c, alice.typed, poisonPerProbe)
				}
				probes++
				typed := ghost
				if known {
					typed = alice.typed
				}
				in := e.srpRespondInput(c, typed, wrongPW)
				start := time.Now()
				_, _ = c.RespondToAuthChallenge(bg, in)
				return float64(time.Since(start).Nanoseconds()) / 1e3
			}
			for i := range 10 { // warm-up, untimed
				sample(i%2 == 0)
			}
			order := make([]bool, 0, 2*n)
			for range n {
				order = append(order, true, false)
			}
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			runtime.GC()
			var known, unknown []float64
			for _, k := range order {
				d := sample(k)
				if k {
					known = append(known, d)
				} else {
					unknown = append(unknown, d)
				}
			}
			ck, cu := crop(known, unknown, cropQuantile)
			tc := welch(ck, cu)
			t.Logf("%s: %d cheap failures per probe, n=%d/%d, t(p90)=%.2f, median %.1f/%.1f µs", m, poisonPerProbe, len(known), len(unknown),
				tc, median(known), median(unknown))
			if math.Abs(tc) > bar {
				t.Errorf("%s: |t| = %.2f after %d cheap real failures per probe (bar %.1f; median known %.1f µs, unknown %.1f µs)",
					m, math.Abs(tc), poisonPerProbe, bar, median(known), median(unknown))
			}
		})
	}
}

// TestAttackFreshMaskerTiming (issue 11, case 4): the first answers of a Masker that
// has just started (no latency learned yet) do not tell a real user's wrong SRP
// proof from the answer to an unknown user's simulated challenge. Each fresh Masker
// answers its first 8 PASSWORD_VERIFIER calls (4 of each class, in a random order);
// Welch's t over all of them stays under the bar.
func TestAttackFreshMaskerTiming(t *testing.T) {
	const first = 8
	n, bar := attackSamples(200, 64)
	maskers := (n + first/2 - 1) / (first / 2)
	ae := newAttackEnv(t, poolSpec{shape: plain}, maskedMode)
	if ae.buildErr != nil {
		t.Fatal(ae.buildErr)
	}
	e := ae.env
	alice := e.add("alice", "confirmed")
	ghost := like(alice, "ghostfresh")
	rng := mrand.New(mrand.NewPCG(12, 4))
	var known, unknown []float64
	for range maskers {
		mk, err := middleware.New(ae.mopts...)
		if err != nil {
			t.Fatal(err)
		}
		c := e.s.Client(mk.ClientOption())
		order := []bool{true, true, true, true, false, false, false, false}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, k := range order {
			e.clk.advance(20 * time.Minute)
			typed := ghost
			if k {
				typed = alice.typed
			}
			in := e.srpRespondInput(c, typed, wrongPW)
			start := time.Now()
			_, _ = c.RespondToAuthChallenge(bg, in)
			d := float64(time.Since(start).Nanoseconds()) / 1e3
			if k {
				known = append(known, d)
			} else {
				unknown = append(unknown, d)
			}
		}
	}
	ck, cu := crop(known, unknown, cropQuantile)
	tc := welch(ck, cu)
	t.Logf("%d fresh Maskers, first %d answers each: n=%d/%d, t(p90)=%.2f, median %.1f/%.1f µs", maskers, first, len(known), len(unknown),
		tc, median(known), median(unknown))
	if math.Abs(tc) > bar {
		t.Errorf("the first %d answers of a fresh Masker: |t| = %.2f (bar %.1f; median known %.1f µs, unknown %.1f µs)",
			first, math.Abs(tc), bar, median(known), median(unknown))
	}
}
