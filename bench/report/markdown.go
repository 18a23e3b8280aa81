package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
)

const (
	colorOurs  = "#4e79a7"
	colorPeer  = "#e15759"
	colorJS    = "#f28e2b"
	colorNaive = "#76b7b2"
	colorFloor = "#bab0ac"

	loginTarget  = 20.0 // mockpool logins/s over cognito-local's
	varexpTarget = 1.3  // srpauth per login over the unavoidable exponentiation
	naiveTarget  = 3.0  // naive Go per login over srpauth
	mwNsTarget   = 1000.0
	mwAllocLimit = 3.0
	redisP99Us   = 300.0 // extra p99 per masked call with the Redis store on loopback, µs
)

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// srpFigures are section 1's numbers, in ms per login; zero when missing.
type srpFigures struct {
	JS, Naive, Ours, Floor float64
	XVarexp, NaiveSpeedup  float64
}

func srpNumbers(in inputs) srpFigures {
	var s srpFigures
	if in.JS != nil {
		s.JS = in.JS.MsPerLogin
	}
	if b, ok := findBench(in.SRPGo, "BenchmarkSignIn"); ok {
		s.Ours = b.Metrics["ns/op"] / 1e6
		s.XVarexp = b.Metrics["x-varexp"]
		s.NaiveSpeedup = b.Metrics["naive-speedup"]
	}
	if b, ok := findBench(in.SRPGo, "BenchmarkNaiveSignIn"); ok {
		s.Naive = b.Metrics["ns/op"] / 1e6
	}
	if b, ok := findBench(in.SRPGo, "BenchmarkVariableBaseExp"); ok {
		s.Floor = b.Metrics["ns/op"] / 1e6
	}
	return s
}

// ratio is a/b, or NaN when either is missing.
func ratio(a, b float64) float64 {
	if !(a > 0) || !(b > 0) {
		return math.NaN()
	}
	return a / b
}

func fmtRatio(r float64) string {
	if math.IsNaN(r) {
		return "n/a"
	}
	return formatValue(r) + "x"
}

func verdict(ok bool) string {
	if ok {
		return "**met**"
	}
	return "**missed**"
}

var workloadTitles = map[string]string{
	"login":   "successful USER_PASSWORD_AUTH logins",
	"unknown": "unknown-user USER_PASSWORD_AUTH attempts",
	"signup":  "SignUp + ConfirmSignUp pairs",
}

func workloadTitle(w string) string {
	if t, ok := workloadTitles[w]; ok {
		return t
	}
	return w
}

// cumShare returns the cum% that `go tool pprof -top` gives function fn, or "".
func cumShare(top, fn string) string {
	for _, line := range strings.Split(top, "\n") {
		f := strings.Fields(line)
		if len(f) >= 6 && f[len(f)-1] == fn {
			return f[4]
		}
	}
	return ""
}

