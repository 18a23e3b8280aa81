package mockpool_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/mockpool"
)

const invalidRefresh = "Invalid Refresh Token."

func rotation(feature types.FeatureType, grace int32) *types.RefreshTokenRotationType {
	return &types.RefreshTokenRotationType{Feature: feature, RetryGracePeriodSeconds: aws.Int32(grace)}
}

// rotatingClient adds an app client with rotation (and optionally a secret) to e's pool.
func rotatingClient(t *testing.T, e *env, r *types.RefreshTokenRotationType, secret bool, flows ...types.ExplicitAuthFlowsType) (string, string) {
	t.Helper()
	if flows == nil {
		flows = []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth}
	}
	out, err := e.c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: &e.pool, ClientName: aws.String("rot"),
		ExplicitAuthFlows: flows, RefreshTokenRotation: r, GenerateSecret: secret})
	noErr(t, err)
	return *out.UserPoolClient.ClientId, aws.ToString(out.UserPoolClient.ClientSecret)
}

func passwordLogin(t *testing.T, e *env, client, secret, user string) *types.AuthenticationResultType {
	t.Helper()
	p := map[string]string{"USERNAME": user, "PASSWORD": goodPW}
	if secret != "" {
		p["SECRET_HASH"] = secretHash(secret, user, client)
	}
	out, err := e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &client, AuthFlow: types.AuthFlowTypeUserPasswordAuth, AuthParameters: p})
	noErr(t, err)
	return out.AuthenticationResult
}

func getTokens(e *env, client, token string, opt func(*cip.GetTokensFromRefreshTokenInput)) (*types.AuthenticationResultType, error) {
	in := &cip.GetTokensFromRefreshTokenInput{ClientId: &client, RefreshToken: &token}
	if opt != nil {
		opt(in)
	}
	out, err := e.c.GetTokensFromRefreshToken(ctx, in)
	if err != nil {
		return nil, err
	}
	return out.AuthenticationResult, nil
}

// TestRefreshTokenRotationConfig: RefreshTokenRotation is validated, stored, echoed,
// and decides whether ExplicitAuthFlows may leave out ALLOW_REFRESH_TOKEN_AUTH.
func TestRefreshTokenRotationConfig(t *testing.T) {
	e := newEnv(t, nil)
	create := func(flows []types.ExplicitAuthFlowsType, r *types.RefreshTokenRotationType) (*types.UserPoolClientType, error) {
		out, err := e.c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: &e.pool, ClientName: aws.String("c"),
			ExplicitAuthFlows: flows, RefreshTokenRotation: r})
		if err != nil {
			return nil, err
		}
		return out.UserPoolClient, nil
	}
	pwOnly := []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth}
	for _, tc := range []struct {
		name  string
		flows []types.ExplicitAuthFlowsType
		r     *types.RefreshTokenRotationType
		msg   string // "" accepted
	}{
		{"no refresh flow, no rotation", pwOnly, nil, "REFRESH_TOKEN_AUTH should always be allowed."},
		{"no refresh flow, rotation disabled", pwOnly, rotation(types.FeatureTypeDisabled, 0), "REFRESH_TOKEN_AUTH should always be allowed."},
		{"SRP only", []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth}, nil, "REFRESH_TOKEN_AUTH should always be allowed."},
		{"no refresh flow, rotation enabled", pwOnly, rotation(types.FeatureTypeEnabled, 10), ""},
		{"no flows at all: Cognito's defaults", nil, nil, ""},
		{"legacy flows allow refresh", []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeUserPasswordAuth}, nil, ""},
		{"refresh flow listed", append(pwOnly, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth), nil, ""},
		{"grace over 60", pwOnly, rotation(types.FeatureTypeEnabled, 61),
			"1 validation error detected: Value '61' at 'refreshTokenRotation.retryGracePeriodSeconds' failed to satisfy constraint: Member must have value less than or equal to 60"},
		{"negative grace", pwOnly, rotation(types.FeatureTypeEnabled, -1),
			"1 validation error detected: Value '-1' at 'refreshTokenRotation.retryGracePeriodSeconds' failed to satisfy constraint: Member must have value greater than or equal to 0"},
		{"unknown feature", pwOnly, rotation("ON", 0),
			"1 validation error detected: Value 'ON' at 'refreshTokenRotation.feature' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := create(tc.flows, tc.r)
			if tc.msg != "" {
				apiErr(t, err, "InvalidParameterException", tc.msg)
				return
			}
			noErr(t, err)
			d, err := e.c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: &e.pool, ClientId: c.ClientId})
			noErr(t, err)
			got := d.UserPoolClient.RefreshTokenRotation
			if (tc.r == nil) != (got == nil) || tc.r != nil && (got.Feature != tc.r.Feature || aws.ToInt32(got.RetryGracePeriodSeconds) != aws.ToInt32(tc.r.RetryGracePeriodSeconds)) {
				t.Fatalf("RefreshTokenRotation echoed %+v, set %+v", got, tc.r)
			}
		})
	}

	// UpdateUserPoolClient: turning rotation off needs the refresh flow back; a setting
	// left out goes back to its default (no rotation).
	c, err := create(pwOnly, rotation(types.FeatureTypeEnabled, 30))
	noErr(t, err)
	_, err = e.c.UpdateUserPoolClient(ctx, &cip.UpdateUserPoolClientInput{UserPoolId: &e.pool, ClientId: c.ClientId, ExplicitAuthFlows: pwOnly})
	apiErr(t, err, "InvalidParameterException", "REFRESH_TOKEN_AUTH should always be allowed.")
	up, err := e.c.UpdateUserPoolClient(ctx, &cip.UpdateUserPoolClientInput{UserPoolId: &e.pool, ClientId: c.ClientId, ExplicitAuthFlows: pwOnly,
		RefreshTokenRotation: rotation(types.FeatureTypeEnabled, 5)})
	noErr(t, err)
	if r := up.UserPoolClient.RefreshTokenRotation; r == nil || r.Feature != types.FeatureTypeEnabled || aws.ToInt32(r.RetryGracePeriodSeconds) != 5 {
		t.Fatalf("updated rotation %+v", r)
	}
}

