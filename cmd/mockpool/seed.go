package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/mockpool"
)

// seedFile is the -seed format: pools with their app clients and users, created
// through the Cognito API at start. A pool (or client) whose name already exists,
// say from -state, is reused rather than created again.
//
//	{"pools": [{
//	  "name": "demo",
//	  "usernameAttributes": ["email"],
//	  "aliasAttributes": [],
//	  "autoVerifiedAttributes": ["email"],
//	  "schema": [{"Name": "tier", "AttributeDataType": "String", "Mutable": true}],
//	  "clients": [{"name": "web", "preventUserExistenceErrors": "ENABLED",
//	               "explicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
//	               "generateSecret": false}],
//	  "users": [{"username": "alice@example.com", "password": "Passw0rd!",
//	             "attributes": {"email": "alice@example.com", "email_verified": "true"}}]
//	}]}
type seedFile struct {
	Pools []seedPool `json:"pools"`
}

type seedPool struct {
	Name                   string       `json:"name"`
	UsernameAttributes     []string     `json:"usernameAttributes,omitempty"`
	AliasAttributes        []string     `json:"aliasAttributes,omitempty"`
	AutoVerifiedAttributes []string     `json:"autoVerifiedAttributes,omitempty"`
	Clients                []seedClient `json:"clients"`
	Users                  []seedUser   `json:"users,omitempty"`

	// Schema is CreateUserPool's Schema (SchemaAttributeType): the custom
	// attributes users may have ("tier" declares custom:tier).
	Schema []types.SchemaAttributeType `json:"schema,omitempty"`
}

type seedClient struct {
	Name                       string   `json:"name"`
	PreventUserExistenceErrors string   `json:"preventUserExistenceErrors,omitempty"`
	ExplicitAuthFlows          []string `json:"explicitAuthFlows,omitempty"`
	GenerateSecret             bool     `json:"generateSecret,omitempty"`
}

type seedUser struct {
	Username   string            `json:"username"`
	Password   string            `json:"password"`
	Attributes map[string]string `json:"attributes,omitempty"`
}

// allFlows is what the -pool client allows: every flow a newcomer may try.
var allFlows = []string{"ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}

func loadSeed(cfg config) (seedFile, error) {
	var sf seedFile
	if cfg.seedPath != "" {
		data, err := os.ReadFile(cfg.seedPath)
		if err != nil {
			return sf, fmt.Errorf("read -seed: %w", err)
		}
		if err := json.Unmarshal(data, &sf); err != nil {
			return sf, fmt.Errorf("parse -seed %s: %w", cfg.seedPath, err)
		}
	}
	if cfg.poolName != "" {
		mode := "ENABLED"
		if cfg.legacy {
			mode = "LEGACY"
		}
		sf.Pools = append(sf.Pools, seedPool{
			Name:                   cfg.poolName,
			AutoVerifiedAttributes: []string{"email"},
			Clients:                []seedClient{{Name: cfg.poolName + "-client", PreventUserExistenceErrors: mode, ExplicitAuthFlows: allFlows}},
		})
	}
	return sf, nil
}

// seed creates what -seed and -pool ask for and prints one line per pool and client:
//
//	pool demo us-east-1_AbC123def
//	client demo demo-client 1h2i3j4k5l6m7n8o9p0q1r2s3t
func seed(ctx context.Context, srv *mockpool.Server, cfg config, out io.Writer) error {
	sf, err := loadSeed(cfg)
	if err != nil {
		return err
	}
	if len(sf.Pools) == 0 {
		return nil
	}
	c := srv.Client()
	for _, p := range sf.Pools {
		poolID, err := ensurePool(ctx, c, p)
		if err != nil {
			return fmt.Errorf("seed pool %q: %w", p.Name, err)
		}
		fmt.Fprintf(out, "pool %s %s\n", p.Name, poolID)
		for _, sc := range p.Clients {
			clientID, secret, err := ensureClient(ctx, c, poolID, sc)
			if err != nil {
				return fmt.Errorf("seed client %q: %w", sc.Name, err)
			}
			if secret != "" {
				fmt.Fprintf(out, "client %s %s %s secret %s\n", p.Name, sc.Name, clientID, secret)
			} else {
				fmt.Fprintf(out, "client %s %s %s\n", p.Name, sc.Name, clientID)
			}
		}
		for _, u := range p.Users {
			if err := ensureUser(ctx, c, poolID, u); err != nil {
				return fmt.Errorf("seed user %q of pool %q: %w", u.Username, p.Name, err)
			}
		}
	}
	return nil
}

func ensurePool(ctx context.Context, c *cip.Client, p seedPool) (string, error) {
	pager := cip.NewListUserPoolsPaginator(c, &cip.ListUserPoolsInput{MaxResults: aws.Int32(60)})
	for pager.HasMorePages() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return "", err
		}
		for _, d := range page.UserPools {
			if aws.ToString(d.Name) == p.Name {
				return aws.ToString(d.Id), nil
			}
		}
	}
	in := &cip.CreateUserPoolInput{PoolName: aws.String(p.Name), Schema: p.Schema}
	for _, a := range p.UsernameAttributes {
		in.UsernameAttributes = append(in.UsernameAttributes, types.UsernameAttributeType(a))
	}
	for _, a := range p.AliasAttributes {
		in.AliasAttributes = append(in.AliasAttributes, types.AliasAttributeType(a))
	}
	for _, a := range p.AutoVerifiedAttributes {
		in.AutoVerifiedAttributes = append(in.AutoVerifiedAttributes, types.VerifiedAttributeType(a))
	}
	out, err := c.CreateUserPool(ctx, in)
	if err != nil {
		return "", err
	}
	return aws.ToString(out.UserPool.Id), nil
}

