package mockpool

// The store of a pool's configuration resources (op_config_*.go): domains,
// resource servers, identity providers, UI customizations, managed login
// brandings, risk configurations, the log delivery configuration, user import
// jobs, terms, replicas and the pool's tags. Every resource is one record, addressed by a
// key "type/id" and stored as its JSON encoding: a read decodes a fresh copy, so
// no caller ever shares memory with the store, and the durable form (journal,
// SaveState) is the stored form.
//
// All locking of these resources happens here: handlers run their reads and
// changes inside configTx, which holds the pool's poolResources lock and touches
// every record it changes.

import (
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"sync"
)

// Record types (the part of a key before "/").
const (
	cfgDomain   = "domain"   // key: domain/<domain>
	cfgServer   = "rs"       // key: rs/<identifier>
	cfgIdP      = "idp"      // key: idp/<provider name>
	cfgUI       = "ui"       // key: ui/<client id or ALL>
	cfgBranding = "branding" // key: branding/<managed login branding id>
	cfgRisk     = "risk"     // key: risk/<client id or ALL>
	cfgLog      = "log"      // key: log/pool
	cfgJob      = "job"      // key: job/<job id>
	cfgTags     = "tags"     // key: tags/pool
	cfgTerms    = "terms"    // key: terms/<terms id>
	cfgReplica  = "replica"  // key: replica/<region>
)

var cfgTypes = []string{cfgDomain, cfgServer, cfgIdP, cfgUI, cfgBranding, cfgRisk, cfgLog, cfgJob, cfgTags, cfgTerms, cfgReplica}

func cfgKey(typ, id string) string { return typ + "/" + id }

// poolResources holds one pool's configuration records.
type poolResources struct {
	mu    sync.Mutex
	items map[string]json.RawMessage
	seq   uint64 // insertion counter: order[key] gives list order where Cognito keeps it
	order map[string]uint64
}

// newPoolResources returns the store of a new pool whose CreateUserPool carried tags.
func newPoolResources(tags map[string]string) *poolResources {
	r := &poolResources{items: map[string]json.RawMessage{}, order: map[string]uint64{}}
	if len(tags) > 0 {
		b, _ := json.Marshal(tags)
		r.set(cfgKey(cfgTags, "pool"), b)
	}
	return r
}

func (r *poolResources) set(key string, b json.RawMessage) {
	if _, ok := r.items[key]; !ok {
		r.seq++
		r.order[key] = r.seq
	}
	r.items[key] = b
}

func (r *poolResources) del(key string) {
	delete(r.items, key)
	delete(r.order, key)
}

// res returns the pool's store (set once by newPool).
func (p *pool) res() *poolResources { return p.config }

// configTx is a read-write view of one pool's records while its lock is held.
type configTx struct {
	s *Server
	p *pool
	r *poolResources
}

// configTx runs f with the pool's configuration lock held.
func (s *Server) configTx(p *pool, f func(tx *configTx) *apiError) *apiError {
	r := p.res()
	r.mu.Lock()
	defer r.mu.Unlock()
	return f(&configTx{s: s, p: p, r: r})
}

// get decodes the record at key into v; false when there is none.
func (tx *configTx) get(key string, v any) bool {
	b, ok := tx.r.items[key]
	if !ok {
		return false
	}
	return json.Unmarshal(b, v) == nil
}

func (tx *configTx) has(key string) bool { _, ok := tx.r.items[key]; return ok }

// put stores v at key and touches the record.
func (tx *configTx) put(key string, v any) *apiError {
	b, err := json.Marshal(v)
	if err != nil {
		return internalError()
	}
	tx.r.set(key, b)
	tx.s.touch(recordRef{kind: recConfig, pool: tx.p.id, key: key})
	return nil
}

// remove deletes the record at key (if any) and touches it.
func (tx *configTx) remove(key string) {
	if _, ok := tx.r.items[key]; !ok {
		return
	}
	tx.r.del(key)
	tx.s.touch(recordRef{kind: recConfig, pool: tx.p.id, key: key})
}

