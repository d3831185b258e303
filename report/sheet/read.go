package sheet

import (
	"fmt"
	"io"
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
	// add appends the string of one <si>, false when there are too many.
	add := func(raw []byte) (bool, error) {
		if len(b.sst) >= maxSharedStrings {
			tooMany = true
			return false, nil
		}
		s := b.strs.ooxml(raw)
		if len(s) > b.lim.MaxCellChars && utf8.RuneCountInString(s) > b.lim.MaxCellChars {
			return false, b.partError(b.sstPart, errTokenTooLong)
		}
		b.sst = append(b.sst, s)
		return true, nil
	}
	_, err := b.withPart(b.sstPart, b.maxToken(), func(sc *scanner) error {
		for {
			// Most strings are a plain <si><t>text</t></si>: read them
			// whole, without going token by token.
			if raw, n := plainSI(sc.buf[sc.pos : sc.end-min(fillMargin, sc.end-sc.pos)]); n > 0 {
				if len(raw) > b.maxToken() {
					return b.partError(b.sstPart, errTokenTooLong)
				}
				// buf is left as the tokens would leave it: a stray </si>
				// adds it again.
				buf = decodeText(buf[:0], raw)
				more, err := add(buf)
				if err != nil || !more {
					return err
				}
				sc.pos += n
				inSI, inT, phonetic = false, false, 0
				continue
			}
			t, err := sc.next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return b.partError(b.sstPart, err)
			}
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
					more, err := add(buf)
					if err != nil || !more {
						return err
					}
					inSI = false
				case "rPh":
					phonetic--
				case "t":
					inT = false
				}
			case tokText, tokCDATA:
				if inT {
					if len(buf)+len(t.text()) > b.maxToken() {
						return b.partError(b.sstPart, errTokenTooLong)
					}
					if t.kind == tokCDATA {
						buf = append(buf, t.text()...)
					} else {
						buf = decodeText(buf, t.text())
					}
				}
			}
		}
	})
	if err == nil && tooMany {
		err = partTooBig(b.lim.MaxXMLBytes)
	}
	return err
}

// tTag matches b's start: prefix ("<si><t") followed by the rest of a
// <t> start tag that is not self-closing (its attributes, such as
// xml:space, are of no use). n is the length of both, 0 when b does not
// start so.
func tTag(b []byte, prefix string) int {
	if len(b) <= len(prefix) || string(b[:len(prefix)]) != prefix {
		return 0
	}
	if b[len(prefix)] == '>' {
		return len(prefix) + 1
	}
	k := len(prefix) - 2 // the <t
	_, selfClose, m := startTag(b[k:], "t")
	if m == 0 || selfClose {
		return 0
	}
	return k + m
}

// plainSI matches a shared string of the plain form <si><t>text</t></si>
// (the <t> may have attributes, such as xml:space) held whole in b,
// returning its raw text; n is 0 for any other form.
func plainSI(b []byte) (raw []byte, n int) {
	m := tTag(b, "<si><t")
	if m == 0 {
		return nil, 0
	}
	n = m
	raw, _, i := textTo(b[n:])
	if i < 0 || len(b)-n-i < 9 || string(b[n+i:n+i+9]) != "</t></si>" {
		return nil, 0
	}
	return raw, n + i + 9
}

// cellKind is a cell's t attribute.
type cellKind uint8

const (
	typNone cellKind = iota // absent, "n", or anything unknown: a number
	typShared
	typStr
	typInline
	typBool
	typError
	typDate
)

// cellType reads a cell's t attribute.
func cellType(b []byte) cellKind {
	switch string(b) {
	case "s":
		return typShared
	case "str":
		return typStr
	case "inlineStr":
		return typInline
	case "b":
		return typBool
	case "e":
		return typError
	case "d":
		return typDate
	}
	return typNone
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
	var whole *Table
	if _, err := b.read(s, 0, func(t *Table) error { whole = t; return nil }); err != nil {
		return nil, err
	}
	return whole, nil
}

// ReadChunks reads the sheet as Read does, handing fn its rows in order
// in tables of at most rows rows, so that a sheet of a hundred thousand
// rows (a national plan) is never in memory whole. A chunk and its cells
// are reused once fn returns: fn keeps nothing of them but the cells'
// strings. An error from fn stops reading and is returned. The Table
// returned holds no rows; its Truncated and Dropped fields are the
// whole sheet's.
func (b *Book) ReadChunks(s SheetInfo, rows int, fn func(*Table) error) (*Table, error) {
	return b.read(s, max(rows, 1), fn)
}

