package middleware

import (
	"context"
	"io"
	"log/slog"
	"time"
)

// Options configure the masking middleware. Use the With functions, or set fields
// in a func(*Options) passed as an Option.
type Options struct {
	// Secret keys every simulated value (SRP salts and ids, delivery destinations,
	// sign-up subs, the SECRET_BLOCK of simulated SRP challenges). Give the same
	// secret as the mock pool (or any stable 32 random bytes for a real pool) so the
	// values stay the same across restarts and instances. Default: 32 bytes from Rand,
	// drawn once per Masker (stable for its lifetime only).
	Secret []byte
	// UserPoolID is the pool the client talks to. It keys the simulated values like
	// Cognito's own (the same pool and username give the same answer).
	UserPoolID string
	// AutoVerifiedAttributes are the pool's auto-verified attributes ("email",
	// "phone_number"). They choose the medium of a simulated delivery when the
	// username is neither an email address nor a phone number, and the attribute a
	// simulated sign-up delivery goes to.
	AutoVerifiedAttributes []string
	// UsernameAttributes are the pool's UsernameAttributes ("email",
	// "phone_number") when users sign up with an email address or phone number as
	// their username; a simulated sign-up then delivers to what was typed.
	UsernameAttributes []string
	// AliasAttributes are the pool's AliasAttributes ("email", "phone_number",
	// "preferred_username") when users may sign in with them besides the username.
	// Cognito matches email and preferred_username aliases without regard to case,
	// so simulated values are keyed by their lower case too.
	AliasAttributes []string
	// Normalize maps a typed username to the form the pool compares names in, which
	// keys the simulated values and the counters of masked names:
	// NormalizeCaseInsensitive for a case-insensitive pool, NormalizeCaseSensitive
	// for a case-sensitive one. Required: New refuses a configuration without it
	// (ErrCaseSensitivityUnknown); ForPool sets it from the pool.
	Normalize func(string) string

	// ClientEnabled says the app client already has PreventUserExistenceErrors
	// ENABLED: the middleware then only attaches Results, applies the policies, the
	// latency floor and the log hook, and does not emulate ENABLED.
	ClientEnabled bool

	// SimulateSignUpExists answers SignUp's UsernameExistsException as if a code had
	// been sent: a SignUpOutput with UserConfirmed false, a stable UserSub and a
	// simulated CodeDeliveryDetails. Cognito never masks it, even when ENABLED.
	SimulateSignUpExists bool
	// OnExistingSignUp, when set with SimulateSignUpExists, is called (in the
	// request's goroutine) with the typed username when a sign-up for an existing
	// account was masked, so the application can notify the real owner. Keep it
	// quick or hand the work to a queue: its time adds to the answer's.
	OnExistingSignUp func(ctx context.Context, username string)
	// GenericUnconfirmed turns UserNotConfirmedException at sign-in into the generic
	// NotAuthorizedException "Incorrect username or password.". Default: kept, as
	// Cognito does (the application can then offer to resend the code).
	GenericUnconfirmed bool
	// GenericDisabled turns "User is disabled." at sign-in into the generic
	// "Incorrect username or password.". Default: kept, as Cognito does.
	GenericDisabled bool

	// SignInFactors are the pool's choice-based sign-in factors (USER_AUTH; see
	// WithSignInFactors). ForPool sets them from the pool.
	SignInFactors SignInFactors
	// FactorChoice is how an unknown name's USER_AUTH challenge is chosen
	// (FactorChoiceStable by default).
	FactorChoice FactorChoice
	// AuthSessionValidity is how long simulated USER_AUTH Sessions can be
	// answered (DefaultAuthSessionValidity when zero).
	AuthSessionValidity time.Duration

	// Latency configures the latency floor that masked answers and the real answers
	// they are compared with are held to (see the package doc, Latency). The zero
	// value learns the floor (LatencyOptions.Learn with the defaults) and holds every
	// answer of a class to DefaultInitialFloor until the class has learned from
	// MinSamples real answers.
	Latency LatencyOptions
	// NoLatencyFloor turns the latency floor off: every answer comes back as soon as
	// it is ready (a simulated SRP challenge's answer, which never reaches Cognito,
	// in microseconds), which leaks through timing.
	NoLatencyFloor bool

	// Store keeps the lockout, wrong-code and delivery counters of masked names
	// (see Store). Default: this process's memory.
	Store Store
	// StoreTimeout bounds each call to Store (see WithStoreTimeout). Default
	// DefaultStoreTimeout.
	StoreTimeout time.Duration
	// OnStoreError, when set, is called for each failed or timed-out Store call
	// (see WithStoreErrorHook).
	OnStoreError func(error)

	// Logger, when set, receives one record per call: operation, kind, message key,
	// status and request id. Never a username, password, code, token or session.
	Logger *slog.Logger
	// LogLevel is the level of those records. Default slog.LevelInfo.
	LogLevel slog.Level

	// Clock returns the current time. Default time.Now.
	Clock func() time.Time
	// Sleep waits for d or until ctx is done, returning ctx.Err() in the latter case.
	// Default: a timer until 2 ms before the deadline, then a loop yielding until
	// it, honouring ctx (a timer alone overshoots by up to a millisecond or two,
	// which blurs the floor).
	Sleep func(ctx context.Context, d time.Duration) error
	// Rand is the source of the default secret, of the SRP ephemerals of simulated
	// challenges and of the request ids of short-circuited answers. Default
	// crypto/rand.Reader.
	Rand io.Reader
}

