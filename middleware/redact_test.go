package middleware

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestNoSecretInFormatting(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789ABCDEF-masker-secret")
	m, err := New(WithSecret(secret), WithUserPool("us-east-1_Redact123", "email"), WithNormalize(NormalizeCaseInsensitive))
	if err != nil {
		t.Fatal(err)
	}
	forms := map[string]any{"options": m.opts, "masker": m, "options pointer": &m.opts}
	needles := []string{string(secret), hex.EncodeToString(secret), fmt.Sprint(secret), fmt.Sprintf("%x", m.blockKey), fmt.Sprint(m.blockKey)}
	for name, v := range forms {
		var out []string
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%q", "%d"} {
			out = append(out, fmt.Sprintf(verb, v))
		}
		var buf bytes.Buffer
		slog.New(slog.NewTextHandler(&buf, nil)).Info("m", "v", v)
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("m", "v", v)
		out = append(out, buf.String())
		for _, o := range out {
			for _, n := range needles {
				if len(n) > 8 && strings.Contains(o, n) {
					t.Errorf("%s: a secret shows in %q", name, o)
				}
			}
		}
		if !strings.Contains(fmt.Sprint(v), "us-east-1_Redact123") {
			t.Errorf("%s: the redacted form lost the pool id: %v", name, v)
		}
	}
}
