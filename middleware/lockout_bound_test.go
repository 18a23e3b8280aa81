package middleware

import (
	"encoding/binary"
	"testing"
	"time"
)

// A flood of made-up usernames keeps the counters bounded, costs one pruning
// pass per quarter of the cap (not one scan per name), and does not lift the
// lockout of a user being attacked.
func TestLockoutBoundedUnderFlood(t *testing.T) {
	var l lockout
	now := time.Unix(1_700_000_000, 0)
	victim := userKey{0xff, 0xee}
	for i := 0; i <= lockoutFreeFailures; i++ {
		l.failOrLocked(victim, now)
	}
	if !l.failOrLocked(victim, now) {
		t.Fatal("victim not locked out after its failures")
	}
	prunes := 0
	for i := 0; i < 3*maxLockoutCounters; i++ {
		var k userKey
		binary.BigEndian.PutUint64(k[:], uint64(i)+1)
		before := len(l.m)
		l.failOrLocked(k, now)
		if len(l.m) < before {
			prunes++
		}
		if len(l.m) > maxLockoutCounters {
			t.Fatalf("%d counters, cap %d", len(l.m), maxLockoutCounters)
		}
	}
	if max := 3*maxLockoutCounters/(maxLockoutCounters/4) + 1; prunes > max {
		t.Errorf("%d pruning passes for %d names, want at most %d", prunes, 3*maxLockoutCounters, max)
	}
	if !l.failOrLocked(victim, now) {
		t.Error("the flood lifted the victim's lockout")
	}
}
