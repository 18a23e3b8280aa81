package mockpool

import (
	"fmt"
	"runtime"
	"testing"
	"time"
)

// BenchmarkBytesPerUser stores 100,000 users (salted hash, 16-byte SRP salt and a
// 384-byte SRP verifier each, three attributes) and reports the heap they take. The
// users are inserted through the store directly, so the (slow) SRP verifier is not
// computed 100,000 times.
func BenchmarkBytesPerUser(b *testing.B) {
	const n = 100000
	for i := 0; i < b.N; i++ {
		s := New(WithTestSigningKey())
		p := s.addPool(poolConfig{Name: "mem", CaseSensitive: true, Policy: passwordPolicy{}}, time.Now())
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		now := time.Now()
		for j := 0; j < n; j++ {
			name := fmt.Sprintf("user-%06d", j)
			u := s.newUser(p, name, []attr{{"email", name + "@example.com"}, {"email_verified", "true"}}, now)
			u.status = statusConfirmed
			mat := &passwordMaterial{srpSalt: make([]byte, 16), verifier: make([]byte, 384)}
			s.randBytes(mat.salt[:])
			mat.hash = hashPassword(mat.salt[:], "Passw0rd!")
			s.randBytes(mat.srpSalt)
			s.randBytes(mat.verifier) // what srp.Verifier would store: 3072 bits
			mat.apply(u)
			p.mu.Lock()
			p.index(u)
			p.mu.Unlock()
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		perUser := float64(after.HeapAlloc-before.HeapAlloc) / n
		b.ReportMetric(perUser, "bytes/user")
		b.ReportMetric(perUser*n/(1<<20), "MiB/100k")
		runtime.KeepAlive(p)
	}
}
