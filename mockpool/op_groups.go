package mockpool

// Groups: CreateGroup, GetGroup, ListGroups, DeleteGroup, AdminAddUserToGroup,
// AdminRemoveUserFromGroup, AdminListGroupsForUser. A user's groups appear in the
// cognito:groups claim of its ID and access tokens.

import (
	"github.com/maskedauth/maskedauth/internal/cognito"
)

type groupInput struct {
	UserPoolID  string `json:"UserPoolId"`
	GroupName   string `json:"GroupName"`
	Username    string `json:"Username"`
	Description string `json:"Description"`
	Precedence  *int32 `json:"Precedence"`
	RoleArn     string `json:"RoleArn"`
}

func (in *groupInput) validate(v *validator) {
	validPoolID(v, in.UserPoolID)
	v.required("groupName", in.GroupName != "")
	if in.GroupName != "" {
		v.length("groupName", in.GroupName, 1, 128, false)
	}
}

// groupUserInput is the request of the operations on a user's membership.
type groupUserInput groupInput

func (in *groupUserInput) validate(v *validator) {
	(*groupInput)(in).validate(v)
	validUsername(v, in.Username)
}

// groupType is Cognito's GroupType.
type groupType struct {
	GroupName        string  `json:"GroupName"`
	UserPoolID       string  `json:"UserPoolId"`
	Description      string  `json:"Description,omitempty"`
	Precedence       *int32  `json:"Precedence,omitempty"`
	RoleArn          string  `json:"RoleArn,omitempty"`
	CreationDate     float64 `json:"CreationDate"`
	LastModifiedDate float64 `json:"LastModifiedDate"`
}

func groupTypeOf(poolID string, g *group) groupType {
	return groupType{GroupName: g.Name, UserPoolID: poolID, Description: g.Description, Precedence: g.Precedence,
		RoleArn: g.RoleArn, CreationDate: epoch(g.Created), LastModifiedDate: epoch(g.Modified)}
}

type groupOutput struct {
	Group groupType `json:"Group"`
}

type groupsOutput struct {
	Groups []groupType `json:"Groups"`
}

func groupNotFound() *apiError { return newErr(cognito.CodeResourceNotFound, cognito.MsgGroupNotFound) }

func (s *Server) opCreateGroup(r *request, in *groupInput) (*groupOutput, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	g := &group{Name: in.GroupName, Description: in.Description, Precedence: in.Precedence, RoleArn: in.RoleArn,
		Created: r.now.UnixMilli(), Modified: r.now.UnixMilli()}
	if !s.createGroup(p, g) {
		return nil, newErr(cognito.CodeGroupExists, cognito.MsgGroupExists(in.GroupName))
	}
	s.markChanged(r)
	return &groupOutput{Group: groupTypeOf(p.id, g)}, nil
}

func (s *Server) opGetGroup(r *request, in *groupInput) (*groupOutput, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	g, ok := p.group(in.GroupName)
	if !ok {
		return nil, groupNotFound()
	}
	return &groupOutput{Group: groupTypeOf(p.id, &g)}, nil
}

func (s *Server) opListGroups(r *request, in *poolIDInput) (*groupsOutput, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	return &groupsOutput{Groups: groupList(p, nil)}, nil
}

// groupList lists the pool's groups by name (only those in names when names != nil).
func groupList(p *pool, names []string) []groupType {
	gs := p.groupsNamed(names)
	out := make([]groupType, len(gs))
	for i := range gs {
		out[i] = groupTypeOf(p.id, &gs[i])
	}
	return out
}

func (s *Server) opDeleteGroup(r *request, in *groupInput) (*empty, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	if !s.deleteGroup(p, in.GroupName) {
		return nil, groupNotFound()
	}
	s.markChanged(r)
	return &empty{}, nil
}

// groupUser applies f to the user's groups once both the user and the group exist.
func (s *Server) groupUser(r *request, in *groupUserInput, f func(groups []string, g string) []string) (*empty, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	e = s.updateUser(p, byTyped(in.Username), func(u *user) *apiError {
		if u == nil {
			return newErr(cognito.CodeUserNotFound, cognito.MsgUserNotExist)
		}
		if !p.groupExists(in.GroupName) {
			return groupNotFound()
		}
		u.groups = f(u.groups, in.GroupName)
		return nil
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &empty{}, nil
}

func (s *Server) opAdminAddUserToGroup(r *request, in *groupUserInput) (*empty, *apiError) {
	return s.groupUser(r, in, func(groups []string, g string) []string {
		if contains(groups, g) {
			return groups
		}
		return append(groups[:len(groups):len(groups)], g)
	})
}

func (s *Server) opAdminRemoveUserFromGroup(r *request, in *groupUserInput) (*empty, *apiError) {
	return s.groupUser(r, in, removeString)
}

func (s *Server) opAdminListGroupsForUser(r *request, in *adminUserInput) (*groupsOutput, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	st := p.viewUser(byTyped(in.Username))
	if st == nil {
		return nil, newErr(cognito.CodeUserNotFound, cognito.MsgUserNotExist)
	}
	names := st.groups
	if names == nil {
		names = []string{}
	}
	return &groupsOutput{Groups: groupList(p, names)}, nil
}
