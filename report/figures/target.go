package figures

import (
	"math"
	"time"

	"lwc/report"
)

// Target modes (settings.Figures.TargetMode).
const (
	ModeLinear = "linear"
	ModeStep   = "step"
)

// eps absorbs floating-point noise when a rate is compared with a target:
// 0.3 disbursed of 1.0 must be "on target" for a 30% target even when the
// division leaves the last bit different.
const eps = 1e-9

// TargetAt returns the cumulative disbursement target (a fraction) at asOf.
//
// Mode "step" gives the current quarter's target. Mode "linear" (also used for
// an empty or unknown mode) interpolates from the previous quarter's target at
// its last day to this quarter's target at its last day:
//
//	prev + (this − prev) × days(prevEnd → asOf) / days(prevEnd → thisEnd)
//
// with prev = 0 and prevEnd = 30 Sep for Q1. FY 2570 Q1 30%, 20 Nov 2026:
// 0.30 × 51/92 = 0.1663.
func TargetAt(t report.QuarterTargets, asOf time.Time, mode string) float64 {
	fy, q := FiscalYear(asOf)
	this := t[q-1]
	if mode == ModeStep {
		return this
	}
	prev := 0.0
	if q > 1 {
		prev = t[q-2]
	}
	prevEnd, thisEnd := QuarterEnd(fy, q-1), QuarterEnd(fy, q)
	return prev + (this-prev)*float64(Days(prevEnd, asOf))/float64(Days(prevEnd, thisEnd))
}

// Status colours a rate against a target: green at or above it, yellow
// within tolerance percentage points below (settings.Figures.Tolerance; 5
// means 0.05), red below that.
func Status(rate, target, tolerance float64) string {
	switch {
	case rate >= target-eps:
		return report.StatusGreen
	case rate >= target-tolerance/100-eps:
		return report.StatusYellow
	}
	return report.StatusRed
}

// Expected returns the expected progress at asOf of work that starts at
// start (0) and must be complete by deadline (1): days(start → asOf) /
// days(start → deadline), clamped to [0, 1]. A deadline on or before the
// start gives 0 before the deadline and 1 from it on; a missing date gives 0.
func Expected(start, deadline, asOf time.Time) float64 {
	if start.IsZero() || deadline.IsZero() {
		return 0
	}
	total := Days(start, deadline)
	if total <= 0 {
		if Days(deadline, asOf) >= 0 {
			return 1
		}
		return 0
	}
	return clamp01(float64(Days(start, asOf)) / float64(total))
}

func clamp01(x float64) float64 {
	return math.Max(0, math.Min(1, x))
}

// Ratio returns a / b, or 0 when b is not positive (an allocation or target
// of 0 has no meaningful rate; 0 keeps the JSON free of NaN and Inf).
func Ratio(a, b float64) float64 {
	if b <= 0 || math.IsNaN(a) || math.IsInf(a, 0) || math.IsInf(b, 0) {
		return 0
	}
	return a / b
}

// worse returns the worse of two status colours; grey only when both are.
func worse(a, b string) string {
	switch {
	case a == report.StatusGrey:
		return b
	case b == report.StatusGrey:
		return a
	case statusRank(a) >= statusRank(b):
		return a
	}
	return b
}

func statusRank(s string) int {
	switch s {
	case report.StatusGreen:
		return 1
	case report.StatusYellow:
		return 2
	case report.StatusRed:
		return 3
	}
	return 0
}

// usable reports whether a read value may count: verified, and a finite
// number (a NaN or infinity would poison every total and cannot be written
// as JSON).
func usable(v report.Value) bool {
	return v.OK && !math.IsNaN(v.V) && !math.IsInf(v.V, 0)
}

// finite returns x, or 0 for a NaN or an infinity.
func finite(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}
