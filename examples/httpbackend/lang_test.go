package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/maskedauth/maskedauth/errorsx"
)

func localized(c *config) { c.Localized = errorsx.CatalogForAcceptLanguage }

// postLang is post with Accept-Language headers (none for an empty list).
func (f *fixture) postLang(t *testing.T, path, body string, acceptLanguage ...string) answer {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	for _, v := range acceptLanguage {
		req.Header.Add("Accept-Language", v)
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	a := answer{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	if err := json.Unmarshal(a.body, &a.doc); err != nil {
		t.Fatalf("POST %s: body is not JSON: %v\n%s", path, err, a.body)
	}
	return a
}

// The API answers in the caller's language: the title of a failed sign-in and of a
// sign-up's "code sent" come from the catalog Accept-Language picks.
func TestAcceptLanguage(t *testing.T) {
	f := newFixture(t, errorsx.DefaultCatalog(), localized)
	tests := []struct {
		name    string
		headers []string
		lang    string
		title   string // of auth.invalid_credentials
	}{
		{"german", []string{"de-DE,de;q=0.9,en;q=0.5"}, "de", "Falscher Benutzername oder falsches Passwort."},
		{"french", []string{"fr-CA"}, "fr", "Nom d'utilisateur ou mot de passe incorrect."},
		{"japanese by q-value", []string{"en;q=0.1, ja"}, "ja", "ユーザー名またはパスワードが正しくありません。"},
		{"two header lines", []string{"nl", "pt-PT;q=0.8"}, "pt-BR", "Nome de usuário ou senha incorretos."},
		{"no header", nil, "en", "Incorrect username or password."},
		{"unsupported", []string{"nl-BE"}, "en", "Incorrect username or password."},
		{"traditional chinese", []string{"zh-TW"}, "en", "Incorrect username or password."},
		{"garbage", []string{"\x01\x02;q=;;,,"}, "en", "Incorrect username or password."},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A name of its own per case: the mock pool's lockout counts failures per name.
			body := fmt.Sprintf(`{"username":"mallory-%d","password":"Corr3ct-horse"}`, i)
			a := f.postLang(t, "/signin", body, tt.headers...)
			a.want(t, http.StatusUnauthorized, problemJSON, "auth.invalid_credentials")
			if a.doc.Title != tt.title {
				t.Errorf("title %q, want %q", a.doc.Title, tt.title)
			}
			if got := a.header.Get("Content-Language"); got != tt.lang {
				t.Errorf("Content-Language %q, want %q", got, tt.lang)
			}
			if !slices.Contains(a.header.Values("Vary"), "Accept-Language") {
				t.Errorf("Vary %q", a.header.Values("Vary"))
			}
		})
	}

	up := f.postLang(t, "/signup", `{"username":"dora","password":"Corr3ct-horse","email":"dora@example.com"}`, "ja-JP")
	up.want(t, http.StatusAccepted, plainJSON, "auth.code_sent")
	if want := errorsx.CatalogFor(language.Japanese).Text("auth.code_sent"); up.doc.Title != want || !strings.Contains(want, "アカウント") {
		t.Errorf("sign-up title %q, want %q", up.doc.Title, want)
	}
}

// In German too, a wrong password and an unknown user get the same bytes and headers.
func TestAcceptLanguageFailuresIdentical(t *testing.T) {
	f := newFixture(t, errorsx.DefaultCatalog(), localized)
	f.signUpConfirmed(t, "alice", "Corr3ct-horse")
	known := f.postLang(t, "/signin", `{"username":"alice","password":"Wr0ng-horse"}`, "de")
	unknown := f.postLang(t, "/signin", `{"username":"mallory","password":"Wr0ng-horse"}`, "de")
	known.want(t, http.StatusUnauthorized, problemJSON, "auth.invalid_credentials")
	if !bytes.Equal(known.body, unknown.body) {
		t.Errorf("bodies differ:\n%s\n%s", known.body, unknown.body)
	}
	for k := range known.header {
		if !slices.Equal(known.header.Values(k), unknown.header.Values(k)) {
			t.Errorf("header %s differs: %q vs %q", k, known.header.Values(k), unknown.header.Values(k))
		}
	}
	if known.doc.Title != "Falscher Benutzername oder falsches Passwort." {
		t.Errorf("title %q", known.doc.Title)
	}
}

// Without Localized (what -messages sets up) the header changes nothing.
func TestOneCatalogIgnoresAcceptLanguage(t *testing.T) {
	f := newFixture(t, errorsx.DefaultCatalog())
	a := f.postLang(t, "/signin", `{"username":"mallory","password":"x"}`, "de")
	if a.doc.Title != "Incorrect username or password." || a.header.Get("Content-Language") != "" {
		t.Errorf("title %q, Content-Language %q", a.doc.Title, a.header.Get("Content-Language"))
	}
}

// main's run without -messages answers a German caller in German.
func TestRunAnswersInCallersLanguage(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, func(string) string { return "" }, pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "httpbackend listening on ")
	if !ok {
		t.Fatalf("first line %q", line)
	}
	req, err := http.NewRequest(http.MethodPost, base+"/signin", strings.NewReader(`{"username":"mallory","password":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Language", "de-AT")
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("Content-Language") != "de" ||
		!strings.Contains(string(body), "Falscher Benutzername oder falsches Passwort.") {
		t.Errorf("%d %q %s", resp.StatusCode, resp.Header.Get("Content-Language"), body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
}
