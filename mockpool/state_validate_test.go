package mockpool_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/mockpool"
)

// goodState is a SaveState file of one pool with two users, a group, a session.
func goodState(t testing.TB) []byte {
	t.Helper()
	e := newEnv(t.(*testing.T), &cip.CreateUserPoolInput{AutoVerifiedAttributes: []types.VerifiedAttributeType{"email"}})
	e.confirmed("alice", "alice@example.com")
	e.unconfirmed("bob", "bob@example.com")
	_, err := e.login(legacy, "alice", goodPW)
	noErr(t, err)
	_, err = e.c.CreateGroup(ctx, &cip.CreateGroupInput{UserPoolId: &e.pool, GroupName: ptr("admins")})
	noErr(t, err)
	var buf bytes.Buffer
	noErr(t, e.s.SaveState(&buf))
	return buf.Bytes()
}

func ptr(s string) *string { return &s }

func pool0(st map[string]any) map[string]any { return st["pools"].([]any)[0].(map[string]any) }

func list(m map[string]any, k string) []any { l, _ := m[k].([]any); return l }

func dup(m map[string]any, k string) { m[k] = append(list(m, k), list(m, k)[0]) }

func clone(v any) map[string]any {
	b, _ := json.Marshal(v)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

// TestLoadStateRefusesBadFiles: each broken file is refused with its reason and the
// offending id, and the server's state is unchanged.
func TestLoadStateRefusesBadFiles(t *testing.T) {
	good := goodState(t)
	user0 := func(st map[string]any) map[string]any { return list(pool0(st), "users")[0].(map[string]any) }
	cases := []struct {
		name string
		f    func(st map[string]any) []byte
		want []string // substrings of the error
	}{
		{"trailing junk", func(map[string]any) []byte { return append(append([]byte(nil), good...), "{}"...) }, []string{"trailing data"}},
		{"trailing text", func(map[string]any) []byte { return append(append([]byte(nil), good...), " x"...) }, []string{"trailing data"}},
		{"duplicate pool", func(st map[string]any) []byte {
			st["pools"] = append(list(st, "pools"), list(st, "pools")[0])
			return nil
		}, []string{"duplicate pool id", "us-east-1_"}},
		{"duplicate client", func(st map[string]any) []byte { dup(pool0(st), "clients"); return nil }, []string{"duplicate app client id"}},
		{"duplicate sub", func(st map[string]any) []byte {
			u := clone(user0(st))
			u["username"] = "carol"
			p := pool0(st)
			p["users"] = append(list(p, "users"), u)
			return nil
		}, []string{"duplicate user sub", user0(nil2(good))["sub"].(string)}},
		{"duplicate username", func(st map[string]any) []byte {
			u := clone(user0(st))
			u["sub"] = "00000000-0000-0000-0000-000000000000"
			p := pool0(st)
			p["users"] = append(list(p, "users"), u)
			return nil
		}, []string{"duplicate username", "00000000-0000-0000-0000-000000000000"}},
		{"duplicate group", func(st map[string]any) []byte { dup(pool0(st), "groups"); return nil }, []string{"duplicate group", "admins"}},
		{"duplicate session", func(st map[string]any) []byte { dup(pool0(st), "sessions"); return nil }, []string{"duplicate session"}},
		{"duplicate device", func(st map[string]any) []byte {
			d := map[string]any{"key": "us-east-1_dev", "groupKey": "g", "username": "alice", "sub": "s", "created": 1, "modified": 1}
			pool0(st)["devices"] = []any{d, d}
			return nil
		}, []string{"duplicate device key", "us-east-1_dev"}},
		{"short hash", func(st map[string]any) []byte {
			user0(st)["passwordHash"] = "AAAA"
			return nil
		}, []string{"password hash of 3 bytes, want 32", user0(nil2(good))["sub"].(string)}},
		{"long salt", func(st map[string]any) []byte {
			user0(st)["passwordSalt"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
			return nil
		}, []string{"password salt of 30 bytes, want 16"}},
		{"hash without salt", func(st map[string]any) []byte {
			delete(user0(st), "passwordSalt")
			return nil
		}, []string{"password salt of 0 bytes"}},
		{"unknown status", func(st map[string]any) []byte {
			user0(st)["status"] = "ARCHIVED"
			return nil
		}, []string{"unknown status", "ARCHIVED", user0(nil2(good))["sub"].(string)}},
		{"lower-case status", func(st map[string]any) []byte {
			user0(st)["status"] = "confirmed"
			return nil
		}, []string{"unknown status"}},
		{"user without sub", func(st map[string]any) []byte {
			user0(st)["sub"] = ""
			return nil
		}, []string{"without username or sub"}},
		{"version", func(st map[string]any) []byte { st["version"] = 2; return nil }, []string{"unsupported version 2"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var st map[string]any
			noErr(t, json.Unmarshal(good, &st))
			data := c.f(st)
			if data == nil {
				var err error
				data, err = json.Marshal(st)
				noErr(t, err)
			}
			s, cl, _ := newServer(t)
			keep := createPool(t, cl, &cip.CreateUserPoolInput{PoolName: ptr("keep")})
			err := s.LoadState(bytes.NewReader(data))
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if _, err := cl.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &keep}); err != nil {
				t.Errorf("state changed by a refused file: %v", err)
			}
		})
	}
	// the untouched file loads, white space after it included
	s, _, _ := newServer(t)
	noErr(t, s.LoadState(bytes.NewReader(append(append([]byte(nil), good...), " \n\t"...))))
}

func nil2(good []byte) map[string]any {
	var st map[string]any
	_ = json.Unmarshal(good, &st)
	return st
}

// FuzzLoadState: LoadState never panics, and whatever it accepts, SaveState writes
// back in a form LoadState accepts again.
func FuzzLoadState(f *testing.F) {
	f.Add([]byte(`{"version":1,"pools":[]}`))
	f.Add([]byte(`{"version":1,"pools":[{"id":"us-east-1_a","users":[{"username":"u","sub":"s","status":"CONFIRMED","passwordSalt":"AAAAAAAAAAAAAAAAAAAAAA==","passwordHash":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}]}]}`))
	f.Add([]byte(`{"version":1} {}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := mockpool.New(mockpool.WithTestSigningKey())
		if s.LoadState(bytes.NewReader(data)) != nil {
			return
		}
		var buf bytes.Buffer
		if err := s.SaveState(&buf); err != nil {
			t.Fatalf("SaveState after an accepted load: %v", err)
		}
		if err := mockpool.New(mockpool.WithTestSigningKey()).LoadState(&buf); err != nil {
			t.Fatalf("reload of a saved state: %v", err)
		}
	})
}
