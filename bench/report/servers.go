package main

import (
	"fmt"
	"math"
	"strings"
)

// The servers of section 2, in the order the tables list them.
const (
	srvMem    = "mockpool"
	srvState  = "mockpool-state"
	srvCL     = "cognito-local"
	srvMoto   = "moto"
	srvBoring = "mockpool-boring"
)

var serverOrder = []string{srvMem, srvState, srvCL, srvMoto}

const (
	durableSignupTarget = 10.0 // mockpool -state SignUp+ConfirmSignUp pairs/s over each peer's
	stateLoginFloor     = 0.9  // mockpool -state logins/s over the in-memory figure
	perUsers            = 100000
	boringHelps         = 1.1 // the boringcrypto build is documented as an option from this speed-up
)

func isOurs(server string) bool { return strings.HasPrefix(server, "mockpool") }

// popResult is one line of loadgen -populate.
type popResult struct {
	Server            string         `json:"server"`
	Workers           int            `json:"workers"`
	Target            int            `json:"target"`
	Users             int            `json:"users"`
	Errors            int            `json:"errors"`
	Answers           map[string]int `json:"answers"`
	Seconds           float64        `json:"seconds"`
	PerSec            float64        `json:"usersPerSec"`
	RSS0              int64          `json:"rssBefore"`
	RSS1              int64          `json:"rssAfter"`
	HWM1              int64          `json:"rssPeak"`
	Disk0             int64          `json:"diskBefore"`
	Disk1             int64          `json:"diskAfter"`
	DiskSettleSeconds float64        `json:"diskSettleSeconds"`
}

// fsyncResult is loadgen -fsync's line.
type fsyncResult struct {
	Samples int     `json:"samples"`
	Bytes   int     `json:"bytes"`
	P50Ms   float64 `json:"p50Ms"`
	P99Ms   float64 `json:"p99Ms"`
	MaxMs   float64 `json:"maxMs"`
}

// perHundredK scales what n users added to 100,000 users.
func perHundredK(delta int64, n int) float64 {
	if n <= 0 {
		return math.NaN()
	}
	return float64(delta) / float64(n) * perUsers
}

// serverName is how the tables name a server.
func serverName(f facts, s string) string {
	switch s {
	case srvMem:
		return "**mockpool** (memory)"
	case srvState:
		label := f.StateLabel
		if label == "" {
			label = "storage not detected"
		}
		return "**mockpool -state** (" + label + ")"
	case srvBoring:
		return "mockpool, GOEXPERIMENT=boringcrypto build (memory)"
	case srvCL:
		if f.CognitoLocal != "" {
			return "cognito-local " + f.CognitoLocal
		}
	case srvMoto:
		if f.Moto != "" {
			return "moto " + f.Moto
		}
	}
	return s
}

// byWorkload indexes load results: workload -> server -> result; order is the workloads
// in their first appearance. "probe" lines are left out.
func byWorkload(rs []loadResult) (map[string]map[string]*loadResult, []string) {
	m := map[string]map[string]*loadResult{}
	var order []string
	for i := range rs {
		r := &rs[i]
		if r.Workload == "probe" {
			continue
		}
		if m[r.Workload] == nil {
			m[r.Workload] = map[string]*loadResult{}
			order = append(order, r.Workload)
		}
		m[r.Workload][r.Server] = r
	}
	return m, order
}

// probes are each server's answer to ConfirmSignUp with a wrong code.
func probes(rs []loadResult) map[string]string {
	out := map[string]string{}
	for _, r := range rs {
		if r.Workload != "probe" {
			continue
		}
		for k := range r.Answers {
			if a, ok := strings.CutPrefix(k, "wrong-code:"); ok {
				out[r.Server] = a
			}
		}
	}
	return out
}

func opsOf(m map[string]*loadResult, s string) float64 {
	if r := m[s]; r != nil {
		return r.OpsPerS
	}
	return 0
}

