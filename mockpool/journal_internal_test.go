package mockpool

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
)

func durableServer(t *testing.T) (*Server, *State, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "state.db")
	st, err := OpenState(path)
	if err != nil {
		t.Fatal(err)
	}
	s := New(WithTestSigningKey(), WithFixedCode("123456"))
	if err := s.UseState(st); err != nil {
		t.Fatal(err)
	}
	return s, st, path
}

// records returns the records in the database, by key.
func records(t *testing.T, st *State) map[string]string {
	t.Helper()
	out := map[string]string{}
	if err := st.db.ForEach(func(k, v []byte) error { out[string(k)] = string(v); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func poolWithUsers(t *testing.T, s *Server, n int) (poolID string, subs []string) {
	t.Helper()
	c := s.Client()
	out, err := c.CreateUserPool(t.Context(), &cip.CreateUserPoolInput{PoolName: aws.String("p")})
	if err != nil {
		t.Fatal(err)
	}
	poolID = *out.UserPool.Id
	for i := 0; i < n; i++ {
		u, err := c.AdminCreateUser(t.Context(), &cip.AdminCreateUserInput{UserPoolId: &poolID, Username: aws.String(fmt.Sprint("u", i))})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range u.User.Attributes {
			if *a.Name == "sub" {
				subs = append(subs, *a.Value)
			}
		}
	}
	return poolID, subs
}

// TestJournalGroupCommit: concurrent touches and syncs; every sync returns once its
// touches are in the database (checked right after it returns), and the server-wide
// records are there from the start.
func TestJournalGroupCommit(t *testing.T) {
	s, st, _ := durableServer(t)
	defer st.Close()
	recs := records(t, st)
	for _, k := range []string{serverSecret, serverSigningKey, serverIDSigningKey} {
		if _, ok := recs[string(recordKey(recordRef{kind: recServer, key: k}))]; !ok {
			t.Fatalf("server record %s not written by UseState", k)
		}
	}
	if err := s.journal.sync(t.Context()); err != nil { // nothing pending
		t.Fatal(err)
	}
	poolID, subs := poolWithUsers(t, s, 40)
	var wg sync.WaitGroup
	errs := make(chan error, len(subs))
	for _, sub := range subs {
		wg.Add(1)
		go func(sub string) {
			defer wg.Done()
			ref := recordRef{kind: recUser, pool: poolID, key: sub}
			s.touch(recordRef{kind: recPool, pool: poolID})
			s.touch(ref)
			if err := s.journal.sync(t.Context()); err != nil {
				errs <- err
				return
			}
			var found bool
			_ = st.db.ForEach(func(k, v []byte) error {
				found = found || string(k) == string(recordKey(ref))
				return nil
			})
			if !found {
				errs <- fmt.Errorf("user %s not in the database after sync", sub)
			}
		}(sub)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// a deleted pool: its whole key range goes
	s.mu.Lock()
	delete(s.pools, poolID)
	s.mu.Unlock()
	s.touch(recordRef{kind: recPool, pool: poolID})
	if err := s.journal.sync(t.Context()); err != nil {
		t.Fatal(err)
	}
	for k := range records(t, st) {
		if ref, _ := parseRecordKey([]byte(k)); ref.pool == poolID {
			t.Fatalf("record %q of a deleted pool remains", k)
		}
	}
}

// TestJournalFailedCommit: a commit that fails is reported to sync, keeps the refs
// pending, and the server keeps serving reads; after close every sync fails.
func TestJournalFailedCommit(t *testing.T) {
	s, st, _ := durableServer(t)
	poolID, subs := poolWithUsers(t, s, 1)
	st.db.Close() // every commit fails from now on
	s.touch(recordRef{kind: recUser, pool: poolID, key: subs[0]})
	err := s.journal.sync(t.Context())
	if err == nil {
		t.Fatal("sync after a failed commit returned nil")
	}
	j := s.journal.(*dbJournal)
	// The refs stay pending (the flusher may be retrying them right now, so look
	// at what a caller sees): a second sync fails too, and nothing became durable.
	if err := s.journal.sync(t.Context()); err == nil {
		t.Fatal("a second sync after a failed commit returned nil: the failed refs were dropped")
	}
	j.mu.Lock()
	durable, seq := j.durable, j.seq
	j.mu.Unlock()
	if durable >= seq {
		t.Fatalf("durable %d >= seq %d after a failed commit", durable, seq)
	}
	if _, err := s.Client().AdminGetUser(t.Context(), &cip.AdminGetUserInput{UserPoolId: &poolID, Username: aws.String("u0")}); err != nil {
		t.Fatalf("read after a failed commit: %v", err)
	}
	_ = j.close()
	if err := j.sync(t.Context()); !errors.Is(err, errJournalClosed) {
		t.Fatalf("sync after close: %v", err)
	}
}

// TestCloseThenLateChange: a change touched after the final commit is never
// acknowledged: its sync fails.
func TestCloseThenLateChange(t *testing.T) {
	s, st, _ := durableServer(t)
	poolID, subs := poolWithUsers(t, s, 1)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	s.touch(recordRef{kind: recUser, pool: poolID, key: subs[0]})
	if err := s.journal.sync(t.Context()); !errors.Is(err, errJournalClosed) {
		t.Fatalf("late sync: %v", err)
	}
}

// TestSignUpCommittedBeforeAnswer needs the refactor branch: a SignUp answered 200
// is in the database when the answer arrives.
func TestSignUpCommittedBeforeAnswer(t *testing.T) {
	s, st, _ := durableServer(t)
	defer st.Close()
	c := s.Client()
	p, err := c.CreateUserPool(t.Context(), &cip.CreateUserPoolInput{PoolName: aws.String("p")})
	if err != nil {
		t.Fatal(err)
	}
	cl, err := c.CreateUserPoolClient(t.Context(), &cip.CreateUserPoolClientInput{UserPoolId: p.UserPool.Id, ClientName: aws.String("a")})
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.SignUp(t.Context(), &cip.SignUpInput{ClientId: cl.UserPoolClient.ClientId, Username: aws.String("neo"), Password: aws.String("Passw0rd!x")})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := records(t, st)[string(recordKey(recordRef{kind: recUser, pool: *p.UserPool.Id, key: *out.UserSub}))]; !ok {
		t.Fatal("SignUp answered before its user was committed")
	}
}
