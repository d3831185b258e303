package report

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"lwc/report/parse"
	"lwc/report/settings"
	"lwc/report/sheet"
)

// Issue codes raised while reading (see issues.md for the whole list).
const (
	CodeSheetMissing        = "sheet-missing"
	CodeHeaderMissing       = "header-missing"
	CodeColumnMissing       = "column-missing"
	CodeLimitRows           = "limit-rows"
	CodeLimitColumns        = "limit-columns"
	CodeValueMissing        = "value-missing"
	CodeValueInvalid        = "value-invalid"
	CodeDateInvalid         = "date-invalid"
	CodeFormulaError        = "formula-error"
	CodeFormulaUncalculated = "formula-uncalculated"
	CodeAmountNegative      = "amount-negative"
	CodeTotalMismatch       = "total-mismatch"
)

// book wraps an opened workbook with the issues found reading it.
type book struct {
	*sheet.Book
	issues issueList
}

func (b *book) add(sev Severity, sheetName, cell, code, msg string) {
	b.issues.add(Issue{Severity: sev, Sheet: sheetName, Cell: cell, Code: code, Message: msg})
}

func (b *book) errorf(sheetName, cell, code, format string, args ...any) {
	b.issues.addf(SeverityError, sheetName, cell, code, format, args...)
}

func (b *book) warnf(sheetName, cell, code, format string, args ...any) {
	b.issues.addf(SeverityWarning, sheetName, cell, code, format, args...)
}

// workspaceLimits are the limits of the office's own files (plan, contacts,
// register): a national plan has a row per project of every district, far
// more than any district submission may. A zero (or negative) max_plan_rows
// means the default, as every other limit's zero does; it had given the
// plan a submission's row limit.
//
// The size limits of a part and of the whole unzipped file grow with the
// rows allowed (planRowBytes a row), so that max_plan_rows, not
// max_xml_bytes, bounds the office's files: a plan's budget sheet is
// about 480 bytes of XML a row, and a plan of 1,756 districts (210,720
// rows) was refused at the default 100 MB a part while max_plan_rows
// allowed it. Nothing of a part is held whole but the shared strings.
func workspaceLimits(lim settings.Limits) settings.Limits {
	plan := lim.MaxPlanRows
	if plan <= 0 {
		plan = settings.Default().Limits.MaxPlanRows
	}
	lim.MaxRows = max(lim.MaxRows, plan)
	d := settings.Default().Limits
	if lim.MaxXMLBytes <= 0 {
		lim.MaxXMLBytes = d.MaxXMLBytes
	}
	if lim.MaxUnzipBytes <= 0 {
		lim.MaxUnzipBytes = d.MaxUnzipBytes
	}
	lim.MaxXMLBytes = max(lim.MaxXMLBytes, int64(plan)*planRowBytes)
	lim.MaxUnzipBytes = max(lim.MaxUnzipBytes, 2*lim.MaxXMLBytes)
	return lim
}

// planRowBytes is the sheet XML allowed for each row of max_plan_rows:
// twice what a plan row of seven columns takes.
const planRowBytes = 1024

// openBook opens a workbook file; the error is a *sheet.Error with a Thai
// reason.
func openBook(path string, data []byte, lim settings.Limits) (*book, error) {
	var (
		sb  *sheet.Book
		err error
	)
	if data != nil {
		sb, err = sheet.OpenBytes(data, lim)
	} else {
		sb, err = sheet.Open(path, lim)
	}
	if err != nil {
		return nil, err
	}
	return &book{Book: sb}, nil
}

// table reads the sheet called name. A missing sheet gives ok false and,
// when required, an issue of severity sev.
func (b *book) table(name string, sev Severity, why string) (*sheet.Table, bool, error) {
	info, ok := b.sheet(name, sev, why)
	if !ok {
		return nil, false, nil
	}
	t, err := b.Read(info)
	if err != nil {
		return nil, false, fmt.Errorf("reading sheet %q: %w", name, err)
	}
	b.limits(name, t, len(t.Rows))
	return t, true, nil
}

// sheet finds the sheet called name; when it is missing, an issue of
// severity sev (none when sev is empty) says so, and why it matters.
func (b *book) sheet(name string, sev Severity, why string) (sheet.SheetInfo, bool) {
	info, ok := b.Find(name)
	if !ok && sev != "" {
		b.add(sev, name, "", CodeSheetMissing, fmt.Sprintf("ไม่พบแผ่นงาน (sheet) \"%s\" %s โปรดใช้แบบฟอร์มที่ได้รับ และอย่าเปลี่ยนชื่อแผ่นงาน", name, why))
	}
	return info, ok
}