// read reads sheet s, handing fn a table every chunk rows, or once with
// every row when chunk is 0.
func (b *Book) read(s SheetInfo, chunk int, fn func(*Table) error) (*Table, error) {
	if s.part == "" {
		t := &Table{Name: s.Name}
		if chunk > 0 {
			return t, nil
		}
		return t, fn(t)
	}
	if err := b.loadSST(); err != nil {
		return nil, err
	}
	hint := b.cellsHint(s.part)
	rowsHint := hint/5 + 1
	if chunk > 0 {
		hint, rowsHint = min(hint, chunk*8), min(rowsHint, chunk)
	}
	r := &sheetReader{
		b:        b,
		name:     s.Name,
		part:     s.part,
		maxToken: b.maxToken(),
		t:        &Table{Name: s.Name, Rows: make([]Row, 0, rowsHint)},
		cells:    make([]Cell, 0, hint), // for most sheets, the only slab
		chunk:    chunk,
		fn:       fn,
		start:    b.unzipped,
	}
	if f := b.files[strings.ToLower(s.part)]; f != nil {
		r.size = int64(min(f.UncompressedSize64, uint64(b.lim.MaxXMLBytes)))
	}
	_, err := b.withPart(s.part, b.maxToken(), func(sc *scanner) error {
		for {
			// Rows and cells in the forms spreadsheet writers use are read
			// whole, without the tokenizer; anything else, or anything
			// not held whole in the buffer, goes token by token.
			if n, more, err := r.plain(sc.buf[sc.pos:sc.end]); err != nil || !more {
				return err
			} else if n > 0 {
				sc.pos += n
				continue
			}
			tk, err := sc.next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return b.partError(s.part, err)
			}
			more, err := r.token(tk)
			if err != nil || !more {
				return err
			}
		}
	})
	if err == nil {
		err = r.err
	}
	if err != nil {
		return nil, err
	}
	// A row left open by a part cut short (or written without </row>)
	// keeps its cells.
	r.endRow()
	if r.err != nil {
		return nil, r.err
	}
	if chunk == 0 || len(r.t.Rows) > 0 {
		if err := r.flush(); err != nil {
			return nil, err
		}
	}
	t := r.t
	return &Table{Name: t.Name, Truncated: t.Truncated, DroppedCells: t.DroppedCells, DroppedRef: t.DroppedRef}, nil
}

// flush hands the rows read so far to fn, their cells sorted and their
// formulas calculated, and in chunks makes room for the next rows.
func (r *sheetReader) flush() error {
	t := r.t
	if len(t.Rows) == 0 && r.chunk == 0 {
		t.Rows = nil
	}
	for _, row := range t.Rows {
		if !slices.IsSortedFunc(row.Cells, func(a, b Cell) int { return a.Col - b.Col }) {
			slices.SortStableFunc(row.Cells, func(a, b Cell) int { return a.Col - b.Col })
		}
	}
	if len(r.pending) > 0 {
		r.b.calculate(r.name, t, r.pending)
		r.pending = r.pending[:0]
	}
	if r.chunk > 0 {
		t.Estimate = r.estimate(r.done + len(t.Rows))
	}
	err := r.fn(t)
	if r.chunk > 0 {
		// No row is open (flush follows a row's end): the current slab
		// of cells starts over, and earlier slabs go with the rows.
		r.done += len(t.Rows)
		clear(t.Rows)
		t.Rows = t.Rows[:0]
		r.cells, r.rowStart = r.cells[:0], 0
	}
	return err
}

// estimate is how many rows the sheet may have in all, rows having been
// read: rows times the share of the part inflated so far, at least rows
// and at most the row limit. The header's size is trusted only this far:
// it sizes a slice, and the row limit bounds that.
func (r *sheetReader) estimate(rows int) int {
	read := r.b.unzipped - r.start
	if r.size <= 0 || read <= 0 || r.size <= read {
		return rows
	}
	est := float64(rows) * float64(r.size) / float64(read)
	return max(rows, int(min(est, float64(r.b.lim.MaxRows))))
}

