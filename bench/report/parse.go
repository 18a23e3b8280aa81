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

// parsePopulate reads loadgen -populate's JSON lines.
func parsePopulate(r io.Reader) ([]popResult, error) {
	var out []popResult
	dec := json.NewDecoder(r)
	for {
		var pr popResult
		err := dec.Decode(&pr)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, fmt.Errorf("report: parse populate results: %w", err)
		}
		out = append(out, pr)
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

// storeHit is one store's own round trip for one counted event (BenchmarkStoreHit/NAME):
// medians over the runs.
type storeHit struct {
	P50Us, P99Us, Ns, Allocs float64
	Runs                     int
}

// redisFigures are section 4's numbers: a masked failure with the in-memory store and
// with the Redis store (BenchmarkMaskedFailure, the two interleaved call by call), and
// the stores' own round trips. With `go test -count N`, each figure is the median of the
// N runs; the extra p50 and p99 are the medians of each run's own difference
// (p-redis-µs − p-memory-µs of the same run), not differences of medians.
type redisFigures struct {
	Runs int // runs of BenchmarkMaskedFailure with its quantile metrics

	P50MemUs, P50RedisUs, P50ExtraUs float64
	P99MemUs, P99RedisUs, P99ExtraUs float64

	AllocsMem, AllocsRedis float64
	HaveAllocs             bool

	Redis, Memory *storeHit // nil when not run
}

// redisMetrics are the metrics BenchmarkMaskedFailure reports, in the order of the fields
// they fill.
var redisMetrics = []string{"p50-memory-µs", "p50-redis-µs", "p50-extra-µs", "p99-memory-µs", "p99-redis-µs", "p99-extra-µs"}

// redisstoreFigures reads BenchmarkMaskedFailure and BenchmarkStoreHit/{redis,memory}.
// A BenchmarkMaskedFailure line counts only with all of its quantile metrics.
func redisstoreFigures(bs []goBench) redisFigures {
	var r redisFigures
	q := make([][]float64, len(redisMetrics))
	var am, ar []float64
	type hitSamples struct{ p50, p99, ns, allocs []float64 }
	hits := map[string]*hitSamples{}
	for _, b := range bs {
		switch {
		case b.Name == "BenchmarkMaskedFailure":
			vs := make([]float64, len(redisMetrics))
			ok := true
			for i, m := range redisMetrics {
				vs[i], ok = b.Metrics[m]
				if !ok {
					break
				}
			}
			if !ok {
				continue
			}
			for i, v := range vs {
				q[i] = append(q[i], v)
			}
			mem, okm := b.Metrics["allocs-memory"]
			red, okr := b.Metrics["allocs-redis"]
			if okm && okr {
				am, ar = append(am, mem), append(ar, red)
			}
		case strings.HasPrefix(b.Name, "BenchmarkStoreHit/"):
			name := strings.TrimPrefix(b.Name, "BenchmarkStoreHit/")
			p50, ok50 := b.Metrics["p50-µs"]
			p99, ok99 := b.Metrics["p99-µs"]
			if (name != "redis" && name != "memory") || !ok50 || !ok99 {
				continue
			}
			h := hits[name]
			if h == nil {
				h = &hitSamples{}
				hits[name] = h
			}
			h.p50, h.p99 = append(h.p50, p50), append(h.p99, p99)
			h.ns, h.allocs = append(h.ns, b.Metrics["ns/op"]), append(h.allocs, b.Metrics["allocs/op"])
		}
	}
	r.Runs = len(q[0])
	if r.Runs > 0 {
		r.P50MemUs, r.P50RedisUs, r.P50ExtraUs = median(q[0]), median(q[1]), median(q[2])
		r.P99MemUs, r.P99RedisUs, r.P99ExtraUs = median(q[3]), median(q[4]), median(q[5])
	}
	if len(am) > 0 {
		r.AllocsMem, r.AllocsRedis, r.HaveAllocs = median(am), median(ar), true
	}
	hit := func(name string) *storeHit {
		h := hits[name]
		if h == nil {
			return nil
		}
		return &storeHit{P50Us: median(h.p50), P99Us: median(h.p99), Ns: median(h.ns), Allocs: median(h.allocs), Runs: len(h.p50)}
	}
	r.Redis, r.Memory = hit("redis"), hit("memory")
	return r
}
