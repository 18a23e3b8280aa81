package mockpool_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/mockpool"
)

type rawAnswer struct {
	status  int
	code    string
	msg     string
	headers []string
	body    map[string]any
}

// raw sends one API call through the http.Handler.
func raw(t testing.TB, h http.Handler, op, body string) rawAnswer {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "http://localhost/", strings.NewReader(body))
	if op != "" {
		req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+op)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	a := rawAnswer{status: rec.Code, body: map[string]any{}}
	if err := json.Unmarshal(rec.Body.Bytes(), &a.body); err != nil {
		t.Fatalf("%s: body not JSON: %q", op, rec.Body.String())
	}
	a.code, _ = a.body["__type"].(string)
	a.msg, _ = a.body["message"].(string)
	for k := range rec.Header() {
		a.headers = append(a.headers, k)
	}
	sort.Strings(a.headers)
	if ct := rec.Header().Get("Content-Type"); ct != "application/x-amz-json-1.1" {
		t.Fatalf("content type %q", ct)
	}
	if rec.Header().Get("X-Amzn-Requestid") == "" {
		t.Fatal("no request id")
	}
	if a.code != "" && (rec.Header().Get("X-Amzn-Errortype") != a.code+":" || rec.Header().Get("X-Amzn-Errormessage") != a.msg) {
		t.Fatalf("error headers %v", rec.Header())
	}
	return a
}

func TestWireErrors(t *testing.T) {
	s := mockpool.New(mockpool.WithTestSigningKey())
	cases := []struct {
		op, body  string
		status    int
		code, msg string
	}{
		{"NoSuchOperation", `{}`, 400, "UnknownOperationException", ""},
		{"", `{}`, 400, "UnknownOperationException", ""},
		{"SignUp", `{"ClientId":`, 400, "SerializationException", ""},
		{"SignUp", `{"ClientId":5}`, 400, "SerializationException", ""},
		{"SignUp", `[]`, 400, "SerializationException", ""},
		{"SignUp", `{"Username":"a","Password":"b"}`, 400, "InvalidParameterException",
			"1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null"},
		{"SignUp", `{}`, 400, "InvalidParameterException",
			// Password is optional since passwordless sign-in (SignUpInput.Password).
			"2 validation errors detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null; Value null at 'username' failed to satisfy constraint: Member must not be null"},
		{"SignUp", `{"ClientId":"abc","Username":"a","Password":"b"}`, 400, "ResourceNotFoundException", "User pool client abc does not exist."},
		{"InitiateAuth", `{"ClientId":"abc","AuthFlow":"NOPE"}`, 400, "InvalidParameterException",
			"1 validation error detected: Value 'NOPE' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH]"},
		{"SignUp", `{"ClientId":"abc","Username":"a b","Password":" pw"}`, 400, "InvalidParameterException",
			"2 validation errors detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+; Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$"},
		{"DescribeUserPool", `{"UserPoolId":"us-east-1_abc"}`, 400, "ResourceNotFoundException", "User pool us-east-1_abc does not exist."},
		{"CreateUserPool", `{}`, 400, "InvalidParameterException",
			"1 validation error detected: Value null at 'poolName' failed to satisfy constraint: Member must not be null"},
		{"GetUser", `{}`, 400, "InvalidParameterException",
			"1 validation error detected: Value null at 'accessToken' failed to satisfy constraint: Member must not be null"},
	}
	for _, c := range cases {
		a := raw(t, s, c.op, c.body)
		if a.status != c.status || a.code != c.code || (c.msg != "" && a.msg != c.msg) {
			t.Errorf("%s %s: got %d %s %q", c.op, c.body, a.status, a.code, a.msg)
		}
	}
	big := `{"ClientId":"` + strings.Repeat("a", 2<<20) + `"}`
	req := httptest.NewRequest(http.MethodPost, "http://localhost/", strings.NewReader(big))
	req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService.SignUp")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("big body: %d", rec.Code)
	}
}

func TestNoDateHeaderInProcess(t *testing.T) {
	s := mockpool.New(mockpool.WithTestSigningKey())
	req, _ := http.NewRequest(http.MethodPost, "http://x/", strings.NewReader(`{}`))
	req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService.ListUserPools")
	resp, err := s.Do(req)
	noErr(t, err)
	if resp.Header.Get("Date") != "" {
		t.Fatal("Date header")
	}
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 400 || !bytes.Contains(b, []byte("maxResults")) {
		t.Fatalf("%d %s", resp.StatusCode, b)
	}
}

