// Command loadgen drives a Cognito-compatible server (cmd/mockpool, cognito-local) with
// aws-sdk-go-v2's cognitoidentityprovider client, the same way for every server, and prints
// one JSON line per workload: throughput and p50/p99 latency.
//
//	loadgen -endpoint http://127.0.0.1:PORT -server mockpool -workers 8 -duration 10s
//	loadgen -endpoint URL1,URL2 -server mockpool,cognito-local -pid PID1,PID2 -rounds 4
//
// With several servers, each workload's measured time is cut into -rounds rounds and the
// servers take turns round by round (in alternating order), so that a change in the
// machine's load during the run hits every server alike; each server's figures sum up all
// its rounds.
//
// Set-up goes through the API: a user pool (email auto-verified), an app client that allows
// USER_PASSWORD_AUTH (PreventUserExistenceErrors ENABLED), and -users confirmed users
// (SignUp + AdminConfirmSignUp). The workloads:
//
//	login    InitiateAuth USER_PASSWORD_AUTH of the pre-created users, round robin
//	unknown  InitiateAuth USER_PASSWORD_AUTH of users that do not exist (the expected answer
//	         is an error: NotAuthorizedException or UserNotFoundException)
//	signup   SignUp of a new user then ConfirmSignUp with the server's fixed code (-code)
//
// With -populate N, loadgen instead creates N users (AdminCreateUser) in a fresh pool of the
// one -endpoint and prints one line: the server's VmRSS and the bytes of its -state-dir
// before and after.
//
// Each workload runs -warmup (not recorded) on each server, then for -duration in all per
// server or until -max operations were done, with -workers goroutines. It only ever talks to
// the -endpoint servers, which must be on the loopback interface.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"
)

const password = "Bench-Passw0rd!"

type config struct {
	endpoints []string
	servers   []string
	pids      []int
	rounds    int
	workloads []string
	workers   int
	duration  time.Duration
	warmup    time.Duration
	maxOps    int64
	users     int
	code      string
	timeout   time.Duration
	freePort  bool
	// populate mode: create this many users in a fresh pool and report memory and disk
	populate    int
	populateMax time.Duration
	stateDir    string
	// fsync mode: time small durable writes in this directory
	fsyncDir string
	fsyncN   int
}

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	var workloads, endpoints, servers, pids string
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&endpoints, "endpoint", "", "comma-separated server URLs, http://127.0.0.1:PORT (loopback only)")
	fs.StringVar(&servers, "server", "", "comma-separated names of the servers in the results, one per -endpoint")
	fs.StringVar(&pids, "pid", "", "comma-separated process ids of the servers, to report their CPU time per operation (Linux /proc)")
	fs.IntVar(&c.rounds, "rounds", 1, "with several servers: rounds per workload in which they take turns")
	fs.StringVar(&workloads, "workloads", "login,unknown,signup", "comma-separated workloads: login, unknown, signup")
	fs.IntVar(&c.workers, "workers", 8, "concurrent workers")
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "measured time per workload and server")
	fs.DurationVar(&c.warmup, "warmup", time.Second, "unrecorded time before each workload's measurement, per server")
	fs.Int64Var(&c.maxOps, "max", 1_000_000, "at most this many measured operations per workload, server and round")
	fs.IntVar(&c.users, "users", 64, "confirmed users created for the login workload")
	fs.StringVar(&c.code, "code", "123456", "the servers' fixed confirmation code")
	fs.DurationVar(&c.timeout, "timeout", 30*time.Second, "per-request timeout")
	fs.BoolVar(&c.freePort, "free-port", false, "print a free TCP port on 127.0.0.1 and exit (for starting a server)")
	fs.StringVar(&c.fsyncDir, "fsync", "", "instead of the workloads: time -fsync-n 4 KiB writes, each followed by fsync, in a file in this directory, print one JSON line and exit")
	fs.IntVar(&c.fsyncN, "fsync-n", 200, "with -fsync: how many")
	fs.IntVar(&c.populate, "populate", 0, "instead of the workloads: create this many users (AdminCreateUser) in a fresh pool of the one -endpoint and report the server's VmRSS (-pid) and the bytes under -state-dir, before and after")
	fs.DurationVar(&c.populateMax, "populate-max", 2*time.Minute, "with -populate: stop creating users after this long (the report extrapolates)")
	fs.StringVar(&c.stateDir, "state-dir", "", "with -populate: the directory holding the server's state (omit for a server that keeps none on disk)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if c.freePort {
		return c, nil
	}
	if c.fsyncDir != "" {
		if c.fsyncN < 1 {
			return c, errors.New("-fsync-n must be positive")
		}
		return c, nil
	}
	c.workloads = strings.Split(workloads, ",")
	for _, w := range c.workloads {
		if _, ok := workloadNames[w]; !ok {
			return c, fmt.Errorf("unknown workload %q", w)
		}
	}
	c.endpoints = strings.Split(endpoints, ",")
	for _, e := range c.endpoints {
		if err := checkLoopback(e); err != nil {
			return c, err
		}
	}
	if servers == "" {
		return c, errors.New("-server is required")
	}
	c.servers = strings.Split(servers, ",")
	if len(c.servers) != len(c.endpoints) {
		return c, errors.New("-server needs one name per -endpoint")
	}
	if pids != "" {
		for _, p := range strings.Split(pids, ",") {
			n, err := strconv.Atoi(p)
			if err != nil || n <= 0 {
				return c, fmt.Errorf("bad -pid %q", p)
			}
			c.pids = append(c.pids, n)
		}
		if len(c.pids) != len(c.endpoints) {
			return c, errors.New("-pid needs one process id per -endpoint")
		}
	}
	if c.populate < 0 || (c.populate > 0 && (len(c.endpoints) != 1 || len(c.pids) != 1 || c.populateMax <= 0)) {
		return c, errors.New("-populate needs one -endpoint, its -pid and a positive -populate-max")
	}
	if c.workers < 1 || c.users < 1 || c.maxOps < 1 || c.duration <= 0 || c.rounds < 1 {
		return c, errors.New("-workers, -users, -max, -rounds and -duration must be positive")
	}
	return c, nil
}

