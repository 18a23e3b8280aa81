package mockpool

// Lambda triggers: Go functions with the exact signature of an AWS Lambda handler
// written against github.com/aws/aws-lambda-go/events, set per pool with
// Server.SetTriggers. A trigger runs in its own goroutine, never under a lock of the
// store, bounded by the trigger timeout (Cognito's is 5 seconds); a panic is recovered
// and answered as Cognito answers a crashed Lambda.
//
// Failures, as Cognito reports them:
//   - the handler returns an error: UserLambdaValidationException
//     "<Trigger> failed with error <message>.";
//   - the handler panics: UserLambdaValidationException
//     "<Trigger> failed with error Runtime exited with error: exit status 2." (what a Go
//     Lambda runtime that panicked reports);
//   - the handler does not answer within the timeout: UnexpectedLambdaException
//     "<Trigger> invocation failed due to error Socket timeout while invoking Lambda
//     function." (its context is cancelled; the goroutine ends when the handler returns);
//   - a malformed answer: InvalidLambdaResponseException "Unrecognizable lambda output".

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// Triggers are a pool's Lambda triggers. Each field has the signature of a Lambda
// handler written with aws-lambda-go, so a handler written for Lambda plugs in
// unchanged; a nil field is a trigger that is not configured.
type Triggers struct {
	// PreSignUp runs before SignUp (PreSignUp_SignUp) and AdminCreateUser
	// (PreSignUp_AdminCreateUser) create a user. autoConfirmUser, autoVerifyEmail and
	// autoVerifyPhone are honoured.
	PreSignUp func(context.Context, events.CognitoEventUserPoolsPreSignup) (events.CognitoEventUserPoolsPreSignup, error)
	// PostConfirmation runs after ConfirmSignUp and AdminConfirmSignUp
	// (PostConfirmation_ConfirmSignUp) and ConfirmForgotPassword
	// (PostConfirmation_ConfirmForgotPassword). The confirmation stands even if it fails.
	PostConfirmation func(context.Context, events.CognitoEventUserPoolsPostConfirmation) (events.CognitoEventUserPoolsPostConfirmation, error)
	// PreAuthentication runs at the start of every password, SRP and custom sign-in
	// (PreAuthentication_Authentication), with userNotFound for unknown users under
	// PreventUserExistenceErrors ENABLED.
	PreAuthentication func(context.Context, events.CognitoEventUserPoolsPreAuthentication) (events.CognitoEventUserPoolsPreAuthentication, error)
	// PostAuthentication runs after a successful sign-in, before tokens are issued
	// (PostAuthentication_Authentication).
	PostAuthentication func(context.Context, events.CognitoEventUserPoolsPostAuthentication) (events.CognitoEventUserPoolsPostAuthentication, error)
	// MigrateUser runs for unknown users at USER_PASSWORD_AUTH and the admin password
	// flows (UserMigration_Authentication, with the password) and at ForgotPassword
	// (UserMigration_ForgotPassword, without). Cognito cannot run it for USER_SRP_AUTH:
	// the password never reaches the server.
	MigrateUser func(context.Context, events.CognitoEventUserPoolsMigrateUser) (events.CognitoEventUserPoolsMigrateUser, error)
	// DefineAuthChallenge, CreateAuthChallenge and VerifyAuthChallengeResponse drive
	// CUSTOM_AUTH.
	DefineAuthChallenge         func(context.Context, events.CognitoEventUserPoolsDefineAuthChallenge) (events.CognitoEventUserPoolsDefineAuthChallenge, error)
	CreateAuthChallenge         func(context.Context, events.CognitoEventUserPoolsCreateAuthChallenge) (events.CognitoEventUserPoolsCreateAuthChallenge, error)
	VerifyAuthChallengeResponse func(context.Context, events.CognitoEventUserPoolsVerifyAuthChallenge) (events.CognitoEventUserPoolsVerifyAuthChallenge, error)
	// CustomMessage shapes the text of every code and invitation sent (CustomMessage_SignUp,
	// _ResendCode, _ForgotPassword, _AdminCreateUser, _UpdateUserAttribute,
	// _VerifyUserAttribute, _Authentication); the text lands in Message.Text.
	CustomMessage func(context.Context, events.CognitoEventUserPoolsCustomMessage) (events.CognitoEventUserPoolsCustomMessage, error)
	// PreTokenGeneration (version 1) may add, override or suppress ID token claims and
	// override the groups (TokenGeneration_Authentication, _NewPasswordChallenge,
	// _RefreshTokens).
	PreTokenGeneration func(context.Context, events.CognitoEventUserPoolsPreTokenGen) (events.CognitoEventUserPoolsPreTokenGen, error)
}

func (t *Triggers) empty() bool {
	return t.PreSignUp == nil && t.PostConfirmation == nil && t.PreAuthentication == nil && t.PostAuthentication == nil &&
		t.MigrateUser == nil && t.DefineAuthChallenge == nil && t.CreateAuthChallenge == nil &&
		t.VerifyAuthChallengeResponse == nil && t.CustomMessage == nil && t.PreTokenGeneration == nil
}

// DefaultTriggerTimeout is how long Cognito waits for a trigger.
const DefaultTriggerTimeout = 5 * time.Second

