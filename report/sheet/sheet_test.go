package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/richardlehane/mscfb"

	"lwc/report/settings"
	"lwc/report/sheet/sheettest"
)

func TestSniff(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want Kind
	}{
		{"empty", nil, KindEmpty},
		{"xls", sheettest.XLS(), KindXLS},
		{"encrypted", sheettest.Encrypted(), KindEncrypted},
		{"other ole", sheettest.OLE([]string{"WordDocument"}, [][]byte{[]byte("x")}), KindOLEOther},
		{"ods", sheettest.ODS(), KindODS},
		{"xlsx", sheettest.Workbook([]string{"a"}, nil, nil), KindXLSX},
		{"xlsb", sheettest.Zip(sheettest.Part{Name: "[Content_Types].xml", Data: "<Types/>"}, sheettest.Part{Name: "xl/workbook.bin", Data: "x"}), KindXLSB},
		{"docx", sheettest.Zip(sheettest.Part{Name: "[Content_Types].xml", Data: "<Types/>"}, sheettest.Part{Name: "word/document.xml", Data: "x"}), KindZipOther},
		{"truncated zip", sheettest.Workbook([]string{"a"}, nil, nil)[:300], KindCorruptZip},
		{"csv", []byte("a,b\r\n1,2\r\n"), KindText},
		{"thai csv", []byte("รหัส,ชื่อ\n5201,เมือง\n"), KindText},
		{"html", []byte("\xEF\xBB\xBF  <HTML><body><table></table></body></HTML>"), KindHTML},
		{"xml 2003", []byte(`<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>`), KindXML2003},
		{"pdf", []byte("%PDF-1.7"), KindPDF},
		{"png", []byte("\x89PNG\r\n\x1a\n"), KindImage},
		{"binary", []byte{0, 1, 2, 3, 4}, KindUnknown},
		{"ole garbage", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...), KindOLEOther},
	}
	for _, tc := range cases {
		if got := Sniff(tc.data); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestOpenRefusesWithThaiReason(t *testing.T) {
	for _, data := range [][]byte{nil, sheettest.XLS(), sheettest.Encrypted(), sheettest.ODS(), []byte("a,b"), []byte("<html>")} {
		_, err := OpenBytes(data, settings.Limits{})
		var e *Error
		if !errors.As(err, &e) || e.Code == "" || !strings.Contains(e.Msg, "โปรด") {
			t.Errorf("%v (%T)", err, err)
		}
	}
}

// expectLimit opens data with lim and checks it is refused with the code,
// having allocated no more than a limit lets through: a refusal must come
// while reading, not after the whole part is in memory.
func expectLimit(t *testing.T, data []byte, lim settings.Limits, code string) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b, err := OpenBytes(data, lim)
	if err == nil {
		for _, s := range b.Sheets {
			if _, err = b.Read(s); err != nil {
				break
			}
		}
	}
	runtime.ReadMemStats(&after)
	if a, most := after.TotalAlloc-before.TotalAlloc, 2*uint64(max(lim.MaxXMLBytes, 16<<20)); a > most {
		t.Errorf("allocated %d MB, more than %d MB", a>>20, most>>20)
	}
	var e *Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("error %v, want code %s", err, code)
	}
	if !strings.Contains(e.Msg, "โปรด") {
		t.Errorf("message without a fix: %s", e.Msg)
	}
}

func TestZipBomb(t *testing.T) {
	// 200 MB of XML in a sheet part compressed to a few hundred KB: refused
	// while decompressing, at the part limit, whatever the header says.
	bomb := sheettest.Workbook([]string{"a"}, sheettest.Bomb(200<<20), nil)
	if len(bomb) > 2<<20 {
		t.Fatalf("bomb is %d bytes", len(bomb))
	}
	expectLimit(t, bomb, settings.Limits{MaxXMLBytes: 10 << 20, MaxUnzipBytes: 400 << 20}, CodePartSize)
	// The declared sizes alone exceed the whole-file limit.
	expectLimit(t, bomb, settings.Limits{MaxXMLBytes: 10 << 20, MaxUnzipBytes: 20 << 20}, CodeUnzipSize)
}

