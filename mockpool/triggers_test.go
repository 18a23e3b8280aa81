package mockpool_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/mockpool"
)

// trigEnv is a pool with one app client that allows every flow.
type trigEnv struct {
	t        *testing.T
	s        *mockpool.Server
	c        *cip.Client
	clk      *fakeClock
	poolID   string
	clientID string
	masking  bool
}

var allFlows = []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowAdminUserPasswordAuth,
	types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth, types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowCustomAuth}

func newTrigEnv(t *testing.T, mode types.PreventUserExistenceErrorTypes, in *cip.CreateUserPoolInput, opts ...mockpool.Option) *trigEnv {
	t.Helper()
	s, c, clk := newServer(t, opts...)
	if in == nil {
		in = &cip.CreateUserPoolInput{AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail}}
	}
	poolID := createPool(t, c, in)
	clientID, _ := createClient(t, c, poolID, mode, false, allFlows...)
	return &trigEnv{t: t, s: s, c: c, clk: clk, poolID: poolID, clientID: clientID, masking: mode == types.PreventUserExistenceErrorTypesEnabled}
}

func (e *trigEnv) set(tr mockpool.Triggers) {
	e.t.Helper()
	noErr(e.t, e.s.SetTriggers(e.poolID, tr))
}

// addUser creates a CONFIRMED user with a password (no triggers should be set yet, or
// they see PreSignUp_AdminCreateUser).
func (e *trigEnv) addUser(name, password string, attrs ...types.AttributeType) {
	e.t.Helper()
	_, err := e.c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &e.poolID, Username: &name,
		MessageAction: types.MessageActionTypeSuppress, UserAttributes: attrs})
	noErr(e.t, err)
	_, err = e.c.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &e.poolID, Username: &name, Password: &password, Permanent: true})
	noErr(e.t, err)
}

func (e *trigEnv) password(name, pw string) (*cip.InitiateAuthOutput, error) {
	return e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &e.clientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": name, "PASSWORD": pw}})
}

func (e *trigEnv) status(name string) string {
	e.t.Helper()
	out, err := e.c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &e.poolID, Username: &name})
	noErr(e.t, err)
	return string(out.UserStatus)
}

func attrOf(list []types.AttributeType, name string) string {
	for _, a := range list {
		if aws.ToString(a.Name) == name {
			return aws.ToString(a.Value)
		}
	}
	return ""
}

func email(v string) types.AttributeType {
	return types.AttributeType{Name: aws.String("email"), Value: aws.String(v)}
}

func verified(name string) types.AttributeType {
	return types.AttributeType{Name: aws.String(name + "_verified"), Value: aws.String("true")}
}

// checkHeader checks the common part of an event as Cognito fills it.
func (e *trigEnv) checkHeader(h events.CognitoEventUserPoolsHeader, source, clientID, userName string) {
	e.t.Helper()
	if h.Version != "1" || h.TriggerSource != source || h.Region != e.s.Region() || h.UserPoolID != e.poolID ||
		h.CallerContext.ClientID != clientID || h.UserName != userName || h.CallerContext.AWSSDKVersion == "" {
		e.t.Fatalf("header %+v, want source %s client %s user %s pool %s", h, source, clientID, userName, e.poolID)
	}
}

// claims decodes a JWT's payload (the mock's signature is checked elsewhere).
func claims(t *testing.T, jwt string) map[string]any {
	t.Helper()
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", jwt)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	noErr(t, err)
	var m map[string]any
	noErr(t, json.Unmarshal(b, &m))
	return m
}

var bothModes = []types.PreventUserExistenceErrorTypes{types.PreventUserExistenceErrorTypesEnabled, types.PreventUserExistenceErrorTypesLegacy}

