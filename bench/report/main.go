// Command report turns the raw results that bench/run.sh gathers in one directory into the
// markdown table docs/bench.md and the SVG bar chart docs/bench.svg.
//
//	report -dir RESULTS -md docs/bench.md -svg docs/bench.svg -command 'bench/run.sh'
//
// It reads from -dir: srp-go.txt (go test -bench output of srpauth), srp-js.json (the line
// srp-js.mjs prints), load.jsonl (loadgen's lines for every server), populate.jsonl (loadgen
// -populate's lines; optional), fsync.json (loadgen -fsync's line; optional), perf-{signup,login}-{dso,cum,self}.txt
// (perf report of cmd/mockpool -state; optional) and perf-note.txt, boring.jsonl (loadgen's login lines for the normal and the
// boringcrypto build; optional), boring-note.txt and moto-note.txt (why those were skipped;
// optional), cpu-top.txt (go tool
// pprof -top of the mock pool under the login load; optional), middleware.txt (go test
// -bench output of the middleware; optional), middleware-note.txt (why it was skipped;
// optional), redisstore.txt (go test -bench output of middleware/redisstore; optional) and
// redisstore-note.txt (why that was skipped or failed; optional).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// facts are what the report says about the run and the machine.
type facts struct {
	Date         string
	Command      string
	Rev          string
	Mode         string
	NumCPU       int
	CPUModel     string
	Kernel       string
	GoVersion    string
	NodeVersion  string
	CognitoLocal string
	Moto         string
	StateLabel   string // what cmd/mockpool -state stored its state in
	Workers      int
	StateFS      string // the file system type of the servers' state (stat -f -c %T)
	LoadAvg      string
	LoadAvgEnd   string
}

// inputs are the parsed results.
type inputs struct {
	SRPGo      []goBench
	JS         *jsResult
	Load       []loadResult
	Populate   []popResult
	Fsync      *fsyncResult
	Perf       []perfProfile
	PerfNote   string
	Boring     []loadResult
	BoringNote string
	MotoNote   string
	CPUTop     string
	Middleware []mwCase
	MwNote     string
	Redis      redisFigures
	RedisNote  string
}

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "", "directory with the raw results")
	mdPath := fs.String("md", "docs/bench.md", "markdown output")
	svgPath := fs.String("svg", "docs/bench.svg", "SVG output")
	var f facts
	fs.StringVar(&f.Command, "command", "bench/run.sh", "the command that made the results, quoted in the report")
	fs.StringVar(&f.Mode, "mode", "full", "full or short")
	fs.StringVar(&f.Rev, "rev", "", "the commit measured")
	fs.StringVar(&f.GoVersion, "go", runtime.Version(), "go version")
	fs.StringVar(&f.CognitoLocal, "cognito-local", "", "cognito-local version")
	fs.StringVar(&f.Moto, "moto", "", "moto version")
	fs.StringVar(&f.StateLabel, "state-label", "", "what cmd/mockpool -state stored its state in (bbolt, SQLite, JSON file...)")
	fs.StringVar(&f.StateFS, "state-fs", "", "file system type of the run's temporary directory, where the servers keep their state")
	fs.IntVar(&f.Workers, "workers", 0, "the load generator's concurrent workers")
	fs.StringVar(&f.LoadAvg, "loadavg", "", "the machine's load average when the run started")
	fs.StringVar(&f.LoadAvgEnd, "loadavg-end", "", "the machine's load average when the measurements ended")
	fs.StringVar(&f.Date, "date", time.Now().UTC().Format("2006-01-02 15:04 MST"), "date of the run")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		return fmt.Errorf("report: -dir is required")
	}
	f.NumCPU = runtime.NumCPU()
	f.CPUModel = cpuModel()
	f.Kernel = strings.TrimSpace(readOr("/proc/sys/kernel/osrelease", ""))

	in, err := load(*dir)
	if err != nil {
		return err
	}
	if in.JS != nil {
		f.NodeVersion = in.JS.Node
	}
	var md bytes.Buffer
	writeMarkdown(&md, f, in, filepath.Base(*svgPath))
	if err := os.WriteFile(*mdPath, md.Bytes(), 0o644); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	var svg bytes.Buffer
	if err := writeSVG(&svg, "maskedauth benchmarks, one run on one machine", subtitle(f), panels(in)); err != nil {
		return err
	}
	if err := os.WriteFile(*svgPath, svg.Bytes(), 0o644); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