// limits reports what of the sheet read into t (whole, or its summary
// from ReadChunks) was beyond the limits and not read; rows counts the
// rows read.
func (b *book) limits(name string, t *sheet.Table, rows int) {
	if t.Truncated {
		b.errorf(name, "", CodeLimitRows, "แผ่นงาน \"%s\" มีแถวข้อมูลมากผิดปกติ อ่านเพียง %s แถวแรก ข้อมูลที่เหลือไม่ถูกนำมาใช้ โปรดลบแถวที่ไม่เกี่ยวข้องออก", name, thousands(float64(rows)))
	}
	if t.DroppedCells > 0 {
		b.warnf(name, t.DroppedRef, CodeLimitColumns, "แผ่นงาน \"%s\" มีข้อมูลในคอลัมน์ที่ไกลเกินกำหนด (เช่นเซลล์ %s) ข้อมูลเหล่านั้นไม่ถูกอ่าน โปรดลบออก", name, t.DroppedRef)
	}
}

// header finds the header row of a table; ok is false (with an issue of
// severity sev) when a required column is missing.
func (b *book) header(t *sheet.Table, sev Severity, required, optional []string) (sheet.Header, bool) {
	h, missing := sheet.FindHeader(t, required, optional)
	if len(missing) == 0 {
		return h, true
	}
	if len(missing) == len(required) {
		b.add(sev, t.Name, "", CodeHeaderMissing, fmt.Sprintf("ไม่พบแถวหัวตารางในแผ่นงาน \"%s\" (ต้องมีหัวคอลัมน์ %s ภายใน %d แถวแรก) โปรดใช้หัวคอลัมน์ตามแบบฟอร์ม", t.Name, quoteList(required), sheet.HeaderRows))
		return h, false
	}
	b.add(sev, t.Name, sheet.Ref(1, h.Row), CodeColumnMissing, fmt.Sprintf("แผ่นงาน \"%s\" แถวหัวตาราง (แถว %d) ไม่มีคอลัมน์ %s โปรดเพิ่มหัวคอลัมน์ตามแบบฟอร์ม", t.Name, h.Row, quoteList(missing)))
	return h, false
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "\"" + n + "\""
	}
	return strings.Join(q, ", ")
}

// text returns a cell's content as clean text; numbers print without
// exponent or trailing zeros.
func text(c sheet.Cell) string {
	switch c.Kind {
	case sheet.Text:
		return parse.CleanText(c.Str)
	case sheet.Number:
		return strconv.FormatFloat(c.Num, 'f', -1, 64)
	}
	return parse.CleanText(c.Text())
}

// textMemo is text for one column read row after row. Such a column often
// holds one shared string again and again (a work group, an expense type),
// and comparing a string with the same string costs next to nothing.
type textMemo struct {
	raw, clean string
	set        bool
}

func (m *textMemo) text(c sheet.Cell) string {
	if c.Kind != sheet.Text {
		return text(c)
	}
	if !m.set || c.Str != m.raw {
		m.raw, m.clean, m.set = c.Str, parse.CleanText(c.Str), true
	}
	return m.clean
}

// nameKey returns parse.NormalizeName(s), the key names are compared by,
// without its rune-by-rune work for the common case of a name of Thai
// letters, ASCII lower-case letters, digits and spaces: for those it only
// removes the spaces. Anything else goes to parse.NormalizeName.
func nameKey(s string) string {
	spaces := false
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ':
			spaces = true
			i++
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			i++
		case c == 0xE0 && i+2 < len(s) && thaiLetter(s[i+1], s[i+2]):
			i += 3
		default:
			return parse.NormalizeName(s)
		}
	}
	if !spaces {
		return s
	}
	return strings.ReplaceAll(s, " ", "")
}

// thaiLetter reports whether 0xE0 b1 b2 encodes a Thai character that
// parse.NormalizeName keeps as it is: U+0E01–U+0E3A, U+0E3F–U+0E4C,
// U+0E4E, U+0E4F, U+0E5A and U+0E5B (not the Thai digits, which become
// ASCII, nor nikhahit, which sara am is composed from).
func thaiLetter(b1, b2 byte) bool {
	if b2 < 0x80 || b2 > 0xBF {
		return false
	}
	switch b1 {
	case 0xB8: // U+0E00–U+0E3F
		r := rune(b2 - 0x80)
		return r >= 0x01 && r <= 0x3A || r == 0x3F
	case 0xB9: // U+0E40–U+0E7F
		r := rune(b2-0x80) + 0x40
		return r <= 0x4C || r == 0x4E || r == 0x4F || r == 0x5A || r == 0x5B
	}
	return false
}

