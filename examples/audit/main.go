// Command audit prints the enumeration risks of a Cognito user pool and its app
// clients, and which maskedauth middleware option closes each (middleware.Audit).
//
// By default it audits a pool it builds on the embedded mock pool (package mockpool),
// offline: a pool where users sign in with a username or their email (alias), with
// one app client made through the API (so LEGACY) that allows SRP:
//
//	go run ./examples/audit
//
// With COGNITO_USER_POOL_ID and AWS_REGION set it audits that real pool instead,
// with the default AWS credentials (it needs cognito-idp:DescribeUserPool,
// ListUserPoolClients and DescribeUserPoolClient; it changes nothing).
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/mockpool"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "audit:", err)
		os.Exit(1)
	}
}

// run is main with its outside world passed in, so the example's test drives it.
func run(ctx context.Context, out io.Writer, getenv func(string) string) error {
	var client middleware.AuditAPI
	poolID, region := getenv("COGNITO_USER_POOL_ID"), getenv("AWS_REGION")
	if poolID != "" && region != "" {
		cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region))
		if err != nil {
			return fmt.Errorf("load AWS config: %w", err)
		}
		client = cip.NewFromConfig(cfg)
	} else {
		var err error
		client, poolID, err = embeddedPool(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, "(auditing a pool on the embedded mock pool; set COGNITO_USER_POOL_ID and AWS_REGION for a real one)")
	}
	report, err := middleware.Audit(ctx, client, poolID)
	if err != nil {
		return err
	}
	fmt.Fprint(out, report)
	fmt.Fprintln(out, "\nmiddleware options that describe this pool: middleware.New(append(report.Options(),")
	fmt.Fprintln(out, "    middleware.WithSecret(secret), ...the options the fixes above name...)...)")
	fmt.Fprintln(out, "or, reading the pool itself: middleware.ForPool(ctx, client, poolID, middleware.WithSecret(secret), ...)")
	return nil
}

// embeddedPool builds the example pool on a mock pool and returns its client.
func embeddedPool(ctx context.Context) (*cip.Client, string, error) {
	client := mockpool.New().Client()
	pool, err := client.CreateUserPool(ctx, &cip.CreateUserPoolInput{
		PoolName:               aws.String("audit-example"),
		AliasAttributes:        []types.AliasAttributeType{types.AliasAttributeTypeEmail},
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
		UsernameConfiguration:  &types.UsernameConfigurationType{CaseSensitive: aws.Bool(false)},
	})
	if err != nil {
		return nil, "", fmt.Errorf("create pool: %w", err)
	}
	poolID := aws.ToString(pool.UserPool.Id)
	// Made through the API without PreventUserExistenceErrors: LEGACY.
	if _, err := client.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{
		UserPoolId: aws.String(poolID), ClientName: aws.String("web"),
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
	}); err != nil {
		return nil, "", fmt.Errorf("create app client: %w", err)
	}
	if _, err := client.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{
		UserPoolId: aws.String(poolID), ClientName: aws.String("backend"), GenerateSecret: true,
		ExplicitAuthFlows:          []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
		PreventUserExistenceErrors: types.PreventUserExistenceErrorTypesEnabled,
	}); err != nil {
		return nil, "", fmt.Errorf("create app client: %w", err)
	}
	return client, poolID, nil
}
