package mockpool

// Durable records: the journal (journal.go) writes each touched recordRef as one
// record of the state database (internal/statedb), holding the record's CURRENT
// value, encoded as JSON through state.go's types; loading applies the records to an
// empty server through state.go's loader (the same checks as LoadState) and rebuilds
// the indexes. Attempt counters (lockouts) are not records: they are not durable and
// start afresh after a restart.
//
// Database keys: pool id, 0x00, kind, key within the pool. Server-wide records and
// outbox messages have the empty pool id, so they sort first; within a pool the
// pool's own record (recPool) sorts before its clients, users, ..., so a load meets a
// pool before anything in it, and deleting a pool deletes its whole key range.

import (
	"bytes"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/maskedauth/maskedauth/mockpool/internal/statedb"
)

// Keys of the server-wide records.
const (
	serverSecret = "secret"
	// serverPulse is written by every answer of a masked operation (serve), so a
	// name that resolves to nobody waits for a commit as a real user's change does.
	serverPulse      = "pulse"
	serverSigningKey = "signingKey" // the access tokens' key (the only key of older states)
	// serverIDSigningKey is the ID tokens' key.
	serverIDSigningKey = "idSigningKey"
)

// errNotWired: the kind has no encoding yet; the journal drops the ref (and logs).
var errNotWired = errors.New("mockpool: record kind not wired")

func recordKey(ref recordRef) []byte {
	k := make([]byte, 0, len(ref.pool)+2+len(ref.key))
	k = append(k, ref.pool...)
	k = append(k, 0, byte(ref.kind))
	return append(k, ref.key...)
}

func parseRecordKey(k []byte) (recordRef, error) {
	i := bytes.IndexByte(k, 0)
	if i < 0 || i+1 >= len(k) {
		return recordRef{}, fmt.Errorf("mockpool: state record key %q malformed", k)
	}
	return recordRef{pool: string(k[:i]), kind: recordKind(k[i+1]), key: string(k[i+2:])}, nil
}

// poolPrefix is the key prefix of every record of pool id.
func poolPrefix(id string) []byte { return append([]byte(id), 0) }

// messageKey is the key of the outbox message with sequence number seq (zero-padded,
// so keys sort as numbers).
func messageKey(seq uint64) string { return fmt.Sprintf("%020d", seq) }

func (s *Server) poolByID(id string) *pool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.pools[id]
}

