package main

import (
	"bytes"
	"encoding/xml"
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
		if err := run([]string{"-dir", dir, "-md", mdPath, "-svg", svgPath, "-command", "bench/run.sh --short", "-mode", "short", "-date", "2026-01-02 03:04 UTC", "-rev", "abc1234"}, &stderr); err != nil {
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
		"    bench/run.sh --short", "2026-01-02 03:04 UTC", "| commit | abc1234 |", "![chart](bench.svg)",
		"JavaScript / srpauth: **108x**", // 212 ms / 1.958941 ms
		"| successful USER_PASSWORD_AUTH logins | **20.0x** |",
		"Measured: 20.0x: **met**",
		"takes 93.42% of the server's CPU",
		"20x cognito-local's 22.2 logins/s is 443 logins/s: with this load generator on the same",
		"that needs the server under 4.31 ms of CPU per login.",
		"its rate falls as that file grows",
		"srpauth / floor, interleaved in the same benchmark: 1.18x (target at most 1.3x): **met**",
		"Skipped: no BenchmarkMiddleware results.",
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
