package errorsx

import "strconv"

// Kind is what an application does with a Cognito answer. Every answer
// Classify sees lands in exactly one Kind.
//
// The zero Kind is not a valid kind: Classify never returns it, and a zero
// Result is treated as a failure (never as a sign-in).
type Kind uint8

// The kinds. The first four are successes (see Kind.Success); the others are
// failures, returned in the error form by AsError.
const (
	// SignedIn: Cognito issued tokens (Result.Tokens).
	SignedIn Kind = iota + 1
	// NextStep: Cognito asks for another step (Result.Challenge): MFA code,
	// new password, SRP proof, custom challenge, ...
	NextStep
	// CodeSent: a code was sent, or an ENABLED-style client pretends one was
	// (Result.Delivery, when known).
	CodeSent
	// Done: the request succeeded and there is nothing to send back.
	Done
	// InvalidCredentials: the generic sign-in failure (unknown user, wrong
	// password, reset required, disabled user, invalid token).
	InvalidCredentials
	// InvalidCode: the code is wrong (or, masked, the user does not exist).
	InvalidCode
	// ExpiredCode: the code or the challenge session has expired.
	ExpiredCode
	// NotConfirmed: the account has not been confirmed yet.
	NotConfirmed
	// AccountExists: the username, email or phone number is already taken.
	AccountExists
	// PasswordRejected: the new password breaks the pool's password policy.
	PasswordRejected
	// InvalidInput: the request was refused because of what the user entered.
	InvalidInput
	// TooManyAttempts: throttling or lockout; try again later.
	TooManyAttempts
	// Misconfigured: the user pool, app client, triggers or IAM set-up is
	// wrong; the user cannot fix it.
	Misconfigured
	// Unavailable: Cognito or the network failed, or the call was cancelled.
	Unavailable

	numKinds = int(Unavailable) + 1
)

var kindNames = [numKinds]string{
	"Kind(0)",
	"SignedIn",
	"NextStep",
	"CodeSent",
	"Done",
	"InvalidCredentials",
	"InvalidCode",
	"ExpiredCode",
	"NotConfirmed",
	"AccountExists",
	"PasswordRejected",
	"InvalidInput",
	"TooManyAttempts",
	"Misconfigured",
	"Unavailable",
}

// Kinds returns every valid Kind in order.
func Kinds() []Kind {
	ks := make([]Kind, 0, numKinds-1)
	for k := SignedIn; k <= Unavailable; k++ {
		ks = append(ks, k)
	}
	return ks
}

// String returns the Kind's Go name, e.g. "InvalidCredentials".
func (k Kind) String() string {
	if int(k) < numKinds {
		return kindNames[k]
	}
	return "Kind(invalid)"
}

// Valid reports whether k is one of the declared kinds.
func (k Kind) Valid() bool { return k >= SignedIn && k <= Unavailable }

// Success reports whether k is SignedIn, NextStep, CodeSent or Done.
func (k Kind) Success() bool { return k >= SignedIn && k <= Done }

// MarshalText encodes k as its name.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText decodes a Kind name as written by MarshalText.
func (k *Kind) UnmarshalText(b []byte) error {
	for i := SignedIn; i <= Unavailable; i++ {
		if kindNames[i] == string(b) {
			*k = i
			return nil
		}
	}
	return &kindError{name: string(b)}
}

type kindError struct{ name string }

func (e *kindError) Error() string { return "errorsx: unknown kind " + strconv.Quote(e.name) }
