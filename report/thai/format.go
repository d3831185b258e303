package thai

import (
	"bytes"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// BE is the difference between Buddhist-era and Christian-era years.
const BE = 543

var monthsLong = [...]string{"", "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
	"กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"}

var monthsShort = [...]string{"", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
	"ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."}

// Month returns the Thai name of m: "พฤศจิกายน", or "พ.ย." when long is
// false.
func Month(m time.Month, long bool) string {
	if m < 1 || m > 12 {
		return ""
	}
	if long {
		return monthsLong[m]
	}
	return monthsShort[m]
}

// Year returns the Buddhist-era year of t.
func Year(t time.Time) int { return t.Year() + BE }

// Date formats t as Thai readers write dates: "20 พฤศจิกายน 2569", or
// "20 พ.ย. 2569" when long is false. The zero time gives "".
func Date(t time.Time, long bool) string {
	if t.IsZero() {
		return ""
	}
	return strconv.Itoa(t.Day()) + " " + Month(t.Month(), long) + " " + strconv.Itoa(Year(t))
}

// MonthYear formats the month of t: "พฤศจิกายน 2569" or "พ.ย. 2569".
func MonthYear(t time.Time, long bool) string {
	if t.IsZero() {
		return ""
	}
	return Month(t.Month(), long) + " " + strconv.Itoa(Year(t))
}

// Time formats the clock time as official Thai texts do: "06.00 น.".
func Time(t time.Time) string { return t.Format("15.04") + " น." }

// DateTime formats a moment: "20 พ.ย. 2569 เวลา 06.00 น.".
func DateTime(t time.Time, long bool) string {
	if t.IsZero() {
		return ""
	}
	return Date(t, long) + " เวลา " + Time(t)
}

// DateISO formats an ISO date ("2026-11-20") as Date does. An empty string
// gives ""; a string that is not an ISO date is returned unchanged.
func DateISO(iso string, long bool) string {
	if iso == "" {
		return ""
	}
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso
	}
	return Date(t, long)
}

// Digits replaces the Arabic digits 0–9 of s with the Thai digits ๐–๙.
func Digits(s string) string {
	if !strings.ContainsAny(s, "0123456789") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for _, r := range s {
		if r >= '0' && r <= '9' {
			r = '๐' + (r - '0')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Number formats v with thousands separators and the given decimals:
// Number(1234567.891, 2) = "1,234,567.89". NaN and infinities give "-".
func Number(v float64, decimals int) string {
	var buf [32]byte
	return string(AppendNumber(buf[:0], v, decimals))
}

// AppendNumber appends v formatted as Number formats it, for callers that
// format many amounts and would rather not allocate a string for each.
func AppendNumber(dst []byte, v float64, decimals int) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(dst, '-')
	}
	var buf [32]byte
	s := strconv.AppendFloat(buf[:0], v, 'f', max(decimals, 0), 64)
	neg := s[0] == '-'
	if neg {
		s = s[1:]
		neg = slices.ContainsFunc(s, func(c byte) bool { return c != '0' && c != '.' }) // no "-0.00"
	}
	intPart, frac := s, []byte(nil)
	if i := bytes.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	if neg {
		dst = append(dst, '-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, c)
	}
	return append(dst, frac...)
}

// Int formats n with thousands separators.
func Int(n int) string { return Number(float64(n), 0) }

// Percent formats a fraction as a percentage: Percent(0.43215, 2) =
// "43.22%".
func Percent(frac float64, decimals int) string {
	if math.IsNaN(frac) || math.IsInf(frac, 0) {
		return "-"
	}
	return Number(frac*100, decimals) + "%"
}
