package statedb

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

func TestOpenRefuses(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk")
	if err := os.WriteFile(junk, []byte("this is no database, just text that goes on for a while........................................"), 0o600); err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join(dir, "foreign.db")
	b, err := bolt.Open(foreign, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("other")); return err }); err != nil {
		t.Fatal(err)
	}
	b.Close()
	cases := []struct {
		name, path string
		want       error
	}{
		{"missing directory", filepath.Join(dir, "nope", "state.db"), ErrNoDirectory},
		{"parent is a file", filepath.Join(junk, "state.db"), ErrNoDirectory},
		{"not a database", junk, ErrNotDatabase},
		{"another program's database", foreign, ErrNotDatabase},
		{"a directory", dir, ErrNotDatabase},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := Open(c.path)
			if err == nil {
				d.Close()
				t.Fatal("opened")
			}
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.path) {
				t.Fatalf("error %q: want %v and the path", err, c.want)
			}
		})
	}
}

func TestCommitAndReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	d, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if e, _ := d.Empty(); !e {
		t.Fatal("new database not empty")
	}
	put := func(k, v string) Op { return Op{Kind: Put, Key: []byte(k), Value: []byte(v)} }
	if err := d.Commit([]Op{put("a\x00x", "1"), put("a\x00y", "2"), put("b\x00m1", "3"), put("b\x00m2", "4"), put("b\x00m3", "5"), put("c", "6")}); err != nil {
		t.Fatal(err)
	}
	if err := d.Commit([]Op{{Kind: DeletePrefix, Key: []byte("a\x00")}, {Kind: DeleteBelow, Key: []byte("b\x00"), Value: []byte("b\x00m3")}, {Kind: Delete, Key: []byte("c")}, put("d", "7")}); err != nil {
		t.Fatal(err)
	}
	d.Close()
	// a second Open of the same file waits for the lock, then refuses
	d, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := Open(path); !errors.Is(err, ErrLocked) {
		t.Fatalf("second open: %v", err)
	}
	var got []string
	noErr := d.ForEach(func(k, v []byte) error { got = append(got, string(k)+"="+string(v)); return nil })
	if noErr != nil {
		t.Fatal(noErr)
	}
	if strings.Join(got, ",") != "b\x00m3=5,d=7" {
		t.Fatalf("records %q", got)
	}
}