// textNumber is parse.Number, without its allocations for the text
// numbers people type most: digits with thousands separators ("12,500").
func textNumber(s string) (v float64, ok bool, err error) {
	if len(s) == 0 || len(s) > 20 || s[0] < '0' || s[0] > '9' {
		return parse.Number(s)
	}
	n, digits := int64(0), 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			n = n*10 + int64(c-'0')
			digits++
		case c != ',':
			return parse.Number(s)
		}
	}
	if digits > 15 {
		return parse.Number(s)
	}
	return float64(n), true, nil // exact: below 10^15 < 2^53
}

// code returns a cell's content as an identifier (district, project code).
func code(c sheet.Cell) string {
	if c.Kind == sheet.Number && c.Num == math.Trunc(c.Num) && math.Abs(c.Num) < 1e15 {
		return strconv.FormatInt(int64(c.Num), 10)
	}
	return parse.Code(text(c))
}

// numOpts says how a number cell is judged.
type numOpts struct {
	label        string // Thai: what the value is, for messages
	of           string // whose value it is (appended to label), e.g. a project code
	missingIssue bool   // an empty cell is an issue ("not reported")
	allowNeg     bool
}

// number reads a cell as a number. Empty cells give OK false ("not
// reported"); unusable or negative values give OK false and an error issue.
func (b *book) number(sheetName string, row int, c sheet.Cell, o numOpts) Value {
	switch c.Kind {
	case sheet.Number:
		if c.Num >= 0 || o.allowNeg {
			return Value{V: c.Num, OK: true} // the common case, without allocating
		}
	case sheet.Text:
		if v, ok, err := textNumber(c.Str); err == nil && ok && (v >= 0 || o.allowNeg) {
			return Value{V: v, OK: true}
		}
	}
	ref := sheet.Ref(c.Col, row)
	if o.of != "" {
		o.label += " " + o.of
	}
	var v float64
	switch c.Kind {
	case sheet.Empty:
		if o.missingIssue {
			b.warnf(sheetName, ref, CodeValueMissing, "เซลล์ %s (%s) ว่าง ถือว่ายังไม่รายงาน ไม่นับเป็นศูนย์ หากไม่มีให้ใส่ 0 หรือ -", ref, o.label)
		}
		return Value{}
	case sheet.Number:
		v = c.Num
	case sheet.Text:
		n, ok, err := textNumber(c.Str)
		if err != nil {
			b.errorf(sheetName, ref, CodeValueInvalid, "เซลล์ %s (%s) มีค่า \"%s\" ซึ่งไม่ใช่ตัวเลข จึงไม่นำมาใช้ โปรดพิมพ์เป็นตัวเลข เช่น 12,500", ref, o.label, clip(c.Str))
			return Value{}
		}
		if !ok {
			if o.missingIssue {
				b.warnf(sheetName, ref, CodeValueMissing, "เซลล์ %s (%s) ว่าง ถือว่ายังไม่รายงาน ไม่นับเป็นศูนย์ หากไม่มีให้ใส่ 0 หรือ -", ref, o.label)
			}
			return Value{}
		}
		v = n
	case sheet.ErrorValue:
		b.errorf(sheetName, ref, CodeFormulaError, "เซลล์ %s (%s) มีค่าผิดพลาด %s จากสูตร จึงไม่นำมาใช้ โปรดแก้สูตรหรือพิมพ์ตัวเลขแทน", ref, o.label, c.Str)
		return Value{}
	case sheet.Uncalculated:
		b.errorf(sheetName, ref, CodeFormulaUncalculated, "เซลล์ %s (%s) เป็นสูตรที่ไม่มีผลลัพธ์บันทึกไว้และคำนวณไม่ได้ จึงไม่นำมาใช้ โปรดเปิดไฟล์ใน Excel ให้คำนวณแล้วบันทึกใหม่ หรือพิมพ์ตัวเลขแทน", ref, o.label)
		return Value{}
	default:
		b.errorf(sheetName, ref, CodeValueInvalid, "เซลล์ %s (%s) มีค่า \"%s\" ซึ่งไม่ใช่ตัวเลข จึงไม่นำมาใช้ โปรดพิมพ์เป็นตัวเลข", ref, o.label, c.Text())
		return Value{}
	}
	if v < 0 && !o.allowNeg {
		b.errorf(sheetName, ref, CodeAmountNegative, "เซลล์ %s (%s) ติดลบ (%s) จึงไม่นำมาใช้ โปรดแก้เป็นจำนวนที่ไม่ติดลบ", ref, o.label, thousands(v))
		return Value{}
	}
	return Value{V: v, OK: true}
}

