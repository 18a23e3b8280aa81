package mockpool_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

func (e *env) signUp(mode types.PreventUserExistenceErrorTypes, username, pw string, attrs ...types.AttributeType) (*cip.SignUpOutput, error) {
	return e.c.SignUp(ctx, &cip.SignUpInput{ClientId: aws.String(e.clients[mode]), Username: &username, Password: &pw, UserAttributes: attrs})
}

func (e *env) confirm(mode types.PreventUserExistenceErrorTypes, username, code string) error {
	_, err := e.c.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: aws.String(e.clients[mode]), Username: &username, ConfirmationCode: &code})
	return err
}

func (e *env) resend(mode types.PreventUserExistenceErrorTypes, username string) (*cip.ResendConfirmationCodeOutput, error) {
	return e.c.ResendConfirmationCode(ctx, &cip.ResendConfirmationCodeInput{ClientId: aws.String(e.clients[mode]), Username: &username})
}

func TestSignUpRows(t *testing.T) {
	for _, m := range modes {
		t.Run(string(m), func(t *testing.T) {
			e := newEnv(t, nil)
			out, err := e.signUp(m, "alice", goodPW, strAttr("email", "alice@example.com"))
			noErr(t, err)
			if out.UserConfirmed || aws.ToString(out.UserSub) == "" || out.CodeDeliveryDetails == nil ||
				*out.CodeDeliveryDetails.Destination != "a***@e***" || *out.CodeDeliveryDetails.AttributeName != "email" {
				t.Fatalf("signup: %+v", out)
			}
			_, err = e.signUp(m, "alice", goodPW)
			apiErr(t, err, "UsernameExistsException", "User already exists")
			// password policy (default policy: 8 chars, all classes)
			for pw, why := range map[string]string{
				"Sh0rt!": "Password not long enough", "passw0rd!": "Password must have uppercase characters",
				"PASSW0RD!": "Password must have lowercase characters", "Password!": "Password must have numeric characters",
				"Passw0rdX": "Password must have symbol characters"} {
				_, err = e.signUp(m, "bob", pw)
				apiErr(t, err, "InvalidPasswordException", "Password did not conform with policy: "+why)
			}
		})
	}
}

func TestPasswordPolicyFromPool(t *testing.T) {
	e := newEnv(t, &cip.CreateUserPoolInput{Policies: &types.UserPoolPolicyType{PasswordPolicy: &types.PasswordPolicyType{MinimumLength: aws.Int32(6)}}})
	_, err := e.signUp(legacy, "a", "abcde")
	apiErr(t, err, "InvalidPasswordException", "Password did not conform with policy: Password not long enough")
	_, err = e.signUp(legacy, "a", "abcdef")
	noErr(t, err)
	if out, _ := e.signUp(legacy, "b", "abcdef"); out.CodeDeliveryDetails != nil {
		t.Fatal("no auto-verified attribute: no delivery expected")
	}
}

func TestConfirmSignUpRows(t *testing.T) {
	for _, m := range modes {
		t.Run(string(m), func(t *testing.T) {
			e := newEnv(t, nil)
			e.unconfirmed("alice", "alice@example.com")
			check(t, e.confirm(m, "alice", "000000"), want{"CodeMismatchException", mismatch})
			unknown := want{"UserNotFoundException", notFound}
			if m == enabled {
				unknown = want{"CodeMismatchException", mismatch}
			}
			check(t, e.confirm(m, "nobody", "123456"), unknown)
			check(t, e.confirm(m, "alice", "123456"), ok)
			if e.status("alice") != types.UserStatusTypeConfirmed {
				t.Fatal("not confirmed")
			}
			check(t, e.confirm(m, "alice", "123456"), want{"NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED"})
			// email is verified by the confirmation
			u, err := e.c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &e.pool, Username: aws.String("alice")})
			noErr(t, err)
			if attr(u.UserAttributes, "email_verified") != "true" {
				t.Fatalf("email not verified: %v", u.UserAttributes)
			}
			// expiry: 24 h
			e.unconfirmed("bob", "bob@example.com")
			e.advance(24*time.Hour + time.Second)
			check(t, e.confirm(m, "bob", "123456"), want{"ExpiredCodeException", expired})
			_, err = e.resend(m, "bob")
			noErr(t, err)
			check(t, e.confirm(m, "bob", "123456"), ok)
		})
	}
}

func attr(list []types.AttributeType, name string) string {
	for _, a := range list {
		if aws.ToString(a.Name) == name {
			return aws.ToString(a.Value)
		}
	}
	return ""
}