// keys returns the keys of one record type in insertion order.
func (tx *configTx) keys(typ string) []string {
	prefix := typ + "/"
	var out []string
	for k := range tx.r.items {
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	sort.Slice(out, func(i, j int) bool { return tx.r.order[out[i]] < tx.r.order[out[j]] })
	return out
}

// configGet is a one-record read.
func configGet[T any](s *Server, p *pool, key string) (T, bool) {
	var v T
	var ok bool
	_ = s.configTx(p, func(tx *configTx) *apiError { ok = tx.get(key, &v); return nil })
	return v, ok
}

// configList decodes every record of one type, in insertion order.
func configList[T any](s *Server, p *pool, typ string) []T {
	var out []T
	_ = s.configTx(p, func(tx *configTx) *apiError {
		for _, k := range tx.keys(typ) {
			var v T
			if tx.get(k, &v) {
				out = append(out, v)
			}
		}
		return nil
	})
	return out
}

// configPoolByArn finds a pool by its ARN.
func (s *Server) configPoolByArn(arn string) *pool {
	for _, p := range s.poolList() {
		if p.arn == arn {
			return p
		}
	}
	return nil
}

// domainOwner returns the pool that holds domain (a prefix or a custom domain).
// Domains are unique across the server's pools, as Cognito's are within a region.
// The check and a later create are not one atomic step across pools (each pool
// has its own lock): two pools creating the same name at the same instant may
// both succeed.
func (s *Server) domainOwner(domain string) *pool {
	key := cfgKey(cfgDomain, domain)
	for _, p := range s.poolList() {
		r := p.res()
		r.mu.Lock()
		_, ok := r.items[key]
		r.mu.Unlock()
		if ok {
			return p
		}
	}
	return nil
}

// configDomains returns the pool's prefix domain and custom domain ("" when
// none): DescribeUserPool's Domain and CustomDomain.
func (s *Server) configDomains(p *pool) (prefix, custom string) {
	for _, d := range configList[userPoolDomain](s, p, cfgDomain) {
		if d.CustomDomainConfig != nil {
			custom = d.Domain
		} else {
			prefix = d.Domain
		}
	}
	return prefix, custom
}

// configTags returns a copy of the pool's tags (nil when none): DescribeUserPool's
// UserPoolTags after TagResource and UntagResource.
func (s *Server) configTags(p *pool) map[string]string {
	m, _ := configGet[map[string]string](s, p, cfgKey(cfgTags, "pool"))
	return m
}

// setConfigTags replaces the pool's tags (UpdateUserPool's UserPoolTags); nil
// or empty removes them.
func (s *Server) setConfigTags(p *pool, tags map[string]string) {
	_ = s.configTx(p, func(tx *configTx) *apiError {
		if len(tags) == 0 {
			tx.remove(cfgKey(cfgTags, "pool"))
			return nil
		}
		return tx.put(cfgKey(cfgTags, "pool"), tags)
	})
}

// encodeConfig returns the current value of one record (false when it is gone),
// for the durable-state helper.
func (s *Server) encodeConfig(p *pool, key string) ([]byte, bool) {
	r := p.res()
	r.mu.Lock()
	defer r.mu.Unlock()
	b, ok := r.items[key]
	if !ok {
		return nil, false
	}
	return append([]byte(nil), b...), true
}

var errConfigRecord = errors.New("mockpool: malformed configuration record")

// applyConfig restores one record on load; nil data (or JSON null) deletes it.
func (s *Server) applyConfig(p *pool, key string, data []byte) error {
	typ, _, ok := strings.Cut(key, "/")
	if !ok || !contains(cfgTypes, typ) {
		return errConfigRecord
	}
	r := p.res()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(data) == 0 || string(data) == "null" {
		r.del(key)
		return nil
	}
	if !json.Valid(data) {
		return errConfigRecord
	}
	r.set(key, append(json.RawMessage(nil), data...))
	return nil
}

// exportConfig returns every record of the pool as one JSON value, for SaveState:
// a list of {key, value} in insertion order.
func (s *Server) exportConfig(p *pool) json.RawMessage {
	r := p.res()
	r.mu.Lock()
	keys := make([]string, 0, len(r.items))
	for k := range r.items {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return r.order[keys[i]] < r.order[keys[j]] })
	recs := make([]configRecord, 0, len(keys))
	for _, k := range keys {
		recs = append(recs, configRecord{Key: k, Value: r.items[k]})
	}
	r.mu.Unlock()
	b, _ := json.Marshal(recs)
	return b
}

type configRecord struct {
	Key   string          `json:"key"`
	Value json.RawMessage `json:"value"`
}

// importConfig replaces the pool's records with those of exportConfig's value,
// for LoadState. Empty data (a state file written before this store existed)
// leaves the records newPool made (the tags of CreateUserPool) as they are.
func (s *Server) importConfig(p *pool, data json.RawMessage) error {
	if len(data) == 0 {
		return nil
	}
	var recs []configRecord
	if err := json.Unmarshal(data, &recs); err != nil {
		return errConfigRecord
	}
	fresh := newPoolResources(nil)
	for _, rec := range recs {
		typ, _, ok := strings.Cut(rec.Key, "/")
		if !ok || !contains(cfgTypes, typ) || !json.Valid(rec.Value) {
			return errConfigRecord
		}
		fresh.set(rec.Key, rec.Value)
	}
	r := p.res()
	r.mu.Lock()
	r.items, r.order, r.seq = fresh.items, fresh.order, fresh.seq
	r.mu.Unlock()
	return nil
}

// configKeys lists the keys of the pool's records (for writing a whole state).
func (s *Server) configKeys(p *pool) []string {
	r := p.res()
	r.mu.Lock()
	defer r.mu.Unlock()
	keys := make([]string, 0, len(r.items))
	for k := range r.items {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// touchConfig touches every record of a pool that was just created (CreateUserPool's
// tags), so a durable state writes them with the pool.
func (s *Server) touchConfig(p *pool) {
	for _, key := range s.configKeys(p) {
		s.touch(recordRef{kind: recConfig, pool: p.id, key: key})
	}
}
