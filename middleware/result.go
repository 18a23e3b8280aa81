package middleware

import (
	"context"
	"log/slog"

	"github.com/maskedauth/maskedauth/errorsx"
)

// log writes the hook's record: operation, kind, message key, status, request id
// and whether the middleware changed the answer. Never a username, password, code,
// token or session: the Result's own fields are chosen, not its Cause.
func (m *Masker) log(ctx context.Context, r errorsx.Result, wasMasked bool) {
	l := m.opts.Logger
	if l == nil || !l.Enabled(ctx, m.opts.LogLevel) {
		return
	}
	l.LogAttrs(ctx, m.opts.LogLevel, "maskedauth: cognito call",
		slog.String("operation", r.Operation),
		slog.String("kind", r.Kind.String()),
		slog.String("key", r.Message.Key),
		slog.Int("status", r.HTTPStatus),
		slog.String("request_id", r.RequestID),
		slog.Bool("masked", wasMasked),
	)
}
