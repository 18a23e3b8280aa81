package mockpool

// AdminListUserAuthEvents, AdminUpdateAuthEventFeedback and UpdateAuthEventFeedback:
// the sign-in events a pool records while its threat protection (UserPoolAddOns
// AdvancedSecurityMode AUDIT or ENFORCED) is on. The sign-in path calls signInEvent
// once per outcome (a success in finish, signin_steps.go; a failure in userGate,
// op_signin.go). Nothing is scored: every event is NoRisk, and no context data (IP
// address, city, device) is collected.

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"time"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// signInEvent records a sign-in of the user st (nil: nobody; nothing is recorded,
// at the same cost) that passed or failed.
func (s *Server) signInEvent(p *pool, st *userView, now time.Time, pass bool) {
	if !p.cfg().recordsEvents() {
		return
	}
	ev := authEvent{ID: s.newUUID(), Type: "SignIn", Response: "Fail", Created: now.UnixMilli(), Challenges: [][2]string{{"Password", "Failure"}}}
	if pass {
		ev.Response, ev.Challenges = "Pass", [][2]string{{"Password", "Success"}}
	}
	var username, sub string
	if st != nil {
		username, sub = st.username, st.sub
	}
	s.recordAuthEvent(p, username, sub, ev)
}

// FeedbackToken returns the FeedbackToken UpdateAuthEventFeedback takes for event
// eventID of pool poolID: what Cognito puts in the links of its threat-protection
// notification emails (the mock sends none). It is a keyed hash under the server's
// secret, so nobody without it can forge one.
func (s *Server) FeedbackToken(poolID, eventID string) string {
	m := hmac.New(sha256.New, s.secret)
	m.Write([]byte("mockpool feedback\x00" + poolID + "\x00" + eventID))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func addOnNotEnabled() *apiError {
	return newErr(cognito.CodeUserPoolAddOnNotEnabled, cognito.MsgAddOnNotEnabled)
}

type listAuthEventsInput struct {
	UserPoolID string `json:"UserPoolId"`
	Username   string `json:"Username"`
	MaxResults *int32 `json:"MaxResults"`
	NextToken  string `json:"NextToken"`
}

func (in *listAuthEventsInput) validate(v *validator) {
	validPoolID(v, in.UserPoolID)
	validUsername(v, in.Username)
	if in.MaxResults != nil && (*in.MaxResults < 0 || *in.MaxResults > 60) {
		v.add("Value '" + itoa32(*in.MaxResults) + "' at 'maxResults' failed to satisfy constraint: Member must have value " +
			map[bool]string{true: "greater than or equal to 0", false: "less than or equal to 60"}[*in.MaxResults < 0])
	}
}

type challengeResponseType struct {
	ChallengeName     string `json:"ChallengeName"`
	ChallengeResponse string `json:"ChallengeResponse"`
}

type eventFeedbackType struct {
	FeedbackValue string   `json:"FeedbackValue"`
	Provider      string   `json:"Provider"`
	FeedbackDate  *float64 `json:"FeedbackDate,omitempty"`
}

type eventRiskType struct {
	RiskDecision                   string `json:"RiskDecision"`
	CompromisedCredentialsDetected bool   `json:"CompromisedCredentialsDetected"`
}

// authEventType is Cognito's AuthEventType.
type authEventType struct {
	EventID            string                  `json:"EventId"`
	EventType          string                  `json:"EventType"`
	CreationDate       float64                 `json:"CreationDate"`
	EventResponse      string                  `json:"EventResponse"`
	EventRisk          eventRiskType           `json:"EventRisk"`
	ChallengeResponses []challengeResponseType `json:"ChallengeResponses"`
	EventFeedback      *eventFeedbackType      `json:"EventFeedback,omitempty"`
}

func authEventTypeOf(ev authEvent) authEventType {
	out := authEventType{EventID: ev.ID, EventType: ev.Type, CreationDate: epoch(ev.Created), EventResponse: ev.Response,
		EventRisk: eventRiskType{RiskDecision: "NoRisk"}, ChallengeResponses: []challengeResponseType{}}
	for _, c := range ev.Challenges {
		out.ChallengeResponses = append(out.ChallengeResponses, challengeResponseType{ChallengeName: c[0], ChallengeResponse: c[1]})
	}
	if ev.FeedbackValue != "" {
		d := epoch(ev.FeedbackDate)
		out.EventFeedback = &eventFeedbackType{FeedbackValue: ev.FeedbackValue, Provider: ev.FeedbackProvider, FeedbackDate: &d}
	}
	return out
}

type listAuthEventsOutput struct {
	AuthEvents []authEventType `json:"AuthEvents"`
	NextToken  string          `json:"NextToken,omitempty"`
}

// opAdminListUserAuthEvents lists the user's events, newest first, MaxResults
// (default and most 60) at a time; NextToken names the last event answered.
func (s *Server) opAdminListUserAuthEvents(r *request, in *listAuthEventsInput) (*listAuthEventsOutput, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	if !p.cfg().recordsEvents() {
		return nil, addOnNotEnabled()
	}
	evs, _, found := p.authEvents(byTyped(in.Username))
	if !found {
		return nil, errNoUser()
	}
	start := 0
	if in.NextToken != "" {
		b, err := base64.RawURLEncoding.DecodeString(in.NextToken)
		start = -1
		for i, ev := range evs {
			if err == nil && ev.ID == string(b) {
				start = i + 1
			}
		}
		if start < 0 {
			return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgInvalidNextToken)
		}
	}
	limit := 60
	if in.MaxResults != nil && *in.MaxResults > 0 {
		limit = int(*in.MaxResults)
	}
	out := &listAuthEventsOutput{AuthEvents: []authEventType{}}
	for i := start; i < len(evs); i++ {
		if len(out.AuthEvents) == limit {
			out.NextToken = base64.RawURLEncoding.EncodeToString([]byte(evs[i-1].ID))
			break
		}
		out.AuthEvents = append(out.AuthEvents, authEventTypeOf(evs[i]))
	}
	return out, nil
}

