// Package srpauth signs users in to Amazon Cognito user pools with SRP (USER_SRP_AUTH), the
// flow in which the password never leaves the client.
//
// The math layer (NewEphemeral, Ephemeral.Sign, SecretHash, NewDeviceVerifier) reproduces
// the reference JavaScript client (amazon-cognito-identity-js) bit for bit: Java-style
// padding of every hashed integer, USER_ID_FOR_SRP rather than the typed name, the
// "Mon Jan 2 15:04:05 UTC 2006" TIMESTAMP, HKDF "Caldera Derived Key". It validates every
// value the server sends and returns errors, never panics, on hostile input.
//
// The driver layer (New, NewAdmin, Authenticator.SignIn, Authenticator.Respond) runs a whole
// sign-in over the SDK client: USER_SRP_AUTH, PASSWORD_VERIFIER, device SRP when a device is
// remembered, and returns an errorsx.Result; any other challenge (NEW_PASSWORD_REQUIRED,
// SMS_MFA, SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, MFA_SETUP, CUSTOM_CHALLENGE, ...) comes back as
// a NextStep result that Respond (or RespondCode, RespondNewPassword) answers within the same
// session. SECRET_HASH is added to every call when the app client has a secret: over the
// typed name in InitiateAuth, over the challenge's USERNAME (the internal username) after.
// A wrong password, an unknown user and a simulated challenge give the same
// InvalidCredentials result; a malformed challenge gives Unavailable with the reason in Cause.
//
// # Devices
//
// With WithDeviceStore, a sign-in whose tokens carry NewDeviceMetadata confirms the device
// (ConfirmDevice with a fresh random device password and its verifier) and stores the
// DeviceSecret under the user pool id and the internal username; later sign-ins send
// DEVICE_KEY and answer DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER. MemoryDeviceStore keeps
// devices in memory; implement DeviceStore to keep them elsewhere (the device password is a
// secret). A device Cognito no longer knows is dropped from the store; confirmation failures
// go to the OnDeviceError hook and never fail the sign-in.
//
// An Authenticator is safe for concurrent use when its Rand is (crypto/rand is).
//
// # Speed
//
// The client secret a has 256 bits (RFC 5054's minimum; the reference client uses 1024) and
// powers of g = 2 use a precomputed comb table, so a whole login's math costs little more
// than the one exponentiation no client can avoid, (B - k*g^x)^(a+u*x) mod N. See the
// benchmarks BenchmarkSignIn, BenchmarkVariableBaseExp and BenchmarkNaiveSignIn.
//
// # Side channels
//
// Only the comparisons of secrets are constant time. The modular arithmetic (math/big and
// the comb's table lookups) is not: a is fresh per login, but x, derived from the password
// and salt, is reused across logins of a user and is what a co-located cache-timing attacker
// could target, as with every other math/big-based SRP client.
//
// # USER_ID_FOR_SRP tells whether a user exists
//
// In every pool whose usernames are not UUIDs (plain usernames, and pools whose users sign
// in with an alias: email, phone number, preferred_username), Cognito's PASSWORD_VERIFIER
// challenge reveals whether a user exists even with PreventUserExistenceErrors ENABLED: a
// real user's USER_ID_FOR_SRP is the username, the simulated one of an unknown user is a
// UUID. AWS documents it for alias pools; the middleware cannot hide it either, and
// middleware.Audit reports it (RiskSRPUserID). What closes it: email or phone number as
// username (UsernameAttributes; Cognito then makes every username a UUID), UUID usernames
// drawn by the application at sign-up, or signing in with USER_PASSWORD_AUTH from a backend
// instead of SRP.
//
// # Choice-based sign-in (USER_AUTH)
//
// SignInUserAuth starts AuthFlow USER_AUTH, with a PREFERRED_CHALLENGE (Prefer) or without
// (then SELECT_CHALLENGE, answered by SelectChallenge). The driver answers PASSWORD and
// PASSWORD_SRP itself when given WithPassword (PASSWORD_SRP by SRP_A and PASSWORD_VERIFIER:
// the same exchange and the same USER_ID_FOR_SRP caveat as above) and WEB_AUTHN when given
// WithPasskey (a PasskeyFunc gets CREDENTIAL_REQUEST_OPTIONS and returns the assertion);
// EMAIL_OTP and SMS_OTP come back as a NextStep for RespondCode. Under ENABLED an unknown user
// gets one of the pool's allowed challenges and then fails as a wrong answer does.
package srpauth
