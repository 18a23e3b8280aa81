package mockpool_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/mockpool"
	"github.com/maskedauth/maskedauth/mockpool/internal/statedb"
)

// TestStateDatabaseRoundTrip: a server's whole state written to an empty database
// (UseState) comes back in a new server from the same file: users, sign-in
// sessions (refresh tokens), the signing key (JWKS), the simulation secret
// (simulated answers), the outbox.
func TestStateDatabaseRoundTrip(t *testing.T) {
	e := newEnv(t, &cip.CreateUserPoolInput{AutoVerifiedAttributes: []types.VerifiedAttributeType{"email"},
		AliasAttributes: []types.AliasAttributeType{"email"}})
	e.confirmed("alice", "alice@example.com")
	e.unconfirmed("uma", "uma@example.com")
	out, err := e.login(legacy, "alice", goodPW)
	noErr(t, err)
	_, err = e.c.CreateGroup(ctx, &cip.CreateGroupInput{UserPoolId: &e.pool, GroupName: aws.String("admins")})
	noErr(t, err)
	msgs := len(e.s.Messages())

	path := filepath.Join(t.TempDir(), "state.db")
	st, err := mockpool.OpenState(path)
	noErr(t, err)
	noErr(t, e.s.UseState(st))
	d1, err := e.resend(enabled, "ghost") // before Close: a closed state refuses every change
	noErr(t, err)
	noErr(t, st.Close())

	st2, err := mockpool.OpenState(path)
	noErr(t, err)
	defer st2.Close()
	s2 := mockpool.New(mockpool.WithClock(e.clk.now), mockpool.WithFixedCode("123456"))
	noErr(t, s2.UseState(st2))
	e2 := &env{t: t, s: s2, c: s2.Client(), clk: e.clk, pool: e.pool, clients: e.clients}
	_, err = e2.c.GetUser(ctx, &cip.GetUserInput{AccessToken: out.AuthenticationResult.AccessToken})
	noErr(t, err)
	_, err = e2.login(legacy, "alice@example.com", goodPW)
	noErr(t, err)
	_, err = e2.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: aws.String(e.clients[legacy]), AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
		AuthParameters: map[string]string{"REFRESH_TOKEN": *out.AuthenticationResult.RefreshToken}})
	noErr(t, err)
	_, err = e2.c.GetGroup(ctx, &cip.GetGroupInput{UserPoolId: &e.pool, GroupName: aws.String("admins")})
	noErr(t, err)
	check(t, e2.confirm(legacy, "uma", "123456"), ok)
	if got := len(s2.Messages()); got < msgs {
		t.Fatalf("outbox: %d messages after reload, %d before", got, msgs)
	}
	j1, _ := e.s.JWKS(e.pool)
	j2, _ := s2.JWKS(e.pool)
	if !bytes.Equal(j1, j2) {
		t.Fatal("JWKS changed across the database")
	}
	d2, err := e2.resend(enabled, "ghost")
	noErr(t, err)
	if *d1.CodeDeliveryDetails.Destination != *d2.CodeDeliveryDetails.Destination {
		t.Fatal("simulated destination changed across the database")
	}
	// neither a password nor a refresh token is in the file
	raw, err := os.ReadFile(path)
	noErr(t, err)
	if bytes.Contains(raw, []byte(goodPW)) || bytes.Contains(raw, []byte(*out.AuthenticationResult.RefreshToken)) {
		t.Fatal("the database holds a password or refresh token")
	}
}

// TestUseStateRefusesAServerWithPools: a non-empty database is loaded only into a
// server without pools (the two states would otherwise mix).
func TestUseStateRefusesAServerWithPools(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	s, c, _ := newServer(t)
	createPool(t, c, &cip.CreateUserPoolInput{})
	st, err := mockpool.OpenState(path)
	noErr(t, err)
	noErr(t, s.UseState(st))
	noErr(t, st.Close())

	s2, c2, _ := newServer(t)
	createPool(t, c2, &cip.CreateUserPoolInput{})
	st2, err := mockpool.OpenState(path)
	noErr(t, err)
	defer st2.Close()
	if err := s2.UseState(st2); err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("UseState into a server with pools: %v", err)
	}
}

func TestOpenStateNamesThePath(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no", "such", "dir", "state.db")
	_, err := mockpool.OpenState(missing)
	if !errors.Is(err, statedb.ErrNoDirectory) || !strings.Contains(err.Error(), missing) {
		t.Fatalf("OpenState(%s): %v", missing, err)
	}
}
