package simulate

import (
	"regexp"
	"testing"
	"unicode/utf8"

	"github.com/google/uuid"
)

func TestMaskEmail(t *testing.T) {
	tests := []struct{ in, want string }{
		{"alice@example.com", "a***@e***"},
		{"Bob.Smith@Mail.Example.org", "B***@M***"},
		{"x@y", "x***@y***"},
		{"émile@été.fr", "é***@é***"},
		{"noat", "n***"},
		{"", "***"},
		{"@domain", "***@d***"},
		{"local@", "l***@***"},
		{"\xffbad@\xfe", "?***@?***"},
	}
	for _, tt := range tests {
		if got := MaskEmail(tt.in); got != tt.want {
			t.Errorf("MaskEmail(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskPhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"+12065551234", "+*******1234"},
		{"+441234561234", "+********1234"},
		{"+1 (206) 555-1234", "+*******1234"},
		{"+123", "+***"},
		{"", "+"},
		{"12345", "+*2345"},
	}
	for _, tt := range tests {
		if got := MaskPhone(tt.in); got != tt.want {
			t.Errorf("MaskPhone(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsE164AndIsEmail(t *testing.T) {
	e164 := map[string]bool{"+12065551234": true, "+1": false, "12065551234": false, "+0123": false, "+1206555123a": false, "+123456789012345": true, "+1234567890123456": false}
	for in, want := range e164 {
		if got := IsE164(in); got != want {
			t.Errorf("IsE164(%q) = %v", in, got)
		}
	}
	email := map[string]bool{"a@b": true, "a@b@c": false, "@b": false, "a@": false, "a b@c": false, "plain": false}
	for in, want := range email {
		if got := IsEmail(in); got != want {
			t.Errorf("IsEmail(%q) = %v", in, got)
		}
	}
}

var (
	emailMask = regexp.MustCompile(`^[a-zA-Z0-9]\*\*\*@[a-zA-Z0-9]\*\*\*$`)
	phoneMask = regexp.MustCompile(`^\+\*{4,11}[0-9]{4}$`)
)

func TestDelivery(t *testing.T) {
	s := New([]byte("secret"))
	tests := []struct {
		name, username string
		auto           []string
		medium, attr   string
		dest           string // exact, or "" to check the shape only
	}{
		{"typed phone", "+12065551234", []string{"email"}, "SMS", "phone_number", "+*******1234"},
		{"typed email", "alice@example.com", []string{"phone_number"}, "EMAIL", "email", ""},
		{"auto email", "alice", []string{"email"}, "EMAIL", "email", ""},
		{"auto both", "alice", []string{"phone_number", "email"}, "EMAIL", "email", ""},
		{"auto phone", "alice", []string{"phone_number"}, "SMS", "phone_number", ""},
		{"none", "alice", nil, "EMAIL", "email", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := s.Delivery("us-east-1_abc", tt.username, tt.auto)
			if d.DeliveryMedium != tt.medium || d.AttributeName != tt.attr {
				t.Fatalf("got %+v", d)
			}
			if tt.dest != "" && d.Destination != tt.dest {
				t.Fatalf("destination %q, want %q", d.Destination, tt.dest)
			}
			re := emailMask
			if tt.medium == "SMS" {
				re = phoneMask
			}
			if !re.MatchString(d.Destination) {
				t.Fatalf("destination %q not shaped like a mask", d.Destination)
			}
			if again := s.Delivery("us-east-1_abc", tt.username, tt.auto); again != d {
				t.Fatalf("not stable: %+v vs %+v", again, d)
			}
		})
	}
}

func TestStableAndKeyed(t *testing.T) {
	a, b := New([]byte("one")), New([]byte("two"))
	if string(a.SRPSalt("p", "u")) != string(a.SRPSalt("p", "u")) {
		t.Fatal("salt not stable")
	}
	if len(a.SRPSalt("p", "u")) != 16 {
		t.Fatal("salt not 16 bytes")
	}
	if string(a.SRPSalt("p", "u")) == string(b.SRPSalt("p", "u")) {
		t.Fatal("salt not keyed")
	}
	if string(a.SRPSalt("p", "u")) == string(a.SRPSalt("p", "v")) || string(a.SRPSalt("p", "u")) == string(a.SRPSalt("q", "u")) {
		t.Fatal("salt does not depend on pool and username")
	}
	if a.SRPSalt("p1", "u") == nil || string(a.SRPSalt("p\x00", "u")) == string(a.SRPSalt("p", "\x00u")) {
		t.Fatal("fields not separated")
	}
	id := a.SRPUserID("p", "u")
	u, err := uuid.Parse(id)
	if err != nil || u.Version() != 4 || u.Variant() != uuid.RFC4122 {
		t.Fatalf("SRPUserID %q: %v", id, err)
	}
	if id != a.SRPUserID("p", "u") || id == b.SRPUserID("p", "u") {
		t.Fatal("user id not stable or not keyed")
	}
}

func FuzzMask(f *testing.F) {
	for _, s := range []string{"alice@example.com", "+12065551234", "", "@", "\xff@\xfe", "é@é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := MaskEmail(s)
		p := MaskPhone(s)
		if !utf8.ValidString(e) || !utf8.ValidString(p) {
			t.Fatalf("invalid UTF-8 from %q: %q %q", s, e, p)
		}
		if len(p) == 0 || p[0] != '+' {
			t.Fatalf("MaskPhone(%q) = %q", s, p)
		}
		d := New([]byte("k")).Delivery("p", s, []string{"phone_number"})
		if d.Destination == "" {
			t.Fatalf("empty destination for %q", s)
		}
	})
}
