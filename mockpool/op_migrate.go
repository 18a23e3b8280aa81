package mockpool

// User migration: the MigrateUser trigger runs when a typed name matches no user, at
// USER_PASSWORD_AUTH / ADMIN_USER_PASSWORD_AUTH / ADMIN_NO_SRP_AUTH
// (UserMigration_Authentication, with the password) and at ForgotPassword
// (UserMigration_ForgotPassword, without). Never at USER_SRP_AUTH: as AWS documents, the
// password never reaches Cognito there, so apps that migrate must use the password flows.
//
// An answer with userAttributes creates the user: finalUserStatus CONFIRMED (the default
// at sign-in; the password the user typed becomes theirs) or RESET_REQUIRED (the user must
// reset the password; the default at ForgotPassword); messageAction SUPPRESS sends no
// welcome message, otherwise one goes out by desiredDeliveryMediums (default SMS);
// forceAliasCreation moves a verified alias from another user. An empty answer or a
// failed trigger means "no such user": ENABLED answers as for any unknown user, LEGACY
// with UserNotFoundException.

import (
	"github.com/aws/aws-lambda-go/events"
)

// migrate runs MigrateUser for typed (which matched no user). It returns the new user's
// view and status, or nil when there is nothing to create. A malformed answer is
// InvalidLambdaResponseException; anything else that goes wrong means no user.
func (s *Server) migrate(r *request, p *pool, c *appClient, typed, password, source string, metadata map[string]string) (*userView, int64, *apiError) {
	t := p.trig()
	if t == nil || t.MigrateUser == nil {
		return nil, 0, nil
	}
	ev := events.CognitoEventUserPoolsMigrateUser{CognitoEventUserPoolsHeader: s.header(p, c.id, source, typed)}
	ev.CognitoEventUserPoolsMigrateUserRequest = events.CognitoEventUserPoolsMigrateUserRequest{Password: password,
		ValidationData: map[string]string{}, ClientMetadata: orEmptyStrings(metadata)}
	out, te := invoke(r.ctx, s.triggerTimeout, t.MigrateUser, ev)
	if te != nil {
		return nil, 0, nil // an error means "no such user"
	}
	resp := out.CognitoEventUserPoolsMigrateUserResponse
	if len(resp.UserAttributes) == 0 {
		return nil, 0, nil
	}
	status := resp.FinalUserStatus
	switch {
	case status == "" && source == "UserMigration_Authentication":
		status = "CONFIRMED"
	case status == "":
		status = "RESET_REQUIRED"
	case status != "CONFIRMED" && status != "RESET_REQUIRED":
		return nil, 0, errUnrecognizableLambda()
	}
	if status == "CONFIRMED" && password == "" {
		status = "RESET_REQUIRED" // ForgotPassword has no password to keep
	}
	if resp.MessageAction != "" && resp.MessageAction != "SUPPRESS" && resp.MessageAction != "RESEND" {
		return nil, 0, errUnrecognizableLambda()
	}
	in := make([]attributeType, 0, len(resp.UserAttributes))
	for k, v := range resp.UserAttributes {
		if k == "username" || k == "sub" {
			continue
		}
		v := v
		in = append(in, attributeType{Name: k, Value: &v})
	}
	attrs, e := newUserAttributes(p, nil, in)
	if e != nil {
		return nil, 0, errUnrecognizableLambda()
	}
	u := s.newUser(p, typed, attrs, r.now)
	if checkNewUsername(p, typed) != nil && len(p.cfg().UsernameAttributes) == 0 {
		u.username = u.sub // an alias was typed: the user gets a generated username
	}
	if status == "CONFIRMED" {
		u.status = statusConfirmed
		s.setPassword(p, u, password) // u is not shared yet
	} else {
		u.status = statusResetRequired
	}
	var v userView
	clash := newErr("", "") // a sentinel: created meanwhile, or a clash
	e = s.insertUser(p, u, func(u *user) *apiError {
		if p.lookup(typed) != nil || p.usernameTaken(u.username) || p.uniqueUsernameAttrError(u.attrs, u) != nil {
			return clash
		}
		if e := s.claimAliases(p, u, resp.ForceAliasCreation, ""); e != nil {
			return e
		}
		if resp.MessageAction != "SUPPRESS" && source == "UserMigration_Authentication" {
			s.welcome(r, p, c.id, u, resp.DesiredDeliveryMediums)
		}
		v = u.view()
		return nil
	})
	if e == clash {
		return nil, 0, nil // no migration
	}
	if e != nil {
		return nil, 0, e
	}
	r.changed = true
	return &v, 0, nil
}

// welcome "sends" the welcome message of a migrated user (Purpose "UserMigration") by
// the first desired medium the user has an attribute for. The caller holds p.mu (it
// runs inside insertUser).
func (s *Server) welcome(r *request, p *pool, clientID string, u *user, mediums []string) {
	if len(mediums) == 0 {
		mediums = []string{"SMS"}
	}
	for _, m := range mediums {
		name := "email"
		if m == "SMS" {
			name = "phone_number"
		}
		if v, ok := u.get(name); ok && v != "" {
			s.queue(r, p, clientID, u.attrs, Message{UserPoolID: p.id, Username: u.username, Medium: m, Destination: v,
				Purpose: "UserMigration", SentAt: r.now})
			return
		}
	}
}
