package simulate

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"regexp"
	"sort"
	"testing"
)

// seeded is a deterministic randomness source for tests.
func seeded(n uint64) *rand.ChaCha8 {
	var seed [32]byte
	seed[0] = byte(n)
	return rand.NewChaCha8(seed)
}

var allPool = PoolFactors{
	Allowed:         []string{"WEB_AUTHN", "SMS_OTP", "EMAIL_OTP", "PASSWORD"},
	EmailConfigured: true, SMSConfigured: true, RelyingPartyID: "auth.example.com",
}

func TestApplicable(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    PoolFactors
		want []string
	}{
		{"all", allPool, []string{"PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"}},
		{"no SMS", PoolFactors{Allowed: allPool.Allowed, EmailConfigured: true, RelyingPartyID: "x"}, []string{"PASSWORD", "EMAIL_OTP", "WEB_AUTHN"}},
		{"no rp", PoolFactors{Allowed: allPool.Allowed, EmailConfigured: true, SMSConfigured: true}, []string{"PASSWORD", "EMAIL_OTP", "SMS_OTP"}},
		{"password only", PoolFactors{Allowed: []string{"PASSWORD"}, SMSConfigured: true}, []string{"PASSWORD"}},
		{"email not sendable", PoolFactors{Allowed: []string{"EMAIL_OTP"}}, nil},
		{"nothing", PoolFactors{}, nil},
	} {
		if got := tc.p.Applicable(); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Applicable = %v, want %v", tc.name, got, tc.want)
		}
	}
	if got, want := allPool.AvailableChallenges(), []string{"PASSWORD_SRP", "PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"}; !reflect.DeepEqual(got, want) {
		t.Errorf("AvailableChallenges = %v, want %v", got, want)
	}
}

// TestRandomFactorDistribution: Cognito's draw is uniform over the applicable
// factors and never leaves them.
func TestRandomFactorDistribution(t *testing.T) {
	const n = 8000
	r := seeded(1)
	counts := map[string]int{}
	for i := 0; i < n; i++ {
		f, err := RandomFactor(r, allPool)
		if err != nil {
			t.Fatal(err)
		}
		counts[f]++
	}
	if len(counts) != 4 {
		t.Fatalf("draws hit %v, want the 4 factors", counts)
	}
	for f, c := range counts {
		if c < n/4*85/100 || c > n/4*115/100 {
			t.Errorf("%s drawn %d times of %d, want about %d", f, c, n, n/4)
		}
	}
	if _, err := RandomFactor(r, PoolFactors{}); err != ErrNoFactor {
		t.Errorf("empty pool: err %v, want ErrNoFactor", err)
	}
	if _, err := RandomFactor(bytes.NewReader(nil), allPool); err == nil {
		t.Error("a failing reader must fail the draw")
	}
}

// TestStableFactor: one name, one factor; across names, every applicable
// factor about equally often; different pools and secrets differ.
func TestStableFactor(t *testing.T) {
	s := New([]byte("secret-1"))
	p := PoolFactors{Allowed: []string{"PASSWORD", "EMAIL_OTP", "WEB_AUTHN"}, EmailConfigured: true, RelyingPartyID: "rp"}
	counts := map[string]int{}
	const n = 6000
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("user%d@example.com", i)
		f := s.StableFactor("pool-1", name, p)
		for j := 0; j < 3; j++ {
			if g := s.StableFactor("pool-1", name, p); g != f {
				t.Fatalf("%s: %s then %s", name, f, g)
			}
		}
		counts[f]++
	}
	for _, f := range p.Applicable() {
		if c := counts[f]; c < n/3*85/100 || c > n/3*115/100 {
			t.Errorf("%s chosen for %d of %d names", f, c, n)
		}
	}
	if len(counts) != 3 {
		t.Errorf("choices %v outside the applicable factors", counts)
	}
	// Case variants that the pool resolves alike get the same choice (via Key).
	k1 := Key("alice@example.com", []string{"email"}, nil)
	k2 := Key("ALICE@Example.com", []string{"email"}, nil)
	if s.StableFactor("pool-1", k1, p) != s.StableFactor("pool-1", k2, p) {
		t.Error("case variants of one address got different factors")
	}
	differ := 0
	s2 := New([]byte("secret-2"))
	for i := 0; i < 200; i++ {
		name := fmt.Sprintf("u%d", i)
		if s.StableFactor("pool-1", name, p) != s2.StableFactor("pool-1", name, p) ||
			s.StableFactor("pool-1", name, p) != s.StableFactor("pool-2", name, p) {
			differ++
		}
	}
	if differ < 100 {
		t.Errorf("only %d of 200 names change with the secret or pool", differ)
	}
	if f := s.StableFactor("pool-1", "x", PoolFactors{}); f != "" {
		t.Errorf("no factor applies, got %q", f)
	}
}

