package figures

import (
	"math"
	"strconv"
	"strings"
)

// Number formats v with the given decimals and thousands separators:
// Number(1234.5, 2) = "1,234.50".
func Number(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "-"
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	var b strings.Builder
	if v < 0 && strings.Trim(s, "0.") != "" {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	b.WriteString(frac)
	return b.String()
}

// Percent formats a fraction as a percentage number with 2 decimals:
// Percent(0.1663) = "16.63".
func Percent(rate float64) string { return Number(rate*100, 2) }