func writeMarkdown(w io.Writer, f facts, in inputs, svgName string) {
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	p("# Benchmarks\n\n")
	p("Side by side with the peers, in one run on one machine. Made by:\n\n")
	p("    %s\n\n", f.Command)
	p("| | |\n| --- | --- |\n")
	p("| date | %s |\n", f.Date)
	if f.Rev != "" {
		p("| commit | %s |\n", f.Rev)
	}
	p("| mode | %s |\n", f.Mode)
	p("| CPUs (nproc) | %d |\n", f.NumCPU)
	p("| CPU model | %s |\n", f.CPUModel)
	if f.Kernel != "" {
		p("| kernel | Linux %s |\n", f.Kernel)
	}
	p("| go | %s |\n", f.GoVersion)
	if f.NodeVersion != "" {
		p("| node | %s |\n", f.NodeVersion)
	}
	if f.LoadAvg != "" {
		p("| load average at start | %s (the machine may be shared; every figure below shares it alike) |\n", f.LoadAvg)
	}
	if f.LoadAvgEnd != "" {
		p("| load average at the end | %s (1, 5 and 15 minutes: the last two cover most of the run) |\n", f.LoadAvgEnd)
	}
	p("\n![chart](%s)\n\n", svgName)

	// 1. SRP
	s := srpNumbers(in)
	p("## 1. SRP client math per login: srpauth vs the reference JavaScript client\n\n")
	p("The client side of one USER_SRP_AUTH login, no network: a fresh secret `a` and `A = g^a`, then `u`, `x`, `S = (B - k*g^x)^(a+u*x)`, HKDF and the HMAC signature, against a fixed server `B`, salt and secret block (the `basic` vector of testdata/srp/vectors.json, which the JavaScript run first reproduces).\n\n")
	p("| client | ms per login | relative to srpauth |\n| --- | ---: | ---: |\n")
	lib := "amazon-cognito-identity-js"
	if in.JS != nil {
		lib = in.JS.Library + " on node " + in.JS.Node
	}
	row := func(name string, v float64) {
		if v > 0 {
			p("| %s | %s | %s |\n", name, formatValue(v), fmtRatio(ratio(v, s.Ours)))
		} else {
			p("| %s | not measured | |\n", name)
		}
	}
	jsLogins := ""
	if in.JS != nil {
		jsLogins = fmt.Sprintf(", %d logins", in.JS.Logins)
	}
	row(lib+" (bench/srp-js.mjs"+jsLogins+")", s.JS)
	row("Go with math/big `Exp` and a 1024-bit `a`, as existing Go clients do (`BenchmarkNaiveSignIn`)", s.Naive)
	row("**srpauth**: `NewEphemeral` + `Sign` (`BenchmarkSignIn`)", s.Ours)
	row("floor: the one variable-base exponentiation no client avoids, 3072-bit modulus, 512-bit exponent (`BenchmarkVariableBaseExp`)", s.Floor)
	p("\n")
	p("- JavaScript / srpauth: **%s** per login.\n", fmtRatio(ratio(s.JS, s.Ours)))
	if s.NaiveSpeedup > 0 {
		p("- naive Go / srpauth, interleaved in the same benchmark: %s (target at least %.0fx): %s.\n", fmtRatio(s.NaiveSpeedup), naiveTarget, verdict(s.NaiveSpeedup >= naiveTarget))
	}
	if s.XVarexp > 0 {
		p("- srpauth / floor, interleaved in the same benchmark: %s (target at most %.1fx): %s.\n", fmtRatio(s.XVarexp), varexpTarget, verdict(s.XVarexp <= varexpTarget))
	}
	p("\n")

	writeServers(p, f, in)
	writeMiddleware(p, in)
	writeRedisStore(p, in.Redis, in.RedisNote)
}

