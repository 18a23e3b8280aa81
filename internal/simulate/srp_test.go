package simulate

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"math/big"
	"testing"

	"github.com/maskedauth/maskedauth/internal/srp"
)

func TestKey(t *testing.T) {
	email, alias := []string{"email"}, []string{"email"}
	tests := []struct {
		name, norm    string
		user, aliases []string
		want          string
	}{
		{"plain username kept", "Alice", nil, nil, "Alice"},
		{"email in a plain pool: a username like any other", "Bob@X.com", nil, nil, "Bob@X.com"},
		{"email as username", "Bob@X.com", email, nil, "bob@x.com"},
		{"email alias", "Bob@X.com", nil, alias, "bob@x.com"},
		{"email alias, plain name", "Bob", nil, alias, "Bob"},
		{"phone alias: no case", "+12065551234", nil, []string{"phone_number"}, "+12065551234"},
		{"preferred_username alias", "Bob", nil, []string{"preferred_username"}, "bob"},
	}
	for _, tt := range tests {
		if got := Key(tt.norm, tt.user, tt.aliases); got != tt.want {
			t.Errorf("%s: Key(%q) = %q, want %q", tt.name, tt.norm, got, tt.want)
		}
	}
}

func TestReal(t *testing.T) {
	if d := Real("phone_number", "+4930123456"); d != (Delivery{"+******3456", "SMS", "phone_number"}) {
		t.Errorf("phone: %+v", d)
	}
	if d := Real("email", "7Bob@Mail.org"); d != (Delivery{"7***@M***", "EMAIL", "email"}) {
		t.Errorf("email: %+v", d)
	}
}

func TestSRP(t *testing.T) {
	s := New([]byte("secret"))
	v := s.SRP("pool", "user")
	if !bytes.Equal(v.Salt, s.SRPSalt("pool", "user")) || v.UserID != s.SRPUserID("pool", "user") || v.Verifier.Cmp(s.SRPVerifier("pool", "user")) != 0 {
		t.Fatal("SRP disagrees with its parts")
	}
	if v.Verifier.Sign() <= 0 || v.Verifier.Cmp(srp.N()) >= 0 {
		t.Fatal("verifier not in (0, N)")
	}
	if v.Verifier.Cmp(New([]byte("other")).SRPVerifier("pool", "user")) == 0 || v.Verifier.Cmp(s.SRPVerifier("pool", "user2")) == 0 {
		t.Fatal("verifier not keyed by secret and username")
	}
	c1, err := s.SRPChallenge(rand.Reader, "pool", "user")
	if err != nil {
		t.Fatal(err)
	}
	c2, err := s.SRPChallenge(rand.Reader, "pool", "user")
	if err != nil {
		t.Fatal(err)
	}
	// B = k*v + g^b mod N with a fresh b.
	b, B := c1.Ephemeral.Secret(), c1.Ephemeral.Public()
	want := new(big.Int).Mul(srp.K(), v.Verifier)
	want.Add(want, new(big.Int).Exp(srp.G(), b, srp.N()))
	want.Mod(want, srp.N())
	if B.Cmp(want) != 0 {
		t.Fatal("B is not k*v + g^b")
	}
	if B.Cmp(c2.Ephemeral.Public()) == 0 {
		t.Fatal("b not fresh")
	}
	p := c1.Parameters("BLOCK")
	if p["SALT"] != hex.EncodeToString(v.Salt) || len(p["SALT"]) != 32 || p["SRP_B"] != c1.Ephemeral.PublicHex() || p["SECRET_BLOCK"] != "BLOCK" ||
		p["USER_ID_FOR_SRP"] != v.UserID || p["USERNAME"] != v.UserID || len(p) != 5 {
		t.Fatalf("parameters %v", p)
	}
}

// TestDeliveryShapes: over many names, simulated masks take every shape the tables
// allow, depend on the key only, and stay shaped like real masks.
func TestDeliveryShapes(t *testing.T) {
	s := New([]byte("secret"))
	seen := map[string]bool{}
	for i := 0; i < 2000; i++ {
		name := "user" + string(rune('a'+i%26)) + hex.EncodeToString([]byte{byte(i), byte(i >> 8)})
		e := s.Delivery("p", name, []string{"email"})
		seen["local "+class1(e.Destination[0])] = true
		seen["domain "+class1(e.Destination[5])] = true
		ph := s.Delivery("p", name, []string{"phone_number"})
		if !phoneMask.MatchString(ph.Destination) {
			t.Fatalf("phone mask %q", ph.Destination)
		}
		seen["phone "+string(rune('0'+len(ph.Destination)-1-8))] = true // digits - 8
		typed := s.Delivery("p", name+"@example.com", nil)
		if !emailMask.MatchString(typed.Destination) || typed.Destination[0]|0x20 != name[0] {
			t.Fatalf("typed email mask %q for %q", typed.Destination, name)
		}
		seen["typed "+class1(typed.Destination[0])] = true
	}
	for _, want := range []string{"local a", "local A", "local 9", "domain a", "domain A", "domain 9", "typed a", "typed A",
		"phone 0", "phone 1", "phone 2", "phone 3", "phone 4", "phone 5", "phone 6", "phone 7"} {
		if !seen[want] {
			t.Errorf("no simulated mask of shape %q", want)
		}
	}
}

func class1(c byte) string {
	switch {
	case c >= 'a' && c <= 'z':
		return "a"
	case c >= 'A' && c <= 'Z':
		return "A"
	case c >= '0' && c <= '9':
		return "9"
	}
	return string(c)
}
