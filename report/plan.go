package report

import (
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"math"
	"strings"

	"lwc/report/parse"
	"lwc/report/settings"
	"lwc/report/sheet"
)

// Issue codes of plan.xlsx, contacts.xlsx and reports.xlsx.
const (
	CodePlanNoDistricts     = "plan-no-districts"
	CodeDistrictCodeInvalid = "district-code-invalid"
	CodeDistrictDuplicate   = "district-duplicate"
	CodeProjectCodeMissing  = "project-code-missing"
	CodeProjectDuplicate    = "project-duplicate"
	CodeExpenseTypeInvalid  = "expense-type-invalid"
	CodeTargetInvalid       = "target-invalid"
	CodeTargetAmbiguous     = "target-ambiguous"
	CodeTargetDecreasing    = "target-decreasing"
	CodeTargetMissing       = "target-missing"
	CodeRowIncomplete       = "row-incomplete"
	CodeReceivesInvalid     = "receives-invalid"
	CodeEmailInvalid        = "email-invalid"
)

// ReadPlan reads plan.xlsx. The error says, in Thai, why the plan cannot be
// used at all: the file is missing or not a readable workbook, or its sheet
// อำเภอ (or that sheet's header) is missing. Everything else is an issue:
// a row that cannot be used is skipped with an error issue; a missing
// optional sheet leaves its part of the plan empty.
//
// Disbursement targets (เป้าหมายเบิกจ่าย) are percents as typed: a cell
// formatted as percent holds the fraction itself (30% is stored as 0.3); any
// other number is percentage points (30 means 30%, so 0.3 means 0.3%, which
// is flagged target-ambiguous); text may carry a % sign ("30%", "๓๐").
func ReadPlan(path string, lim settings.Limits) (*Plan, []Issue, error) {
	b, err := openBook(path, nil, workspaceLimits(lim))
	if err != nil {
		return nil, nil, planError(path, err)
	}
	p := &Plan{Targets: map[string]QuarterTargets{}}
	if err := b.readDistricts(p); err != nil {
		if se := (*sheet.Error)(nil); errors.As(err, &se) {
			return nil, b.issues.all(), planError(path, err) // the file, not its content
		}
		return nil, b.issues.all(), fmt.Errorf("แผนงาน %s ใช้ไม่ได้: %w", path, err)
	}
	for _, read := range []func(*Plan) error{b.readProjects, b.readTargets, b.readBMNTargets, b.readCalendar, b.readSubDistricts} {
		if err := read(p); err != nil {
			return nil, b.issues.all(), planError(path, err)
		}
	}
	return p, b.issues.all(), nil
}

func planError(path string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("ไม่พบไฟล์แผนงาน %s (สร้างด้วยคำสั่ง lwc init แล้วกรอกข้อมูล): %w", path, err)
	}
	return officeFileError("ไฟล์แผนงาน", path, err)
}

func (b *book) readDistricts(p *Plan) error {
	t, ok, err := b.table(SheetDistricts, "", "")
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("ไม่พบแผ่นงาน \"%s\" (รายชื่ออำเภอ) โปรดเพิ่มแผ่นงานนี้ตามแบบฟอร์มของ lwc init", SheetDistricts)
	}
	h, ok := b.header(t, SeverityError, []string{ColDistrictCode, ColDistrictName}, nil)
	if !ok {
		return fmt.Errorf("แผ่นงาน \"%s\" ไม่มีหัวคอลัมน์ \"%s\" และ \"%s\"", SheetDistricts, ColDistrictCode, ColDistrictName)
	}
	rows := rowsAfter(t, h)
	seen := make(map[string]int, len(rows))
	cols := columns(h.Cols)
	for _, r := range rows {
		if blankCells(r, cols) || isTotal(r) {
			continue
		}
		cc := r.Cell(h.Cols[ColDistrictCode])
		c := code(cc)
		if !validDistrictCode(c) {
			ref := sheet.Ref(cc.Col, r.Num)
			b.errorf(SheetDistricts, ref, CodeDistrictCodeInvalid, "เซลล์ %s: รหัสอำเภอ \"%s\" ไม่ถูกต้อง (ต้องเป็นตัวเลข 4 หลัก เช่น 5201) แถวนี้ไม่ถูกนำมาใช้", ref, clip(c))
			continue
		}
		if first, dup := seen[c]; dup {
			ref := sheet.Ref(cc.Col, r.Num)
			b.errorf(SheetDistricts, ref, CodeDistrictDuplicate, "เซลล์ %s: รหัสอำเภอ %s ซ้ำกับแถว %d แถวนี้ไม่ถูกนำมาใช้", ref, c, first)
			continue
		}
		seen[c] = r.Num
		name := text(r.Cell(h.Cols[ColDistrictName]))
		if name == "" {
			ref := sheet.Ref(h.Cols[ColDistrictName], r.Num)
			b.warnf(SheetDistricts, ref, CodeValueMissing, "เซลล์ %s: ไม่ได้กรอกชื่ออำเภอของรหัส %s โปรดกรอกชื่ออำเภอ", ref, c)
		}
		p.Districts = append(p.Districts, District{Code: c, Name: name})
	}
	if len(p.Districts) == 0 {
		b.warnf(SheetDistricts, "", CodePlanNoDistricts, "แผ่นงาน \"%s\" ยังไม่มีรายชื่ออำเภอ โปรดกรอกรหัสอำเภอและชื่ออำเภอ", SheetDistricts)
	}
	return nil
}