// writeMiddleware is section 3: the middleware's cost per call.
func writeMiddleware(p func(format string, a ...any), in inputs) {
	p("## 3. middleware: cost per call\n\n")
	if len(in.Middleware) == 0 {
		note := in.MwNote
		if note == "" {
			note = "no BenchmarkMiddleware results"
		}
		p("Skipped: %s.\n", note)
		return
	}
	runs := ""
	if n := in.Middleware[0].Runs; n > 1 {
		runs = fmt.Sprintf(" Each figure is the median of %d runs (`-count %d`).", n, n)
	}
	p("`go test -bench '^(BenchmarkMiddleware|BenchmarkHandlers)' -benchmem ./middleware`: InitiateAuth (USER_PASSWORD_AUTH) through the whole SDK stack on an in-memory transport with a canned answer, without and with the middleware; the difference is its cost. The interleaved column is `BenchmarkMiddlewareDelta`, which alternates both calls so machine load hits them alike.%s A call costs tens of microseconds, so a difference of a few hundred nanoseconds is within the noise of a shared machine; a negative cost means exactly that.\n\n", runs)
	p("| answer | handlers alone: cost, ns/call | handlers alone: extra allocs | whole call, interleaved: cost, ns/call | whole call without, ns/op | whole call with, ns/op | whole call, separate runs: cost, ns/call | allocs without | allocs with | extra allocs |\n")
	p("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, c := range in.Middleware {
		iso, isoAllocs, inter, sep, allocs := "n/a", "n/a", "n/a", "n/a", "n/a"
		if c.HaveIso {
			iso, isoAllocs = "**"+formatValue(c.IsoNs)+"**", formatValue(c.IsoAllocs)
		}
		if c.HaveWithWithout {
			sep = formatValue(c.WithNs - c.WithoutNs)
			allocs = formatValue(c.WithAllocs - c.WithoutAllocs)
		}
		if c.HaveDelta {
			inter = "**" + formatValue(c.DeltaNs) + "**"
		}
		p("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", c.Name, iso, isoAllocs, inter, formatValue(c.WithoutNs), formatValue(c.WithNs), sep,
			formatValue(c.WithoutAllocs), formatValue(c.WithAllocs), allocs)
	}
	p("\nThe middleware's latency floor (on by default) holds failed answers to the latency of real ones, so the whole-call cost of a failure can include deliberate waiting rather than work; the handlers-alone column (`BenchmarkHandlers`, the middleware's handlers on a bare smithy stack) has no such wait.\n")
	p("\nTarget: under %.0f ns and at most %.0f allocations per call on top of the SDK call.", mwNsTarget, mwAllocLimit)
	maxAllocs, maxDelta, haveAllocs, haveDelta := math.Inf(-1), math.Inf(-1), false, false
	maxIso, haveIso := math.Inf(-1), false
	for _, c := range in.Middleware {
		if c.HaveIso {
			maxIso, haveIso = math.Max(maxIso, c.IsoNs), true
		}
		if c.HaveWithWithout {
			maxAllocs, haveAllocs = math.Max(maxAllocs, c.WithAllocs-c.WithoutAllocs), true
		}
		if c.HaveDelta {
			maxDelta, haveDelta = math.Max(maxDelta, c.DeltaNs), true
		}
	}
	if haveAllocs {
		// allocation counts do not depend on the machine's load, so they get a verdict of their own
		p(" Extra allocations on the whole call, at most %s per call: %s.", formatValue(maxAllocs), verdict(maxAllocs <= mwAllocLimit))
	}
	if haveIso {
		p(" Handlers alone, at most %s ns per call: %s.", formatValue(maxIso), verdict(maxIso < mwNsTarget))
	}
	if haveDelta {
		p(" Whole call, interleaved, at most %s ns per call in this run: %s.", formatValue(maxDelta), verdict(maxDelta < mwNsTarget))
	}
	p("\n")
	if in.MwNote != "" {
		p("\nNote: %s\n", in.MwNote)
	}
}

