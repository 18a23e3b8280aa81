package mockpool

import (
	"testing"

	"github.com/maskedauth/maskedauth/mockpool/internal/statedb"
)

// TestDurableStateWithOneKey: a state database written before ID tokens had a key of
// their own (no idSigningKey record) loads; its key goes on signing access tokens, and
// the new ID key is written to the database.
func TestDurableStateWithOneKey(t *testing.T) {
	s, st, path := durableServer(t)
	ks, err := s.tokenKeys()
	if err != nil {
		t.Fatal(err)
	}
	idRef := recordKey(recordRef{kind: recServer, key: serverIDSigningKey})
	if err := st.db.Commit([]statedb.Op{{Kind: statedb.Delete, Key: idRef}}); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st2, err := OpenState(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	s2 := New()
	if err := s2.UseState(st2); err != nil {
		t.Fatal(err)
	}
	ks2, err := s2.tokenKeys()
	if err != nil {
		t.Fatal(err)
	}
	if ks2.access.kid != ks.access.kid || ks2.id.kid == ks.access.kid || ks2.id.kid == "" {
		t.Fatalf("access %s -> %s, id %s", ks.access.kid, ks2.access.kid, ks2.id.kid)
	}
	if _, ok := records(t, st2)[string(idRef)]; !ok {
		t.Fatal("the new ID key was not written")
	}
}
