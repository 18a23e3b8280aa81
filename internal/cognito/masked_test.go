package cognito

import "testing"

// The texts are spelled out here on purpose: the tests are the spec
// (docs/spec/masked-behaviour.md), the constants must agree with them.
func TestMasked(t *testing.T) {
	var (
		legacy      = Policy{}
		enabled     = Policy{ClientEnabled: true}
		unconfirmed = Policy{GenericUnconfirmed: true}
		disabled    = Policy{GenericDisabled: true}
		signUp      = Policy{SimulatedSignUp: true}
		noAuto      = Policy{NoAutoVerify: true}
	)
	const (
		incorrect   = "Incorrect username or password."
		notExist    = "User does not exist."
		notFound    = "Username/client id combination not found."
		isDisabled  = "User is disabled."
		noVerified  = "Cannot reset password for the user as there is no registered/verified email or phone_number"
		cannotReset = "User password cannot be reset in the current state."
		confirmed   = "User is already confirmed."
		noResend    = "Cannot resend codes. Auto verification not turned on."
	)
	for _, tc := range []struct {
		op, code, msg string
		p             Policy
		want          Action
	}{
		// Sign-in.
		{"InitiateAuth", "UserNotFoundException", notExist, legacy, ToChallenge},
		{"AdminInitiateAuth", "UserNotFoundException", notExist, legacy, ToChallenge},
		{"RespondToAuthChallenge", "UserNotFoundException", notExist, legacy, ToGeneric},
		{"AdminRespondToAuthChallenge", "UserNotFoundException", notExist, legacy, ToGeneric},
		{"InitiateAuth", "UserNotFoundException", notExist, enabled, Keep},
		{"InitiateAuth", "PasswordResetRequiredException", "Password reset required for the user", legacy, ToGeneric},
		{"RespondToAuthChallenge", "PasswordResetRequiredException", "Password reset required for the user", legacy, ToGeneric},
		{"InitiateAuth", "PasswordResetRequiredException", "Password reset required for the user", enabled, Keep},
		{"InitiateAuth", "NotAuthorizedException", incorrect, legacy, Keep},
		{"InitiateAuth", "NotAuthorizedException", "Password attempts exceeded", legacy, Keep},
		{"InitiateAuth", "NotAuthorizedException", isDisabled, legacy, Keep},
		{"InitiateAuth", "NotAuthorizedException", isDisabled, disabled, ToGeneric},
		{"AdminRespondToAuthChallenge", "NotAuthorizedException", isDisabled, Policy{ClientEnabled: true, GenericDisabled: true}, ToGeneric},
		{"InitiateAuth", "UserNotConfirmedException", "User is not confirmed.", legacy, Keep},
		{"InitiateAuth", "UserNotConfirmedException", "User is not confirmed.", unconfirmed, ToGeneric},
		{"RespondToAuthChallenge", "UserNotConfirmedException", "User is not confirmed.", Policy{ClientEnabled: true, GenericUnconfirmed: true}, ToGeneric},
		{"InitiateAuth", "InvalidParameterException", "USER_PASSWORD_AUTH flow not enabled for this client", legacy, Keep},
		// Confirmation.
		{"ConfirmSignUp", "UserNotFoundException", notFound, legacy, ToCodeMismatch},
		{"ConfirmSignUp", "UserNotFoundException", notFound, enabled, Keep},
		{"ConfirmSignUp", "CodeMismatchException", "Invalid verification code provided, please try again.", legacy, Keep},
		{"ConfirmSignUp", "NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED", legacy, Keep},
		{"ConfirmForgotPassword", "UserNotFoundException", notFound, legacy, ToCodeMismatch},
		{"ConfirmForgotPassword", "NotAuthorizedException", isDisabled, legacy, ToCodeMismatch},
		{"ConfirmForgotPassword", "NotAuthorizedException", isDisabled, enabled, Keep},
		{"ConfirmForgotPassword", "ExpiredCodeException", "Invalid code provided, please request a code again.", legacy, ToCodeMismatch},
		{"ConfirmForgotPassword", "LimitExceededException", "Attempt limit exceeded, please try after some time.", legacy, Keep},
		// Delivery.
		{"ForgotPassword", "UserNotFoundException", notFound, legacy, ToDelivery},
		{"ForgotPassword", "UserNotFoundException", notFound, noAuto, ToDelivery},
		{"ForgotPassword", "NotAuthorizedException", isDisabled, legacy, ToDelivery},
		{"ForgotPassword", "NotAuthorizedException", cannotReset, legacy, ToDelivery},
		{"ForgotPassword", "InvalidParameterException", noVerified, legacy, ToDelivery},
		{"ForgotPassword", "InvalidParameterException", noVerified + ".", legacy, ToDelivery},
		{"ForgotPassword", "NotAuthorizedException", incorrect, legacy, Keep},
		{"ForgotPassword", "LimitExceededException", "Attempt limit exceeded, please try after some time.", legacy, Keep},
		{"ForgotPassword", "UserNotFoundException", notFound, enabled, Keep},
		{"ResendConfirmationCode", "UserNotFoundException", notFound, legacy, ToDelivery},
		{"ResendConfirmationCode", "NotAuthorizedException", isDisabled, legacy, ToDelivery},
		{"ResendConfirmationCode", "InvalidParameterException", confirmed, legacy, ToDelivery},
		{"ResendConfirmationCode", "InvalidParameterException", noResend, legacy, ToDelivery},
		{"ResendConfirmationCode", "UserNotFoundException", notFound, noAuto, ToNoAutoVerify},
		{"ResendConfirmationCode", "InvalidParameterException", confirmed, noAuto, ToNoAutoVerify},
		{"ResendConfirmationCode", "InvalidParameterException", noResend, noAuto, Keep},
		{"ResendConfirmationCode", "UserNotFoundException", notFound, Policy{ClientEnabled: true, NoAutoVerify: true}, Keep},
		// Sign-up.
		{"SignUp", "UsernameExistsException", "User already exists", legacy, Keep},
		{"SignUp", "UsernameExistsException", "User already exists", signUp, ToSignUp},
		{"SignUp", "UsernameExistsException", "An account with the given email already exists.", Policy{ClientEnabled: true, SimulatedSignUp: true}, ToSignUp},
		{"SignUp", "InvalidPasswordException", "Password did not conform with policy: too short", signUp, Keep},
		// Not masked, and names the table does not know.
		{"AdminGetUser", "UserNotFoundException", notExist, legacy, Keep},
		{"GetUser", "NotAuthorizedException", "Invalid Access Token", legacy, Keep},
		{"initiateAuth", "UserNotFoundException", notExist, legacy, Keep},
		{"", "UserNotFoundException", notExist, legacy, Keep},
	} {
		if got := Masked(tc.op, tc.code, tc.msg, tc.p); got != tc.want {
			t.Errorf("Masked(%s, %s, %q, %+v) = %v, want %v", tc.op, tc.code, tc.msg, tc.p, got, tc.want)
		}
	}
}

