package lockout

import (
	"context"
	"slices"
	"sync"
	"time"
)

// DefaultMaxCounters is the default bound of a Table.
const DefaultMaxCounters = 1 << 20

// Table is the in-memory Store: one State per rule and key, in bounded memory. It
// is safe for concurrent use; the zero value is not usable, use NewTable.
//
// At its bound it forgets, in one pass down to three quarters of it: first the
// counters that are Expired (forgetting them changes no answer), then, least
// recently used first, the counters whose next event would not make them limited,
// then those one event short of a limit (a sign-in count past the free failures,
// between two lockouts; the last wrong code or delivery of a window), and a running
// limit (a lockout, used-up wrong codes, a spent delivery budget) only when every
// counter has one. A flood of made-up names, one event each, therefore never lifts
// a limit or disarms a counter about to reach one; what it can cost, past the
// bound, is the partial count of an idle name. A shared store (Redis) has no such
// bound: its keys expire with Rule.TTL.
type Table struct {
	max int
	mu  sync.Mutex
	m   map[tableKey]State
}

type tableKey struct {
	r Rule
	k Key
}

// NewTable returns a Table that holds at most max counters (DefaultMaxCounters
// when max <= 0).
func NewTable(max int) *Table {
	if max <= 0 {
		max = DefaultMaxCounters
	}
	return &Table{max: max, m: make(map[tableKey]State)}
}

// Hit implements Store. It never fails.
func (t *Table) Hit(_ context.Context, r Rule, k Key, now time.Time) (bool, error) {
	return t.HitNow(r, k, now), nil
}

// HitNow is Hit without the context and error, for callers that own a Table.
func (t *Table) HitNow(r Rule, k Key, now time.Time) bool {
	tk := tableKey{r, k}
	n := now.UnixNano()
	t.mu.Lock()
	defer t.mu.Unlock()
	s, ok := t.m[tk]
	if !ok && len(t.m) >= t.max {
		t.prune(n)
	}
	s, limited := Apply(r, s, n)
	t.m[tk] = s
	return limited
}

// Limited implements Store. It never fails.
func (t *Table) Limited(_ context.Context, r Rule, k Key, now time.Time) (bool, error) {
	return t.LimitedNow(r, k, now), nil
}

// LimitedNow is Limited without the context and error.
func (t *Table) LimitedNow(r Rule, k Key, now time.Time) bool {
	t.mu.Lock()
	s := t.m[tableKey{r, k}]
	t.mu.Unlock()
	return Limited(r, s, now.UnixNano())
}

// Reset implements Store. It never fails.
func (t *Table) Reset(_ context.Context, r Rule, k Key) error {
	t.ResetNow(r, k)
	return nil
}

// ResetNow is Reset without the context and error.
func (t *Table) ResetNow(r Rule, k Key) {
	t.mu.Lock()
	delete(t.m, tableKey{r, k})
	t.mu.Unlock()
}

// Len is the number of counters held.
func (t *Table) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.m)
}

// prune brings the table down to three quarters of its bound. The caller holds t.mu.
func (t *Table) prune(now int64) {
	target := t.max * 3 / 4
	for tk, s := range t.m {
		if Expired(tk.r, s, now) {
			delete(t.m, tk)
		}
	}
	if len(t.m) <= target {
		return
	}
	// Least recently used first within each rank; running limits last.
	type entry struct {
		tk   tableKey
		rank uint8
		last int64
	}
	all := make([]entry, 0, len(t.m))
	for tk, s := range t.m {
		all = append(all, entry{tk, rank(tk.r, s, now), s.Last})
	}
	slices.SortFunc(all, func(a, b entry) int {
		if a.rank != b.rank {
			return int(a.rank) - int(b.rank)
		}
		switch {
		case a.last < b.last:
			return -1
		case a.last > b.last:
			return 1
		}
		return 0
	})
	for _, e := range all[:len(all)-target] {
		delete(t.m, e.tk)
	}
}

// rank orders counters for forgetting: 2 for a running limit (forgetting it changes
// the very next answer), 1 for a counter whose next event makes it limited, 0 for
// the rest.
func rank(r Rule, s State, now int64) uint8 {
	if Limited(r, s, now) {
		return 2
	}
	if next, _ := Apply(r, s, now); Limited(r, next, now) {
		return 1
	}
	return 0
}
