package errorsx

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestNoSecretInFormatting formats Results, Tokens and Challenges with every fmt verb
// and both slog handlers and looks for the tokens, the session and the secret block.
func TestNoSecretInFormatting(t *testing.T) {
	secrets := []string{"ACCESS-tok-XYZ", "ID-tok-XYZ", "REFRESH-tok-XYZ", "SESSION-XYZ-123", "SECRETBLOCK-XYZ"}
	tok := Tokens{AccessToken: secrets[0], IDToken: secrets[1], RefreshToken: secrets[2], TokenType: "Bearer", ExpiresIn: time.Hour}
	signed := Result{Operation: "InitiateAuth", Kind: SignedIn, Tokens: &tok}
	next := NewChallenge("InitiateAuth", "PASSWORD_VERIFIER", secrets[3], map[string]string{
		"SECRET_BLOCK": secrets[4], "USER_ID_FOR_SRP": "alice", "USERNAME": "alice",
	})
	values := map[string]any{
		"Tokens": tok, "*Tokens": &tok,
		"Challenge": *next.Challenge, "*Challenge": next.Challenge,
		"Result(SignedIn)": signed, "Result(NextStep)": next,
		"*Error": &Error{Result: next},
	}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x", "%X"}
	check := func(what, out string) {
		t.Helper()
		for _, s := range secrets {
			if strings.Contains(out, s) || strings.Contains(strings.ToLower(out), fmt.Sprintf("%x", s)) {
				t.Errorf("%s leaks %q: %s", what, s, out)
			}
		}
	}
	for name, v := range values {
		for _, verb := range verbs {
			check(name+" "+verb, fmt.Sprintf(verb, v))
		}
		for _, h := range []func(*bytes.Buffer) slog.Handler{
			func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
			func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		} {
			var buf bytes.Buffer
			slog.New(h(&buf)).Info("msg", "v", v)
			check(name+" slog", buf.String())
		}
	}
	if got := fmt.Sprint(next.Challenge); !strings.Contains(got, "PASSWORD_VERIFIER") || !strings.Contains(got, "alice") {
		t.Errorf("Challenge.String() = %q, want the name and username", got)
	}
}
