package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sampleBench = `goos: linux
goarch: amd64
pkg: github.com/maskedauth/maskedauth/srpauth
cpu: Intel(R) Xeon(R) Processor
BenchmarkSignIn-2            	      20	   1958941 ns/op	         3.819 naive-speedup	         1.180 x-varexp	   34404 B/op	      99 allocs/op
BenchmarkVariableBaseExp-2   	      20	   1745165 ns/op	   17038 B/op	      20 allocs/op
BenchmarkNaiveSignIn-2       	      20	   7801550 ns/op	   62116 B/op	     128 allocs/op
BenchmarkBroken-2   	      x	   1 ns/op
PASS
ok  	github.com/maskedauth/maskedauth/srpauth	0.839s
`

const sampleMiddleware = `BenchmarkMiddleware/success/without-2         	   20000	     23425 ns/op	   20033 B/op	     251 allocs/op
BenchmarkMiddleware/success/with-2            	   20000	     28216 ns/op	   20106 B/op	     254 allocs/op
BenchmarkMiddleware/wrong-password/without-2  	   20000	     35377 ns/op	   23069 B/op	     299 allocs/op
BenchmarkMiddleware/wrong-password/with-2     	   20000	     52673 ns/op	   23038 B/op	     298 allocs/op
BenchmarkMiddleware/success/with-2            	   20000	     28000 ns/op	   20106 B/op	     254 allocs/op
BenchmarkMiddleware/success/with-2            	   20000	     99999 ns/op	   20106 B/op	     254 allocs/op
BenchmarkMiddlewareDelta/success-2                        	   20000	     74576 ns/op	       129.0 delta-ns/op	     37314 with-ns/op	     37185 without-ns/op	   40141 B/op	     505 allocs/op
BenchmarkMiddlewareDelta/wrong-password-2                 	   20000	    114246 ns/op	     -4045 delta-ns/op	     55061 with-ns/op	     59105 without-ns/op	   46109 B/op	     597 allocs/op
`

const sampleHandlers = `BenchmarkHandlers/success/without-2         	   20000	      2072 ns/op	    1128 B/op	      25 allocs/op
BenchmarkHandlers/success/with-2            	   20000	      3091 ns/op	    1528 B/op	      29 allocs/op
`

const sampleLoad = `{"server":"mockpool","workload":"login","workers":8,"ops":1336,"errors":0,"answers":{"ok":1336},"seconds":3.01,"opsPerSec":443.2,"p50Ms":15.2,"p99Ms":66.8,"maxMs":80,"serverCpuMsPerOp":2.23,"loadgenCpuMsPerOp":0.205}
{"server":"cognito-local","workload":"login","workers":8,"ops":429,"errors":0,"answers":{"ok":429},"seconds":3.01,"opsPerSec":22.16,"p50Ms":49,"p99Ms":173,"maxMs":200,"serverCpuMsPerOp":6.22,"loadgenCpuMsPerOp":0.257}
{"server":"mockpool","workload":"signup","workers":8,"ops":6436,"errors":0,"answers":{"ok":6436},"seconds":3,"opsPerSec":2144.6,"p50Ms":3.09,"p99Ms":10.5,"maxMs":20,"loadgenCpuMsPerOp":0.2}
`

const sampleTop = `      flat  flat%   sum%        cum   cum%
     0.02s  0.35% 95.09%      4.95s 86.84%  crypto/internal/fips140/bigmod.(*Nat).Exp
         0     0% 95.02%      5.25s 93.42%  crypto/rsa.SignPKCS1v15
`

func TestParseGoBench(t *testing.T) {
	bs, err := parseGoBench(strings.NewReader(sampleBench))
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 3 {
		t.Fatalf("got %d benchmarks, want 3: %+v", len(bs), bs)
	}
	b, ok := findBench(bs, "BenchmarkSignIn")
	if !ok {
		t.Fatal("BenchmarkSignIn not found (suffix -2 not stripped?)")
	}
	for unit, want := range map[string]float64{"ns/op": 1958941, "x-varexp": 1.18, "naive-speedup": 3.819, "allocs/op": 99} {
		if got := b.Metrics[unit]; got != want {
			t.Errorf("%s = %v, want %v", unit, got, want)
		}
	}
	if b.N != 20 {
		t.Errorf("N = %d, want 20", b.N)
	}
	if _, ok := findBench(bs, "BenchmarkBroken"); ok {
		t.Error("a line with a bad iteration count was parsed")
	}
}

