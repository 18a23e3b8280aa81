package main

import (
	"fmt"
	"strconv"
	"strings"
)

// perfProfile is what `perf report` said about cmd/mockpool -state under one workload.
type perfProfile struct {
	Workload string
	DSO      []perfLine // by shared object: the binary, [kernel.kallsyms], [vdso]
	Cum      []perfLine // by symbol, with children (cumulative)
	Self     string     // by shared object and symbol, self time: the raw lines
}

type perfLine struct {
	Pct  float64
	Kind string // "[.]" user space, "[k]" kernel; empty for a shared object
	Name string
}

// parsePerfDSO reads `perf report --no-children --sort dso -g none` lines: "72.27%  mockpool".
func parsePerfDSO(text string) []perfLine {
	var out []perfLine
	for _, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		if v, ok := parsePct(f[0]); ok {
			out = append(out, perfLine{Pct: v, Name: strings.Join(f[1:], " ")})
		}
	}
	return out
}

// parsePerfCum reads `perf report --children --sort sym -g none` lines:
// "38.66%  0.00%  [.] github.com/.../srp.Verifier".
func parsePerfCum(text string) []perfLine {
	var out []perfLine
	for _, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) < 4 {
			continue
		}
		v, ok := parsePct(f[0])
		if _, ok2 := parsePct(f[1]); !ok || !ok2 {
			continue
		}
		out = append(out, perfLine{Pct: v, Kind: f[2], Name: strings.Join(f[3:], " ")})
	}
	return out
}

func parsePct(s string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	return v, err == nil && strings.HasSuffix(s, "%")
}

// perfMarkers are the functions whose cumulative share the summary names, if present.
var perfMarkers = []struct{ fn, what string }{
	{"github.com/maskedauth/maskedauth/internal/srp.Verifier", "the SRP verifier computed for every new password (`internal/srp.Verifier`)"},
	{"crypto/rsa.SignPKCS1v15", "RS256 token signing (`crypto/rsa.SignPKCS1v15`)"},
	{"main.(*persister).save", "rewriting the whole -state JSON file (`main.(*persister).save`)"},
	{"go.etcd.io/bbolt.(*Tx).Commit", "bbolt commits (`bbolt.(*Tx).Commit`)"},
	{"modernc.org/sqlite.(*conn).exec", "SQLite statements"},
	{"encoding/json.(*encodeState).marshal", "JSON encoding (`encoding/json`, requests, answers and state alike)"},
	{"runtime.gcBgMarkWorker", "garbage collection (`runtime.gcBgMarkWorker`)"},
}

func cumOf(lines []perfLine, name string) float64 {
	for _, l := range lines {
		if l.Name == name {
			return l.Pct
		}
	}
	return 0
}

// writePerf is the perf summary of cmd/mockpool -state, one paragraph per workload, and
// the raw lists.
func writePerf(p func(format string, a ...any), f facts, profiles []perfProfile, note string) {
	if len(profiles) == 0 {
		if note != "" {
			p("Where cmd/mockpool -state's time goes: not measured (%s).\n\n", strings.TrimSuffix(note, "."))
		}
		return
	}
	label := ""
	if f.StateLabel != "" {
		label = " (" + f.StateLabel + ")"
	}
	p("Where cmd/mockpool -state%s's time goes: `perf record -F 499 -g` of the server process (a fresh one per workload, the same load generator and workers), kernel included.\n\n", label)
	for _, pr := range profiles {
		var own, kernel float64
		for _, d := range pr.DSO {
			switch {
			case d.Name == "[kernel.kallsyms]":
				kernel += d.Pct
			case !strings.HasPrefix(d.Name, "["):
				own += d.Pct
			}
		}
		p("- %s: %s%% of the CPU samples in the server's own code, %s%% in the kernel (system calls: network, writes, fsync).", workloadTitle(pr.Workload), formatValue(own), formatValue(kernel))
		var parts []string
		for _, m := range perfMarkers {
			if v := cumOf(pr.Cum, m.fn); v >= 1 {
				parts = append(parts, fmt.Sprintf("%s %s%%", m.what, formatValue(v)))
			}
		}
		if len(parts) > 0 {
			p(" Cumulative shares: %s.", strings.Join(parts, "; "))
		}
		p("\n")
	}
	p("\n")
	for _, pr := range profiles {
		p("<details><summary>perf report of cmd/mockpool -state under %s (<code>--children --sort sym</code>, then self time by <code>dso,sym</code>)</summary>\n\n```\n", workloadTitle(pr.Workload))
		for _, l := range pr.Cum {
			p("%7.2f%%  %s %s\n", l.Pct, l.Kind, l.Name)
		}
		p("\n# self time\n%s\n```\n\n</details>\n\n", strings.TrimRight(pr.Self, "\n"))
	}
}
