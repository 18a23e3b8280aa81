package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// goBench is one line of `go test -bench` output: the benchmark's name without its
// -GOMAXPROCS suffix, its iteration count and each reported value by unit
// ("ns/op", "B/op", "allocs/op", custom metrics).
type goBench struct {
	Name    string
	N       int64
	Metrics map[string]float64
}

var procsSuffix = regexp.MustCompile(`-\d+$`)

// parseGoBench reads the benchmark lines of `go test -bench` output and ignores the rest.
func parseGoBench(r io.Reader) ([]goBench, error) {
	var out []goBench
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
			continue
		}
		n, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			continue
		}
		b := goBench{Name: procsSuffix.ReplaceAllString(f[0], ""), N: n, Metrics: map[string]float64{}}
		ok := true
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				ok = false
				break
			}
			b.Metrics[f[i+1]] = v
		}
		if ok {
			out = append(out, b)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("report: read benchmark output: %w", err)
	}
	return out, nil
}

// findBench returns the benchmark called name, if present.
func findBench(bs []goBench, name string) (goBench, bool) {
	for _, b := range bs {
		if b.Name == name {
			return b, true
		}
	}
	return goBench{}, false
}

// jsResult is the line srp-js.mjs prints.
type jsResult struct {
	Logins     int     `json:"logins"`
	TotalMs    float64 `json:"totalMs"`
	MsPerLogin float64 `json:"msPerLogin"`
	Node       string  `json:"node"`
	Library    string  `json:"library"`
}

// loadResult is one line of loadgen output.
type loadResult struct {
	Server       string         `json:"server"`
	Workload     string         `json:"workload"`
	Workers      int            `json:"workers"`
	Ops          int            `json:"ops"`
	Errors       int            `json:"errors"`
	Answers      map[string]int `json:"answers"`
	Seconds      float64        `json:"seconds"`
	OpsPerS      float64        `json:"opsPerSec"`
	P50Ms        float64        `json:"p50Ms"`
	P99Ms        float64        `json:"p99Ms"`
	MaxMs        float64        `json:"maxMs"`
	ServerCPUMs  float64        `json:"serverCpuMsPerOp"`
	LoadgenCPUMs float64        `json:"loadgenCpuMsPerOp"`
}

// parseLoad reads loadgen's JSON lines.
func parseLoad(r io.Reader) ([]loadResult, error) {
	var out []loadResult
	dec := json.NewDecoder(r)
	for {
		var lr loadResult
		err := dec.Decode(&lr)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, fmt.Errorf("report: parse load results: %w", err)
		}
		out = append(out, lr)
	}
}

// readFileIf returns the contents of path, or "" if it does not exist.
func readFileIf(path string) (string, error) {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	return string(data), nil
}

// mwCase is the middleware's cost on one canned answer: the same call without and with it.
// With `go test -count N`, each figure is the median of the N runs.
type mwCase struct {
	Name                       string
	WithoutNs, WithNs          float64
	WithoutAllocs, WithAllocs  float64
	DeltaNs                    float64 // from the interleaved BenchmarkMiddlewareDelta, if run
	HaveDelta, HaveWithWithout bool
	Runs                       int // runs of the "with" benchmark
	// IsoNs and IsoAllocs are the cost of the middleware's handlers alone
	// (BenchmarkHandlers/CASE/with minus /without), if run.
	IsoNs, IsoAllocs float64
	HaveIso          bool
}

// median returns the median of vs (the mean of the middle two for an even count), or 0.
func median(vs []float64) float64 {
	if len(vs) == 0 {
		return 0
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// middlewareCases pairs BenchmarkMiddleware/CASE/without and /with, and adds
// BenchmarkMiddlewareDelta/CASE's delta-ns/op, in the order the cases first appear.
func middlewareCases(bs []goBench) []mwCase {
	type samples struct {
		withoutNs, withNs, withoutAllocs, withAllocs, delta      []float64
		isoWithoutNs, isoWithNs, isoWithoutAllocs, isoWithAllocs []float64
	}
	var order []string
	byName := map[string]*samples{}
	get := func(name string) *samples {
		c, ok := byName[name]
		if !ok {
			c = &samples{}
			byName[name] = c
			order = append(order, name)
		}
		return c
	}
	for _, b := range bs {
		parts := strings.Split(b.Name, "/")
		switch {
		case parts[0] == "BenchmarkMiddleware" && len(parts) == 3:
			c := get(parts[1])
			switch parts[2] {
			case "without":
				c.withoutNs = append(c.withoutNs, b.Metrics["ns/op"])
				c.withoutAllocs = append(c.withoutAllocs, b.Metrics["allocs/op"])
			case "with":
				c.withNs = append(c.withNs, b.Metrics["ns/op"])
				c.withAllocs = append(c.withAllocs, b.Metrics["allocs/op"])
			}
		case parts[0] == "BenchmarkHandlers" && len(parts) == 3:
			c := get(parts[1])
			switch parts[2] {
			case "without":
				c.isoWithoutNs = append(c.isoWithoutNs, b.Metrics["ns/op"])
				c.isoWithoutAllocs = append(c.isoWithoutAllocs, b.Metrics["allocs/op"])
			case "with":
				c.isoWithNs = append(c.isoWithNs, b.Metrics["ns/op"])
				c.isoWithAllocs = append(c.isoWithAllocs, b.Metrics["allocs/op"])
			}
		case parts[0] == "BenchmarkMiddlewareDelta" && len(parts) == 2:
			if d, ok := b.Metrics["delta-ns/op"]; ok {
				c := get(parts[1])
				c.delta = append(c.delta, d)
			}
		}
	}
	out := make([]mwCase, 0, len(order))
	for _, name := range order {
		s := byName[name]
		out = append(out, mwCase{
			Name:      name,
			WithoutNs: median(s.withoutNs), WithNs: median(s.withNs),
			WithoutAllocs: median(s.withoutAllocs), WithAllocs: median(s.withAllocs),
			DeltaNs:         median(s.delta),
			HaveDelta:       len(s.delta) > 0,
			HaveWithWithout: len(s.withNs) > 0 && len(s.withoutNs) > 0,
			Runs:            len(s.withNs),
			IsoNs:           median(s.isoWithNs) - median(s.isoWithoutNs),
			IsoAllocs:       median(s.isoWithAllocs) - median(s.isoWithoutAllocs),
			HaveIso:         len(s.isoWithNs) > 0 && len(s.isoWithoutNs) > 0,
		})
	}
	return out
}