func TestPreSignUp(t *testing.T) {
	e := newTrigEnv(t, types.PreventUserExistenceErrorTypesEnabled, nil)
	var got []events.CognitoEventUserPoolsPreSignup
	var mu sync.Mutex
	e.set(mockpool.Triggers{PreSignUp: func(_ context.Context, ev events.CognitoEventUserPoolsPreSignup) (events.CognitoEventUserPoolsPreSignup, error) {
		mu.Lock()
		got = append(got, ev)
		mu.Unlock()
		if ev.Request.UserAttributes["email"] == "blocked@example.com" {
			return ev, errors.New("sign-ups from this address are closed")
		}
		if ev.Request.ValidationData["invite"] == "yes" {
			ev.Response.AutoConfirmUser, ev.Response.AutoVerifyEmail = true, true
		}
		return ev, nil
	}})

	// Auto-confirmed and auto-verified: no code is sent.
	out, err := e.c.SignUp(ctx, &cip.SignUpInput{ClientId: &e.clientID, Username: aws.String("ann"), Password: aws.String("Passw0rd!"),
		UserAttributes: []types.AttributeType{email("ann@example.com")},
		ValidationData: []types.AttributeType{{Name: aws.String("invite"), Value: aws.String("yes")}},
		ClientMetadata: map[string]string{"app": "web"}})
	noErr(t, err)
	if !out.UserConfirmed || out.CodeDeliveryDetails != nil {
		t.Fatalf("auto-confirmed sign-up: %+v", out)
	}
	ev := got[0]
	e.checkHeader(ev.CognitoEventUserPoolsHeader, "PreSignUp_SignUp", e.clientID, "ann")
	if ev.Request.UserAttributes["email"] != "ann@example.com" || ev.Request.ClientMetadata["app"] != "web" {
		t.Fatalf("request %+v", ev.Request)
	}
	u, err := e.c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &e.poolID, Username: aws.String("ann")})
	noErr(t, err)
	if u.UserStatus != types.UserStatusTypeConfirmed || attrOf(u.UserAttributes, "email_verified") != "true" {
		t.Fatalf("user %s %v", u.UserStatus, u.UserAttributes)
	}
	if ms := e.s.Messages(mockpool.MessageFilter{Username: "ann"}); len(ms) != 0 {
		t.Fatalf("messages for an auto-confirmed user: %+v", ms)
	}
	_, err = e.password("ann", "Passw0rd!")
	noErr(t, err)

	// Without auto-confirmation the usual code goes out.
	out, err = e.c.SignUp(ctx, &cip.SignUpInput{ClientId: &e.clientID, Username: aws.String("bob"), Password: aws.String("Passw0rd!"),
		UserAttributes: []types.AttributeType{email("bob@example.com")}})
	noErr(t, err)
	if out.UserConfirmed || out.CodeDeliveryDetails == nil {
		t.Fatalf("plain sign-up: %+v", out)
	}

	// An error refuses the sign-up.
	_, err = e.c.SignUp(ctx, &cip.SignUpInput{ClientId: &e.clientID, Username: aws.String("eve"), Password: aws.String("Passw0rd!"),
		UserAttributes: []types.AttributeType{email("blocked@example.com")}})
	apiErr(t, err, "UserLambdaValidationException", "PreSignUp failed with error sign-ups from this address are closed.")
	_, err = e.c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &e.poolID, Username: aws.String("eve")})
	apiErr(t, err, "UserNotFoundException", "User does not exist.")

	// AdminCreateUser runs it as PreSignUp_AdminCreateUser, with no app client.
	_, err = e.c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &e.poolID, Username: aws.String("cat"),
		MessageAction: types.MessageActionTypeSuppress, UserAttributes: []types.AttributeType{email("cat@example.com")}})
	noErr(t, err)
	e.checkHeader(got[len(got)-1].CognitoEventUserPoolsHeader, "PreSignUp_AdminCreateUser", "CLIENT_ID_NOT_APPLICABLE", "cat")
}

func TestPostConfirmation(t *testing.T) {
	e := newTrigEnv(t, types.PreventUserExistenceErrorTypesEnabled, nil)
	var got []events.CognitoEventUserPoolsPostConfirmation
	fail := false
	e.set(mockpool.Triggers{PostConfirmation: func(_ context.Context, ev events.CognitoEventUserPoolsPostConfirmation) (events.CognitoEventUserPoolsPostConfirmation, error) {
		got = append(got, ev)
		if fail {
			return ev, errors.New("CRM is down")
		}
		return ev, nil
	}})
	_, err := e.c.SignUp(ctx, &cip.SignUpInput{ClientId: &e.clientID, Username: aws.String("ann"), Password: aws.String("Passw0rd!"),
		UserAttributes: []types.AttributeType{email("ann@example.com")}})
	noErr(t, err)
	_, err = e.c.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: &e.clientID, Username: aws.String("ann"), ConfirmationCode: aws.String("123456")})
	noErr(t, err)
	if len(got) != 1 {
		t.Fatalf("%d PostConfirmation calls", len(got))
	}
	e.checkHeader(got[0].CognitoEventUserPoolsHeader, "PostConfirmation_ConfirmSignUp", e.clientID, "ann")
	if got[0].Request.UserAttributes["email_verified"] != "true" || got[0].Request.UserAttributes["cognito:user_status"] != "CONFIRMED" {
		t.Fatalf("attributes %v", got[0].Request.UserAttributes)
	}

	_, err = e.c.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: &e.clientID, Username: aws.String("ann")})
	noErr(t, err)
	fail = true
	_, err = e.c.ConfirmForgotPassword(ctx, &cip.ConfirmForgotPasswordInput{ClientId: &e.clientID, Username: aws.String("ann"),
		ConfirmationCode: aws.String("123456"), Password: aws.String("N3wPassw0rd!")})
	apiErr(t, err, "UserLambdaValidationException", "PostConfirmation failed with error CRM is down.")
	e.checkHeader(got[1].CognitoEventUserPoolsHeader, "PostConfirmation_ConfirmForgotPassword", e.clientID, "ann")
	// The new password stands, as in Cognito.
	_, err = e.password("ann", "N3wPassw0rd!")
	noErr(t, err)
}

