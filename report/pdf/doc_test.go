package pdf

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"lwc/report"
	"lwc/report/reporttest"
)

// checkExtracted compares what pdftotext finds with what the document
// drew: every drawn string appears, and nothing else (the multisets of
// characters are equal once whitespace is removed).
func checkExtracted(t *testing.T, name string, pdf []byte, rec *recorder) {
	t.Helper()
	got := pdfToText(t, pdf)
	sq := squeeze(got)
	var all strings.Builder
	for _, s := range rec.text() {
		all.WriteString(s)
		if w := squeeze(s); w != "" && !strings.Contains(sq, w) {
			t.Errorf("%s: drawn text %q not found as such in the extracted text", name, s)
		}
	}
	a, b := []rune(sq), []rune(squeeze(all.String()))
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) {
		t.Errorf("%s: extracted characters differ from the drawn ones (%d vs %d runes)", name, len(a), len(b))
	}
	if strings.ContainsFunc(got, func(r rune) bool { return r >= 0xE000 && r <= 0xF8FF || r == 0xFFFD }) {
		t.Errorf("%s: extracted text has private-use or replacement characters", name)
	}
}

func TestBulletinText(t *testing.T) {
	in := testInput(t)
	var rec recorder
	pdf := render(t, func(w *bytes.Buffer) error { return bulletinDoc(w, in, rec.trace) })
	checkExtracted(t, "bulletin", pdf, &rec)
	got := pdfToText(t, pdf)
	for _, want := range []string{
		"จดหมายข่าวศูนย์แจ้งเตือนการดำเนินงาน", "สำนักงานพัฒนาชุมชนจังหวัดลำปาง",
		"ข้อมูล ณ วันที่ 20 พฤศจิกายน 2569", "ปีงบประมาณ 2570 ไตรมาส 1",
		"หน้า 1 จาก", "เกาะคา", "ทวงถาม", "เตือน", "ผ่านโดยมีข้อสังเกต", "ไม่ผ่าน", "ถูกแทนที่",
		"เบิกจ่ายสะสมติดลบ", "อำเภอที่ได้รับรางวัลประจำเดือนตุลาคม 2569", "16.63%", "1,370,000",
	} {
		if !strings.Contains(squeeze(got), squeeze(want)) {
			t.Errorf("bulletin lacks %q", want)
		}
	}
	if strings.Contains(got, "2026") {
		t.Error("bulletin prints a Christian-era year")
	}
}

// A superseded file and its issues are left out of the bulletin's lists,
// with a line that says how many; the current files and their issues are
// listed.
func TestBulletinLeavesOutSupersededFiles(t *testing.T) {
	in := testInput(t)
	for i, f := range in.Snapshot.Files {
		if f.State == report.StateSuperseded {
			in.Snapshot.Files[i].Issues = []report.Issue{
				{Severity: report.SeverityError, Sheet: "เบิกจ่าย", Cell: "F9", Code: "negative-amount", Message: "ข้อความของไฟล์เก่าที่ไม่ควรพิมพ์"},
				{Severity: report.SeverityWarning, Sheet: "จปฐ", Cell: "D4", Code: "bmn-recorded-above-collected", Message: "ข้อความของไฟล์เก่าที่ไม่ควรพิมพ์"},
			}
		}
	}
	got := squeeze(pdfToText(t, render(t, func(w *bytes.Buffer) error { return Bulletin(w, in) })))
	for _, want := range []string{"ไม่แสดงไฟล์ที่มีไฟล์ใหม่กว่าแทนแล้ว 1 ไฟล์ และปัญหาของไฟล์เหล่านั้น (2 รายการ)", "เบิกจ่ายสะสมติดลบ", "ถูกแทนที่ 1"} {
		if !strings.Contains(got, squeeze(want)) {
			t.Errorf("bulletin lacks %q", want)
		}
	}
	for _, not := range []string{"5201 old.xlsx", "ข้อความของไฟล์เก่าที่ไม่ควรพิมพ์"} {
		if strings.Contains(got, squeeze(not)) {
			t.Errorf("bulletin lists a superseded file's %q", not)
		}
	}
}

