package main

import (
	"slices"
	"time"
)

// percentile returns the nearest-rank p-th percentile (0 < p <= 100) of sorted, or 0 for
// an empty slice.
func percentile(sorted []time.Duration, p float64) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	if p <= 0 {
		return sorted[0]
	}
	if p >= 100 {
		return sorted[n-1]
	}
	// nearest rank: the smallest value with at least p% of the samples at or below it
	rank := int(p/100*float64(n) + 0.999999999)
	if rank < 1 {
		rank = 1
	}
	if rank > n {
		rank = n
	}
	return sorted[rank-1]
}

// summary is what one workload's latencies come to.
type summary struct {
	P50, P99, Max time.Duration
}

// summarize sorts lat in place and returns its p50, p99 and maximum.
func summarize(lat []time.Duration) summary {
	slices.Sort(lat)
	if len(lat) == 0 {
		return summary{}
	}
	return summary{P50: percentile(lat, 50), P99: percentile(lat, 99), Max: lat[len(lat)-1]}
}
