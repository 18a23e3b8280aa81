package mockpool_test

// Attribute verification (GetUserAttributeVerificationCode, VerifyUserAttribute,
// UpdateUserAttributes' codes and AttributesRequireVerificationBeforeUpdate,
// DeleteUserAttributes, AdminDeleteUserAttributes) and the attempt limits of codes
// and of ChangePassword's previous password, through the SDK client.

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/mockpool"
)

const (
	aInvalidParam = "InvalidParameterException"
	fixedCode     = "123456" // newServer's WithFixedCode
	badCode       = "000000"
)

// TestConfirmSignUpLimitDifferential is the attacker's view of ConfirmSignUp's
// wrong-code limit under ENABLED: repeated wrong codes for a user who signed up
// and for a name nobody has, spread over case variants of each name, get the same
// answers (five CodeMismatchException, then LimitExceededException, the right code
// included), and the limit of the known user belongs to the user (every spelling).
func TestConfirmSignUpLimitDifferential(t *testing.T) {
	cases := []struct {
		name           string
		pool           *cip.CreateUserPoolInput
		signUp         string
		known, unknown []string // case variants of one name
	}{
		{"case-insensitive username pool", &cip.CreateUserPoolInput{UsernameConfiguration: caseInsensitive},
			"alice", []string{"alice", "ALICE", "Alice"}, []string{"ghost", "GHOST", "Ghost"}},
		{"email as username, case-sensitive pool", &cip.CreateUserPoolInput{UsernameConfiguration: caseSensitive,
			UsernameAttributes: []types.UsernameAttributeType{"email"}},
			"alice@example.com", []string{"alice@example.com", "ALICE@example.com", "Alice@Example.com"},
			[]string{"ghost@example.com", "GHOST@example.com", "Ghost@Example.com"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.pool.AutoVerifiedAttributes = []types.VerifiedAttributeType{"email"}
			e := newEnv(t, c.pool)
			email := "alice@example.com"
			if len(c.pool.UsernameAttributes) > 0 {
				email = ""
			}
			e.unconfirmed(c.signUp, email)
			run := func(names []string) []string {
				var got []string
				for i := 0; i < 7; i++ {
					got = append(got, answerOf(e.confirm(enabled, names[i%len(names)], badCode)))
				}
				return append(got, answerOf(e.confirm(enabled, names[0], fixedCode))) // the right code, past the limit
			}
			known, unknown := run(c.known), run(c.unknown)
			wantSeq := append(times(5, aMismatch), times(3, aLimit)...)
			if strings.Join(known, "\n") != strings.Join(wantSeq, "\n") {
				t.Fatalf("known user:\n got %q\nwant %q", known, wantSeq)
			}
			if strings.Join(unknown, "\n") != strings.Join(known, "\n") {
				t.Fatalf("unknown name answers differ from the known user's:\nunknown %q\n  known %q", unknown, known)
			}
			e.advance(time.Hour) // the window is over: the right code confirms, by any spelling
			noErr(t, e.confirm(enabled, c.known[1], fixedCode))
		})
	}
}

// TestConfirmSignUpLimitLegacy: under LEGACY the limit holds for a known user, and
// an unknown name is told apart (Cognito's LEGACY answer) and not counted.
func TestConfirmSignUpLimitLegacy(t *testing.T) {
	e := newEnv(t, nil)
	e.unconfirmed("bob", "bob@example.com")
	for i := 0; i < 5; i++ {
		check(t, e.confirm(legacy, "bob", badCode), want{"CodeMismatchException", mismatch})
	}
	check(t, e.confirm(legacy, "bob", fixedCode), want{"LimitExceededException", limit})
	for i := 0; i < 7; i++ {
		check(t, e.confirm(legacy, "nobody", badCode), want{"UserNotFoundException", notFound})
	}
	e.advance(time.Hour)
	noErr(t, e.confirm(legacy, "bob", fixedCode))
	if st := e.status("bob"); st != types.UserStatusTypeConfirmed {
		t.Fatalf("status %s", st)
	}
}

// verifyEnv is a pool that auto-verifies email, with a confirmed user signed in.
type verifyEnv struct {
	*env
	token string
}

