package mockpool_test

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/golang-jwt/jwt/v5"
)

// claimsOf decodes a JWT's payload without verifying it.
func claimsOf(t testing.TB, tok string) map[string]any {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", tok)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	noErr(t, err)
	m := map[string]any{}
	noErr(t, json.Unmarshal(b, &m))
	return m
}

// jwksKeys parses a JWKS document into RSA keys by kid.
func jwksKeys(t testing.TB, doc []byte) map[string]*rsa.PublicKey {
	t.Helper()
	var set struct {
		Keys []struct{ Kid, Alg, Kty, E, N, Use string }
	}
	noErr(t, json.Unmarshal(doc, &set))
	out := map[string]*rsa.PublicKey{}
	for _, k := range set.Keys {
		if k.Alg != "RS256" || k.Kty != "RSA" || k.Use != "sig" || k.Kid == "" {
			t.Fatalf("bad JWK %+v", k)
		}
		n, err := base64.RawURLEncoding.DecodeString(k.N)
		noErr(t, err)
		e, err := base64.RawURLEncoding.DecodeString(k.E)
		noErr(t, err)
		out[k.Kid] = &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
	}
	return out
}

func verify(t testing.TB, e *env, tok string) jwt.MapClaims {
	t.Helper()
	doc, found := e.s.JWKS(e.pool)
	if !found {
		t.Fatal("no JWKS")
	}
	keys := jwksKeys(t, doc)
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(tok, claims, func(tk *jwt.Token) (any, error) {
		return keys[tk.Header["kid"].(string)], nil
	}, jwt.WithValidMethods([]string{"RS256"}), jwt.WithIssuer("https://cognito-idp.us-east-1.amazonaws.com/"+e.pool),
		jwt.WithTimeFunc(e.clk.now))
	noErr(t, err)
	return claims
}

func TestTokens(t *testing.T) {
	e := newEnv(t, nil)
	e.confirmed("alice", "alice@example.com")
	out, err := e.login(legacy, "alice", goodPW)
	noErr(t, err)
	ar := out.AuthenticationResult
	acc := verify(t, e, *ar.AccessToken)
	id := verify(t, e, *ar.IdToken)
	client := e.clients[legacy]
	now := float64(e.clk.now().Unix())
	for k, v := range map[string]any{"token_use": "access", "scope": "aws.cognito.signin.user.admin", "client_id": client,
		"username": "alice", "auth_time": now, "iat": now, "exp": now + 3600} {
		if acc[k] != v {
			t.Errorf("access %s = %v, want %v", k, acc[k], v)
		}
	}
	if _, has := acc["aud"]; has {
		t.Error("access token has aud")
	}
	for k, v := range map[string]any{"token_use": "id", "aud": client, "cognito:username": "alice", "email": "alice@example.com",
		"email_verified": true, "auth_time": now} {
		if id[k] != v {
			t.Errorf("id %s = %v, want %v", k, id[k], v)
		}
	}
	for _, k := range []string{"sub", "jti", "origin_jti", "event_id"} {
		if acc[k] == nil || id[k] == nil {
			t.Errorf("missing %s", k)
		}
	}
	if acc["origin_jti"] != id["origin_jti"] || acc["sub"] != id["sub"] || acc["jti"] == id["jti"] {
		t.Error("origin_jti/sub/jti relations")
	}

	// refresh: same auth_time and origin_jti, no new refresh token
	e.advance(10 * time.Minute)
	rf, err := e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &client, AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
		AuthParameters: map[string]string{"REFRESH_TOKEN": *ar.RefreshToken}})
	noErr(t, err)
	if rf.AuthenticationResult.RefreshToken != nil {
		t.Error("refresh returned a refresh token")
	}
	acc2 := verify(t, e, *rf.AuthenticationResult.AccessToken)
	if acc2["auth_time"] != now || acc2["origin_jti"] != acc["origin_jti"] || acc2["iat"] == now {
		t.Errorf("refresh claims %v", acc2)
	}
	_, err = e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &client, AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
		AuthParameters: map[string]string{"REFRESH_TOKEN": "garbage"}})
	apiErr(t, err, "NotAuthorizedException", "Invalid Refresh Token.")

	// access tokens work for GetUser and ChangePassword
	_, err = e.c.ChangePassword(ctx, &cip.ChangePasswordInput{AccessToken: ar.AccessToken, PreviousPassword: aws.String("Wr0ng!pass"), ProposedPassword: aws.String("NewPassw0rd!")})
	apiErr(t, err, "NotAuthorizedException", incorrect)
	_, err = e.c.ChangePassword(ctx, &cip.ChangePasswordInput{AccessToken: ar.AccessToken, PreviousPassword: aws.String(goodPW), ProposedPassword: aws.String("short")})
	apiErr(t, err, "InvalidPasswordException", "Password does not conform to policy: Password not long enough")
	_, err = e.c.ChangePassword(ctx, &cip.ChangePasswordInput{AccessToken: ar.AccessToken, PreviousPassword: aws.String(goodPW), ProposedPassword: aws.String("NewPassw0rd!")})
	noErr(t, err)
	_, err = e.login(legacy, "alice", "NewPassw0rd!")
	noErr(t, err)

	// RevokeToken revokes every token of that sign-in
	_, err = e.c.RevokeToken(ctx, &cip.RevokeTokenInput{ClientId: &client, Token: ar.RefreshToken})
	noErr(t, err)
	_, err = e.c.GetUser(ctx, &cip.GetUserInput{AccessToken: ar.AccessToken})
	apiErr(t, err, "NotAuthorizedException", "Access Token has been revoked")
	_, err = e.c.GetUser(ctx, &cip.GetUserInput{AccessToken: rf.AuthenticationResult.AccessToken})
	apiErr(t, err, "NotAuthorizedException", "Access Token has been revoked")
	_, err = e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &client, AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
		AuthParameters: map[string]string{"REFRESH_TOKEN": *ar.RefreshToken}})
	apiErr(t, err, "NotAuthorizedException", "Refresh Token has been revoked")
	_, err = e.c.RevokeToken(ctx, &cip.RevokeTokenInput{ClientId: &client, Token: ar.AccessToken})
	apiErr(t, err, "UnsupportedTokenTypeException", "")
	_, err = e.c.GetUser(ctx, &cip.GetUserInput{AccessToken: aws.String("not.a.token")})
	apiErr(t, err, "NotAuthorizedException", "Invalid Access Token")
	_, err = e.c.GetUser(ctx, &cip.GetUserInput{AccessToken: ar.IdToken})
	apiErr(t, err, "NotAuthorizedException", "Invalid Access Token")
}

