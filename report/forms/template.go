package forms

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"lwc/report"
	"lwc/templates"
)

// Layout of the district template (SPEC §3.2). The info sheet has one label
// per row in column A and its value in column B; the data sheets have their
// header in row 1, one row per plan line below, and a totals row last.
const (
	InfoCodeRow     = 1
	InfoNameRow     = 2
	InfoAsOfRow     = 3
	InfoReporterRow = 4
	InfoPhoneRow    = 5
)

// Columns of the template's data sheets, 1-based.
const (
	DisbCode      = 1 // รหัสโครงการ
	DisbName      = 2
	DisbWorkGroup = 3
	DisbAllocated = 4
	DisbCommitted = 5 // unlocked
	DisbDisbursed = 6 // unlocked
	DisbNote      = 7 // unlocked

	BMNName      = 1 // ตำบล
	BMNTarget    = 2
	BMNCollected = 3 // unlocked
	BMNRecorded  = 4 // unlocked
	BMNNote      = 5 // unlocked
)

// WholeDistrict names the single จปฐ row of a district whose sub-districts the
// plan does not list: its target is the district's.
const WholeDistrict = "ทั้งอำเภอ"

// Template writes the pre-filled submission workbook of one district to path.
// Its protection has no password: it guards against slips, not people.
func Template(path string, p *report.Plan, district string) error {
	f, err := TemplateFile(p, district)
	if err != nil {
		return fmt.Errorf("สร้างแบบรายงาน %s: %w", path, err)
	}
	defer f.Close()
	return save(f, path)
}

// TemplateFile builds the template of one district in memory, for callers
// that fill it before saving (the sample generator, tests).
func TemplateFile(p *report.Plan, district string) (*excelize.File, error) {
	d, ok := p.District(district)
	if !ok {
		return nil, fmt.Errorf("ไม่พบอำเภอรหัส %s ในแผน", district)
	}
	instructions, err := templates.Read("workbook/instructions.txt")
	if err != nil {
		return nil, fmt.Errorf("อ่านคำอธิบายแบบรายงาน: %w", err)
	}
	f, err := newFile(report.SheetInfo, "แบบรายงานอำเภอ"+d.Name)
	if err != nil {
		return nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	for _, step := range []func() error{
		func() error { return infoSheet(f, st, d) },
		func() error { return disbursedSheet(f, st, p, district) },
		func() error { return bmnSheet(f, st, p, district) },
		func() error { return instructionSheet(f, st, string(instructions)) },
	} {
		if err := step(); err != nil {
			f.Close()
			return nil, err
		}
	}
	f.SetActiveSheet(0)
	return f, nil
}

// protect locks the sheet without a password; selecting and resizing stay
// allowed so the sheet is comfortable to work in.
func protect(f *excelize.File, sheet string) error {
	if err := f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{
		SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true,
	}); err != nil {
		return fmt.Errorf("%s: ป้องกันแผ่นงาน: %w", sheet, err)
	}
	return nil
}

func cellName(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

func styled(f *excelize.File, sheet string, col, row int, v any, style int) error {
	cell := cellName(col, row)
	if v != nil {
		if err := setValue(f, sheet, cell, v); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sheet, cell, cell, style); err != nil {
		return fmt.Errorf("%s!%s: รูปแบบ: %w", sheet, cell, err)
	}
	return nil
}

func infoSheet(f *excelize.File, st *styles, d report.District) error {
	sheet := report.SheetInfo
	rows := []struct {
		label string
		value any
		style int
		hint  string
	}{
		{report.LabelDistrictCode, d.Code, st.lockedByKind[kindCode], "กรอกไว้แล้ว ห้ามแก้ไข"},
		{report.LabelDistrictName, d.Name, st.lockedByKind[kindText], "กรอกไว้แล้ว ห้ามแก้ไข"},
		{report.LabelAsOf, nil, st.byKind[kindDate], "วันที่ของข้อมูล แบบ วัน/เดือน/ปี ค.ศ. เช่น 20/11/2026"},
		{report.LabelReporter, nil, st.byKind[kindText], "ชื่อ-สกุล ผู้รายงาน"},
		{report.LabelPhone, nil, st.byKind[kindCode], "หมายเลขที่ติดต่อได้"},
	}
	for i, r := range rows {
		row := i + 1
		if err := styled(f, sheet, 1, row, r.label, st.label); err != nil {
			return err
		}
		if err := styled(f, sheet, 2, row, r.value, r.style); err != nil {
			return err
		}
		if err := styled(f, sheet, 3, row, r.hint, st.hint); err != nil {
			return err
		}
	}
	for i, w := range []float64{20, 30, 50} {
		if err := f.SetColWidth(sheet, colName(i+1), colName(i+1), w); err != nil {
			return fmt.Errorf("%s: ความกว้างคอลัมน์: %w", sheet, err)
		}
	}
	asOf := cellName(2, InfoAsOfRow)
	if err := validate(f, sheet, asOf, column{name: report.LabelAsOf, kind: kindDate,
		prompt: "วันที่ของตัวเลขที่รายงาน เช่น 20/11/2026"}); err != nil {
		return err
	}
	return protect(f, sheet)
}

// header writes a sheet's header row with widths.
func header(f *excelize.File, st *styles, sheet string, cols []column) error {
	for i, c := range cols {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, c.width); err != nil {
			return fmt.Errorf("%s: ความกว้างคอลัมน์: %w", sheet, err)
		}
		if err := styled(f, sheet, i+1, 1, c.name, st.header); err != nil {
			return err
		}
	}
	if err := f.SetRowHeight(sheet, 1, 36); err != nil {
		return fmt.Errorf("%s: ความสูงแถว: %w", sheet, err)
	}
	return freezeHeader(f, sheet, 1)
}

