package mockpool_test

import (
	"bytes"
	"crypto"
	crand "crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/mockpool"
)

func benchLogin(b *testing.B, c *cip.Client, setup *cip.Client) {
	pool := createPool(b, setup, &cip.CreateUserPoolInput{})
	client, _ := createClient(b, setup, pool, enabled, false)
	_, err := setup.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &pool, Username: aws.String("alice"), MessageAction: types.MessageActionTypeSuppress})
	noErr(b, err)
	_, err = setup.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &pool, Username: aws.String("alice"), Password: aws.String(goodPW), Permanent: true})
	noErr(b, err)
	in := &cip.InitiateAuthInput{ClientId: &client, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "alice", "PASSWORD": goodPW}}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			out, err := c.InitiateAuth(ctx, in)
			if err != nil || out.AuthenticationResult == nil {
				b.Errorf("login: %v", err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "logins/s")
}

// BenchmarkLoginInProcess: successful USER_PASSWORD_AUTH logins through the SDK with
// the server as HTTPClient.
func BenchmarkLoginInProcess(b *testing.B) {
	s := mockpool.New(mockpool.WithTestSigningKey())
	c := s.Client()
	benchLogin(b, c, c)
}

// BenchmarkLoginLoopbackHTTP: the same over HTTP on 127.0.0.1.
func BenchmarkLoginLoopbackHTTP(b *testing.B) {
	s := mockpool.New(mockpool.WithTestSigningKey())
	srv := httptest.NewServer(s)
	defer srv.Close()
	tr := &http.Transport{DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext, MaxIdleConns: 64, MaxIdleConnsPerHost: 64}
	defer tr.CloseIdleConnections()
	c := s.Client(func(o *cip.Options) {
		o.HTTPClient = &http.Client{Transport: tr}
		o.BaseEndpoint = aws.String(srv.URL)
	})
	benchLogin(b, c, c)
}

// BenchmarkLoginLoopbackRawHTTP measures the server alone over loopback HTTP: the
// client posts a prepared awsJson1_1 body with net/http instead of going through the
// SDK's middleware stack.
func BenchmarkLoginLoopbackRawHTTP(b *testing.B) {
	s := mockpool.New(mockpool.WithTestSigningKey())
	srv := httptest.NewServer(s)
	defer srv.Close()
	info, err := s.CreatePool(ctx, mockpool.PoolConfig{})
	noErr(b, err)
	c := s.Client()
	_, err = c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &info.PoolID, Username: aws.String("alice"), MessageAction: types.MessageActionTypeSuppress})
	noErr(b, err)
	_, err = c.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &info.PoolID, Username: aws.String("alice"), Password: aws.String(goodPW), Permanent: true})
	noErr(b, err)
	body := []byte(`{"ClientId":"` + info.ClientID + `","AuthFlow":"USER_PASSWORD_AUTH","AuthParameters":{"USERNAME":"alice","PASSWORD":"` + goodPW + `"}}`)
	tr := &http.Transport{MaxIdleConns: 64, MaxIdleConnsPerHost: 64}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/x-amz-json-1.1")
			req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService.InitiateAuth")
			resp, err := hc.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "logins/s")
}

// BenchmarkPasswordFailure times failed USER_PASSWORD_AUTH sign-ins under ENABLED for
// a known user (wrong password) and an unknown one, interleaved, and reports the ratio
// of their mean times (1 means indistinguishable on average). Each name is locked out
// after 5 failures, so every iteration uses fresh names.
func BenchmarkPasswordFailure(b *testing.B) {
	s := mockpool.New(mockpool.WithTestSigningKey())
	info, err := s.CreatePool(ctx, mockpool.PoolConfig{PreventUserExistenceErrors: "ENABLED"})
	noErr(b, err)
	c := s.Client()
	const users = 64
	for i := 0; i < users; i++ {
		name := fmt.Sprint("known", i)
		_, err = c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &info.PoolID, Username: &name, TemporaryPassword: aws.String(goodPW), MessageAction: types.MessageActionTypeSuppress})
		noErr(b, err)
		_, err = c.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &info.PoolID, Username: &name, Password: aws.String(goodPW), Permanent: true})
		noErr(b, err)
	}
	var known, unknown time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j, name := range []string{fmt.Sprint("known", i%users), fmt.Sprint("unknown", i%users)} {
			in := &cip.InitiateAuthInput{ClientId: &info.ClientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
				AuthParameters: map[string]string{"USERNAME": name, "PASSWORD": "Wr0ng!pass"}}
			t0 := time.Now()
			_, err := c.InitiateAuth(ctx, in)
			d := time.Since(t0)
			if err == nil {
				b.Fatal("sign-in succeeded")
			}
			if j == 0 {
				known += d
			} else {
				unknown += d
			}
		}
	}
	b.ReportMetric(float64(unknown)/float64(known), "unknown/known")
}

// BenchmarkSigningCeiling signs two RS256 digests per op (an access and an ID token),
// in parallel like the login benchmarks: the logins/s no implementation can beat on
// this machine with RSA-2048. Compare it with the Login benchmarks of the same run.
func BenchmarkSigningCeiling(b *testing.B) {
	key, err := rsa.GenerateKey(crand.Reader, 2048)
	noErr(b, err)
	digest := sha256.Sum256([]byte("payload"))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			for i := 0; i < 2; i++ {
				if _, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, digest[:]); err != nil {
					b.Error(err)
					return
				}
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "logins/s")
}
