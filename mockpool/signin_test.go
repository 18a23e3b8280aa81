package mockpool_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// TestSignInRows covers the sign-in table of the spec for InitiateAuth
// (USER_PASSWORD_AUTH) and AdminInitiateAuth (ADMIN_USER_PASSWORD_AUTH), both modes.
func TestSignInRows(t *testing.T) {
	type row struct {
		name     string
		setup    func(e *env)
		user, pw string
		legacy   want
		enabled  want
	}
	rows := []row{
		{"right password", func(e *env) { e.confirmed("alice", "alice@example.com") }, "alice", goodPW, ok, ok},
		{"unknown user", nil, "nobody", goodPW, want{"UserNotFoundException", "User does not exist."}, want{"NotAuthorizedException", incorrect}},
		{"wrong password", func(e *env) { e.confirmed("alice", "") }, "alice", "Wr0ng!pass", want{"NotAuthorizedException", incorrect}, want{"NotAuthorizedException", incorrect}},
		{"disabled, right password", func(e *env) { e.disabled("alice", "") }, "alice", goodPW,
			want{"NotAuthorizedException", "User is disabled."}, want{"NotAuthorizedException", "User is disabled."}},
		{"disabled, wrong password", func(e *env) { e.disabled("alice", "") }, "alice", "Wr0ng!pass",
			want{"NotAuthorizedException", "User is disabled."}, want{"NotAuthorizedException", incorrect}},
		{"unconfirmed, right password", func(e *env) { e.unconfirmed("alice", "alice@example.com") }, "alice", goodPW,
			want{"UserNotConfirmedException", "User is not confirmed."}, want{"UserNotConfirmedException", "User is not confirmed."}},
		{"unconfirmed, wrong password", func(e *env) { e.unconfirmed("alice", "alice@example.com") }, "alice", "Wr0ng!pass",
			want{"UserNotConfirmedException", "User is not confirmed."}, want{"UserNotConfirmedException", "User is not confirmed."}},
		{"reset required", func(e *env) { e.resetRequired("alice", "alice@example.com") }, "alice", goodPW,
			want{"PasswordResetRequiredException", "Password reset required for the user"}, want{"NotAuthorizedException", incorrect}},
	}
	for _, admin := range []bool{false, true} {
		for _, r := range rows {
			for _, m := range modes {
				name := r.name + "/" + string(m)
				if admin {
					name = "admin/" + name
				}
				t.Run(name, func(t *testing.T) {
					e := newEnv(t, nil)
					if r.setup != nil {
						r.setup(e)
					}
					w := r.legacy
					if m == enabled {
						w = r.enabled
					}
					var err error
					if admin {
						var out *cip.AdminInitiateAuthOutput
						out, err = e.adminLogin(m, r.user, r.pw)
						if err == nil && out.AuthenticationResult == nil {
							t.Fatal("no tokens")
						}
					} else {
						var out *cip.InitiateAuthOutput
						out, err = e.login(m, r.user, r.pw)
						if err == nil && (out.AuthenticationResult == nil || out.AuthenticationResult.ExpiresIn != 3600 ||
							aws.ToString(out.AuthenticationResult.TokenType) != "Bearer") {
							t.Fatalf("tokens: %+v", out.AuthenticationResult)
						}
					}
					check(t, err, w)
				})
			}
		}
	}
}

func TestAdminNoSRPAuth(t *testing.T) {
	e := newEnv(t, nil)
	e.confirmed("alice", "")
	out, err := e.c.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{UserPoolId: &e.pool, ClientId: aws.String(e.clients[legacy]),
		AuthFlow: types.AuthFlowTypeAdminNoSrpAuth, AuthParameters: map[string]string{"USERNAME": "alice", "PASSWORD": goodPW}})
	noErr(t, err)
	if out.AuthenticationResult == nil {
		t.Fatal("no tokens")
	}
	_, err = e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: aws.String(e.clients[legacy]),
		AuthFlow: types.AuthFlowTypeAdminNoSrpAuth, AuthParameters: map[string]string{"USERNAME": "alice", "PASSWORD": goodPW}})
	apiErr(t, err, "InvalidParameterException", "Initiate Auth method not supported.")
}

