package mockpool_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/mockpool"
)

// TestAdminUnknownUser: admin operations are not masked.
func TestAdminUnknownUser(t *testing.T) {
	e := newEnv(t, nil)
	u := aws.String("nobody")
	p := &e.pool
	calls := map[string]func() error{
		"AdminGetUser": func() error {
			_, err := e.c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: p, Username: u})
			return err
		},
		"AdminDeleteUser": func() error {
			_, err := e.c.AdminDeleteUser(ctx, &cip.AdminDeleteUserInput{UserPoolId: p, Username: u})
			return err
		},
		"AdminDisableUser": func() error {
			_, err := e.c.AdminDisableUser(ctx, &cip.AdminDisableUserInput{UserPoolId: p, Username: u})
			return err
		},
		"AdminEnableUser": func() error {
			_, err := e.c.AdminEnableUser(ctx, &cip.AdminEnableUserInput{UserPoolId: p, Username: u})
			return err
		},
		"AdminConfirmSignUp": func() error {
			_, err := e.c.AdminConfirmSignUp(ctx, &cip.AdminConfirmSignUpInput{UserPoolId: p, Username: u})
			return err
		},
		"AdminResetUserPassword": func() error {
			_, err := e.c.AdminResetUserPassword(ctx, &cip.AdminResetUserPasswordInput{UserPoolId: p, Username: u})
			return err
		},
		"AdminSetUserPassword": func() error {
			_, err := e.c.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: p, Username: u, Password: aws.String(goodPW)})
			return err
		},
		"AdminUpdateUserAttributes": func() error {
			_, err := e.c.AdminUpdateUserAttributes(ctx, &cip.AdminUpdateUserAttributesInput{UserPoolId: p, Username: u, UserAttributes: []types.AttributeType{strAttr("name", "x")}})
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) { apiErr(t, call(), "UserNotFoundException", "User does not exist.") })
	}
	_, err := e.c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: aws.String("us-east-1_missing00"), Username: u})
	apiErr(t, err, "ResourceNotFoundException", "User pool us-east-1_missing00 does not exist.")
}

func TestAdminLifecycle(t *testing.T) {
	e := newEnv(t, nil)
	out, err := e.c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &e.pool, Username: aws.String("bob"),
		UserAttributes: []types.AttributeType{strAttr("email", "bob@example.com")}, DesiredDeliveryMediums: []types.DeliveryMediumType{"EMAIL"}})
	noErr(t, err)
	if out.User.UserStatus != types.UserStatusTypeForceChangePassword || !out.User.Enabled || *out.User.Username != "bob" {
		t.Fatalf("%+v", out.User)
	}
	msgs := e.s.Messages(mockpool.MessageFilter{Username: "bob@example.com"})
	if len(msgs) != 1 || msgs[0].Purpose != "AdminCreateUser" || len(msgs[0].Code) < 8 {
		t.Fatalf("%+v", msgs)
	}
	temp := msgs[0].Code
	res, err := e.login(legacy, "bob", temp)
	noErr(t, err)
	if res.ChallengeName != types.ChallengeNameTypeNewPasswordRequired {
		t.Fatal("want NEW_PASSWORD_REQUIRED")
	}
	_, err = e.c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &e.pool, Username: aws.String("bob")})
	apiErr(t, err, "UsernameExistsException", "User account already exists")
	_, err = e.c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &e.pool, Username: aws.String("carl"), TemporaryPassword: aws.String("weak")})
	apiErr(t, err, "InvalidPasswordException", "Password does not conform to policy: Password not long enough")
	_, err = e.c.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &e.pool, Username: aws.String("bob"), Password: aws.String("weak"), Permanent: true})
	apiErr(t, err, "InvalidPasswordException", "Password does not conform to policy: Password not long enough")
	_, err = e.c.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &e.pool, Username: aws.String("bob"), Password: aws.String(goodPW), Permanent: true})
	noErr(t, err)
	if e.status("bob") != types.UserStatusTypeConfirmed {
		t.Fatal("not confirmed")
	}
	_, err = e.login(legacy, "bob", goodPW)
	noErr(t, err)
	_, err = e.c.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &e.pool, Username: aws.String("bob"), Password: aws.String("Another0ne!"), Permanent: false})
	noErr(t, err)
	if e.status("bob") != types.UserStatusTypeForceChangePassword {
		t.Fatal("not FORCE_CHANGE_PASSWORD")
	}
	// AdminConfirmSignUp
	e.unconfirmed("uma", "uma@example.com")
	_, err = e.c.AdminConfirmSignUp(ctx, &cip.AdminConfirmSignUpInput{UserPoolId: &e.pool, Username: aws.String("uma")})
	noErr(t, err)
	_, err = e.c.AdminConfirmSignUp(ctx, &cip.AdminConfirmSignUpInput{UserPoolId: &e.pool, Username: aws.String("uma")})
	apiErr(t, err, "NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED")
	// AdminResetUserPassword needs a verified contact
	_, err = e.c.AdminResetUserPassword(ctx, &cip.AdminResetUserPasswordInput{UserPoolId: &e.pool, Username: aws.String("uma")})
	apiErr(t, err, "InvalidParameterException", "Cannot reset password for the user as there is no registered/verified email or phone_number")
	// disable / enable / delete
	e.confirmed("dan", "")
	tok, err := e.login(legacy, "dan", goodPW)
	noErr(t, err)
	_, err = e.c.AdminDisableUser(ctx, &cip.AdminDisableUserInput{UserPoolId: &e.pool, Username: aws.String("dan")})
	noErr(t, err)
	_, err = e.c.GetUser(ctx, &cip.GetUserInput{AccessToken: tok.AuthenticationResult.AccessToken})
	apiErr(t, err, "NotAuthorizedException", "Access Token has been revoked")
	g, err := e.c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &e.pool, Username: aws.String("dan")})
	noErr(t, err)
	if g.Enabled {
		t.Fatal("still enabled")
	}
	_, err = e.c.AdminEnableUser(ctx, &cip.AdminEnableUserInput{UserPoolId: &e.pool, Username: aws.String("dan")})
	noErr(t, err)
	_, err = e.login(legacy, "dan", goodPW)
	noErr(t, err)
	_, err = e.c.AdminDeleteUser(ctx, &cip.AdminDeleteUserInput{UserPoolId: &e.pool, Username: aws.String("dan")})
	noErr(t, err)
	_, err = e.login(legacy, "dan", goodPW)
	apiErr(t, err, "UserNotFoundException", "User does not exist.")
	// MessageAction SUPPRESS sends nothing; RESEND sends again
	before := len(e.s.Messages())
	_, err = e.c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &e.pool, Username: aws.String("sam"),
		UserAttributes: []types.AttributeType{strAttr("phone_number", "+12065550100")}, MessageAction: types.MessageActionTypeSuppress})
	noErr(t, err)
	if len(e.s.Messages()) != before {
		t.Fatal("SUPPRESS sent a message")
	}
	_, err = e.c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &e.pool, Username: aws.String("sam"), MessageAction: types.MessageActionTypeResend})
	noErr(t, err)
	if m := e.s.Messages(); len(m) != before+1 || m[len(m)-1].Medium != "SMS" {
		t.Fatalf("RESEND: %+v", m)
	}
}