func validDistrictCode(c string) bool {
	if len(c) != 4 {
		return false
	}
	for i := 0; i < 4; i++ {
		if c[i] < '0' || c[i] > '9' {
			return false
		}
	}
	return true
}

// expenseType normalizes an expense type; ok is false for anything else.
func expenseType(s string, overall bool) (string, bool) {
	n := parse.NormalizeName(s)
	for _, t := range []string{ExpenseCurrent, ExpenseInvestment} {
		if n == t || n == "งบ"+t || n == "รายจ่าย"+t {
			return t, true
		}
	}
	if overall && (n == ExpenseOverall || n == "รวม" || n == "ทั้งหมด") {
		return ExpenseOverall, true
	}
	return s, false
}

// errPlanTooLarge is for a budget sheet past what planProjects can hold
// (2 GB of records; the file size limits keep every plan far below it).
var errPlanTooLarge = errors.New("แผ่นงานงบประมาณมีโครงการมากเกินกว่าที่โปรแกรมรองรับ")

// planChunk is how many rows of the budget sheet are in memory at once:
// a national plan has a hundred thousand, which read whole were half the
// live heap of a run's read stage.
const planChunk = 4096

func (b *book) readProjects(p *Plan) error {
	info, ok := b.sheet(SheetBudget, SeverityError, "(งบประมาณที่ได้รับจัดสรร) จึงไม่มีงบประมาณของโครงการใดเลย")
	if !ok {
		return nil
	}
	required := []string{ColDistrictCode, ColProjectCode, ColAllocated}
	optional := []string{ColProjectName, ColWorkGroup, ColExpenseType}
	// The projects are kept in a compact form (planProjects), which copies
	// every string it keeps once: the sheet reader's strings share blocks
	// with other cells of the sheet, which would otherwise stay alive all
	// run.
	districts := make(map[string]bool, len(p.Districts))
	for _, d := range p.Districts {
		districts[d.Code] = true
	}
	// A national plan has a hundred thousand rows: the columns are looked
	// up once, and cell references are made only for the rows with an
	// issue.
	var (
		h                              sheet.Header
		headed                         bool
		seen                           projectSet
		kept                           = newPlanProjectsBuilder(0)
		cols                           []int
		districtCol, codeCol, allocCol int
		nameCol, groupCol, typeCol     int
		hasName, hasGroup, hasType     bool
		names, groups, types           textMemo
		tot                            *totals
		rowsRead                       int
	)
	var lastType struct { // expenseType of the last type text
		text, typ string
		ok, set   bool
	}
	errNoHeader := errors.New("no header row")
	sum, err := b.ReadChunks(info, planChunk, func(t *sheet.Table) error {
		rowsRead += len(t.Rows)
		rows := t.Rows
		if !headed {
			headed = true
			var ok bool
			if h, ok = b.header(t, SeverityError, required, optional); !ok {
				return errNoHeader
			}
			rows = rowsAfter(t, h)
			cols = columns(h.Cols)
			districtCol, codeCol, allocCol = h.Cols[ColDistrictCode], h.Cols[ColProjectCode], h.Cols[ColAllocated]
			nameCol, hasName = h.Cols[ColProjectName]
			groupCol, hasGroup = h.Cols[ColWorkGroup]
			typeCol, hasType = h.Cols[ColExpenseType]
			tot = b.totals(SheetBudget, []int{allocCol}, []string{ColAllocated})
			// Sized once from the reader's estimate of the sheet's rows, plus
			// a little: grown by append, a national plan's projects were
			// copied from slice to slice (40 MB allocated for 10 MB kept,
			// before their compact form) while the inbox was being read
			// beside them.
			n := t.Estimate + t.Estimate/32
			kept = newPlanProjectsBuilder(n)
			seen = newProjectSet(n)
		}
		for _, r := range rows {
			tot.add(r)
			if blankCells(r, cols) || isTotal(r) {
				continue
			}
			dc := r.Cell(districtCol)
			d := code(dc)
			if !districts[d] {
				dref := sheet.Ref(dc.Col, r.Num)
				b.errorf(SheetBudget, dref, CodeDistrictUnknown, "เซลล์ %s: รหัสอำเภอ \"%s\" ไม่มีในแผ่นงาน \"%s\" แถวนี้ไม่ถูกนำมาใช้", dref, clip(d), SheetDistricts)
				continue
			}
			pc := r.Cell(codeCol)
			c := code(pc)
			if c == "" {
				pref := sheet.Ref(pc.Col, r.Num)
				b.errorf(SheetBudget, pref, CodeProjectCodeMissing, "เซลล์ %s: ไม่ได้กรอกรหัสโครงการ แถวนี้ไม่ถูกนำมาใช้", pref)
				continue
			}
			if first, dup := seen.add(kept.len(), kept.at, d, c); dup {
				pref := sheet.Ref(pc.Col, r.Num)
				b.errorf(SheetBudget, pref, CodeProjectDuplicate, "เซลล์ %s: รหัสโครงการ %s ของอำเภอ %s ซ้ำกับแถว %d แถวนี้ไม่ถูกนำมาใช้", pref, c, d, kept.at(first).Row)
				continue
			}
			pr := Project{District: d, Code: c, Row: r.Num}
			if hasName {
				pr.Name = names.text(r.Cell(nameCol))
			}
			if hasGroup {
				pr.WorkGroup = groups.text(r.Cell(groupCol))
			}
			if hasType {
				et := types.text(r.Cell(typeCol))
				if !lastType.set || et != lastType.text {
					lastType.text, lastType.set = et, true
					lastType.typ, lastType.ok = expenseType(et, false)
				}
				typ, ok := lastType.typ, lastType.ok
				if !ok {
					ref := sheet.Ref(typeCol, r.Num)
					b.warnf(SheetBudget, ref, CodeExpenseTypeInvalid, "เซลล์ %s: ประเภทรายจ่าย \"%s\" ไม่ถูกต้อง (ต้องเป็น \"%s\" หรือ \"%s\") โครงการนี้จึงไม่ถูกนับในประเภทรายจ่ายใด", ref, clip(typ), ExpenseCurrent, ExpenseInvestment)
				}
				pr.ExpenseType = typ
			}
			v := b.number(SheetBudget, r.Num, r.Cell(allocCol), numOpts{label: ColAllocated})
			if !v.OK {
				ref := sheet.Ref(allocCol, r.Num)
				if r.Cell(allocCol).IsBlank() {
					b.errorf(SheetBudget, ref, CodeValueMissing, "เซลล์ %s: ไม่ได้กรอกงบที่ได้รับจัดสรรของโครงการ %s ถือเป็น 0 บาท", ref, c)
				}
			}
			pr.Allocated = v.V
			if !kept.add(&pr) {
				return errPlanTooLarge
			}
		}
		return nil
	})
	switch {
	case errors.Is(err, errNoHeader):
		return nil
	case err != nil:
		return fmt.Errorf("reading sheet %q: %w", SheetBudget, err)
	case !headed: // no rows at all
		b.header(&sheet.Table{Name: sum.Name}, SeverityError, required, optional)
		return nil
	}
	b.limits(SheetBudget, sum, rowsRead)
	p.projects, p.Projects = kept.finish(), nil
	return nil
}

