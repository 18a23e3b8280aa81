package middleware

import (
	"context"
	"hash"
	"strconv"
	"sync"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/internal/cognito"
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
	MsgAttemptsExceeded = cognito.MsgAttemptsExceeded

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
	MsgLimitExceeded = cognito.MsgLimitExceeded
)

// lockout counts sign-in failures of unknown users, keyed by a keyed hash of the
// normalised username (the SECRET_BLOCK of a simulated SRP challenge carries it,
// encrypted, so the password and SRP flows share a counter, as in Cognito).
type lockout struct {
	mu sync.Mutex
	m  map[userKey]*attempts
}

// userKey identifies a normalised username of the pool without holding it.
type userKey [16]byte

type attempts struct {
	n     int
	until int64 // unix nanoseconds: locked out before this
	last  int64 // last failure
	first int64 // start of the counting window (wrong codes)
}

// failOrLocked records a failure for key at now and reports whether key was
// locked out already (the failure is then not counted, as Cognito does not check
// a password during a lockout).
func (l *lockout) failOrLocked(key userKey, now time.Time) (locked bool) {
	t := now.UnixNano()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil {
		l.m = make(map[userKey]*attempts)
	}
	a := l.m[key]
	if a != nil && t < a.until {
		return true
	}
	if a == nil {
		l.evict(t)
		a = &attempts{}
		l.m[key] = a
	}
	a.n++
	a.last = t
	if a.n >= lockoutFreeFailures {
		d := time.Second << min(a.n-lockoutFreeFailures, 20)
		a.until = now.Add(min(d, lockoutMax)).UnixNano()
	}
	return false
}

// limitedOrFail reports whether key has used up its wrong codes in the current
// window; if not, it counts one more.
func (l *lockout) limitedOrFail(key userKey, now time.Time) (limited bool) {
	t := now.UnixNano()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil {
		l.m = make(map[userKey]*attempts)
	}
	a := l.m[key]
	if a != nil && t-a.first > int64(resetWindow) {
		a.n, a.first = 0, t
	}
	if a != nil && a.n >= resetMaxWrong {
		return true
	}
	if a == nil {
		l.evict(t)
		a = &attempts{first: t}
		l.m[key] = a
	}
	a.n++
	a.last = t
	return false
}

// overDeliveryLimit counts one masked delivery request for key and reports
// whether key has gone past deliveryPerHour requests in the current hour.
func (l *lockout) overDeliveryLimit(key userKey, now time.Time) bool {
	t := now.UnixNano()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil {
		l.m = make(map[userKey]*attempts)
	}
	a := l.m[key]
	if a == nil {
		l.evict(t)
		a = &attempts{first: t}
		l.m[key] = a
	}
	if t-a.first > int64(time.Hour) {
		a.n, a.first = 0, t
	}
	a.n++
	a.last = t
	return a.n > deliveryPerHour
}

// evict bounds the map. At the cap it prunes, in one pass each, down to three
// quarters of the cap, so a flood of made-up names costs one scan per quarter of
// the cap rather than one per name: first the counters idle for an hour, then those
// without a running lockout (so a flood of new names does not lift a victim's
// lockout), then any. The caller holds l.mu.
func (l *lockout) evict(now int64) {
	if len(l.m) < maxLockoutCounters {
		return
	}
	target := maxLockoutCounters * 3 / 4
	cut := now - int64(max(lockoutIdle, resetWindow))
	for pass := 0; pass < 3 && len(l.m) > target; pass++ {
		for k, a := range l.m {
			if len(l.m) <= target {
				break
			}
			switch {
			case pass == 0 && a.last < cut && a.until < now,
				pass == 1 && a.until < now,
				pass == 2:
				delete(l.m, k)
			}
		}
	}
}

// lockoutKey returns the counter key of a masked sign-in failure, from the call's
// input: the typed username, or the key inside the simulated SECRET_BLOCK an answer
// to a simulated SRP challenge echoes.
func (m *Masker) lockoutKey(params any) (userKey, bool) {
	switch p := params.(type) {
	case *cip.InitiateAuthInput:
		if p != nil {
			return m.userKey(p.AuthParameters["USERNAME"]), true
		}
	case *cip.AdminInitiateAuthInput:
		if p != nil {
			return m.userKey(p.AuthParameters["USERNAME"]), true
		}
	case *cip.RespondToAuthChallengeInput:
		if p != nil {
			return m.blockUserKey(deref(p.ClientId), p.ChallengeResponses["PASSWORD_CLAIM_SECRET_BLOCK"])
		}
	case *cip.AdminRespondToAuthChallengeInput:
		if p != nil {
			return m.blockUserKey(deref(p.ClientId), p.ChallengeResponses["PASSWORD_CLAIM_SECRET_BLOCK"])
		}
	}
	return userKey{}, false
}

// userKey returns HMAC(key, "lockout" || poolID || normalised username)[:16],
// with pooled HMAC state so the masked path does not allocate.
func (m *Masker) userKey(username string) userKey {
	st := m.macs.Get().(*macState)
	st.buf = append(st.buf[:0], "lockout\x00"...)
	st.buf = append(st.buf, m.opts.UserPoolID...)
	st.buf = append(st.buf, 0)
	st.buf = append(st.buf, m.norm(username)...)
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

// applyLockout counts a masked unknown-user sign-in failure and, during a lockout,
// turns the generic failure into "Password attempts exceeded" (in the masked
// exception the middleware made, and in the response's error header).
func (m *Masker) applyLockout(_ context.Context, params any, err error) {
	key, ok := m.lockoutKey(params)
	if !ok || !m.lock.failOrLocked(key, m.opts.Clock()) {
		return
	}
	// Walk the chain by hand: errors.As would allocate its targets.
	for e, depth := err, 0; e != nil && depth < 16; depth++ {
		switch t := e.(type) {
		case *awshttp.ResponseError:
			if t.Response != nil && t.Response.Header != nil {
				setHeader(t.Response.Header, "X-Amzn-Errormessage", MsgAttemptsExceeded)
				n := errorBodyLen(codeNotAuthorized, MsgAttemptsExceeded)
				t.Response.ContentLength = int64(n)
				if _, ok := t.Response.Header["Content-Length"]; ok {
					setHeader(t.Response.Header, "Content-Length", strconv.Itoa(n))
				}
			}
		case *types.NotAuthorizedException:
			t.Message = ptr(MsgAttemptsExceeded)
			return
		}
		u, ok := e.(interface{ Unwrap() error })
		if !ok {
			return
		}
		e = u.Unwrap()
	}
}
