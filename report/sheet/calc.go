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
// when needed. A hostile formula must not hang the run: formulas that could
// touch huge ranges or build references at run time are not calculated, and
// all calculations of one workbook share a time budget after which the rest
// stay Uncalculated.

const (
	calcBudget     = 3 * time.Second
	maxFormulaLen  = 2000
	maxRangeCells  = 200000
	maxCalcPerBook = 20000
)

type calculator struct {
	f        *excelize.File
	failed   bool
	spent    time.Duration
	count    int
	deadline bool // the budget ran out: the excelize file may still be busy
}

var (
	rangeRe     = regexp.MustCompile(`\$?([A-Za-z]{1,3})\$?([0-9]{1,7}):\$?([A-Za-z]{1,3})\$?([0-9]{1,7})`)
	wholeColRow = regexp.MustCompile(`(^|[^A-Za-z0-9_.])\$?([A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|[0-9]{1,7}:\$?[0-9]{1,7})([^A-Za-z0-9_(]|$)`)
	dynamicRef  = regexp.MustCompile(`(?i)\b(INDIRECT|OFFSET|INDEX|HYPERLINK|WEBSERVICE|RTD|CALL|REGISTER)\s*\(`)
)

// calculable reports whether a formula is safe to hand to excelize: short,
// no whole-column or whole-row reference, no range larger than
// maxRangeCells, no reference built at run time, no other workbook.
// An empty formula (a shared formula's follower) is judged by excelize's
// expansion and the time budget.
func calculable(formula string) bool {
	if len(formula) > maxFormulaLen || strings.Contains(formula, "[") || dynamicRef.MatchString(formula) {
		return false
	}
	if wholeColRow.MatchString(formula) {
		return false
	}
	for _, m := range rangeRe.FindAllStringSubmatch(formula, -1) {
		c1, r1, ok1 := ParseRef(m[1] + m[2])
		c2, r2, ok2 := ParseRef(m[3] + m[4])
		if !ok1 || !ok2 {
			return false
		}
		w, h := abs(c2-c1)+1, abs(r2-r1)+1
		if w*h > maxRangeCells {
			return false
		}
	}
	return true
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
		if c.failed || c.deadline || c.count >= maxCalcPerBook || c.spent >= calcBudget {
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
		cell := &row.Cells[i]
		if cell.Str != "" && !calculable(cell.Str) {
			continue
		}
		c.count++
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
