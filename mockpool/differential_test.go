package mockpool_test

import (
	"fmt"
	"reflect"
	"sort"
	"testing"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// shape lists the keys of a JSON value, recursively, with the types of the leaves.
func shape(v any, prefix string, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			shape(e, prefix+"."+k, out)
		}
	case []any:
		for _, e := range x {
			shape(e, prefix+"[]", out)
		}
	default:
		*out = append(*out, fmt.Sprintf("%s:%T", prefix, v))
	}
}

func shapeOf(m map[string]any) []string {
	var out []string
	shape(m, "", &out)
	sort.Strings(out)
	return out
}

// same asserts that two answers are indistinguishable: status, error code, message,
// header names and body shape.
func same(t *testing.T, what string, known, unknown rawAnswer) {
	t.Helper()
	if known.status != unknown.status || known.code != unknown.code || known.msg != unknown.msg ||
		!reflect.DeepEqual(known.headers, unknown.headers) || !reflect.DeepEqual(shapeOf(known.body), shapeOf(unknown.body)) {
		t.Errorf("%s differs:\nknown   %d %s %q %v %v\nunknown %d %s %q %v %v", what,
			known.status, known.code, known.msg, known.headers, shapeOf(known.body),
			unknown.status, unknown.code, unknown.msg, unknown.headers, shapeOf(unknown.body))
	}
}

// TestDifferentialEnabled: for every masked case under ENABLED, the answer for a known
// user equals the answer for an unknown one.
func TestDifferentialEnabled(t *testing.T) {
	e := newEnv(t, nil)
	e.confirmed("alice", "alice@example.com")
	e.confirmed("alan", "alan@example.com")
	e.disabled("dave", "dave@example.com")
	e.resetRequired("rita", "rita@example.com")
	e.unconfirmed("uma", "uma@example.com")
	e.confirmed("noemail", "")
	client := e.clients[enabled]
	pool := e.pool

	auth := func(user, pw string) string {
		return fmt.Sprintf(`{"ClientId":%q,"AuthFlow":"USER_PASSWORD_AUTH","AuthParameters":{"USERNAME":%q,"PASSWORD":%q}}`, client, user, pw)
	}
	adminAuth := func(user, pw string) string {
		return fmt.Sprintf(`{"UserPoolId":%q,"ClientId":%q,"AuthFlow":"ADMIN_USER_PASSWORD_AUTH","AuthParameters":{"USERNAME":%q,"PASSWORD":%q}}`, pool, client, user, pw)
	}
	byName := func(user string) string { return fmt.Sprintf(`{"ClientId":%q,"Username":%q}`, client, user) }
	confirm := func(user, code string) string {
		return fmt.Sprintf(`{"ClientId":%q,"Username":%q,"ConfirmationCode":%q}`, client, user, code)
	}
	cfp := func(user, code string) string {
		return fmt.Sprintf(`{"ClientId":%q,"Username":%q,"ConfirmationCode":%q,"Password":"NewPassw0rd!"}`, client, user, code)
	}
	// rita and alice have reset codes pending (alice's via ForgotPassword)
	_, err := e.c.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: &client, Username: strp("alan")})
	noErr(t, err)

	cases := []struct {
		name, op, known, unknown string
	}{
		{"InitiateAuth wrong password", "InitiateAuth", auth("alice", "Wr0ng!pass"), auth("nobody1", "Wr0ng!pass")},
		{"InitiateAuth reset required", "InitiateAuth", auth("rita", goodPW), auth("nobody2", goodPW)},
		{"InitiateAuth disabled wrong password", "InitiateAuth", auth("dave", "Wr0ng!pass"), auth("nobody3", "Wr0ng!pass")},
		{"AdminInitiateAuth wrong password", "AdminInitiateAuth", adminAuth("alice", "Wr0ng!pass"), adminAuth("nobody4", "Wr0ng!pass")},
		{"AdminInitiateAuth reset required", "AdminInitiateAuth", adminAuth("rita", goodPW), adminAuth("nobody5", goodPW)},
		{"AdminInitiateAuth disabled wrong password", "AdminInitiateAuth", adminAuth("dave", "Wr0ng!pass"), adminAuth("nobody6", "Wr0ng!pass")},
		{"ConfirmSignUp wrong code", "ConfirmSignUp", confirm("uma", "000000"), confirm("nobody", "000000")},
		{"ResendConfirmationCode unconfirmed", "ResendConfirmationCode", byName("uma"), byName("nobody")},
		{"ResendConfirmationCode confirmed", "ResendConfirmationCode", byName("alice"), byName("nobody")},
		{"ResendConfirmationCode disabled", "ResendConfirmationCode", byName("dave"), byName("nobody")},
		{"ForgotPassword", "ForgotPassword", byName("alice"), byName("nobody7")},
		{"ForgotPassword disabled", "ForgotPassword", byName("dave"), byName("nobody8")},
		{"ForgotPassword unconfirmed", "ForgotPassword", byName("uma"), byName("nobody9")},
		{"ForgotPassword no verified contact", "ForgotPassword", byName("noemail"), byName("nobody10")},
		{"ConfirmForgotPassword wrong code", "ConfirmForgotPassword", cfp("alan", "000000"), cfp("nobody", "000000")},
		{"ConfirmForgotPassword disabled", "ConfirmForgotPassword", cfp("dave", "123456"), cfp("nobody11", "123456")},
	}
	for _, c := range cases {
		same(t, c.name, raw(t, e.s, c.op, c.known), raw(t, e.s, c.op, c.unknown))
	}

	// Lockout: step by step the same.
	for i := 0; i < 7; i++ {
		same(t, fmt.Sprintf("lockout step %d", i), raw(t, e.s, "InitiateAuth", auth("alan", "Wr0ng!pass")), raw(t, e.s, "InitiateAuth", auth("nobody-lock", "Wr0ng!pass")))
	}
	a := raw(t, e.s, "InitiateAuth", auth("alan", goodPW))
	if a.msg != "Password attempts exceeded" {
		t.Fatalf("lockout: %+v", a)
	}
	// ConfirmForgotPassword attempt limit: step by step the same (both names have one
	// wrong code counted above).
	for i := 0; i < 7; i++ {
		same(t, fmt.Sprintf("reset limit step %d", i), raw(t, e.s, "ConfirmForgotPassword", cfp("alan", "000000")),
			raw(t, e.s, "ConfirmForgotPassword", cfp("nobody", "000000")))
	}
}