// sheetReader is the state of Read going through a worksheet part.
type sheetReader struct {
	b    *Book
	name string // the sheet's
	part string // the worksheet part's
	t    *Table // the rows not yet handed to fn

	chunk int                // rows per call of fn; 0: one call at the end
	fn    func(*Table) error // see Book.read
	done  int                // rows already handed to fn
	err   error              // from fn; reading stops
	start int64              // b.unzipped when the part was opened
	size  int64              // the part's uncompressed size as its header declares it, at most MaxXMLBytes; 0 unknown

	maxToken int // b.maxToken()

	inData         bool
	row            Row
	rowOpen        bool
	lastRow        int
	lastCol        int
	cell           Cell
	typ            cellKind
	cellOpen       bool
	inV, inF, inIS bool
	inT            bool
	phonetic       int
	hasV, hasF     bool
	vbuf, fbuf, is []byte
	pending        []pendingCell
	cells          []Cell // the slab being filled (see add)
	rowStart       int    // where the open row's cells start in cells
	cellsInRow     int
}

// plain reads the rows and cells at the start of buf that are written
// plainly and held whole: <row ...>, </row> and the cells wholeCell reads,
// as many as follow each other. It reads nothing (n is 0) where the
// tokenizer must take over; more is false when reading stops.
//
// It stops short of the last fillMargin bytes of buf, where the tokenizer
// would read more of the part: the part is then read in the same chunks as
// token by token, and a limit stops reading at the same point.
func (r *sheetReader) plain(buf []byte) (n int, more bool, err error) {
	end := len(buf) - fillMargin
	for n+6 < end && buf[n] == '<' {
		switch buf[n+1] {
		case 'c':
			if !r.rowOpen || r.cellOpen || r.inV || r.inF || r.inIS || r.inT {
				return n, true, nil
			}
			m := r.usualCell(buf[n:end])
			if m == 0 {
				if m, err = r.wholeCell(buf[n:end]); err != nil || m == 0 {
					return n, true, err
				}
			}
			n += m
		case 'r':
			attrs, selfClose, m := startTag(buf[n:end], "row")
			if m == 0 {
				return n, true, nil
			}
			if more := r.startRow(attrs, selfClose); !more {
				return n, false, nil
			}
			n += m
		case '/':
			if string(buf[n:n+6]) != "</row>" {
				return n, true, nil
			}
			if more := r.endRow(); !more {
				return n, false, nil
			}
			n += 6
		default:
			return n, true, nil
		}
	}
	return n, true, nil
}

// token handles one token; false stops reading.
func (r *sheetReader) token(tk *token) (bool, error) {
	b := r.b
	switch tk.kind {
	case tokStart:
		switch string(tk.name()) {
		case "sheetData":
			r.inData = !tk.selfClose
		case "row":
			if more := r.startRow(tk.attrs(), tk.selfClose); !more {
				return false, nil
			}
		case "c":
			if !r.rowOpen {
				break
			}
			if err := r.startCell(tk.attrs()); err != nil {
				return false, err
			}
			if tk.selfClose {
				break
			}
			r.cellOpen, r.hasV, r.hasF = true, false, false
			r.vbuf, r.fbuf, r.is = r.vbuf[:0], r.fbuf[:0], r.is[:0]
			r.phonetic = 0
		case "v":
			if r.cellOpen && !tk.selfClose {
				r.inV, r.hasV = true, true
			}
		case "f":
			if r.cellOpen {
				r.hasF = true
				r.cell.Formula = true
				r.inF = !tk.selfClose
			}
		case "is":
			if r.cellOpen {
				r.inIS = !tk.selfClose
			}
		case "rPh":
			if r.inIS && !tk.selfClose {
				r.phonetic++
			}
		case "t":
			r.inT = r.inIS && r.phonetic == 0 && !tk.selfClose
		}
	case tokEnd:
		switch string(tk.name()) {
		case "sheetData":
			return false, nil
		case "row":
			return r.endRow(), nil
		case "c":
			if r.cellOpen {
				if err := r.finishCell(r.hasV, r.hasF, r.vbuf, r.fbuf, r.is); err != nil {
					return false, err
				}
			}
		case "v":
			r.inV = false
		case "f":
			r.inF = false
		case "is":
			r.inIS = false
		case "rPh":
			r.phonetic--
		case "t":
			r.inT = false
		}
	case tokText, tokCDATA:
		var dst *[]byte
		switch {
		case r.inV:
			dst = &r.vbuf
		case r.inF:
			dst = &r.fbuf
		case r.inT:
			dst = &r.is
		default:
			return true, nil
		}
		if len(*dst)+len(tk.text()) > r.maxToken {
			return false, b.partError(r.part, errTokenTooLong)
		}
		if tk.kind == tokCDATA {
			*dst = append(*dst, tk.text()...)
		} else {
			*dst = decodeText(*dst, tk.text())
		}
	}
	return true, nil
}

