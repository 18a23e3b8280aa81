// Package srp holds the SRP-6a group arithmetic of Amazon Cognito user pools, shared by the
// client helper (package srpauth) and the offline user pool (package mockpool).
//
// The group is the RFC 3526 3072-bit MODP prime N with generator g = 2 and multiplier
// k = H(PAD(N) || PAD(g)). PAD is Java's BigInteger.toByteArray: the minimal big-endian two's
// complement encoding, which is what the reference JavaScript client hashes. The key is
// HKDF-SHA256(PAD(S), salt PAD(u), info "Caldera Derived Key") truncated to 16 bytes, and the
// password claim is HMAC-SHA256(K, poolName || userIdForSrp || secretBlock || TIMESTAMP).
//
// # Speed
//
// Powers of the fixed base g (A = g^a, g^x, v = g^x on the server, g^b) use a Lim-Lee comb
// (8 teeth, 8 tables, 4 rows) over a table of 2048 precomputed powers of g (about 800 KB,
// built in about 10 ms once per process on first use and read-only afterwards). A 256-bit
// exponent then costs 3 modular squarings and at most 32 modular multiplications (Barrett
// reduction over math/big) instead of about 320 for a plain square-and-multiply. Exponents
// longer than 256 bits (the 1024-bit secrets of the reference client) fall back to
// math/big's Exp. The one variable-base exponentiation of each side ((B - k*g^x)^(a+u*x) for
// the client, (A*v^u)^b for the server) uses math/big's Exp.
//
// # Side channels
//
// Nothing here is constant time except the comparison of the claim signature
// (crypto/hmac.Equal). math/big, the comb's table lookups (indexed by exponent bits) and
// math/big's Exp all leak timing and cache information about their exponents. The client's a
// and the server's b are fresh per login, so an observer learns at most something about a
// value that is discarded; x (derived from the password and salt) is reused across logins of
// the same user and is the value a co-located cache-timing attacker could target. This is the
// same exposure as every other Go SRP implementation built on math/big.
package srp