// panels are the chart's panels, built from the same numbers as the table.
func panels(in inputs) []panel {
	var out []panel
	s := srpNumbers(in)
	sp := panel{Title: "1. SRP client math per login (lower is better)", Unit: "ms", Log: true,
		Note: "JavaScript / srpauth = " + fmtRatio(ratio(s.JS, s.Ours))}
	add := func(label string, v float64, color string) {
		if v > 0 {
			sp.Bars = append(sp.Bars, bar{Label: label, Value: v, Color: color})
		}
	}
	add("amazon-cognito-identity-js (node)", s.JS, colorJS)
	add("Go, math/big Exp (naive)", s.Naive, colorNaive)
	add("srpauth", s.Ours, colorOurs)
	add("floor: one variable-base Exp", s.Floor, colorFloor)
	if len(sp.Bars) > 0 {
		out = append(out, sp)
	}
	m, workloads := byWorkload(in.Load)
	for _, w := range workloads {
		lp := panel{Title: fmt.Sprintf("2. %s per second (higher is better)", workloadTitle(w)), Unit: "ops/s"}
		var notes []string
		if w == "signup" {
			for _, peer := range []string{srvCL, srvMoto} {
				if r := ratio(opsOf(m[w], srvState), opsOf(m[w], peer)); !math.IsNaN(r) {
					notes = append(notes, fmt.Sprintf("mockpool -state / %s = %s", peer, fmtRatio(r)))
				}
			}
			if len(notes) > 0 {
				notes[len(notes)-1] += fmt.Sprintf(" (target %.0fx)", durableSignupTarget)
			}
		}
		if w == "login" {
			if r := ratio(opsOf(m[w], srvState), opsOf(m[w], srvMem)); !math.IsNaN(r) {
				notes = append(notes, fmt.Sprintf("-state / memory = %s (target at least %sx)", fmtRatio(r), formatValue(stateLoginFloor)))
			}
			if peer := opsOf(m[w], srvCL); peer > 0 {
				lp.Target = loginTarget * peer
				lp.TargetLabel = fmt.Sprintf("target: %.0fx cognito-local = %s ops/s", loginTarget, formatValue(lp.Target))
			}
		}
		lp.Note = strings.Join(notes, "; ")
		for _, s := range serverOrder {
			r := m[w][s]
			if r == nil {
				continue
			}
			color := colorPeer
			switch s {
			case srvMem:
				color = colorOurs
			case srvState:
				color = colorNaive
			case srvMoto:
				color = colorJS
			}
			lp.Bars = append(lp.Bars, bar{Label: barLabel(s), Value: r.OpsPerS, Color: color,
				Text: fmt.Sprintf("%s ops/s, p50 %s ms, p99 %s ms", formatValue(r.OpsPerS), formatValue(r.P50Ms), formatValue(r.P99Ms))})
		}
		out = append(out, lp)
	}
	if len(in.Populate) > 0 {
		pp := panel{Title: "2b. resident memory per 100,000 users (lower is better)", Unit: "MiB", Log: true,
			Note: "(VmRSS after − before) / users created × 100,000; extrapolated from fewer users where marked"}
		for _, s := range append(append([]string{}, serverOrder...), srvBoring) {
			for _, r := range in.Populate {
				v := perHundredK(r.RSS1-r.RSS0, r.Users) / (1 << 20)
				if r.Server != s || !(v > 0) {
					continue
				}
				color := colorPeer
				switch s {
				case srvMem:
					color = colorOurs
				case srvState:
					color = colorNaive
				case srvMoto:
					color = colorJS
				}
				text := formatValue(v) + " MiB"
				if r.Users < perUsers {
					text += fmt.Sprintf(" (from %d users)", r.Users)
				}
				pp.Bars = append(pp.Bars, bar{Label: barLabel(s), Value: v, Color: color, Text: text})
			}
		}
		if len(pp.Bars) > 0 {
			out = append(out, pp)
		}
	}
	if len(in.Middleware) > 0 {
		mp := panel{Title: "3. middleware cost per call (lower is better)", Unit: "ns", Log: true,
			Note:   "with minus without; whole call: the SDK call, interleaved, with the latency floor's deliberate wait",
			Target: mwNsTarget, TargetLabel: fmt.Sprintf("target: under %.0f ns", mwNsTarget)}
		for _, c := range in.Middleware {
			if c.HaveIso {
				mp.Bars = append(mp.Bars, bar{Label: c.Name + " (handlers)", Value: c.IsoNs, Color: colorOurs, Text: formatValue(c.IsoNs) + " ns"})
			}
			v, have := c.WithNs-c.WithoutNs, c.HaveWithWithout
			if c.HaveDelta {
				v, have = c.DeltaNs, true
			}
			if have {
				mp.Bars = append(mp.Bars, bar{Label: c.Name + " (whole call)", Value: v, Color: colorNaive, Text: formatValue(v) + " ns"})
			}
		}
		if len(mp.Bars) > 0 {
			out = append(out, mp)
		}
	}
	if r := in.Redis; r.Runs > 0 {
		rp := panel{Title: "4. extra time per masked call with the Redis store on loopback (lower is better)", Unit: "µs",
			Note:   "Redis store minus in-memory store, interleaved call by call, without the latency floor",
			Target: redisP99Us, TargetLabel: fmt.Sprintf("target: p99 under %.0f µs", redisP99Us)}
		rp.Bars = append(rp.Bars,
			bar{Label: "masked failure, extra p50", Value: r.P50ExtraUs, Color: colorOurs},
			bar{Label: "masked failure, extra p99", Value: r.P99ExtraUs, Color: colorOurs})
		if r.Redis != nil {
			rp.Bars = append(rp.Bars, bar{Label: "store alone: Redis round trip p99", Value: r.Redis.P99Us, Color: colorFloor})
		}
		out = append(out, rp)
	}
	return out
}