// startRow handles a <row> start tag; false when the sheet has more
// rows than it may. A row still open (its </row> missing) ends here with
// its cells.
func (r *sheetReader) startRow(attrs []byte, selfClose bool) bool {
	if !r.inData {
		return true
	}
	if !r.endRow() {
		return false
	}
	r.row = Row{Num: r.lastRow + 1}
	// The first r and hidden count, as with attrRaw, in one pass.
	var num, hidden []byte
	for {
		key, val, rest, ok := nextAttr(attrs)
		if !ok {
			break
		}
		attrs = rest
		switch {
		case num == nil && string(key) == "r":
			num = val
		case hidden == nil && string(key) == "hidden":
			hidden = val
		}
	}
	if n, ok := atoi(num); ok && n > 0 && n <= 1048576 {
		r.row.Num = n
	}
	if hidden != nil {
		r.row.Hidden = string(hidden) == "1" || string(hidden) == "true"
	}
	r.lastRow, r.lastCol, r.cellsInRow = r.row.Num, 0, 0
	r.rowOpen = !selfClose
	r.rowStart = len(r.cells)
	return true
}

// endRow handles a </row> end tag; false when the sheet has more rows
// than it may.
func (r *sheetReader) endRow() bool {
	if !r.rowOpen {
		return true
	}
	r.rowOpen = false
	if len(r.cells) > r.rowStart {
		if r.done+len(r.t.Rows) >= r.b.lim.MaxRows {
			r.t.Truncated = true
			return false
		}
		// The row's cells stay in their slab (see add).
		r.row.Cells = r.cells[r.rowStart:len(r.cells):len(r.cells)]
		r.t.Rows = append(r.t.Rows, r.row)
		if r.chunk > 0 && len(r.t.Rows) >= r.chunk {
			if r.err = r.flush(); r.err != nil {
				return false
			}
		}
	}
	return true
}

// startCell begins a cell of the open row from its start tag's attributes.
func (r *sheetReader) startCell(attrs []byte) error {
	col, typ, style := r.lastCol+1, typNone, -1
	for {
		key, val, rest, ok := nextAttr(attrs)
		if !ok {
			break
		}
		attrs = rest
		col, typ, style = cellAttr(key, val, col, typ, style)
	}
	return r.beginCell(col, typ, style)
}

// cellAttr applies one attribute of a <c> start tag to the cell's column,
// type and style.
func cellAttr(key, val []byte, col int, typ cellKind, style int) (int, cellKind, int) {
	if len(key) != 1 {
		return col, typ, style
	}
	switch key[0] {
	case 'r':
		if c, _, ok := parseRef(val); ok {
			col = c
		}
	case 't':
		typ = cellType(val)
	case 's':
		if n, ok := atoi(val); ok {
			style = n
		}
	}
	return col, typ, style
}

// beginCell begins a cell of the open row.
func (r *sheetReader) beginCell(col int, typ cellKind, style int) error {
	r.cellsInRow++
	if r.cellsInRow > 16384 {
		return r.tooManyCells()
	}
	r.cell = Cell{Col: col, Format: r.b.format(style)}
	r.typ = typ
	r.lastCol = col
	return nil
}

func (r *sheetReader) tooManyCells() error {
	return corrupt("แผ่นงาน "+r.name+" ", fmt.Errorf("row %d has too many cells", r.row.Num))
}

// isNameByte reports whether c may be part of an attribute name in the
// plain form wholeCell reads.
func isNameByte(c byte) bool {
	return c != '=' && c != '>' && c != '/' && c != '<' && c != '"' && c != '\'' && !isSpace(c)
}

