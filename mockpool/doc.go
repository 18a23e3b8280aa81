// Package mockpool is an offline Amazon Cognito user pool service that follows
// PreventUserExistenceErrors (ENABLED and LEGACY) exactly as docs/spec/masked-behaviour.md
// describes: the same error codes and message texts as Cognito, the same masking of
// unknown users, simulated code deliveries, lockouts and code expiry.
//
// A [Server] is both the HTTPClient of an aws-sdk-go-v2 Cognito client (its Do method
// serves the request in-process) and an [net/http.Handler] for a local server
// (cmd/mockpool); both run the same code. [Server.Client] returns a ready SDK client
// (RetryMaxAttempts 1, so LimitExceededException is not retried).
//
// Besides the Cognito JSON API at POST /, the handler serves
// GET /{poolId}/.well-known/jwks.json, GET /{poolId}/.well-known/openid-configuration
// and GET /_mockpool/messages (the codes "sent" by email and SMS, filterable by the
// userPoolId and username query parameters; see [Server.Messages]).
//
// # Operations
//
// CreateUserPool, DescribeUserPool, ListUserPools, DeleteUserPool,
// Create/Describe/Update/Delete/ListUserPoolClient(s); SignUp, ConfirmSignUp,
// ResendConfirmationCode; ForgotPassword, ConfirmForgotPassword; InitiateAuth and
// AdminInitiateAuth (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, ADMIN_NO_SRP_AUTH,
// REFRESH_TOKEN_AUTH, USER_SRP_AUTH from op_srp.go, CUSTOM_AUTH from op_custom.go);
// RespondToAuthChallenge and AdminRespondToAuthChallenge (NEW_PASSWORD_REQUIRED,
// PASSWORD_VERIFIER, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER, CUSTOM_CHALLENGE,
// SMS_MFA, SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, MFA_SETUP); ConfirmDevice,
// (Admin)ListDevices, (Admin)GetDevice, (Admin)ForgetDevice, (Admin)UpdateDeviceStatus;
// AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference,
// AdminSetUserMFAPreference, SetUserPoolMfaConfig, GetUserPoolMfaConfig; AdminCreateUser,
// AdminSetUserPassword, AdminGetUser, AdminDeleteUser, AdminDisableUser,
// AdminEnableUser, AdminConfirmSignUp, AdminResetUserPassword,
// AdminUpdateUserAttributes, AdminDeleteUserAttributes, AdminUserGlobalSignOut,
// ListUsers; CreateGroup, GetGroup, ListGroups, DeleteGroup, AdminAddUserToGroup,
// AdminRemoveUserFromGroup, AdminListGroupsForUser; GetUser, ChangePassword,
// GlobalSignOut, RevokeToken, DeleteUser, UpdateUserAttributes. Anything else is
// UnknownOperationException.
//
// # Attribute schema
//
// A pool has Cognito's standard attributes and the custom ones CreateUserPool's
// Schema and AddCustomAttributes declare (internal/schema holds the rules;
// DescribeUserPool's SchemaAttributes echoes them). SignUp, AdminCreateUser,
// (Admin)UpdateUserAttributes, NEW_PASSWORD_REQUIRED and the UserMigration trigger
// refuse undeclared names (claim names such as iss or cognito:groups among them),
// duplicates, values of the wrong type or length, missing required attributes
// (SignUp; NEW_PASSWORD_REQUIRED asks for those AdminCreateUser left out) and
// writes of immutable ones, with Cognito's texts. An app client's WriteAttributes
// bound what it writes and its ReadAttributes what GetUser and its ID tokens show;
// tokens never carry a claim from an attribute.
//
// # Lambda triggers
//
// [Server.SetTriggers] sets a pool's [Triggers]: Go functions with the exact signature of
// an aws-lambda-go handler (func(context.Context, events.CognitoEventUserPoolsXxx)
// (events.CognitoEventUserPoolsXxx, error)), so a handler written for Lambda plugs in
// unchanged. Events carry the header as Cognito fills it (version "1", the trigger
// source, region, userPoolId, callerContext.clientId — CLIENT_ID_NOT_APPLICABLE for admin
// operations — and userName) and userNotFound for unknown users under ENABLED. Triggers
// run without any lock held (one may call the pool's API), bounded by
// [Options.TriggerTimeout] (5 s, as Cognito); an error, a panic, a timeout and a
// malformed answer become UserLambdaValidationException "<Trigger> failed with error
// <message>.", the same with "Runtime exited with error: exit status 2.",
// UnexpectedLambdaException "<Trigger> invocation failed due to error Socket timeout
// while invoking Lambda function." and InvalidLambdaResponseException "Unrecognizable
// lambda output". A pool's LambdaConfig (CreateUserPool) is kept and echoed, as
// metadata only. Without triggers, the sign-in path pays one atomic load.
//
// MigrateUser runs only for the password flows and ForgotPassword: USER_SRP_AUTH never
// migrates (the password does not reach Cognito). See op_migrate.go, op_custom.go
// (CUSTOM_AUTH) and op_mfa.go (MFA) for the details.
//
// # Choices where Cognito publishes nothing
//
// Rows marked (inferred) in the spec are implemented as the spec says. Beyond the spec:
//   - Limits (the rules of internal/lockout, shared with the middleware): after 5
//     wrong passwords, each further failure locks the user out for 1 s, 2 s, 4 s, ...
//     up to 15 minutes; "Password attempts exceeded" while locked; a success, or 15
//     quiet minutes, resets the count. ForgotPassword allows 10 requests an hour,
//     ConfirmForgotPassword 5 wrong codes an hour; both then answer
//     LimitExceededException. Every counter belongs to the user a name resolves to
//     (case variants and aliases share it); a name that resolves to nobody is counted
//     by its normalised typed form (emails without case where the pool resolves
//     them). Under LEGACY unknown names are not counted (they get
//     UserNotFoundException every time).
//   - ConfirmForgotPassword under ENABLED for a user with no code pending: a counted
//     CodeMismatchException, as for an unknown user (LEGACY: ExpiredCodeException).
//   - ForgotPassword for a FORCE_CHANGE_PASSWORD user: LEGACY NotAuthorizedException
//     "User password cannot be reset in the current state."; ENABLED simulated.
//   - ConfirmForgotPassword checks the password policy before the code.
//   - SignUp's policy failures say "Password did not conform with policy: ..."; the
//     other operations say "Password does not conform to policy: ..." (Cognito's two
//     texts).
//   - RevokeToken: an unknown refresh token is not an error (RFC 7009); a JWT gets
//     UnsupportedTokenTypeException; a wrong client secret gets the SECRET_HASH texts.
//   - The simulated phone destination has 7 or 8 hidden digits; sign-up codes go to
//     the phone number first when the pool auto-verifies both.
//
// # Storage
//
// Passwords are never kept in plain text: a user holds a salted HMAC-SHA256 of the
// password and an SRP salt and verifier. Refresh tokens are opaque random strings
// (shaped like Cognito's five-part tokens) kept only as SHA-256 hashes. Every pool of a
// Server shares two RSA-2048 signing keys, one for access tokens and one for ID tokens
// (two kids, both in the JWKS), as Cognito has; a state saved with one key keeps it for
// access tokens. Refresh tokens, GetTokensFromRefreshToken, RefreshTokenRotation and
// device-bound refresh tokens: op_tokens.go. [Server.SaveState] and
// [Server.LoadState] export and import everything as JSON, keys included (LoadState
// refuses duplicate ids, bad hash lengths, unknown statuses and trailing data).
//
// Durable state: [OpenState] opens (or creates) a bbolt database and
// [Server.UseState] loads it (or writes the server's state to a new one); from then
// on every change is committed before the call that made it is answered, and a
// failed commit answers InternalErrorException. [State.Close] makes the final
// commit; later changes are refused. cmd/mockpool -state uses them. Attempt counters
// (lockouts) are not durable.
//
// # Layout
//
// wire.go (awsJson1_1 decoding, error shapes, validation messages); the store, which
// alone takes its locks and touches the durable records it changes (journal.go):
// store.go (users, passwords, counters, outbox), store_user.go, store_pool.go,
// store_session.go (token and typed challenge sessions), store_group.go,
// store_device.go; tokens.go (JWTs from typed claims, JWKS); server.go (serving);
// routes.go (one table of operations, auth flows and challenges, and the generic
// decode/validate adapter); state.go; and one op_*.go file per operation family, whose
// handlers take a decoded, validated input and go through the store's functions (a
// test, layers_test.go, fails if one takes a lock).
package mockpool
