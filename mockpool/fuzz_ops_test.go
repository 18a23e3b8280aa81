package mockpool_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/mockpool"
)

// fuzzPool is a server with one pool (email auto-verified), an ENABLED and a LEGACY
// app client (every flow on, one with a secret), and users in each state the
// handlers branch on.
type fuzzPool struct {
	s                          *mockpool.Server
	pool, enabled, legacy, sec string
}

func newFuzzPool(f *testing.F) fuzzPool {
	f.Helper()
	s := mockpool.New(mockpool.WithTestSigningKey(), mockpool.WithFixedCode("123456"))
	c := s.Client()
	fp := fuzzPool{s: s}
	fp.pool = createPool(f, c, &cip.CreateUserPoolInput{AutoVerifiedAttributes: []types.VerifiedAttributeType{"email"},
		AliasAttributes: []types.AliasAttributeType{"email"},
		Schema:          []types.SchemaAttributeType{{Name: aws.String("x"), AttributeDataType: types.AttributeDataTypeString}}}) // custom:x (FuzzSignUp)
	fp.enabled, _ = createClient(f, c, fp.pool, enabled, false)
	fp.legacy, _ = createClient(f, c, fp.pool, legacy, false)
	fp.sec, _ = createClient(f, c, fp.pool, enabled, true)
	for _, u := range []string{"alice", "dora", "rita"} {
		_, err := c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &fp.pool, Username: aws.String(u),
			UserAttributes: []types.AttributeType{strAttr("email", u+"@example.com"), strAttr("email_verified", "true")},
			MessageAction:  types.MessageActionTypeSuppress})
		noErr(f, err)
		_, err = c.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &fp.pool, Username: aws.String(u),
			Password: aws.String(goodPW), Permanent: true})
		noErr(f, err)
	}
	_, err := c.AdminDisableUser(ctx, &cip.AdminDisableUserInput{UserPoolId: &fp.pool, Username: aws.String("dora")})
	noErr(f, err)
	_, err = c.AdminResetUserPassword(ctx, &cip.AdminResetUserPasswordInput{UserPoolId: &fp.pool, Username: aws.String("rita")})
	noErr(f, err)
	_, err = c.SignUp(ctx, &cip.SignUpInput{ClientId: &fp.legacy, Username: aws.String("una"), Password: aws.String(goodPW),
		UserAttributes: []types.AttributeType{strAttr("email", "una@example.com")}})
	noErr(f, err)
	return fp
}

// checkAnswer is the invariant of every answer: a JSON body, 200 or a client error
// (never InternalErrorException, which is how the server reports a recovered
// panic), and an error answer in Cognito's shape.
func checkAnswer(t *testing.T, op string, rec *httptest.ResponseRecorder) {
	t.Helper()
	body := rec.Body.Bytes()
	if !json.Valid(body) {
		t.Fatalf("%s: body is not JSON: %q", op, body)
	}
	switch rec.Code {
	case http.StatusOK:
		return
	case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
	default:
		t.Fatalf("%s: status %d: %s", op, rec.Code, body)
	}
	var e struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Type == "" {
		t.Fatalf("%s: error body %q", op, body)
	}
	if rec.Header().Get("X-Amzn-Errortype") != e.Type+":" || rec.Header().Get("X-Amzn-Requestid") == "" {
		t.Fatalf("%s: error headers %v for %q", op, rec.Header(), body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/x-amz-json-1.1" {
		t.Fatalf("%s: content type %q", op, ct)
	}
}

func serveOp(s *mockpool.Server, op, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "http://localhost/", strings.NewReader(body))
	req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+op)
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec
}

// fuzzBodies fuzzes the raw body of one operation, seeded with valid requests.
func fuzzBodies(f *testing.F, op string, seeds func(fp fuzzPool) []string) {
	fp := newFuzzPool(f)
	for _, s := range seeds(fp) {
		f.Add(s)
	}
	f.Add(`{}`)
	f.Add(`null`)
	f.Add(`[]`)
	f.Add(`{"ClientId":1}`)
	f.Add("{\"ClientId\":\"\x00\xff\"}")
	f.Fuzz(func(t *testing.T, body string) {
		checkAnswer(t, op, serveOp(fp.s, op, body))
	})
}

