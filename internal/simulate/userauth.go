package simulate

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// Choice-based sign-in (USER_AUTH) for a user who does not exist, under
// PreventUserExistenceErrors ENABLED: Cognito "responds to requests for
// choice-based authentication with a random selection of one of the challenge
// types that the user pool allows" (AWS, Managing user existence error
// responses), and every answer then fails as a real user's wrong answer does.
//
// Two policies share the values below:
//   - [RandomFactor]: Cognito's, a fresh uniform draw per request (what mockpool
//     reproduces). It is itself a signal: a real user's challenge does not
//     change from one request to the next, a random one does (amplify-js#14195
//     shows it across names), so two requests for one name tell an unknown name
//     from a known one with probability 1 - sum(p_i^2).
//   - [Simulator.StableFactor]: the middleware's, keyed by HMAC(secret, pool,
//     Key form of the name): one name always gets the same factor, so repeated
//     requests teach nothing. Its trade-off: the choice is fixed per name, not
//     per user setup, so an attacker who knows which factor a given real user
//     has (her own account, say) learns nothing more, but one who can make a
//     real user of a known setup can compare shapes; and when the pool's
//     allowed factors change, the stable choices change with them (as a real
//     user's would only if her factor was removed).

// PoolFactors is what the simulation needs to know of a pool's sign-in policy.
type PoolFactors struct {
	// Allowed is Policies.SignInPolicy.AllowedFirstAuthFactors.
	Allowed []string
	// EmailConfigured: the pool can send email codes (EmailConfiguration with
	// EmailSendingAccount DEVELOPER, which EMAIL_OTP requires (inferred from
	// the console's requirement; the API reference does not say)).
	EmailConfigured bool
	// SMSConfigured: the pool has an SmsConfiguration (an SNS role).
	SMSConfigured bool
	// RelyingPartyID is the pool's WebAuthnConfiguration.RelyingPartyId (or its
	// domain); "" when none, and then WEB_AUTHN cannot be offered.
	RelyingPartyID string
	// UserVerification is WebAuthnConfiguration.UserVerification ("required"
	// or "preferred"; "" means "preferred", Cognito's default (inferred)).
	UserVerification string
}

