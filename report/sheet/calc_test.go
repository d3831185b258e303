package sheet

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/xuri/excelize/v2"

	"lwc/report/sheet/sheettest"
)

// chain writes B1 =B2+1, B2 =B3+1, ... Bn =1 on one sheet, with cached
// values when cached: excelize follows formulas whatever their values.
func chain(n int, cached bool) func(w io.Writer) {
	return func(w io.Writer) {
		for i := 1; i <= n; i++ {
			f := fmt.Sprintf("B%d+1", i+1)
			if i == n {
				f = "1"
			}
			v := ""
			if cached {
				v = fmt.Sprintf("<v>%d</v>", n-i+1)
			}
			fmt.Fprintf(w, `<row r="%d"><c r="B%d"><f>%s</f>%s</c></row>`, i, i, f, v)
		}
	}
}

// formulaBook is a workbook whose first sheet has A1 =formula without a
// cached value, and whose second sheet is written by second.
func formulaBook(formula string, first, second func(w io.Writer)) []byte {
	return sheettest.Workbook([]string{"a", "b"}, func(i int, w io.Writer) error {
		if i == 0 {
			fmt.Fprintf(w, `<row r="1"><c r="A1"><f>%s</f></c></row>`, formula)
			if first != nil {
				first(w)
			}
		} else if second != nil {
			second(w)
		}
		return nil
	}, nil)
}

// readA1 reads the first sheet and returns its A1 and whether excelize
// was ever opened to calculate.
func readA1(t *testing.T, data []byte) (Cell, bool) {
	t.Helper()
	b, tb := readFirst(t, data)
	if len(tb.Rows) == 0 {
		t.Fatal("no rows")
	}
	return tb.Rows[0].Cell(1), b.calc != nil && b.calc.f != nil
}

// TestFormulasCalculated: formulas without a cached value in workbooks of
// an ordinary size are calculated, across sheets, through chains and
// shared formulas.
func TestFormulasCalculated(t *testing.T) {
	shared := func(w io.Writer) {
		io.WriteString(w, `<row r="2"><c r="C2"><f t="shared" ref="C2:C4" si="0">SUM(D2:E2)</f></c><c r="D2"><v>1</v></c><c r="E2"><v>2</v></c></row>`)
		io.WriteString(w, `<row r="3"><c r="C3"><f t="shared" si="0"/></c><c r="D3"><v>3</v></c><c r="E3"><v>4</v></c></row>`)
		io.WriteString(w, `<row r="4"><c r="C4"><f t="shared" si="0"></f></c><c r="D4"><v>5</v></c><c r="E4"><v>6</v></c></row>`)
	}
	for _, c := range []struct {
		name string
		data []byte
		want float64
	}{
		// Short enough to finish well within calcBudget under -race on a
		// busy machine (4,000 took 4 s there, 0.3 s alone).
		{"a chain of 500 on another sheet", formulaBook("b!B1+1", nil, chain(500, false)), 501},
		{"shared formulas", formulaBook("SUM(C2:C4)", shared, nil), 21},
		{"text holding & and ( in quotes", formulaBook(`IFERROR(SUM(b!B1:B2)/2,"ไม่มี (&amp;)")`, nil, chain(2, false)), 1.5},
		{"functions Excel prefixes", formulaBook(`_xlfn.IFS(b!B2=1,ROUND(7/3,1))`, nil, chain(2, false)), 2.3},
	} {
		t.Run(c.name, func(t *testing.T) {
			a1, opened := readA1(t, c.data)
			if a1.Kind != Number || a1.Num != c.want || !opened {
				t.Errorf("A1 = %+v (excelize opened %v), want %v", a1, opened, c.want)
			}
		})
	}
}

// TestHostileFormulasNotCalculated: a workbook whose formulas could take
// excelize's recursion past Go's stack limit (a fatal error that would end
// the whole run) or keep it busy long after the time budget is not
// calculated at all: its formulas without a value stay Uncalculated, which
// the readers report cell by cell.
func TestHostileFormulasNotCalculated(t *testing.T) {
	names := func(n int, refersTo string) []byte {
		f := excelize.NewFile()
		defer f.Close()
		for i := range n {
			if err := f.SetDefinedName(&excelize.DefinedName{Name: fmt.Sprintf("n%d", i), RefersTo: refersTo}); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.SetCellFormula("Sheet1", "A1", "n0+1"); err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := f.Write(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	manyRanges := func(w io.Writer) {
		for i := 2; i <= 4; i++ { // three ranges of 40,000 cells
			fmt.Fprintf(w, `<row r="%d"><c r="C%d"><f>SUM(D1:S%d)</f><v>0</v></c></row>`, i, i, 40000/16)
		}
	}
	for _, c := range []struct {
		name string
		data []byte
	}{
		// Without the bound this one kills the test binary: "goroutine
		// stack exceeds 1000000000-byte limit".
		{"a chain of 100,000 formulas with values, on another sheet", formulaBook("b!B1+1", nil, chain(100000, true))},
		{"more than 2 MB of XML to hold", formulaBook("1+1", nil, func(w io.Writer) {
			for r := 1; r <= 60000; r++ {
				fmt.Fprintf(w, `<row r="%d"><c r="B%d"><v>%d</v></c></row>`, r, r, r)
			}
		})},
		{"more formulas than the bound", formulaBook("1+1", nil, chain(maxBookFormulas+1, true))},
		{"a whole column elsewhere", formulaBook("1+1", func(w io.Writer) {
			io.WriteString(w, `<row r="2"><c r="C2"><f>SUM(D:D)</f><v>0</v></c></row>`)
		}, nil)},
		{"a reference built at run time elsewhere", formulaBook("1+1", nil, func(w io.Writer) {
			io.WriteString(w, `<row r="1"><c r="B1"><f>INDIRECT("A"&amp;ROW())</f><v>0</v></c></row>`)
		})},
		{"ranges together too large", formulaBook("1+1", manyRanges, nil)},
		{"REPT (its loop builds the string until memory runs out)", formulaBook("LEN(b!B1)", nil, func(w io.Writer) {
			io.WriteString(w, `<row r="1"><c r="B1" t="str"><f>REPT("x",1E+15)</f><v></v></c></row>`)
		})},
		{"text doubled with & down a chain", formulaBook("LEN(b!B1)", nil, func(w io.Writer) {
			io.WriteString(w, `<row r="1"><c r="B1" t="str"><f>B2&amp;B2</f><v></v></c></row><row r="2"><c r="B2"><v>1</v></c></row>`)
		})},
		{"the clock", formulaBook("TODAY()-1", nil, nil)},
		{"a function not on the list", formulaBook("SUBSTITUTE(b!B1,1,2)", nil, chain(1, false))},
		{"too many defined names", names(maxBookNames+1, "Sheet1!$B$1")},
		{"a defined name built at run time", names(1, `INDIRECT("B1")`)},
	} {
		t.Run(c.name, func(t *testing.T) {
			a1, opened := readA1(t, c.data)
			if a1.Kind != Uncalculated || opened {
				t.Errorf("A1 = %+v (excelize opened %v), want it left Uncalculated", a1, opened)
			}
		})
	}
	// The same defined names within the bounds are calculated.
	if a1, _ := readA1(t, names(3, "Sheet1!$B$1")); a1.Kind != Number || a1.Num != 1 {
		t.Errorf("with three plain names, A1 = %+v, want 1", a1)
	}
}