func authBody(client, flow string, params map[string]string) string {
	b, _ := json.Marshal(map[string]any{"ClientId": client, "AuthFlow": flow, "AuthParameters": params})
	return string(b)
}

func FuzzInitiateAuth(f *testing.F) {
	fuzzBodies(f, "InitiateAuth", func(fp fuzzPool) []string {
		var out []string
		for _, c := range []string{fp.enabled, fp.legacy, fp.sec} {
			for _, u := range []string{"alice", "dora", "rita", "una", "ghost", "alice@example.com"} {
				out = append(out, authBody(c, "USER_PASSWORD_AUTH", map[string]string{"USERNAME": u, "PASSWORD": goodPW}),
					authBody(c, "USER_SRP_AUTH", map[string]string{"USERNAME": u, "SRP_A": "02"}))
			}
			out = append(out, authBody(c, "REFRESH_TOKEN_AUTH", map[string]string{"REFRESH_TOKEN": "x"}),
				authBody(c, "CUSTOM_AUTH", map[string]string{"USERNAME": "alice"}),
				authBody(c, "USER_AUTH", map[string]string{"USERNAME": "alice"}))
		}
		return out
	})
}

func FuzzAdminInitiateAuth(f *testing.F) {
	fuzzBodies(f, "AdminInitiateAuth", func(fp fuzzPool) []string {
		var out []string
		for _, flow := range []string{"ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH", "USER_SRP_AUTH"} {
			for _, u := range []string{"alice", "dora", "ghost"} {
				b, _ := json.Marshal(map[string]any{"UserPoolId": fp.pool, "ClientId": fp.enabled, "AuthFlow": flow,
					"AuthParameters": map[string]string{"USERNAME": u, "PASSWORD": goodPW, "SRP_A": "02"}})
				out = append(out, string(b))
			}
		}
		return out
	})
}

// FuzzSRPFlow fuzzes SRP_A and the PASSWORD_VERIFIER answer to a live challenge.
func FuzzSRPFlow(f *testing.F) {
	fp := newFuzzPool(f)
	f.Add("alice", "02", "Fri Jan 2 03:04:05 UTC 2026", "bm90IGEgc2lnbmF0dXJl", true)
	f.Add("ghost", "ff", "Mon Feb 30 25:61:61 UTC 2026", "", false)
	f.Add("alice@example.com", strings.Repeat("f", 600), "x", "====", true)
	f.Add("dora", "-1", "", "AAAA", false)
	f.Fuzz(func(t *testing.T, user, srpA, timestamp, signature string, keepBlock bool) {
		rec := serveOp(fp.s, "InitiateAuth", authBody(fp.enabled, "USER_SRP_AUTH", map[string]string{"USERNAME": user, "SRP_A": srpA}))
		checkAnswer(t, "InitiateAuth", rec)
		var out struct {
			ChallengeParameters map[string]string
		}
		_ = json.Unmarshal(rec.Body.Bytes(), &out)
		block := out.ChallengeParameters["SECRET_BLOCK"]
		if !keepBlock {
			block = signature
		}
		b, _ := json.Marshal(map[string]any{"ClientId": fp.enabled, "ChallengeName": "PASSWORD_VERIFIER", "ChallengeResponses": map[string]string{
			"USERNAME": out.ChallengeParameters["USERNAME"], "PASSWORD_CLAIM_SECRET_BLOCK": block,
			"TIMESTAMP": timestamp, "PASSWORD_CLAIM_SIGNATURE": signature}})
		rec = serveOp(fp.s, "RespondToAuthChallenge", string(b))
		checkAnswer(t, "RespondToAuthChallenge", rec)
		if rec.Code == http.StatusOK {
			t.Fatalf("a forged proof signed in: %s", rec.Body.String())
		}
	})
}

