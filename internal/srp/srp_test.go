package srp

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type vector struct {
	Name  string `json:"name"`
	Input struct {
		UserPoolID   string `json:"userPoolId"`
		PoolName     string `json:"poolName"`
		UserIDForSRP string `json:"userIdForSrp"`
		Password     string `json:"password"`
		SmallA       string `json:"smallA"`
		Salt         string `json:"salt"`
		SRPB         string `json:"srpB"`
		SecretBlock  string `json:"secretBlock"`
		Timestamp    string `json:"timestamp"`
	} `json:"input"`
	Expected struct {
		Error      string `json:"error"`
		SRPA       string `json:"srpA"`
		PaddedA    string `json:"paddedA"`
		PaddedB    string `json:"paddedB"`
		UHash      string `json:"uHash"`
		UPadded    string `json:"uPadded"`
		X          string `json:"x"`
		SaltPadded string `json:"saltPadded"`
		S          string `json:"S"`
		HKDF       string `json:"hkdf"`
		Signature  string `json:"passwordClaimSignature"`
	} `json:"expected"`
	Server *struct {
		SmallB   string `json:"smallB"`
		Verifier string `json:"verifier"`
		SRPB     string `json:"srpB"`
		S        string `json:"S"`
		HKDF     string `json:"hkdf"`
	} `json:"server"`
}

