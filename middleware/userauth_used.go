package middleware

import (
	"sync"
	"time"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// uaUsedSet counts the answers each simulated USER_AUTH Session has had, by a
// keyed hash of the Session, so that a simulated Session is used up as Cognito
// uses up a real one (cognito.SessionAnswers): SELECT_CHALLENGE, PASSWORD,
// PASSWORD_SRP and WEB_AUTHN after one answer, a code challenge after
// cognito.MaxWrongCodesPerSession wrong codes. An answer to a used-up Session is
// not answered here: Cognito gets it and answers it as any Session it no longer
// holds ("Invalid session for the user."), as it answers a real one. Entries live
// as long as the Session can be answered; past maxIssued entries new Sessions are
// not counted (their answers are then answered here every time).
type uaUsedSet struct {
	mu        sync.Mutex
	m         map[userKey]uaUsedEntry
	lastPrune int64
}

type uaUsedEntry struct {
	n       int
	expires int64 // unix nanoseconds
}

func newUAUsedSet() *uaUsedSet { return &uaUsedSet{m: make(map[userKey]uaUsedEntry)} }

// use counts one answer of the Session id (valid until expires) and reports
// whether it may be answered: fewer than max answers before it.
func (s *uaUsedSet) use(id userKey, max int, expires, now time.Time) bool {
	t := now.UnixNano()
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.m[id]
	if ok && t >= e.expires {
		ok = false
	}
	if !ok {
		if len(s.m) >= maxIssued {
			if t-s.lastPrune < int64(issuedTTL/16) {
				return true
			}
			s.lastPrune = t
			for k, v := range s.m {
				if t >= v.expires {
					delete(s.m, k)
				}
			}
			if len(s.m) >= maxIssued {
				return true
			}
		}
		e = uaUsedEntry{expires: expires.UnixNano()}
	}
	if e.n >= max {
		return false
	}
	e.n++
	s.m[id] = e
	return true
}

// uaUse reports whether the answer c to a valid simulated Session (expiring at
// expires) may be answered here, counting it: an answer without its challenge's
// response is refused by Cognito before the Session is looked at, so it does not
// count.
func (m *Masker) uaUse(c *call, expires, now time.Time) bool {
	ch := string(c.challenge)
	if challengeResponses(c.params)[cognito.ResponseParam(ch)] == "" {
		return true
	}
	return m.uaUsed.use(m.key16("ua-used", c.clientID, c.session), cognito.SessionAnswers(ch), expires, now)
}
