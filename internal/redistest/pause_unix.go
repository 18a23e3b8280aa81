//go:build unix

package redistest

import "syscall"

// Pause stops the server (SIGSTOP) without closing its connections: it accepts
// and reads nothing, like a hung or partitioned Redis. Kill still ends it.
func (s *Server) Pause() {
	_ = s.cmd.Process.Signal(syscall.SIGSTOP)
}
