package mockpool_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/mockpool"
)

// quiz is a custom-auth trio in the style of AWS's examples: up to three tries at a
// question whose answer is kept in the private parameters. It records what it saw.
type quiz struct {
	define []events.CognitoEventUserPoolsDefineAuthChallenge
	create []events.CognitoEventUserPoolsCreateAuthChallenge
	verify []events.CognitoEventUserPoolsVerifyAuthChallenge
	srp    bool // expect SRP_A first, then PASSWORD_VERIFIER
}

func (q *quiz) triggers() mockpool.Triggers {
	return mockpool.Triggers{
		DefineAuthChallenge: func(_ context.Context, ev events.CognitoEventUserPoolsDefineAuthChallenge) (events.CognitoEventUserPoolsDefineAuthChallenge, error) {
			q.define = append(q.define, ev)
			s := ev.Request.Session
			n := len(s)
			switch {
			case n > 0 && s[n-1].ChallengeName == "SRP_A":
				ev.Response.ChallengeName = "PASSWORD_VERIFIER"
			case n > 0 && s[n-1].ChallengeName == "CUSTOM_CHALLENGE" && s[n-1].ChallengeResult:
				ev.Response.IssueTokens = true
			case countCustom(s) >= 3:
				ev.Response.FailAuthentication = true
			default:
				ev.Response.ChallengeName = "CUSTOM_CHALLENGE"
			}
			return ev, nil
		},
		CreateAuthChallenge: func(_ context.Context, ev events.CognitoEventUserPoolsCreateAuthChallenge) (events.CognitoEventUserPoolsCreateAuthChallenge, error) {
			q.create = append(q.create, ev)
			ev.Response.PublicChallengeParameters = map[string]string{"question": "2+2?"}
			ev.Response.PrivateChallengeParameters = map[string]string{"answer": "4"}
			ev.Response.ChallengeMetadata = "QUIZ"
			return ev, nil
		},
		VerifyAuthChallengeResponse: func(_ context.Context, ev events.CognitoEventUserPoolsVerifyAuthChallenge) (events.CognitoEventUserPoolsVerifyAuthChallenge, error) {
			q.verify = append(q.verify, ev)
			ans, _ := ev.Request.ChallengeAnswer.(string)
			ev.Response.AnswerCorrect = ans == ev.Request.PrivateChallengeParameters["answer"]
			return ev, nil
		},
	}
}

func countCustom(s []*events.CognitoEventUserPoolsChallengeResult) int {
	n := 0
	for _, r := range s {
		if r.ChallengeName == "CUSTOM_CHALLENGE" {
			n++
		}
	}
	return n
}

func (e *trigEnv) startCustom(name string) (*cip.InitiateAuthOutput, error) {
	return e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &e.clientID, AuthFlow: types.AuthFlowTypeCustomAuth,
		AuthParameters: map[string]string{"USERNAME": name}})
}

func (e *trigEnv) answer(session *string, username, answer string) (*cip.RespondToAuthChallengeOutput, error) {
	return e.c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: &e.clientID, ChallengeName: types.ChallengeNameTypeCustomChallenge,
		Session: session, ChallengeResponses: map[string]string{"USERNAME": username, "ANSWER": answer}})
}

