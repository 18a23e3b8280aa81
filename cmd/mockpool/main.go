// Command mockpool serves an offline Amazon Cognito user pool (package
// github.com/maskedauth/maskedauth/mockpool) on a local address, for the AWS CLI
// and for any language's SDK.
//
//	go run ./cmd/mockpool                      # serves on 127.0.0.1:9229
//	go run ./cmd/mockpool -addr 127.0.0.1:0    # picks a free port
//	go run ./cmd/mockpool -pool demo           # creates pool "demo" and an app client, prints their ids
//	go run ./cmd/mockpool -state state.db      # keeps pools and users across restarts
//
// The first line on standard output is "mockpool listening on http://HOST:PORT".
// It serves the Cognito JSON API at POST /, JWKS at GET /{poolId}/.well-known/jwks.json
// and the codes it "sent" at GET /_mockpool/messages, to requests whose Host is a
// loopback name or address, the -addr host or an -allow-host name (403 otherwise).
//
// With -state PATH every change is committed to a bbolt database at PATH before it
// is answered; a kill at any moment loses nothing that was acknowledged. A PATH
// that cannot be used (missing directory, read-only, not a state database) stops
// the command at start (exit status 1, the path named); a commit that fails later
// (disk full) answers InternalErrorException and reads go on. On SIGTERM or SIGINT
// it stops accepting, lets running requests finish for -shutdown-timeout, makes a
// final commit and refuses whatever finishes after it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/maskedauth/maskedauth/mockpool"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) { // -h, -help: the usage went to stderr
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "mockpool:", err)
		os.Exit(1)
	}
}

// config is what the flags say.
type config struct {
	addr       string
	statePath  string
	seedPath   string
	poolName   string
	region     string
	legacy     bool
	fixedCode  string
	quiet      bool
	saveDelay  time.Duration // deprecated, ignored: every change is committed before it is answered
	shutdown   time.Duration
	secretFile string
	issuer     string
	triggers   triggerFlags
	allowHosts hostFlags

	triggerTimeout time.Duration
}

// triggerFlags collects repeated -trigger NAME=URL flags.
type triggerFlags map[string]string

func (t triggerFlags) String() string { return fmt.Sprint(map[string]string(t)) }

func (t triggerFlags) Set(v string) error {
	name, url, ok := strings.Cut(v, "=")
	if !ok || name == "" || url == "" {
		return fmt.Errorf("want NAME=URL, e.g. PreSignUp=http://127.0.0.1:9000/2015-03-31/functions/function/invocations")
	}
	if _, dup := t[name]; dup {
		return fmt.Errorf("trigger %s given twice", name)
	}
	t[name] = url
	return nil
}

// hostFlags collects -allow-host values (repeatable, comma-separated).
type hostFlags []string

func (h *hostFlags) String() string { return strings.Join(*h, ",") }

func (h *hostFlags) Set(v string) error {
	for _, name := range strings.Split(v, ",") {
		name = strings.TrimSpace(name)
		if name == "" || strings.ContainsAny(name, "/ \t@") || strings.HasSuffix(name, ":") ||
			(strings.HasPrefix(name, "[") && !strings.Contains(name, "]")) {
			return fmt.Errorf("want HOST or HOST:PORT (comma-separated), e.g. dev.example or dev.example:9229; got %q", name)
		}
		*h = append(*h, name)
	}
	return nil
}

// listenHosts returns the hosts of -addr and of the address actually listened on
// that are not loopback: they are allowed as Host besides the loopback names.
func listenHosts(addr, listened string) []string {
	var out []string
	for _, a := range []string{addr, listened} {
		host, _, err := net.SplitHostPort(a)
		if err != nil || host == "" || strings.EqualFold(host, "localhost") {
			continue
		}
		if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
			continue
		}
		if len(out) == 0 || !strings.EqualFold(out[len(out)-1], host) {
			out = append(out, host)
		}
	}
	return out
}

// usageHeader is what -h prints before the flags.
const usageHeader = `mockpool: an offline Amazon Cognito user pool (the Cognito Identity Provider
JSON API) for any AWS SDK or the AWS CLI, listening on 127.0.0.1.

Usage: mockpool [flags]

  aws --endpoint-url http://127.0.0.1:9229 cognito-idp list-user-pools --max-results 10

Endpoints besides the API (POST /):
  GET /_mockpool/messages[?userPoolId=ID&username=NAME]  codes and messages "sent" (JSON list)
  GET /POOL_ID/.well-known/jwks.json                     the pool's signing keys
  GET /POOL_ID/.well-known/openid-configuration          OIDC discovery (its URLs are local with -issuer local)

Each request is logged with its operation, request id (the x-amzn-RequestId
header of the answer), status and duration. SIGTERM or SIGINT stops it; in
scripts, go build it and run the binary (killing "go run" leaves the server).

Flags:
`

