package mockpool

import (
	"context"
	"encoding/json"
	"github.com/maskedauth/maskedauth/internal/cognito"
	"sort"
	"sync"
	"testing"
)

// recordingJournal keeps every touched ref.
type recordingJournal struct {
	mu   sync.Mutex
	refs []recordRef
}

func (j *recordingJournal) touch(ref recordRef) {
	j.mu.Lock()
	j.refs = append(j.refs, ref)
	j.mu.Unlock()
}

func (j *recordingJournal) sync(context.Context) error { return nil }

func (j *recordingJournal) keys() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []string
	for _, r := range j.refs {
		if r.kind == recConfig {
			out = append(out, r.key)
		}
	}
	return out
}

func configCall(t *testing.T, s *Server, op, body string) {
	t.Helper()
	resp := s.serve(t.Context(), targetPrefix+op, []byte(body))
	if resp.status != 200 {
		t.Fatalf("%s: %d %s", op, resp.status, resp.body)
	}
}

// TestConfigDurability: every change touches its record; encodeConfig and
// applyConfig, and exportConfig and importConfig, carry the records to a fresh
// server whose answers are the same.
func TestConfigDurability(t *testing.T) {
	j := &recordingJournal{}
	s := New(WithTestSigningKey())
	s.journal = j
	p := s.addPool(poolConfig{Name: "p", CaseSensitive: true, Tags: map[string]string{"env": "test"}}, s.now())
	id := p.id
	for _, c := range []struct{ op, body string }{
		{"CreateUserPoolDomain", `{"UserPoolId":"` + id + `","Domain":"durable"}`},
		{"CreateResourceServer", `{"UserPoolId":"` + id + `","Identifier":"api","Name":"api","Scopes":[{"ScopeName":"read","ScopeDescription":"r"}]}`},
		{"CreateIdentityProvider", `{"UserPoolId":"` + id + `","ProviderName":"Google","ProviderType":"Google","ProviderDetails":{"client_id":"c","client_secret":"s","authorize_scopes":"openid"}}`},
		{"SetUICustomization", `{"UserPoolId":"` + id + `","CSS":".x{}"}`},
		{"SetRiskConfiguration", `{"UserPoolId":"` + id + `","RiskExceptionConfiguration":{"BlockedIPRangeList":["10.0.0.0/8"]}}`},
		{"SetLogDeliveryConfiguration", `{"UserPoolId":"` + id + `","LogConfigurations":[{"LogLevel":"ERROR","EventSource":"userNotification","S3Configuration":{"BucketArn":"arn:aws:s3:::b"}}]}`},
		{"TagResource", `{"ResourceArn":"` + p.arn + `","Tags":{"team":"auth"}}`},
		{"DeleteResourceServer", `{"UserPoolId":"` + id + `","Identifier":"api"}`},
	} {
		configCall(t, s, c.op, c.body)
	}
	want := []string{"tags/pool", "domain/durable", "rs/api", "idp/Google", "ui/ALL", "risk/ALL", "log/pool", "tags/pool", "rs/api"}
	if got := j.keys(); !equalStrings(got, want) {
		t.Fatalf("touched %v, want %v", got, want)
	}
	if _, ok := s.encodeConfig(p, "rs/api"); ok {
		t.Fatal("a deleted record still encodes")
	}

	// Record by record, as the durable-state helper replays a journal.
	s2 := New(WithTestSigningKey())
	p2 := s2.addPool(poolConfig{Name: "p", CaseSensitive: true}, s2.now())
	for _, key := range []string{"domain/durable", "idp/Google", "ui/ALL", "risk/ALL", "log/pool", "tags/pool"} {
		b, ok := s.encodeConfig(p, key)
		if !ok {
			t.Fatalf("%s: not encoded", key)
		}
		if err := s2.applyConfig(p2, key, b); err != nil {
			t.Fatalf("%s: %v", key, err)
		}
	}
	if err := s2.applyConfig(p2, "bogus/x", []byte(`{}`)); err == nil {
		t.Fatal("applyConfig took an unknown record type")
	}
	if err := s2.applyConfig(p2, "rs/x", []byte(`{`)); err == nil {
		t.Fatal("applyConfig took malformed JSON")
	}
	// Whole pool, as SaveState and LoadState do.
	s3 := New(WithTestSigningKey())
	p3 := s3.addPool(poolConfig{Name: "p", CaseSensitive: true}, s3.now())
	exported := s.exportConfig(p)
	if err := s3.importConfig(p3, exported); err != nil {
		t.Fatal(err)
	}
	if string(s3.exportConfig(p3)) != string(exported) {
		t.Fatalf("export/import round trip:\n%s\n%s", s3.exportConfig(p3), exported)
	}
	if err := s3.importConfig(p3, json.RawMessage(`[{"key":"nope/x","value":{}}]`)); err == nil {
		t.Fatal("importConfig took an unknown record type")
	}
	for _, srv := range []struct {
		s *Server
		p *pool
	}{{s2, p2}, {s3, p3}} {
		if tags := srv.s.configTags(srv.p); len(tags) != 2 || tags["env"] != "test" || tags["team"] != "auth" {
			t.Fatalf("tags after restore: %v", tags)
		}
		if prefix, custom := srv.s.configDomains(srv.p); prefix != "durable" || custom != "" {
			t.Fatalf("domains after restore: %q %q", prefix, custom)
		}
	}
	// An old state file (no configuration) keeps newPool's tags; setConfigTags
	// replaces them and touches the record.
	p4 := New(WithTestSigningKey()).addPool(poolConfig{Name: "p", Tags: map[string]string{"a": "b"}}, s.now())
	if err := s.importConfig(p4, nil); err != nil || s.configTags(p4)["a"] != "b" {
		t.Fatalf("import of nothing: %v %v", err, s.configTags(p4))
	}
	before := len(j.keys())
	s.setConfigTags(p, map[string]string{"only": "this"})
	if tags := s.configTags(p); len(tags) != 1 || tags["only"] != "this" || len(j.keys()) != before+1 {
		t.Fatalf("setConfigTags: %v", tags)
	}
	s.setConfigTags(p, nil)
	if tags := s.configTags(p); tags != nil {
		t.Fatalf("setConfigTags(nil): %v", tags)
	}
	// A copy, not the store's memory.
	s.setConfigTags(p, map[string]string{"env": "test"})
	tags := s.configTags(p)
	tags["env"] = "mutated"
	if s.configTags(p)["env"] != "test" {
		t.Fatal("configTags shares memory with the store")
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestRoutesServed: every route is an SDK operation and reaches a handler (no
// UnknownOperationException, no panic) even with an empty body.
func TestRoutesServed(t *testing.T) {
	s := New(WithTestSigningKey())
	var ops []string
	for op := range operations {
		if !cognito.Known(op) {
			t.Errorf("route %q is not an SDK operation", op)
		}
		ops = append(ops, op)
	}
	sort.Strings(ops)
	for _, op := range ops {
		resp := s.serve(t.Context(), targetPrefix+op, []byte(`{}`))
		if resp.errCode == "UnknownOperationException" || resp.errCode == "InternalErrorException" {
			t.Errorf("%s: %s", op, resp.errCode)
		}
	}
}
