package forms

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"lwc/report"
	"lwc/templates"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func testPlan() *report.Plan {
	return &report.Plan{
		Districts: []report.District{{Code: "5201", Name: "เมืองลำปาง"}, {Code: "5202", Name: "แม่เมาะ"}},
		Projects: []report.Project{
			{District: "5201", Code: "5201-01", Name: "โครงการขับเคลื่อนเศรษฐกิจพอเพียง", WorkGroup: "กลุ่มงานส่งเสริมการพัฒนาชุมชน", ExpenseType: report.ExpenseCurrent, Allocated: 120000},
			{District: "5201", Code: "5201-02", Name: "โครงการจัดหาครุภัณฑ์คอมพิวเตอร์", WorkGroup: "กลุ่มงานอำนวยการ", ExpenseType: report.ExpenseInvestment, Allocated: 45500.5},
			{District: "5202", Code: "5202-01", Name: "โครงการส่งเสริม OTOP", WorkGroup: "กลุ่มงานส่งเสริมและพัฒนาเศรษฐกิจชุมชน", ExpenseType: report.ExpenseCurrent, Allocated: 80000},
		},
		Targets: map[string]report.QuarterTargets{
			report.ExpenseOverall:    {0.30, 0.54, 0.77, 1},
			report.ExpenseCurrent:    {0.34, 0.57, 0.80, 1},
			report.ExpenseInvestment: {0.20, 0.45, 0.65, 1},
		},
		BMN: []report.BMNTarget{
			{District: "5201", Households: 300, Start: date(2026, 10, 1), CollectBy: date(2026, 12, 15), RecordBy: date(2027, 1, 31)},
			{District: "5202", Households: 90, Start: date(2026, 10, 1), CollectBy: date(2026, 12, 15), RecordBy: date(2027, 1, 31)},
		},
		SubDistricts: []report.SubDistrictTarget{
			{District: "5201", Name: "เวียงเหนือ", Households: 120},
			{District: "5201", Name: "หัวเวียง", Households: 180},
		},
		Calendar: []report.ReportDue{
			{Code: "ผด.1-11/69", Name: "รายงานผลการดำเนินงานประจำเดือน", Due: date(2026, 12, 5)},
			{Code: "นวัตวิถี-69", Name: "รายงานหมู่บ้านท่องเที่ยว", Due: date(2026, 11, 18), District: "5202"},
		},
	}
}

func open(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func raw(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, cell, err)
	}
	return v
}

func headerRow(t *testing.T, f *excelize.File, sheet string) []string {
	t.Helper()
	rows, err := f.Rows(sheet)
	if err != nil {
		t.Fatalf("%s: %v", sheet, err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatalf("%s: no header row", sheet)
	}
	cols, err := rows.Columns()
	if err != nil {
		t.Fatalf("%s: %v", sheet, err)
	}
	return cols
}

// locked reports whether a cell is locked once its sheet is protected
// (cells are locked unless their style says otherwise).
func locked(t *testing.T, f *excelize.File, sheet, cell string) bool {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, cell, err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatalf("%s!%s style %d: %v", sheet, cell, id, err)
	}
	return st.Protection == nil || st.Protection.Locked
}

func numFmt(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, cell, err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, cell, err)
	}
	if st.CustomNumFmt == nil {
		return ""
	}
	return *st.CustomNumFmt
}

// validationAt returns the data validation covering cell, or nil.
func validationAt(t *testing.T, f *excelize.File, sheet, cell string) *excelize.DataValidation {
	t.Helper()
	dvs, err := f.GetDataValidations(sheet)
	if err != nil {
		t.Fatalf("%s: %v", sheet, err)
	}
	col, row, _ := excelize.CellNameToCoordinates(cell)
	for _, dv := range dvs {
		for _, ref := range strings.Fields(dv.Sqref) {
			a, b, ok := strings.Cut(ref, ":")
			if !ok {
				b = a
			}
			c1, r1, _ := excelize.CellNameToCoordinates(a)
			c2, r2, _ := excelize.CellNameToCoordinates(b)
			if col >= c1 && col <= c2 && row >= r1 && row <= r2 {
				return dv
			}
		}
	}
	return nil
}

