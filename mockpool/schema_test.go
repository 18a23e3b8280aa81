package mockpool_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// The claim-injection test (issue 14): a self-registered user, an app client
// and an administrator each try to write claim names (cognito:groups, iss,
// aud, exp, ...), duplicates, undeclared custom attributes and attributes the
// client's WriteAttributes excludes. Each must be refused with Cognito's code
// and text, and no ID or access token may then carry a user-chosen cognito:*
// claim, a user-chosen registered claim, or any claim twice.

// notInSchema is Cognito's answer listing names that are not attributes.
func notInSchema(names ...string) string {
	var b strings.Builder
	b.WriteString(cognito.MsgSchemaPrefix)
	for _, n := range names {
		b.WriteString(cognito.MsgSchemaProblem(n, cognito.ProblemNotInSchema))
	}
	return b.String()
}

func TestClaimInjection(t *testing.T) {
	_, c, _ := newServer(t)
	pool := createPool(t, c, &cip.CreateUserPoolInput{
		AutoVerifiedAttributes: []types.VerifiedAttributeType{"email"},
		Schema: []types.SchemaAttributeType{{Name: aws.String("tier"), AttributeDataType: types.AttributeDataTypeString,
			Mutable: aws.Bool(true), StringAttributeConstraints: &types.StringAttributeConstraintsType{MaxLength: aws.String("16")}}},
	})
	flows := []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowAdminUserPasswordAuth,
		types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}
	newClient := func(write []string) string {
		out, err := c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: &pool, ClientName: aws.String("app"),
			ExplicitAuthFlows: flows, WriteAttributes: write})
		noErr(t, err)
		return *out.UserPoolClient.ClientId
	}
	def := newClient(nil)                                  // default WriteAttributes
	limited := newClient([]string{"email", "custom:tier"}) // no given_name

	// mallory: a confirmed user with an access token from each client.
	_, err := c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &pool, Username: aws.String("mallory"),
		UserAttributes: []types.AttributeType{strAttr("email", "mallory@example.com")}, MessageAction: types.MessageActionTypeSuppress})
	noErr(t, err)
	_, err = c.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &pool, Username: aws.String("mallory"), Password: aws.String(goodPW), Permanent: true})
	noErr(t, err)
	access := map[string]string{}
	for _, id := range []string{def, limited} {
		out, err := c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: aws.String(id), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
			AuthParameters: map[string]string{"USERNAME": "mallory", "PASSWORD": goodPW}})
		noErr(t, err)
		access[id] = *out.AuthenticationResult.AccessToken
	}

	const (
		signUp      = "SignUp"
		adminCreate = "AdminCreateUser"
		update      = "UpdateUserAttributes"
		adminUpdate = "AdminUpdateUserAttributes"
	)
	email := strAttr("email", "user@example.com")
	for i, tc := range []struct {
		name   string
		op     string
		client string // app client of SignUp and UpdateUserAttributes
		attrs  []types.AttributeType
		code   string // "" accepted
		msg    string
	}{
		{"control: declared attributes", signUp, def, []types.AttributeType{email, strAttr("custom:tier", "gold")}, "", ""},
		{"cognito:groups at sign-up", signUp, def, []types.AttributeType{email, strAttr("cognito:groups", "admins")},
			cognito.CodeInvalidParameter, notInSchema("cognito:groups")},
		{"registered claims at sign-up", signUp, def, []types.AttributeType{email, strAttr("iss", "https://evil.example"), strAttr("aud", "other-client"), strAttr("exp", "4102444800")},
			cognito.CodeInvalidParameter, notInSchema("iss", "aud", "exp")},
		{"cognito:username at sign-up", signUp, def, []types.AttributeType{email, strAttr("cognito:username", "root")},
			cognito.CodeInvalidParameter, notInSchema("cognito:username")},
		{"duplicate at sign-up", signUp, def, []types.AttributeType{email, strAttr("email", "other@example.com")},
			cognito.CodeInvalidParameter, cognito.MsgSchemaPrefix + cognito.MsgSchemaProblem("email", cognito.ProblemDuplicate)},
		{"undeclared custom at sign-up", signUp, def, []types.AttributeType{email, strAttr("custom:x", "1")},
			cognito.CodeInvalidParameter, notInSchema("custom:x")},
		{"verified flag at sign-up", signUp, def, []types.AttributeType{email, strAttr("email_verified", "true")},
			cognito.CodeNotAuthorized, cognito.MsgUnauthorizedAttribute},
		{"excluded by WriteAttributes at sign-up", signUp, limited, []types.AttributeType{email, strAttr("given_name", "Mallory")},
			cognito.CodeNotAuthorized, cognito.MsgUnauthorizedAttribute},
		{"claim through a WriteAttributes client", signUp, limited, []types.AttributeType{email, strAttr("cognito:groups", "admins")},
			cognito.CodeNotAuthorized, cognito.MsgUnauthorizedAttribute},
		{"cognito:groups at admin create", adminCreate, "", []types.AttributeType{email, strAttr("cognito:groups", "admins")},
			cognito.CodeInvalidParameter, notInSchema("cognito:groups")},
		{"registered claims at admin create", adminCreate, "", []types.AttributeType{email, strAttr("token_use", "access"), strAttr("iat", "0")},
			cognito.CodeInvalidParameter, notInSchema("token_use", "iat")},
		{"duplicate at admin create", adminCreate, "", []types.AttributeType{email, strAttr("name", "a"), strAttr("name", "b")},
			cognito.CodeInvalidParameter, cognito.MsgSchemaPrefix + cognito.MsgSchemaProblem("name", cognito.ProblemDuplicate)},
		{"cognito:groups at update", update, def, []types.AttributeType{strAttr("cognito:groups", "admins")},
			cognito.CodeInvalidParameter, notInSchema("cognito:groups")},
		{"registered claims at update", update, def, []types.AttributeType{strAttr("aud", "other-client"), strAttr("iss", "https://evil.example")},
			cognito.CodeInvalidParameter, notInSchema("aud", "iss")},
		{"duplicate at update", update, def, []types.AttributeType{strAttr("name", "a"), strAttr("name", "b")},
			cognito.CodeInvalidParameter, cognito.MsgSchemaPrefix + cognito.MsgSchemaProblem("name", cognito.ProblemDuplicate)},
		{"undeclared custom at update", update, def, []types.AttributeType{strAttr("custom:role", "admin")},
			cognito.CodeInvalidParameter, notInSchema("custom:role")},
		{"excluded by WriteAttributes at update", update, limited, []types.AttributeType{strAttr("given_name", "Mallory")},
			cognito.CodeNotAuthorized, cognito.MsgUnauthorizedAttribute},
		{"cognito:roles at admin update", adminUpdate, "", []types.AttributeType{strAttr("cognito:roles", "arn:aws:iam::1:role/admin")},
			cognito.CodeInvalidParameter, notInSchema("cognito:roles")},
		{"exp at admin update", adminUpdate, "", []types.AttributeType{strAttr("exp", "4102444800")},
			cognito.CodeInvalidParameter, notInSchema("exp")},
	} {
		username := fmt.Sprintf("user%d", i)
		t.Run(tc.name, func(t *testing.T) {
			var err error
			switch tc.op {
			case signUp:
				_, err = c.SignUp(ctx, &cip.SignUpInput{ClientId: aws.String(tc.client), Username: aws.String(username), Password: aws.String(goodPW), UserAttributes: tc.attrs})
			case adminCreate:
				_, err = c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &pool, Username: aws.String(username), UserAttributes: tc.attrs,
					MessageAction: types.MessageActionTypeSuppress})
			case update:
				_, err = c.UpdateUserAttributes(ctx, &cip.UpdateUserAttributesInput{AccessToken: aws.String(access[tc.client]), UserAttributes: tc.attrs})
			case adminUpdate:
				_, err = c.AdminUpdateUserAttributes(ctx, &cip.AdminUpdateUserAttributesInput{UserPoolId: &pool, Username: aws.String("mallory"), UserAttributes: tc.attrs})
			}
			if tc.code == "" {
				noErr(t, err)
				return
			}
			apiErr(t, err, tc.code, tc.msg)
		})
	}

	// Whatever got in, no token may carry it: sign in every user that exists.
	// (token_use "access" and iat "0" are caught as duplicates: their values
	// are ones Cognito itself writes.)
	chosen := map[string]bool{"admins": true, "https://evil.example": true, "other-client": true, "4102444800": true, "root": true,
		"arn:aws:iam::1:role/admin": true}
	users, err := c.ListUsers(ctx, &cip.ListUsersInput{UserPoolId: &pool})
	noErr(t, err)
	for _, u := range users.Users {
		name := aws.ToString(u.Username)
		t.Run("tokens of "+name, func(t *testing.T) {
			if u.UserStatus == types.UserStatusTypeUnconfirmed {
				_, err := c.AdminConfirmSignUp(ctx, &cip.AdminConfirmSignUpInput{UserPoolId: &pool, Username: aws.String(name)})
				noErr(t, err)
			}
			_, err := c.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &pool, Username: aws.String(name), Password: aws.String(goodPW), Permanent: true})
			noErr(t, err)
			out, err := c.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{UserPoolId: &pool, ClientId: aws.String(def),
				AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth, AuthParameters: map[string]string{"USERNAME": name, "PASSWORD": goodPW}})
			noErr(t, err)
			for kind, tok := range map[string]string{"id": *out.AuthenticationResult.IdToken, "access": *out.AuthenticationResult.AccessToken} {
				claims := uniqueClaims(t, kind, tok)
				if g, ok := claims["cognito:groups"]; ok {
					t.Errorf("%s token of a user in no group carries cognito:groups %s", kind, g)
				}
				for k, v := range claims {
					var s string
					if json.Unmarshal(v, &s) == nil && chosen[s] && (strings.HasPrefix(k, "cognito:") || k == "iss" || k == "aud" || k == "exp" || k == "iat" || k == "token_use") {
						t.Errorf("%s token carries the user-chosen %s %q", kind, k, s)
					}
				}
				var iss, use string
				_ = json.Unmarshal(claims["iss"], &iss)
				_ = json.Unmarshal(claims["token_use"], &use)
				if !strings.HasSuffix(iss, "/"+pool) || use != kind {
					t.Errorf("%s token: iss %q token_use %q", kind, iss, use)
				}
				if kind == "id" {
					var aud string
					_ = json.Unmarshal(claims["aud"], &aud)
					if aud != def {
						t.Errorf("id token aud %s", claims["aud"])
					}
				}
				for _, bad := range []string{"custom:x", "custom:role"} {
					if _, ok := claims[bad]; ok {
						t.Errorf("%s token carries the undeclared %s", kind, bad)
					}
				}
			}
		})
	}
}

// uniqueClaims decodes a JWT's payload, failing the test if a claim appears
// twice (a JSON object with a repeated name: which one a verifier takes is up
// to its parser, so a second "iss" or "exp" is an injection).
func uniqueClaims(t *testing.T, kind, tok string) map[string]json.RawMessage {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("%s token is not a JWT", kind)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	noErr(t, err)
	dec := json.NewDecoder(bytes.NewReader(b))
	if tk, err := dec.Token(); err != nil || tk != json.Delim('{') {
		t.Fatalf("%s token payload is not an object", kind)
	}
	out := map[string]json.RawMessage{}
	for dec.More() {
		tk, err := dec.Token()
		noErr(t, err)
		name := tk.(string)
		var v json.RawMessage
		noErr(t, dec.Decode(&v))
		if _, dup := out[name]; dup {
			t.Errorf("%s token carries %q twice", kind, name)
		}
		out[name] = v
	}
	return out
}