func loadJSON(t testing.TB, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "srp", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

func mustParse(t testing.TB, s string) *big.Int {
	t.Helper()
	n, err := ParseHex(s, true)
	if err != nil {
		t.Fatalf("ParseHex(%.20q): %v", s, err)
	}
	return n
}

func padHex(n *big.Int) string { return hex.EncodeToString(Pad(n)) }

func TestConstants(t *testing.T) {
	var extras struct {
		N, G, K string
	}
	loadJSON(t, "extras.json", &extras)
	if got := Hex(N()); got != strings.ToLower(extras.N) {
		t.Errorf("N = %s", got)
	}
	if got := Hex(G()); got != extras.G {
		t.Errorf("g = %s", got)
	}
	if got := Hex(K()); got != extras.K {
		t.Errorf("k = %s, want %s", got, extras.K)
	}
	if N().BitLen() != 8*ModulusBytes {
		t.Errorf("N has %d bits", N().BitLen())
	}
}

func TestVectors(t *testing.T) {
	var vectors []vector
	loadJSON(t, "vectors.json", &vectors)
	if len(vectors) == 0 {
		t.Fatal("no vectors")
	}
	for _, v := range vectors {
		t.Run(v.Name, func(t *testing.T) {
			in, ex := v.Input, v.Expected
			a := mustParse(t, in.SmallA)
			A := ExpG(a)
			B := mustParse(t, in.SRPB)
			salt := mustParse(t, in.Salt)
			if ex.Error != "" {
				_, _, err := ClientSecret(a, A, B, salt, in.PoolName, in.UserIDForSRP, in.Password)
				if !errors.Is(err, ErrBZero) {
					t.Fatalf("ClientSecret error = %v, want ErrBZero (reference: %q)", err, ex.Error)
				}
				return
			}
			if got := Hex(A); got != ex.SRPA {
				t.Errorf("SRP_A = %.32s..., want %.32s...", got, ex.SRPA)
			}
			if got := padHex(A); got != ex.PaddedA {
				t.Errorf("PAD(A) = %.32s..., want %.32s...", got, ex.PaddedA)
			}
			if got := padHex(B); got != ex.PaddedB {
				t.Errorf("PAD(B) = %.32s..., want %.32s...", got, ex.PaddedB)
			}
			u := U(A, B)
			if got := padHex(u); got != ex.UPadded {
				t.Errorf("PAD(u) = %s, want %s", got, ex.UPadded)
			}
			if got := mustParse(t, ex.UHash); got.Cmp(u) != 0 {
				t.Errorf("u = %x, want %s", u, ex.UHash)
			}
			if got := padHex(salt); got != ex.SaltPadded {
				t.Errorf("PAD(salt) = %s, want %s", got, ex.SaltPadded)
			}
			x := X(salt, in.PoolName, in.UserIDForSRP, in.Password)
			if want := mustParse(t, ex.X); x.Cmp(want) != 0 {
				t.Errorf("x = %x, want %s", x, ex.X)
			}
			S, u2, err := ClientSecret(a, A, B, salt, in.PoolName, in.UserIDForSRP, in.Password)
			if err != nil {
				t.Fatal(err)
			}
			if u2.Cmp(u) != 0 {
				t.Errorf("ClientSecret u differs")
			}
			if got := padHex(S); got != ex.S {
				t.Errorf("PAD(S) = %.32s..., want %.32s...", got, ex.S)
			}
			key, err := DeriveKey(S, u)
			if err != nil {
				t.Fatal(err)
			}
			if got := hex.EncodeToString(key); got != ex.HKDF {
				t.Errorf("K = %s, want %s", got, ex.HKDF)
			}
			if v.Server == nil {
				return
			}
			// Server side: the verifier, B = k*v + g^b and the same key.
			ver := Verifier(salt, in.PoolName, in.UserIDForSRP, in.Password)
			if got := padHex(ver); got != v.Server.Verifier {
				t.Errorf("PAD(v) = %.32s..., want %.32s...", got, v.Server.Verifier)
			}
			se := ServerEphemeralFromSecret(mustParse(t, v.Server.SmallB), ver)
			if se == nil {
				t.Fatal("B = 0")
			}
			if got := se.PublicHex(); got != in.SRPB {
				t.Errorf("server SRP_B = %.32s..., want %.32s...", got, in.SRPB)
			}
			skey, err := se.Key(A, ver)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(skey, key) {
				t.Errorf("server key %x != client key %x", skey, key)
			}
		})
	}
}

func TestPadTable(t *testing.T) {
	var extras struct {
		PadHex []struct {
			Int    string `json:"int"`
			PadHex string `json:"padHex"`
		} `json:"padHex"`
	}
	loadJSON(t, "extras.json", &extras)
	if len(extras.PadHex) == 0 {
		t.Fatal("no pad cases")
	}
	for _, c := range extras.PadHex {
		n, ok := new(big.Int).SetString(c.Int, 10)
		if !ok {
			t.Fatalf("bad int %q", c.Int)
		}
		if got := padHex(n); got != c.PadHex {
			t.Errorf("PAD(%s) = %s, want %s", c.Int, got, c.PadHex)
		}
	}
}

func TestPadRoundTrip(t *testing.T) {
	// Decoding PAD as two's complement gives the value back.
	for _, s := range []string{"0", "1", "-1", "7f", "80", "-80", "-81", "ffff", "-10000", "123456789abcdef0123", "-fedcba9876543210fedcba"} {
		n := mustParse(t, s)
		p := Pad(n)
		back := new(big.Int).SetBytes(p)
		if p[0]&0x80 != 0 {
			back.Sub(back, new(big.Int).Lsh(big.NewInt(1), uint(8*len(p))))
		}
		if back.Cmp(n) != 0 {
			t.Errorf("PAD(%s) = %x decodes to %s", s, p, back.Text(16))
		}
		if len(p) > 1 && (p[0] == 0 && p[1]&0x80 == 0 || p[0] == 0xff && p[1]&0x80 != 0) {
			t.Errorf("PAD(%s) = %x is not minimal", s, p)
		}
	}
}

func TestTimestampTable(t *testing.T) {
	var extras struct {
		Timestamps []struct {
			UTC       string `json:"utc"`
			Timestamp string `json:"timestamp"`
		} `json:"timestamps"`
	}
	loadJSON(t, "extras.json", &extras)
	for _, c := range extras.Timestamps {
		tm, err := time.Parse(time.RFC3339, c.UTC)
		if err != nil {
			t.Fatal(err)
		}
		if got := Timestamp(tm); got != c.Timestamp {
			t.Errorf("Timestamp(%s) = %q, want %q", c.UTC, got, c.Timestamp)
		}
		// The same instant in another zone formats the same.
		if got := Timestamp(tm.In(time.FixedZone("X", -7*3600))); got != c.Timestamp {
			t.Errorf("Timestamp in -07:00 = %q", got)
		}
		back, err := ParseTimestamp(c.Timestamp)
		if err != nil || !back.Equal(tm) {
			t.Errorf("ParseTimestamp(%q) = %v, %v", c.Timestamp, back, err)
		}
	}
}

func TestParseTimestampRejects(t *testing.T) {
	for _, s := range []string{
		"",
		"Tue Mar 05 07:08:09 UTC 2024", // zero-padded day
		"Tue Mar  5 07:08:09 UTC 2024", // ANSI C double space
		"Tue Mar 5 7:08:09 UTC 2024",
		"Mon Mar 5 07:08:09 UTC 2024", // wrong weekday
		"Tue Mar 5 07:08:09 GMT 2024",
		"Tue Mar 5 07:08:09 UTC 2024 ",
		"tue mar 5 07:08:09 UTC 2024",
		"Tue Mar 5 19:08:09 PM UTC 2024",
		strings.Repeat("x", 1000),
	} {
		if _, err := ParseTimestamp(s); err == nil {
			t.Errorf("ParseTimestamp(%q) accepted", s)
		}
	}
}

func TestParseHex(t *testing.T) {
	tests := []struct {
		in      string
		neg     bool
		want    string // decimal, "" for error
		wantErr error
	}{
		{"0", false, "0", nil},
		{"00000001", false, "1", nil},
		{"FF", false, "255", nil},
		{"fF", false, "255", nil},
		{"-80", true, "-128", nil},
		{"-80", false, "", ErrHexNegative},
		{"", false, "", ErrEmptyHex},
		{"-", true, "", ErrEmptyHex},
		{"0x10", false, "", nil},
		{"+10", false, "", nil},
		{"1 0", false, "", nil},
		{"--1", true, "", nil},
		{"g", false, "", nil},
		{strings.Repeat("0", MaxHexLen) + "1", false, "", ErrHexTooLong},
		{strings.Repeat("0", MaxHexLen-1) + "1", false, "1", nil},
	}
	for _, tt := range tests {
		got, err := ParseHex(tt.in, tt.neg)
		if tt.want == "" {
			if err == nil {
				t.Errorf("ParseHex(%.20q) = %v, want error", tt.in, got)
			} else if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("ParseHex(%.20q) error %v, want %v", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got.String() != tt.want {
			t.Errorf("ParseHex(%.20q) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}

func TestExpGMatchesExp(t *testing.T) {
	cases := []*big.Int{
		big.NewInt(0), big.NewInt(1), big.NewInt(2), big.NewInt(255), big.NewInt(256),
		new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1)),
		new(big.Int).Lsh(big.NewInt(1), 255),
		new(big.Int).Lsh(big.NewInt(1), 256), // falls back to Exp
		new(big.Int).Lsh(big.NewInt(1), 1023),
	}
	for i := 0; i < 20; i++ {
		e, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), uint(1+i*13)))
		cases = append(cases, e)
	}
	for _, e := range cases {
		want := new(big.Int).Exp(groupG, e, groupN)
		if got := ExpG(e); got.Cmp(want) != 0 {
			t.Errorf("ExpG(%x) differs from Exp", e)
		}
	}
}

func TestServerChecks(t *testing.T) {
	nHexStr := Hex(groupN)
	for _, s := range []string{"0", "000", nHexStr, "-1", "zz", "", "1" + strings.Repeat("0", ModulusHexLen)} {
		if _, err := ParseA(s); err == nil {
			t.Errorf("ParseA(%.20q...) accepted", s)
		}
	}
	if _, err := ParseA("00" + Hex(ExpG(big.NewInt(5)))); err != nil {
		t.Errorf("ParseA with leading zeros: %v", err)
	}
	v := Verifier(big.NewInt(77), "pool", "user", "pw")
	se, err := NewServerEphemeral(rand.Reader, v)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := se.Key(new(big.Int).Set(groupN), v); !errors.Is(err, ErrAZero) {
		t.Errorf("Key(A = N) error %v", err)
	}
	if err := CheckB(new(big.Int).Set(groupN)); err == nil {
		t.Error("CheckB(N) accepted")
	}
	if err := CheckB(big.NewInt(0)); !errors.Is(err, ErrBZero) {
		t.Error("CheckB(0) accepted")
	}
	if err := CheckB(big.NewInt(-3)); err == nil {
		t.Error("CheckB(-3) accepted")
	}
}

func TestClientServerRoundTrip(t *testing.T) {
	salt := big.NewInt(0x1234)
	v := Verifier(salt, "pool", "user", "pw")
	for i := 0; i < 3; i++ {
		a, err := RandomSecret(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		A := ExpG(a)
		se, err := NewServerEphemeral(rand.Reader, v)
		if err != nil {
			t.Fatal(err)
		}
		S, u, err := ClientSecret(a, A, se.Public(), salt, "pool", "user", "pw")
		if err != nil {
			t.Fatal(err)
		}
		ck, _ := DeriveKey(S, u)
		sk, err := se.Key(A, v)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ck, sk) {
			t.Fatal("keys differ")
		}
		sig := Signature(ck, "pool", "user", []byte("block"), "Tue Mar 5 07:08:09 UTC 2024")
		if !VerifySignature(sk, "pool", "user", []byte("block"), "Tue Mar 5 07:08:09 UTC 2024", sig) {
			t.Fatal("signature does not verify")
		}
		if VerifySignature(sk, "pool", "user", []byte("block"), "Tue Mar 5 07:08:10 UTC 2024", sig) {
			t.Fatal("signature verifies for another timestamp")
		}
		// Wrong password: different key.
		S2, u2, _ := ClientSecret(a, A, se.Public(), salt, "pool", "user", "pw2")
		wk, _ := DeriveKey(S2, u2)
		if bytes.Equal(wk, sk) {
			t.Fatal("wrong password gives the same key")
		}
	}
}

func TestRandomSecretErrors(t *testing.T) {
	if _, err := RandomSecret(bytes.NewReader(nil)); err == nil {
		t.Error("empty reader accepted")
	}
	if _, err := RandomSecret(bytes.NewReader(make([]byte, 1000))); err == nil {
		t.Error("all-zero reader accepted")
	}
}

func FuzzParseHex(f *testing.F) {
	for _, s := range []string{"0", "-80", "00ff", "", "-", "xyz", strings.Repeat("f", 800)} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, neg bool) {
		n, err := ParseHex(s, neg)
		if err != nil {
			return
		}
		// Round trip through the canonical text form.
		m, ok := new(big.Int).SetString(n.Text(16), 16)
		if !ok || m.Cmp(n) != 0 {
			t.Fatalf("round trip of %q failed", s)
		}
		_ = Pad(n)
	})
}

