package forms

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"lwc/report"
)

// Column layouts of the workspace workbooks (SPEC §3.1, §3.3, §3.4).
var (
	districtCols = []column{
		{name: report.ColDistrictCode, width: 12, kind: kindCode, prompt: "รหัสอำเภอ 4 หลัก เช่น 5201"},
		{name: report.ColDistrictName, width: 24, kind: kindText},
	}
	budgetCols = []column{
		{name: report.ColDistrictCode, width: 12, kind: kindCode},
		{name: report.ColProjectCode, width: 14, kind: kindCode},
		{name: report.ColProjectName, width: 60, kind: kindText},
		{name: report.ColWorkGroup, width: 38, kind: kindText},
		{name: report.ColExpenseType, width: 14, kind: kindText,
			list: []string{report.ExpenseCurrent, report.ExpenseInvestment}, strict: true},
		{name: report.ColAllocated, width: 18, kind: kindMoney},
	}
	targetCols = []column{
		{name: report.ColExpenseType, width: 14, kind: kindText,
			list: []string{report.ExpenseOverall, report.ExpenseCurrent, report.ExpenseInvestment}, strict: true},
		{name: report.ColQ1, width: 12, kind: kindPercent, prompt: "ร้อยละสะสมของงบที่ต้องเบิกจ่ายภายในสิ้นไตรมาส เช่น 30"},
		{name: report.ColQ2, width: 12, kind: kindPercent},
		{name: report.ColQ3, width: 12, kind: kindPercent},
		{name: report.ColQ4, width: 12, kind: kindPercent},
	}
	bmnTargetCols = []column{
		{name: report.ColDistrictCode, width: 12, kind: kindCode},
		{name: report.ColHouseholds, width: 18, kind: kindCount},
		{name: report.ColBMNStart, width: 16, kind: kindDate},
		{name: report.ColCollectBy, width: 22, kind: kindDate},
		{name: report.ColRecordBy, width: 22, kind: kindDate},
	}
	subDistrictCols = []column{
		{name: report.ColDistrictCode, width: 12, kind: kindCode},
		{name: report.ColSubDistrict, width: 24, kind: kindText},
		{name: report.ColHouseholds, width: 18, kind: kindCount},
	}
	calendarCols = []column{
		{name: report.ColReportCode, width: 20, kind: kindCode,
			prompt: "รหัสหนึ่งรหัสต่อการส่งหนึ่งครั้ง เช่น ผด.1-11/69 (ทะเบียนรับใช้รหัสเดียวกัน)"},
		{name: report.ColReportName, width: 50, kind: kindText},
		{name: report.ColDue, width: 14, kind: kindDate},
		{name: report.ColDistrictCode, width: 12, kind: kindCode, prompt: "เว้นว่าง = ทุกอำเภอต้องส่ง"},
	}
	registerCols = []column{
		{name: report.ColReportCode, width: 20, kind: kindCode},
		{name: report.ColDistrictCode, width: 12, kind: kindCode},
		{name: report.ColReceived, width: 14, kind: kindDate},
	}
	receivesList = []string{report.ReceivesBulletin, report.ReceivesNotices, report.ReceivesCopy, report.ReceivesAll}
	contactCols  = []column{
		{name: report.ColDistrictCode, width: 12, kind: kindCode, prompt: "เว้นว่าง = สำนักงานพัฒนาชุมชนจังหวัด"},
		{name: report.ColFullName, width: 28, kind: kindText},
		{name: report.ColPosition, width: 36, kind: kindText},
		{name: report.ColEmail, width: 30, kind: kindText},
		{name: report.ColPhone, width: 16, kind: kindCode},
		{name: report.ColReceives, width: 30, kind: kindText, list: receivesList,
			prompt: "จดหมายข่าว / หนังสือแจ้งเตือน / สำเนา / ทั้งหมด หลายค่าคั่นด้วยจุลภาค เช่น จดหมายข่าว, สำเนา"},
	}
)

// NewPlan writes an empty plan.xlsx with every sheet and header.
func NewPlan(path string) error { return WritePlan(path, &report.Plan{}) }

// NewContacts writes an empty contacts.xlsx.
func NewContacts(path string) error { return WriteContacts(path, nil) }

// NewRegister writes an empty reports.xlsx.
func NewRegister(path string) error { return WriteRegister(path, nil) }

// WritePlan writes plan.xlsx from p.
func WritePlan(path string, p *report.Plan) error {
	f, err := PlanFile(p)
	if err != nil {
		return fmt.Errorf("เขียน %s: %w", path, err)
	}
	defer f.Close()
	return save(f, path)
}