func parseFlags(args []string, stderr io.Writer) (config, error) {
	c := config{triggers: triggerFlags{}}
	fs := flag.NewFlagSet("mockpool", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usageHeader)
		fs.PrintDefaults()
	}
	fs.StringVar(&c.addr, "addr", "127.0.0.1:9229", "address to listen on (port 0 picks a free one)")
	fs.StringVar(&c.statePath, "state", "", "database file (bbolt) that keeps pools, clients, users, sessions, codes, the outbox and signing keys across restarts; every change is committed before it is answered; a JSON state file of earlier versions is imported (kept as PATH.json.bak)")
	fs.StringVar(&c.seedPath, "seed", "", "JSON seed file of pools, app clients and users to create at start (see README)")
	fs.StringVar(&c.poolName, "pool", "", "create a user pool with this name and an app client at start (reused if it exists), and print their ids")
	fs.StringVar(&c.region, "region", "us-east-1", "region used in pool ids and token issuers")
	fs.BoolVar(&c.legacy, "legacy", false, "with -pool: make the app client LEGACY instead of ENABLED")
	fs.StringVar(&c.fixedCode, "code", "", "send this fixed confirmation code instead of random ones (tests only)")
	fs.BoolVar(&c.quiet, "quiet", false, "log nothing but errors")
	fs.DurationVar(&c.saveDelay, "save-delay", 0, "deprecated and ignored: with -state every change is committed before it is answered")
	fs.DurationVar(&c.shutdown, "shutdown-timeout", 5*time.Second, "on SIGTERM/SIGINT: how long running requests may take to finish before the final commit (later ones are refused)")
	fs.StringVar(&c.secretFile, "secret-file", "", "file holding the secret behind simulated answers (default: kept in the state file, else random)")
	fs.StringVar(&c.issuer, "issuer", "cognito", `token issuer: "cognito" (https://cognito-idp.REGION.amazonaws.com/POOL, as Cognito), "local" (this server's URL + /POOL, so OIDC discovery and JWKS resolve here), or a URL prefix`)
	fs.Var(c.triggers, "trigger", "repeatable NAME=URL: every pool's trigger NAME (PreSignUp, MigrateUser, DefineAuthChallenge, ...) is a function reached over HTTP; each event is POSTed as Lambda receives it (the Lambda Runtime Interface Emulator's invocation URL works as is)")
	fs.Var(&c.allowHosts, "allow-host", "repeatable or comma-separated HOST[:PORT]: also answer requests with this Host header (besides localhost, 127.0.0.0/8, [::1] and the -addr host); without a port any port; every other Host gets 403, which stops DNS rebinding")
	fs.DurationVar(&c.triggerTimeout, "trigger-timeout", mockpool.DefaultTriggerTimeout, "how long a trigger may take (Cognito's limit is 5s)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	return c, nil
}

