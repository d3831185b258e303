package sheet

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"lwc/report/settings"
	"lwc/report/sheet/sheettest"
)

var update = flag.Bool("update", false, "rewrite the fuzz seed corpus in testdata/fuzz")

// openSeeds are the files FuzzOpen starts from: every kind Open tells apart.
func openSeeds() [][]byte {
	small := sheettest.Workbook([]string{"ข้อมูลอำเภอ", " เบิกจ่าย "}, func(i int, w io.Writer) error {
		_, err := io.WriteString(w, `<row r="1"><c r="A1" t="inlineStr"><is><t>รหัสโครงการ</t></is></c><c r="B1" t="s"><v>0</v></c></row>`+
			`<row r="2"><c r="A2" t="str"><v>P01</v></c><c r="B2" s="1"><f>1/0</f></c><c r="C2" t="e"><v>#REF!</v></c><c r="D2"><v>46346</v></c></row>`)
		return err
	}, func(w io.Writer) error {
		_, err := io.WriteString(w, `<si><t>เบิกจ่ายสะสม (บาท)</t></si><si><r><t>a</t></r><rPh><t>b</t></rPh></si>`)
		return err
	})
	return [][]byte{
		small, small[:len(small)/2], sheettest.XLS(), sheettest.Encrypted(), sheettest.ODS(),
		[]byte("PK\x05\x06" + string(make([]byte, 18))), []byte("<html><table>"), []byte("a,b\n1,2"), {},
	}
}

func FuzzOpen(f *testing.F) {
	for _, s := range openSeeds() {
		f.Add(s)
	}
	lim := settings.Limits{MaxXMLBytes: 1 << 20, MaxUnzipBytes: 4 << 20, MaxRows: 1000, MaxColumns: 50, MaxCellChars: 1000, MaxSheets: 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		Sniff(data)
		b, err := OpenBytes(data, lim)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		for _, s := range b.Sheets {
			tb, err := b.Read(s)
			if err != nil {
				continue
			}
			if len(tb.Rows) > lim.MaxRows {
				t.Fatalf("%d rows", len(tb.Rows))
			}
			FindHeader(tb, []string{"รหัสโครงการ", "เบิกจ่ายสะสม"}, []string{"หมายเหตุ"})
			Labels(tb, []string{"รหัสอำเภอ"})
		}
	})
}

func FuzzHeader(f *testing.F) {
	f.Add("รหัสโครงการ", "เบิกจ่ายสะสม (บาท)", "หมายเหตุ:", 1)
	f.Add(" รหัส\nโครงการ ", "", "(", 25)
	f.Fuzz(func(t *testing.T, a, b, c string, row int) {
		tb := &Table{Rows: []Row{{Num: row, Cells: []Cell{{Col: 1, Kind: Text, Str: a}, {Col: 2, Kind: Text, Str: b}, {Col: 3, Kind: Text, Str: c}}}}}
		h, missing := FindHeader(tb, []string{"รหัสโครงการ", "เบิกจ่ายสะสม"}, []string{"หมายเหตุ"})
		if len(missing) == 0 && (h.Cols["รหัสโครงการ"] == 0 || h.Cols["เบิกจ่ายสะสม"] == 0) {
			t.Fatalf("%+v", h)
		}
	})
}

func TestFuzzCorpus(t *testing.T) {
	for i, s := range openSeeds() {
		path := filepath.Join("testdata", "fuzz", "FuzzOpen", fmt.Sprintf("seed%02d", i))
		want := "go test fuzz v1\n[]byte(" + strconv.Quote(string(s)) + ")\n"
		if *update {
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		// Only presence is checked: compressed bytes may change with the Go
		// release, and any seed that opens is as good.
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%s is missing; run go test ./report/sheet -run FuzzCorpus -update", path)
		}
	}
}