type eventFeedbackInput struct {
	UserPoolID    string `json:"UserPoolId"`
	Username      string `json:"Username"`
	EventID       string `json:"EventId"`
	FeedbackToken string `json:"FeedbackToken"`
	FeedbackValue string `json:"FeedbackValue"`
}

func (in *eventFeedbackInput) check(v *validator) {
	validPoolID(v, in.UserPoolID)
	validUsername(v, in.Username)
	v.required("eventId", in.EventID != "")
	if in.EventID != "" {
		v.length("eventId", in.EventID, 1, 50, false)
	}
	v.required("feedbackValue", in.FeedbackValue != "")
	if in.FeedbackValue != "" {
		v.enum("feedbackValue", in.FeedbackValue, []string{"Valid", "Invalid"})
	}
}

type adminEventFeedbackInput eventFeedbackInput

func (in *adminEventFeedbackInput) validate(v *validator) { (*eventFeedbackInput)(in).check(v) }

type userEventFeedbackInput eventFeedbackInput

func (in *userEventFeedbackInput) validate(v *validator) {
	(*eventFeedbackInput)(in).check(v)
	v.required("feedbackToken", in.FeedbackToken != "")
}

// feedback stores the feedback once check accepts.
func (s *Server) feedback(r *request, in *eventFeedbackInput, provider string, check func(p *pool) bool) (*empty, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	if !p.cfg().recordsEvents() {
		return nil, addOnNotEnabled()
	}
	if !check(p) {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidFeedbackToken)
	}
	userFound, eventFound := s.eventFeedback(p, byTyped(in.Username), in.EventID, in.FeedbackValue, provider, r.now)
	switch {
	case !userFound:
		return nil, errNoUser()
	case !eventFound:
		return nil, newErr(cognito.CodeResourceNotFound, cognito.MsgAuthEventNotFound)
	}
	s.markChanged(r)
	return &empty{}, nil
}

func (s *Server) opAdminUpdateAuthEventFeedback(r *request, in *adminEventFeedbackInput) (*empty, *apiError) {
	return s.feedback(r, (*eventFeedbackInput)(in), "Admin", func(*pool) bool { return true })
}

// opUpdateAuthEventFeedback checks the FeedbackToken (in constant time) before it
// looks anything up, so without a valid token the answer is the same whether or not
// the user or the event exists.
func (s *Server) opUpdateAuthEventFeedback(r *request, in *userEventFeedbackInput) (*empty, *apiError) {
	return s.feedback(r, (*eventFeedbackInput)(in), "User", func(p *pool) bool {
		return hmac.Equal([]byte(s.FeedbackToken(p.id, in.EventID)), []byte(in.FeedbackToken))
	})
}

func itoa32(n int32) string { return strconv.Itoa(int(n)) }
