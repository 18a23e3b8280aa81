// Package middleware is smithy middleware for the Cognito user pools client of
// aws-sdk-go-v2. Add it to a client and every answer becomes an errorsx.Result, and
// the client answers as if its app client had PreventUserExistenceErrors ENABLED,
// whatever the setting:
//
//	m, err := middleware.ForPool(ctx, client, poolID, // reads the pool's facts
//		middleware.WithSecret(secret))                // stable simulated values
//	masked := cognitoidentityprovider.NewFromConfig(cfg, m.ClientOption())
//	out, err := masked.InitiateAuth(ctx, in)
//	r := errorsx.Classify("InitiateAuth", out, err) // the Result of any answer
//
// There is one way to read a Result: errorsx.Classify, for a success or a failure
// (errorsx.From finds the Result the middleware attached to an error). It gives the
// same Result with or without the middleware for every answer the middleware did
// not change.
//
// # Safe by construction
//
//   - A Masker is built once and shared (New, ForPool): it holds the counters of
//     masked names, the learned latency floors and the challenges it saw issued.
//     Register (aws.Config.APIOptions), AddMasking (a stack by hand) and
//     ClientOption (a client, or one operation) all add that one Masker; adding it
//     twice is a no-op, adding a second Masker to a stack is an error. WithMasking
//     builds a Masker per client and refuses to be used per operation, where it
//     would build one per call and forget its counters: such calls fail with an
//     errorsx Misconfigured Result saying so.
//   - The Masker must know how the pool compares usernames: ForPool reads it
//     (DescribeUserPool: UsernameConfiguration.CaseSensitive, UsernameAttributes,
//     AliasAttributes, AutoVerifiedAttributes), WithNormalize states it
//     (NormalizeCaseSensitive, NormalizeCaseInsensitive). New refuses a
//     configuration that says neither (ErrCaseSensitivityUnknown), and a
//     WithMasking client so configured fails every call with a Misconfigured
//     Result saying why: nothing defaults into an oracle.
//   - On an aws.Config's APIOptions it adds itself only to Cognito user pools
//     stacks (a stack named after another service's operation, or whose service
//     metadata names another service, gets nothing) and its handlers check the
//     service id again at run time: other services' calls pass untouched.
//   - Each call is parsed once, in the Initialize step, into one value (the
//     operation and its class, the flow or challenge, the typed and normalised
//     username and its counter key, the client id, whether it answers a simulated
//     or an issued SRP challenge), carried to the Deserialize step as a smithy
//     stack value; the masking, lockout, latency and simulation steps read it.
//
// # What it changes (docs/spec/masked-behaviour.md, the masked rows)
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
// F is, by default, the 99th percentile of the latencies of the last 256 answers of
// the class that may teach it (measured from the start of the call to the answer,
// before any hold), once 8 were seen; before that, the initial floor
// DefaultInitialFloor (one second), above any Cognito answer, so that the first
// answers after a start (a new process, an empty window) do not leak; choose your
// own with WithLearnedLatencyFloor's fallback. Only answers whose cost an attacker
// cannot choose teach F: real answers whose code and message are those of the
// masked answer of their class (a wrong password, a wrong code), answers to the
// PASSWORD_VERIFIER challenges this Masker saw Cognito issue (once each), and real
// challenges, deliveries and sign-ups. What the middleware makes for unknown users,
// the masked failures of users who exist, and the cheap refusals an attacker can
// send by the thousand (InvalidParameterException, a lockout, a SECRET_BLOCK the
// pool never issued, which Cognito rejects at once) never teach F, so they cannot
// lower it below the cost the masked answers stand for. Almost every answer of
// either kind thus ends at F, and the two latency distributions are the same (the
// enumproof package checks Welch's t over 10,000 samples per class, with and
// without an attacker's poisoning traffic). The hold ends on a deadline: a timer
// until 2 ms before it, then a loop that yields (runtime.Gosched) until time.Now
// reaches it, which ends within microseconds where a timer alone overshoots by up
// to a millisecond or two; WithSleep replaces both with the given function.
//
// The cost: a held answer takes about F, the p99 of its class's real answers,
// instead of its own time, so a failed sign-in, a code delivery or a wrong code
// takes on average what the p99 minus the median of its class adds (against the
// in-process mock pool, 50 to 400 µs more; against Cognito, whatever its tail is),
// and the last 2 ms or less of each hold keep a goroutine busy yielding. Until a
// class has learned, its held answers take the initial floor. Successful sign-ins
// cost nothing. The real answers slower than F (about 1%) stay as slow as they
// are: a tail that a masked answer, faster than F, does not have.
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
// attempts exceeded"; 15 quiet minutes reset the count); a LEGACY client never
// counts them. The middleware counts the names whose failures it makes (unknown and
// reset-required users, and the users WithGenericDisabled and WithGenericUnconfirmed
// make generic, exactly like unknown ones) with internal/lockout's rules, in the
// Store (WithStore; by default a bounded table in this process whose flood of
// made-up names never lifts a running lockout first), keyed by a keyed hash of the
// normalised name so the password and SRP flows share a counter. The lockout is
// decided where the masked answer is built: the Mask step consults the counter and
// answers the generic failure or "Password attempts exceeded". The wrong-code limit
// of ConfirmForgotPassword and the delivery limit of ForgotPassword go through the
// same counters.
//
// # Choice-based sign-in (USER_AUTH)
//
// Under ENABLED, Cognito answers an unknown name's USER_AUTH "with a random
// selection of one of the challenge types that the user pool allows", and every
// answer to it then fails as a real user's wrong answer does; LEGACY answers
// UserNotFoundException. On a LEGACY client the middleware answers as ENABLED:
//
//   - InitiateAuth (and AdminInitiateAuth) without PREFERRED_CHALLENGE: a
//     SELECT_CHALLENGE listing every challenge the pool can serve
//     (SignInFactors: PASSWORD always, EMAIL_OTP with a DEVELOPER email account,
//     SMS_OTP with an SmsConfiguration, WEB_AUTHN with a relying party); with
//     one, the simulated challenge of the chosen factor: PASSWORD (with the
//     PASSWORD along: the generic failure), PASSWORD_SRP (with SRP_A along: a
//     simulated PASSWORD_VERIFIER), EMAIL_OTP or SMS_OTP with a simulated
//     delivery (nothing is sent), WEB_AUTHN with simulated
//     CREDENTIAL_REQUEST_OPTIONS (the pool's rpId, a stable allowCredentials).
//   - Each simulated challenge carries a Session the Masker made: HMAC-tagged
//     under its secret over every character, bound to the app client, the
//     operation (admin or not), the name's counter key (encrypted), the
//     challenge and an expiry (WithAuthSessionValidity, 3 minutes by default),
//     as long as the last real Session seen. An answer with a valid one is
//     answered without calling Cognito: SELECT_CHALLENGE's ANSWER gets the next
//     simulated challenge, a password, SRP proof or passkey assertion the
//     generic failure (counted toward the name's lockout, shared with the
//     other sign-in flows), a code CodeMismatchException "Invalid code or auth
//     state for the user." (counted toward a limit of five an hour, then
//     LimitExceededException), an expired Session "Invalid session for the
//     user, session is expired.". Any other Session (changed, cut, made for
//     another client, name, operation or challenge, or by another secret) goes
//     to Cognito, which answers it as it answers any bad Session. A replayed
//     Session is answered again, and counted again.
//   - The factor chosen for a PREFERRED_CHALLENGE (WithFactorChoice):
//     FactorChoiceStable, the default, answers the name as a user who set up
//     every factor the pool can serve: the preferred factor when the pool
//     serves it, else one factor chosen by HMAC(secret, pool, name); the same
//     name gets the same challenge, delivery mask and passkey list on every
//     request, as a real user does. Its trade-off: every unknown name looks
//     like a user with every factor, so an attacker who knows that a given
//     real user has fewer (SELECT_CHALLENGE lists fewer, or her preferred
//     factor is refused) tells her apart from that persona, though not an
//     unknown name from a real user he knows nothing of; and when the pool's
//     factors change, the stable choices change with them. FactorChoiceRandom
//     is Cognito's own uniform draw per request: exact, but two requests for
//     one name tell an unknown name (its challenge changes) from a real user
//     (hers does not).
//   - The latency floor holds the simulated answers and the real ones of
//     their class (per operation, step and whether a password or SRP_A came
//     along): real USER_AUTH challenges (held like PASSWORD_VERIFIER, tokens
//     never) and failures. Only answers to real Sessions this Masker saw
//     Cognito issue, answered for the first time, teach a RespondToAuthChallenge
//     class.
//
// # Several replicas
//
// Behind a load balancer every replica has its own Masker; give them one shared
// Store (middleware/redisstore) and they count like one Cognito: each event is one
// atomic update decided on the Masker's clock. Each Store call is bounded by
// WithStoreTimeout (50 ms by default, inside the latency floor); when the store
// fails the call is counted in this process's memory instead (every event is
// counted there too), the failure is logged at most once per StoreLogInterval,
// passed to WithStoreErrorHook and counted by StoreFailures, and the answer is one
// a real user could get. The latency floor's learned statistics stay per process:
// they describe the path from this process to Cognito.
//
// # Placement and cost
//
// Two middlewares with stable IDs: ResultID, first in the Initialize step (it sees
// the final error after retries and wraps it once), and MaskID in the Deserialize
// step right after "ResponseErrorWrapper" and before "RequestIDRetriever" and
// "OperationDeserializer" (it sees each attempt's typed error inside the retry loop:
// throttling is still retried by the Finalize step's retry middleware, a masked
// failure is not). Registering one Masker twice is a no-op. On a success the
// middleware adds nothing to the answer; see BenchmarkMiddleware for the cost per
// call (the stack value that carries the parsed call costs two small allocations).
//
// # Limits of the emulation
//
// Some ENABLED answers depend on what only Cognito knows, so a LEGACY client with
// the middleware differs from an ENABLED one in these cases:
//
//   - a disabled user with a wrong password: LEGACY says "User is disabled." either
//     way, ENABLED only after a right password; WithGenericDisabled closes the leak
//     (and then hides it after a right password too);
//   - CUSTOM_AUTH for an unknown user gets the generic failure at once, where
//     ENABLED would run the challenge triggers;
//   - USER_AUTH: what Cognito answers a real user for a PREFERRED_CHALLENGE or
//     ANSWER she cannot use, for a missing parameter, for a Session answered
//     more than once or with another challenge name, and after too many wrong
//     sign-in codes is not published; the simulated answers follow
//     internal/cognito's inferred texts (InvalidParameterException "Challenge
//     not available: ..." and "Missing required parameter ...", the limit of
//     five wrong codes an hour). A simulated Session is no valid Session of
//     Cognito's: sent to another backend without the Masker, it is refused;
//     behind several replicas, give them one secret (WithSecret);
//   - the counters behind "Password attempts exceeded" and ConfirmForgotPassword's
//     LimitExceededException for masked names live in the Store: with the default
//     one each process counts on its own (share a Store between replicas); ENABLED
//     also refuses a limited name before checking the new password against the
//     policy;
//   - the middleware counts a masked name per normalised typed name: for users who
//     exist and whose failures it masks (reset required, disabled, unconfirmed), an
//     alias and the username are two counters where Cognito counts one user, and a
//     later success of the user does not reset the middleware's count (15 quiet
//     minutes do);
//   - a PASSWORD_VERIFIER class learns only from wrong proofs for challenges this
//     Masker saw issued: with several replicas, a challenge issued through one and
//     answered through another teaches neither (the floor is then learned from
//     fewer answers, never from cheaper ones);
//   - the latency floor hides the time of the answers it holds, not their number:
//     an attacker who can make the real answers of a class slow (slow answers raise
//     F for everyone, up to LatencyOptions.Max) slows every answer of it;
//   - the answer to a simulated SRP challenge is the generic failure whatever the
//     SECRET_HASH (a client with a secret that forgets it gets Cognito's own message
//     for real users only).
//
// Audit reads a pool and its app clients and reports the enumeration risks that
// remain, and which option closes each.
//
// The simulated values need the pool id, its auto-verified attributes, how it
// compares names (ForPool reads all three) and a secret;
// give the mock pool and the middleware the same secret and their simulated answers
// are identical.
package middleware
