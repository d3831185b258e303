package charts

import (
	"math"
	"strconv"
	"time"

	"lwc/report/thai"
)

// thaiTime is Thailand's civil time. Thailand keeps no daylight saving time,
// so a fixed zone is exact and needs no tzdata on the server.
var thaiTime = time.FixedZone("ICT", 7*3600)

// parseISO reads a snapshot date (YYYY-MM-DD).
func parseISO(s string) (time.Time, bool) {
	t, err := time.Parse("2006-01-02", s)
	return t, err == nil
}

// dateLong is "20 พฤศจิกายน 2569"; text that is not an ISO date is shown as
// it is (the template escapes it), so a bad value is visible, not hidden.
func dateLong(iso string) string { return thai.DateISO(iso, true) }

// dateShort is "20 พ.ย. 2569", for tables.
func dateShort(iso string) string { return thai.DateISO(iso, false) }

// dateAxis is "20 พ.ย." for chart axes, where the year would crowd a phone.
func dateAxis(iso string) string {
	t, ok := parseISO(iso)
	if !ok {
		return iso
	}
	return strconv.Itoa(t.Day()) + " " + thai.Month(t.Month(), false)
}

// monthLong is "พฤศจิกายน 2569" for an award period "2026-11".
func monthLong(period string) string {
	t, err := time.Parse("2006-01", period)
	if err != nil {
		return period
	}
	return thai.MonthYear(t, true)
}

// generatedAt is the generation time in Thai time with a Buddhist-era year.
func generatedAt(t time.Time) string { return thai.DateTime(t.In(thaiTime), true) }

// percent formats a rate (fraction) as "16.63%".
func percent(rate float64) string {
	return strconv.FormatFloat(rate*100, 'f', 2, 64) + "%"
}

// pointsChange formats a change of rate as percentage points with a sign.
func pointsChange(rate float64) string {
	v := math.Round(rate*10000) / 100
	if v == 0 {
		v = 0 // no "-0.00"
	}
	s := strconv.FormatFloat(v, 'f', 2, 64)
	if v > 0 {
		s = "+" + s
	}
	return s + " จุด"
}

// pct2 is a rate as a percentage rounded to 2 decimals, for chart data.
func pct2(rate float64) float64 {
	return math.Round(rate*10000) / 100
}

// baht formats an amount with thousands separators and 2 decimals.
func baht(v float64) string {
	return thai.Number(v, 2)
}

// count formats a whole number (households) with thousands separators.
func count(v float64) string {
	return thai.Number(math.Round(v), 0)
}

// kb formats a file size in kilobytes with one decimal.
func kb(n int64) string {
	return strconv.FormatFloat(float64(n)/1024, 'f', 1, 64) + " KB"
}
