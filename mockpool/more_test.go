package mockpool_test

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/mockpool"
)

func TestRefreshWithSecret(t *testing.T) {
	s, c, _ := newServer(t)
	info, err := s.CreatePool(ctx, mockpool.PoolConfig{GenerateSecret: true, UsernameAttributes: []string{"email"}})
	noErr(t, err)
	_, err = c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &info.PoolID, Username: aws.String("a@example.com"), MessageAction: types.MessageActionTypeSuppress})
	noErr(t, err)
	_, err = c.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &info.PoolID, Username: aws.String("a@example.com"), Password: aws.String(goodPW), Permanent: true})
	noErr(t, err)
	out, err := c.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{UserPoolId: &info.PoolID, ClientId: &info.ClientID, AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "a@example.com", "PASSWORD": goodPW, "SECRET_HASH": secretHash(info.ClientSecret, "a@example.com", info.ClientID)}})
	noErr(t, err)
	sub := claimsOf(t, *out.AuthenticationResult.AccessToken)["sub"].(string)
	refresh := func(hash string) error {
		p := map[string]string{"REFRESH_TOKEN": *out.AuthenticationResult.RefreshToken}
		if hash != "" {
			p["SECRET_HASH"] = hash
		}
		_, err := c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &info.ClientID, AuthFlow: types.AuthFlowTypeRefreshTokenAuth, AuthParameters: p})
		return err
	}
	apiErr(t, refresh(""), "NotAuthorizedException", "Client "+info.ClientID+" is configured with secret but SECRET_HASH was not received")
	apiErr(t, refresh(secretHash(info.ClientSecret, "other", info.ClientID)), "NotAuthorizedException", "Unable to verify secret hash for client "+info.ClientID)
	noErr(t, refresh(secretHash(info.ClientSecret, sub, info.ClientID)))
}

func TestCaseInsensitivePool(t *testing.T) {
	e := newEnv(t, &cip.CreateUserPoolInput{UsernameConfiguration: &types.UsernameConfigurationType{CaseSensitive: aws.Bool(false)}})
	e.confirmed("Alice", "")
	_, err := e.login(legacy, "alice", goodPW)
	noErr(t, err)
	_, err = e.signUp(legacy, "ALICE", goodPW)
	apiErr(t, err, "UsernameExistsException", "User already exists")

	cs := newEnv(t, nil) // API default: case sensitive
	cs.confirmed("Alice", "")
	_, err = cs.login(legacy, "alice", goodPW)
	apiErr(t, err, "UserNotFoundException", "User does not exist.")
}

func TestListUserPoolsPagination(t *testing.T) {
	_, c, _ := newServer(t)
	for i := 0; i < 5; i++ {
		createPool(t, c, &cip.CreateUserPoolInput{PoolName: aws.String(fmt.Sprint("p", i))})
	}
	var names []string
	var token *string
	for {
		out, err := c.ListUserPools(ctx, &cip.ListUserPoolsInput{MaxResults: aws.Int32(2), NextToken: token})
		noErr(t, err)
		for _, p := range out.UserPools {
			names = append(names, *p.Name)
		}
		if out.NextToken == nil {
			break
		}
		token = out.NextToken
	}
	if fmt.Sprint(names) != "[p0 p1 p2 p3 p4]" {
		t.Fatalf("%v", names)
	}
}
