package srpauth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"
	"time"

	"github.com/maskedauth/maskedauth/internal/srp"
)

// MaxSecretBlockLen bounds the base64 SECRET_BLOCK Sign accepts (Cognito's are a few hundred
// to a few thousand characters).
const MaxSecretBlockLen = 64 << 10

// maxSecretLen bounds the secret given to EphemeralFromSecret (the reference client uses 128
// bytes).
const maxSecretLen = 512

// maxFieldLen bounds the pool id and USER_ID_FOR_SRP.
const maxFieldLen = 2048

// Ephemeral is one login's client secret a and public value A = g^a mod N. It is safe for
// concurrent use; use a fresh Ephemeral for every login.
type Ephemeral struct {
	a    *big.Int
	A    *big.Int
	aHex string
}

// NewEphemeral draws a 256-bit secret a from rand (crypto/rand.Reader when nil) and computes
// A, redrawing in the (theoretical) case A mod N == 0.
func NewEphemeral(rand io.Reader) (*Ephemeral, error) {
	if rand == nil {
		rand = defaultRand
	}
	for tries := 0; tries < 8; tries++ {
		a, err := srp.RandomSecret(rand)
		if err != nil {
			return nil, fmt.Errorf("srpauth: %w", err)
		}
		if e := newEphemeral(a); e != nil {
			return e, nil
		}
	}
	return nil, errors.New("srpauth: could not draw a usable secret")
}

// EphemeralFromSecret builds the Ephemeral of a given secret a (big-endian bytes), for test
// vectors and deterministic tests. a must be non-zero and at most 512 bytes long.
func EphemeralFromSecret(a []byte) (*Ephemeral, error) {
	if len(a) > maxSecretLen {
		return nil, fmt.Errorf("srpauth: secret of %d bytes is too long (at most %d)", len(a), maxSecretLen)
	}
	n := new(big.Int).SetBytes(a)
	if n.Sign() == 0 {
		return nil, errors.New("srpauth: secret is zero")
	}
	e := newEphemeral(n)
	if e == nil {
		return nil, errors.New("srpauth: secret gives A mod N == 0")
	}
	return e, nil
}

func newEphemeral(a *big.Int) *Ephemeral {
	A := srp.ExpG(a)
	if A.Sign() == 0 { // g^a is never 0 mod a prime; kept for the rule
		return nil
	}
	return &Ephemeral{a: a, A: A, aHex: srp.Hex(A)}
}

// PublicHex returns A as the SRP_A parameter: lowercase hex without padding.
func (e *Ephemeral) PublicHex() string { return e.aHex }

// Challenge holds the PASSWORD_VERIFIER (or DEVICE_PASSWORD_VERIFIER) challenge parameters as
// Cognito sends them.
type Challenge struct {
	// PoolID is the user pool id ("us-east-1_AbCdEf123"); the part after '_' is hashed.
	// For a device challenge it is not used: set DeviceGroupKey via DeviceChallenge instead.
	PoolID string
	// UserIDForSRP is the USER_ID_FOR_SRP parameter (the internal username), never the
	// name the user typed.
	UserIDForSRP string
	// Salt is the SALT parameter (hex).
	Salt string
	// SRPB is the SRP_B parameter (hex).
	SRPB string
	// SecretBlock is the SECRET_BLOCK parameter (base64, passed back unchanged).
	SecretBlock string

	// poolName, when set, is used as is (device challenges hash the device group key).
	poolName string
}

// Proof is the answer to a password verifier challenge.
type Proof struct {
	Signature string // PASSWORD_CLAIM_SIGNATURE (base64)
	Timestamp string // TIMESTAMP
}

// PoolName returns the part of a user pool id after the '_' ("us-east-1_AbCdEf123" ->
// "AbCdEf123").
func PoolName(poolID string) (string, error) {
	region, name, ok := strings.Cut(poolID, "_")
	if !ok || region == "" || name == "" || strings.Contains(name, "_") {
		return "", fmt.Errorf("srpauth: user pool id %q is not of the form region_name", truncate(poolID))
	}
	return name, nil
}

func truncate(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}

// Sign computes the proof of password for challenge c at time now. It validates every
// challenge field and returns an error (never panics) for malformed or hostile values:
// malformed or oversized hex or base64, an empty salt or user id, B mod N == 0, B >= N,
// u == 0, a pool id without '_'.
func (e *Ephemeral) Sign(c Challenge, password string, now time.Time) (Proof, error) {
	poolName := c.poolName
	if poolName == "" {
		var err error
		if len(c.PoolID) > maxFieldLen {
			return Proof{}, errors.New("srpauth: user pool id too long")
		}
		if poolName, err = PoolName(c.PoolID); err != nil {
			return Proof{}, err
		}
	}
	if c.UserIDForSRP == "" {
		return Proof{}, errors.New("srpauth: empty USER_ID_FOR_SRP")
	}
	if len(c.UserIDForSRP) > maxFieldLen {
		return Proof{}, errors.New("srpauth: USER_ID_FOR_SRP too long")
	}
	if c.Salt == "" {
		return Proof{}, errors.New("srpauth: empty SALT")
	}
	salt, err := srp.ParseHex(c.Salt, true)
	if err != nil {
		return Proof{}, fmt.Errorf("srpauth: parse SALT: %w", err)
	}
	B, err := srp.ParseHex(c.SRPB, false)
	if err != nil {
		return Proof{}, fmt.Errorf("srpauth: parse SRP_B: %w", err)
	}
	if c.SecretBlock == "" {
		return Proof{}, errors.New("srpauth: empty SECRET_BLOCK")
	}
	if len(c.SecretBlock) > MaxSecretBlockLen {
		return Proof{}, fmt.Errorf("srpauth: SECRET_BLOCK of %d characters is too long", len(c.SecretBlock))
	}
	block, err := base64.StdEncoding.DecodeString(c.SecretBlock)
	if err != nil {
		return Proof{}, errors.New("srpauth: SECRET_BLOCK is not valid base64")
	}
	S, u, err := srp.ClientSecret(e.a, e.A, B, salt, poolName, c.UserIDForSRP, password)
	if err != nil {
		return Proof{}, fmt.Errorf("srpauth: %w", err)
	}
	key, err := srp.DeriveKey(S, u)
	if err != nil {
		return Proof{}, fmt.Errorf("srpauth: %w", err)
	}
	ts := srp.Timestamp(now)
	sig := srp.Signature(key, poolName, c.UserIDForSRP, block, ts)
	return Proof{Signature: base64.StdEncoding.EncodeToString(sig), Timestamp: ts}, nil
}

// SecretHash returns SECRET_HASH = base64(HMAC-SHA256(clientSecret, username || clientID)).
// In InitiateAuth pass the name that was sent; in RespondToAuthChallenge pass the USERNAME of
// the challenge responses (USER_ID_FOR_SRP, the internal username).
func SecretHash(clientID, clientSecret, username string) string {
	m := hmac.New(sha256.New, []byte(clientSecret))
	m.Write([]byte(username))
	m.Write([]byte(clientID))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// passwordVerifierResponses returns the PASSWORD_VERIFIER challenge responses of a proof
// (without SECRET_HASH and DEVICE_KEY).
func passwordVerifierResponses(c Challenge, p Proof) map[string]string {
	return map[string]string{
		"USERNAME":                    c.UserIDForSRP,
		"PASSWORD_CLAIM_SECRET_BLOCK": c.SecretBlock,
		"TIMESTAMP":                   p.Timestamp,
		"PASSWORD_CLAIM_SIGNATURE":    p.Signature,
	}
}
