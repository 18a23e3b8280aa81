package srpauth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/internal/simulate"
)

// exchange is one scripted Cognito call: what the driver must send and what
// the server answers.
type exchange struct {
	op      string            // "InitiateAuth", "RespondToAuthChallenge", ...
	name    string            // AuthFlow (initiate) or ChallengeName (respond)
	session string            // the Session the request must carry ("" none)
	keys    []string          // AuthParameters / ChallengeResponses keys, exactly
	values  map[string]string // values among them that must match
	reply   string            // JSON body of a 200 answer
	errCode string            // or an error answer
	errMsg  string
}

// scripted plays a Cognito endpoint that answers exchanges in order.
type scripted struct {
	t      *testing.T
	mu     sync.Mutex
	script []exchange
	n      int
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "AWSCognitoIdentityProviderService.")
	body, _ := io.ReadAll(r.Body)
	if s.n >= len(s.script) {
		s.t.Errorf("unexpected call %d: %s %s", s.n, op, body)
		w.WriteHeader(500)
		return
	}
	x := s.script[s.n]
	s.n++
	var req struct {
		AuthFlow, ChallengeName, Session, ClientId string
		AuthParameters, ChallengeResponses         map[string]string
	}
	if err := json.Unmarshal(body, &req); err != nil {
		s.t.Errorf("call %d: %v", s.n, err)
	}
	name, params := req.AuthFlow, req.AuthParameters
	if strings.Contains(op, "Respond") {
		name, params = req.ChallengeName, req.ChallengeResponses
	}
	if op != x.op || name != x.name || req.Session != x.session || req.ClientId != "client-1" {
		s.t.Errorf("call %d: got %s %s session %q client %q, want %s %s session %q", s.n, op, name, req.Session, req.ClientId, x.op, x.name, x.session)
	}
	var keys []string
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	want := append([]string(nil), x.keys...)
	sort.Strings(want)
	if !reflect.DeepEqual(keys, want) {
		s.t.Errorf("call %d (%s %s): parameters %v, want %v", s.n, op, name, keys, want)
	}
	for k, v := range x.values {
		if params[k] != v {
			s.t.Errorf("call %d (%s %s): %s = %q, want %q", s.n, op, name, k, params[k], v)
		}
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("x-amzn-RequestId", "req-1")
	if x.errCode != "" {
		w.Header().Set("x-amzn-ErrorType", x.errCode+":")
		w.WriteHeader(400)
		_, _ = io.WriteString(w, `{"__type":"`+x.errCode+`","message":"`+x.errMsg+`"}`)
		return
	}
	_, _ = io.WriteString(w, x.reply)
}

const tokens = `{"AuthenticationResult":{"AccessToken":"at","IdToken":"it","RefreshToken":"rt","ExpiresIn":3600,"TokenType":"Bearer"},"ChallengeParameters":{}}`

