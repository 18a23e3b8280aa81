package middleware

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// PoolDescriber is what ForPool calls: *cognitoidentityprovider.Client implements
// it. The caller needs cognito-idp:DescribeUserPool.
type PoolDescriber interface {
	DescribeUserPool(ctx context.Context, in *cip.DescribeUserPoolInput, optFns ...func(*cip.Options)) (*cip.DescribeUserPoolOutput, error)
}

// NormalizeCaseSensitive is the Normalize of a case-sensitive pool: names are
// compared as typed ("Alice" and "alice" are two accounts).
func NormalizeCaseSensitive(username string) string { return username }

// NormalizeCaseInsensitive is the Normalize of a case-insensitive pool
// (UsernameConfiguration CaseSensitive false): names are compared in lower case, as
// the pool (and the mock pool) compares them.
func NormalizeCaseInsensitive(username string) string { return strings.ToLower(username) }

// ForPool reads the pool's facts with DescribeUserPool and returns a Masker for it,
// configured by opts and those facts: how it compares usernames
// (UsernameConfiguration.CaseSensitive; a pool without UsernameConfiguration is case
// sensitive), its UsernameAttributes and AliasAttributes, and its
// AutoVerifiedAttributes. The facts are applied after opts, so no option can
// contradict the pool (a Normalize that disagrees with it would make an oracle).
//
//	m, err := middleware.ForPool(ctx, client, poolID, middleware.WithSecret(secret))
//	client := cognitoidentityprovider.NewFromConfig(cfg, m.ClientOption())
func ForPool(ctx context.Context, client PoolDescriber, poolID string, opts ...Option) (*Masker, error) {
	if client == nil {
		return nil, fmt.Errorf("middleware: for pool: nil client")
	}
	out, err := client.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: aws.String(poolID)})
	if err != nil {
		return nil, fmt.Errorf("middleware: for pool: describe user pool: %w", err)
	}
	if out == nil || out.UserPool == nil {
		return nil, fmt.Errorf("middleware: for pool: describe user pool: empty answer")
	}
	var o Options
	for _, fn := range opts {
		if fn != nil {
			fn(&o)
		}
	}
	poolFacts(out.UserPool, poolID)(&o)
	return newMasker(o)
}

// poolFacts returns the Option that states what DescribeUserPool says of a pool.
func poolFacts(up *types.UserPoolType, poolID string) Option {
	return func(o *Options) {
		o.UserPoolID = poolID
		o.AutoVerifiedAttributes = nil
		for _, a := range up.AutoVerifiedAttributes {
			o.AutoVerifiedAttributes = append(o.AutoVerifiedAttributes, string(a))
		}
		o.UsernameAttributes = nil
		for _, a := range up.UsernameAttributes {
			o.UsernameAttributes = append(o.UsernameAttributes, string(a))
		}
		o.AliasAttributes = nil
		for _, a := range up.AliasAttributes {
			o.AliasAttributes = append(o.AliasAttributes, string(a))
		}
		if up.UsernameConfiguration == nil || aws.ToBool(up.UsernameConfiguration.CaseSensitive) {
			o.Normalize = NormalizeCaseSensitive
		} else {
			o.Normalize = NormalizeCaseInsensitive
		}
	}
}
