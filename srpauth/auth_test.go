package srpauth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/internal/srp"
)

// fakePool is a small SRP server with real verification, for driver tests.
type fakePool struct {
	t        *testing.T
	poolID   string
	clientID string
	secret   string
	mu       sync.Mutex
	users    map[string]*fakeUser // by internal username
	aliases  map[string]string    // alias -> internal username
	sessions map[string]*fakeSession
	n        int
	// after, when set, is the challenge sent after PASSWORD_VERIFIER (then tokens).
	after    types.ChallengeNameType
	requests []map[string]string // every ChallengeResponses / AuthParameters seen
	ops      []string
}

type fakeUser struct {
	salt *big.Int
	v    *big.Int
}

type fakeSession struct {
	user  string
	se    *srp.ServerEphemeral
	A     *big.Int
	block []byte
	step  types.ChallengeNameType
}

func newFakePool(t *testing.T, secret string) *fakePool {
	return &fakePool{t: t, poolID: "us-east-1_FakePool1", clientID: "client1", secret: secret,
		users: map[string]*fakeUser{}, aliases: map[string]string{}, sessions: map[string]*fakeSession{}}
}

func (p *fakePool) addUser(username, password string, aliases ...string) {
	salt := new(big.Int).SetBytes([]byte("0123456789abcdef"))
	p.users[username] = &fakeUser{salt: salt, v: srp.Verifier(salt, "FakePool1", username, password)}
	for _, a := range aliases {
		p.aliases[a] = username
	}
}

func notAuthorized() error {
	return &types.NotAuthorizedException{Message: aws.String("Incorrect username or password.")}
}

func (p *fakePool) checkSecretHash(m map[string]string) error {
	if p.secret == "" {
		return nil
	}
	if m["SECRET_HASH"] != SecretHash(p.clientID, p.secret, m["USERNAME"]) {
		return &types.NotAuthorizedException{Message: aws.String("Unable to verify secret hash for client " + p.clientID)}
	}
	return nil
}

func (p *fakePool) initiate(params map[string]string) (types.ChallengeNameType, *string, map[string]string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.requests = append(p.requests, params)
	if err := p.checkSecretHash(params); err != nil {
		return "", nil, nil, err
	}
	name := params["USERNAME"]
	if internal, ok := p.aliases[name]; ok {
		name = internal
	}
	u, ok := p.users[name]
	if !ok {
		return "", nil, nil, &types.UserNotFoundException{Message: aws.String("User does not exist.")}
	}
	A, err := srp.ParseA(params["SRP_A"])
	if err != nil {
		return "", nil, nil, &types.InvalidParameterException{Message: aws.String("bad SRP_A")}
	}
	se, err := srp.NewServerEphemeral(rand.Reader, u.v)
	if err != nil {
		p.t.Fatal(err)
	}
	block := make([]byte, 64)
	rand.Read(block)
	p.n++
	id := fmt.Sprintf("session-%d", p.n)
	p.sessions[id] = &fakeSession{user: name, se: se, A: A, block: block, step: types.ChallengeNameTypePasswordVerifier}
	return types.ChallengeNameTypePasswordVerifier, aws.String(id), map[string]string{
		"SALT": srp.Hex(u.salt), "SRP_B": se.PublicHex(), "SECRET_BLOCK": base64.StdEncoding.EncodeToString(block),
		"USER_ID_FOR_SRP": name, "USERNAME": name,
	}, nil
}