func TestMillionRows(t *testing.T) {
	data := sheettest.Workbook([]string{"a"}, sheettest.Rows(1_000_000), nil)
	// Reading stops at the row limit: it allocates for the rows kept, not
	// for the 49 MB of XML (hangs are go test's -timeout to catch).
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b, err := OpenBytes(data, settings.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	tb, err := b.Read(b.Sheets[0])
	if err != nil {
		t.Fatal(err)
	}
	if !tb.Truncated || len(tb.Rows) != settings.Default().Limits.MaxRows {
		t.Errorf("truncated %v rows %d", tb.Truncated, len(tb.Rows))
	}
	runtime.ReadMemStats(&after)
	if a := after.TotalAlloc - before.TotalAlloc; a > 32<<20 {
		t.Errorf("allocated %d MB reading %d rows", a>>20, len(tb.Rows))
	}
	// With a part limit below its size, the sheet is refused instead.
	expectLimit(t, data, settings.Limits{MaxXMLBytes: 8 << 20}, CodePartSize)
}

func TestHugeString(t *testing.T) {
	// A 10 MB shared string (Excel's own limit is 32,767 characters).
	data := sheettest.Workbook([]string{"a"}, func(_ int, w io.Writer) error {
		_, err := io.WriteString(w, `<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)
		return err
	}, sheettest.HugeString(10<<20))
	expectLimit(t, data, settings.Limits{}, CodeCellChars)
	// The same in an inline string.
	data = sheettest.Workbook([]string{"a"}, func(_ int, w io.Writer) error {
		io.WriteString(w, `<row r="1"><c r="A1" t="inlineStr"><is><t>`)
		io.WriteString(w, strings.Repeat("ข", 10<<20))
		_, err := io.WriteString(w, `</t></is></c></row>`)
		return err
	}, nil)
	expectLimit(t, data, settings.Limits{}, CodeCellChars)
}

func TestThousandsOfSheets(t *testing.T) {
	names := make([]string, 3000)
	for i := range names {
		names[i] = fmt.Sprintf("s%d", i)
	}
	expectLimit(t, sheettest.Workbook(names, nil, nil), settings.Limits{}, CodeSheets)
}

func TestColumnsBeyondLimit(t *testing.T) {
	tb := readSheetXML(t, `<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c><c r="GS1"><v>3</v></c></row>`)
	if len(tb.Rows) != 1 || len(tb.Rows[0].Cells) != 1 || tb.DroppedCells != 2 || tb.DroppedRef != "XFD1" {
		t.Errorf("%+v", tb)
	}
}

// readSheetXML reads a one-sheet workbook whose sheet data is xml, with
// the default limits.
func readSheetXML(t *testing.T, xml string) *Table {
	t.Helper()
	data := sheettest.Workbook([]string{"s"}, func(_ int, w io.Writer) error {
		_, err := io.WriteString(w, xml)
		return err
	}, nil)
	_, tb := readFirst(t, data)
	return tb
}

// readFirst opens data with the default limits and reads its first sheet.
func readFirst(t *testing.T, data []byte) (*Book, *Table) {
	t.Helper()
	b, err := OpenBytes(data, settings.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	tb, err := b.Read(b.Sheets[0])
	if err != nil {
		t.Fatal(err)
	}
	return b, tb
}

// TestReadCells covers the cell encodings the reader meets in workbooks
// written by tools other than Excel.
func TestReadCells(t *testing.T) {
	data := sheettest.Workbook([]string{" แผ่น 1 "}, func(_ int, w io.Writer) error {
		_, err := io.WriteString(w, `<row r="2" hidden="1"><c r="B2" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#N/A</v></c>`+
			`<c r="E2" t="d"><v>2026-11-20T00:00:00Z</v></c><c r="F2" t="inlineStr"><is><t xml:space="preserve"> x &lt;y&gt; _x000D_z </t></is></c><c r="G2"/><c r="H2"><v>1.5E3</v></c></row>`+
			`<row><c><v>7</v></c><c><![CDATA[ignored]]></c></row>`)
		return err
	}, nil)
	b, err := OpenBytes(data, settings.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	s, ok := b.Find("แผ่น1")
	if !ok {
		t.Fatalf("sheet not found by normalized name: %+v", b.Sheets)
	}
	tb, err := b.Read(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.Rows) != 2 || !tb.Rows[0].Hidden || tb.Rows[1].Num != 3 {
		t.Fatalf("%+v", tb.Rows)
	}
	r := tb.Rows[0]
	checks := []struct {
		col  int
		kind CellKind
		str  string
		num  float64
	}{
		{2, Text, "ab", 0}, {3, Bool, "", 1}, {4, ErrorValue, "#N/A", 0}, {5, Number, "", 46346},
		{6, Text, " x <y> \rz ", 0}, {7, Empty, "", 0}, {8, Number, "", 1500},
	}
	for _, c := range checks {
		got := r.Cell(c.col)
		if got.Kind != c.kind || got.Str != c.str || got.Num != c.num {
			t.Errorf("col %d: %+v, want %+v", c.col, got, c)
		}
	}
	if r.Cell(5).Format != FormatDate {
		t.Error("t=\"d\" cell not a date")
	}
	if c := tb.Rows[1].Cell(1); c.Kind != Number || c.Num != 7 {
		t.Errorf("cell without a reference: %+v", c)
	}
}

func TestClassifyFormat(t *testing.T) {
	for code, want := range map[string]Format{
		"General": FormatGeneral, "0.00": FormatGeneral, "#,##0 \"บาท\"": FormatGeneral, "0.00E+00": FormatGeneral,
		"0%": FormatPercent, "0.00%": FormatPercent, "d/m/yyyy": FormatDate, "[$-th-TH,107]d mmmm bbbb;@": FormatDate,
		"[Red]#,##0": FormatGeneral, `"day"0`: FormatGeneral, "yyyy-mm-dd": FormatDate, "ว/ด/ปปปป": FormatDate, "h:mm": FormatDate,
	} {
		if got := classifyCode(code); got != want {
			t.Errorf("%q: %v, want %v", code, got, want)
		}
	}
	for id, want := range map[int]Format{0: FormatGeneral, 3: FormatGeneral, 9: FormatPercent, 14: FormatDate, 22: FormatDate, 49: FormatGeneral, 71: FormatDate} {
		if got := classify(id, "", false); got != want {
			t.Errorf("id %d: %v, want %v", id, got, want)
		}
	}
}

func TestFindHeader(t *testing.T) {
	tb := &Table{Rows: []Row{
		{Num: 1, Cells: []Cell{{Col: 1, Kind: Text, Str: "รายงาน รหัสโครงการ"}}},
		{Num: 3, Cells: []Cell{{Col: 2, Kind: Text, Str: "เบิกจ่าย\nสะสม (บาท)"}, {Col: 5, Kind: Text, Str: " รหัส\u200bโครงการ:"}, {Col: 6, Kind: Text, Str: "อื่น"}}},
		{Num: 25, Cells: []Cell{{Col: 1, Kind: Text, Str: "รหัสโครงการ"}, {Col: 2, Kind: Text, Str: "เบิกจ่ายสะสม"}, {Col: 3, Kind: Text, Str: "หมายเหตุ"}}},
	}}
	h, missing := FindHeader(tb, []string{"รหัสโครงการ", "เบิกจ่ายสะสม"}, []string{"หมายเหตุ"})
	if len(missing) != 0 || h.Row != 3 || h.Cols["รหัสโครงการ"] != 5 || h.Cols["เบิกจ่ายสะสม"] != 2 {
		t.Errorf("%+v %v", h, missing)
	}
	_, missing = FindHeader(tb, []string{"รหัสโครงการ", "ไม่มี"}, nil)
	if len(missing) != 1 || missing[0] != "ไม่มี" {
		t.Errorf("missing %v", missing)
	}
}

// TestOLEFixtures checks the generated .xls and encrypted files are valid
// compound files by reading them with mscfb, an independent reader.
func TestOLEFixtures(t *testing.T) {
	for name, data := range map[string][]byte{"xls": sheettest.XLS(), "encrypted": sheettest.Encrypted()} {
		r, err := mscfb.New(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var names []string
		for e, err := r.Next(); err == nil; e, err = r.Next() {
			names = append(names, e.Name)
			if e.Name == "Workbook" {
				head := make([]byte, 4)
				if _, err := io.ReadFull(e, head); err != nil || head[0] != 0x09 || head[1] != 0x08 {
					t.Errorf("Workbook stream does not start with a BIFF8 BOF: % x %v", head, err)
				}
			}
		}
		t.Logf("%s streams: %v", name, names)
		if len(names) == 0 {
			t.Errorf("%s: no streams", name)
		}
	}
}

// TestMalformedRows: rows whose </row> is missing keep their cells, and
// formulas without cached values are calculated in the right cell even
// when a row's cells are out of column order.
func TestMalformedRows(t *testing.T) {
	for _, tc := range []struct {
		name, xml string
		want      map[string]float64 // ref: number
	}{
		{"unclosed last row", `<row r="1"><c r="A1"><v>4</v></c><c r="B1"><f>A1*2</f></c>`,
			map[string]float64{"A1": 4}},
		{"unclosed row before another", `<row r="1"><c r="A1"><f>1+1</f></c><row r="2"><c r="A2"><v>3</v></c></row>`,
			map[string]float64{"A2": 3}},
		{"cells out of order", `<row r="1"><c r="C1"><f>1+1</f></c><c r="A1"><v>5</v></c></row>`,
			map[string]float64{"A1": 5, "C1": 2}},
		{"formula then row cut", `<row r="1"><c r="A1"><f>2+2</f></c></row><row r="2"><c r="A2"><f>3+3</f></c></row>`,
			map[string]float64{"A1": 4, "A2": 6}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb := readSheetXML(t, tc.xml)
			got := map[string]Cell{}
			for _, r := range tb.Rows {
				for _, c := range r.Cells {
					got[Ref(c.Col, r.Num)] = c
				}
			}
			for ref, n := range tc.want {
				if c := got[ref]; c.Kind != Number || c.Num != n {
					t.Errorf("%s = %+v, want %v", ref, c, n)
				}
			}
		})
	}
}

// TestReadChunks reads sheets in chunks of every size and checks the rows
// handed over are Read's, formulas calculated in their own chunk, and the
// sheet's limits counted over all chunks.
func TestReadChunks(t *testing.T) {
	var xml strings.Builder
	for r := 1; r <= 23; r++ {
		switch {
		case r%5 == 0: // cells out of order, a formula without a cached value
			fmt.Fprintf(&xml, `<row r="%d"><c r="C%d"><f>%d*2</f></c><c r="A%d" t="inlineStr"><is><t>แถว %d</t></is></c></row>`, r, r, r, r, r)
		case r%7 == 0: // an empty row, not handed over
			fmt.Fprintf(&xml, `<row r="%d"/>`, r)
		case r == 11: // a cell beyond the column limit
			fmt.Fprintf(&xml, `<row r="%d"><c r="A%d"><v>%d</v></c><c r="XFD%d"><v>1</v></c></row>`, r, r, r, r)
		default:
			fmt.Fprintf(&xml, `<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>ข้อความ %d</t></is></c></row>`, r, r, r, r, r)
		}
	}
	data := sheettest.Workbook([]string{"s"}, func(_ int, w io.Writer) error {
		_, err := io.WriteString(w, xml.String())
		return err
	}, nil)
	// flat copies a table's rows, as a caller keeping them would.
	flat := func(rows []Row) []string {
		var out []string
		for _, r := range rows {
			for _, c := range r.Cells {
				out = append(out, fmt.Sprintf("%s %d %q %v", Ref(c.Col, r.Num), c.Kind, c.Str, c.Num))
			}
		}
		return out
	}
	for _, maxRows := range []int{0, 9} {
		lim := settings.Limits{MaxRows: maxRows}
		b, err := OpenBytes(data, lim)
		if err != nil {
			t.Fatal(err)
		}
		whole, err := b.Read(b.Sheets[0])
		if err != nil {
			t.Fatal(err)
		}
		want := flat(whole.Rows)
		if maxRows == 0 && !slices.Contains(want, `C20 1 "" 40`) || maxRows > 0 && (!whole.Truncated || len(whole.Rows) != maxRows) || whole.DroppedCells != 1 {
			t.Fatalf("whole read, max rows %d: truncated %v, %d rows, %d cells dropped: %v", maxRows, whole.Truncated, len(whole.Rows), whole.DroppedCells, want)
		}
		for _, chunk := range []int{1, 2, 3, 5, 8, 100} {
			b, err := OpenBytes(data, lim)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			calls := 0
			sum, err := b.ReadChunks(b.Sheets[0], chunk, func(c *Table) error {
				calls++
				if len(c.Rows) == 0 || len(c.Rows) > chunk {
					t.Errorf("chunk %d: handed %d rows", chunk, len(c.Rows))
				}
				got = append(got, flat(c.Rows)...)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("max rows %d, chunks of %d:\n got %v\nwant %v", maxRows, chunk, got, want)
			}
			if sum.Truncated != whole.Truncated || sum.DroppedCells != whole.DroppedCells || sum.DroppedRef != whole.DroppedRef || len(sum.Rows) != 0 {
				t.Errorf("max rows %d, chunks of %d: summary %+v, whole read %+v", maxRows, chunk, sum, whole)
			}
			if n := (len(whole.Rows) + chunk - 1) / chunk; calls != n {
				t.Errorf("chunks of %d: %d calls, want %d", chunk, calls, n)
			}
		}
	}
	// An error from fn stops reading and comes back.
	b, err := OpenBytes(data, settings.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	calls := 0
	if _, err := b.ReadChunks(b.Sheets[0], 2, func(*Table) error { calls++; return stop }); err != stop || calls != 1 {
		t.Errorf("fn's error: %v after %d calls", err, calls)
	}
}

// TestReadChunksEstimate: each chunk carries an estimate of the sheet's
// rows in all, from the share of the part read, close to the truth for
// rows alike, never under the rows handed out and never over the row
// limit.
func TestReadChunksEstimate(t *testing.T) {
	const n = 20000
	data := sheettest.Workbook([]string{"s"}, func(_ int, w io.Writer) error {
		for r := 1; r <= n; r++ {
			if _, err := fmt.Fprintf(w, `<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>โครงการที่ %d</t></is></c></row>`, r, r, r, r, r); err != nil {
				return err
			}
		}
		return nil
	}, nil)
	for _, c := range []struct {
		maxRows  int
		lo, high int // the first chunk's estimate
	}{
		{0, n * 9 / 10, n * 11 / 10},
		{5000, 5000, 5000},
	} {
		b, err := OpenBytes(data, settings.Limits{MaxRows: c.maxRows})
		if err != nil {
			t.Fatal(err)
		}
		var seen, first int
		if _, err := b.ReadChunks(b.Sheets[0], 1000, func(tb *Table) error {
			seen += len(tb.Rows)
			if first == 0 {
				first = tb.Estimate
			}
			if tb.Estimate < seen || c.maxRows > 0 && tb.Estimate > c.maxRows {
				t.Errorf("max rows %d: estimate %d after %d rows", c.maxRows, tb.Estimate, seen)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if first < c.lo || first > c.high {
			t.Errorf("max rows %d: first estimate %d, want %d-%d", c.maxRows, first, c.lo, c.high)
		}
	}
}
