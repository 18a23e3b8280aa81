package schema

import "testing"

func TestDecimal(t *testing.T) {
	for _, tc := range []struct {
		s  string
		ok bool
	}{
		{"0", true}, {"-12", true}, {"+3", true}, {"3.50", true}, {"007", true},
		{"", false}, {".", false}, {"-", false}, {"1.", false}, {".5", false}, {"1e3", false}, {"1/2", false}, {"0x10", false}, {" 1", false}, {"1.2.3", false},
	} {
		if got := isDecimal(tc.s); got != tc.ok {
			t.Errorf("isDecimal(%q) = %v", tc.s, got)
		}
	}
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"1", "2", -1}, {"10", "9", 1}, {"007", "7", 0}, {"-0", "0", 0}, {"+0.0", "-0", 0}, {"-1", "1", -1}, {"-10", "-9", -1},
		{"1.5", "1.50", 0}, {"1.05", "1.5", -1}, {"150.5", "150", 1}, {"-150.5", "-150", -1}, {"0.001", "0", 1},
		{"123456789012345678901234567890", "123456789012345678901234567891", -1},
	} {
		if got := cmpDecimal(tc.a, tc.b); got != tc.want {
			t.Errorf("cmpDecimal(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := cmpDecimal(tc.b, tc.a); got != -tc.want {
			t.Errorf("cmpDecimal(%q, %q) = %d, want %d", tc.b, tc.a, got, -tc.want)
		}
	}
}