// date reads a cell as a date: a date serial (1900 or 1904 system; a
// Buddhist-era year typed into a date cell is corrected) or text in any form
// parse.Date accepts. A plain number in a date column is taken as a serial.
func (b *book) date(sheetName string, row int, c sheet.Cell, label string, required bool) (time.Time, bool) {
	switch c.Kind {
	case sheet.Empty:
	case sheet.Number:
		if t, ok := parse.Serial(c.Num, b.Date1904); ok && c.Num >= 1 {
			return t, true
		}
		ref := sheet.Ref(c.Col, row)
		b.errorf(sheetName, ref, CodeDateInvalid, "เซลล์ %s (%s) มีค่า %s ซึ่งไม่ใช่วันที่ โปรดพิมพ์วันที่ เช่น 20/11/2569", ref, label, c.Text())
		return time.Time{}, false
	case sheet.Text:
		t, ok, err := parse.Date(c.Str)
		if err != nil {
			ref := sheet.Ref(c.Col, row)
			b.errorf(sheetName, ref, CodeDateInvalid, "เซลล์ %s (%s) มีค่า \"%s\" ซึ่งอ่านเป็นวันที่ไม่ได้ โปรดพิมพ์วันที่ เช่น 20/11/2569 หรือ 20 พ.ย. 2569", ref, label, clip(c.Str))
			return time.Time{}, false
		}
		if ok {
			return t, true
		}
	case sheet.ErrorValue:
		ref := sheet.Ref(c.Col, row)
		b.errorf(sheetName, ref, CodeFormulaError, "เซลล์ %s (%s) มีค่าผิดพลาด %s จากสูตร โปรดพิมพ์วันที่แทน", ref, label, c.Str)
		return time.Time{}, false
	default:
		ref := sheet.Ref(c.Col, row)
		b.errorf(sheetName, ref, CodeDateInvalid, "เซลล์ %s (%s) อ่านเป็นวันที่ไม่ได้ โปรดพิมพ์วันที่ เช่น 20/11/2569", ref, label)
		return time.Time{}, false
	}
	if required {
		ref := sheet.Ref(c.Col, row)
		b.errorf(sheetName, ref, CodeValueMissing, "เซลล์ %s (%s) ว่าง โปรดกรอกวันที่", ref, label)
	}
	return time.Time{}, false
}

