package srpauth

import "crypto/rand"

// defaultRand is the randomness used when none is given (crypto/rand, immutable).
var defaultRand = rand.Reader
