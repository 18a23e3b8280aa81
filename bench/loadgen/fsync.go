package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// fsyncResult is the line -fsync prints: how long this file system takes to make a small
// write durable, which bounds a store that commits every change before it answers.
type fsyncResult struct {
	Workload string  `json:"workload"` // "fsync"
	Dir      string  `json:"dir"`
	Samples  int     `json:"samples"`
	Bytes    int     `json:"bytes"`
	P50Ms    float64 `json:"p50Ms"`
	P99Ms    float64 `json:"p99Ms"`
	MaxMs    float64 `json:"maxMs"`
}

// measureFsync writes n blocks of size bytes to a new file in dir, each followed by
// File.Sync (fdatasync's stronger sibling, as bbolt and SQLite use), and removes the file.
func measureFsync(dir string, n, size int) (fsyncResult, error) {
	r := fsyncResult{Workload: "fsync", Dir: dir, Samples: n, Bytes: size}
	f, err := os.CreateTemp(dir, ".loadgen-fsync-*")
	if err != nil {
		return r, fmt.Errorf("loadgen: -fsync: %w", err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	block := make([]byte, size)
	lat := make([]time.Duration, 0, n)
	for i := 0; i < n; i++ {
		t0 := time.Now()
		if _, err := f.WriteAt(block, int64(i%64)*int64(size)); err != nil {
			return r, fmt.Errorf("loadgen: -fsync: write %s: %w", filepath.Base(f.Name()), err)
		}
		if err := f.Sync(); err != nil {
			return r, fmt.Errorf("loadgen: -fsync: sync: %w", err)
		}
		lat = append(lat, time.Since(t0))
	}
	s := summarize(lat)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	r.P50Ms, r.P99Ms, r.MaxMs = ms(s.P50), ms(s.P99), ms(s.Max)
	return r, nil
}