// wholeCell reads the <c> element buf starts with when buf holds all of it
// and it has one of the forms spreadsheet writers use:
//
//	<c .../>
//	<c ...>[<f ...>formula</f> | <f .../>][<v>value</v> | <is><t ...>text</t></is>]</c>
//
// where the start tag is written plainly: each attribute after spaces, as
// name="value" or name='value', then optional spaces and '>' or "/>" (its
// attributes then split as in nextAttr). It leaves the reader as going
// through the element's tokens would. n is 0 for any other element, which
// is then read token by token. The caller makes sure no cell is open and
// no <v>, <f>, <is> or <t> is pending.
func (r *sheetReader) wholeCell(buf []byte) (n int, err error) {
	if len(buf) < 3 || buf[0] != '<' || buf[1] != 'c' {
		return 0, nil
	}
	col, typ, style := r.lastCol+1, typNone, -1
	selfClose := false
	i := 2
	for {
		if i >= len(buf) {
			return 0, nil
		}
		c := buf[i]
		if c == '>' {
			i++
			break
		}
		if c == '/' {
			if i+1 < len(buf) && buf[i+1] == '>' {
				selfClose = true
				i += 2
				break
			}
			return 0, nil
		}
		if !isSpace(c) {
			return 0, nil
		}
		for i++; i < len(buf) && isSpace(buf[i]); i++ {
		}
		if i < len(buf) && (buf[i] == '>' || buf[i] == '/') {
			continue
		}
		k := i
		for i < len(buf) && isNameByte(buf[i]) {
			i++
		}
		if i == k || i+1 >= len(buf) || buf[i] != '=' || (buf[i+1] != '"' && buf[i+1] != '\'') {
			return 0, nil
		}
		q, v := buf[i+1], i+2
		for i = v; i < len(buf) && buf[i] != q; i++ { // values are short: no call to IndexByte
		}
		if i == len(buf) {
			return 0, nil
		}
		col, typ, style = cellAttr(buf[k:v-2], buf[v:i], col, typ, style)
		i++
	}
	var (
		hasV, hasF        bool
		v, f, is          []byte
		ampV, ampF, ampIS bool // the text holds a reference to decode
	)
	if !selfClose {
		if i+2 < len(buf) && buf[i] == '<' && buf[i+1] == 'f' {
			_, fSelf, m := startTag(buf[i:], "f")
			if m == 0 {
				return 0, nil
			}
			hasF = true
			i += m
			if !fSelf {
				j := 0
				if f, ampF, j = textTo(buf[i:]); j < 0 || len(buf)-i-j < 4 || string(buf[i+j:i+j+4]) != "</f>" {
					return 0, nil
				}
				i += j + 4
			}
		}
		switch {
		case i+2 < len(buf) && buf[i] == '<' && buf[i+1] == 'v':
			vSelf, m := false, 3
			if buf[i+2] != '>' { // attributes, or not a <v> at all
				_, vSelf, m = startTag(buf[i:], "v")
				if m == 0 {
					return 0, nil
				}
			}
			// <v/> sets nothing, as in token.
			i += m
			if !vSelf {
				j := 0
				if v, ampV, j = textTo(buf[i:]); j < 0 || len(buf)-i-j < 4 || string(buf[i+j:i+j+4]) != "</v>" {
					return 0, nil
				}
				hasV = true
				i += j + 4
			}
		case i+6 < len(buf) && string(buf[i:i+6]) == "<is><t":
			m := tTag(buf[i:], "<is><t")
			if m == 0 {
				return 0, nil
			}
			i += m
			j := 0
			if is, ampIS, j = textTo(buf[i:]); j < 0 || len(buf)-i-j < 9 || string(buf[i+j:i+j+9]) != "</t></is>" {
				return 0, nil
			}
			i += j + 9
		}
		if len(buf)-i < 4 || string(buf[i:i+4]) != "</c>" {
			return 0, nil
		}
		i += 4
	}
	// What the cell's start tag does in token, but for r.cell and r.typ,
	// which matter only while a cell is open: this one is closed here.
	// (Calling beginCell costs this path 6%.)
	r.cellsInRow++
	if r.cellsInRow > 16384 {
		return 0, r.tooManyCells()
	}
	r.lastCol = col
	if selfClose {
		return i, nil
	}
	r.phonetic = 0
	// Entities are decoded into the reader's buffers, which the token path
	// resets at every cell.
	if len(v) > r.maxToken || len(f) > r.maxToken || len(is) > r.maxToken {
		return 0, r.b.partError(r.part, errTokenTooLong)
	}
	if ampV {
		r.vbuf = decodeText(r.vbuf[:0], v)
		v = r.vbuf
	}
	if ampF {
		r.fbuf = decodeText(r.fbuf[:0], f)
		f = r.fbuf
	}
	if ampIS {
		r.is = decodeText(r.is[:0], is)
		is = r.is
	}
	c := Cell{Col: col, Format: r.b.format(style), Formula: hasF}
	if err := r.store(c, typ, hasV, hasF, v, f, is); err != nil {
		return 0, err
	}
	return i, nil
}

