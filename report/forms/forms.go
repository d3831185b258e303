// Package forms writes the workbooks people fill in: the empty (or filled)
// plan, contacts directory and register of a workspace, and the pre-filled
// district submission template of SPEC §3.2.
//
// The layouts use the sheet and column names of package report verbatim, so
// that LWC's own readers accept every workbook written here without issues.
// Output is deterministic: the same input gives the same bytes (excelize
// writes zip entries without timestamps and in sorted order, and the document
// properties are fixed here).
package forms

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/xuri/excelize/v2"
)

// Font of every workbook: Tahoma has Thai glyphs on every Windows and most
// Linux desktops, unlike excelize's default Calibri.
const font = "Tahoma"

// Number formats. Dates are shown day first as Thai offices write them;
// Excel's built-in 14 would follow the reader's locale.
const (
	fmtDate    = "d/m/yyyy"
	fmtMoney   = "#,##0.00"
	fmtCount   = "#,##0"
	fmtPercent = "0.00"
	fmtText    = "@"
)

// kind says how a column is formatted and validated.
type kind int

const (
	kindText    kind = iota // free text
	kindCode                // codes kept as text so "0123" stays "0123"
	kindMoney               // baht, 2 decimals
	kindCount               // whole numbers (households)
	kindDate                // civil date
	kindPercent             // cumulative percent 0–100
)

// column is one column of a data sheet.
type column struct {
	name  string
	width float64
	kind  kind
	// list, when set, is offered as a dropdown.
	list []string
	// strict makes a list or number validation refuse other entries; a
	// non-strict list only warns (e.g. several comma-separated values).
	strict bool
	// prompt is the Thai input message shown when the cell is selected.
	prompt string
}

// styles are the cell styles of one workbook, by purpose.
type styles struct {
	header                           int
	plainByKind                      map[kind]int // format only: columns of the workspace workbooks
	byKind                           map[kind]int // unlocked input cells
	lockedByKind                     map[kind]int // pre-filled cells the district must not change
	totalLabel, totalMoney, totalCnt int
	label, hint, title, body         int
}

func newStyles(f *excelize.File) (*styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "BFBFBF", Style: 1},
		{Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1},
		{Type: "bottom", Color: "BFBFBF", Style: 1},
	}
	formats := map[kind]string{
		kindText: "", kindCode: fmtText, kindMoney: fmtMoney, kindCount: fmtCount,
		kindDate: fmtDate, kindPercent: fmtPercent,
	}
	s := &styles{plainByKind: map[kind]int{}, byKind: map[kind]int{}, lockedByKind: map[kind]int{}}
	add := func(st *excelize.Style) (int, error) {
		id, err := f.NewStyle(st)
		if err != nil {
			return 0, fmt.Errorf("สร้างรูปแบบเซลล์: %w", err)
		}
		return id, nil
	}
	var err error
	if s.header, err = add(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Family: font, Size: 11},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    border,
	}); err != nil {
		return nil, err
	}
	// Kinds are walked in a fixed order so that style ids, and so the bytes
	// written, do not depend on map iteration.
	for k := kindText; k <= kindPercent; k++ {
		nf := formats[k]
		align := &excelize.Alignment{Vertical: "center"}
		if k == kindText {
			align.WrapText = true
		}
		st := &excelize.Style{
			Font: &excelize.Font{Family: font, Size: 11}, Alignment: align, Border: border,
			Protection: &excelize.Protection{Locked: false},
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFFDE7"}},
		}
		plain := &excelize.Style{Font: &excelize.Font{Family: font, Size: 11}, Alignment: &excelize.Alignment{Vertical: "center"}}
		if nf != "" {
			st.CustomNumFmt = &nf
			plain.CustomNumFmt = &nf
		}
		if s.plainByKind[k], err = add(plain); err != nil {
			return nil, err
		}
		if s.byKind[k], err = add(st); err != nil {
			return nil, err
		}
		locked := *st
		locked.Protection = &excelize.Protection{Locked: true}
		locked.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}
		if s.lockedByKind[k], err = add(&locked); err != nil {
			return nil, err
		}
	}
	bold := &excelize.Font{Bold: true, Family: font, Size: 11}
	totalFill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E2EFDA"}}
	if s.totalLabel, err = add(&excelize.Style{Font: bold, Fill: totalFill, Border: border}); err != nil {
		return nil, err
	}
	money, count := fmtMoney, fmtCount
	if s.totalMoney, err = add(&excelize.Style{Font: bold, Fill: totalFill, Border: border, CustomNumFmt: &money}); err != nil {
		return nil, err
	}
	if s.totalCnt, err = add(&excelize.Style{Font: bold, Fill: totalFill, Border: border, CustomNumFmt: &count}); err != nil {
		return nil, err
	}
	if s.label, err = add(&excelize.Style{
		Font: bold, Border: border, Alignment: &excelize.Alignment{Vertical: "center"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
	}); err != nil {
		return nil, err
	}
	if s.hint, err = add(&excelize.Style{
		Font:      &excelize.Font{Italic: true, Family: font, Size: 10, Color: "7F7F7F"},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	}); err != nil {
		return nil, err
	}
	if s.title, err = add(&excelize.Style{Font: &excelize.Font{Bold: true, Family: font, Size: 14}}); err != nil {
		return nil, err
	}
	if s.body, err = add(&excelize.Style{
		Font:      &excelize.Font{Family: font, Size: 11},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
	}); err != nil {
		return nil, err
	}
	return s, nil
}

