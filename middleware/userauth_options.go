package middleware

import "time"

// SignInFactors is what choice-based sign-in (AuthFlow USER_AUTH) needs to
// know of the pool to answer an unknown name as ENABLED does: the first factors
// it allows and which of them it can serve. ForPool reads it (DescribeUserPool,
// and GetUserPoolMfaConfig when the describer has it); WithSignInFactors states
// it by hand.
type SignInFactors struct {
	// AllowedFirstAuthFactors is Policies.SignInPolicy.AllowedFirstAuthFactors
	// ("PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"). Empty: the pool has no
	// sign-in policy, and only PASSWORD is offered.
	AllowedFirstAuthFactors []string
	// EmailOTP: the pool can send email codes (EmailConfiguration with
	// EmailSendingAccount DEVELOPER).
	EmailOTP bool
	// SMSOTP: the pool has an SmsConfiguration.
	SMSOTP bool
	// RelyingPartyID is WebAuthnConfiguration.RelyingPartyId (or the pool's
	// custom domain); "" offers no WEB_AUTHN.
	RelyingPartyID string
	// UserVerification is WebAuthnConfiguration.UserVerification ("required" or
	// "preferred"; "" means "preferred").
	UserVerification string
}

// FactorChoice is how the challenge of an unknown name's choice-based sign-in
// is chosen (see the package doc, USER_AUTH).
type FactorChoice uint8

const (
	// FactorChoiceStable (the default) answers an unknown name as a user who
	// set up every factor the pool can serve: SELECT_CHALLENGE lists them all,
	// a PREFERRED_CHALLENGE the pool can serve is honoured, and any other gets
	// one factor chosen by HMAC(secret, pool, name): the same every time.
	FactorChoiceStable FactorChoice = iota
	// FactorChoiceRandom is Cognito's own: every PREFERRED_CHALLENGE gets a
	// factor drawn uniformly per request (Options.Rand). Two requests for one
	// name then tell an unknown name (its challenge changes) from a real one
	// (hers does not): use it only to reproduce Cognito exactly.
	FactorChoiceRandom
)

// DefaultAuthSessionValidity is how long a simulated USER_AUTH Session can be
// answered: the app client's AuthSessionValidity default (3 minutes).
const DefaultAuthSessionValidity = 3 * time.Minute

// WithSignInFactors states the pool's choice-based sign-in factors (what ForPool
// reads from the pool).
func WithSignInFactors(f SignInFactors) Option {
	return func(o *Options) {
		f.AllowedFirstAuthFactors = append([]string(nil), f.AllowedFirstAuthFactors...)
		o.SignInFactors = f
	}
}

// WithFactorChoice sets how an unknown name's USER_AUTH challenge is chosen
// (default FactorChoiceStable).
func WithFactorChoice(c FactorChoice) Option { return func(o *Options) { o.FactorChoice = c } }

// WithAuthSessionValidity sets how long simulated USER_AUTH Sessions can be
// answered: the app client's AuthSessionValidity (default
// DefaultAuthSessionValidity).
func WithAuthSessionValidity(d time.Duration) Option {
	return func(o *Options) { o.AuthSessionValidity = d }
}
