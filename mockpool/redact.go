package mockpool

import (
	"fmt"
	"log/slog"
)

// A Server holds the simulation secret, the signing key, password hashes, codes and
// sessions; Options hold the secret, the signing key and the fixed code. Both implement
// fmt.Formatter and slog.LogValuer so that printing or logging one (any verb, any slog
// handler) shows none of them: an attacker who learns the simulation secret can tell
// simulated answers from real ones.

// Format writes the region and the number of pools, for every verb.
func (s *Server) Format(f fmt.State, _ rune) {
	if s == nil {
		_, _ = f.Write([]byte("mockpool.Server(nil)"))
		return
	}
	s.mu.RLock()
	n := len(s.pools)
	s.mu.RUnlock()
	fmt.Fprintf(f, "mockpool.Server{Region: %q, Pools: %d}", s.region, n)
}

// LogValue logs the region and the number of pools.
func (s *Server) LogValue() slog.Value {
	if s == nil {
		return slog.StringValue("mockpool.Server(nil)")
	}
	s.mu.RLock()
	n := len(s.pools)
	s.mu.RUnlock()
	return slog.GroupValue(slog.String("region", s.region), slog.Int("pools", n))
}

// Format writes the non-secret settings, and only whether the secret, signing key and
// fixed code are set, for every verb.
func (o Options) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "mockpool.Options{Region: %q, Secret: %s, SigningKey: %s, FixedCode: %s, TriggerTimeout: %s}",
		o.Region, setOrNot(len(o.Secret) > 0), setOrNot(o.SigningKey != nil), setOrNot(o.FixedCode != ""), o.TriggerTimeout)
}

// LogValue logs what Format writes.
func (o Options) LogValue() slog.Value {
	return slog.GroupValue(slog.String("region", o.Region), slog.Bool("secret_set", len(o.Secret) > 0),
		slog.Bool("signing_key_set", o.SigningKey != nil), slog.Bool("fixed_code_set", o.FixedCode != ""),
		slog.Duration("trigger_timeout", o.TriggerTimeout))
}

func setOrNot(set bool) string {
	if set {
		return "redacted"
	}
	return "unset"
}
