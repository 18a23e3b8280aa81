package webauthntest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/fxamacker/cbor/v2"
)

// Flags of authenticatorData (WebAuthn §6.1).
const (
	FlagUserPresent  byte = 0x01 // UP
	FlagUserVerified byte = 0x04 // UV
	FlagAttested     byte = 0x40 // AT: attested credential data follows
)

// CredentialIDBytes is the length of the credential ids this authenticator
// makes.
const CredentialIDBytes = 32

// Authenticator holds one credential. Its exported fields may be changed
// between ceremonies (tests of refused responses do); it is safe for
// concurrent use.
type Authenticator struct {
	// Origin goes into clientDataJSON, e.g. "https://auth.example.com".
	Origin string
	// RPID, when set, replaces the options' rpId in the rpIdHash (a wrong
	// relying party).
	RPID string
	// NoUserVerification clears the UV flag.
	NoUserVerification bool
	// Transports are reported at registration (default ["internal"]).
	Transports []string

	mu         sync.Mutex
	rand       io.Reader
	key        *ecdsa.PrivateKey
	id         []byte
	rpID       string // the relying party registered with
	userHandle []byte
	signCount  uint32
	registered bool
}

// New returns an authenticator with a fresh P-256 key and credential id, drawn
// from r (crypto/rand.Reader when nil; the key's randomness may come from the
// system whatever r is, as crypto/ecdsa decides), answering for origin.
func New(r io.Reader, origin string) (*Authenticator, error) {
	if r == nil {
		r = rand.Reader
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), r)
	if err != nil {
		return nil, fmt.Errorf("webauthntest: key: %w", err)
	}
	id := make([]byte, CredentialIDBytes)
	if _, err := io.ReadFull(r, id); err != nil {
		return nil, fmt.Errorf("webauthntest: credential id: %w", err)
	}
	return &Authenticator{Origin: origin, rand: r, key: key, id: id}, nil
}

// CredentialID returns the credential id (a copy).
func (a *Authenticator) CredentialID() []byte { return bytes.Clone(a.id) }

// SignCount returns the signature counter of the last response.
func (a *Authenticator) SignCount() uint32 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.signCount
}

var b64 = base64.RawURLEncoding