func (b *book) readTargets(p *Plan) error {
	t, ok, err := b.table(SheetTargets, SeverityError, "(เป้าหมายการเบิกจ่ายรายไตรมาส) จึงคำนวณเป้าหมายไม่ได้")
	if err != nil || !ok {
		return err
	}
	quarters := []string{ColQ1, ColQ2, ColQ3, ColQ4}
	h, ok := b.header(t, SeverityError, append([]string{ColExpenseType}, quarters...), nil)
	if !ok {
		return nil
	}
	cols := columns(h.Cols)
	for _, r := range rowsAfter(t, h) {
		if blankCells(r, cols) {
			continue
		}
		tc := r.Cell(h.Cols[ColExpenseType])
		typ, ok := expenseType(text(tc), true)
		ref := sheet.Ref(tc.Col, r.Num)
		if !ok {
			b.errorf(SheetTargets, ref, CodeExpenseTypeInvalid, "เซลล์ %s: ประเภทรายจ่าย \"%s\" ไม่ถูกต้อง (ต้องเป็น \"%s\", \"%s\" หรือ \"%s\") แถวนี้ไม่ถูกนำมาใช้", ref, clip(typ), ExpenseOverall, ExpenseCurrent, ExpenseInvestment)
			continue
		}
		if _, dup := p.Targets[typ]; dup {
			b.errorf(SheetTargets, ref, CodeTargetInvalid, "เซลล์ %s: เป้าหมายของ \"%s\" ซ้ำ ใช้แถวแรก แถวนี้ไม่ถูกนำมาใช้", ref, typ)
			continue
		}
		var q QuarterTargets
		valid := true
		for i, name := range quarters {
			c := r.Cell(h.Cols[name])
			v, ok := b.percent(SheetTargets, r.Num, c, typ+" "+name)
			if !ok {
				valid = false
				continue
			}
			q[i] = v
		}
		if !valid {
			continue
		}
		for i := 1; i < 4; i++ {
			if q[i] < q[i-1] {
				ref := sheet.Ref(h.Cols[quarters[i]], r.Num)
				b.warnf(SheetTargets, ref, CodeTargetDecreasing, "เซลล์ %s: เป้าหมายสะสม%s (%s%%) ต่ำกว่า%s (%s%%) เป้าหมายเป็นร้อยละสะสม ควรเพิ่มขึ้นทุกไตรมาส", ref, quarters[i], pct(q[i]), quarters[i-1], pct(q[i-1]))
			}
		}
		p.Targets[typ] = q
	}
	if _, ok := p.Targets[ExpenseOverall]; !ok {
		b.errorf(SheetTargets, "", CodeTargetMissing, "แผ่นงาน \"%s\" ไม่มีเป้าหมาย \"%s\" ที่ใช้ตัดสินอำเภอและจังหวัด โปรดเพิ่มแถว \"%s\"", SheetTargets, ExpenseOverall, ExpenseOverall)
	}
	return nil
}

