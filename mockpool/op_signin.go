package mockpool

// Sign-in: InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge,
// AdminRespondToAuthChallenge.
//
// Dispatch:
//   - the auth flows (AuthFlow) and challenges (ChallengeName) are tables of
//     routes.go (authFlows, challenges);
//   - after a flow has proved the password, it calls (*Server).passwordVerified, which
//     decides the next step (NEW_PASSWORD_REQUIRED today; MFA and device challenges
//     go there) or issues tokens;
//   - a flow checks the state of a user with (*Server).userGate before or after the
//     proof, so every flow gives the same answers for disabled, unconfirmed and
//     reset-required users under ENABLED and LEGACY;
//   - lockout counters (internal/lockout, rule SignIn): pool.limited / hit / reset,
//     keyed by the resolved user (Server.counterKey, viewKey, sessionCounterKey).

import (
	"sort"
	"time"

	"github.com/maskedauth/maskedauth/internal/cognito"
	"github.com/maskedauth/maskedauth/internal/lockout"
)

// authRequest is an InitiateAuth or AdminInitiateAuth call after the client checks.
type authRequest struct {
	r        *request
	admin    bool
	p        *pool
	c        *appClient
	flow     string
	params   map[string]string
	metadata map[string]string
}

// authResponse is the answer of InitiateAuth and RespondToAuthChallenge (and their
// admin forms).
type authResponse struct {
	ChallengeName        string                `json:"ChallengeName,omitempty"`
	Session              string                `json:"Session,omitempty"`
	ChallengeParameters  map[string]string     `json:"ChallengeParameters"`
	AuthenticationResult *authenticationResult `json:"AuthenticationResult,omitempty"`
	AvailableChallenges  []string              `json:"AvailableChallenges,omitempty"` // USER_AUTH's SELECT_CHALLENGE
}

type authFlowHandler func(s *Server, a *authRequest) (*authResponse, *apiError)

// challengeRequest is a RespondToAuthChallenge or AdminRespondToAuthChallenge call
// after the client checks. The handler checks Session itself (challengeSession).
type challengeRequest struct {
	r         *request
	admin     bool
	p         *pool
	c         *appClient
	name      string
	session   string
	responses map[string]string
	metadata  map[string]string
}

type challengeHandler func(s *Server, q *challengeRequest) (*authResponse, *apiError)

