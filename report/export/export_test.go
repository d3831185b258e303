package export

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"lwc/report"
	"lwc/report/reporttest"
	"lwc/report/settings"
)

func open(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func cell(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestDeterministic: the same snapshot gives byte-identical workbooks, with
// no wall-clock time inside: zip entries carry no timestamp and the document
// properties say the as-of date.
func TestDeterministic(t *testing.T) {
	dir := t.TempDir()
	for _, w := range []struct {
		name  string
		write func(string) error
	}{
		{"consolidated", func(p string) error { return Consolidated(p, reporttest.Snapshot(), nil) }},
		{"scores", func(p string) error { return Scores(p, reporttest.Snapshot()) }},
	} {
		a, b := filepath.Join(dir, w.name+"1.xlsx"), filepath.Join(dir, w.name+"2.xlsx")
		if err := w.write(a); err != nil {
			t.Fatal(err)
		}
		if err := w.write(b); err != nil {
			t.Fatal(err)
		}
		ba, _ := os.ReadFile(a)
		bb, _ := os.ReadFile(b)
		if !bytes.Equal(ba, bb) {
			t.Errorf("%s: two exports of one snapshot differ", w.name)
		}
		zr, err := zip.NewReader(bytes.NewReader(ba), int64(len(ba)))
		if err != nil {
			t.Fatal(err)
		}
		for _, zf := range zr.File {
			if !zf.Modified.IsZero() && zf.Modified.Year() > 1980 {
				t.Errorf("%s: %s stamped %v", w.name, zf.Name, zf.Modified)
			}
			if zf.Name == "docProps/core.xml" {
				rc, _ := zf.Open()
				core, _ := io.ReadAll(rc)
				rc.Close()
				if strings.Count(string(core), "2026-11-20T00:00:00Z") != 2 {
					t.Errorf("%s: core properties %s", w.name, core)
				}
			}
		}
		if ents, _ := os.ReadDir(dir); len(ents) == 0 {
			t.Fatal("nothing written")
		}
	}
	// No temporary file is left next to the output.
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left %s behind", e.Name())
		}
	}
}

func TestConsolidated(t *testing.T) {
	snap := reporttest.Snapshot()
	inbox := &report.Inbox{Accepted: map[string]*report.Submission{
		"5201": {Projects: []report.ProjectLine{{Code: "P02", Note: "รอเบิกงวดสอง"}}},
	}}
	path := filepath.Join(t.TempDir(), "out", "consolidated.xlsx")
	if err := Consolidated(path, snap, NotesOf(inbox)); err != nil {
		t.Fatal(err)
	}
	f := open(t, path)
	if got, want := f.GetSheetList(), []string{"สรุปอำเภอ", "โครงการ", "กลุ่มงาน", "ประเภทรายจ่าย", "จปฐ"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("sheets = %v, want %v", got, want)
	}
	for _, sh := range f.GetSheetList() {
		if v := cell(t, f, sh, "A2"); !strings.Contains(v, "ข้อมูล ณ วันที่ 20 พ.ย. 2569") {
			t.Errorf("%s: as-of line %q", sh, v)
		}
		if v := cell(t, f, sh, "A3"); v != "รหัสอำเภอ" {
			t.Errorf("%s: header A3 = %q", sh, v)
		}
		p, err := f.GetPanes(sh)
		if err != nil || !p.Freeze || p.YSplit != 3 {
			t.Errorf("%s: panes %+v %v", sh, p, err)
		}
	}

	// สรุปอำเภอ: 13 districts then the province total.
	const s = "สรุปอำเภอ"
	if v := cell(t, f, s, "A4"); v != "5201" {
		t.Errorf("first district %q", v)
	}
	if v := cell(t, f, s, "E4"); v != "1200000" {
		t.Errorf("5201 allocated %q", v)
	}
	if v := cell(t, f, s, "I4"); v != "0.21" {
		t.Errorf("5201 rate %q", v)
	}
	// 5213 is grey: allocation shown, money empty, reason given.
	if cell(t, f, s, "A16") != "5213" || cell(t, f, s, "G16") != "" || cell(t, f, s, "E16") == "" ||
		!strings.HasPrefix(cell(t, f, s, "N16"), "ข้อมูลยังไม่ผ่านการตรวจสอบ") {
		t.Errorf("grey row: %q %q %q", cell(t, f, s, "A16"), cell(t, f, s, "G16"), cell(t, f, s, "N16"))
	}
	if v := cell(t, f, s, "B17"); v != "รวมทั้งจังหวัด" {
		t.Errorf("total label %q", v)
	}
	wantTotal := snap.Province.Budget.Allocated
	if v := cell(t, f, s, "E17"); v != formatFloat(wantTotal) {
		t.Errorf("total allocated %q, want %v", v, wantTotal)
	}
	// Number formats: money #,##0.00 (4), percent 0.00% (10).
	for ref, want := range map[string]int{"E4": 4, "I4": 10, "E17": 4} {
		id, _ := f.GetCellStyle(s, ref)
		st, err := f.GetStyle(id)
		if err != nil || st.NumFmt != want {
			t.Errorf("%s number format %v, want %d", ref, st, want)
		}
	}

	// โครงการ: 13 × 6 projects, 13 subtotals, 1 total.
	rows, _ := f.GetRows("โครงการ")
	if got := len(rows) - 3; got != 13*6+13+1 {
		t.Errorf("project sheet has %d data rows", got)
	}
	if rows[4][2] != "P02" || rows[4][12] != "รอเบิกงวดสอง" {
		t.Errorf("note not carried: %v", rows[4])
	}
	if rows[9][1] != "รวมอำเภอเมืองลำปาง" {
		t.Errorf("subtotal row %v", rows[9])
	}

	// จปฐ: each verified district row, then its 3 sub-districts.
	rows, _ = f.GetRows("จปฐ")
	if rows[3][2] != "รวมอำเภอ" || rows[4][2] != "ตำบลที่ 1" || rows[len(rows)-1][1] != "รวมทั้งจังหวัด" {
		t.Errorf("BMN rows %v / %v / %v", rows[3], rows[4], rows[len(rows)-1])
	}
}

