package mockpool

// The host check of the HTTP server (ServeHTTP): a DNS-rebinding page sends its own
// name as Host, so only loopback names, the address the connection came in on and
// Options.AllowedHosts are answered.

import (
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// allowedHost is one entry of Options.AllowedHosts: a lower-case name (an IPv6
// address without brackets) and a port, "" for any port.
type allowedHost struct{ name, port string }

// splitHost splits a Host value into a lower-case name (brackets of an IPv6 literal
// removed) and a port ("" if none). ok is false for malformed values.
func splitHost(h string) (name, port string, ok bool) {
	h = strings.ToLower(h)
	if strings.HasPrefix(h, "[") {
		end := strings.IndexByte(h, ']')
		if end < 0 {
			return "", "", false
		}
		name, rest := h[1:end], h[end+1:]
		if rest == "" {
			return name, "", true
		}
		if rest[0] != ':' || rest == ":" {
			return "", "", false
		}
		return name, rest[1:], true
	}
	if i := strings.IndexByte(h, ':'); i >= 0 {
		if strings.IndexByte(h[i+1:], ':') >= 0 || i == len(h)-1 {
			return "", "", false // an unbracketed IPv6 address or "host:"
		}
		return h[:i], h[i+1:], true
	}
	return h, "", true
}

func parseAllowedHosts(hosts []string) []allowedHost {
	var out []allowedHost
	for _, h := range hosts {
		h = strings.TrimSpace(h)
		if strings.Contains(h, ":") && !strings.HasPrefix(h, "[") && strings.Count(h, ":") > 1 {
			h = "[" + h + "]" // a bare IPv6 address
		}
		if name, port, ok := splitHost(h); ok && name != "" {
			out = append(out, allowedHost{name: name, port: port})
		}
	}
	return out
}

// hostAllowed reports whether ServeHTTP answers a request with Host host arriving on
// local (the listener's address, nil if unknown).
func (s *Server) hostAllowed(host string, local net.Addr) bool {
	name, port, ok := splitHost(host)
	if !ok || name == "" {
		return false
	}
	if name == "localhost" {
		return true
	}
	if ip, err := netip.ParseAddr(name); err == nil && ip.Zone() == "" {
		if ip.Unmap().IsLoopback() {
			return true
		}
		if tcp, ok := local.(*net.TCPAddr); ok {
			if l, ok := netip.AddrFromSlice(tcp.IP); ok && l.Unmap() == ip.Unmap() {
				return true
			}
		}
	}
	for _, a := range s.allowedHosts {
		if a.name == name && (a.port == "" || a.port == port) {
			return true
		}
	}
	return false
}

// forbiddenHost is the answer to a request with a Host that is not allowed.
func forbiddenHost(requestID string) *response {
	return errorResponse(&apiError{Code: cognito.CodeForbidden, Message: cognito.MsgHostNotAllowed, Status: http.StatusForbidden}, requestID)
}
