package mockpool

// Groups: CreateGroup, GetGroup, ListGroups, DeleteGroup, AdminAddUserToGroup,
// AdminRemoveUserFromGroup, AdminListGroupsForUser. A user's groups appear in the
// cognito:groups claim of its ID and access tokens.

import (
	"encoding/base64"
	"strconv"

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

// updateGroupInput is UpdateGroup's request: a member left out keeps its value
// (UpdateGroup changes only what it is given, unlike UpdateUserPool).
type updateGroupInput struct {
	UserPoolID  string  `json:"UserPoolId"`
	GroupName   string  `json:"GroupName"`
	Description *string `json:"Description"`
	Precedence  *int32  `json:"Precedence"`
	RoleArn     *string `json:"RoleArn"`
}

func (in *updateGroupInput) validate(v *validator) {
	(&groupInput{UserPoolID: in.UserPoolID, GroupName: in.GroupName}).validate(v)
	if in.Description != nil {
		v.length("description", *in.Description, 0, 2048, false)
	}
	if in.RoleArn != nil {
		v.length("roleArn", *in.RoleArn, 20, 2048, false)
	}
	if in.Precedence != nil && *in.Precedence < 0 {
		v.add("Value '" + strconv.Itoa(int(*in.Precedence)) + "' at 'precedence' failed to satisfy constraint: Member must have value greater than or equal to 0")
	}
}

func (s *Server) opUpdateGroup(r *request, in *updateGroupInput) (*groupOutput, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	g, ok := s.updateGroup(p, in.GroupName, func(g *group) {
		if in.Description != nil {
			g.Description = *in.Description
		}
		if in.Precedence != nil {
			n := *in.Precedence
			g.Precedence = &n
		}
		if in.RoleArn != nil {
			g.RoleArn = *in.RoleArn
		}
		g.Modified = r.now.UnixMilli()
	})
	if !ok {
		return nil, groupNotFound()
	}
	s.markChanged(r)
	return &groupOutput{Group: groupTypeOf(p.id, &g)}, nil
}

type listUsersInGroupInput struct {
	UserPoolID string `json:"UserPoolId"`
	GroupName  string `json:"GroupName"`
	Limit      *int32 `json:"Limit"`
	NextToken  string `json:"NextToken"`
}

func (in *listUsersInGroupInput) validate(v *validator) {
	(&groupInput{UserPoolID: in.UserPoolID, GroupName: in.GroupName}).validate(v)
	if in.Limit != nil && (*in.Limit < 0 || *in.Limit > 60) {
		v.add("Value '" + strconv.Itoa(int(*in.Limit)) + "' at 'limit' failed to satisfy constraint: Member must have value " +
			map[bool]string{true: "greater than or equal to 0", false: "less than or equal to 60"}[*in.Limit < 0])
	}
}

type listUsersInGroupOutput struct {
	Users     []userType `json:"Users"`
	NextToken string     `json:"NextToken,omitempty"`
}

// opListUsersInGroup lists the group's members by username, Limit (default and
// most 60) at a time; NextToken is opaque (the last username's key, encoded).
func (s *Server) opListUsersInGroup(r *request, in *listUsersInGroupInput) (*listUsersInGroupOutput, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	limit := 60
	if in.Limit != nil && *in.Limit > 0 {
		limit = int(*in.Limit)
	}
	after := ""
	if in.NextToken != "" {
		b, err := base64.RawURLEncoding.DecodeString(in.NextToken)
		if err != nil || len(b) == 0 {
			return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgInvalidNextToken)
		}
		after = string(b)
	}
	members, next, ok := p.groupMembers(in.GroupName, after, limit)
	if !ok {
		return nil, groupNotFound()
	}
	out := &listUsersInGroupOutput{Users: make([]userType, 0, len(members))}
	for _, v := range members {
		out.Users = append(out.Users, userTypeOf(v))
	}
	if next != "" {
		out.NextToken = base64.RawURLEncoding.EncodeToString([]byte(next))
	}
	return out, nil
}
