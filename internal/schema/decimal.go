package schema

import "strings"

// isDecimal reports whether s is a decimal number: an optional sign, digits,
// and optionally "." and more digits ("-12", "3.5"; not "1e3", "", "."). Linear
// in len(s), with no exponent to expand.
func isDecimal(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" || hasDot && frac == "" {
		return false
	}
	return digits(intPart) && digits(frac)
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// cmpDecimal compares two decimals accepted by isDecimal: -1, 0 or +1. Linear.
func cmpDecimal(a, b string) int {
	na, a := sign(a)
	nb, b := sign(b)
	ia, fa, _ := strings.Cut(a, ".")
	ib, fb, _ := strings.Cut(b, ".")
	ia, ib = strings.TrimLeft(ia, "0"), strings.TrimLeft(ib, "0")
	fa, fb = strings.TrimRight(fa, "0"), strings.TrimRight(fb, "0")
	zeroA, zeroB := ia == "" && fa == "", ib == "" && fb == ""
	if zeroA {
		na = false
	}
	if zeroB {
		nb = false
	}
	if na != nb {
		if na {
			return -1
		}
		return 1
	}
	m := cmpMagnitude(ia, fa, ib, fb)
	if na {
		return -m
	}
	return m
}

func sign(s string) (neg bool, rest string) {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		return s[0] == '-', s[1:]
	}
	return false, s
}

// cmpMagnitude compares two non-negative decimals given as integer digits
// without leading zeros and fraction digits without trailing zeros.
func cmpMagnitude(ia, fa, ib, fb string) int {
	if len(ia) != len(ib) {
		if len(ia) < len(ib) {
			return -1
		}
		return 1
	}
	if c := strings.Compare(ia, ib); c != 0 {
		return c
	}
	return strings.Compare(fa, fb) // no trailing zeros: lexicographic order is numeric order
}
