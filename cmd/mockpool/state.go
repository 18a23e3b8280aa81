package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/maskedauth/maskedauth/mockpool"
)

// persister writes the server's state to one file, atomically (a temporary file
// in the same folder, fsync, rename, fsync of the folder), at most once per delay
// after a change, and once more when it closes. A crash at any moment leaves
// either the previous file or the new one, never a torn one.
type persister struct {
	path   string
	delay  time.Duration
	logger *slog.Logger

	kick chan struct{}
	done chan struct{}
	wg   sync.WaitGroup
	srv  *mockpool.Server
}

func newPersister(path string, delay time.Duration, logger *slog.Logger) *persister {
	return &persister{path: path, delay: delay, logger: logger, kick: make(chan struct{}, 1), done: make(chan struct{})}
}

// changed is the server's WithOnChange hook: it never blocks.
func (p *persister) changed() {
	select {
	case p.kick <- struct{}{}:
	default:
	}
}

// load removes the temporary files an earlier run left when it was killed during a
// save, then reads the state file if there is one.
func (p *persister) load(srv *mockpool.Server) error {
	p.removeLeftovers()
	data, err := os.ReadFile(p.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read state: %w", err)
	}
	if err := srv.LoadState(bytes.NewReader(data)); err != nil {
		return fmt.Errorf("load state %s: %w", p.path, err)
	}
	p.logger.Info("state loaded", "file", p.path)
	return nil
}

// tempPattern matches the temporary files writeFileAtomic creates for path.
func tempPattern(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
}

// removeLeftovers deletes the temporary files of saves that never reached their
// rename (the process was killed). One server owns one state file, so none of them
// is being written now.
func (p *persister) removeLeftovers() {
	leftovers, _ := filepath.Glob(tempPattern(p.path))
	for _, f := range leftovers {
		if err := os.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
			p.logger.Warn("remove leftover temporary state file", "file", f, "err", err)
		}
	}
}

func (p *persister) start(srv *mockpool.Server) {
	p.srv = srv
	p.wg.Add(1)
	go p.loop()
}

func (p *persister) loop() {
	defer p.wg.Done()
	for {
		select {
		case <-p.kick:
		case <-p.done:
			p.save()
			return
		}
		// Gather the changes that follow closely, then write once.
		timer := time.NewTimer(p.delay)
		select {
		case <-timer.C:
		case <-p.done:
			timer.Stop()
			p.save()
			return
		}
		p.save()
	}
}

func (p *persister) close() {
	close(p.done)
	p.wg.Wait()
}

func (p *persister) save() {
	var buf bytes.Buffer
	if err := p.srv.SaveState(&buf); err != nil {
		p.logger.Error("save state", "err", err)
		return
	}
	if err := writeFileAtomic(p.path, buf.Bytes()); err != nil {
		p.logger.Error("save state", "err", err)
	}
}

// writeFileAtomic replaces path with data so that readers (and a restart after a
// crash) see either the old content or the new, whole.
func writeFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, filepath.Base(tempPattern(path)))
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err = f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Chmod(tmp, 0o600); err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
