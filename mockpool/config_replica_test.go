package mockpool_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

func TestUserPoolReplicas(t *testing.T) {
	_, c, _ := newServer(t)
	created, err := c.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("global")})
	noErr(t, err)
	pool := created.UserPool.Id
	out, err := c.CreateUserPoolReplica(ctx, &cip.CreateUserPoolReplicaInput{UserPoolId: pool, RegionName: aws.String("eu-west-1")})
	noErr(t, err)
	rep := out.UserPoolReplica
	if aws.ToString(rep.RegionName) != "eu-west-1" || rep.Role != types.ReplicaRoleTypeSecondary || rep.Status != types.ReplicaStatusTypeInactive ||
		aws.ToString(rep.UserPoolArn) != "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/"+aws.ToString(pool) {
		t.Fatalf("create: %+v", rep)
	}
	for _, tc := range []struct {
		name, region, code, msg string
	}{
		{"twice", "eu-west-1", "InvalidParameterException", "A replica already exists in region eu-west-1."},
		{"own region", "us-east-1", "InvalidParameterException", "The primary region of a user pool cannot be a replica region."},
		{"not a region", "Europe", "InvalidParameterException", "1 validation error detected: Value 'Europe' at 'regionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]{2}(-[a-z]+)+-[0-9]+"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.CreateUserPoolReplica(ctx, &cip.CreateUserPoolReplicaInput{UserPoolId: pool, RegionName: aws.String(tc.region)})
			apiErr(t, err, tc.code, tc.msg)
		})
	}
	up, err := c.UpdateUserPoolReplica(ctx, &cip.UpdateUserPoolReplicaInput{UserPoolId: pool, RegionName: aws.String("eu-west-1"), Status: types.UpdateReplicaStatusTypeActive})
	noErr(t, err)
	if up.UserPoolReplica.Status != types.ReplicaStatusTypeActive {
		t.Fatalf("update: %+v", up.UserPoolReplica)
	}
	l, err := c.ListUserPoolReplicas(ctx, &cip.ListUserPoolReplicasInput{UserPoolId: pool})
	noErr(t, err)
	if len(l.UserPoolReplicas) != 2 || l.UserPoolReplicas[0].Role != types.ReplicaRoleTypePrimary || aws.ToString(l.UserPoolReplicas[0].UserPoolArn) != aws.ToString(created.UserPool.Arn) ||
		l.UserPoolReplicas[1].Status != types.ReplicaStatusTypeActive {
		t.Fatalf("list: %+v", l.UserPoolReplicas)
	}
	del, err := c.DeleteUserPoolReplica(ctx, &cip.DeleteUserPoolReplicaInput{UserPoolId: pool, RegionName: aws.String("eu-west-1")})
	noErr(t, err)
	if del.UserPoolReplica.Status != types.ReplicaStatusTypeDeleting {
		t.Fatalf("delete: %+v", del.UserPoolReplica)
	}
	_, err = c.DeleteUserPoolReplica(ctx, &cip.DeleteUserPoolReplicaInput{UserPoolId: pool, RegionName: aws.String("eu-west-1")})
	apiErr(t, err, "ResourceNotFoundException", "User pool replica does not exist.")
	_, err = c.UpdateUserPoolReplica(ctx, &cip.UpdateUserPoolReplicaInput{UserPoolId: pool, RegionName: aws.String("eu-west-1"), Status: types.UpdateReplicaStatusTypeActive})
	apiErr(t, err, "ResourceNotFoundException", "User pool replica does not exist.")
}