// TestLockout: 5 wrong passwords, then "Password attempts exceeded" with a lockout that
// doubles; under ENABLED unknown users are counted alike.
func TestLockout(t *testing.T) {
	cases := []struct {
		mode  types.PreventUserExistenceErrorTypes
		user  string
		known bool
	}{{legacy, "alice", true}, {enabled, "alice", true}, {enabled, "nobody", false}}
	for _, tc := range cases {
		t.Run(string(tc.mode)+"/"+tc.user, func(t *testing.T) {
			e := newEnv(t, nil)
			e.confirmed("alice", "")
			firstFail := want{"NotAuthorizedException", incorrect}
			for i := 0; i < 5; i++ {
				_, err := e.login(tc.mode, tc.user, "Wr0ng!pass")
				check(t, err, firstFail)
			}
			exceeded := want{"NotAuthorizedException", "Password attempts exceeded"}
			_, err := e.login(tc.mode, tc.user, goodPW)
			check(t, err, exceeded)
			_, err = e.adminLogin(tc.mode, tc.user, goodPW)
			check(t, err, exceeded)
			e.advance(1500 * time.Millisecond) // first lockout: 1 s
			_, err = e.login(tc.mode, tc.user, "Wr0ng!pass")
			check(t, err, firstFail)
			e.advance(1500 * time.Millisecond) // second lockout: 2 s
			_, err = e.login(tc.mode, tc.user, goodPW)
			check(t, err, exceeded)
			e.advance(time.Second)
			_, err = e.login(tc.mode, tc.user, goodPW)
			if tc.known {
				noErr(t, err)
				_, err = e.login(tc.mode, tc.user, "Wr0ng!pass") // count reset by the success
				check(t, err, firstFail)
			} else {
				check(t, err, firstFail)
			}
			// another name is not affected
			_, err = e.login(tc.mode, "someone-else", "x")
			if tc.mode == legacy {
				check(t, err, want{"UserNotFoundException", "User does not exist."})
			} else {
				check(t, err, firstFail)
			}
		})
	}
}

func TestLegacyUnknownUserNeverLocked(t *testing.T) {
	e := newEnv(t, nil)
	for i := 0; i < 8; i++ {
		_, err := e.login(legacy, "nobody", "x")
		check(t, err, want{"UserNotFoundException", "User does not exist."})
	}
}

func TestNewPasswordRequired(t *testing.T) {
	for _, admin := range []bool{false, true} {
		for _, m := range modes {
			t.Run(string(m), func(t *testing.T) {
				e := newEnv(t, nil)
				e.forceChange("bob", "Temp0rary!")
				var name types.ChallengeNameType
				var session string
				var params map[string]string
				if admin {
					out, err := e.adminLogin(m, "bob", "Temp0rary!")
					noErr(t, err)
					name, session, params = out.ChallengeName, aws.ToString(out.Session), out.ChallengeParameters
				} else {
					out, err := e.login(m, "bob", "Temp0rary!")
					noErr(t, err)
					name, session, params = out.ChallengeName, aws.ToString(out.Session), out.ChallengeParameters
				}
				if name != types.ChallengeNameTypeNewPasswordRequired || session == "" || params["USER_ID_FOR_SRP"] != "bob" {
					t.Fatalf("challenge %s %q %v", name, session, params)
				}
				respond := func(pw, sess string) (*types.AuthenticationResultType, error) {
					resp := map[string]string{"USERNAME": "bob", "NEW_PASSWORD": pw, "userAttributes.name": "Bob"}
					if admin {
						out, err := e.c.AdminRespondToAuthChallenge(ctx, &cip.AdminRespondToAuthChallengeInput{UserPoolId: &e.pool,
							ClientId: aws.String(e.clients[m]), ChallengeName: name, Session: &sess, ChallengeResponses: resp})
						if err != nil {
							return nil, err
						}
						return out.AuthenticationResult, nil
					}
					out, err := e.c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: aws.String(e.clients[m]),
						ChallengeName: name, Session: &sess, ChallengeResponses: resp})
					if err != nil {
						return nil, err
					}
					return out.AuthenticationResult, nil
				}
				_, err := respond("short", session)
				apiErr(t, err, "InvalidPasswordException", "Password does not conform to policy: Password not long enough")
				bad := "x" + session[1:]
				if session[0] == 'x' {
					bad = "y" + session[1:]
				}
				_, err = respond("NewPassw0rd!", bad)
				apiErr(t, err, "NotAuthorizedException", "Invalid session for the user.")
				res, err := respond("NewPassw0rd!", session)
				noErr(t, err)
				if res == nil || aws.ToString(res.AccessToken) == "" {
					t.Fatal("no tokens")
				}
				if e.status("bob") != types.UserStatusTypeConfirmed {
					t.Fatal("not confirmed")
				}
				_, err = respond("NewPassw0rd!", session)
				apiErr(t, err, "NotAuthorizedException", "Invalid session for the user.")
				_, err = e.login(m, "bob", "NewPassw0rd!")
				noErr(t, err)
				_, err = e.login(m, "bob", "Temp0rary!")
				apiErr(t, err, "NotAuthorizedException", incorrect)
			})
		}
	}
}

