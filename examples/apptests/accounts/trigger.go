package accounts

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// PreSignUp is the application's Pre sign-up Lambda trigger, written as a Lambda
// handler on aws-lambda-go's event types (a Lambda main calls lambda.Start(t.Handle)).
// It enforces the same domain rule as Service.Register inside Cognito, so no other
// client of the pool can bypass it, and confirms staff accounts without a code.
type PreSignUp struct {
	AllowedDomains []string // who may sign up at all
	StaffDomain    string   // confirmed and email-verified at once
}

// Handle answers the PreSignUp_SignUp event. A returned error makes Cognito refuse the
// sign-up with UserLambdaValidationException "PreSignUp failed with error <text>.";
// errorsx classifies that as InvalidInput, so the text never reaches the user.
func (t PreSignUp) Handle(_ context.Context, ev events.CognitoEventUserPoolsPreSignup) (events.CognitoEventUserPoolsPreSignup, error) {
	email := normalize(ev.Request.UserAttributes["email"])
	_, domain, ok := strings.Cut(email, "@")
	if !ok || !slices.Contains(t.AllowedDomains, domain) {
		return ev, errors.New("email domain not allowed")
	}
	if domain == t.StaffDomain {
		ev.Response.AutoConfirmUser = true
		ev.Response.AutoVerifyEmail = true
	}
	return ev, nil
}

// RoleClaim is the ID token claim TokenClaims adds.
const RoleClaim = "app_role"

// TokenClaims is the application's Pre token generation Lambda trigger (version 1): it
// adds the app_role claim ("staff" or "member") to every ID token, which
// Service.VerifyIDToken reads into User.Role.
type TokenClaims struct {
	StaffDomain string
}

// Handle answers the TokenGeneration_* events.
func (t TokenClaims) Handle(_ context.Context, ev events.CognitoEventUserPoolsPreTokenGen) (events.CognitoEventUserPoolsPreTokenGen, error) {
	role := "member"
	if _, domain, _ := strings.Cut(normalize(ev.Request.UserAttributes["email"]), "@"); domain == t.StaffDomain {
		role = "staff"
	}
	ev.Response.ClaimsOverrideDetails.ClaimsToAddOrOverride = map[string]string{RoleClaim: role}
	return ev, nil
}
