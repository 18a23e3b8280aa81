package middleware

import (
	"hash"
	"time"
)

// Cognito's sign-in lockout: after five failures for a username, each further
// failure locks it out for 1 s, then 2 s, 4 s, ... up to about 15 minutes; a
// success resets the count. Under ENABLED the failures of unknown usernames count
// too, so the lockout itself tells nothing; a LEGACY pool never counts them, so the
// middleware does, for the unknown users it masks.
const (
	lockoutFreeFailures = 5
	lockoutMax          = 15 * time.Minute
	lockoutIdle         = time.Hour
	maxLockoutCounters  = 100_000

	// MsgAttemptsExceeded is Cognito's lockout message.
	MsgAttemptsExceeded = "Password attempts exceeded"

	// ConfirmForgotPassword: after five wrong codes in an hour Cognito answers
	// LimitExceededException; under ENABLED unknown and disabled users count too.
	resetMaxWrong = 5
	resetWindow   = time.Hour

	// ForgotPassword: Cognito answers LimitExceededException past a number of
	// requests per username and hour; under ENABLED (and in the mock pool) every
	// typed name counts, existing or not. The middleware counts the
	// requests it answers with a simulated delivery with the mock pool's limit, so
	// the limit is no oracle whether or not LEGACY Cognito counts unknown names.
	deliveryPerHour = 10

	// MsgLimitExceeded is Cognito's rate-limit message.
	MsgLimitExceeded = "Attempt limit exceeded, please try after some time."
)

// The counters themselves (SignInRule, WrongCodeRule, DeliveryRule) are those of
// internal/lockout, through counters (store.go): the Mask step consults them where
// it builds a masked answer.

// userKey identifies a normalised username of the pool without holding it: the key
// of its counters.
type userKey = Key

// userKey returns HMAC(key, "lockout" || poolID || normalised username)[:16],
// with pooled HMAC state so the masked path does not allocate.
func (m *Masker) userKey(username string) userKey { return m.keyOfNorm(m.norm(username)) }

// keyOfNorm is userKey of a name already normalised.
func (m *Masker) keyOfNorm(norm string) userKey {
	st := m.macs.Get().(*macState)
	st.buf = append(st.buf[:0], "lockout\x00"...)
	st.buf = append(st.buf, m.opts.UserPoolID...)
	st.buf = append(st.buf, 0)
	st.buf = append(st.buf, norm...)
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
