package report

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"lwc/report/settings"
	"lwc/report/sheet/sheettest"
)

var update = flag.Bool("update", false, "rewrite the fuzz seed corpus in testdata/fuzz")

// submissionSeeds are a clean submission, messy ones and broken files.
func submissionSeeds(t testing.TB) [][]byte {
	messy := testSub("5201")
	messy.code, messy.asOf = " ๕๒๐๑ ", "20 พ.ย. 69"
	messy.budget[0][5] = "(1,234)"
	messy.budget[1][5] = formula("D4/0")
	messy.budget = append(messy.budget, []any{"รวม", nil, nil, 1, 2, 3})
	good := testSub("5202").bytes(t)
	return [][]byte{good, messy.bytes(t), good[:len(good)*2/3], sheettest.XLS(), {}}
}

// FuzzReadSubmission opens arbitrary bytes as a district submission: it
// must never panic or hang, and every issue must be complete.
func FuzzReadSubmission(f *testing.F) {
	for _, s := range submissionSeeds(f) {
		f.Add(s)
	}
	lim := settings.Limits{MaxXMLBytes: 1 << 20, MaxUnzipBytes: 4 << 20, MaxRows: 2000, MaxColumns: 50, MaxCellChars: 2000, MaxSheets: 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := openBook("", data, lim)
		if err != nil {
			return
		}
		s, err := b.readSubmission("f.xlsx")
		for _, is := range b.issues.all() {
			if is.Code == "" || is.Message == "" || (is.Severity != SeverityError && is.Severity != SeverityWarning) {
				t.Fatalf("incomplete issue %+v", is)
			}
		}
		if err == nil && s.Submission == nil {
			t.Fatal("no submission and no error")
		}
		if err == nil {
			// A checked inbox keeps the lines in their compact form: it
			// must give back exactly what was read (names and work groups
			// aside, see Submission.Lines).
			got := encodeLines(s.Projects).lines()
			if len(got) != len(s.Projects) {
				t.Fatalf("%d lines kept of %d", len(got), len(s.Projects))
			}
			for i, w := range s.Projects {
				w.Name, w.WorkGroup = "", ""
				if !sameLine(got[i], w) {
					t.Fatalf("line %d kept as %+v, read %+v", i, got[i], w)
				}
			}
		}
	})
}

// sameLine compares lines field by field, amounts by their bits.
func sameLine(a, b ProjectLine) bool {
	same := func(x, y Value) bool { return x.OK == y.OK && math.Float64bits(x.V) == math.Float64bits(y.V) }
	return a.Code == b.Code && a.Name == b.Name && a.WorkGroup == b.WorkGroup && a.Note == b.Note && a.Row == b.Row &&
		same(a.Allocated, b.Allocated) && same(a.Committed, b.Committed) && same(a.Disbursed, b.Disbursed)
}

func TestFuzzCorpus(t *testing.T) {
	for i, s := range submissionSeeds(t) {
		path := filepath.Join("testdata", "fuzz", "FuzzReadSubmission", fmt.Sprintf("seed%02d", i))
		if *update {
			os.MkdirAll(filepath.Dir(path), 0o755)
			data := "go test fuzz v1\n[]byte(" + strconv.Quote(string(s)) + ")\n"
			if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%s is missing; run go test ./report -run FuzzCorpus -update", path)
		}
	}
}