// writeServers is section 2: cmd/mockpool in memory and with -state against cognito-local
// and moto, then memory and disk per 100,000 users, then the boringcrypto build.
func writeServers(p func(format string, a ...any), f facts, in inputs) {
	m, workloads := byWorkload(in.Load)
	present := map[string]bool{}
	for _, byServer := range m {
		for s := range byServer {
			present[s] = true
		}
	}
	var servers []string
	for _, s := range serverOrder {
		if present[s] {
			servers = append(servers, s)
		}
	}
	var names []string
	for _, s := range servers {
		names = append(names, serverName(f, s))
	}
	workers, secs := f.Workers, 0.0
	for _, r := range in.Load {
		if r.Workload != "probe" {
			workers = r.Workers
			secs = math.Max(secs, r.Seconds)
		}
	}
	p("## 2. cmd/mockpool, in memory and with -state, vs cognito-local and moto over loopback HTTP\n\n")
	if len(servers) == 0 {
		p("Not run.\n\n")
		return
	}
	p("Servers: %s. All on 127.0.0.1, each started fresh by bench/run.sh with its state in a fresh temporary directory, and driven by the same load generator in the same run (`bench/loadgen`: aws-sdk-go-v2 `cognitoidentityprovider`, %d concurrent workers, keep-alive connections, no retries, about %.0f s per workload and server after a warm-up); within each workload the servers take turns in short rounds, so that a change in the machine's load hits all alike. Set-up through the API: a pool with e-mail auto-verified, an app client with USER_PASSWORD_AUTH and PreventUserExistenceErrors ENABLED, confirmed users (SignUp + AdminConfirmSignUp); every server sends the fixed code the load generator confirms with (`-code` for mockpool, `CODE` for cognito-local). Latency is per operation (per pair for SignUp + ConfirmSignUp). CPU per operation is read from /proc for the server and from getrusage for the load generator.\n\n",
		strings.Join(names, ", "), workers, secs)
	p("| workload | server | ops/s | p50 ms | p99 ms | server CPU ms/op | load generator CPU ms/op | ops (unexpected answers) | answers |\n")
	p("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n")
	for _, w := range workloads {
		for _, s := range servers {
			r := m[w][s]
			if r == nil {
				continue
			}
			cpu := "n/a"
			if r.ServerCPUMs > 0 {
				cpu = formatValue(r.ServerCPUMs)
			}
			p("| %s | %s | %s | %s | %s | %s | %s | %d (%d) | %s |\n", workloadTitle(w), serverName(f, s), formatValue(r.OpsPerS),
				formatValue(r.P50Ms), formatValue(r.P99Ms), cpu, formatValue(r.LoadgenCPUMs), r.Ops, r.Errors, answersText(r.Answers))
		}
	}
	p("\n")

	// ratios: each mockpool against each peer, and -state against memory
	type col struct{ title, a, b string }
	var cols []col
	for _, ours := range []string{srvState, srvMem} {
		for _, peer := range []string{srvCL, srvMoto} {
			if present[ours] && present[peer] {
				cols = append(cols, col{fmt.Sprintf("%s / %s", shortName(ours), peer), ours, peer})
			}
		}
	}
	if present[srvState] && present[srvMem] {
		cols = append(cols, col{"mockpool -state / memory", srvState, srvMem})
	}
	if len(cols) > 0 {
		p("Throughput ratios (ops/s over ops/s):\n\n| workload |")
		for _, c := range cols {
			p(" %s |", c.title)
		}
		p("\n| --- |%s\n", strings.Repeat(" ---: |", len(cols)))
		for _, w := range workloads {
			cells, any := "", false
			for _, c := range cols {
				r := ratio(opsOf(m[w], c.a), opsOf(m[w], c.b))
				any = any || !math.IsNaN(r)
				cells += " " + fmtRatio(r) + " |"
			}
			if any {
				p("| %s |%s\n", workloadTitle(w), cells)
			}
		}
		p("\n")
	}

	// the goals
	p("Goals:\n\n")
	durableJSON := strings.Contains(f.StateLabel, "JSON")
	if sg := m["signup"]; sg != nil && sg[srvState] != nil {
		for _, peer := range []string{srvCL, srvMoto} {
			if sg[peer] == nil {
				p("- mockpool -state SignUp + ConfirmSignUp at least %.0fx %s: %s not measured.\n", durableSignupTarget, peer, peer)
				continue
			}
			r := ratio(sg[srvState].OpsPerS, sg[peer].OpsPerS)
			p("- mockpool -state SignUp + ConfirmSignUp pairs at least %.0fx %s's: measured %s: %s.\n", durableSignupTarget, peer, fmtRatio(r), verdict(r >= durableSignupTarget))
		}
		if durableJSON {
			p("  Caveat: this build's -state is the JSON file rewritten after a debounce, which answers before the change is on disk; the durable figure is the one of a -state that commits before it answers.\n")
		}
	}
	if lg := m["login"]; lg != nil && lg[srvState] != nil && lg[srvMem] != nil {
		r := ratio(lg[srvState].OpsPerS, lg[srvMem].OpsPerS)
		p("- mockpool -state logins within %.0f%% of the in-memory figure: -state / memory = %s: %s.\n", (1-stateLoginFloor)*100, fmtRatio(r), verdict(r >= stateLoginFloor))
	}
	if lg := m["login"]; lg != nil && lg[srvMem] != nil && lg[srvCL] != nil {
		r := ratio(lg[srvMem].OpsPerS, lg[srvCL].OpsPerS)
		p("- mockpool (memory) at least %.0fx cognito-local's successful logins per second: measured %s: %s.\n", loginTarget, fmtRatio(r), verdict(r >= loginTarget))
	}
	p("\n")

	// what the peers do differently, from the run itself
	pr := probes(in.Load)
	var notes []string
	for _, s := range servers {
		if a, ok := pr[s]; ok {
			if a == "ok" {
				notes = append(notes, fmt.Sprintf("%s accepts ConfirmSignUp with a wrong code (it does not check the code), so its pairs do less work than a confirmation that checks one.", serverName(f, s)))
			} else if !isOurs(s) {
				notes = append(notes, fmt.Sprintf("%s refuses a wrong confirmation code with %s.", serverName(f, s), a))
			}
		}
		if u := m["unknown"][s]; u != nil && u.Answers["UserNotFoundException"] > 0 {
			notes = append(notes, fmt.Sprintf("%s answers UserNotFoundException for unknown users although the app client has PreventUserExistenceErrors ENABLED (Cognito answers NotAuthorizedException).", serverName(f, s)))
		}
	}
	if present[srvCL] {
		notes = append(notes, "cognito-local keeps each pool in one JSON file that it rewrites on every change, including every login (which appends a refresh token to the user), so its rate falls as that file grows; the figures here start from a fresh database.")
	}
	if present[srvMoto] {
		notes = append(notes, "moto keeps everything in the server's memory: nothing is on disk, and a restart loses every user.")
	}
	if in.MotoNote != "" {
		notes = append(notes, in.MotoNote+".")
	}
	if len(notes) > 0 {
		p("About the peers, as measured in this run:\n\n")
		for _, n := range notes {
			p("- %s\n", n)
		}
		p("\n")
	}

	writeWhereTime(p, f, in, m)
	writeFsync(p, f.StateFS, in.Fsync, m["signup"])
	writePerf(p, f, in.Perf, in.PerfNote)
	writePopulate(p, f, in.Populate)
	writeBoring(p, f, in.Boring, in.BoringNote)
}