func (p *fakePool) respond(name types.ChallengeNameType, session *string, r map[string]string) (types.ChallengeNameType, *string, map[string]string, *types.AuthenticationResultType, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.requests = append(p.requests, r)
	s, ok := p.sessions[aws.ToString(session)]
	if !ok || s.step != name {
		return "", nil, nil, nil, &types.NotAuthorizedException{Message: aws.String("Invalid session for the user.")}
	}
	delete(p.sessions, aws.ToString(session))
	if err := p.checkSecretHash(r); err != nil {
		return "", nil, nil, nil, err
	}
	if r["USERNAME"] != s.user {
		return "", nil, nil, nil, notAuthorized()
	}
	switch name {
	case types.ChallengeNameTypePasswordVerifier:
		if r["PASSWORD_CLAIM_SECRET_BLOCK"] != base64.StdEncoding.EncodeToString(s.block) {
			return "", nil, nil, nil, notAuthorized()
		}
		key, err := s.se.Key(s.A, p.users[s.user].v)
		if err != nil {
			return "", nil, nil, nil, notAuthorized()
		}
		sig, _ := base64.StdEncoding.DecodeString(r["PASSWORD_CLAIM_SIGNATURE"])
		if _, err := srp.ParseTimestamp(r["TIMESTAMP"]); err != nil || !srp.VerifySignature(key, "FakePool1", s.user, s.block, r["TIMESTAMP"], sig) {
			return "", nil, nil, nil, notAuthorized()
		}
		if p.after != "" {
			p.n++
			id := fmt.Sprintf("session-%d", p.n)
			p.sessions[id] = &fakeSession{user: s.user, step: p.after}
			return p.after, aws.String(id), map[string]string{"USERNAME": s.user, "USER_ID_FOR_SRP": s.user}, nil, nil
		}
	case types.ChallengeNameTypeSoftwareTokenMfa:
		if r["SOFTWARE_TOKEN_MFA_CODE"] != "123456" {
			return "", nil, nil, nil, &types.CodeMismatchException{Message: aws.String("Invalid code or auth state for the user.")}
		}
	case types.ChallengeNameTypeNewPasswordRequired:
		if r["NEW_PASSWORD"] == "" {
			return "", nil, nil, nil, &types.InvalidParameterException{Message: aws.String("missing NEW_PASSWORD")}
		}
	}
	return "", nil, nil, &types.AuthenticationResultType{AccessToken: aws.String("access"), IdToken: aws.String("id"),
		RefreshToken: aws.String("refresh"), TokenType: aws.String("Bearer"), ExpiresIn: 3600}, nil
}

func (p *fakePool) InitiateAuth(_ context.Context, in *cip.InitiateAuthInput, _ ...func(*cip.Options)) (*cip.InitiateAuthOutput, error) {
	p.ops = append(p.ops, "InitiateAuth")
	if in.AuthFlow != types.AuthFlowTypeUserSrpAuth || aws.ToString(in.ClientId) != p.clientID {
		return nil, &types.InvalidParameterException{Message: aws.String("flow")}
	}
	name, session, params, err := p.initiate(in.AuthParameters)
	if err != nil {
		return nil, err
	}
	return &cip.InitiateAuthOutput{ChallengeName: name, Session: session, ChallengeParameters: params}, nil
}

func (p *fakePool) RespondToAuthChallenge(_ context.Context, in *cip.RespondToAuthChallengeInput, _ ...func(*cip.Options)) (*cip.RespondToAuthChallengeOutput, error) {
	p.ops = append(p.ops, "RespondToAuthChallenge")
	name, session, params, ar, err := p.respond(in.ChallengeName, in.Session, in.ChallengeResponses)
	if err != nil {
		return nil, err
	}
	return &cip.RespondToAuthChallengeOutput{ChallengeName: name, Session: session, ChallengeParameters: params, AuthenticationResult: ar}, nil
}

type fakeAdmin struct{ *fakePool }

func (p fakeAdmin) AdminInitiateAuth(_ context.Context, in *cip.AdminInitiateAuthInput, _ ...func(*cip.Options)) (*cip.AdminInitiateAuthOutput, error) {
	p.ops = append(p.ops, "AdminInitiateAuth")
	if aws.ToString(in.UserPoolId) != p.poolID {
		return nil, &types.ResourceNotFoundException{Message: aws.String("pool")}
	}
	name, session, params, err := p.initiate(in.AuthParameters)
	if err != nil {
		return nil, err
	}
	return &cip.AdminInitiateAuthOutput{ChallengeName: name, Session: session, ChallengeParameters: params}, nil
}