var (
	authFlowEnum  = []string{"USER_SRP_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN", "CUSTOM_AUTH", "ADMIN_NO_SRP_AUTH", "USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH", "USER_AUTH"}
	challengeEnum = []string{"SMS_MFA", "EMAIL_OTP", "SOFTWARE_TOKEN_MFA", "SELECT_MFA_TYPE", "MFA_SETUP", "PASSWORD_VERIFIER", "CUSTOM_CHALLENGE", "SELECT_CHALLENGE", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER", "ADMIN_NO_SRP_AUTH", "NEW_PASSWORD_REQUIRED", "SMS_OTP", "PASSWORD", "WEB_AUTHN", "PASSWORD_SRP"}
	publicFlows   = map[string]bool{"USER_SRP_AUTH": true, "REFRESH_TOKEN_AUTH": true, "REFRESH_TOKEN": true, "CUSTOM_AUTH": true, "USER_PASSWORD_AUTH": true, "USER_AUTH": true}
	adminFlows    = map[string]bool{"USER_SRP_AUTH": true, "REFRESH_TOKEN_AUTH": true, "REFRESH_TOKEN": true, "CUSTOM_AUTH": true, "ADMIN_NO_SRP_AUTH": true, "ADMIN_USER_PASSWORD_AUTH": true, "USER_AUTH": true}
)

// flowEnabled checks ExplicitAuthFlows with Cognito's messages.
func flowEnabled(c *appClient, flow string) *apiError {
	var need flowSet
	msg := cognito.MsgFlowNotEnabled
	switch flow {
	case "USER_PASSWORD_AUTH":
		need, msg = flowUserPassword, cognito.MsgUserPasswordFlowNotEnabled
	case "ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH":
		need = flowAdminUserPassword
	case "USER_SRP_AUTH":
		need, msg = flowUserSRP, cognito.MsgUserSRPFlowNotEnabled
	case "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN":
		need = flowRefresh
	case "CUSTOM_AUTH":
		need, msg = flowCustom, cognito.MsgCustomFlowNotEnabled
	case "USER_AUTH":
		need, msg = flowUserAuth, cognito.MsgUserAuthFlowNotEnabled
	}
	if c.flows&need == 0 {
		return newErr(cognito.CodeInvalidParameter, msg)
	}
	return nil
}

type initiateAuthInput struct {
	UserPoolID     string            `json:"UserPoolId"`
	ClientID       string            `json:"ClientId"`
	AuthFlow       string            `json:"AuthFlow"`
	AuthParameters map[string]string `json:"AuthParameters"`
	ClientMetadata map[string]string `json:"ClientMetadata"`
}

func (in *initiateAuthInput) validate(v *validator) {
	validClientID(v, in.ClientID)
	v.required("authFlow", in.AuthFlow != "")
	if in.AuthFlow != "" {
		v.enum("authFlow", in.AuthFlow, authFlowEnum)
	}
}

type adminInitiateAuthInput initiateAuthInput

func (in *adminInitiateAuthInput) validate(v *validator) {
	validPoolID(v, in.UserPoolID)
	(*initiateAuthInput)(in).validate(v)
}

func (s *Server) opInitiateAuth(r *request, in *initiateAuthInput) (*authResponse, *apiError) {
	return s.initiateAuth(r, in, false)
}

func (s *Server) opAdminInitiateAuth(r *request, in *adminInitiateAuthInput) (*authResponse, *apiError) {
	return s.initiateAuth(r, (*initiateAuthInput)(in), true)
}

func (s *Server) initiateAuth(r *request, in *initiateAuthInput, admin bool) (*authResponse, *apiError) {
	var p *pool
	var c *appClient
	var e *apiError
	if admin {
		p, c, e = s.poolClient(in.UserPoolID, in.ClientID)
	} else {
		p, c, e = s.clientByID(in.ClientID)
	}
	if e != nil {
		return nil, e
	}
	allowed := publicFlows
	if admin {
		allowed = adminFlows
	}
	h := authFlows[in.AuthFlow]
	if !allowed[in.AuthFlow] || h == nil {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgAuthNotSupported)
	}
	if e := flowEnabled(c, in.AuthFlow); e != nil {
		return nil, e
	}
	if in.AuthParameters == nil {
		in.AuthParameters = map[string]string{}
	}
	return h(s, &authRequest{r: r, admin: admin, p: p, c: c, flow: in.AuthFlow, params: in.AuthParameters, metadata: in.ClientMetadata})
}

// userGate applies the rows of the spec that depend on the user's state, given whether
// the password (or SRP proof) was right. It returns nil when sign-in may go on; key is
// the lockout key. u == nil is an unknown user. The caller holds no lock; st is a
// snapshot.
func (s *Server) userGate(p *pool, c *appClient, key lockout.Key, st *userView, passwordOK bool, now time.Time) *apiError {
	generic := func() *apiError {
		s.signInEvent(p, st, now, false)
		if p.hit(lockout.SignIn, key, now) { // a lockout began since the check (concurrent attempts)
			return newErr(cognito.CodeNotAuthorized, cognito.MsgAttemptsExceeded)
		}
		return newErr(cognito.CodeNotAuthorized, cognito.MsgIncorrect)
	}
	if st == nil {
		if !c.masking {
			return newErr(cognito.CodeUserNotFound, cognito.MsgUserNotExist)
		}
		return generic()
	}
	if st.disabled {
		if c.masking && !passwordOK {
			return generic()
		}
		return newErr(cognito.CodeNotAuthorized, cognito.MsgUserDisabled)
	}
	switch st.status {
	case statusUnconfirmed:
		return newErr(cognito.CodeUserNotConfirmed, cognito.MsgUserNotConfirmed) // Cognito does not mask it
	case statusResetRequired:
		if c.masking {
			return generic()
		}
		return newErr(cognito.CodePasswordResetRequired, cognito.MsgResetRequired)
	}
	if !passwordOK {
		return generic()
	}
	return nil
}