func TestMiddlewareCases(t *testing.T) {
	bs, err := parseGoBench(strings.NewReader(sampleMiddleware))
	if err != nil {
		t.Fatal(err)
	}
	cs := middlewareCases(bs)
	if len(cs) != 2 || cs[0].Name != "success" || cs[1].Name != "wrong-password" {
		t.Fatalf("cases = %+v", cs)
	}
	c := cs[0]
	if !c.HaveWithWithout || c.WithNs-c.WithoutNs != 4791 || c.WithAllocs-c.WithoutAllocs != 3 {
		t.Errorf("success: %+v", c)
	}
	if !c.HaveDelta || c.DeltaNs != 129 {
		t.Errorf("success delta: %+v", c)
	}
	if cs[1].DeltaNs != -4045 {
		t.Errorf("wrong-password delta = %v", cs[1].DeltaNs)
	}
}

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{{nil, 0}, {[]float64{3}, 3}, {[]float64{3, 1, 2}, 2}, {[]float64{4, 1, 3, 2}, 2.5}} {
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestBarLength(t *testing.T) {
	tests := []struct {
		name               string
		v, minV, maxV, max float64
		log                bool
		want               float64
	}{
		{"linear top", 10, 1, 10, 300, false, 300},
		{"linear half", 5, 1, 10, 300, false, 150},
		{"zero", 0, 1, 10, 300, false, 0},
		{"negative", -3, 1, 10, 300, true, 0},
		{"NaN", math.NaN(), 1, 10, 300, false, 0},
		{"no max", 5, 0, 0, 300, false, 0},
		{"log top", 200, 2, 200, 300, true, 300},
		{"log single value", 7, 7, 7, 300, true, 300},
	}
	for _, tc := range tests {
		if got := barLength(tc.v, tc.minV, tc.maxV, tc.max, tc.log); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s: barLength = %v, want %v", tc.name, got, tc.want)
		}
	}
	// on the log scale, order is kept and the smallest value still shows
	a := barLength(2, 2, 200, 300, true)
	b := barLength(20, 2, 200, 300, true)
	if !(a >= 2 && a < b && b < 300) {
		t.Errorf("log scale: 2 -> %v, 20 -> %v", a, b)
	}
}

func TestFormatValue(t *testing.T) {
	for v, want := range map[float64]string{1234.5: "1234", 42.42: "42.4", 2.061: "2.06", 0.04963: "0.0496", -4045: "-4045", math.NaN(): "n/a"} {
		if got := formatValue(v); got != want {
			t.Errorf("formatValue(%v) = %q, want %q", v, got, want)
		}
	}
}

// wellFormed fails the test unless doc is well-formed XML with an <svg> root.
func wellFormed(t *testing.T, doc []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	root := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v\n%s", err, doc)
		}
		if se, ok := tok.(xml.StartElement); ok && root == "" {
			root = se.Name.Local
		}
	}
	if root != "svg" {
		t.Fatalf("root element %q, want svg", root)
	}
}

