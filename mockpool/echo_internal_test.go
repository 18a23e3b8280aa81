package mockpool

import (
	"strings"
	"testing"
)

func TestEcho(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"alice", "alice"},
		{strings.Repeat("a", maxEcho), strings.Repeat("a", maxEcho)},
		{strings.Repeat("a", maxEcho+1), strings.Repeat("a", maxEcho) + "..."},
		{strings.Repeat("é", 1_000_000), strings.Repeat("é", maxEcho) + "..."}, // cut on a rune boundary
	}
	for _, tt := range tests {
		if got := echo(tt.in); got != tt.want {
			t.Errorf("echo(%.20q...) = %.20q... (%d bytes), want %d bytes", tt.in, got, len(got), len(tt.want))
		}
	}
}