// run is main without the process: tests call it with their own context and writers.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	level := slog.LevelInfo
	if cfg.quiet {
		level = slog.LevelError
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	var secret []byte
	if cfg.secretFile != "" {
		if secret, err = os.ReadFile(cfg.secretFile); err != nil {
			return fmt.Errorf("read -secret-file: %w", err)
		}
		if len(secret) < 32 {
			// A short secret can be guessed, and whoever knows it tells simulated
			// answers (unknown users) from real ones.
			return fmt.Errorf("-secret-file %s: %d bytes; want at least 32", cfg.secretFile, len(secret))
		}
	}
	// The state comes first: a location that cannot be written stops the command
	// before it listens.
	var st *mockpool.State
	if cfg.statePath != "" {
		importServer := func() *mockpool.Server {
			o := []mockpool.Option{mockpool.WithRegion(cfg.region), mockpool.WithLogger(logger)}
			if secret != nil {
				o = append(o, mockpool.WithSecret(secret))
			}
			return mockpool.New(o...)
		}
		if st, err = openState(cfg.statePath, importServer, logger); err != nil {
			return err
		}
		defer func() {
			if st != nil {
				st.Close()
			}
		}()
	}

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	defer ln.Close()
	endpoint := "http://" + ln.Addr().String()
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && !tcp.IP.IsLoopback() {
		logger.Warn("listening beyond loopback: the admin API is unsigned and /_mockpool/messages hands out every code; use it on a trusted network only", "addr", ln.Addr().String())
	}

	opts := []mockpool.Option{mockpool.WithRegion(cfg.region), mockpool.WithLogger(logger),
		mockpool.WithAllowedHosts(append(listenHosts(cfg.addr, ln.Addr().String()), cfg.allowHosts...)...)}
	if cfg.fixedCode != "" {
		opts = append(opts, mockpool.WithFixedCode(cfg.fixedCode))
	}
	if secret != nil {
		opts = append(opts, mockpool.WithSecret(secret))
	}
	switch cfg.issuer {
	case "cognito", "":
	case "local":
		opts = append(opts, mockpool.WithIssuerPrefix(endpoint))
	default:
		if !strings.HasPrefix(cfg.issuer, "http://") && !strings.HasPrefix(cfg.issuer, "https://") {
			return fmt.Errorf("-issuer %q: want cognito, local or an http(s) URL prefix", cfg.issuer)
		}
		opts = append(opts, mockpool.WithIssuerPrefix(strings.TrimSuffix(cfg.issuer, "/")))
	}
	if len(cfg.triggers) > 0 {
		t, err := mockpool.HTTPTriggers(cfg.triggers, nil)
		if err != nil {
			return err
		}
		opts = append(opts, mockpool.WithTriggers(t))
	}
	opts = append(opts, mockpool.WithTriggerTimeout(cfg.triggerTimeout))
	srv := mockpool.New(opts...)
	if st != nil {
		// Loads the database (or writes a new one's server-wide records: the
		// signing key and the simulation secret) before anything is served.
		if err := srv.UseState(st); err != nil {
			return err
		}
		logger.Info("state opened", "state", st.Path(), "bytes", st.Size())
	}
	if cfg.saveDelay != 0 {
		logger.Warn("-save-delay is deprecated and ignored: every change is committed before it is answered")
	}

	fmt.Fprintf(stdout, "mockpool listening on %s\n", endpoint)
	if err := seed(ctx, srv, cfg, stdout); err != nil {
		return err
	}

	var inflight inflightCounter
	hs := &http.Server{
		Handler:           inflight.wrap(srv), // mockpool logs one line per request (operation, status, error code), never a body
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- hs.Serve(ln) }()

	select {
	case err := <-serveErr:
		if !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("serve: %w", err)
		}
		return nil
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.shutdown)
	defer cancel()
	// Stop accepting and wait for the running requests, up to -shutdown-timeout.
	shutErr := hs.Shutdown(shutdownCtx)
	if shutErr != nil {
		logger.Warn("requests still running at the shutdown deadline; they are refused", "running", inflight.count())
	}
	if st != nil {
		// The final commit: every answer given so far is durable; a request that
		// finishes from now on fails its commit and is answered with an error.
		err := st.Close()
		st = nil
		if err != nil {
			return fmt.Errorf("final commit of %s: %w", cfg.statePath, err)
		}
		logger.Info("state closed", "state", cfg.statePath)
		// Give the late requests a moment to write their refusals.
		late, cancel := context.WithTimeout(context.Background(), cfg.shutdown)
		defer cancel()
		inflight.wait(late)
	}
	if shutErr != nil && !errors.Is(shutErr, context.DeadlineExceeded) {
		return fmt.Errorf("shutdown: %w", shutErr)
	}
	return nil
}

// inflightCounter counts the requests being served.
type inflightCounter struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n drops to 0; nil while none is waited for
}

func (c *inflightCounter) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.n++
		c.mu.Unlock()
		defer func() {
			c.mu.Lock()
			c.n--
			if c.n == 0 && c.idle != nil {
				close(c.idle)
				c.idle = nil
			}
			c.mu.Unlock()
		}()
		h.ServeHTTP(w, r)
	})
}

func (c *inflightCounter) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// wait returns when no request is running, or when ctx ends.
func (c *inflightCounter) wait(ctx context.Context) {
	c.mu.Lock()
	if c.n == 0 {
		c.mu.Unlock()
		return
	}
	if c.idle == nil {
		c.idle = make(chan struct{})
	}
	ch := c.idle
	c.mu.Unlock()
	select {
	case <-ch:
	case <-ctx.Done():
	}
}