// totals writes the รวม row: the label, and SUM formulas over the data rows
// for the given columns.
func totals(f *excelize.File, st *styles, sheet string, row, width int, sumCols []int, style int) error {
	if err := styled(f, sheet, 1, row, report.TotalPrefix, st.totalLabel); err != nil {
		return err
	}
	for c := 2; c <= width; c++ {
		if err := styled(f, sheet, c, row, nil, st.totalLabel); err != nil {
			return err
		}
	}
	for _, c := range sumCols {
		col, _ := excelize.ColumnNumberToName(c)
		cell := cellName(c, row)
		formula := "SUM(" + col + "2:" + col + fmt.Sprint(max(row-1, 2)) + ")"
		if err := f.SetCellFormula(sheet, cell, formula); err != nil {
			return fmt.Errorf("%s!%s: สูตร: %w", sheet, cell, err)
		}
		if err := f.SetCellStyle(sheet, cell, cell, style); err != nil {
			return fmt.Errorf("%s!%s: รูปแบบ: %w", sheet, cell, err)
		}
	}
	return nil
}

var disbCols = []column{
	{name: report.ColProjectCode, width: 14, kind: kindCode},
	{name: report.ColProjectName, width: 56, kind: kindText},
	{name: report.ColWorkGroup, width: 36, kind: kindText},
	{name: report.ColAllocated, width: 18, kind: kindMoney},
	{name: report.ColCommitted, width: 18, kind: kindMoney,
		prompt: "ยอดใบสั่งซื้อ/สัญญาที่ยังไม่เบิกจ่าย (บาท) ไม่ติดลบ"},
	{name: report.ColDisbursed, width: 18, kind: kindMoney,
		prompt: "ยอดเบิกจ่ายรวมตั้งแต่ต้นปีงบประมาณ (บาท) ไม่ติดลบ และไม่น้อยกว่าสัปดาห์ก่อน"},
	{name: report.ColNote, width: 30, kind: kindText},
}

func disbursedSheet(f *excelize.File, st *styles, p *report.Plan, district string) error {
	sheet := report.SheetDisbursed
	if err := addSheet(f, sheet); err != nil {
		return err
	}
	if err := header(f, st, sheet, disbCols); err != nil {
		return err
	}
	row := 2
	for _, pr := range p.AllProjects() {
		if pr.District != district {
			continue
		}
		values := []struct {
			col   int
			v     any
			style int
		}{
			{DisbCode, pr.Code, st.lockedByKind[kindCode]},
			{DisbName, pr.Name, st.lockedByKind[kindText]},
			{DisbWorkGroup, pr.WorkGroup, st.lockedByKind[kindText]},
			{DisbAllocated, pr.Allocated, st.lockedByKind[kindMoney]},
			{DisbCommitted, nil, st.byKind[kindMoney]},
			{DisbDisbursed, nil, st.byKind[kindMoney]},
			{DisbNote, nil, st.byKind[kindText]},
		}
		for _, v := range values {
			if err := styled(f, sheet, v.col, row, v.v, v.style); err != nil {
				return err
			}
		}
		row++
	}
	if row > 2 {
		for _, c := range []int{DisbCommitted, DisbDisbursed} {
			if err := validate(f, sheet, fmt.Sprintf("%s2:%s%d", colName(c), colName(c), row-1), disbCols[c-1]); err != nil {
				return err
			}
		}
	}
	if err := totals(f, st, sheet, row, len(disbCols),
		[]int{DisbAllocated, DisbCommitted, DisbDisbursed}, st.totalMoney); err != nil {
		return err
	}
	return protect(f, sheet)
}

var bmnCols = []column{
	{name: report.ColSubDistrict, width: 22, kind: kindText},
	{name: report.ColHouseholds, width: 18, kind: kindCount},
	{name: report.ColCollected, width: 16, kind: kindCount,
		prompt: "จำนวนครัวเรือนที่จัดเก็บแล้ว (สะสม) จำนวนเต็ม ไม่เกินครัวเรือนเป้าหมาย"},
	{name: report.ColRecorded, width: 16, kind: kindCount,
		prompt: "จำนวนครัวเรือนที่บันทึกเข้าระบบแล้ว (สะสม) ไม่เกินจำนวนที่จัดเก็บแล้ว"},
	{name: report.ColNote, width: 30, kind: kindText},
}