// TestHTTPEndpoints drives the SDK over loopback HTTP and reads the GET endpoints.
func TestHTTPEndpoints(t *testing.T) {
	s := mockpool.New(mockpool.WithTestSigningKey(), mockpool.WithFixedCode("654321"))
	srv := httptest.NewServer(s)
	defer srv.Close()
	c := s.Client(func(o *cip.Options) {
		o.HTTPClient = srv.Client()
		o.BaseEndpoint = aws.String(srv.URL)
	})
	pool := createPool(t, c, &cip.CreateUserPoolInput{AutoVerifiedAttributes: []types.VerifiedAttributeType{"email"}})
	client, _ := createClient(t, c, pool, enabled, false)
	_, err := c.SignUp(ctx, &cip.SignUpInput{ClientId: &client, Username: aws.String("alice"), Password: aws.String(goodPW),
		UserAttributes: []types.AttributeType{strAttr("email", "alice@example.com")}})
	noErr(t, err)
	get := func(path string) []byte {
		t.Helper()
		resp, err := srv.Client().Get(srv.URL + path)
		noErr(t, err)
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		b, _ := io.ReadAll(resp.Body)
		return b
	}
	var msgs []map[string]any
	noErr(t, json.Unmarshal(get("/_mockpool/messages?userPoolId="+pool+"&username=alice"), &msgs))
	if len(msgs) != 1 || msgs[0]["code"] != "654321" || msgs[0]["medium"] != "EMAIL" || msgs[0]["purpose"] != "SignUp" ||
		msgs[0]["userPoolId"] != pool || msgs[0]["username"] != "alice" || msgs[0]["destination"] != "alice@example.com" || msgs[0]["sentAt"] == nil {
		t.Fatalf("%v", msgs)
	}
	noErr(t, json.Unmarshal(get("/_mockpool/messages?username=bob"), &msgs))
	if len(msgs) != 0 {
		t.Fatal("filter")
	}
	keys := jwksKeys(t, get("/"+pool+"/.well-known/jwks.json"))
	if len(keys) != 2 {
		t.Fatal("jwks")
	}
	var oidc map[string]any
	noErr(t, json.Unmarshal(get("/"+pool+"/.well-known/openid-configuration"), &oidc))
	if oidc["issuer"] != "https://cognito-idp.us-east-1.amazonaws.com/"+pool {
		t.Fatalf("%v", oidc)
	}
	_, err = c.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: &client, Username: aws.String("alice"), ConfirmationCode: aws.String("654321")})
	noErr(t, err)
	out, err := c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &client, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "alice", "PASSWORD": goodPW}})
	noErr(t, err)
	if out.AuthenticationResult == nil {
		t.Fatal("no tokens")
	}
	resp, err := srv.Client().Get(srv.URL + "/us-east-1_nothere/.well-known/jwks.json")
	noErr(t, err)
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Fatal("jwks of unknown pool")
	}
}

// FuzzServe feeds arbitrary operations and bodies to the handler: it must answer with
// a JSON body and a sane status, never panic.
func FuzzServe(f *testing.F) {
	s := mockpool.New(mockpool.WithTestSigningKey(), mockpool.WithFixedCode("123456"))
	c := s.Client()
	out, err := c.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("p"), AutoVerifiedAttributes: []types.VerifiedAttributeType{"email"}})
	if err != nil {
		f.Fatal(err)
	}
	pool := *out.UserPool.Id
	cl, err := c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: &pool, ClientName: aws.String("a"),
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{"ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}})
	if err != nil {
		f.Fatal(err)
	}
	client := *cl.UserPoolClient.ClientId
	f.Add("SignUp", `{"ClientId":"`+client+`","Username":"a","Password":"Passw0rd!","UserAttributes":[{"Name":"email","Value":"a@b.c"}]}`)
	f.Add("ConfirmSignUp", `{"ClientId":"`+client+`","Username":"a","ConfirmationCode":"123456"}`)
	f.Add("InitiateAuth", `{"ClientId":"`+client+`","AuthFlow":"USER_PASSWORD_AUTH","AuthParameters":{"USERNAME":"a","PASSWORD":"Passw0rd!"}}`)
	f.Add("InitiateAuth", `{"ClientId":"`+client+`","AuthFlow":"REFRESH_TOKEN_AUTH","AuthParameters":{"REFRESH_TOKEN":"x"}}`)
	f.Add("RespondToAuthChallenge", `{"ClientId":"`+client+`","ChallengeName":"NEW_PASSWORD_REQUIRED","Session":"xxxxxxxxxxxxxxxxxxxxxxxxxxxx"}`)
	f.Add("ListUsers", `{"UserPoolId":"`+pool+`","Filter":"email ^= \"a\""}`)
	f.Add("GetUser", `{"AccessToken":"eyJ.eyJ.sig"}`)
	f.Add("CreateUserPool", `{"PoolName":"x","Policies":{"PasswordPolicy":{"MinimumLength":1}}}`)
	f.Add("AdminCreateUser", `{"UserPoolId":"`+pool+`","Username":"b","UserAttributes":[{"Name":"email"}]}`)
	f.Add("SignUp", `{"ClientId":null}`)
	f.Add("X", "\x00\xff")
	f.Fuzz(func(t *testing.T, op, body string) {
		req := httptest.NewRequest(http.MethodPost, "http://localhost/", strings.NewReader(body))
		req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+op)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != 200 && rec.Code != 400 && rec.Code != 413 {
			t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("invalid JSON %q", rec.Body.String())
		}
	})
}
