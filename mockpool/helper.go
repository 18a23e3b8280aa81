package mockpool

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// PoolConfig describes a pool and one app client for [Server.CreatePool]. Zero values
// get Cognito's defaults, except ExplicitAuthFlows (see below).
type PoolConfig struct {
	Name                   string   // default "mockpool"
	UsernameAttributes     []string // "email", "phone_number"
	AliasAttributes        []string // "email", "phone_number", "preferred_username"
	AutoVerifiedAttributes []string // "email", "phone_number"
	// PasswordPolicy replaces Cognito's default (8 characters, all four classes).
	PasswordPolicy *types.PasswordPolicyType
	ClientName     string // default "app"
	GenerateSecret bool
	// PreventUserExistenceErrors is "ENABLED" or "LEGACY" (the API's default).
	PreventUserExistenceErrors string
	// ExplicitAuthFlows defaults to ALLOW_USER_PASSWORD_AUTH, ALLOW_ADMIN_USER_PASSWORD_AUTH,
	// ALLOW_USER_SRP_AUTH and ALLOW_REFRESH_TOKEN_AUTH.
	ExplicitAuthFlows []string
}

// PoolInfo identifies what CreatePool made.
type PoolInfo struct {
	PoolID       string
	ClientID     string
	ClientSecret string // "" without GenerateSecret
}

// CreatePool makes a pool and an app client in one call, through the same API the SDK
// uses (CreateUserPool and CreateUserPoolClient).
func (s *Server) CreatePool(ctx context.Context, cfg PoolConfig) (PoolInfo, error) {
	c := s.Client()
	in := &cip.CreateUserPoolInput{PoolName: aws.String(cfg.Name)}
	if cfg.Name == "" {
		in.PoolName = aws.String("mockpool")
	}
	for _, a := range cfg.UsernameAttributes {
		in.UsernameAttributes = append(in.UsernameAttributes, types.UsernameAttributeType(a))
	}
	for _, a := range cfg.AliasAttributes {
		in.AliasAttributes = append(in.AliasAttributes, types.AliasAttributeType(a))
	}
	for _, a := range cfg.AutoVerifiedAttributes {
		in.AutoVerifiedAttributes = append(in.AutoVerifiedAttributes, types.VerifiedAttributeType(a))
	}
	if cfg.PasswordPolicy != nil {
		in.Policies = &types.UserPoolPolicyType{PasswordPolicy: cfg.PasswordPolicy}
	}
	pool, err := c.CreateUserPool(ctx, in)
	if err != nil {
		return PoolInfo{}, fmt.Errorf("mockpool: create pool: %w", err)
	}
	flows := cfg.ExplicitAuthFlows
	if flows == nil {
		flows = []string{"ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}
	}
	cin := &cip.CreateUserPoolClientInput{UserPoolId: pool.UserPool.Id, ClientName: aws.String(cfg.ClientName),
		GenerateSecret: cfg.GenerateSecret, PreventUserExistenceErrors: types.PreventUserExistenceErrorTypes(cfg.PreventUserExistenceErrors)}
	if cfg.ClientName == "" {
		cin.ClientName = aws.String("app")
	}
	for _, f := range flows {
		cin.ExplicitAuthFlows = append(cin.ExplicitAuthFlows, types.ExplicitAuthFlowsType(f))
	}
	cl, err := c.CreateUserPoolClient(ctx, cin)
	if err != nil {
		return PoolInfo{}, fmt.Errorf("mockpool: create app client: %w", err)
	}
	return PoolInfo{PoolID: *pool.UserPool.Id, ClientID: *cl.UserPoolClient.ClientId, ClientSecret: aws.ToString(cl.UserPoolClient.ClientSecret)}, nil
}