func TestWriteSVG(t *testing.T) {
	var buf bytes.Buffer
	ps := []panel{
		{Title: "SRP <per login> & more", Unit: "ms", Log: true, Note: `a "quoted" note`, Bars: []bar{{Label: "js", Value: 212}, {Label: "go", Value: 2}}},
		{Title: "empty", Unit: "ops/s", Target: 5, TargetLabel: "no bars"},
		{Title: "with target", Unit: "ops/s", Target: 100, TargetLabel: "target <100>", Bars: []bar{{Label: "a", Value: 10}}},
		{Title: "odd values", Unit: "ns", Bars: []bar{{Label: "neg", Value: -4}, {Label: "nan", Value: math.NaN()}, {Label: "inf", Value: math.Inf(1)}, {Label: "ok", Value: 3}}},
	}
	if err := writeSVG(&buf, "title <x>", "sub & title", ps); err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	wellFormed(t, out)
	for _, want := range []string{"SRP &lt;per login&gt; &amp; more", "212 ms", "2.00 ms", "a &#34;quoted&#34; note", "sub &amp; title", "target &lt;100&gt;", "stroke-dasharray"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if bytes.Contains(out, []byte("NaN")) || bytes.Contains(out, []byte("Inf")) {
		t.Errorf("SVG has a NaN or Inf coordinate:\n%s", out)
	}
}

func TestReportFromResultsDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("srp-go.txt", sampleBench)
	write("srp-js.json", `{"logins":10,"warmup":5,"totalMs":2120,"msPerLogin":212,"node":"v20.20.2","library":"amazon-cognito-identity-js 6.3.21"}`+"\n")
	write("load.jsonl", sampleLoad)
	write("cpu-top.txt", sampleTop)
	mdPath, svgPath := filepath.Join(dir, "bench.md"), filepath.Join(dir, "bench.svg")

	run1 := func() string {
		t.Helper()
		var stderr bytes.Buffer
		if err := run([]string{"-dir", dir, "-md", mdPath, "-svg", svgPath, "-command", "bench/run.sh --short", "-mode", "short", "-date", "2026-01-02 03:04 UTC", "-rev", "abc1234", "-loadavg-end", "7.10 6.20 5.30"}, &stderr); err != nil {
			t.Fatalf("run: %v (%s)", err, stderr.String())
		}
		md, err := os.ReadFile(mdPath)
		if err != nil {
			t.Fatal(err)
		}
		svg, err := os.ReadFile(svgPath)
		if err != nil {
			t.Fatal(err)
		}
		wellFormed(t, svg)
		return string(md)
	}

	md := run1()
	for _, want := range []string{
		"    bench/run.sh --short", "2026-01-02 03:04 UTC", "| commit | abc1234 |", "| load average at the end | 7.10 6.20 5.30 (", "![chart](bench.svg)",
		"JavaScript / srpauth: **108x**", // 212 ms / 1.958941 ms
		"| successful USER_PASSWORD_AUTH logins | 20.0x |",
		"- mockpool (memory) at least 20x cognito-local's successful logins per second: measured 20.0x: **met**.",
		"takes 93.42% of the server's CPU",
		"20x cognito-local's 22.2 logins/s is 443 logins/s: with this load generator on the same",
		"that needs the server under 4.31 ms of CPU per login.",
		"its rate falls as that file grows",
		"srpauth / floor, interleaved in the same benchmark: 1.18x (target at most 1.3x): **met**",
		"Skipped: no BenchmarkMiddleware results.",
		"## 4. middleware with the Redis store", // after a skipped section 3
		"Skipped: no BenchmarkMaskedFailure results.",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if n := strings.Count(md, "| SignUp + ConfirmSignUp pairs |"); n != 1 {
		t.Error("a ratio was printed for a workload with one server only")
	}

	write("middleware.txt", sampleMiddleware+sampleHandlers)
	md = run1()
	for _, want := range []string{"| success | **1019** | 4.00 | **129** | 23425 | 28216 | 4791 | 251 | 254 | 3.00 |",
		"| wrong-password | n/a | n/a | **-4045** |",
		"Extra allocations on the whole call, at most 3.00 per call: **met**.", "Handlers alone, at most 1019 ns per call: **missed**.",
		"Whole call, interleaved, at most 129 ns per call in this run: **met**."} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}

	os.Remove(filepath.Join(dir, "middleware.txt"))
	write("middleware-note.txt", "middleware/ has no BenchmarkMiddleware yet\n")
	if md = run1(); !strings.Contains(md, "Skipped: middleware/ has no BenchmarkMiddleware yet.") {
		t.Errorf("skip note missing:\n%s", md)
	}

	// section 4 from the results folder: bench/run.sh's redisstore.txt, then its note
	write("redisstore.txt", sampleRedisstore)
	md = run1()
	for _, want := range []string{"| **extra with Redis** (Redis − memory) | **152** | **240** | 7.00 |",
		"Measured: 240 µs: **met**.", "| Redis − memory | 54.8 | 120 | 61022 | 8.00 |"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if svg, _ := os.ReadFile(svgPath); !bytes.Contains(svg, []byte("4. extra time per masked call with the Redis store")) {
		t.Errorf("chart lacks the Redis panel:\n%s", svg)
	}
	write("redisstore.txt", sampleRedisSkip)
	write("redisstore-note.txt", "redis-server is not installed (apt-get install redis-server); the benchmark starts its own on 127.0.0.1\n")
	md = run1()
	if !strings.Contains(md, "Skipped: redis-server is not installed (apt-get install redis-server); the benchmark starts its own on 127.0.0.1.") ||
		strings.Contains(md, "µs: **") {
		t.Errorf("section 4 without redis-server:\n%s", md[strings.Index(md, "## 4."):])
	}
}

func TestRunNeedsDir(t *testing.T) {
	if err := run(nil, io.Discard); err == nil {
		t.Error("run without -dir succeeded")
	}
}

func TestCumShare(t *testing.T) {
	if got := cumShare(sampleTop, "crypto/rsa.SignPKCS1v15"); got != "93.42%" {
		t.Errorf("cumShare = %q", got)
	}
	if got := cumShare(sampleTop, "nothing"); got != "" {
		t.Errorf("cumShare of a missing function = %q", got)
	}
}

// sampleRedisstore is go test -bench output of middleware/redisstore with -count 3, in
// the layout go test prints (ns/op, the custom metrics by name, then -benchmem's).
const sampleRedisstore = `goos: linux
goarch: amd64
pkg: github.com/maskedauth/maskedauth/middleware/redisstore
cpu: Intel(R) Xeon(R) Processor
BenchmarkMaskedFailure-2   	    5000	    612345 ns/op	        31.00 allocs-memory	        38.00 allocs-redis	       152.0 p50-extra-µs	       201.0 p50-memory-µs	       353.0 p50-redis-µs	       240.0 p99-extra-µs	       520.0 p99-memory-µs	       760.0 p99-redis-µs	  150123 B/op	     700 allocs/op
BenchmarkMaskedFailure-2   	    5000	    623456 ns/op	        31.00 allocs-memory	        38.00 allocs-redis	       160.0 p50-extra-µs	       210.0 p50-memory-µs	       370.0 p50-redis-µs	       260.0 p99-extra-µs	       530.0 p99-memory-µs	       790.0 p99-redis-µs	  150123 B/op	     700 allocs/op
BenchmarkMaskedFailure-2   	    5000	    601234 ns/op	        32.00 allocs-memory	        39.00 allocs-redis	       140.0 p50-extra-µs	       190.0 p50-memory-µs	       330.0 p50-redis-µs	       200.0 p99-extra-µs	       900.0 p99-memory-µs	      1100 p99-redis-µs	  150123 B/op	     700 allocs/op
BenchmarkStoreHit/redis-2  	    5000	     61234 ns/op	        55.00 p50-µs	       120.0 p99-µs	     320 B/op	       9 allocs/op
BenchmarkStoreHit/memory-2 	    5000	       212.0 ns/op	         0.1800 p50-µs	         0.4500 p99-µs	      48 B/op	       1 allocs/op
BenchmarkStoreHit/redis-2  	    5000	     59000 ns/op	        53.00 p50-µs	       130.0 p99-µs	     320 B/op	       9 allocs/op
BenchmarkStoreHit/redis-2  	    5000	     70000 ns/op	        60.00 p50-µs	       110.0 p99-µs	     320 B/op	       9 allocs/op
PASS
ok  	github.com/maskedauth/maskedauth/middleware/redisstore	21.3s
`

// sampleRedisSkip is what go test prints when the benchmarks skip without redis-server.
const sampleRedisSkip = `SKIP: BenchmarkMaskedFailure: redis-server is not installed (apt-get install redis-server); set MASKEDAUTH_REQUIRE_INTEROP=1 to make this a failure
goos: linux
BenchmarkMaskedFailure
    redistest.go:47: redis-server is not installed
--- SKIP: BenchmarkMaskedFailure
PASS
`

func TestRedisstoreFigures(t *testing.T) {
	tests := []struct {
		name       string
		text       string
		want       redisFigures // without Redis and Memory
		wantRedis  *storeHit
		wantMemory *storeHit
	}{
		{
			name: "three runs: medians, the extra from each run's own difference",
			text: sampleRedisstore,
			want: redisFigures{Runs: 3, P50MemUs: 201, P50RedisUs: 353, P50ExtraUs: 152, P99MemUs: 530, P99RedisUs: 790, P99ExtraUs: 240,
				AllocsMem: 31, AllocsRedis: 38, HaveAllocs: true},
			wantRedis:  &storeHit{P50Us: 55, P99Us: 120, Ns: 61234, Allocs: 9, Runs: 3},
			wantMemory: &storeHit{P50Us: 0.18, P99Us: 0.45, Ns: 212, Allocs: 1, Runs: 1},
		},
		{
			name: "a negative extra and no allocation metrics",
			text: "BenchmarkMaskedFailure-2 100 9 ns/op -3 p50-extra-µs 80 p50-memory-µs 77 p50-redis-µs -1 p99-extra-µs 300 p99-memory-µs 299 p99-redis-µs\n",
			want: redisFigures{Runs: 1, P50MemUs: 80, P50RedisUs: 77, P50ExtraUs: -3, P99MemUs: 300, P99RedisUs: 299, P99ExtraUs: -1},
		},
		{
			name: "a line without the quantile metrics does not count",
			text: "BenchmarkMaskedFailure-2 100 612345 ns/op 31 allocs-memory 38 allocs-redis 100 B/op 7 allocs/op\n",
			want: redisFigures{},
		},
		{
			name:      "the store alone, no masked failure; other sub-benchmarks ignored",
			text:      "BenchmarkStoreHit/redis-2 10 61234 ns/op 55 p50-µs 120 p99-µs 320 B/op 9 allocs/op\nBenchmarkStoreHit/valkey-2 10 1 ns/op 1 p50-µs 1 p99-µs\nBenchmarkMaskedFailureX-2 10 1 ns/op 1 p50-extra-µs\n",
			want:      redisFigures{},
			wantRedis: &storeHit{P50Us: 55, P99Us: 120, Ns: 61234, Allocs: 9, Runs: 1},
		},
		{name: "skipped without redis-server", text: sampleRedisSkip, want: redisFigures{}},
		{name: "empty", text: "", want: redisFigures{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bs, err := parseGoBench(strings.NewReader(tc.text))
			if err != nil {
				t.Fatal(err)
			}
			got := redisstoreFigures(bs)
			gotRedis, gotMemory := got.Redis, got.Memory
			got.Redis, got.Memory = nil, nil
			if got != tc.want {
				t.Errorf("figures = %+v\nwant      %+v", got, tc.want)
			}
			for _, h := range []struct {
				name      string
				got, want *storeHit
			}{{"redis", gotRedis, tc.wantRedis}, {"memory", gotMemory, tc.wantMemory}} {
				switch {
				case h.got == nil && h.want == nil:
				case h.got == nil || h.want == nil:
					t.Errorf("store hit %s = %+v, want %+v", h.name, h.got, h.want)
				case *h.got != *h.want:
					t.Errorf("store hit %s = %+v, want %+v", h.name, *h.got, *h.want)
				}
			}
		})
	}
}

func TestWriteRedisStore(t *testing.T) {
	measured := func(p99Extra float64) redisFigures {
		return redisFigures{Runs: 3, P50MemUs: 201, P50RedisUs: 353, P50ExtraUs: 152, P99MemUs: 530, P99RedisUs: 790, P99ExtraUs: p99Extra,
			AllocsMem: 31, AllocsRedis: 38, HaveAllocs: true,
			Redis:  &storeHit{P50Us: 55, P99Us: 120, Ns: 61234, Allocs: 9, Runs: 3},
			Memory: &storeHit{P50Us: 0.18, P99Us: 0.45, Ns: 212, Allocs: 1, Runs: 3}}
	}
	oneRun := redisFigures{Runs: 1, P50MemUs: 80, P50RedisUs: 77, P50ExtraUs: -3, P99MemUs: 300, P99RedisUs: 299, P99ExtraUs: -1}
	tests := []struct {
		name    string
		r       redisFigures
		note    string
		want    []string
		notWant []string
	}{
		{
			name: "met",
			r:    measured(240),
			want: []string{
				"## 4. middleware with the Redis store",
				"-bench '^(BenchmarkMaskedFailure|BenchmarkStoreHit)$' -benchmem ./middleware/redisstore",
				"Each figure is the median of 3 runs (`-count 3`)",
				"| in-memory store | 201 | 530 | 31.0 |",
				"| Redis store on loopback | 353 | 790 | 38.0 |",
				"| **extra with Redis** (Redis − memory) | **152** | **240** | 7.00 |",
				"| in-memory store (`lockout.Table`) | 0.18 | 0.45 | 212 | 1.00 |",
				"| Redis store on loopback (a round trip: EVALSHA of `lockout.Script`) | 55.0 | 120 | 61234 | 9.00 |",
				"| Redis − memory | 54.8 | 120 | 61022 | 8.00 |",
				"inside the latency floor",
				"a held failure waits for the floor anyway",
				"share the machine's load",
				"Target: under 300 µs extra p99 per masked call on loopback. Measured: 240 µs: **met**.",
			},
			notWant: []string{"**missed**", "Skipped", "Note:"},
		},
		{
			name:    "missed",
			r:       measured(412),
			want:    []string{"| **412** |", "Measured: 412 µs: **missed**."},
			notWant: []string{"**met**"},
		},
		{
			name: "exactly the target is not under it",
			r:    measured(300),
			want: []string{"Measured: 300 µs: **missed**."},
		},
		{
			name:    "one run, a negative extra (noise), no allocations, no store alone",
			r:       oneRun,
			want:    []string{"| **extra with Redis** (Redis − memory) | **-3.00** | **-1.00** | n/a |", "| in-memory store | 80.0 | 300 | n/a |", "Measured: -1.00 µs: **met**."},
			notWant: []string{"median of", "BenchmarkStoreHit`) |"},
		},
		{
			name:    "the store alone on Redis only",
			r:       redisFigures{Runs: 1, P99ExtraUs: 10, Redis: &storeHit{P50Us: 55, P99Us: 120, Ns: 61234, Allocs: 9}},
			want:    []string{"| in-memory store (`lockout.Table`) | not measured | | | |", "| Redis store on loopback (a round trip"},
			notWant: []string{"| Redis − memory |"},
		},
		{
			name:    "redis-server missing",
			note:    "redis-server is not installed (apt-get install redis-server); the benchmark starts its own on 127.0.0.1",
			want:    []string{"## 4. middleware with the Redis store", "Skipped: redis-server is not installed (apt-get install redis-server); the benchmark starts its own on 127.0.0.1.\n"},
			notWant: []string{"Target:", "**met**", "**missed**", "|"},
		},
		{
			name:    "no results and no note",
			want:    []string{"Skipped: no BenchmarkMaskedFailure results.\n"},
			notWant: []string{"Target:"},
		},
		{
			name: "results and a failure note",
			r:    measured(240),
			note: "the Redis store benchmark did not run cleanly: bench_test.go:93: boom",
			want: []string{"Measured: 240 µs: **met**.", "\nNote: the Redis store benchmark did not run cleanly: bench_test.go:93: boom\n"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			writeRedisStore(func(format string, a ...any) { fmt.Fprintf(&buf, format, a...) }, tc.r, tc.note)
			md := buf.String()
			for _, w := range tc.want {
				if !strings.Contains(md, w) {
					t.Errorf("markdown lacks %q:\n%s", w, md)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(md, w) {
					t.Errorf("markdown has %q:\n%s", w, md)
				}
			}
		})
	}
}

func TestRedisPanel(t *testing.T) {
	in := inputs{Redis: redisFigures{Runs: 1, P50ExtraUs: 150, P99ExtraUs: 240, Redis: &storeHit{P99Us: 120}}}
	ps := panels(in)
	if len(ps) != 1 || !strings.HasPrefix(ps[0].Title, "4. ") || ps[0].Target != 300 || len(ps[0].Bars) != 3 || ps[0].Bars[1].Value != 240 {
		t.Fatalf("panels = %+v", ps)
	}
	if ps := panels(inputs{}); len(ps) != 0 {
		t.Errorf("a Redis panel without results: %+v", ps)
	}
	var buf bytes.Buffer
	if err := writeSVG(&buf, "t", "s", panels(in)); err != nil {
		t.Fatal(err)
	}
	wellFormed(t, buf.Bytes())
	if !bytes.Contains(buf.Bytes(), []byte("240 µs")) || !bytes.Contains(buf.Bytes(), []byte("target: p99 under 300 µs")) {
		t.Errorf("SVG lacks the Redis panel's values:\n%s", buf.Bytes())
	}
}
