package errorsx

import (
	"bytes"
	"strings"
	"testing"
	"testing/iotest"
)

func TestDefaultCatalog(t *testing.T) {
	c := DefaultCatalog()
	seen := map[string]bool{}
	for _, e := range c.Entries() {
		if seen[e.Key] {
			t.Errorf("duplicate key %s", e.Key)
		}
		seen[e.Key] = true
		if !strings.HasPrefix(e.Key, "auth.") || strings.ToLower(e.Key) != e.Key || strings.ContainsAny(e.Key, " -") {
			t.Errorf("key %q is not dotted lower snake case", e.Key)
		}
		if e.Text == "" || e.When == "" || e.Status < 200 || e.Status > 599 || !e.Kind.Valid() {
			t.Errorf("incomplete entry %+v", e)
		}
		if e.Challenge != "" && (e.Kind != NextStep || e.Key != "auth.challenge."+strings.ToLower(e.Challenge)) {
			t.Errorf("challenge entry %+v", e)
		}
		// No text may reveal whether an account exists (the phrases of every
		// language are in existencePhrases, i18n_test.go).
		if l, bad, found := revealsExistence(e.Text); found {
			t.Errorf("%s text %q reveals existence (%s %q)", e.Key, e.Text, l, bad)
		}
	}
	for _, k := range Kinds() {
		if m := KindMessage(k); !seen[m.Key] || m.Text == "" {
			t.Errorf("kind %v has no entry", k)
		}
	}
	want := map[string]int{
		"auth.signed_in": 200, "auth.code_sent": 202, "auth.invalid_credentials": 401, "auth.invalid_code": 400,
		"auth.too_many_attempts": 429, "auth.misconfigured": 500, "auth.unavailable": 503, "auth.account_exists": 409,
		"auth.password_rejected": 422,
	}
	for _, e := range c.Entries() {
		if s, ok := want[e.Key]; ok && s != e.Status {
			t.Errorf("%s status %d, want %d", e.Key, e.Status, s)
		}
	}
	if len(c.Keys()) != len(c.Entries()) {
		t.Error("Keys and Entries disagree")
	}
}

func TestParseCatalog(t *testing.T) {
	c, err := ParseCatalog([]byte(`{"auth.invalid_credentials": "Wrong email or password.", "auth.challenge.sms_mfa": "Code par SMS"}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Text("auth.invalid_credentials"); got != "Wrong email or password." {
		t.Errorf("override: %q", got)
	}
	if got := c.Text("auth.unavailable"); got != DefaultCatalog().Text("auth.unavailable") {
		t.Errorf("default not kept: %q", got)
	}
	if DefaultCatalog().Text("auth.invalid_credentials") != "Incorrect username or password." {
		t.Error("parsing changed the default catalog")
	}
	r := c.Localize(NewResult("InitiateAuth", InvalidCredentials))
	if r.Message != (Message{Key: "auth.invalid_credentials", Text: "Wrong email or password."}) {
		t.Errorf("Localize: %+v", r.Message)
	}
	ch := c.Localize(NewChallenge("InitiateAuth", "SMS_MFA", "s", nil))
	if ch.Message.Text != "Code par SMS" {
		t.Errorf("Localize challenge: %+v", ch.Message)
	}
	if z := c.Localize(Result{}); z.Message.Key != "auth.unavailable" {
		t.Errorf("Localize zero: %+v", z.Message)
	}
	m, ok := c.Message("auth.challenge.sms_mfa")
	if !ok || m.Text != "Code par SMS" {
		t.Errorf("Message: %+v %v", m, ok)
	}
	if _, ok := c.Message("auth.nope"); ok || c.Text("auth.nope") != "" {
		t.Error("unknown key found")
	}

	// Merge keeps earlier overrides; With copies.
	c2, err := c.Merge([]byte(`{"auth.done": "Fait."}`))
	if err != nil {
		t.Fatal(err)
	}
	if c2.Text("auth.done") != "Fait." || c2.Text("auth.invalid_credentials") != "Wrong email or password." || c.Text("auth.done") != "Your request is complete." {
		t.Error("Merge")
	}

	// The JSON form round-trips.
	back, err := ParseCatalog(c2.JSON())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range c2.Keys() {
		if back.Text(k) != c2.Text(k) {
			t.Errorf("round trip %s", k)
		}
	}
}

func TestParseCatalogErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"unknown key", `{"auth.invalid_credential": "x"}`, `unknown message key "auth.invalid_credential"`},
		{"empty text", `{"auth.done": "  "}`, "empty text for auth.done"},
		{"not a string", `{"auth.done": 3}`, "cannot unmarshal"},
		{"array", `["auth.done"]`, "want a JSON object"},
		{"null", `null`, "want a JSON object"},
		{"empty", ``, "want a JSON object"},
		{"trailing", `{"auth.done": "x"} {}`, "parse catalog"},
		{"long", `{"auth.done": "` + strings.Repeat("x", maxTextLen+1) + `"}`, "longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCatalog([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "errorsx: ") {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestLoadCatalog(t *testing.T) {
	c, err := LoadCatalog(strings.NewReader(`{"auth.done": "OK!"}`))
	if err != nil || c.Text("auth.done") != "OK!" {
		t.Fatalf("%v %q", err, c.Text("auth.done"))
	}
	big := bytes.Repeat([]byte(" "), maxCatalogSize+1)
	if _, err := LoadCatalog(bytes.NewReader(big)); err == nil || !strings.Contains(err.Error(), "1 MiB") {
		t.Errorf("big: %v", err)
	}
	if _, err := LoadCatalog(iotest.ErrReader(iotest.ErrTimeout)); err == nil || !strings.Contains(err.Error(), "read catalog") {
		t.Errorf("reader error: %v", err)
	}
}

func TestMarkdown(t *testing.T) {
	md := DefaultCatalog().Markdown()
	lines := strings.Split(strings.TrimSuffix(md, "\n"), "\n")
	if len(lines) != len(entries)+2 {
		t.Fatalf("%d lines", len(lines))
	}
	if !strings.Contains(md, "| `auth.invalid_credentials` | Incorrect username or password. | 401 | InvalidCredentials |") {
		t.Errorf("row missing:\n%s", md)
	}
	c, _ := ParseCatalog([]byte(`{"auth.done": "a | b"}`))
	if !strings.Contains(c.Markdown(), `a \| b`) {
		t.Error("pipe not escaped")
	}
}
