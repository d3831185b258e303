package report

import (
	"math"
	"strings"
	"testing"
)

// The compact form of a checked inbox's lines gives back exactly what was
// put in: every amount's bits (-0, infinities, a value that failed
// verification keeping its V), codes and notes of any length (a varint
// longer than one byte), and rows past 127.
func TestLineBlockRoundTrip(t *testing.T) {
	long := strings.Repeat("ก", 200)
	for _, tc := range []struct {
		name  string
		lines []ProjectLine
	}{
		{"none", nil},
		{"one plain", []ProjectLine{{Code: "P01", Allocated: Value{50000, true}, Committed: Value{0, true}, Disbursed: Value{12500.5, true}, Row: 3}}},
		{"not reported", []ProjectLine{{Code: "P02", Row: 4}}},
		{"failed values keep V", []ProjectLine{{Code: "P03", Committed: Value{-5, false}, Disbursed: Value{math.Inf(1), false}, Row: 5}}},
		{"minus zero and extremes", []ProjectLine{{Code: "P04", Allocated: Value{math.Copysign(0, -1), true}, Committed: Value{math.MaxFloat64, true}, Disbursed: Value{math.SmallestNonzeroFloat64, true}, Row: 1 << 20}}},
		{"notes and long text", []ProjectLine{
			{Code: "5201-001", Note: "รอเบิกงวดถัดไป", Disbursed: Value{1, true}, Row: 130},
			{Code: long, Note: long + long, Row: 131},
			{Code: "x", Row: 0},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := encodeLines(tc.lines)
			if b.n != len(tc.lines) {
				t.Fatalf("%d lines encoded, want %d", b.n, len(tc.lines))
			}
			got := b.lines()
			if len(got) != len(tc.lines) {
				t.Fatalf("decoded %d lines, want %d", len(got), len(tc.lines))
			}
			for i, w := range tc.lines {
				if !sameLine(got[i], w) {
					t.Errorf("line %d: %+v, want %+v", i, got[i], w)
				}
			}
			// Lines gives the compact form when there is one, Projects otherwise.
			s := &Submission{Projects: tc.lines}
			if len(s.Lines()) != len(tc.lines) {
				t.Errorf("Lines of an unchecked submission: %d, want %d", len(s.Lines()), len(tc.lines))
			}
			s.keepLines(tc.lines)
			if s.Projects != nil || len(s.Lines()) != len(tc.lines) {
				t.Errorf("after keepLines: Projects %v, %d lines", s.Projects, len(s.Lines()))
			}
		})
	}
}

// About 40 bytes a line, against 120 for a ProjectLine and its code.
func TestLineBlockSize(t *testing.T) {
	ls := make([]ProjectLine, 120)
	for i := range ls {
		ls[i] = ProjectLine{Code: "5201-0" + string(rune('0'+i%10)) + string(rune('0'+i/10%10)), Allocated: Value{100000, true}, Committed: Value{float64(i * 1000), true}, Disbursed: Value{float64(i * 500), true}, Row: i + 3}
	}
	if n := len(encodeLines(ls).data); n > 45*len(ls) {
		t.Errorf("%d lines take %d bytes encoded, over 45 a line", len(ls), n)
	}
}
