package figures

import "lwc/report/thai"

// Number formats v with the given decimals and thousands separators:
// Number(1234.5, 2) = "1,234.50" (report/thai's format, used everywhere).
func Number(v float64, decimals int) string { return thai.Number(v, decimals) }

// Percent formats a fraction as a percentage number with 2 decimals:
// Percent(0.1663) = "16.63".
func Percent(rate float64) string { return Number(rate*100, 2) }