func TestPreAuthentication(t *testing.T) {
	for _, mode := range bothModes {
		t.Run(string(mode), func(t *testing.T) {
			e := newTrigEnv(t, mode, nil)
			e.addUser("ann", "Passw0rd!", email("ann@example.com"))
			var got []events.CognitoEventUserPoolsPreAuthentication
			e.set(mockpool.Triggers{PreAuthentication: func(_ context.Context, ev events.CognitoEventUserPoolsPreAuthentication) (events.CognitoEventUserPoolsPreAuthentication, error) {
				got = append(got, ev)
				if ev.Request.ValidationData["deny"] == "1" {
					return ev, errors.New("blocked by policy")
				}
				return ev, nil
			}})
			_, err := e.password("ann", "Passw0rd!")
			noErr(t, err)
			e.checkHeader(got[0].CognitoEventUserPoolsHeader, "PreAuthentication_Authentication", e.clientID, "ann")
			if got[0].Request.UserNotFound || got[0].Request.UserAttributes["email"] != "ann@example.com" {
				t.Fatalf("known user: %+v", got[0].Request)
			}

			_, err = e.password("nobody", "Passw0rd!")
			if e.masking {
				apiErr(t, err, "NotAuthorizedException", "Incorrect username or password.")
				last := got[len(got)-1]
				if !last.Request.UserNotFound || last.UserName != "nobody" {
					t.Fatalf("unknown user under ENABLED: %+v", last)
				}
			} else {
				apiErr(t, err, "UserNotFoundException", "User does not exist.")
				if len(got) != 1 {
					t.Fatal("PreAuthentication ran for an unknown user under LEGACY")
				}
			}

			_, err = e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &e.clientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
				AuthParameters: map[string]string{"USERNAME": "ann", "PASSWORD": "Passw0rd!"}, ClientMetadata: map[string]string{"deny": "1"}})
			apiErr(t, err, "UserLambdaValidationException", "PreAuthentication failed with error blocked by policy.")

			// USER_SRP_AUTH runs it at InitiateAuth.
			n := len(got)
			cl := newTClient(nil)
			_, err = e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &e.clientID, AuthFlow: types.AuthFlowTypeUserSrpAuth,
				AuthParameters: map[string]string{"USERNAME": "ann", "SRP_A": cl.A.Text(16)}})
			noErr(t, err)
			if len(got) != n+1 {
				t.Fatal("PreAuthentication did not run for USER_SRP_AUTH")
			}
		})
	}
}

