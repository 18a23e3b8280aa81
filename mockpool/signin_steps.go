package mockpool

// What follows a proved password, for every flow: NEW_PASSWORD_REQUIRED, MFA
// (op_mfa.go), then PostAuthentication, a new tracked device, PreTokenGeneration and
// the tokens. And the triggers that run at the start of a sign-in (PreAuthentication)
// and for unknown users (MigrateUser, op_migrate.go).

import (
	"encoding/json"

	"github.com/aws/aws-lambda-go/events"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// signIn is a sign-in whose password (or SRP proof, or device proof) is proved.
type signIn struct {
	r           *request
	p           *pool
	c           *appClient
	typed       string
	st          *userView
	tempExpires int64
	srp         bool   // an SRP sign-in: a tracked device may be handed out
	device      string // signed in with this remembered device: no MFA, device_key claim
	metadata    map[string]string
}

// resume is what a challenge session keeps to resume the sign-in.
func (si *signIn) resume(source string) *resumeState {
	return &resumeState{Source: source, SRP: si.srp}
}

// source is the PreTokenGeneration source of the sign-in a session resumes.
func (sess *authSession) source() string {
	if sess.Resume == nil {
		return ""
	}
	return sess.Resume.Source
}

// resumeSignIn rebuilds the sign-in of a challenge session.
func (s *Server) resumeSignIn(q *challengeRequest, sess *authSession, st *userView, tempExpires int64) *signIn {
	return &signIn{r: q.r, p: q.p, c: q.c, typed: sess.Typed, st: st, tempExpires: tempExpires,
		srp: sess.Resume != nil && sess.Resume.SRP, metadata: q.metadata}
}

// passwordVerified decides what follows a proved password: NEW_PASSWORD_REQUIRED for
// FORCE_CHANGE_PASSWORD users, then MFA, then tokens.
func (s *Server) passwordVerified(si *signIn) (*authResponse, *apiError) {
	u, now := si.st, si.r.now
	if u.status == statusForceChangePassword {
		if si.tempExpires != 0 && now.UnixNano() >= si.tempExpires {
			return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgTempPasswordExpired)
		}
		attrs := map[string]string{}
		for _, x := range u.attrs {
			if x.name != "sub" {
				attrs[x.name] = x.value
			}
		}
		ua, _ := json.Marshal(attrs)
		req, _ := json.Marshal(requiredAttributes(si.p, u.attrs))
		sess := s.newChallengeSession(si.p, &authSession{Challenge: "NEW_PASSWORD_REQUIRED", Username: u.username, Typed: si.typed,
			ClientID: si.c.id, Expires: now.Add(si.c.sessionTTL).UnixNano(), Resume: si.resume("TokenGeneration_NewPasswordChallenge")})
		return &authResponse{ChallengeName: "NEW_PASSWORD_REQUIRED", Session: sess, ChallengeParameters: map[string]string{
			"USER_ID_FOR_SRP": u.username, "requiredAttributes": string(req), "userAttributes": string(ua)}}, nil
	}
	return s.afterPassword(si, "TokenGeneration_Authentication")
}

// afterPassword asks for MFA when the pool and user call for it (never after a
// remembered device proved itself), else issues tokens. source is the
// PreTokenGeneration trigger source.
func (s *Server) afterPassword(si *signIn, source string) (*authResponse, *apiError) {
	if si.device == "" {
		if resp, e, ok := s.mfaStep(si, source); ok {
			return resp, e
		}
	}
	return s.finish(si, source)
}

