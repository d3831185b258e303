package sheet

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"lwc/report/parse"
)

// maxSharedStrings bounds the shared-string table; a report workbook has a
// few thousand.
const maxSharedStrings = 1 << 20

// loadSST reads the shared strings once.
func (b *Book) loadSST() error {
	if b.sstLoaded {
		return nil
	}
	b.sstLoaded = true
	if b.sstPart == "" {
		return nil
	}
	var (
		buf       []byte
		inSI, inT bool
		phonetic  int
		tooMany   bool
	)
	_, err := b.scanPart(b.sstPart, b.maxToken(), func(t *token) (bool, error) {
		switch t.kind {
		case tokStart:
			switch string(t.name()) {
			case "si":
				if t.selfClose {
					b.sst = append(b.sst, "")
					break
				}
				inSI, buf, phonetic = true, buf[:0], 0
			case "rPh":
				if !t.selfClose {
					phonetic++
				}
			case "t":
				inT = inSI && phonetic == 0 && !t.selfClose
			case "sst":
				if n, err := strconv.Atoi(attrString(t.attrs(), "uniqueCount")); err == nil && n > 0 && n <= 1<<16 {
					b.sst = make([]string, 0, n)
				}
			}
		case tokEnd:
			switch string(t.name()) {
			case "si":
				if len(b.sst) >= maxSharedStrings {
					tooMany = true
					return false, nil
				}
				s := unescapeOOXML(string(buf))
				if len(s) > b.lim.MaxCellChars && utf8.RuneCountInString(s) > b.lim.MaxCellChars {
					return false, b.partError(b.sstPart, errTokenTooLong)
				}
				b.sst = append(b.sst, s)
				inSI = false
			case "rPh":
				phonetic--
			case "t":
				inT = false
			}
		case tokText, tokCDATA:
			if inT {
				if len(buf)+len(t.text()) > b.maxToken() {
					return false, b.partError(b.sstPart, errTokenTooLong)
				}
				if t.kind == tokCDATA {
					buf = append(buf, t.text()...)
				} else {
					buf = decodeText(buf, t.text())
				}
			}
		}
		return true, nil
	})
	if err == nil && tooMany {
		err = partTooBig(b.lim.MaxXMLBytes)
	}
	return err
}

// cellType returns a cell's t attribute as one of the constant strings the
// reader compares with, without allocating.
func cellType(b []byte) string {
	for _, t := range [...]string{"s", "str", "inlineStr", "b", "e", "d", "n"} {
		if string(b) == t {
			return t
		}
	}
	return ""
}

// atoi parses a small non-negative decimal number.
func atoi[T string | []byte](b T) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func attrString(attrs []byte, name string) string {
	v, _ := attr(attrs, name, false)
	return v
}