func TestPostAuthenticationAndPreTokenGeneration(t *testing.T) {
	e := newTrigEnv(t, types.PreventUserExistenceErrorTypesEnabled, nil)
	e.addUser("ann", "Passw0rd!", email("ann@example.com"), verified("email"))
	_, err := e.c.CreateGroup(ctx, &cip.CreateGroupInput{UserPoolId: &e.poolID, GroupName: aws.String("staff")})
	noErr(t, err)
	_, err = e.c.AdminAddUserToGroup(ctx, &cip.AdminAddUserToGroupInput{UserPoolId: &e.poolID, Username: aws.String("ann"), GroupName: aws.String("staff")})
	noErr(t, err)

	var post []events.CognitoEventUserPoolsPostAuthentication
	var pre []events.CognitoEventUserPoolsPreTokenGen
	failPost := false
	e.set(mockpool.Triggers{
		PostAuthentication: func(_ context.Context, ev events.CognitoEventUserPoolsPostAuthentication) (events.CognitoEventUserPoolsPostAuthentication, error) {
			post = append(post, ev)
			if failPost {
				return ev, errors.New("audit log unavailable")
			}
			return ev, nil
		},
		PreTokenGeneration: func(_ context.Context, ev events.CognitoEventUserPoolsPreTokenGen) (events.CognitoEventUserPoolsPreTokenGen, error) {
			pre = append(pre, ev)
			ev.Response.ClaimsOverrideDetails = events.ClaimsOverrideDetails{
				ClaimsToAddOrOverride: map[string]string{"tier": "gold", "sub": "not-allowed"},
				ClaimsToSuppress:      []string{"email"},
				GroupOverrideDetails:  events.GroupConfiguration{GroupsToOverride: []string{"admins"}},
			}
			return ev, nil
		},
	})
	out, err := e.password("ann", "Passw0rd!")
	noErr(t, err)
	if len(post) != 1 || len(pre) != 1 {
		t.Fatalf("PostAuthentication %d, PreTokenGeneration %d calls", len(post), len(pre))
	}
	e.checkHeader(post[0].CognitoEventUserPoolsHeader, "PostAuthentication_Authentication", e.clientID, "ann")
	e.checkHeader(pre[0].CognitoEventUserPoolsHeader, "TokenGeneration_Authentication", e.clientID, "ann")
	if g := pre[0].Request.GroupConfiguration.GroupsToOverride; len(g) != 1 || g[0] != "staff" {
		t.Fatalf("groupConfiguration %+v", pre[0].Request.GroupConfiguration)
	}
	id := claims(t, aws.ToString(out.AuthenticationResult.IdToken))
	if id["tier"] != "gold" || id["email"] != nil || id["sub"] == "not-allowed" {
		t.Fatalf("ID token claims %v", id)
	}
	if g, _ := id["cognito:groups"].([]any); len(g) != 1 || g[0] != "admins" {
		t.Fatalf("ID token groups %v", id["cognito:groups"])
	}
	access := claims(t, aws.ToString(out.AuthenticationResult.AccessToken))
	if g, _ := access["cognito:groups"].([]any); len(g) != 1 || g[0] != "admins" {
		t.Fatalf("access token groups %v", access["cognito:groups"])
	}

	// A refresh runs PreTokenGeneration as TokenGeneration_RefreshTokens, not PostAuthentication.
	_, err = e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &e.clientID, AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
		AuthParameters: map[string]string{"REFRESH_TOKEN": aws.ToString(out.AuthenticationResult.RefreshToken)}})
	noErr(t, err)
	if len(post) != 1 || len(pre) != 2 || pre[1].TriggerSource != "TokenGeneration_RefreshTokens" {
		t.Fatalf("refresh: post %d, pre %d (%s)", len(post), len(pre), pre[len(pre)-1].TriggerSource)
	}

	failPost = true
	_, err = e.password("ann", "Passw0rd!")
	apiErr(t, err, "UserLambdaValidationException", "PostAuthentication failed with error audit log unavailable.")

	// NEW_PASSWORD_REQUIRED ends with TokenGeneration_NewPasswordChallenge.
	failPost = false
	_, err = e.c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &e.poolID, Username: aws.String("new"),
		TemporaryPassword: aws.String("Temp0rary!"), MessageAction: types.MessageActionTypeSuppress})
	noErr(t, err)
	ch, err := e.password("new", "Temp0rary!")
	noErr(t, err)
	_, err = e.c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: &e.clientID, ChallengeName: ch.ChallengeName,
		Session: ch.Session, ChallengeResponses: map[string]string{"USERNAME": "new", "NEW_PASSWORD": "Perm4nent!"}})
	noErr(t, err)
	if src := pre[len(pre)-1].TriggerSource; src != "TokenGeneration_NewPasswordChallenge" {
		t.Fatalf("source %s", src)
	}
}