// SetTriggers replaces the triggers of a pool (a zero Triggers removes them). The pool's
// LambdaConfig, as given to CreateUserPool, is kept as metadata only: the functions set
// here are what runs.
func (s *Server) SetTriggers(poolID string, t Triggers) error {
	p, e := s.getPool(poolID)
	if e != nil {
		return fmt.Errorf("mockpool: set triggers: %s", e.Message)
	}
	if t.empty() {
		p.triggers.Store(nil)
		return nil
	}
	p.triggers.Store(&t)
	return nil
}

// poolTriggers is the field of pool that holds its triggers (nil: none), so the sign-in
// path pays one atomic load when no trigger is set.
type poolTriggers = atomic.Pointer[Triggers]

// trig returns the pool's triggers or nil.
func (p *pool) trig() *Triggers { return p.triggers.Load() }

// clientNotApplicable is the CallerContext.ClientID Cognito sends for admin operations
// that name no app client.
const clientNotApplicable = "CLIENT_ID_NOT_APPLICABLE"

// header is the common part of every trigger event.
func (s *Server) header(p *pool, clientID, source, userName string) events.CognitoEventUserPoolsHeader {
	if clientID == "" {
		clientID = clientNotApplicable
	}
	return events.CognitoEventUserPoolsHeader{Version: "1", TriggerSource: source, Region: s.region, UserPoolID: p.id,
		CallerContext: events.CognitoEventUserPoolsCallerContext{AWSSDKVersion: "aws-sdk-unknown-unknown", ClientID: clientID},
		UserName:      userName}
}

// eventAttrs is the userAttributes map of an event: the user's attributes and, when
// status is set, cognito:user_status.
func eventAttrs(attrs []attr, status string) map[string]string {
	m := make(map[string]string, len(attrs)+1)
	for _, a := range attrs {
		m[a.name] = a.value
	}
	if status != "" {
		m["cognito:user_status"] = status
	}
	return m
}

func orEmptyStrings(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// triggerError is how an invocation failed.
type triggerError struct {
	kind int // triggerFailed, triggerPanicked, triggerTimeout
	msg  string
}

const (
	triggerFailed = iota
	triggerPanicked
	triggerTimeout
	triggerMalformed
	triggerUnreachable
)

// Short names of the event types, for HTTPTriggers.
type (
	eventPreSignUp          = events.CognitoEventUserPoolsPreSignup
	eventPostConfirmation   = events.CognitoEventUserPoolsPostConfirmation
	eventPreAuthentication  = events.CognitoEventUserPoolsPreAuthentication
	eventPostAuthentication = events.CognitoEventUserPoolsPostAuthentication
	eventMigrateUser        = events.CognitoEventUserPoolsMigrateUser
	eventDefine             = events.CognitoEventUserPoolsDefineAuthChallenge
	eventCreate             = events.CognitoEventUserPoolsCreateAuthChallenge
	eventVerify             = events.CognitoEventUserPoolsVerifyAuthChallenge
	eventCustomMessage      = events.CognitoEventUserPoolsCustomMessage
	eventPreTokenGen        = events.CognitoEventUserPoolsPreTokenGen
)

// apiError renders the failure of trigger name ("PreSignUp", ...) as Cognito does.
func (t *triggerError) apiError(name string) *apiError {
	switch t.kind {
	case triggerTimeout:
		return newErr(cognito.CodeUnexpectedLambda, cognito.MsgLambdaTimeout(name))
	case triggerPanicked:
		return newErr(cognito.CodeUserLambdaValidation, cognito.MsgLambdaCrashed(name))
	case triggerMalformed:
		return errUnrecognizableLambda()
	case triggerUnreachable:
		return newErr(cognito.CodeUnexpectedLambda, cognito.MsgLambdaUnreachable(name))
	}
	return newErr(cognito.CodeUserLambdaValidation, cognito.MsgLambdaFailed(name, t.msg))
}

// invoke runs f(ev) in a goroutine with the trigger timeout; it recovers a panic. The
// caller holds no lock.
func invoke[E any](ctx context.Context, timeout time.Duration, f func(context.Context, E) (E, error), ev E) (E, *triggerError) {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	type result struct {
		ev       E
		err      error
		panicked bool
	}
	done := make(chan result, 1) // buffered: a late answer never blocks the goroutine
	go func() {
		defer func() {
			if v := recover(); v != nil {
				done <- result{panicked: true}
			}
		}()
		out, err := f(ctx, ev)
		done <- result{ev: out, err: err}
	}()
	select {
	case res := <-done:
		switch {
		case res.panicked:
			return ev, &triggerError{kind: triggerPanicked}
		case res.err != nil:
			var m malformedOutput
			if errors.As(res.err, &m) {
				return ev, &triggerError{kind: triggerMalformed}
			}
			var u unreachable
			if errors.As(res.err, &u) {
				return ev, &triggerError{kind: triggerUnreachable}
			}
			return ev, &triggerError{kind: triggerFailed, msg: res.err.Error()}
		}
		return res.ev, nil
	case <-ctx.Done():
		return ev, &triggerError{kind: triggerTimeout}
	}
}

// runTrigger invokes f and renders a failure as the API error of trigger name.
func runTrigger[E any](s *Server, r *request, name string, f func(context.Context, E) (E, error), ev E) (E, *apiError) {
	out, te := invoke(r.ctx, s.triggerTimeout, f, ev)
	if te != nil {
		return out, te.apiError(name)
	}
	return out, nil
}

func errUnrecognizableLambda() *apiError {
	return newErr(cognito.CodeInvalidLambdaResponse, cognito.MsgUnrecognizableLambda)
}
