package main

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// loadLine is one loadgen line with the figures the report uses.
func loadLine(server, workload string, ops float64, answer string) string {
	return fmt.Sprintf(`{"server":%q,"workload":%q,"workers":16,"ops":%d,"errors":0,"answers":{%q:%d},"seconds":10,"opsPerSec":%g,"p50Ms":5,"p99Ms":20,"maxMs":30,"serverCpuMsPerOp":0.5,"loadgenCpuMsPerOp":0.2}`+"\n",
		server, workload, int(ops*10), answer, int(ops*10), ops)
}

func fourServers(signupState, loginState float64) string {
	var b strings.Builder
	for _, s := range []string{srvMem, srvState, srvCL} {
		fmt.Fprintf(&b, `{"server":%q,"workload":"probe","answers":{"wrong-code:CodeMismatchException":1}}`+"\n", s)
	}
	b.WriteString(`{"server":"moto","workload":"probe","answers":{"wrong-code:ok":1}}` + "\n")
	b.WriteString(loadLine(srvMem, "login", 500, "ok"))
	b.WriteString(loadLine(srvState, "login", loginState, "ok"))
	b.WriteString(loadLine(srvCL, "login", 100, "ok"))
	b.WriteString(loadLine(srvMoto, "login", 150, "ok"))
	b.WriteString(loadLine(srvMem, "unknown", 5000, "NotAuthorizedException"))
	b.WriteString(loadLine(srvMoto, "unknown", 200, "UserNotFoundException"))
	b.WriteString(loadLine(srvMem, "signup", 2500, "ok"))
	b.WriteString(loadLine(srvState, "signup", signupState, "ok"))
	b.WriteString(loadLine(srvCL, "signup", 60, "ok"))
	b.WriteString(loadLine(srvMoto, "signup", 120, "ok"))
	return b.String()
}

const samplePopulate = `{"server":"mockpool","workload":"populate","workers":16,"target":100000,"users":100000,"errors":0,"answers":{"ok":100000},"seconds":40,"usersPerSec":2500,"rssBefore":10485760,"rssAfter":220200960,"rssPeak":230000000,"diskBefore":-1,"diskAfter":-1}
{"server":"mockpool-state","workload":"populate","workers":16,"target":100000,"users":50000,"errors":0,"answers":{"ok":50000},"seconds":150,"usersPerSec":333,"rssBefore":10485760,"rssAfter":115343360,"rssPeak":120000000,"diskBefore":0,"diskAfter":50000000}
{"server":"moto","workload":"populate","workers":16,"target":10000,"users":10000,"errors":2,"answers":{"ok":10000,"ThrottlingException":2},"seconds":60,"usersPerSec":166,"rssBefore":83886080,"rssAfter":94371840,"rssPeak":95000000,"diskBefore":-1,"diskAfter":-1}
`

func renderServers(t *testing.T, f facts, in inputs) string {
	t.Helper()
	var buf bytes.Buffer
	writeServers(func(format string, a ...any) { fmt.Fprintf(&buf, format, a...) }, f, in)
	return buf.String()
}

func TestServersGoals(t *testing.T) {
	f := facts{NumCPU: 2, CognitoLocal: "5.3.0", Moto: "5.2.1", StateLabel: "bbolt", Workers: 16}
	for _, c := range []struct {
		name                string
		signupState, logins float64
		want, not           []string
	}{
		{"met", 1500, 470, []string{
			"pairs at least 10x cognito-local's: measured 25.0x: **met**.",
			"pairs at least 10x moto's: measured 12.5x: **met**.",
			"-state / memory = 0.94x: **met**.",
			"**mockpool -state** (bbolt)",
		}, []string{"Caveat"}},
		{"missed", 1199, 449, []string{
			"pairs at least 10x cognito-local's: measured 20.0x: **met**.",
			"pairs at least 10x moto's: measured 9.99x: **missed**.",
			"-state / memory = 0.898x: **missed**.",
		}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			load, err := parseLoad(strings.NewReader(fourServers(c.signupState, c.logins)))
			if err != nil {
				t.Fatal(err)
			}
			md := renderServers(t, f, inputs{Load: load})
			common := []string{
				"| workload | mockpool -state / cognito-local | mockpool -state / moto | mockpool / cognito-local | mockpool / moto | mockpool -state / memory |",
				"moto 5.2.1 accepts ConfirmSignUp with a wrong code",
				"moto 5.2.1 answers UserNotFoundException for unknown users",
				"cognito-local 5.3.0 refuses a wrong confirmation code with CodeMismatchException.",
				"measured 5.00x: **missed**", // 500 / 100 logins, against the 20x target
			}
			for _, want := range append(common, c.want...) {
				if !strings.Contains(md, want) {
					t.Errorf("lacks %q:\n%s", want, md)
				}
			}
			for _, not := range c.not {
				if strings.Contains(md, not) {
					t.Errorf("has %q:\n%s", not, md)
				}
			}
			if strings.Contains(md, "mockpool (memory) refuses") || strings.Contains(md, "mockpool (memory) answers UserNotFound") {
				t.Errorf("a peer note about mockpool:\n%s", md)
			}
		})
	}
}

