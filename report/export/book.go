package export

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/xuri/excelize/v2"

	"lwc/report"
	"lwc/report/figures"
)

// Cell kinds decide a column's number format.
type kind int

const (
	text    kind = iota
	money        // #,##0.00
	count        // #,##0
	percent      // 0.00% (values are fractions)
	integer      // plain whole number (ranks)
)

// column of a table sheet.
type column struct {
	header string
	width  float64
	kind   kind
}

// book wraps an excelize workbook with the few styles the exports share.
type book struct {
	f      *excelize.File
	asOf   time.Time
	styles map[styleKey]int
	err    error // the first error; later calls do nothing
}

type styleKey struct {
	kind kind
	bold bool
}

func newBook(asOf time.Time) *book {
	return &book{f: excelize.NewFile(), asOf: asOf, styles: map[styleKey]int{}}
}

func (b *book) fail(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

// style returns the style of a cell kind, plain or bold (totals).
func (b *book) style(k kind, bold bool) int {
	key := styleKey{k, bold}
	if id, ok := b.styles[key]; ok {
		return id
	}
	s := &excelize.Style{Font: &excelize.Font{Family: font, Size: 11, Bold: bold}}
	switch k {
	case money:
		s.NumFmt = 4 // #,##0.00
	case count:
		s.NumFmt = 3 // #,##0
	case percent:
		s.NumFmt = 10 // 0.00%
	case integer:
		s.NumFmt = 1 // 0
	}
	if bold {
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}
	}
	id, err := b.f.NewStyle(s)
	b.fail(err)
	b.styles[key] = id
	return id
}

// font is common on the office's Windows machines and renders Thai well.
const font = "Tahoma"

// sheet is one table sheet being written.
type sheet struct {
	b    *book
	name string
	cols []column
	row  int // the last row written
}

// addSheet starts a sheet: a title row, an as-of row, then the header row,
// frozen so it stays in view while scrolling.
func (b *book) addSheet(name, title, subtitle string, cols []column) *sheet {
	if b.err != nil {
		return &sheet{b: b, name: name, cols: cols}
	}
	if len(b.f.GetSheetList()) == 1 && b.f.GetSheetList()[0] == "Sheet1" {
		b.fail(b.f.SetSheetName("Sheet1", name))
	} else {
		_, err := b.f.NewSheet(name)
		b.fail(err)
	}
	s := &sheet{b: b, name: name, cols: cols}
	titleStyle, err := b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: font, Size: 14, Bold: true}})
	b.fail(err)
	s.set(1, 1, title, titleStyle)
	s.set(1, 2, subtitle, b.style(text, false))
	headStyle, err := b.f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Family: font, Size: 11, Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border: []excelize.Border{{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
			{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}},
	})
	b.fail(err)
	for i, c := range cols {
		s.set(i+1, 3, c.header, headStyle)
		name, err := excelize.ColumnNumberToName(i + 1)
		b.fail(err)
		b.fail(b.f.SetColWidth(s.name, name, name, c.width))
	}
	b.fail(b.f.SetRowHeight(s.name, 3, 36))
	b.fail(b.f.SetPanes(s.name, &excelize.Panes{
		Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A4", ActiveCell: "A4", Pane: "bottomLeft"}},
	}))
	s.row = 3
	return s
}

func (s *sheet) set(col, row int, v any, style int) {
	if s.b.err != nil {
		return
	}
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		s.b.fail(err)
		return
	}
	if v != nil {
		s.b.fail(s.b.f.SetCellValue(s.name, cell, v))
	}
	s.b.fail(s.b.f.SetCellStyle(s.name, cell, cell, style))
}

// add writes a data row; bold marks a totals row. A nil value leaves the
// cell empty (a figure that is not known, e.g. of a grey district).
func (s *sheet) add(bold bool, vals ...any) {
	s.row++
	for i, v := range vals {
		k := text
		if i < len(s.cols) {
			k = s.cols[i].kind
		}
		s.set(i+1, s.row, v, s.b.style(k, bold))
	}
}

// save writes the workbook to path through a temporary file in the same
// folder, so a reader never sees half a workbook. Document properties are
// pinned to the as-of date so that the bytes depend on the snapshot only.
func (b *book) save(path, title string) error {
	if b.err != nil {
		return fmt.Errorf("สร้าง %s ไม่ได้: %w", path, b.err)
	}
	stamp := b.asOf.UTC().Format("2006-01-02") + "T00:00:00Z"
	if err := b.f.SetDocProps(&excelize.DocProperties{
		Title: title, Creator: "LWC", LastModifiedBy: "LWC", Created: stamp, Modified: stamp, Language: "th-TH",
	}); err != nil {
		return fmt.Errorf("สร้าง %s ไม่ได้: %w", path, err)
	}
	b.f.SetActiveSheet(0)
	var buf bytes.Buffer
	if err := b.f.Write(&buf); err != nil {
		return fmt.Errorf("สร้าง %s ไม่ได้: %w", path, err)
	}
	return writeAtomic(path, buf.Bytes())
}

func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("สร้างโฟลเดอร์ของ %s ไม่ได้: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("เขียน %s ไม่ได้: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("เขียน %s ไม่ได้: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("เขียน %s ไม่ได้: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("เขียน %s ไม่ได้: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("เขียน %s ไม่ได้: %w", path, err)
	}
	return nil
}

// asOf reads the snapshot's as-of date.
func asOf(snap *report.Snapshot) (time.Time, error) {
	if snap == nil {
		return time.Time{}, fmt.Errorf("export: no snapshot")
	}
	return figures.ParseISO(snap.AsOf)
}

// thaiISO turns an ISO date into the Buddhist-era form people read; "" stays "".
func thaiISO(s string) string {
	t, err := figures.ParseISO(s)
	if err != nil {
		return s
	}
	return figures.ThaiDate(t)
}

// subtitle is every sheet's second row: the as-of date and the period.
func subtitle(snap *report.Snapshot, t time.Time) string {
	return fmt.Sprintf("ข้อมูล ณ วันที่ %s (ปีงบประมาณ %d ไตรมาสที่ %d) · %s", figures.ThaiDate(t), snap.FiscalYear, snap.Quarter, snap.OfficeName)
}
