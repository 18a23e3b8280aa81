package enumproof_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// TestLeaksCognitoKeeps: the leaks ENABLED does not close are present in the
// Cognito-faithful mode (and under the middleware's defaults), and closed by the
// middleware's policies where it has one.
func TestLeaksCognitoKeeps(t *testing.T) {
	n := 0
	for _, sh := range shapes {
		for _, m := range modes {
			e := newEnv(t, sh, m)
			e.population()
			e.rec.take()
			una := e.users["una"]
			alice := e.users["alice"]
			check := func(what string, leak bool, known, unknown answer, checkUID bool) {
				t.Helper()
				n++
				known.wire, unknown.wire = nil, nil
				d := diff(known, unknown, checkUID)
				if leak && d == "" {
					t.Errorf("%s / %s / %s: the leak is not there (known %v, unknown %v)", sh, m, what, known, unknown)
				}
				if !leak && d != "" {
					t.Errorf("%s / %s / %s: the leak is not closed: %s", sh, m, what, d)
				}
			}

			// UserNotConfirmedException at sign-in (the right password).
			check("UserNotConfirmedException", true,
				e.initiate(e.c, types.AuthFlowTypeUserPasswordAuth, una.typed, goodPW),
				e.initiate(e.c, types.AuthFlowTypeUserPasswordAuth, like(una, "ghost"), goodPW), false)
			if m == maskedMode {
				check("UserNotConfirmedException, WithGenericUnconfirmed", false,
					e.initiate(e.policy, types.AuthFlowTypeUserPasswordAuth, una.typed, goodPW),
					e.initiate(e.policy, types.AuthFlowTypeUserPasswordAuth, like(una, "ghost"), goodPW), false)
				_, k2 := e.srp(e.policy, una.typed, goodPW)
				_, u2 := e.srp(e.policy, like(una, "ghost"), goodPW)
				check("UserNotConfirmedException (SRP), WithGenericUnconfirmed", false, k2, u2, false)
			}

			// SignUp's UsernameExistsException.
			quiet(e)
			check("SignUp UsernameExistsException", true, e.signUp(e.c, alice.name), e.signUp(e.c, like(user{typed: alice.name}, "newbie1")), false)
			if m == maskedMode {
				known, unknown := e.signUp(e.policy, alice.name), e.signUp(e.policy, like(user{typed: alice.name}, "newbie2"))
				if known.code != "" || unknown.code != "" {
					t.Errorf("%s: WithSimulatedSignUp: %v / %v", sh, known, unknown)
				}
				check("SignUp UsernameExistsException, WithSimulatedSignUp", false, known, unknown, false)
			}

			// USER_ID_FOR_SRP: the plain username of a real user, a UUID for an unknown one,
			// unless usernames are UUIDs (email as username). The middleware has no policy
			// for it: it stays.
			k1, _ := e.srp(e.c, alice.typed, wrongPW)
			u1, _ := e.srp(e.c, like(alice, "ghost"), wrongPW)
			check("USER_ID_FOR_SRP shape", sh != emailName, k1, u1, true)
			if sh != emailName && (uidShape(k1.uid) != "name" || uidShape(u1.uid) != "uuid") {
				t.Errorf("%s / %s: USER_ID_FOR_SRP %q / %q", sh, m, k1.uid, u1.uid)
			}
			if m == maskedMode {
				k1, _ = e.srp(e.policy, alice.typed, wrongPW)
				u1, _ = e.srp(e.policy, like(alice, "ghost"), wrongPW)
				check("USER_ID_FOR_SRP shape, every policy", sh != emailName, k1, u1, true)
			}
		}
	}
	t.Logf("leak checks: %d", n)
}

// TestLegacyControl: without the middleware a LEGACY client does reveal existence,
// so the differential check is able to see a leak.
func TestLegacyControl(t *testing.T) {
	for _, sh := range shapes {
		e := newEnv(t, sh, legacyMode)
		e.population()
		e.rec.take()
		for _, op := range operations[:8] { // the masked operations, not the counters
			leaked := false
			for _, p := range op.run(e) {
				if diff(p.known, p.unknown, false) != "" {
					leaked = true
				}
			}
			if !leaked {
				t.Errorf("%s / %s: plain LEGACY answers known and unknown users alike", sh, op.name)
			}
		}
	}
}

// TestSimulatedBeforeReal: the middleware's first simulated SRP challenge, before it
// has seen any real one (it learns the SECRET_BLOCK length from real ones), already
// has the shape of a real challenge.
func TestSimulatedBeforeReal(t *testing.T) {
	for _, sh := range shapes {
		e := newEnv(t, sh, maskedMode)
		e.population()
		e.rec.take()
		alice := e.users["alice"]
		u1, u2 := e.srp(e.c, like(alice, "ghost"), wrongPW)
		k1, k2 := e.srp(e.c, alice.typed, wrongPW)
		for _, a := range []*answer{&k1, &k2, &u1, &u2} {
			a.wire = nil // LEGACY's answers: what counts is what the SDK returns
		}
		if d := diff(k1, u1, false); d != "" {
			t.Errorf("%s: first simulated challenge: %s", sh, d)
		}
		if d := diff(k2, u2, false); d != "" {
			t.Errorf("%s: answer to the first simulated challenge: %s", sh, d)
		}
	}
}
