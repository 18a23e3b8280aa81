//go:build !race

package enumproof_test

const raceEnabled = false
