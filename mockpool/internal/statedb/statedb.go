// Package statedb is mockpool's durable store: one bbolt file holding opaque
// records under byte-string keys. It knows nothing of what a record means; mockpool
// encodes and decodes them (records.go). Every Commit is one bbolt transaction,
// written and fsynced before Commit returns.
package statedb

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Format is the layout version written in the meta bucket.
const Format = "mockpool-state-1"

var (
	bucketRecords = []byte("records")
	bucketMeta    = []byte("meta")
	keyFormat     = []byte("format")
)

// Errors of Open. Each Open error names the path and wraps one of these.
var (
	ErrNoDirectory = errors.New("directory does not exist")
	ErrNotDatabase = errors.New("not a mockpool state database")
	ErrNotWritable = errors.New("cannot be written")
	ErrLocked      = errors.New("in use by another process")
)

// DB is an open state database.
type DB struct {
	b    *bolt.DB
	path string
}

// OpenTimeout is how long Open waits for another process's lock on the file.
const OpenTimeout = 2 * time.Second

// Open opens the database at path, creating it (mode 0600) when the file does not
// exist or is empty. It refuses, with an error naming path: a missing directory, a
// location it cannot write (read-only mount, permissions: it writes and fsyncs the
// format record before it returns), a file that is not a bbolt database or is
// another program's bbolt database, and a file another process holds open.
func Open(path string) (*DB, error) {
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("state %s: %w: %s", path, ErrNoDirectory, dir)
		}
		return nil, fmt.Errorf("state %s: %w: %v", path, ErrNotWritable, err)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("state %s: %w: %s is not a directory", path, ErrNoDirectory, dir)
	}
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return nil, fmt.Errorf("state %s: %w: not a regular file", path, ErrNotDatabase)
	}
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: OpenTimeout, FreelistType: bolt.FreelistMapType, NoFreelistSync: true})
	if err != nil {
		switch {
		case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrVersionMismatch), errors.Is(err, bolterrors.ErrChecksum):
			return nil, fmt.Errorf("state %s: %w: %v", path, ErrNotDatabase, err)
		case errors.Is(err, bolterrors.ErrTimeout):
			return nil, fmt.Errorf("state %s: %w", path, ErrLocked)
		case errors.Is(err, fs.ErrPermission), isReadOnly(err):
			return nil, fmt.Errorf("state %s: %w: %v", path, ErrNotWritable, err)
		}
		// bbolt reports a short or garbled file in several ways ("file size too
		// small", a page of the wrong type): the file exists but is no database.
		if st, serr := os.Stat(path); serr == nil && st.Size() > 0 {
			return nil, fmt.Errorf("state %s: %w: %v", path, ErrNotDatabase, err)
		}
		return nil, fmt.Errorf("state %s: %w: %v", path, ErrNotWritable, err)
	}
	d := &DB{b: b, path: path}
	if err := d.checkFormat(); err != nil {
		_ = b.Close()
		return nil, err
	}
	return d, nil
}

// checkFormat accepts a database with mockpool's format record, or one with no
// bucket at all (new, whose format record it writes and fsyncs, which proves the
// location writable); anything else is another program's database.
func (d *DB) checkFormat() error {
	ok := false
	err := d.b.View(func(tx *bolt.Tx) error {
		if m := tx.Bucket(bucketMeta); m != nil {
			if got := m.Get(keyFormat); !bytes.Equal(got, []byte(Format)) {
				return fmt.Errorf("state %s: %w: format %.40q, want %q", d.path, ErrNotDatabase, got, Format)
			}
			ok = tx.Bucket(bucketRecords) != nil
		}
		return nil
	})
	if err != nil || ok {
		// An existing database was opened for writing: the location is writable. No
		// write here, so a full disk does not stop a restart (reads go on).
		return err
	}
	err = d.b.Update(func(tx *bolt.Tx) error {
		if m := tx.Bucket(bucketMeta); m == nil {
			foreign := false
			_ = tx.ForEach(func([]byte, *bolt.Bucket) error { foreign = true; return nil })
			if foreign {
				return fmt.Errorf("state %s: %w: a bbolt database without mockpool's format record", d.path, ErrNotDatabase)
			}
		}
		m, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		if _, err := tx.CreateBucketIfNotExists(bucketRecords); err != nil {
			return err
		}
		return m.Put(keyFormat, []byte(Format))
	})
	if err != nil && !errors.Is(err, ErrNotDatabase) {
		return fmt.Errorf("state %s: %w: %v", d.path, ErrNotWritable, err)
	}
	return err
}

// Path is the file's path.
func (d *DB) Path() string { return d.path }

// OpKind says what an Op does.
type OpKind uint8

const (
	Put          OpKind = iota + 1 // set Key to Value
	Delete                         // remove Key
	DeletePrefix                   // remove every key that starts with Key
	DeleteBelow                    // remove every key that starts with Key and sorts before Value
)

// Op is one change of a Commit.
type Op struct {
	Kind  OpKind
	Key   []byte
	Value []byte
}

// Commit applies ops in order in one transaction and returns once it is on disk
// (bbolt fsyncs on commit). On error nothing of ops is applied.
func (d *DB) Commit(ops []Op) error {
	if len(ops) == 0 {
		return nil
	}
	return d.b.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketRecords)
		if b == nil {
			return fmt.Errorf("statedb: records bucket missing")
		}
		for _, op := range ops {
			var err error
			switch op.Kind {
			case Put:
				err = b.Put(op.Key, op.Value)
			case Delete:
				err = b.Delete(op.Key)
			case DeletePrefix, DeleteBelow:
				// Collect, then delete: a cursor skips a key after its own Delete.
				var keys [][]byte
				c := b.Cursor()
				for k, _ := c.Seek(op.Key); k != nil && bytes.HasPrefix(k, op.Key); k, _ = c.Next() {
					if op.Kind == DeleteBelow && bytes.Compare(k, op.Value) >= 0 {
						break
					}
					keys = append(keys, append([]byte(nil), k...))
				}
				for _, k := range keys {
					if err = b.Delete(k); err != nil {
						break
					}
				}
			default:
				err = fmt.Errorf("statedb: unknown op %d", op.Kind)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// ForEach calls fn for every record in key order, in one read transaction. k and v
// are valid only during the call.
func (d *DB) ForEach(fn func(k, v []byte) error) error {
	return d.b.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketRecords)
		if b == nil {
			return nil
		}
		return b.ForEach(fn)
	})
}

// Empty reports whether the database holds no record.
func (d *DB) Empty() (bool, error) {
	empty := true
	err := d.b.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketRecords); b != nil {
			k, _ := b.Cursor().First()
			empty = k == nil
		}
		return nil
	})
	return empty, err
}

// Size is the file's size in bytes.
func (d *DB) Size() int64 {
	var n int64
	_ = d.b.View(func(tx *bolt.Tx) error { n = tx.Size(); return nil })
	return n
}

// Close closes the file.
func (d *DB) Close() error { return d.b.Close() }
