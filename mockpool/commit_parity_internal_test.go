package mockpool

import (
	"encoding/json"
	"testing"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// TestMaskedAnswersAllCommit (attacker's test): with durable state every answer
// of a masked operation waits for a commit, for a name that resolves to nobody as
// for a real user. A known user's ForgotPassword stores a code and so waits for an
// fsync; if the simulated answer for an unknown name did not, it came back ten
// times sooner (measured on a -state server: 518 µs against 55 µs), an oracle on
// loopback whatever the answer says.
func TestMaskedAnswersAllCommit(t *testing.T) {
	s := New(WithTestSigningKey(), WithFixedCode("123456"))
	j := &fakeJournal{}
	s.journal = j
	var pool userPoolOutput
	call(t, s, cognito.OpCreateUserPool, map[string]any{"PoolName": "p", "AutoVerifiedAttributes": []string{"email"}}, &pool)
	poolID := pool.UserPool.ID
	var client userPoolClientOutput
	call(t, s, cognito.OpCreateUserPoolClient, map[string]any{"UserPoolId": poolID, "ClientName": "c", "PreventUserExistenceErrors": "ENABLED",
		"ExplicitAuthFlows": []string{"ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}}, &client)
	clientID := client.UserPoolClient.ClientID
	call(t, s, cognito.OpAdminCreateUser, map[string]any{"UserPoolId": poolID, "Username": "alice", "MessageAction": "SUPPRESS",
		"UserAttributes": []map[string]string{{"Name": "email", "Value": "a@example.com"}, {"Name": "email_verified", "Value": "true"}}}, nil)
	call(t, s, cognito.OpAdminSetUserPassword, map[string]any{"UserPoolId": poolID, "Username": "alice", "Password": "Passw0rd!x", "Permanent": true}, nil)
	j.take()
	for _, tc := range []struct {
		op string
		in func(name string) map[string]any
	}{
		{cognito.OpForgotPassword, func(n string) map[string]any { return map[string]any{"ClientId": clientID, "Username": n} }},
		{cognito.OpConfirmForgotPassword, func(n string) map[string]any {
			return map[string]any{"ClientId": clientID, "Username": n, "ConfirmationCode": "000000", "Password": "An0ther!pass"}
		}},
		{cognito.OpResendConfirmationCode, func(n string) map[string]any { return map[string]any{"ClientId": clientID, "Username": n} }},
		{cognito.OpConfirmSignUp, func(n string) map[string]any {
			return map[string]any{"ClientId": clientID, "Username": n, "ConfirmationCode": "000000"}
		}},
		{cognito.OpInitiateAuth, func(n string) map[string]any {
			return map[string]any{"ClientId": clientID, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": map[string]string{"USERNAME": n, "PASSWORD": "Wrong!pass1"}}
		}},
		{cognito.OpInitiateAuth, func(n string) map[string]any {
			return map[string]any{"ClientId": clientID, "AuthFlow": "USER_SRP_AUTH", "AuthParameters": map[string]string{"USERNAME": n, "SRP_A": "0a"}}
		}},
	} {
		touched := map[string]int{}
		for _, name := range []string{"alice", "ghost"} {
			body, err := json.Marshal(tc.in(name))
			if err != nil {
				t.Fatal(err)
			}
			s.serve(t.Context(), targetPrefix+tc.op, body)
			for _, n := range j.take() {
				touched[name] += n
			}
		}
		if touched["alice"] > 0 && touched["ghost"] == 0 || touched["alice"] == 0 && touched["ghost"] > 0 {
			t.Errorf("%s: the known user's answer commits %d records, the unknown name's %d: only one waits for a commit",
				tc.op, touched["alice"], touched["ghost"])
		}
		if touched["ghost"] == 0 {
			t.Errorf("%s: an unknown name's answer commits nothing", tc.op)
		}
	}
}
