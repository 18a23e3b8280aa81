package errorsx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// entry is one row of the message table.
type entry struct {
	Key       string
	Kind      Kind
	Challenge string // Cognito challenge name, for auth.challenge.* keys
	Text      string
	Status    int
	When      string
}

// entries is the message table: one key per Kind, then one per challenge.
// Keys are stable: applications and translations refer to them.
var entries = [...]entry{
	{"auth.signed_in", SignedIn, "", "You're signed in.", 200,
		"Cognito issued tokens (AuthenticationResult)."},
	{"auth.next_step", NextStep, "", "One more step is needed to sign in.", 200,
		"A challenge this table has no key of its own for."},
	{"auth.code_sent", CodeSent, "", "If an account matches what you entered, we sent it a code. Check your messages.", 202,
		"CodeDeliveryDetails (sign-up, resend, forgot password, attribute verification); also every masked delivery, real or simulated."},
	{"auth.done", Done, "", "Your request is complete.", 200,
		"ConfirmSignUp, ConfirmForgotPassword, ChangePassword and other calls that succeed with nothing to show."},
	{"auth.invalid_credentials", InvalidCredentials, "", "Incorrect username or password.", 401,
		"NotAuthorizedException (incorrect password, user disabled, invalid or revoked token), UserNotFoundException and PasswordResetRequiredException at sign-in: all the same answer."},
	{"auth.invalid_code", InvalidCode, "", "That code isn't valid. Check it and try again, or request a new one.", 400,
		"CodeMismatchException; on ConfirmSignUp and ConfirmForgotPassword also UserNotFoundException, a disabled or already confirmed user, and ExpiredCodeException (which Cognito answers for a real user with no pending code)."},
	{"auth.expired_code", ExpiredCode, "", "That code or sign-in session has expired. Request a new code or start again.", 400,
		"ExpiredCodeException outside confirmation; an expired challenge session."},
	{"auth.not_confirmed", NotConfirmed, "", "This account isn't confirmed yet. Enter the confirmation code we sent, or request a new one.", 403,
		"UserNotConfirmedException (Cognito does not mask it; see the middleware's policy)."},
	{"auth.account_exists", AccountExists, "", "An account with these details already exists. Try signing in instead.", 409,
		"UsernameExistsException, AliasExistsException (Cognito does not mask them; see the middleware's policy)."},
	{"auth.password_rejected", PasswordRejected, "", "That password doesn't meet the requirements. Choose a different one.", 422,
		"InvalidPasswordException, PasswordHistoryPolicyViolationException."},
	{"auth.invalid_input", InvalidInput, "", "Some of the details you entered aren't valid. Check them and try again.", 400,
		"InvalidParameterException and other refusals of the request itself, including a trigger's refusal outside sign-in."},
	{"auth.too_many_attempts", TooManyAttempts, "", "Too many attempts. Wait a while and try again.", 429,
		"LimitExceededException, TooManyRequestsException, TooManyFailedAttemptsException, \"Password attempts exceeded\", throttling."},
	{"auth.misconfigured", Misconfigured, "", "Something went wrong on our side. Try again later or contact support.", 500,
		"The pool, app client, triggers or IAM set-up is wrong (missing SECRET_HASH, auth flow not enabled, ResourceNotFoundException, Lambda and SMS/email role errors, ...)."},
	{"auth.unavailable", Unavailable, "", "The service is temporarily unavailable. Try again in a moment.", 503,
		"InternalErrorException, 5xx, network failures, cancelled or timed-out calls."},

	{"auth.challenge.sms_mfa", NextStep, "SMS_MFA", "Enter the code we sent you by text message.", 200,
		"Challenge SMS_MFA; Delivery says where the code went."},
	{"auth.challenge.email_otp", NextStep, "EMAIL_OTP", "Enter the code we sent you by email.", 200,
		"Challenge EMAIL_OTP; Delivery says where the code went."},
	{"auth.challenge.sms_otp", NextStep, "SMS_OTP", "Enter the code we sent you by text message.", 200,
		"Challenge SMS_OTP (passwordless); Delivery says where the code went."},
	{"auth.challenge.software_token_mfa", NextStep, "SOFTWARE_TOKEN_MFA", "Enter the code from your authenticator app.", 200,
		"Challenge SOFTWARE_TOKEN_MFA."},
	{"auth.challenge.select_mfa_type", NextStep, "SELECT_MFA_TYPE", "Choose how you want to get your sign-in code.", 200,
		"Challenge SELECT_MFA_TYPE; Challenge.MFAsCanChoose lists the choices."},
	{"auth.challenge.mfa_setup", NextStep, "MFA_SETUP", "Set up multi-factor authentication to continue.", 200,
		"Challenge MFA_SETUP; Challenge.MFAsCanSetup lists the choices."},
	{"auth.challenge.new_password_required", NextStep, "NEW_PASSWORD_REQUIRED", "Choose a new password to continue.", 200,
		"Challenge NEW_PASSWORD_REQUIRED; Challenge.RequiredAttributes lists what else to ask for."},
	{"auth.challenge.custom_challenge", NextStep, "CUSTOM_CHALLENGE", "Answer the challenge to continue.", 200,
		"Challenge CUSTOM_CHALLENGE (your Create Auth Challenge trigger)."},
	{"auth.challenge.select_challenge", NextStep, "SELECT_CHALLENGE", "Choose how you want to sign in.", 200,
		"Challenge SELECT_CHALLENGE (USER_AUTH); Challenge.Available lists the choices."},
	{"auth.challenge.password", NextStep, "PASSWORD", "Enter your password.", 200,
		"Challenge PASSWORD (USER_AUTH)."},
	{"auth.challenge.password_srp", NextStep, "PASSWORD_SRP", "Enter your password.", 200,
		"Challenge PASSWORD_SRP (USER_AUTH)."},
	{"auth.challenge.password_verifier", NextStep, "PASSWORD_VERIFIER", "Checking your password.", 200,
		"Challenge PASSWORD_VERIFIER (SRP; answered by srpauth, not by the user)."},
	{"auth.challenge.device_srp_auth", NextStep, "DEVICE_SRP_AUTH", "Checking this device.", 200,
		"Challenge DEVICE_SRP_AUTH (answered by srpauth)."},
	{"auth.challenge.device_password_verifier", NextStep, "DEVICE_PASSWORD_VERIFIER", "Checking this device.", 200,
		"Challenge DEVICE_PASSWORD_VERIFIER (answered by srpauth)."},
	{"auth.challenge.admin_no_srp_auth", NextStep, "ADMIN_NO_SRP_AUTH", "Enter your password.", 200,
		"Challenge ADMIN_NO_SRP_AUTH."},
	{"auth.challenge.web_authn", NextStep, "WEB_AUTHN", "Use your passkey to continue.", 200,
		"Challenge WEB_AUTHN (USER_AUTH)."},
}