// clip shortens text quoted in a message.
func clip(s string) string {
	s = parse.CleanText(s)
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// thousands formats a number with thousands separators and at most two
// decimals, as people read amounts.
func thousands(v float64) string {
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// isTotal reports whether a row is a totals row: its first text cell
// starts with รวม.
func isTotal(r sheet.Row) bool {
	c, ok := r.FirstText()
	if !ok {
		return false
	}
	// Cheap test first: most rows do not start with ร at all.
	s := strings.TrimLeftFunc(c.Str, func(r rune) bool { return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' })
	return strings.HasPrefix(s, "ร") && strings.HasPrefix(parse.NormalizeName(s), TotalPrefix)
}

// readAll is io.ReadAll reading into buf, sized by the caller for the
// whole file, so that reading a file does not grow its buffer step by step.
func readAll(buf []byte, r io.Reader) ([]byte, error) {
	for {
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return buf, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // more than the size said
		}
	}
}

// fileError turns an open error into the Thai reason shown for a rejected
// file, and its issue code.
func fileError(err error) (code, msg string) {
	var e *sheet.Error
	if errors.As(err, &e) {
		return e.Code, e.Msg
	}
	return sheet.CodeUnreadable, "อ่านไฟล์ไม่ได้: " + err.Error()
}

// officeError is why one of the office's own files (plan, directory,
// register) cannot be used: the sheet reader's Thai reason once (the
// wrapped error's text would repeat it), and for a size limit the setting
// to raise instead of the reader's advice, which is for a district that
// sends a file ("…แล้วส่งอีกครั้ง"): this file is the office's own.
type officeError struct {
	msg string
	err error
}

func (e *officeError) Error() string { return e.msg }
func (e *officeError) Unwrap() error { return e.err }

// officeLimit names the lwc.toml setting behind a size limit of an office
// file (see workspaceLimits: the part and unzip sizes follow
// max_plan_rows).
func officeLimit(code string) (setting string, ok bool) {
	switch code {
	case sheet.CodeFileSize:
		return "max_file_bytes", true
	case sheet.CodeUnzipSize, sheet.CodePartSize:
		return "max_plan_rows", true
	case sheet.CodeSheets, sheet.CodeZipEntries:
		return "max_sheets", true
	case sheet.CodeCellChars:
		return "max_cell_chars", true
	}
	return "", false
}

// officeFileError explains that the office file at path (what names it,
// "ไฟล์แผนงาน") cannot be read.
func officeFileError(what, path string, err error) error {
	code, msg := fileError(err)
	if setting, ok := officeLimit(code); ok {
		if i := strings.Index(msg, " โปรด"); i > 0 {
			msg = msg[:i]
		}
		msg += fmt.Sprintf(" ถ้าข้อมูลในไฟล์ถูกต้องและมากตามจริง ให้เพิ่มค่า %s ในหมวด [limits] ของ lwc.toml", setting)
	}
	return &officeError{msg: fmt.Sprintf("อ่าน%s %s ไม่ได้: %s", what, path, msg), err: err}
}

// rowsAfter returns the data rows below a header.
func rowsAfter(t *sheet.Table, h sheet.Header) []sheet.Row {
	if h.Index < 0 || h.Index+1 > len(t.Rows) {
		return nil
	}
	return t.Rows[h.Index+1:]
}

// columns lists the column numbers of a header, for blankCells: walking a
// map for every row of a long sheet costs more than reading the row.
func columns(cols map[string]int) []int {
	out := make([]int, 0, len(cols))
	for _, c := range cols {
		out = append(out, c)
	}
	return out
}

// blankCells reports whether every cell of the given columns is blank.
func blankCells(r sheet.Row, cols []int) bool {
	for _, col := range cols {
		if !r.Cell(col).IsBlank() {
			return false
		}
	}
	return true
}

// fitted returns lines, sized for every row of a sheet, as it was before
// they were preallocated: nil when empty, and copied when most of the room
// went unused, so that a sheet of junk rows does not pin memory.
func fitted[T any](lines []T) []T {
	switch {
	case len(lines) == 0:
		return nil
	case cap(lines) > 2*len(lines)+16:
		return slices.Clone(lines)
	}
	return lines
}

// rawNumber reads a cell's number without judging it (for totals).
func rawNumber(c sheet.Cell) (float64, bool) {
	switch c.Kind {
	case sheet.Number:
		return c.Num, true
	case sheet.Text:
		v, ok, err := textNumber(c.Str)
		return v, ok && err == nil
	}
	return 0, false
}

// checkTotals cross-checks every totals row of a sheet against the data
// rows above it: the rows since the previous totals row (a subtotal) or all
// of them (a grand total). A difference of more than 1 (baht or household)
// is a warning on the total's cell. rows are the sheet's rows below the
// header, in order; cols the numeric columns with their Thai labels.
func (b *book) checkTotals(sheetName string, rows []sheet.Row, cols []int, labels []string) {
	t := b.totals(sheetName, cols, labels)
	for _, r := range rows {
		t.add(r)
	}
}

// totals checks a sheet's total rows as checkTotals does, one row at a
// time, for a sheet read in chunks.
type totals struct {
	b            *book
	sheet        string
	cols         []int
	labels       []string
	section, all []float64
}

func (b *book) totals(sheetName string, cols []int, labels []string) *totals {
	return &totals{b: b, sheet: sheetName, cols: cols, labels: labels, section: make([]float64, len(cols)), all: make([]float64, len(cols))}
}

// add takes the next row of the sheet, after its header.
func (t *totals) add(r sheet.Row) {
	if !isTotal(r) {
		for i, col := range t.cols {
			if v, ok := rawNumber(r.Cell(col)); ok {
				t.section[i] += v
				t.all[i] += v
			}
		}
		return
	}
	for i, col := range t.cols {
		c := r.Cell(col)
		total, ok := rawNumber(c)
		if !ok {
			continue
		}
		if math.Abs(total-t.section[i]) > 1 && math.Abs(total-t.all[i]) > 1 {
			ref := sheet.Ref(col, r.Num)
			t.b.warnf(t.sheet, ref, CodeTotalMismatch, "แถวรวม เซลล์ %s (%s) เป็น %s แต่ผลรวมของแถวข้อมูลเป็น %s (ต่างกัน %s) โปรดตรวจตัวเลขหรือสูตรผลรวม", ref, t.labels[i], thousands(total), thousands(t.section[i]), thousands(math.Abs(total-t.section[i])))
		}
	}
	clear(t.section)
}
