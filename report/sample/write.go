package sample

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"lwc/report"
	"lwc/report/forms"
)

// cleanWorkbook is a district's template from `lwc template`, filled in and
// saved by Excel: totals carry cached values, as Excel writes them.
func cleanWorkbook(p *report.Plan, s *report.Submission, name string) ([]byte, error) {
	f, err := forms.TemplateFile(p, s.District)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if err := forms.Fill(f, s); err != nil {
		return nil, err
	}
	if err := setProps(f, s); err != nil {
		return nil, err
	}
	var alloc, comm, disb, target, coll, rec float64
	for _, l := range s.Projects {
		alloc += l.Allocated.V
		comm += l.Committed.V
		disb += l.Disbursed.V
	}
	for _, l := range s.SubDistricts {
		target += l.Target.V
		coll += l.Collected.V
		rec += l.Recorded.V
	}
	totalRow := len(s.Projects) + 2
	for _, c := range []struct {
		col int
		v   float64
	}{{forms.DisbAllocated, alloc}, {forms.DisbCommitted, comm}, {forms.DisbDisbursed, disb}} {
		if err := cached(f, report.SheetDisbursed, c.col, totalRow, c.v); err != nil {
			return nil, err
		}
	}
	totalRow = len(s.SubDistricts) + 2
	for _, c := range []struct {
		col int
		v   float64
	}{{forms.BMNTarget, target}, {forms.BMNCollected, coll}, {forms.BMNRecorded, rec}} {
		if err := cached(f, report.SheetBMN, c.col, totalRow, c.v); err != nil {
			return nil, err
		}
	}
	return workbookBytes(f, name)
}

// cached gives the formula already in a cell the cached value v.
func cached(f *excelize.File, sheet string, col, row int, v float64) error {
	cell, _ := excelize.CoordinatesToCellName(col, row)
	formula, err := f.GetCellFormula(sheet, cell)
	if err != nil {
		return fmt.Errorf("%s!%s: %w", sheet, cell, err)
	}
	if err := f.SetCellFloat(sheet, cell, v, -1, 64); err != nil {
		return fmt.Errorf("%s!%s: %w", sheet, cell, err)
	}
	if err := f.SetCellFormula(sheet, cell, formula); err != nil {
		return fmt.Errorf("%s!%s: %w", sheet, cell, err)
	}
	return nil
}

// setProps stamps the document properties a district's Excel would leave:
// the reporter and the data date, fixed so output is reproducible.
func setProps(f *excelize.File, s *report.Submission) error {
	stamp := s.AsOf.Add(16*time.Hour + 30*time.Minute).Format(time.RFC3339)
	return f.SetDocProps(&excelize.DocProperties{
		Creator: "cdd" + s.District, LastModifiedBy: s.Reporter, Title: "แบบรายงานอำเภอ" + s.DistrictName,
		Language: "th-TH", Created: stamp, Modified: stamp,
	})
}

// cellKind is how a value is stored in a messy workbook.
type cellKind int

const (
	cEmpty cellKind = iota
	cStr
	cNum
	cDate       // number with a date format
	cFormula    // formula without cached value
	cFormulaVal // formula with a cached number
	cFormulaErr // formula whose cached value is an error
)

type cell struct {
	kind cellKind
	s    string  // text, or the formula
	n    float64 // number, or the cached value
}

func str(s string) cell         { return cell{kind: cStr, s: s} }
func num(v float64) cell        { return cell{kind: cNum, n: v} }
func dateCell(t time.Time) cell { return cell{kind: cDate, n: forms.Serial(t)} }

// numStyle is how a district typed its numbers.
type numStyle int

const (
	numPlain  numStyle = iota // numbers
	numSep                    // text "12,345.50"
	numThai                   // text in Thai digits "๑๒,๓๔๕.๕๐"
	numBaht                   // text "12,345.50 บาท"
	numSpaced                 // text "12 345.50"
	numMixed                  // a mix of the above, row by row
)

// dateStyle is how the ข้อมูล ณ วันที่ value was typed.
type dateStyle int

const (
	dateSerial     dateStyle = iota // a real date
	dateSerialBE                    // a date typed with a Buddhist-era year: year 25xx CE
	dateSlashBE                     // "20/11/2569"
	dateSlashCE                     // "20/11/2026"
	dateISO                         // "2026-11-20"
	dateThaiLong                    // "20 พฤศจิกายน 2569"
	dateThaiShort                   // "20 พ.ย. 69"
	dateThaiDigits                  // "๒๐/๑๑/๒๕๖๙"
)