// usualCell reads, faster than wholeCell, the cells that make up most
// sheets, as Excel and excelize write them: a shared string, a number or
// an inline string, with a plain reference and optional style and type,
//
//	<c r="B12" s="3" t="s"><v>value</v></c>
//	<c r="B12" s="3" t="inlineStr"><is><t>text</t></is></c>
//
// n is 0 for anything else (another order or form of the attributes, a
// formula, an entity, a value that is not of those kinds), which
// wholeCell then reads. The caller makes sure wholeCell could read it.
func (r *sheetReader) usualCell(buf []byte) (n int) {
	if len(buf) < 20 || string(buf[:6]) != `<c r="` {
		return 0
	}
	// The reference, as parseRef reads it when it is in capitals. Read in
	// one pass here, as is the style: finding the ends of the values for
	// parseRef and atoi costs this path 3-4%.
	i, col := 6, 0
	for ; i < len(buf) && buf[i]-'A' < 26; i++ {
		if col = col*26 + int(buf[i]-'A') + 1; col > 16384 {
			return 0
		}
	}
	d, row := i, 0
	for ; i < len(buf) && buf[i]-'0' < 10; i++ {
		if row = row*10 + int(buf[i]-'0'); row > 1048576 {
			return 0
		}
	}
	if col == 0 || row == 0 || i == d || i+1 >= len(buf) || buf[i] != '"' {
		return 0
	}
	i++
	style, typ := -1, typNone
	if len(buf)-i > 5 && string(buf[i:i+4]) == ` s="` { // a style, as atoi reads it
		i += 4
		d, style = i, 0
		for ; i < len(buf) && buf[i]-'0' < 10; i++ {
			style = style*10 + int(buf[i]-'0')
		}
		if i == d || i-d > 9 || i >= len(buf) || buf[i] != '"' {
			return 0
		}
		i++
	}
	if len(buf)-i > 5 && string(buf[i:i+4]) == ` t="` {
		i += 4
		d = i
		for ; i < len(buf) && i-d < 10 && buf[i] != '"'; i++ {
		}
		if i >= len(buf) || buf[i] != '"' {
			return 0
		}
		typ = cellType(buf[d:i])
		i++
	}
	var v []byte
	switch {
	case typ == typInline:
		if len(buf)-i < 8 || string(buf[i:i+8]) != "><is><t>" {
			return 0
		}
		i += 8
		text, amp, j := textTo(buf[i:])
		if amp || j <= 0 || len(buf)-i-j < 13 || string(buf[i+j:i+j+13]) != "</t></is></c>" {
			return 0
		}
		v, i = text, i+j+13
	case typ == typShared || typ == typNone:
		if len(buf)-i < 4 || string(buf[i:i+4]) != "><v>" {
			return 0
		}
		i += 4
		// A string index or a number: a few digits.
		d = i
		for ; i < len(buf) && i-d < 24 && buf[i] != '<' && buf[i] != '&'; i++ {
		}
		if len(buf)-i < 8 || string(buf[i:i+8]) != "</v></c>" {
			return 0
		}
		v, i = buf[d:i], i+8
	default:
		return 0
	}
	c := Cell{Col: col, Format: r.b.format(style)}
	switch {
	case col > r.b.lim.MaxColumns, r.cellsInRow >= 16384: // as wholeCell, with the issue
		return 0
	case typ == typInline:
		// _xHHHH_ escapes only shorten the text: it is short enough.
		if len(v) > r.b.lim.MaxCellChars {
			return 0
		}
		c.Kind, c.Str = Text, r.b.strs.ooxml(v)
	case typ == typShared:
		k, ok := atoi(v)
		if !ok || k >= len(r.b.sst) || len(r.b.sst[k]) > r.b.lim.MaxCellChars {
			return 0
		}
		c.Kind, c.Str = Text, r.b.sst[k]
	default:
		x, ok := parseNumber(v)
		if !ok {
			return 0
		}
		c.Kind, c.Num = Number, x
	}
	// As the start tag and </c> do in token.
	r.cellsInRow++
	r.lastCol = col
	r.phonetic = 0
	r.add(c)
	return i
}