func FuzzParseA(f *testing.F) {
	f.Add("0")
	f.Add(Hex(ExpG(big.NewInt(12345))))
	f.Add(Hex(groupN))
	f.Fuzz(func(t *testing.T, s string) {
		A, err := ParseA(s)
		if err != nil {
			return
		}
		if A.Sign() <= 0 || A.BitLen() > 8*ModulusBytes {
			t.Fatalf("ParseA accepted %q", s)
		}
	})
}

func TestModMul(t *testing.T) {
	nm1 := new(big.Int).Sub(groupN, one)
	vals := []*big.Int{big.NewInt(0), big.NewInt(1), big.NewInt(2), nm1, new(big.Int).Rsh(groupN, 1), new(big.Int).Lsh(one, 3071)}
	for i := 0; i < 50; i++ {
		r, _ := rand.Int(rand.Reader, groupN)
		vals = append(vals, r)
	}
	var z big.Int
	var sc scratch
	for _, x := range vals {
		for _, y := range vals[:8] {
			modMul(&z, x, y, &sc)
			want := new(big.Int).Mul(x, y)
			want.Mod(want, groupN)
			if z.Cmp(want) != 0 {
				t.Fatalf("modMul(%x, %x) wrong", x, y)
			}
		}
	}
}

// BenchmarkCombTable measures the one-time cost of building the comb table.
func BenchmarkCombTable(b *testing.B) {
	for i := 0; i < b.N; i++ {
		newComb(groupG)
	}
}

