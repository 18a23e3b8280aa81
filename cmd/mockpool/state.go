package main

// -state PATH: the server's durable state, a bbolt database (mockpool.OpenState).
// Every change is committed before it is answered. A JSON state file of the format
// earlier versions wrote (SaveState) at PATH is imported on first start: validated,
// written to a new database, which then replaces PATH; the JSON file is kept as
// PATH.json.bak.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/maskedauth/maskedauth/mockpool"
)

// openState opens the database at path, importing a JSON state file first if
// path holds one. newServer returns a server configured as the command's (the
// import loads the JSON into one, which writes it to the database).
func openState(path string, newServer func() *mockpool.Server, logger *slog.Logger) (*mockpool.State, error) {
	isJSON, err := looksLikeJSON(path)
	if err != nil {
		return nil, err
	}
	if isJSON {
		if err := importJSON(path, newServer, logger); err != nil {
			return nil, err
		}
	}
	st, err := mockpool.OpenState(path)
	if err != nil {
		return nil, refuse(err)
	}
	return st, nil
}

// refuse is the error that stops the command at start; it names the path (the
// library's errors do).
func refuse(err error) error {
	return fmt.Errorf("refusing to start: %s", strings.TrimPrefix(err.Error(), "mockpool: "))
}

// looksLikeJSON reports whether path is a file whose first non-space byte is '{'
// (a bbolt file starts with a binary page header).
func looksLikeJSON(path string) (bool, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		// OpenState reports it, with the reason (permissions, a directory, ...).
		return false, nil
	}
	defer f.Close()
	r := bufio.NewReader(io.LimitReader(f, 4096))
	for {
		b, err := r.ReadByte()
		if err != nil {
			return false, nil
		}
		switch b {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return b == '{', nil
	}
}

// importJSON converts the JSON state file at path into a database at path. It is
// safe against a crash at any moment: the database is built beside it
// (PATH.import), the JSON file is hard-linked to PATH.json.bak, and one rename puts
// the database in its place; until that rename PATH is the untouched JSON file, and
// the next start imports it again.
func importJSON(path string, newServer func() *mockpool.Server, logger *slog.Logger) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("-state %s: %w", path, err)
	}
	srv := newServer()
	if err := srv.LoadState(bytes.NewReader(data)); err != nil {
		return fmt.Errorf("refusing to start: -state %s is a JSON state file that cannot be imported: %s", path, strings.TrimPrefix(err.Error(), "mockpool: "))
	}
	tmp := path + ".import"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("-state %s: remove an earlier import: %w", path, err)
	}
	st, err := mockpool.OpenState(tmp)
	if err != nil {
		return fmt.Errorf("-state %s: import: %w", path, err)
	}
	if err := srv.UseState(st); err != nil {
		st.Close()
		os.Remove(tmp)
		return fmt.Errorf("-state %s: import: %w", path, err)
	}
	if err := st.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("-state %s: import: %w", path, err)
	}
	bak := path + ".json.bak"
	if err := os.Remove(bak); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("-state %s: remove the old %s: %w", path, bak, err)
	}
	if err := os.Link(path, bak); err != nil {
		if err := os.WriteFile(bak, data, 0o600); err != nil { // no hard links here: a copy
			return fmt.Errorf("-state %s: keep the JSON file as %s: %w", path, bak, err)
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("-state %s: put the imported database in place: %w", path, err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		_ = d.Sync()
		d.Close()
	}
	logger.Warn("imported a JSON state file into a state database; the JSON file is kept", "state", path, "backup", bak)
	return nil
}
