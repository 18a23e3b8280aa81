package mockpool

// CUSTOM_AUTH: InitiateAuth / AdminInitiateAuth with AuthFlow CUSTOM_AUTH, and the
// CUSTOM_CHALLENGE answers, driven by the DefineAuthChallenge, CreateAuthChallenge and
// VerifyAuthChallengeResponse triggers.
//
// Each step calls DefineAuthChallenge with the session history; it answers
// issueTokens (MFA, if due, then tokens), failAuthentication (NotAuthorizedException
// "Incorrect username or password."), or a challengeName: CUSTOM_CHALLENGE (then
// CreateAuthChallenge makes it; its public parameters plus USERNAME go to the client, its
// private ones stay in the session for VerifyAuthChallengeResponse) or, right after
// SRP_A, PASSWORD_VERIFIER (the flow started with AuthParameters CHALLENGE_NAME=SRP_A and
// SRP_A; the proof is checked as in USER_SRP_AUTH, then DefineAuthChallenge sees
// PASSWORD_VERIFIER with challengeResult true). Each answer returns a fresh opaque
// Session, bound to the app client and usable once; it expires after the client's auth
// session validity (3 minutes by default, as Cognito's custom-auth session).
//
// Unknown users: LEGACY answers UserNotFoundException "User does not exist."; ENABLED runs
// the triggers with userNotFound true and USERNAME the same stable UUID the SRP
// simulation uses, and the flow can only end in the generic NotAuthorizedException. As
// with SRP, in pools whose usernames are not UUIDs a real user's USERNAME (the plain
// username) differs in shape from a simulated one.
// DefineAuthChallenge answering both issueTokens and failAuthentication, or an unknown
// challengeName, is InvalidLambdaResponseException "Unrecognizable lambda output".

import (
	"github.com/aws/aws-lambda-go/events"

	"github.com/maskedauth/maskedauth/internal/lockout"
	"github.com/maskedauth/maskedauth/internal/srp"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

const challengeCustom = "CUSTOM_CHALLENGE"

// customState is a custom-auth flow between calls.
type customState struct {
	username string // internal username; "" for an unknown user
	userID   string // USERNAME sent to the client (a stable UUID for unknown users)
	typed    string
	history  []*events.CognitoEventUserPoolsChallengeResult
	metadata map[string]string
}

func (cs *customState) notFound() bool { return cs.username == "" }

// session is cs as a challenge session keeps it. The history is copied: a session is
// never changed once stored.
func (cs *customState) session() *customSession {
	return &customSession{UserID: cs.userID, History: copyHistory(cs.history), Metadata: copyStrings(cs.metadata)}
}

func decodeCustom(sess *authSession) *customState {
	cs := &customState{username: sess.Username, typed: sess.Typed}
	if c := sess.Custom; c != nil {
		cs.userID, cs.metadata, cs.history = c.UserID, copyStrings(c.Metadata), copyHistory(c.History)
	}
	return cs
}

func (s *Server) flowCustom(a *authRequest) (*authResponse, *apiError) {
	typed := a.params["USERNAME"]
	if typed == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+"USERNAME")
	}
	if e := checkSecretHash(a.c, a.params["SECRET_HASH"], typed); e != nil {
		return nil, e
	}
	p, c, now := a.p, a.c, a.r.now
	t := p.trig()
	if t == nil || t.DefineAuthChallenge == nil {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgCustomAuthNotConfigured)
	}
	withSRP := a.params["CHALLENGE_NAME"] == "SRP_A"
	var A = a.params["SRP_A"]
	if withSRP && A == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+"SRP_A")
	}
	st := p.viewUser(byTyped(typed))
	key := s.viewKey(p, st, typed)
	if p.limited(lockout.SignIn, key, now) {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgAttemptsExceeded)
	}
	if st == nil && !c.masking {
		return nil, newErr(cognito.CodeUserNotFound, cognito.MsgUserNotExist)
	}
	if e := s.preAuthentication(a.r, p, c, typed, st, a.metadata); e != nil {
		return nil, e
	}
	cs := &customState{typed: typed, metadata: a.metadata}
	if st != nil {
		if e := s.userGate(p, c, key, st, true, now); e != nil {
			return nil, e
		}
		cs.username, cs.userID = st.username, st.username
	} else {
		cs.userID = s.sim.SRPUserID(p.id, p.simKey(typed))
	}
	if withSRP {
		parsed, err := srp.ParseA(A)
		if err != nil {
			return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgInvalidSRPA)
		}
		cs.history = append(cs.history, &events.CognitoEventUserPoolsChallengeResult{ChallengeName: "SRP_A", ChallengeResult: true})
		ev, e := s.defineAuth(a.r, p, c, cs, st)
		if e != nil {
			return nil, e
		}
		if ev.ChallengeName == challengePasswordVerifier && !ev.IssueTokens && !ev.FailAuthentication {
			return s.srpChallenge(a, typed, parsed, cs.session())
		}
		return s.customNext(a.r, p, c, cs, st, ev)
	}
	ev, e := s.defineAuth(a.r, p, c, cs, st)
	if e != nil {
		return nil, e
	}
	return s.customNext(a.r, p, c, cs, st, ev)
}