func TestMigrateUserAuthentication(t *testing.T) {
	type answer struct {
		attrs  map[string]string
		status string
		action string
		err    error
	}
	cases := []struct {
		name string
		ans  answer
		// want per mode: "" = signed in, else the error code
		enabled, legacy string
	}{
		{"confirmed", answer{attrs: map[string]string{"email": "old@example.com", "email_verified": "true"}, status: "CONFIRMED", action: "SUPPRESS"}, "", ""},
		{"default status is confirmed", answer{attrs: map[string]string{"email": "old@example.com", "phone_number": "+15555550100"}}, "", ""},
		{"reset required", answer{attrs: map[string]string{"email": "old@example.com", "email_verified": "true"}, status: "RESET_REQUIRED", action: "SUPPRESS"},
			"NotAuthorizedException", "PasswordResetRequiredException"},
		{"empty answer", answer{}, "NotAuthorizedException", "UserNotFoundException"},
		{"error", answer{err: errors.New("legacy directory said no")}, "NotAuthorizedException", "UserNotFoundException"},
	}
	msgs := map[string]string{"NotAuthorizedException": "Incorrect username or password.", "UserNotFoundException": "User does not exist.",
		"PasswordResetRequiredException": "Password reset required for the user"}
	for _, tc := range cases {
		for _, mode := range bothModes {
			t.Run(tc.name+"/"+string(mode), func(t *testing.T) {
				e := newTrigEnv(t, mode, nil)
				var got []events.CognitoEventUserPoolsMigrateUser
				e.set(mockpool.Triggers{MigrateUser: func(_ context.Context, ev events.CognitoEventUserPoolsMigrateUser) (events.CognitoEventUserPoolsMigrateUser, error) {
					got = append(got, ev)
					if tc.ans.err != nil {
						return ev, tc.ans.err
					}
					if ev.Password != "0ldPassw0rd!" {
						return ev, nil
					}
					ev.UserAttributes, ev.FinalUserStatus, ev.MessageAction = tc.ans.attrs, tc.ans.status, tc.ans.action
					return ev, nil
				}})
				out, err := e.password("olduser", "0ldPassw0rd!")
				want := tc.legacy
				if mode == types.PreventUserExistenceErrorTypesEnabled {
					want = tc.enabled
				}
				if len(got) != 1 {
					t.Fatalf("%d MigrateUser calls", len(got))
				}
				e.checkHeader(got[0].CognitoEventUserPoolsHeader, "UserMigration_Authentication", e.clientID, "olduser")
				if want != "" {
					apiErr(t, err, want, msgs[want])
					return
				}
				noErr(t, err)
				if out.AuthenticationResult == nil {
					t.Fatalf("no tokens: %+v", out)
				}
				if st := e.status("olduser"); st != "CONFIRMED" {
					t.Fatalf("status %s", st)
				}
				// The migrated password is the user's now: no second migration.
				_, err = e.password("olduser", "0ldPassw0rd!")
				noErr(t, err)
				if len(got) != 1 {
					t.Fatal("MigrateUser ran for a user who exists")
				}
				welcome := e.s.Messages(mockpool.MessageFilter{Username: "olduser"})
				if (tc.ans.action == "SUPPRESS") != (len(welcome) == 0) {
					t.Fatalf("messageAction %q, messages %+v", tc.ans.action, welcome)
				}
			})
		}
	}
}

// TestImportedUserRecovery: a user imported as RESET_REQUIRED gets the generic answer
// (ENABLED) or PasswordResetRequiredException (LEGACY), then recovers with
// ForgotPassword and ConfirmForgotPassword and becomes CONFIRMED.
func TestImportedUserRecovery(t *testing.T) {
	for _, mode := range bothModes {
		t.Run(string(mode), func(t *testing.T) {
			e := newTrigEnv(t, mode, nil)
			e.set(mockpool.Triggers{MigrateUser: func(_ context.Context, ev events.CognitoEventUserPoolsMigrateUser) (events.CognitoEventUserPoolsMigrateUser, error) {
				ev.UserAttributes = map[string]string{"email": "imp@example.com", "email_verified": "true"}
				ev.FinalUserStatus, ev.MessageAction = "RESET_REQUIRED", "SUPPRESS"
				return ev, nil
			}})
			_, err := e.password("imported", "Whatever1!")
			if mode == types.PreventUserExistenceErrorTypesEnabled {
				apiErr(t, err, "NotAuthorizedException", "Incorrect username or password.")
			} else {
				apiErr(t, err, "PasswordResetRequiredException", "Password reset required for the user")
			}
			if st := e.status("imported"); st != "RESET_REQUIRED" {
				t.Fatalf("status %s", st)
			}
			fp, err := e.c.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: &e.clientID, Username: aws.String("imported")})
			noErr(t, err)
			if aws.ToString(fp.CodeDeliveryDetails.Destination) != "i***@e***" {
				t.Fatalf("delivery %+v", fp.CodeDeliveryDetails)
			}
			_, err = e.c.ConfirmForgotPassword(ctx, &cip.ConfirmForgotPasswordInput{ClientId: &e.clientID, Username: aws.String("imported"),
				ConfirmationCode: aws.String("123456"), Password: aws.String("N3wPassw0rd!")})
			noErr(t, err)
			if st := e.status("imported"); st != "CONFIRMED" {
				t.Fatalf("status after recovery %s", st)
			}
			_, err = e.password("imported", "N3wPassw0rd!")
			noErr(t, err)
		})
	}
}

