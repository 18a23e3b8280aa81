package redisstore_test

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/internal/lockout"
	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/middleware/redisstore"
)

// quantile of sorted durations (nearest rank).
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// BenchmarkMaskedFailure: a masked sign-in failure of an unknown name (a first
// failure, so the counter is written) through the SDK client, the mock pool and the
// middleware without a latency floor, with the counters in Redis on loopback and in
// memory. The two take turns call by call, so that the machine's load hits both
// alike; the extra latency of Redis is the difference of the two histograms'
// quantiles. allocs-redis and allocs-memory are per call.
func BenchmarkMaskedFailure(b *testing.B) {
	_, rdb := newRedis(b)
	mem := newFleet(b, 1, nil)
	red := newFleet(b, 1, func() middleware.Store { return redisstore.New(rdb) })
	ctx := b.Context()
	call := func(bf *fleet, i int) {
		_, err := bf.replicas[0].InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: aws.String(bf.legacyID), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
			AuthParameters: map[string]string{"USERNAME": "ghost-" + strconv.Itoa(i), "PASSWORD": wrongPW}})
		if err == nil {
			b.Fatal("an unknown name signed in")
		}
	}
	for i := range 200 { // warm up connections and the script cache
		call(mem, -i)
		call(red, -i)
	}
	var tm, tr []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		s := time.Now()
		call(mem, i)
		m := time.Now()
		call(red, i)
		e := time.Now()
		tm, tr = append(tm, m.Sub(s)), append(tr, e.Sub(m))
	}
	b.StopTimer()
	slices.Sort(tm)
	slices.Sort(tr)
	for _, q := range []struct {
		name string
		q    float64
	}{{"p50", 0.5}, {"p99", 0.99}} {
		b.ReportMetric(float64(quantile(tm, q.q).Microseconds()), q.name+"-memory-µs")
		b.ReportMetric(float64(quantile(tr, q.q).Microseconds()), q.name+"-redis-µs")
		b.ReportMetric(float64((quantile(tr, q.q) - quantile(tm, q.q)).Microseconds()), q.name+"-extra-µs")
	}
	n := 1 << 20
	b.ReportMetric(testing.AllocsPerRun(100, func() { n++; call(mem, n) }), "allocs-memory")
	b.ReportMetric(testing.AllocsPerRun(100, func() { n++; call(red, n) }), "allocs-redis")
}

// BenchmarkStoreHit is the store's own part: one counted event, a Redis round trip
// on loopback (EVALSHA) against the in-memory Table.
func BenchmarkStoreHit(b *testing.B) {
	_, rdb := newRedis(b)
	now := time.Unix(1_800_000_000, 0)
	for _, tc := range []struct {
		name  string
		store middleware.Store
	}{{"redis", redisstore.New(rdb)}, {"memory", lockout.NewTable(0)}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			var d []time.Duration
			for i := 0; b.Loop(); i++ {
				k := middleware.Key{byte(i), byte(i >> 8), byte(i >> 16), byte(i >> 24)}
				s := time.Now()
				if _, err := tc.store.Hit(b.Context(), middleware.SignInRule, k, now); err != nil {
					b.Fatal(err)
				}
				d = append(d, time.Since(s))
			}
			slices.Sort(d)
			b.ReportMetric(float64(quantile(d, 0.5).Nanoseconds())/1e3, "p50-µs")
			b.ReportMetric(float64(quantile(d, 0.99).Nanoseconds())/1e3, "p99-µs")
		})
	}
}