var workloadNames = map[string]bool{"login": true, "unknown": true, "signup": true}

// checkLoopback refuses any endpoint that is not http on a loopback address.
func checkLoopback(endpoint string) error {
	u, err := url.Parse(endpoint)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		return fmt.Errorf("-endpoint must be http://127.0.0.1:PORT, got %q", endpoint)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-endpoint %q is not a loopback address", endpoint)
	}
	return nil
}

// result is one workload's line of output.
type result struct {
	Server   string         `json:"server"`
	Workload string         `json:"workload"`
	Workers  int            `json:"workers"`
	Ops      int            `json:"ops"`
	Errors   int            `json:"errors"`
	Answers  map[string]int `json:"answers"`
	Seconds  float64        `json:"seconds"`
	OpsPerS  float64        `json:"opsPerSec"`
	P50Ms    float64        `json:"p50Ms"`
	P99Ms    float64        `json:"p99Ms"`
	MaxMs    float64        `json:"maxMs"`
	// ServerCPUMs and LoadgenCPUMs are the CPU time (user+system) the server and the load
	// generator used per measured operation; ServerCPUMs is 0 without -pid.
	ServerCPUMs  float64 `json:"serverCpuMsPerOp,omitempty"`
	LoadgenCPUMs float64 `json:"loadgenCpuMsPerOp"`
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if cfg.freePort {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return fmt.Errorf("loadgen: find a free port: %w", err)
		}
		defer ln.Close()
		_, err = fmt.Fprintln(stdout, ln.Addr().(*net.TCPAddr).Port)
		return err
	}
	if cfg.fsyncDir != "" {
		r, err := measureFsync(cfg.fsyncDir, cfg.fsyncN, 4096)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "loadgen: write+fsync of 4 KiB in %s: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d samples)\n", r.Dir, r.P50Ms, r.P99Ms, r.MaxMs, r.Samples)
		return json.NewEncoder(stdout).Encode(r)
	}
	var benches []*bench
	for i, endpoint := range cfg.endpoints {
		tr := &http.Transport{
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			MaxIdleConns:        4 * cfg.workers,
			MaxIdleConnsPerHost: 4 * cfg.workers,
			IdleConnTimeout:     90 * time.Second,
			DisableCompression:  true,
		}
		defer tr.CloseIdleConnections()
		client := cip.New(cip.Options{
			Region:           "us-east-1",
			BaseEndpoint:     aws.String(endpoint),
			Credentials:      credentials.NewStaticCredentialsProvider("bench", "bench", ""),
			RetryMaxAttempts: 1,
			HTTPClient:       &http.Client{Transport: tr, Timeout: cfg.timeout},
		})
		setupClient := cip.New(cip.Options{
			Region:           "us-east-1",
			BaseEndpoint:     aws.String(endpoint),
			Credentials:      credentials.NewStaticCredentialsProvider("bench", "bench", ""),
			RetryMaxAttempts: 3,
			HTTPClient:       &http.Client{Transport: tr, Timeout: cfg.timeout},
		})
		b := &bench{cfg: cfg, c: client, setupC: setupClient, server: cfg.servers[i], run: fmt.Sprintf("%x", time.Now().UnixNano()&0xffffffffff)}
		if len(cfg.pids) > 0 {
			b.pid = cfg.pids[i]
		}
		t0 := time.Now()
		if cfg.populate > 0 {
			if err := b.setupPool(ctx); err != nil {
				return fmt.Errorf("loadgen: set-up on %s: %w", b.server, err)
			}
			r, err := populate(ctx, b)
			if err != nil {
				return fmt.Errorf("loadgen: populate %s: %w", b.server, err)
			}
			fmt.Fprintf(stderr, "loadgen: %-13s populate %d/%d users in %.1f s (%.0f/s, %d errors %v): RSS %d -> %d MiB (peak %d), disk %d -> %d bytes (settled after %.1f s)\n",
				r.Server, r.Users, r.Target, r.Seconds, r.PerSec, r.Errors, r.Answers, r.RSS0>>20, r.RSS1>>20, r.HWM1>>20, r.Disk0, r.Disk1, r.DiskSettleSeconds)
			return json.NewEncoder(stdout).Encode(r)
		}
		if err := b.setup(ctx); err != nil {
			return fmt.Errorf("loadgen: set-up on %s: %w", b.server, err)
		}
		fmt.Fprintf(stderr, "loadgen: %s: pool, client and %d users ready in %v\n", b.server, cfg.users, time.Since(t0).Round(time.Millisecond))
		benches = append(benches, b)
	}
	enc := json.NewEncoder(stdout)
	for _, b := range benches {
		// what each server answers to a wrong confirmation code: a server that accepts any
		// code does less work per ConfirmSignUp, which the report says
		answer := b.probeWrongCode(ctx)
		fmt.Fprintf(stderr, "loadgen: %-13s ConfirmSignUp with a wrong code: %s\n", b.server, answer)
		if err := enc.Encode(result{Server: b.server, Workload: "probe", Answers: map[string]int{"wrong-code:" + answer: 1}}); err != nil {
			return fmt.Errorf("loadgen: write result: %w", err)
		}
	}
	for _, w := range cfg.workloads {
		for _, r := range measure(ctx, benches, w) {
			fmt.Fprintf(stderr, "loadgen: %-13s %-7s %7.1f ops/s  p50 %7.2f ms  p99 %7.2f ms  cpu/op server %.3f ms, loadgen %.3f ms  (%d ops, %d errors, %v)\n",
				r.Server, r.Workload, r.OpsPerS, r.P50Ms, r.P99Ms, r.ServerCPUMs, r.LoadgenCPUMs, r.Ops, r.Errors, r.Answers)
			if err := enc.Encode(r); err != nil {
				return fmt.Errorf("loadgen: write result: %w", err)
			}
		}
	}
	return nil
}