func (p fakeAdmin) AdminRespondToAuthChallenge(_ context.Context, in *cip.AdminRespondToAuthChallengeInput, _ ...func(*cip.Options)) (*cip.AdminRespondToAuthChallengeOutput, error) {
	p.ops = append(p.ops, "AdminRespondToAuthChallenge")
	if aws.ToString(in.UserPoolId) != p.poolID {
		return nil, &types.ResourceNotFoundException{Message: aws.String("pool")}
	}
	name, session, params, ar, err := p.respond(in.ChallengeName, in.Session, in.ChallengeResponses)
	if err != nil {
		return nil, err
	}
	return &cip.AdminRespondToAuthChallengeOutput{ChallengeName: name, Session: session, ChallengeParameters: params, AuthenticationResult: ar}, nil
}

func TestSignIn(t *testing.T) {
	for _, secret := range []string{"", "s3cr3t"} {
		for _, admin := range []bool{false, true} {
			t.Run(fmt.Sprintf("secret=%v/admin=%v", secret != "", admin), func(t *testing.T) {
				p := newFakePool(t, secret)
				p.addUser("0f6b1d2e-3c4a-4b5c-8d9e-a1b2c3d4e5f6", "Passw0rd!", "alice@example.com")
				cfg := Config{UserPoolID: p.poolID, ClientID: p.clientID, ClientSecret: secret}
				var a *Authenticator
				var err error
				if admin {
					a, err = NewAdmin(fakeAdmin{p}, cfg)
				} else {
					a, err = New(p, cfg)
				}
				if err != nil {
					t.Fatal(err)
				}
				ctx := t.Context()
				r, err := a.SignIn(ctx, "alice@example.com", "Passw0rd!")
				if err != nil || r.Kind != errorsx.SignedIn || r.Tokens == nil || r.Tokens.AccessToken != "access" {
					t.Fatalf("SignIn = %v, %v (cause %v)", r, err, r.Cause)
				}
				// SECRET_HASH over the alias in InitiateAuth, over USER_ID_FOR_SRP after.
				if secret != "" {
					if got := p.requests[0]["SECRET_HASH"]; got != SecretHash(p.clientID, secret, "alice@example.com") {
						t.Error("InitiateAuth SECRET_HASH not over the typed name")
					}
					if got := p.requests[1]["SECRET_HASH"]; got != SecretHash(p.clientID, secret, "0f6b1d2e-3c4a-4b5c-8d9e-a1b2c3d4e5f6") {
						t.Error("RespondToAuthChallenge SECRET_HASH not over USER_ID_FOR_SRP")
					}
				} else if _, ok := p.requests[0]["SECRET_HASH"]; ok {
					t.Error("SECRET_HASH sent without a client secret")
				}

				for _, tt := range []struct{ user, pw string }{{"alice@example.com", "wrong"}, {"nobody", "Passw0rd!"}} {
					r, err = a.SignIn(ctx, tt.user, tt.pw)
					if r.Kind != errorsx.InvalidCredentials || err == nil {
						t.Errorf("SignIn(%s) = %v, %v", tt.user, r, err)
					}
					var na *types.NotAuthorizedException
					var nf *types.UserNotFoundException
					if !errors.As(err, &na) && !errors.As(err, &nf) {
						t.Errorf("cause not kept: %v", err)
					}
				}
			})
		}
	}
}

