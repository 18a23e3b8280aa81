package middleware

import (
	"hash"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// Cognito's lockout and rate-limit messages (internal/cognito). The rules behind
// them (five free failures, then 1 s doubling up to 15 minutes; five wrong codes
// an hour; ten deliveries an hour) are internal/lockout's.
const (
	// MsgAttemptsExceeded is Cognito's lockout message.
	MsgAttemptsExceeded = cognito.MsgAttemptsExceeded
	// MsgLimitExceeded is Cognito's rate-limit message.
	MsgLimitExceeded = cognito.MsgLimitExceeded
)

// The counters themselves (SignInRule, WrongCodeRule, DeliveryRule) are those of
// internal/lockout, through counters (store.go): the Mask step consults them where
// it builds a masked answer.

// userKey identifies a normalised username of the pool without holding it: the key
// of its counters.
type userKey = Key

// userKey returns HMAC(key, "lockout" || poolID || normalised username)[:16],
// with pooled HMAC state so the masked path does not allocate.
func (m *Masker) userKey(username string) userKey { return m.keyOfNorm(m.simKey(username)) }

// keyOfNorm is userKey of a name already normalised.
func (m *Masker) keyOfNorm(norm string) userKey { return m.key16("lockout", m.opts.UserPoolID, norm) }

// key16 returns HMAC(key, label || 0 || a || 0 || b)[:16], with pooled HMAC state
// so the masked path does not allocate.
func (m *Masker) key16(label, a, b string) userKey {
	st := m.macs.Get().(*macState)
	st.buf = append(st.buf[:0], label...)
	st.buf = append(st.buf, 0)
	st.buf = append(st.buf, a...)
	st.buf = append(st.buf, 0)
	st.buf = append(st.buf, b...)
	st.h.Reset()
	st.h.Write(st.buf)
	var k userKey
	copy(k[:], st.h.Sum(st.sum[:0]))
	m.macs.Put(st)
	return k
}

// macState is a reusable HMAC under the Masker's block key.
type macState struct {
	h   hash.Hash
	buf []byte
	sum [32]byte
}