// finish runs PostAuthentication, hands out a new device (SRP sign-ins in pools that
// track devices), runs PreTokenGeneration and issues the tokens.
func (s *Server) finish(si *signIn, source string) (*authResponse, *apiError) {
	p, c, now := si.p, si.c, si.r.now
	t := p.trig()
	var md *newDeviceMetadata
	if si.srp && si.device == "" {
		md = s.addNewDevice(p, si.st, now)
	}
	var x *tokenExtras
	dev := si.device
	if md != nil {
		dev = md.DeviceKey
	}
	if dev != "" {
		x = &tokenExtras{deviceKey: dev}
	}
	if t != nil && t.PostAuthentication != nil {
		ev := events.CognitoEventUserPoolsPostAuthentication{CognitoEventUserPoolsHeader: s.header(p, c.id, "PostAuthentication_Authentication", si.st.username)}
		ev.Request.NewDeviceUsed = md != nil
		ev.Request.UserAttributes = eventAttrs(si.st.attrs, si.st.status.String())
		ev.Request.ClientMetadata = orEmptyStrings(si.metadata)
		if _, e := runTrigger(s, si.r, "PostAuthentication", t.PostAuthentication, ev); e != nil {
			return nil, e
		}
	}
	if t != nil && t.PreTokenGeneration != nil {
		ox, e := s.preTokenGeneration(si.r, p, c, si.st, source, si.metadata)
		if e != nil {
			return nil, e
		}
		ox.deviceKey = dev
		x = ox
	}
	si.r.changed = true // a new token session
	res, e := s.issueTokens(p, c, *si.st, nil, now, x)
	if e != nil {
		return nil, e
	}
	s.signInEvent(p, si.st, now, true) // op_authevents.go
	res.NewDeviceMetadata = md
	return &authResponse{ChallengeParameters: map[string]string{}, AuthenticationResult: res}, nil
}

// preTokenGeneration runs the PreTokenGeneration trigger (version 1 event) and returns
// its overrides.
func (s *Server) preTokenGeneration(r *request, p *pool, c *appClient, st *userView, source string, metadata map[string]string) (*tokenExtras, *apiError) {
	t := p.trig()
	ev := events.CognitoEventUserPoolsPreTokenGen{CognitoEventUserPoolsHeader: s.header(p, c.id, source, st.username)}
	ev.Request.UserAttributes = eventAttrs(st.attrs, st.status.String())
	ev.Request.GroupConfiguration = events.GroupConfiguration{GroupsToOverride: append([]string{}, st.groups...), IAMRolesToOverride: []string{}}
	ev.Request.ClientMetadata = orEmptyStrings(metadata)
	out, e := runTrigger(s, r, "PreTokenGeneration", t.PreTokenGeneration, ev)
	if e != nil {
		return nil, e
	}
	d := out.Response.ClaimsOverrideDetails
	x := &tokenExtras{override: true, idAdd: d.ClaimsToAddOrOverride, idSuppress: d.ClaimsToSuppress,
		roles: d.GroupOverrideDetails.IAMRolesToOverride, preferredRole: d.GroupOverrideDetails.PreferredRole}
	if d.GroupOverrideDetails.GroupsToOverride != nil {
		x.groups, x.groupsSet = d.GroupOverrideDetails.GroupsToOverride, true
	}
	return x, nil
}

// preAuthentication runs the PreAuthentication trigger, if any. st == nil is an
// unknown user (only under ENABLED: LEGACY answers UserNotFoundException first).
func (s *Server) preAuthentication(r *request, p *pool, c *appClient, typed string, st *userView, metadata map[string]string) *apiError {
	t := p.trig()
	if t == nil || t.PreAuthentication == nil {
		return nil
	}
	name := typed
	ev := events.CognitoEventUserPoolsPreAuthentication{}
	if st != nil {
		name = st.username
		ev.Request.UserAttributes = eventAttrs(st.attrs, st.status.String())
	} else {
		ev.Request.UserAttributes = map[string]string{}
		ev.Request.UserNotFound = true
	}
	ev.CognitoEventUserPoolsHeader = s.header(p, c.id, "PreAuthentication_Authentication", name)
	ev.Request.ValidationData = orEmptyStrings(metadata)
	_, e := runTrigger(s, r, "PreAuthentication", t.PreAuthentication, ev)
	return e
}