// barLabel is a server's name on the chart.
func barLabel(s string) string {
	switch s {
	case srvState:
		return "mockpool -state"
	case srvBoring:
		return "mockpool (boringcrypto)"
	}
	return s
}

func shortName(s string) string {
	if s == srvState {
		return "mockpool -state"
	}
	return s
}

// answersText lists the answers by count, e.g. "ok 1336" or "NotAuthorizedException 53433".
func answersText(a map[string]int) string {
	var parts []string
	for _, k := range sortedKeys(a) {
		parts = append(parts, fmt.Sprintf("%s %d", k, a[k]))
	}
	return strings.Join(parts, ", ")
}

func sortedKeys(a map[string]int) []string {
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	// by count, then name
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && (a[keys[j]] > a[keys[j-1]] || (a[keys[j]] == a[keys[j-1]] && keys[j] < keys[j-1])); j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

// writeWhereTime says where mockpool's time goes: the CPU budget of a login, the profile's
// RS256 share, and what -state adds to a SignUp + ConfirmSignUp pair.
func writeWhereTime(p func(format string, a ...any), f facts, in inputs, m map[string]map[string]*loadResult) {
	login := m["login"][srvMem]
	if login != nil && login.ServerCPUMs > 0 {
		ceiling := float64(f.NumCPU) * 1000 / (login.ServerCPUMs + login.LoadgenCPUMs)
		p("Where mockpool's time goes: each login costs the server %s ms of CPU and the load generator %s ms, so %d CPUs shared by both cap the run near %s logins/s.",
			formatValue(login.ServerCPUMs), formatValue(login.LoadgenCPUMs), f.NumCPU, formatValue(ceiling))
		if share := cumShare(in.CPUTop, "crypto/rsa.SignPKCS1v15"); share != "" {
			p(" RS256 signing of the ID and access tokens (`crypto/rsa.SignPKCS1v15`, two 2048-bit signatures per login) takes %s of the server's CPU in the profile below.", share)
		}
		if peer := m["login"][srvCL]; peer != nil && peer.OpsPerS > 0 {
			need := loginTarget * peer.OpsPerS
			budget := float64(f.NumCPU)*1000/need - login.LoadgenCPUMs
			p(" %.0fx cognito-local's %s logins/s is %s logins/s: with this load generator on the same %d CPUs, that needs the server under %s ms of CPU per login", loginTarget, formatValue(peer.OpsPerS), formatValue(need), f.NumCPU, formatValue(budget))
			if budget <= 0 {
				p(" (impossible: the load generator alone would use all the CPUs)")
			}
			p(".")
		}
		p("\n\n")
	}
	for _, w := range []string{"signup", "login"} {
		mem, st := m[w][srvMem], m[w][srvState]
		if mem == nil || st == nil || mem.ServerCPUMs <= 0 || st.ServerCPUMs <= 0 {
			continue
		}
		p("With -state, %s cost the server %s ms of CPU each against %s ms in memory (%s), p50 %s ms against %s ms, p99 %s ms against %s ms.\n\n",
			workloadTitle(w), formatValue(st.ServerCPUMs), formatValue(mem.ServerCPUMs), fmtRatio(ratio(st.ServerCPUMs, mem.ServerCPUMs)),
			formatValue(st.P50Ms), formatValue(mem.P50Ms), formatValue(st.P99Ms), formatValue(mem.P99Ms))
	}
	if strings.TrimSpace(in.CPUTop) != "" {
		p("<details><summary>CPU profile of the mock pool under the login load (<code>go tool pprof -top</code>, bench/mockpoolprof: the mockpool.New server of cmd/mockpool -quiet, in memory, without its request log, with a CPU profile)</summary>\n\n```\n%s\n```\n\n</details>\n\n", strings.TrimRight(in.CPUTop, "\n"))
	}
}

// writeFsync says what one durable write costs on this machine's disk and what that means
// for the durable SignUp + ConfirmSignUp goal.
func writeFsync(p func(format string, a ...any), fsType string, fr *fsyncResult, signup map[string]*loadResult) {
	if fr == nil || !(fr.P50Ms > 0) {
		return
	}
	where := "the run's temporary directory"
	if fsType != "" {
		where += ", file system " + fsType
	}
	p("The disk under every server's state (%s): a %d-byte write followed by fsync takes p50 %s ms, p99 %s ms, max %s ms (%d samples, `loadgen -fsync`). One commit at a time, each with its own fsync, tops out near %s commits/s.",
		where, fr.Bytes, formatValue(fr.P50Ms), formatValue(fr.P99Ms), formatValue(fr.MaxMs), fr.Samples, formatValue(1000/fr.P50Ms))
	best := math.Max(opsOf(signup, srvCL), opsOf(signup, srvMoto))
	if best > 0 {
		need := durableSignupTarget * best
		p(" %.0fx the faster peer's %s SignUp + ConfirmSignUp pairs/s is %s pairs/s, two committed changes each: %s commits/s", durableSignupTarget, formatValue(best), formatValue(need), formatValue(2*need))
		if 2*need > 1000/fr.P50Ms {
			p(", more than one fsync per change allows here: it takes group commit (several changes under one fsync)")
		} else {
			p(", within reach of one fsync per change here")
		}
		p(".")
	}
	if fsType == "tmpfs" || fsType == "ramfs" {
		p(" On %s an fsync reaches no disk, so the -state figures here are not what a disk gives: set TMPDIR to a directory on a disk.", fsType)
	}
	p("\n\n")
}

// writePopulate is the memory and disk table: what each server holds per 100,000 users.
func writePopulate(p func(format string, a ...any), f facts, pops []popResult) {
	p("### 2b. Memory and disk per 100,000 users\n\n")
	if len(pops) == 0 {
		p("Not run.\n\n")
		return
	}
	workers := pops[0].Workers
	p("Each server started fresh, then a fresh pool and app client, then users created with AdminCreateUser (an e-mail attribute, verified, a temporary password, MessageAction SUPPRESS) by %d concurrent workers, until the target count or a time limit. Resident memory is the server process's VmRSS from /proc/PID/status before the first user and after the last answer (peak: VmHWM); disk is the total size of the files in the server's state directory once it stopped changing for a second (a database that grows its file in steps, as bbolt does, shows the step it reached). Per 100,000 users is (after − before) / users created × 100,000: measured directly where 100,000 users were created, a linear extrapolation otherwise (the users column says from how many).\n\n", workers)
	p("| server | users created (target) | users/s | RSS before MiB | RSS after MiB (peak) | **RSS per 100,000 users, MiB** | **disk per 100,000 users, MB** | disk after, bytes | unexpected answers |\n")
	p("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	order := append(append([]string{}, serverOrder...), srvBoring)
	for _, s := range order {
		for _, r := range pops {
			if r.Server != s {
				continue
			}
			extra := ""
			if r.Users < perUsers {
				extra = ", extrapolated"
			}
			disk, after := "none: memory only", "none"
			if r.Disk1 >= 0 {
				disk = formatValue(perHundredK(r.Disk1-r.Disk0, r.Users)/1e6) + extra
				after = fmt.Sprintf("%d", r.Disk1)
			}
			errs := fmt.Sprintf("%d", r.Errors)
			if r.Errors > 0 {
				errs += " (" + answersText(r.Answers) + ")"
			}
			p("| %s | %d (%d) | %s | %s | %s (%s) | %s%s | %s | %s | %s |\n", serverName(f, s), r.Users, r.Target, formatValue(r.PerSec),
				formatValue(mib(r.RSS0)), formatValue(mib(r.RSS1)), formatValue(mib(r.HWM1)),
				formatValue(perHundredK(r.RSS1-r.RSS0, r.Users)/(1<<20)), extra, disk, after, errs)
		}
	}
	p("\nA garbage-collected server's RSS includes garbage not yet returned to the system (and the buffers of a state file it rewrites whole), so the RSS column is what the process holds, not the size of the data.\n\n")
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// writeBoring is section 2c: the GOEXPERIMENT=boringcrypto build against the normal one.
func writeBoring(p func(format string, a ...any), f facts, rs []loadResult, note string) {
	p("### 2c. cmd/mockpool built with GOEXPERIMENT=boringcrypto\n\n")
	var normal, boring *loadResult
	for i := range rs {
		if rs[i].Workload != "login" {
			continue
		}
		switch rs[i].Server {
		case srvMem:
			normal = &rs[i]
		case srvBoring:
			boring = &rs[i]
		}
	}
	if normal == nil || boring == nil {
		if note == "" {
			note = "not run (bench/run.sh --boring runs it; on by default in the full run)"
		}
		p("Skipped: %s.\n\n", strings.TrimSuffix(note, "."))
		return
	}
	p("The same cmd/mockpool, in memory, built twice: `go build ./cmd/mockpool` and `GOEXPERIMENT=boringcrypto CGO_ENABLED=1 go build ./cmd/mockpool` (RSA signing through BoringSSL's code instead of Go's); both started fresh and driven by the same load generator with the same successful USER_PASSWORD_AUTH logins, taking turns in rounds.\n\n")
	p("| build | logins/s | p50 ms | p99 ms | server CPU ms/login | ops (unexpected answers) |\n| --- | ---: | ---: | ---: | ---: | ---: |\n")
	for _, r := range []*loadResult{normal, boring} {
		p("| %s | %s | %s | %s | %s | %d (%d) |\n", serverName(f, r.Server), formatValue(r.OpsPerS), formatValue(r.P50Ms), formatValue(r.P99Ms), formatValue(r.ServerCPUMs), r.Ops, r.Errors)
	}
	sp := ratio(boring.OpsPerS, normal.OpsPerS)
	p("\nboringcrypto / normal logins/s: **%s**; server CPU per login, normal / boringcrypto: %s.", fmtRatio(sp), fmtRatio(ratio(normal.ServerCPUMs, boring.ServerCPUMs)))
	if sp >= boringHelps {
		p(" It helps: where logins/s matter (load tests against a local pool), build with\n\n    GOEXPERIMENT=boringcrypto CGO_ENABLED=1 go build ./cmd/mockpool\n\n(it needs cgo and a C toolchain, and links BoringSSL's crypto into the binary; the default build stays pure Go.)\n\n")
	} else {
		p(" Under %s, not worth a build option.\n\n", fmtRatio(boringHelps))
	}
}