// newFile starts a workbook whose first sheet is named first.
func newFile(first, title string) (*excelize.File, error) {
	f := excelize.NewFile()
	if err := f.SetDefaultFont(font); err != nil {
		return nil, fmt.Errorf("ตั้งแบบอักษร: %w", err)
	}
	if err := f.SetSheetName("Sheet1", first); err != nil {
		return nil, fmt.Errorf("ตั้งชื่อแผ่นงาน %s: %w", first, err)
	}
	// Fixed properties (no creation time) keep the output reproducible.
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator: "LWC", LastModifiedBy: "LWC", Title: title, Language: "th-TH",
		Created: "2026-01-01T00:00:00Z", Modified: "2026-01-01T00:00:00Z",
	}); err != nil {
		return nil, fmt.Errorf("ตั้งคุณสมบัติเอกสาร: %w", err)
	}
	// Formulas written here carry no cached value: ask Excel to compute them
	// when the file is opened.
	full := true
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}); err != nil {
		return nil, fmt.Errorf("ตั้งการคำนวณ: %w", err)
	}
	return f, nil
}

// sheet adds a sheet (or renames the first one already there).
func addSheet(f *excelize.File, name string) error {
	if idx, _ := f.GetSheetIndex(name); idx >= 0 {
		return nil
	}
	if _, err := f.NewSheet(name); err != nil {
		return fmt.Errorf("สร้างแผ่นงาน %s: %w", name, err)
	}
	return nil
}

// dataSheet writes a plain table: header in row 1, rows below, column
// formats and validations down to lastRow so rows typed later by hand are
// formatted and checked too. It streams rows: a national plan has 100,000
// project lines.
func dataSheet(f *excelize.File, st *styles, sheet string, cols []column, rows [][]any) error {
	if err := addSheet(f, sheet); err != nil {
		return err
	}
	lastRow := max(1000, len(rows)+500)
	for i, c := range cols {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := validate(f, sheet, fmt.Sprintf("%s2:%s%d", col, col, lastRow), c); err != nil {
			return err
		}
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("%s: %w", sheet, err)
	}
	fail := func(err error) error { return fmt.Errorf("%s: เขียนตาราง: %w", sheet, err) }
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return fail(err)
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return fail(err)
		}
		if err := sw.SetColStyle(i+1, i+1, st.plainByKind[c.kind]); err != nil {
			return fail(err)
		}
		header[i] = excelize.Cell{StyleID: st.header, Value: c.name}
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: 30}); err != nil {
		return fail(err)
	}
	cells := make([]any, len(cols))
	for r, row := range rows {
		for i := range cells {
			cells[i] = nil
			if i >= len(row) || row[i] == nil {
				continue
			}
			v := row[i]
			if t, ok := v.(time.Time); ok {
				v = Serial(t)
			}
			cells[i] = excelize.Cell{StyleID: st.plainByKind[cols[i].kind], Value: v}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, cells); err != nil {
			return fail(err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fail(err)
	}
	return nil
}

// setValue writes v with the type Excel should see: time.Time as a date
// serial, numbers as numbers, strings as text.
func setValue(f *excelize.File, sheet, cell string, v any) error {
	var err error
	switch x := v.(type) {
	case string:
		err = f.SetCellStr(sheet, cell, x)
	case float64:
		err = f.SetCellFloat(sheet, cell, x, -1, 64)
	case int:
		err = f.SetCellInt(sheet, cell, int64(x))
	case time.Time:
		err = f.SetCellFloat(sheet, cell, Serial(x), -1, 64)
	default:
		err = f.SetCellValue(sheet, cell, x)
	}
	if err != nil {
		return fmt.Errorf("%s!%s: เขียนค่า: %w", sheet, cell, err)
	}
	return nil
}

// Serial is the Excel (1900 date system) serial number of a civil date.
func Serial(t time.Time) float64 {
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	// Unix seconds, not Duration: a Buddhist-era year lies beyond
	// Duration's ±292 years.
	return float64((d.Unix() - base.Unix()) / 86400)
}

func freezeHeader(f *excelize.File, sheet string, headerRow int) error {
	top, _ := excelize.CoordinatesToCellName(1, headerRow+1)
	if err := f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: headerRow, TopLeftCell: top, ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: "bottomLeft"}},
	}); err != nil {
		return fmt.Errorf("%s: ตรึงหัวตาราง: %w", sheet, err)
	}
	return nil
}