func formatFloat(v float64) string {
	f := excelize.NewFile()
	defer f.Close()
	_ = f.SetCellValue("Sheet1", "A1", v)
	s, _ := f.GetCellValue("Sheet1", "A1", excelize.Options{RawCellValue: true})
	return s
}

func TestScores(t *testing.T) {
	path := filepath.Join(t.TempDir(), "scores.xlsx")
	if err := Scores(path, reporttest.Snapshot()); err != nil {
		t.Fatal(err)
	}
	f := open(t, path)
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"คะแนน", "คำอธิบาย"}) {
		t.Fatalf("sheets %v", got)
	}
	rows, _ := f.GetRows("คะแนน")
	if len(rows) != 3+13 {
		t.Fatalf("%d rows", len(rows))
	}
	head := rows[2]
	if len(head) != 26 || head[14] != "รายงานดีมีรางวัล พฤศจิกายน 2569 คะแนน" || head[22] != "รายงานดีมีรางวัล ปีงบประมาณ 2570 คะแนน" {
		t.Errorf("headers %q", head)
	}
	// 5201: rate 21%, ranked; points 9 of 9 in November.
	if r := rows[3]; r[0] != "5201" || r[14] != "9" || r[15] != "9" {
		t.Errorf("5201 row %q", r)
	}
	if v := cell(t, f, "คะแนน", "D4"); v != "0.21" {
		t.Errorf("5201 rate %q", v)
	}
	// The grey district has no budget rate but keeps its award.
	if v := cell(t, f, "คะแนน", "D16"); v != "" {
		t.Errorf("grey district rate %q", v)
	}
}

func TestHostileNames(t *testing.T) {
	dir := t.TempDir()
	snap := reporttest.Hostile()
	if err := Consolidated(filepath.Join(dir, "c.xlsx"), snap, nil); err != nil {
		t.Fatal(err)
	}
	if err := Scores(filepath.Join(dir, "s.xlsx"), snap); err != nil {
		t.Fatal(err)
	}
	f := open(t, filepath.Join(dir, "c.xlsx"))
	if v := cell(t, f, "สรุปอำเภอ", "B4"); v != snap.Districts[0].Name {
		t.Errorf("name changed on the way: %q", v)
	}
}

