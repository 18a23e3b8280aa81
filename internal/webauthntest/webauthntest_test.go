package webauthntest

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"
)

const (
	rpID   = "auth.example.com"
	origin = "https://auth.example.com"
)

type user struct {
	id    []byte
	creds []webauthn.Credential
}

func (u *user) WebAuthnID() []byte                         { return u.id }
func (u *user) WebAuthnName() string                       { return "alice" }
func (u *user) WebAuthnDisplayName() string                { return "Alice" }
func (u *user) WebAuthnCredentials() []webauthn.Credential { return u.creds }

func relyingParty(t *testing.T, id string, origins ...string) *webauthn.WebAuthn {
	t.Helper()
	w, err := webauthn.New(&webauthn.Config{RPID: id, RPDisplayName: "Example", RPOrigins: origins})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// register runs a registration ceremony verified by go-webauthn and returns
// the user with the credential.
func register(t *testing.T, rp *webauthn.WebAuthn, a *Authenticator) *user {
	t.Helper()
	u := &user{id: []byte("user-handle-0001")}
	creation, session, err := rp.BeginRegistration(u)
	if err != nil {
		t.Fatal(err)
	}
	// Cognito's StartWebAuthnRegistration returns the bare
	// PublicKeyCredentialCreationOptions as CredentialCreationOptions.
	opts, err := json.Marshal(creation.Response)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := a.Register(string(opts))
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes([]byte(resp))
	if err != nil {
		t.Fatalf("parse registration: %v", err)
	}
	cred, err := rp.CreateCredential(u, *session, parsed)
	if err != nil {
		t.Fatalf("registration refused: %v", err)
	}
	if string(cred.ID) != string(a.CredentialID()) || cred.AttestationFormat != "none" {
		t.Fatalf("credential %x fmt %q, want %x none", cred.ID, cred.AttestationFormat, a.CredentialID())
	}
	if !cred.Flags.UserPresent || !cred.Flags.UserVerified {
		t.Fatalf("flags %+v", cred.Flags)
	}
	u.creds = append(u.creds, *cred)
	return u
}

// login begins a login, lets edit change the options and the authenticator,
// answers, and returns go-webauthn's verdict.
func login(t *testing.T, rp *webauthn.WebAuthn, u *user, a *Authenticator, editOpts func(string) string, editResp func(string) string) (*webauthn.Credential, error) {
	t.Helper()
	assertion, session, err := rp.BeginLogin(u)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(assertion.Response)
	if err != nil {
		t.Fatal(err)
	}
	opts := string(b)
	if editOpts != nil {
		opts = editOpts(opts)
	}
	resp, err := a.Assert(opts)
	if err != nil {
		t.Fatal(err)
	}
	if editResp != nil {
		resp = editResp(resp)
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes([]byte(resp))
	if err != nil {
		return nil, err
	}
	return rp.ValidateLogin(u, *session, parsed)
}

func TestCeremonies(t *testing.T) {
	rp := relyingParty(t, rpID, origin)
	a, err := New(nil, origin)
	if err != nil {
		t.Fatal(err)
	}
	u := register(t, rp, a)
	for i := 1; i <= 2; i++ {
		cred, err := login(t, rp, u, a, nil, nil)
		if err != nil {
			t.Fatalf("login %d refused: %v", i, err)
		}
		if cred.Authenticator.SignCount != uint32(i) || a.SignCount() != uint32(i) {
			t.Fatalf("login %d: sign count %d / %d", i, cred.Authenticator.SignCount, a.SignCount())
		}
		u.creds[0] = *cred
	}
	// Wrapped options ({"publicKey": ...}) are accepted too.
	assertion, session, err := rp.BeginLogin(u)
	if err != nil {
		t.Fatal(err)
	}
	wrapped, _ := json.Marshal(assertion)
	resp, err := a.Assert(string(wrapped))
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes([]byte(resp))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rp.ValidateLogin(u, *session, parsed); err != nil {
		t.Fatalf("wrapped options: %v", err)
	}
}

// TestRefused: go-webauthn refuses what a real relying party must refuse, so
// the authenticator's responses are checked, not merely accepted.
func TestRefused(t *testing.T) {
	rp := relyingParty(t, rpID, origin)
	newAuth := func(t *testing.T) (*Authenticator, *user) {
		a, err := New(nil, origin)
		if err != nil {
			t.Fatal(err)
		}
		return a, register(t, rp, a)
	}
	replaceField := func(field string, f func([]byte) []byte) func(string) string {
		return func(resp string) string {
			var m map[string]any
			if err := json.Unmarshal([]byte(resp), &m); err != nil {
				t.Fatal(err)
			}
			r := m["response"].(map[string]any)
			b, err := base64.RawURLEncoding.DecodeString(r[field].(string))
			if err != nil {
				t.Fatal(err)
			}
			r[field] = base64.RawURLEncoding.EncodeToString(f(b))
			out, _ := json.Marshal(m)
			return string(out)
		}
	}
	for _, tc := range []struct {
		name     string
		setup    func(a *Authenticator)
		editOpts func(string) string
		editResp func(string) string
	}{
		{name: "wrong origin", setup: func(a *Authenticator) { a.Origin = "https://evil.example" }},
		{name: "wrong rpId", setup: func(a *Authenticator) { a.RPID = "evil.example" }},
		{name: "wrong challenge", editOpts: func(o string) string {
			var m map[string]any
			_ = json.Unmarshal([]byte(o), &m)
			m["challenge"] = base64.RawURLEncoding.EncodeToString([]byte("a challenge nobody issued, 32 b!"))
			b, _ := json.Marshal(m)
			return string(b)
		}},
		{name: "tampered signature", editResp: replaceField("signature", func(b []byte) []byte { b[len(b)-1] ^= 1; return b })},
		{name: "tampered authenticatorData", editResp: replaceField("authenticatorData", func(b []byte) []byte { b[36] ^= 1; return b })},
		{name: "tampered clientDataJSON", editResp: replaceField("clientDataJSON", func(b []byte) []byte {
			return []byte(strings.Replace(string(b), `"crossOrigin":false`, `"crossOrigin":false `, 1))
		})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, u := newAuth(t)
			if tc.setup != nil {
				tc.setup(a)
			}
			if _, err := login(t, rp, u, a, tc.editOpts, tc.editResp); err == nil {
				t.Fatal("go-webauthn accepted the assertion")
			}
		})
	}
	// Registration: a wrong origin or rpId is refused as well.
	for _, tc := range []struct {
		name  string
		setup func(a *Authenticator)
	}{
		{"registration origin", func(a *Authenticator) { a.Origin = "https://evil.example" }},
		{"registration rpId", func(a *Authenticator) { a.RPID = "evil.example" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := New(nil, origin)
			if err != nil {
				t.Fatal(err)
			}
			tc.setup(a)
			u := &user{id: []byte("user-handle-0002")}
			creation, session, err := rp.BeginRegistration(u)
			if err != nil {
				t.Fatal(err)
			}
			opts, _ := json.Marshal(creation.Response)
			resp, err := a.Register(string(opts))
			if err != nil {
				t.Fatal(err)
			}
			parsed, err := protocol.ParseCredentialCreationResponseBytes([]byte(resp))
			if err == nil {
				_, err = rp.CreateCredential(u, *session, parsed)
			}
			if err == nil {
				t.Fatal("go-webauthn accepted the registration")
			}
		})
	}
}

func TestAuthenticatorRefuses(t *testing.T) {
	a, err := New(nil, origin)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Assert(`{"challenge":"AAAA","rpId":"x"}`); err == nil {
		t.Error("asserted before any registration")
	}
	for _, opts := range []string{
		`not json`,
		`{"rp":{"id":"x"},"user":{"id":"AAAA"}}`,
		`{"challenge":"AAAA","rp":{"id":"x"},"user":{"id":"AAAA"},"pubKeyCredParams":[{"type":"public-key","alg":-257}]}`,
		`{"challenge":"AAAA","rp":{"id":"x"},"user":{"id":"AAAA"},"excludeCredentials":[{"type":"public-key","id":"` + base64.RawURLEncoding.EncodeToString(a.CredentialID()) + `"}]}`,
	} {
		if _, err := a.Register(opts); err == nil {
			t.Errorf("Register(%s) succeeded", opts)
		}
	}
	if _, err := a.Register(`{"challenge":"AAAA","rp":{"id":"x"},"user":{"id":"AAAA"}}`); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Assert(`{"challenge":"AAAA","allowCredentials":[{"type":"public-key","id":"QUJD"}]}`); err == nil {
		t.Error("asserted with a credential not in allowCredentials")
	}
}
