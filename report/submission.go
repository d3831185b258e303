package report

import (
	"fmt"
	"math"

	"lwc/report/settings"
	"lwc/report/sheet"
)

// Issue codes of a district submission found without the plan.
const (
	CodeDistrictMissing        = "district-missing"
	CodeAsOfMissing            = "asof-missing"
	CodeInfoMissing            = "info-missing"
	CodeSubDistrictMissing     = "subdistrict-name-missing"
	CodeSubDistrictDuplicate   = "subdistrict-duplicate"
	CodeBMNCollectedOverTarget = "bmn-collected-over-target"
	CodeBMNRecordedOverCollect = "bmn-recorded-over-collected"
	CodeNoData                 = "no-data"
)

// submission is a submission as read, with the columns needed to name
// cells in later (plan-based) checks.
type submission struct {
	*Submission
	codeRef    string         // cell of รหัสอำเภอ's value
	nameRef    string         // cell of ชื่ออำเภอ's value
	asOfRef    string         // cell of ข้อมูล ณ วันที่'s value
	budgetCols map[string]int // เบิกจ่าย columns by name; nil without the sheet
	bmnCols    map[string]int // จปฐ columns by name; nil without the sheet
	bmnTotal   int            // first totals row of จปฐ, 0 when none
}

// ReadSubmission reads one district workbook and runs the checks that need
// no plan: values that are empty ("not reported"), unparseable, negative or
// formula errors (those have Value.OK false), BMN recorded above collected
// and collected above the sub-district's target, duplicate rows, totals rows
// against their rows, and a missing or unreadable ข้อมูล ณ วันที่. The error
// says, in Thai, why the file cannot be used at all: it is not a readable
// workbook (a *sheet.Error with a stable Code), or it has neither the sheet
// ข้อมูลอำเภอ with a district code or name, nor any data sheet.
func ReadSubmission(path string, lim settings.Limits) (*Submission, []Issue, error) {
	b, err := openBook(path, nil, lim)
	if err != nil {
		return nil, nil, err
	}
	s, err := b.readSubmission(path)
	if err != nil {
		return nil, b.issues.all(), err
	}
	return s.Submission, b.issues.all(), nil
}

func (b *book) readSubmission(file string) (*submission, error) {
	s := &submission{Submission: &Submission{File: file}}
	info, ok, err := b.table(SheetInfo, "", "")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &sheet.Error{Code: CodeSheetMissing, Msg: fmt.Sprintf("ไม่พบแผ่นงาน \"%s\" จึงไม่ทราบว่าเป็นรายงานของอำเภอใด โปรดใช้แบบฟอร์มที่ได้รับ (สร้างด้วย lwc template) กรอกข้อมูลแล้วส่งใหม่", SheetInfo)}
	}
	labels := sheet.Labels(info, []string{LabelDistrictCode, LabelDistrictName, LabelAsOf, LabelReporter, LabelPhone})
	ref := func(label string) string {
		if v, ok := labels[label]; ok {
			return sheet.Ref(v.Cell.Col, v.Row)
		}
		return ""
	}
	s.codeRef, s.nameRef, s.asOfRef = ref(LabelDistrictCode), ref(LabelDistrictName), ref(LabelAsOf)
	s.District = code(labels[LabelDistrictCode].Cell)
	s.DistrictName = text(labels[LabelDistrictName].Cell)
	if s.District == "" && s.DistrictName == "" {
		return nil, &sheet.Error{Code: CodeDistrictMissing, Msg: fmt.Sprintf("แผ่นงาน \"%s\" ไม่ได้กรอกรหัสอำเภอและชื่ออำเภอ จึงไม่ทราบว่าเป็นรายงานของอำเภอใด โปรดกรอก \"%s\" แล้วส่งใหม่", SheetInfo, LabelDistrictCode)}
	}
	if v, ok := labels[LabelAsOf]; ok {
		if t, ok := b.date(SheetInfo, v.Row, v.Cell, LabelAsOf, false); ok {
			s.AsOf = t
		} else if v.Cell.IsBlank() {
			b.errorf(SheetInfo, s.asOfRef, CodeAsOfMissing, "ไม่ได้กรอก \"%s\" (เซลล์ %s) จึงไม่ทราบว่าข้อมูลเป็นของวันใด โปรดกรอกวันที่ของข้อมูล เช่น 20/11/2569", LabelAsOf, s.asOfRef)
		}
	} else {
		b.errorf(SheetInfo, "", CodeAsOfMissing, "ไม่พบช่อง \"%s\" ในแผ่นงาน \"%s\" จึงไม่ทราบว่าข้อมูลเป็นของวันใด โปรดใช้แบบฟอร์มที่ได้รับ", LabelAsOf, SheetInfo)
	}
	s.Reporter = text(labels[LabelReporter].Cell)
	s.Phone = text(labels[LabelPhone].Cell)
	for _, l := range []struct{ label, value string }{{LabelReporter, s.Reporter}, {LabelPhone, s.Phone}} {
		if l.value == "" {
			b.warnf(SheetInfo, ref(l.label), CodeInfoMissing, "ไม่ได้กรอก \"%s\" โปรดกรอกเพื่อให้จังหวัดติดต่อกลับได้", l.label)
		}
	}
	hasBudget, err := b.readBudgetLines(s)
	if err != nil {
		return nil, err
	}
	hasBMN, err := b.readBMNLines(s)
	if err != nil {
		return nil, err
	}
	if !hasBudget && !hasBMN {
		return nil, &sheet.Error{Code: CodeNoData, Msg: fmt.Sprintf("ไม่พบแผ่นงาน \"%s\" และ \"%s\" (หรือไม่มีแถวหัวตาราง) จึงไม่มีข้อมูลให้ใช้ โปรดใช้แบบฟอร์มที่ได้รับ กรอกข้อมูลแล้วส่งใหม่", SheetDisbursed, SheetBMN)}
	}
	return s, nil
}

