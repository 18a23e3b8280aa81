package mockpool_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/mockpool"
)

const (
	legacy  = types.PreventUserExistenceErrorTypesLegacy
	enabled = types.PreventUserExistenceErrorTypesEnabled
	goodPW  = "Passw0rd!"
)

var modes = []types.PreventUserExistenceErrorTypes{legacy, enabled}

// env is one server with one pool and an app client per mode.
type env struct {
	t       *testing.T
	s       *mockpool.Server
	c       *cip.Client
	clk     *fakeClock
	pool    string
	clients map[types.PreventUserExistenceErrorTypes]string
}

func newEnv(t *testing.T, in *cip.CreateUserPoolInput) *env {
	t.Helper()
	s, c, clk := newServer(t)
	if in == nil {
		in = &cip.CreateUserPoolInput{AutoVerifiedAttributes: []types.VerifiedAttributeType{"email"}}
	}
	e := &env{t: t, s: s, c: c, clk: clk, pool: createPool(t, c, in), clients: map[types.PreventUserExistenceErrorTypes]string{}}
	for _, m := range modes {
		e.clients[m], _ = createClient(t, c, e.pool, m, false)
	}
	return e
}

func strAttr(name, value string) types.AttributeType {
	return types.AttributeType{Name: aws.String(name), Value: aws.String(value)}
}

// confirmed creates a CONFIRMED user with a verified email.
func (e *env) confirmed(username, email string) {
	e.t.Helper()
	attrs := []types.AttributeType{}
	if email != "" {
		attrs = append(attrs, strAttr("email", email), strAttr("email_verified", "true"))
	}
	_, err := e.c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &e.pool, Username: aws.String(username),
		UserAttributes: attrs, MessageAction: types.MessageActionTypeSuppress})
	noErr(e.t, err)
	_, err = e.c.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &e.pool, Username: aws.String(username),
		Password: aws.String(goodPW), Permanent: true})
	noErr(e.t, err)
}

// unconfirmed signs a user up (UNCONFIRMED, code sent to email).
func (e *env) unconfirmed(username, email string) {
	e.t.Helper()
	in := &cip.SignUpInput{ClientId: aws.String(e.clients[legacy]), Username: aws.String(username), Password: aws.String(goodPW)}
	if email != "" {
		in.UserAttributes = []types.AttributeType{strAttr("email", email)}
	}
	_, err := e.c.SignUp(ctx, in)
	noErr(e.t, err)
}

func (e *env) disabled(username, email string) {
	e.t.Helper()
	e.confirmed(username, email)
	_, err := e.c.AdminDisableUser(ctx, &cip.AdminDisableUserInput{UserPoolId: &e.pool, Username: aws.String(username)})
	noErr(e.t, err)
}

func (e *env) resetRequired(username, email string) {
	e.t.Helper()
	e.confirmed(username, email)
	_, err := e.c.AdminResetUserPassword(ctx, &cip.AdminResetUserPasswordInput{UserPoolId: &e.pool, Username: aws.String(username)})
	noErr(e.t, err)
}

func (e *env) forceChange(username, temp string) {
	e.t.Helper()
	_, err := e.c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &e.pool, Username: aws.String(username),
		TemporaryPassword: aws.String(temp), MessageAction: types.MessageActionTypeSuppress})
	noErr(e.t, err)
}

func (e *env) login(mode types.PreventUserExistenceErrorTypes, username, pw string) (*cip.InitiateAuthOutput, error) {
	return e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: aws.String(e.clients[mode]), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": username, "PASSWORD": pw}})
}

func (e *env) adminLogin(mode types.PreventUserExistenceErrorTypes, username, pw string) (*cip.AdminInitiateAuthOutput, error) {
	return e.c.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{UserPoolId: &e.pool, ClientId: aws.String(e.clients[mode]),
		AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth, AuthParameters: map[string]string{"USERNAME": username, "PASSWORD": pw}})
}

func (e *env) status(username string) types.UserStatusType {
	e.t.Helper()
	out, err := e.c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &e.pool, Username: aws.String(username)})
	noErr(e.t, err)
	return out.UserStatus
}

func (e *env) advance(d time.Duration) { e.clk.advance(d) }

// want is an expected answer: an error code and message, or success (code "").
type want struct{ code, msg string }

var ok = want{}

func check(t *testing.T, err error, w want) {
	t.Helper()
	if w.code == "" {
		noErr(t, err)
		return
	}
	apiErr(t, err, w.code, w.msg)
}

const (
	incorrect = "Incorrect username or password."
	mismatch  = "Invalid verification code provided, please try again."
	expired   = "Invalid code provided, please request a code again."
	limit     = "Attempt limit exceeded, please try after some time."
	notFound  = "Username/client id combination not found."
)
