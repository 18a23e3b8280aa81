package srpauth

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// TestNoSecretInFormatting formats every value that holds a secret with every fmt verb
// and both slog handlers, and looks for the secret in the output.
func TestNoSecretInFormatting(t *testing.T) {
	const secret = "s3cr3t-V4LUE-never-printed"
	cfg := Config{UserPoolID: "us-east-1_Abc", ClientID: "client", ClientSecret: secret}
	auth, err := New(nopAPI{}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	dev := DeviceSecret{DeviceKey: "us-east-1_dev", DeviceGroupKey: "-grp", Password: secret}
	store := NewMemoryDeviceStore()
	if err := store.PutDevice(t.Context(), cfg.UserPoolID, "alice", dev); err != nil {
		t.Fatal(err)
	}
	withStore, err := New(nopAPI{}, cfg, WithDeviceStore(store))
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]any{
		"Config": cfg, "*Config": &cfg,
		"DeviceSecret": dev, "*DeviceSecret": &dev,
		"*Authenticator":     auth,
		"*MemoryDeviceStore": store,
		"Options":            withStore.opts,
		"[]Config":           []Config{cfg},
		"struct":             struct{ C Config }{cfg},
	}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x", "%X"}
	for name, v := range values {
		for _, verb := range verbs {
			if out := fmt.Sprintf(verb, v); strings.Contains(out, secret) || strings.Contains(out, fmt.Sprintf("%x", secret)) {
				t.Errorf("%s with %s leaks the secret: %s", name, verb, out)
			}
		}
		for _, h := range []func(*bytes.Buffer) slog.Handler{
			func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
			func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		} {
			var buf bytes.Buffer
			slog.New(h(&buf)).Info("msg", "v", v)
			if strings.Contains(buf.String(), secret) {
				t.Errorf("%s logged by slog leaks the secret: %s", name, buf.String())
			}
		}
	}
	if got := fmt.Sprint(cfg); !strings.Contains(got, "us-east-1_Abc") || !strings.Contains(got, "redacted") {
		t.Errorf("Config prints %q, want the pool id and a redaction mark", got)
	}
}

// nopAPI satisfies API; the test never calls it.
type nopAPI struct{ API }
