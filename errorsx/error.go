package errorsx

import "errors"

// Error is the error form of a failure Result. Its text is
// "errorsx: <operation>: <message key>", never Cognito's message (which may
// say "User does not exist."). Unwrap returns Cause, so
// errors.As(err, &target) with target *types.NotAuthorizedException, or
// errors.Is(err, context.Canceled), still see the original error.
type Error struct{ Result }

// Error returns "errorsx: <operation>: <message key>".
func (e *Error) Error() string {
	key := e.Message.Key
	if key == "" {
		key = e.Kind.String()
	}
	if e.Operation == "" {
		return "errorsx: " + key
	}
	return "errorsx: " + e.Operation + ": " + key
}

// Unwrap returns the original error.
func (e *Error) Unwrap() error { return e.Cause }

// AsError returns the error form of r: nil for a success (SignedIn,
// NextStep, CodeSent, Done), an *Error otherwise.
func AsError(r Result) error {
	if r.Kind.Success() {
		return nil
	}
	return &Error{Result: r}
}

// From finds an *Error in err's chain and returns its Result.
func From(err error) (Result, bool) {
	var e *Error
	if errors.As(err, &e) && e != nil {
		return e.Result, true
	}
	return Result{}, false
}