func TestSignInNextStep(t *testing.T) {
	tests := []struct {
		challenge types.ChallengeNameType
		answers   map[string]string
		wrong     map[string]string
		wrongKind errorsx.Kind
	}{
		{types.ChallengeNameTypeSoftwareTokenMfa, map[string]string{"SOFTWARE_TOKEN_MFA_CODE": "123456"}, map[string]string{"SOFTWARE_TOKEN_MFA_CODE": "000000"}, errorsx.InvalidCode},
		{types.ChallengeNameTypeNewPasswordRequired, map[string]string{"NEW_PASSWORD": "N3w-Passw0rd!"}, nil, 0},
		{types.ChallengeNameTypeSmsMfa, map[string]string{"SMS_MFA_CODE": "1"}, nil, 0},
		{types.ChallengeNameTypeSelectMfaType, map[string]string{"ANSWER": "SOFTWARE_TOKEN_MFA"}, nil, 0},
		{types.ChallengeNameTypeMfaSetup, map[string]string{}, nil, 0},
		{types.ChallengeNameTypeCustomChallenge, map[string]string{"ANSWER": "42"}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(string(tt.challenge), func(t *testing.T) {
			p := newFakePool(t, "sec")
			p.addUser("bob", "Passw0rd!")
			p.after = tt.challenge
			a, err := New(p, Config{UserPoolID: p.poolID, ClientID: p.clientID, ClientSecret: "sec"})
			if err != nil {
				t.Fatal(err)
			}
			ctx := t.Context()
			r, err := a.SignIn(ctx, "bob", "Passw0rd!")
			if err != nil || r.Kind != errorsx.NextStep || r.Challenge == nil || r.Challenge.Name != string(tt.challenge) {
				t.Fatalf("SignIn = %v, %v", r, err)
			}
			if tt.wrong != nil {
				bad, err := a.Respond(ctx, r, tt.wrong)
				if bad.Kind != tt.wrongKind || err == nil {
					t.Fatalf("wrong answer: %v, %v", bad, err)
				}
				// The fake consumes sessions; sign in again for the right answer.
				if r, err = a.SignIn(ctx, "bob", "Passw0rd!"); err != nil {
					t.Fatal(err)
				}
			}
			done, err := a.Respond(ctx, r, tt.answers)
			if err != nil || done.Kind != errorsx.SignedIn {
				t.Fatalf("Respond = %v, %v (cause %v)", done, err, done.Cause)
			}
			last := p.requests[len(p.requests)-1]
			if last["USERNAME"] != "bob" || last["SECRET_HASH"] != SecretHash(p.clientID, "sec", "bob") {
				t.Errorf("Respond did not add USERNAME and SECRET_HASH: %v", keys(last))
			}
		})
	}
}

func TestRespondNeedsNextStep(t *testing.T) {
	p := newFakePool(t, "")
	a, _ := New(p, Config{UserPoolID: p.poolID, ClientID: p.clientID})
	r, err := a.Respond(t.Context(), errorsx.NewResult("InitiateAuth", errorsx.SignedIn), nil)
	if err == nil || r.Kind != errorsx.InvalidInput {
		t.Fatalf("Respond(SignedIn) = %v, %v", r, err)
	}
	if len(p.ops) != 0 {
		t.Fatal("Respond called Cognito")
	}
}

func TestNewRejectsConfig(t *testing.T) {
	p := newFakePool(t, "")
	for _, cfg := range []Config{
		{UserPoolID: "nounderscore", ClientID: "c"},
		{UserPoolID: "us-east-1_x", ClientID: ""},
	} {
		if _, err := New(p, cfg); err == nil {
			t.Errorf("New(%+v) accepted", cfg)
		}
	}
	if _, err := New(nil, Config{UserPoolID: "a_b", ClientID: "c"}); err == nil {
		t.Error("nil client accepted")
	}
	if _, err := NewAdmin(nil, Config{UserPoolID: "a_b", ClientID: "c"}); err == nil {
		t.Error("nil admin client accepted")
	}
}

// hostileAPI sends malformed PASSWORD_VERIFIER challenges.
type hostileAPI struct {
	params    map[string]string
	responded bool
}

func (h *hostileAPI) InitiateAuth(context.Context, *cip.InitiateAuthInput, ...func(*cip.Options)) (*cip.InitiateAuthOutput, error) {
	return &cip.InitiateAuthOutput{ChallengeName: types.ChallengeNameTypePasswordVerifier, Session: aws.String("s"), ChallengeParameters: h.params}, nil
}

func (h *hostileAPI) RespondToAuthChallenge(context.Context, *cip.RespondToAuthChallengeInput, ...func(*cip.Options)) (*cip.RespondToAuthChallengeOutput, error) {
	h.responded = true
	return nil, errors.New("should not be called")
}

func TestSignInHostileChallenge(t *testing.T) {
	good := map[string]string{"SALT": "abcd", "SRP_B": "1234", "SECRET_BLOCK": "AAAA", "USER_ID_FOR_SRP": "u", "USERNAME": "u"}
	for _, mut := range []struct{ k, v string }{
		{"SRP_B", "0"}, {"SRP_B", "zz"}, {"SRP_B", strings.Repeat("f", 10000)}, {"SALT", ""}, {"SECRET_BLOCK", "%%"},
		{"USER_ID_FOR_SRP", ""},
	} {
		params := map[string]string{}
		for k, v := range good {
			params[k] = v
		}
		params[mut.k] = mut.v
		h := &hostileAPI{params: params}
		a, err := New(h, Config{UserPoolID: "us-east-1_P", ClientID: "c"})
		if err != nil {
			t.Fatal(err)
		}
		r, err := a.SignIn(t.Context(), "u", "pw")
		if err == nil || r.Kind != errorsx.Unavailable || h.responded {
			t.Errorf("%s=%.10q: %v, %v, responded=%v", mut.k, mut.v, r, err, h.responded)
		}
	}
}

func TestSignInUsesClock(t *testing.T) {
	p := newFakePool(t, "")
	p.addUser("carol", "pw")
	fixed := time.Date(2025, 11, 9, 12, 0, 5, 0, time.UTC)
	a, _ := New(p, Config{UserPoolID: p.poolID, ClientID: p.clientID}, WithClock(func() time.Time { return fixed }))
	if r, err := a.SignIn(t.Context(), "carol", "pw"); err != nil {
		t.Fatal(r, err)
	}
	if got := p.requests[1]["TIMESTAMP"]; got != "Sun Nov 9 12:00:05 UTC 2025" {
		t.Errorf("TIMESTAMP = %q", got)
	}
}

func TestTypedResponders(t *testing.T) {
	ctx := t.Context()
	p := newFakePool(t, "")
	p.addUser("erin", "pw")
	p.after = types.ChallengeNameTypeSoftwareTokenMfa
	a, _ := New(p, Config{UserPoolID: p.poolID, ClientID: p.clientID})
	r, err := a.SignIn(ctx, "erin", "pw")
	if err != nil || r.Challenge == nil {
		t.Fatal(r, err)
	}
	if bad, err := a.RespondNewPassword(ctx, r, "x", nil); err == nil || bad.Kind != errorsx.InvalidInput {
		t.Fatalf("RespondNewPassword on an MFA challenge: %v", bad)
	}
	done, err := a.RespondCode(ctx, r, "123456")
	if err != nil || done.Kind != errorsx.SignedIn {
		t.Fatalf("RespondCode: %v %v", done, err)
	}
	if got := p.requests[len(p.requests)-1]["SOFTWARE_TOKEN_MFA_CODE"]; got != "123456" {
		t.Errorf("code sent as %q", got)
	}

	p.after = types.ChallengeNameTypeNewPasswordRequired
	r, _ = a.SignIn(ctx, "erin", "pw")
	if bad, err := a.RespondCode(ctx, r, "1"); err == nil || bad.Kind != errorsx.InvalidInput {
		t.Fatalf("RespondCode on NEW_PASSWORD_REQUIRED: %v", bad)
	}
	done, err = a.RespondNewPassword(ctx, r, "N3w-pw!", map[string]string{"name": "Erin"})
	if err != nil || done.Kind != errorsx.SignedIn {
		t.Fatalf("RespondNewPassword: %v %v", done, err)
	}
	last := p.requests[len(p.requests)-1]
	if last["NEW_PASSWORD"] != "N3w-pw!" || last["userAttributes.name"] != "Erin" {
		t.Errorf("responses %v", keys(last))
	}
}
