package enumproof_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// TestNoDataLost: many users sign up, confirm, reset their password and sign in
// concurrently (run it with -race); afterwards every user is in the state its own
// history says, and signs in with its final password only.
func TestNoDataLost(t *testing.T) {
	const users, workers = 200, 8
	e := newEnv(t, plain, enabledMode)
	c := e.s.Client() // no recorder: it would only collect
	type final struct {
		status types.UserStatusType
		pw     string
	}
	// The history of user i: i%5 == 0 stays UNCONFIRMED; i%5 == 1 confirms and keeps
	// its first password; the others confirm, sign in, reset and sign in again.
	plan := func(i int) final {
		switch i % 5 {
		case 0:
			return final{types.UserStatusTypeUnconfirmed, "First!pw" + fmt.Sprint(i)}
		case 1:
			return final{types.UserStatusTypeConfirmed, "First!pw" + fmt.Sprint(i)}
		}
		return final{types.UserStatusTypeConfirmed, "Second!pw" + fmt.Sprint(i)}
	}
	name := func(i int) string { return fmt.Sprintf("user%03d", i) }
	signIn := func(user, pw string) error {
		_, err := c.InitiateAuth(bg, &cip.InitiateAuthInput{ClientId: aws.String(e.client), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
			AuthParameters: map[string]string{"USERNAME": user, "PASSWORD": pw}})
		return err
	}
	work := make(chan int)
	errs := make(chan error, users)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				if err := lifecycle(c, e.client, name(i), i, signIn); err != nil {
					errs <- fmt.Errorf("%s: %w", name(i), err)
				}
			}
		}()
	}
	for i := 0; i < users; i++ {
		work <- i
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	for i := 0; i < users; i++ {
		want := plan(i)
		out, err := c.AdminGetUser(bg, &cip.AdminGetUserInput{UserPoolId: aws.String(e.poolID), Username: aws.String(name(i))})
		if err != nil {
			t.Errorf("%s: %v", name(i), err)
			continue
		}
		if out.UserStatus != want.status {
			t.Errorf("%s: status %s, want %s", name(i), out.UserStatus, want.status)
		}
		if want.status != types.UserStatusTypeConfirmed {
			continue
		}
		if err := signIn(name(i), want.pw); err != nil {
			t.Errorf("%s: final password refused: %v", name(i), err)
		}
		if i%5 > 1 {
			if err := signIn(name(i), "First!pw"+fmt.Sprint(i)); err == nil {
				t.Errorf("%s: the old password still works", name(i))
			}
		}
	}
	list, err := c.ListUsers(bg, &cip.ListUsersInput{UserPoolId: aws.String(e.poolID), Limit: aws.Int32(60)})
	if err != nil {
		t.Fatal(err)
	}
	count := len(list.Users)
	for list.PaginationToken != nil {
		list, err = c.ListUsers(bg, &cip.ListUsersInput{UserPoolId: aws.String(e.poolID), Limit: aws.Int32(60), PaginationToken: list.PaginationToken})
		if err != nil {
			t.Fatal(err)
		}
		count += len(list.Users)
	}
	if count != users {
		t.Errorf("ListUsers: %d users, want %d", count, users)
	}
}

// lifecycle runs user i's history (see plan in TestNoDataLost).
func lifecycle(c *cip.Client, client, user string, i int, signIn func(user, pw string) error) error {
	first, second := "First!pw"+fmt.Sprint(i), "Second!pw"+fmt.Sprint(i)
	if _, err := c.SignUp(bg, &cip.SignUpInput{ClientId: aws.String(client), Username: aws.String(user), Password: aws.String(first),
		UserAttributes: []types.AttributeType{attr("email", user+"@example.com")}}); err != nil {
		return fmt.Errorf("sign-up: %w", err)
	}
	if i%5 == 0 {
		return nil
	}
	if _, err := c.ConfirmSignUp(bg, &cip.ConfirmSignUpInput{ClientId: aws.String(client), Username: aws.String(user), ConfirmationCode: aws.String(code)}); err != nil {
		return fmt.Errorf("confirm: %w", err)
	}
	if err := signIn(user, first); err != nil {
		return fmt.Errorf("first sign-in: %w", err)
	}
	if i%5 == 1 {
		return nil
	}
	if _, err := c.ForgotPassword(bg, &cip.ForgotPasswordInput{ClientId: aws.String(client), Username: aws.String(user)}); err != nil {
		return fmt.Errorf("forgot: %w", err)
	}
	if _, err := c.ConfirmForgotPassword(bg, &cip.ConfirmForgotPasswordInput{ClientId: aws.String(client), Username: aws.String(user),
		ConfirmationCode: aws.String(code), Password: aws.String(second)}); err != nil {
		return fmt.Errorf("reset: %w", err)
	}
	if err := signIn(user, second); err != nil {
		return fmt.Errorf("second sign-in: %w", err)
	}
	return nil
}
