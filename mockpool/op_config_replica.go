package mockpool

// User pool replicas: CreateUserPoolReplica, DeleteUserPoolReplica,
// ListUserPoolReplicas, UpdateUserPoolReplica. ListUserPoolReplicas lists the
// pool's own region first, as the PRIMARY (inferred).
//
// Not acted on: no other region exists. Nothing is replicated, the replica's ARN
// names no pool this server serves, and a replica's Status (INACTIVE at once,
// where Cognito passes through CREATING; ACTIVE after UpdateUserPoolReplica)
// changes no answer. UserPoolTags are stored only.

import (
	"regexp"
	"strings"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

var regionPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`) // inferred

// userPoolReplica is a replica as stored: UserPoolReplicaType plus its tags.
type userPoolReplica struct {
	RegionName   string            `json:"RegionName"`
	Role         string            `json:"Role"`
	Status       string            `json:"Status"`
	UserPoolArn  string            `json:"UserPoolArn"`
	UserPoolTags map[string]string `json:"tags,omitempty"`
}

type userPoolReplicaType struct {
	RegionName  string `json:"RegionName"`
	Role        string `json:"Role"`
	Status      string `json:"Status"`
	UserPoolArn string `json:"UserPoolArn"`
}

func (r *userPoolReplica) wire() userPoolReplicaType {
	return userPoolReplicaType{RegionName: r.RegionName, Role: r.Role, Status: r.Status, UserPoolArn: r.UserPoolArn}
}

type userPoolReplicaOutput struct {
	UserPoolReplica userPoolReplicaType `json:"UserPoolReplica"`
}

type replicaInput struct {
	UserPoolId   string            `json:"UserPoolId"`
	RegionName   string            `json:"RegionName"`
	Status       string            `json:"Status"`
	UserPoolTags map[string]string `json:"UserPoolTags"`
}

func validRegion(v *validator, region string) {
	v.required("regionName", region != "")
	if region != "" {
		v.length("regionName", region, 1, 32, false)
		validPattern(v, "regionName", region, regionPattern, `[a-z]{2}(-[a-z]+)+-[0-9]+`)
	}
}

type createUserPoolReplicaInput replicaInput

func (in *createUserPoolReplicaInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	validRegion(v, in.RegionName)
}

// replicaArn is the pool's ARN in another region.
func replicaArn(p *pool, region string) string {
	parts := strings.SplitN(p.arn, ":", 5)
	if len(parts) < 5 {
		return p.arn
	}
	parts[3] = region
	return strings.Join(parts, ":")
}

func (s *Server) primaryReplica(p *pool) userPoolReplica {
	return userPoolReplica{RegionName: s.region, Role: "PRIMARY", Status: "ACTIVE", UserPoolArn: p.arn}
}

func (s *Server) opCreateUserPoolReplica(r *request, in *createUserPoolReplicaInput) (*userPoolReplicaOutput, *apiError) {
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	if in.RegionName == s.region {
		return nil, invalidParam(cognito.MsgReplicaPrimaryRegion)
	}
	rep := userPoolReplica{RegionName: in.RegionName, Role: "SECONDARY", Status: "INACTIVE", UserPoolArn: replicaArn(p, in.RegionName), UserPoolTags: in.UserPoolTags}
	e = s.configTx(p, func(tx *configTx) *apiError {
		key := cfgKey(cfgReplica, in.RegionName)
		if tx.has(key) {
			return invalidParam(cognito.MsgReplicaExists(in.RegionName))
		}
		return tx.put(key, rep)
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &userPoolReplicaOutput{UserPoolReplica: rep.wire()}, nil
}

type deleteUserPoolReplicaInput replicaInput

func (in *deleteUserPoolReplicaInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	validRegion(v, in.RegionName)
}

func (s *Server) opDeleteUserPoolReplica(r *request, in *deleteUserPoolReplicaInput) (*userPoolReplicaOutput, *apiError) {
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	if in.RegionName == s.region {
		return nil, invalidParam(cognito.MsgReplicaPrimaryRegion)
	}
	var rep userPoolReplica
	e = s.configTx(p, func(tx *configTx) *apiError {
		key := cfgKey(cfgReplica, in.RegionName)
		if !tx.get(key, &rep) {
			return notFound(cognito.MsgReplicaNotFound)
		}
		tx.remove(key)
		return nil
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	rep.Status = "DELETING"
	return &userPoolReplicaOutput{UserPoolReplica: rep.wire()}, nil
}

type updateUserPoolReplicaInput replicaInput

func (in *updateUserPoolReplicaInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	validRegion(v, in.RegionName)
	v.required("status", in.Status != "")
	if in.Status != "" {
		v.enum("status", in.Status, []string{"ACTIVE", "INACTIVE"})
	}
}

func (s *Server) opUpdateUserPoolReplica(r *request, in *updateUserPoolReplicaInput) (*userPoolReplicaOutput, *apiError) {
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	if in.RegionName == s.region {
		return nil, invalidParam(cognito.MsgReplicaPrimaryRegion)
	}
	var rep userPoolReplica
	e = s.configTx(p, func(tx *configTx) *apiError {
		key := cfgKey(cfgReplica, in.RegionName)
		if !tx.get(key, &rep) {
			return notFound(cognito.MsgReplicaNotFound)
		}
		rep.Status = in.Status
		return tx.put(key, rep)
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &userPoolReplicaOutput{UserPoolReplica: rep.wire()}, nil
}

type listUserPoolReplicasInput struct {
	UserPoolId string `json:"UserPoolId"`
	NextToken  string `json:"NextToken"`
}

func (in *listUserPoolReplicasInput) validate(v *validator) { validPoolID(v, in.UserPoolId) }

type listUserPoolReplicasOutput struct {
	UserPoolReplicas []userPoolReplicaType `json:"UserPoolReplicas"`
	NextToken        string                `json:"NextToken,omitempty"`
}

func (s *Server) opListUserPoolReplicas(_ *request, in *listUserPoolReplicasInput) (*listUserPoolReplicasOutput, *apiError) {
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	all := append([]userPoolReplica{s.primaryReplica(p)}, configList[userPoolReplica](s, p, cfgReplica)...)
	page, next, e := paginate(all, 0, 60, in.NextToken)
	if e != nil {
		return nil, e
	}
	out := &listUserPoolReplicasOutput{UserPoolReplicas: []userPoolReplicaType{}, NextToken: next}
	for i := range page {
		out.UserPoolReplicas = append(out.UserPoolReplicas, page[i].wire())
	}
	return out, nil
}
