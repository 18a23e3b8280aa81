package srp

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math/big"
	"time"
)

// SecretBytes is the size of the secret exponents a and b this package draws (256 bits,
// RFC 5054's minimum).
const SecretBytes = 32

// KeyLen is the length of the derived key K in bytes.
const KeyLen = 16

// hkdfInfo is Cognito's HKDF info string.
const hkdfInfo = "Caldera Derived Key"

// TimestampLayout is the Go layout of the TIMESTAMP challenge response (UTC, English names,
// day without leading zero, 24-hour clock).
const TimestampLayout = "Mon Jan 2 15:04:05 UTC 2006"

// Errors of the protocol checks.
var (
	ErrBZero    = errors.New("srp: SRP_B is zero modulo N")
	ErrAZero    = errors.New("srp: SRP_A is zero modulo N")
	ErrUZero    = errors.New("srp: u is zero")
	ErrRange    = errors.New("srp: value not below the modulus")
	ErrATooLong = errors.New("srp: SRP_A longer than the modulus")
)

// Timestamp formats t (converted to UTC) the way Cognito expects TIMESTAMP.
func Timestamp(t time.Time) string { return t.UTC().Format(TimestampLayout) }

// ParseTimestamp parses a TIMESTAMP and checks that it re-formats to exactly the same string
// (so "Tue Mar 05 ...", 12-hour forms, other zones and stray spaces are rejected).
func ParseTimestamp(s string) (time.Time, error) {
	if len(s) > 64 {
		return time.Time{}, errors.New("srp: TIMESTAMP too long")
	}
	t, err := time.Parse(TimestampLayout, s)
	if err != nil {
		return time.Time{}, errors.New("srp: TIMESTAMP does not parse")
	}
	if Timestamp(t) != s {
		return time.Time{}, errors.New("srp: TIMESTAMP not in canonical form")
	}
	return t, nil
}

// DeriveKey returns K = HKDF-SHA256(ikm PAD(S), salt PAD(u), "Caldera Derived Key")[:16].
func DeriveKey(S, u *big.Int) ([]byte, error) {
	k, err := hkdf.Key(sha256.New, Pad(S), Pad(u), hkdfInfo, KeyLen)
	if err != nil {
		return nil, fmt.Errorf("srp: hkdf: %w", err)
	}
	return k, nil
}

// Signature returns HMAC-SHA256(key, poolName || userID || secretBlock || timestamp), the
// raw PASSWORD_CLAIM_SIGNATURE before base64.
func Signature(key []byte, poolName, userID string, secretBlock []byte, timestamp string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(poolName))
	m.Write([]byte(userID))
	m.Write(secretBlock)
	m.Write([]byte(timestamp))
	return m.Sum(nil)
}

// VerifySignature recomputes the claim signature and compares it with sig in constant time.
func VerifySignature(key []byte, poolName, userID string, secretBlock []byte, timestamp string, sig []byte) bool {
	return hmac.Equal(Signature(key, poolName, userID, secretBlock, timestamp), sig)
}

// CheckB validates a server's public value B (client side): 0 < B < N.
func CheckB(B *big.Int) error {
	if B.Sign() < 0 || B.Cmp(groupN) >= 0 {
		return fmt.Errorf("SRP_B: %w", ErrRange)
	}
	if B.Sign() == 0 {
		return ErrBZero
	}
	return nil
}

// ClientSecret computes the client's premaster secret
// S = (B - k*g^x)^(a + u*x) mod N with x = X(salt, poolName, userID, password) and returns
// S and u. It validates B (0 < B < N) and u (u != 0).
func ClientSecret(a, A, B, salt *big.Int, poolName, userID, password string) (S, u *big.Int, err error) {
	if err := CheckB(B); err != nil {
		return nil, nil, err
	}
	u = U(A, B)
	if u.Sign() == 0 {
		return nil, nil, ErrUZero
	}
	x := X(salt, poolName, userID, password)
	base := ExpG(x)
	base.Mul(base, groupK)
	base.Sub(B, base)
	base.Mod(base, groupN) // into [0, N)
	e := new(big.Int).Mul(u, x)
	e.Add(e, a)
	S = new(big.Int).Exp(base, e, groupN)
	return S, u, nil
}

// Verifier returns v = g^x mod N for x = X(salt, poolName, userID, password): what a user
// pool stores for a password. salt is the integer the client will parse from SALT.
func Verifier(salt *big.Int, poolName, userID, password string) *big.Int {
	return ExpG(X(salt, poolName, userID, password))
}

