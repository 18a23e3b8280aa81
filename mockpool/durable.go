package mockpool

import (
	"context"
	"fmt"

	"github.com/maskedauth/maskedauth/mockpool/internal/statedb"
)

// State is a durable state database (one bbolt file), opened by OpenState and put
// to use by Server.UseState.
type State struct {
	db *statedb.DB
	j  *dbJournal
}

// OpenState opens the state database at path, creating it when the file does not
// exist. It refuses, with an error naming path, a missing directory, a location it
// cannot write (it writes and fsyncs before it returns), a file that is not a
// mockpool state database, and a file another process holds open.
func OpenState(path string) (*State, error) {
	db, err := statedb.Open(path)
	if err != nil {
		return nil, fmt.Errorf("mockpool: %w", err)
	}
	return &State{db: db}, nil
}

// Path is the database file's path.
func (st *State) Path() string { return st.db.Path() }

// Size is the database file's size in bytes.
func (st *State) Size() int64 { return st.db.Size() }

// UseState makes st the server's durable state. When st holds records, they replace
// the server's state (which must have no pools yet): pools, app clients, users,
// groups, devices, token and challenge sessions, the outbox, the signing key and the
// simulation secret. When st is empty, the server's whole current state (say, one
// LoadState read) is written to it. Either way, the signing key and the secret are
// committed before UseState returns, and from then on every change is committed
// before the call that made it is answered (an error answer when the commit fails).
// Call it once, before the server serves requests; close st with Close.
func (s *Server) UseState(st *State) error {
	if s.journal != nil || st.j != nil {
		return fmt.Errorf("mockpool: UseState: already in use")
	}
	empty, err := st.db.Empty()
	if err != nil {
		return fmt.Errorf("mockpool: read state %s: %w", st.Path(), err)
	}
	j := newDBJournal(s, st.db)
	var refs []recordRef
	if empty {
		refs = s.allRecords(j)
	} else {
		if len(s.poolList()) > 0 {
			return fmt.Errorf("mockpool: UseState: the server already has pools and %s is not empty", st.Path())
		}
		hasSecret, hasKey, lastMsg, err := s.loadRecords(st.db)
		if err != nil {
			return fmt.Errorf("%w (state %s)", err, st.Path())
		}
		s.outMu.Lock()
		s.outSeq = lastMsg
		s.outMu.Unlock()
		if !hasSecret {
			refs = append(refs, recordRef{kind: recServer, key: serverSecret})
		}
		if !hasKey {
			refs = append(refs, recordRef{kind: recServer, key: serverSigningKey}, recordRef{kind: recServer, key: serverIDSigningKey})
		}
	}
	for _, ref := range refs {
		j.pending[ref] = struct{}{}
		j.seq++
	}
	if err := j.flush(); err != nil {
		return fmt.Errorf("mockpool: write state %s: %w", st.Path(), err)
	}
	st.j = j
	s.journal = j
	j.start()
	return nil
}

// Close makes the final commit and closes the database. Every change answered
// before is durable; a request still running is refused (an error answer) rather than
// acknowledged. It returns the final commit's error, if any.
func (st *State) Close() error {
	var err error
	if st.j != nil {
		err = st.j.close()
	}
	if cerr := st.db.Close(); err == nil {
		err = cerr
	}
	return err
}

// Sync waits until every change made so far is durable (tests, and callers that
// change the state outside requests).
func (st *State) Sync(ctx context.Context) error {
	if st.j == nil {
		return nil
	}
	return st.j.sync(ctx)
}
