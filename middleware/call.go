package middleware

import (
	"context"
	"sync"
	"time"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	smithymiddleware "github.com/aws/smithy-go/middleware"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// call is one Cognito call as the middleware reads it, parsed once from its input
// in the Initialize step and carried to the Deserialize step as a smithy stack
// value (callKey). The masking, latency, lockout and simulation steps all read this
// value; none of them looks at the input again.
//
// The Mask step writes its findings (why, teach) back into the call: each
// attempt of the retry loop starts them afresh.
type call struct {
	op    string        // operation name
	class cognito.Class // the operation's class (internal/cognito)
	// respond: a RespondToAuthChallenge or AdminRespondToAuthChallenge (class
	// SignIn, answering a challenge rather than starting a sign-in).
	respond bool
	// latKey is the class of answers the latency floor compares this call's
	// answer with (latencyKey): a constant string.
	latKey string
	// srp: an InitiateAuth or AdminInitiateAuth with USER_SRP_AUTH.
	srp bool
	// challenge is the ChallengeName of a RespondToAuthChallenge.
	challenge types.ChallengeNameType
	clientID  string
	// username is the name as typed: USERNAME of the auth parameters or the
	// challenge responses, or the Username member.
	username string
	// norm is username normalised as the pool compares names (Options.Normalize).
	norm string
	// fake: the call answers a simulated SRP challenge of this Masker; it is
	// answered without calling Cognito.
	fake bool
	// issued: the call answers a real PASSWORD_VERIFIER challenge this Masker saw
	// Cognito issue (its latency may teach the floor).
	issued bool
	// block is the PASSWORD_CLAIM_SECRET_BLOCK of a PASSWORD_VERIFIER answer.
	block string
	// userAuth: a call of choice-based sign-in: an InitiateAuth with USER_AUTH,
	// or an answer to one of its challenges (PASSWORD_VERIFIER excepted, which
	// the SRP fields above read).
	userAuth bool
	// admin: AdminInitiateAuth or AdminRespondToAuthChallenge.
	admin bool
	// step is the USER_AUTH step (cognito.UserAuthRow): the PREFERRED_CHALLENGE,
	// the challenge answered, or cognito.SelectStep of SELECT_CHALLENGE's ANSWER.
	step string
	// session is the Session of an answer.
	session string
	// uaFake: the answer carries a valid simulated Session of this Masker for
	// its client, operation, name and challenge (uaExpired: past its expiry);
	// it is answered without calling Cognito.
	uaFake, uaExpired bool
	// params is the operation input, for the simulated answers that need more
	// than the fields above (SignUp's attributes, the auth parameters).
	params any

	// key is the counter key of the name (userKey of norm, or the key a
	// simulated or issued SECRET_BLOCK carries); valid when hasKey.
	key    userKey
	hasKey bool

	// Findings of the Mask step (per attempt).
	why   reason // why the answer was changed, if it was
	teach bool   // the real answer may teach the latency floor
}

// callKey is the stack value key of the parsed call.
type callKey struct{}

// callFrom returns the call the Initialize step parsed, or nil.
func callFrom(ctx context.Context) *call {
	c, _ := smithymiddleware.GetStackValue(ctx, callKey{}).(*call)
	return c
}

// counterKey returns the key of the call's name in the lockout, wrong-code and
// delivery counters, computing it (a keyed hash) the first time only.
func (c *call) counterKey(m *Masker) userKey {
	if !c.hasKey {
		c.key = m.keyOfNorm(c.norm)
		c.hasKey = true
	}
	return c.key
}

// resetFindings clears what an earlier attempt found.
func (c *call) resetFindings() { c.why, c.teach = notMasked, false }

// callPool recycles calls: a call lives from the Initialize step's start to its
// end, and nothing keeps it after.
var callPool = sync.Pool{New: func() any { return new(call) }}

func releaseCall(c *call) {
	*c = call{}
	callPool.Put(c)
}

// parse reads the input of a Cognito call of op into a call, or returns nil for
// the operations the middleware never changes (their answers only get a Result).
func (m *Masker) parse(op string, params any, now time.Time) *call {
	var c *call
	// get takes a call for an input of the operation typed: its class is
	// internal/cognito's.
	get := func(typed string) *call {
		c = callPool.Get().(*call)
		c.op, c.params, c.latKey = op, params, op
		c.class = cognito.ClassOf(typed)
		c.respond = c.class == cognito.SignIn && !cognito.StartsSignIn(typed)
		return c
	}
	switch p := params.(type) {
	case *cip.InitiateAuthInput:
		if p == nil {
			return nil
		}
		get(cognito.OpInitiateAuth)
		c.clientID, c.username = deref(p.ClientId), p.AuthParameters["USERNAME"]
		c.srp = p.AuthFlow == types.AuthFlowTypeUserSrpAuth
		c.latKey = initiateKey(false, p.AuthFlow)
		if p.AuthFlow == types.AuthFlowTypeUserAuth {
			c.userAuth, c.step = true, p.AuthParameters[cognito.ParamPreferredChallenge]
			c.latKey = userAuthKey(op, c.step, p.AuthParameters)
		}
	case *cip.AdminInitiateAuthInput:
		if p == nil {
			return nil
		}
		get(cognito.OpAdminInitiateAuth)
		c.clientID, c.username, c.admin = deref(p.ClientId), p.AuthParameters["USERNAME"], true
		c.srp = p.AuthFlow == types.AuthFlowTypeUserSrpAuth
		c.latKey = initiateKey(true, p.AuthFlow)
		if p.AuthFlow == types.AuthFlowTypeUserAuth {
			c.userAuth, c.step = true, p.AuthParameters[cognito.ParamPreferredChallenge]
			c.latKey = userAuthKey(op, c.step, p.AuthParameters)
		}
	case *cip.RespondToAuthChallengeInput:
		if p == nil {
			return nil
		}
		get(cognito.OpRespondToAuthChallenge)
		c.clientID, c.challenge, c.session = deref(p.ClientId), p.ChallengeName, deref(p.Session)
		m.parseResponses(c, p.ChallengeResponses, now)
		if c.challenge == types.ChallengeNameTypePasswordVerifier {
			c.latKey = "RespondToAuthChallenge/PASSWORD_VERIFIER"
		}
		respondUserAuth(c, op, p.ChallengeResponses)
	case *cip.AdminRespondToAuthChallengeInput:
		if p == nil {
			return nil
		}
		get(cognito.OpAdminRespondToAuthChallenge)
		c.clientID, c.challenge, c.session, c.admin = deref(p.ClientId), p.ChallengeName, deref(p.Session), true
		m.parseResponses(c, p.ChallengeResponses, now)
		if c.challenge == types.ChallengeNameTypePasswordVerifier {
			c.latKey = "AdminRespondToAuthChallenge/PASSWORD_VERIFIER"
		}
		respondUserAuth(c, op, p.ChallengeResponses)
	case *cip.ConfirmSignUpInput:
		if p == nil {
			return nil
		}
		get(cognito.OpConfirmSignUp)
		c.clientID, c.username = deref(p.ClientId), deref(p.Username)
	case *cip.ConfirmForgotPasswordInput:
		if p == nil {
			return nil
		}
		get(cognito.OpConfirmForgotPassword)
		c.clientID, c.username = deref(p.ClientId), deref(p.Username)
	case *cip.ForgotPasswordInput:
		if p == nil {
			return nil
		}
		get(cognito.OpForgotPassword)
		c.clientID, c.username = deref(p.ClientId), deref(p.Username)
	case *cip.ResendConfirmationCodeInput:
		if p == nil {
			return nil
		}
		get(cognito.OpResendConfirmationCode)
		c.clientID, c.username = deref(p.ClientId), deref(p.Username)
	case *cip.SignUpInput:
		if p == nil {
			return nil
		}
		get(cognito.OpSignUp)
		c.clientID, c.username = deref(p.ClientId), deref(p.Username)
	default:
		return nil
	}
	if c.norm == "" {
		c.norm = m.simKey(c.username)
	}
	if c.userAuth {
		m.parseUserAuth(c, now)
	}
	return c
}

// respondUserAuth marks an answer to a USER_AUTH challenge (PASSWORD_VERIFIER
// excepted) and finds its step and latency class.
func respondUserAuth(c *call, op string, r map[string]string) {
	ch := string(c.challenge)
	if !isUserAuthChallenge(ch) {
		return
	}
	c.userAuth, c.step = true, ch
	if ch == cognito.ChallengeSelect {
		c.step = cognito.SelectStep(r[cognito.ParamAnswer])
	}
	c.latKey = userAuthKey(op, c.step, r)
}

// parseResponses reads the challenge responses of a RespondToAuthChallenge: the
// name, and for PASSWORD_VERIFIER whether the SECRET_BLOCK is one of this Masker's
// simulated ones or one it saw Cognito issue (both carry the counter key of the
// name typed at InitiateAuth, so the password and SRP flows share a counter).
func (m *Masker) parseResponses(c *call, r map[string]string, now time.Time) {
	c.username = r["USERNAME"]
	if c.challenge != types.ChallengeNameTypePasswordVerifier {
		return
	}
	c.block = r["PASSWORD_CLAIM_SECRET_BLOCK"]
	if !m.opts.ClientEnabled && hasVerifierResponses(r) {
		if k, ok := m.blockUserKey(c.clientID, c.block); ok {
			c.fake, c.key, c.hasKey = true, k, true
			return
		}
	}
	if m.issued != nil && c.block != "" {
		if k, ok := m.issued.take(m.blockID(c.clientID, c.block), now); ok {
			c.issued = true
			c.key, c.hasKey = k, true
		}
	}
}

// hasVerifierResponses reports whether PASSWORD_VERIFIER responses carry every
// required parameter. Responses missing one go to Cognito even when their
// SECRET_BLOCK is simulated, and Cognito names the missing one as it would for a
// real challenge.
func hasVerifierResponses(r map[string]string) bool {
	for _, k := range [...]string{"USERNAME", "PASSWORD_CLAIM_SECRET_BLOCK", "TIMESTAMP", "PASSWORD_CLAIM_SIGNATURE"} {
		if r[k] == "" {
			return false
		}
	}
	return true
}

// initiateKey is the latency class of an InitiateAuth (admin: AdminInitiateAuth)
// with flow: the flows' costs differ (an SRP challenge is not a password check).
// The keys are constants: no allocation.
func initiateKey(admin bool, flow types.AuthFlowType) string {
	switch cognito.FlowOf(flow) {
	case cognito.FlowSRP:
		if admin {
			return "AdminInitiateAuth/USER_SRP_AUTH"
		}
		return "InitiateAuth/USER_SRP_AUTH"
	case cognito.FlowPassword:
		if admin {
			return "AdminInitiateAuth/password"
		}
		return "InitiateAuth/password"
	case cognito.FlowRefresh:
		if admin {
			return "AdminInitiateAuth/refresh"
		}
		return "InitiateAuth/refresh"
	}
	if admin {
		return "AdminInitiateAuth"
	}
	return "InitiateAuth"
}
