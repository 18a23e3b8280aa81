// Package enumproof holds no code: its tests are the proof that mockpool (the
// Cognito-faithful pool, PreventUserExistenceErrors ENABLED) and the middleware
// (ENABLED behaviour on a LEGACY app client) do not tell a known user from an
// unknown one, neither by their answers nor by their latency.
//
//   - differential_test.go: for every masked operation, every pool shape (plain
//     usernames, email alias, email as username) and both modes, pairs of requests
//     for a known and an unknown user through the SDK client; status, error code,
//     message, header names, body keys, SRP challenge shapes and code delivery shapes
//     must be identical. The leaks Cognito keeps (UserNotConfirmedException,
//     SignUp's UsernameExistsException, the UUID USER_ID_FOR_SRP of simulated SRP
//     challenges) are asserted present without the middleware's policies and closed
//     with them where the middleware offers a policy.
//   - timing_test.go: a dudect-style test (interleaved known and unknown requests,
//     Welch's t). The default run is short and lenient; the full run (10,000 samples
//     per class and operation, bar |t| < 4.5) needs -enumproof.full or
//     MASKEDAUTH_TIMING_FULL=1.
//   - race_test.go: concurrent sign-up, confirmation, reset and sign-in of many users;
//     every user's final state is checked.
package enumproof