type bench struct {
	cfg config
	c   *cip.Client // the measured calls: no retries, so every answer counts as it came
	// setupC makes the set-up calls (pool, client, users, the probe) with the SDK's
	// standard retries: a transient transport error there (a connection closed
	// under an answer, seen now and then on a loaded machine) is not a measurement.
	setupC   *cip.Client
	server   string
	pid      int
	run      string // makes user names unique across runs against a kept database
	poolID   string
	clientID string
	users    []string
	seq      atomic.Int64
}

func (b *bench) setup(ctx context.Context) error {
	if err := b.setupPool(ctx); err != nil {
		return err
	}
	for i := 0; i < b.cfg.users; i++ {
		name := fmt.Sprintf("user%d-%s", i, b.run)
		if _, err := b.setupC.SignUp(ctx, b.signUpInput(name)); err != nil {
			return fmt.Errorf("SignUp: %w", err)
		}
		if _, err := b.setupC.AdminConfirmSignUp(ctx, &cip.AdminConfirmSignUpInput{UserPoolId: &b.poolID, Username: &name}); err != nil {
			return fmt.Errorf("AdminConfirmSignUp: %w", err)
		}
		b.users = append(b.users, name)
	}
	// one login proves the set-up before any measurement
	if _, err := b.setupC.InitiateAuth(ctx, b.loginInput(b.users[0])); err != nil {
		return fmt.Errorf("first login: %w", err)
	}
	return nil
}

