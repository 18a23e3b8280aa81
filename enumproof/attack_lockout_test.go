package enumproof_test

// Issue 11, the counters: lockout after a quiet period (case 1), users made generic
// by a policy (case 2), a flood of made-up names (case 3), ConfirmForgotPassword
// without a pending code (case 7) and the lockout per resolved user (case 9).

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/internal/lockout"
	"github.com/maskedauth/maskedauth/middleware"
)

// signInFlow is one way to fail a sign-in: the observation of the step that fails.
type signInFlow struct {
	name    string
	attempt func(e *env, c *cip.Client, typed, pw string) obs
}

var signInFlows = []signInFlow{
	{"USER_PASSWORD_AUTH", func(e *env, c *cip.Client, typed, pw string) obs { return e.oPassword(c, typed, pw) }},
	{"USER_SRP_AUTH", func(e *env, c *cip.Client, typed, pw string) obs { last, _ := e.oSRP(c, typed, pw); return last }},
}

// TestAttackLockoutQuietPeriod (issue 11, case 1): six wrong passwords, two quiet
// hours, two more wrong ones: a real name and an unknown name get the same eight
// answers (Cognito forgets the failures after 15 quiet minutes, for every name).
func TestAttackLockoutQuietPeriod(t *testing.T) {
	for _, m := range modes {
		for _, sh := range shapes {
			for _, fl := range signInFlows {
				t.Run(fmt.Sprintf("%s/%s/%s", m, sh, fl.name), func(t *testing.T) {
					e := newEnv(t, sh, m)
					alice := e.add("alice", "confirmed")
					ghost := like(alice, "ghostquiet")
					e.rec.take()
					run := func(typed string) []obs {
						var s []obs
						for i := 1; i <= 8; i++ {
							if i == 7 {
								e.clk.advance(2 * time.Hour)
							}
							s = append(s, fl.attempt(e, e.c, typed, wrongPW))
						}
						return s
					}
					k, u := run(alice.typed), run(ghost)
					reportSeq(t, "6 wrong, 2 quiet hours, 2 wrong", k, u)
					// The control: the sixth attempt is refused (the lockout exists).
					if k[5].a.msg != msgAttemptsExceeded {
						t.Errorf("the sixth wrong password got %v, want %q", k[5], msgAttemptsExceeded)
					}
				})
			}
		}
	}
}

// TestAttackGenericPolicyLockout (issue 11, case 2): the users WithGenericDisabled
// and WithGenericUnconfirmed answer like unknown users are locked out like them:
// eight attempts with the wrong password, then (after a quiet period) eight with
// the right one, the same answers as for an unknown name.
func TestAttackGenericPolicyLockout(t *testing.T) {
	for _, sh := range shapes {
		for _, fl := range signInFlows {
			for _, state := range []string{"disabled", "unconfirmed"} {
				t.Run(fmt.Sprintf("%s/%s/%s/%s", maskedMode, sh, fl.name, state), func(t *testing.T) {
					e := newEnv(t, sh, maskedMode)
					u := e.add("vic", state)
					ghost := like(u, "ghostpolicy")
					e.rec.take()
					for _, pw := range []string{wrongPW, goodPW} {
						e.clk.advance(20 * time.Minute)
						run := func(typed string) []obs {
							var s []obs
							for range 8 {
								s = append(s, fl.attempt(e, e.policy, typed, pw))
							}
							return s
						}
						k, g := run(u.typed), run(ghost)
						which := "wrong password"
						if pw == goodPW {
							which = "right password"
						}
						reportSeq(t, which+", "+state+" user", k, g)
						if g[7].a.msg != msgAttemptsExceeded {
							t.Errorf("%s: the unknown name's eighth attempt got %v, want %q", which, g[7], msgAttemptsExceeded)
						}
					}
				})
			}
		}
	}
}

