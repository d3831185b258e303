package pdf

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"

	"lwc/report"
)

// A region or the whole country gets a warning board counted by district;
// a province gets every warning.
func TestWarningBoardScale(t *testing.T) {
	in := testInput(t)
	small := squeeze(pdfToText(t, render(t, func(w *bytes.Buffer) error { return Bulletin(w, in) })))
	if !strings.Contains(small, squeeze(in.Snapshot.Warnings[0].Message)) {
		t.Error("a province's bulletin must list each warning's message")
	}

	s := *in.Snapshot
	base := s.Districts
	s.Districts, s.Warnings = nil, nil
	for i := 0; i < boardDetailMax+5; i++ {
		d := base[i%len(base)]
		d.Code = fmt.Sprintf("%04d", 1000+i)
		s.Districts = append(s.Districts, d)
		s.Warnings = append(s.Warnings,
			report.Warning{District: d.Code, Topic: report.TopicReport, Stage: report.StageDemand, Subject: "ผด.1", Due: "2026-11-05", Message: "ข้อความรายเรื่องที่ไม่ควรอยู่ในตาราง", Escalated: true},
			report.Warning{District: d.Code, Topic: report.TopicReport, Stage: report.StageWarn, Subject: "ผด.2", Due: "2026-11-25", Message: "ข้อความรายเรื่องที่ไม่ควรอยู่ในตาราง"})
	}
	in.Snapshot = &s
	var rec recorder
	large := squeeze(pdfToText(t, render(t, func(w *bytes.Buffer) error { return bulletinDoc(w, in, rec.trace) })))
	if strings.Contains(large, "ข้อความรายเรื่องที่ไม่ควรอยู่ในตาราง") {
		t.Error("a national bulletin lists every warning")
	}
	if !strings.Contains(large, squeeze(fmt.Sprintf("มีการแจ้งเตือน %d รายการใน %d อำเภอ", 2*(boardDetailMax+5), boardDetailMax+5))) {
		t.Error("a national bulletin lacks the count of warnings by district")
	}
	// Each district's name fits its column on one line (the column takes
	// the width the counts leave: it once got none, a cluster a line).
	drawn := map[string]bool{}
	for _, s := range rec.text() {
		drawn[s] = true
	}
	for _, d := range base {
		if !drawn[d.Name+" *"] {
			t.Errorf("the warning count by district does not draw %q on one line", d.Name+" *")
		}
	}
}

// A chart of more bars than a page holds goes on over pages: every bar's
// label is drawn inside the page, above the footer.
func TestLongChartPaginates(t *testing.T) {
	in := testInput(t)
	s := *in.Snapshot
	base := s.Districts
	s.Districts = nil
	for i := range 120 {
		d := base[i%len(base)]
		d.Code, d.Name = fmt.Sprintf("%04d", 1000+i), fmt.Sprintf("%s %d", d.Name, i)
		s.Districts = append(s.Districts, d)
	}
	in.Snapshot = &s
	var rec recorder
	pdf := render(t, func(w *bytes.Buffer) error { return bulletinDoc(w, in, rec.trace) })
	footer := 0.0 // where the page numbers are drawn
	for _, it := range rec.items {
		if strings.HasPrefix(it.s, "หน้า ") {
			footer = it.y
		}
	}
	labels := 0
	for _, it := range rec.items {
		if it.y > footer-5 && math.Abs(it.y-footer) > 0.5 {
			t.Errorf("%q drawn at y = %.1f mm, on or below the footer (%.1f mm)", it.s, it.y, footer)
		}
		if strings.HasSuffix(it.s, " 119") {
			labels++
		}
	}
	// The last district's name: once in each of the two charts and once
	// in each of the budget and BMN tables.
	if labels < 4 {
		t.Errorf("the last district's name drawn %d times, want 4 or more", labels)
	}
	if text := squeeze(pdfToText(t, pdf)); !strings.Contains(text, squeeze(s.Districts[119].Name)) {
		t.Error("the last district is not in the text")
	}
}