func TestServersJSONStateCaveat(t *testing.T) {
	load, err := parseLoad(strings.NewReader(fourServers(1500, 500)))
	if err != nil {
		t.Fatal(err)
	}
	md := renderServers(t, facts{StateLabel: "JSON file, rewritten whole after a debounce"}, inputs{Load: load})
	if !strings.Contains(md, "Caveat: this build's -state is the JSON file") {
		t.Errorf("no caveat for the debounced JSON state:\n%s", md)
	}
}

func TestPopulateTable(t *testing.T) {
	pops, err := parsePopulate(strings.NewReader(samplePopulate))
	if err != nil {
		t.Fatal(err)
	}
	md := renderServers(t, facts{Moto: "5.2.1", StateLabel: "bbolt"}, inputs{Load: nil, Populate: pops})
	if !strings.Contains(md, "Not run.") {
		t.Errorf("no load results, yet section 2 ran:\n%s", md)
	}
	var buf bytes.Buffer
	writePopulate(func(format string, a ...any) { fmt.Fprintf(&buf, format, a...) }, facts{Moto: "5.2.1", StateLabel: "bbolt"}, pops)
	md = buf.String()
	for _, want := range []string{
		// 210 MiB more for 100,000 users, measured
		"| **mockpool** (memory) | 100000 (100000) | 2500 | 10.0 | 210 (219) | 200 | none: memory only | none | 0 |",
		// 100 MiB for 50,000 users: 200 per 100,000, extrapolated; 50 MB on disk: 100 MB
		"| **mockpool -state** (bbolt) | 50000 (100000) | 333 | 10.0 | 110 (114) | 200, extrapolated | 100, extrapolated | 50000000 | 0 |",
		"| moto 5.2.1 | 10000 (10000) | 166 | 80.0 | 90.0 (90.6) | 100, extrapolated | none: memory only | none | 2 (ok 10000, ThrottlingException 2) |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("lacks %q:\n%s", want, md)
		}
	}
	if got := perHundredK(10, 0); !math.IsNaN(got) {
		t.Errorf("perHundredK with no users = %v", got)
	}
}

func TestBoring(t *testing.T) {
	render := func(rs []loadResult, note string) string {
		var buf bytes.Buffer
		writeBoring(func(format string, a ...any) { fmt.Fprintf(&buf, format, a...) }, facts{}, rs, note)
		return buf.String()
	}
	if md := render(nil, "the GOEXPERIMENT=boringcrypto build failed: no gcc"); !strings.Contains(md, "Skipped: the GOEXPERIMENT=boringcrypto build failed: no gcc.") {
		t.Errorf("skip note:\n%s", md)
	}
	for _, c := range []struct {
		boring float64
		want   string
	}{
		{900, "It helps: where logins/s matter"},
		{520, "Under 1.10x, not worth a build option."},
	} {
		rs, err := parseLoad(strings.NewReader(loadLine(srvMem, "login", 500, "ok") + loadLine(srvBoring, "login", c.boring, "ok")))
		if err != nil {
			t.Fatal(err)
		}
		md := render(rs, "")
		if !strings.Contains(md, c.want) || !strings.Contains(md, fmt.Sprintf("logins/s: **%s**", fmtRatio(c.boring/500))) {
			t.Errorf("boring %v:\n%s", c.boring, md)
		}
	}
}