func newVerifyEnv(t *testing.T, in *cip.CreateUserPoolInput) *verifyEnv {
	t.Helper()
	if in == nil {
		in = &cip.CreateUserPoolInput{}
	}
	in.AutoVerifiedAttributes = []types.VerifiedAttributeType{"email"}
	e := newEnv(t, in)
	e.confirmed("alice", "alice@example.com")
	return &verifyEnv{env: e, token: e.accessToken("alice", goodPW)}
}

func (e *env) accessToken(username, pw string) string {
	e.t.Helper()
	out, err := e.login(legacy, username, pw)
	noErr(e.t, err)
	return aws.ToString(out.AuthenticationResult.AccessToken)
}

func (e *verifyEnv) attrs() map[string]string {
	e.t.Helper()
	out, err := e.c.GetUser(ctx, &cip.GetUserInput{AccessToken: &e.token})
	noErr(e.t, err)
	m := map[string]string{}
	for _, a := range out.UserAttributes {
		m[aws.ToString(a.Name)] = aws.ToString(a.Value)
	}
	return m
}

func (e *verifyEnv) getCode(attr string) (*cip.GetUserAttributeVerificationCodeOutput, error) {
	return e.c.GetUserAttributeVerificationCode(ctx, &cip.GetUserAttributeVerificationCodeInput{AccessToken: &e.token, AttributeName: aws.String(attr)})
}

func (e *verifyEnv) verify(attr, code string) error {
	_, err := e.c.VerifyUserAttribute(ctx, &cip.VerifyUserAttributeInput{AccessToken: &e.token, AttributeName: aws.String(attr), Code: aws.String(code)})
	return err
}

func (e *verifyEnv) update(attrs ...types.AttributeType) (*cip.UpdateUserAttributesOutput, error) {
	return e.c.UpdateUserAttributes(ctx, &cip.UpdateUserAttributesInput{AccessToken: &e.token, UserAttributes: attrs})
}

func TestGetUserAttributeVerificationCode(t *testing.T) {
	e := newVerifyEnv(t, nil)
	out, err := e.getCode("email")
	noErr(t, err)
	d := out.CodeDeliveryDetails
	if d == nil || d.DeliveryMedium != types.DeliveryMediumTypeEmail || aws.ToString(d.AttributeName) != "email" ||
		aws.ToString(d.Destination) != "a***@e***" {
		t.Fatalf("delivery %+v", d)
	}
	ms := e.s.Messages(mockpool.MessageFilter{UserPoolID: e.pool, Username: "alice@example.com"})
	if len(ms) != 1 || ms[0].Purpose != "VerifyUserAttribute" || ms[0].Code != fixedCode || ms[0].Medium != "EMAIL" {
		t.Fatalf("outbox %+v", ms)
	}
	for _, c := range []struct{ attr, msg string }{
		{"given_name", "Invalid attribute name. Only email and phone_number can be verified."},
		{"phone_number", "User does not have the attribute phone_number."},
	} {
		_, err := e.getCode(c.attr)
		apiErr(t, err, aInvalidParam, c.msg)
	}
	_, err = e.c.GetUserAttributeVerificationCode(ctx, &cip.GetUserAttributeVerificationCodeInput{AccessToken: aws.String("x.y.z"), AttributeName: aws.String("email")})
	apiErr(t, err, "NotAuthorizedException", "")
	// The delivery limit (internal/lockout's Delivery): the first request above
	// and nine more are sent, the eleventh is refused.
	for i := 2; i <= 11; i++ {
		_, err := e.getCode("email")
		if i <= 10 {
			noErr(t, err)
		} else {
			apiErr(t, err, "LimitExceededException", limit)
		}
	}
}

