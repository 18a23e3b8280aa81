package mockpool

import (
	"bytes"
	"strconv"
	"testing"
	"time"

	"github.com/maskedauth/maskedauth/internal/lockout"
	"github.com/maskedauth/maskedauth/internal/simulate"
)

// TestCountersBounded floods a pool's counters with names that do not exist (what
// any unauthenticated client can send) and checks that they stay bounded, that a
// locked-out user keeps the lockout through the flood, and that keys hold no name.
func TestCountersBounded(t *testing.T) {
	s := New(WithSecret(bytes.Repeat([]byte{7}, 32)))
	p := newPool("us-east-1_bounds", poolConfig{})
	p.limits = lockout.NewTable(1000)
	now := time.Unix(1_700_000_000, 0)
	victim := s.counterKey(p, "victim-sub", "")
	for i := 0; i < lockout.FreeFailures; i++ {
		p.hit(lockout.SignIn, victim, now)
	}
	if !p.limited(lockout.SignIn, victim, now) {
		t.Fatal("victim not locked out after the free failures")
	}
	for i := 0; i < 3000; i++ {
		key := s.counterKey(p, "", "flood-"+strconv.Itoa(i))
		p.hit(lockout.SignIn, key, now)
		p.hit(lockout.WrongCode, key, now)
		p.hit(lockout.Delivery, key, now)
		if n := p.limits.Len(); n > 1000 {
			t.Fatalf("the counters hold %d records, more than 1000", n)
		}
	}
	if !p.limited(lockout.SignIn, victim, now) {
		t.Error("the flood of unknown names lifted the victim's lockout")
	}
}

// TestCounterKeys: keys depend on the pool, the secret and whether a sub or a name
// is counted, and names are normalised as the pool resolves them.
func TestCounterKeys(t *testing.T) {
	s1, s2 := New(WithSecret(bytes.Repeat([]byte{1}, 32))), New(WithSecret(bytes.Repeat([]byte{2}, 32)))
	plain := newPool("us-east-1_a", poolConfig{CaseSensitive: true})
	other := newPool("us-east-1_b", poolConfig{CaseSensitive: true})
	email := newPool("us-east-1_c", poolConfig{CaseSensitive: true, UsernameAttributes: []string{"email"}})
	cases := []struct {
		what string
		a, b lockout.Key
		same bool
	}{
		{"a sub and the same string typed", s1.counterKey(plain, "x", ""), s1.counterKey(plain, "", "x"), false},
		{"two pools", s1.counterKey(plain, "", "x"), s1.counterKey(other, "", "x"), false},
		{"two secrets", s1.counterKey(plain, "", "x"), s2.counterKey(plain, "", "x"), false},
		{"case, case-sensitive pool", s1.counterKey(plain, "", "X"), s1.counterKey(plain, "", "x"), false},
		{"an email's case, email pool", s1.counterKey(email, "", "A@B.example"), s1.counterKey(email, "", "a@b.example"), true},
		{"the same name", s1.counterKey(plain, "", "x"), s1.counterKey(plain, "", "x"), true},
	}
	for _, c := range cases {
		if (c.a == c.b) != c.same {
			t.Errorf("%s: same key %v, want %v", c.what, c.a == c.b, c.same)
		}
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
		s.newChallengeSession(p, &authSession{Challenge: "PASSWORD_VERIFIER", ClientID: "c", Expires: now.Add(time.Hour).UnixNano()})
	}
	if n := len(p.challenge); n > maxChallengeSessions {
		t.Errorf("pool holds %d challenge sessions, more than %d", n, maxChallengeSessions)
	}
	tok := s.newChallengeSession(p, &authSession{Challenge: "NEW_PASSWORD_REQUIRED", ClientID: "c", Expires: now.Add(time.Hour).UnixNano()})
	if sess, e := s.challengeSession(p, tok, "c", now); e != nil || sess.Challenge != "NEW_PASSWORD_REQUIRED" {
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
