//go:build race

package enumproof_test

// raceEnabled: the race detector slows every call; the short timing run takes fewer
// samples then.
const raceEnabled = true