func TestEmptyWorkbooks(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		file   string
		write  func(string) error
		sheets []string
		header map[string][]string
		// lists: a cell below the header and the dropdown values it offers.
		lists map[string][]string
	}{
		{
			file: "plan.xlsx", write: NewPlan,
			sheets: []string{report.SheetDistricts, report.SheetBudget, report.SheetTargets, report.SheetBMNTargets, report.SheetSubDistricts, report.SheetCalendar},
			header: map[string][]string{
				report.SheetDistricts:    {"รหัสอำเภอ", "ชื่ออำเภอ"},
				report.SheetBudget:       {"รหัสอำเภอ", "รหัสโครงการ", "ชื่อโครงการ", "กลุ่มงาน", "ประเภทรายจ่าย", "งบที่ได้รับจัดสรร"},
				report.SheetTargets:      {"ประเภทรายจ่าย", "ไตรมาส 1", "ไตรมาส 2", "ไตรมาส 3", "ไตรมาส 4"},
				report.SheetBMNTargets:   {"รหัสอำเภอ", "ครัวเรือนเป้าหมาย", "เริ่มจัดเก็บ", "กำหนดจัดเก็บแล้วเสร็จ", "กำหนดบันทึกแล้วเสร็จ"},
				report.SheetSubDistricts: {"รหัสอำเภอ", "ตำบล", "ครัวเรือนเป้าหมาย"},
				report.SheetCalendar:     {"รหัสรายงาน", "ชื่อรายงาน", "กำหนดส่ง", "รหัสอำเภอ"},
			},
			lists: map[string][]string{
				report.SheetBudget + "!E2":   {"ประจำ", "ลงทุน"},
				report.SheetTargets + "!A4":  {"ภาพรวม", "ประจำ", "ลงทุน"},
				report.SheetBudget + "!E999": {"ประจำ", "ลงทุน"},
			},
		},
		{
			file: "contacts.xlsx", write: NewContacts,
			sheets: []string{report.SheetContacts},
			header: map[string][]string{report.SheetContacts: {"รหัสอำเภอ", "ชื่อ-สกุล", "ตำแหน่ง", "อีเมล", "โทรศัพท์", "รับ"}},
			lists:  map[string][]string{report.SheetContacts + "!F2": {"จดหมายข่าว", "หนังสือแจ้งเตือน", "สำเนา", "ทั้งหมด"}},
		},
		{
			file: "reports.xlsx", write: NewRegister,
			sheets: []string{report.SheetRegister},
			header: map[string][]string{report.SheetRegister: {"รหัสรายงาน", "รหัสอำเภอ", "วันที่รับ"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			if err := tt.write(path); err != nil {
				t.Fatal(err)
			}
			f := open(t, path)
			if got := f.GetSheetList(); !slices.Equal(got, tt.sheets) {
				t.Fatalf("sheets = %q, want %q", got, tt.sheets)
			}
			for _, sheet := range tt.sheets {
				if got := headerRow(t, f, sheet); !slices.Equal(got, tt.header[sheet]) {
					t.Errorf("%s header = %q, want %q", sheet, got, tt.header[sheet])
				}
				if v := raw(t, f, sheet, "A2"); v != "" {
					t.Errorf("%s!A2 = %q, want an empty table", sheet, v)
				}
				panes, err := f.GetPanes(sheet)
				if err != nil || !panes.Freeze || panes.YSplit != 1 {
					t.Errorf("%s panes = %+v, %v; want the header row frozen", sheet, panes, err)
				}
				bold, err := f.GetCellStyle(sheet, "A1")
				if err != nil {
					t.Fatal(err)
				}
				if st, _ := f.GetStyle(bold); st.Font == nil || !st.Font.Bold {
					t.Errorf("%s!A1 not bold", sheet)
				}
			}
			for where, want := range tt.lists {
				sheet, cell, _ := strings.Cut(where, "!")
				dv := validationAt(t, f, sheet, cell)
				if dv == nil || dv.Type != "list" {
					t.Fatalf("%s: no dropdown (%+v)", where, dv)
				}
				if got := strings.Trim(dv.Formula1, `"`); got != strings.Join(want, ",") {
					t.Errorf("%s dropdown = %s, want %q", where, got, want)
				}
			}
		})
	}
	// Date and number columns of the plan are formatted and validated.
	f := open(t, filepath.Join(dir, "plan.xlsx"))
	for _, c := range []struct{ sheet, cell, format, validation string }{
		{report.SheetCalendar, "C2", fmtDate, "date"},
		{report.SheetBMNTargets, "D50", fmtDate, "date"},
		{report.SheetBMNTargets, "B2", fmtCount, "whole"},
		{report.SheetBudget, "F2", fmtMoney, "decimal"},
		{report.SheetTargets, "B2", fmtPercent, "decimal"},
	} {
		if got := numFmt(t, f, c.sheet, c.cell); got != c.format {
			t.Errorf("%s!%s format = %q, want %q", c.sheet, c.cell, got, c.format)
		}
		if dv := validationAt(t, f, c.sheet, c.cell); dv == nil || dv.Type != c.validation {
			t.Errorf("%s!%s validation = %+v, want %s", c.sheet, c.cell, dv, c.validation)
		}
	}
}