func TestReportWithPeersAndPopulate(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("load.jsonl", fourServers(1500, 480))
	write("populate.jsonl", samplePopulate)
	write("boring.jsonl", loadLine(srvMem, "login", 500, "ok")+loadLine(srvBoring, "login", 800, "ok"))
	mdPath, svgPath := filepath.Join(dir, "bench.md"), filepath.Join(dir, "bench.svg")
	if err := run([]string{"-dir", dir, "-md", mdPath, "-svg", svgPath, "-moto", "5.2.1", "-state-label", "bbolt", "-workers", "16"}, os.Stderr); err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(mdPath)
	svg, _ := os.ReadFile(svgPath)
	wellFormed(t, svg)
	for _, want := range []string{"### 2b. Memory and disk per 100,000 users", "### 2c. cmd/mockpool built with GOEXPERIMENT=boringcrypto", "boringcrypto / normal logins/s: **1.60x**"} {
		if !bytes.Contains(md, []byte(want)) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	for _, want := range []string{"2b. resident memory per 100,000 users", "mockpool -state", "moto", "-state / memory = 0.96x"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("chart lacks %q", want)
		}
	}
}

func TestFsyncLine(t *testing.T) {
	load, err := parseLoad(strings.NewReader(fourServers(1500, 500)))
	if err != nil {
		t.Fatal(err)
	}
	m, _ := byWorkload(load)
	for _, c := range []struct {
		p50  float64
		want string
	}{
		// the faster peer does 120 pairs/s: 10x is 1200 pairs/s, 2400 commits/s
		{2, "tops out near 500 commits/s. 10x the faster peer's 120 SignUp + ConfirmSignUp pairs/s is 1200 pairs/s, two committed changes each: 2400 commits/s, more than one fsync per change allows here"},
		{0.4, "tops out near 2500 commits/s. 10x the faster peer's 120 SignUp + ConfirmSignUp pairs/s is 1200 pairs/s, two committed changes each: 2400 commits/s, within reach of one fsync per change here."},
	} {
		var buf bytes.Buffer
		writeFsync(func(format string, a ...any) { fmt.Fprintf(&buf, format, a...) }, "ext2/ext3", &fsyncResult{Samples: 10, Bytes: 4096, P50Ms: c.p50, P99Ms: 5, MaxMs: 6}, m["signup"])
		if !strings.Contains(buf.String(), c.want) {
			t.Errorf("p50 %v: lacks %q:\n%s", c.p50, c.want, buf.String())
		}
	}
}

func TestPerf(t *testing.T) {
	dso := "    72.27%  mockpool         \n    26.92%  [kernel.kallsyms]\n     0.81%  [vdso]           \n"
	cum := `    89.68%     0.00%  [.] runtime.goexit.abi0
    38.66%     0.00%  [.] github.com/maskedauth/maskedauth/internal/srp.Verifier
    18.83%     0.00%  [k] do_syscall_64
    18.83%     0.00%  [.] main.(*persister).save
    garbage
`
	pr := perfProfile{Workload: "signup", DSO: parsePerfDSO(dso), Cum: parsePerfCum(cum), Self: "    19.03%  mockpool  [.] math/big.addMulVVWW.abi0\n"}
	if len(pr.DSO) != 3 || len(pr.Cum) != 4 || pr.Cum[1].Pct != 38.66 {
		t.Fatalf("parsed %+v", pr)
	}
	var buf bytes.Buffer
	writePerf(func(format string, a ...any) { fmt.Fprintf(&buf, format, a...) }, facts{StateLabel: "bbolt"}, []perfProfile{pr}, "")
	md := buf.String()
	for _, want := range []string{
		"Where cmd/mockpool -state (bbolt)'s time goes",
		"- SignUp + ConfirmSignUp pairs: 72.3% of the CPU samples in the server's own code, 26.9% in the kernel",
		"the SRP verifier computed for every new password (`internal/srp.Verifier`) 38.7%; rewriting the whole -state JSON file (`main.(*persister).save`) 18.8%.",
		"  38.66%  [.] github.com/maskedauth/maskedauth/internal/srp.Verifier",
		"math/big.addMulVVWW.abi0",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("lacks %q:\n%s", want, md)
		}
	}
	buf.Reset()
	writePerf(func(format string, a ...any) { fmt.Fprintf(&buf, format, a...) }, facts{}, nil, "perf is not installed (apt-get install linux-perf)")
	if !strings.Contains(buf.String(), "not measured (perf is not installed (apt-get install linux-perf))") {
		t.Errorf("note: %s", buf.String())
	}
}