func TestVerifyUserAttribute(t *testing.T) {
	e := newVerifyEnv(t, nil)
	// Nothing sent yet: as a used code.
	apiErr(t, e.verify("email", fixedCode), "ExpiredCodeException", expired)
	apiErr(t, e.verify("given_name", fixedCode), aInvalidParam, "Invalid attribute name. Only email and phone_number can be verified.")

	_, err := e.update(strAttr("email", "alice2@example.com"))
	noErr(t, err)
	if a := e.attrs(); a["email"] != "alice2@example.com" || a["email_verified"] != "false" {
		t.Fatalf("after update %v", a)
	}
	apiErr(t, e.verify("email", badCode), "CodeMismatchException", mismatch)
	noErr(t, e.verify("email", fixedCode))
	if a := e.attrs(); a["email_verified"] != "true" {
		t.Fatalf("after verify %v", a)
	}
	apiErr(t, e.verify("email", fixedCode), "ExpiredCodeException", expired) // single use

	// A code expires after 24 hours.
	_, err = e.getCode("email")
	noErr(t, err)
	e.advance(24*time.Hour + time.Second)
	e.token = e.accessToken("alice", goodPW)
	apiErr(t, e.verify("email", fixedCode), "ExpiredCodeException", expired)
}

func TestVerifyUserAttributeLimit(t *testing.T) {
	e := newVerifyEnv(t, nil)
	_, err := e.getCode("email")
	noErr(t, err)
	var got []string
	for i := 0; i < 6; i++ {
		got = append(got, answerOf(e.verify("email", badCode)))
	}
	got = append(got, answerOf(e.verify("email", fixedCode)))
	want := append(times(5, aMismatch), times(2, aLimit)...)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	e.advance(time.Hour)
	e.token = e.accessToken("alice", goodPW)
	_, err = e.getCode("email")
	noErr(t, err)
	noErr(t, e.verify("email", fixedCode))
}

func TestUpdateUserAttributesCodes(t *testing.T) {
	e := newVerifyEnv(t, nil)
	out, err := e.update(strAttr("email", "new@example.com"), strAttr("given_name", "Al"))
	noErr(t, err)
	if len(out.CodeDeliveryDetailsList) != 1 {
		t.Fatalf("deliveries %+v", out.CodeDeliveryDetailsList)
	}
	d := out.CodeDeliveryDetailsList[0]
	if aws.ToString(d.AttributeName) != "email" || d.DeliveryMedium != types.DeliveryMediumTypeEmail || aws.ToString(d.Destination) != "n***@e***" {
		t.Fatalf("delivery %+v", d)
	}
	ms := e.s.Messages(mockpool.MessageFilter{UserPoolID: e.pool, Username: "new@example.com"})
	if len(ms) != 1 || ms[0].Purpose != "UpdateUserAttribute" {
		t.Fatalf("outbox %+v", ms)
	}
	// An unchanged email sends nothing.
	out, err = e.update(strAttr("email", "new@example.com"))
	noErr(t, err)
	if len(out.CodeDeliveryDetailsList) != 0 {
		t.Fatalf("deliveries for an unchanged email %+v", out.CodeDeliveryDetailsList)
	}
}

