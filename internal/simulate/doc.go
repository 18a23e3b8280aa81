// Package simulate is the one home of the values that a Cognito user pool returns for
// users that do not exist when PreventUserExistenceErrors is ENABLED, for mockpool and
// the middleware alike: the simulated SRP challenge (SALT, USER_ID_FOR_SRP, the fake
// verifier and SRP_B = k*v + g^b with a fresh b, see [Simulator.SRPChallenge]) and
// simulated code-delivery details ([Simulator.Delivery]), and the simulated first factor
// of a choice-based (USER_AUTH) sign-in with what its challenge needs: Cognito's
// uniform draw ([RandomFactor]) and the middleware's stable one
// ([Simulator.StableFactor]), code deliveries ([Simulator.OTPDelivery]), WebAuthn
// request options ([Simulator.SimulatedRequestOptions]).
//
// Every stable value is an HMAC-SHA256 (or HKDF) of the pool id and the username under a
// secret, so the same pool and username always get the same answer, the mock pool and
// the middleware given the same secret give the same answers, and nobody without the
// secret can tell a simulated value from a real one. Real values take the same shape
// through the same code: [ChallengeParameters] builds the parameters of real and
// simulated challenges, [Real], [MaskEmail] and [MaskPhone] mask real destinations, and
// simulated masks are drawn from every shape real ones take.
//
// Callers key the values by [Key]: the typed name in the form the pool resolves it in
// (lower case in a case-insensitive pool, and for the attributes Cognito matches without
// regard to case), so that every spelling that finds one real user gets one set of
// simulated values. Beyond that the package treats the username as opaque bytes.
//
// The package is internal: mockpool and the middleware share it.
package simulate