func TestChallengeFor(t *testing.T) {
	for _, tc := range []struct{ factor, preferred, want string }{
		{"PASSWORD", "", "PASSWORD"},
		{"PASSWORD", "PASSWORD_SRP", "PASSWORD_SRP"},
		{"PASSWORD", "PASSWORD", "PASSWORD"},
		{"PASSWORD", "EMAIL_OTP", "PASSWORD"},
		{"EMAIL_OTP", "PASSWORD_SRP", "EMAIL_OTP"},
		{"WEB_AUTHN", "WEB_AUTHN", "WEB_AUTHN"},
		{"SMS_OTP", "", "SMS_OTP"},
	} {
		if got := ChallengeFor(tc.factor, tc.preferred); got != tc.want {
			t.Errorf("ChallengeFor(%s, %q) = %s, want %s", tc.factor, tc.preferred, got, tc.want)
		}
	}
}

// TestOTPDelivery: simulated code deliveries take the shapes of real ones.
func TestOTPDelivery(t *testing.T) {
	s := New([]byte("k"))
	emailMask := regexp.MustCompile(`^[a-zA-Z0-9]\*\*\*@[a-zA-Z0-9]\*\*\*$`)
	phoneMask := regexp.MustCompile(`^\+\*{4,11}[0-9]{4}$`)
	for _, tc := range []struct {
		name, factor, medium, attr string
		re                         *regexp.Regexp
	}{
		{"alice", "EMAIL_OTP", "EMAIL", "email", emailMask},
		{"bob@example.org", "EMAIL_OTP", "EMAIL", "email", emailMask},
		{"+12065551234", "EMAIL_OTP", "EMAIL", "email", emailMask},
		{"carol", "SMS_OTP", "SMS", "phone_number", phoneMask},
		{"dave@example.org", "SMS_OTP", "SMS", "phone_number", phoneMask},
		{"+12065551234", "SMS_OTP", "SMS", "phone_number", phoneMask},
	} {
		d := s.OTPDelivery("pool", tc.name, tc.factor)
		if d.DeliveryMedium != tc.medium || d.AttributeName != tc.attr || !tc.re.MatchString(d.Destination) {
			t.Errorf("OTPDelivery(%q, %s) = %+v", tc.name, tc.factor, d)
		}
		if d2 := s.OTPDelivery("pool", tc.name, tc.factor); d2 != d {
			t.Errorf("OTPDelivery(%q) not stable: %+v then %+v", tc.name, d, d2)
		}
	}
	if got := s.OTPDelivery("pool", "+12065551234", "SMS_OTP"); got != Real("phone_number", "+12065551234") {
		t.Errorf("typed phone: %+v, want the real mask", got)
	}
	real := OTPParameters(Real("email", "erin@example.com"), "erin")
	sim := OTPParameters(s.OTPDelivery("pool", "frank", "EMAIL_OTP"), "frank")
	if !sameKeys(real, sim) {
		t.Errorf("parameters differ in shape: %v vs %v", real, sim)
	}
}

func sameKeys(a, b map[string]string) bool {
	ka, kb := keys(a), keys(b)
	return reflect.DeepEqual(ka, kb)
}

