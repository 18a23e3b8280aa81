package main

import (
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = time.Duration(i+1) * time.Millisecond
	}
	tests := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one", ms(7), 50, 7 * time.Millisecond},
		{"one p99", ms(7), 99, 7 * time.Millisecond},
		{"p50 of 1..100", hundred, 50, 50 * time.Millisecond},
		{"p99 of 1..100", hundred, 99, 99 * time.Millisecond},
		{"p100 of 1..100", hundred, 100, 100 * time.Millisecond},
		{"p0 is the minimum", hundred, 0, 1 * time.Millisecond},
		{"p50 of four", ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{"p51 of four", ms(1, 2, 3, 4), 51, 3 * time.Millisecond},
		{"p99 of ten", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 99, 10 * time.Millisecond},
		{"above 100 clamps", ms(1, 2), 150, 2 * time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := percentile(tc.sorted, tc.p); got != tc.want {
				t.Errorf("percentile(%v, %v) = %v, want %v", tc.sorted, tc.p, got, tc.want)
			}
		})
	}
}

func TestSummarizeSortsInPlace(t *testing.T) {
	lat := []time.Duration{5, 1, 4, 2, 3}
	s := summarize(lat)
	if s.P50 != 3 || s.P99 != 5 || s.Max != 5 {
		t.Errorf("summarize = %+v, want p50 3, p99 5, max 5", s)
	}
	for i := 1; i < len(lat); i++ {
		if lat[i-1] > lat[i] {
			t.Fatalf("not sorted: %v", lat)
		}
	}
	if (summarize(nil) != summary{}) {
		t.Error("summarize(nil) is not zero")
	}
}

func TestCheckLoopback(t *testing.T) {
	tests := []struct {
		endpoint string
		ok       bool
	}{
		{"http://127.0.0.1:9229", true},
		{"http://127.0.0.2:80/", true},
		{"http://localhost:9229", true},
		{"http://[::1]:9229", true},
		{"https://127.0.0.1:9229", false},
		{"http://10.0.0.1:9229", false},
		{"http://example.com", false},
		{"", false},
		{"127.0.0.1:9229", false},
	}
	for _, tc := range tests {
		if err := checkLoopback(tc.endpoint); (err == nil) != tc.ok {
			t.Errorf("checkLoopback(%q) = %v, want ok=%v", tc.endpoint, err, tc.ok)
		}
	}
}

func TestParseProcStat(t *testing.T) {
	tests := []struct {
		name string
		line string
		want time.Duration
		ok   bool
	}{
		{"plain", "1234 (node) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 11 0 123 0 0", 3 * time.Second, true},
		{"name with spaces and parens", "77 (a b) c)) R 1 77 77 0 -1 0 0 0 0 0 7 3 0 0 20 0 1 0 5 0 0", 100 * time.Millisecond, true},
		{"no paren", "1234 node S 1", 0, false},
		{"short", "1 (x) S 1 2 3", 0, false},
		{"not numbers", "1 (x) S 1 1 1 0 -1 0 0 0 0 0 a b 0 0", 0, false},
	}
	for _, tc := range tests {
		got, err := parseProcStat(tc.line)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("%s: parseProcStat = %v, %v; want %v, ok=%v", tc.name, got, err, tc.want, tc.ok)
		}
	}
}