// TestSummary: a hand-made snapshot and the exact lines it must give.
func TestSummary(t *testing.T) {
	snap := &report.Snapshot{
		AsOf: "2026-11-20", OfficeName: "สำนักงานพัฒนาชุมชนจังหวัดลำปาง",
		Province: report.ProvinceFigures{
			Budget:    report.BudgetFigures{DisbursementRate: 0.124, TargetRate: 0.30 * 51 / 92, Status: report.StatusYellow},
			BMN:       report.BMNFigures{CollectedRate: 0.4, ExpectedRate: 0.5, RecordedRate: 0.1, ExpectedRecordedRate: 0.25, Status: report.StatusRed},
			Districts: 13, VerifiedDistricts: 12,
		},
		Districts: []report.DistrictFigures{{Code: "5201", Name: "เมืองลำปาง"}, {Code: "5203", Name: "เกาะคา"}},
		Award: report.AwardSet{
			Month:    report.AwardTable{Period: "2026-11", To: "2026-11-20", Winners: []string{"5201", "5203"}},
			Previous: report.AwardTable{Period: "2026-10", To: "2026-10-31"},
		},
		Warnings: []report.Warning{
			{Stage: report.StageWarn}, {Stage: report.StageFollow}, {Stage: report.StageFollow},
			{Stage: report.StageDemand, Escalated: true},
		},
	}
	s := settings.Default()
	s.Site.BaseURL = "http://intranet.local/lwc/"
	want := `ศูนย์แจ้งเตือน LWC สำนักงานพัฒนาชุมชนจังหวัดลำปาง ข้อมูล ณ วันที่ 20 พ.ย. 2569
• เบิกจ่ายงบประมาณภาพรวมร้อยละ 12.40 เป้าหมาย ณ วันที่ร้อยละ 16.63 (ต่ำกว่าเป้าหมายเล็กน้อย)
• ข้อมูลผ่านการตรวจสอบ 12 จาก 13 อำเภอ
• จปฐ. จัดเก็บแล้วร้อยละ 40.00 (ควรได้ร้อยละ 50.00) บันทึกแล้วร้อยละ 10.00 (ควรได้ร้อยละ 25.00)
• รายงานดีมีรางวัล พฤศจิกายน 2569 (ถึงวันที่ 20 พ.ย. 2569): อันดับ 1 อำเภอเมืองลำปาง, อำเภอเกาะคา; ตุลาคม 2569: ยังไม่มีผู้ได้อันดับ 1
• การแจ้งเตือน 4 รายการ: เตือน 1 ตาม 2 ทวงถาม 1 (รายงานผู้บริหาร 1 รายการ)
ดูรายละเอียด: http://intranet.local/lwc/
`
	if got := Summary(snap, s); got != want {
		t.Errorf("Summary:\n%s\nwant:\n%s", got, want)
	}
	// No site address, no warnings, no verified data.
	snap.Warnings = nil
	snap.Province.Budget.Status = report.StatusGrey
	got := Summary(snap, settings.Default())
	if strings.Contains(got, "ดูรายละเอียด") || !strings.Contains(got, "• การแจ้งเตือน: ไม่มี") ||
		!strings.Contains(got, "• การเบิกจ่ายงบประมาณ: ยังไม่มีข้อมูลที่ผ่านการตรวจสอบ") {
		t.Errorf("Summary:\n%s", got)
	}
}

// TestNoTempFileLeft: a large sheet's rows wait in a spool file beside
// the workbook, and the compressed parts in a spill file; both must be
// gone after the export, and nothing may be left in the temporary folder
// (excelize's own stream file once left 100 MB behind on every run).
func TestNoTempFileLeft(t *testing.T) {
	tmp := t.TempDir()
	out := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	snap := reporttest.Snapshot()
	base := snap.Projects
	for len(snap.Projects) < 25000 { // about 25 MB of sheet XML, over excelize.StreamChunkSize
		snap.Projects = append(snap.Projects, base...)
	}
	if err := Consolidated(filepath.Join(out, "consolidated.xlsx"), snap, nil); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		t.Errorf("left %s in the temporary folder", e.Name())
	}
	// The spool and sortedZip's spill file go beside the workbook, and away.
	if ents, err = os.ReadDir(out); err != nil || len(ents) != 1 {
		t.Errorf("output folder holds %v (%v), want consolidated.xlsx only", ents, err)
	}
	// The project sheet was large (it once needed excelize's temporary file).
	zr, err := zip.OpenReader(filepath.Join(out, "consolidated.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, zf := range zr.File {
		if zf.Name == "xl/worksheets/sheet2.xml" && zf.UncompressedSize64 <= excelize.StreamChunkSize {
			t.Errorf("project sheet of %d bytes did not test the temporary file", zf.UncompressedSize64)
		}
	}
}

func TestNotesOf(t *testing.T) {
	inbox := &report.Inbox{Accepted: map[string]*report.Submission{
		"5201": {Projects: []report.ProjectLine{
			{Code: "P01", Note: ""}, {Code: "P01", Note: "บรรทัดซ้ำ ไม่ใช้"}, // the first line of a code wins, even empty
			{Code: "P02", Note: "รอเบิกงวดสอง"}, {Code: "P02", Note: "ซ้ำ"},
		}},
		"5202": {Projects: []report.ProjectLine{{Code: "P01"}}}, // no notes: no entry
		"5203": nil,
	}}
	want := Notes{"5201": {"P02": "รอเบิกงวดสอง"}}
	if got := NotesOf(inbox); !reflect.DeepEqual(got, want) {
		t.Errorf("NotesOf = %v, want %v", got, want)
	}
	if got := NotesOf(nil); len(got) != 0 {
		t.Errorf("NotesOf(nil) = %v", got)
	}
}

// Counts in the summary are written as numbers are in Thai documents, with
// thousands separated: a national run has thousands of warnings.
func TestSummaryThousands(t *testing.T) {
	snap := &report.Snapshot{AsOf: "2026-11-20", Province: report.ProvinceFigures{Districts: 1756, VerifiedDistricts: 1700}}
	for range 2411 {
		snap.Warnings = append(snap.Warnings, report.Warning{Stage: report.StageWarn})
	}
	got := Summary(snap, settings.Default())
	for _, want := range []string{"• ข้อมูลผ่านการตรวจสอบ 1,700 จาก 1,756 อำเภอ", "• การแจ้งเตือน 2,411 รายการ: เตือน 2,411 ตาม 0 ทวงถาม 0"} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
}