func TestMigrateUserForgotPassword(t *testing.T) {
	for _, mode := range bothModes {
		t.Run(string(mode), func(t *testing.T) {
			e := newTrigEnv(t, mode, nil)
			var got []events.CognitoEventUserPoolsMigrateUser
			e.set(mockpool.Triggers{MigrateUser: func(_ context.Context, ev events.CognitoEventUserPoolsMigrateUser) (events.CognitoEventUserPoolsMigrateUser, error) {
				got = append(got, ev)
				if ev.UserName == "known-elsewhere" {
					ev.UserAttributes = map[string]string{"email": "ke@example.com", "email_verified": "true"}
					ev.MessageAction = "SUPPRESS"
				}
				return ev, nil
			}})
			fp, err := e.c.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: &e.clientID, Username: aws.String("known-elsewhere")})
			noErr(t, err)
			e.checkHeader(got[0].CognitoEventUserPoolsHeader, "UserMigration_ForgotPassword", e.clientID, "known-elsewhere")
			if got[0].Password != "" {
				t.Fatal("UserMigration_ForgotPassword carried a password")
			}
			if aws.ToString(fp.CodeDeliveryDetails.Destination) != "k***@e***" {
				t.Fatalf("delivery %+v", fp.CodeDeliveryDetails)
			}
			if code, ok := e.s.LastCode(e.poolID, "ke@example.com"); !ok || code != "123456" {
				t.Fatal("no reset code sent to the migrated user")
			}
			_, err = e.c.ConfirmForgotPassword(ctx, &cip.ConfirmForgotPasswordInput{ClientId: &e.clientID, Username: aws.String("known-elsewhere"),
				ConfirmationCode: aws.String("123456"), Password: aws.String("N3wPassw0rd!")})
			noErr(t, err)
			_, err = e.password("known-elsewhere", "N3wPassw0rd!")
			noErr(t, err)

			// An empty answer: the answer for an unknown user.
			_, err = e.c.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: &e.clientID, Username: aws.String("stranger")})
			if mode == types.PreventUserExistenceErrorTypesEnabled {
				noErr(t, err)
			} else {
				apiErr(t, err, "UserNotFoundException", "Username/client id combination not found.")
			}
		})
	}
}

func TestMigrateUserNotForSRP(t *testing.T) {
	e := newTrigEnv(t, types.PreventUserExistenceErrorTypesLegacy, nil)
	calls := 0
	e.set(mockpool.Triggers{MigrateUser: func(_ context.Context, ev events.CognitoEventUserPoolsMigrateUser) (events.CognitoEventUserPoolsMigrateUser, error) {
		calls++
		ev.UserAttributes = map[string]string{"email": "x@example.com"}
		return ev, nil
	}})
	cl := newTClient(nil)
	_, err := e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &e.clientID, AuthFlow: types.AuthFlowTypeUserSrpAuth,
		AuthParameters: map[string]string{"USERNAME": "olduser", "SRP_A": cl.A.Text(16)}})
	apiErr(t, err, "UserNotFoundException", "User does not exist.")
	if calls != 0 {
		t.Fatal("MigrateUser ran for USER_SRP_AUTH")
	}
	// The admin password flow migrates.
	_, err = e.c.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{UserPoolId: &e.poolID, ClientId: &e.clientID,
		AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth, AuthParameters: map[string]string{"USERNAME": "olduser", "PASSWORD": "Passw0rd!"}})
	noErr(t, err)
	if calls != 1 {
		t.Fatalf("%d calls for ADMIN_USER_PASSWORD_AUTH", calls)
	}
}