func TestWriteFilled(t *testing.T) {
	dir := t.TempDir()
	p := testPlan()
	if err := WritePlan(filepath.Join(dir, "plan.xlsx"), p); err != nil {
		t.Fatal(err)
	}
	contacts := []report.Contact{
		{Name: "นายสมชาย ใจดี", Position: "พัฒนาการจังหวัดลำปาง", Email: "director@example.go.th", Bulletin: true, Copy: true},
		{District: "5201", Name: "นางสาวพร ดีงาม", Position: "พัฒนาการอำเภอเมืองลำปาง", Email: "cdd5201@example.go.th", Phone: "054-000-101", Notices: true},
		{Name: "นายผู้ดูแล ระบบ", Email: "admin@example.go.th", Bulletin: true, Notices: true, Copy: true},
	}
	if err := WriteContacts(filepath.Join(dir, "contacts.xlsx"), contacts); err != nil {
		t.Fatal(err)
	}
	receipts := []report.Receipt{{Report: "ผด.1-11/69", District: "5201", Received: date(2026, 12, 4)}}
	if err := WriteRegister(filepath.Join(dir, "reports.xlsx"), receipts); err != nil {
		t.Fatal(err)
	}

	f := open(t, filepath.Join(dir, "plan.xlsx"))
	c := open(t, filepath.Join(dir, "contacts.xlsx"))
	r := open(t, filepath.Join(dir, "reports.xlsx"))
	tests := []struct {
		f                *excelize.File
		sheet, cell, raw string
	}{
		{f, report.SheetDistricts, "A3", "5202"},
		{f, report.SheetDistricts, "B3", "แม่เมาะ"},
		{f, report.SheetBudget, "B2", "5201-01"},
		{f, report.SheetBudget, "E3", "ลงทุน"},
		{f, report.SheetBudget, "F3", "45500.5"},
		{f, report.SheetTargets, "A2", "ภาพรวม"},
		{f, report.SheetTargets, "B2", "30"},
		{f, report.SheetTargets, "D3", "80"},
		{f, report.SheetTargets, "A4", "ลงทุน"},
		{f, report.SheetBMNTargets, "B2", "300"},
		{f, report.SheetBMNTargets, "C2", "46296"}, // 1 Oct 2026
		{f, report.SheetBMNTargets, "E3", "46418"}, // 31 Jan 2027
		{f, report.SheetSubDistricts, "B3", "หัวเวียง"},
		{f, report.SheetCalendar, "A2", "ผด.1-11/69"},
		{f, report.SheetCalendar, "D2", ""},
		{f, report.SheetCalendar, "D3", "5202"},
		{c, report.SheetContacts, "A2", ""},
		{c, report.SheetContacts, "F2", "จดหมายข่าว, สำเนา"},
		{c, report.SheetContacts, "A3", "5201"},
		{c, report.SheetContacts, "F3", "หนังสือแจ้งเตือน"},
		{c, report.SheetContacts, "F4", "ทั้งหมด"},
		{r, report.SheetRegister, "C2", "46360"}, // 4 Dec 2026
	}
	for _, tt := range tests {
		if got := raw(t, tt.f, tt.sheet, tt.cell); got != tt.raw {
			t.Errorf("%s!%s = %q, want %q", tt.sheet, tt.cell, got, tt.raw)
		}
	}
	// Codes are text, so "5201" is not a number someone could sum.
	if typ, _ := f.GetCellType(report.SheetDistricts, "A2"); typ == excelize.CellTypeNumber {
		t.Errorf("district code stored as a number")
	}
	if got := numFmt(t, r, report.SheetRegister, "C2"); got != fmtDate {
		t.Errorf("receipt date format = %q", got)
	}
}