func TestAttributesRequireVerificationBeforeUpdate(t *testing.T) {
	keep := &types.UserAttributeUpdateSettingsType{AttributesRequireVerificationBeforeUpdate: []types.VerifiedAttributeType{"email"}}
	// Only auto-verified attributes may be kept until verified.
	_, c, _ := newServer(t)
	_, err := c.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("p"), UserAttributeUpdateSettings: keep})
	apiErr(t, err, aInvalidParam, "All attributes in AttributesRequireVerificationBeforeUpdate must exist in AutoVerifiedAttributes")

	e := newVerifyEnv(t, &cip.CreateUserPoolInput{UserAttributeUpdateSettings: keep, AliasAttributes: []types.AliasAttributeType{"email"}})
	desc, err := e.c.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &e.pool})
	noErr(t, err)
	if s := desc.UserPool.UserAttributeUpdateSettings; s == nil || len(s.AttributesRequireVerificationBeforeUpdate) != 1 ||
		s.AttributesRequireVerificationBeforeUpdate[0] != "email" {
		t.Fatalf("DescribeUserPool UserAttributeUpdateSettings %+v", s)
	}
	out, err := e.update(strAttr("email", "new@example.com"))
	noErr(t, err)
	if len(out.CodeDeliveryDetailsList) != 1 || aws.ToString(out.CodeDeliveryDetailsList[0].Destination) != "n***@e***" {
		t.Fatalf("deliveries %+v", out.CodeDeliveryDetailsList)
	}
	// Until verified the old, verified value stays, and signs in; the new one does not.
	if a := e.attrs(); a["email"] != "alice@example.com" || a["email_verified"] != "true" {
		t.Fatalf("before verification %v", a)
	}
	_, err = e.login(legacy, "alice@example.com", goodPW)
	noErr(t, err)
	_, err = e.login(legacy, "new@example.com", goodPW)
	apiErr(t, err, "UserNotFoundException", "User does not exist.")

	// The state survives a save and a load with the pending value.
	var buf bytes.Buffer
	noErr(t, e.s.SaveState(&buf))
	s2 := mockpool.New(mockpool.WithClock(e.clk.now), mockpool.WithTestSigningKey(), mockpool.WithFixedCode(fixedCode))
	noErr(t, s2.LoadState(&buf))
	e.s, e.c = s2, s2.Client()

	noErr(t, e.verify("email", fixedCode))
	if a := e.attrs(); a["email"] != "new@example.com" || a["email_verified"] != "true" {
		t.Fatalf("after verification %v", a)
	}
	_, err = e.login(legacy, "new@example.com", goodPW)
	noErr(t, err)
	_, err = e.login(legacy, "alice@example.com", goodPW)
	apiErr(t, err, "UserNotFoundException", "User does not exist.")

	// AdminUpdateUserAttributes keeps the original too, unless the same call marks
	// the new value verified (the API reference's way around the setting).
	_, err = e.c.AdminUpdateUserAttributes(ctx, &cip.AdminUpdateUserAttributesInput{UserPoolId: &e.pool, Username: aws.String("alice"),
		UserAttributes: []types.AttributeType{strAttr("email", "third@example.com")}})
	noErr(t, err)
	if a := e.attrs(); a["email"] != "new@example.com" || a["email_verified"] != "true" {
		t.Fatalf("after admin update %v", a)
	}
	_, err = e.c.AdminUpdateUserAttributes(ctx, &cip.AdminUpdateUserAttributesInput{UserPoolId: &e.pool, Username: aws.String("alice"),
		UserAttributes: []types.AttributeType{strAttr("email", "fourth@example.com"), strAttr("email_verified", "true")}})
	noErr(t, err)
	if a := e.attrs(); a["email"] != "fourth@example.com" || a["email_verified"] != "true" {
		t.Fatalf("after admin update with email_verified %v", a)
	}
	// The code sent for third@ was for a value since replaced: it verifies nothing.
	apiErr(t, e.verify("email", fixedCode), "ExpiredCodeException", expired)
}