func pct(f float64) string { return thousands(f * 100) }

// percent reads a target cell (see ReadPlan): ok false with an issue when
// it is empty or not a percent between 0 and 100.
func (b *book) percent(sheetName string, row int, c sheet.Cell, label string) (float64, bool) {
	ref := sheet.Ref(c.Col, row)
	var v float64
	switch c.Kind {
	case sheet.Number:
		v = c.Num
		if c.Format != sheet.FormatPercent {
			if v > 0 && v <= 1 {
				b.warnf(sheetName, ref, CodeTargetAmbiguous, "เซลล์ %s (%s) เป็น %s ซึ่งอ่านเป็นร้อยละ %s หากหมายถึงร้อยละ %s โปรดพิมพ์ %s", ref, label, c.Text(), c.Text(), pct(v), pct(v))
			}
			v /= 100
		}
	case sheet.Text:
		f, ok, err := parse.Percent(c.Str)
		if err != nil || !ok {
			b.errorf(sheetName, ref, CodeTargetInvalid, "เซลล์ %s (%s) มีค่า \"%s\" ซึ่งไม่ใช่ร้อยละ โปรดพิมพ์ตัวเลขร้อยละ เช่น 30", ref, label, clip(c.Str))
			return 0, false
		}
		v = f
	default:
		nv := b.number(sheetName, row, c, numOpts{label: label})
		if !nv.OK {
			if c.Kind == sheet.Empty {
				b.errorf(sheetName, ref, CodeValueMissing, "เซลล์ %s (%s) ว่าง โปรดกรอกเป้าหมายร้อยละ", ref, label)
			}
			return 0, false
		}
		v = nv.V / 100
	}
	if v < 0 || v > 1.0000001 || math.IsNaN(v) {
		b.errorf(sheetName, ref, CodeTargetInvalid, "เซลล์ %s (%s) เป็นร้อยละ %s ซึ่งอยู่นอกช่วง 0–100 แถวนี้ไม่ถูกนำมาใช้", ref, label, pct(v))
		return 0, false
	}
	return v, true
}

