package report

import (
	"errors"
	"fmt"
	"hash/maphash"
	"lwc/report/sheet"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"lwc/report/settings"
)

func TestReadPlan(t *testing.T) {
	path := writeFile(t, filepath.Join(t.TempDir(), "plan.xlsx"), testPlan().bytes(t))
	p, issues, err := ReadPlan(path, settings.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(issues) != 0 {
		t.Errorf("issues: %v", issues)
	}
	if len(p.Districts) != 2 || p.Districts[1] != (District{Code: "5202", Name: "แม่เมาะ"}) {
		t.Errorf("districts %+v", p.Districts)
	}
	if p.Projects != nil || p.projects == nil {
		t.Errorf("a plan read keeps Projects %v beside their compact form %v", p.Projects, p.projects)
	}
	ps := allProjects(p)
	if len(ps) != 6 || ps[1].Allocated != 200000 || ps[1].ExpenseType != ExpenseInvestment || ps[1].Row != 3 {
		t.Errorf("projects %+v", ps)
	}
	want := map[string]QuarterTargets{
		ExpenseOverall:    {0.30, 0.55, 0.80, 1},
		ExpenseCurrent:    {0.35, 0.60, 0.85, 1}, // percent-formatted cells
		ExpenseInvestment: {0.20, 0.45, 0.70, 1}, // "20%", Thai digits, numbers
	}
	for k, w := range want {
		g := p.Targets[k]
		for i := range w {
			if math.Abs(g[i]-w[i]) > 1e-9 {
				t.Errorf("target %s = %v, want %v", k, g, w)
				break
			}
		}
	}
	if len(p.BMN) != 2 || p.BMN[0].Households != 1000 || !p.BMN[0].CollectBy.Equal(day(2027, 3, 31)) {
		t.Errorf("bmn %+v", p.BMN)
	}
	// Text dates: "15/01/2570", "31 มี.ค. 70", "2027-04-30".
	if b := p.BMN[1]; !b.Start.Equal(day(2027, 1, 15)) || !b.CollectBy.Equal(day(2027, 3, 31)) || !b.RecordBy.Equal(day(2027, 4, 30)) {
		t.Errorf("bmn text dates %+v", b)
	}
	if len(p.Calendar) != 2 || p.Calendar[0].District != "" || p.Calendar[1].District != "5202" || !p.Calendar[0].Due.Equal(day(2026, 12, 5)) {
		t.Errorf("calendar %+v", p.Calendar)
	}
	if len(p.SubDistricts) != 3 || p.SubDistricts[1] != (SubDistrictTarget{District: "5201", Name: "สบตุ๋ย", Households: 600}) {
		t.Errorf("sub-districts %+v", p.SubDistricts)
	}
}

func TestReadPlanIssues(t *testing.T) {
	w := testPlan()
	w.sheet(SheetDistricts).set(4, "52x3", "ผิด")
	w.sheet(SheetDistricts).set(5, "5201", "ซ้ำ")
	w.sheet(SheetBudget).set(8, "9999", "P01", "", "", "ประจำ", 1)
	w.sheet(SheetBudget).set(9, "5201", "P01", "", "", "ประจำ", 1)
	w.sheet(SheetBudget).set(10, "5201", "P09", "", "", "งบกลาง", 1)
	w.sheet(SheetBudget).set(11, "รวม", nil, nil, nil, nil, 999)
	w.sheet(SheetTargets).set(5, "อื่น ๆ", 1, 2, 3, 4)
	w.sheet(SheetTargets).set(3, ExpenseCurrent, 0.35, 60, 50, 100)
	path := writeFile(t, filepath.Join(t.TempDir(), "plan.xlsx"), w.bytes(t))
	p, issues, err := ReadPlan(path, settings.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct{ code, cell string }{
		{CodeDistrictCodeInvalid, "A4"},
		{CodeDistrictDuplicate, "A5"},
		{CodeDistrictUnknown, "A8"},
		{CodeProjectDuplicate, "B9"},
		{CodeExpenseTypeInvalid, "E10"},
		{CodeTotalMismatch, "F11"},
		{CodeExpenseTypeInvalid, "A5"},
		{CodeTargetAmbiguous, "B3"},
		{CodeTargetDecreasing, "D3"},
	} {
		if _, ok := findIssue(issues, want.code, want.cell); !ok {
			t.Errorf("no %s at %s in %s", want.code, want.cell, codes(issues))
		}
	}
	if len(p.Districts) != 2 || p.NumProjects() != 7 {
		t.Errorf("districts %d projects %d", len(p.Districts), p.NumProjects())
	}
}

func TestReadPlanUnusable(t *testing.T) {
	dir := t.TempDir()
	noDistricts := &wbook{}
	noDistricts.sheet(SheetBudget).set(1, ColDistrictCode)
	for name, path := range map[string]string{
		"missing":      filepath.Join(dir, "none.xlsx"),
		"not workbook": writeFile(t, filepath.Join(dir, "x.xlsx"), []byte("a,b\n1,2\n")),
		"no sheet":     writeFile(t, filepath.Join(dir, "y.xlsx"), noDistricts.bytes(t)),
	} {
		_, _, err := ReadPlan(path, settings.Limits{})
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if !strings.Contains(err.Error(), "แผนงาน") {
			t.Errorf("%s: error not in Thai: %v", name, err)
		}
	}
}

func TestReadContactsAndRegister(t *testing.T) {
	w := &wbook{}
	c := w.sheet(SheetContacts)
	c.set(1, "ทำเนียบผู้รับ")
	c.set(2, ColDistrictCode, ColFullName, ColPosition, ColEmail, ColPhone, ColReceives)
	c.set(3, nil, "นายพัฒนา จังหวัด", "พัฒนาการจังหวัด", "director@example.go.th", "054", "จดหมายข่าว, สำเนา")
	c.set(4, "5201", "นางอำเภอ เมือง", "พัฒนาการอำเภอ", "muang@example.go.th", "", "หนังสือแจ้งเตือน จดหมายข่าว")
	c.set(5, "5202", "นายทั้งหมด", "", "all@example.go.th", "", "ทั้งหมด")
	c.set(6, "5202", "นายผิด", "", "not-an-email", "", "อื่น")
	path := writeFile(t, filepath.Join(t.TempDir(), "contacts.xlsx"), w.bytes(t))
	got, issues, err := ReadContacts(path, settings.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Fatalf("contacts %+v", got)
	}
	if g := got[0]; g.District != "" || !g.Bulletin || !g.Copy || g.Notices {
		t.Errorf("province contact %+v", g)
	}
	if g := got[1]; g.District != "5201" || !g.Bulletin || !g.Notices || g.Copy {
		t.Errorf("district contact %+v", g)
	}
	if g := got[2]; !g.Bulletin || !g.Notices || !g.Copy {
		t.Errorf("all %+v", g)
	}
	if g := got[3]; g.Email != "" {
		t.Errorf("invalid e-mail kept: %+v", g)
	}
	for _, code := range []string{CodeEmailInvalid, CodeReceivesInvalid} {
		if _, ok := findIssue(issues, code, ""); !ok {
			t.Errorf("no %s in %s", code, codes(issues))
		}
	}

	r := &wbook{}
	reg := r.sheet(SheetRegister)
	reg.set(1, ColReportCode, ColDistrictCode, ColReceived)
	reg.set(2, "ผด.1-11/69", "5201", day(2026, 12, 6))
	reg.set(3, "ผด.1-11/69", "5201", "4/12/2569") // earlier: counts
	reg.set(4, "ผด.1-11/69", "5202", "๓ ธ.ค. ๖๙")
	reg.set(5, "ผด.1-11/69", "5202", "ไม่ทราบ")
	path = writeFile(t, filepath.Join(t.TempDir(), "reports.xlsx"), r.bytes(t))
	rs, issues, err := ReadRegister(path, settings.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || !rs[0].Received.Equal(day(2026, 12, 4)) || !rs[1].Received.Equal(day(2026, 12, 3)) {
		t.Errorf("receipts %+v", rs)
	}
	if _, ok := findIssue(issues, CodeDateInvalid, "C5"); !ok {
		t.Errorf("no date-invalid at C5: %s", codes(issues))
	}
}

// TestReadPlanChunks reads a budget sheet longer than a chunk (see
// planChunk): projects, duplicates, totals and formulas across the chunks'
// boundaries are read as in one piece, and nothing of a chunk is kept.
func TestReadPlanChunks(t *testing.T) {
	w := testPlan()
	b := w.sheet(SheetBudget)
	n := 2*planChunk + 10
	row := 8 // after testPlan's projects
	var sum float64
	for i := range n {
		dc := []string{"5201", "5202"}[i%2]
		v := float64(1000 + i)
		if i == planChunk { // a formula without a cached value, in the second chunk
			b.set(row, dc, fmt.Sprintf("X%05d", i), "โครงการ", "กลุ่มงาน", "ประจำ", formula("500+500"))
			v = 1000
		} else {
			b.set(row, dc, fmt.Sprintf("X%05d", i), "โครงการ", "กลุ่มงาน", "ประจำ", v)
		}
		sum += v
		row++
	}
	dupRow := row
	b.set(row, "5201", "X00000", "ซ้ำกับแถวในชิ้นแรก", "", "ประจำ", 1)
	b.set(row+1, "รวม", nil, nil, nil, nil, sum+700000+1+5) // testPlan's, the duplicate, and 5 baht off
	path := writeFile(t, filepath.Join(t.TempDir(), "plan.xlsx"), w.bytes(t))
	p, issues, err := ReadPlan(path, settings.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if p.NumProjects() != 6+n {
		t.Fatalf("%d projects, want %d", p.NumProjects(), 6+n)
	}
	if pr := p.Project(6 + planChunk); pr.Code != fmt.Sprintf("X%05d", planChunk) || pr.Allocated != 1000 || pr.Row != 8+planChunk {
		t.Errorf("formula row: %+v", pr)
	}
	if pr := p.Project(p.NumProjects() - 1); pr.Code != fmt.Sprintf("X%05d", n-1) || pr.Name != "โครงการ" || pr.WorkGroup != "กลุ่มงาน" || pr.ExpenseType != ExpenseCurrent {
		t.Errorf("last project: %+v", pr)
	}
	if is, ok := findIssue(issues, CodeProjectDuplicate, fmt.Sprintf("B%d", dupRow)); !ok || !strings.Contains(is.Message, "แถว 8") {
		t.Errorf("duplicate across chunks: %v", issues)
	}
	if _, ok := findIssue(issues, CodeTotalMismatch, fmt.Sprintf("F%d", dupRow+1)); !ok {
		t.Errorf("total across chunks not checked: %v", issues)
	}
	if len(issues) != 2 {
		t.Errorf("issues: %v", issues)
	}
}

// TestPlanRowLimit: the plan's row limit is max_plan_rows, whose zero means
// its default (500,000) as every limit's zero does, never a submission's
// max_rows.
func TestPlanRowLimit(t *testing.T) {
	w := testPlan()
	b := w.sheet(SheetBudget)
	n := 20010 // more than a submission's default max_rows
	for i := range n {
		b.set(8+i, "5201", fmt.Sprintf("Y%05d", i), "โครงการ", "กลุ่มงาน", "ประจำ", 1)
	}
	path := writeFile(t, filepath.Join(t.TempDir(), "plan.xlsx"), w.bytes(t))
	for _, c := range []struct {
		lim       settings.Limits
		truncated bool
	}{
		{settings.Limits{}, false},
		{settings.Limits{MaxRows: 100, MaxPlanRows: 0}, false},
		{settings.Limits{MaxRows: 100, MaxPlanRows: -1}, false},
		{settings.Limits{MaxPlanRows: 1000}, true},
		// The part and unzip limits grow with max_plan_rows: a plan's
		// sheet bigger than max_xml_bytes is read when its rows are allowed.
		{settings.Limits{MaxXMLBytes: 100 << 10, MaxUnzipBytes: 200 << 10}, false},
	} {
		p, issues, err := ReadPlan(path, c.lim)
		if err != nil {
			t.Fatal(err)
		}
		cut := false
		for _, is := range issues {
			cut = cut || is.Code == CodeLimitRows
		}
		if cut != c.truncated || !c.truncated && p.NumProjects() != 6+n {
			t.Errorf("%+v: %d projects, cut %v, issues %v", c.lim, p.NumProjects(), cut, issues)
		}
	}
}

// A plan over a size limit is the office's own file: the error gives the
// reader's reason once and the setting to raise, not the advice to a
// district to send its file again.
func TestPlanLimitMessage(t *testing.T) {
	w := testPlan()
	b := w.sheet(SheetBudget)
	for i := range 3000 {
		b.set(8+i, "5201", fmt.Sprintf("Y%05d", i), "โครงการ", "กลุ่มงาน", "ประจำ", 1)
	}
	path := writeFile(t, filepath.Join(t.TempDir(), "plan.xlsx"), w.bytes(t))
	_, _, err := ReadPlan(path, settings.Limits{MaxXMLBytes: 32 << 10, MaxPlanRows: 10})
	var se *sheet.Error
	if err == nil || !errors.As(err, &se) || se.Code != sheet.CodePartSize {
		t.Fatalf("err = %v, want a %s error", err, sheet.CodePartSize)
	}
	msg := err.Error()
	if !strings.Contains(msg, "max_plan_rows") || strings.Contains(msg, "ส่งอีกครั้ง") || strings.Count(msg, "เกินกำหนด") != 1 || !strings.Contains(msg, path) {
		t.Errorf("message: %s", msg)
	}
}

// Two projects whose hashes collide are still told apart: the set checks
// the pair behind a hash and keeps a colliding pair in its exact map.
func TestProjectSetCollision(t *testing.T) {
	all := []Project{{District: "5201", Code: "P01"}, {District: "5201", Code: "P02"}}
	at := func(i int) Project { return all[i] }
	s := newProjectSet(2)
	if _, dup := s.add(0, at, "5201", "P01"); dup {
		t.Fatal("the first project taken for a duplicate")
	}
	// P02 is made to collide with P01: its hash names P01's index.
	s.index[maphash.Comparable(s.seed, [2]string{"5201", "P02"})] = 0
	if _, dup := s.add(1, at, "5201", "P02"); dup {
		t.Fatal("a colliding hash was taken for a duplicate")
	}
	for i, p := range all {
		if j, dup := s.add(len(all), at, p.District, p.Code); !dup || j != i {
			t.Errorf("add(%s, %s) again = %d, %v; want %d, a duplicate", p.District, p.Code, j, dup, i)
		}
	}
	if len(s.other) != 1 {
		t.Errorf("colliding pair not in the exact map: %v", s.other)
	}
	if _, dup := s.add(len(all), at, "5202", "P01"); dup {
		t.Error("a project not added taken for a duplicate")
	}
	var zero projectSet
	if _, dup := zero.add(0, at, "5201", "P01"); dup {
		t.Error("the empty set found a project")
	}
}
