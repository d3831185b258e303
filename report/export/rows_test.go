package export

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// excelizeRows writes rows through excelize's StreamWriter.SetRow, each
// cell with its style, and returns what the sheet's <sheetData> holds.
func excelizeRows(t testing.TB, styles []int, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for r, vals := range rows {
		cells := make([]any, len(vals))
		for i, v := range vals {
			cells[i] = &excelize.Cell{StyleID: styles[i], Value: v}
		}
		if err := sw.SetRow("A"+strconv.Itoa(r+1), cells); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name != "xl/worksheets/sheet1.xml" {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		x, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		i, j := bytes.Index(x, []byte("<sheetData>")), bytes.Index(x, []byte("</sheetData>"))
		if i < 0 || j < i {
			t.Fatalf("no sheetData in %s", x)
		}
		return x[i+len("<sheetData>") : j]
	}
	t.Fatal("no sheet1.xml")
	return nil
}

// ourRows encodes rows with encodeRow.
func ourRows(t testing.TB, styles []int, rows [][]any) []byte {
	t.Helper()
	var buf []byte
	for r, vals := range rows {
		var err error
		if buf, err = encodeRow(buf, r+1, styles, vals); err != nil {
			t.Fatal(err)
		}
	}
	return buf
}

type named string

// TestRowsLikeExcelize: encodeRow writes, byte for byte, what excelize's
// StreamWriter writes for every kind of value and text the exports may
// hold, hostile text included.
func TestRowsLikeExcelize(t *testing.T) {
	long := strings.Repeat("ก", 40000)
	emoji := strings.Repeat("😀", 16390) // 32,780 UTF-16 units
	texts := []string{
		"", " ", "อำเภอเมืองขอนแก่น", " นำหน้า", "ตามหลัง ", "\tแท็บ", "บรรทัด\nใหม่", "\r\n",
		`<b>&"'</b>`, "a_b", "_x0041_", "_x005F_", "_x005F_x0041_", "_x005F_x004G_", "_xD800_", "_xDFFF_x0041_",
		"__x0041__", "_x00e9_", "_X0041_", "x0041_", "_x0041", "ผิด\x00\x01\x1fควบคุม", "\x7f", "bad \xff\xfe utf8",
		"\uFFFE\uFFFF", "\uFFFD", "𝕏 นอกระนาบ", long, long + " ", emoji, strings.Repeat("a", 32767), strings.Repeat("a", 32768),
		strings.Repeat("_x0041_", 5000), "&#xA;", "=SUM(A1)", "1,234.50", "\u00a0",
	}
	var rows [][]any
	for i := 0; i < len(texts); i += 3 {
		row := []any{}
		for _, s := range texts[i:min(i+3, len(texts))] {
			row = append(row, s)
		}
		rows = append(rows, row)
	}
	rows = append(rows,
		[]any{0.0, math.Copysign(0, -1), 1e21, 1.5e-7, 0.1 + 0.2, -123456789.125, math.MaxFloat64, math.SmallestNonzeroFloat64},
		[]any{math.NaN(), math.Inf(1), math.Inf(-1), float32(0.1), float32(3)},
		[]any{0, -1, math.MaxInt64, math.MinInt64, int8(-8), int16(16), int32(-32), uint(7), uint8(8), uint16(16), uint32(32), uint64(math.MaxUint64)},
		[]any{nil, true, false, []byte("ไบต์"), named("ชื่อ"), nil, nil},
		[]any{},
		make([]any, 30), // columns past Z
	)
	rows[len(rows)-1][27] = "AB"
	styles := make([]int, 30)
	for i := range styles {
		styles[i] = i % 4 // some cells with the default style (0)
	}
	want := excelizeRows(t, styles, rows)
	got := ourRows(t, styles, rows)
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		lo := max(0, i-80)
		t.Errorf("rows differ at byte %d of %d/%d:\n got …%.200s\nwant …%.200s", i, len(got), len(want), got[lo:], want[lo:])
	}
}

// TestRowsRefused: values the exports never write and encodeRow cannot
// write as excelize would are an error, not a silent difference.
func TestRowsRefused(t *testing.T) {
	for _, v := range []any{excelize.Cell{Value: 1}, &excelize.Cell{}, []excelize.RichTextRun{{Text: "x"}}} {
		if _, err := encodeRow(nil, 1, []int{1}, []any{v}); err == nil {
			t.Errorf("%T: no error", v)
		}
	}
}

