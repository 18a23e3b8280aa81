// Package middleware is smithy middleware for the Cognito user pools client of
// aws-sdk-go-v2. Add it to a client and every answer becomes an errorsx.Result, and
// the client answers as if its app client had PreventUserExistenceErrors ENABLED,
// whatever the setting:
//
//	client := cognitoidentityprovider.NewFromConfig(cfg, middleware.WithMasking(
//		middleware.WithSecret(secret),                // stable simulated values
//		middleware.WithUserPool(poolID, "email"),     // the pool and its auto-verified attributes
//	))
//	out, err := client.InitiateAuth(ctx, in)
//	if err != nil {
//		r, _ := errorsx.From(err) // the Result of a failure
//		...
//	}
//	r, _ := middleware.ResultFrom(out.ResultMetadata) // the Result of a success
//
// # What it changes (spec/masked-behaviour.md, the masked rows)
//
//   - InitiateAuth and AdminInitiateAuth: UserNotFoundException and
//     PasswordResetRequiredException become NotAuthorizedException "Incorrect
//     username or password."; with USER_SRP_AUTH an unknown user gets a simulated
//     PASSWORD_VERIFIER challenge (stable SALT and UUID USER_ID_FOR_SRP per pool and
//     username, a fresh SRP_B = k*v + g^b, a SECRET_BLOCK tagged under the secret),
//     and the RespondToAuthChallenge that answers it fails with the generic
//     NotAuthorizedException without calling Cognito.
//   - RespondToAuthChallenge: UserNotFoundException and PasswordResetRequiredException
//     become the generic failure.
//   - ForgotPassword and ResendConfirmationCode: an unknown or disabled user, a user
//     without a verified email or phone number and an already confirmed user get a
//     simulated CodeDeliveryDetails (a 200 answer), by the same code as the mock
//     pool's (internal/simulate).
//   - ConfirmSignUp and ConfirmForgotPassword: an unknown user (and, for
//     ConfirmForgotPassword, a disabled one) gets CodeMismatchException "Invalid
//     verification code provided, please try again.".
//
// A changed error keeps the SDK's error chain: *smithy.OperationError, then the
// errorsx.Error with the Result, then *awshttp.ResponseError (status 400 and
// Cognito's request id kept, error headers rewritten), then the masked SDK type, so
// errors.As finds *types.NotAuthorizedException and never
// *types.UserNotFoundException. WithClientEnabled turns the emulation off for a
// client that is ENABLED already.
//
// # Policies for what Cognito never masks
//
// WithSimulatedSignUp answers SignUp's UsernameExistsException as if a code had been
// sent (and calls a hook so the application can tell the real owner);
// WithGenericUnconfirmed and WithGenericDisabled turn UserNotConfirmedException and
// "User is disabled." at sign-in into the generic failure. By default they are kept,
// as Cognito keeps them.
//
// # Latency
//
// A masked answer must not come back sooner or later than the real answer it
// stands for, so the middleware holds, per class of comparable answers, every
// answer of either kind to one floor F:
//
//   - sign-in (InitiateAuth, AdminInitiateAuth per flow, RespondToAuthChallenge,
//     AdminRespondToAuthChallenge per challenge): every failure (a 4xx answer, real
//     or masked: "Incorrect username or password.", "Password attempts exceeded",
//     the short-circuited answer to a simulated SRP challenge), and the
//     PASSWORD_VERIFIER challenge of USER_SRP_AUTH, real or simulated;
//   - ForgotPassword and ResendConfirmationCode: every answer, real or simulated
//     delivery and real failure;
//   - ConfirmSignUp and ConfirmForgotPassword: every failure (CodeMismatchException,
//     real or masked, LimitExceededException, ...);
//   - SignUp, with WithSimulatedSignUp only: every answer.
//
// Tokens, and the other successes that need the password or the code, are never
// held; nor are 5xx answers, network errors and calls without a masked counterpart.
//
// F is, by default, the 99th percentile of the latencies of the last 256 real
// answers of the class (measured from the start of the call to the answer, before
// any hold), once 8 were seen; before that nothing is held. Real answers are
// Cognito's own, and the masked failures of users who exist (reset required,
// disabled, unconfirmed) turned into the generic one; what the middleware makes for
// unknown users, and every simulated success, never teaches F. Almost every answer of either kind thus ends at F, and the two latency
// distributions are the same (the enumproof package checks Welch's t over 10,000
// samples per class). The hold ends on a deadline: a timer until 2 ms before it,
// then a loop that yields (runtime.Gosched) until time.Now reaches it, which ends
// within microseconds where a timer alone overshoots by up to a millisecond or
// two; WithSleep replaces both with the given function.
//
// The cost: a held answer takes about F, the p99 of its class's real answers,
// instead of its own time, so a failed sign-in, a code delivery or a wrong code
// takes on average what the p99 minus the median of its class adds (against the
// in-process mock pool, 50 to 400 µs more; against Cognito, whatever its tail is),
// and the last 2 ms or less of each hold keep a goroutine busy yielding. Successful sign-ins cost nothing. The real
// answers slower than F (about 1%) stay as slow as they are: a tail that a masked
// answer, faster than F, does not have.
//
// WithLearnedLatencyFloor tunes the window, the quantile and a fallback floor for
// the classes that have not seen enough real answers yet; WithFixedLatencyFloor sets
// a fixed floor instead (held answers take at least that long: choose it above the
// slowest real answer you expect); WithoutLatencyFloor turns holding off, which
// leaks through timing (a LEGACY pool answers unknown users faster). Waiting honours
// the context: a cancelled call returns the context's error (errorsx Kind
// Unavailable).
//
// # Lockout
//
// Under ENABLED, Cognito counts the failed sign-ins of unknown usernames like those
// of real ones (five, then a lockout of 1 s doubling up to 15 minutes, "Password
// attempts exceeded"); a LEGACY client never counts them. The middleware counts the
// unknown users it masks, in the Masker (bounded memory), keyed so the password and
// SRP flows share a counter.
//
// # Placement and cost
//
// Two middlewares with stable IDs: ResultID, first in the Initialize step (it sees
// the final error after retries and wraps it once), and MaskID in the Deserialize
// step right after "ResponseErrorWrapper" and before "RequestIDRetriever" and
// "OperationDeserializer" (it sees each attempt's typed error inside the retry loop:
// throttling is still retried by the Finalize step's retry middleware, a masked
// failure is not). Registering twice is a no-op. On success the middleware stores
// the output in the metadata and ResultFrom classifies it when asked; see
// BenchmarkMiddleware for the cost per call.
//
// # Limits of the emulation
//
// Some ENABLED answers depend on what only Cognito knows, so a LEGACY client with
// the middleware differs from an ENABLED one in these cases:
//
//   - a disabled user with a wrong password: LEGACY says "User is disabled." either
//     way, ENABLED only after a right password; WithGenericDisabled closes the leak
//     (and then hides it after a right password too);
//   - CUSTOM_AUTH and USER_AUTH for an unknown user get the generic failure at once,
//     where ENABLED would run the challenge triggers or offer simulated challenges;
//   - the counters behind "Password attempts exceeded" and ConfirmForgotPassword's
//     LimitExceededException for unknown users live in the Masker, so each process
//     counts on its own; ENABLED also refuses a limited name before checking the
//     new password against the policy;
//   - the answer to a simulated SRP challenge is the generic failure whatever the
//     SECRET_HASH (a client with a secret that forgets it gets Cognito's own message
//     for real users only).
//
// Audit reads a pool and its app clients and reports the enumeration risks that
// remain, and which option closes each.
//
// The simulated values need the pool id, its auto-verified attributes and a secret;
// give the mock pool and the middleware the same secret and their simulated answers
// are identical.
package middleware
