package main

// Tests of -state against the real binary (built once per test run), on 127.0.0.1
// only, every process stopped by the test: kill -9 during a SignUp storm, SIGTERM
// with a late request, unusable locations, a full disk, the import of a JSON state
// file. They wait on events (lines, answers, counts), never on sleeps.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/maskedauth/maskedauth/internal/interop"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/smithy-go"
)

func needsJournal(t *testing.T) {
	t.Helper()
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
	binDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// binary builds cmd/mockpool once.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "mockpool-bin-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "mockpool")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// watchBuffer collects a process's stderr and tells when a text appears.
type watchBuffer struct {
	mu       sync.Mutex
	b        bytes.Buffer
	watchers map[string]chan struct{}
}

func (w *watchBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.b.Write(p)
	for s, ch := range w.watchers {
		if bytes.Contains(w.b.Bytes(), []byte(s)) {
			close(ch)
			delete(w.watchers, s)
		}
	}
	return len(p), nil
}

func (w *watchBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// seen returns a channel closed once s has been written.
func (w *watchBuffer) seen(s string) <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	ch := make(chan struct{})
	if bytes.Contains(w.b.Bytes(), []byte(s)) {
		close(ch)
		return ch
	}
	if w.watchers == nil {
		w.watchers = map[string]chan struct{}{}
	}
	w.watchers[s] = ch
	return ch
}

// process is a running mockpool binary.
type process struct {
	cmd      *exec.Cmd
	endpoint string
	c        *cip.Client
	stderr   *watchBuffer
	exited   chan struct{}
	waitErr  error
}

// startProc starts argv (the binary, or a wrapper that execs it) and waits for the
// "listening" line. The test's cleanup kills it if it still runs.
func startProc(t *testing.T, argv ...string) *process {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, stderr: &watchBuffer{}, exited: make(chan struct{})}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		if sc.Scan() {
			line <- sc.Text()
		}
		close(line)
		for sc.Scan() {
		}
		p.waitErr = cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(p.kill9)
	first := <-line // the process prints it, or exits (the pipe closes)
	endpoint, ok := strings.CutPrefix(first, "mockpool listening on ")
	if !ok {
		p.kill9()
		t.Fatalf("first line %q; stderr: %s", first, p.stderr.String())
	}
	p.endpoint = endpoint
	p.c = cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(endpoint), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("AKIDCRASHTEST", "crash-test-secret", "")})
	return p
}

// kill9 kills the process with SIGKILL and waits until it is gone.
func (p *process) kill9() {
	_ = p.cmd.Process.Kill()
	<-p.exited
}

// refused runs argv to its end and returns its exit error and stderr; it must not
// reach the "listening" line.
func refused(t *testing.T, argv ...string) (error, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if strings.Contains(stdout.String(), "listening") {
		t.Errorf("%v started: %s", argv, stdout.String())
	}
	return err, stderr.String()
}

func setup(t *testing.T, c *cip.Client) (poolID, clientID string) {
	t.Helper()
	ctx := t.Context()
	pool, err := c.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("crash")})
	if err != nil {
		t.Fatal(err)
	}
	poolID = aws.ToString(pool.UserPool.Id)
	cl, err := c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: aws.String(poolID), ClientName: aws.String("app")})
	if err != nil {
		t.Fatal(err)
	}
	return poolID, aws.ToString(cl.UserPoolClient.ClientId)
}

func signUp(ctx context.Context, c *cip.Client, clientID, name string, attrs ...string) error {
	in := &cip.SignUpInput{ClientId: aws.String(clientID), Username: aws.String(name), Password: aws.String("Passw0rd!")}
	for i := 0; i+1 < len(attrs); i += 2 {
		in.UserAttributes = append(in.UserAttributes, typesAttr(attrs[i], attrs[i+1]))
	}
	_, err := c.SignUp(ctx, in)
	return err
}

