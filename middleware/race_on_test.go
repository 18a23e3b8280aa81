//go:build race

package middleware_test

// raceEnabled: the race detector is on (it makes sync.Pool drop items, so
// allocation counts are not those of a normal build).
const raceEnabled = true