// A file with many issues has its first bulletinIssues listed and one row
// that counts the rest, summaries (Issue.Count) included; the totals
// count every issue.
func TestBulletinListsAFilesFirstIssues(t *testing.T) {
	in := testInput(t)
	i := slices.IndexFunc(in.Snapshot.Files, func(f report.FileResult) bool { return f.State != report.StateSuperseded })
	var issues []report.Issue
	for r := range 12 {
		issues = append(issues, report.Issue{Severity: report.SeverityWarning, Sheet: "เบิกจ่าย", Cell: fmt.Sprintf("A%d", r+3), Code: "project-unknown", Message: fmt.Sprintf("ปัญหาที่ %d", r+1)})
	}
	issues = append(issues, report.Issue{Severity: report.SeverityError, Sheet: "เบิกจ่าย", Cell: "F40", Code: "value-invalid", Message: "ปัญหาที่สรุปไว้", Count: 5000})
	in.Snapshot.Files[i].Issues = issues
	got := squeeze(pdfToText(t, render(t, func(w *bytes.Buffer) error { return Bulletin(w, in) })))
	for _, want := range []string{"ปัญหาที่ 10", "และอีก 5,002 รายการ (ร้ายแรง 5,000 ข้อสังเกต 2)"} {
		if !strings.Contains(got, squeeze(want)) {
			t.Errorf("bulletin lacks %q", want)
		}
	}
	for _, not := range []string{"ปัญหาที่ 11", "ปัญหาที่สรุปไว้"} {
		if strings.Contains(got, squeeze(not)) {
			t.Errorf("bulletin lists %q, past the first %d", not, bulletinIssues)
		}
	}
}

// Files that are no district's are listed up to bulletinStrays, and a
// line counts the rest: an inbox that is a shared folder can hold
// thousands.
func TestBulletinListsFirstStrays(t *testing.T) {
	in := testInput(t)
	strays := 0
	for _, f := range in.Snapshot.Files {
		if f.District == "" && f.State != report.StateSuperseded {
			strays++
		}
	}
	for i := range 30 {
		reason := "ไฟล์นี้ไม่ใช่สมุดงาน Excel (เป็นไฟล์ PDF)"
		in.Snapshot.Files = append(in.Snapshot.Files, report.FileResult{
			File: fmt.Sprintf("inbox/zz/เอกสาร %02d.pdf", i), State: report.StateRejected, Reason: reason,
			Issues: []report.Issue{{Severity: report.SeverityError, Code: "file-pdf", Message: reason}},
		})
	}
	got := squeeze(pdfToText(t, render(t, func(w *bytes.Buffer) error { return Bulletin(w, in) })))
	shown := bulletinStrays - strays
	want := fmt.Sprintf("ไม่แสดงไฟล์อื่นที่ไม่ใช่รายงานของอำเภอใดอีก %d ไฟล์", 30-shown)
	for _, w := range []string{want, fmt.Sprintf("เอกสาร %02d.pdf", shown-1)} {
		if !strings.Contains(got, squeeze(w)) {
			t.Errorf("bulletin lacks %q", w)
		}
	}
	if strings.Contains(got, squeeze(fmt.Sprintf("เอกสาร %02d.pdf", shown))) {
		t.Errorf("bulletin lists more than %d files that are no district's", bulletinStrays)
	}
}

func TestMemoText(t *testing.T) {
	in := testInput(t)
	codes := MemoDistricts(in.Snapshot)
	if !slices.Equal(codes, []string{"5201", "5203", "5205", "5209", "5213"}) {
		t.Fatalf("MemoDistricts = %v", codes)
	}
	for _, code := range codes {
		var rec recorder
		pdf := render(t, func(w *bytes.Buffer) error { return memoDoc(w, in, code, "ลป 0017/123", rec.trace) })
		checkExtracted(t, "memo "+code, pdf, &rec)
		got := squeeze(pdfToText(t, pdf))
		name := districtName(in.Snapshot, code)
		for _, want := range []string{"บันทึกข้อความ", "ส่วนราชการ", "สำนักงานพัฒนาชุมชนจังหวัดลำปาง กลุ่มงานอำนวยการ",
			"ที่ ลป 0017/123", "วันที่ 20 พฤศจิกายน 2569", "เรียน พัฒนาการอำเภอ" + name,
			"จึงเรียนมาเพื่อโปรดทราบและดำเนินการ", "(นายสมชาย ใจดี)", "พัฒนาการจังหวัดลำปาง"} {
			if !strings.Contains(got, squeeze(want)) {
				t.Errorf("memo %s lacks %q", code, want)
			}
		}
		// Wording by the most severe stage; a copy to the director on
		// demands only.
		subject := map[string]string{"5201": "ทวงถาม", "5203": "ทวงถาม", "5205": "แจ้งเตือน", "5209": "ติดตาม", "5213": "ติดตาม"}[code]
		if !strings.Contains(got, "เรื่อง"+subject) {
			t.Errorf("memo %s: subject is not %s", code, subject)
		}
		if copied := strings.Contains(got, "สำเนาเรียน"); copied != (subject == "ทวงถาม") {
			t.Errorf("memo %s: copy to the director = %v", code, copied)
		}
	}
	if err := Memo(io.Discard, in, "5202", "ลป 0017/1"); err == nil {
		t.Error("memo for a district without warnings")
	}
}