func TestNewPasswordSessionExpiry(t *testing.T) {
	e := newEnv(t, nil)
	e.forceChange("bob", "Temp0rary!")
	out, err := e.login(legacy, "bob", "Temp0rary!")
	noErr(t, err)
	e.advance(3*time.Minute + time.Second)
	_, err = e.c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: aws.String(e.clients[legacy]),
		ChallengeName: out.ChallengeName, Session: out.Session, ChallengeResponses: map[string]string{"USERNAME": "bob", "NEW_PASSWORD": "NewPassw0rd!"}})
	apiErr(t, err, "NotAuthorizedException", "Invalid session for the user, session is expired.")
}

func TestTemporaryPasswordExpiry(t *testing.T) {
	e := newEnv(t, nil)
	e.forceChange("bob", "Temp0rary!")
	e.advance(7*24*time.Hour + time.Second)
	_, err := e.login(legacy, "bob", "Temp0rary!")
	apiErr(t, err, "NotAuthorizedException", "Temporary password has expired and must be reset by an administrator.")
}

func TestAuthFlowsAndSecretHash(t *testing.T) {
	_, c, _ := newServer(t)
	pool := createPool(t, c, &cip.CreateUserPoolInput{})
	srpOnly, _ := createClient(t, c, pool, enabled, false, types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	login := func(client, user string, extra map[string]string) error {
		p := map[string]string{"USERNAME": user, "PASSWORD": goodPW}
		for k, v := range extra {
			p[k] = v
		}
		_, err := c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &client, AuthFlow: types.AuthFlowTypeUserPasswordAuth, AuthParameters: p})
		return err
	}
	for _, m := range modes {
		client, _ := createClient(t, c, pool, m, false, types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
		apiErr(t, login(client, "nobody", nil), "InvalidParameterException", "USER_PASSWORD_AUTH flow not enabled for this client")
		_, err := c.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{UserPoolId: &pool, ClientId: &client,
			AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth, AuthParameters: map[string]string{"USERNAME": "x", "PASSWORD": "y"}})
		apiErr(t, err, "InvalidParameterException", "Auth flow not enabled for this client")
	}
	apiErr(t, login(srpOnly, "nobody", nil), "InvalidParameterException", "USER_PASSWORD_AUTH flow not enabled for this client")
	legacyNames, _ := createClient(t, c, pool, legacy, false, "USER_PASSWORD_AUTH")
	apiErr(t, login(legacyNames, "nobody", nil), "UserNotFoundException", "User does not exist.")

	for _, m := range modes {
		client, secret := createClient(t, c, pool, m, true)
		apiErr(t, login(client, "nobody", nil), "NotAuthorizedException", "Client "+client+" is configured with secret but SECRET_HASH was not received")
		apiErr(t, login(client, "nobody", map[string]string{"SECRET_HASH": "bm9wZQ=="}), "NotAuthorizedException", "Unable to verify secret hash for client "+client)
		err := login(client, "nobody", map[string]string{"SECRET_HASH": secretHash(secret, "nobody", client)})
		if m == legacy {
			apiErr(t, err, "UserNotFoundException", "User does not exist.")
		} else {
			apiErr(t, err, "NotAuthorizedException", incorrect)
		}
		_, err = c.SignUp(ctx, &cip.SignUpInput{ClientId: &client, Username: aws.String("x"), Password: aws.String(goodPW)})
		apiErr(t, err, "NotAuthorizedException", "Client "+client+" is configured with secret but SECRET_HASH was not received")
		_, err = c.SignUp(ctx, &cip.SignUpInput{ClientId: &client, Username: aws.String("x"), Password: aws.String(goodPW), SecretHash: aws.String("bad")})
		apiErr(t, err, "NotAuthorizedException", "Unable to verify secret hash for client "+client)
		_, err = c.SignUp(ctx, &cip.SignUpInput{ClientId: &client, Username: aws.String("x" + string(m)), Password: aws.String(goodPW),
			SecretHash: aws.String(secretHash(secret, "x"+string(m), client))})
		noErr(t, err)
	}
	_, err := c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: aws.String("unknownclient"), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "a", "PASSWORD": "b"}})
	apiErr(t, err, "ResourceNotFoundException", "User pool client unknownclient does not exist.")
	client, _ := createClient(t, c, pool, legacy, false)
	_, err = c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &client, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "a"}})
	apiErr(t, err, "InvalidParameterException", "Missing required parameter PASSWORD")
	_, err = c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &client, AuthFlow: types.AuthFlowTypeUserPasswordAuth})
	apiErr(t, err, "InvalidParameterException", "Missing required parameter USERNAME")
}