// kindIndex maps a Kind to its entry; challengeIndex and keyIndex are
// immutable lookup tables built once from entries.
var (
	kindIndex = func() (ix [numKinds]int) {
		for i := range ix {
			ix[i] = -1
		}
		for i, e := range entries {
			if e.Challenge == "" {
				ix[e.Kind] = i
			}
		}
		return ix
	}()
	challengeIndex = func() map[string]int {
		m := make(map[string]int)
		for i, e := range entries {
			if e.Challenge != "" {
				m[e.Challenge] = i
			}
		}
		return m
	}()
	keyIndex = func() map[string]int {
		m := make(map[string]int, len(entries))
		for i, e := range entries {
			m[e.Key] = i
		}
		return m
	}()
)

func kindEntry(k Kind) entry {
	if !k.Valid() {
		// A zero or invalid Kind is treated as a failure of ours.
		return entries[kindIndex[Unavailable]]
	}
	return entries[kindIndex[k]]
}

func kindMessage(k Kind) Message {
	if !k.Valid() {
		return Message{}
	}
	e := &entries[kindIndex[k]]
	return Message{Key: e.Key, Text: e.Text}
}

func challengeMessage(name string) Message {
	if i, ok := challengeIndex[name]; ok {
		return Message{Key: entries[i].Key, Text: entries[i].Text}
	}
	return kindMessage(NextStep)
}

func lookupEntry(key string) (entry, bool) {
	i, ok := keyIndex[key]
	if !ok {
		return entry{}, false
	}
	return entries[i], true
}

// KindMessage returns the default message of a Kind (for NextStep, the
// generic "auth.next_step"); the zero Message for an invalid Kind.
func KindMessage(k Kind) Message { return kindMessage(k) }

// ChallengeMessage returns the default message of a challenge by its Cognito
// name, e.g. "SMS_MFA" -> "auth.challenge.sms_mfa"; "auth.next_step" for a
// challenge the table does not know.
func ChallengeMessage(name string) Message { return challengeMessage(name) }

// Catalog maps message keys to texts. The zero Catalog is the built-in
// English catalog. A Catalog is immutable: its methods never change it, and
// those that derive a new one copy.
type Catalog struct {
	texts map[string]string // overrides of the defaults; nil means none
	lang  language.Tag      // the built-in catalog it derives from; Und is English
}

// DefaultCatalog returns the built-in English catalog.
func DefaultCatalog() Catalog { return Catalog{} }

// Entry describes one message key: its text in a Catalog, the suggested
// HTTP status for an application's own API, its Kind, the challenge it is
// for (NextStep keys), and when it is used.
type Entry struct {
	Key       string
	Text      string
	Status    int
	Kind      Kind
	Challenge string
	When      string
}

// maxCatalogSize bounds what LoadCatalog reads.
const maxCatalogSize = 1 << 20

// maxTextLen bounds one message text, in bytes.
const maxTextLen = 4096

// ParseCatalog reads a JSON object of key -> text, e.g.
// {"auth.invalid_credentials": "Wrong email or password."}, and merges it
// over the built-in English catalog. Unknown keys, empty texts and values
// that are not strings are errors.
func ParseCatalog(data []byte) (Catalog, error) {
	return DefaultCatalog().parse(data)
}