// retryClosedConn is a per-call option for read-only calls: one retry when the
// client's own connection was closed under the answer (net.ErrClosed, "use of closed
// network connection": a race in connection reuse that the SDK's default retryer
// retries, aws/aws-sdk-go-v2#2737, and that RetryMaxAttempts 1 would surface). Every
// answer of the server, a 500 or a reset connection included, is still seen as it was.
func retryClosedConn(o *cip.Options) {
	o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
		so.MaxAttempts = 2
		so.Retryables = []retry.IsErrorRetryable{retry.IsErrorRetryableFunc(func(err error) aws.Ternary {
			if errors.Is(err, net.ErrClosed) {
				return aws.TrueTernary
			}
			return aws.FalseTernary
		})}
	})
}

// missing returns the names of users AdminGetUser does not find.
func missing(t *testing.T, c *cip.Client, poolID string, names []string) []string {
	t.Helper()
	var lost []string
	for _, n := range names {
		_, err := c.AdminGetUser(t.Context(), &cip.AdminGetUserInput{UserPoolId: aws.String(poolID), Username: aws.String(n)}, retryClosedConn)
		var ae smithy.APIError
		switch {
		case err == nil:
		case errors.As(err, &ae) && ae.ErrorCode() == "UserNotFoundException":
			lost = append(lost, n)
		default:
			t.Fatalf("AdminGetUser %s: %v", n, err)
		}
	}
	return lost
}

// TestKill9LosesNoAcknowledgedSignUp: a SignUp storm from several goroutines, kill -9
// when a random number of sign-ups has been acknowledged, restart on the same
// -state: every SignUp answered 200 is there. Three rounds.
func TestKill9LosesNoAcknowledgedSignUp(t *testing.T) {
	needsJournal(t)
	bin := binary(t)
	state := filepath.Join(t.TempDir(), "state.db")
	args := []string{bin, "-addr", "127.0.0.1:0", "-state", state, "-quiet"}
	rng := rand.New(rand.NewPCG(13, 13))
	p := startProc(t, args...)
	poolID, clientID := setup(t, p.c)

	const rounds, workers = 3, 8
	var all []string
	for round := 1; round <= rounds; round++ {
		killAt := 50 + rng.IntN(400)
		var mu sync.Mutex
		var acked []string
		attempted := 0
		kill := make(chan struct{})
		var once sync.Once
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := 0; ; i++ {
					name := fmt.Sprintf("r%d-w%d-%d", round, w, i)
					mu.Lock()
					attempted++
					mu.Unlock()
					if err := signUp(t.Context(), p.c, clientID, name, "email", name+"@example.com"); err != nil {
						once.Do(func() { close(kill) }) // the process is gone (or refused: stop too)
						return
					}
					mu.Lock()
					acked = append(acked, name)
					n := len(acked)
					mu.Unlock()
					if n >= killAt {
						once.Do(func() { close(kill) })
					}
				}
			}(w)
		}
		<-kill
		p.kill9()
		wg.Wait()

		p = startProc(t, args...)
		lost := missing(t, p.c, poolID, acked)
		t.Logf("round %d: killed after %d acknowledged sign-ups (%d attempted); found %d, lost %d",
			round, len(acked), attempted, len(acked)-len(lost), len(lost))
		if len(lost) > 0 {
			t.Errorf("round %d: %d acknowledged sign-ups lost by kill -9, e.g. %v", round, len(lost), lost[:min(5, len(lost))])
		}
		all = append(all, acked...)
	}
	lost := missing(t, p.c, poolID, all)
	t.Logf("%d rounds: %d sign-ups acknowledged in all, %d present at the end, %d lost", rounds, len(all), len(all)-len(lost), len(lost))
	if len(lost) > 0 {
		t.Errorf("%d acknowledged sign-ups lost", len(lost))
	}
	p.kill9()
}