func TestCustomMessage(t *testing.T) {
	e := newTrigEnv(t, types.PreventUserExistenceErrorTypesEnabled, nil)
	// Without the trigger: Cognito's default text.
	_, err := e.c.SignUp(ctx, &cip.SignUpInput{ClientId: &e.clientID, Username: aws.String("plain"), Password: aws.String("Passw0rd!"),
		UserAttributes: []types.AttributeType{email("plain@example.com")}})
	noErr(t, err)
	ms := e.s.Messages(mockpool.MessageFilter{Username: "plain"})
	if len(ms) != 1 || ms[0].Text != "Your verification code is 123456." {
		t.Fatalf("default message %+v", ms)
	}

	var sources []string
	e.set(mockpool.Triggers{CustomMessage: func(_ context.Context, ev events.CognitoEventUserPoolsCustomMessage) (events.CognitoEventUserPoolsCustomMessage, error) {
		sources = append(sources, ev.TriggerSource)
		if ev.Request.CodeParameter != "{####}" || ev.Request.UsernameParameter != "{username}" {
			return ev, errors.New("bad parameters")
		}
		if ev.Request.UserAttributes["email"] == "fail@example.com" {
			return ev, errors.New("template missing")
		}
		ev.Response.EmailSubject = "Welcome"
		ev.Response.EmailMessage = "Hi " + ev.UserName + ", your code is " + ev.Request.CodeParameter
		ev.Response.SMSMessage = "code " + ev.Request.CodeParameter
		return ev, nil
	}})
	_, err = e.c.SignUp(ctx, &cip.SignUpInput{ClientId: &e.clientID, Username: aws.String("ann"), Password: aws.String("Passw0rd!"),
		UserAttributes: []types.AttributeType{email("ann@example.com")}})
	noErr(t, err)
	_, err = e.c.ResendConfirmationCode(ctx, &cip.ResendConfirmationCodeInput{ClientId: &e.clientID, Username: aws.String("ann")})
	noErr(t, err)
	_, err = e.c.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: &e.clientID, Username: aws.String("ann"), ConfirmationCode: aws.String("123456")})
	noErr(t, err)
	_, err = e.c.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: &e.clientID, Username: aws.String("ann")})
	noErr(t, err)
	_, err = e.c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &e.poolID, Username: aws.String("inv"),
		TemporaryPassword: aws.String("Temp0rary!"), DesiredDeliveryMediums: []types.DeliveryMediumType{types.DeliveryMediumTypeEmail},
		UserAttributes: []types.AttributeType{email("inv@example.com")}})
	noErr(t, err)
	want := []string{"CustomMessage_SignUp", "CustomMessage_ResendCode", "CustomMessage_ForgotPassword", "CustomMessage_AdminCreateUser"}
	if strings.Join(sources, ",") != strings.Join(want, ",") {
		t.Fatalf("sources %v", sources)
	}
	ms = e.s.Messages(mockpool.MessageFilter{Username: "ann"})
	if len(ms) != 3 || ms[0].Text != "Hi ann, your code is 123456" || ms[0].Subject != "Welcome" {
		t.Fatalf("custom messages %+v", ms)
	}
	ms = e.s.Messages(mockpool.MessageFilter{Username: "inv"})
	if len(ms) != 1 || ms[0].Text != "Hi inv, your code is Temp0rary!" {
		t.Fatalf("invitation %+v", ms)
	}
	_, err = e.c.SignUp(ctx, &cip.SignUpInput{ClientId: &e.clientID, Username: aws.String("bad"), Password: aws.String("Passw0rd!"),
		UserAttributes: []types.AttributeType{email("fail@example.com")}})
	apiErr(t, err, "UserLambdaValidationException", "CustomMessage failed with error template missing.")
}

func TestTriggerFailures(t *testing.T) {
	e := newTrigEnv(t, types.PreventUserExistenceErrorTypesEnabled, nil, mockpool.WithTriggerTimeout(50*time.Millisecond))
	e.addUser("ann", "Passw0rd!")
	done := make(chan struct{})
	e.set(mockpool.Triggers{PreAuthentication: func(ctx context.Context, ev events.CognitoEventUserPoolsPreAuthentication) (events.CognitoEventUserPoolsPreAuthentication, error) {
		switch ev.Request.ValidationData["mode"] {
		case "panic":
			var m map[string]int
			m["boom"]++ // a nil map write: a runtime panic
		case "hang":
			<-ctx.Done() // the mock cancels the context at the timeout
			close(done)
		}
		return ev, nil
	}})
	auth := func(mode string) error {
		_, err := e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &e.clientID, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
			AuthParameters: map[string]string{"USERNAME": "ann", "PASSWORD": "Passw0rd!"}, ClientMetadata: map[string]string{"mode": mode}})
		return err
	}
	apiErr(t, auth("panic"), "UserLambdaValidationException", "PreAuthentication failed with error Runtime exited with error: exit status 2.")
	apiErr(t, auth("hang"), "UnexpectedLambdaException", "PreAuthentication invocation failed due to error Socket timeout while invoking Lambda function.")
	<-done
	noErr(t, auth("ok"))

	// DefineAuthChallenge answering both issueTokens and failAuthentication.
	e.set(mockpool.Triggers{DefineAuthChallenge: func(_ context.Context, ev events.CognitoEventUserPoolsDefineAuthChallenge) (events.CognitoEventUserPoolsDefineAuthChallenge, error) {
		ev.Response.IssueTokens, ev.Response.FailAuthentication = true, true
		return ev, nil
	}})
	_, err := e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &e.clientID, AuthFlow: types.AuthFlowTypeCustomAuth,
		AuthParameters: map[string]string{"USERNAME": "ann"}})
	apiErr(t, err, "InvalidLambdaResponseException", "Unrecognizable lambda output")
}