func TestThaiDigits(t *testing.T) {
	in := testInput(t)
	in.Settings.PDF.ThaiDigits = true
	pdf := render(t, func(w *bytes.Buffer) error { return Memo(w, in, "5203", "ลป 0017/123") })
	got := squeeze(pdfToText(t, pdf))
	for _, want := range []string{"ที่ลป๐๐๑๗/๑๒๓", "วันที่๒๐พฤศจิกายน๒๕๖๙", "๑,๓๗๐,๐๐๐.๐๐"} {
		if !strings.Contains(got, want) {
			t.Errorf("Thai-digit memo lacks %q", want)
		}
	}
}

// TestHostileNames renders names that try to break the content stream or
// overflow the page: the documents still parse, say what was written, and
// keep every string inside the page's text area.
func TestHostileNames(t *testing.T) {
	in := testInput(t)
	s := reporttest.Hostile()
	long := strings.Repeat("ชื่อยาวมากไม่มีที่สิ้นสุด(\\)", 20) + strings.Repeat("x", 300)
	s.Districts[1].Name = long
	s.Warnings = append(s.Warnings, report.Warning{District: s.Districts[1].Code, DistrictName: long, Topic: report.TopicReport,
		Stage: report.StageWarn, Subject: "R(1)", SubjectName: long, Due: "2026-11-25", Message: long + " ) ( \\ </script>"})
	s.Files[0].File = "inbox/" + long + ".xlsx"
	in.Snapshot = s
	check := func(name string, pdf []byte, rec *recorder, left, right float64) {
		checkExtracted(t, name, pdf, rec)
		for _, it := range rec.items {
			if it.x < left-0.5 || it.x+it.w > right+0.5 {
				t.Errorf("%s: %q drawn from %.1f to %.1f mm, outside %v..%v", name, it.s, it.x, it.x+it.w, left, right)
			}
			if it.y > 297 || it.y < 0 {
				t.Errorf("%s: %q drawn off the page at y %.1f", name, it.s, it.y)
			}
		}
	}
	var rec recorder
	pdf := render(t, func(w *bytes.Buffer) error { return bulletinDoc(w, in, rec.trace) })
	check("bulletin", pdf, &rec, 15, 195)
	if !strings.Contains(squeeze(pdfToText(t, pdf)), squeeze("</script><script>window.__pwned=1</script>")) {
		t.Error("hostile text not printed as text")
	}
	for _, code := range []string{"5203", s.Districts[1].Code} {
		var rec recorder
		pdf := render(t, func(w *bytes.Buffer) error { return memoDoc(w, in, code, "ลป 0017/(1)\\", rec.trace) })
		check("memo "+code, pdf, &rec, 30, 190)
	}
}

// TestReproducible: the same input gives the same bytes.
func TestReproducible(t *testing.T) {
	in := testInput(t)
	a := render(t, func(w *bytes.Buffer) error { return Bulletin(w, in) })
	b := render(t, func(w *bytes.Buffer) error { return Bulletin(w, in) })
	if !bytes.Equal(a, b) {
		t.Error("bulletin differs between two renders")
	}
	m1 := render(t, func(w *bytes.Buffer) error { return Memo(w, in, "5203", "ลป 0017/5") })
	m2 := render(t, func(w *bytes.Buffer) error { return Memo(w, in, "5203", "ลป 0017/5") })
	if !bytes.Equal(m1, m2) {
		t.Error("memo differs between two renders")
	}
	if !bytes.Contains(a, []byte("/CreationDate (D:20261123060000)")) {
		t.Error("creation date is not Input.Generated")
	}
	in.Generated = time.Time{}
	c := render(t, func(w *bytes.Buffer) error { return Memo(w, in, "5203", "ลป 0017/5") })
	if !bytes.Contains(c, []byte("/CreationDate (D:20261120000000)")) {
		t.Error("without Input.Generated the creation date is not the as-of date")
	}
}

// TestConcurrentRender renders documents in parallel from one Fonts (run
// with -race: the documents share the parsed fonts, their bytes and the
// cache of font subsets; stock gofpdf v1.16.2 wrote into the font bytes).
func TestConcurrentRender(t *testing.T) {
	in := testInput(t)
	want := render(t, func(w *bytes.Buffer) error { return Memo(w, in, "5205", "ลป 0017/9") })
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var b bytes.Buffer
			var err error
			if i%2 == 0 {
				err = Bulletin(&b, in)
			} else {
				err = Memo(&b, in, "5205", "ลป 0017/9")
				if err == nil && !bytes.Equal(b.Bytes(), want) {
					err = fmt.Errorf("memo %d differs from the one rendered alone", i)
				}
			}
			if err != nil {
				errs <- err
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestMemoDistrictsSorted(t *testing.T) {
	s := &report.Snapshot{Warnings: []report.Warning{{District: "5209"}, {District: "5201"}, {District: "5209"}, {District: ""}}}
	got := MemoDistricts(s)
	if !sort.StringsAreSorted(got) || len(got) != 2 {
		t.Errorf("MemoDistricts = %v", got)
	}
	if MemoDistricts(nil) != nil {
		t.Error("nil snapshot")
	}
}