var maskShape = regexp.MustCompile(`^[a-zA-Z0-9]\*\*\*@[a-zA-Z0-9]\*\*\*$`)

func TestResendConfirmationCodeRows(t *testing.T) {
	for _, m := range modes {
		t.Run(string(m), func(t *testing.T) {
			e := newEnv(t, nil)
			e.unconfirmed("alice", "alice@example.com")
			e.confirmed("carol", "carol@example.com")
			e.disabled("dave", "dave@example.com")
			out, err := e.resend(m, "alice")
			noErr(t, err)
			if *out.CodeDeliveryDetails.Destination != "a***@e***" {
				t.Fatalf("%+v", out.CodeDeliveryDetails)
			}
			if n := len(e.s.Messages()); n != 2 {
				t.Fatalf("%d messages", n)
			}
			for name, legacyWant := range map[string]want{
				"nobody": {"UserNotFoundException", notFound},
				"dave":   {"UserNotFoundException", notFound},
				"carol":  {"InvalidParameterException", "User is already confirmed."},
			} {
				before := len(e.s.Messages())
				out, err := e.resend(m, name)
				if m == legacy {
					check(t, err, legacyWant)
					continue
				}
				noErr(t, err)
				d := out.CodeDeliveryDetails
				if d.DeliveryMedium != types.DeliveryMediumTypeEmail || *d.AttributeName != "email" || !maskShape.MatchString(*d.Destination) {
					t.Fatalf("%s: simulated %+v", name, d)
				}
				if len(e.s.Messages()) != before {
					t.Fatalf("%s: a simulated delivery sent something", name)
				}
				again, _ := e.resend(m, name)
				if *again.CodeDeliveryDetails.Destination != *d.Destination {
					t.Fatal("simulated destination not stable")
				}
			}
		})
	}
}

func TestNoAutoVerifyResend(t *testing.T) {
	e := newEnv(t, &cip.CreateUserPoolInput{})
	e.unconfirmed("alice", "alice@example.com")
	_, err := e.resend(legacy, "alice")
	apiErr(t, err, "InvalidParameterException", "Cannot resend codes. Auto verification not turned on.")
}

func TestAliasPool(t *testing.T) {
	for _, m := range modes {
		t.Run(string(m), func(t *testing.T) {
			e := newEnv(t, &cip.CreateUserPoolInput{AutoVerifiedAttributes: []types.VerifiedAttributeType{"email"},
				AliasAttributes: []types.AliasAttributeType{"email", "preferred_username"}})
			_, err := e.signUp(m, "alice@example.com", goodPW)
			apiErr(t, err, "InvalidParameterException", "Username cannot be of email format, since user pool is configured for email alias.")
			_, err = e.signUp(m, "alice", goodPW, strAttr("email", "shared@example.com"))
			noErr(t, err)
			// not an alias before it is verified
			_, err = e.login(m, "shared@example.com", goodPW)
			if m == legacy {
				apiErr(t, err, "UserNotFoundException", "User does not exist.")
			} else {
				apiErr(t, err, "NotAuthorizedException", incorrect)
			}
			check(t, e.confirm(m, "alice", "123456"), ok)
			out, err := e.login(m, "shared@example.com", goodPW)
			noErr(t, err)
			if out.AuthenticationResult == nil {
				t.Fatal("no tokens")
			}
			// the same email, taken by alice: sign-up succeeds, confirmation clashes
			_, err = e.signUp(m, "bob", goodPW, strAttr("email", "Shared@example.com"))
			noErr(t, err)
			check(t, e.confirm(m, "bob", "123456"), want{"AliasExistsException", "An account with the email already exists."})
			if e.status("bob") != types.UserStatusTypeUnconfirmed {
				t.Fatal("bob confirmed despite the clash")
			}
			_, err = e.c.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: aws.String(e.clients[m]), Username: aws.String("bob"),
				ConfirmationCode: aws.String("123456"), ForceAliasCreation: true})
			noErr(t, err)
			out2, err := e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: aws.String(e.clients[m]), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
				AuthParameters: map[string]string{"USERNAME": "shared@example.com", "PASSWORD": goodPW}})
			noErr(t, err)
			if got := claimsOf(t, *out2.AuthenticationResult.AccessToken)["username"]; got != "bob" {
				t.Fatalf("alias moved to %v", got)
			}
			_, err = e.c.AdminUpdateUserAttributes(ctx, &cip.AdminUpdateUserAttributesInput{UserPoolId: &e.pool, Username: aws.String("bob"),
				UserAttributes: []types.AttributeType{strAttr("preferred_username", "bobby")}})
			noErr(t, err)
			_, err = e.login(m, "bobby", goodPW)
			noErr(t, err)
		})
	}
}

