package charts

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lwc/report"
)

// The run's PDFs and workbooks are copied into files/ and linked: province
// documents from the overview, a memo from its district's page. A document
// named after a hostile district code cannot leave files/.
func TestDocuments(t *testing.T) {
	src := t.TempDir()
	write := func(name string) string {
		p := filepath.Join(src, name)
		if err := os.WriteFile(p, []byte("%PDF-1.4 "+name), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	in := testInput(t)
	in.Documents = []Document{
		{Title: "จดหมายข่าว (PDF)", Source: write("bulletin.pdf")},
		{Title: "บันทึกข้อความ", Source: write("memo-5203.pdf"), District: "5203"},
		{Title: "hostile", Source: write("memo-..%2f..%2fx<y>.pdf"), District: "5205"},
	}
	dir := filepath.Join(t.TempDir(), "site")
	if err := Build(dir, in); err != nil {
		t.Fatal(err)
	}
	if err := CopyDocuments(dir, in.Documents); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"bulletin.pdf", "memo-5203.pdf"} {
		if data, err := os.ReadFile(filepath.Join(dir, FilesDir, name)); err != nil || !strings.Contains(string(data), name) {
			t.Errorf("files/%s: %q, %v", name, data, err)
		}
	}
	index, _ := os.ReadFile(filepath.Join(dir, PageOverview))
	if !strings.Contains(string(index), `href="files/bulletin.pdf"`) || strings.Contains(string(index), "memo-5203") {
		t.Error("overview must link the bulletin and not the district memos")
	}
	page, _ := os.ReadFile(filepath.Join(dir, DistrictDir, "5203.html"))
	if !strings.Contains(string(page), `href="../files/memo-5203.pdf"`) {
		t.Error("district page does not link its memo")
	}
	entries, _ := os.ReadDir(filepath.Join(dir, FilesDir))
	for _, e := range entries {
		if strings.ContainsAny(e.Name(), "/<>%") || strings.Contains(e.Name(), "..") {
			t.Errorf("unsafe file name in files/: %q", e.Name())
		}
	}
	if len(entries) != 3 {
		t.Errorf("files/ has %d entries, want 3", len(entries))
	}
}

// A region or the whole country lists its districts on the overview only;
// the other pages link there, so a page does not grow with the country.
func TestLargeSiteListsDistrictsOnce(t *testing.T) {
	in := testInput(t)
	s := *in.Snapshot
	base := s.Districts
	s.Districts = nil
	for i := 0; i < 60; i++ {
		d := base[i%len(base)]
		d.Code = fmt.Sprintf("%04d", 1000+i)
		s.Districts = append(s.Districts, d)
	}
	in.Snapshot = &s
	files, err := Render(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".html") {
			continue
		}
		links := strings.Count(string(f.Data), `href="district/`) + strings.Count(string(f.Data), `href="../district/`)
		switch {
		case f.Name == PageOverview && links < 60:
			t.Errorf("overview links %d districts, want all 60", links)
		case f.Name != PageOverview && f.Name != PageBudget && f.Name != PageBMN && f.Name != PageAward && links >= 60:
			t.Errorf("%s links %d districts; only the overview lists them all", f.Name, links)
		}
	}
}

// Problems in the office's own files are on the data-quality page.
func TestQualityShowsWorkspaceFiles(t *testing.T) {
	in := testInput(t)
	s := *in.Snapshot
	s.WorkspaceFiles = []report.FileResult{{File: "plan.xlsx", State: report.StateAcceptedWithWarnings,
		Issues: []report.Issue{{Severity: report.SeverityWarning, Sheet: "งบประมาณ", Cell: "F9", Code: "target-ambiguous",
			Message: "ค่าเป้าหมาย <b>0.3</b> กำกวม"}}}}
	in.Snapshot = &s
	files, err := Render(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Name != PageQuality {
			continue
		}
		page := string(f.Data)
		if !strings.Contains(page, `id="h-workspace"`) || !strings.Contains(page, "target-ambiguous") ||
			!strings.Contains(page, "&lt;b&gt;0.3&lt;/b&gt;") {
			t.Error("quality page lacks the plan's issue, or shows it unescaped")
		}
		return
	}
	t.Fatal("no quality page")
}

// A region's or the country's overview board lists the demands in full and
// counts the rest by district, the most urgent first; a province's lists
// every warning.
func TestLargeBoardCountsByDistrict(t *testing.T) {
	page := func(s *report.Snapshot) string {
		in := testInput(t)
		in.Snapshot = s
		files, err := Render(in)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if f.Name == PageOverview {
				return string(f.Data)
			}
		}
		t.Fatal("no overview")
		return ""
	}
	small := testInput(t).Snapshot
	if p := page(small); !strings.Contains(p, html.EscapeString(small.Warnings[len(small.Warnings)-1].Message)) || strings.Contains(p, "กระดานนี้แสดงเฉพาะ") {
		t.Error("a province's board must list every warning")
	}

	s := *small
	s.Districts, s.Warnings = nil, nil
	for i := range 60 {
		d := small.Districts[i%len(small.Districts)]
		d.Code, d.Name = fmt.Sprintf("%04d", 1000+i), fmt.Sprintf("อำเภอทดสอบ %d", i)
		s.Districts = append(s.Districts, d)
		w := report.Warning{District: d.Code, Topic: report.TopicReport, Subject: "ผด.1", Due: "2026-11-25", Stage: report.StageWarn, Message: fmt.Sprintf("ข้อความเตือนของอำเภอ %d", i)}
		s.Warnings = append(s.Warnings, w)
		if i == 41 {
			w.Stage, w.Escalated, w.Message = report.StageDemand, true, "ข้อความทวงถามของอำเภอ 41"
			s.Warnings = append(s.Warnings, w)
		}
	}
	// And a thousand more reminders for the first: counts get separators.
	for range 1000 {
		s.Warnings = append(s.Warnings, report.Warning{District: "1000", Topic: report.TopicReport, Subject: "ผด.2", Stage: report.StageWarn, Message: "ข้อความเตือนของอำเภอ 0"})
	}
	p := page(&s)
	if strings.Contains(p, "ข้อความเตือนของอำเภอ") {
		t.Error("a large board lists reminders one by one")
	}
	for _, want := range []string{"ข้อความทวงถามของอำเภอ 41", "มีการแจ้งเตือน 1,061 เรื่องใน 60 อำเภอ", "ทวงถาม (1 เรื่อง)", `<p class="big">1,061 เรื่อง</p>`, "เตือน</span> 1,060"} {
		if !strings.Contains(p, want) {
			t.Errorf("a large board lacks %q", want)
		}
	}
	// The district with the demand heads the counts, then the one with the
	// most reminders, then the others by code.
	first, second, third := strings.Index(p, ">อำเภอทดสอบ 41</a> <span class=\"esc\">"), strings.Index(p, ">อำเภอทดสอบ 0</a></td>"), strings.Index(p, ">อำเภอทดสอบ 1</a></td>")
	if first < 0 || second < 0 || third < 0 || first > second || second > third {
		t.Errorf("counts in the wrong order or missing: districts 41, 0 and 1 at %d, %d and %d", first, second, third)
	}
	if !strings.Contains(p, ">อำเภอทดสอบ 0</a></td><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">1,001</td>") {
		t.Error("district 0's count of reminders is not 1,001")
	}
}