// floodFull says whether the flood of TestAttackFloodCounterCap goes past the
// default bound of the middleware's counters (lockout.DefaultMaxCounters, over a
// million names: a minute or more) rather than past a small Store's.
func floodFull() bool { return timingFull() || os.Getenv("MASKEDAUTH_ATTACK_FLOOD") == "1" }

// TestAttackFloodCounterCap (issue 11, case 3): a flood of made-up names, past the
// bound of the counters, does not make unknown names lose what real users keep:
// a running lockout, and the five failures that make the next one lock again.
//
// The default run floods past a small in-memory Store (WithStore(lockout.NewTable))
// of the Masker, so it takes a few seconds; with -enumproof.full or
// MASKEDAUTH_ATTACK_FLOOD=1 it floods past the default bound instead, and the
// ENABLED pool past its own bound. The flood goes through the SDK client (the
// public API); the latency floor is off for it (it holds answers, it counts nothing).
func TestAttackFloodCounterCap(t *testing.T) {
	const small = 4096
	type run struct {
		m     mode
		store bool // a small Store for the Masker
		names int
	}
	runs := []run{{enabledMode, false, small * 3 / 2}, {maskedMode, true, small * 3 / 2}}
	if floodFull() {
		runs = []run{{enabledMode, false, 130_000}, {maskedMode, false, lockout.DefaultMaxCounters + lockout.DefaultMaxCounters/4}}
	}
	for _, r := range runs {
		t.Run(fmt.Sprintf("%s/%d names", r.m, r.names), func(t *testing.T) {
			extra := []middleware.Option{middleware.WithoutLatencyFloor()}
			if r.store {
				extra = append(extra, middleware.WithStore(lockout.NewTable(small)))
			}
			ae := newAttackEnv(t, poolSpec{shape: plain}, r.m, extra...)
			e := ae.env
			if ae.buildErr != nil {
				t.Fatal(ae.buildErr)
			}
			locked := e.add("lola", "confirmed") // a running 15-minute lockout
			edge := e.add("alice", "confirmed")  // five failures, the lockout run out
			ghostLocked, ghostEdge := "ghostlocked", "ghostedge"
			lockHard(e, locked.typed, ghostLocked)
			for range 5 {
				e.passwordCall(types.AuthFlowTypeUserPasswordAuth, edge.typed, wrongPW)
				e.passwordCall(types.AuthFlowTypeUserPasswordAuth, ghostEdge, wrongPW)
			}
			e.clk.advance(2 * time.Second)
			e.rec.take()

			// The flood, without the recorder.
			flood := e.s.Client()
			if e.masker != nil {
				flood = e.s.Client(e.masker.ClientOption())
			}
			start := time.Now()
			for i := range r.names {
				_, _ = flood.InitiateAuth(bg, &cip.InitiateAuthInput{ClientId: aws.String(e.client), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
					AuthParameters: map[string]string{"USERNAME": fmt.Sprintf("flood%08d", i), "PASSWORD": wrongPW}})
			}
			t.Logf("%d made-up names in %v", r.names, time.Since(start).Round(time.Millisecond))

			k, u := e.oPassword(e.c, locked.typed, goodPW), e.oPassword(e.c, ghostLocked, goodPW)
			if d := obsDiff(k, u); d != "" {
				t.Errorf("running lockout after the flood: known %v / unknown %v: %s", k, u, d)
			}
			if k.a.msg != msgAttemptsExceeded {
				t.Errorf("running lockout after the flood: the real user got %v", k)
			}
			var ks, us []obs
			for range 2 {
				ks = append(ks, e.oPassword(e.c, edge.typed, wrongPW))
				us = append(us, e.oPassword(e.c, ghostEdge, wrongPW))
			}
			reportSeq(t, "five failures before the flood, two after", ks, us)
		})
	}
}