func TestEmailAsUsernamePool(t *testing.T) {
	for _, m := range modes {
		t.Run(string(m), func(t *testing.T) {
			e := newEnv(t, &cip.CreateUserPoolInput{AutoVerifiedAttributes: []types.VerifiedAttributeType{"email"},
				UsernameAttributes: []types.UsernameAttributeType{"email"}})
			_, err := e.signUp(m, "alice", goodPW)
			apiErr(t, err, "InvalidParameterException", "Username should be an email.")
			out, err := e.signUp(m, "alice@example.com", goodPW)
			noErr(t, err)
			_, err = e.signUp(m, "ALICE@example.com", goodPW)
			apiErr(t, err, "UsernameExistsException", "An account with the given email already exists.")
			check(t, e.confirm(m, "alice@example.com", "123456"), ok)
			res, err := e.login(m, "alice@example.com", goodPW)
			noErr(t, err)
			cl := claimsOf(t, *res.AuthenticationResult.AccessToken)
			if cl["username"] != *out.UserSub || cl["sub"] != *out.UserSub {
				t.Fatalf("internal username should be the sub: %v", cl)
			}
			u, err := e.c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &e.pool, Username: aws.String("alice@example.com")})
			noErr(t, err)
			if *u.Username != *out.UserSub {
				t.Fatalf("username %s", *u.Username)
			}
		})
	}
	e := newEnv(t, &cip.CreateUserPoolInput{UsernameAttributes: []types.UsernameAttributeType{"phone_number"}, AutoVerifiedAttributes: []types.VerifiedAttributeType{"phone_number"}})
	out, err := e.signUp(legacy, "+12065551234", goodPW)
	noErr(t, err)
	if d := out.CodeDeliveryDetails; d.DeliveryMedium != types.DeliveryMediumTypeSms || *d.Destination != "+*******1234" {
		t.Fatalf("%+v", d)
	}
	_, err = e.signUp(legacy, "+12065551234", goodPW)
	apiErr(t, err, "UsernameExistsException", "An account with the given phone_number already exists.")
	_, err = e.signUp(legacy, "bob", goodPW)
	apiErr(t, err, "InvalidParameterException", "Username should be a phone number.")
}

func TestForgotPasswordRows(t *testing.T) {
	for _, m := range modes {
		t.Run(string(m), func(t *testing.T) {
			e := newEnv(t, nil)
			e.confirmed("alice", "alice@example.com")
			e.confirmed("noemail", "")
			e.disabled("dave", "dave@example.com")
			e.unconfirmed("uma", "uma@example.com")
			forgot := func(name string) (*cip.ForgotPasswordOutput, error) {
				return e.c.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: aws.String(e.clients[m]), Username: &name})
			}
			out, err := forgot("alice")
			noErr(t, err)
			if d := out.CodeDeliveryDetails; *d.Destination != "a***@e***" || d.DeliveryMedium != types.DeliveryMediumTypeEmail {
				t.Fatalf("%+v", d)
			}
			msgs := e.s.Messages()
			if last := msgs[len(msgs)-1]; last.Purpose != "ForgotPassword" || last.Destination != "alice@example.com" {
				t.Fatalf("%+v", last)
			}
			for name, legacyWant := range map[string]want{
				"nobody":  {"UserNotFoundException", notFound},
				"dave":    {"NotAuthorizedException", "User is disabled."},
				"noemail": {"InvalidParameterException", "Cannot reset password for the user as there is no registered/verified email or phone_number"},
				"uma":     {"InvalidParameterException", "Cannot reset password for the user as there is no registered/verified email or phone_number"},
			} {
				before := len(e.s.Messages())
				out, err := forgot(name)
				if m == legacy {
					check(t, err, legacyWant)
					continue
				}
				noErr(t, err)
				if !maskShape.MatchString(*out.CodeDeliveryDetails.Destination) || len(e.s.Messages()) != before {
					t.Fatalf("%s: %+v", name, out.CodeDeliveryDetails)
				}
			}
			// rate limit: 10 requests an hour per typed name, existing or not
			for _, name := range []string{"alice", "nobody"} {
				for i := 0; i < 9; i++ {
					forgot(name)
				}
				_, err = forgot(name)
				apiErr(t, err, "LimitExceededException", limit)
			}
			e.advance(time.Hour + time.Second)
			_, err = forgot("alice")
			noErr(t, err)
		})
	}
}

