package mockpool

import "github.com/maskedauth/maskedauth/internal/lockout"

// SetCounterBound gives pool poolID fresh, empty attempt counters that hold at most n
// entries, so tests can flood past the bound cheaply. Tests only; call it before any
// traffic to the pool.
func SetCounterBound(s *Server, poolID string, n int) {
	s.mu.RLock()
	p := s.pools[poolID]
	s.mu.RUnlock()
	p.limits = lockout.NewTable(n)
}
