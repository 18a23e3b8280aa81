// Package redisstore keeps the middleware's counters in Redis (or Valkey), so that
// the replicas of one backend count the sign-in lockout, ConfirmForgotPassword's
// wrong codes and ForgotPassword's deliveries of the names they mask like one
// Cognito counts a real user's:
//
//	rdb := redis.NewClient(&redis.Options{Addr: "redis:6379"})
//	store := redisstore.New(rdb, redisstore.WithPrefix("myapp:maskedauth:"))
//	masker, err := middleware.New(middleware.WithStore(store), ...)
//
// Without a shared store each replica counts in its own memory: behind a load
// balancer over three replicas an unknown name gets fifteen free failed sign-ins
// where a real user gets five, which tells them apart.
//
// Each update is one EVALSHA of lockout.Script (EVAL when the server answers
// NOSCRIPT), atomic on the server; reading a counter is one HMGET. Decisions use
// the time the Masker passes (its WithClock clock), never the server's, so replicas
// that share a clock (and tests that share a fake one) decide alike. Each counter
// expires Rule.TTL after its last counted event: garbage collection only, on the
// server's clock; there is no cleanup job and no unbounded growth.
//
// A key holds the prefix, the keyed hash the middleware already uses for the name
// (hex; never the name itself) and the rule:
//
//	<prefix>{<32 hex digits>}:signin | :wrongcode | :delivery
//
// The braces are a Redis Cluster hash tag: one name's counters sit in one slot. The
// client is a redis.UniversalClient: a single server (redis.NewClient), Sentinel
// (redis.NewFailoverClient) or Cluster (redis.NewClusterClient) all work.
//
// When Redis fails or is slow the middleware does not wait and does not fail: it
// bounds every store call (middleware.WithStoreTimeout, 50 ms by default) and
// counts that call in the process's memory instead (see middleware.Store). What
// stays per process in any case is the latency floor: its learned statistics
// describe the path from this process to Cognito.
package redisstore