func ensureClient(ctx context.Context, c *cip.Client, poolID string, sc seedClient) (id, secret string, err error) {
	list, err := c.ListUserPoolClients(ctx, &cip.ListUserPoolClientsInput{UserPoolId: aws.String(poolID), MaxResults: aws.Int32(60)})
	if err != nil {
		return "", "", err
	}
	for _, d := range list.UserPoolClients {
		if aws.ToString(d.ClientName) == sc.Name {
			desc, err := c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(poolID), ClientId: d.ClientId})
			if err != nil {
				return "", "", err
			}
			return aws.ToString(d.ClientId), aws.ToString(desc.UserPoolClient.ClientSecret), nil
		}
	}
	in := &cip.CreateUserPoolClientInput{
		UserPoolId:     aws.String(poolID),
		ClientName:     aws.String(sc.Name),
		GenerateSecret: sc.GenerateSecret,
	}
	if sc.PreventUserExistenceErrors != "" {
		in.PreventUserExistenceErrors = types.PreventUserExistenceErrorTypes(sc.PreventUserExistenceErrors)
	}
	for _, f := range sc.ExplicitAuthFlows {
		in.ExplicitAuthFlows = append(in.ExplicitAuthFlows, types.ExplicitAuthFlowsType(f))
	}
	out, err := c.CreateUserPoolClient(ctx, in)
	if err != nil {
		return "", "", err
	}
	return aws.ToString(out.UserPoolClient.ClientId), aws.ToString(out.UserPoolClient.ClientSecret), nil
}

// ensureUser creates a confirmed user with a permanent password, unless the
// username is taken already.
func ensureUser(ctx context.Context, c *cip.Client, poolID string, u seedUser) error {
	if _, err := c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: aws.String(poolID), Username: aws.String(u.Username)}); err == nil {
		return nil
	}
	in := &cip.AdminCreateUserInput{
		UserPoolId:    aws.String(poolID),
		Username:      aws.String(u.Username),
		MessageAction: types.MessageActionTypeSuppress,
	}
	for k, v := range u.Attributes {
		in.UserAttributes = append(in.UserAttributes, types.AttributeType{Name: aws.String(k), Value: aws.String(v)})
	}
	if _, err := c.AdminCreateUser(ctx, in); err != nil {
		return err
	}
	_, err := c.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{
		UserPoolId: aws.String(poolID), Username: aws.String(u.Username), Password: aws.String(u.Password), Permanent: true,
	})
	return err
}