func subtitle(f facts) string {
	return fmt.Sprintf("%s · %d CPUs, %s · %s · node %s · bench/run.sh %s", f.Date, f.NumCPU, f.CPUModel, f.GoVersion, strings.TrimPrefix(f.NodeVersion, "v"), f.Mode)
}

func load(dir string) (inputs, error) {
	var in inputs
	text, err := readFileIf(filepath.Join(dir, "srp-go.txt"))
	if err != nil {
		return in, err
	}
	if in.SRPGo, err = parseGoBench(strings.NewReader(text)); err != nil {
		return in, err
	}
	text, err = readFileIf(filepath.Join(dir, "srp-js.json"))
	if err != nil {
		return in, err
	}
	if strings.TrimSpace(text) != "" {
		var js jsResult
		if err := jsonUnmarshal(text, &js); err != nil {
			return in, fmt.Errorf("report: srp-js.json: %w", err)
		}
		in.JS = &js
	}
	text, err = readFileIf(filepath.Join(dir, "load.jsonl"))
	if err != nil {
		return in, err
	}
	if in.Load, err = parseLoad(strings.NewReader(text)); err != nil {
		return in, err
	}
	text, err = readFileIf(filepath.Join(dir, "populate.jsonl"))
	if err != nil {
		return in, err
	}
	if in.Populate, err = parsePopulate(strings.NewReader(text)); err != nil {
		return in, err
	}
	text, err = readFileIf(filepath.Join(dir, "fsync.json"))
	if err != nil {
		return in, err
	}
	if strings.TrimSpace(text) != "" {
		var fr fsyncResult
		if err := jsonUnmarshal(text, &fr); err != nil {
			return in, fmt.Errorf("report: fsync.json: %w", err)
		}
		in.Fsync = &fr
	}
	text, err = readFileIf(filepath.Join(dir, "boring.jsonl"))
	if err != nil {
		return in, err
	}
	if in.Boring, err = parseLoad(strings.NewReader(text)); err != nil {
		return in, err
	}
	for _, note := range []struct {
		name string
		dst  *string
	}{{"boring-note.txt", &in.BoringNote}, {"moto-note.txt", &in.MotoNote}, {"perf-note.txt", &in.PerfNote}} {
		text, err := readFileIf(filepath.Join(dir, note.name))
		if err != nil {
			return in, err
		}
		*note.dst = strings.TrimSpace(text)
	}
	for _, w := range []string{"signup", "login"} {
		dso, err := readFileIf(filepath.Join(dir, "perf-"+w+"-dso.txt"))
		if err != nil {
			return in, err
		}
		if strings.TrimSpace(dso) == "" {
			continue
		}
		cum, err := readFileIf(filepath.Join(dir, "perf-"+w+"-cum.txt"))
		if err != nil {
			return in, err
		}
		self, err := readFileIf(filepath.Join(dir, "perf-"+w+"-self.txt"))
		if err != nil {
			return in, err
		}
		in.Perf = append(in.Perf, perfProfile{Workload: w, DSO: parsePerfDSO(dso), Cum: parsePerfCum(cum), Self: self})
	}
	if in.CPUTop, err = readFileIf(filepath.Join(dir, "cpu-top.txt")); err != nil {
		return in, err
	}
	text, err = readFileIf(filepath.Join(dir, "middleware.txt"))
	if err != nil {
		return in, err
	}
	mw, err := parseGoBench(strings.NewReader(text))
	if err != nil {
		return in, err
	}
	in.Middleware = middlewareCases(mw)
	if in.MwNote, err = readFileIf(filepath.Join(dir, "middleware-note.txt")); err != nil {
		return in, err
	}
	in.MwNote = strings.TrimSpace(in.MwNote)
	text, err = readFileIf(filepath.Join(dir, "redisstore.txt"))
	if err != nil {
		return in, err
	}
	rs, err := parseGoBench(strings.NewReader(text))
	if err != nil {
		return in, err
	}
	in.Redis = redisstoreFigures(rs)
	if in.RedisNote, err = readFileIf(filepath.Join(dir, "redisstore-note.txt")); err != nil {
		return in, err
	}
	in.RedisNote = strings.TrimSpace(in.RedisNote)
	return in, nil
}

// cpuModel is the first "model name" of /proc/cpuinfo.
func cpuModel() string {
	for _, line := range strings.Split(readOr("/proc/cpuinfo", ""), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

func readOr(path, def string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return def
	}
	return string(data)
}