// TestSplice: rows go before the part's only </sheetData>, compressed
// ahead into a deflate segment of their own and copied into the part's
// stream (the zip reader checks the CRC-32 as it reads each part to its
// end); a part without one, or rows whose part never came, is an error.
func TestSplice(t *testing.T) {
	dir := t.TempDir()
	spooled := func() *spool {
		sp := &spool{dir: dir}
		for r := 4; r <= 5; r++ {
			if err := sp.row(r, []int{2}, []any{"x"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := sp.endSheet("xl/worksheets/sheet1.xml"); err != nil {
			t.Fatal(err)
		}
		if err := sp.row(4, []int{2}, []any{1}); err != nil {
			t.Fatal(err)
		}
		sp.endSheet("xl/worksheets/sheet2.xml")
		sp.endSheet("xl/worksheets/sheet3.xml") // no rows: nothing to splice
		return sp
	}
	// zipped writes parts (name, held content) through a sortedZip over
	// the spool and returns the workbook's bytes.
	zipped := func(sp *spool, parts ...string) ([]byte, error) {
		var out bytes.Buffer
		z := &sortedZip{w: zip.NewWriter(&out), dir: dir, rows: sp}
		for i := 0; i < len(parts); i += 2 {
			w, err := z.Create(parts[i])
			if err != nil {
				return nil, err
			}
			if _, err := io.WriteString(w, parts[i+1]); err != nil {
				return nil, err
			}
		}
		err := z.Close()
		return out.Bytes(), err
	}
	sp := spooled()
	if !sp.rowsOf("xl/worksheets/sheet1.xml") || sp.rowsOf("xl/worksheets/sheet3.xml") {
		t.Errorf("rowsOf: parts %v", sp.parts)
	}
	head := `<worksheet><sheetData><row r="1"></row></sheetData><mergeCells/></worksheet>`
	book, err := zipped(sp, "xl/worksheets/sheet1.xml", head, "xl/worksheets/sheet2.xml", head, "xl/worksheets/sheet3.xml", head)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"xl/worksheets/sheet1.xml": `<worksheet><sheetData><row r="1"></row>` +
			`<row r="4"><c r="A4" s="2" t="inlineStr"><is><t>x</t></is></c></row>` +
			`<row r="5"><c r="A5" s="2" t="inlineStr"><is><t>x</t></is></c></row>` +
			`</sheetData><mergeCells/></worksheet>`,
		"xl/worksheets/sheet2.xml": `<worksheet><sheetData><row r="1"></row>` +
			`<row r="4"><c r="A4" s="2"><v>1</v></c></row>` +
			`</sheetData><mergeCells/></worksheet>`,
		"xl/worksheets/sheet3.xml": head,
	}
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc) // archive/zip fails a wrong CRC-32 here
		rc.Close()
		if err != nil || string(got) != want[zf.Name] {
			t.Errorf("%s spliced (%v)\n%s\nwant\n%s", zf.Name, err, got, want[zf.Name])
		}
		delete(want, zf.Name)
	}
	if len(want) > 0 {
		t.Errorf("parts missing: %v", want)
	}
	sp.remove()

	sp = spooled()
	if _, err := zipped(sp, "xl/worksheets/sheet1.xml", head); err == nil || !strings.Contains(err.Error(), "sheet2.xml") {
		t.Errorf("unwritten = %v, want sheet2.xml named", err)
	}
	for _, bad := range []string{`<worksheet></worksheet>`, `<sheetData></sheetData></sheetData>`} {
		if _, err := zipped(sp, "xl/worksheets/sheet2.xml", bad); err == nil {
			t.Errorf("spliced into %s", bad)
		}
		sp.parts["xl/worksheets/sheet2.xml"] = span{}
	}
	name := sp.f.Name()
	sp.remove()
	if _, err := os.Stat(name); !os.IsNotExist(err) {
		t.Errorf("spool file left: %v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("left %v", ents)
	}
}

// crc32Combine gives the CRC-32 of a concatenation, at every split.
func TestCRC32Combine(t *testing.T) {
	data := []byte(strings.Repeat("<row r=\"1\"><c r=\"A1\"><v>ร้อยละ 12.5</v></c></row>", 40))
	for _, cut := range []int{0, 1, 7, 64, len(data) / 2, len(data) - 1, len(data)} {
		a, b := data[:cut], data[cut:]
		got := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), int64(len(b)))
		if want := crc32.ChecksumIEEE(data); got != want {
			t.Errorf("cut at %d: %08x, want %08x", cut, got, want)
		}
	}
}

// FuzzRowsLikeExcelize compares encodeRow with excelize's StreamWriter
// on arbitrary text and numbers.
func FuzzRowsLikeExcelize(f *testing.F) {
	for _, s := range []string{"", " อำเภอ ", "_x0041_", "_x005F_x0041_", "_xD800_", "a&<>\"'b", "\x00\t\n\r", "\xff", "\uFFFE"} {
		f.Add(s, 1.5, int64(-3))
	}
	f.Add("x", math.Inf(1), int64(math.MaxInt64))
	f.Fuzz(func(t *testing.T, s string, x float64, n int64) {
		rows := [][]any{{s, x, n, nil, s + " " + s}}
		styles := []int{1, 2, 3, 0, 4}
		if got, want := ourRows(t, styles, rows), excelizeRows(t, styles, rows); !bytes.Equal(got, want) {
			t.Errorf("got  %q\nwant %q", got, want)
		}
	})
}