func TestRestoreServerEphemeral(t *testing.T) {
	v := Verifier(big.NewInt(9), "p", "u", "pw")
	se, err := NewServerEphemeral(rand.Reader, v)
	if err != nil {
		t.Fatal(err)
	}
	back := RestoreServerEphemeral(se.Secret(), se.Public())
	if back == nil || back.PublicHex() != se.PublicHex() || back.Secret().Cmp(se.Secret()) != 0 {
		t.Fatal("restore differs")
	}
	for _, c := range [][2]*big.Int{{big.NewInt(0), big.NewInt(5)}, {big.NewInt(1), big.NewInt(0)}, {big.NewInt(1), N()}} {
		if RestoreServerEphemeral(c[0], c[1]) != nil {
			t.Errorf("RestoreServerEphemeral(%v, ...) accepted", c[0])
		}
	}
}

func FuzzParseTimestamp(f *testing.F) {
	f.Add("Tue Mar 5 07:08:09 UTC 2024")
	f.Add("Thu Feb 29 23:59:59 UTC 2024")
	f.Add("Tue Mar 05 07:08:09 UTC 2024")
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := ParseTimestamp(s)
		if err != nil {
			return
		}
		if Timestamp(tm) != s {
			t.Fatalf("accepted non-canonical %q", s)
		}
	})
}

// TestNegativeSalt: a legacy salt with a leading '-' is hashed as the integer's two's
// complement (PAD), not as the bytes of its hex digits.
func TestNegativeSalt(t *testing.T) {
	salt, err := ParseHex("-3f", true) // -63 -> c1
	if err != nil {
		t.Fatal(err)
	}
	inner := sha256.Sum256([]byte("poolalice:pw"))
	want := sha256.Sum256(append([]byte{0xc1}, inner[:]...))
	if got := X(salt, "pool", "alice", "pw"); got.Cmp(new(big.Int).SetBytes(want[:])) != 0 {
		t.Fatalf("x for a negative salt = %x", got)
	}
}