func keys(m map[string]string) []string {
	var k []string
	for x := range m {
		k = append(k, x)
	}
	sort.Strings(k)
	return k
}

// TestRequestOptionsShape: the simulated CREDENTIAL_REQUEST_OPTIONS of an
// unknown name and the real options of a user with a passkey have the same
// JSON shape: same keys, same types, challenge of one length, non-empty
// allowCredentials of descriptors alike; the credential list is stable per
// name, the challenge fresh per request.
func TestRequestOptionsShape(t *testing.T) {
	s := New([]byte("k"))
	r := seeded(2)
	p := PoolFactors{Allowed: []string{"WEB_AUTHN"}, RelyingPartyID: "auth.example.com", UserVerification: "required"}
	realID := bytes.Repeat([]byte{7}, 32)
	realOpts, err := NewRequestOptions(r, p, []CredentialDescriptor{Descriptor(realID, []string{"internal"})})
	if err != nil {
		t.Fatal(err)
	}
	realJSON, _ := realOpts.JSON()
	seenLen := map[int]bool{}
	for i := 0; i < 300; i++ {
		name := fmt.Sprintf("nobody%d", i)
		sim, err := s.SimulatedRequestOptions(r, "pool", name, p)
		if err != nil {
			t.Fatal(err)
		}
		simJSON, _ := sim.JSON()
		if a, b := shapeOf(t, realJSON), shapeOf(t, simJSON); a != b {
			t.Fatalf("shapes differ:\nreal %s\nsim  %s", a, b)
		}
		if len(sim.Challenge) != len(realOpts.Challenge) || sim.RPID != "auth.example.com" || sim.UserVerification != "required" || sim.Timeout != realOpts.Timeout {
			t.Fatalf("options %+v vs real %+v", sim, realOpts)
		}
		if len(sim.AllowCredentials) == 0 {
			t.Fatalf("%s: empty allowCredentials; a real user with a passkey lists hers", name)
		}
		for _, c := range sim.AllowCredentials {
			id, err := base64.RawURLEncoding.DecodeString(c.ID)
			if err != nil || c.Type != "public-key" || len(c.Transports) == 0 {
				t.Fatalf("descriptor %+v: %v", c, err)
			}
			seenLen[len(id)] = true
		}
		again, _ := s.SimulatedRequestOptions(r, "pool", name, p)
		if !reflect.DeepEqual(again.AllowCredentials, sim.AllowCredentials) {
			t.Fatalf("%s: allowCredentials not stable", name)
		}
		if again.Challenge == sim.Challenge {
			t.Fatalf("%s: challenge repeated", name)
		}
	}
	if !seenLen[32] || len(seenLen) < 3 {
		t.Errorf("simulated id lengths %v: too few shapes", seenLen)
	}
	uvDefault, _ := NewRequestOptions(r, PoolFactors{RelyingPartyID: "x"}, nil)
	if uvDefault.UserVerification != "preferred" || uvDefault.AllowCredentials == nil {
		t.Errorf("defaults: %+v", uvDefault)
	}
	if _, err := NewRequestOptions(bytes.NewReader(nil), p, nil); err == nil {
		t.Error("a failing reader must fail")
	}
}

// shapeOf describes a JSON document by its keys and value kinds, recursively
// (the first element of arrays stands for all).
func shapeOf(t *testing.T, doc string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatal(err)
	}
	var walk func(v any) string
	walk = func(v any) string {
		switch x := v.(type) {
		case map[string]any:
			var ks []string
			for k := range x {
				ks = append(ks, k)
			}
			sort.Strings(ks)
			out := "{"
			for _, k := range ks {
				out += k + ":" + walk(x[k]) + ","
			}
			return out + "}"
		case []any:
			if len(x) == 0 {
				return "[]"
			}
			return "[" + walk(x[0]) + "]"
		case string:
			return "s"
		case float64:
			return "n"
		case bool:
			return "b"
		}
		return "null"
	}
	return walk(v)
}