// Read reads the sheet into a Table. Formula cells give their cached value;
// a formula without one is calculated (see calc.go), and stays Uncalculated
// when it cannot be.
func (b *Book) Read(s SheetInfo) (*Table, error) {
	if s.part == "" {
		return &Table{Name: s.Name}, nil
	}
	if err := b.loadSST(); err != nil {
		return nil, err
	}
	t := &Table{Name: s.Name}
	var (
		inData         bool
		row            Row
		rowOpen        bool
		lastRow        int
		lastCol        int
		cell           Cell
		typ            string
		cellOpen       bool
		inV, inF, inIS bool
		inT            bool
		phonetic       int
		hasV, hasF     bool
		vbuf, fbuf, is []byte
		pending        []pendingCell
		cells          = make([]Cell, 0, b.cellsHint(s.part)) // one slab for the whole sheet
		spans          [][2]int                               // each row's cells in the slab
		rowStart       int
		cellsInRow     int
		stopErr        error
	)
	finishCell := func() {
		cellOpen = false
		c := cell
		switch {
		case typ == "inlineStr":
			if len(is) == 0 {
				return
			}
			c.Kind, c.Str = Text, unescapeOOXML(string(is))
		case !hasV && hasF:
			c.Kind, c.Str = Uncalculated, string(fbuf)
		case !hasV:
			return
		case typ == "s":
			i, err := strconv.Atoi(string(vbuf))
			if err != nil || i < 0 || i >= len(b.sst) {
				c.Kind, c.Str = ErrorValue, "#REF!"
			} else {
				c.Kind, c.Str = Text, b.sst[i]
			}
		case typ == "str":
			c.Kind, c.Str = Text, unescapeOOXML(string(vbuf))
		case typ == "b":
			c.Kind = Bool
			if string(vbuf) == "1" || string(vbuf) == "true" {
				c.Num = 1
			}
		case typ == "e":
			c.Kind, c.Str = ErrorValue, string(vbuf)
		case typ == "d":
			if tm, err := time.Parse("2006-01-02T15:04:05", trimISO(string(vbuf))); err == nil {
				c.Kind, c.Num, c.Format = Number, parse.ToSerial(tm), FormatDate
			} else {
				c.Kind, c.Str = Text, string(vbuf)
			}
		default:
			v, err := strconv.ParseFloat(string(vbuf), 64)
			if err != nil {
				c.Kind, c.Str = Text, string(vbuf)
			} else {
				c.Kind, c.Num = Number, v
			}
		}
		if c.Kind == Text && len(c.Str) > b.lim.MaxCellChars && utf8.RuneCountInString(c.Str) > b.lim.MaxCellChars {
			stopErr = b.partError(s.part, errTokenTooLong)
			return
		}
		if c.Col > b.lim.MaxColumns {
			if t.DroppedCells == 0 {
				t.DroppedRef = Ref(c.Col, row.Num)
			}
			t.DroppedCells++
			return
		}
		if c.Kind == Uncalculated {
			pending = append(pending, pendingCell{row: len(t.Rows), idx: len(cells) - rowStart})
		}
		cells = append(cells, c)
	}
	_, err := b.scanPart(s.part, b.maxToken(), func(tk *token) (bool, error) {
		switch tk.kind {
		case tokStart:
			switch string(tk.name()) {
			case "sheetData":
				inData = !tk.selfClose
			case "row":
				if !inData {
					break
				}
				row = Row{Num: lastRow + 1}
				if raw, ok := attrRaw(tk.attrs(), "r", false); ok {
					if r, ok := atoi(raw); ok && r > 0 && r <= 1048576 {
						row.Num = r
					}
				}
				if h, ok := attrRaw(tk.attrs(), "hidden", false); ok {
					row.Hidden = string(h) == "1" || string(h) == "true"
				}
				lastRow, lastCol, cellsInRow = row.Num, 0, 0
				rowOpen = !tk.selfClose
				rowStart = len(cells)
			case "c":
				if !rowOpen {
					break
				}
				cellsInRow++
				if cellsInRow > 16384 {
					return false, corrupt("แผ่นงาน "+s.Name+" ", fmt.Errorf("row %d has too many cells", row.Num))
				}
				cell = Cell{Col: lastCol + 1}
				typ = ""
				style := -1
				for a := range attrs(tk.attrs()) {
					switch string(a.name) {
					case "r":
						if col, _, ok := parseRef(a.value); ok {
							cell.Col = col
						}
					case "t":
						typ = cellType(a.value)
					case "s":
						if n, ok := atoi(a.value); ok {
							style = n
						}
					}
				}
				lastCol = cell.Col
				cell.Format = b.format(style)
				if tk.selfClose {
					break
				}
				cellOpen, hasV, hasF = true, false, false
				vbuf, fbuf, is = vbuf[:0], fbuf[:0], is[:0]
				phonetic = 0
			case "v":
				if cellOpen && !tk.selfClose {
					inV, hasV = true, true
				}
			case "f":
				if cellOpen {
					hasF = true
					cell.Formula = true
					inF = !tk.selfClose
				}
			case "is":
				if cellOpen {
					inIS = !tk.selfClose
				}
			case "rPh":
				if inIS && !tk.selfClose {
					phonetic++
				}
			case "t":
				inT = inIS && phonetic == 0 && !tk.selfClose
			}
		case tokEnd:
			switch string(tk.name()) {
			case "sheetData":
				return false, nil
			case "row":
				if !rowOpen {
					break
				}
				rowOpen = false
				if len(cells) > rowStart {
					if len(t.Rows) >= b.lim.MaxRows {
						t.Truncated = true
						return false, nil
					}
					t.Rows = append(t.Rows, row)
					spans = append(spans, [2]int{rowStart, len(cells)})
				}
			case "c":
				if cellOpen {
					finishCell()
					if stopErr != nil {
						return false, stopErr
					}
				}
			case "v":
				inV = false
			case "f":
				inF = false
			case "is":
				inIS = false
			case "rPh":
				phonetic--
			case "t":
				inT = false
			}
		case tokText, tokCDATA:
			var dst *[]byte
			switch {
			case inV:
				dst = &vbuf
			case inF:
				dst = &fbuf
			case inT:
				dst = &is
			default:
				return true, nil
			}
			if len(*dst)+len(tk.text()) > b.maxToken() {
				return false, b.partError(s.part, errTokenTooLong)
			}
			if tk.kind == tokCDATA {
				*dst = append(*dst, tk.text()...)
			} else {
				*dst = decodeText(*dst, tk.text())
			}
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	for i, sp := range spans {
		rc := cells[sp[0]:sp[1]:sp[1]]
		if !slices.IsSortedFunc(rc, func(a, b Cell) int { return a.Col - b.Col }) {
			slices.SortStableFunc(rc, func(a, b Cell) int { return a.Col - b.Col })
		}
		t.Rows[i].Cells = rc
	}
	if len(pending) > 0 {
		b.calculate(s.Name, t, pending)
	}
	return t, nil
}

type pendingCell struct{ row, idx int }

// cellsHint guesses how many cells a worksheet part holds from its declared
// size (about 30 bytes of XML per cell), so that the slab is allocated
// once; a wrong header only costs a regrowth.
func (b *Book) cellsHint(part string) int {
	f := b.files[strings.ToLower(part)]
	if f == nil {
		return 64
	}
	return int(min(f.UncompressedSize64/30, 1<<16)) + 16
}

// trimISO cuts an ISO date-time to seconds and drops a zone, so that
// "2026-11-20", "2026-11-20T00:00:00Z" and "2026-11-20T00:00:00.000" parse.
func trimISO(s string) string {
	if len(s) == 10 {
		return s + "T00:00:00"
	}
	if len(s) > 19 {
		return s[:19]
	}
	return s
}