// creationOptions is the part of PublicKeyCredentialCreationOptionsJSON the
// authenticator reads.
type creationOptions struct {
	Challenge string `json:"challenge"`
	RP        struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"rp"`
	User struct {
		ID string `json:"id"`
	} `json:"user"`
	PubKeyCredParams []struct {
		Type string `json:"type"`
		Alg  int    `json:"alg"`
	} `json:"pubKeyCredParams"`
	ExcludeCredentials []struct {
		ID string `json:"id"`
	} `json:"excludeCredentials"`
}

// requestOptions is the part of PublicKeyCredentialRequestOptionsJSON the
// authenticator reads.
type requestOptions struct {
	Challenge        string `json:"challenge"`
	RPID             string `json:"rpId"`
	AllowCredentials []struct {
		ID string `json:"id"`
	} `json:"allowCredentials"`
}

// unwrap accepts options bare or as {"publicKey": {...}}.
func unwrap(doc string) []byte {
	var w struct {
		PublicKey json.RawMessage `json:"publicKey"`
	}
	if json.Unmarshal([]byte(doc), &w) == nil && len(w.PublicKey) > 0 {
		return w.PublicKey
	}
	return []byte(doc)
}

type clientData struct {
	Type        string `json:"type"`
	Challenge   string `json:"challenge"`
	Origin      string `json:"origin"`
	CrossOrigin bool   `json:"crossOrigin"`
}

// Register answers a registration ceremony: optionsJSON is the
// PublicKeyCredentialCreationOptions(JSON); the result is a
// RegistrationResponseJSON.
func (a *Authenticator) Register(optionsJSON string) (string, error) {
	var o creationOptions
	if err := json.Unmarshal(unwrap(optionsJSON), &o); err != nil {
		return "", fmt.Errorf("webauthntest: creation options: %w", err)
	}
	if o.Challenge == "" || o.RP.ID == "" || o.User.ID == "" {
		return "", errors.New("webauthntest: creation options need challenge, rp.id and user.id")
	}
	es256 := len(o.PubKeyCredParams) == 0
	for _, p := range o.PubKeyCredParams {
		es256 = es256 || (p.Type == "public-key" && p.Alg == -7)
	}
	if !es256 {
		return "", errors.New("webauthntest: the relying party does not accept ES256")
	}
	for _, c := range o.ExcludeCredentials {
		if c.ID == b64.EncodeToString(a.id) {
			return "", errors.New("webauthntest: credential excluded (already registered)")
		}
	}
	user, err := b64.DecodeString(o.User.ID)
	if err != nil {
		return "", fmt.Errorf("webauthntest: user.id: %w", err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	rpID := o.RP.ID
	if a.RPID != "" {
		rpID = a.RPID
	}
	cdj, err := json.Marshal(clientData{Type: "webauthn.create", Challenge: o.Challenge, Origin: a.Origin})
	if err != nil {
		return "", err
	}
	cose, err := a.coseKey()
	if err != nil {
		return "", err
	}
	auth := a.authData(rpID, FlagAttested, 0)
	auth = append(auth, make([]byte, 16)...) // AAGUID: zero for attestation "none"
	auth = binary.BigEndian.AppendUint16(auth, uint16(len(a.id)))
	auth = append(auth, a.id...)
	auth = append(auth, cose...)
	att, err := encMode.Marshal(map[string]any{"fmt": "none", "attStmt": map[string]any{}, "authData": auth})
	if err != nil {
		return "", fmt.Errorf("webauthntest: attestation object: %w", err)
	}
	transports := a.Transports
	if transports == nil {
		transports = []string{"internal"}
	}
	a.rpID, a.userHandle, a.signCount, a.registered = o.RP.ID, user, 0, true
	return marshal(map[string]any{
		"id": b64.EncodeToString(a.id), "rawId": b64.EncodeToString(a.id), "type": "public-key",
		"authenticatorAttachment": "platform", "clientExtensionResults": map[string]any{},
		"response": map[string]any{
			"clientDataJSON":    b64.EncodeToString(cdj),
			"attestationObject": b64.EncodeToString(att),
			"transports":        transports,
		},
	})
}

// Assert answers an authentication ceremony: optionsJSON is the
// PublicKeyCredentialRequestOptions(JSON) (CREDENTIAL_REQUEST_OPTIONS); the
// result is an AuthenticationResponseJSON. The credential must be registered
// and, when allowCredentials is not empty, listed there.
func (a *Authenticator) Assert(optionsJSON string) (string, error) {
	var o requestOptions
	if err := json.Unmarshal(unwrap(optionsJSON), &o); err != nil {
		return "", fmt.Errorf("webauthntest: request options: %w", err)
	}
	if o.Challenge == "" {
		return "", errors.New("webauthntest: request options need a challenge")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.registered {
		return "", errors.New("webauthntest: no credential registered")
	}
	if len(o.AllowCredentials) > 0 {
		found := false
		for _, c := range o.AllowCredentials {
			found = found || c.ID == b64.EncodeToString(a.id)
		}
		if !found {
			return "", errors.New("webauthntest: the credential is not in allowCredentials")
		}
	}
	rpID := o.RPID
	if rpID == "" {
		rpID = a.rpID
	}
	if a.RPID != "" {
		rpID = a.RPID
	}
	cdj, err := json.Marshal(clientData{Type: "webauthn.get", Challenge: o.Challenge, Origin: a.Origin})
	if err != nil {
		return "", err
	}
	a.signCount++
	auth := a.authData(rpID, 0, a.signCount)
	h := sha256.Sum256(cdj)
	digest := sha256.Sum256(append(bytes.Clone(auth), h[:]...))
	sig, err := ecdsa.SignASN1(a.rand, a.key, digest[:])
	if err != nil {
		return "", fmt.Errorf("webauthntest: sign: %w", err)
	}
	return marshal(map[string]any{
		"id": b64.EncodeToString(a.id), "rawId": b64.EncodeToString(a.id), "type": "public-key",
		"authenticatorAttachment": "platform", "clientExtensionResults": map[string]any{},
		"response": map[string]any{
			"clientDataJSON":    b64.EncodeToString(cdj),
			"authenticatorData": b64.EncodeToString(auth),
			"signature":         b64.EncodeToString(sig),
			"userHandle":        b64.EncodeToString(a.userHandle),
		},
	})
}

// authData is rpIdHash || flags (UP, UV unless NoUserVerification, extra) ||
// signCount.
func (a *Authenticator) authData(rpID string, extra byte, count uint32) []byte {
	h := sha256.Sum256([]byte(rpID))
	flags := FlagUserPresent | extra
	if !a.NoUserVerification {
		flags |= FlagUserVerified
	}
	out := append(h[:], flags)
	return binary.BigEndian.AppendUint32(out, count)
}

var encMode = func() cbor.EncMode {
	m, err := cbor.CTAP2EncOptions().EncMode()
	if err != nil {
		panic(err) // fixed options: cannot fail
	}
	return m
}()

// coseKey is the credential's public key as a COSE_Key (RFC 9053): kty EC2 (2),
// alg ES256 (-7), crv P-256 (1), x, y.
func (a *Authenticator) coseKey() ([]byte, error) {
	pub, err := a.key.PublicKey.Bytes() // 0x04 || x || y
	if err != nil {
		return nil, fmt.Errorf("webauthntest: public key: %w", err)
	}
	return encMode.Marshal(map[int]any{1: 2, 3: -7, -1: 1, -2: pub[1:33], -3: pub[33:65]})
}

func marshal(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("webauthntest: %w", err)
	}
	return string(b), nil
}
