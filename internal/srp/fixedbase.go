package srp

import (
	"math/big"
	"sync"
)

// Lim-Lee comb parameters: combTeeth * combTables * combRows = 256 exponent bits.
const (
	combTeeth  = 8 // bits gathered per table lookup
	combTables = 8 // tables, each of 1<<combTeeth entries
	combRows   = 4 // squarings + 1
	combBits   = combTeeth * combTables * combRows
)

// comb is a read-only table of powers of g: table[j][b] = prod over set bits t of b of
// g^(2^(combRows*(t*combTables+j))).
type comb struct {
	table [combTables][1 << combTeeth]big.Int
}

var (
	combOnce sync.Once
	combG    *comb // written once inside combOnce, read-only afterwards
)

func gComb() *comb {
	combOnce.Do(func() { combG = newComb(groupG) })
	return combG
}

// barrettMu is floor(2^(2*3072) / N) for Barrett reduction (immutable).
var barrettMu = new(big.Int).Div(new(big.Int).Lsh(one, 2*8*ModulusBytes), groupN)

const nWords = 8 * ModulusBytes / 64

// scratch holds the temporaries of modMul so that a loop of them does not allocate.
type scratch struct{ t, q1, q2 big.Int }

// modMul sets z = x*y mod N for 0 <= x, y < N with Barrett reduction (about 10% faster
// than a division). z must not be one of sc's fields.
func modMul(z, x, y *big.Int, sc *scratch) {
	t, q1, q2 := &sc.t, &sc.q1, &sc.q2
	t.Mul(x, y)
	q1.Rsh(t, 64*(nWords-1))
	q2.Mul(q1, barrettMu)
	q2.Rsh(q2, 64*(nWords+1))
	q1.Mul(q2, groupN)
	z.Sub(t, q1)
	for z.Cmp(groupN) >= 0 { // at most twice
		z.Sub(z, groupN)
	}
}

func newComb(base *big.Int) *comb {
	c := new(comb)
	var sc scratch
	// bases[m] = base^(2^(combRows*m)), m = t*combTables + j.
	var bases [combTeeth * combTables]big.Int
	p := new(big.Int).Mod(base, groupN)
	for m := range bases {
		if m > 0 {
			for i := 0; i < combRows; i++ {
				modMul(p, p, p, &sc)
			}
		}
		bases[m].Set(p)
	}
	for j := 0; j < combTables; j++ {
		c.table[j][0].SetInt64(1)
		for b := 1; b < 1<<combTeeth; b++ {
			low := b & (b - 1) // b without its lowest set bit
			tooth := 0
			for b>>tooth&1 == 0 {
				tooth++
			}
			bp := &bases[tooth*combTables+j]
			if low == 0 {
				c.table[j][b].Set(bp)
			} else {
				modMul(&c.table[j][b], &c.table[j][low], bp, &sc)
			}
		}
	}
	return c
}

// exp returns base^e mod N for 0 <= e < 2^combBits.
func (c *comb) exp(e *big.Int) *big.Int {
	var sc scratch
	r := new(big.Int)
	started := false
	for i := combRows - 1; i >= 0; i-- {
		if started {
			modMul(r, r, r, &sc)
		}
		for j := 0; j < combTables; j++ {
			b := 0
			pos := j*combRows + i
			for tooth := 0; tooth < combTeeth; tooth++ {
				b |= int(e.Bit(pos+tooth*combTables*combRows)) << tooth
			}
			if b == 0 {
				continue
			}
			if !started {
				r.Set(&c.table[j][b])
				started = true
				continue
			}
			modMul(r, r, &c.table[j][b], &sc)
		}
	}
	if !started {
		r.SetInt64(1)
	}
	return r
}

// ExpG returns g^e mod N for a non-negative e. Exponents of up to 256 bits use the
// precomputed comb; longer ones use math/big's Exp.
func ExpG(e *big.Int) *big.Int {
	if e.Sign() >= 0 && e.BitLen() <= combBits {
		return gComb().exp(e)
	}
	return new(big.Int).Exp(groupG, e, groupN)
}
