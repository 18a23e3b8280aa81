// Package redistest starts a throwaway redis-server for a test: on a free
// 127.0.0.1 port, without persistence, stopped when the test ends.
//
// Without redis-server on the PATH the test is skipped, with a line on stderr
// that shows without -v; under MASKEDAUTH_REQUIRE_INTEROP=1 (as in CI, which
// installs Debian's redis-server) it fails instead.
package redistest

import (
	"bufio"
	"errors"
	"fmt"
	"github.com/maskedauth/maskedauth/internal/interop"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Server is one running redis-server.
type Server struct {
	// Addr is host:port on 127.0.0.1.
	Addr string
	cmd  *exec.Cmd
	done chan struct{}
}

// Start starts a redis-server for t and stops it in t.Cleanup. It skips t, or
// fails it under MASKEDAUTH_REQUIRE_INTEROP=1, when redis-server is not installed.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		interop.Skip(t, "redis-server is not installed (apt-get install redis-server)")
	}
	var last error
	for range 5 { // a free port can be taken between the probe and the start
		s, err := start(bin)
		if err == nil {
			t.Cleanup(s.Kill)
			return s
		}
		last = err
	}
	t.Fatalf("redistest: start redis-server: %v", last)
	return nil
}

func start(bin string) (*Server, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--protected-mode", "no", "--loglevel", "warning")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &Server{Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), cmd: cmd, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(s.done) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if err := ping(s.Addr); err == nil {
			return s, nil
		}
		select {
		case <-s.done:
			return nil, fmt.Errorf("redis-server exited: %s", strings.TrimSpace(out.String()))
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.Kill()
			return nil, errors.New("redis-server did not answer PING")
		}
	}
}

// ping sends PING over a raw connection and waits for +PONG.
func ping(addr string) error {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if !strings.HasPrefix(line, "+PONG") {
		return fmt.Errorf("PING: %q", line)
	}
	return nil
}

// Kill kills the server (SIGKILL, as a crash would) and waits for it to exit. It
// may be called more than once.
func (s *Server) Kill() {
	_ = s.cmd.Process.Kill()
	<-s.done
}
