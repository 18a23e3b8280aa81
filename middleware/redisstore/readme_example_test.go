package redisstore_test

import (
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/middleware/redisstore"
)

// The README's snippet for several replicas: one Redis (or Valkey) store
// shared by every replica's Masker. Nothing is dialled until a masked name is
// counted, so this runs without a server.
func ExampleNew_readme() {
	rdb := redis.NewClient(&redis.Options{Addr: "redis:6379"}) // or NewFailoverClient (Sentinel), NewClusterClient
	defer rdb.Close()
	store := redisstore.New(rdb, redisstore.WithPrefix("myapp:"))
	masker, err := middleware.New(middleware.WithStore(store),
		middleware.WithSecret([]byte("32 bytes of your own secret.....")), // the same on every replica
		middleware.WithUserPool("us-east-1_AbCdEf123", "email"),           // the pool and its auto-verified attributes
		middleware.WithNormalize(middleware.NormalizeCaseInsensitive))     // how the pool compares usernames
	// or: middleware.ForPool(ctx, client, poolID, middleware.WithStore(store), middleware.WithSecret(secret))
	fmt.Println(err, masker != nil)
	// Output: <nil> true
}