// TestGetTokensFromRefreshTokenWithoutRotation: ID and access tokens only, from the
// same session, for the client that issued the token.
func TestGetTokensFromRefreshTokenWithoutRotation(t *testing.T) {
	e := newEnv(t, nil)
	e.confirmed("alice", "alice@example.com")
	out, err := e.login(legacy, "alice", goodPW)
	noErr(t, err)
	first := out.AuthenticationResult
	e.clk.advance(time.Minute)
	res, err := getTokens(e, e.clients[legacy], *first.RefreshToken, nil)
	noErr(t, err)
	if res.RefreshToken != nil {
		t.Fatal("a refresh token without rotation")
	}
	acc, id := verify(t, e, *res.AccessToken), verify(t, e, *res.IdToken)
	if acc["origin_jti"] != claimsOf(t, *first.AccessToken)["origin_jti"] || id["auth_time"] != claimsOf(t, *first.IdToken)["auth_time"] {
		t.Fatalf("not the same session: %v %v", acc, id)
	}
	// REFRESH_TOKEN_AUTH still works without rotation.
	_, err = e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: aws.String(e.clients[legacy]), AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
		AuthParameters: map[string]string{"REFRESH_TOKEN": *first.RefreshToken}})
	noErr(t, err)

	_, err = getTokens(e, e.clients[enabled], *first.RefreshToken, nil)
	apiErr(t, err, "NotAuthorizedException", invalidRefresh)
	_, err = getTokens(e, e.clients[legacy], "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.bogus", nil)
	apiErr(t, err, "NotAuthorizedException", invalidRefresh)
	_, err = getTokens(e, "nosuchclient0000000000000", *first.RefreshToken, nil)
	apiErr(t, err, "ResourceNotFoundException", "")

	// A client with a secret wants ClientSecret.
	client, secret := rotatingClient(t, e, nil, true, types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	ar := passwordLogin(t, e, client, secret, "alice")
	_, err = getTokens(e, client, *ar.RefreshToken, nil)
	apiErr(t, err, "NotAuthorizedException", "Client "+client+" is configured for secret but secret was not received")
	_, err = getTokens(e, client, *ar.RefreshToken, func(in *cip.GetTokensFromRefreshTokenInput) { in.ClientSecret = aws.String("wrong") })
	apiErr(t, err, "NotAuthorizedException", "Unable to verify secret hash for client "+client)
	_, err = getTokens(e, client, *ar.RefreshToken, func(in *cip.GetTokensFromRefreshTokenInput) { in.ClientSecret = &secret })
	noErr(t, err)
}

