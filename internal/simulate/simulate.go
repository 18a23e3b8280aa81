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
// New copies the secret. The mock pool and the middleware given the same secret
// derive the same values.
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

// Key returns the form of a typed name that the simulated values of a pool are keyed
// by: the form in which the pool resolves it, so that every spelling that would find
// the same real user gets the same simulated values (a real user's SALT, USER_ID_FOR_SRP
// and delivery do not change with the case the name is typed in, so an unknown name's
// must not either).
//
// norm is the typed name already normalised by the pool's username rule (lower case in
// a case-insensitive pool, unchanged in a case-sensitive one). usernameAttrs and
// aliasAttrs are the pool's UsernameAttributes and AliasAttributes. Pools match email
// addresses (as username or alias) and preferred_username aliases without regard to
// case even when usernames are case sensitive, so:
//   - with a preferred_username alias, any name is lower-cased;
//   - with email as username or as an alias, an email address is lower-cased;
//   - anything else is norm unchanged.
func Key(norm string, usernameAttrs, aliasAttrs []string) string {
	if contains(aliasAttrs, "preferred_username") {
		return strings.ToLower(norm)
	}
	if IsEmail(norm) && (contains(usernameAttrs, "email") || contains(aliasAttrs, "email")) {
		return strings.ToLower(norm)
	}
	return norm
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

// Real returns the CodeDeliveryDetails of a real delivery to the attribute attrName
// ("email" or "phone_number") whose stored value is value: SMS for a phone number,
// EMAIL otherwise, the destination masked by [MaskPhone] or [MaskEmail]. Simulated
// deliveries are masked by the same functions.
func Real(attrName, value string) Delivery {
	if attrName == "phone_number" {
		return Delivery{Destination: MaskPhone(value), DeliveryMedium: "SMS", AttributeName: "phone_number"}
	}
	return Delivery{Destination: MaskEmail(value), DeliveryMedium: "EMAIL", AttributeName: attrName}
}

// Delivery returns the simulated CodeDeliveryDetails for username (a [Key]) in poolID,
// whose pool auto-verifies the attributes in autoVerified ("email", "phone_number"):
//   - an E.164 phone number -> SMS / phone_number, masked from what was typed;
//   - an email address -> EMAIL / email, masked from what was typed, except that a
//     lower-case letter shown by the mask is shown in upper case with a small, stable
//     probability (see below);
//   - anything else -> email if the pool auto-verifies email, else phone_number if it
//     auto-verifies phone numbers, else email, with a destination that is stable for
//     the pool and username and drawn from every shape real masks take: a letter in
//     either case or a digit in each shown position of an email mask, phone numbers of
//     8 to 15 digits (the tables below).
//
// A real mask shows the stored address as it was given at sign-up (capitals included),
// and a pool that matches addresses without regard to case shows the same mask whatever
// case the name is typed in. The simulated mask therefore depends on the key only (never
// on the typed case), and shows capitals with about the rate at which stored addresses
// start with one, so that no shape is reserved for real users. The rates are our choice
// (inferred): nobody has published Cognito's, which does not mask from what was typed.
func (s *Simulator) Delivery(poolID, username string, autoVerified []string) Delivery {
	if IsE164(username) {
		return Real("phone_number", username)
	}
	if IsEmail(username) {
		h := s.mac("delivery-case", poolID, username)
		return Delivery{Destination: withCase(MaskEmail(username), h), DeliveryMedium: "EMAIL", AttributeName: "email"}
	}
	useEmail := true
	if !contains(autoVerified, "email") && contains(autoVerified, "phone_number") {
		useEmail = false
	}
	h := s.mac("delivery", poolID, username)
	if useEmail {
		return stableEmail(h)
	}
	return stablePhone(h)
}

// stableEmail is the simulated email delivery drawn from h (bytes 0 to 7).
func stableEmail(h [sha256.Size]byte) Delivery {
	local := pick(localFirst, binary.BigEndian.Uint16(h[0:2]), binary.BigEndian.Uint16(h[2:4]))
	domain := pick(domainFirst, binary.BigEndian.Uint16(h[4:6]), binary.BigEndian.Uint16(h[6:8]))
	return Delivery{
		Destination:    string(local) + "***@" + string(domain) + "***",
		DeliveryMedium: "EMAIL",
		AttributeName:  "email",
	}
}

// stablePhone is the simulated SMS delivery drawn from h (bytes 8 to 11).
func stablePhone(h [sha256.Size]byte) Delivery {
	digits := phoneDigits(binary.BigEndian.Uint16(h[8:10]))
	last4 := binary.BigEndian.Uint16(h[10:12]) % 10000
	d := []byte{'0' + byte(last4/1000), '0' + byte(last4/100%10), '0' + byte(last4/10%10), '0' + byte(last4%10)}
	return Delivery{
		Destination:    "+" + strings.Repeat("*", digits-4) + string(d),
		DeliveryMedium: "SMS",
		AttributeName:  "phone_number",
	}
}

// The shapes of simulated masks (inferred). Weights are per 1000.
//
// An email mask shows two characters: the first of the local part (a lower-case
// letter 800, an upper-case letter 110, a digit 90) and the first of the domain (a
// lower-case letter 880, an upper-case letter 70, a digit 50). A phone number has
// 8 to 15 digits, country code included (E.164's range), weighted towards the common
// 11 and 12.
type class struct {
	weight uint16
	chars  string
}

var (
	localFirst  = []class{{800, lower}, {110, upper}, {90, digit}}
	domainFirst = []class{{880, lower}, {70, upper}, {50, digit}}
	// phoneLengths[i] is the weight of 8+i digits.
	phoneLengths = [...]uint16{30, 40, 80, 300, 300, 150, 60, 40}
	// upperLocal and upperDomain are the chances per 1000 that a lower-case letter
	// shown by the mask of a typed email address is shown in upper case.
	upperLocal, upperDomain uint16 = 110, 70
)

const (
	lower = "abcdefghijklmnopqrstuvwxyz"
	upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	digit = "0123456789"
)

// pick draws a class by weight with r (mod 1000) and a character of it with c.
func pick(classes []class, r, c uint16) byte {
	r %= 1000
	for _, k := range classes {
		if r < k.weight {
			return k.chars[int(c)%len(k.chars)]
		}
		r -= k.weight
	}
	last := classes[len(classes)-1]
	return last.chars[int(c)%len(last.chars)]
}

func phoneDigits(r uint16) int {
	r %= 1000
	for i, w := range phoneLengths {
		if r < w {
			return 8 + i
		}
		r -= w
	}
	return 12
}

// withCase upper-cases the lower-case ASCII letters shown by an email mask ("a***@e***")
// with the probabilities upperLocal and upperDomain, drawn from h.
func withCase(mask string, h [sha256.Size]byte) string {
	b := []byte(mask)
	if len(b) > 0 && isLower(b[0]) && binary.BigEndian.Uint16(h[0:2])%1000 < upperLocal {
		b[0] -= 'a' - 'A'
	}
	if at := bytes.IndexByte(b, '@'); at >= 0 && at+1 < len(b) && isLower(b[at+1]) && binary.BigEndian.Uint16(h[2:4])%1000 < upperDomain {
		b[at+1] -= 'a' - 'A'
	}
	return string(b)
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }

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