func TestConfirmForgotPasswordRows(t *testing.T) {
	for _, m := range modes {
		t.Run(string(m), func(t *testing.T) {
			e := newEnv(t, nil)
			e.confirmed("alice", "alice@example.com")
			e.disabled("dave", "dave@example.com")
			e.confirmed("norequest", "n@example.com")
			cfp := func(name, code, pw string) error {
				_, err := e.c.ConfirmForgotPassword(ctx, &cip.ConfirmForgotPasswordInput{ClientId: aws.String(e.clients[m]),
					Username: &name, ConfirmationCode: &code, Password: &pw})
				return err
			}
			_, err := e.c.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: aws.String(e.clients[m]), Username: aws.String("alice")})
			noErr(t, err)
			check(t, cfp("alice", "123456", "short"), want{"InvalidPasswordException", "Password does not conform to policy: Password not long enough"})
			check(t, cfp("alice", "000000", "NewPassw0rd!"), want{"CodeMismatchException", mismatch})
			noCode := want{"ExpiredCodeException", expired} // LEGACY: no code was requested
			if m == enabled {
				noCode = want{"CodeMismatchException", mismatch} // as for an unknown user
			}
			check(t, cfp("norequest", "123456", "NewPassw0rd!"), noCode)
			if m == legacy {
				check(t, cfp("nobody", "123456", "NewPassw0rd!"), want{"UserNotFoundException", notFound})
				check(t, cfp("dave", "123456", "NewPassw0rd!"), want{"NotAuthorizedException", "User is disabled."})
			} else {
				check(t, cfp("nobody", "123456", "NewPassw0rd!"), want{"CodeMismatchException", mismatch})
				check(t, cfp("dave", "123456", "NewPassw0rd!"), want{"CodeMismatchException", mismatch})
			}
			check(t, cfp("alice", "123456", "NewPassw0rd!"), ok)
			check(t, cfp("alice", "123456", "NewPassw0rd!"), noCode) // single use: no code pending
			_, err = e.login(m, "alice", "NewPassw0rd!")
			noErr(t, err)
			// reset codes expire after 1 h
			_, err = e.c.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: aws.String(e.clients[m]), Username: aws.String("alice")})
			noErr(t, err)
			e.advance(time.Hour + time.Second)
			check(t, cfp("alice", "123456", "Other0ne!x"), want{"ExpiredCodeException", expired})
		})
	}
}

func TestResetRequiredRecovery(t *testing.T) {
	e := newEnv(t, nil)
	e.resetRequired("alice", "alice@example.com")
	if e.status("alice") != types.UserStatusTypeResetRequired {
		t.Fatal("not RESET_REQUIRED")
	}
	_, err := e.c.ConfirmForgotPassword(ctx, &cip.ConfirmForgotPasswordInput{ClientId: aws.String(e.clients[legacy]),
		Username: aws.String("alice"), ConfirmationCode: aws.String("123456"), Password: aws.String("NewPassw0rd!")})
	noErr(t, err)
	if e.status("alice") != types.UserStatusTypeConfirmed {
		t.Fatal("not CONFIRMED")
	}
}

func TestConfirmForgotPasswordAttemptLimit(t *testing.T) {
	cases := []struct {
		mode types.PreventUserExistenceErrorTypes
		user string
	}{{legacy, "alice"}, {enabled, "alice"}, {enabled, "nobody"}}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s/%s", tc.mode, tc.user), func(t *testing.T) {
			e := newEnv(t, nil)
			e.confirmed("alice", "alice@example.com")
			_, err := e.c.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: aws.String(e.clients[tc.mode]), Username: aws.String(tc.user)})
			noErr(t, err)
			cfp := func(code string) error {
				_, err := e.c.ConfirmForgotPassword(ctx, &cip.ConfirmForgotPasswordInput{ClientId: aws.String(e.clients[tc.mode]),
					Username: aws.String(tc.user), ConfirmationCode: &code, Password: aws.String("NewPassw0rd!")})
				return err
			}
			for i := 0; i < 5; i++ {
				check(t, cfp("000000"), want{"CodeMismatchException", mismatch})
			}
			check(t, cfp("000000"), want{"LimitExceededException", limit})
			check(t, cfp("123456"), want{"LimitExceededException", limit})
		})
	}
}