// TestRefreshTokenRotation: with rotation each refresh answers a new refresh token;
// the token presented stays usable for the grace period, then reads "Invalid Refresh
// Token."; the replacement expires when the original would have; REFRESH_TOKEN_AUTH
// is refused.
func TestRefreshTokenRotation(t *testing.T) {
	e := newEnv(t, nil)
	e.confirmed("alice", "alice@example.com")
	client, _ := rotatingClient(t, e, rotation(types.FeatureTypeEnabled, 10), false,
		types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	start := e.clk.now()
	first := passwordLogin(t, e, client, "", "alice")
	origin := claimsOf(t, *first.AccessToken)["origin_jti"]

	_, err := e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &client, AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
		AuthParameters: map[string]string{"REFRESH_TOKEN": *first.RefreshToken}})
	apiErr(t, err, "InvalidParameterException", "Auth flow not enabled for this client")

	r1, err := getTokens(e, client, *first.RefreshToken, nil)
	noErr(t, err)
	if r1.RefreshToken == nil || *r1.RefreshToken == *first.RefreshToken || !strings.HasPrefix(*r1.RefreshToken, "eyJ") {
		t.Fatalf("rotation gave refresh token %v", r1.RefreshToken)
	}
	if claimsOf(t, *r1.AccessToken)["origin_jti"] != origin {
		t.Fatal("rotation started a new session")
	}
	// Within the grace period the old token still works (a client's retry) ...
	e.clk.advance(9 * time.Second)
	r2, err := getTokens(e, client, *first.RefreshToken, nil)
	noErr(t, err)
	// ... and its answer replaces the token the lost answer carried.
	_, err = getTokens(e, client, *r1.RefreshToken, nil)
	apiErr(t, err, "NotAuthorizedException", invalidRefresh)
	e.clk.advance(time.Second) // 10 s after the rotation: the grace period is over
	_, err = getTokens(e, client, *first.RefreshToken, nil)
	apiErr(t, err, "NotAuthorizedException", invalidRefresh)

	// The current token rotates on; the replacements keep the original's expiry (30 days).
	r3, err := getTokens(e, client, *r2.RefreshToken, nil)
	noErr(t, err)
	e.clk.t = start.Add(30*24*time.Hour - time.Second)
	r4, err := getTokens(e, client, *r3.RefreshToken, nil)
	noErr(t, err)
	e.clk.t = start.Add(30 * 24 * time.Hour)
	_, err = getTokens(e, client, *r4.RefreshToken, nil)
	apiErr(t, err, "NotAuthorizedException", "Refresh Token has expired")

	// RevokeToken with a rotated token revokes the session.
	e.clk.t = start.Add(time.Hour)
	again := passwordLogin(t, e, client, "", "alice")
	r5, err := getTokens(e, client, *again.RefreshToken, nil)
	noErr(t, err)
	_, err = e.c.RevokeToken(ctx, &cip.RevokeTokenInput{ClientId: &client, Token: r5.RefreshToken})
	noErr(t, err)
	_, err = getTokens(e, client, *r5.RefreshToken, nil)
	apiErr(t, err, "NotAuthorizedException", "Refresh Token has been revoked")
	_, err = e.c.GetUser(ctx, &cip.GetUserInput{AccessToken: r5.AccessToken})
	apiErr(t, err, "NotAuthorizedException", "Access Token has been revoked")

	// Without a grace period the old token is refused at once.
	now, _ := rotatingClient(t, e, rotation(types.FeatureTypeEnabled, 0), false)
	ar := passwordLogin(t, e, now, "", "alice")
	_, err = getTokens(e, now, *ar.RefreshToken, nil)
	noErr(t, err)
	_, err = getTokens(e, now, *ar.RefreshToken, nil)
	apiErr(t, err, "NotAuthorizedException", invalidRefresh)
}