func challengeReply(t *testing.T, name, session string, params map[string]string, avail ...string) string {
	t.Helper()
	m := map[string]any{"ChallengeName": name, "Session": session, "ChallengeParameters": params}
	if len(avail) > 0 {
		m["AvailableChallenges"] = avail
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestUserAuth(t *testing.T) {
	const pool = "us-east-1_TestPool1"
	sim := simulate.New([]byte("test"))
	ch, err := sim.SRPChallenge(rand.Reader, pool, "alice")
	if err != nil {
		t.Fatal(err)
	}
	verifier := ch.Parameters(base64.StdEncoding.EncodeToString(make([]byte, simulate.SecretBlockBytes)))
	userID := verifier["USER_ID_FOR_SRP"]
	opts := `{"challenge":"abc","timeout":180000,"rpId":"auth.example.com","allowCredentials":[],"userVerification":"preferred"}`
	otp := map[string]string{"CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL", "CODE_DELIVERY_DESTINATION": "a***@e***"}
	selectReply := challengeReply(t, "SELECT_CHALLENGE", "s1", map[string]string{}, "PASSWORD_SRP", "PASSWORD", "EMAIL_OTP", "WEB_AUTHN")
	verifierKeys := []string{"USERNAME", "PASSWORD_CLAIM_SECRET_BLOCK", "TIMESTAMP", "PASSWORD_CLAIM_SIGNATURE"}
	var gotOptions string
	passkey := func(_ context.Context, o string) (string, error) { gotOptions = o; return `{"id":"cred"}`, nil }

	for _, tc := range []struct {
		name     string
		secret   string
		script   []exchange
		run      func(ctx context.Context, a *Authenticator) (errorsx.Result, error)
		want     errorsx.Kind
		wantName string // the NextStep's challenge
	}{
		{
			name:   "no preference: SELECT_CHALLENGE names the choices",
			script: []exchange{{op: "InitiateAuth", name: "USER_AUTH", keys: []string{"USERNAME"}, reply: selectReply}},
			run: func(ctx context.Context, a *Authenticator) (errorsx.Result, error) {
				r, err := a.SignInUserAuth(ctx, "alice")
				if err == nil && !reflect.DeepEqual(r.Challenge.Available, []string{"PASSWORD_SRP", "PASSWORD", "EMAIL_OTP", "WEB_AUTHN"}) {
					t.Errorf("Available = %v", r.Challenge.Available)
				}
				if r.Message.Key != "auth.challenge.select_challenge" {
					t.Errorf("message key %q", r.Message.Key)
				}
				return r, err
			},
			want: errorsx.NextStep, wantName: "SELECT_CHALLENGE",
		},
		{
			name: "select PASSWORD, answered with the password",
			script: []exchange{
				{op: "InitiateAuth", name: "USER_AUTH", keys: []string{"USERNAME"}, reply: selectReply},
				{op: "RespondToAuthChallenge", name: "SELECT_CHALLENGE", session: "s1", keys: []string{"ANSWER", "USERNAME", "PASSWORD"},
					values: map[string]string{"ANSWER": "PASSWORD", "USERNAME": "alice", "PASSWORD": "pw"}, reply: tokens},
			},
			run: func(ctx context.Context, a *Authenticator) (errorsx.Result, error) {
				r, _ := a.SignInUserAuth(ctx, "alice")
				return a.SelectChallenge(ctx, r, "PASSWORD", WithPassword("pw"))
			},
			want: errorsx.SignedIn,
		},
		{
			name: "select PASSWORD_SRP: SRP_A, then PASSWORD_VERIFIER",
			script: []exchange{
				{op: "InitiateAuth", name: "USER_AUTH", keys: []string{"USERNAME"}, reply: selectReply},
				{op: "RespondToAuthChallenge", name: "SELECT_CHALLENGE", session: "s1", keys: []string{"ANSWER", "USERNAME", "SRP_A"},
					values: map[string]string{"ANSWER": "PASSWORD_SRP"}, reply: challengeReply(t, "PASSWORD_VERIFIER", "s2", verifier)},
				{op: "RespondToAuthChallenge", name: "PASSWORD_VERIFIER", session: "s2", keys: verifierKeys,
					values: map[string]string{"USERNAME": userID}, reply: tokens},
			},
			run: func(ctx context.Context, a *Authenticator) (errorsx.Result, error) {
				r, _ := a.SignInUserAuth(ctx, "alice")
				return a.SelectChallenge(ctx, r, "PASSWORD_SRP", WithPassword("pw"))
			},
			want: errorsx.SignedIn,
		},
		{
			name: "select EMAIL_OTP, then the code",
			script: []exchange{
				{op: "InitiateAuth", name: "USER_AUTH", keys: []string{"USERNAME"}, reply: selectReply},
				{op: "RespondToAuthChallenge", name: "SELECT_CHALLENGE", session: "s1", keys: []string{"ANSWER", "USERNAME"},
					values: map[string]string{"ANSWER": "EMAIL_OTP"}, reply: challengeReply(t, "EMAIL_OTP", "s2", otp)},
				{op: "RespondToAuthChallenge", name: "EMAIL_OTP", session: "s2", keys: []string{"USERNAME", "EMAIL_OTP_CODE"},
					values: map[string]string{"EMAIL_OTP_CODE": "123456", "USERNAME": "alice"}, reply: tokens},
			},
			run: func(ctx context.Context, a *Authenticator) (errorsx.Result, error) {
				r, _ := a.SignInUserAuth(ctx, "alice")
				r, err := a.SelectChallenge(ctx, r, "EMAIL_OTP")
				if err != nil || r.Challenge.Name != "EMAIL_OTP" || r.Delivery == nil || r.Delivery.Destination != "a***@e***" {
					t.Errorf("after ANSWER EMAIL_OTP: %+v %v", r, err)
				}
				return a.RespondCode(ctx, r, "123456")
			},
			want: errorsx.SignedIn,
		},
		{
			name:   "select a choice that is not available: refused locally",
			script: []exchange{{op: "InitiateAuth", name: "USER_AUTH", keys: []string{"USERNAME"}, reply: challengeReply(t, "SELECT_CHALLENGE", "s1", nil, "EMAIL_OTP")}},
			run: func(ctx context.Context, a *Authenticator) (errorsx.Result, error) {
				r, _ := a.SignInUserAuth(ctx, "alice")
				return a.SelectChallenge(ctx, r, "SMS_OTP")
			},
			want: errorsx.InvalidInput,
		},
		{
			name: "prefer PASSWORD with the password: sent at once",
			script: []exchange{{op: "InitiateAuth", name: "USER_AUTH", keys: []string{"USERNAME", "PREFERRED_CHALLENGE", "PASSWORD"},
				values: map[string]string{"PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": "pw"}, reply: tokens}},
			run: func(ctx context.Context, a *Authenticator) (errorsx.Result, error) {
				return a.SignInUserAuth(ctx, "alice", Prefer("PASSWORD"), WithPassword("pw"))
			},
			want: errorsx.SignedIn,
		},
		{
			name: "prefer PASSWORD_SRP with the password: SRP_A at once",
			script: []exchange{
				{op: "InitiateAuth", name: "USER_AUTH", keys: []string{"USERNAME", "PREFERRED_CHALLENGE", "SRP_A"},
					values: map[string]string{"PREFERRED_CHALLENGE": "PASSWORD_SRP"}, reply: challengeReply(t, "PASSWORD_VERIFIER", "s1", verifier)},
				{op: "RespondToAuthChallenge", name: "PASSWORD_VERIFIER", session: "s1", keys: verifierKeys, reply: tokens},
			},
			run: func(ctx context.Context, a *Authenticator) (errorsx.Result, error) {
				return a.SignInUserAuth(ctx, "alice", Prefer("PASSWORD_SRP"), WithPassword("pw"))
			},
			want: errorsx.SignedIn,
		},
		{
			name: "a PASSWORD_SRP challenge answered later with RespondPassword",
			script: []exchange{
				{op: "InitiateAuth", name: "USER_AUTH", keys: []string{"USERNAME", "PREFERRED_CHALLENGE"}, reply: challengeReply(t, "PASSWORD_SRP", "s1", map[string]string{"USERNAME": "alice"})},
				{op: "RespondToAuthChallenge", name: "PASSWORD_SRP", session: "s1", keys: []string{"USERNAME", "SRP_A"}, reply: challengeReply(t, "PASSWORD_VERIFIER", "s2", verifier)},
				{op: "RespondToAuthChallenge", name: "PASSWORD_VERIFIER", session: "s2", keys: verifierKeys, reply: tokens},
			},
			run: func(ctx context.Context, a *Authenticator) (errorsx.Result, error) {
				r, err := a.SignInUserAuth(ctx, "alice", Prefer("PASSWORD_SRP"))
				if err != nil || r.Challenge.Name != "PASSWORD_SRP" || r.Message.Key != "auth.challenge.password_srp" {
					t.Errorf("first step: %+v %v", r, err)
				}
				return a.RespondPassword(ctx, r, "pw")
			},
			want: errorsx.SignedIn,
		},
		{
			name: "prefer WEB_AUTHN with a PasskeyFunc: options in, CREDENTIAL out",
			script: []exchange{
				{op: "InitiateAuth", name: "USER_AUTH", keys: []string{"USERNAME", "PREFERRED_CHALLENGE"}, values: map[string]string{"PREFERRED_CHALLENGE": "WEB_AUTHN"},
					reply: challengeReply(t, "WEB_AUTHN", "s1", map[string]string{"CREDENTIAL_REQUEST_OPTIONS": opts})},
				{op: "RespondToAuthChallenge", name: "WEB_AUTHN", session: "s1", keys: []string{"USERNAME", "CREDENTIAL"},
					values: map[string]string{"CREDENTIAL": `{"id":"cred"}`, "USERNAME": "alice"}, reply: tokens},
			},
			run: func(ctx context.Context, a *Authenticator) (errorsx.Result, error) {
				gotOptions = ""
				r, err := a.SignInUserAuth(ctx, "alice", Prefer("WEB_AUTHN"), WithPasskey(passkey))
				if gotOptions != opts {
					t.Errorf("PasskeyFunc got %q", gotOptions)
				}
				return r, err
			},
			want: errorsx.SignedIn,
		},
		{
			name: "WEB_AUTHN handed to the application, then RespondPasskey",
			script: []exchange{
				{op: "InitiateAuth", name: "USER_AUTH", keys: []string{"USERNAME", "PREFERRED_CHALLENGE"},
					reply: challengeReply(t, "WEB_AUTHN", "s1", map[string]string{"CREDENTIAL_REQUEST_OPTIONS": opts})},
				{op: "RespondToAuthChallenge", name: "WEB_AUTHN", session: "s1", keys: []string{"USERNAME", "CREDENTIAL"}, reply: tokens},
			},
			run: func(ctx context.Context, a *Authenticator) (errorsx.Result, error) {
				r, err := a.SignInUserAuth(ctx, "alice", Prefer("WEB_AUTHN"))
				if err != nil || r.Challenge.Name != "WEB_AUTHN" || r.Message.Key != "auth.challenge.web_authn" {
					t.Errorf("first step: %+v %v", r, err)
				}
				return a.RespondPasskey(ctx, r, passkey)
			},
			want: errorsx.SignedIn,
		},
		{
			name: "SMS_OTP, a wrong code",
			script: []exchange{
				{op: "InitiateAuth", name: "USER_AUTH", keys: []string{"USERNAME", "PREFERRED_CHALLENGE"},
					reply: challengeReply(t, "SMS_OTP", "s1", map[string]string{"CODE_DELIVERY_DELIVERY_MEDIUM": "SMS", "CODE_DELIVERY_DESTINATION": "+*******1234"})},
				{op: "RespondToAuthChallenge", name: "SMS_OTP", session: "s1", keys: []string{"USERNAME", "SMS_OTP_CODE"},
					errCode: "CodeMismatchException", errMsg: "Invalid code or auth state for the user."},
			},
			run: func(ctx context.Context, a *Authenticator) (errorsx.Result, error) {
				r, err := a.SignInUserAuth(ctx, "alice", Prefer("SMS_OTP"))
				if err != nil || r.Message.Key != "auth.challenge.sms_otp" {
					t.Errorf("first step: %+v %v", r, err)
				}
				return a.RespondCode(ctx, r, "000000")
			},
			want: errorsx.InvalidCode,
		},
		{
			name:   "a client secret: SECRET_HASH in every call",
			secret: "s3cr3t",
			script: []exchange{
				{op: "InitiateAuth", name: "USER_AUTH", keys: []string{"USERNAME", "SECRET_HASH"},
					values: map[string]string{"SECRET_HASH": SecretHash("client-1", "s3cr3t", "alice")}, reply: selectReply},
				{op: "RespondToAuthChallenge", name: "SELECT_CHALLENGE", session: "s1", keys: []string{"ANSWER", "USERNAME", "SRP_A", "SECRET_HASH"},
					reply: challengeReply(t, "PASSWORD_VERIFIER", "s2", verifier)},
				{op: "RespondToAuthChallenge", name: "PASSWORD_VERIFIER", session: "s2", keys: append([]string{"SECRET_HASH"}, verifierKeys...),
					values: map[string]string{"SECRET_HASH": SecretHash("client-1", "s3cr3t", userID)}, reply: tokens},
			},
			run: func(ctx context.Context, a *Authenticator) (errorsx.Result, error) {
				r, _ := a.SignInUserAuth(ctx, "alice")
				return a.SelectChallenge(ctx, r, "PASSWORD_SRP", WithPassword("pw"))
			},
			want: errorsx.SignedIn,
		},
		{
			name: "unknown user on a LEGACY client",
			script: []exchange{{op: "InitiateAuth", name: "USER_AUTH", keys: []string{"USERNAME", "PREFERRED_CHALLENGE"},
				errCode: "UserNotFoundException", errMsg: "User does not exist."}},
			run: func(ctx context.Context, a *Authenticator) (errorsx.Result, error) {
				return a.SignInUserAuth(ctx, "nobody", Prefer("EMAIL_OTP"))
			},
			want: errorsx.InvalidCredentials,
		},
		{
			name: "an unknown PREFERRED_CHALLENGE: refused locally",
			run: func(ctx context.Context, a *Authenticator) (errorsx.Result, error) {
				return a.SignInUserAuth(ctx, "alice", Prefer("SMS_MFA"))
			},
			want: errorsx.InvalidInput,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &scripted{t: t, script: tc.script}
			srv := httptest.NewServer(s)
			defer srv.Close()
			client := cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1,
				Credentials: aws.AnonymousCredentials{}, HTTPClient: srv.Client()})
			a, err := New(client, Config{UserPoolID: pool, ClientID: "client-1", ClientSecret: tc.secret})
			if err != nil {
				t.Fatal(err)
			}
			r, err := tc.run(t.Context(), a)
			if r.Kind != tc.want {
				t.Fatalf("kind %v (%v), want %v", r.Kind, err, tc.want)
			}
			if (err == nil) != r.Kind.Success() {
				t.Errorf("error form %v for kind %v", err, r.Kind)
			}
			if tc.wantName != "" && (r.Challenge == nil || r.Challenge.Name != tc.wantName) {
				t.Errorf("challenge %+v, want %s", r.Challenge, tc.wantName)
			}
			if s.n != len(s.script) {
				t.Errorf("%d of %d scripted calls made", s.n, len(s.script))
			}
		})
	}
}