// defineAuth runs DefineAuthChallenge over the history.
func (s *Server) defineAuth(r *request, p *pool, c *appClient, cs *customState, st *userView) (events.CognitoEventUserPoolsDefineAuthChallengeResponse, *apiError) {
	t := p.trig()
	if t == nil || t.DefineAuthChallenge == nil {
		return events.CognitoEventUserPoolsDefineAuthChallengeResponse{}, errUnrecognizableLambda()
	}
	ev := events.CognitoEventUserPoolsDefineAuthChallenge{CognitoEventUserPoolsHeader: s.header(p, c.id, "DefineAuthChallenge_Authentication", cs.eventUser())}
	ev.Request.UserAttributes = customAttrs(st)
	ev.Request.Session = cs.history
	ev.Request.ClientMetadata = orEmptyStrings(cs.metadata)
	ev.Request.UserNotFound = cs.notFound()
	out, e := runTrigger(s, r, "DefineAuthChallenge", t.DefineAuthChallenge, ev)
	if e != nil {
		return out.Response, e
	}
	if out.Response.IssueTokens && out.Response.FailAuthentication {
		return out.Response, errUnrecognizableLambda()
	}
	return out.Response, nil
}

// eventUser is the userName of the events: the internal username, or what was typed.
func (cs *customState) eventUser() string {
	if cs.username != "" {
		return cs.username
	}
	return cs.typed
}

func customAttrs(st *userView) map[string]string {
	if st == nil {
		return map[string]string{}
	}
	return eventAttrs(st.attrs, st.status.String())
}

// customNext acts on DefineAuthChallenge's answer (PASSWORD_VERIFIER is handled by the
// caller where it is allowed).
func (s *Server) customNext(r *request, p *pool, c *appClient, cs *customState, st *userView, d events.CognitoEventUserPoolsDefineAuthChallengeResponse) (*authResponse, *apiError) {
	now := r.now
	switch {
	case d.FailAuthentication:
		if p.hit(lockout.SignIn, s.sessionCounterKey(p, cs.username, cs.typed), now) {
			return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgAttemptsExceeded)
		}
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgIncorrect)
	case d.IssueTokens:
		if cs.notFound() {
			return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgIncorrect)
		}
		cur := p.viewUser(byName(cs.username, ""))
		if cur == nil {
			return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgIncorrect)
		}
		key := s.viewKey(p, cur, cs.typed)
		if e := s.userGate(p, c, key, cur, true, now); e != nil {
			return nil, e
		}
		p.reset(lockout.SignIn, key)
		return s.afterPassword(&signIn{r: r, p: p, c: c, typed: cs.typed, st: cur, metadata: cs.metadata}, "TokenGeneration_Authentication")
	case d.ChallengeName == challengeCustom:
	default:
		return nil, errUnrecognizableLambda()
	}
	t := p.trig()
	if t == nil || t.CreateAuthChallenge == nil {
		return nil, errUnrecognizableLambda()
	}
	ev := events.CognitoEventUserPoolsCreateAuthChallenge{CognitoEventUserPoolsHeader: s.header(p, c.id, "CreateAuthChallenge_Authentication", cs.eventUser())}
	ev.Request.UserAttributes = customAttrs(st)
	ev.Request.ChallengeName = challengeCustom
	ev.Request.Session = cs.history
	ev.Request.ClientMetadata = orEmptyStrings(cs.metadata)
	ev.Request.UserNotFound = cs.notFound()
	out, e := runTrigger(s, r, "CreateAuthChallenge", t.CreateAuthChallenge, ev)
	if e != nil {
		return nil, e
	}
	params := make(map[string]string, len(out.Response.PublicChallengeParameters)+1)
	for k, v := range out.Response.PublicChallengeParameters {
		params[k] = v
	}
	params["USERNAME"] = cs.userID
	cust := cs.session()
	cust.Private, cust.ChallengeMetadata = copyStrings(out.Response.PrivateChallengeParameters), out.Response.ChallengeMetadata
	sess := s.newChallengeSession(p, &authSession{Challenge: challengeCustom, Username: cs.username, Typed: cs.typed, ClientID: c.id,
		Expires: now.Add(c.sessionTTL).UnixNano(), Custom: cust})
	return &authResponse{ChallengeName: challengeCustom, Session: sess, ChallengeParameters: params}, nil
}

