package charts

import (
	"testing"
	"time"
)

func TestFormats(t *testing.T) {
	tests := []struct{ got, want string }{
		{dateLong("2026-11-20"), "20 พฤศจิกายน 2569"},
		{dateShort("2027-01-31"), "31 ม.ค. 2570"},
		{dateAxis("2026-10-30"), "30 ต.ค."},
		{dateLong("not a date"), "not a date"},
		{monthLong("2026-10"), "ตุลาคม 2569"},
		{generatedAt(time.Date(2026, 11, 22, 23, 5, 0, 0, time.UTC)), "23 พฤศจิกายน 2569 เวลา 06.05 น."},
		{percent(0.166304), "16.63%"},
		{percent(0), "0.00%"},
		{pointsChange(0.03), "+3.00 จุด"},
		{pointsChange(-0.00001), "0.00 จุด"},
		{pointsChange(-0.125), "-12.50 จุด"},
		{baht(1234567.891), "1,234,567.89"},
		{baht(-1234), "-1,234.00"},
		{baht(999), "999.00"},
		{count(58500.4), "58,500"},
		{count(100), "100"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	if pct2(0.166304) != 16.63 {
		t.Errorf("pct2 = %v", pct2(0.166304))
	}
}

func TestSafeName(t *testing.T) {
	for in, want := range map[string]string{
		"5201":   "5201",
		"../x":   "x2e2e2f78",
		"":       "x",
		"อำเภอ":  "xe0b8ade0b8b3e0b980e0b8a0e0b8ad",
		"a b":    "x612062",
		"AZ_z-9": "AZ_z-9",
	} {
		if got := safeName(in); got != want {
			t.Errorf("safeName(%q) = %q, want %q", in, got, want)
		}
	}
}