// totalsStyle is the totals row of a messy sheet.
type totalsStyle int

const (
	totalsNone     totalsStyle = iota
	totalsValues               // plain numbers
	totalsCached               // SUM formulas with cached values
	totalsUncached             // SUM formulas without cached values
	totalsWrong                // numbers, disbursed total off by 2,500 baht
)

// layout is every way a district may have reshaped its workbook (SPEC §3.5).
type layout struct {
	titleRows    int  // title rows above the header (first one merged)
	reorder      bool // columns in another order
	extraCols    bool // ลำดับ, ร้อยละ, คงเหลือ columns
	noisyHeaders bool // spaces, line breaks inside words, zero-width chars, colons, units
	sheetSpaces  bool // sheet names with leading/trailing spaces
	numbers      numStyle
	dashZero     bool // "-" for zero
	emptyCommit  bool // committed left empty on some rows (not reported)
	date         dateStyle
	formulas     cellKind // cFormula or cFormulaVal: disbursed typed as =a+b
	totals       totalsStyle
	errorCell    bool // one disbursed cell is #DIV/0!
	blankRows    bool
	hiddenRow    bool // one data row hidden
	extraSheet   bool // a leftover summary sheet
	nameMismatch string
}

const zeroWidth = "\u200b"

// messyWorkbook writes s the way a district that retyped or reshaped the
// form would. name decides .xlsx or .xlsm.
func messyWorkbook(s *report.Submission, l layout, name string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetDefaultFont("TH SarabunPSK"); err != nil {
		return nil, err
	}
	if err := setProps(f, s); err != nil {
		return nil, err
	}
	sheetName := func(n string) string {
		if l.sheetSpaces {
			return " " + n + " "
		}
		return n
	}
	info, disb, bmn := sheetName(report.SheetInfo), sheetName(report.SheetDisbursed), sheetName(report.SheetBMN)
	if err := f.SetSheetName("Sheet1", info); err != nil {
		return nil, err
	}
	for _, n := range []string{disb, bmn} {
		if _, err := f.NewSheet(n); err != nil {
			return nil, err
		}
	}
	w := &messyWriter{f: f, l: l}
	if err := w.styles(); err != nil {
		return nil, err
	}
	if err := w.info(info, s); err != nil {
		return nil, err
	}
	if err := w.disbursed(disb, s); err != nil {
		return nil, err
	}
	if err := w.bmn(bmn, s); err != nil {
		return nil, err
	}
	if l.extraSheet {
		if _, err := f.NewSheet("สรุปผล (เก่า)"); err != nil {
			return nil, err
		}
		if err := f.SetSheetRow("สรุปผล (เก่า)", "A1", &[]any{"สรุปผลการเบิกจ่าย ปีงบประมาณ 2569", nil, "ร้อยละ", 98.75}); err != nil {
			return nil, err
		}
	}
	return workbookBytes(f, name)
}

type messyWriter struct {
	f                  *excelize.File
	l                  layout
	date, money, title int
}

func (w *messyWriter) styles() error {
	d, m := "d/m/yyyy", "#,##0.00"
	var err error
	if w.date, err = w.f.NewStyle(&excelize.Style{CustomNumFmt: &d}); err != nil {
		return err
	}
	if w.money, err = w.f.NewStyle(&excelize.Style{CustomNumFmt: &m}); err != nil {
		return err
	}
	w.title, err = w.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 18},
		Alignment: &excelize.Alignment{Horizontal: "center"}})
	return err
}

func (w *messyWriter) put(sheet string, col, row int, c cell) error {
	ref, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	switch c.kind {
	case cEmpty:
		return nil
	case cStr:
		return w.f.SetCellStr(sheet, ref, c.s)
	case cNum:
		if err := w.f.SetCellFloat(sheet, ref, c.n, -1, 64); err != nil {
			return err
		}
		return w.f.SetCellStyle(sheet, ref, ref, w.money)
	case cDate:
		if err := w.f.SetCellFloat(sheet, ref, c.n, -1, 64); err != nil {
			return err
		}
		return w.f.SetCellStyle(sheet, ref, ref, w.date)
	case cFormula:
		return w.f.SetCellFormula(sheet, ref, c.s)
	case cFormulaVal:
		if err := w.f.SetCellFloat(sheet, ref, c.n, -1, 64); err != nil {
			return err
		}
		if err := w.f.SetCellStyle(sheet, ref, ref, w.money); err != nil {
			return err
		}
		return w.f.SetCellFormula(sheet, ref, c.s)
	case cFormulaErr:
		// Written without a value; fixCachedFormulas adds the cached
		// #DIV/0! of a formula ending in /0.
		return w.f.SetCellFormula(sheet, ref, c.s)
	}
	return fmt.Errorf("unknown cell kind %d", c.kind)
}