// probeWrongCode signs up a new user and confirms it with a code other than the fixed one;
// it returns the answer ("ok" or the error code).
func (b *bench) probeWrongCode(ctx context.Context) string {
	name := "probe-" + b.run
	if _, err := b.c.SignUp(ctx, b.signUpInput(name)); err != nil {
		return "SignUp:" + errorCode(err)
	}
	wrong := "000000"
	if b.cfg.code == wrong {
		wrong = "999999"
	}
	_, err := b.c.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: &b.clientID, Username: &name, ConfirmationCode: &wrong})
	return errorCode(err)
}

// setupPool creates the user pool and its app client.
func (b *bench) setupPool(ctx context.Context) error {
	pool, err := b.setupC.CreateUserPool(ctx, &cip.CreateUserPoolInput{
		PoolName:               aws.String("bench-" + b.run),
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
	})
	if err != nil {
		return fmt.Errorf("CreateUserPool: %w", err)
	}
	b.poolID = aws.ToString(pool.UserPool.Id)
	cl, err := b.setupC.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{
		UserPoolId:                 &b.poolID,
		ClientName:                 aws.String("bench"),
		ExplicitAuthFlows:          []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
		PreventUserExistenceErrors: types.PreventUserExistenceErrorTypesEnabled,
	})
	if err != nil {
		return fmt.Errorf("CreateUserPoolClient: %w", err)
	}
	b.clientID = aws.ToString(cl.UserPoolClient.ClientId)
	return nil
}

func (b *bench) signUpInput(name string) *cip.SignUpInput {
	return &cip.SignUpInput{
		ClientId: &b.clientID, Username: aws.String(name), Password: aws.String(password),
		UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String(name + "@bench.invalid")}},
	}
}

func (b *bench) loginInput(name string) *cip.InitiateAuthInput {
	return &cip.InitiateAuthInput{
		ClientId: &b.clientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": name, "PASSWORD": password},
	}
}

// op runs one operation of workload w and returns the answer's name ("ok" or an error code)
// and whether it is the expected one.
func (b *bench) op(ctx context.Context, w string, i int64) (string, bool) {
	switch w {
	case "login":
		out, err := b.c.InitiateAuth(ctx, b.loginInput(b.users[int(i%int64(len(b.users)))]))
		if err != nil {
			return errorCode(err), false
		}
		if out.AuthenticationResult == nil {
			return "no-tokens", false
		}
		return "ok", true
	case "unknown":
		_, err := b.c.InitiateAuth(ctx, b.loginInput(fmt.Sprintf("nobody%d-%s", i, b.run)))
		code := errorCode(err)
		return code, code == "NotAuthorizedException" || code == "UserNotFoundException"
	case "signup":
		name := fmt.Sprintf("new%d-%s", b.seq.Add(1), b.run)
		if _, err := b.c.SignUp(ctx, b.signUpInput(name)); err != nil {
			return "SignUp:" + errorCode(err), false
		}
		_, err := b.c.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: &b.clientID, Username: &name, ConfirmationCode: &b.cfg.code})
		if err != nil {
			return "ConfirmSignUp:" + errorCode(err), false
		}
		return "ok", true
	}
	return "bad-workload", false
}

// errorCode is the Cognito error code of err, "ok" for nil, or a short description.
func errorCode(err error) string {
	if err == nil {
		return "ok"
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "timeout"
	}
	return "transport-error"
}

