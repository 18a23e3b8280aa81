package mockpool

// Groups: CreateGroup, GetGroup, ListGroups, DeleteGroup, AdminAddUserToGroup,
// AdminRemoveUserFromGroup, AdminListGroupsForUser. A user's groups appear in the
// cognito:groups claim of its ID and access tokens.

import (
	"sort"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

func init() {
	registerOps(map[string]opHandler{
		cognito.OpCreateGroup:              (*Server).opCreateGroup,
		cognito.OpGetGroup:                 (*Server).opGetGroup,
		cognito.OpListGroups:               (*Server).opListGroups,
		cognito.OpDeleteGroup:              (*Server).opDeleteGroup,
		cognito.OpAdminAddUserToGroup:      (*Server).opAdminAddUserToGroup,
		cognito.OpAdminRemoveUserFromGroup: (*Server).opAdminRemoveUserFromGroup,
		cognito.OpAdminListGroupsForUser:   (*Server).opAdminListGroupsForUser,
	})
}

// group is a group of a pool (persisted as is).
type group struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Precedence  *int32 `json:"precedence,omitempty"`
	RoleArn     string `json:"roleArn,omitempty"`
	Created     int64  `json:"created"`
	Modified    int64  `json:"modified"`
}

type groupInput struct {
	UserPoolID  string `json:"UserPoolId"`
	GroupName   string `json:"GroupName"`
	Username    string `json:"Username"`
	Description string `json:"Description"`
	Precedence  *int32 `json:"Precedence"`
	RoleArn     string `json:"RoleArn"`
}

func (s *Server) groupRequest(r *request, needUser bool) (*groupInput, *pool, *apiError) {
	var in groupInput
	if e := decode(r.body, &in); e != nil {
		return nil, nil, e
	}
	var v validator
	validPoolID(&v, in.UserPoolID)
	v.required("groupName", in.GroupName != "")
	if in.GroupName != "" {
		v.length("groupName", in.GroupName, 1, 128, false)
	}
	if needUser {
		validUsername(&v, in.Username)
	}
	if e := v.err(); e != nil {
		return nil, nil, e
	}
	p, e := s.getPool(in.UserPoolID)
	return &in, p, e
}

func groupType(poolID string, g *group) map[string]any {
	out := map[string]any{"GroupName": g.Name, "UserPoolId": poolID, "CreationDate": epoch(g.Created), "LastModifiedDate": epoch(g.Modified)}
	if g.Description != "" {
		out["Description"] = g.Description
	}
	if g.Precedence != nil {
		out["Precedence"] = *g.Precedence
	}
	if g.RoleArn != "" {
		out["RoleArn"] = g.RoleArn
	}
	return out
}

func groupNotFound() *apiError { return newErr(cognito.CodeResourceNotFound, cognito.MsgGroupNotFound) }

func (s *Server) opCreateGroup(r *request) (any, *apiError) {
	in, p, e := s.groupRequest(r, false)
	if e != nil {
		return nil, e
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.groups[in.GroupName] != nil {
		return nil, newErr(cognito.CodeGroupExists, cognito.MsgGroupExists(in.GroupName))
	}
	g := &group{Name: in.GroupName, Description: in.Description, Precedence: in.Precedence, RoleArn: in.RoleArn,
		Created: r.now.UnixMilli(), Modified: r.now.UnixMilli()}
	p.groups[g.Name] = g
	s.markChanged(r)
	return map[string]any{"Group": groupType(p.id, g)}, nil
}

func (s *Server) opGetGroup(r *request) (any, *apiError) {
	in, p, e := s.groupRequest(r, false)
	if e != nil {
		return nil, e
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	g := p.groups[in.GroupName]
	if g == nil {
		return nil, groupNotFound()
	}
	return map[string]any{"Group": groupType(p.id, g)}, nil
}

func (s *Server) opListGroups(r *request) (any, *apiError) {
	var in poolIDInput
	if e := decode(r.body, &in); e != nil {
		return nil, e
	}
	p, e := s.poolFor(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	return map[string]any{"Groups": p.groupList(nil)}, nil
}

// groupList lists the pool's groups by name (only those in names when names != nil).
// The caller holds p.mu.
func (p *pool) groupList(names []string) []map[string]any {
	out := []map[string]any{}
	keys := make([]string, 0, len(p.groups))
	for k := range p.groups {
		if names == nil || contains(names, k) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		out = append(out, groupType(p.id, p.groups[k]))
	}
	return out
}

func (s *Server) opDeleteGroup(r *request) (any, *apiError) {
	in, p, e := s.groupRequest(r, false)
	if e != nil {
		return nil, e
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.groups[in.GroupName] == nil {
		return nil, groupNotFound()
	}
	delete(p.groups, in.GroupName)
	for _, u := range p.users {
		u.groups = removeString(u.groups, in.GroupName)
	}
	s.markChanged(r)
	return empty{}, nil
}

func removeString(list []string, v string) []string {
	for i, x := range list {
		if x == v {
			return append(list[:i:i], list[i+1:]...)
		}
	}
	return list
}

func (s *Server) groupUser(r *request, f func(p *pool, u *user, g string)) (any, *apiError) {
	in, p, e := s.groupRequest(r, true)
	if e != nil {
		return nil, e
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	u := p.lookup(in.Username)
	if u == nil {
		return nil, newErr(cognito.CodeUserNotFound, cognito.MsgUserNotExist)
	}
	if p.groups[in.GroupName] == nil {
		return nil, groupNotFound()
	}
	f(p, u, in.GroupName)
	s.markChanged(r)
	return empty{}, nil
}

func (s *Server) opAdminAddUserToGroup(r *request) (any, *apiError) {
	return s.groupUser(r, func(p *pool, u *user, g string) {
		if !contains(u.groups, g) {
			u.groups = append(u.groups[:len(u.groups):len(u.groups)], g)
		}
	})
}

func (s *Server) opAdminRemoveUserFromGroup(r *request) (any, *apiError) {
	return s.groupUser(r, func(p *pool, u *user, g string) { u.groups = removeString(u.groups, g) })
}

func (s *Server) opAdminListGroupsForUser(r *request) (any, *apiError) {
	return s.withUser(r, func(p *pool, u *user, in *adminUserInput) (any, *apiError) {
		names := u.groups
		if names == nil {
			names = []string{}
		}
		return map[string]any{"Groups": p.groupList(names)}, nil
	})
}