func (b *book) readBMNTargets(p *Plan) error {
	t, ok, err := b.table(SheetBMNTargets, SeverityError, "(เป้าหมายการจัดเก็บข้อมูล จปฐ.) จึงไม่มีเป้าหมาย จปฐ.")
	if err != nil || !ok {
		return err
	}
	h, ok := b.header(t, SeverityError, []string{ColDistrictCode, ColHouseholds, ColBMNStart, ColCollectBy, ColRecordBy}, nil)
	if !ok {
		return nil
	}
	known := districtSet(p)
	rows := rowsAfter(t, h)
	seen := make(map[string]bool, len(rows))
	cols := columns(h.Cols)
	for _, r := range rows {
		if blankCells(r, cols) || isTotal(r) {
			continue
		}
		dc := r.Cell(h.Cols[ColDistrictCode])
		d := code(dc)
		if !known[d] {
			ref := sheet.Ref(dc.Col, r.Num)
			b.errorf(SheetBMNTargets, ref, CodeDistrictUnknown, "เซลล์ %s: รหัสอำเภอ \"%s\" ไม่มีในแผ่นงาน \"%s\" แถวนี้ไม่ถูกนำมาใช้", ref, clip(d), SheetDistricts)
			continue
		}
		if seen[d] {
			ref := sheet.Ref(dc.Col, r.Num)
			b.errorf(SheetBMNTargets, ref, CodeDistrictDuplicate, "เซลล์ %s: อำเภอ %s มีเป้าหมาย จปฐ. ซ้ำ แถวนี้ไม่ถูกนำมาใช้", ref, d)
			continue
		}
		hh := b.number(SheetBMNTargets, r.Num, r.Cell(h.Cols[ColHouseholds]), numOpts{label: ColHouseholds})
		start, ok1 := b.date(SheetBMNTargets, r.Num, r.Cell(h.Cols[ColBMNStart]), ColBMNStart, true)
		collect, ok2 := b.date(SheetBMNTargets, r.Num, r.Cell(h.Cols[ColCollectBy]), ColCollectBy, true)
		record, ok3 := b.date(SheetBMNTargets, r.Num, r.Cell(h.Cols[ColRecordBy]), ColRecordBy, true)
		if !hh.OK || !ok1 || !ok2 || !ok3 {
			ref := sheet.Ref(dc.Col, r.Num)
			b.errorf(SheetBMNTargets, ref, CodeRowIncomplete, "แถว %d: เป้าหมาย จปฐ. ของอำเภอ %s ไม่ครบหรือไม่ถูกต้อง แถวนี้ไม่ถูกนำมาใช้", r.Num, d)
			continue
		}
		seen[d] = true
		p.BMN = append(p.BMN, BMNTarget{District: d, Households: hh.V, Start: start, CollectBy: collect, RecordBy: record})
	}
	b.checkTotals(SheetBMNTargets, rows, []int{h.Cols[ColHouseholds]}, []string{ColHouseholds})
	return nil
}

func districtSet(p *Plan) map[string]bool {
	m := make(map[string]bool, len(p.Districts))
	for _, d := range p.Districts {
		m[d.Code] = true
	}
	return m
}

func (b *book) readCalendar(p *Plan) error {
	t, ok, err := b.table(SheetCalendar, SeverityError, "(ปฏิทินการส่งรายงาน) จึงไม่มีรายงานที่ต้องติดตาม")
	if err != nil || !ok {
		return err
	}
	h, ok := b.header(t, SeverityError, []string{ColReportCode, ColReportName, ColDue}, []string{ColDistrictCode})
	if !ok {
		return nil
	}
	known := districtSet(p)
	cols := columns(h.Cols)
	for _, r := range rowsAfter(t, h) {
		if blankCells(r, cols) {
			continue
		}
		cc := r.Cell(h.Cols[ColReportCode])
		rd := ReportDue{Code: parse.CleanText(text(cc)), Name: text(r.Cell(h.Cols[ColReportName]))}
		if rd.Code == "" {
			ref := sheet.Ref(cc.Col, r.Num)
			b.errorf(SheetCalendar, ref, CodeValueMissing, "เซลล์ %s: ไม่ได้กรอกรหัสรายงาน แถวนี้ไม่ถูกนำมาใช้", ref)
			continue
		}
		due, ok := b.date(SheetCalendar, r.Num, r.Cell(h.Cols[ColDue]), ColDue, true)
		if !ok {
			continue
		}
		rd.Due = due
		if col, ok := h.Cols[ColDistrictCode]; ok {
			if d := code(r.Cell(col)); d != "" {
				if !known[d] {
					ref := sheet.Ref(col, r.Num)
					b.errorf(SheetCalendar, ref, CodeDistrictUnknown, "เซลล์ %s: รหัสอำเภอ \"%s\" ไม่มีในแผ่นงาน \"%s\" แถวนี้ไม่ถูกนำมาใช้", ref, clip(d), SheetDistricts)
					continue
				}
				rd.District = d
			}
		}
		p.Calendar = append(p.Calendar, rd)
	}
	return nil
}

