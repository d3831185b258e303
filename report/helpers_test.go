package report

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// Test workbooks are written with excelize, as staff's Excel would write
// them, then read back by the fast reader.

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// formula is a cell value written as a formula without a cached value.
type formula string

// styled is a cell value written with a number format id.
type styled struct {
	v     any
	numFm int
}

// book is a workbook to write: sheets in order, each a grid of rows.
type wbook struct {
	sheets []wsheet
	after  []func(f *excelize.File)
}

type wsheet struct {
	name string
	rows map[int][]any // 1-based row → cells from column A; nil cells are skipped
}

func (w *wbook) sheet(name string) *wsheet {
	for i := range w.sheets {
		if w.sheets[i].name == name {
			return &w.sheets[i]
		}
	}
	w.sheets = append(w.sheets, wsheet{name: name, rows: map[int][]any{}})
	return &w.sheets[len(w.sheets)-1]
}

func (s *wsheet) set(row int, cells ...any) { s.rows[row] = cells }

func (w *wbook) bytes(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	styles := map[int]int{}
	for i, s := range w.sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, cells := range s.rows {
			for c, v := range cells {
				if v == nil {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, r)
				var err error
				switch v := v.(type) {
				case formula:
					err = f.SetCellFormula(s.name, ref, string(v))
				case styled:
					id, ok := styles[v.numFm]
					if !ok {
						id, err = f.NewStyle(&excelize.Style{NumFmt: v.numFm})
						if err != nil {
							t.Fatal(err)
						}
						styles[v.numFm] = id
					}
					if err = f.SetCellValue(s.name, ref, v.v); err == nil {
						err = f.SetCellStyle(s.name, ref, ref, id)
					}
				default:
					err = f.SetCellValue(s.name, ref, v)
				}
				if err != nil {
					t.Fatalf("writing %s!%s: %v", s.name, ref, err)
				}
			}
		}
	}
	if len(w.sheets) == 0 {
		t.Fatal("no sheets")
	}
	for _, fn := range w.after {
		fn(f)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeFile(t testing.TB, path string, data []byte) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// testPlan writes the plan of the tests: two districts with three projects
// each, targets, BMN targets, a calendar and sub-districts.
func testPlan() *wbook {
	w := &wbook{}
	d := w.sheet(SheetDistricts)
	d.set(1, ColDistrictCode, ColDistrictName)
	d.set(2, "5201", "เมืองลำปาง")
	d.set(3, 5202, "แม่เมาะ")
	b := w.sheet(SheetBudget)
	b.set(1, ColDistrictCode, ColProjectCode, ColProjectName, ColWorkGroup, ColExpenseType, ColAllocated)
	row := 2
	for _, dc := range []string{"5201", "5202"} {
		b.set(row, dc, "P01", "โครงการขับเคลื่อนเศรษฐกิจพอเพียง", "กลุ่มงานส่งเสริมการพัฒนาชุมชน", "ประจำ", 100000)
		b.set(row+1, dc, "P02", "ค่าครุภัณฑ์สำนักงาน", "กลุ่มงานอำนวยการ", "ลงทุน", 200000)
		b.set(row+2, dc, "P03", "โครงการส่งเสริมผลิตภัณฑ์ OTOP", "กลุ่มงานส่งเสริมและพัฒนาเศรษฐกิจชุมชน", "ประจำ", 50000)
		row += 3
	}
	tg := w.sheet(SheetTargets)
	tg.set(1, ColExpenseType, ColQ1, ColQ2, ColQ3, ColQ4)
	tg.set(2, ExpenseOverall, 30, 55, 80, 100)
	tg.set(3, ExpenseCurrent, styled{0.35, 9}, styled{0.6, 9}, styled{0.85, 9}, styled{1, 9})
	tg.set(4, ExpenseInvestment, "20%", "๔๕", 70, 100)
	bt := w.sheet(SheetBMNTargets)
	bt.set(1, ColDistrictCode, ColHouseholds, ColBMNStart, ColCollectBy, ColRecordBy)
	bt.set(2, "5201", 1000, day(2027, 1, 15), day(2027, 3, 31), day(2027, 4, 30))
	bt.set(3, "5202", 800, "15/01/2570", "31 มี.ค. 70", "2027-04-30")
	c := w.sheet(SheetCalendar)
	c.set(1, ColReportCode, ColReportName, ColDue, ColDistrictCode)
	c.set(2, "ผด.1-11/69", "รายงานผลการดำเนินงานประจำเดือน", day(2026, 12, 5))
	c.set(3, "พิเศษ-1", "รายงานพิเศษ", day(2026, 11, 30), "5202")
	sd := w.sheet(SheetSubDistricts)
	sd.set(1, ColDistrictCode, ColSubDistrict, ColHouseholds)
	sd.set(2, "5201", "พระบาท", 400)
	sd.set(3, "5201", "สบตุ๋ย", 600)
	sd.set(4, "5202", "แม่เมาะ", 800)
	return w
}

// sub describes a district submission; testSub gives a clean one.
type sub struct {
	code, name any
	asOf       any
	reporter   any
	phone      any
	budget     [][]any // rows after the header: code, name, group, allocated, committed, disbursed, note
	bmn        [][]any // rows after the header: ตำบล, target, collected, recorded, note
	noBudget   bool
	noBMN      bool
	mutate     func(w *wbook)
}

func testSub(code string) *sub {
	s := &sub{code: code, asOf: day(2026, 11, 20), reporter: "นางสาวสมใจ ใจดี", phone: "054-123456"}
	switch code {
	case "5201":
		s.name = "เมืองลำปาง"
		s.bmn = [][]any{{"พระบาท", 400, 300, 250, ""}, {"สบตุ๋ย", 600, 500, 400, ""}}
	default:
		s.name = "แม่เมาะ"
		s.bmn = [][]any{{"แม่เมาะ", 800, 400, 300, ""}}
	}
	s.budget = [][]any{
		{"P01", "โครงการขับเคลื่อนเศรษฐกิจพอเพียง", "กลุ่มงานส่งเสริมการพัฒนาชุมชน", 100000, 5000, 20000, ""},
		{"P02", "ค่าครุภัณฑ์สำนักงาน", "กลุ่มงานอำนวยการ", 200000, 0, 50000, ""},
		{"P03", "โครงการส่งเสริมผลิตภัณฑ์ OTOP", "กลุ่มงานส่งเสริมและพัฒนาเศรษฐกิจชุมชน", 50000, "-", 12500.5, ""},
	}
	return s
}

var budgetHeader = []any{ColProjectCode, ColProjectName, ColWorkGroup, ColAllocated, ColCommitted, ColDisbursed, ColNote}
var bmnHeader = []any{ColSubDistrict, ColHouseholds, ColCollected, ColRecorded, ColNote}

func (s *sub) book() *wbook {
	w := &wbook{}
	info := w.sheet(SheetInfo)
	info.set(1, "แบบรายงานผลการดำเนินงานรายสัปดาห์")
	info.set(3, LabelDistrictCode, s.code)
	info.set(4, LabelDistrictName, s.name)
	info.set(5, LabelAsOf, s.asOf)
	info.set(6, LabelReporter, s.reporter)
	info.set(7, LabelPhone, s.phone)
	if !s.noBudget {
		b := w.sheet(SheetDisbursed)
		b.set(1, "ผลการเบิกจ่ายงบประมาณ")
		b.set(2, budgetHeader...)
		for i, r := range s.budget {
			b.set(3+i, r...)
		}
	}
	if !s.noBMN {
		m := w.sheet(SheetBMN)
		m.set(1, bmnHeader...)
		for i, r := range s.bmn {
			m.set(2+i, r...)
		}
	}
	if s.mutate != nil {
		s.mutate(w)
	}
	return w
}

func (s *sub) bytes(t testing.TB) []byte { return s.book().bytes(t) }

// patchZip rewrites one part of a zip archive (or drops it when fn returns
// "\x00drop").
func patchZip(t testing.TB, data []byte, part string, fn func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	found := false
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == part {
			found = true
			s := fn(string(body))
			if s == "\x00drop" {
				continue
			}
			body = []byte(s)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(body)
	}
	if !found {
		t.Fatalf("no part %s", part)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// sheetPart returns the zip part of the n-th (1-based) sheet as excelize
// writes it.
func sheetPart(n int) string { return fmt.Sprintf("xl/worksheets/sheet%d.xml", n) }

// hasIssue reports whether issues has one with the code (and, when cell is
// not empty, at that cell).
func findIssue(issues []Issue, code, cell string) (Issue, bool) {
	for _, i := range issues {
		if i.Code == code && (cell == "" || i.Cell == cell) {
			return i, true
		}
	}
	return Issue{}, false
}

func codes(issues []Issue) string {
	var out []string
	for _, i := range issues {
		out = append(out, i.Code+"@"+i.Sheet+"!"+i.Cell)
	}
	return strings.Join(out, " ")
}

// allProjects collects a plan's projects (AllProjects).
func allProjects(p *Plan) []Project {
	var out []Project
	for _, pr := range p.AllProjects() {
		out = append(out, pr)
	}
	return out
}
