package simulate

import (
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"io"
	"math/big"

	"github.com/maskedauth/maskedauth/internal/srp"
)

// SecretBlockBytes is the decoded length of the SECRET_BLOCK of a PASSWORD_VERIFIER
// (and DEVICE_PASSWORD_VERIFIER) challenge that the mock pool sends, real or simulated,
// and that the middleware gives its simulated challenges until it has seen a real one
// (then it copies the length of the real ones). Cognito's are standard base64 of 1,291
// bytes: 1,724 characters ending in "==" (a captured challenge in amplify-swift's
// tests; cognito-srp-helper models them as 1,724 characters too).
const SecretBlockBytes = 1291

// SecretBlock encodes raw, SecretBlockBytes random bytes, as a SECRET_BLOCK: standard
// base64, the shape of Cognito's.
func SecretBlock(raw []byte) string { return base64.StdEncoding.EncodeToString(raw) }

// SRP holds the stable simulated values of a PASSWORD_VERIFIER challenge for one pool
// and username: what Cognito sends an unknown user under PreventUserExistenceErrors
// ENABLED (docs/spec/srp.md, "Unknown users").
type SRP struct {
	Salt     []byte   // SALT: 16 bytes, sent as 32 hex digits
	UserID   string   // USER_ID_FOR_SRP and USERNAME: a version-4 UUID
	Verifier *big.Int // the fake verifier v behind SRP_B = k*v + g^b (never sent)
}

// SRP returns the simulated values of username (a [Key]) in poolID. They cost a few
// HMACs and no exponentiation, so a server can compute them for every request, real
// user or not, and then make B with the verifier it keeps.
func (s *Simulator) SRP(poolID, username string) SRP {
	return SRP{Salt: s.SRPSalt(poolID, username), UserID: s.SRPUserID(poolID, username), Verifier: s.SRPVerifier(poolID, username)}
}

// SRPVerifier returns the fake verifier of username (a [Key]) in poolID: ModulusBytes
// of HKDF-SHA-256 under the secret, reduced mod N (never zero). It is not g^x of any
// password: nobody sees v, and deriving it this way costs no exponentiation, so a
// simulated challenge costs what a real one does (the one exponentiation of B).
func (s *Simulator) SRPVerifier(poolID, username string) *big.Int {
	info := make([]byte, 0, 40+len(poolID)+len(username))
	info = append(info, "maskedauth srp fake verifier"...)
	info = binary.BigEndian.AppendUint32(info, uint32(len(poolID)))
	info = append(info, poolID...)
	info = append(info, username...)
	b, err := hkdf.Key(sha256.New, s.key, nil, string(info), srp.ModulusBytes)
	if err != nil { // cannot happen for this length; keep a usable value
		h := s.mac("srp-fake-verifier", poolID, username)
		b = h[:]
	}
	v := new(big.Int).SetBytes(b)
	v.Mod(v, srp.N())
	if v.Sign() == 0 {
		v.SetInt64(2)
	}
	return v
}

// Challenge is a simulated PASSWORD_VERIFIER challenge: the stable values and a fresh
// server ephemeral over the fake verifier.
type Challenge struct {
	SRP
	Ephemeral *srp.ServerEphemeral // B = k*v + g^b with a fresh b
}

// SRPChallenge returns the simulated challenge of username (a [Key]) in poolID, with b
// drawn from rand.
func (s *Simulator) SRPChallenge(rand io.Reader, poolID, username string) (Challenge, error) {
	v := s.SRP(poolID, username)
	eph, err := srp.NewServerEphemeral(rand, v.Verifier)
	if err != nil {
		return Challenge{}, err
	}
	return Challenge{SRP: v, Ephemeral: eph}, nil
}

// Parameters returns the challenge's ChallengeParameters with secretBlock as
// SECRET_BLOCK.
func (c Challenge) Parameters(secretBlock string) map[string]string {
	return ChallengeParameters(c.Salt, c.Ephemeral.PublicHex(), secretBlock, c.UserID)
}

// ChallengeParameters returns the ChallengeParameters of a PASSWORD_VERIFIER
// challenge, real or simulated, in one shape: SALT (hex of the salt bytes, leading
// zeros kept), SRP_B, SECRET_BLOCK, and userID as USER_ID_FOR_SRP and USERNAME.
func ChallengeParameters(salt []byte, srpB, secretBlock, userID string) map[string]string {
	return map[string]string{
		"SALT":            hex.EncodeToString(salt),
		"SRP_B":           srpB,
		"SECRET_BLOCK":    secretBlock,
		"USER_ID_FOR_SRP": userID,
		"USERNAME":        userID,
	}
}
