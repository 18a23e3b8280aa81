package middleware

import (
	"sync"
	"time"
)

// Bounds of the set of issued SRP challenges.
const (
	// issuedTTL is how long an issued PASSWORD_VERIFIER challenge is remembered:
	// longer than Cognito lets a challenge be answered.
	issuedTTL = 10 * time.Minute
	// maxIssued bounds the set. Past it new challenges are not remembered (their
	// answers then teach the latency floor nothing; no answer changes).
	maxIssued = 1 << 16
)

// issuedSet remembers the real PASSWORD_VERIFIER challenges Cognito issued through
// this Masker, by a keyed hash of their SECRET_BLOCK, with the counter key of the
// name typed at InitiateAuth. Only the answers to these challenges may teach the
// latency floor of PASSWORD_VERIFIER: an answer with a SECRET_BLOCK the pool never
// issued is rejected at once, a cost the attacker chooses, and learning it would
// lower the floor below the cost of checking a real proof. Each challenge counts
// once: take forgets it.
type issuedSet struct {
	mu        sync.Mutex
	m         map[userKey]issuedEntry
	lastPrune int64
}

type issuedEntry struct {
	key userKey // counter key of the typed name
	at  int64   // unix nanoseconds: when it was issued
}

func newIssuedSet() *issuedSet { return &issuedSet{m: make(map[userKey]issuedEntry)} }

// add remembers the challenge id for the name key.
func (s *issuedSet) add(id, key userKey, now time.Time) {
	t := now.UnixNano()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.m) >= maxIssued {
		// One pass over the set at most every issuedTTL/16, so a flood of
		// challenges costs no scan per challenge.
		if t-s.lastPrune < int64(issuedTTL/16) {
			return
		}
		s.lastPrune = t
		for k, e := range s.m {
			if t-e.at >= int64(issuedTTL) {
				delete(s.m, k)
			}
		}
		if len(s.m) >= maxIssued {
			return
		}
	}
	s.m[id] = issuedEntry{key: key, at: t}
}

// take reports whether id is a challenge issued within issuedTTL, forgets it, and
// returns the counter key of its name.
func (s *issuedSet) take(id userKey, now time.Time) (userKey, bool) {
	s.mu.Lock()
	e, ok := s.m[id]
	if ok {
		delete(s.m, id)
	}
	s.mu.Unlock()
	if !ok || now.UnixNano()-e.at >= int64(issuedTTL) {
		return userKey{}, false
	}
	return e.key, true
}

// blockID returns the id of a SECRET_BLOCK for clientID in the issued set:
// HMAC(key, "issued" || clientID || block)[:16].
func (m *Masker) blockID(clientID, block string) userKey {
	return m.key16("issued", clientID, block)
}
