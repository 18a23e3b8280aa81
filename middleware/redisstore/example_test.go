package redisstore_test

import (
	"context"
	"log"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/redis/go-redis/v9"

	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/middleware/redisstore"
)

// Every replica of a backend builds its Masker on the same Redis, with the same
// prefix and secret: they then count the lockout, the wrong reset codes and the
// reset requests of the names they mask like one Cognito. (Cluster: pass a
// redis.NewClusterClient; Sentinel: redis.NewFailoverClient.)
func ExampleNew() {
	ctx := context.Background()
	rdb := redis.NewClient(&redis.Options{Addr: "redis.internal:6379"})
	store := redisstore.New(rdb, redisstore.WithPrefix("myapp:maskedauth:"))

	var storeFailures atomic.Int64 // in production: a metric
	masker, err := middleware.New(
		middleware.WithStore(store),
		middleware.WithStoreTimeout(20*time.Millisecond),
		middleware.WithStoreErrorHook(func(error) { storeFailures.Add(1) }),
		middleware.WithSecret(secretFromVault()), // the same on every replica
		middleware.WithUserPool("eu-west-1_EXAMPLE", "email"),
		middleware.WithNormalize(strings.ToLower), // a case-insensitive pool
	)
	if err != nil {
		log.Fatal(err)
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		log.Fatal(err)
	}
	client := cognitoidentityprovider.NewFromConfig(cfg, masker.ClientOption())
	_ = client // sign users in with it as usual
}

// secretFromVault stands for the application's secret store.
func secretFromVault() []byte { return []byte("0123456789abcdef0123456789abcdef") }
