package main

import (
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// statusRecorder remembers the status and error type of an answer for the log line.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// logRequests logs one line per request: operation, status, error code, request id
// and duration. Bodies are never logged: they hold passwords, codes and tokens.
func logRequests(next http.Handler, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		op := r.Header.Get("X-Amz-Target")
		if i := strings.LastIndexByte(op, '.'); i >= 0 {
			op = op[i+1:]
		}
		if op == "" {
			op = r.Method + " " + r.URL.Path
		}
		attrs := []any{"op", op, "status", rec.status, "ms", float64(time.Since(start).Microseconds()) / 1000}
		if code := rec.Header().Get("X-Amzn-Errortype"); code != "" {
			attrs = append(attrs, "error", strings.TrimSuffix(code, ":"))
		}
		if id := rec.Header().Get("X-Amzn-Requestid"); id != "" {
			attrs = append(attrs, "request_id", id)
		}
		logger.Info("request", attrs...)
	})
}
