// Package mockpool is an offline Amazon Cognito user pool service that follows
// PreventUserExistenceErrors (ENABLED and LEGACY) exactly as spec/masked-behaviour.md
// describes: the same error codes and message texts as Cognito, the same masking of
// unknown users, simulated code deliveries, lockouts and code expiry.
//
// A [Server] is both the HTTPClient of an aws-sdk-go-v2 Cognito client (its Do method
// serves the request in-process) and an [net/http.Handler] for a local server
// (cmd/mockpool); both run the same code. [Server.Client] returns a ready SDK client.
//
// Besides the Cognito JSON API at POST /, the handler serves
// GET /{poolId}/.well-known/jwks.json, GET /{poolId}/.well-known/openid-configuration
// and GET /_mockpool/messages (the codes "sent" by email and SMS; see [Server.Messages]).
//
// Layout: wire.go (awsJson1_1 decoding, error shapes, validation messages), store.go
// (users, passwords, counters, outbox), tokens.go (JWTs, JWKS, sessions), server.go
// (dispatch), and one op_*.go file per operation family. A family registers its
// operations with registerOps from an init function; sign-in flows and challenges
// register with registerAuthFlow and registerChallenge (op_signin.go).
//
// Passwords are never kept in plain text: a user holds a salted HMAC-SHA256 of the
// password and an SRP salt and verifier. Refresh tokens are opaque random strings kept
// only as SHA-256 hashes. Every pool of a Server shares one RSA signing key.
package mockpool