// TestSIGTERMRefusesALateRequest: a SignUp still running (its PreSignUp trigger
// holds it) when SIGTERM arrives finishes after the final commit: it is answered
// with an error, or, if it was answered 200, the user is there after a restart.
func TestSIGTERMRefusesALateRequest(t *testing.T) {
	needsJournal(t)
	bin := binary(t)
	fn := newHoldingLambda(t)
	state := filepath.Join(t.TempDir(), "state.db")
	args := []string{bin, "-addr", "127.0.0.1:0", "-state", state, "-trigger", "PreSignUp=" + fn.url,
		"-trigger-timeout", "2m", "-shutdown-timeout", "200ms"}
	p := startProc(t, args...)
	poolID, clientID := setup(t, p.c)

	early := make(chan error, 1)
	go func() { early <- signUp(t.Context(), p.c, clientID, "early") }()
	<-fn.arrived
	fn.answer <- struct{}{}
	if err := <-early; err != nil {
		t.Fatalf("SignUp before SIGTERM: %v", err)
	}

	late := make(chan error, 1)
	go func() { late <- signUp(t.Context(), p.c, clientID, "late") }()
	<-fn.arrived // the late SignUp is running, held by its trigger
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	<-p.stderr.seen("state closed") // the final commit is done
	fn.answer <- struct{}{}
	lateErr := <-late
	<-p.exited
	if p.waitErr != nil {
		t.Errorf("exit after SIGTERM: %v; stderr: %s", p.waitErr, p.stderr.String())
	}

	p = startProc(t, args...)
	if lost := missing(t, p.c, poolID, []string{"early"}); len(lost) > 0 {
		t.Fatal("the SignUp acknowledged before SIGTERM is lost")
	}
	lost := missing(t, p.c, poolID, []string{"late"})
	switch {
	case lateErr == nil && len(lost) > 0:
		t.Fatal("the late SignUp was answered 200 after the final commit and is lost")
	case lateErr == nil:
		t.Log("the late SignUp was answered 200 and is present")
	default:
		t.Logf("the late SignUp was refused: %v", lateErr)
	}
	p.kill9()
}

