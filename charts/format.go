package charts

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// thaiTime is Thailand's civil time. Thailand keeps no daylight saving time,
// so a fixed zone is exact and needs no tzdata on the server.
var thaiTime = time.FixedZone("ICT", 7*3600)

var thaiMonths = [...]string{
	"มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
	"กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
}

var thaiMonthsShort = [...]string{
	"ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
	"ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
}

// parseISO reads a snapshot date (YYYY-MM-DD).
func parseISO(s string) (time.Time, bool) {
	t, err := time.Parse("2006-01-02", s)
	return t, err == nil
}

// dateLong is "20 พฤศจิกายน 2569"; text that is not an ISO date is shown as
// it is (the template escapes it), so a bad value is visible, not hidden.
func dateLong(iso string) string {
	t, ok := parseISO(iso)
	if !ok {
		return iso
	}
	return fmt.Sprintf("%d %s %d", t.Day(), thaiMonths[t.Month()-1], t.Year()+543)
}

// dateShort is "20 พ.ย. 2569", for tables.
func dateShort(iso string) string {
	t, ok := parseISO(iso)
	if !ok {
		return iso
	}
	return fmt.Sprintf("%d %s %d", t.Day(), thaiMonthsShort[t.Month()-1], t.Year()+543)
}

// dateAxis is "20 พ.ย." for chart axes, where the year would crowd a phone.
func dateAxis(iso string) string {
	t, ok := parseISO(iso)
	if !ok {
		return iso
	}
	return fmt.Sprintf("%d %s", t.Day(), thaiMonthsShort[t.Month()-1])
}

// monthLong is "พฤศจิกายน 2569" for an award period "2026-11".
func monthLong(period string) string {
	t, err := time.Parse("2006-01", period)
	if err != nil {
		return period
	}
	return fmt.Sprintf("%s %d", thaiMonths[t.Month()-1], t.Year()+543)
}

// generatedAt is the generation time in Thai time with a Buddhist-era year.
func generatedAt(t time.Time) string {
	t = t.In(thaiTime)
	return fmt.Sprintf("%d %s %d เวลา %02d:%02d น.", t.Day(), thaiMonths[t.Month()-1], t.Year()+543, t.Hour(), t.Minute())
}

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
	return groupDigits(strconv.FormatFloat(v, 'f', 2, 64))
}

// count formats a whole number (households) with thousands separators.
func count(v float64) string {
	return groupDigits(strconv.FormatFloat(math.Round(v), 'f', 0, 64))
}

func groupDigits(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}