// encodeRecord returns the JSON of ref's current value, or gone when the record no
// longer exists. It takes the locks of the record itself.
func (s *Server) encodeRecord(j *dbJournal, ref recordRef) (data []byte, gone bool, err error) {
	enc := func(v any) ([]byte, bool, error) {
		b, err := json.Marshal(v)
		return b, false, err
	}
	switch ref.kind {
	case recServer:
		switch ref.key {
		case serverSecret:
			s.mu.RLock()
			secret := s.secret
			s.mu.RUnlock()
			return enc(secret)
		case serverPulse:
			return enc([]byte{1}) // any []byte: the loader reads every server record as one and ignores this one
		case serverSigningKey, serverIDSigningKey:
			ks, err := s.tokenKeys()
			if err != nil {
				return nil, false, err
			}
			k := ks.access
			if ref.key == serverIDSigningKey {
				k = ks.id
			}
			der, err := x509.MarshalPKCS8PrivateKey(k.priv)
			if err != nil {
				return nil, false, err
			}
			return enc(der)
		}
		return nil, false, fmt.Errorf("mockpool: unknown server record %q", ref.key)
	case recMessage:
		seq, err := strconv.ParseUint(ref.key, 10, 64)
		if err != nil {
			return nil, false, fmt.Errorf("mockpool: message record %q: %w", ref.key, err)
		}
		s.outMu.Lock()
		defer s.outMu.Unlock()
		if m := s.messageBySeq(seq); m != nil {
			return enc(m)
		}
		return nil, true, nil
	case recConfig:
		p := s.poolByID(ref.pool)
		if p == nil {
			return nil, true, nil
		}
		b, ok := s.encodeConfig(p, ref.key)
		return b, !ok, nil
	}
	p := s.poolByID(ref.pool)
	if p == nil {
		return nil, true, nil
	}
	switch ref.kind {
	case recSession, recChallenge:
		p.sessMu.Lock()
		defer p.sessMu.Unlock()
		if ref.kind == recSession {
			t := p.byOrigin[ref.key]
			if t == nil {
				return nil, true, nil
			}
			return enc(sessionState(t))
		}
		var k [32]byte
		if n, err := hex.Decode(k[:], []byte(ref.key)); err != nil || n != len(k) {
			return nil, false, fmt.Errorf("mockpool: challenge record key malformed")
		}
		a := p.challenge[k]
		if a == nil {
			return nil, true, nil
		}
		return enc(a) // authSession is JSON-tagged (store_session.go)
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	switch ref.kind {
	case recPool:
		return enc(poolHeader(p))
	case recClient:
		if c := p.clients[ref.key]; c != nil {
			return enc(clientState(c))
		}
	case recUser:
		if u := p.bySub[ref.key]; u != nil {
			return enc(userState(u))
		}
	case recGroup:
		if g := p.groups[ref.key]; g != nil {
			return enc(g)
		}
	case recDevice:
		if d := p.devices[ref.key]; d != nil {
			return enc(deviceState(d))
		}
	default:
		return nil, false, fmt.Errorf("mockpool: unknown record kind %d", ref.kind)
	}
	return nil, true, nil
}

// recordOps encodes refs into one commit. Deletions of whole pools come first.
// Refs whose kind is not wired are dropped and returned in skipped.
func (s *Server) recordOps(j *dbJournal, refs map[recordRef]struct{}) (ops []statedb.Op, skipped []recordRef, err error) {
	var prefixes []statedb.Op
	messages := false
	for ref := range refs {
		data, gone, err := s.encodeRecord(j, ref)
		if errors.Is(err, errNotWired) {
			skipped = append(skipped, ref)
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		switch {
		case gone && ref.kind == recPool:
			prefixes = append(prefixes, statedb.Op{Kind: statedb.DeletePrefix, Key: poolPrefix(ref.pool)})
		case gone:
			ops = append(ops, statedb.Op{Kind: statedb.Delete, Key: recordKey(ref)})
		default:
			ops = append(ops, statedb.Op{Kind: statedb.Put, Key: recordKey(ref), Value: data})
		}
		if ref.kind == recMessage {
			messages = true
		}
	}
	if messages { // forget the messages the outbox dropped
		if low, ok := s.lowestMessage(j); ok {
			prefix := recordKey(recordRef{kind: recMessage})
			ops = append(ops, statedb.Op{Kind: statedb.DeleteBelow, Key: prefix, Value: recordKey(recordRef{kind: recMessage, key: messageKey(low)})})
		}
	}
	return append(prefixes, ops...), skipped, nil
}

// lowestMessage is the number of the oldest message in the outbox.
func (s *Server) lowestMessage(j *dbJournal) (uint64, bool) {
	s.outMu.Lock()
	defer s.outMu.Unlock()
	if len(s.outbox) == 0 {
		return 0, false
	}
	return s.outbox[0].seq, true
}

// allRecords lists every record of the current state (for writing a whole state to
// an empty database). It numbers the outbox's messages 1..n.
func (s *Server) allRecords(j *dbJournal) []recordRef {
	refs := []recordRef{{kind: recServer, key: serverSecret}, {kind: recServer, key: serverSigningKey}, {kind: recServer, key: serverIDSigningKey}}
	for _, p := range s.poolList() {
		refs = append(refs, recordRef{kind: recPool, pool: p.id})
		p.mu.RLock()
		for id := range p.clients {
			refs = append(refs, recordRef{kind: recClient, pool: p.id, key: id})
		}
		for sub := range p.bySub {
			refs = append(refs, recordRef{kind: recUser, pool: p.id, key: sub})
		}
		for name := range p.groups {
			refs = append(refs, recordRef{kind: recGroup, pool: p.id, key: name})
		}
		for key := range p.devices {
			refs = append(refs, recordRef{kind: recDevice, pool: p.id, key: key})
		}
		p.mu.RUnlock()
		p.sessMu.Lock()
		for jti := range p.byOrigin {
			refs = append(refs, recordRef{kind: recSession, pool: p.id, key: jti})
		}
		for k := range p.challenge {
			refs = append(refs, recordRef{kind: recChallenge, pool: p.id, key: hex.EncodeToString(k[:])})
		}
		p.sessMu.Unlock()
		for _, key := range s.configKeys(p) {
			refs = append(refs, recordRef{kind: recConfig, pool: p.id, key: key})
		}
	}
	s.outMu.Lock()
	for i := range s.outbox {
		refs = append(refs, recordRef{kind: recMessage, key: messageKey(s.outbox[i].seq)})
	}
	s.outMu.Unlock()
	return refs
}

// loadRecords reads every record of db into a loader and installs the result. It
// returns which server-wide records were present (hasKey: both signing keys), and the
// last message number.
func (s *Server) loadRecords(db *statedb.DB) (hasSecret, hasKey bool, lastMsg uint64, err error) {
	l := newLoader(s)
	orphans := 0
	var secret, keyDER, idKeyDER []byte
	var hasIDKey bool
	err = db.ForEach(func(k, v []byte) error {
		ref, err := parseRecordKey(k)
		if err != nil {
			return err
		}
		what := func(err error) error {
			return fmt.Errorf("mockpool: load state: record %s/%d/%s: %w", ref.pool, ref.kind, ref.key, err)
		}
		switch ref.kind {
		case recServer:
			var b []byte
			if err := json.Unmarshal(v, &b); err != nil {
				return what(err)
			}
			switch ref.key {
			case serverSecret:
				secret, hasSecret = b, true
			case serverSigningKey:
				keyDER, hasKey = b, true
			case serverIDSigningKey:
				idKeyDER, hasIDKey = b, true
			}
			return nil
		case recMessage:
			seq, err := strconv.ParseUint(ref.key, 10, 64)
			if err != nil {
				return what(err)
			}
			var m Message
			if err := json.Unmarshal(v, &m); err != nil {
				return what(err)
			}
			m.seq = seq
			l.messages = append(l.messages, m)
			lastMsg = seq
			return nil
		case recPool:
			var sp statePool
			if err := json.Unmarshal(v, &sp); err != nil {
				return what(err)
			}
			if sp.ID != ref.pool {
				return what(fmt.Errorf("pool id %q in the record", sp.ID))
			}
			p, err := l.addPool(&sp)
			if err != nil {
				return err
			}
			// The pool's configuration resources are records of their own (recConfig,
			// below): start from none, so a resource deleted before the restart (the
			// tags CreateUserPool set, say) stays deleted.
			p.config = newPoolResources(nil)
			return nil
		}
		p := l.pools[ref.pool]
		if p == nil {
			orphans++
			return nil
		}
		switch ref.kind {
		case recConfig:
			if err := s.applyConfig(p, ref.key, v); err != nil {
				return what(err)
			}
			return nil
		case recClient:
			var sc stateClient
			if err := json.Unmarshal(v, &sc); err != nil {
				return what(err)
			}
			return l.addClient(p, sc)
		case recUser:
			var su stateUser
			if err := json.Unmarshal(v, &su); err != nil {
				return what(err)
			}
			return l.addUser(p, su)
		case recGroup:
			var g group
			if err := json.Unmarshal(v, &g); err != nil {
				return what(err)
			}
			return l.addGroup(p, &g)
		case recDevice:
			var sd stateDevice
			if err := json.Unmarshal(v, &sd); err != nil {
				return what(err)
			}
			return l.addDevice(p, sd)
		case recSession:
			var ss stateSession
			if err := json.Unmarshal(v, &ss); err != nil {
				return what(err)
			}
			return l.addSession(p, ss)
		case recChallenge:
			var key [32]byte
			if n, err := hex.Decode(key[:], []byte(ref.key)); err != nil || n != len(key) {
				return what(fmt.Errorf("malformed session key"))
			}
			var a authSession
			if err := json.Unmarshal(v, &a); err != nil {
				return what(err)
			}
			return l.addChallenge(p, key, &a)
		}
		return what(fmt.Errorf("unknown record kind"))
	})
	if err != nil {
		return false, false, 0, err
	}
	if err := l.setServer(secret, keyDER, idKeyDER); err != nil {
		return false, false, 0, err
	}
	hasKey = hasKey && hasIDKey
	if orphans > 0 && s.log != nil {
		s.log.Warn("mockpool: state records of missing pools ignored", "records", orphans)
	}
	l.install()
	return hasSecret, hasKey, lastMsg, nil
}
