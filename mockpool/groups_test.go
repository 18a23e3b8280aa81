package mockpool_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/maskedauth/maskedauth/mockpool"
)

func TestGroups(t *testing.T) {
	e := newEnv(t, nil)
	e.confirmed("alice", "")
	for _, g := range []string{"admins", "staff"} {
		_, err := e.c.CreateGroup(ctx, &cip.CreateGroupInput{UserPoolId: &e.pool, GroupName: aws.String(g), Precedence: aws.Int32(1)})
		noErr(t, err)
	}
	_, err := e.c.CreateGroup(ctx, &cip.CreateGroupInput{UserPoolId: &e.pool, GroupName: aws.String("staff")})
	apiErr(t, err, "GroupExistsException", "A group with the name staff already exists.")
	out, err := e.login(legacy, "alice", goodPW)
	noErr(t, err)
	if _, has := claimsOf(t, *out.AuthenticationResult.IdToken)["cognito:groups"]; has {
		t.Fatal("groups claim without groups")
	}
	for _, g := range []string{"admins", "staff"} {
		_, err = e.c.AdminAddUserToGroup(ctx, &cip.AdminAddUserToGroupInput{UserPoolId: &e.pool, Username: aws.String("alice"), GroupName: aws.String(g)})
		noErr(t, err)
	}
	_, err = e.c.AdminAddUserToGroup(ctx, &cip.AdminAddUserToGroupInput{UserPoolId: &e.pool, Username: aws.String("alice"), GroupName: aws.String("none")})
	apiErr(t, err, "ResourceNotFoundException", "Group not found.")
	_, err = e.c.AdminAddUserToGroup(ctx, &cip.AdminAddUserToGroupInput{UserPoolId: &e.pool, Username: aws.String("bob"), GroupName: aws.String("staff")})
	apiErr(t, err, "UserNotFoundException", "User does not exist.")
	out, err = e.login(legacy, "alice", goodPW)
	noErr(t, err)
	for _, tok := range []string{*out.AuthenticationResult.IdToken, *out.AuthenticationResult.AccessToken} {
		if g := fmt.Sprint(verify(t, e, tok)["cognito:groups"]); g != "[admins staff]" {
			t.Fatalf("groups claim %s", g)
		}
	}
	lg, err := e.c.AdminListGroupsForUser(ctx, &cip.AdminListGroupsForUserInput{UserPoolId: &e.pool, Username: aws.String("alice")})
	noErr(t, err)
	if len(lg.Groups) != 2 || *lg.Groups[0].GroupName != "admins" || *lg.Groups[0].Precedence != 1 {
		t.Fatalf("%+v", lg.Groups)
	}
	var buf bytes.Buffer
	noErr(t, e.s.SaveState(&buf))
	s2 := mockpool.New()
	noErr(t, s2.LoadState(&buf))
	lg2, err := s2.Client().AdminListGroupsForUser(ctx, &cip.AdminListGroupsForUserInput{UserPoolId: &e.pool, Username: aws.String("alice")})
	noErr(t, err)
	if len(lg2.Groups) != 2 {
		t.Fatal("groups lost across save/load")
	}
	_, err = e.c.AdminRemoveUserFromGroup(ctx, &cip.AdminRemoveUserFromGroupInput{UserPoolId: &e.pool, Username: aws.String("alice"), GroupName: aws.String("admins")})
	noErr(t, err)
	_, err = e.c.DeleteGroup(ctx, &cip.DeleteGroupInput{UserPoolId: &e.pool, GroupName: aws.String("staff")})
	noErr(t, err)
	lg, err = e.c.AdminListGroupsForUser(ctx, &cip.AdminListGroupsForUserInput{UserPoolId: &e.pool, Username: aws.String("alice")})
	noErr(t, err)
	gs, err := e.c.ListGroups(ctx, &cip.ListGroupsInput{UserPoolId: &e.pool})
	noErr(t, err)
	if len(lg.Groups) != 0 || len(gs.Groups) != 1 {
		t.Fatalf("%+v %+v", lg.Groups, gs.Groups)
	}
}
