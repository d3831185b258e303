package figures

import (
	"math"
	"testing"

	"lwc/report"
)

func TestFiscalYear(t *testing.T) {
	tests := []struct {
		date    string
		fy, q   int
		qEnd    string
		fyStart string
	}{
		{"2026-09-30", 2569, 4, "2026-09-30", "2025-10-01"},
		{"2026-10-01", 2570, 1, "2026-12-31", "2026-10-01"},
		{"2026-11-20", 2570, 1, "2026-12-31", "2026-10-01"},
		{"2026-12-31", 2570, 1, "2026-12-31", "2026-10-01"},
		{"2027-01-01", 2570, 2, "2027-03-31", "2026-10-01"},
		{"2027-03-31", 2570, 2, "2027-03-31", "2026-10-01"},
		{"2027-04-01", 2570, 3, "2027-06-30", "2026-10-01"},
		{"2027-06-30", 2570, 3, "2027-06-30", "2026-10-01"},
		{"2027-07-01", 2570, 4, "2027-09-30", "2026-10-01"},
		{"2027-09-30", 2570, 4, "2027-09-30", "2026-10-01"},
		{"2028-02-29", 2571, 2, "2028-03-31", "2027-10-01"}, // leap day
	}
	for _, tt := range tests {
		fy, q := FiscalYear(day(tt.date))
		if fy != tt.fy || q != tt.q {
			t.Errorf("FiscalYear(%s) = %d Q%d, want %d Q%d", tt.date, fy, q, tt.fy, tt.q)
		}
		if got := ISO(QuarterEnd(fy, q)); got != tt.qEnd {
			t.Errorf("QuarterEnd(%d, %d) = %s, want %s", fy, q, got, tt.qEnd)
		}
		if got := ISO(FiscalYearStart(fy)); got != tt.fyStart {
			t.Errorf("FiscalYearStart(%d) = %s, want %s", fy, got, tt.fyStart)
		}
	}
	if got := ISO(QuarterEnd(2570, 0)); got != "2026-09-30" {
		t.Errorf("QuarterEnd(2570, 0) = %s, want the day before the year", got)
	}
	if got := ISO(QuarterStart(2571, 2)); got != "2028-01-01" {
		t.Errorf("QuarterStart(2571, 2) = %s", got)
	}
}

func TestTargetAt(t *testing.T) {
	tg := report.QuarterTargets{0.30, 0.54, 0.77, 1.00}
	tests := []struct {
		date, mode string
		want       float64
		why        string
	}{
		{"2026-11-20", ModeLinear, 0.30 * 51 / 92, "SPEC example: 30 × 51/92 = 16.63%"},
		{"2026-10-01", ModeLinear, 0.30 * 1 / 92, "first day of Q1"},
		{"2026-12-31", ModeLinear, 0.30, "last day of Q1 reaches the Q1 target"},
		{"2027-01-01", ModeLinear, 0.30 + 0.24*1/90, "first day of Q2 (90 days: Jan–Mar 2027)"},
		{"2027-03-31", ModeLinear, 0.54, "last day of Q2"},
		{"2027-09-30", ModeLinear, 1.00, "last day of the year"},
		{"2026-09-30", ModeLinear, 1.00, "30 Sep is the end of FY 2569 Q4, not 0 of FY 2570"},
		{"2028-02-29", ModeLinear, 0.30 + 0.24*60/91, "leap year: Q2 of FY 2571 has 91 days"},
		{"2026-11-20", ModeStep, 0.30, "step: the current quarter's target"},
		{"2027-01-01", ModeStep, 0.54, "step: Q2 from its first day"},
		{"2026-12-31", ModeStep, 0.30, "step: Q1 on its last day"},
		{"2026-11-20", "", 0.30 * 51 / 92, "empty mode is linear"},
	}
	for _, tt := range tests {
		got := TargetAt(tg, day(tt.date), tt.mode)
		if math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%s: TargetAt(%s, %q) = %.6f, want %.6f", tt.why, tt.date, tt.mode, got, tt.want)
		}
	}
	if got := Percent(TargetAt(tg, day("2026-11-20"), ModeLinear)); got != "16.63" {
		t.Errorf("SPEC example prints %s, want 16.63", got)
	}
}

func TestStatus(t *testing.T) {
	tests := []struct {
		rate, target, tol float64
		want              string
	}{
		{0.30, 0.30, 5, report.StatusGreen},
		{0.1 + 0.2, 0.3, 5, report.StatusGreen}, // 0.30000000000000004 and 0.3
		{0.25, 0.30, 5, report.StatusYellow},    // exactly 5 points below
		{0.2499, 0.30, 5, report.StatusRed},
		{0.29, 0.30, 0, report.StatusRed}, // no tolerance
		{0.124, 0.1663, 5, report.StatusYellow},
		{0.1162, 0.1663, 5, report.StatusRed},
		{0, 0, 5, report.StatusGreen},
	}
	for _, tt := range tests {
		if got := Status(tt.rate, tt.target, tt.tol); got != tt.want {
			t.Errorf("Status(%v, %v, %v) = %s, want %s", tt.rate, tt.target, tt.tol, got, tt.want)
		}
	}
}

func TestExpected(t *testing.T) {
	start, by := day("2027-01-01"), day("2027-03-01") // 59 days
	tests := []struct {
		asOf string
		want float64
	}{
		{"2026-12-15", 0},         // before the start: clamped to 0
		{"2027-01-01", 0},         // the start
		{"2027-01-30", 29.0 / 59}, // part way
		{"2027-03-01", 1},         // the deadline
		{"2027-05-01", 1},         // after the deadline: clamped to 1
		{"2028-02-29", 1},         // long after
		{"2027-02-28", 58.0 / 59}, // the day before
		{"2027-01-02", 1.0 / 59},  // the day after the start
		{"2027-01-31", 30.0 / 59}, // 30 days in
	}
	for _, tt := range tests {
		if got := Expected(start, by, day(tt.asOf)); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("Expected(%s) = %v, want %v", tt.asOf, got, tt.want)
		}
	}
	// Degenerate plans: no dates, or a deadline on the start.
	if got := Expected(start, start, day("2026-12-31")); got != 0 {
		t.Errorf("same-day deadline before it = %v", got)
	}
	if got := Expected(start, start, start); got != 1 {
		t.Errorf("same-day deadline on it = %v", got)
	}
	if got := Expected(day("0001-01-01"), by, day("2027-02-01")); got != 0 {
		t.Errorf("missing start = %v", got)
	}
}

func TestRatioAndFormat(t *testing.T) {
	if Ratio(5, 0) != 0 || Ratio(5, -1) != 0 || Ratio(1, 4) != 0.25 {
		t.Error("Ratio")
	}
	tests := []struct {
		v    float64
		d    int
		want string
	}{
		{1234567.891, 2, "1,234,567.89"},
		{999, 0, "999"},
		{1000, 0, "1,000"},
		{-1234.5, 2, "-1,234.50"},
		{-0.001, 2, "0.00"},
		{0, 2, "0.00"},
		{math.NaN(), 2, "-"},
	}
	for _, tt := range tests {
		if got := Number(tt.v, tt.d); got != tt.want {
			t.Errorf("Number(%v, %d) = %q, want %q", tt.v, tt.d, got, tt.want)
		}
	}
	if got := ThaiDate(day("2026-11-20")); got != "20 พ.ย. 2569" {
		t.Errorf("ThaiDate = %q", got)
	}
	if got := ThaiDate(day("2028-02-29")); got != "29 ก.พ. 2571" {
		t.Errorf("ThaiDate = %q", got)
	}
}
