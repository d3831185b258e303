package sheet

import (
	"strconv"

	"lwc/report/parse"
)

// CellKind is what a cell holds.
type CellKind uint8

const (
	Empty        CellKind = iota // nothing (never stored in a Row)
	Number                       // Num; Format tells whether it is a date or percent
	Text                         // Str
	Bool                         // Num is 1 or 0
	ErrorValue                   // Str is the error value, e.g. "#DIV/0!"
	Uncalculated                 // a formula with no cached value that could not be calculated; Str is the formula
)

// Cell is one non-empty cell.
type Cell struct {
	Str     string
	Num     float64
	Col     int // 1-based column
	Kind    CellKind
	Format  Format
	Formula bool // the value comes from a formula (cached or calculated)
}

// Row is one row with at least one non-empty cell; cells are sorted by
// column.
type Row struct {
	Num    int // 1-based sheet row
	Hidden bool
	Cells  []Cell
}

// Cell returns the cell of row r at column col (Kind Empty when there is
// none).
func (r Row) Cell(col int) Cell {
	// Most rows are filled from column A on: the cell is then at col-1,
	// and, cells being sorted by column, the first of its column when the
	// one before is left of it.
	if i := col - 1; i >= 0 && i < len(r.Cells) && r.Cells[i].Col == col && (i == 0 || r.Cells[i-1].Col < col) {
		return r.Cells[i]
	}
	for _, c := range r.Cells {
		if c.Col == col {
			return c
		}
		if c.Col > col {
			break
		}
	}
	return Cell{Col: col}
}

// FirstText returns the first text cell of the row.
func (r Row) FirstText() (Cell, bool) {
	for _, c := range r.Cells {
		if c.Kind == Text && !parse.IsBlank(c.Str) {
			return c, true
		}
	}
	return Cell{}, false
}

// Table is a sheet read into memory: its non-empty rows in order.
type Table struct {
	Name string // the sheet's name in the workbook
	Rows []Row
	// Truncated is set when the sheet had more non-empty rows than
	// Limits.MaxRows; Rows holds the first MaxRows.
	Truncated bool
	// DroppedCells counts non-empty cells right of Limits.MaxColumns, which
	// are not read; DroppedRef names the first of them.
	DroppedCells int
	DroppedRef   string
	// Estimate, in the tables ReadChunks hands out, is how many rows the
	// sheet may have in all, from the share of it read so far (for sizing
	// what the rows are read into; never more than the row limit).
	Estimate int
}

// Text returns the cell's content as text: text as is, a number as Go
// formats it, an error value as is.
func (c Cell) Text() string {
	switch c.Kind {
	case Text, ErrorValue, Uncalculated:
		return c.Str
	case Number:
		return strconv.FormatFloat(c.Num, 'f', -1, 64)
	case Bool:
		if c.Num != 0 {
			return "TRUE"
		}
		return "FALSE"
	}
	return ""
}

// IsBlank reports whether the cell is empty or holds only whitespace.
func (c Cell) IsBlank() bool {
	return c.Kind == Empty || (c.Kind == Text && parse.IsBlank(c.Str))
}

// ColName returns the letters of a 1-based column: 1 → "A", 28 → "AB".
func ColName(col int) string {
	if col < 1 {
		return ""
	}
	var b []byte
	for col > 0 {
		col--
		b = append(b, byte('A'+col%26))
		col /= 26
	}
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

// Ref returns the A1 reference of a cell: Ref(6, 12) == "F12".
func Ref(col, row int) string { return ColName(col) + strconv.Itoa(row) }

// ParseRef splits an A1 reference ("F12", "$F$12") into column and row. ok
// is false for anything else or out of Excel's range.
func ParseRef(ref string) (col, row int, ok bool) { return parseRef(ref) }

func parseRef[T string | []byte](ref T) (col, row int, ok bool) {
	i := 0
	if i < len(ref) && ref[i] == '$' {
		i++
	}
	for ; i < len(ref); i++ {
		c := ref[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c < 'A' || c > 'Z' {
			break
		}
		col = col*26 + int(c-'A'+1)
		if col > 16384 {
			return 0, 0, false
		}
	}
	if i < len(ref) && ref[i] == '$' {
		i++
	}
	if col == 0 || i == len(ref) {
		return 0, 0, false
	}
	for ; i < len(ref); i++ {
		c := ref[i]
		if c < '0' || c > '9' {
			return 0, 0, false
		}
		row = row*10 + int(c-'0')
		if row > 1048576 {
			return 0, 0, false
		}
	}
	return col, row, row > 0
}
