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

// loadPair is one workload's results for both servers.
type loadPair struct {
	Workload string
	Ours     *loadResult
	Peer     *loadResult
}

const ourServer, peerServer = "mockpool", "cognito-local"

func loadPairs(rs []loadResult) []loadPair {
	var out []loadPair
	idx := map[string]int{}
	for i := range rs {
		r := &rs[i]
		k, ok := idx[r.Workload]
		if !ok {
			k = len(out)
			idx[r.Workload] = k
			out = append(out, loadPair{Workload: r.Workload})
		}
		switch r.Server {
		case ourServer:
			out[k].Ours = r
		case peerServer:
			out[k].Peer = r
		}
	}
	return out
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

	// 2. load
	pairs := loadPairs(in.Load)
	p("## 2. cmd/mockpool vs cognito-local over loopback HTTP\n\n")
	workers, secs := 0, 0.0
	for _, r := range in.Load {
		workers = r.Workers
		secs = math.Max(secs, r.Seconds)
	}
	peer := "cognito-local"
	if f.CognitoLocal != "" {
		peer += " " + f.CognitoLocal
	}
	p("Both servers on 127.0.0.1, driven by the same load generator on the same machine (`bench/loadgen`: aws-sdk-go-v2 `cognitoidentityprovider`, %d workers, keep-alive connections, no retries, about %.0f s per workload and server after a warm-up); within each workload the servers take turns in short rounds, so that a change in the machine's load hits both alike. Set-up through the API: a pool with e-mail auto-verified, an app client with USER_PASSWORD_AUTH and PreventUserExistenceErrors ENABLED, confirmed users (SignUp + AdminConfirmSignUp). Peer: %s (node, its database in a fresh temporary directory, its log to a file). Latency is per operation (per pair for SignUp + ConfirmSignUp). CPU per operation is read from /proc for the server and from getrusage for the load generator.\n\n", workers, secs, peer)
	p("| workload | server | ops/s | p50 ms | p99 ms | server CPU ms/op | load generator CPU ms/op | ops (unexpected answers) |\n")
	p("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, pr := range pairs {
		for _, r := range []*loadResult{pr.Ours, pr.Peer} {
			if r == nil {
				continue
			}
			name := r.Server
			if name == ourServer {
				name = "**mockpool**"
			}
			cpu := "n/a"
			if r.ServerCPUMs > 0 {
				cpu = formatValue(r.ServerCPUMs)
			}
			p("| %s | %s | %s | %s | %s | %s | %s | %d (%d) |\n", workloadTitle(r.Workload), name, formatValue(r.OpsPerS),
				formatValue(r.P50Ms), formatValue(r.P99Ms), cpu, formatValue(r.LoadgenCPUMs), r.Ops, r.Errors)
		}
	}
	p("\n| workload | ops/s, mockpool / cognito-local | p50, cognito-local / mockpool | p99, cognito-local / mockpool | server CPU per op, cognito-local / mockpool |\n")
	p("| --- | ---: | ---: | ---: | ---: |\n")
	var loginRatio float64 = math.NaN()
	var loginOurs *loadResult
	for _, pr := range pairs {
		if pr.Ours == nil || pr.Peer == nil {
			continue
		}
		r := ratio(pr.Ours.OpsPerS, pr.Peer.OpsPerS)
		if pr.Workload == "login" {
			loginRatio, loginOurs = r, pr.Ours
		}
		p("| %s | **%s** | %s | %s | %s |\n", workloadTitle(pr.Workload), fmtRatio(r),
			fmtRatio(ratio(pr.Peer.P50Ms, pr.Ours.P50Ms)), fmtRatio(ratio(pr.Peer.P99Ms, pr.Ours.P99Ms)),
			fmtRatio(ratio(pr.Peer.ServerCPUMs, pr.Ours.ServerCPUMs)))
	}
	p("\n")
	if !math.IsNaN(loginRatio) {
		p("Target: mockpool at least %.0fx cognito-local's successful logins per second. Measured: %s: %s.\n\n", loginTarget, fmtRatio(loginRatio), verdict(loginRatio >= loginTarget))
	}
	if loginOurs != nil && loginOurs.ServerCPUMs > 0 {
		ceiling := float64(f.NumCPU) * 1000 / (loginOurs.ServerCPUMs + loginOurs.LoadgenCPUMs)
		p("Where mockpool's time goes: each login costs the server %s ms of CPU and the load generator %s ms, so %d CPUs shared by both cap the run near %s logins/s.",
			formatValue(loginOurs.ServerCPUMs), formatValue(loginOurs.LoadgenCPUMs), f.NumCPU, formatValue(ceiling))
		if share := cumShare(in.CPUTop, "crypto/rsa.SignPKCS1v15"); share != "" {
			p(" RS256 signing of the ID and access tokens (`crypto/rsa.SignPKCS1v15`, two 2048-bit signatures per login) takes %s of the server's CPU in the profile below.", share)
		}
		if peer := peerLoginOps(pairs); peer > 0 {
			need := loginTarget * peer
			budget := float64(f.NumCPU)*1000/need - loginOurs.LoadgenCPUMs
			p(" %.0fx cognito-local's %s logins/s is %s logins/s: with this load generator on the same %d CPUs, that needs the server under %s ms of CPU per login", loginTarget, formatValue(peer), formatValue(need), f.NumCPU, formatValue(budget))
			if budget <= 0 {
				p(" (impossible: the load generator alone would use all the CPUs)")
			}
			p(".")
		}
		p("\n\n")
	}
	p("cognito-local keeps each pool in one JSON file that it rewrites on every change, including every login (which appends a refresh token to the user), so its rate falls as that file grows; the figures here start from a fresh database.\n\n")
	if strings.TrimSpace(in.CPUTop) != "" {
		p("<details><summary>CPU profile of the mock pool under the login load (<code>go tool pprof -top</code>, bench/mockpoolprof: the mockpool.New server of cmd/mockpool -quiet, without its request log, with a CPU profile)</summary>\n\n```\n%s\n```\n\n</details>\n\n", strings.TrimRight(in.CPUTop, "\n"))
	}

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

// peerLoginOps is cognito-local's logins/s, or 0.
func peerLoginOps(pairs []loadPair) float64 {
	for _, pr := range pairs {
		if pr.Workload == "login" && pr.Peer != nil {
			return pr.Peer.OpsPerS
		}
	}
	return 0
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
	for i, pr := range loadPairs(in.Load) {
		lp := panel{Title: fmt.Sprintf("2%c. %s per second (higher is better)", 'a'+i, workloadTitle(pr.Workload)), Unit: "ops/s"}
		if pr.Ours != nil && pr.Peer != nil {
			lp.Note = "mockpool / cognito-local = " + fmtRatio(ratio(pr.Ours.OpsPerS, pr.Peer.OpsPerS))
			if pr.Workload == "login" {
				lp.Note += fmt.Sprintf(" (target %.0fx)", loginTarget)
				lp.Target = loginTarget * pr.Peer.OpsPerS
				lp.TargetLabel = fmt.Sprintf("target: %.0fx cognito-local = %s ops/s", loginTarget, formatValue(lp.Target))
			}
		}
		for _, r := range []*loadResult{pr.Ours, pr.Peer} {
			if r == nil {
				continue
			}
			color := colorPeer
			if r.Server == ourServer {
				color = colorOurs
			}
			lp.Bars = append(lp.Bars, bar{Label: r.Server, Value: r.OpsPerS, Color: color,
				Text: fmt.Sprintf("%s ops/s, p50 %s ms, p99 %s ms", formatValue(r.OpsPerS), formatValue(r.P50Ms), formatValue(r.P99Ms))})
		}
		out = append(out, lp)
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
