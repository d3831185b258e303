package pdf

import (
	"bytes"
	"fmt"
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
			report.Warning{District: d.Code, Topic: report.TopicReport, Stage: report.StageDemand, Subject: "ผด.1", Due: "2026-11-05", Message: "ข้อความรายเรื่องที่ไม่ควรอยู่ในตาราง"},
			report.Warning{District: d.Code, Topic: report.TopicReport, Stage: report.StageWarn, Subject: "ผด.2", Due: "2026-11-25", Message: "ข้อความรายเรื่องที่ไม่ควรอยู่ในตาราง"})
	}
	in.Snapshot = &s
	large := squeeze(pdfToText(t, render(t, func(w *bytes.Buffer) error { return Bulletin(w, in) })))
	if strings.Contains(large, "ข้อความรายเรื่องที่ไม่ควรอยู่ในตาราง") {
		t.Error("a national bulletin lists every warning")
	}
	if !strings.Contains(large, squeeze(fmt.Sprintf("มีการแจ้งเตือน %d รายการใน %d อำเภอ", 2*(boardDetailMax+5), boardDetailMax+5))) {
		t.Error("a national bulletin lacks the count of warnings by district")
	}
}
