package lockout

import (
	"testing"
	"time"
)

func TestSignInSequence(t *testing.T) {
	t0 := int64(1_000_000_000_000)
	sec := int64(time.Second)
	tests := []struct {
		name string
		at   []int64 // attempt times, offsets from t0
		want []bool  // limited
	}{
		{"five free then locked for 1 s", []int64{0, 1, 2, 3, 4, 5}, []bool{false, false, false, false, false, true}},
		{"after the first lockout, doubling", []int64{0, 1, 2, 3, 4, sec + 5, sec + 6, 3*sec + 6}, []bool{false, false, false, false, false, false, true, false}},
		{"quiet 15 minutes resets", []int64{0, 1, 2, 3, 4, sec + 5, 2 * 3600 * sec, 2*3600*sec + 1}, []bool{false, false, false, false, false, false, false, false}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var s State
			for i, at := range tc.at {
				var lim bool
				s, lim = Apply(SignIn, s, t0+at)
				if lim != tc.want[i] {
					t.Fatalf("attempt %d at +%v: limited %v, want %v (state %+v)", i+1, time.Duration(at), lim, tc.want[i], s)
				}
			}
		})
	}
}

func TestLockoutCaps(t *testing.T) {
	var s State
	now := int64(1)
	var longest time.Duration
	for i := 0; i < 40; i++ {
		s, _ = Apply(SignIn, s, now)
		now = max(now+1, s.Until) // the next attempt right after the lockout ends
		d := time.Duration(s.Until - s.Last)
		if d > MaxLockout {
			t.Fatalf("lockout %v over the cap", d)
		}
		longest = max(longest, d)
	}
	if longest != MaxLockout {
		t.Fatalf("longest lockout %v, want the cap", longest)
	}
}

func TestWrongCodeAndDelivery(t *testing.T) {
	var s State
	now := int64(1)
	windowedRules := []struct {
		r      Rule
		max    int
		window time.Duration
	}{
		{WrongCode, WrongCodeMax, WrongCodeWindow},
		{SignUpCode, 5, time.Hour},
		{AttributeCode, 5, time.Hour},
		{PreviousPassword, PreviousPasswordMax, PreviousPasswordWindow},
	}
	for _, w := range windowedRules {
		s = State{}
		for i := 1; i <= w.max+2; i++ {
			var lim bool
			s, lim = Apply(w.r, s, now)
			if want := i > w.max; lim != want {
				t.Fatalf("%s: wrong attempt %d: limited %v", w.r, i, lim)
			}
		}
		if !Limited(w.r, s, now) || Limited(w.r, s, now+int64(w.window)) || Expired(w.r, s, now+int64(w.window)-1) ||
			!Expired(w.r, s, now+int64(w.window)) || w.r.TTL() != w.window {
			t.Fatalf("%s: window", w.r)
		}
		if s2, lim := Apply(w.r, s, now+int64(w.window)); lim || s2.N != 1 {
			t.Fatalf("%s: after the window: %v %+v", w.r, lim, s2)
		}
	}
	if PreviousPasswordMax != 5 || WrongCodeMax != 5 {
		t.Fatal("Cognito's counts")
	}
	s = State{}
	for i := 1; i <= 12; i++ {
		var lim bool
		s, lim = Apply(Delivery, s, now)
		if want := i > DeliveryMax; lim != want {
			t.Fatalf("delivery %d: limited %v", i, lim)
		}
	}
	s, lim := Apply(Delivery, s, now+int64(DeliveryWindow))
	if lim || s.N != 1 {
		t.Fatalf("after the window: %v %+v", lim, s)
	}
}

func TestTableFloodKeepsLockouts(t *testing.T) {
	tb := NewTable(1000)
	now := time.Unix(1000, 0)
	victim := Key{1}
	for i := 0; i < 6; i++ {
		tb.HitNow(SignIn, victim, now)
	}
	for i := 0; i < 10_000; i++ {
		var k Key
		k[0], k[1], k[2] = 2, byte(i), byte(i>>8)
		tb.HitNow(SignIn, k, now)
		if tb.Len() > 1000 {
			t.Fatalf("table over its bound: %d", tb.Len())
		}
	}
	if !tb.LimitedNow(SignIn, victim, now) {
		t.Fatal("the flood lifted the victim's lockout")
	}
}

// TestTableFloodKeepsEveryLimit: past the bound, a flood of one-event names forgets
// none of: a running sign-in lockout, a sign-in count between two lockouts (its next
// failure locks again), used-up wrong codes, a spent delivery budget.
func TestTableFloodKeepsEveryLimit(t *testing.T) {
	now := time.Unix(1000, 0)
	sec := time.Second
	type victim struct {
		what   string
		r      Rule
		events []time.Duration // offsets from now
		check  func(tb *Table, k Key) bool
	}
	victims := []victim{
		{"sign-in lockout running", SignIn, []time.Duration{0, 0, 0, 0, 0}, func(tb *Table, k Key) bool { return tb.LimitedNow(SignIn, k, now) }},
		{"sign-in between lockouts", SignIn, []time.Duration{-10 * sec, -10 * sec, -10 * sec, -10 * sec, -10 * sec, -8 * sec},
			func(tb *Table, k Key) bool {
				return !tb.LimitedNow(SignIn, k, now) && tb.HitNow(SignIn, k, now) == false && tb.LimitedNow(SignIn, k, now)
			}},
		{"wrong codes used up", WrongCode, []time.Duration{0, 0, 0, 0, 0}, func(tb *Table, k Key) bool { return tb.LimitedNow(WrongCode, k, now) }},
		{"sign-up codes used up", SignUpCode, []time.Duration{0, 0, 0, 0, 0}, func(tb *Table, k Key) bool { return tb.LimitedNow(SignUpCode, k, now) }},
		{"attribute codes used up", AttributeCode, []time.Duration{0, 0, 0, 0, 0}, func(tb *Table, k Key) bool { return tb.LimitedNow(AttributeCode, k, now) }},
		{"previous passwords used up", PreviousPassword, []time.Duration{0, 0, 0, 0, 0}, func(tb *Table, k Key) bool { return tb.LimitedNow(PreviousPassword, k, now) }},
		{"deliveries spent", Delivery, []time.Duration{0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, func(tb *Table, k Key) bool { return tb.LimitedNow(Delivery, k, now) }},
	}
	for _, flood := range []Rule{SignIn, WrongCode, Delivery, SignUpCode, AttributeCode, PreviousPassword} {
		t.Run(flood.String(), func(t *testing.T) {
			tb := NewTable(100)
			for i, v := range victims {
				for _, at := range v.events {
					tb.HitNow(v.r, Key{1, byte(i)}, now.Add(at))
				}
			}
			for i := 0; i < 1000; i++ {
				var k Key
				k[0], k[1], k[2] = 2, byte(i), byte(i>>8)
				tb.HitNow(flood, k, now)
				if tb.Len() > 100 {
					t.Fatalf("table over its bound: %d", tb.Len())
				}
			}
			for i, v := range victims {
				if !v.check(tb, Key{1, byte(i)}) {
					t.Errorf("the flood forgot %s", v.what)
				}
			}
		})
	}
}