func TestAccessTokenExpiryAndSignOut(t *testing.T) {
	e := newEnv(t, nil)
	e.confirmed("alice", "")
	out, err := e.login(legacy, "alice", goodPW)
	noErr(t, err)
	out2, err := e.login(legacy, "alice", goodPW)
	noErr(t, err)
	tok := out.AuthenticationResult.AccessToken
	g, err := e.c.GetUser(ctx, &cip.GetUserInput{AccessToken: tok})
	noErr(t, err)
	if *g.Username != "alice" || attr(g.UserAttributes, "sub") == "" {
		t.Fatalf("%+v", g)
	}
	_, err = e.c.GlobalSignOut(ctx, &cip.GlobalSignOutInput{AccessToken: tok})
	noErr(t, err)
	for _, tk := range []*string{tok, out2.AuthenticationResult.AccessToken} {
		_, err = e.c.GetUser(ctx, &cip.GetUserInput{AccessToken: tk})
		apiErr(t, err, "NotAuthorizedException", "Access Token has been revoked")
	}
	_, err = e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: aws.String(e.clients[legacy]), AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
		AuthParameters: map[string]string{"REFRESH_TOKEN": *out2.AuthenticationResult.RefreshToken}})
	apiErr(t, err, "NotAuthorizedException", "Refresh Token has been revoked")

	out3, err := e.login(legacy, "alice", goodPW)
	noErr(t, err)
	e.advance(time.Hour)
	_, err = e.c.GetUser(ctx, &cip.GetUserInput{AccessToken: out3.AuthenticationResult.AccessToken})
	apiErr(t, err, "NotAuthorizedException", "Access Token has expired")

	out4, err := e.login(legacy, "alice", goodPW)
	noErr(t, err)
	_, err = e.c.DeleteUser(ctx, &cip.DeleteUserInput{AccessToken: out4.AuthenticationResult.AccessToken})
	noErr(t, err)
	_, err = e.c.GetUser(ctx, &cip.GetUserInput{AccessToken: out4.AuthenticationResult.AccessToken})
	apiErr(t, err, "UserNotFoundException", "User does not exist.")
}

func TestUpdateUserAttributes(t *testing.T) {
	e := newEnv(t, nil)
	e.confirmed("alice", "alice@example.com")
	out, err := e.login(legacy, "alice", goodPW)
	noErr(t, err)
	up, err := e.c.UpdateUserAttributes(ctx, &cip.UpdateUserAttributesInput{AccessToken: out.AuthenticationResult.AccessToken,
		UserAttributes: []types.AttributeType{strAttr("email", "new@example.com"), strAttr("name", "Alice")}})
	noErr(t, err)
	if len(up.CodeDeliveryDetailsList) != 1 || *up.CodeDeliveryDetailsList[0].Destination != "n***@e***" {
		t.Fatalf("%+v", up.CodeDeliveryDetailsList)
	}
	g, err := e.c.GetUser(ctx, &cip.GetUserInput{AccessToken: out.AuthenticationResult.AccessToken})
	noErr(t, err)
	if attr(g.UserAttributes, "email") != "new@example.com" || attr(g.UserAttributes, "email_verified") != "false" || attr(g.UserAttributes, "name") != "Alice" {
		t.Fatalf("%+v", g.UserAttributes)
	}
}
