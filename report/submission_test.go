package report

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"lwc/report/settings"
	"lwc/report/sheet"
	"lwc/report/sheet/sheettest"
)

func readSub(t *testing.T, data []byte) (*Submission, []Issue, error) {
	t.Helper()
	path := writeFile(t, filepath.Join(t.TempDir(), "s.xlsx"), data)
	return ReadSubmission(path, settings.Limits{})
}

// TestTolerances covers SPEC §3.5: every way real submissions differ from
// the template that must still read the same values.
func TestTolerances(t *testing.T) {
	cases := []struct {
		name   string
		sub    func(t *testing.T) []byte
		check  func(t *testing.T, s *Submission, issues []Issue)
		issues string // expected issue codes (space-separated), "" = none
	}{
		{"header anywhere in the first 20 rows, title rows and merged title above", func(t *testing.T) []byte {
			s := testSub("5201")
			s.mutate = func(w *wbook) {
				b := w.sheet(SheetDisbursed)
				b.rows = map[int][]any{1: {"ผลการเบิกจ่ายงบประมาณ ปีงบประมาณ 2570"}, 2: {"อำเภอเมืองลำปาง"}, 18: budgetHeader}
				for i, r := range s.budget {
					b.set(19+i, r...)
				}
				w.after = append(w.after, func(f *excelize.File) { f.MergeCell(SheetDisbursed, "A1", "G1") })
			}
			return s.bytes(t)
		}, func(t *testing.T, s *Submission, _ []Issue) {
			if len(s.Projects) != 3 || s.Projects[0].Row != 19 || s.Projects[0].Disbursed.V != 20000 {
				t.Errorf("%+v", s.Projects)
			}
		}, ""},
		{"columns in any order, extra columns", func(t *testing.T) []byte {
			s := testSub("5201")
			s.mutate = func(w *wbook) {
				b := w.sheet(SheetDisbursed)
				b.rows = map[int][]any{1: {"ลำดับ", ColDisbursed, "ร้อยละ", ColProjectCode, ColCommitted, ColAllocated}}
				b.set(2, 1, 20000, 20, "P01", 5000, 100000)
				b.set(3, 2, 50000, 25, "P02", 0, 200000)
				b.set(4, 3, 12500.5, 25, "P03", "-", 50000)
			}
			return s.bytes(t)
		}, func(t *testing.T, s *Submission, _ []Issue) {
			if len(s.Projects) != 3 || s.Projects[1].Code != "P02" || s.Projects[1].Disbursed.V != 50000 || s.Projects[0].Committed.V != 5000 {
				t.Errorf("%+v", s.Projects)
			}
		}, ""},
		{"header text with spaces, line breaks, zero-width characters, colons and units", func(t *testing.T) []byte {
			s := testSub("5201")
			s.mutate = func(w *wbook) {
				w.sheet(SheetDisbursed).set(2, " รหัส\nโครงการ ", "ชื่อโครงการ", "กลุ่ม งาน", "งบที่ได้รับ\u200bจัดสรร (บาท)", "ก่อหนี้ผูกพัน:", "เบิกจ่าย\r\nสะสม\u00a0(บาท)", "หมาย\u200dเหตุ")
				w.sheet(SheetBMN).set(1, "ตำบล", "ครัวเรือน\nเป้าหมาย", "จัดเก็บแล้ว (ครัวเรือน)", "\ufeffบันทึกแล้ว：", "หมายเหตุ")
				w.sheet(SheetInfo).set(3, "รหัส อำเภอ :", "5201")
				w.sheet(SheetInfo).set(5, "ข้อมูล ณ วันที่:", nil, day(2026, 11, 20)) // value not in column B
			}
			return s.bytes(t)
		}, func(t *testing.T, s *Submission, _ []Issue) {
			if s.District != "5201" || !s.AsOf.Equal(day(2026, 11, 20)) || len(s.Projects) != 3 || s.Projects[2].Disbursed.V != 12500.5 || len(s.SubDistricts) != 2 || s.SubDistricts[0].Target.V != 400 {
				t.Errorf("%+v", s)
			}
		}, ""},
		{"sheet names with spaces and a dot", func(t *testing.T) []byte {
			s := testSub("5201")
			s.mutate = func(w *wbook) {
				w.sheets[0].name = " ข้อมูลอำเภอ "
				w.sheets[1].name = "เบิกจ่าย "
				w.sheets[2].name = " จปฐ."
			}
			return s.bytes(t)
		}, func(t *testing.T, s *Submission, _ []Issue) {
			if s.District != "5201" || len(s.Projects) != 3 || len(s.SubDistricts) != 2 {
				t.Errorf("%+v", s)
			}
		}, ""},
		{"numbers as text", func(t *testing.T) []byte {
			s := testSub("5201")
			s.budget[0][4], s.budget[0][5] = "5,000.00", " 20 000 "
			s.budget[1][4], s.budget[1][5] = "-", "๕๐,๐๐๐"
			s.budget[2][4], s.budget[2][5] = "0 บาท", "12,500.50 บาท"
			s.bmn[0][2], s.bmn[0][3] = "๓๐๐", "+250"
			return s.bytes(t)
		}, func(t *testing.T, s *Submission, _ []Issue) {
			want := []float64{5000, 20000, 0, 50000, 0, 12500.5}
			for i, p := range s.Projects {
				if p.Committed != (Value{want[2*i], true}) || p.Disbursed != (Value{want[2*i+1], true}) {
					t.Errorf("%s: %+v", p.Code, p)
				}
			}
			if s.SubDistricts[0].Collected.V != 300 || s.SubDistricts[0].Recorded.V != 250 {
				t.Errorf("%+v", s.SubDistricts[0])
			}
		}, ""},
		{"accounting negative and empty cells", func(t *testing.T) []byte {
			s := testSub("5201")
			s.budget[0][5] = "(1,234)"
			s.budget[1][4] = nil
			return s.bytes(t)
		}, func(t *testing.T, s *Submission, _ []Issue) {
			if s.Projects[0].Disbursed.OK || s.Projects[1].Committed.OK {
				t.Errorf("%+v", s.Projects)
			}
		}, "amount-negative value-missing"},
		{"formula with a cached value uses the cache", func(t *testing.T) []byte {
			s := testSub("5201")
			s.budget[0][5] = formula("D3*0.2")
			data := s.bytes(t)
			return patchZip(t, data, sheetPart(2), func(x string) string {
				return strings.Replace(x, "<f>D3*0.2</f>", "<f>D3*0.2</f><v>19999</v>", 1)
			})
		}, func(t *testing.T, s *Submission, _ []Issue) {
			if s.Projects[0].Disbursed != (Value{19999, true}) {
				t.Errorf("%+v", s.Projects[0])
			}
		}, ""},
		{"formula without a cached value is calculated", func(t *testing.T) []byte {
			s := testSub("5201")
			s.budget[0][5] = formula("D3*0.2")
			s.budget[1][5] = formula("SUM(D3:D4)/6")
			return s.bytes(t)
		}, func(t *testing.T, s *Submission, _ []Issue) {
			if s.Projects[0].Disbursed != (Value{20000, true}) || s.Projects[1].Disbursed != (Value{50000, true}) {
				t.Errorf("%+v", s.Projects)
			}
		}, ""},
		{"formula over more formulas than are calculated safely", func(t *testing.T) []byte {
			// F3 =Z100, and Z100 =Z101+1 ... down 6,000 rows, each with a
			// value. Chains like it but longer take excelize's recursion
			// past Go's stack limit, which ends the process; excelize would
			// calculate this one, the bound (sheet.maxBookFormulas) does
			// not let it.
			s := testSub("5201")
			s.budget[0][5] = formula("Z100")
			data := s.bytes(t)
			return patchZip(t, data, sheetPart(2), func(x string) string {
				var b strings.Builder
				for r := 100; r < 6100; r++ {
					fmt.Fprintf(&b, `<row r="%d"><c r="Z%d"><f>Z%d+1</f><v>0</v></c></row>`, r, r, r+1)
				}
				return strings.Replace(x, "</sheetData>", b.String()+"</sheetData>", 1)
			})
		}, func(t *testing.T, s *Submission, issues []Issue) {
			if s.Projects[0].Disbursed.OK || !s.Projects[1].Disbursed.OK {
				t.Errorf("%+v", s.Projects)
			}
			if i, ok := findIssue(issues, CodeFormulaUncalculated, "F3"); !ok || i.Severity != SeverityError || !strings.Contains(i.Message, "คำนวณไม่ได้") {
				t.Errorf("no formula-uncalculated at F3: %s", codes(issues))
			}
		}, "formula-uncalculated"},
		{"formula errors", func(t *testing.T) []byte {
			s := testSub("5201")
			s.budget[0][5] = formula("D3/0")
			s.budget[1][5] = formula("D4*2")
			data := s.bytes(t)
			return patchZip(t, data, sheetPart(2), func(x string) string {
				return regexp.MustCompile(`<c r="F4"([^>]*)><f>D4\*2</f></c>`).ReplaceAllString(x, `<c r="F4" t="e"><f>D4*2</f><v>#REF!</v></c>`)
			})
		}, func(t *testing.T, s *Submission, issues []Issue) {
			if s.Projects[0].Disbursed.OK || s.Projects[1].Disbursed.OK {
				t.Errorf("%+v", s.Projects)
			}
			for _, cell := range []string{"F3", "F4"} {
				if i, ok := findIssue(issues, CodeFormulaError, cell); !ok || i.Severity != SeverityError {
					t.Errorf("no formula-error at %s: %s", cell, codes(issues))
				}
			}
		}, "formula-error formula-error"},
		{"totals rows, blank rows and hidden rows", func(t *testing.T) []byte {
			s := testSub("5201")
			s.budget = [][]any{
				s.budget[0], {}, s.budget[1],
				{nil, "รวมกลุ่มงาน", nil, 300000, 5000, 70000},
				s.budget[2],
				{"รวมทั้งสิ้น", nil, nil, 350000, 5000, 82500.5},
			}
			s.mutate = func(w *wbook) {
				w.after = append(w.after, func(f *excelize.File) { f.SetRowVisible(SheetDisbursed, 5, false) })
			}
			return s.bytes(t)
		}, func(t *testing.T, s *Submission, _ []Issue) {
			if len(s.Projects) != 3 || s.Projects[1].Code != "P02" || s.Projects[1].Row != 5 {
				t.Errorf("%+v", s.Projects)
			}
		}, ""},
		{"dates typed with a Buddhist-era year into a date cell", func(t *testing.T) []byte {
			s := testSub("5201")
			s.asOf = time.Date(2569, 11, 20, 0, 0, 0, 0, time.UTC) // Excel stores year 2569 CE
			return s.bytes(t)
		}, func(t *testing.T, s *Submission, _ []Issue) {
			if !s.AsOf.Equal(day(2026, 11, 20)) {
				t.Errorf("as-of %v", s.AsOf)
			}
		}, ""},
		{"date in a custom Thai date format", func(t *testing.T) []byte {
			s := testSub("5201")
			s.asOf = styled{46346, 0}
			s.mutate = func(w *wbook) {
				w.after = append(w.after, func(f *excelize.File) {
					fmtCode := `[$-th-TH,107]d mmmm bbbb;@`
					id, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &fmtCode})
					f.SetCellStyle(SheetInfo, "B5", "B5", id)
				})
			}
			return s.bytes(t)
		}, func(t *testing.T, s *Submission, _ []Issue) {
			if !s.AsOf.Equal(day(2026, 11, 20)) {
				t.Errorf("as-of %v", s.AsOf)
			}
		}, ""},
		{"1904 date system", func(t *testing.T) []byte {
			s := testSub("5201")
			s.asOf = styled{46346 - 1462, 14}
			data := s.bytes(t)
			return patchZip(t, data, "xl/workbook.xml", func(x string) string {
				return regexp.MustCompile(`<workbookPr[^>]*>`).ReplaceAllString(x, `<workbookPr date1904="1">`)
			})
		}, func(t *testing.T, s *Submission, _ []Issue) {
			if !s.AsOf.Equal(day(2026, 11, 20)) {
				t.Errorf("as-of %v", s.AsOf)
			}
		}, ""},
		{"inline strings and a namespace prefix", func(t *testing.T) []byte {
			s := testSub("5201")
			data := s.bytes(t)
			return patchZip(t, data, sheetPart(1), func(x string) string {
				return strings.Replace(x, `<c r="B4" t="s"><v>`, `<c r="B4" t="inlineStr"><is><r><t>เมือง</t></r><r><t>ลำปาง</t></r><rPh><t>x</t></rPh></is><v>`, 1)
			})
		}, func(t *testing.T, s *Submission, _ []Issue) {
			if s.DistrictName != "เมืองลำปาง" {
				t.Errorf("name %q", s.DistrictName)
			}
		}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, issues, err := readSub(t, tc.sub(t))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, i := range issues {
				got = append(got, i.Code)
			}
			if strings.Join(got, " ") != tc.issues {
				t.Errorf("issues %q, want %q: %s", strings.Join(got, " "), tc.issues, codes(issues))
			}
			tc.check(t, s, issues)
		})
	}
}

