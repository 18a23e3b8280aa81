package srpauth

import (
	"encoding/json"
	"fmt"
	"log/slog"
)

// Values that hold a secret (Config's client secret, a DeviceSecret's password)
// implement fmt.Formatter and slog.LogValuer, so that no fmt verb (%v, %+v, %#v, %s,
// %d, %x, ...) and no slog handler writes the secret. Config's JSON form omits the
// client secret too. A DeviceSecret's JSON form keeps the password on purpose: it is
// what a DeviceStore persists (keep it like a refresh token).

// Format writes the redacted form for every verb.
func (c Config) Format(f fmt.State, _ rune) {
	secret := "none"
	if c.ClientSecret != "" {
		secret = "redacted"
	}
	fmt.Fprintf(f, "srpauth.Config{UserPoolID: %q, ClientID: %q, ClientSecret: %s}", c.UserPoolID, c.ClientID, secret)
}

// MarshalJSON writes the pool and client ids and whether there is a client secret,
// never the secret itself.
func (c Config) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		UserPoolID      string
		ClientID        string
		HasClientSecret bool
	}{c.UserPoolID, c.ClientID, c.ClientSecret != ""})
}

// LogValue logs the pool and client ids, never the client secret.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(slog.String("user_pool_id", c.UserPoolID), slog.String("client_id", c.ClientID))
}

// Format writes the redacted form for every verb.
func (d DeviceSecret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(d.String())) }

// LogValue logs the device keys, never the password.
func (d DeviceSecret) LogValue() slog.Value {
	return slog.GroupValue(slog.String("device_key", d.DeviceKey), slog.String("device_group_key", d.DeviceGroupKey))
}

// Format writes the app client the Authenticator signs in to, never its secret.
func (a *Authenticator) Format(f fmt.State, verb rune) {
	if a == nil {
		_, _ = f.Write([]byte("srpauth.Authenticator(nil)"))
		return
	}
	_, _ = f.Write([]byte("srpauth.Authenticator{"))
	a.cfg.Format(f, verb)
	_, _ = f.Write([]byte("}"))
}

// Format writes how many devices the store holds, never their passwords (fmt prints
// the unexported map's DeviceSecrets without calling their Format).
func (s *MemoryDeviceStore) Format(f fmt.State, _ rune) {
	if s == nil {
		_, _ = f.Write([]byte("srpauth.MemoryDeviceStore(nil)"))
		return
	}
	s.mu.Lock()
	n := len(s.m)
	s.mu.Unlock()
	fmt.Fprintf(f, "srpauth.MemoryDeviceStore{Devices: %d}", n)
}

// LogValue logs how many devices the store holds.
func (s *MemoryDeviceStore) LogValue() slog.Value {
	if s == nil {
		return slog.StringValue("srpauth.MemoryDeviceStore(nil)")
	}
	s.mu.Lock()
	n := len(s.m)
	s.mu.Unlock()
	return slog.GroupValue(slog.Int("devices", n))
}