func (b *book) readBudgetLines(s *submission) (bool, error) {
	t, ok, err := b.table(SheetDisbursed, SeverityError, "จึงไม่มีข้อมูลการเบิกจ่าย (นับเป็น 0)")
	if err != nil || !ok {
		return false, err
	}
	h, ok := b.header(t, SeverityError, []string{ColProjectCode, ColDisbursed}, []string{ColProjectName, ColWorkGroup, ColAllocated, ColCommitted, ColNote})
	if !ok {
		return false, nil
	}
	if _, ok := h.Cols[ColCommitted]; !ok {
		b.warnf(SheetDisbursed, sheet.Ref(1, h.Row), CodeColumnMissing, "แผ่นงาน \"%s\" ไม่มีคอลัมน์ \"%s\" จึงถือว่ายังไม่รายงานยอดก่อหนี้ผูกพัน", SheetDisbursed, ColCommitted)
	}
	s.budgetCols = h.Cols
	numeric := []string{ColAllocated, ColCommitted, ColDisbursed}
	rows := rowsAfter(t, h)
	seen := make(map[string]int, len(rows))
	cols := columns(h.Cols)
	// The columns are looked up once, not for every row.
	codeCol := h.Cols[ColProjectCode]
	nameCol, hasName := h.Cols[ColProjectName]
	groupCol, hasGroup := h.Cols[ColWorkGroup]
	noteCol, hasNote := h.Cols[ColNote]
	allocCol, hasAlloc := h.Cols[ColAllocated]
	commitCol, hasCommit := h.Cols[ColCommitted]
	disbCol := h.Cols[ColDisbursed]
	s.Projects = make([]ProjectLine, 0, len(rows))
	var names, groups, notes textMemo
	for _, r := range rows {
		if blankCells(r, cols) || isTotal(r) {
			continue
		}
		pc := r.Cell(codeCol)
		c := code(pc)
		if c == "" {
			pref := sheet.Ref(pc.Col, r.Num)
			if hasAny(r, h.Cols, numeric) {
				b.errorf(SheetDisbursed, pref, CodeProjectCodeMissing, "แถว %d มีตัวเลขแต่ไม่มีรหัสโครงการ (เซลล์ %s) แถวนี้ไม่ถูกนำมาใช้ โปรดกรอกรหัสโครงการตามแบบฟอร์ม", r.Num, pref)
			}
			continue // a heading row such as a work group's name
		}
		if first, dup := seen[c]; dup {
			pref := sheet.Ref(pc.Col, r.Num)
			b.errorf(SheetDisbursed, pref, CodeProjectDuplicate, "รหัสโครงการ %s (เซลล์ %s) ซ้ำกับแถว %d แถวนี้ไม่ถูกนำมาใช้ โปรดรวมเป็นแถวเดียว", c, pref, first)
			continue
		}
		seen[c] = r.Num
		line := ProjectLine{Code: c, Row: r.Num}
		get := func(col int, ok bool) sheet.Cell {
			if ok {
				return r.Cell(col)
			}
			return sheet.Cell{}
		}
		line.Name = names.text(get(nameCol, hasName))
		line.WorkGroup = groups.text(get(groupCol, hasGroup))
		line.Note = notes.text(get(noteCol, hasNote))
		if hasAlloc {
			line.Allocated = b.number(SheetDisbursed, r.Num, r.Cell(allocCol), numOpts{label: ColAllocated, of: c})
		}
		if hasCommit {
			line.Committed = b.number(SheetDisbursed, r.Num, r.Cell(commitCol), numOpts{label: ColCommitted, of: c, missingIssue: true})
		}
		line.Disbursed = b.number(SheetDisbursed, r.Num, r.Cell(disbCol), numOpts{label: ColDisbursed, of: c, missingIssue: true})
		s.Projects = append(s.Projects, line)
	}
	s.Projects = fitted(s.Projects)
	b.checkTotals(SheetDisbursed, rows, colsOf(h.Cols, numeric), labelsOf(h.Cols, numeric))
	return true, nil
}