// TestRows checks the table itself: every row's operation is an SDK operation
// in a masked class, its code a code of the SDK, and the lookup reaches it.
func TestRows(t *testing.T) {
	codes := map[string]bool{}
	for _, c := range []string{CodeUserNotFound, CodePasswordResetRequired, CodeUserNotConfirmed, CodeNotAuthorized,
		CodeInvalidParameter, CodeUsernameExists, CodeExpiredCode} {
		codes[c] = true
	}
	for i, r := range Rows() {
		if !Known(r.Op) || ClassOf(r.Op) == Other {
			t.Errorf("row %d: %q is not a masked SDK operation", i, r.Op)
		}
		if !codes[r.Code] {
			t.Errorf("row %d: unexpected code %q", i, r.Code)
		}
		if lo, hi := span(r.Op); i < lo || i >= hi {
			t.Errorf("row %d (%s) lies outside span(%s) = [%d,%d)", i, r.Op, r.Op, lo, hi)
		}
		if r.Action == Keep {
			t.Errorf("row %d: a row that keeps the answer is no row", i)
		}
	}
	// Every operation's rows are contiguous within its class's span.
	for _, op := range Operations() {
		lo, hi := span(op)
		for i := range rows {
			if rows[i].Op == op && (i < lo || i >= hi) {
				t.Errorf("%s: row %d outside its span", op, i)
			}
		}
	}
}

