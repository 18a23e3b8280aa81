package main

import (
	"io"
	"net/http"
	"testing"
)

func TestAllowHostFlag(t *testing.T) {
	in := start(t, "-allow-host", "dev.example, pinned.example:7000", "-allow-host", "Third.Example")
	tests := []struct {
		host string
		want int
	}{
		{"evil.example", http.StatusForbidden},
		{"127.0.0.1.evil.example:9229", http.StatusForbidden},
		{"pinned.example:7001", http.StatusForbidden},
		{"localhost:9229", http.StatusOK},
		{"dev.example", http.StatusOK},
		{"dev.example:9229", http.StatusOK},
		{"pinned.example:7000", http.StatusOK},
		{"third.example:1", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, in.endpoint+"/_mockpool/messages", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Host = tt.host
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tt.want {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.want)
			}
		})
	}
}

func TestAllowHostFlagBad(t *testing.T) {
	for _, v := range []string{"", "a,,b", "a b", "http://a", "a/b", "a:", "[::1"} {
		args := []string{"-addr", "127.0.0.1:0", "-allow-host", v}
		if err := run(t.Context(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("run(%q) = nil, want an error", args)
		}
	}
}

func TestListenHostAllowed(t *testing.T) {
	tests := []struct {
		addr, listened string
		want           []string
	}{
		{"127.0.0.1:0", "127.0.0.1:5000", nil},
		{"localhost:0", "127.0.0.1:5000", nil},
		{"[::1]:0", "[::1]:5000", nil},
		{":9229", "[::]:9229", []string{"::"}},
		{"0.0.0.0:9229", "0.0.0.0:9229", []string{"0.0.0.0"}},
		{"myhost.lan:9229", "192.168.1.5:9229", []string{"myhost.lan", "192.168.1.5"}},
	}
	for _, tt := range tests {
		got := listenHosts(tt.addr, tt.listened)
		if len(got) != len(tt.want) {
			t.Fatalf("listenHosts(%q, %q) = %q, want %q", tt.addr, tt.listened, got, tt.want)
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Fatalf("listenHosts(%q, %q) = %q, want %q", tt.addr, tt.listened, got, tt.want)
			}
		}
	}
}
