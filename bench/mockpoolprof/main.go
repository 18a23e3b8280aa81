// Command mockpoolprof serves the mock pool the way cmd/mockpool -quiet -code CODE does
// (mockpool.New with a fixed code, an error-level logger, an http.Server on a loopback
// address) and records a CPU profile of the whole process, written when it is stopped
// (SIGINT/SIGTERM) or after -max. bench/run.sh runs it under the same login load as
// cmd/mockpool, so that `go tool pprof -top` shows where the server's time goes.
//
//	mockpoolprof -addr 127.0.0.1:0 -code 123456 -cpuprofile cpu.pprof
//
// The first line on standard output is "mockpool listening on http://HOST:PORT".
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
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/maskedauth/maskedauth/mockpool"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "mockpoolprof:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("mockpoolprof", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "loopback address to listen on")
	code := fs.String("code", "123456", "fixed confirmation code")
	profile := fs.String("cpuprofile", "cpu.pprof", "CPU profile written at exit")
	maxRun := fs.Duration("max", 5*time.Minute, "stop by itself after this long")
	if err := fs.Parse(args); err != nil {
		return err
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		return fmt.Errorf("-addr: %w", err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-addr %q is not a loopback address", *addr)
	}
	f, err := os.Create(*profile)
	if err != nil {
		return fmt.Errorf("create profile: %w", err)
	}
	defer f.Close()

	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	srv := mockpool.New(mockpool.WithLogger(logger), mockpool.WithFixedCode(*code))
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	fmt.Fprintf(stdout, "mockpool listening on http://%s\n", ln.Addr())
	if err := pprof.StartCPUProfile(f); err != nil {
		ln.Close()
		return fmt.Errorf("start profile: %w", err)
	}
	defer pprof.StopCPUProfile()

	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	serveErr := make(chan error, 1)
	go func() { serveErr <- hs.Serve(ln) }()
	timer := time.NewTimer(*maxRun)
	defer timer.Stop()
	select {
	case err := <-serveErr:
		if !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("serve: %w", err)
		}
		return nil
	case <-ctx.Done():
	case <-timer.C:
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return hs.Shutdown(shutdownCtx)
}
