package mockpool

// The durability boundary. The store (store*.go) calls touch for every record it
// changes, inside the critical section of the change; serve calls sync before it
// answers, so an answer is written only once every change made before it is durable
// (group commit: one sync covers every change touched so far). Without a journal
// (no Server.UseState) both are no-ops and the state lives in memory only.
//
// The journal behind it is dbJournal (below), installed by Server.UseState. Rules for
// the callers:
//   - touch every record a change creates, updates or deletes (a deletion is a touch
//     of a record that is gone: records.go encodes it as a delete; a deleted pool's
//     touch deletes everything in the pool). Outbox messages: call touchMessage in
//     send, under outMu, after the append.
//   - sync only in requests that touched something (markChanged): a commit that
//     failed (disk full) leaves its records pending, and every sync waits for them,
//     so a read that synced would fail too, while it should keep working. A read may
//     thus see a change that is not durable yet; it acknowledges nothing itself.
//   - a sync error is answered InternalErrorException (after close: the server is
//     shutting down, and the request is refused, never acknowledged).

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/maskedauth/maskedauth/mockpool/internal/statedb"
)

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

// dbJournal is the journal of a state database (UseState). touch adds the ref to
// the pending set and bumps seq; a flusher goroutine takes the whole pending set,
// encodes each ref's current value (records.go, under the store's own locks, never
// under j.mu), writes them in one transaction (fsync), then marks every touch up to
// the seq it took durable and wakes the waiters: one commit covers every request
// that touched meanwhile (group commit). A failed commit (say, the disk is full)
// keeps the refs pending for the next try (the next touch or sync, or a retry after
// retryDelay) and fails every sync waiting for it; the in-memory state keeps serving.
// After close, every sync fails: a request that finishes after the final commit is
// refused, never acknowledged.
type dbJournal struct {
	s   *Server
	db  *statedb.DB
	log *slog.Logger

	mu        sync.Mutex
	pending   map[recordRef]struct{}
	seq       uint64 // touches so far
	durable   uint64 // every touch up to durable is committed
	failed    error  // the last commit's error, nil after a success
	failedSeq uint64 // the seq the failed commit covered
	closed    bool
	gen       chan struct{} // closed (and replaced) after each commit attempt

	wake      chan struct{} // cap 1: something to flush
	stop      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
	finalErr  error
}

// retryDelay is how long the flusher waits before it retries a failed commit when
// nothing else wakes it.
const retryDelay = 500 * time.Millisecond

// errJournalClosed answers every sync after close (shutdown).
var errJournalClosed = errors.New("mockpool: state closed (shutting down); the change is not acknowledged")

func newDBJournal(s *Server, db *statedb.DB) *dbJournal {
	j := &dbJournal{s: s, db: db, log: s.log, pending: map[recordRef]struct{}{}, gen: make(chan struct{}),
		wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	return j
}

func (j *dbJournal) start() { go j.run() }

func (j *dbJournal) kick() {
	select {
	case j.wake <- struct{}{}:
	default:
	}
}

func (j *dbJournal) touch(ref recordRef) {
	j.mu.Lock()
	j.pending[ref] = struct{}{}
	j.seq++
	j.mu.Unlock()
	j.kick()
}

func (j *dbJournal) sync(ctx context.Context) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	target := j.seq
	for {
		if j.closed {
			return errJournalClosed
		}
		if j.durable >= target {
			return nil
		}
		if j.failed != nil && j.failedSeq >= target {
			return fmt.Errorf("mockpool: commit failed: %w", j.failed)
		}
		j.kick()
		ch := j.gen
		j.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			j.mu.Lock()
			return ctx.Err()
		}
		j.mu.Lock()
	}
}

// gatherDelay is how long a flush waits for more changes while other requests are
// being served (Server.serving > 1): their changes then share its commit (one
// write and two fdatasyncs) instead of each paying for one. A lone client's
// request is committed at once.
const gatherDelay = time.Millisecond

func (j *dbJournal) run() {
	defer close(j.done)
	var retry <-chan time.Time
	for {
		select {
		case <-j.wake:
		case <-retry:
		case <-j.stop:
			j.finalErr = j.flush()
			return
		}
		if j.s.serving.Load() > 1 {
			time.Sleep(gatherDelay)
		}
		if err := j.flush(); err != nil {
			retry = time.After(retryDelay)
		} else {
			retry = nil
		}
	}
}

// flush commits the pending set once.
func (j *dbJournal) flush() error {
	j.mu.Lock()
	if len(j.pending) == 0 {
		j.mu.Unlock()
		return nil
	}
	refs, upto := j.pending, j.seq
	j.pending = make(map[recordRef]struct{}, len(refs))
	j.mu.Unlock()

	ops, skipped, err := j.s.recordOps(j, refs)
	if err == nil {
		err = j.db.Commit(ops)
	}
	if len(skipped) > 0 && j.log != nil {
		j.log.Error("mockpool: state records of a kind not wired yet were not written", "records", len(skipped), "kind", int(skipped[0].kind))
	}

	j.mu.Lock()
	if err != nil {
		for ref := range refs {
			j.pending[ref] = struct{}{}
		}
		j.failed, j.failedSeq = err, upto
	} else {
		j.failed = nil
		if upto > j.durable {
			j.durable = upto
		}
	}
	close(j.gen)
	j.gen = make(chan struct{})
	j.mu.Unlock()
	if err != nil && j.log != nil {
		j.log.Error("mockpool: commit failed; the changes stay pending and are retried", "records", len(refs), "err", err)
	}
	return err
}

// close makes a final commit, then fails every later sync. It returns the final
// commit's error (nil when everything touched is durable).
func (j *dbJournal) close() error {
	j.closeOnce.Do(func() { close(j.stop) })
	<-j.done
	j.mu.Lock()
	j.closed = true
	close(j.gen)
	j.gen = make(chan struct{})
	j.mu.Unlock()
	return j.finalErr
}
