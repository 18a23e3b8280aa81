package mockpool_test

import (
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

func TestPoolAndClientLifecycle(t *testing.T) {
	_, c, _ := newServer(t)
	out, err := c.CreateUserPool(ctx, &cip.CreateUserPoolInput{
		PoolName:               aws.String("p"),
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
		AliasAttributes:        []types.AliasAttributeType{types.AliasAttributeTypeEmail},
		Policies:               &types.UserPoolPolicyType{PasswordPolicy: &types.PasswordPolicyType{MinimumLength: aws.Int32(10), RequireNumbers: true}},
		LambdaConfig:           &types.LambdaConfigType{PreSignUp: aws.String("arn:aws:lambda:us-east-1:123456789012:function:x")},
	})
	noErr(t, err)
	id := *out.UserPool.Id
	if !regexp.MustCompile(`^us-east-1_[A-Za-z0-9]{9}$`).MatchString(id) {
		t.Fatalf("pool id %q", id)
	}
	d, err := c.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &id})
	noErr(t, err)
	if *d.UserPool.Policies.PasswordPolicy.MinimumLength != 10 || !d.UserPool.Policies.PasswordPolicy.RequireNumbers ||
		d.UserPool.AliasAttributes[0] != types.AliasAttributeTypeEmail || aws.ToString(d.UserPool.LambdaConfig.PreSignUp) == "" ||
		d.UserPool.CreationDate == nil || d.UserPool.CreationDate.Year() != 2026 {
		t.Fatalf("describe: %+v", d.UserPool)
	}
	l, err := c.ListUserPools(ctx, &cip.ListUserPoolsInput{MaxResults: aws.Int32(10)})
	noErr(t, err)
	if len(l.UserPools) != 1 || *l.UserPools[0].Id != id {
		t.Fatalf("list: %+v", l.UserPools)
	}

	cl, err := c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: &id, ClientName: aws.String("app"), GenerateSecret: true})
	noErr(t, err)
	u := cl.UserPoolClient
	if !regexp.MustCompile(`^[a-z0-9]{26}$`).MatchString(*u.ClientId) || len(aws.ToString(u.ClientSecret)) < 40 ||
		u.PreventUserExistenceErrors != types.PreventUserExistenceErrorTypesLegacy || *u.AccessTokenValidity != 60 ||
		u.TokenValidityUnits.AccessToken != types.TimeUnitsTypeMinutes || u.RefreshTokenValidity != 30 {
		t.Fatalf("client: %+v", u)
	}
	up, err := c.UpdateUserPoolClient(ctx, &cip.UpdateUserPoolClientInput{UserPoolId: &id, ClientId: u.ClientId,
		PreventUserExistenceErrors: types.PreventUserExistenceErrorTypesEnabled, ExplicitAuthFlows: []types.ExplicitAuthFlowsType{"ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}})
	noErr(t, err)
	if up.UserPoolClient.PreventUserExistenceErrors != types.PreventUserExistenceErrorTypesEnabled || *up.UserPoolClient.ClientSecret != *u.ClientSecret {
		t.Fatalf("update: %+v", up.UserPoolClient)
	}
	dc, err := c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: &id, ClientId: u.ClientId})
	noErr(t, err)
	if dc.UserPoolClient.ExplicitAuthFlows[0] != "ALLOW_USER_PASSWORD_AUTH" {
		t.Fatalf("describe client: %+v", dc.UserPoolClient)
	}
	_, err = c.DeleteUserPoolClient(ctx, &cip.DeleteUserPoolClientInput{UserPoolId: &id, ClientId: u.ClientId})
	noErr(t, err)
	_, err = c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: &id, ClientId: u.ClientId})
	apiErr(t, err, "ResourceNotFoundException", "User pool client "+*u.ClientId+" does not exist.")
	_, err = c.DeleteUserPool(ctx, &cip.DeleteUserPoolInput{UserPoolId: &id})
	noErr(t, err)
	_, err = c.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &id})
	apiErr(t, err, "ResourceNotFoundException", "User pool "+id+" does not exist.")
}

func TestPoolValidation(t *testing.T) {
	_, c, _ := newServer(t)
	_, err := c.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("p"),
		AliasAttributes:    []types.AliasAttributeType{types.AliasAttributeTypeEmail},
		UsernameAttributes: []types.UsernameAttributeType{types.UsernameAttributeTypeEmail}})
	apiErr(t, err, "InvalidParameterException", "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.")
	_, err = c.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: aws.String("nope")})
	apiErr(t, err, "InvalidParameterException", "1 validation error detected: Value 'nope' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+")
	_, err = c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: aws.String("us-east-1_nothere1"), ClientName: aws.String("a")})
	apiErr(t, err, "ResourceNotFoundException", "User pool us-east-1_nothere1 does not exist.")
	id := createPool(t, c, &cip.CreateUserPoolInput{})
	_, err = c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: &id, ClientName: aws.String("a"),
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{"USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH"}})
	apiErr(t, err, "InvalidParameterException", "")
	_, err = c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: &id, ClientName: aws.String("a"), AccessTokenValidity: aws.Int32(2)})
	apiErr(t, err, "InvalidParameterException", "Invalid range for token validity.")
	_, err = c.ListUserPools(ctx, &cip.ListUserPoolsInput{MaxResults: aws.Int32(0)})
	apiErr(t, err, "InvalidParameterException", "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1")
}
