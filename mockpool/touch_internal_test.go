package mockpool

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// fakeJournal records touches and syncs; sync fails while fail is set.
type fakeJournal struct {
	mu      sync.Mutex
	touched []recordRef
	syncs   int
	fail    error
}

func (j *fakeJournal) touch(ref recordRef) {
	j.mu.Lock()
	j.touched = append(j.touched, ref)
	j.mu.Unlock()
}

func (j *fakeJournal) sync(context.Context) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.syncs++
	return j.fail
}

// take returns and forgets the kinds touched so far.
func (j *fakeJournal) take() map[recordKind]int {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := map[recordKind]int{}
	for _, r := range j.touched {
		out[r.kind]++
	}
	j.touched = nil
	return out
}

// call serves one operation and decodes its answer into out (when not nil).
func call(t *testing.T, s *Server, op string, in any, out any) *response {
	t.Helper()
	body, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	resp := s.serve(t.Context(), targetPrefix+op, body)
	if resp.status != http.StatusOK {
		t.Fatalf("%s: %d %s %s", op, resp.status, resp.errCode, resp.errMsg)
	}
	if out != nil {
		if err := json.Unmarshal(resp.body, out); err != nil {
			t.Fatal(err)
		}
	}
	return resp
}

// TestEveryChangeTouches runs one operation of each family that changes the state
// and checks that it touched the records it changed (the durability contract of
// journal.go), and that a read touches nothing.
func TestEveryChangeTouches(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s := New(WithClock(func() time.Time { return now }), WithTestSigningKey(), WithFixedCode("123456"))
	j := &fakeJournal{}
	s.journal = j

	var pool userPoolOutput
	call(t, s, cognito.OpCreateUserPool, map[string]any{"PoolName": "p", "AutoVerifiedAttributes": []string{"email"},
		"DeviceConfiguration": map[string]any{"ChallengeRequiredOnNewDevice": false}}, &pool)
	poolID := pool.UserPool.ID
	var client userPoolClientOutput
	steps := []struct {
		op   string
		in   any
		out  any
		want []recordKind
	}{
		{cognito.OpCreateUserPoolClient, map[string]any{"UserPoolId": poolID, "ClientName": "c",
			"ExplicitAuthFlows": []string{"ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}}, &client, []recordKind{recClient}},
	}
	for _, st := range steps {
		call(t, s, st.op, st.in, st.out)
		got := j.take()
		for _, k := range st.want {
			if got[k] == 0 {
				t.Errorf("%s touched %v, want kind %d", st.op, got, k)
			}
		}
	}
	if got := j.take(); len(got) != 0 {
		t.Fatalf("left over: %v", got)
	}
	clientID := client.UserPoolClient.ClientID
	var login authResponse
	more := []struct {
		op   string
		in   any
		out  any
		want []recordKind
	}{
		{cognito.OpSignUp, map[string]any{"ClientId": clientID, "Username": "alice", "Password": "Passw0rd!",
			"UserAttributes": []map[string]string{{"Name": "email", "Value": "a@example.com"}}}, nil, []recordKind{recUser, recMessage}},
		{cognito.OpConfirmSignUp, map[string]any{"ClientId": clientID, "Username": "alice", "ConfirmationCode": "123456"}, nil, []recordKind{recUser}},
		{cognito.OpDescribeUserPool, map[string]any{"UserPoolId": poolID}, nil, nil},
		{cognito.OpCreateGroup, map[string]any{"UserPoolId": poolID, "GroupName": "g"}, nil, []recordKind{recGroup}},
		{cognito.OpAdminAddUserToGroup, map[string]any{"UserPoolId": poolID, "GroupName": "g", "Username": "alice"}, nil, []recordKind{recUser}},
		{cognito.OpInitiateAuth, map[string]any{"ClientId": clientID, "AuthFlow": "USER_PASSWORD_AUTH",
			"AuthParameters": map[string]string{"USERNAME": "alice", "PASSWORD": "Passw0rd!"}}, &login, []recordKind{recSession}},
		{cognito.OpForgotPassword, map[string]any{"ClientId": clientID, "Username": "alice"}, nil, []recordKind{recUser, recMessage}},
		{cognito.OpAdminCreateUser, map[string]any{"UserPoolId": poolID, "Username": "bob", "MessageAction": "SUPPRESS"}, nil, []recordKind{recUser}},
		{cognito.OpAdminSetUserPassword, map[string]any{"UserPoolId": poolID, "Username": "alice", "Password": "Passw0rd!2", "Permanent": false}, nil, []recordKind{recUser}},
		{cognito.OpAdminInitiateAuth, map[string]any{"UserPoolId": poolID, "ClientId": clientID, "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
			"AuthParameters": map[string]string{"USERNAME": "alice", "PASSWORD": "Passw0rd!2"}}, nil, []recordKind{recChallenge}},
		{cognito.OpSetUserPoolMfaConfig, map[string]any{"UserPoolId": poolID, "MfaConfiguration": "OPTIONAL",
			"SoftwareTokenMfaConfiguration": map[string]any{"Enabled": true}}, nil, []recordKind{recPool}},
		{cognito.OpAdminDeleteUser, map[string]any{"UserPoolId": poolID, "Username": "alice"}, nil, []recordKind{recUser, recSession}},
		{cognito.OpDeleteGroup, map[string]any{"UserPoolId": poolID, "GroupName": "g"}, nil, []recordKind{recGroup}},
		{cognito.OpDeleteUserPoolClient, map[string]any{"UserPoolId": poolID, "ClientId": clientID}, nil, []recordKind{recClient}},
		{cognito.OpDeleteUserPool, map[string]any{"UserPoolId": poolID}, nil, []recordKind{recPool}},
	}
	for _, st := range more {
		before := j.syncs
		call(t, s, st.op, st.in, st.out)
		got := j.take()
		for _, k := range st.want {
			if got[k] == 0 {
				t.Errorf("%s touched %v, want kind %d", st.op, got, k)
			}
		}
		if st.want == nil && len(got) != 0 {
			t.Errorf("%s (a read) touched %v", st.op, got)
		}
		if j.syncs != before+1 {
			t.Errorf("%s: %d syncs, want 1", st.op, j.syncs-before)
		}
	}
}

// TestFailedSyncIsNotAcknowledged: when the journal cannot commit, the answer is
// InternalErrorException (500), never the handler's 200.
func TestFailedSyncIsNotAcknowledged(t *testing.T) {
	s := New(WithTestSigningKey())
	j := &fakeJournal{fail: errors.New("disk full")}
	s.journal = j
	resp := s.serve(t.Context(), targetPrefix+cognito.OpCreateUserPool, []byte(`{"PoolName":"p"}`))
	if resp.status != http.StatusInternalServerError || resp.errCode != cognito.CodeInternalError || resp.errMsg != cognito.MsgInternalServerError {
		t.Fatalf("got %d %s %q", resp.status, resp.errCode, resp.errMsg)
	}
	if j.syncs != 1 {
		t.Fatalf("%d syncs", j.syncs)
	}
}

// TestChallengeSessionJSON: a challenge session is encoded as JSON and decoded to the
// same value (the durable form), every typed part included.
func TestChallengeSessionJSON(t *testing.T) {
	in := authSession{Challenge: "PASSWORD_VERIFIER", Username: "u", Typed: "U", ClientID: "c", Expires: 42, Wrong: 2,
		Resume: &resumeState{Source: "TokenGeneration_Authentication", SRP: true},
		SRP:    &srpState{Secret: []byte{1, 2}, Public: []byte{3}, A: []byte{4}, UserID: "u"},
		Custom: &customSession{UserID: "u", Metadata: map[string]string{"k": "v"}, Private: map[string]string{"answer": "x"}, ChallengeMetadata: "m"},
		MFA:    &mfaState{Code: "123456", Secret: "S", Verified: true}, DeviceKey: "d", DeviceBlock: "b"}
	b, err := json.Marshal(&in)
	if err != nil {
		t.Fatal(err)
	}
	var out authSession
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Fatalf("round trip:\n%+v\n%+v", in, out)
	}
}

// TestSessionsAreSingleUse: of two answers to one stored challenge session, one takes
// it; a wrong answer is counted and the session dropped at the limit.
func TestSessionsAreSingleUse(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	s := New(WithClock(func() time.Time { return now }))
	p := newPool("us-east-1_x", poolConfig{})
	tok := s.newChallengeSession(p, &authSession{Challenge: "SMS_MFA", ClientID: "c", Expires: now.Add(time.Hour).UnixNano()})
	a, e1 := s.challengeSession(p, tok, "c", now)
	b, e2 := s.challengeSession(p, tok, "c", now)
	if e1 != nil || e2 != nil || a != b {
		t.Fatal("peek")
	}
	if !s.takeExact(p, tok, a) || s.takeExact(p, tok, b) {
		t.Fatal("takeExact: want exactly one of two")
	}
	tok = s.newChallengeSession(p, &authSession{Challenge: "SMS_MFA", ClientID: "c", Expires: now.Add(time.Hour).UnixNano()})
	sess, _ := s.challengeSession(p, tok, "c", now)
	for i := 1; i <= 3; i++ {
		ok, gone := s.answerSession(p, tok, sess, 3, func() bool { return false })
		if ok || gone {
			t.Fatalf("wrong answer %d: ok %v gone %v", i, ok, gone)
		}
	}
	if _, gone := s.answerSession(p, tok, sess, 3, func() bool { return true }); !gone {
		t.Fatal("the session survived the wrong-answer limit")
	}
	tok = s.newChallengeSession(p, &authSession{Challenge: "SMS_MFA", ClientID: "c", Expires: now.Add(time.Hour).UnixNano()})
	sess, _ = s.challengeSession(p, tok, "c", now)
	if ok, _ := s.answerSession(p, tok, sess, 3, func() bool { return true }); !ok {
		t.Fatal("right answer refused")
	}
	if ok, gone := s.answerSession(p, tok, sess, 3, func() bool { return true }); ok || !gone {
		t.Fatal("a right answer used the session twice")
	}
}