// readSubDistricts reads the optional sheet ตำบล; without it the plan has
// no sub-districts and nothing is raised.
func (b *book) readSubDistricts(p *Plan) error {
	t, ok, err := b.table(SheetSubDistricts, "", "")
	if err != nil || !ok {
		return err
	}
	h, ok := b.header(t, SeverityWarning, []string{ColDistrictCode, ColSubDistrict, ColHouseholds}, nil)
	if !ok {
		return nil
	}
	known := districtSet(p)
	rows := rowsAfter(t, h)
	seen := make(map[[2]string]bool, len(rows))
	cols := columns(h.Cols)
	for _, r := range rows {
		if blankCells(r, cols) || isTotal(r) {
			continue
		}
		dc := r.Cell(h.Cols[ColDistrictCode])
		d := code(dc)
		if !known[d] {
			ref := sheet.Ref(dc.Col, r.Num)
			b.errorf(SheetSubDistricts, ref, CodeDistrictUnknown, "เซลล์ %s: รหัสอำเภอ \"%s\" ไม่มีในแผ่นงาน \"%s\" แถวนี้ไม่ถูกนำมาใช้", ref, clip(d), SheetDistricts)
			continue
		}
		name := text(r.Cell(h.Cols[ColSubDistrict]))
		key := [2]string{d, nameKey(name)}
		if name == "" || seen[key] {
			ref := sheet.Ref(h.Cols[ColSubDistrict], r.Num)
			b.errorf(SheetSubDistricts, ref, CodeRowIncomplete, "เซลล์ %s: ชื่อตำบลว่างหรือซ้ำ แถวนี้ไม่ถูกนำมาใช้", ref)
			continue
		}
		seen[key] = true
		hh := b.number(SheetSubDistricts, r.Num, r.Cell(h.Cols[ColHouseholds]), numOpts{label: ColHouseholds})
		p.SubDistricts = append(p.SubDistricts, SubDistrictTarget{District: d, Name: name, Households: hh.V})
	}
	b.checkTotals(SheetSubDistricts, rows, []int{h.Cols[ColHouseholds]}, []string{ColHouseholds})
	return nil
}

// projectSet finds a plan's projects by district and code while the plan
// is read, for its duplicate check. It holds a hash of the pair and the
// project's index, not the pair: a national plan's hundred thousand
// projects in a map keyed by the strings were 7 MB more of the heap,
// beside the inbox being read, when a run's memory is at its peak. Two
// pairs of one hash (rare: 64 bits) go to the exact map other.
type projectSet struct {
	seed  maphash.Seed
	index map[uint64]int32 // hash → index into the projects
	other map[[2]string]int
}

func newProjectSet(n int) projectSet {
	return projectSet{seed: maphash.MakeSeed(), index: make(map[uint64]int32, n)}
}

// add records that the project about to be added as the n-th is
// (district, code), unless one already is: then it returns that one's
// index and true. at gives a project already added. One hash a row: this
// runs for every row of a national plan.
func (s *projectSet) add(n int, at func(int) Project, district, code string) (int, bool) {
	if s.index == nil {
		*s = newProjectSet(0)
	}
	h := maphash.Comparable(s.seed, [2]string{district, code})
	i, taken := s.index[h]
	if taken {
		if p := at(int(i)); p.District == district && p.Code == code {
			return int(i), true
		}
	}
	if j, ok := s.other[[2]string{district, code}]; ok {
		return j, true
	}
	if !taken && n <= math.MaxInt32 {
		s.index[h] = int32(n)
	} else {
		if s.other == nil {
			s.other = map[[2]string]int{}
		}
		// Its own copies: code may be a slice of the sheet reader's chunk.
		s.other[[2]string{strings.Clone(district), strings.Clone(code)}] = n
	}
	return 0, false
}
