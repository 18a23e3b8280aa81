package enumproof_test

// Issue 11, the pool's facts: case sensitivity (case 6), simulated sign-ups
// (case 8) and the audit of USER_ID_FOR_SRP (case 11).

import (
	"fmt"
	"strings"
	"testing"
	"time"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/middleware"
)

// TestAttackCaseFactsRequired (issue 11, case 6): a Masker that does not know the
// pool's username case sensitivity cannot be built: middleware.New refuses it with
// an error, and WithMasking makes every call fail with a Misconfigured Result,
// where today both silently default to case-sensitive keys. Stating the facts
// (WithNormalize, or the options Audit reads from the pool) is enough.
func TestAttackCaseFactsRequired(t *testing.T) {
	for _, sh := range shapes {
		t.Run(string(sh), func(t *testing.T) {
			ae := newAttackEnv(t, poolSpec{shape: sh, insensitive: true}, maskedMode)
			if ae.buildErr != nil {
				t.Fatal(ae.buildErr)
			}
			e := ae.env
			unknownFacts := []middleware.Option{middleware.WithSecret(secret), middleware.WithUserPool(e.poolID, "email"), middleware.WithClock(e.clk.now)}
			if sh == emailName {
				unknownFacts = append(unknownFacts, middleware.WithUsernameAttributes("email"))
			}
			if _, err := middleware.New(unknownFacts...); err == nil {
				t.Errorf("middleware.New without the pool's case sensitivity: no error")
			}
			c := e.s.Client(middleware.WithMasking(unknownFacts...), func(o *cip.Options) { o.HTTPClient = e.rec })
			ghost := e.unknown("Ghostfacts")
			o1 := e.oPassword(c, ghost, wrongPW)
			o2 := e.oForgot(c, ghost)
			for _, o := range []obs{o1, o2} {
				if !strings.HasPrefix(o.result, errorsx.Misconfigured.String()+"/") {
					t.Errorf("WithMasking without the pool's case sensitivity: a call got %s, want Misconfigured", o)
				}
			}
			// The control: the facts Audit reads are enough.
			rep, err := middleware.Audit(bg, e.admin, e.poolID)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := middleware.New(append(rep.Options(), middleware.WithSecret(secret))...); err != nil {
				t.Errorf("middleware.New with the audited facts: %v", err)
			}
		})
	}
}

// checkCaseVariants compares, in a case-insensitive pool, what the case variants
// of a real name and of an unknown name give through client c: the lockout
// (five failures typed one way, the sixth another), the equality of the simulated
// or real SRP salt and USER_ID_FOR_SRP, and of the delivery destination, across
// the variants.
func checkCaseVariants(t *testing.T, e *env, c *cip.Client, known, unknown string) {
	t.Helper()
	variants := func(s string) []string { return []string{s, upperFirst(s), strings.ToUpper(s)} }
	// Lockout across the variants.
	run := func(name string) []obs {
		v := variants(name)
		var out []obs
		for i := range 5 {
			out = append(out, e.oPassword(c, v[1+i%2], wrongPW))
		}
		return append(out, e.oPassword(c, v[0], wrongPW))
	}
	quiet(e)
	reportSeq(t, "five failures on upper-case variants, the sixth in lower case", run(known), run(unknown))
	quiet(e)
	// Simulated (or real) values across the variants.
	values := func(name string) (salts, uids, dests []string) {
		for _, v := range variants(name) {
			_, first := e.oSRP(c, v, wrongPW)
			salts = append(salts, first.salt)
			uids = append(uids, first.a.uid)
			dests = append(dests, e.oForgot(c, v).dest)
		}
		return
	}
	ks, ku, kd := values(known)
	us, uu, ud := values(unknown)
	for _, p := range []struct {
		what string
		k, u []string
	}{{"SALT", ks, us}, {"USER_ID_FOR_SRP", ku, uu}, {"delivery destination", kd, ud}} {
		if equalPattern(p.k) != equalPattern(p.u) {
			t.Errorf("%s across the case variants: known %q (%s) / unknown %q (%s)", p.what, p.k, equalPattern(p.k), p.u, equalPattern(p.u))
		}
	}
	quiet(e)
}

