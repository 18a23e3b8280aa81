package schema_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/maskedauth/maskedauth/internal/cognito"
	"github.com/maskedauth/maskedauth/internal/schema"
)

// FuzzCheck feeds attribute lists ("name=value" per line) to every check. It
// must never panic, must answer only InvalidParameterException or
// NotAuthorizedException with a bounded message that echoes no value, and an
// accepted list must hold declared, distinct, writable, unreserved names.
func FuzzCheck(f *testing.F) {
	for _, seed := range []string{
		"email=a@example.com\nname=Alice",
		"cognito:groups=admins\niss=x\naud=y\nexp=1",
		"email=a@example.com\nemail=b@example.com",
		"custom:tier=gold\ncustom:age=42\ncustom:flag=true",
		"custom:age=1e999999999\ncustom:age=-0.0",
		"sub=x\nemail_verified=true\ndev:custom:secret=s",
		"custom:code=X\nupdated_at=12",
		"\xff\xfe=\x00",
		"custom:x=\tsecret\x01",
	} {
		f.Add(seed, uint8(0))
	}
	s := testSchema(f)
	def, _ := s.Client(nil, nil, false)
	limited, _ := s.Client([]string{"email"}, []string{"email", "custom:tier"}, false)
	f.Fuzz(func(t *testing.T, in string, mode uint8) {
		var list []schema.Attr
		for _, ln := range strings.Split(in, "\n") {
			name, value, _ := strings.Cut(ln, "=")
			list = append(list, schema.Attr{Name: name, Value: value})
		}
		client := []*schema.Client{nil, def, limited}[int(mode)%3]
		var err error
		if mode&4 == 0 {
			err = s.CheckCreate(list, client)
		} else {
			err = s.CheckUpdate(list, client)
		}
		if err == nil {
			if len(list) > cognito.MaxAttributesPerRequest {
				t.Fatal("accepted an oversized list")
			}
			seen := map[string]bool{}
			for _, a := range list {
				if !s.Declared(a.Name) || seen[a.Name] || schema.Reserved(a.Name) {
					t.Fatalf("accepted %q in %q", a.Name, in)
				}
				seen[a.Name] = true
			}
			return
		}
		var e *schema.Error
		if !errors.As(err, &e) || (e.Code != cognito.CodeInvalidParameter && e.Code != cognito.CodeNotAuthorized) {
			t.Fatalf("unexpected error %v", err)
		}
		// At most one line per attribute (and the required ones), each a name
		// of at most 32 characters (4 bytes each) and a problem text.
		if max := (cognito.MaxAttributesPerRequest + 25) * (4*cognito.MaxAttributeNameLength + 80); len(e.Message) > max {
			t.Fatalf("message of %d bytes", len(e.Message))
		}
		// A value holding a control character cannot be part of a name (the
		// pattern forbids them) nor of a text: it must not be in the message.
		for _, a := range list {
			if strings.ContainsFunc(a.Value, func(r rune) bool { return r < 0x20 }) && strings.Contains(e.Message, a.Value) {
				t.Fatalf("message %q echoes the value %q", e.Message, a.Value)
			}
		}
	})
}