// PlanFile builds plan.xlsx in memory.
func PlanFile(p *report.Plan) (*excelize.File, error) {
	f, err := newFile(report.SheetDistricts, "แผนปฏิบัติงานและเป้าหมาย")
	if err != nil {
		return nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	var districts, budget, targets, bmn, subs, calendar [][]any
	for _, d := range p.Districts {
		districts = append(districts, []any{d.Code, d.Name})
	}
	for _, pr := range p.AllProjects() {
		budget = append(budget, []any{pr.District, pr.Code, pr.Name, pr.WorkGroup, pr.ExpenseType, pr.Allocated})
	}
	// The sheet holds percent (30 = 30%); the plan holds fractions.
	for _, name := range []string{report.ExpenseOverall, report.ExpenseCurrent, report.ExpenseInvestment} {
		q, ok := p.Targets[name]
		if !ok {
			continue
		}
		targets = append(targets, []any{name, pct(q[0]), pct(q[1]), pct(q[2]), pct(q[3])})
	}
	for _, b := range p.BMN {
		bmn = append(bmn, []any{b.District, b.Households, b.Start, b.CollectBy, b.RecordBy})
	}
	for _, s := range p.SubDistricts {
		subs = append(subs, []any{s.District, s.Name, s.Households})
	}
	for _, c := range p.Calendar {
		row := []any{c.Code, c.Name, c.Due, nil}
		if c.District != "" {
			row[3] = c.District
		}
		calendar = append(calendar, row)
	}
	for _, s := range []struct {
		name string
		cols []column
		rows [][]any
	}{
		{report.SheetDistricts, districtCols, districts},
		{report.SheetBudget, budgetCols, budget},
		{report.SheetTargets, targetCols, targets},
		{report.SheetBMNTargets, bmnTargetCols, bmn},
		{report.SheetSubDistricts, subDistrictCols, subs},
		{report.SheetCalendar, calendarCols, calendar},
	} {
		if err := dataSheet(f, st, s.name, s.cols, s.rows); err != nil {
			f.Close()
			return nil, err
		}
	}
	return f, nil
}

// pct turns a fraction into the percent staff type, without binary noise
// such as 30.000000000000004.
func pct(x float64) float64 {
	v := x * 100
	r := float64(int64(v*1e6+0.5)) / 1e6
	if v < 0 {
		r = -float64(int64(-v*1e6+0.5)) / 1e6
	}
	return r
}

// WriteContacts writes contacts.xlsx.
func WriteContacts(path string, cs []report.Contact) error {
	f, err := newFile(report.SheetContacts, "ทำเนียบผู้รับ")
	if err != nil {
		return fmt.Errorf("เขียน %s: %w", path, err)
	}
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return fmt.Errorf("เขียน %s: %w", path, err)
	}
	var rows [][]any
	for _, c := range cs {
		row := []any{nil, c.Name, c.Position, c.Email, c.Phone, Receives(c)}
		if c.District != "" {
			row[0] = c.District
		}
		rows = append(rows, row)
	}
	if err := dataSheet(f, st, report.SheetContacts, contactCols, rows); err != nil {
		return fmt.Errorf("เขียน %s: %w", path, err)
	}
	return save(f, path)
}

// Receives is the รับ cell of a contact: one value, ทั้งหมด when it receives
// everything, or several separated by ", ".
func Receives(c report.Contact) string {
	if c.Bulletin && c.Notices && c.Copy {
		return report.ReceivesAll
	}
	var parts []string
	if c.Bulletin {
		parts = append(parts, report.ReceivesBulletin)
	}
	if c.Notices {
		parts = append(parts, report.ReceivesNotices)
	}
	if c.Copy {
		parts = append(parts, report.ReceivesCopy)
	}
	return strings.Join(parts, ", ")
}

// WriteRegister writes reports.xlsx.
func WriteRegister(path string, rs []report.Receipt) error {
	f, err := newFile(report.SheetRegister, "ทะเบียนรับรายงาน")
	if err != nil {
		return fmt.Errorf("เขียน %s: %w", path, err)
	}
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return fmt.Errorf("เขียน %s: %w", path, err)
	}
	var rows [][]any
	for _, r := range rs {
		rows = append(rows, []any{r.Report, r.District, r.Received})
	}
	if err := dataSheet(f, st, report.SheetRegister, registerCols, rows); err != nil {
		return fmt.Errorf("เขียน %s: %w", path, err)
	}
	return save(f, path)
}