// LoadCatalog is ParseCatalog over a reader (at most 1 MiB).
func LoadCatalog(r io.Reader) (Catalog, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxCatalogSize+1))
	if err != nil {
		return Catalog{}, fmt.Errorf("errorsx: read catalog: %w", err)
	}
	if len(data) > maxCatalogSize {
		return Catalog{}, errors.New("errorsx: read catalog: larger than 1 MiB")
	}
	return ParseCatalog(data)
}

// Merge returns a copy of c with the texts of a JSON object merged over it
// (the same format as ParseCatalog).
func (c Catalog) Merge(data []byte) (Catalog, error) { return c.parse(data) }

func (c Catalog) parse(data []byte) (Catalog, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return Catalog{}, errors.New("errorsx: parse catalog: want a JSON object of message key to text")
	}
	var m map[string]string
	if err := json.Unmarshal(trimmed, &m); err != nil {
		return Catalog{}, fmt.Errorf("errorsx: parse catalog: %w", err)
	}
	return c.With(m)
}

// With returns a copy of c with the given texts. Unknown keys and empty
// texts are errors; c is unchanged either way.
func (c Catalog) With(texts map[string]string) (Catalog, error) {
	keys := make([]string, 0, len(texts))
	for k := range texts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if _, ok := keyIndex[k]; !ok {
			return Catalog{}, fmt.Errorf("errorsx: catalog: unknown message key %s (see DefaultCatalog().Keys())", quoteShort(k))
		}
		t := texts[k]
		if strings.TrimSpace(t) == "" {
			return Catalog{}, fmt.Errorf("errorsx: catalog: empty text for %s", k)
		}
		if len(t) > maxTextLen {
			return Catalog{}, fmt.Errorf("errorsx: catalog: text for %s is longer than %d bytes", k, maxTextLen)
		}
		if !utf8.ValidString(t) {
			return Catalog{}, fmt.Errorf("errorsx: catalog: text for %s is not valid UTF-8", k)
		}
	}
	out := make(map[string]string, len(c.texts)+len(texts))
	for k, v := range c.texts {
		out[k] = v
	}
	for k, v := range texts {
		out[k] = v
	}
	return Catalog{texts: out, lang: c.lang}, nil
}

// quoteShort quotes an untrusted key for an error message, cut to 64 bytes.
func quoteShort(s string) string {
	if len(s) > 64 {
		s = s[:64] + "..."
	}
	return strconv.Quote(s)
}

// Text returns the text of a key; "" for an unknown key.
func (c Catalog) Text(key string) string {
	if t, ok := c.texts[key]; ok {
		return t
	}
	if i, ok := keyIndex[key]; ok {
		return entries[i].Text
	}
	return ""
}

// Message returns the Message of a key and whether the key is known.
func (c Catalog) Message(key string) (Message, bool) {
	if _, ok := keyIndex[key]; !ok {
		return Message{Key: key}, false
	}
	return Message{Key: key, Text: c.Text(key)}, true
}

// Localize returns r with its Message text taken from c. A Result with an
// unknown or empty key gets the text of its Kind's key (and a zero Kind the
// Unavailable message).
func (c Catalog) Localize(r Result) Result {
	key := r.Message.Key
	if _, ok := keyIndex[key]; !ok {
		key = kindEntry(r.Kind).Key
	}
	r.Message = Message{Key: key, Text: c.Text(key)}
	return r
}

// Keys returns every message key, in table order.
func (c Catalog) Keys() []string {
	keys := make([]string, len(entries))
	for i, e := range entries {
		keys[i] = e.Key
	}
	return keys
}

// Entries returns the message table with c's texts.
func (c Catalog) Entries() []Entry {
	out := make([]Entry, len(entries))
	for i, e := range entries {
		out[i] = Entry{Key: e.Key, Text: c.Text(e.Key), Status: e.Status, Kind: e.Kind, Challenge: e.Challenge, When: e.When}
	}
	return out
}

// JSON returns c as the JSON object ParseCatalog reads, with every key, in
// table order: a starting point for a translation.
func (c Catalog) JSON() []byte {
	var b bytes.Buffer
	b.WriteString("{\n")
	for i, e := range entries {
		k, _ := json.Marshal(e.Key)
		v, _ := json.Marshal(c.Text(e.Key))
		b.WriteString("  ")
		b.Write(k)
		b.WriteString(": ")
		b.Write(v)
		if i < len(entries)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// Markdown renders the message table (key, text, suggested HTTP status,
// kind, when) as a Markdown table. The README's table is
// DefaultCatalog().Markdown().
func (c Catalog) Markdown() string {
	var b strings.Builder
	b.WriteString("| key | default text | HTTP status | kind | when |\n")
	b.WriteString("|---|---|---|---|---|\n")
	for _, e := range c.Entries() {
		b.WriteString("| `")
		b.WriteString(e.Key)
		b.WriteString("` | ")
		b.WriteString(mdEscape(e.Text))
		b.WriteString(" | ")
		b.WriteString(strconv.Itoa(e.Status))
		b.WriteString(" | ")
		b.WriteString(e.Kind.String())
		b.WriteString(" | ")
		b.WriteString(mdEscape(e.When))
		b.WriteString(" |\n")
	}
	return b.String()
}

func mdEscape(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}