// preSignUpHandler is written exactly as the handler of a Lambda function would be
// (its main would call lambda.Start(preSignUpHandler)): it accepts only company
// addresses and confirms them.
func preSignUpHandler(ctx context.Context, event events.CognitoEventUserPoolsPreSignup) (events.CognitoEventUserPoolsPreSignup, error) {
	if !strings.HasSuffix(event.Request.UserAttributes["email"], "@corp.example") {
		return event, errors.New("only corp.example addresses may sign up")
	}
	event.Response.AutoConfirmUser = true
	event.Response.AutoVerifyEmail = true
	return event, nil
}

// viaLambdaRuntime runs a handler through aws-lambda-go's own handler adapter (the code
// lambda.Start uses), with the event as JSON, as a deployed function would receive it.
func viaLambdaRuntime[E any](h lambda.Handler) func(context.Context, E) (E, error) {
	return func(ctx context.Context, ev E) (E, error) {
		in, err := json.Marshal(ev)
		if err != nil {
			return ev, err
		}
		out, err := h.Invoke(ctx, in)
		if err != nil {
			return ev, err
		}
		var res E
		if err := json.Unmarshal(out, &res); err != nil {
			return ev, err
		}
		return res, nil
	}
}

func TestLambdaHandlerPlugsInUnchanged(t *testing.T) {
	for name, h := range map[string]func(context.Context, events.CognitoEventUserPoolsPreSignup) (events.CognitoEventUserPoolsPreSignup, error){
		"direct":         preSignUpHandler,
		"lambda runtime": viaLambdaRuntime[events.CognitoEventUserPoolsPreSignup](lambda.NewHandler(preSignUpHandler)),
	} {
		t.Run(name, func(t *testing.T) {
			e := newTrigEnv(t, types.PreventUserExistenceErrorTypesEnabled, nil)
			e.set(mockpool.Triggers{PreSignUp: h})
			out, err := e.c.SignUp(ctx, &cip.SignUpInput{ClientId: &e.clientID, Username: aws.String("ann"), Password: aws.String("Passw0rd!"),
				UserAttributes: []types.AttributeType{email("ann@corp.example")}})
			noErr(t, err)
			if !out.UserConfirmed {
				t.Fatal("not auto-confirmed")
			}
			_, err = e.c.SignUp(ctx, &cip.SignUpInput{ClientId: &e.clientID, Username: aws.String("bob"), Password: aws.String("Passw0rd!"),
				UserAttributes: []types.AttributeType{email("bob@gmail.example")}})
			apiErr(t, err, "UserLambdaValidationException", "PreSignUp failed with error only corp.example addresses may sign up.")
		})
	}
}

func TestSetTriggersUnknownPool(t *testing.T) {
	s, _, _ := newServer(t)
	if err := s.SetTriggers("us-east-1_nope", mockpool.Triggers{}); err == nil {
		t.Fatal("SetTriggers accepted an unknown pool")
	}
}

// TestTriggerMayCallThePool: triggers run outside the store's locks, so one may call the
// pool's API (as a real Lambda calls Cognito) without deadlock.
func TestTriggerMayCallThePool(t *testing.T) {
	e := newTrigEnv(t, types.PreventUserExistenceErrorTypesEnabled, &cip.CreateUserPoolInput{
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
		Schema:                 []types.SchemaAttributeType{{Name: aws.String("plan"), AttributeDataType: types.AttributeDataTypeString}},
	})
	e.set(mockpool.Triggers{
		PostConfirmation: func(ctx context.Context, ev events.CognitoEventUserPoolsPostConfirmation) (events.CognitoEventUserPoolsPostConfirmation, error) {
			_, err := e.c.AdminUpdateUserAttributes(ctx, &cip.AdminUpdateUserAttributesInput{UserPoolId: &ev.UserPoolID, Username: &ev.UserName,
				UserAttributes: []types.AttributeType{{Name: aws.String("custom:plan"), Value: aws.String("free")}}})
			return ev, err
		},
		CustomMessage: func(ctx context.Context, ev events.CognitoEventUserPoolsCustomMessage) (events.CognitoEventUserPoolsCustomMessage, error) {
			_, err := e.c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &ev.UserPoolID, Username: &ev.UserName})
			return ev, err
		},
	})
	_, err := e.c.SignUp(ctx, &cip.SignUpInput{ClientId: &e.clientID, Username: aws.String("ann"), Password: aws.String("Passw0rd!"),
		UserAttributes: []types.AttributeType{email("ann@example.com")}})
	noErr(t, err)
	_, err = e.c.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: &e.clientID, Username: aws.String("ann"), ConfirmationCode: aws.String("123456")})
	noErr(t, err)
	u, err := e.c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &e.poolID, Username: aws.String("ann")})
	noErr(t, err)
	if attrOf(u.UserAttributes, "custom:plan") != "free" {
		t.Fatalf("attributes %v", u.UserAttributes)
	}
}
