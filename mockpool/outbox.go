package mockpool

// Sending codes: every message goes through queue. Without a CustomMessage trigger it
// is put in the outbox at once with Cognito's default text; with one, it waits until
// the handler has released its locks, then the trigger shapes its text (flush, called
// by serve).

import (
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// queuedMessage is a message waiting for the CustomMessage trigger.
type queuedMessage struct {
	m        Message
	p        *pool
	clientID string
	attrs    map[string]string
}

// Cognito's default texts, by Message.Purpose ({####} is the code, {username} the
// username).
func defaultText(purpose string) string {
	switch purpose {
	case "AdminCreateUser":
		return "Your username is {username} and temporary password is {####}."
	case "SMS_MFA":
		return "Your authentication code is {####}."
	case "UserMigration":
		return "Your username is {username}."
	}
	return "Your verification code is {####}."
}

// customMessageSource is the CustomMessage trigger source of a purpose.
func customMessageSource(purpose string) string {
	switch purpose {
	case "SignUp":
		return "CustomMessage_SignUp"
	case "ResendConfirmationCode":
		return "CustomMessage_ResendCode"
	case "ForgotPassword", "AdminResetUserPassword":
		return "CustomMessage_ForgotPassword"
	case "AdminCreateUser", "UserMigration":
		return "CustomMessage_AdminCreateUser"
	case "UpdateUserAttribute":
		return "CustomMessage_UpdateUserAttribute"
	case "SMS_MFA":
		return "CustomMessage_Authentication"
	}
	return "CustomMessage_VerifyUserAttribute"
}

func fillText(text string, m *Message) string {
	text = strings.ReplaceAll(text, "{####}", m.Code)
	return strings.ReplaceAll(text, "{username}", m.Username)
}

// queue sends m for the request: at once without a CustomMessage trigger, else after
// the handler (flush). attrs are the user's attributes (copied; the caller may hold
// p.mu). clientID is "" for admin operations.
func (s *Server) queue(r *request, p *pool, clientID string, attrs []attr, m Message) {
	t := p.trig()
	if t == nil || t.CustomMessage == nil {
		m.Text = fillText(defaultText(m.Purpose), &m)
		s.send(m)
		return
	}
	r.outbox = append(r.outbox, queuedMessage{m: m, p: p, clientID: clientID, attrs: eventAttrs(attrs, "")})
}

// flush runs the CustomMessage trigger for each queued message and sends it. A failed
// trigger fails the call (the message is not sent).
func (s *Server) flush(r *request) *apiError {
	msgs := r.outbox
	r.outbox = nil
	var fail *apiError
	for i := range msgs {
		q := &msgs[i]
		m := q.m
		t := q.p.trig()
		if t == nil || t.CustomMessage == nil || fail != nil {
			if fail == nil {
				m.Text = fillText(defaultText(m.Purpose), &m)
				s.send(m)
			}
			continue
		}
		ev := events.CognitoEventUserPoolsCustomMessage{CognitoEventUserPoolsHeader: s.header(q.p, q.clientID, customMessageSource(m.Purpose), m.Username)}
		ev.Request.UserAttributes = make(map[string]interface{}, len(q.attrs))
		for k, v := range q.attrs {
			ev.Request.UserAttributes[k] = v
		}
		ev.Request.CodeParameter = "{####}"
		ev.Request.UsernameParameter = "{username}"
		ev.Request.ClientMetadata = map[string]string{}
		out, e := runTrigger(s, r, "CustomMessage", t.CustomMessage, ev)
		if e != nil {
			fail = e
			continue
		}
		text := out.Response.EmailMessage
		if m.Medium == "SMS" {
			text = out.Response.SMSMessage
		}
		if text == "" {
			text = defaultText(m.Purpose)
		}
		m.Text = fillText(text, &m)
		m.Subject = out.Response.EmailSubject
		s.send(m)
	}
	return fail
}