func TestTemplate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "5201.xlsx")
	if err := Template(path, testPlan(), "5201"); err != nil {
		t.Fatal(err)
	}
	f := open(t, path)
	wantSheets := []string{report.SheetInfo, report.SheetDisbursed, report.SheetBMN, report.SheetInstruction}
	if got := f.GetSheetList(); !slices.Equal(got, wantSheets) {
		t.Fatalf("sheets = %q, want %q", got, wantSheets)
	}
	for _, sheet := range wantSheets {
		prot, err := f.GetSheetProtection(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if prot.Password != "" || prot.AlgorithmName != "" {
			t.Errorf("%s protected with a password", sheet)
		}
	}
	// Protection is on: excelize reports it through the raw XML only.
	for _, sheet := range []string{"sheet1", "sheet2", "sheet3", "sheet4"} {
		if x := sheetXML(t, path, sheet); !strings.Contains(x, `<sheetProtection sheet="true"`) {
			t.Errorf("%s not protected", sheet)
		}
	}

	if got := headerRow(t, f, report.SheetDisbursed); !slices.Equal(got,
		[]string{"รหัสโครงการ", "ชื่อโครงการ", "กลุ่มงาน", "งบที่ได้รับจัดสรร", "ก่อหนี้ผูกพัน", "เบิกจ่ายสะสม", "หมายเหตุ"}) {
		t.Errorf("เบิกจ่าย header = %q", got)
	}
	if got := headerRow(t, f, report.SheetBMN); !slices.Equal(got,
		[]string{"ตำบล", "ครัวเรือนเป้าหมาย", "จัดเก็บแล้ว", "บันทึกแล้ว", "หมายเหตุ"}) {
		t.Errorf("จปฐ header = %q", got)
	}
	cells := []struct {
		sheet, cell, raw string
		locked           bool
		validation       string
	}{
		{report.SheetInfo, "A1", "รหัสอำเภอ", true, ""},
		{report.SheetInfo, "B1", "5201", true, ""},
		{report.SheetInfo, "A2", "ชื่ออำเภอ", true, ""},
		{report.SheetInfo, "B2", "เมืองลำปาง", true, ""},
		{report.SheetInfo, "A3", "ข้อมูล ณ วันที่", true, ""},
		{report.SheetInfo, "B3", "", false, "date"},
		{report.SheetInfo, "A4", "ผู้รายงาน", true, ""},
		{report.SheetInfo, "B4", "", false, ""},
		{report.SheetInfo, "A5", "โทรศัพท์", true, ""},
		{report.SheetInfo, "B5", "", false, ""},
		{report.SheetDisbursed, "A2", "5201-01", true, ""},
		{report.SheetDisbursed, "C3", "กลุ่มงานอำนวยการ", true, ""},
		{report.SheetDisbursed, "D3", "45500.5", true, ""},
		{report.SheetDisbursed, "E2", "", false, "decimal"},
		{report.SheetDisbursed, "F3", "", false, "decimal"},
		{report.SheetDisbursed, "G3", "", false, ""},
		{report.SheetDisbursed, "A4", "รวม", true, ""},
		{report.SheetDisbursed, "F4", "", true, ""}, // formula, no cached value
		{report.SheetBMN, "A2", "เวียงเหนือ", true, ""},
		{report.SheetBMN, "B3", "180", true, ""},
		{report.SheetBMN, "C2", "", false, "whole"},
		{report.SheetBMN, "D3", "", false, "whole"},
		{report.SheetBMN, "E2", "", false, ""},
		{report.SheetBMN, "A4", "รวม", true, ""},
	}
	for _, c := range cells {
		if got := raw(t, f, c.sheet, c.cell); got != c.raw {
			t.Errorf("%s!%s = %q, want %q", c.sheet, c.cell, got, c.raw)
		}
		if got := locked(t, f, c.sheet, c.cell); got != c.locked {
			t.Errorf("%s!%s locked = %v, want %v", c.sheet, c.cell, got, c.locked)
		}
		dv := validationAt(t, f, c.sheet, c.cell)
		switch {
		case c.validation == "" && dv != nil && dv.Type != "":
			t.Errorf("%s!%s unexpected validation %s", c.sheet, c.cell, dv.Type)
		case c.validation != "" && (dv == nil || dv.Type != c.validation):
			t.Errorf("%s!%s validation = %+v, want %s", c.sheet, c.cell, dv, c.validation)
		case c.validation != "" && (dv.Error == nil || dv.ErrorStyle == nil || *dv.ErrorStyle != "stop" || !dv.ShowErrorMessage):
			t.Errorf("%s!%s validation has no stopping Thai error message", c.sheet, c.cell)
		}
	}
	for _, c := range []struct{ sheet, cell, formula string }{
		{report.SheetDisbursed, "D4", "SUM(D2:D3)"},
		{report.SheetDisbursed, "E4", "SUM(E2:E3)"},
		{report.SheetDisbursed, "F4", "SUM(F2:F3)"},
		{report.SheetBMN, "C4", "SUM(C2:C3)"},
	} {
		got, err := f.GetCellFormula(c.sheet, c.cell)
		if err != nil || got != c.formula {
			t.Errorf("%s!%s formula = %q, %v; want %q", c.sheet, c.cell, got, err, c.formula)
		}
	}
	// A non-negative amount is enforced: 0 is the lower bound.
	if dv := validationAt(t, f, report.SheetDisbursed, "F2"); dv.Formula1 != "0" || dv.Prompt == nil {
		t.Errorf("เบิกจ่ายสะสม validation = %+v, want ≥ 0 with a prompt", dv)
	}
	if got := numFmt(t, f, report.SheetInfo, "B3"); got != fmtDate {
		t.Errorf("as-of format = %q", got)
	}
	text, err := templates.Read("workbook/instructions.txt")
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(text), "\n")
	if got := raw(t, f, report.SheetInstruction, "A1"); got != first {
		t.Errorf("instruction A1 = %q, want %q", got, first)
	}
}

