package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/maskedauth/maskedauth/mockpool"
)

func TestPopulate(t *testing.T) {
	srv := httptest.NewServer(mockpool.New(mockpool.WithTestSigningKey()))
	defer srv.Close()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "state"), make([]byte, 123), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	args := []string{"-endpoint", srv.URL, "-server", "mockpool", "-workers", "3", "-populate", "25",
		"-pid", strconv.Itoa(os.Getpid()), "-state-dir", dir}
	if err := run(t.Context(), args, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var r popResult
	dec := json.NewDecoder(&out)
	if err := dec.Decode(&r); err != nil {
		t.Fatal(err)
	}
	if dec.More() {
		t.Error("more than one line")
	}
	if r.Workload != "populate" || r.Server != "mockpool" || r.Target != 25 || r.Users != 25 || r.Errors != 0 || r.Answers["ok"] != 25 {
		t.Errorf("result %+v, want 25 users created and no errors", r)
	}
	if r.RSS0 <= 0 || r.RSS1 <= 0 || r.HWM1 < r.RSS1 {
		t.Errorf("RSS before %d, after %d, peak %d", r.RSS0, r.RSS1, r.HWM1)
	}
	if r.Disk0 != 123 || r.Disk1 != 123 {
		t.Errorf("disk %d -> %d, want 123 -> 123 (the one file in -state-dir)", r.Disk0, r.Disk1)
	}

	// without -state-dir there is no disk figure
	out.Reset()
	args = []string{"-endpoint", srv.URL, "-server", "mockpool", "-workers", "1", "-populate", "2", "-pid", strconv.Itoa(os.Getpid())}
	if err := run(t.Context(), args, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := json.NewDecoder(&out).Decode(&r); err != nil {
		t.Fatal(err)
	}
	if r.Users != 2 || r.Disk0 != -1 || r.Disk1 != -1 {
		t.Errorf("without -state-dir: %+v, want 2 users and disk -1", r)
	}
}

func TestParseStatusField(t *testing.T) {
	status := "Name:\tmockpool\nVmHWM:\t   20480 kB\nVmRSS:\t   10240 kB\nThreads:\t7\n"
	for _, c := range []struct {
		field string
		want  int64
		ok    bool
	}{
		{"VmRSS", 10240 * 1024, true},
		{"VmHWM", 20480 * 1024, true},
		{"Threads", 0, false}, // no kB unit
		{"VmSwap", 0, false},
		{"Vm", 0, false},
	} {
		got, err := parseStatusField(status, c.field)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("parseStatusField(%s) = %d, %v; want %d, ok %v", c.field, got, err, c.want, c.ok)
		}
	}
}

func TestDirBytes(t *testing.T) {
	dir := t.TempDir()
	if n, err := dirBytes(filepath.Join(dir, "missing")); err != nil || n != 0 {
		t.Errorf("missing dir: %d, %v; want 0", n, err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "db"), 0o700); err != nil {
		t.Fatal(err)
	}
	for name, size := range map[string]int{"a.json": 10, "db/b.json": 32} {
		if err := os.WriteFile(filepath.Join(dir, name), make([]byte, size), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(dir, "a.json"), filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if n, err := dirBytes(dir); err != nil || n != 42 {
		t.Errorf("dirBytes = %d, %v; want 42 (regular files only)", n, err)
	}
}

func TestFsync(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run(t.Context(), []string{"-fsync", dir, "-fsync-n", "5"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var r fsyncResult
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if r.Workload != "fsync" || r.Samples != 5 || r.Bytes != 4096 || r.P50Ms <= 0 || r.P99Ms < r.P50Ms || r.MaxMs < r.P99Ms {
		t.Errorf("fsync result %+v", r)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("left %d files behind", len(left))
	}
	if err := run(t.Context(), []string{"-fsync", filepath.Join(dir, "missing")}, io.Discard, io.Discard); err == nil {
		t.Error("-fsync in a missing directory succeeded")
	}
}