func TestListUsers(t *testing.T) {
	e := newEnv(t, nil)
	e.confirmed("alice", "alice@example.com")
	e.confirmed("bob", "bob@example.com")
	e.unconfirmed("carol", "carol@example.com")
	list := func(filter string, limit int32, token *string) *cip.ListUsersOutput {
		t.Helper()
		in := &cip.ListUsersInput{UserPoolId: &e.pool, PaginationToken: token}
		if filter != "" {
			in.Filter = &filter
		}
		if limit > 0 {
			in.Limit = &limit
		}
		out, err := e.c.ListUsers(ctx, in)
		noErr(t, err)
		return out
	}
	if n := len(list("", 0, nil).Users); n != 3 {
		t.Fatalf("%d users", n)
	}
	if u := list(`email = "bob@example.com"`, 0, nil).Users; len(u) != 1 || *u[0].Username != "bob" {
		t.Fatalf("%+v", u)
	}
	if u := list(`username ^= "a"`, 0, nil).Users; len(u) != 1 || *u[0].Username != "alice" {
		t.Fatalf("%+v", u)
	}
	if u := list(`cognito:user_status = "UNCONFIRMED"`, 0, nil).Users; len(u) != 1 || *u[0].Username != "carol" {
		t.Fatalf("%+v", u)
	}
	sub := attr(list(`username = "bob"`, 0, nil).Users[0].Attributes, "sub")
	if u := list(`sub = "`+sub+`"`, 0, nil).Users; len(u) != 1 {
		t.Fatal("sub filter")
	}
	p1 := list("", 2, nil)
	if len(p1.Users) != 2 || p1.PaginationToken == nil {
		t.Fatalf("page 1 %+v", p1)
	}
	p2 := list("", 2, p1.PaginationToken)
	if len(p2.Users) != 1 || p2.PaginationToken != nil || *p2.Users[0].Username != "carol" {
		t.Fatalf("page 2 %+v", p2)
	}
	_, err := e.c.ListUsers(ctx, &cip.ListUsersInput{UserPoolId: &e.pool, Filter: aws.String("email = bob")})
	apiErr(t, err, "InvalidParameterException", "Error while parsing filter.")
}
