package mockpool

// The durability boundary. The store (store*.go) calls touch for every record it
// changes, inside the critical section of the change; serve calls sync before it
// answers, so an answer is written only once every change made before it is durable
// (group commit: one sync covers every change touched so far). Without a journal
// (no WithJournal) both are no-ops and the state lives in memory only.

import "context"

// recordKind is the kind of a durable record. A record is addressed by its kind,
// its pool id (empty for server-wide records) and a key within the pool.
type recordKind uint8

const (
	recServer    recordKind = iota + 1 // server-wide: key "secret", "signingKey"
	recPool                            // a pool's id, ARN, times and configuration; key ""
	recClient                          // key: client id
	recUser                            // key: sub (codes, MFA settings and groups included)
	recGroup                           // key: group name
	recDevice                          // key: device key
	recSession                         // a token session; key: origin jti
	recChallenge                       // a challenge session; key: hex of sessionKey
	recMessage                         // an outbox message; key: sequence number
	recConfig                          // pool configuration resources; key: "type/id"
)

// recordRef addresses one durable record.
type recordRef struct {
	kind recordKind
	pool string
	key  string
}

// journal makes touched records durable. touch never blocks on I/O; sync returns
// once every record touched before the call is committed, or the commit's error.
type journal interface {
	touch(ref recordRef)
	sync(ctx context.Context) error
}

// touch records that ref changed (created, updated or deleted). Call it while the
// lock guarding the record is held, after the change.
func (s *Server) touch(ref recordRef) {
	if s.journal != nil {
		s.journal.touch(ref)
	}
}
