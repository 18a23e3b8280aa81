package mockpool

import (
	"fmt"
	"testing"
	"time"
)

func TestAddSessionPrunes(t *testing.T) {
	s := New()
	p := newPool("us-east-1_x", poolConfig{})
	now := time.Unix(1000, 0)
	for i := 0; i < 128; i++ {
		exp := now.Add(time.Hour)
		if i < 100 {
			exp = now.Add(-time.Second) // already expired
		}
		s.addSession(p, &tokenSession{originJTI: fmt.Sprint(i), username: "u", refreshHash: [32]byte{byte(i)}, refreshExpires: exp.UnixNano()}, now)
	}
	if n := len(p.byUser["u"]); n > 64 {
		t.Fatalf("%d sessions kept", n)
	}
	if p.byOrigin["5"] != nil || p.byOrigin["127"] == nil {
		t.Fatal("wrong sessions pruned")
	}
}

func TestPasswordProblem(t *testing.T) {
	n := int32(8)
	pol := passwordPolicy{MinimumLength: &n, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true}
	tests := map[string]string{
		"Aa1!aaaa": "", "Aa1!aaa": "Password not long enough", "aa1!aaaa": "Password must have uppercase characters",
		"AA1!AAAA": "Password must have lowercase characters", "Aaa!aaaa": "Password must have numeric characters",
		"Aa1aaaaa": "Password must have symbol characters", "Aa1 aaaa": "", "Aa1^aaaa": "", "éééééAa1!": "",
	}
	for pw, want := range tests {
		if got := passwordProblem(pol, pw); got != want {
			t.Errorf("%q: %q, want %q", pw, got, want)
		}
	}
}

func TestCheckPasswordUnknownUser(t *testing.T) {
	s := New(WithTestSigningKey())
	if s.checkPassword(nil, "dummy") {
		t.Fatal("unknown user accepted (dummy hash)")
	}
	u := &user{username: "u"}
	if s.checkPassword(u, "") {
		t.Fatal("user without password accepted")
	}
	p := newPool("us-east-1_x", poolConfig{})
	s.setPassword(p, u, "pw")
	if !s.checkPassword(u, "pw") || s.checkPassword(u, "pW") {
		t.Fatal("checkPassword")
	}
}
