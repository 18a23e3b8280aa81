package middleware

import (
	"fmt"
	"log/slog"
)

// Format prints Options without the secret: whoever knows it can tell simulated
// answers (unknown users) from real ones. Every verb prints the same redacted form.
func (o Options) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, "middleware.Options{Secret: %s, UserPoolID: %q, AutoVerifiedAttributes: %q, UsernameAttributes: %q, ClientEnabled: %t, SimulateSignUpExists: %t, GenericUnconfirmed: %t, GenericDisabled: %t, NoLatencyFloor: %t}",
		redactedLen(o.Secret), o.UserPoolID, o.AutoVerifiedAttributes, o.UsernameAttributes,
		o.ClientEnabled, o.SimulateSignUpExists, o.GenericUnconfirmed, o.GenericDisabled, o.NoLatencyFloor)
}

// LogValue keeps the secret out of slog records.
func (o Options) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("secret", redactedLen(o.Secret)),
		slog.String("user_pool_id", o.UserPoolID),
		slog.Bool("client_enabled", o.ClientEnabled),
	)
}

// Format prints a Masker by its options, never its secret or keys.
func (m *Masker) Format(f fmt.State, verb rune) {
	if m == nil {
		fmt.Fprint(f, "<nil *middleware.Masker>")
		return
	}
	fmt.Fprintf(f, "&middleware.Masker{%v}", m.opts)
}

// LogValue keeps the Masker's secret and keys out of slog records.
func (m *Masker) LogValue() slog.Value {
	if m == nil {
		return slog.StringValue("<nil>")
	}
	return m.opts.LogValue()
}

func redactedLen(secret []byte) string {
	if len(secret) == 0 {
		return "<unset>"
	}
	return fmt.Sprintf("<redacted %d bytes>", len(secret))
}