// TestUnusableStateRefusesToStart: a missing directory, a read-only location (empty,
// or holding a database), a file that is not a state database, a JSON state file
// that does not validate: exit status non-zero, the path named, nothing served.
func TestUnusableStateRefusesToStart(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, bytes.Repeat([]byte("not a database "), 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	badJSON := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(badJSON, []byte(`{"version":1,"pools":[{"id":"us-east-1_x"},{"id":"us-east-1_x"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, path, want string
	}{
		{"missing directory", filepath.Join(dir, "no", "such", "state.db"), "directory does not exist"},
		{"not a database", junk, "not a mockpool state database"},
		{"a directory", dir, "not a mockpool state database"},
		{"invalid JSON state", badJSON, "duplicate pool id"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err, stderr := refused(t, bin, "-addr", "127.0.0.1:0", "-state", c.path)
			if err == nil {
				t.Fatalf("exit status 0; stderr: %s", stderr)
			}
			if !strings.Contains(stderr, c.path) || !strings.Contains(stderr, c.want) {
				t.Fatalf("stderr %q: want the path and %q", stderr, c.want)
			}
		})
	}
	before, _ := os.ReadFile(badJSON)
	if !bytes.Contains(before, []byte("us-east-1_x")) {
		t.Error("the refused JSON file was changed")
	}
	t.Run("read-only mount", func(t *testing.T) {
		ro := t.TempDir()
		err, stderr := inMountNamespace(t, "mount -t tmpfs -o ro,size=1m tmpfs "+ro+" && exec "+bin+" -addr 127.0.0.1:0 -state "+ro+"/state.db")
		if err == nil {
			t.Fatalf("exit status 0; stderr: %s", stderr)
		}
		if !strings.Contains(stderr, ro+"/state.db") || !strings.Contains(stderr, "cannot be written") {
			t.Fatalf("stderr %q: want the path and the reason", stderr)
		}
	})
	t.Run("read-only mount with a database", func(t *testing.T) {
		src := filepath.Join(t.TempDir(), "state.db")
		p := startProc(t, bin, "-addr", "127.0.0.1:0", "-state", src, "-quiet")
		p.kill9()
		ro := t.TempDir()
		err, stderr := inMountNamespace(t, "mount -t tmpfs -o size=1m tmpfs "+ro+" && cp "+src+" "+ro+"/state.db && mount -o remount,ro "+ro+
			" && exec "+bin+" -addr 127.0.0.1:0 -state "+ro+"/state.db")
		if err == nil {
			t.Fatalf("exit status 0; stderr: %s", stderr)
		}
		if !strings.Contains(stderr, ro+"/state.db") || !strings.Contains(stderr, "cannot be written") {
			t.Fatalf("stderr %q: want the path and the reason", stderr)
		}
	})
}

// inMountNamespace runs script with sh in a private mount namespace (unshare -m),
// as root; it skips the test, saying why, where that is impossible.
func inMountNamespace(t *testing.T, script string) (error, string) {
	t.Helper()
	if os.Geteuid() != 0 {
		interop.SkipPlatform(t, "needs root for a tmpfs in a private mount namespace (unshare -m); root also ignores permission bits, so no other way to make a location unwritable")
	}
	if _, err := exec.LookPath("unshare"); err != nil {
		interop.SkipPlatform(t, "unshare (util-linux) not installed")
	}
	if out, err := exec.Command("unshare", "-m", "--propagation", "private", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt").CombinedOutput(); err != nil {
		interop.SkipPlatform(t, "cannot mount a tmpfs in a private mount namespace here: %v %s", err, out)
	}
	return refused(t, "unshare", "-m", "--propagation", "private", "sh", "-c", script)
}

// closedOnceTransport answers its first call 200 with a body whose read fails as on a
// connection the client closed (what TestFullDisk once met), then every call with
// status and body.
type closedOnceTransport struct {
	mu     sync.Mutex
	calls  int
	status int
	body   string
}

type closedReader struct{}

func (closedReader) Read([]byte) (int, error) {
	return 0, &net.OpError{Op: "read", Net: "tcp", Err: net.ErrClosed}
}

func (c *closedOnceTransport) Do(req *http.Request) (*http.Response, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	if c.calls == 1 {
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/x-amz-json-1.1"}},
			Body: io.NopCloser(closedReader{}), Request: req}, nil
	}
	return &http.Response{StatusCode: c.status, Header: http.Header{"Content-Type": {"application/x-amz-json-1.1"}},
		Body: io.NopCloser(strings.NewReader(c.body)), Request: req}, nil
}

// retryClosedConn retries a closed connection once and nothing else: a server's 500
// after it is answered as it was.
func TestRetryClosedConnRetriesOnlyAClosedConnection(t *testing.T) {
	cases := []struct {
		name, body string
		status     int
		wantErr    bool
	}{
		{"then 200", `{"UserPool":{"Id":"us-east-1_x"}}`, http.StatusOK, false},
		{"then 500", `{"__type":"InternalErrorException","message":"x"}`, http.StatusInternalServerError, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tr := &closedOnceTransport{status: tc.status, body: tc.body}
			c := cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String("http://127.0.0.1:1"), RetryMaxAttempts: 1,
				HTTPClient: tr, Credentials: credentials.NewStaticCredentialsProvider("AKID", "secret", "")})
			_, err := c.DescribeUserPool(t.Context(), &cip.DescribeUserPoolInput{UserPoolId: aws.String("us-east-1_x")}, retryClosedConn)
			if (err != nil) != tc.wantErr || tr.calls != 2 {
				t.Fatalf("err %v after %d calls; want error %v after 2", err, tr.calls, tc.wantErr)
			}
			tr2 := &closedOnceTransport{status: tc.status, body: tc.body}
			c2 := cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String("http://127.0.0.1:1"), RetryMaxAttempts: 1,
				HTTPClient: tr2, Credentials: credentials.NewStaticCredentialsProvider("AKID", "secret", "")})
			if _, err := c2.DescribeUserPool(t.Context(), &cip.DescribeUserPoolInput{UserPoolId: aws.String("us-east-1_x")}); err == nil || tr2.calls != 1 {
				t.Fatalf("without the option: err %v after %d calls; want the closed connection after 1", err, tr2.calls)
			}
		})
	}
}