func sheetXML(t *testing.T, path, sheet string) string {
	t.Helper()
	f := open(t, path)
	b, ok := f.Pkg.Load("xl/worksheets/" + sheet + ".xml")
	if !ok {
		t.Fatalf("%s: no %s", path, sheet)
	}
	return string(b.([]byte))
}

func TestTemplateWithoutSubDistricts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "5202.xlsx")
	if err := Template(path, testPlan(), "5202"); err != nil {
		t.Fatal(err)
	}
	f := open(t, path)
	for cell, want := range map[string]string{"A2": WholeDistrict, "B2": "90", "A3": "รวม"} {
		if got := raw(t, f, report.SheetBMN, cell); got != want {
			t.Errorf("จปฐ!%s = %q, want %q", cell, got, want)
		}
	}
	if got := raw(t, f, report.SheetDisbursed, "A3"); got != "รวม" {
		t.Errorf("เบิกจ่าย!A3 = %q, want the totals row after 5202's one project", got)
	}
}

func TestTemplateUnknownDistrict(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.xlsx")
	if err := Template(path, testPlan(), "9999"); err == nil {
		t.Fatal("no error for a district not in the plan")
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("a file was written for an unknown district")
	}
}

func TestDeterministic(t *testing.T) {
	dir := t.TempDir()
	write := func(name string) []byte {
		path := filepath.Join(dir, name)
		if err := Template(path, testPlan(), "5201"); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if a, b := write("a.xlsx"), write("b.xlsx"); !bytes.Equal(a, b) {
		t.Error("two templates of the same plan differ")
	}
	// The plan's sheets are streamed, which excelize writes in map order
	// unless save sorts them.
	plan := func(name string) []byte {
		path := filepath.Join(dir, name)
		if err := WritePlan(path, testPlan()); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	first := plan("p0.xlsx")
	for i := 1; i < 5; i++ {
		if !bytes.Equal(first, plan(fmt.Sprintf("p%d.xlsx", i))) {
			t.Fatal("two writes of the same plan differ")
		}
	}
}

func TestFill(t *testing.T) {
	f, err := TemplateFile(testPlan(), "5201")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sub := &report.Submission{
		AsOf: date(2026, 11, 20), Reporter: "นางสาวพร ดีงาม", Phone: "054-000-101",
		Projects: []report.ProjectLine{
			{Code: "5201-02", Committed: report.Value{V: 30000, OK: true}, Disbursed: report.Value{V: 1500.25, OK: true}, Note: "รอส่งมอบ"},
			{Code: "5201-01", Disbursed: report.Value{V: 40000, OK: true}}, // committed not reported
			{Code: "9999-99", Disbursed: report.Value{V: 1, OK: true}},     // not in the template: ignored
		},
		SubDistricts: []report.SubDistrictLine{{Name: "หัวเวียง", Collected: report.Value{V: 150, OK: true}, Recorded: report.Value{V: 90, OK: true}}},
	}
	if err := Fill(f, sub); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "filled.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	g := open(t, path)
	for _, c := range []struct{ sheet, cell, want string }{
		{report.SheetInfo, "B3", "46346"},
		{report.SheetInfo, "B4", "นางสาวพร ดีงาม"},
		{report.SheetInfo, "B5", "054-000-101"},
		{report.SheetDisbursed, "E2", ""},
		{report.SheetDisbursed, "F2", "40000"},
		{report.SheetDisbursed, "E3", "30000"},
		{report.SheetDisbursed, "F3", "1500.25"},
		{report.SheetDisbursed, "G3", "รอส่งมอบ"},
		{report.SheetDisbursed, "A4", "รวม"},
		{report.SheetBMN, "C2", ""},
		{report.SheetBMN, "C3", "150"},
		{report.SheetBMN, "D3", "90"},
	} {
		if got := raw(t, g, c.sheet, c.cell); got != c.want {
			t.Errorf("%s!%s = %q, want %q", c.sheet, c.cell, got, c.want)
		}
	}
	// The filled cells keep the template's unlocked style.
	if locked(t, g, report.SheetDisbursed, "F3") {
		t.Error("filled cell became locked")
	}
}

func TestSerial(t *testing.T) {
	for _, tt := range []struct {
		d    time.Time
		want float64
	}{
		{date(1900, 3, 1), 61},
		{date(2026, 11, 20), 46346},
		{date(2569, 11, 20), 244673}, // a Buddhist-era year typed into Excel
		{time.Date(2026, 11, 20, 23, 59, 0, 0, time.FixedZone("ICT", 7*3600)), 46346},
	} {
		if got := Serial(tt.d); got != tt.want {
			t.Errorf("Serial(%v) = %v, want %v", tt.d, got, tt.want)
		}
	}
}
