package errorsx

import (
	"encoding/json"
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// Result is the one app-facing answer for every Cognito call.
//
// Two answers that must not be told apart (an unknown user and a wrong
// password; a real and a simulated code delivery) give Results that are equal
// in every field but Cause and RequestID (and, for deliveries, the destination
// strings). Only Cause carries Cognito's own error, for logs.
type Result struct {
	// Operation is the Cognito operation name, e.g. "InitiateAuth".
	Operation string
	// Kind says what the application should do.
	Kind Kind
	// Message is the stable key and default English text for the user.
	Message Message
	// Tokens is set for SignedIn.
	Tokens *Tokens
	// Challenge is set for NextStep.
	Challenge *Challenge
	// Delivery tells where a code went: CodeSent, SignUp, and NextStep for
	// SMS_MFA, SMS_OTP and EMAIL_OTP. A masked delivery that Classify makes
	// from a LEGACY error has a nil Delivery (Classify cannot invent a
	// destination; the middleware fills a simulated one).
	Delivery *Delivery
	// RequestID is Cognito's x-amzn-RequestId, when there was an answer.
	RequestID string
	// HTTPStatus is the status of Cognito's answer as the application should
	// see it: 200 for successes (masked ones included), the response status
	// for errors, 0 when no answer arrived.
	HTTPStatus int
	// Cause is the original error, for logs only; never show it to users.
	Cause error
}

// Message is a stable message key and its text.
type Message struct {
	Key  string // dotted and stable, e.g. "auth.invalid_credentials"
	Text string // default English text, or the Catalog's text after Localize
}

// Tokens are the tokens of a SignedIn result. Their String method redacts
// them, so printing a Result or its Tokens never writes a token.
type Tokens struct {
	AccessToken  string
	IDToken      string
	RefreshToken string // empty after a refresh
	TokenType    string // "Bearer"
	ExpiresIn    time.Duration
	NewDevice    *DeviceMetadata // set when Cognito asks to confirm a new device
}

// String redacts the tokens.
func (t Tokens) String() string {
	return "Tokens{redacted, ExpiresIn: " + t.ExpiresIn.String() + "}"
}

// GoString redacts the tokens.
func (t Tokens) GoString() string { return t.String() }

// DeviceMetadata is AuthenticationResult.NewDeviceMetadata.
type DeviceMetadata struct {
	DeviceKey      string
	DeviceGroupKey string
}

// Delivery is where a code went (Cognito's CodeDeliveryDetails).
type Delivery struct {
	Medium        string `json:"medium"`        // MediumSMS or MediumEmail
	Destination   string `json:"destination"`   // masked, e.g. "a***@e***" or "+********1234"
	AttributeName string `json:"attributeName"` // "email" or "phone_number"
}

// Delivery media, as Cognito writes them.
const (
	MediumSMS   = "SMS"
	MediumEmail = "EMAIL"
)

// MFA media of a Challenge.
const (
	MFASMS   = "SMS"   // SMS_MFA, SMS_OTP
	MFATOTP  = "TOTP"  // SOFTWARE_TOKEN_MFA
	MFAEmail = "EMAIL" // EMAIL_OTP
)

// Challenge is the next step Cognito asks for.
type Challenge struct {
	// Name is the challenge name, e.g. "SMS_MFA", "NEW_PASSWORD_REQUIRED".
	Name string
	// Session goes back in the next RespondToAuthChallenge call. Secret-ish:
	// Challenge's String, Format and LogValue and Result's MarshalJSON omit it
	// (Challenge's own JSON form keeps it).
	Session string
	// Parameters are the ChallengeParameters as Cognito sent them (the same
	// map, not a copy: do not modify it).
	Parameters map[string]string
	// Username is USERNAME, the name the next call must use.
	Username string
	// UserIDForSRP is USER_ID_FOR_SRP (SRP challenges).
	UserIDForSRP string
	// MFA is MFASMS, MFATOTP or MFAEmail for a code challenge.
	MFA string
	// RequiredAttributes are the attributes NEW_PASSWORD_REQUIRED asks for,
	// without Cognito's "userAttributes." prefix.
	RequiredAttributes []string
	// UserAttributes are the user's current attributes sent with
	// NEW_PASSWORD_REQUIRED.
	UserAttributes map[string]string
	// MFAsCanChoose lists MFAS_CAN_CHOOSE (SELECT_MFA_TYPE).
	MFAsCanChoose []string
	// MFAsCanSetup lists MFAS_CAN_SETUP (MFA_SETUP).
	MFAsCanSetup []string
	// Available lists AvailableChallenges (SELECT_CHALLENGE of USER_AUTH).
	Available []string
}

// NewResult returns a Result of the given kind with the kind's default
// message and the HTTP status Cognito uses for such an answer (200 for
// successes, 500 for Unavailable, 400 otherwise). The middleware uses it for
// simulated answers; set Delivery, Challenge or Cause as needed.
func NewResult(operation string, kind Kind) Result {
	r := Result{Operation: operation, Kind: kind, Message: kindMessage(kind)}
	switch {
	case kind.Success():
		r.HTTPStatus = 200
	case kind == Unavailable:
		r.HTTPStatus = 500
	default:
		r.HTTPStatus = 400
	}
	return r
}

// NewChallenge returns the NextStep Result for a challenge, with the typed
// fields of Challenge parsed from params (the map is kept, not copied) and,
// for SMS_MFA, SMS_OTP and EMAIL_OTP, the Delivery from
// CODE_DELIVERY_DELIVERY_MEDIUM and CODE_DELIVERY_DESTINATION.
func NewChallenge(operation, name, session string, params map[string]string) Result {
	r := Result{Operation: operation, Kind: NextStep, HTTPStatus: 200}
	r.Challenge, r.Delivery = parseChallenge(name, session, params)
	r.Message = challengeMessage(name)
	return r
}

// Success reports whether the Result is a success (see Kind.Success).
func (r Result) Success() bool { return r.Kind.Success() }

// Err returns the error form of a failure, nil for a success. See AsError.
func (r Result) Err() error { return AsError(r) }

// SuggestedStatus is the HTTP status the message table suggests for an
// application's own API (not Cognito's status; see HTTPStatus).
func (r Result) SuggestedStatus() int {
	if e, ok := lookupEntry(r.Message.Key); ok {
		return e.Status
	}
	return kindEntry(r.Kind).Status
}

// String is a log-safe summary: operation, kind, message key, request ID.
// It never contains Cause, tokens or the session.
func (r Result) String() string {
	var b strings.Builder
	b.WriteString(r.Operation)
	b.WriteString(": ")
	b.WriteString(r.Kind.String())
	b.WriteString(" (")
	b.WriteString(r.Message.Key)
	b.WriteString(")")
	if r.Challenge != nil {
		b.WriteString(" challenge=")
		b.WriteString(r.Challenge.Name)
	}
	if r.RequestID != "" {
		b.WriteString(" request_id=")
		b.WriteString(r.RequestID)
	}
	if r.HTTPStatus != 0 {
		b.WriteString(" status=")
		b.WriteString(strconv.Itoa(r.HTTPStatus))
	}
	return b.String()
}

type resultJSON struct {
	Operation  string    `json:"operation,omitempty"`
	Kind       Kind      `json:"kind"`
	Key        string    `json:"key"`
	Text       string    `json:"text,omitempty"`
	Challenge  string    `json:"challenge,omitempty"`
	Delivery   *Delivery `json:"delivery,omitempty"`
	RequestID  string    `json:"requestId,omitempty"`
	HTTPStatus int       `json:"httpStatus,omitempty"`
}

// MarshalJSON writes the log-safe form of the Result: never Cause, tokens,
// the session or challenge parameters. Use WriteJSON to answer a client.
func (r Result) MarshalJSON() ([]byte, error) {
	j := resultJSON{
		Operation: r.Operation, Kind: r.Kind, Key: r.Message.Key, Text: r.Message.Text,
		Delivery: r.Delivery, RequestID: r.RequestID, HTTPStatus: r.HTTPStatus,
	}
	if r.Challenge != nil {
		j.Challenge = r.Challenge.Name
	}
	return json.Marshal(j)
}

// LogValue makes slog log the same safe fields as String.
func (r Result) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.String("operation", r.Operation),
		slog.String("kind", r.Kind.String()),
		slog.String("key", r.Message.Key),
	}
	if r.Challenge != nil {
		attrs = append(attrs, slog.String("challenge", r.Challenge.Name))
	}
	if r.RequestID != "" {
		attrs = append(attrs, slog.String("request_id", r.RequestID))
	}
	if r.HTTPStatus != 0 {
		attrs = append(attrs, slog.Int("status", r.HTTPStatus))
	}
	return slog.GroupValue(attrs...)
}