// TestTextDates: each text-date form of SPEC §3.5 in the as-of cell.
func TestTextDates(t *testing.T) {
	for _, v := range []string{"20/11/2569", "20/11/2026", "2026-11-20", "20 พฤศจิกายน 2569", "20 พ.ย. 69", "๒๐/๑๑/๒๕๖๙", "วันที่ 20 พ.ย. พ.ศ. 2569", "20-11-69"} {
		s := testSub("5201")
		s.asOf = v
		got, issues, err := readSub(t, s.bytes(t))
		if err != nil || len(issues) != 0 {
			t.Fatalf("%q: %v %v", v, err, issues)
		}
		if !got.AsOf.Equal(day(2026, 11, 20)) {
			t.Errorf("%q read as %v", v, got.AsOf)
		}
	}
}

// TestUnusableFiles: every kind of file that cannot be read is refused with
// its own code and a Thai reason that says how to fix it.
func TestUnusableFiles(t *testing.T) {
	good := testSub("5201").bytes(t)
	noSheets := patchZip(t, good, "xl/workbook.xml", func(x string) string {
		return regexp.MustCompile(`<sheets>.*</sheets>`).ReplaceAllString(x, `<sheets></sheets>`)
	})
	cases := []struct {
		name, code, fix string
		data            []byte
	}{
		{"xls", sheet.CodeXLS, ".xlsx", sheettest.XLS()},
		{"encrypted", sheet.CodeEncrypted, "รหัสผ่าน", sheettest.Encrypted()},
		{"ods", sheet.CodeODS, ".xlsx", sheettest.ODS()},
		{"csv", sheet.CodeCSV, ".xlsx", []byte("รหัสโครงการ,เบิกจ่ายสะสม\nP01,20000\n")},
		{"html", sheet.CodeHTML, ".xlsx", []byte("<html><body><table><tr><td>1</td></tr></table></body></html>")},
		{"xml 2003", sheet.CodeXML2003, ".xlsx", []byte(`<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>`)},
		{"truncated zip", sheet.CodeCorrupt, "ส่งใหม่", good[:len(good)/2]},
		{"pdf", sheet.CodeNotSpreadsheet, ".xlsx", []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")},
		{"random bytes", sheet.CodeNotSpreadsheet, ".xlsx", []byte{0, 1, 2, 3, 0xff, 0xfe, 7, 8}},
		{"docx", sheet.CodeNotSpreadsheet, ".xlsx", sheettest.Zip(sheettest.Part{Name: "[Content_Types].xml", Data: "<Types/>"}, sheettest.Part{Name: "word/document.xml", Data: "<w:document/>"})},
		{"empty", sheet.CodeEmpty, ".xlsx", []byte{}},
		{"no sheets", sheet.CodeNoSheets, "Excel", noSheets},
		{"no info sheet", CodeSheetMissing, "แบบฟอร์ม", func() []byte {
			w := testSub("5201").book()
			w.sheets = w.sheets[1:]
			return w.bytes(t)
		}()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := readSub(t, tc.data)
			var e *sheet.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T)", err, err)
			}
			if e.Code != tc.code || !strings.Contains(e.Msg, tc.fix) {
				t.Errorf("code %s, want %s; message %q lacks %q", e.Code, tc.code, e.Msg, tc.fix)
			}
		})
	}
}
