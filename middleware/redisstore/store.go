package redisstore

import (
	"context"
	"encoding/hex"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/maskedauth/maskedauth/internal/lockout"
	"github.com/maskedauth/maskedauth/middleware"
)

// DefaultPrefix starts every key unless WithPrefix says otherwise.
const DefaultPrefix = "maskedauth:"

// Store is a middleware.Store in Redis. It is safe for concurrent use.
type Store struct {
	c      redis.UniversalClient
	prefix string
	script *redis.Script
}

var _ middleware.Store = (*Store)(nil)

// Option configures a Store.
type Option func(*Store)

// WithPrefix sets the prefix of the keys (default DefaultPrefix), so that several
// applications, or several pools of one, can share a Redis: stores with different
// prefixes share no counter. The replicas of one backend must use the same prefix.
// The prefix must not contain '{' or '}' (they would change the Cluster hash tag).
func WithPrefix(prefix string) Option { return func(s *Store) { s.prefix = prefix } }

// New returns a Store on client. It panics if the prefix contains '{' or '}', a
// configuration error.
func New(client redis.UniversalClient, opts ...Option) *Store {
	s := &Store{c: client, prefix: DefaultPrefix, script: redis.NewScript(lockout.Script)}
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	if strings.ContainsAny(s.prefix, "{}") {
		panic("redisstore: the prefix must not contain '{' or '}'")
	}
	if client == nil {
		panic("redisstore: nil client")
	}
	return s
}

// key is <prefix>{<hex of k>}:<rule>.
func (s *Store) key(r middleware.Rule, k middleware.Key) string {
	name := r.String()
	var b strings.Builder
	b.Grow(len(s.prefix) + 2 + 2*len(k) + 1 + len(name))
	b.WriteString(s.prefix)
	b.WriteByte('{')
	var h [32]byte // hex of the 16-byte Key
	hex.Encode(h[:], k[:])
	b.Write(h[:])
	b.WriteString("}:")
	b.WriteString(name)
	return b.String()
}

// Hit implements middleware.Store: one atomic EVALSHA of lockout.Script.
func (s *Store) Hit(ctx context.Context, r middleware.Rule, k middleware.Key, now time.Time) (bool, error) {
	args, err := lockout.ScriptArgs(r, now.UnixNano())
	if err != nil {
		return false, err
	}
	n, err := s.script.Run(ctx, s.c, []string{s.key(r, k)}, args...).Int()
	if err != nil {
		return false, err
	}
	return n == 1, nil
}

// Limited implements middleware.Store: one HMGET, decided by lockout.Limited.
func (s *Store) Limited(ctx context.Context, r middleware.Rule, k middleware.Key, now time.Time) (bool, error) {
	if r.String() == "unknown" {
		return false, lockout.ErrRule
	}
	vals, err := s.c.HMGet(ctx, s.key(r, k), lockout.StateFields[:]...).Result()
	if err != nil {
		return false, err
	}
	st, err := lockout.DecodeState(vals)
	if err != nil {
		return false, err
	}
	return lockout.Limited(r, st, now.UnixNano()), nil
}

// Reset implements middleware.Store: DEL of the counter.
func (s *Store) Reset(ctx context.Context, r middleware.Rule, k middleware.Key) error {
	if r.String() == "unknown" {
		return lockout.ErrRule
	}
	return s.c.Del(ctx, s.key(r, k)).Err()
}