// TestDifferentialLegacyLeaks documents that LEGACY does reveal existence (and that the
// differential check would catch it).
func TestDifferentialLegacyLeaks(t *testing.T) {
	e := newEnv(t, nil)
	e.confirmed("alice", "alice@example.com")
	client := e.clients[types.PreventUserExistenceErrorTypesLegacy]
	known := raw(t, e.s, "InitiateAuth", fmt.Sprintf(`{"ClientId":%q,"AuthFlow":"USER_PASSWORD_AUTH","AuthParameters":{"USERNAME":"alice","PASSWORD":"x"}}`, client))
	unknown := raw(t, e.s, "InitiateAuth", fmt.Sprintf(`{"ClientId":%q,"AuthFlow":"USER_PASSWORD_AUTH","AuthParameters":{"USERNAME":"bob","PASSWORD":"x"}}`, client))
	if known.code == unknown.code {
		t.Fatal("LEGACY should differ")
	}
}

func strp(s string) *string { return &s }

func TestDifferentialNoAutoVerify(t *testing.T) {
	e := newEnv(t, &cip.CreateUserPoolInput{})
	e.unconfirmed("uma", "uma@example.com")
	body := func(u string) string { return fmt.Sprintf(`{"ClientId":%q,"Username":%q}`, e.clients[enabled], u) }
	known, unknown := raw(t, e.s, "ResendConfirmationCode", body("uma")), raw(t, e.s, "ResendConfirmationCode", body("nobody"))
	same(t, "ResendConfirmationCode without auto-verification", known, unknown)
	if known.code != "InvalidParameterException" {
		t.Fatalf("%+v", known)
	}
}
