package mockpool

import (
	"crypto/rsa"
	"io"
	"log/slog"
	"time"
)

// Options configure a Server. Use the With functions, or set fields in a func(*Options).
type Options struct {
	// Clock returns the current time; it drives code expiry, lockouts, token times and
	// timestamps. Default time.Now.
	Clock func() time.Time
	// Rand is the source of ids, codes, salts, session and refresh tokens, and of the
	// signing key when none is given. Default crypto/rand.Reader. The server serialises
	// reads, so a non-concurrent reader is fine.
	Rand io.Reader
	// SigningKey signs every pool's access tokens. Default: a fresh RSA-2048 key,
	// generated on first use (and kept by SaveState).
	SigningKey *rsa.PrivateKey
	// IDSigningKey signs every pool's ID tokens (Cognito signs ID and access tokens
	// with different keys; the JWKS holds both). Default: a fresh RSA-2048 key,
	// generated on first use (and kept by SaveState).
	IDSigningKey *rsa.PrivateKey
	// Issuer returns the iss claim for a pool. Default
	// "https://cognito-idp.{region}.amazonaws.com/{poolId}".
	Issuer func(region, poolID string) string
	// Secret keys the simulated answers for unknown users (salts, UUIDs, destinations);
	// give at least 32 random bytes. Default (also for an empty Secret): 32 bytes from
	// Rand (kept by SaveState).
	Secret []byte
	// Region of the pools (prefix of their ids). Default "us-east-1".
	Region string
	// FixedCode, when set, is sent as every confirmation and reset code instead of a
	// random 6-digit one.
	FixedCode string
	// Logger receives one line per request (operation, status, error code, duration). It
	// never sees passwords, codes or tokens. Default: no logs.
	Logger *slog.Logger
	// OnChange is called after every operation that changed the state (in the request's
	// goroutine, after the answer is built). For durable state use OpenState and
	// Server.UseState, which commit every change before it is answered.
	OnChange func()
	// TriggerTimeout bounds each Lambda trigger (see Triggers). Default 5 seconds, as
	// Cognito.
	TriggerTimeout time.Duration
	// Triggers, when set, are the triggers of every pool the server creates (or loads);
	// Server.SetTriggers replaces them per pool. cmd/mockpool uses it with HTTPTriggers.
	Triggers *Triggers
	// AllowedHosts are Host header values ServeHTTP answers besides its own loopback
	// names (localhost, 127.0.0.0/8, [::1], any port) and the address the request came
	// in on. Names match exactly and case-insensitively ("dev.example" does not allow
	// "a.dev.example"); a name without a port allows any port, a name with a port
	// ("dev.example:9229", "[fe80::1]:9229") only that port. Every other Host gets 403
	// ForbiddenException before anything of the request is read, which stops DNS
	// rebinding (a web page whose name resolves to 127.0.0.1) from reading the outbox or
	// driving the unsigned admin API. The in-process transport (Do, Client) is not
	// checked: no browser reaches it.
	AllowedHosts []string
}

// Option changes Options.
type Option func(*Options)

// WithClock sets the clock.
func WithClock(now func() time.Time) Option { return func(o *Options) { o.Clock = now } }

// WithRand sets the randomness source.
func WithRand(r io.Reader) Option { return func(o *Options) { o.Rand = r } }

// WithSigningKey sets the RSA key that signs access tokens.
func WithSigningKey(k *rsa.PrivateKey) Option { return func(o *Options) { o.SigningKey = k } }

// WithIDSigningKey sets the RSA key that signs ID tokens.
func WithIDSigningKey(k *rsa.PrivateKey) Option { return func(o *Options) { o.IDSigningKey = k } }

// WithTestSigningKey uses two fixed RSA-2048 keys built into the package (access and
// ID tokens), so tests get reproducible kids and signatures without paying for key
// generation. Never use it for anything but tests: the private keys are public.
func WithTestSigningKey() Option {
	return func(o *Options) { o.SigningKey, o.IDSigningKey = testSigningKey(), testIDSigningKey() }
}

// WithIssuer sets the iss claim for each pool.
func WithIssuer(issuer func(region, poolID string) string) Option {
	return func(o *Options) { o.Issuer = issuer }
}

// WithIssuerPrefix makes the issuer prefix + "/" + poolID, e.g.
// WithIssuerPrefix("http://127.0.0.1:9229") for a local server that serves the JWKS.
func WithIssuerPrefix(prefix string) Option {
	return WithIssuer(func(_, poolID string) string { return prefix + "/" + poolID })
}

// WithSecret sets the secret behind simulated values.
func WithSecret(secret []byte) Option { return func(o *Options) { o.Secret = secret } }

// WithRegion sets the region.
func WithRegion(region string) Option { return func(o *Options) { o.Region = region } }

// WithFixedCode sends code as every confirmation and reset code.
func WithFixedCode(code string) Option { return func(o *Options) { o.FixedCode = code } }

// WithLogger sets the logger.
func WithLogger(l *slog.Logger) Option { return func(o *Options) { o.Logger = l } }

// WithTriggerTimeout sets how long a trigger may run.
func WithTriggerTimeout(d time.Duration) Option { return func(o *Options) { o.TriggerTimeout = d } }

// WithTriggers gives every pool the server creates or loads these triggers.
func WithTriggers(t Triggers) Option { return func(o *Options) { o.Triggers = &t } }

// WithOnChange sets the function called after every state change.
func WithOnChange(f func()) Option { return func(o *Options) { o.OnChange = f } }

// WithAllowedHosts adds hosts to those the HTTP server (ServeHTTP) answers; see
// Options.AllowedHosts. Repeated calls add up.
func WithAllowedHosts(hosts ...string) Option {
	return func(o *Options) { o.AllowedHosts = append(o.AllowedHosts, hosts...) }
}