func TestCustomAuthKnownUser(t *testing.T) {
	for _, mode := range bothModes {
		t.Run(string(mode), func(t *testing.T) {
			e := newTrigEnv(t, mode, nil)
			e.addUser("ann", "Passw0rd!", email("ann@example.com"))
			q := &quiz{}
			e.set(q.triggers())
			out, err := e.startCustom("ann")
			noErr(t, err)
			if out.ChallengeName != types.ChallengeNameTypeCustomChallenge || out.ChallengeParameters["question"] != "2+2?" ||
				out.ChallengeParameters["USERNAME"] != "ann" || out.ChallengeParameters["answer"] != "" || aws.ToString(out.Session) == "" {
				t.Fatalf("first challenge %+v", out)
			}
			e.checkHeader(q.define[0].CognitoEventUserPoolsHeader, "DefineAuthChallenge_Authentication", e.clientID, "ann")
			e.checkHeader(q.create[0].CognitoEventUserPoolsHeader, "CreateAuthChallenge_Authentication", e.clientID, "ann")
			if q.define[0].Request.UserNotFound || len(q.define[0].Request.Session) != 0 || q.define[0].Request.UserAttributes["email"] != "ann@example.com" {
				t.Fatalf("define request %+v", q.define[0].Request)
			}
			// A wrong answer: a new challenge with a new session.
			r1, err := e.answer(out.Session, "ann", "5")
			noErr(t, err)
			if r1.ChallengeName != types.ChallengeNameTypeCustomChallenge || aws.ToString(r1.Session) == aws.ToString(out.Session) {
				t.Fatalf("after a wrong answer %+v", r1)
			}
			e.checkHeader(q.verify[0].CognitoEventUserPoolsHeader, "VerifyAuthChallengeResponse_Authentication", e.clientID, "ann")
			if h := q.define[1].Request.Session; len(h) != 1 || h[0].ChallengeResult || h[0].ChallengeMetadata != "QUIZ" {
				t.Fatalf("history %+v", h[0])
			}
			// The old session is spent.
			_, err = e.answer(out.Session, "ann", "4")
			apiErr(t, err, "NotAuthorizedException", "Invalid session for the user.")
			r2, err := e.answer(r1.Session, "ann", "4")
			noErr(t, err)
			if r2.AuthenticationResult == nil || aws.ToString(r2.AuthenticationResult.AccessToken) == "" {
				t.Fatalf("no tokens %+v", r2)
			}
		})
	}
}

func TestCustomAuthFailsAndExpires(t *testing.T) {
	e := newTrigEnv(t, types.PreventUserExistenceErrorTypesEnabled, nil)
	e.addUser("ann", "Passw0rd!")
	q := &quiz{}
	e.set(q.triggers())
	out, err := e.startCustom("ann")
	noErr(t, err)
	s := out.Session
	for i := 0; i < 2; i++ {
		r, err := e.answer(s, "ann", "wrong")
		noErr(t, err)
		s = r.Session
	}
	_, err = e.answer(s, "ann", "wrong")
	apiErr(t, err, "NotAuthorizedException", "Incorrect username or password.")

	// Sessions last the client's auth session validity (3 minutes by default).
	out, err = e.startCustom("ann")
	noErr(t, err)
	e.clk.advance(3*time.Minute + time.Second)
	_, err = e.answer(out.Session, "ann", "4")
	apiErr(t, err, "NotAuthorizedException", "Invalid session for the user, session is expired.")
}

func TestCustomAuthUnknownUser(t *testing.T) {
	for _, mode := range bothModes {
		t.Run(string(mode), func(t *testing.T) {
			e := newTrigEnv(t, mode, nil)
			q := &quiz{}
			e.set(q.triggers())
			out, err := e.startCustom("ghost")
			if mode == types.PreventUserExistenceErrorTypesLegacy {
				apiErr(t, err, "UserNotFoundException", "User does not exist.")
				if len(q.define) != 0 {
					t.Fatal("DefineAuthChallenge ran for an unknown user under LEGACY")
				}
				return
			}
			noErr(t, err)
			user := out.ChallengeParameters["USERNAME"]
			if !uuidRE.MatchString(user) {
				t.Fatalf("USERNAME %q is not a UUID", user)
			}
			// The same UUID as the SRP simulation, and stable.
			cl := newTClient(nil)
			srpOut, err := e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &e.clientID, AuthFlow: types.AuthFlowTypeUserSrpAuth,
				AuthParameters: map[string]string{"USERNAME": "ghost", "SRP_A": cl.A.Text(16)}})
			noErr(t, err)
			if srpOut.ChallengeParameters["USER_ID_FOR_SRP"] != user {
				t.Fatalf("custom USERNAME %s, SRP USER_ID_FOR_SRP %s", user, srpOut.ChallengeParameters["USER_ID_FOR_SRP"])
			}
			again, err := e.startCustom("ghost")
			noErr(t, err)
			if again.ChallengeParameters["USERNAME"] != user {
				t.Fatal("USERNAME not stable")
			}
			if !q.define[0].Request.UserNotFound || !q.create[0].Request.UserNotFound {
				t.Fatal("userNotFound not set")
			}
			// Even a "right" answer ends in the generic failure.
			_, err = e.answer(out.Session, user, "4")
			apiErr(t, err, "NotAuthorizedException", "Incorrect username or password.")
			if !q.verify[0].Request.UserNotFound {
				t.Fatal("userNotFound not set in VerifyAuthChallengeResponse")
			}
		})
	}
}