// TestRotationSurvivesSaveLoad: the rotated token and the grace token are in the state.
func TestRotationSurvivesSaveLoad(t *testing.T) {
	e := newEnv(t, nil)
	e.confirmed("alice", "alice@example.com")
	client, _ := rotatingClient(t, e, rotation(types.FeatureTypeEnabled, 30), false)
	first := passwordLogin(t, e, client, "", "alice")
	r1, err := getTokens(e, client, *first.RefreshToken, nil)
	noErr(t, err)
	var buf bytes.Buffer
	noErr(t, e.s.SaveState(&buf))
	s2 := mockpool.New(mockpool.WithClock(e.clk.now))
	noErr(t, s2.LoadState(&buf))
	e2 := &env{t: t, s: s2, c: s2.Client(), clk: e.clk, pool: e.pool, clients: e.clients}
	_, err = getTokens(e2, client, *first.RefreshToken, nil) // within the grace period
	noErr(t, err)
	e.clk.advance(31 * time.Second)
	_, err = getTokens(e2, client, *first.RefreshToken, nil)
	apiErr(t, err, "NotAuthorizedException", invalidRefresh)
	d, err := e2.c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: &e.pool, ClientId: &client})
	noErr(t, err)
	if r := d.UserPoolClient.RefreshTokenRotation; r == nil || r.Feature != types.FeatureTypeEnabled || aws.ToInt32(r.RetryGracePeriodSeconds) != 30 {
		t.Fatalf("rotation after load %+v", r)
	}
	_ = r1
}

// TestRefreshBoundToDevice is the attacker's test: a refresh token stolen from a
// sign-in that was handed a device is useless without that device's key, and reads
// exactly like a token that never existed.
func TestRefreshBoundToDevice(t *testing.T) {
	e := newSRPEnv(t, types.PreventUserExistenceErrorTypesEnabled, false, &cip.CreateUserPoolInput{
		DeviceConfiguration: &types.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true}})
	e.addUser("alice", "Passw0rd!")
	_, out, err := e.signIn("alice", "Passw0rd!")
	noErr(t, err)
	ar := out.AuthenticationResult
	rt := aws.ToString(ar.RefreshToken)
	refresh := func(token string, params map[string]string) error {
		p := map[string]string{"REFRESH_TOKEN": token}
		for k, v := range params {
			p[k] = v
		}
		_, err := e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &e.clientID, AuthFlow: types.AuthFlowTypeRefreshTokenAuth, AuthParameters: p})
		return err
	}
	gt := func(token, device string) error {
		in := &cip.GetTokensFromRefreshTokenInput{ClientId: &e.clientID, RefreshToken: &token}
		if device != "" {
			in.DeviceKey = &device
		}
		_, err := e.c.GetTokensFromRefreshToken(ctx, in)
		return err
	}
	d := e.confirm(ar.AccessToken, ar.NewDeviceMetadata)
	other := strings.Split(d.key, "_")[0] + "_00000000-0000-4000-8000-000000000000"

	// The stolen token, without the device key or with another one, against a token
	// that never existed: the same code and text.
	garbage := "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.never.issued.x.y"
	for _, tc := range []struct {
		name string
		err  error
	}{
		{"stolen, no device key", refresh(rt, nil)},
		{"stolen, another device key", refresh(rt, map[string]string{"DEVICE_KEY": other})},
		{"stolen, GetTokensFromRefreshToken without DeviceKey", gt(rt, "")},
		{"stolen, GetTokensFromRefreshToken with another DeviceKey", gt(rt, other)},
		{"unknown token", refresh(garbage, nil)},
		{"unknown token with the device key", refresh(garbage, map[string]string{"DEVICE_KEY": d.key})},
	} {
		t.Run(tc.name, func(t *testing.T) { apiErr(t, tc.err, "NotAuthorizedException", invalidRefresh) })
	}
	noErr(t, refresh(rt, map[string]string{"DEVICE_KEY": d.key}))
	noErr(t, gt(rt, d.key))

	// The key of a device handed out but never confirmed is not enough.
	_, out2, err := e.signIn("alice", "Passw0rd!")
	noErr(t, err)
	if md := out2.AuthenticationResult.NewDeviceMetadata; md == nil {
		t.Fatal("no new device")
	} else {
		apiErr(t, refresh(aws.ToString(out2.AuthenticationResult.RefreshToken), map[string]string{"DEVICE_KEY": aws.ToString(md.DeviceKey)}),
			"NotAuthorizedException", invalidRefresh)
	}

	// Once the device is forgotten the token is refused.
	_, err = e.c.ForgetDevice(ctx, &cip.ForgetDeviceInput{AccessToken: ar.AccessToken, DeviceKey: &d.key})
	noErr(t, err)
	apiErr(t, refresh(rt, map[string]string{"DEVICE_KEY": d.key}), "NotAuthorizedException", invalidRefresh)

	// Without device tracking a refresh token is bound to nothing.
	plain := newSRPEnv(t, types.PreventUserExistenceErrorTypesEnabled, false, nil)
	plain.addUser("bob", "Passw0rd!")
	_, out, err = plain.signIn("bob", "Passw0rd!")
	noErr(t, err)
	_, err = plain.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &plain.clientID, AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
		AuthParameters: map[string]string{"REFRESH_TOKEN": aws.ToString(out.AuthenticationResult.RefreshToken)}})
	noErr(t, err)
}