// TestAttackConfirmForgotNoCode (issue 11, case 7): ConfirmForgotPassword for a real
// user who has no code pending is limited exactly like an unknown user: seven
// wrong codes, the same seven answers, the last LimitExceededException.
func TestAttackConfirmForgotNoCode(t *testing.T) {
	for _, m := range modes {
		for _, sh := range shapes {
			t.Run(fmt.Sprintf("%s/%s", m, sh), func(t *testing.T) {
				e := newEnv(t, sh, m)
				alice := e.add("alice", "confirmed") // never asked for a code
				ghost := like(alice, "ghostnocode")
				e.rec.take()
				var k, u []obs
				for range 7 {
					k = append(k, e.oConfirmForgot(e.c, alice.typed, badCode))
					u = append(u, e.oConfirmForgot(e.c, ghost, badCode))
				}
				reportSeq(t, "7 wrong codes, no code pending", k, u)
				if u[6].a.code != "LimitExceededException" {
					t.Errorf("the unknown name's seventh wrong code got %v, want LimitExceededException", u[6])
				}
			})
		}
	}
}

// TestAttackLockoutPerUser (issue 11, case 9): the lockout counts per resolved user
// (AWS: Cognito "locks out your user"), so the case variants and the aliases of one
// account share one counter, and an unknown name's case variants, in a
// case-insensitive pool, count like a real name's: five failures typed one way and
// the sixth typed another are refused for both.
func TestAttackLockoutPerUser(t *testing.T) {
	type seq struct {
		what         string
		first, sixth func(u user) string // how the five failures and the sixth are typed
		unknown      bool                // an unknown name's variants must answer alike
		insensitive  bool                // only in case-insensitive pools (AWS: CaseSensitive false also makes the email alias case insensitive)
	}
	seqs := []seq{
		{"5x Username, 1x username (case variants)", func(u user) string { return upperFirst(u.name) }, func(u user) string { return u.name }, true, true},
		{"5x USERNAME, 1x username (case variants)", func(u user) string { return strings.ToUpper(u.name) }, func(u user) string { return u.name }, true, true},
		{"5x email alias, 1x username", func(u user) string { return u.email }, func(u user) string { return u.name }, false, false},
		{"5x username, 1x email alias", func(u user) string { return u.name }, func(u user) string { return u.email }, false, false},
		{"5x EMAIL ALIAS, 1x username", func(u user) string { return strings.ToUpper(u.email) }, func(u user) string { return u.name }, false, true},
		{"5x EMAIL, 1x email (case variants of the alias)", func(u user) string { return strings.ToUpper(u.email) }, func(u user) string { return u.email }, true, true},
	}
	for _, m := range modes {
		for _, insensitive := range []bool{true, false} {
			spec := poolSpec{shape: alias, insensitive: insensitive}
			t.Run(fmt.Sprintf("%s/%s", m, spec), func(t *testing.T) {
				ae := newAttackEnv(t, spec, m)
				e := ae.env
				e.rec.take()
				// One real account and one unknown name per sequence, so that no
				// sequence inherits the counters of another.
				run := func(u user, s seq) []obs {
					e.clk.advance(20 * time.Minute)
					var out []obs
					for range 5 {
						out = append(out, e.oPassword(e.c, s.first(u), wrongPW))
					}
					return append(out, e.oPassword(e.c, s.sixth(u), wrongPW))
				}
				for i, s := range seqs {
					if s.insensitive && !insensitive {
						continue
					}
					alice := e.add(fmt.Sprintf("alice%d", i), "confirmed")
					ghost := user{name: fmt.Sprintf("ghost%d", i), email: fmt.Sprintf("ghost%d@example.com", i)}
					k := run(alice, s)
					if k[5].a.msg != msgAttemptsExceeded {
						t.Errorf("%s: the real account is not locked: %s", s.what, seqString(k))
					}
					if !s.unknown {
						continue
					}
					u := run(ghost, s)
					reportSeq(t, s.what, k, u)
				}
			})
		}
	}
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