// writeRedisStore is section 4: a masked failure with the Redis store against the
// in-memory store, and the stores' own round trips.
func writeRedisStore(p func(format string, a ...any), r redisFigures, note string) {
	p("\n## 4. middleware with the Redis store: extra time per masked call\n\n")
	if r.Runs == 0 {
		if note == "" {
			note = "no BenchmarkMaskedFailure results"
		}
		p("Skipped: %s.\n", strings.TrimSuffix(note, "."))
		return
	}
	runs := ""
	if r.Runs > 1 {
		runs = fmt.Sprintf(" Each figure is the median of %d runs (`-count %d`); the extra is each run's own difference of the two quantiles, so it need not equal the difference of the medians beside it.", r.Runs, r.Runs)
	}
	p("`go test -run '^$' -bench '^(BenchmarkMaskedFailure|BenchmarkStoreHit)$' -benchmem ./middleware/redisstore`: a masked USER_PASSWORD_AUTH failure of an unknown name on a LEGACY app client (a first failure, so its counter is written) through the SDK client, the mock pool and the middleware, without the latency floor, once with the counters in the in-memory store and once in Redis (`redisstore`, one EVALSHA per update, on a redis-server of the benchmark's own on 127.0.0.1). The two take turns call by call, so that a change in the machine's load hits both alike.%s\n\n", runs)
	allocs := func(v float64) string {
		if !r.HaveAllocs {
			return "n/a"
		}
		return formatValue(v)
	}
	p("| masked failure, per call | p50 µs | p99 µs | allocs per call |\n| --- | ---: | ---: | ---: |\n")
	p("| in-memory store | %s | %s | %s |\n", formatValue(r.P50MemUs), formatValue(r.P99MemUs), allocs(r.AllocsMem))
	p("| Redis store on loopback | %s | %s | %s |\n", formatValue(r.P50RedisUs), formatValue(r.P99RedisUs), allocs(r.AllocsRedis))
	p("| **extra with Redis** (Redis − memory) | **%s** | **%s** | %s |\n", formatValue(r.P50ExtraUs), formatValue(r.P99ExtraUs), allocs(r.AllocsRedis-r.AllocsMem))
	if r.Redis != nil || r.Memory != nil {
		p("\n| the store alone, one counted event (`BenchmarkStoreHit`) | p50 µs | p99 µs | mean ns/op | allocs/op |\n| --- | ---: | ---: | ---: | ---: |\n")
		row := func(name string, h *storeHit) {
			if h == nil {
				p("| %s | not measured | | | |\n", name)
				return
			}
			p("| %s | %s | %s | %s | %s |\n", name, formatValue(h.P50Us), formatValue(h.P99Us), formatValue(h.Ns), formatValue(h.Allocs))
		}
		row("in-memory store (`lockout.Table`)", r.Memory)
		row("Redis store on loopback (a round trip: EVALSHA of `lockout.Script`)", r.Redis)
		if r.Redis != nil && r.Memory != nil {
			p("| Redis − memory | %s | %s | %s | %s |\n", formatValue(r.Redis.P50Us-r.Memory.P50Us), formatValue(r.Redis.P99Us-r.Memory.P99Us),
				formatValue(r.Redis.Ns-r.Memory.Ns), formatValue(r.Redis.Allocs-r.Memory.Allocs))
		}
	}
	p("\nThe extra time is spent inside the latency floor (on by default, off in this benchmark): a held failure waits for the floor anyway, so Redis's round trip adds nothing a caller sees while it stays under the floor; like every figure here, these share the machine's load.\n")
	p("\nTarget: under %.0f µs extra p99 per masked call on loopback. Measured: %s µs: %s.\n", redisP99Us, formatValue(r.P99ExtraUs), verdict(r.P99ExtraUs < redisP99Us))
	if note != "" {
		p("\nNote: %s\n", note)
	}
}