func (w *messyWriter) info(sheet string, s *report.Submission) error {
	labels := []string{report.LabelDistrictCode, report.LabelDistrictName, report.LabelAsOf, report.LabelReporter, report.LabelPhone}
	if w.l.noisyHeaders {
		labels = []string{"รหัสอำเภอ :", "  ชื่ออำเภอ", "ข้อมูล ณ\nวันที่:", "ผู้" + zeroWidth + "รายงาน", "โทรศัพท์ (มือถือ)"}
	}
	name := s.DistrictName
	if w.l.nameMismatch != "" {
		name = w.l.nameMismatch
	}
	values := []cell{str(s.District), str(name), dateValue(s.AsOf, w.l.date), str(s.Reporter), str(s.Phone)}
	row := 1
	if w.l.titleRows > 0 {
		if err := w.put(sheet, 1, 1, str("แบบรายงานผลการดำเนินงานประจำสัปดาห์ สำนักงานพัฒนาชุมชนอำเภอ"+s.DistrictName)); err != nil {
			return err
		}
		if err := w.f.MergeCell(sheet, "A1", "C1"); err != nil {
			return err
		}
		row = 3
	}
	for i, lbl := range labels {
		if err := w.put(sheet, 1, row+i, str(lbl)); err != nil {
			return err
		}
		if err := w.put(sheet, 2, row+i, values[i]); err != nil {
			return err
		}
	}
	return w.f.SetColWidth(sheet, "A", "B", 22)
}

// dateValue renders the as-of date in a style.
func dateValue(t time.Time, st dateStyle) cell {
	be := t.Year() + 543
	switch st {
	case dateSerialBE:
		return dateCell(time.Date(be, t.Month(), t.Day(), 0, 0, 0, 0, time.UTC))
	case dateSlashBE:
		return str(fmt.Sprintf("%d/%d/%d", t.Day(), int(t.Month()), be))
	case dateSlashCE:
		return str(fmt.Sprintf("%02d/%02d/%d", t.Day(), int(t.Month()), t.Year()))
	case dateISO:
		return str(t.Format("2006-01-02"))
	case dateThaiLong:
		return str(fmt.Sprintf("%d %s %d", t.Day(), thaiMonths[t.Month()-1], be))
	case dateThaiShort:
		return str(fmt.Sprintf("%d %s %02d", t.Day(), thaiMonthsShort[t.Month()-1], be%100))
	case dateThaiDigits:
		return str(thaiDigits(fmt.Sprintf("%d/%d/%d", t.Day(), int(t.Month()), be)))
	}
	return dateCell(t)
}

func thaiDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			r = '๐' + (r - '0')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// withSep formats v with thousands separators and 2 decimals.
func withSep(v float64, sep string) string {
	neg := v < 0
	s := strconv.FormatFloat(math.Abs(v), 'f', 2, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	out := b.String() + "." + frac
	if neg {
		return "(" + out + ")" // accounting negative
	}
	return out
}

// amount renders a value in the layout's number style; row varies mixed.
func (w *messyWriter) amount(v report.Value, row int) cell {
	if !v.OK {
		return cell{}
	}
	if v.V == 0 && w.l.dashZero {
		return str("-")
	}
	st := w.l.numbers
	if st == numMixed {
		st = []numStyle{numPlain, numSep, numThai, numBaht, numSpaced}[row%5]
	}
	switch st {
	case numSep:
		return str(withSep(v.V, ","))
	case numThai:
		return str(thaiDigits(withSep(v.V, ",")))
	case numBaht:
		return str(withSep(v.V, ",") + " บาท")
	case numSpaced:
		return str(withSep(v.V, " "))
	}
	if v.V < 0 {
		return str(withSep(v.V, ",")) // typed as (1,234.00)
	}
	return num(v.V)
}

// table writes a header and rows at the layout's position, with the
// layout's columns order and extras. cols are column keys; head maps a key to
// its header; rows give each key's cell.
func (w *messyWriter) table(sheet, title string, keys []string, head map[string]string, rows []map[string]cell, totals map[string]cell) error {
	if w.l.reorder {
		keys = reorder(keys)
	}
	headerRow := 1
	if w.l.titleRows > 0 {
		last, _ := excelize.CoordinatesToCellName(len(keys), 1)
		if err := w.put(sheet, 1, 1, str(title)); err != nil {
			return err
		}
		if err := w.f.MergeCell(sheet, "A1", last); err != nil {
			return err
		}
		if err := w.f.SetCellStyle(sheet, "A1", "A1", w.title); err != nil {
			return err
		}
		if w.l.titleRows > 1 {
			if err := w.put(sheet, 1, 2, str("ข้อมูลสะสมตั้งแต่ 1 ตุลาคม 2569 (หน่วย: บาท)")); err != nil {
				return err
			}
		}
		headerRow = w.l.titleRows + 1
	}
	for i, k := range keys {
		if err := w.put(sheet, i+1, headerRow, str(head[k])); err != nil {
			return err
		}
	}
	row := headerRow + 1
	for i, r := range rows {
		if w.l.blankRows && i == 3 {
			row++ // an empty row between blocks
		}
		for j, k := range keys {
			if err := w.put(sheet, j+1, row, r[k]); err != nil {
				return err
			}
		}
		if w.l.hiddenRow && i == 1 {
			if err := w.f.SetRowVisible(sheet, row, false); err != nil {
				return err
			}
		}
		row++
	}
	if totals != nil {
		if w.l.blankRows {
			row++
		}
		for j, k := range keys {
			c, ok := totals[k]
			if !ok {
				continue
			}
			if c.kind == cFormula || c.kind == cFormulaVal {
				// SUM over this key's column, from the first data row.
				col, _ := excelize.ColumnNumberToName(j + 1)
				c.s = fmt.Sprintf("SUM(%s%d:%s%d)", col, headerRow+1, col, row-1)
			}
			if err := w.put(sheet, j+1, row, c); err != nil {
				return err
			}
		}
		// The label goes in the first column, whatever it holds.
		if err := w.put(sheet, 1, row, str("รวมทั้งสิ้น")); err != nil {
			return err
		}
	}
	for j := range keys {
		col, _ := excelize.ColumnNumberToName(j + 1)
		width := 16.0
		if keys[j] == "name" {
			width = 50
		}
		if err := w.f.SetColWidth(sheet, col, col, width); err != nil {
			return err
		}
	}
	return nil
}

// reorder moves columns around the way people do: names first, the code
// after, amounts swapped, extras in between.
func reorder(keys []string) []string {
	out := make([]string, 0, len(keys))
	for _, k := range []string{"name", "code"} {
		if slices.Contains(keys, k) {
			out = append(out, k)
		}
	}
	for i := len(keys) - 1; i >= 0; i-- {
		if k := keys[i]; k != "name" && k != "code" {
			out = append(out, k)
		}
	}
	return out
}

func (w *messyWriter) disbursed(sheet string, s *report.Submission) error {
	head := map[string]string{
		"seq": "ลำดับ", "code": report.ColProjectCode, "name": report.ColProjectName, "group": report.ColWorkGroup,
		"alloc": report.ColAllocated, "comm": report.ColCommitted, "disb": report.ColDisbursed, "note": report.ColNote,
		"pct": "ร้อยละการเบิกจ่าย", "left": "คงเหลือ",
	}
	if w.l.noisyHeaders {
		head["code"] = " รหัส\nโครงการ "
		head["name"] = "ชื่อ" + zeroWidth + "โครงการ"
		head["group"] = "กลุ่ม งาน"
		head["alloc"] = "งบที่ได้รับจัดสรร (บาท)"
		head["comm"] = "ก่อหนี้\nผูกพัน\n(บาท)"
		head["disb"] = "เบิกจ่าย สะสม (บาท)"
		head["note"] = "หมายเหตุ :"
	}
	keys := []string{"code", "name", "group", "alloc", "comm", "disb", "note"}
	if w.l.extraCols {
		keys = []string{"seq", "code", "name", "group", "alloc", "comm", "disb", "pct", "left", "note"}
	}
	var rows []map[string]cell
	var ta, tc, td float64
	for i, p := range s.Projects {
		r := map[string]cell{
			"seq": num(float64(i + 1)), "code": str(p.Code), "name": str(p.Name), "group": str(p.WorkGroup),
			"alloc": w.amount(p.Allocated, i), "comm": w.amount(p.Committed, i+1), "disb": w.amount(p.Disbursed, i+2),
		}
		if p.Note != "" {
			r["note"] = str(p.Note)
		}
		if w.l.emptyCommit && i%4 == 2 {
			r["comm"] = cell{}
		}
		if w.l.formulas != cEmpty && p.Disbursed.OK && p.Disbursed.V > 100 && i%2 == 0 {
			a := math.Round(p.Disbursed.V*0.6*100) / 100
			b := math.Round((p.Disbursed.V-a)*100) / 100
			r["disb"] = cell{kind: w.l.formulas, s: fmt.Sprintf("%s+%s", fmtFloat(a), fmtFloat(b)), n: p.Disbursed.V}
		}
		if w.l.errorCell && i == len(s.Projects)-1 {
			r["disb"] = cell{kind: cFormulaErr, s: "F2/0"}
		}
		if p.Allocated.OK && p.Allocated.V > 0 {
			r["pct"] = num(math.Round(p.Disbursed.V/p.Allocated.V*10000) / 100)
			r["left"] = num(math.Round((p.Allocated.V-p.Committed.V-p.Disbursed.V)*100) / 100)
		}
		ta += p.Allocated.V
		tc += p.Committed.V
		td += p.Disbursed.V
		rows = append(rows, r)
	}
	return w.table(sheet, "แบบรายงานผลการเบิกจ่ายงบประมาณ ประจำปีงบประมาณ พ.ศ. 2570 อำเภอ"+s.DistrictName,
		keys, head, rows, w.totalsRow(map[string]float64{"alloc": ta, "comm": tc, "disb": td}, "disb", 2500))
}

func (w *messyWriter) bmn(sheet string, s *report.Submission) error {
	head := map[string]string{
		"seq": "ลำดับ", "name": report.ColSubDistrict, "target": report.ColHouseholds,
		"coll": report.ColCollected, "rec": report.ColRecorded, "note": report.ColNote, "pct": "ร้อยละจัดเก็บ",
	}
	if w.l.noisyHeaders {
		head["name"] = "ตำบล:"
		head["target"] = "ครัวเรือน\nเป้าหมาย"
		head["coll"] = "จัดเก็บ" + zeroWidth + "แล้ว (ครัวเรือน)"
		head["rec"] = "  บันทึก แล้ว  "
	}
	keys := []string{"name", "target", "coll", "rec", "note"}
	if w.l.extraCols {
		keys = []string{"seq", "name", "target", "coll", "pct", "rec", "note"}
	}
	var rows []map[string]cell
	var tt, tc, tr float64
	for i, l := range s.SubDistricts {
		r := map[string]cell{
			"seq": num(float64(i + 1)), "name": str(l.Name),
			"target": w.count(l.Target, i), "coll": w.count(l.Collected, i+1), "rec": w.count(l.Recorded, i+2),
		}
		if l.Note != "" {
			r["note"] = str(l.Note)
		}
		if l.Target.V > 0 {
			r["pct"] = num(math.Round(l.Collected.V/l.Target.V*10000) / 100)
		}
		tt += l.Target.V
		tc += l.Collected.V
		tr += l.Recorded.V
		rows = append(rows, r)
	}
	return w.table(sheet, "ผลการจัดเก็บข้อมูล จปฐ. ปี 2570 อำเภอ"+s.DistrictName,
		keys, head, rows, w.totalsRow(map[string]float64{"target": tt, "coll": tc, "rec": tr}, "", 0))
}

// count renders household counts: whole numbers, in the layout's style but
// without decimals.
func (w *messyWriter) count(v report.Value, row int) cell {
	c := w.amount(v, row)
	if c.kind == cStr {
		c.s = strings.TrimSuffix(strings.Replace(c.s, ".00", "", 1), ".๐๐")
		c.s = strings.TrimSuffix(c.s, " บาท") // households are not baht
	}
	return c
}

func (w *messyWriter) totalsRow(sums map[string]float64, wrongKey string, delta float64) map[string]cell {
	t := map[string]cell{}
	for k, v := range sums {
		v = math.Round(v*100) / 100
		switch w.l.totals {
		case totalsNone:
			return nil
		case totalsValues:
			t[k] = num(v)
		case totalsCached:
			t[k] = cell{kind: cFormulaVal, n: v}
		case totalsUncached:
			t[k] = cell{kind: cFormula}
		case totalsWrong:
			if k == wrongKey {
				v += delta
			}
			t[k] = num(v)
		}
	}
	return t
}

func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
