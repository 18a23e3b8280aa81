package mockpool

// The user store: find a user by what was typed or by internal username, read a
// snapshot (userView), change a user through a function run under the pool's write
// lock, insert and remove. Only the functions of this file (and store*.go) take
// pool.mu for users; handlers never do. Functions whose comment says "the caller
// holds p.mu" are for use inside the f of updateUser and insertUser only.

import (
	"sort"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// userSel selects a user: by what was typed (typed != ""; pool.lookup's rules), else by
// internal username, and then only when its sub is sub (sub != "").
type userSel struct {
	typed    string
	username string
	sub      string
}

// byTyped selects the user a typed name designates (username, email, phone, alias).
func byTyped(typed string) userSel { return userSel{typed: typed} }

// byName selects the user of an internal username, and only while its sub is sub
// (when sub != ""): the user of a token or a session, not a re-created namesake.
func byName(username, sub string) userSel { return userSel{username: username, sub: sub} }

// find resolves sel; nil when nobody. The caller holds p.mu.
func (p *pool) find(sel userSel) *user {
	if sel.typed != "" {
		return p.lookup(sel.typed)
	}
	if sel.username == "" {
		return nil
	}
	u := p.users[p.norm(sel.username)]
	if u == nil || (sel.sub != "" && u.sub != sel.sub) {
		return nil
	}
	return u
}

// viewUser returns a snapshot of the user sel selects, or nil.
func (p *pool) viewUser(sel userSel) *userView {
	p.mu.RLock()
	defer p.mu.RUnlock()
	u := p.find(sel)
	if u == nil {
		return nil
	}
	v := u.view()
	return &v
}

// touchUser records that u changed (or was removed).
func (s *Server) touchUser(p *pool, u *user) {
	s.touch(recordRef{kind: recUser, pool: p.id, key: u.sub})
}

// updateUser runs f on the user sel selects under the pool's write lock (f(nil) when
// there is none: f chooses the error). When f returns nil the change stands and the
// user is touched; when it returns an error f must leave the user as it found it.
// f may call the "caller holds p.mu" helpers (claimAliases, removeUser, ...), never
// another store function that locks.
func (s *Server) updateUser(p *pool, sel userSel, f func(u *user) *apiError) *apiError {
	p.mu.Lock()
	defer p.mu.Unlock()
	u := p.find(sel)
	if e := f(u); e != nil {
		return e
	}
	if u != nil {
		s.touchUser(p, u)
	}
	return nil
}

// insertUser adds the new user u (not shared yet) under the pool's write lock once f
// (run under it, say to check uniqueness or claim aliases) returns nil.
func (s *Server) insertUser(p *pool, u *user, f func(u *user) *apiError) *apiError {
	p.mu.Lock()
	defer p.mu.Unlock()
	if f != nil {
		if e := f(u); e != nil {
			return e
		}
	}
	p.index(u)
	s.touchUser(p, u)
	return nil
}

// usernameTaken reports whether an internal username is in use. The caller holds p.mu.
func (p *pool) usernameTaken(username string) bool { return p.users[p.norm(username)] != nil }

// removeUser removes u from the pool and revokes its sessions. The caller holds p.mu
// (inside updateUser, which touches u).
func (s *Server) removeUser(p *pool, u *user) {
	p.unindex(u)
	s.revokeUserSessions(p, u.username)
}

// eachUser calls f, under the pool's read lock, for each user whose normalised
// username is greater than after, in order, until f returns false. f must not change u.
func (p *pool) eachUser(after string, f func(key string, u *user) bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	keys := make([]string, 0, len(p.users))
	for k := range p.users {
		if k > after {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !f(k, p.users[k]) {
			return
		}
	}
}

// uniqueUsernameAttrError reports a clash on the email or phone number of an
// email/phone-as-username pool. The caller holds p.mu.
func (p *pool) uniqueUsernameAttrError(attrs []attr, self *user) *apiError {
	for _, name := range [...]string{"email", "phone_number"} {
		if !p.usernameAttr(name) {
			continue
		}
		if v, ok := attrValue(attrs, name); ok {
			if o := p.aliases[aliasKey(name, v)]; o != nil && o != self {
				return newErr(cognito.CodeUsernameExists, cognito.MsgAttributeExists(name))
			}
		}
	}
	return nil
}

// claimAliases makes u's verified aliases its own: another user holding one gets
// AliasExistsException, or with force loses it (its attribute becomes unverified, and
// it is touched). The caller holds p.mu and has unindexed u (or not indexed it yet).
func (s *Server) claimAliases(p *pool, u *user, force bool, msgFmt string) *apiError {
	for _, name := range [...]string{"email", "phone_number", "preferred_username"} {
		if !p.aliasAttr(name) {
			continue
		}
		v, ok := u.get(name)
		if !ok || v == "" || (name != "preferred_username" && !u.verified(name)) {
			continue
		}
		o := p.aliases[aliasKey(name, v)]
		if o == nil || o == u {
			continue
		}
		if !force {
			return newErr(cognito.CodeAliasExists, cognito.MsgAliasExists(msgFmt, name))
		}
		p.unindex(o)
		if name == "preferred_username" {
			o.del(name)
		} else {
			o.set(name+"_verified", "false")
		}
		p.index(o)
		s.touchUser(p, o)
	}
	return nil
}

// removeGroupFromUsers drops group g from every user (DeleteGroup). The caller holds
// p.mu.
func (s *Server) removeGroupFromUsers(p *pool, g string) {
	for _, u := range p.users {
		if contains(u.groups, g) {
			u.groups = removeString(u.groups, g)
			s.touchUser(p, u)
		}
	}
}