// LatencyOptions configure the latency floor: the answers an attacker compares
// (masked or simulated ones, and the real answers of the same class: failed
// sign-ins, PASSWORD_VERIFIER challenges, code deliveries, wrong codes) are all held
// until the floor of their class has passed since the call started, so timing does
// not tell an unknown user from a known one.
type LatencyOptions struct {
	// Fixed is the floor used until a class has seen MinSamples real answers (or
	// always, when Learn is false). When learning, zero means DefaultInitialFloor:
	// a class that has not learned yet must not answer an unknown user sooner than
	// Cognito answers a known one.
	Fixed time.Duration
	// Learn learns the floor per class (operation, and flow or challenge for
	// sign-in) from the latencies of its recent real answers, measured before they
	// were held. Only answers whose cost an attacker cannot choose teach it: real
	// answers equal in code and message to the masked answer of their class (a wrong
	// password "Incorrect username or password.", a wrong code), the answers to
	// PASSWORD_VERIFIER challenges this Masker saw Cognito issue, and real
	// successes where the masked answer is one (SRP challenges, deliveries,
	// sign-ups). Never what was made for an unknown user, nor the masked failures
	// of users who exist, nor cheap refusals (InvalidParameterException, a lockout,
	// a SECRET_BLOCK the pool never issued), which would lower the floor below the
	// cost the masked answers stand for.
	Learn bool
	// Window is how many recent latencies are kept per class. Default 256.
	Window int
	// Quantile of the window used as the floor, in (0, 1] (nearest rank). Zero
	// (the default) means 0.99: almost every answer, real or masked, ends at the
	// floor, so both kinds have the same latency distribution.
	Quantile float64
	// MinSamples is how many latencies a class needs before its learned floor
	// replaces Fixed. Default 8.
	MinSamples int
	// Max caps the floor (0: no cap), so that slow real answers cannot make every
	// failure slow. An answer of its own slower than the cap is not held, and
	// then timing may tell again: set it above the slow tail you accept.
	Max time.Duration
}

func (l LatencyOptions) enabled() bool { return l.Fixed > 0 || l.Learn }

// Option changes Options.
type Option func(*Options)

// WithSecret sets the secret behind the simulated values (see Options.Secret).
func WithSecret(secret []byte) Option { return func(o *Options) { o.Secret = secret } }

// WithUserPool sets the pool id and its auto-verified attributes.
func WithUserPool(poolID string, autoVerified ...string) Option {
	return func(o *Options) {
		o.UserPoolID = poolID
		o.AutoVerifiedAttributes = autoVerified
	}
}

// WithUsernameAttributes sets the pool's UsernameAttributes.
func WithUsernameAttributes(attrs ...string) Option {
	return func(o *Options) { o.UsernameAttributes = attrs }
}

// WithAliasAttributes sets the pool's AliasAttributes.
func WithAliasAttributes(attrs ...string) Option {
	return func(o *Options) { o.AliasAttributes = attrs }
}

// WithNormalize states how the pool compares usernames: NormalizeCaseInsensitive
// or NormalizeCaseSensitive (or a function of your own that maps every spelling
// the pool takes for one name to one string). It is the by-hand form of what
// ForPool reads from the pool; one of the two is required.
func WithNormalize(f func(string) string) Option { return func(o *Options) { o.Normalize = f } }

// WithClientEnabled says the app client already has PreventUserExistenceErrors
// ENABLED, which turns the ENABLED emulation off.
func WithClientEnabled() Option { return func(o *Options) { o.ClientEnabled = true } }

// WithSimulatedSignUp answers SignUp for an existing username as if a code had been
// sent, and calls notify (if not nil) with the username.
func WithSimulatedSignUp(notify func(ctx context.Context, username string)) Option {
	return func(o *Options) {
		o.SimulateSignUpExists = true
		o.OnExistingSignUp = notify
	}
}

// WithGenericUnconfirmed answers UserNotConfirmedException at sign-in with the
// generic failure.
func WithGenericUnconfirmed() Option { return func(o *Options) { o.GenericUnconfirmed = true } }

// WithGenericDisabled answers "User is disabled." at sign-in with the generic failure.
func WithGenericDisabled() Option { return func(o *Options) { o.GenericDisabled = true } }

// WithFixedLatencyFloor holds masked answers and the real answers they are compared
// with (see LatencyOptions) until d has passed since the call started; choose d
// above the slowest real answer you expect.
func WithFixedLatencyFloor(d time.Duration) Option {
	return func(o *Options) { o.Latency.Fixed = d }
}

// WithLearnedLatencyFloor holds masked answers and the real answers they are
// compared with (see LatencyOptions) to the given quantile of the last window real
// latencies of their class: quantile 0 means 0.99, window 0 means 256; fallback is
// the floor until a class has seen enough real answers (0 means
// DefaultInitialFloor): choose it above the slowest real answer you expect, so the
// first answers after a start do not leak.
func WithLearnedLatencyFloor(window int, quantile float64, fallback time.Duration) Option {
	return func(o *Options) {
		o.Latency.Learn = true
		o.Latency.Window = window
		o.Latency.Quantile = quantile
		o.Latency.Fixed = fallback
	}
}

// WithoutLatencyFloor turns the latency floor off (timing then tells unknown users
// from known ones under a LEGACY app client).
func WithoutLatencyFloor() Option { return func(o *Options) { o.NoLatencyFloor = true } }

// WithLogger sets the logger of the log hook.
func WithLogger(l *slog.Logger) Option { return func(o *Options) { o.Logger = l } }

// WithClock sets the clock.
func WithClock(now func() time.Time) Option { return func(o *Options) { o.Clock = now } }

// WithSleep sets the sleep function of the latency floor.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(o *Options) { o.Sleep = sleep }
}

// WithRand sets the randomness source.
func WithRand(r io.Reader) Option { return func(o *Options) { o.Rand = r } }

// sleepContext waits for d on a timer, or until ctx is done.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