// Applicable returns the first factors a simulated challenge may be drawn from,
// in FirstFactors' order: the allowed factors that apply. "Apply" (inferred:
// Cognito does not say which of its allowed types it draws from) means a
// factor a real user of the pool could be challenged with: PASSWORD always,
// EMAIL_OTP only where the pool can send email codes, SMS_OTP only where SMS
// is configured, WEB_AUTHN only where a relying party is known. A draw outside
// these would be a challenge no real user ever gets, an oracle of its own.
func (p PoolFactors) Applicable() []string {
	var out []string
	for _, f := range cognito.FirstFactors() {
		if !contains(p.Allowed, f) {
			continue
		}
		switch f {
		case cognito.FactorEmailOTP:
			if !p.EmailConfigured {
				continue
			}
		case cognito.FactorSMSOTP:
			if !p.SMSConfigured {
				continue
			}
		case cognito.FactorWebAuthn:
			if p.RelyingPartyID == "" {
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

// ErrNoFactor: the pool allows no first factor that applies.
var ErrNoFactor = errors.New("simulate: the pool allows no applicable first factor")

// RandomFactor draws one of p's applicable factors uniformly with rand
// (Cognito's behaviour). rand is read one byte at a time (rejection sampling,
// so the draw is exactly uniform).
func RandomFactor(rand io.Reader, p PoolFactors) (string, error) {
	fs := p.Applicable()
	if len(fs) == 0 {
		return "", ErrNoFactor
	}
	limit := 256 - 256%len(fs)
	var b [1]byte
	for {
		if _, err := io.ReadFull(rand, b[:]); err != nil {
			return "", fmt.Errorf("simulate: first factor: %w", err)
		}
		if int(b[0]) < limit {
			return fs[int(b[0])%len(fs)], nil
		}
	}
}

// StableFactor returns the factor simulated for username (a [Key]) in poolID:
// HMAC(secret, "first-factor", poolID, username) picks one of p's applicable
// factors, so the same name always gets the same one (the middleware's policy).
// "" when none applies.
func (s *Simulator) StableFactor(poolID, username string, p PoolFactors) string {
	fs := p.Applicable()
	if len(fs) == 0 {
		return ""
	}
	h := s.mac("first-factor", poolID, username)
	return fs[binary.BigEndian.Uint64(h[:8])%uint64(len(fs))]
}

// AvailableChallenges returns the AvailableChallenges of a simulated
// SELECT_CHALLENGE: those of every applicable factor, the same for every name
// (inferred:
// what a real user who set up every factor the pool allows sees; a real user
// with fewer factors sees fewer, a difference only someone who knows that
// user's setup can use).
func (p PoolFactors) AvailableChallenges() []string {
	return cognito.AvailableChallenges(p.Applicable())
}

// ChallengeFor returns the challenge a simulated factor is answered with:
// preferred when it belongs to factor (PREFERRED_CHALLENGE PASSWORD_SRP stays
// PASSWORD_SRP), else the factor's own challenge, PASSWORD for the password
// factor (inferred: the plain form, which every client can answer).
func ChallengeFor(factor, preferred string) string {
	if preferred != "" && cognito.FactorOf(preferred) == factor && cognito.IsChoice(preferred) {
		return preferred
	}
	if factor == cognito.FactorPassword {
		return cognito.ChallengePassword
	}
	return factor
}

// OTPDelivery returns the simulated delivery of an EMAIL_OTP or SMS_OTP code
// for username (a [Key]) in poolID: for EMAIL_OTP an email mask (from what was
// typed when it is an address, as [Simulator.Delivery]), for SMS_OTP a phone
// mask (from what was typed when it is an E.164 number); otherwise a stable
// mask of every shape real ones take. Real deliveries use [Real].
func (s *Simulator) OTPDelivery(poolID, username, factor string) Delivery {
	if factor == cognito.FactorSMSOTP {
		if IsE164(username) {
			return Real("phone_number", username)
		}
		return stablePhone(s.mac("otp-delivery", poolID, username))
	}
	if IsEmail(username) {
		return s.Delivery(poolID, username, []string{"email"})
	}
	return stableEmail(s.mac("otp-delivery", poolID, username))
}

// OTPParameters returns the ChallengeParameters of an EMAIL_OTP or SMS_OTP
// challenge, real or simulated, in one shape: CODE_DELIVERY_DELIVERY_MEDIUM and
// CODE_DELIVERY_DESTINATION, plus USERNAME when username is not "".
func OTPParameters(d Delivery, username string) map[string]string {
	m := map[string]string{
		cognito.ParamDeliveryMedium:      d.DeliveryMedium,
		cognito.ParamDeliveryDestination: d.Destination,
	}
	if username != "" {
		m[cognito.ParamUsername] = username
	}
	return m
}

// WebAuthn request options.
const (
	// WebAuthnChallengeBytes is the length of a WEB_AUTHN challenge, real or
	// simulated (inferred: Cognito's is not published; 32 bytes is twice the
	// WebAuthn minimum of 16).
	WebAuthnChallengeBytes = 32
	// WebAuthnTimeoutMillis is the timeout of CREDENTIAL_REQUEST_OPTIONS
	// (inferred).
	WebAuthnTimeoutMillis = 180000
)

// CredentialDescriptor is one allowCredentials entry
// (PublicKeyCredentialDescriptorJSON).
type CredentialDescriptor struct {
	Type       string   `json:"type"`
	ID         string   `json:"id"` // base64url, no padding
	Transports []string `json:"transports,omitempty"`
}

// RequestOptions is CREDENTIAL_REQUEST_OPTIONS
// (PublicKeyCredentialRequestOptionsJSON), the one shape of real and simulated
// options: encode both with [RequestOptions.JSON].
type RequestOptions struct {
	Challenge        string                 `json:"challenge"` // base64url, no padding
	Timeout          int                    `json:"timeout"`
	RPID             string                 `json:"rpId"`
	AllowCredentials []CredentialDescriptor `json:"allowCredentials"`
	UserVerification string                 `json:"userVerification"`
}

// JSON returns the options as the challenge parameter carries them.
func (o RequestOptions) JSON() (string, error) {
	if o.AllowCredentials == nil {
		o.AllowCredentials = []CredentialDescriptor{}
	}
	b, err := json.Marshal(o)
	if err != nil {
		return "", fmt.Errorf("simulate: CREDENTIAL_REQUEST_OPTIONS: %w", err)
	}
	return string(b), nil
}

// NewRequestOptions returns the options of a WEB_AUTHN challenge, real or
// simulated, with a fresh challenge of WebAuthnChallengeBytes from rand, the
// pool's relying party and user verification, and creds as allowCredentials.
func NewRequestOptions(rand io.Reader, p PoolFactors, creds []CredentialDescriptor) (RequestOptions, error) {
	c := make([]byte, WebAuthnChallengeBytes)
	if _, err := io.ReadFull(rand, c); err != nil {
		return RequestOptions{}, fmt.Errorf("simulate: WebAuthn challenge: %w", err)
	}
	uv := p.UserVerification
	if uv == "" {
		uv = "preferred"
	}
	if creds == nil {
		creds = []CredentialDescriptor{}
	}
	return RequestOptions{
		Challenge:        base64.RawURLEncoding.EncodeToString(c),
		Timeout:          WebAuthnTimeoutMillis,
		RPID:             p.RelyingPartyID,
		AllowCredentials: creds,
		UserVerification: uv,
	}, nil
}

// Descriptor returns the allowCredentials entry of a real credential id.
func Descriptor(id []byte, transports []string) CredentialDescriptor {
	return CredentialDescriptor{Type: "public-key", ID: base64.RawURLEncoding.EncodeToString(id), Transports: transports}
}

// The shapes of simulated allowCredentials (inferred; per 1000). A real user
// challenged with WEB_AUTHN has at least one passkey and Cognito lists her
// credential ids, so the simulated list is never empty: 1 to 3 entries, ids of
// the lengths common authenticators make (16 bytes: some platform
// authenticators; 20: iCloud Keychain; 32: Windows Hello and software
// authenticators, webauthntest included; 64: security keys), transports as
// real registrations report them.
var (
	credCounts  = [...]uint16{720, 220, 60} // 1, 2, 3 credentials
	credLengths = [...]struct{ weight, n uint16 }{{150, 16}, {350, 20}, {400, 32}, {100, 64}}
	transports  = [...]struct {
		weight uint16
		list   []string
	}{{450, []string{"internal", "hybrid"}}, {300, []string{"internal"}}, {150, []string{"hybrid"}}, {100, []string{"usb"}}}
)

// StableCredentials returns the simulated allowCredentials of username (a
// [Key]) in poolID: stable per name, shaped as a real user's.
func (s *Simulator) StableCredentials(poolID, username string) []CredentialDescriptor {
	h := s.mac("webauthn-creds", poolID, username)
	n := 1 + weighted(credCounts[:], binary.BigEndian.Uint16(h[0:2]))
	out := make([]CredentialDescriptor, n)
	for i := range out {
		e := s.mac(fmt.Sprintf("webauthn-cred-%d", i), poolID, username)
		r := binary.BigEndian.Uint16(e[0:2]) % 1000
		size := credLengths[len(credLengths)-1].n
		for _, l := range credLengths {
			if r < l.weight {
				size = l.n
				break
			}
			r -= l.weight
		}
		id := expand(e, int(size))
		t := binary.BigEndian.Uint16(e[2:4]) % 1000
		list := transports[0].list
		for _, k := range transports {
			if t < k.weight {
				list = k.list
				break
			}
			t -= k.weight
		}
		out[i] = Descriptor(id, append([]string(nil), list...))
	}
	return out
}

// SimulatedRequestOptions returns the simulated CREDENTIAL_REQUEST_OPTIONS of
// username (a [Key]) in poolID: a fresh challenge from rand, the pool's rpId
// and userVerification, and the stable simulated allowCredentials.
func (s *Simulator) SimulatedRequestOptions(rand io.Reader, poolID, username string, p PoolFactors) (RequestOptions, error) {
	return NewRequestOptions(rand, p, s.StableCredentials(poolID, username))
}

func weighted(ws []uint16, r uint16) int {
	r %= 1000
	for i, w := range ws {
		if r < w {
			return i
		}
		r -= w
	}
	return 0
}

// expand returns n bytes derived from seed (SHA-256 in counter mode over it).
func expand(seed [sha256.Size]byte, n int) []byte {
	out := make([]byte, 0, n+sha256.Size)
	for i := uint32(0); len(out) < n; i++ {
		var c [4]byte
		binary.BigEndian.PutUint32(c[:], i)
		h := sha256.Sum256(append(seed[:], c[:]...))
		out = append(out, h[:]...)
	}
	return out[:n]
}