// Date bounds of date validation: CE years only, so a Buddhist-era year typed
// into a date cell (stored by Excel as year 25xx CE) is refused at entry.
var (
	minDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	maxDate = time.Date(2100, 12, 31, 0, 0, 0, 0, time.UTC)
)

// validate adds the data validation a column's kind or list calls for.
func validate(f *excelize.File, sheet, sqref string, c column) error {
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(sqref)
	var err error
	switch {
	case len(c.list) > 0:
		err = dv.SetDropList(c.list)
		if c.strict {
			dv.SetError(excelize.DataValidationErrorStyleStop, "ค่าไม่อยู่ในรายการ",
				"เลือกจากรายการ: "+joinThai(c.list))
		} else {
			dv.SetError(excelize.DataValidationErrorStyleWarning, "ค่าไม่อยู่ในรายการ",
				"ค่าที่ใช้ได้: "+joinThai(c.list)+" (หลายค่าคั่นด้วยจุลภาค)")
		}
	case c.kind == kindMoney:
		err = dv.SetRange(0, 1e12, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
		dv.SetError(excelize.DataValidationErrorStyleStop, "จำนวนเงินไม่ถูกต้อง",
			"กรอกจำนวนเงินเป็นตัวเลข (บาท) ไม่ติดลบ เช่น 12500.50")
	case c.kind == kindCount:
		err = dv.SetRange(0, 100000000, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween)
		dv.SetError(excelize.DataValidationErrorStyleStop, "จำนวนไม่ถูกต้อง",
			"กรอกจำนวนเต็ม ไม่ติดลบ เช่น 1250")
	case c.kind == kindPercent:
		err = dv.SetRange(0, 100, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
		dv.SetError(excelize.DataValidationErrorStyleStop, "ร้อยละไม่ถูกต้อง",
			"กรอกร้อยละสะสม 0 ถึง 100 เช่น 30")
	case c.kind == kindDate:
		err = dv.SetRange(int(Serial(minDate)), int(Serial(maxDate)),
			excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween)
		dv.SetError(excelize.DataValidationErrorStyleStop, "วันที่ไม่ถูกต้อง",
			"กรอกวันที่แบบ วัน/เดือน/ปี ค.ศ. เช่น 20/11/2026 (ห้ามใช้ปี พ.ศ. ในช่องวันที่)")
	default:
		if c.prompt == "" {
			return nil
		}
	}
	if err != nil {
		return fmt.Errorf("%s: ตั้งการตรวจสอบข้อมูล %s: %w", sheet, c.name, err)
	}
	if c.prompt != "" {
		dv.SetInput(c.name, c.prompt)
	}
	if err := f.AddDataValidation(sheet, dv); err != nil {
		return fmt.Errorf("%s: ตั้งการตรวจสอบข้อมูล %s: %w", sheet, c.name, err)
	}
	return nil
}

func joinThai(list []string) string {
	var b bytes.Buffer
	for i, s := range list {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s)
	}
	return b.String()
}

// sortedZip buffers a workbook's entries and writes them in name order:
// excelize writes streamed sheets in map order, which would make two writes
// of the same workbook differ.
type sortedZip struct {
	w       io.Writer
	names   []string
	entries map[string]*bytes.Buffer
}

func newSortedZip(w io.Writer) excelize.ZipWriter {
	return &sortedZip{w: w, entries: map[string]*bytes.Buffer{}}
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	b := &bytes.Buffer{}
	if _, dup := z.entries[name]; !dup {
		z.names = append(z.names, name)
	}
	z.entries[name] = b
	return b, nil
}

func (z *sortedZip) AddFS(fs.FS) error { return errors.New("AddFS is not supported") }

func (z *sortedZip) Close() error {
	slices.Sort(z.names)
	zw := zip.NewWriter(z.w)
	for _, n := range z.names {
		w, err := zw.Create(n)
		if err != nil {
			return err
		}
		if _, err := w.Write(z.entries[n].Bytes()); err != nil {
			return err
		}
	}
	return zw.Close()
}

// save writes f to path (the extension decides .xlsx or .xlsm), through a
// temporary file in the same folder so a half-written workbook never
// replaces a good one.
func save(f *excelize.File, path string) error {
	f.Path = path
	f.SetZipWriter(newSortedZip)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return fmt.Errorf("เขียน %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".lwc-*.tmp")
	if err != nil {
		return fmt.Errorf("เขียน %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("เขียน %s: %w", path, err)
	}
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return fmt.Errorf("เขียน %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("เขียน %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("เขียน %s: %w", path, err)
	}
	return nil
}

// Bytes returns the workbook as written to a file named name (its extension
// decides .xlsx or .xlsm).
func Bytes(f *excelize.File, name string) ([]byte, error) {
	f.Path = name
	f.SetZipWriter(newSortedZip)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("เขียน %s: %w", name, err)
	}
	return buf.Bytes(), nil
}
