package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"testing"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/mockpool"
)

// startEmail is POST /signin/email for username.
func (f *fixture) startEmail(t *testing.T, username string) answer {
	t.Helper()
	return f.post(t, "/signin/email", `{"username":"`+username+`"}`)
}

// emailCode is POST /signin/email/code.
func (f *fixture) emailCode(t *testing.T, session, code string) answer {
	t.Helper()
	b, _ := json.Marshal(map[string]string{"session": session, "code": code})
	return f.post(t, "/signin/email/code", string(b))
}

// The attacker's view: a passwordless sign-in for an existing account and for an
// unknown name (on a LEGACY client, which alone would say UserNotFoundException) get the
// same answer, byte for byte once the masked address and the opaque session are blanked
// (their lengths and alphabets are checked too), and a code then fails alike.
func TestEmailSignInSameShape(t *testing.T) {
	f := newFixture(t, errorsx.DefaultCatalog())
	f.signUpConfirmed(t, "alice", "Corr3ct-horse")
	known := f.startEmail(t, "alice")
	unknown := f.startEmail(t, "bruno") // as long as "alice": the wrapped session carries the name
	masked := regexp.MustCompile(`^[a-z]\*\*\*@[a-z]\*\*\*$`)
	blank := func(a answer) string {
		a.want(t, http.StatusOK, plainJSON, "auth.challenge.email_otp")
		ch, d := a.doc.Challenge, a.doc.Delivery
		if ch == nil || ch.Name != "EMAIL_OTP" || ch.Session == "" || d == nil || d.Medium != "EMAIL" || !masked.MatchString(d.Destination) || a.doc.Tokens != nil {
			t.Fatalf("next step: %s", a.body)
		}
		b := bytes.Replace(a.body, []byte(ch.Session), []byte("SESSION"), 1)
		return string(bytes.Replace(b, []byte(`"`+d.Destination+`"`), []byte(`"DESTINATION"`), 1))
	}
	if k, u := blank(known), blank(unknown); k != u {
		t.Errorf("answers differ:\n%s\n%s", known.body, unknown.body)
	}
	_, ks, _ := unwrapSession(known.doc.Challenge.Session)
	_, us, _ := unwrapSession(unknown.doc.Challenge.Session)
	if len(ks) != len(us) {
		t.Errorf("Cognito's session is %d characters for a known user, %d for an unknown one", len(ks), len(us))
	}
	for k := range known.header {
		if known.header.Get(k) != unknown.header.Get(k) {
			t.Errorf("header %s differs: %q vs %q", k, known.header.Get(k), unknown.header.Get(k))
		}
	}
	if n := len(f.mp.Messages(mockpool.MessageFilter{UserPoolID: f.pool.PoolID, Username: "bruno"})); n != 0 {
		t.Errorf("%d messages to an unknown user", n)
	}

	wrongKnown := f.emailCode(t, known.doc.Challenge.Session, "000000")
	wrongUnknown := f.emailCode(t, unknown.doc.Challenge.Session, "000000")
	for _, a := range []answer{wrongKnown, wrongUnknown} {
		a.want(t, http.StatusBadRequest, problemJSON, "auth.invalid_code")
	}
	if !bytes.Equal(wrongKnown.body, wrongUnknown.body) {
		t.Errorf("wrong-code answers differ:\n%s\n%s", wrongKnown.body, wrongUnknown.body)
	}
}

// The code from the mock pool's outbox signs alice in; a wrong one first does not
// spoil the session.
func TestEmailSignIn(t *testing.T) {
	f := newFixture(t, errorsx.DefaultCatalog())
	f.signUpConfirmed(t, "alice", "Corr3ct-horse")
	step := f.startEmail(t, "alice")
	step.want(t, http.StatusOK, plainJSON, "auth.challenge.email_otp")
	if d := step.doc.Delivery; d == nil || d.Destination != "a***@e***" {
		t.Fatalf("delivery: %s", step.body)
	}
	ms := f.mp.Messages(mockpool.MessageFilter{UserPoolID: f.pool.PoolID, Username: "alice"})
	last := ms[len(ms)-1]
	if last.Purpose != "EMAIL_OTP" || last.Medium != "EMAIL" || last.Destination != "alice@example.com" {
		t.Fatalf("outbox: %+v", last)
	}
	session := step.doc.Challenge.Session
	f.emailCode(t, session, "000000").want(t, http.StatusBadRequest, problemJSON, "auth.invalid_code")
	done := f.emailCode(t, session, last.Code)
	done.want(t, http.StatusOK, plainJSON, "auth.signed_in")
	if tok := done.doc.Tokens; tok == nil || tok.AccessToken == "" || tok.IDToken == "" || tok.RefreshToken == "" {
		t.Fatalf("tokens: %s", done.body)
	}
	// The session is spent: the same code again does not sign in twice.
	if again := f.emailCode(t, session, last.Code); again.status == http.StatusOK {
		t.Errorf("session answered twice: %s", again.body)
	}
}

func TestEmailSignInBadInput(t *testing.T) {
	f := newFixture(t, errorsx.DefaultCatalog())
	for _, tc := range []struct{ path, body string }{
		{"/signin/email", `{}`},
		{"/signin/email", `{"username":"alice","password":"x"}`},
		{"/signin/email/code", `{"session":"x"}`},
		{"/signin/email/code", `{"session":"not-a-session","code":"123456"}`},
		{"/signin/email/code", `{"session":"YWxpY2U.abc","code":"123456","username":"bob"}`},
	} {
		f.post(t, tc.path, tc.body).want(t, http.StatusBadRequest, problemJSON, "auth.invalid_input")
	}
}
