// Package simulate derives the stable, secret-keyed values that a Cognito user pool
// returns for users that do not exist when PreventUserExistenceErrors is ENABLED:
// SRP salts, USER_ID_FOR_SRP UUIDs and simulated code-delivery details.
//
// Every value is an HMAC-SHA256 of the pool id and the username under a secret, so the
// same pool and username always get the same answer, and nobody without the secret can
// tell a simulated value from a real one. The maskers [MaskEmail] and [MaskPhone] are
// used for real deliveries too, so real and simulated destinations come from the same
// code.
//
// Callers normalise the username before calling (for example lower-case it in a
// case-insensitive pool); the package treats it as opaque bytes.
//
// The package is internal: mockpool and the middleware share it.
package simulate