func copyStrings(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// challengeCustom answers CUSTOM_CHALLENGE {USERNAME, ANSWER}.
func (s *Server) challengeCustom(q *challengeRequest) (*authResponse, *apiError) {
	username, answer := q.responses["USERNAME"], q.responses["ANSWER"]
	if username == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+"USERNAME")
	}
	if answer == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+"ANSWER")
	}
	if q.session == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+"Session")
	}
	p, c, now := q.p, q.c, q.r.now
	sess, e := s.takeSession(p, q.session, c.id, now) // usable once
	if e != nil {
		return nil, e
	}
	if sess.Challenge != challengeCustom {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	cs := decodeCustom(sess)
	if got := p.norm(username); got != p.norm(cs.userID) && got != p.norm(cs.typed) {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	if e := checkSecretHash(c, q.responses["SECRET_HASH"], username, cs.userID, cs.typed); e != nil {
		return nil, e
	}
	if q.metadata != nil {
		cs.metadata = q.metadata
	}
	var st *userView
	if !cs.notFound() {
		if st = p.viewUser(byName(cs.username, "")); st == nil {
			return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgIncorrect)
		}
	}
	t := p.trig()
	if t == nil || t.VerifyAuthChallengeResponse == nil {
		return nil, errUnrecognizableLambda()
	}
	ev := events.CognitoEventUserPoolsVerifyAuthChallenge{CognitoEventUserPoolsHeader: s.header(p, c.id, "VerifyAuthChallengeResponse_Authentication", cs.eventUser())}
	ev.Request.UserAttributes = customAttrs(st)
	ev.Request.PrivateChallengeParameters = map[string]string{}
	if sess.Custom != nil {
		for k, v := range sess.Custom.Private {
			ev.Request.PrivateChallengeParameters[k] = v
		}
	}
	ev.Request.ChallengeAnswer = answer
	ev.Request.ClientMetadata = orEmptyStrings(cs.metadata)
	ev.Request.UserNotFound = cs.notFound()
	out, e := runTrigger(s, q.r, "VerifyAuthChallengeResponse", t.VerifyAuthChallengeResponse, ev)
	if e != nil {
		return nil, e
	}
	cs.history = append(cs.history, &events.CognitoEventUserPoolsChallengeResult{ChallengeName: challengeCustom,
		ChallengeResult: out.Response.AnswerCorrect, ChallengeMetadata: sess.Custom.challengeMetadata()})
	d, e := s.defineAuth(q.r, p, c, cs, st)
	if e != nil {
		return nil, e
	}
	return s.customNext(q.r, p, c, cs, st, d)
}

// customAfterPassword continues a CUSTOM_AUTH flow after a proved PASSWORD_VERIFIER.
func (s *Server) customAfterPassword(q *challengeRequest, sess *authSession, st *userView) (*authResponse, *apiError) {
	cs := decodeCustom(sess)
	if q.metadata != nil {
		cs.metadata = q.metadata
	}
	cs.history = append(cs.history, &events.CognitoEventUserPoolsChallengeResult{ChallengeName: challengePasswordVerifier, ChallengeResult: true})
	d, e := s.defineAuth(q.r, q.p, q.c, cs, st)
	if e != nil {
		return nil, e
	}
	return s.customNext(q.r, q.p, q.c, cs, st, d)
}

// challengeMetadata is CreateAuthChallenge's challengeMetadata ("" for nil).
func (c *customSession) challengeMetadata() string {
	if c == nil {
		return ""
	}
	return c.ChallengeMetadata
}

// copyHistory copies a challenge history deeply: the triggers get (and may change) the
// copies, never what a session keeps.
func copyHistory(h []*events.CognitoEventUserPoolsChallengeResult) []*events.CognitoEventUserPoolsChallengeResult {
	if h == nil {
		return nil
	}
	out := make([]*events.CognitoEventUserPoolsChallengeResult, len(h))
	for i, x := range h {
		if x != nil {
			c := *x
			out[i] = &c
		}
	}
	return out
}