// TestAttackCaseInsensitiveVariants (issue 11, case 6): in a case-insensitive pool,
// the case variants of a real name and of an unknown name answer alike (lockout
// counts, simulated values), in ENABLED and under the middleware told the pool's
// facts; a Masker built without them is refused, or answers alike too.
func TestAttackCaseInsensitiveVariants(t *testing.T) {
	type run struct {
		m       mode
		noFacts bool
	}
	for _, r := range []run{{enabledMode, false}, {maskedMode, false}, {maskedMode, true}} {
		for _, sh := range shapes {
			name := fmt.Sprintf("%s/%s", r.m, sh)
			if r.noFacts {
				name = fmt.Sprintf("%s,no case facts/%s", r.m, sh)
			}
			t.Run(name, func(t *testing.T) {
				ae := newAttackEnv(t, poolSpec{shape: sh, insensitive: true, noCaseFacts: r.noFacts}, r.m)
				if ae.buildErr != nil {
					if r.noFacts {
						return // refused: nothing to attack
					}
					t.Fatal(ae.buildErr)
				}
				e := ae.env
				alice := e.add("alice", "confirmed")
				e.rec.take()
				checkCaseVariants(t, e, e.c, alice.typed, like(alice, "ghostcase"))
			})
		}
	}
}

// TestAttackSimulatedSignUpSubs (issue 11, case 8): with WithSimulatedSignUp, three
// SignUps of a taken name and three of a free one give the same answers, and their
// UserSubs the same pattern of equal and different values across the repeats.
func TestAttackSimulatedSignUpSubs(t *testing.T) {
	for _, sh := range shapes {
		t.Run(fmt.Sprintf("%s/%s", maskedMode, sh), func(t *testing.T) {
			e := newEnv(t, sh, maskedMode)
			alice := e.add("alice", "confirmed")
			free := like(user{typed: alice.name}, "newbie")
			e.rec.take()
			var k, u []obs
			var ksubs, usubs []string
			for range 3 {
				e.clk.advance(time.Minute)
				ko, uo := e.oSignUp(e.policy, alice.name), e.oSignUp(e.policy, free)
				k, u = append(k, ko), append(u, uo)
				ksubs, usubs = append(ksubs, ko.sub), append(usubs, uo.sub)
			}
			reportSeq(t, "three SignUps", k, u)
			if equalPattern(ksubs) != equalPattern(usubs) {
				t.Errorf("UserSub across three SignUps: taken name %s (%s) / free name %s (%s)", ksubs, equalPattern(ksubs), usubs, equalPattern(usubs))
			}
		})
	}
}

// TestAttackAuditUserIDForSRP (issue 11, case 11): wherever an attacker tells a
// real user from an unknown one by the shape of USER_ID_FOR_SRP (a plain username
// against a simulated UUID: plain-username pools as well as alias pools), Audit
// reports it, for every app client that allows SRP, with what closes it.
func TestAttackAuditUserIDForSRP(t *testing.T) {
	for _, sh := range shapes {
		t.Run(string(sh), func(t *testing.T) {
			e := newEnv(t, sh, enabledMode)
			alice := e.add("alice", "confirmed")
			_, k := e.oSRP(e.c, alice.typed, wrongPW)
			_, u := e.oSRP(e.c, like(alice, "ghostsrp"), wrongPW)
			leaks := uidShape(k.a.uid) != uidShape(u.a.uid)
			rep, err := middleware.Audit(bg, e.admin, e.poolID)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range rep.Clients {
				if !strings.Contains(strings.Join(c.AuthFlows, ","), "ALLOW_USER_SRP_AUTH") {
					continue
				}
				var found *middleware.Risk
				for i, r := range rep.Risks {
					if r.ClientID == c.ID && strings.Contains(r.Summary, "USER_ID_FOR_SRP") {
						found = &rep.Risks[i]
					}
				}
				switch {
				case leaks && found == nil:
					t.Errorf("USER_ID_FOR_SRP is %s for a real user and %s for an unknown one, and Audit reports no risk for client %s",
						uidShape(k.a.uid), uidShape(u.a.uid), c.Name)
				case found != nil && found.Fix == "":
					t.Errorf("client %s: the USER_ID_FOR_SRP risk says nothing of what closes it", c.Name)
				}
			}
		})
	}
}