func TestTexts(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{MsgIncorrect, "Incorrect username or password."},
		{MsgAttemptsExceeded, "Password attempts exceeded"},
		{MsgUserDisabled, "User is disabled."},
		{MsgUserNotExist, "User does not exist."},
		{MsgLimitExceeded, "Attempt limit exceeded, please try after some time."},
		{MsgCodeMismatch, "Invalid verification code provided, please try again."},
		{MsgAlreadyConfirmed, "User is already confirmed."},
		{MsgNoVerifiedContact, "Cannot reset password for the user as there is no registered/verified email or phone_number"},
		{MsgCannotReset, "User password cannot be reset in the current state."},
		{MsgCannotResend, "Cannot resend codes. Auto verification not turned on."},
		{MsgSecretNotReceived("abc"), "Client abc is configured with secret but SECRET_HASH was not received"},
		{MsgClientSecretNotReceived("abc"), "Client abc is configured for secret but secret was not received"},
		{MsgRefreshInvalid, "Invalid Refresh Token."},
		{MsgRefreshFlowRequired, "REFRESH_TOKEN_AUTH should always be allowed."},
		{MsgSecretHashMismatch("abc"), "Unable to verify secret hash for client abc"},
		{MsgLambdaFailed("PreAuthentication", "no"), "PreAuthentication failed with error no."},
		{MsgLambdaCrashed("PreSignUp"), "PreSignUp failed with error Runtime exited with error: exit status 2."},
		{MsgCannotConfirmPrefix + "CONFIRMED", "User cannot be confirmed. Current status is CONFIRMED"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	for _, tc := range []struct {
		msg                             string
		secret, flow, session, attempts bool
	}{
		{"Client abc is configured for secret but secret was not received", true, false, false, false},
		{"Client abc is configured with secret but SECRET_HASH was not received", true, false, false, false},
		{"Unable to verify secret hash for client abc", true, false, false, false},
		{"USER_PASSWORD_AUTH flow not enabled for this client", false, true, false, false},
		{"Auth flow not enabled for this client", false, true, false, false},
		{"USER_SRP_AUTH is not enabled for the client.", false, true, false, false},
		{"Initiate Auth method not supported.", false, true, false, false},
		{"Invalid session for the user, session is expired.", false, false, true, false},
		{"Invalid session for the user.", false, false, true, false},
		{"Password attempts exceeded", false, false, false, true},
		{"Incorrect username or password.", false, false, false, false},
		{"User is disabled.", false, false, false, false},
	} {
		if got := IsSecretHashText(tc.msg); got != tc.secret {
			t.Errorf("IsSecretHashText(%q) = %v", tc.msg, got)
		}
		if got := IsFlowNotEnabledText(tc.msg); got != tc.flow {
			t.Errorf("IsFlowNotEnabledText(%q) = %v", tc.msg, got)
		}
		if got := IsInvalidSessionText(tc.msg); got != tc.session {
			t.Errorf("IsInvalidSessionText(%q) = %v", tc.msg, got)
		}
		if got := IsAttemptsExceededText(tc.msg); got != tc.attempts {
			t.Errorf("IsAttemptsExceededText(%q) = %v", tc.msg, got)
		}
	}
}

func BenchmarkMasked(b *testing.B) {
	for b.Loop() {
		_ = Masked("ResendConfirmationCode", "InvalidParameterException", "Cannot resend codes. Auto verification not turned on.", Policy{})
	}
}

// TestRowsGrouped: the rows of one class stand together, so span finds them all.
func TestRowsGrouped(t *testing.T) {
	seen := map[Class]bool{}
	prev := Class(255)
	for _, r := range Rows() {
		c := ClassOf(r.Op)
		if c != prev && seen[c] {
			t.Fatalf("rows of class %v are split (row %+v)", c, r)
		}
		seen[c], prev = true, c
	}
	for _, r := range Rows() {
		lo, hi := span(r.Op)
		found := false
		for i := lo; i < hi; i++ {
			if rows[i] == r {
				found = true
			}
		}
		if !found {
			t.Fatalf("row %+v outside its span", r)
		}
	}
}
