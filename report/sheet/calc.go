package sheet

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Formulas without a cached value (written by some tools that do not
// calculate) are calculated with excelize, opened once per workbook and only
// when needed. A hostile formula must not hang or kill the run:
//
//   - excelize evaluates a formula by evaluating every formula cell it
//     refers to, recursively and whatever their cached values, on the
//     calling goroutine's stack. A chain of 100,000 formulas (B1 =B2+1,
//     B2 =B3+1, ...) grows that stack past Go's 1 GB limit, a fatal error
//     no recover catches: the whole run would die, seconds after the
//     calculation had been given up. excelize enters each formula cell at
//     most once per calculation, so the chain is no longer than the
//     workbook's formula cells: a workbook with more than maxBookFormulas
//     of them, or more than maxBookNames defined names, is not calculated
//     at all (at 5,000 a chain takes about 0.3 s and 50 MB of stack).
//   - Every formula of every worksheet, not only the ones without a value,
//     must be calculable (see there) and their ranges together must not
//     exceed maxBookRangeCells, so that the work a calculation can reach is
//     bounded too: excelize allocates about 500 bytes for each cell of a
//     range it resolves (a SUMPRODUCT over two ranges of 200,000 cells
//     took 1.2 s and 280 MB), and a form's sums run over a few hundred.
//   - excelize.OpenReader holds every part of the file inflated, and a
//     calculation unmarshals whole the sheets it touches, at about 35
//     times their XML: a sheet of 25 MB (within max_xml_bytes) took a
//     gigabyte and was still going at the time budget. A workbook of more
//     than maxCalcBytes inflated is not calculated (2 MB, about 70 MB of
//     allocation and 0.2 s; a district's form of a few hundred rows is
//     about 100 KB).
//   - All calculations of one workbook share a time budget after which the
//     rest stay Uncalculated. The budget cannot stop excelize (the abandoned
//     goroutine runs on); the bounds above are what make it end soon.

const (
	calcBudget        = 3 * time.Second
	maxFormulaLen     = 2000
	maxRangeCells     = 50000
	maxBookFormulas   = 5000
	maxBookNames      = 1000
	maxBookRangeCells = 100000
	maxCalcBytes      = 2 << 20
)

type calculator struct {
	f        *excelize.File
	failed   bool
	spent    time.Duration
	deadline bool // the budget ran out: the excelize file may still be busy
}

var (
	rangeRe     = regexp.MustCompile(`\$?([A-Za-z]{1,3})\$?([0-9]{1,7}):\$?([A-Za-z]{1,3})\$?([0-9]{1,7})`)
	wholeColRow = regexp.MustCompile(`(^|[^A-Za-z0-9_.])\$?([A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|[0-9]{1,7}:\$?[0-9]{1,7})([^A-Za-z0-9_(]|$)`)
	funcName    = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_.]*)\s*\(`)
)

// safeFuncs are the functions a calculated formula may call: what
// district forms use (sums, counts, rates, rounding, conditions, dates,
// lookups), each of whose work excelize bounds by its arguments' ranges.
// Left out on purpose: functions whose work or result grows with a
// number argument (REPT("x",1E12) builds its string in a loop until
// memory runs out, WORKDAY and NETWORKDAYS loop over days, FACT, MUNIT,
// SEQUENCE), references built at run time (INDIRECT, OFFSET, INDEX),
// the clock and chance (TODAY, NOW, RAND: a run must be reproducible),
// formatting (TEXT, FIXED), SUBSTITUTE (its result multiplies lengths)
// and everything else. A workbook with any other function is not
// calculated.
var safeFuncs = map[string]bool{
	"SUM": true, "SUMIF": true, "SUMIFS": true, "SUMPRODUCT": true, "PRODUCT": true,
	"AVERAGE": true, "AVERAGEA": true, "AVERAGEIF": true, "AVERAGEIFS": true,
	"COUNT": true, "COUNTA": true, "COUNTBLANK": true, "COUNTIF": true, "COUNTIFS": true,
	"MIN": true, "MAX": true, "MINIFS": true, "MAXIFS": true, "MEDIAN": true, "SUBTOTAL": true,
	"ROUND": true, "ROUNDUP": true, "ROUNDDOWN": true, "INT": true, "TRUNC": true,
	"ABS": true, "MOD": true, "CEILING": true, "FLOOR": true, "SIGN": true, "SQRT": true,
	"IF": true, "IFERROR": true, "IFNA": true, "IFS": true, "AND": true, "OR": true, "NOT": true,
	"TRUE": true, "FALSE": true, "ISBLANK": true, "ISNUMBER": true, "ISTEXT": true,
	"ISERROR": true, "ISERR": true, "ISNA": true, "N": true, "VALUE": true,
	"LEN": true, "LEFT": true, "RIGHT": true, "MID": true, "TRIM": true, "UPPER": true, "LOWER": true,
	"DATE": true, "YEAR": true, "MONTH": true, "DAY": true, "EDATE": true, "EOMONTH": true,
	"VLOOKUP": true, "HLOOKUP": true, "MATCH": true, "LOOKUP": true, "CHOOSE": true,
}

// outsideQuotes returns formula with its string literals and quoted sheet
// names blanked, so that what they hold is not read as functions or
// operators.
func outsideQuotes(formula string) string {
	b := []byte(formula)
	var q byte
	for i, c := range b {
		switch {
		case q == 0 && (c == '"' || c == '\''):
			q = c
		case q != 0 && c == q:
			q = 0 // a doubled quote closes and reopens: blank either way
		case q != 0:
			b[i] = ' '
		}
	}
	return string(b)
}

// calculable reports whether a formula is safe to hand to excelize, and
// how many cells its ranges cover (single references not counted): short,
// only safeFuncs, no text joined with & (a chain of B1 =B2&B2 doubles a
// string at every link), no whole-column or whole-row reference, no range
// larger than maxRangeCells, no other workbook.
func calculable(formula string) (cells int, ok bool) {
	if len(formula) > maxFormulaLen || strings.Contains(formula, "[") {
		return 0, false
	}
	bare := outsideQuotes(formula)
	if strings.Contains(bare, "&") {
		return 0, false
	}
	for _, m := range funcName.FindAllStringSubmatch(bare, -1) {
		name := strings.ToUpper(m[1])
		name = strings.TrimPrefix(strings.TrimPrefix(name, "_XLFN."), "_XLWS.")
		if !safeFuncs[name] {
			return 0, false
		}
	}
	if wholeColRow.MatchString(formula) {
		return 0, false
	}
	for _, m := range rangeRe.FindAllStringSubmatch(formula, -1) {
		c1, r1, ok1 := ParseRef(m[1] + m[2])
		c2, r2, ok2 := ParseRef(m[3] + m[4])
		if !ok1 || !ok2 {
			return 0, false
		}
		n := (abs(c2-c1) + 1) * (abs(r2-r1) + 1)
		if n > maxRangeCells {
			return 0, false
		}
		cells += n
	}
	return cells, true
}

// calculableBook reports whether excelize may calculate anything in the
// workbook (see the top of this file): it reads every worksheet's formulas
// and the defined names, stopping at the first bound passed.
func (b *Book) calculableBook() bool {
	// Declared sizes can be trusted here: archive/zip fails a part that
	// inflates to more or less than its header says.
	var size uint64
	for _, f := range b.zr.File {
		if size += f.UncompressedSize64; f.UncompressedSize64 > maxCalcBytes || size > maxCalcBytes {
			return false
		}
	}
	// A chunked read calculates while its own scanner is open on
	// b.scratch: these scans get buffers of their own.
	saved := b.scratch
	b.scratch = nil
	defer func() { b.scratch = saved }()

	formulas, cells := 0, 0
	shared := map[string]int{} // a shared formula's range cells, by si
	var si string
	var master bool // a shared formula's master or follower
	for _, s := range b.Sheets {
		if s.part == "" {
			continue
		}
		ok := b.elementTexts(s.part, "f", func(attrs []byte) bool {
			formulas++
			kind, _ := attr(attrs, "t", false)
			si, _ = attr(attrs, "si", false)
			master = kind == "shared" && si != ""
			return formulas <= maxBookFormulas
		}, func(f string) bool {
			if master && f == "" {
				// A follower (<f t="shared" si="0"/>): its master's
				// ranges, shifted.
				cells += shared[si]
				return cells <= maxBookRangeCells
			}
			n, ok := calculable(f)
			if master {
				shared[si] = n
			}
			cells += n
			return ok && cells <= maxBookRangeCells
		})
		if !ok {
			return false
		}
	}
	// Defined names are evaluated where a formula uses them. The
	// workbook's built-in ones (print areas and titles, filters) are
	// whole rows or columns by nature and never in a formula.
	names := 0
	builtIn := false
	return b.elementTexts(b.wbPart, "definedName", func(attrs []byte) bool {
		names++
		name, _ := attr(attrs, "name", false)
		builtIn = strings.HasPrefix(name, "_xlnm.")
		return names <= maxBookNames
	}, func(f string) bool {
		if builtIn {
			return true
		}
		n, ok := calculable(f)
		cells += n
		return ok && cells <= maxBookRangeCells
	})
}

// elementTexts hands judge the decoded text of every element named tag in
// part (empty for <tag/>), after start has seen its attributes. It
// reports false as soon as start or judge does, or when the part cannot
// be read or a text is longer than any calculable formula.
func (b *Book) elementTexts(part, tag string, start func(attrs []byte) bool, judge func(text string) bool) bool {
	var text []byte
	in, ok := false, true
	_, err := b.scanPart(part, b.maxToken(), func(t *token) (bool, error) {
		switch t.kind {
		case tokStart:
			if string(t.name()) != tag {
				return true, nil
			}
			if ok = start(t.attrs()); !ok {
				return false, nil
			}
			if t.selfClose {
				ok = judge("")
				return ok, nil
			}
			in, text = true, text[:0]
		case tokText, tokCDATA:
			if in {
				if ok = len(text)+len(t.text()) <= maxFormulaLen*10; !ok {
					return false, nil
				}
				text = decodeText(text, t.text())
			}
		case tokEnd:
			if in && string(t.name()) == tag {
				in = false
				ok = judge(string(text))
				return ok, nil
			}
		}
		return true, nil
	})
	return err == nil && ok
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// calculate fills the pending Uncalculated cells of t.
func (b *Book) calculate(sheet string, t *Table, pending []pendingCell) {
	if b.calc == nil {
		b.calc = &calculator{}
		if !b.calculableBook() {
			b.calc.failed = true
			return
		}
		f, err := excelize.OpenReader(bytes.NewReader(b.data), excelize.Options{
			UnzipSizeLimit:    b.lim.MaxUnzipBytes,
			UnzipXMLSizeLimit: b.lim.MaxXMLBytes,
		})
		if err != nil {
			b.calc.failed = true
		} else {
			b.calc.f = f
		}
	}
	c := b.calc
	for _, p := range pending {
		if c.failed || c.deadline || c.spent >= calcBudget {
			return
		}
		if p.row >= len(t.Rows) {
			continue // its row was not kept (the sheet was cut at MaxRows)
		}
		row := &t.Rows[p.row]
		i, found := slices.BinarySearchFunc(row.Cells, p.col, func(c Cell, col int) int { return c.Col - col })
		if !found || row.Cells[i].Kind != Uncalculated {
			continue
		}
		// Its formula, as every other of the workbook, was judged by
		// calculableBook.
		cell := &row.Cells[i]
		ref := Ref(cell.Col, row.Num)
		type result struct {
			v   string
			err error
		}
		done := make(chan result, 1)
		start := time.Now()
		go func() {
			defer func() {
				if r := recover(); r != nil {
					done <- result{err: errPanic}
				}
			}()
			v, err := c.f.CalcCellValue(sheet, ref, excelize.Options{RawCellValue: true})
			done <- result{v, err}
		}()
		timer := time.NewTimer(calcBudget - c.spent)
		select {
		case r := <-done:
			timer.Stop()
			c.spent += time.Since(start)
			setCalculated(cell, r.v, r.err)
		case <-timer.C:
			// The goroutine is abandoned with the excelize file; nothing
			// else of this workbook is calculated.
			c.deadline = true
			return
		}
	}
}

type panicError struct{}

func (panicError) Error() string { return "formula calculation panicked" }

var errPanic error = panicError{}

func setCalculated(cell *Cell, v string, err error) {
	if err != nil {
		// excelize reports an Excel error value (#DIV/0!, #N/A ...) as the
		// error's text.
		if e := err.Error(); strings.HasPrefix(e, "#") && len(e) <= 16 {
			cell.Kind, cell.Str = ErrorValue, e
		} else if strings.HasPrefix(v, "#") {
			cell.Kind, cell.Str = ErrorValue, v
		}
		return
	}
	if strings.HasPrefix(v, "#") && strings.ContainsAny(v, "!?/A") {
		cell.Kind, cell.Str = ErrorValue, v
		return
	}
	if n, perr := strconv.ParseFloat(v, 64); perr == nil {
		cell.Kind, cell.Num, cell.Str = Number, n, ""
		return
	}
	switch v {
	case "TRUE":
		cell.Kind, cell.Num, cell.Str = Bool, 1, ""
	case "FALSE":
		cell.Kind, cell.Num, cell.Str = Bool, 0, ""
	default:
		cell.Kind, cell.Str = Text, v
	}
}
