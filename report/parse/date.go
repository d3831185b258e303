package parse

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// ErrNotDate is returned by Date for text that is not a date.
var ErrNotDate = errors.New("not a date")

// maxDateLen bounds the text Date looks at.
const maxDateLen = 100

// beOffset is the difference between Buddhist-era and Common-era years.
const beOffset = 543

// thaiMonths maps month names, full, abbreviated (dots removed) and
// colloquial, to month numbers.
var thaiMonths = map[string]time.Month{
	"มกราคม": 1, "มค": 1, "มกรา": 1,
	"กุมภาพันธ์": 2, "กพ": 2, "กุมภา": 2, "กุมภาพันธ": 2,
	"มีนาคม": 3, "มีค": 3, "มีนา": 3,
	"เมษายน": 4, "เมย": 4, "เมษา": 4,
	"พฤษภาคม": 5, "พค": 5, "พฤษภา": 5,
	"มิถุนายน": 6, "มิย": 6, "มิถุนา": 6,
	"กรกฎาคม": 7, "กค": 7, "กรกฎา": 7, "กรกฏาคม": 7,
	"สิงหาคม": 8, "สค": 8, "สิงหา": 8,
	"กันยายน": 9, "กย": 9, "กันยา": 9,
	"ตุลาคม": 10, "ตค": 10, "ตุลา": 10,
	"พฤศจิกายน": 11, "พย": 11, "พฤศจิกา": 11,
	"ธันวาคม": 12, "ธค": 12, "ธันวา": 12,
}

// Date reads a date typed as text and returns it at 00:00 UTC. Empty text
// gives ok false and no error. Accepted forms, with Thai or ASCII digits:
//
//	20/11/2569  20-11-2569  20.11.2569   day/month/year, Buddhist era (year > 2400)
//	20/11/2026                          the same in the Common era
//	20/11/69                            a two-digit year is Buddhist era (2569)
//	2026-11-20                          ISO (also with a Buddhist-era year)
//	20 พฤศจิกายน 2569, 20 พ.ย. 69       Thai month name, full or abbreviated
//
// optionally with a leading "วันที่" (or "วันศุกร์ที่"), "พ.ศ." or "ค.ศ."
// before the year, and a trailing time ("10:30") that is ignored.
func Date(s string) (t time.Time, ok bool, err error) {
	if len(s) > maxDateLen {
		return time.Time{}, false, ErrNotDate
	}
	s = CleanText(ThaiDigits(s))
	if s == "" {
		return time.Time{}, false, nil
	}
	// A trailing time of day: "20/11/2569 10:30" or "... 10.30 น.".
	if f := strings.Fields(s); len(f) > 1 {
		last := f[len(f)-1]
		if last == "น." && len(f) > 2 {
			f = f[:len(f)-1]
			last = f[len(f)-1]
		}
		if strings.ContainsAny(last, ":") || isTimeDot(last) {
			s = strings.Join(f[:len(f)-1], " ")
		}
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	if strings.HasPrefix(s, "วัน") {
		if i := strings.Index(s, "ที่"); i >= 0 {
			s = s[i+len("ที่"):]
		}
	}
	ce := false
	for _, era := range []string{"พ.ศ.", "พ.ศ", "พศ."} {
		s = strings.Replace(s, era, "", 1)
	}
	for _, era := range []string{"ค.ศ.", "ค.ศ", "คศ."} {
		if strings.Contains(s, era) {
			s = strings.Replace(s, era, "", 1)
			ce = true
		}
	}
	parts := splitRuns(s)
	var d, y int
	var m time.Month
	switch {
	case len(parts) == 5 && isNum(parts[0]) && isSep(parts[1]) && isNum(parts[2]) && parts[3] == parts[1] && isNum(parts[4]):
		a, b, c := atoi(parts[0]), atoi(parts[2]), atoi(parts[4])
		if len(parts[0]) == 4 { // y-m-d
			y, m, d = yearOf(a, 4, ce), time.Month(b), c
		} else {
			d, m, y = a, time.Month(b), yearOf(c, len(parts[4]), ce)
		}
	case len(parts) == 3 && isNum(parts[0]) && !isNum(parts[1]) && isNum(parts[2]):
		mm, found := thaiMonths[strings.ReplaceAll(parts[1], ".", "")]
		if !found {
			return time.Time{}, false, ErrNotDate
		}
		d, m, y = atoi(parts[0]), mm, yearOf(atoi(parts[2]), len(parts[2]), ce)
	default:
		return time.Time{}, false, ErrNotDate
	}
	if y < 1900 || y > 2300 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return time.Time{}, false, ErrNotDate
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), true, nil
}

func isTimeDot(s string) bool {
	i := strings.IndexByte(s, '.')
	return i > 0 && i < len(s)-1 && isNum(s[:i]) && isNum(s[i+1:]) && len(s[i+1:]) == 2
}

// yearOf turns a typed year into a Common-era year: four digits above 2400
// are Buddhist era, two digits are the Buddhist era's 25xx (or 20xx after
// "ค.ศ.").
func yearOf(y, digits int, ce bool) int {
	switch {
	case digits <= 2 && ce:
		return 2000 + y
	case digits <= 2:
		return 2500 + y - beOffset
	case y > 2400:
		return y - beOffset
	}
	return y
}

// splitRuns splits s into runs of digits, runs of separators and runs of
// other characters.
func splitRuns(s string) []string {
	var parts []string
	kind := func(r rune) int {
		switch {
		case r >= '0' && r <= '9':
			return 0
		case r == '/' || r == '-' || r == '.':
			return 1
		}
		return 2
	}
	start, prev := 0, -1
	for i, r := range s {
		k := kind(r)
		// Dots inside a Thai abbreviation ("พ.ย.") belong to it.
		if k == 1 && r == '.' && prev == 2 {
			k = 2
		}
		if prev != -1 && k != prev {
			parts = append(parts, s[start:i])
			start = i
		}
		prev = k
		if len(parts) > 8 {
			return nil
		}
	}
	if start < len(s) {
		parts = append(parts, s[start:])
	}
	return parts
}

func isNum(s string) bool { return len(s) > 0 && len(s) <= 4 && allDigits(s) }
func isSep(s string) bool { return s == "/" || s == "-" || s == "." }

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Serial converts an Excel date serial to a date at 00:00 UTC (the time of
// day is dropped). In the 1900 date system serial 1 is 1900-01-01 and serial
// 60 is the 29 February 1900 that Excel wrongly believes existed (not a
// date); date1904 selects the 1904 system of some Mac workbooks (serial 0 is
// 1904-01-01). A resulting year above 2400 is a Buddhist-era year typed into
// a date cell, stored by Excel as that year CE: 543 years are subtracted.
// ok is false for serials outside Excel's range (before 1900, after 9999).
func Serial(v float64, date1904 bool) (t time.Time, ok bool) {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v >= 2958466 {
		return time.Time{}, false
	}
	days := int(math.Floor(v))
	var base time.Time
	switch {
	case date1904:
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	case days == 0 || days == 60:
		return time.Time{}, false
	case days < 60:
		base = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	default:
		base = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	}
	t = base.AddDate(0, 0, days)
	if t.Year() > 2400 {
		t = time.Date(t.Year()-beOffset, t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	return t, true
}

// ToSerial is the inverse of Serial for the 1900 system (Common era), for
// tests and writers.
func ToSerial(t time.Time) float64 {
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	n := d.Sub(base).Hours() / 24
	if n < 61 {
		n--
	}
	return math.Round(n)
}
