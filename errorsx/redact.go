package errorsx

import (
	"fmt"
	"log/slog"
)

// Tokens and Challenge hold bearer secrets (the tokens; the Session and, for SRP
// challenges, the SECRET_BLOCK among the parameters). They implement fmt.Formatter and
// slog.LogValuer so that no fmt verb (%v, %+v, %#v, %s, %d, %x, ...) and no slog
// handler writes them.

// Format writes the redacted form (String) for every verb.
func (t Tokens) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(t.String())) }

// LogValue logs the lifetime and whether a new device came with the tokens, never a
// token.
func (t Tokens) LogValue() slog.Value {
	return slog.GroupValue(slog.Duration("expires_in", t.ExpiresIn), slog.Bool("new_device", t.NewDevice != nil))
}

// String is a log-safe summary of the challenge: its name, USERNAME and MFA medium,
// never the Session or the parameters.
func (c Challenge) String() string {
	return fmt.Sprintf("Challenge{Name: %q, Username: %q, MFA: %q, Session: redacted}", c.Name, c.Username, c.MFA)
}

// GoString is String.
func (c Challenge) GoString() string { return c.String() }

// Format writes String for every verb.
func (c Challenge) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// LogValue logs the same fields as String.
func (c Challenge) LogValue() slog.Value {
	return slog.GroupValue(slog.String("name", c.Name), slog.String("username", c.Username), slog.String("mfa", c.MFA))
}
