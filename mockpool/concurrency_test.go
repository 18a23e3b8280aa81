package mockpool_test

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/mockpool"
)

func TestConcurrentSignUps(t *testing.T) {
	e := newEnv(t, nil)
	const n = 40
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, err := e.signUp(legacy, fmt.Sprintf("user%d", i), goodPW, strAttr("email", fmt.Sprintf("u%d@example.com", i)))
			if err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	for i := 0; i < n; i++ {
		e.status(fmt.Sprintf("user%d", i))
	}
	// two at once for one name: exactly one wins
	for round := 0; round < 20; round++ {
		name := fmt.Sprintf("same%d", round)
		var wins, exists int
		var mu sync.Mutex
		for j := 0; j < 2; j++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.signUp(legacy, name, goodPW)
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					wins++
				} else {
					apiErr(t, err, "UsernameExistsException", "User already exists")
					exists++
				}
			}()
		}
		wg.Wait()
		if wins != 1 || exists != 1 {
			t.Fatalf("%s: %d wins, %d exists", name, wins, exists)
		}
	}
}

func TestConcurrentLoginsAndAdmin(t *testing.T) {
	e := newEnv(t, nil)
	e.confirmed("alice", "alice@example.com")
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				out, err := e.login(legacy, "alice", goodPW)
				if err != nil {
					t.Error(err)
					return
				}
				if _, err := e.c.GetUser(ctx, &cip.GetUserInput{AccessToken: out.AuthenticationResult.AccessToken}); err != nil {
					t.Error(err)
				}
				_, _ = e.c.AdminUpdateUserAttributes(ctx, &cip.AdminUpdateUserAttributesInput{UserPoolId: &e.pool, Username: aws.String("alice"),
					UserAttributes: []types.AttributeType{strAttr("name", fmt.Sprint(i, j))}})
				var buf bytes.Buffer
				if err := e.s.SaveState(&buf); err != nil {
					t.Error(err)
				}
			}
		}(i)
	}
	wg.Wait()
}

func TestSaveLoadState(t *testing.T) {
	e := newEnv(t, &cip.CreateUserPoolInput{AutoVerifiedAttributes: []types.VerifiedAttributeType{"email"},
		AliasAttributes: []types.AliasAttributeType{"email"}})
	e.confirmed("alice", "alice@example.com")
	e.unconfirmed("uma", "uma@example.com")
	out, err := e.login(legacy, "alice", goodPW)
	noErr(t, err)
	changes := 0
	var buf bytes.Buffer
	noErr(t, e.s.SaveState(&buf))
	if bytes.Contains(buf.Bytes(), []byte(goodPW)) || bytes.Contains(buf.Bytes(), []byte(*out.AuthenticationResult.RefreshToken)) {
		t.Fatal("state holds a password or refresh token")
	}

	// a new server with a fresh (generated) key: the state brings the old key back
	s2 := mockpool.New(mockpool.WithClock(e.clk.now), mockpool.WithFixedCode("123456"), mockpool.WithOnChange(func() { changes++ }))
	noErr(t, s2.LoadState(bytes.NewReader(buf.Bytes())))
	e2 := &env{t: t, s: s2, c: s2.Client(), clk: e.clk, pool: e.pool, clients: e.clients}
	_, err = e2.c.GetUser(ctx, &cip.GetUserInput{AccessToken: out.AuthenticationResult.AccessToken})
	noErr(t, err)
	_, err = e2.login(legacy, "alice@example.com", goodPW)
	noErr(t, err)
	_, err = e2.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: aws.String(e.clients[legacy]), AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
		AuthParameters: map[string]string{"REFRESH_TOKEN": *out.AuthenticationResult.RefreshToken}})
	noErr(t, err)
	check(t, e2.confirm(legacy, "uma", "123456"), ok)
	if changes == 0 {
		t.Fatal("OnChange not called")
	}
	j1, _ := e.s.JWKS(e.pool)
	j2, _ := s2.JWKS(e.pool)
	if !bytes.Equal(j1, j2) {
		t.Fatal("JWKS changed across save/load")
	}
	// simulated answers are stable across restarts too
	d1, err := e.resend(enabled, "ghost")
	noErr(t, err)
	d2, err := e2.resend(enabled, "ghost")
	noErr(t, err)
	if *d1.CodeDeliveryDetails.Destination != *d2.CodeDeliveryDetails.Destination {
		t.Fatal("simulated destination changed across save/load")
	}
	if err := s2.LoadState(bytes.NewReader([]byte(`{"version":99}`))); err == nil {
		t.Fatal("accepted an unknown version")
	}
	if err := s2.LoadState(bytes.NewReader([]byte(`{`))); err == nil {
		t.Fatal("accepted garbage")
	}
}
