package figures

import (
	"fmt"
	"math"
	"time"

	"lwc/report/thai"
)

// Dates in LWC are calendar days. Every date is reduced to midnight UTC of its
// own year, month and day before any arithmetic, so that a time zone or a time
// of day carried in from a workbook or the clock never shifts a day count.

// Day returns t's calendar day at midnight UTC.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Days returns the number of calendar days from a to b (negative when b is
// before a).
func Days(a, b time.Time) int {
	return int(math.Round(Day(b).Sub(Day(a)).Hours() / 24))
}

// ISO formats a date as YYYY-MM-DD (CE); the zero time gives "".
func ISO(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return Day(t).Format("2006-01-02")
}

// ParseISO parses a YYYY-MM-DD date.
func ParseISO(s string) (time.Time, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("วันที่ %q ไม่อยู่ในรูปแบบ YYYY-MM-DD: %w", s, err)
	}
	return t, nil
}

// FiscalYear returns the Thai fiscal year of t, named by the Buddhist-era
// year it ends in (1 Oct 2026 – 30 Sep 2027 is FY 2570), and the quarter
// (1 = Oct–Dec, 2 = Jan–Mar, 3 = Apr–Jun, 4 = Jul–Sep).
func FiscalYear(t time.Time) (year, quarter int) {
	y, m, _ := t.Date()
	if m >= time.October {
		return y + 1 + 543, 1
	}
	return y + 543, (int(m)-1)/3 + 2
}

// FiscalYearStart returns 1 October that opens fiscal year fy (BE).
func FiscalYearStart(fy int) time.Time {
	return time.Date(fy-543-1, time.October, 1, 0, 0, 0, 0, time.UTC)
}

// QuarterEnd returns the last day of quarter q (1..4) of fiscal year fy (BE).
// Quarter 0 is the day before the year starts (30 Sep), the "previous quarter
// end" of Q1.
func QuarterEnd(fy, q int) time.Time {
	// Quarter q ends on the last day of month 3q of the fiscal year, counted
	// from October; day 0 of the following month is that last day.
	start := FiscalYearStart(fy)
	return time.Date(start.Year(), start.Month()+time.Month(3*q), 0, 0, 0, 0, 0, time.UTC)
}

// QuarterStart returns the first day of quarter q (1..4) of fiscal year fy.
func QuarterStart(fy, q int) time.Time {
	return QuarterEnd(fy, q-1).AddDate(0, 0, 1)
}

// MonthStart returns the first day of t's month.
func MonthStart(t time.Time) time.Time {
	y, m, _ := t.Date()
	return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
}

// MonthEnd returns the last day of t's month.
func MonthEnd(t time.Time) time.Time {
	y, m, _ := t.Date()
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
}

// ThaiDate formats a date the way people read it: "20 พ.ย. 2569".
func ThaiDate(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return thai.Date(t, false)
}

// ThaiMonth formats t's month as "พฤศจิกายน 2569".
func ThaiMonth(t time.Time) string { return thai.MonthYear(t, true) }