// DeviceVerifier returns v = g^H(PAD(s) || H(deviceGroupKey || deviceKey || ":" ||
// devicePassword)) mod N, the verifier sent to ConfirmDevice.
func DeviceVerifier(salt *big.Int, deviceGroupKey, deviceKey, devicePassword string) *big.Int {
	return Verifier(salt, deviceGroupKey, deviceKey, devicePassword)
}

// RandomSecret draws a non-zero 256-bit secret exponent from r.
func RandomSecret(r io.Reader) (*big.Int, error) {
	buf := make([]byte, SecretBytes)
	for tries := 0; tries < 8; tries++ {
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, fmt.Errorf("srp: read random secret: %w", err)
		}
		s := new(big.Int).SetBytes(buf)
		if s.Sign() != 0 {
			return s, nil
		}
	}
	return nil, errors.New("srp: random source returns only zeros")
}

// ServerEphemeral is the server's secret b and public B for one login.
type ServerEphemeral struct {
	b, B *big.Int
}

// NewServerEphemeral draws b (256 bits) from r and computes B = (k*v + g^b) mod N, redrawing
// if B mod N == 0.
func NewServerEphemeral(r io.Reader, v *big.Int) (*ServerEphemeral, error) {
	for tries := 0; tries < 8; tries++ {
		b, err := RandomSecret(r)
		if err != nil {
			return nil, err
		}
		if e := ServerEphemeralFromSecret(b, v); e != nil {
			return e, nil
		}
	}
	return nil, errors.New("srp: could not draw a usable server secret")
}

// ServerEphemeralFromSecret computes B from a given b; it returns nil if B mod N == 0.
func ServerEphemeralFromSecret(b, v *big.Int) *ServerEphemeral {
	B := new(big.Int).Mul(groupK, v)
	B.Add(B, ExpG(b))
	B.Mod(B, groupN)
	if B.Sign() == 0 {
		return nil
	}
	return &ServerEphemeral{b: new(big.Int).Set(b), B: B}
}

// Public returns a copy of B.
func (e *ServerEphemeral) Public() *big.Int { return new(big.Int).Set(e.B) }

// PublicHex returns B as the SRP_B hex string.
func (e *ServerEphemeral) PublicHex() string { return Hex(e.B) }

// ParseA parses and validates a client's SRP_A (server side): non-negative hex no longer
// than the modulus (leading zeros aside), A mod N != 0.
func ParseA(s string) (*big.Int, error) {
	A, err := ParseHex(s, false)
	if err != nil {
		return nil, fmt.Errorf("SRP_A: %w", err)
	}
	if A.BitLen() > 8*ModulusBytes {
		return nil, ErrATooLong
	}
	if new(big.Int).Mod(A, groupN).Sign() == 0 {
		return nil, ErrAZero
	}
	return A, nil
}

// Key computes the server's key K from the client's A (already parsed by ParseA) and the
// verifier v: u = H(PAD(A) || PAD(B)) (rejected when zero), S = (A * v^u)^b mod N.
func (e *ServerEphemeral) Key(A, v *big.Int) ([]byte, error) {
	if new(big.Int).Mod(A, groupN).Sign() == 0 {
		return nil, ErrAZero
	}
	u := U(A, e.B)
	if u.Sign() == 0 {
		return nil, ErrUZero
	}
	S := new(big.Int).Exp(v, u, groupN)
	S.Mul(S, A)
	S.Mod(S, groupN)
	S.Exp(S, e.b, groupN)
	return DeriveKey(S, u)
}

// RestoreServerEphemeral rebuilds a ServerEphemeral from a secret b and the public B that
// NewServerEphemeral computed for it (kept, for example, in a challenge session), without
// redoing the exponentiation. It returns nil unless 0 < B < N and b > 0.
func RestoreServerEphemeral(b, B *big.Int) *ServerEphemeral {
	if b.Sign() <= 0 || B.Sign() <= 0 || B.Cmp(groupN) >= 0 {
		return nil
	}
	return &ServerEphemeral{b: new(big.Int).Set(b), B: new(big.Int).Set(B)}
}

// Secret returns a copy of b (to keep in a server-side session; never send it).
func (e *ServerEphemeral) Secret() *big.Int { return new(big.Int).Set(e.b) }
