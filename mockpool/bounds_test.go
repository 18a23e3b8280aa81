package mockpool

import (
	"bytes"
	"strconv"
	"testing"
	"time"

	"github.com/maskedauth/maskedauth/internal/simulate"
)

// TestCountersBounded floods the per-typed-username counters with names that do not
// exist (what any unauthenticated client can send) and checks that the maps stay
// bounded and that a locked-out name keeps its lockout through the flood.
func TestCountersBounded(t *testing.T) {
	p := newPool("us-east-1_bounds", poolConfig{})
	now := time.Unix(1_700_000_000, 0)
	for i := 0; i < lockoutFreeFailures; i++ {
		p.signInFailed("victim", now)
	}
	if !p.signInLocked("victim", now) {
		t.Fatal("victim not locked out after the free failures")
	}
	for i := 0; i < 2*maxCounters+10; i++ {
		key := "flood-" + strconv.Itoa(i)
		p.signInFailed(key, now)
		p.resetWrongCode(key, now)
		p.forgotAllowed(key, now)
	}
	for name, m := range map[string]map[string]*attempts{"signInFails": p.signInFails, "resetFails": p.resetFails, "forgotReqs": p.forgotReqs} {
		if len(m) > maxCounters {
			t.Errorf("%s holds %d records, more than %d", name, len(m), maxCounters)
		}
	}
	if !p.signInLocked("victim", now) {
		t.Error("the flood of unknown names lifted the victim's lockout")
	}
}

// TestChallengeSessionsBounded opens far more live challenge sessions than the bound
// (what USER_SRP_AUTH for made-up names does under ENABLED) and checks that the pool
// keeps at most maxChallengeSessions and that a fresh session still resolves.
func TestChallengeSessionsBounded(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	s := New(WithClock(func() time.Time { return now }))
	p := newPool("us-east-1_bounds", poolConfig{})
	for i := 0; i < 3*maxChallengeSessions; i++ {
		s.newChallengeSession(p, &authSession{challenge: "PASSWORD_VERIFIER", clientID: "c", expires: now.Add(time.Hour).UnixNano()})
	}
	if n := len(p.challenge); n > maxChallengeSessions {
		t.Errorf("pool holds %d challenge sessions, more than %d", n, maxChallengeSessions)
	}
	tok := s.newChallengeSession(p, &authSession{challenge: "NEW_PASSWORD_REQUIRED", clientID: "c", expires: now.Add(time.Hour).UnixNano()})
	if sess, e := p.challengeSession(tok, "c", now); e != nil || sess.challenge != "NEW_PASSWORD_REQUIRED" {
		t.Errorf("fresh session: %v, %v", sess, e)
	}
	if _, ok := p.challenge[sessionKey(tok)]; !ok {
		t.Error("sessions are not keyed by the hash of the Session string")
	}
}

// TestEmptySecretIsNotUsed checks that an empty simulation secret (an empty
// -secret-file, say) is replaced by a random one: with an empty HMAC key anyone could
// compute the simulated SALT of a name and tell unknown users from real ones.
func TestEmptySecretIsNotUsed(t *testing.T) {
	public := simulate.New(nil).SRPSalt("us-east-1_x", "bob")
	for _, secret := range [][]byte{{}, nil} {
		s := New(WithSecret(secret))
		if len(s.secret) < 32 {
			t.Errorf("WithSecret(%v): secret of %d bytes", secret, len(s.secret))
		}
		if got := s.sim.SRPSalt("us-east-1_x", "bob"); bytes.Equal(got, public) {
			t.Errorf("WithSecret(%v): simulated salt computable without the secret", secret)
		}
	}
}