func FuzzRespondToAuthChallenge(f *testing.F) {
	fuzzBodies(f, "RespondToAuthChallenge", func(fp fuzzPool) []string {
		var out []string
		for _, ch := range []string{"PASSWORD_VERIFIER", "NEW_PASSWORD_REQUIRED", "SMS_MFA", "SOFTWARE_TOKEN_MFA", "DEVICE_SRP_AUTH", "CUSTOM_CHALLENGE"} {
			b, _ := json.Marshal(map[string]any{"ClientId": fp.enabled, "ChallengeName": ch, "Session": strings.Repeat("s", 40),
				"ChallengeResponses": map[string]string{"USERNAME": "alice", "NEW_PASSWORD": goodPW, "PASSWORD_CLAIM_SECRET_BLOCK": "AAAA",
					"TIMESTAMP": "Fri Jan 2 03:04:05 UTC 2026", "PASSWORD_CLAIM_SIGNATURE": "AAAA", "SMS_MFA_CODE": "123456"}})
			out = append(out, string(b))
		}
		return out
	})
}

func FuzzSignUp(f *testing.F) {
	fuzzBodies(f, "SignUp", func(fp fuzzPool) []string {
		var out []string
		for _, u := range []string{"alice", "newbie", "new@example.com", "+12065550100", strings.Repeat("x", 129)} {
			b, _ := json.Marshal(map[string]any{"ClientId": fp.legacy, "Username": u, "Password": goodPW,
				"UserAttributes": []map[string]string{{"Name": "email", "Value": "alice@example.com"}, {"Name": "custom:x", "Value": "1"}}})
			out = append(out, string(b))
		}
		return out
	})
}

func byNameBodies(fp fuzzPool, extra map[string]any) []string {
	var out []string
	for _, c := range []string{fp.enabled, fp.legacy, fp.sec} {
		for _, u := range []string{"alice", "dora", "rita", "una", "ghost", "alice@example.com", "+12065550100", ""} {
			m := map[string]any{"ClientId": c, "Username": u}
			for k, v := range extra {
				m[k] = v
			}
			b, _ := json.Marshal(m)
			out = append(out, string(b))
		}
	}
	return out
}

func FuzzConfirmSignUp(f *testing.F) {
	fuzzBodies(f, "ConfirmSignUp", func(fp fuzzPool) []string {
		return byNameBodies(fp, map[string]any{"ConfirmationCode": "123456", "ForceAliasCreation": true})
	})
}

func FuzzResendConfirmationCode(f *testing.F) {
	fuzzBodies(f, "ResendConfirmationCode", func(fp fuzzPool) []string { return byNameBodies(fp, nil) })
}

func FuzzForgotPassword(f *testing.F) {
	fuzzBodies(f, "ForgotPassword", func(fp fuzzPool) []string { return byNameBodies(fp, nil) })
}

func FuzzConfirmForgotPassword(f *testing.F) {
	fuzzBodies(f, "ConfirmForgotPassword", func(fp fuzzPool) []string {
		return byNameBodies(fp, map[string]any{"ConfirmationCode": "123456", "Password": "N3w!Passw0rd"})
	})
}

// FuzzWire fuzzes what the wire decoder sees: the target header, the content type
// and the body, for any operation name.
func FuzzWire(f *testing.F) {
	fp := newFuzzPool(f)
	f.Add("AWSCognitoIdentityProviderService.InitiateAuth", "application/x-amz-json-1.1", authBody(fp.enabled, "USER_PASSWORD_AUTH",
		map[string]string{"USERNAME": "alice", "PASSWORD": goodPW}))
	f.Add("AWSCognitoIdentityProviderService.ListUsers", "application/json", `{"UserPoolId":"`+fp.pool+`","Filter":"email ^= \"a\""}`)
	f.Add("", "text/plain", "")
	f.Add("AWSCognitoIdentityProviderService.", "", "{")
	f.Add("AWSCognitoIdentityProviderService.Nope", "application/x-amz-json-1.1", `{"a":[1,2,{"b":null}]}`)
	f.Add("X", "\x00", "\xff\xfe")
	f.Fuzz(func(t *testing.T, target, ctype, body string) {
		req := httptest.NewRequest(http.MethodPost, "http://localhost/", strings.NewReader(body))
		req.Header["X-Amz-Target"] = []string{target}
		req.Header["Content-Type"] = []string{ctype}
		rec := httptest.NewRecorder()
		fp.s.ServeHTTP(rec, req)
		checkAnswer(t, target, rec)
	})
}