// TestUserAuthAdmin: the admin driver sends AdminInitiateAuth USER_AUTH with
// the pool id.
func TestUserAuthAdmin(t *testing.T) {
	var got struct {
		AuthFlow, UserPoolId string
		AuthParameters       map[string]string
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Amz-Target") != "AWSCognitoIdentityProviderService.AdminInitiateAuth" {
			t.Errorf("target %s", r.Header.Get("X-Amz-Target"))
		}
		_ = json.NewDecoder(r.Body).Decode(&got)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_, _ = io.WriteString(w, tokens)
	}))
	defer srv.Close()
	client := cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1,
		Credentials: aws.AnonymousCredentials{}, HTTPClient: srv.Client()})
	a, err := NewAdmin(client, Config{UserPoolID: "us-east-1_TestPool1", ClientID: "client-1"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := a.SignInUserAuth(t.Context(), "alice", Prefer("PASSWORD"), WithPassword("pw"))
	if err != nil || r.Kind != errorsx.SignedIn {
		t.Fatalf("%+v %v", r, err)
	}
	if got.AuthFlow != "USER_AUTH" || got.UserPoolId != "us-east-1_TestPool1" || got.AuthParameters["PASSWORD"] != "pw" {
		t.Errorf("request %+v", got)
	}
}
