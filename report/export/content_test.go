package export

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"lwc/report"
	"lwc/report/reporttest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGoldenContent pins what Excel shows of both workbooks, read back with
// excelize: sheets, column widths, panes, row heights, and every cell's
// type, raw value and style (number format, font, fill, alignment,
// borders), empty styled cells included. The zip's bytes may change with
// how the workbooks are written; this may not. After an intended change,
// review the diff of `go test -update`.
func TestGoldenContent(t *testing.T) {
	dir := t.TempDir()
	inbox := &report.Inbox{Accepted: map[string]*report.Submission{
		"5201": {Projects: []report.ProjectLine{{Code: "P02", Note: "รอเบิกงวดสอง"}, {Code: "P02", Note: "ซ้ำ: ไม่ใช้"}}},
		"5203": {Projects: []report.ProjectLine{{Code: "P01", Note: "<&> \u2028"}, {Code: "X99", Note: "ไม่อยู่ในแผน"}}},
		"5213": nil,
	}}
	for _, w := range []struct {
		name  string
		write func(string) error
	}{
		{"consolidated", func(p string) error { return Consolidated(p, reporttest.Snapshot(), NotesOf(inbox)) }},
		{"consolidated-hostile", func(p string) error { return Consolidated(p, reporttest.Hostile(), nil) }},
		{"scores", func(p string) error { return Scores(p, reporttest.Snapshot()) }},
		{"scores-hostile", func(p string) error { return Scores(p, reporttest.Hostile()) }},
	} {
		p := filepath.Join(dir, w.name+".xlsx")
		if err := w.write(p); err != nil {
			t.Fatal(err)
		}
		got := dumpWorkbook(t, p)
		golden := filepath.Join("testdata", w.name+".golden.txt")
		if *update {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if got != string(want) {
			gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
			for i := range min(len(gl), len(wl)) {
				if gl[i] != wl[i] {
					t.Errorf("%s differs from %s at line %d:\n got %s\nwant %s", w.name, golden, i+1, gl[i], wl[i])
					break
				}
			}
			if len(gl) != len(wl) {
				t.Errorf("%s: %d lines, %s has %d", w.name, len(gl), golden, len(wl))
			}
		}
	}
}

// dumpWorkbook describes a workbook as text, one line per fact.
func dumpWorkbook(t *testing.T, path string) string {
	t.Helper()
	f := open(t, path)
	var b strings.Builder
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "props %q %q %q %q %q %q\n", props.Title, props.Creator, props.LastModifiedBy, props.Created, props.Modified, props.Language)
	fmt.Fprintf(&b, "active %d\n", f.GetActiveSheetIndex())
	styles := map[int]bool{}
	for _, sh := range f.GetSheetList() {
		fmt.Fprintf(&b, "sheet %s\n", sh)
		panes, err := f.GetPanes(sh)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "panes %s\n", jsonOf(t, panes))
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		ncol := 0
		for _, r := range rows {
			ncol = max(ncol, len(r))
		}
		ncol++ // and the first column past the table, which must be empty
		for c := 1; c <= ncol; c++ {
			name, _ := excelize.ColumnNumberToName(c)
			w, err := f.GetColWidth(sh, name)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "col %s width %v\n", name, w)
		}
		for r := 1; r <= len(rows)+1; r++ {
			h, err := f.GetRowHeight(sh, r)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "row %d height %v\n", r, h)
			for c := 1; c <= ncol; c++ {
				ref, _ := excelize.CoordinatesToCellName(c, r)
				v, err := f.GetCellValue(sh, ref, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				typ, err := f.GetCellType(sh, ref)
				if err != nil {
					t.Fatal(err)
				}
				st, err := f.GetCellStyle(sh, ref)
				if err != nil {
					t.Fatal(err)
				}
				if v == "" && st == 0 {
					continue
				}
				styles[st] = true
				fmt.Fprintf(&b, "%s type %d style %d %q\n", ref, typ, st, v)
			}
		}
	}
	for id := range 64 {
		if !styles[id] {
			continue
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "style %d %s\n", id, jsonOf(t, st))
	}
	return b.String()
}

func jsonOf(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