// TestIDAndAccessTokenKeys: ID and access tokens are signed with different keys, both
// in the JWKS, kept by SaveState; a state written with one key still loads, and the
// tokens that key signed still verify.
func TestIDAndAccessTokenKeys(t *testing.T) {
	e := newEnv(t, nil)
	e.confirmed("alice", "alice@example.com")
	out, err := e.login(legacy, "alice", goodPW)
	noErr(t, err)
	ar := out.AuthenticationResult
	kid := func(tok string) string {
		t.Helper()
		b, err := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[0])
		noErr(t, err)
		var h struct{ Kid string }
		noErr(t, json.Unmarshal(b, &h))
		return h.Kid
	}
	accKid, idKid := kid(*ar.AccessToken), kid(*ar.IdToken)
	doc, _ := e.s.JWKS(e.pool)
	keys := jwksKeys(t, doc)
	if accKid == idKid || len(keys) != 2 || keys[accKid] == nil || keys[idKid] == nil {
		t.Fatalf("access kid %s, ID kid %s, JWKS %s", accKid, idKid, doc)
	}
	verify(t, e, *ar.AccessToken)
	verify(t, e, *ar.IdToken)

	// SaveState keeps both keys.
	var buf bytes.Buffer
	noErr(t, e.s.SaveState(&buf))
	s2 := mockpool.New(mockpool.WithClock(e.clk.now))
	noErr(t, s2.LoadState(bytes.NewReader(buf.Bytes())))
	doc2, _ := s2.JWKS(e.pool)
	if !bytes.Equal(doc, doc2) {
		t.Fatal("JWKS changed across save/load")
	}

	// A state from before ID tokens had their own key: the one key goes on signing
	// access tokens and stays in the JWKS; ID tokens get a key of their own.
	var st map[string]any
	noErr(t, json.Unmarshal(buf.Bytes(), &st))
	st["idSigningKey"] = nil
	old, err := json.Marshal(st)
	noErr(t, err)
	s3 := mockpool.New(mockpool.WithClock(e.clk.now))
	noErr(t, s3.LoadState(bytes.NewReader(old)))
	e3 := &env{t: t, s: s3, c: s3.Client(), clk: e.clk, pool: e.pool, clients: e.clients}
	_, err = e3.c.GetUser(ctx, &cip.GetUserInput{AccessToken: ar.AccessToken})
	noErr(t, err)
	out3, err := e3.login(legacy, "alice", goodPW)
	noErr(t, err)
	if kid(*out3.AuthenticationResult.AccessToken) != accKid || kid(*out3.AuthenticationResult.IdToken) == accKid {
		t.Fatal("keys after loading a one-key state")
	}
	verify(t, e3, *out3.AuthenticationResult.IdToken)
	verify(t, e3, *ar.AccessToken)
}

// TestSecretBlockShape: a PASSWORD_VERIFIER's SECRET_BLOCK, real or simulated, has the
// length and alphabet of Cognito's (1,724 base64 characters) and is not a Session.
func TestSecretBlockShape(t *testing.T) {
	e := newSRPEnv(t, types.PreventUserExistenceErrorTypesEnabled, false, nil)
	e.addUser("alice", "Passw0rd!")
	for _, user := range []string{"alice", "nobody"} {
		init, err := e.initiate(newTClient(nil), user)
		noErr(t, err)
		block := init.ChallengeParameters["SECRET_BLOCK"]
		raw, err := base64.StdEncoding.DecodeString(block)
		if err != nil || len(block) != 1724 || len(raw) != 1291 || !strings.HasSuffix(block, "==") {
			t.Fatalf("%s: SECRET_BLOCK of %d characters (%d bytes, %v)", user, len(block), len(raw), err)
		}
	}
}
