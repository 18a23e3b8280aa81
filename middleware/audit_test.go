package middleware_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/mockpool"
)

func riskIDs(r middleware.Report) []string {
	var ids []string
	for _, k := range r.Risks {
		id := k.ID
		if k.ClientName != "" {
			id += "@" + k.ClientName
		}
		ids = append(ids, id)
	}
	return ids
}

func TestAudit(t *testing.T) {
	tests := []struct {
		name    string
		pool    *cip.CreateUserPoolInput
		clients []*cip.CreateUserPoolClientInput
		want    []string
	}{
		{
			// (mockpool ignores AdminCreateUserConfig: admin-only pools are tested with pagedAudit.)
			name: "email as username, ENABLED, case-insensitive",
			pool: &cip.CreateUserPoolInput{UsernameAttributes: []types.UsernameAttributeType{types.UsernameAttributeTypeEmail},
				UsernameConfiguration: &types.UsernameConfigurationType{CaseSensitive: aws.Bool(false)}},
			clients: []*cip.CreateUserPoolClientInput{{ClientName: aws.String("api"), PreventUserExistenceErrors: types.PreventUserExistenceErrorTypesEnabled,
				ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}}},
			want: []string{"signup-exists", "unconfirmed", "disabled", "admin-operations"},
		},
		{
			// Plain usernames: a real user's USER_ID_FOR_SRP is the username, an unknown
			// one's a UUID, alias or not.
			name: "plain usernames, ENABLED, SRP",
			pool: &cip.CreateUserPoolInput{UsernameConfiguration: &types.UsernameConfigurationType{CaseSensitive: aws.Bool(false)}},
			clients: []*cip.CreateUserPoolClientInput{{ClientName: aws.String("web"), PreventUserExistenceErrors: types.PreventUserExistenceErrorTypesEnabled,
				ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}}},
			want: []string{"srp-user-id@web", "signup-exists", "unconfirmed", "disabled", "admin-operations"},
		},
		{
			name: "alias pool, two clients",
			pool: &cip.CreateUserPoolInput{AliasAttributes: []types.AliasAttributeType{types.AliasAttributeTypeEmail}},
			clients: []*cip.CreateUserPoolClientInput{
				{ClientName: aws.String("spa")}, // API default: LEGACY, default flows (SRP, custom auth)
				{ClientName: aws.String("backend"), PreventUserExistenceErrors: types.PreventUserExistenceErrorTypesEnabled,
					ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}},
			},
			want: []string{"legacy-client@spa", "srp-user-id@spa", "signup-exists", "custom-auth@spa", "unconfirmed", "alias-exists",
				"disabled", "case-sensitive", "admin-operations"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mockpool.New(mockpool.WithTestSigningKey())
			c := s.Client()
			tt.pool.PoolName = aws.String("p")
			po, err := c.CreateUserPool(bg, tt.pool)
			if err != nil {
				t.Fatal(err)
			}
			id := aws.ToString(po.UserPool.Id)
			for _, in := range tt.clients {
				in.UserPoolId = aws.String(id)
				if _, err := c.CreateUserPoolClient(bg, in); err != nil {
					t.Fatal(err)
				}
			}
			rep, err := middleware.Audit(bg, c, id)
			if err != nil {
				t.Fatal(err)
			}
			if got := riskIDs(rep); !slices.Equal(got, tt.want) {
				t.Errorf("risks %v\nwant  %v\n%s", got, tt.want, rep)
			}
			if len(rep.Clients) != len(tt.clients) {
				t.Errorf("%d clients, want %d", len(rep.Clients), len(tt.clients))
			}
			for _, k := range rep.Risks {
				if k.Summary == "" || k.Fix == "" || !strings.Contains(rep.String(), "["+k.Severity.String()+"] "+k.ID) {
					t.Errorf("risk %s incomplete or missing from String", k.ID)
				}
			}
		})
	}
}

// pagedAudit serves two pages of clients and can fail.
type pagedAudit struct {
	failAt string
}

func (p pagedAudit) DescribeUserPool(_ context.Context, in *cip.DescribeUserPoolInput, _ ...func(*cip.Options)) (*cip.DescribeUserPoolOutput, error) {
	if p.failAt == "pool" {
		return nil, errors.New("boom")
	}
	return &cip.DescribeUserPoolOutput{UserPool: &types.UserPoolType{Id: in.UserPoolId, Name: aws.String("paged"),
		UsernameConfiguration:  &types.UsernameConfigurationType{CaseSensitive: aws.Bool(false)},
		AdminCreateUserConfig:  &types.AdminCreateUserConfigType{AllowAdminCreateUserOnly: true},
		AutoVerifiedAttributes: []types.VerifiedAttributeType{"phone_number"}}}, nil
}

func (p pagedAudit) ListUserPoolClients(_ context.Context, in *cip.ListUserPoolClientsInput, _ ...func(*cip.Options)) (*cip.ListUserPoolClientsOutput, error) {
	if aws.ToString(in.NextToken) == "" {
		return &cip.ListUserPoolClientsOutput{UserPoolClients: []types.UserPoolClientDescription{{ClientId: aws.String("c1")}}, NextToken: aws.String("page2")}, nil
	}
	return &cip.ListUserPoolClientsOutput{UserPoolClients: []types.UserPoolClientDescription{{ClientId: aws.String("c2")}}}, nil
}

func (p pagedAudit) DescribeUserPoolClient(_ context.Context, in *cip.DescribeUserPoolClientInput, _ ...func(*cip.Options)) (*cip.DescribeUserPoolClientOutput, error) {
	if p.failAt == aws.ToString(in.ClientId) {
		return nil, errors.New("boom")
	}
	return &cip.DescribeUserPoolClientOutput{UserPoolClient: &types.UserPoolClientType{ClientId: in.ClientId, ClientName: in.ClientId,
		PreventUserExistenceErrors: types.PreventUserExistenceErrorTypesEnabled, ExplicitAuthFlows: []types.ExplicitAuthFlowsType{"ALLOW_USER_PASSWORD_AUTH"}}}, nil
}

func TestAuditPagesAndErrors(t *testing.T) {
	rep, err := middleware.Audit(bg, pagedAudit{}, "us-east-1_Paged")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Clients) != 2 || rep.Clients[1].ID != "c2" {
		t.Errorf("clients %+v", rep.Clients)
	}
	if len(rep.Options()) != 2 { // WithUserPool, WithNormalize
		t.Errorf("%d options", len(rep.Options()))
	}
	// Admin-only sign-up, ENABLED clients without SRP: only what no setting avoids.
	if got := riskIDs(rep); !slices.Equal(got, []string{"disabled", "admin-operations"}) {
		t.Errorf("risks %v", got)
	}
	for _, at := range []string{"pool", "c2"} {
		if _, err := middleware.Audit(bg, pagedAudit{failAt: at}, "us-east-1_Paged"); err == nil || !strings.HasPrefix(err.Error(), "middleware: audit:") {
			t.Errorf("failAt %s: err = %v", at, err)
		}
	}
}
