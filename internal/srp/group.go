package srp

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"math/big"
)

// nHex is the RFC 3526 (RFC 5054) 3072-bit MODP prime.
const nHex = "ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74" +
	"020bbea63b139b22514a08798e3404ddef9519b3cd3a431b302b0a6df25f1437" +
	"4fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7ed" +
	"ee386bfb5a899fa5ae9f24117c4b1fe649286651ece45b3dc2007cb8a163bf05" +
	"98da48361c55d39a69163fa8fd24cf5f83655d23dca3ad961c62f356208552bb" +
	"9ed529077096966d670c354e4abc9804f1746c08ca18217c32905e462e36ce3b" +
	"e39e772c180e86039b2783a2ec07a28fb5c55df06f4c52c9de2bcbf695581718" +
	"3995497cea956ae515d2261898fa051015728e5a8aaac42dad33170d04507a33" +
	"a85521abdf1cba64ecfb850458dbef0a8aea71575d060c7db3970f85a6e1e4c7" +
	"abf5ae8cdb0933d71e8c94e04a25619dcee3d2261ad2ee6bf12ffa06d98a0864" +
	"d87602733ec86a64521f2b18177b200cbbe117577a615d6c770988c0bad946e2" +
	"08e24fa074e5ab3143db5bfce0fd108e4b82d120a93ad2caffffffffffffffff"

// Immutable group constants (never written after package initialisation).
var (
	groupN = mustHex(nHex)
	groupG = big.NewInt(2)
	groupK = new(big.Int).SetBytes(hashBytes(Pad(groupN), Pad(groupG)))
	one    = big.NewInt(1)
)

// ModulusBytes is the length of N in bytes (384).
const ModulusBytes = 384

// ModulusHexLen is the length of N in hex digits (768).
const ModulusHexLen = 2 * ModulusBytes

// MaxHexLen bounds every hex string this package parses (leading zeros included).
const MaxHexLen = 4096

func mustHex(s string) *big.Int {
	n, ok := new(big.Int).SetString(s, 16)
	if !ok {
		panic("srp: bad constant") // constants only, never input
	}
	return n
}

// N returns a copy of the group prime.
func N() *big.Int { return new(big.Int).Set(groupN) }

// G returns a copy of the generator (2).
func G() *big.Int { return new(big.Int).Set(groupG) }

// K returns a copy of the multiplier k = H(PAD(N) || PAD(g)).
func K() *big.Int { return new(big.Int).Set(groupK) }

// hashBytes is SHA-256 over the concatenation of parts.
func hashBytes(parts ...[]byte) []byte {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil)
}

// Pad returns the minimal big-endian two's complement bytes of n, exactly what Java's
// BigInteger.toByteArray returns: a 0x00 byte in front when the top bit of a non-negative
// value is set, Pad(0) = {0x00}, and the shortest two's complement for negative values
// (-128 -> 80, -129 -> ff7f).
func Pad(n *big.Int) []byte {
	if n.Sign() >= 0 {
		l := n.BitLen()/8 + 1
		out := make([]byte, l)
		n.FillBytes(out)
		return out
	}
	// m = -n - 1 >= 0; the length is that of m's non-negative encoding.
	m := new(big.Int).Neg(n)
	m.Sub(m, one)
	l := m.BitLen()/8 + 1
	v := new(big.Int).Lsh(one, uint(8*l))
	v.Add(v, n) // 2^(8l) + n, in [2^(8l-1), 2^(8l))
	out := make([]byte, l)
	v.FillBytes(out)
	return out
}

// Errors returned by ParseHex.
var (
	ErrEmptyHex    = errors.New("srp: empty hex string")
	ErrHexTooLong  = errors.New("srp: hex string too long")
	ErrHexNegative = errors.New("srp: negative value not allowed")
)

// ParseHex parses a big-endian hex integer as sent by Cognito: upper or lower case digits,
// leading zeros allowed (they carry no meaning), no prefix, no spaces. A single leading '-'
// is accepted only when allowNegative is set (legacy salts). Strings longer than MaxHexLen
// are rejected before any work is done.
func ParseHex(s string, allowNegative bool) (*big.Int, error) {
	if len(s) > MaxHexLen {
		return nil, fmt.Errorf("%w (%d characters, at most %d)", ErrHexTooLong, len(s), MaxHexLen)
	}
	neg := false
	digits := s
	if len(digits) > 0 && digits[0] == '-' {
		if !allowNegative {
			return nil, ErrHexNegative
		}
		neg = true
		digits = digits[1:]
	}
	if digits == "" {
		return nil, ErrEmptyHex
	}
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return nil, fmt.Errorf("srp: invalid hex character at offset %d", i+len(s)-len(digits))
		}
	}
	n, ok := new(big.Int).SetString(digits, 16)
	if !ok { // unreachable after the check above, kept as a guard
		return nil, errors.New("srp: invalid hex string")
	}
	if neg {
		n.Neg(n)
	}
	return n, nil
}

// Hex returns the lowercase hex of a non-negative n without padding (possibly odd length),
// the form of SRP_A and SRP_B on the wire. Hex(0) is "0".
func Hex(n *big.Int) string { return n.Text(16) }

// hashInt interprets a SHA-256 digest as a non-negative integer.
func hashInt(parts ...[]byte) *big.Int { return new(big.Int).SetBytes(hashBytes(parts...)) }

// U returns u = H(PAD(A) || PAD(B)).
func U(A, B *big.Int) *big.Int { return hashInt(Pad(A), Pad(B)) }

// X returns x = H(PAD(salt) || H(poolName || userID || ":" || password)).
func X(salt *big.Int, poolName, userID, password string) *big.Int {
	inner := sha256.New()
	inner.Write([]byte(poolName))
	inner.Write([]byte(userID))
	inner.Write([]byte{':'})
	inner.Write([]byte(password))
	return hashInt(Pad(salt), inner.Sum(nil))
}
