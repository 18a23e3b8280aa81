package mockpool_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// tokenClaims decodes a JWT's payload and fails on a claim that appears twice (JWT
// libraries disagree on which copy wins).
func tokenClaims(t *testing.T, jwt string) map[string]any {
	t.Helper()
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWS: %d parts", len(parts))
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	noErr(t, err)
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("payload is not an object: %v", err)
	}
	claims := map[string]any{}
	for dec.More() {
		k, err := dec.Token()
		noErr(t, err)
		var v any
		noErr(t, dec.Decode(&v))
		name := k.(string)
		if _, dup := claims[name]; dup {
			t.Errorf("claim %q appears twice", name)
		}
		claims[name] = v
	}
	return claims
}

// TestAttributesCannotForgeClaims is the attacker's test: a user who signs up with
// attributes named like the token's registered claims (or cognito:*) is refused,
// each name listed as not in the schema, and the tokens of the sign-up that follows
// carry the server's values alone, and only ordinary attributes are copied into the
// ID token.
func TestAttributesCannotForgeClaims(t *testing.T) {
	s, c, _ := newServer(t)
	poolID := createPool(t, c, &cip.CreateUserPoolInput{
		Schema: []types.SchemaAttributeType{{Name: aws.String("team"), AttributeDataType: types.AttributeDataTypeString}}})
	clientID, _ := createClient(t, c, poolID, types.PreventUserExistenceErrorTypesEnabled, false)
	forged := map[string]string{
		"cognito:groups": "admins", "cognito:username": "root", "cognito:roles": "arn:aws:iam::1:role/admin",
		"iss": "https://evil.example", "aud": "other-client", "token_use": "access", "exp": "9999999999",
		"iat": "1", "auth_time": "1", "jti": "x", "origin_jti": "x", "event_id": "x", "client_id": "other",
		"scope": "admin", "device_key": "d", "username": "root",
	}
	attrs := []types.AttributeType{{Name: aws.String("custom:team"), Value: aws.String("blue")}}
	for k, v := range forged {
		attrs = append(attrs, types.AttributeType{Name: aws.String(k), Value: aws.String(v)})
	}
	var forgedNames []string
	for _, a := range attrs[1:] {
		forgedNames = append(forgedNames, *a.Name)
	}
	_, err := c.SignUp(ctx, &cip.SignUpInput{ClientId: aws.String(clientID), Username: aws.String("mallory"),
		Password: aws.String("Passw0rd!"), UserAttributes: attrs})
	apiErr(t, err, cognito.CodeInvalidParameter, notInSchema(forgedNames...))
	_, err = c.SignUp(ctx, &cip.SignUpInput{ClientId: aws.String(clientID), Username: aws.String("mallory"),
		Password: aws.String("Passw0rd!"), UserAttributes: attrs[:1]})
	noErr(t, err)
	_, err = c.AdminConfirmSignUp(ctx, &cip.AdminConfirmSignUpInput{UserPoolId: aws.String(poolID), Username: aws.String("mallory")})
	noErr(t, err)
	out, err := c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: aws.String(clientID), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "mallory", "PASSWORD": "Passw0rd!"}})
	noErr(t, err)
	for _, tc := range []struct {
		name, jwt, use string
	}{{"ID", *out.AuthenticationResult.IdToken, "id"}, {"access", *out.AuthenticationResult.AccessToken, "access"}} {
		cl := tokenClaims(t, tc.jwt)
		for _, name := range []string{"cognito:groups", "cognito:roles"} {
			if v, ok := cl[name]; ok {
				t.Errorf("%s token: %s = %v, from a user attribute", tc.name, name, v)
			}
		}
		if cl["iss"] != s.Issuer(poolID) || cl["token_use"] != tc.use {
			t.Errorf("%s token: iss %v, token_use %v", tc.name, cl["iss"], cl["token_use"])
		}
		for _, name := range []string{"exp", "iat", "auth_time"} {
			if _, ok := cl[name].(float64); !ok {
				t.Errorf("%s token: %s = %#v, want the server's number", tc.name, name, cl[name])
			}
		}
		for _, name := range []string{"jti", "origin_jti", "event_id"} {
			if cl[name] == "x" {
				t.Errorf("%s token: %s from a user attribute", tc.name, name)
			}
		}
	}
	id := tokenClaims(t, *out.AuthenticationResult.IdToken)
	if id["aud"] != clientID || id["cognito:username"] != "mallory" || id["custom:team"] != "blue" {
		t.Errorf("ID token: aud %v, cognito:username %v, custom:team %v", id["aud"], id["cognito:username"], id["custom:team"])
	}
	for _, name := range []string{"client_id", "scope", "device_key", "username"} {
		if v, ok := id[name]; ok {
			t.Errorf("ID token: %s = %v, from a user attribute", name, v)
		}
	}
	acc := tokenClaims(t, *out.AuthenticationResult.AccessToken)
	if acc["client_id"] != clientID || acc["username"] != "mallory" || acc["scope"] != "aws.cognito.signin.user.admin" {
		t.Errorf("access token: client_id %v, username %v, scope %v", acc["client_id"], acc["username"], acc["scope"])
	}
	if _, ok := acc["custom:team"]; ok {
		t.Error("access token carries a user attribute")
	}
}