func TestDeleteUserAttributes(t *testing.T) {
	e := newVerifyEnv(t, &cip.CreateUserPoolInput{AliasAttributes: []types.AliasAttributeType{"email"}})
	_, err := e.update(strAttr("given_name", "Al"), strAttr("family_name", "Ice"))
	noErr(t, err)
	_, err = e.c.DeleteUserAttributes(ctx, &cip.DeleteUserAttributesInput{AccessToken: &e.token, UserAttributeNames: []string{"given_name", "not_there"}})
	noErr(t, err)
	if a := e.attrs(); a["given_name"] != "" || a["family_name"] != "Ice" {
		t.Fatalf("after delete %v", a)
	}
	_, err = e.c.DeleteUserAttributes(ctx, &cip.DeleteUserAttributesInput{AccessToken: &e.token, UserAttributeNames: []string{"sub"}})
	apiErr(t, err, aInvalidParam, "Cannot delete the required attribute sub.")
	// Deleting the email deletes its verification and its alias.
	_, err = e.c.AdminDeleteUserAttributes(ctx, &cip.AdminDeleteUserAttributesInput{UserPoolId: &e.pool, Username: aws.String("alice"),
		UserAttributeNames: []string{"email", "family_name"}})
	noErr(t, err)
	if a := e.attrs(); a["email"] != "" || a["email_verified"] != "" || a["family_name"] != "" || a["sub"] == "" {
		t.Fatalf("after admin delete %v", a)
	}
	_, err = e.login(legacy, "alice@example.com", goodPW)
	apiErr(t, err, "UserNotFoundException", "User does not exist.")
	_, err = e.c.AdminDeleteUserAttributes(ctx, &cip.AdminDeleteUserAttributesInput{UserPoolId: &e.pool, Username: aws.String("alice"),
		UserAttributeNames: []string{"sub"}})
	apiErr(t, err, aInvalidParam, "Cannot delete the required attribute sub.")
	_, err = e.c.AdminDeleteUserAttributes(ctx, &cip.AdminDeleteUserAttributesInput{UserPoolId: &e.pool, Username: aws.String("nobody"),
		UserAttributeNames: []string{"given_name"}})
	apiErr(t, err, "UserNotFoundException", "User does not exist.")
	// An attribute the schema declares Required may not be deleted either.
	req := newVerifyEnv(t, &cip.CreateUserPoolInput{Schema: []types.SchemaAttributeType{
		{Name: aws.String("email"), Required: aws.Bool(true), Mutable: aws.Bool(true), AttributeDataType: types.AttributeDataTypeString}}})
	_, err = req.c.DeleteUserAttributes(ctx, &cip.DeleteUserAttributesInput{AccessToken: &req.token, UserAttributeNames: []string{"email"}})
	apiErr(t, err, aInvalidParam, "Cannot delete the required attribute email.")
	_, err = req.c.AdminDeleteUserAttributes(ctx, &cip.AdminDeleteUserAttributesInput{UserPoolId: &req.pool, Username: aws.String("alice"),
		UserAttributeNames: []string{"email"}})
	apiErr(t, err, aInvalidParam, "Cannot delete the required attribute email.")
}

func TestChangePasswordLimit(t *testing.T) {
	e := newVerifyEnv(t, nil)
	change := func(prev string) error {
		_, err := e.c.ChangePassword(ctx, &cip.ChangePasswordInput{AccessToken: &e.token, PreviousPassword: aws.String(prev), ProposedPassword: aws.String("N3w!passw0rd")})
		return err
	}
	var got []string
	for i := 0; i < 6; i++ {
		got = append(got, answerOf(change(wrongPW)))
	}
	got = append(got, answerOf(change(goodPW)))
	want := append(times(5, aIncorrect), times(2, aLimit)...)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	e.advance(time.Hour)
	e.token = e.accessToken("alice", goodPW)
	noErr(t, change(goodPW))
}

// TestAttributeCodeDurable: a pending attribute code and the new value waiting for
// it are part of the user's durable record (UseState).
func TestAttributeCodeDurable(t *testing.T) {
	keep := &types.UserAttributeUpdateSettingsType{AttributesRequireVerificationBeforeUpdate: []types.VerifiedAttributeType{"email"}}
	e := newVerifyEnv(t, &cip.CreateUserPoolInput{UserAttributeUpdateSettings: keep})
	path := filepath.Join(t.TempDir(), "state.db")
	st, err := mockpool.OpenState(path)
	noErr(t, err)
	noErr(t, e.s.UseState(st))
	_, err = e.update(strAttr("email", "new@example.com"))
	noErr(t, err)
	noErr(t, st.Close())

	st2, err := mockpool.OpenState(path)
	noErr(t, err)
	defer st2.Close()
	s2 := mockpool.New(mockpool.WithClock(e.clk.now), mockpool.WithFixedCode(fixedCode))
	noErr(t, s2.UseState(st2))
	e.s, e.c = s2, s2.Client()
	desc, err := e.c.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &e.pool})
	noErr(t, err)
	if s := desc.UserPool.UserAttributeUpdateSettings; s == nil || len(s.AttributesRequireVerificationBeforeUpdate) != 1 {
		t.Fatalf("UserAttributeUpdateSettings after reload %+v", s)
	}
	if a := e.attrs(); a["email"] != "alice@example.com" {
		t.Fatalf("after reload %v", a)
	}
	noErr(t, e.verify("email", fixedCode))
	if a := e.attrs(); a["email"] != "new@example.com" || a["email_verified"] != "true" {
		t.Fatalf("after verification %v", a)
	}
}