func bmnSheet(f *excelize.File, st *styles, p *report.Plan, district string) error {
	sheet := report.SheetBMN
	if err := addSheet(f, sheet); err != nil {
		return err
	}
	if err := header(f, st, sheet, bmnCols); err != nil {
		return err
	}
	var lines []report.SubDistrictTarget
	for _, s := range p.SubDistricts {
		if s.District == district {
			lines = append(lines, s)
		}
	}
	if len(lines) == 0 {
		for _, b := range p.BMN {
			if b.District == district {
				lines = append(lines, report.SubDistrictTarget{District: district, Name: WholeDistrict, Households: b.Households})
			}
		}
	}
	row := 2
	for _, s := range lines {
		values := []struct {
			col   int
			v     any
			style int
		}{
			{BMNName, s.Name, st.lockedByKind[kindText]},
			{BMNTarget, s.Households, st.lockedByKind[kindCount]},
			{BMNCollected, nil, st.byKind[kindCount]},
			{BMNRecorded, nil, st.byKind[kindCount]},
			{BMNNote, nil, st.byKind[kindText]},
		}
		for _, v := range values {
			if err := styled(f, sheet, v.col, row, v.v, v.style); err != nil {
				return err
			}
		}
		row++
	}
	if row > 2 {
		for _, c := range []int{BMNCollected, BMNRecorded} {
			if err := validate(f, sheet, fmt.Sprintf("%s2:%s%d", colName(c), colName(c), row-1), bmnCols[c-1]); err != nil {
				return err
			}
		}
	}
	if err := totals(f, st, sheet, row, len(bmnCols), []int{BMNTarget, BMNCollected, BMNRecorded}, st.totalCnt); err != nil {
		return err
	}
	return protect(f, sheet)
}

func colName(c int) string {
	s, _ := excelize.ColumnNumberToName(c)
	return s
}

func instructionSheet(f *excelize.File, st *styles, text string) error {
	sheet := report.SheetInstruction
	if err := addSheet(f, sheet); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "A", "A", 110); err != nil {
		return fmt.Errorf("%s: ความกว้างคอลัมน์: %w", sheet, err)
	}
	lines := strings.Split(strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n")), "\n")
	for i, line := range lines {
		style := st.body
		if i == 0 {
			style = st.title
		}
		if err := styled(f, sheet, 1, i+1, line, style); err != nil {
			return err
		}
	}
	return protect(f, sheet)
}

// Fill writes what a district would type into a template built by
// TemplateFile: the as-of date, reporter and phone, and for each line of s
// whose project code or sub-district name is in the template, the values
// that are OK. Values not OK are left empty ("not reported").
func Fill(f *excelize.File, s *report.Submission) error {
	info := report.SheetInfo
	if !s.AsOf.IsZero() {
		if err := setValue(f, info, cellName(2, InfoAsOfRow), s.AsOf); err != nil {
			return err
		}
	}
	for _, kv := range []struct {
		row int
		v   string
	}{{InfoReporterRow, s.Reporter}, {InfoPhoneRow, s.Phone}} {
		if kv.v == "" {
			continue
		}
		if err := setValue(f, info, cellName(2, kv.row), kv.v); err != nil {
			return err
		}
	}
	rowsOf := func(sheet string) (map[string]int, error) {
		rows := map[string]int{}
		for r := 2; ; r++ {
			v, err := f.GetCellValue(sheet, cellName(1, r), excelize.Options{RawCellValue: true})
			if err != nil {
				return nil, fmt.Errorf("%s: อ่านแถว %d: %w", sheet, r, err)
			}
			if v == "" || v == report.TotalPrefix {
				return rows, nil
			}
			rows[v] = r
		}
	}
	put := func(sheet string, col, row int, v report.Value) error {
		if !v.OK {
			return nil
		}
		return setValue(f, sheet, cellName(col, row), v.V)
	}
	projects, err := rowsOf(report.SheetDisbursed)
	if err != nil {
		return err
	}
	for _, pl := range s.Projects {
		row, ok := projects[pl.Code]
		if !ok {
			continue
		}
		if err := put(report.SheetDisbursed, DisbCommitted, row, pl.Committed); err != nil {
			return err
		}
		if err := put(report.SheetDisbursed, DisbDisbursed, row, pl.Disbursed); err != nil {
			return err
		}
		if pl.Note != "" {
			if err := setValue(f, report.SheetDisbursed, cellName(DisbNote, row), pl.Note); err != nil {
				return err
			}
		}
	}
	subs, err := rowsOf(report.SheetBMN)
	if err != nil {
		return err
	}
	for _, sl := range s.SubDistricts {
		row, ok := subs[sl.Name]
		if !ok {
			continue
		}
		if err := put(report.SheetBMN, BMNCollected, row, sl.Collected); err != nil {
			return err
		}
		if err := put(report.SheetBMN, BMNRecorded, row, sl.Recorded); err != nil {
			return err
		}
		if sl.Note != "" {
			if err := setValue(f, report.SheetBMN, cellName(BMNNote, row), sl.Note); err != nil {
				return err
			}
		}
	}
	return nil
}
