package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"

	"github.com/maskedauth/maskedauth/mockpool"
)

func TestRunAgainstMockPool(t *testing.T) {
	srv := httptest.NewServer(mockpool.New(mockpool.WithFixedCode("123456"), mockpool.WithTestSigningKey()))
	defer srv.Close()
	var out bytes.Buffer
	args := []string{"-endpoint", srv.URL, "-server", "mockpool", "-workers", "2", "-users", "2",
		"-duration", "150ms", "-warmup", "0", "-max", "50", "-pid", strconv.Itoa(os.Getpid())}
	if err := run(t.Context(), args, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(&out)
	seen := map[string]bool{}
	for dec.More() {
		var r result
		if err := dec.Decode(&r); err != nil {
			t.Fatal(err)
		}
		seen[r.Workload] = true
		if r.Workload == "probe" {
			// the mock pool checks confirmation codes
			if r.Server != "mockpool" || len(r.Answers) != 1 || r.Answers["wrong-code:CodeMismatchException"] != 1 {
				t.Errorf("probe: %+v, want one wrong-code:CodeMismatchException", r)
			}
			continue
		}
		if r.Ops == 0 || r.Errors != 0 || r.Ops > 50 {
			t.Errorf("%s: %d ops, %d errors (answers %v), want 1..50 ops and no errors", r.Workload, r.Ops, r.Errors, r.Answers)
		}
		if r.Server != "mockpool" || r.Workers != 2 || r.P50Ms <= 0 || r.P99Ms < r.P50Ms || r.OpsPerS <= 0 {
			t.Errorf("%s: implausible result %+v", r.Workload, r)
		}
	}
	for _, w := range []string{"probe", "login", "unknown", "signup"} {
		if !seen[w] {
			t.Errorf("no result for %s", w)
		}
	}
}

func TestRunTwoServersInRounds(t *testing.T) {
	a := httptest.NewServer(mockpool.New(mockpool.WithFixedCode("123456"), mockpool.WithTestSigningKey()))
	defer a.Close()
	b := httptest.NewServer(mockpool.New(mockpool.WithFixedCode("123456"), mockpool.WithTestSigningKey()))
	defer b.Close()
	var out bytes.Buffer
	args := []string{"-endpoint", a.URL + "," + b.URL, "-server", "first,second", "-workers", "2", "-users", "1",
		"-duration", "200ms", "-rounds", "2", "-warmup", "0", "-max", "20", "-workloads", "login"}
	if err := run(t.Context(), args, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(&out)
	var servers []string
	for dec.More() {
		var r result
		if err := dec.Decode(&r); err != nil {
			t.Fatal(err)
		}
		if r.Workload == "probe" {
			continue
		}
		servers = append(servers, r.Server)
		// -max bounds each round: two rounds, at most 20 operations each
		if r.Workload != "login" || r.Ops == 0 || r.Ops > 40 || r.Errors != 0 {
			t.Errorf("%s: %+v", r.Server, r)
		}
	}
	if len(servers) != 2 || servers[0] != "first" || servers[1] != "second" {
		t.Errorf("results for %v, want first and second", servers)
	}
}

func TestParseFlagsRejects(t *testing.T) {
	for _, args := range [][]string{
		{"-endpoint", "http://127.0.0.1:1", "-server", "x", "-workloads", "login,nope"},
		{"-endpoint", "http://127.0.0.1:1"},
		{"-endpoint", "http://192.168.1.1:1", "-server", "x"},
		{"-endpoint", "http://127.0.0.1:1", "-server", "x", "-workers", "0"},
		{"-endpoint", "http://127.0.0.1:1,http://127.0.0.1:2", "-server", "x"},
		{"-endpoint", "http://127.0.0.1:1,http://10.0.0.1:2", "-server", "x,y"},
		{"-endpoint", "http://127.0.0.1:1,http://127.0.0.1:2", "-server", "x,y", "-pid", "1"},
		{"-endpoint", "http://127.0.0.1:1", "-server", "x", "-pid", "abc"},
		{"-endpoint", "http://127.0.0.1:1", "-server", "x", "-rounds", "0"},
		{"-endpoint", "http://127.0.0.1:1", "-server", "x", "-populate", "10"}, // no -pid
		{"-endpoint", "http://127.0.0.1:1,http://127.0.0.1:2", "-server", "x,y", "-pid", "1,2", "-populate", "10"},
		{"-endpoint", "http://127.0.0.1:1", "-server", "x", "-pid", "1", "-populate", "10", "-populate-max", "0"},
		{"-endpoint", "http://127.0.0.1:1", "-server", "x", "-populate", "-1"},
	} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("parseFlags(%v) accepted", args)
		}
	}
}

func TestFreePort(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), []string{"-free-port"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if p, err := strconv.Atoi(string(bytes.TrimSpace(out.Bytes()))); err != nil || p <= 0 || p > 65535 {
		t.Errorf("free port %q", out.String())
	}
}