// flowPassword serves USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH and
// ADMIN_NO_SRP_AUTH.
func (s *Server) flowPassword(a *authRequest) (*authResponse, *apiError) {
	typed, pw := a.params["USERNAME"], a.params["PASSWORD"]
	if typed == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+"USERNAME")
	}
	if pw == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+"PASSWORD")
	}
	if e := checkSecretHash(a.c, a.params["SECRET_HASH"], typed); e != nil {
		return nil, e
	}
	p, now := a.p, a.r.now
	st := p.viewUser(byTyped(typed))
	ok := s.checkViewPassword(st, pw) // same work for unknown users
	var tempExpires int64
	if st != nil {
		tempExpires = st.tempExpires
	}
	key := s.viewKey(p, st, typed)
	if p.limited(lockout.SignIn, key, now) {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgAttemptsExceeded)
	}
	if t := p.trig(); t != nil {
		if st == nil && t.MigrateUser != nil {
			mst, _, e := s.migrate(a.r, p, a.c, typed, pw, "UserMigration_Authentication", a.metadata)
			if e != nil {
				return nil, e
			}
			if mst != nil {
				st, ok = mst, true // the trigger vouched for the password
				key = s.viewKey(p, st, typed)
			}
		}
		if st != nil || a.c.masking {
			if e := s.preAuthentication(a.r, p, a.c, typed, st, a.metadata); e != nil {
				return nil, e
			}
		}
	}
	if e := s.userGate(p, a.c, key, st, ok, now); e != nil {
		return nil, e
	}
	p.reset(lockout.SignIn, key)
	a.r.changed = true // a new token session
	return s.passwordVerified(&signIn{r: a.r, p: p, c: a.c, typed: typed, st: st, tempExpires: tempExpires, metadata: a.metadata})
}

// flowRefresh serves REFRESH_TOKEN_AUTH (op_tokens.go): new access and ID tokens
// with the same origin_jti and auth_time, and no new refresh token.
func (s *Server) flowRefresh(a *authRequest) (*authResponse, *apiError) {
	if on, _ := a.c.rotation(); on {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgFlowNotEnabled) // inferred
	}
	rt := a.params["REFRESH_TOKEN"]
	if rt == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+"REFRESH_TOKEN")
	}
	res, e := s.refresh(&refreshRequest{r: a.r, p: a.p, c: a.c, token: rt, deviceKey: a.params["DEVICE_KEY"], metadata: a.metadata,
		check: func(sess *tokenSession) *apiError {
			return checkSecretHash(a.c, a.params["SECRET_HASH"], sess.username, sess.sub, a.params["USERNAME"])
		}})
	if e != nil {
		return nil, e
	}
	return &authResponse{ChallengeParameters: map[string]string{}, AuthenticationResult: res}, nil
}

type respondInput struct {
	UserPoolID         string            `json:"UserPoolId"`
	ClientID           string            `json:"ClientId"`
	ChallengeName      string            `json:"ChallengeName"`
	Session            string            `json:"Session"`
	ChallengeResponses map[string]string `json:"ChallengeResponses"`
	ClientMetadata     map[string]string `json:"ClientMetadata"`
}

func (in *respondInput) validate(v *validator) {
	validClientID(v, in.ClientID)
	v.required("challengeName", in.ChallengeName != "")
	if in.ChallengeName != "" {
		v.enum("challengeName", in.ChallengeName, challengeEnum)
	}
	if in.Session != "" {
		v.length("session", in.Session, 20, 2048, true)
	}
}

type adminRespondInput respondInput