// finishCell stores the open cell with its value, type and formula.
func (r *sheetReader) finishCell(hasV, hasF bool, vbuf, fbuf, is []byte) error {
	r.cellOpen = false
	return r.store(r.cell, r.typ, hasV, hasF, vbuf, fbuf, is)
}

// store adds cell c of type typ with its value and formula to the open
// row, unless it is empty or beyond the last column read.
func (r *sheetReader) store(c Cell, typ cellKind, hasV, hasF bool, vbuf, fbuf, is []byte) error {
	b := r.b
	switch {
	case typ == typInline:
		if len(is) == 0 {
			return nil
		}
		c.Kind, c.Str = Text, b.strs.ooxml(is)
	case !hasV && hasF:
		c.Kind, c.Str = Uncalculated, string(fbuf)
	case !hasV:
		return nil
	case typ == typShared:
		i, ok := atoi(vbuf)
		if !ok {
			var err error
			if i, err = strconv.Atoi(string(vbuf)); err != nil {
				i = -1
			}
		}
		if i < 0 || i >= len(b.sst) {
			c.Kind, c.Str = ErrorValue, "#REF!"
		} else {
			c.Kind, c.Str = Text, b.sst[i]
		}
	case typ == typStr:
		c.Kind, c.Str = Text, b.strs.ooxml(vbuf)
	case typ == typBool:
		c.Kind = Bool
		if string(vbuf) == "1" || string(vbuf) == "true" {
			c.Num = 1
		}
	case typ == typError:
		c.Kind, c.Str = ErrorValue, b.strs.string(vbuf)
	case typ == typDate:
		if tm, err := time.Parse("2006-01-02T15:04:05", trimISO(string(vbuf))); err == nil {
			c.Kind, c.Num, c.Format = Number, parse.ToSerial(tm), FormatDate
		} else {
			c.Kind, c.Str = Text, string(vbuf)
		}
	default:
		if v, ok := parseNumber(vbuf); ok {
			c.Kind, c.Num = Number, v
		} else {
			c.Kind, c.Str = Text, b.strs.string(vbuf)
		}
	}
	if c.Kind == Text && len(c.Str) > b.lim.MaxCellChars && utf8.RuneCountInString(c.Str) > b.lim.MaxCellChars {
		return b.partError(r.part, errTokenTooLong)
	}
	if c.Col > b.lim.MaxColumns {
		if r.t.DroppedCells == 0 {
			r.t.DroppedRef = Ref(c.Col, r.row.Num)
		}
		r.t.DroppedCells++
		return nil
	}
	if c.Kind == Uncalculated {
		r.pending = append(r.pending, pendingCell{row: len(r.t.Rows), col: c.Col})
	}
	r.add(c)
	return nil
}

// add appends c to the open row's cells. Cells are kept in slabs that
// are allocated once and never grown: when one is full, the open row's
// cells move to a new one, and the rows before keep pointing into the
// old. A long sheet so costs no copying and no more memory than its cells.
func (r *sheetReader) add(c Cell) {
	if len(r.cells) == cap(r.cells) {
		open := r.cells[r.rowStart:]
		next := make([]Cell, len(open), max(cellSlab, 2*len(open)))
		copy(next, open)
		r.cells, r.rowStart = next, 0
	}
	r.cells = append(r.cells, c)
}

// cellSlab is the size of the slabs of cells after the first.
const cellSlab = 1 << 14

// parseNumber parses a cell's number as strconv.ParseFloat does, without
// its general parser for the plain integers most cells hold.
func parseNumber(b []byte) (float64, bool) {
	if len(b) > 0 && len(b) <= 15 {
		n := int64(0)
		i := 0
		for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
			n = n*10 + int64(b[i]-'0')
		}
		if i == len(b) {
			// Exact: below 10^15 < 2^53.
			return float64(n), true
		}
	}
	v, err := strconv.ParseFloat(string(b), 64)
	return v, err == nil
}

// pendingCell is an Uncalculated cell: its row's index in the Table and
// its column. (Not its index in the row: rows are sorted by column after.)
type pendingCell struct{ row, col int }

// cellsHint guesses how many cells a worksheet part holds from its declared
// size (about 30 bytes of XML per cell), so that most sheets fit in one
// slab; a wrong header only costs another slab.
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
