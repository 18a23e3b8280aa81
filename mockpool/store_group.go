package mockpool

// The group store: a pool's groups (under pool.mu). Memberships are part of the user
// record (user.groups).

import "sort"

// group is a group of a pool (persisted as is).
type group struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Precedence  *int32 `json:"precedence,omitempty"`
	RoleArn     string `json:"roleArn,omitempty"`
	Created     int64  `json:"created"`
	Modified    int64  `json:"modified"`
}

func (s *Server) touchGroup(p *pool, name string) {
	s.touch(recordRef{kind: recGroup, pool: p.id, key: name})
}

// createGroup adds g; false when a group of that name exists.
func (s *Server) createGroup(p *pool, g *group) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.groups[g.Name] != nil {
		return false
	}
	p.groups[g.Name] = g
	s.touchGroup(p, g.Name)
	return true
}

// group returns a copy of the group name.
func (p *pool) group(name string) (group, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	g := p.groups[name]
	if g == nil {
		return group{}, false
	}
	return *g, true
}

// groupExists reports whether group name exists. The caller holds p.mu.
func (p *pool) groupExists(name string) bool { return p.groups[name] != nil }

// deleteGroup removes group name and every membership of it; false when there is none.
func (s *Server) deleteGroup(p *pool, name string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.groups[name] == nil {
		return false
	}
	delete(p.groups, name)
	s.touchGroup(p, name)
	s.removeGroupFromUsers(p, name)
	return true
}

// groupsNamed returns copies of the pool's groups ordered by name (only those in
// names when names != nil).
func (p *pool) groupsNamed(names []string) []group {
	p.mu.RLock()
	defer p.mu.RUnlock()
	keys := make([]string, 0, len(p.groups))
	for k := range p.groups {
		if names == nil || contains(names, k) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	out := make([]group, 0, len(keys))
	for _, k := range keys {
		out = append(out, *p.groups[k])
	}
	return out
}

func removeString(list []string, v string) []string {
	for i, x := range list {
		if x == v {
			return append(list[:i:i], list[i+1:]...)
		}
	}
	return list
}
