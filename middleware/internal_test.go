package middleware

import (
	"bytes"
	"encoding/base64"
	"github.com/maskedauth/maskedauth/internal/cognito"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestLatencyWindow(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name    string
		opts    LatencyOptions
		samples []time.Duration
		want    []time.Duration // any of these
	}{
		{"fixed only", LatencyOptions{Fixed: 30 * ms}, []time.Duration{100 * ms}, []time.Duration{30 * ms}},
		{"too few samples", LatencyOptions{Fixed: 30 * ms, Learn: true, MinSamples: 3}, []time.Duration{100 * ms, 100 * ms}, []time.Duration{30 * ms}},
		{"quantile", LatencyOptions{Learn: true, Quantile: 0.5, MinSamples: 1}, []time.Duration{1 * ms, 2 * ms, 3 * ms, 4 * ms}, []time.Duration{2 * ms}},
		{"max quantile", LatencyOptions{Learn: true, Quantile: 1, MinSamples: 1}, []time.Duration{5 * ms, 1 * ms, 3 * ms}, []time.Duration{5 * ms}},
		{"default p99 is the largest of few", LatencyOptions{Learn: true, MinSamples: 1}, []time.Duration{7 * ms, 9 * ms, 8 * ms}, []time.Duration{9 * ms}},
		{"default p99 of 200", LatencyOptions{Learn: true}, ramp(200, ms), []time.Duration{198 * ms}},
		{"window bounds the memory", LatencyOptions{Learn: true, Window: 100}, ramp(200, ms), []time.Duration{199 * ms}},
		{"ring keeps the last", LatencyOptions{Learn: true, Window: 2, MinSamples: 1, Quantile: 1}, []time.Duration{50 * ms, 1 * ms, 2 * ms}, []time.Duration{2 * ms}},
		{"capped", LatencyOptions{Learn: true, MinSamples: 1, Max: 10 * ms}, []time.Duration{time.Second}, []time.Duration{10 * ms}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLatency(tt.opts)
			for _, s := range tt.samples {
				l.observe("InitiateAuth", s)
			}
			for range 20 {
				if got := l.floor("InitiateAuth"); !slices.Contains(tt.want, got) {
					t.Fatalf("floor %v, want one of %v", got, tt.want)
				}
			}
			if tt.opts.Learn && l.floor("ForgotPassword") != min(tt.opts.Fixed, max(tt.opts.Max, tt.opts.Fixed)) && tt.opts.Max == 0 {
				t.Errorf("another operation has a learned floor")
			}
		})
	}
	// The floor follows new samples (the cached quantile is recomputed).
	l := newLatency(LatencyOptions{Learn: true, MinSamples: 1, Window: 4})
	for i := range 4 {
		l.observe("op", time.Duration(i+1)*ms)
	}
	if got := l.floor("op"); got != 4*ms {
		t.Errorf("floor %v, want 4ms", got)
	}
	for range 4 {
		l.observe("op", ms)
	}
	if got := l.floor("op"); got != ms {
		t.Errorf("floor %v after the window turned over, want 1ms", got)
	}
}

// ramp returns n latencies 1*unit .. n*unit.
func ramp(n int, unit time.Duration) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = time.Duration(i+1) * unit
	}
	return out
}

func TestSecretBlock(t *testing.T) {
	m, err := New(WithSecret(bytes.Repeat([]byte{1}, 32)), WithUserPool("us-east-1_X"), WithNormalize(NormalizeCaseSensitive))
	if err != nil {
		t.Fatal(err)
	}
	block, err := m.newBlock("client", "Alice")
	if err != nil {
		t.Fatal(err)
	}
	if raw, err := base64.StdEncoding.DecodeString(block); err != nil || len(raw) != DefaultSecretBlockBytes {
		t.Errorf("block of %d bytes (%v)", len(raw), err)
	}
	k, ok := m.blockUserKey("client", block)
	if !ok || k != m.userKey("Alice") {
		t.Fatal("block does not carry the lockout key")
	}
	if m.isSimulatedBlock("other", block) {
		t.Error("block accepted for another client")
	}
	other, _ := New(WithSecret(bytes.Repeat([]byte{2}, 32)), WithNormalize(NormalizeCaseSensitive))
	if other.isSimulatedBlock("client", block) {
		t.Error("block accepted under another secret")
	}
	// The learned length of real blocks shapes the next simulated ones.
	m.learnBlock(map[string]string{"SECRET_BLOCK": base64.StdEncoding.EncodeToString(make([]byte, 700))})
	block, _ = m.newBlock("client", "Alice")
	if b, _ := base64.StdEncoding.DecodeString(block); len(b) != 700 || !m.isSimulatedBlock("client", block) {
		t.Errorf("block of %d bytes after learning 700", len(b))
	}
	for _, bad := range []string{"", "AAAA", strings.Repeat("A", 5000), strings.Repeat("A", 128), "!!!!" + block[4:]} {
		if m.isSimulatedBlock("client", bad) {
			t.Errorf("accepted %.20q", bad)
		}
	}
}

// FuzzSimulatedBlock: a SECRET_BLOCK is untrusted input; checking one never panics
// and never accepts what the Masker did not make.
func FuzzSimulatedBlock(f *testing.F) {
	// A seeded source: every fuzzing process makes the same good block.
	m, err := New(WithSecret(bytes.Repeat([]byte{1}, 32)), WithRand(rand.NewChaCha8([32]byte{5})), WithNormalize(NormalizeCaseSensitive))
	if err != nil {
		f.Fatal(err)
	}
	good, _ := m.newBlock("client", "alice")
	f.Add("client", good)
	f.Add("client", good[:len(good)-4]+"AAAA")
	f.Add("", "")
	f.Add("client", "AgV4"+strings.Repeat("A", 124))
	f.Fuzz(func(t *testing.T, clientID, block string) {
		ok := m.isSimulatedBlock(clientID, block)
		if ok && !(clientID == "client" && block == good) {
			t.Fatalf("accepted a block the Masker did not make: %q %q", clientID, block)
		}
		m.learnBlock(map[string]string{"SECRET_BLOCK": block})
	})
}

// TestUASessionLooksRandom (attacker's test): a simulated USER_AUTH Session must not
// carry fixed characters an attacker can tell from Cognito's random-looking ones:
// across sessions of one step, every character position of the encoded content
// takes many values (a version byte or a clear expiry would pin the first ones).
func TestUASessionLooksRandom(t *testing.T) {
	m, err := New(WithSecret(bytes.Repeat([]byte{1}, 32)), WithUserPool("us-east-1_X"), WithNormalize(NormalizeCaseSensitive))
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []string{cognito.ChallengeSelect, cognito.ChallengePassword, cognito.ChallengeEmailOTP} {
		const n = 64
		seen := make([]map[byte]bool, uaContentChars)
		for i := range seen {
			seen[i] = map[byte]bool{}
		}
		for i := 0; i < n; i++ {
			s, err := m.newUASession(&call{clientID: "client1"}, step, userKey{byte(i)})
			if err != nil {
				t.Fatal(err)
			}
			u, ok := m.openUASession("client1", s)
			if !ok || u.key != (userKey{byte(i)}) || u.step != uaStepCode[step] {
				t.Fatalf("%s: the session does not open to what it holds: %+v %v", step, u, ok)
			}
			for j := 0; j < uaContentChars; j++ {
				seen[j][s[j]] = true
			}
		}
		for j := range seen {
			if len(seen[j]) < 16 {
				t.Fatalf("%s: character %d of the session takes %d values in %d sessions: a fixed prefix tells simulated sessions apart", step, j, len(seen[j]), n)
			}
		}
	}
}
