package simulate

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
)

// Delivery is the CodeDeliveryDetails shape of Cognito: where a code was (or would have
// been) sent.
type Delivery struct {
	Destination    string // masked, e.g. "a***@e***" or "+********1234"
	DeliveryMedium string // "EMAIL" or "SMS"
	AttributeName  string // "email" or "phone_number"
}

// Simulator derives simulated values from a secret. It is safe for concurrent use.
type Simulator struct {
	key []byte
}

// New returns a Simulator keyed by secret. The secret should be at least 32 random
// bytes and must stay the same across restarts for the values to stay stable.
// New copies the secret.
func New(secret []byte) *Simulator {
	return &Simulator{key: bytes.Clone(secret)}
}

// mac returns HMAC-SHA256(key, label || len(poolID) || poolID || username), the length a
// 4-byte big-endian integer, so that no two (poolID, username) pairs collide.
func (s *Simulator) mac(label, poolID, username string) [sha256.Size]byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(label))
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(poolID)))
	m.Write(n[:])
	m.Write([]byte(poolID))
	m.Write([]byte(username))
	var out [sha256.Size]byte
	m.Sum(out[:0])
	return out
}

// SRPSalt returns the 16-byte SRP salt simulated for username in poolID.
func (s *Simulator) SRPSalt(poolID, username string) []byte {
	h := s.mac("srp-salt", poolID, username)
	return bytes.Clone(h[:16])
}

// SRPUserID returns the USER_ID_FOR_SRP simulated for username in poolID: a UUID with
// the version-4 layout, like the internal usernames of email-as-username pools.
func (s *Simulator) SRPUserID(poolID, username string) string {
	h := s.mac("srp-user-id", poolID, username)
	id, err := uuid.NewRandomFromReader(bytes.NewReader(h[:16]))
	if err != nil { // cannot happen: the reader holds 16 bytes
		return uuid.Nil.String()
	}
	return id.String()
}

// Delivery returns the simulated CodeDeliveryDetails for username in poolID, whose pool
// auto-verifies the attributes in autoVerified ("email", "phone_number"):
//   - an E.164 phone number -> SMS / phone_number, masked from what was typed;
//   - an email address -> EMAIL / email, masked from what was typed;
//   - anything else -> email if the pool auto-verifies email, else phone_number if it
//     auto-verifies phone numbers, else email, with a destination that is stable for the
//     pool and username and shaped like a real mask.
func (s *Simulator) Delivery(poolID, username string, autoVerified []string) Delivery {
	if IsE164(username) {
		return Delivery{Destination: MaskPhone(username), DeliveryMedium: "SMS", AttributeName: "phone_number"}
	}
	if IsEmail(username) {
		return Delivery{Destination: MaskEmail(username), DeliveryMedium: "EMAIL", AttributeName: "email"}
	}
	useEmail := true
	if !contains(autoVerified, "email") && contains(autoVerified, "phone_number") {
		useEmail = false
	}
	h := s.mac("delivery", poolID, username)
	if useEmail {
		const letters = "abcdefghijklmnopqrstuvwxyz"
		local := letters[int(h[0])%len(letters)]
		domain := letters[int(h[1])%len(letters)]
		return Delivery{
			Destination:    string(local) + "***@" + string(domain) + "***",
			DeliveryMedium: "EMAIL",
			AttributeName:  "email",
		}
	}
	// A phone number of 11 or 12 digits (the common E.164 lengths), last four shown.
	hidden := 7 + int(h[0]&1)
	last4 := binary.BigEndian.Uint16(h[2:4]) % 10000
	digits := []byte{'0' + byte(last4/1000), '0' + byte(last4/100%10), '0' + byte(last4/10%10), '0' + byte(last4%10)}
	return Delivery{
		Destination:    "+" + strings.Repeat("*", hidden) + string(digits),
		DeliveryMedium: "SMS",
		AttributeName:  "phone_number",
	}
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// IsE164 reports whether s is a phone number in E.164 form: "+", a non-zero digit and up
// to 14 more digits.
func IsE164(s string) bool {
	if len(s) < 3 || len(s) > 16 || s[0] != '+' || s[1] < '1' || s[1] > '9' {
		return false
	}
	for i := 2; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// IsEmail reports whether s looks like an email address: exactly one "@" with a
// non-empty local part and domain and no spaces.
func IsEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || strings.IndexByte(s[at+1:], '@') >= 0 {
		return false
	}
	return !strings.ContainsAny(s, " \t\r\n")
}

// MaskEmail masks an email address the way Cognito does in CodeDeliveryDetails: the
// first character of the local part, "***@", the first character of the domain, "***".
// An input without "@" is masked as a local part alone ("a***").
func MaskEmail(addr string) string {
	local, domain, hasAt := strings.Cut(addr, "@")
	var b strings.Builder
	b.Grow(10)
	b.WriteString(firstRune(local))
	b.WriteString("***")
	if hasAt {
		b.WriteString("@")
		b.WriteString(firstRune(domain))
		b.WriteString("***")
	}
	return b.String()
}

func firstRune(s string) string {
	if s == "" {
		return ""
	}
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return "?"
	}
	return s[:n]
}

// MaskPhone masks a phone number the way Cognito does: "+", one "*" per hidden digit,
// then the last four digits, e.g. "+12065551234" -> "+*******1234". Characters other
// than digits are ignored; with four digits or fewer every digit is hidden.
func MaskPhone(phone string) string {
	var digits []byte
	for i := 0; i < len(phone); i++ {
		if c := phone[i]; c >= '0' && c <= '9' {
			digits = append(digits, c)
		}
	}
	if len(digits) <= 4 {
		return "+" + strings.Repeat("*", len(digits))
	}
	return "+" + strings.Repeat("*", len(digits)-4) + string(digits[len(digits)-4:])
}