// hasAny reports whether any of the named columns of r is non-blank.
func hasAny(r sheet.Row, cols map[string]int, names []string) bool {
	for _, n := range names {
		if col, ok := cols[n]; ok && !r.Cell(col).IsBlank() {
			return true
		}
	}
	return false
}

func colsOf(cols map[string]int, names []string) []int {
	var out []int
	for _, n := range names {
		if c, ok := cols[n]; ok {
			out = append(out, c)
		}
	}
	return out
}

func labelsOf(cols map[string]int, names []string) []string {
	var out []string
	for _, n := range names {
		if _, ok := cols[n]; ok {
			out = append(out, n)
		}
	}
	return out
}

func (b *book) readBMNLines(s *submission) (bool, error) {
	t, ok, err := b.table(SheetBMN, SeverityError, "จึงไม่มีข้อมูลการจัดเก็บ จปฐ. (นับเป็น 0)")
	if err != nil || !ok {
		return false, err
	}
	h, ok := b.header(t, SeverityError, []string{ColSubDistrict, ColCollected, ColRecorded}, []string{ColHouseholds, ColNote})
	if !ok {
		return false, nil
	}
	s.bmnCols = h.Cols
	numeric := []string{ColHouseholds, ColCollected, ColRecorded}
	rows := rowsAfter(t, h)
	seen := make(map[string]int, len(rows))
	cols := columns(h.Cols)
	s.SubDistricts = make([]SubDistrictLine, 0, len(rows))
	for _, r := range rows {
		if blankCells(r, cols) {
			continue
		}
		if isTotal(r) {
			if s.bmnTotal == 0 {
				s.bmnTotal = r.Num
			}
			continue
		}
		nc := r.Cell(h.Cols[ColSubDistrict])
		name := text(nc)
		if name == "" {
			nref := sheet.Ref(nc.Col, r.Num)
			if hasAny(r, h.Cols, numeric) {
				b.errorf(SheetBMN, nref, CodeSubDistrictMissing, "แถว %d มีตัวเลขแต่ไม่มีชื่อตำบล (เซลล์ %s) แถวนี้ไม่ถูกนำมาใช้", r.Num, nref)
			}
			continue
		}
		key := nameKey(name)
		if first, dup := seen[key]; dup {
			nref := sheet.Ref(nc.Col, r.Num)
			b.errorf(SheetBMN, nref, CodeSubDistrictDuplicate, "ตำบล%s (เซลล์ %s) ซ้ำกับแถว %d แถวนี้ไม่ถูกนำมาใช้ โปรดรวมเป็นแถวเดียว", name, nref, first)
			continue
		}
		seen[key] = r.Num
		line := SubDistrictLine{Name: name, Row: r.Num}
		if col, ok := h.Cols[ColHouseholds]; ok {
			line.Target = b.number(SheetBMN, r.Num, r.Cell(col), numOpts{label: ColHouseholds + " ตำบล", of: name})
		}
		line.Collected = b.number(SheetBMN, r.Num, r.Cell(h.Cols[ColCollected]), numOpts{label: ColCollected + " ตำบล", of: name, missingIssue: true})
		line.Recorded = b.number(SheetBMN, r.Num, r.Cell(h.Cols[ColRecorded]), numOpts{label: ColRecorded + " ตำบล", of: name, missingIssue: true})
		if col, ok := h.Cols[ColNote]; ok {
			line.Note = text(r.Cell(col))
		}
		if line.Target.OK && line.Collected.OK && line.Collected.V > line.Target.V+0.5 {
			ref := sheet.Ref(h.Cols[ColCollected], r.Num)
			b.warnf(SheetBMN, ref, CodeBMNCollectedOverTarget, "ตำบล%s จัดเก็บแล้ว %s ครัวเรือน มากกว่าเป้าหมาย %s ครัวเรือน (เซลล์ %s) โปรดตรวจสอบตัวเลข", name, thousands(line.Collected.V), thousands(line.Target.V), ref)
		}
		if line.Collected.OK && line.Recorded.OK && line.Recorded.V > line.Collected.V+0.5 {
			ref := sheet.Ref(h.Cols[ColRecorded], r.Num)
			b.warnf(SheetBMN, ref, CodeBMNRecordedOverCollect, "ตำบล%s บันทึกแล้ว %s ครัวเรือน มากกว่าที่จัดเก็บแล้ว %s ครัวเรือน (เซลล์ %s) บันทึกได้ไม่เกินที่จัดเก็บ โปรดตรวจสอบตัวเลข", name, thousands(line.Recorded.V), thousands(line.Collected.V), ref)
		}
		s.SubDistricts = append(s.SubDistricts, line)
	}
	s.SubDistricts = fitted(s.SubDistricts)
	b.checkTotals(SheetBMN, rows, colsOf(h.Cols, numeric), labelsOf(h.Cols, numeric))
	return true, nil
}

// near reports whether two amounts are the same to the satang.
func near(a, b float64) bool { return math.Abs(a-b) < 0.005 }
