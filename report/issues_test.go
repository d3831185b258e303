package report

import (
	"fmt"
	"strings"
	"testing"
)

func TestIssueList(t *testing.T) {
	var l issueList
	for i := range maxIssues + 50 {
		l.addf(SeverityWarning, "เบิกจ่าย", fmt.Sprintf("A%d", i+3), "project-unknown", "รหัส %d", i)
	}
	var read issueList
	read.add(Issue{Severity: SeverityError, Sheet: "เบิกจ่าย", Cell: "F9", Code: "value-invalid", Message: "อ่าน"})
	for i := range 3 {
		read.count(Issue{Severity: SeverityError, Sheet: "จปฐ", Cell: fmt.Sprintf("C%d", i+2), Code: "value-invalid", Message: "ค่า"}, 2, fmt.Sprintf("C%d", i+2))
	}
	l.merge(read)
	l.keep(Issue{Severity: SeverityError, Code: "district-unknown", Message: "ไม่ทราบอำเภอ"})
	all := l.all()
	// The first hundred, the rejection kept past them, then a summary of
	// each kind counted in the order first met.
	if len(all) != maxIssues+1+3 {
		t.Fatalf("%d issues: %+v", len(all), all[maxIssues:])
	}
	if all[maxIssues].Code != "district-unknown" {
		t.Errorf("the kept issue is %+v", all[maxIssues])
	}
	want := []struct {
		code, sheet, cell string
		count             int
		message           string
	}{
		{"project-unknown", "เบิกจ่าย", "A103", 50, "รหัส 100 (รวมปัญหาแบบเดียวกันนี้ 50 รายการ ถึงเซลล์ A152"},
		{"value-invalid", "เบิกจ่าย", "F9", 0, "อ่าน"},
		{"value-invalid", "จปฐ", "C2", 6, "ค่า (รวมปัญหาแบบเดียวกันนี้ 6 รายการ ถึงเซลล์ C4"},
	}
	for i, w := range want {
		got := all[maxIssues+1+i]
		if got.Code != w.code || got.Sheet != w.sheet || got.Cell != w.cell || got.Count != w.count || !strings.HasPrefix(got.Message, w.message) {
			t.Errorf("summary %d = %+v, want %+v", i, got, w)
		}
	}
	if e, w := CountIssues(all); e != 1+1+6 || w != maxIssues+50 {
		t.Errorf("CountIssues = %d errors, %d warnings", e, w)
	}
}

// TestFileIssuesCapped: a district file with thousands of wrong rows lists
// its first maxIssues issues and sums up the rest by kind, every issue
// still counted; the file is still read.
func TestFileIssuesCapped(t *testing.T) {
	s := testSub("5201")
	for i := range 1500 {
		s.budget = append(s.budget, []any{fmt.Sprintf("X%05d", i), "วางมาจากที่อื่น", "กลุ่ม", 1000, -5, "xyz", ""})
	}
	ib := check(t, workspace(t, map[string][]byte{"5201.xlsx": s.bytes(t)}))
	f := fileResult(t, ib, "5201.xlsx")
	if f.State != StateAcceptedWithWarnings || ib.Accepted["5201"] == nil {
		t.Fatalf("state %s", f.State)
	}
	if len(f.Issues) > maxIssues+5 {
		t.Errorf("%d issues listed", len(f.Issues))
	}
	e, w := CountIssues(f.Issues)
	// Three issues a pasted row: a negative commitment, a disbursement
	// that is no number, a project not in the plan.
	if e+w != 3*1500 {
		t.Errorf("CountIssues = %d + %d, want %d", e, w, 3*1500)
	}
	summaries := 0
	for _, is := range f.Issues {
		if is.Count > 0 {
			summaries++
			if !strings.Contains(is.Message, fmt.Sprintf("%s รายการ", thousands(float64(is.Count)))) {
				t.Errorf("summary %q does not say its count %d", is.Message, is.Count)
			}
		}
	}
	if summaries == 0 {
		t.Error("no summary issue")
	}
}