func (in *adminRespondInput) validate(v *validator) {
	validPoolID(v, in.UserPoolID)
	(*respondInput)(in).validate(v)
}

func (s *Server) opRespondToAuthChallenge(r *request, in *respondInput) (*authResponse, *apiError) {
	return s.respond(r, in, false)
}

func (s *Server) opAdminRespondToAuthChallenge(r *request, in *adminRespondInput) (*authResponse, *apiError) {
	return s.respond(r, (*respondInput)(in), true)
}

func (s *Server) respond(r *request, in *respondInput, admin bool) (*authResponse, *apiError) {
	var p *pool
	var c *appClient
	var e *apiError
	if admin {
		p, c, e = s.poolClient(in.UserPoolID, in.ClientID)
	} else {
		p, c, e = s.clientByID(in.ClientID)
	}
	if e != nil {
		return nil, e
	}
	h := challenges[in.ChallengeName]
	if h == nil {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgInvalidChallengeNamePrefix+echo(in.ChallengeName))
	}
	if in.ChallengeResponses == nil {
		in.ChallengeResponses = map[string]string{}
	}
	return h(s, &challengeRequest{r: r, admin: admin, p: p, c: c, name: in.ChallengeName, session: in.Session,
		responses: in.ChallengeResponses, metadata: in.ClientMetadata})
}

// challengeNewPassword answers NEW_PASSWORD_REQUIRED: sets the new password (and any
// "userAttributes.<name>" responses), confirms the user and issues tokens.
func (s *Server) challengeNewPassword(q *challengeRequest) (*authResponse, *apiError) {
	username, pw := q.responses["USERNAME"], q.responses["NEW_PASSWORD"]
	if username == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+"USERNAME")
	}
	if pw == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+"NEW_PASSWORD")
	}
	if q.session == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+"Session")
	}
	p, c, now := q.p, q.c, q.r.now
	sess, e := s.challengeSession(p, q.session, c.id, now)
	if e != nil {
		return nil, e
	}
	if e := checkSecretHash(c, q.responses["SECRET_HASH"], username, sess.Typed, sess.Username); e != nil {
		return nil, e
	}
	if sess.Challenge != "NEW_PASSWORD_REQUIRED" || (p.norm(username) != p.norm(sess.Username) && p.norm(username) != p.norm(sess.Typed)) {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	if why := passwordProblem(p.cfg().Policy, pw); why != "" {
		return nil, newErr(cognito.CodeInvalidPassword, cognito.MsgPasswordPolicyAdminPrefix+why)
	}
	var extra []attributeType
	names := make([]string, 0)
	for k := range q.responses {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if len(k) > len("userAttributes.") && k[:len("userAttributes.")] == "userAttributes." {
			v := q.responses[k]
			extra = append(extra, attributeType{Name: k[len("userAttributes."):], Value: &v})
		}
	}
	attrs, e := changedAttributes(p, c.attrs, extra)
	if e != nil {
		return nil, e
	}
	if v := p.viewUser(byName(sess.Username, "")); v != nil {
		if e := checkRequiredAfter(p, v.attrs, attrs); e != nil {
			return nil, e
		}
	}
	mat := s.passwordFor(p, sess.Username, pw)
	if !s.takeExact(p, q.session, sess) { // usable once
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	var st userView
	e = s.updateUser(p, byName(sess.Username, ""), func(u *user) *apiError {
		if u == nil || u.status != statusForceChangePassword {
			return newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
		}
		p.unindex(u)
		for _, a := range attrs {
			u.set(a.name, a.value)
		}
		mat.apply(u)
		u.status = statusConfirmed
		u.tempExpires = 0
		u.touch(now)
		p.index(u)
		st = u.view()
		return nil
	})
	if e != nil {
		return nil, e
	}
	p.reset(lockout.SignIn, s.viewKey(p, &st, sess.Typed))
	q.r.changed = true
	si := s.resumeSignIn(q, sess, &st, 0)
	return s.afterPassword(si, "TokenGeneration_NewPasswordChallenge")
}
