// Command mockpool serves an offline Amazon Cognito user pool (package
// github.com/maskedauth/maskedauth/mockpool) on a local address, for the AWS CLI
// and for any language's SDK.
//
//	go run ./cmd/mockpool                      # serves on 127.0.0.1:9229
//	go run ./cmd/mockpool -addr 127.0.0.1:0    # picks a free port
//	go run ./cmd/mockpool -pool demo           # creates pool "demo" and an app client, prints their ids
//	go run ./cmd/mockpool -state state.json    # keeps pools and users across restarts
//
// The first line on standard output is "mockpool listening on http://HOST:PORT".
// It serves the Cognito JSON API at POST /, JWKS at GET /{poolId}/.well-known/jwks.json
// and the codes it "sent" at GET /_mockpool/messages, to requests whose Host is a
// loopback name or address, the -addr host or an -allow-host name (403 otherwise).
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
	"syscall"
	"time"

	"github.com/maskedauth/maskedauth/mockpool"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
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
	saveDelay  time.Duration
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

func parseFlags(args []string, stderr io.Writer) (config, error) {
	c := config{triggers: triggerFlags{}}
	fs := flag.NewFlagSet("mockpool", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:9229", "address to listen on (port 0 picks a free one)")
	fs.StringVar(&c.statePath, "state", "", "file that keeps pools, clients, users and signing keys across restarts (written atomically)")
	fs.StringVar(&c.seedPath, "seed", "", "JSON seed file of pools, app clients and users to create at start (see README)")
	fs.StringVar(&c.poolName, "pool", "", "create a user pool with this name and an app client at start (reused if it exists), and print their ids")
	fs.StringVar(&c.region, "region", "us-east-1", "region used in pool ids and token issuers")
	fs.BoolVar(&c.legacy, "legacy", false, "with -pool: make the app client LEGACY instead of ENABLED")
	fs.StringVar(&c.fixedCode, "code", "", "send this fixed confirmation code instead of random ones (tests only)")
	fs.BoolVar(&c.quiet, "quiet", false, "log nothing but errors")
	fs.DurationVar(&c.saveDelay, "save-delay", 100*time.Millisecond, "with -state: how long changes are gathered before one write")
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

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	defer ln.Close()
	endpoint := "http://" + ln.Addr().String()
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && !tcp.IP.IsLoopback() {
		logger.Warn("listening beyond loopback: the admin API is unsigned and /_mockpool/messages hands out every code; use it on a trusted network only", "addr", ln.Addr().String())
	}

	var persist *persister
	opts := []mockpool.Option{mockpool.WithRegion(cfg.region), mockpool.WithLogger(logger),
		mockpool.WithAllowedHosts(append(listenHosts(cfg.addr, ln.Addr().String()), cfg.allowHosts...)...)}
	if cfg.fixedCode != "" {
		opts = append(opts, mockpool.WithFixedCode(cfg.fixedCode))
	}
	if cfg.secretFile != "" {
		secret, err := os.ReadFile(cfg.secretFile)
		if err != nil {
			return fmt.Errorf("read -secret-file: %w", err)
		}
		if len(secret) < 32 {
			// A short secret can be guessed, and whoever knows it tells simulated
			// answers (unknown users) from real ones.
			return fmt.Errorf("-secret-file %s: %d bytes; want at least 32", cfg.secretFile, len(secret))
		}
		opts = append(opts, mockpool.WithSecret(secret))
	}
	if cfg.statePath != "" {
		persist = newPersister(cfg.statePath, cfg.saveDelay, logger)
		opts = append(opts, mockpool.WithOnChange(persist.changed))
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
	if persist != nil {
		if err := persist.load(srv); err != nil {
			return err
		}
		persist.start(srv)
		defer persist.close()
	}

	fmt.Fprintf(stdout, "mockpool listening on %s\n", endpoint)
	if err := seed(ctx, srv, cfg, stdout); err != nil {
		return err
	}

	hs := &http.Server{
		Handler:           srv, // mockpool logs one line per request (operation, status, error code), never a body
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
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