func TestCustomAuthAfterSRP(t *testing.T) {
	e := newTrigEnv(t, types.PreventUserExistenceErrorTypesEnabled, nil)
	e.addUser("ann", "Passw0rd!")
	q := &quiz{srp: true}
	e.set(q.triggers())
	cl := newTClient(nil)
	out, err := e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &e.clientID, AuthFlow: types.AuthFlowTypeCustomAuth,
		AuthParameters: map[string]string{"USERNAME": "ann", "CHALLENGE_NAME": "SRP_A", "SRP_A": cl.A.Text(16)}})
	noErr(t, err)
	if out.ChallengeName != types.ChallengeNameTypePasswordVerifier {
		t.Fatalf("want PASSWORD_VERIFIER, got %s", out.ChallengeName)
	}
	if h := q.define[0].Request.Session; len(h) != 1 || h[0].ChallengeName != "SRP_A" || !h[0].ChallengeResult {
		t.Fatalf("history %+v", h)
	}
	p := out.ChallengeParameters
	poolName := e.poolID[len("us-east-1_"):]
	r, err := e.c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: &e.clientID, ChallengeName: types.ChallengeNameTypePasswordVerifier,
		Session: out.Session, ChallengeResponses: map[string]string{"USERNAME": p["USER_ID_FOR_SRP"], "PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
			"TIMESTAMP": srpTS, "PASSWORD_CLAIM_SIGNATURE": cl.proof(poolName, p["USER_ID_FOR_SRP"], "Passw0rd!", p["SALT"], p["SRP_B"], p["SECRET_BLOCK"], srpTS)}})
	noErr(t, err)
	if r.ChallengeName != types.ChallengeNameTypeCustomChallenge {
		t.Fatalf("after the password: %+v", r)
	}
	if h := q.define[1].Request.Session; len(h) != 2 || h[1].ChallengeName != "PASSWORD_VERIFIER" || !h[1].ChallengeResult {
		t.Fatalf("history %+v", h)
	}
	done, err := e.answer(r.Session, "ann", "4")
	noErr(t, err)
	if done.AuthenticationResult == nil {
		t.Fatalf("no tokens %+v", done)
	}
}

func TestCustomAuthNeedsClientFlowAndTrigger(t *testing.T) {
	s, c, _ := newServer(t)
	poolID := createPool(t, c, &cip.CreateUserPoolInput{})
	clientID, _ := createClient(t, c, poolID, types.PreventUserExistenceErrorTypesEnabled, false, types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	in := &cip.InitiateAuthInput{ClientId: &clientID, AuthFlow: types.AuthFlowTypeCustomAuth, AuthParameters: map[string]string{"USERNAME": "ann"}}
	_, err := c.InitiateAuth(ctx, in)
	apiErr(t, err, "InvalidParameterException", "Custom auth flow not enabled for this client")

	custom, _ := createClient(t, c, poolID, types.PreventUserExistenceErrorTypesEnabled, false, types.ExplicitAuthFlowsTypeAllowCustomAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	in.ClientId = &custom
	_, err = c.InitiateAuth(ctx, in)
	apiErr(t, err, "InvalidParameterException", "Custom auth lambda trigger is not configured for the user pool.")
	q := &quiz{}
	noErr(t, s.SetTriggers(poolID, q.triggers()))
	_, err = c.InitiateAuth(ctx, in)
	noErr(t, err)
}