// tally is what the rounds of one workload on one server add up to.
type tally struct {
	lat              []time.Duration
	answers          map[string]int
	errs             int
	elapsed          time.Duration
	selfCPU, srvCPU  time.Duration
	srvCPUUnreadable bool
}

// measure runs workload w on every server: a warm-up each, then the rounds, in which the
// servers take turns (in reverse order every other round), and sums each server up.
func measure(ctx context.Context, benches []*bench, w string) []result {
	for _, b := range benches {
		if b.cfg.warmup > 0 {
			b.phase(ctx, w, b.cfg.warmup, b.cfg.maxOps, false)
		}
	}
	tallies := make([]tally, len(benches))
	for i := range tallies {
		tallies[i].answers = map[string]int{}
	}
	cfg := benches[0].cfg
	per := cfg.duration / time.Duration(cfg.rounds)
	for round := 0; round < cfg.rounds; round++ {
		for k := range benches {
			i := k
			if round%2 == 1 {
				i = len(benches) - 1 - k
			}
			b, t := benches[i], &tallies[i]
			srv0, err0 := b.serverCPU()
			self0 := selfCPU()
			lat, answers, errs, elapsed := b.phase(ctx, w, per, cfg.maxOps, true)
			self1 := selfCPU()
			srv1, err1 := b.serverCPU()
			t.lat = append(t.lat, lat...)
			for k, v := range answers {
				t.answers[k] += v
			}
			t.errs += errs
			t.elapsed += elapsed
			t.selfCPU += self1 - self0
			if err0 != nil || err1 != nil {
				t.srvCPUUnreadable = true
			}
			t.srvCPU += srv1 - srv0
		}
	}
	out := make([]result, len(benches))
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	for i, b := range benches {
		t := &tallies[i]
		s := summarize(t.lat)
		r := result{Server: b.server, Workload: w, Workers: cfg.workers, Ops: len(t.lat), Errors: t.errs,
			Answers: t.answers, Seconds: t.elapsed.Seconds(), P50Ms: ms(s.P50), P99Ms: ms(s.P99), MaxMs: ms(s.Max)}
		if t.elapsed > 0 {
			r.OpsPerS = float64(len(t.lat)) / t.elapsed.Seconds()
		}
		if n := len(t.lat) + t.errs; n > 0 {
			r.LoadgenCPUMs = ms(t.selfCPU) / float64(n)
			if !t.srvCPUUnreadable {
				r.ServerCPUMs = ms(t.srvCPU) / float64(n)
			}
		}
		out[i] = r
	}
	return out
}

// serverCPU is the server's CPU time so far, when its -pid is known.
func (b *bench) serverCPU() (time.Duration, error) {
	if b.pid <= 0 {
		return 0, errors.New("loadgen: no -pid")
	}
	return procCPU(b.pid)
}

// phase runs workers until d has passed or maxOps operations were started. It returns the
// latencies of the operations that got their expected answer, the count of each answer, the
// count of unexpected answers and the wall time.
func (b *bench) phase(ctx context.Context, w string, d time.Duration, maxOps int64, record bool) ([]time.Duration, map[string]int, int, time.Duration) {
	var next atomic.Int64
	deadline := time.Now().Add(d)
	type workerOut struct {
		lat     []time.Duration
		answers map[string]int
		errs    int
	}
	outs := make([]workerOut, b.cfg.workers)
	var wg sync.WaitGroup
	start := time.Now()
	for k := range outs {
		wg.Add(1)
		go func(o *workerOut) {
			defer wg.Done()
			o.answers = map[string]int{}
			if record {
				o.lat = make([]time.Duration, 0, 4096)
			}
			for time.Now().Before(deadline) {
				i := next.Add(1)
				if i > maxOps {
					return
				}
				t0 := time.Now()
				answer, ok := b.op(ctx, w, i)
				dt := time.Since(t0)
				o.answers[answer]++
				if !ok {
					o.errs++
					continue
				}
				if record {
					o.lat = append(o.lat, dt)
				}
			}
		}(&outs[k])
	}
	wg.Wait()
	elapsed := time.Since(start)
	var lat []time.Duration
	answers := map[string]int{}
	errs := 0
	for _, o := range outs {
		lat = append(lat, o.lat...)
		for k, v := range o.answers {
			answers[k] += v
		}
		errs += o.errs
	}
	return lat, answers, errs, elapsed
}
