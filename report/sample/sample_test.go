package sample

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/richardlehane/mscfb"

	"lwc/report"
	"lwc/report/settings"
)

// demo is generated once: every test below reads the same province.
func demo(t *testing.T) (string, []Round) {
	t.Helper()
	dir := t.TempDir()
	rounds, err := Demo(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, rounds
}

func TestDemoDeterministic(t *testing.T) {
	dirA, a := demo(t)
	dirB, b := demo(t)
	for _, name := range []string{"plan.xlsx", "contacts.xlsx", "reports.xlsx"} {
		x, _ := os.ReadFile(filepath.Join(dirA, name))
		y, _ := os.ReadFile(filepath.Join(dirB, name))
		if len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs", name)
		}
	}
	if len(a) != len(b) {
		t.Fatalf("%d rounds, then %d", len(a), len(b))
	}
	for i := range a {
		for j := range a[i].Files {
			if !bytes.Equal(a[i].Files[j].Data, b[i].Files[j].Data) {
				t.Errorf("round %d file %s differs between two runs", i, a[i].Files[j].Name)
			}
		}
	}
}

// TestDemo checks one generated demo from three sides.
func TestDemo(t *testing.T) {
	dir, rounds := demo(t)
	t.Run("workspace", func(t *testing.T) { testDemoWorkspace(t, dir) })
	t.Run("rounds", func(t *testing.T) { testDemoRounds(t, dir, rounds) })
	t.Run("progress", func(t *testing.T) { testDemoProgress(t, dir, rounds) })
}

func testDemoWorkspace(t *testing.T, dir string) {
	lim := settings.Default().Limits
	plan, issues, err := report.ReadPlan(filepath.Join(dir, "plan.xlsx"), lim)
	if err != nil || len(issues) > 0 {
		t.Fatalf("ReadPlan: %v %+v", err, issues)
	}
	want := []string{"5201 เมืองลำปาง", "5202 แม่เมาะ", "5203 เกาะคา", "5204 เสริมงาม", "5205 งาว", "5206 แจ้ห่ม", "5207 วังเหนือ",
		"5208 เถิน", "5209 แม่พริก", "5210 แม่ทะ", "5211 สบปราบ", "5212 ห้างฉัตร", "5213 เมืองปาน"}
	var got []string
	for _, d := range plan.Districts {
		got = append(got, d.Code+" "+d.Name)
	}
	if !slices.Equal(got, want) {
		t.Errorf("districts = %q", got)
	}
	for _, d := range plan.Districts {
		var n int
		types := map[string]bool{}
		groups := map[string]bool{}
		for _, p := range plan.AllProjects() {
			if p.District == d.Code {
				n++
				types[p.ExpenseType] = true
				groups[p.WorkGroup] = true
				if p.Allocated <= 0 || !strings.HasPrefix(p.Name, "โครงการ") {
					t.Errorf("%s: project %+v", d.Code, p)
				}
			}
		}
		if n < 8 || n > 15 || len(types) != 2 || len(groups) < 3 {
			t.Errorf("%s: %d projects, types %v, %d work groups", d.Code, n, types, len(groups))
		}
		var sum float64
		for _, s := range plan.SubDistricts {
			if s.District == d.Code {
				sum += s.Households
			}
		}
		var target report.BMNTarget
		for _, b := range plan.BMN {
			if b.District == d.Code {
				target = b
			}
		}
		if sum != target.Households || sum == 0 {
			t.Errorf("%s: sub-districts sum to %v, target %v", d.Code, sum, target.Households)
		}
		if !target.Start.Equal(day(2026, 10, 1)) || !target.CollectBy.Equal(day(2026, 12, 15)) || !target.RecordBy.Equal(day(2027, 1, 31)) {
			t.Errorf("%s: BMN dates %+v", d.Code, target)
		}
	}
	if q := plan.Targets[report.ExpenseOverall]; q != (report.QuarterTargets{0.30, 0.54, 0.77, 1}) {
		t.Errorf("overall targets = %v", q)
	}
	var specific int
	for _, c := range plan.Calendar {
		if c.Due.Before(day(2026, 10, 1)) || c.Due.After(day(2026, 12, 31)) {
			t.Errorf("report %s due %v, outside Oct–Dec 2026", c.Code, c.Due)
		}
		if c.District != "" {
			specific++
		}
	}
	if specific == 0 {
		t.Error("no district-specific report")
	}

	contacts, issues, err := report.ReadContacts(filepath.Join(dir, "contacts.xlsx"), lim)
	if err != nil || len(issues) > 0 {
		t.Fatalf("ReadContacts: %v %+v", err, issues)
	}
	perDistrict := map[string]int{}
	for _, c := range contacts {
		if !strings.HasSuffix(c.Email, "@example.go.th") {
			t.Errorf("contact address %q is not a placeholder", c.Email)
		}
		if c.District != "" && c.Notices {
			perDistrict[c.District]++
		}
	}
	if d := contacts[0]; d.District != "" || !d.Bulletin || !d.Copy || d.Notices {
		t.Errorf("director = %+v, want bulletin and copies", d)
	}
	for _, d := range plan.Districts {
		if perDistrict[d.Code] != 2 {
			t.Errorf("%s has %d notice recipients, want head and officer", d.Code, perDistrict[d.Code])
		}
	}

	receipts, issues, err := report.ReadRegister(filepath.Join(dir, "reports.xlsx"), lim)
	if err != nil || len(issues) > 0 {
		t.Fatalf("ReadRegister: %v %+v", err, issues)
	}
	due := map[string]time.Time{}
	for _, c := range plan.Calendar {
		due[c.Code] = c.Due
	}
	var onTime, late int
	got2 := map[string]bool{}
	for _, r := range receipts {
		if r.Received.After(day(2026, 11, 23)) {
			t.Errorf("receipt after the last round: %+v", r)
		}
		if r.Received.After(due[r.Report]) {
			late++
		} else {
			onTime++
		}
		got2[r.Report+r.District] = true
	}
	if onTime == 0 || late == 0 {
		t.Errorf("%d on time, %d late", onTime, late)
	}
	for _, missing := range []string{"กข.1-10/695205", "ผด.1-10/695211"} {
		if got2[missing] {
			t.Errorf("%s should be missing from the register", missing)
		}
	}
}

// The demo's story as LWC's reader sees it, round by round: every file's end
// state and the issue codes it must raise (a subset). The lead's end-to-end
// assertions rely on this.
func testDemoRounds(t *testing.T, dir string, rounds []Round) {
	lim := settings.Default().Limits
	plan, _, err := report.ReadPlan(filepath.Join(dir, "plan.xlsx"), lim)
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		state report.FileState
		codes []string
	}
	ok, warn := report.StateAccepted, report.StateAcceptedWithWarnings
	story := []map[string]want{
		{ // 2026-10-26
			"5201_เมืองลำปาง.xlsx": {state: ok}, "5205_งาว.xlsx": {state: ok}, "5211.xlsx": {state: ok},
			"Copy of แบบรายงาน (2).xlsx":       {state: ok},
			"รายงานประจำสัปดาห์ ห้างฉัตร.xlsx": {state: ok}, "รายงานแจ้ห่ม 26-10-69.xlsx": {state: ok},
			"วังเหนือ ส่ง สนง.จังหวัด.xlsx": {state: ok},
			"เกาะคา_ผลเบิกจ่าย.xlsx":        {state: warn, codes: []string{"allocation-mismatch"}},
			"เถิน.xlsx":     {state: ok},
			"เมืองปาน.csv":  {state: report.StateRejected, codes: []string{"file-csv"}},
			"เสริมงาม.xlsx": {state: ok}, "แบบรายงาน แม่เมาะ 23ตค69.xlsx": {state: ok}, "แม่ทะ_รายงาน.xlsm": {state: ok},
		},
		{ // 2026-11-02
			"5201 เมืองลำปาง 30 ต.ค..xlsx": {state: ok}, "5202_แม่เมาะ.xlsx": {state: ok}, "5203_เกาะคา.xlsx": {state: ok},
			"5207_วังเหนือ.xlsx": {state: ok}, "5211.xlsx": {state: ok}, "5213 เมืองปาน (แก้ไข).xlsx": {state: ok},
			"Copy of แบบรายงาน (2).xlsx": {state: ok}, "ส่งจังหวัด งาว 30ตค69.xlsx": {state: ok},
			"ห้างฉัตร 30 ต.ค. 69.xlsx": {state: warn, codes: []string{"total-mismatch"}},
			"เถิน 30-10-69.xlsx":       {state: warn, codes: []string{"value-missing"}},
			"เสริมงาม_301069.xlsx":     {state: ok}, "แจ้ห่ม.xlsx": {state: ok},
			"แม่ทะ.xlsx": {state: warn, codes: []string{"formula-error"}},
		},
		{ // 2026-11-09: สบปราบ sends nothing
			"5201_เมืองลำปาง.xlsx": {state: warn, codes: []string{"over-allocation"}},
			"5205_งาว.xlsx":        {state: ok}, "5208_เถิน.xlsx": {state: ok}, "5213 เมืองปาน.xlsx": {state: ok},
			"Copy of แบบรายงาน (2).xlsx": {state: ok}, "วังเหนือ.xlsx": {state: ok},
			"ห้างฉัตร.xlsx":       {state: warn, codes: []string{"project-unknown", "project-missing"}},
			"เกาะคา.xlsx":         {state: ok},
			"เสริมงาม.xlsx":       {state: warn, codes: []string{"amount-negative"}},
			"แจ้ห่ม.xls":          {state: report.StateRejected, codes: []string{"file-xls"}},
			"แม่ทะ_รายงาน.xlsm":   {state: ok},
			"แม่เมาะ 6 พ.ย..xlsx": {state: warn, codes: []string{"bmn-recorded-over-collected"}},
		},
		{ // 2026-11-16
			"5201.xlsx": {state: ok}, "5202_แม่เมาะ.xlsx": {state: warn, codes: []string{"bmn-collected-over-target"}},
			"5203_เกาะคา.xlsx": {state: ok}, "5205_งาว.xlsx": {state: ok}, "5207_วังเหนือ.xlsx": {state: ok},
			"5212_ห้างฉัตร.xlsx": {state: ok}, "Copy of แบบรายงาน (2).xlsx": {state: ok}, "สบปราบ 13-11-69.xlsx": {state: ok},
			"เถิน (ฉบับแก้ไข).xlsx": {state: ok}, "เถิน.xlsx": {state: report.StateSuperseded},
			"เมืองปาน_มีรหัสผ่าน.xlsx": {state: report.StateRejected, codes: []string{"file-encrypted"}},
			// Decreased against last week: only with the previous snapshot.
			"เสริมงาม 13พย69.xlsx": {state: ok}, "แจ้ห่ม.xlsx": {state: ok}, "แม่ทะ_รายงาน.xlsm": {state: ok},
		},
		{ // 2026-11-23
			"5201_เมืองลำปาง.xlsx": {state: ok}, "5202_แม่เมาะ.xlsx": {state: ok},
			"5203_เกาะคา.xlsx":              {state: report.StateSuperseded},
			"ส่งจังหวัด เกาะคา 20พย69.xlsx": {state: ok},
			"5205_งาว.xlsx":                 {state: ok}, "5212_ห้างฉัตร.xlsx": {state: ok}, "Copy of แบบรายงาน (2).xlsx": {state: ok},
			"วังเหนือ.xlsx":              {state: ok},
			"สบปราบ.xlsx":                {state: report.StateRejected, codes: []string{"file-corrupt"}},
			"หนังสือนำส่ง.pdf":           {state: report.StateRejected, codes: []string{"file-not-spreadsheet"}},
			"เถิน.xlsx":                  {state: warn, codes: []string{"district-name-mismatch"}},
			"เมืองปาน 20 พ.ย. 2569.xlsx": {state: warn, codes: []string{"over-allocation"}},
			"เสริมงาม.xlsx":              {state: ok}, "แจ้ห่ม.xlsx": {state: ok},
			"แม่ทะ_รายงาน.xlsm": {state: warn, codes: []string{"amount-negative", "bmn-recorded-over-collected"}},
		},
	}
	if len(rounds) != len(story) {
		t.Fatalf("%d rounds, want %d", len(rounds), len(story))
	}
	for i, r := range rounds {
		if r.AsOf.Weekday() != time.Monday {
			t.Errorf("round %d runs on a %s", i, r.AsOf.Weekday())
		}
		inbox := filepath.Join(dir, "inbox"+r.AsOf.Format("20060102"))
		if err := WriteRound(inbox, r); err != nil {
			t.Fatal(err)
		}
		ib, err := report.CheckInbox(context.Background(), report.CheckInput{Root: dir, Inbox: inbox, Plan: plan, AsOf: r.AsOf, Limits: lim})
		if err != nil {
			t.Fatal(err)
		}
		if len(ib.Files) != len(story[i]) {
			t.Errorf("%s: %d files, story has %d", r.AsOf.Format("2006-01-02"), len(ib.Files), len(story[i]))
		}
		for _, f := range ib.Files {
			name := filepath.Base(f.File)
			w, found := story[i][name]
			if !found {
				t.Errorf("%s: unexpected file %s", r.AsOf.Format("2006-01-02"), name)
				continue
			}
			if f.State != w.state {
				t.Errorf("%s %s: %s, want %s (%+v)", r.AsOf.Format("2006-01-02"), name, f.State, w.state, f.Issues)
			}
			if w.state == ok && len(f.Issues) > 0 {
				t.Errorf("%s %s: issues %+v", r.AsOf.Format("2006-01-02"), name, f.Issues)
			}
			for _, code := range w.codes {
				if !slices.ContainsFunc(f.Issues, func(is report.Issue) bool { return is.Code == code }) {
					t.Errorf("%s %s: no %s issue in %+v", r.AsOf.Format("2006-01-02"), name, code, f.Issues)
				}
			}
			if f.AsOf != "" && f.AsOf > r.AsOf.Format("2006-01-02") {
				t.Errorf("%s %s: data as of %s, after the run", r.AsOf.Format("2006-01-02"), name, f.AsOf)
			}
		}
		// งาว reports every week, so its red runs are consecutive.
		if _, found := ib.Accepted["5205"]; !found {
			t.Errorf("%s: งาว has no accepted submission", r.AsOf.Format("2006-01-02"))
		}
	}
}

// testDemoProgress checks the figures the story needs, from the files as
// read: งาว far below the overall target, แม่พริก slightly below, the others
// above, cumulative amounts growing week to week except where a district
// typed a lower one on purpose.
func testDemoProgress(t *testing.T, dir string, rounds []Round) {
	lim := settings.Default().Limits
	rates := map[string][]float64{}
	disbursed := map[string]float64{} // last round's value by district/project
	for i, r := range rounds {
		target := overallTarget(r.AsOf)
		inbox := filepath.Join(dir, "in"+r.AsOf.Format("0102"))
		if err := WriteRound(inbox, r); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, f := range r.Files {
			s, _, err := report.ReadSubmission(filepath.Join(inbox, f.Name), lim)
			if err != nil || seen[s.District] {
				continue // rejected, or the superseded one of a pair
			}
			seen[s.District] = true
			var alloc, disb float64
			for _, p := range s.Projects {
				alloc += p.Allocated.V
				if p.Disbursed.OK {
					disb += p.Disbursed.V
				}
				key := s.District + "/" + p.Code
				if prev, had := disbursed[key]; had && p.Disbursed.OK && p.Disbursed.V < prev-0.005 {
					lower := (i == 3 && s.District == "5204") || (i == 4 && s.District == "5207")
					if !lower {
						t.Errorf("round %d %s: disbursed %v below last week's %v", i, key, p.Disbursed.V, prev)
					}
				}
				if p.Disbursed.OK {
					disbursed[key] = p.Disbursed.V
				}
			}
			rate := disb / alloc
			rates[s.District] = append(rates[s.District], rate)
			switch {
			case s.District == "5205" && i > 0:
				if rate >= target-0.05 {
					t.Errorf("round %d: งาว at %.4f, target %.4f: not red", i, rate, target)
				}
			case s.District == "5209":
				if rate >= target || rate < target-0.05 {
					t.Errorf("round %d: แม่พริก at %.4f, target %.4f: not yellow", i, rate, target)
				}
			case s.District != "5205":
				if rate < target {
					t.Errorf("round %d: %s at %.4f below target %.4f", i, s.District, rate, target)
				}
			}
		}
	}
	if len(rates["5205"]) != len(rounds) {
		t.Errorf("งาว read in %d rounds, want every round", len(rates["5205"]))
	}
}

func TestFixCachedFormulas(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<c r="D9" s="3" t="str"><f>SUM(D2:D8)</f><v>1234.5</v></c>`, `<c r="D9" s="3"><f>SUM(D2:D8)</f><v>1234.5</v></c>`},
		{`<c r="F9" t="str"><f>F2/0</f></c>`, `<c r="F9" t="e"><f>F2/0</f><v>#DIV/0!</v></c>`},
		{`<c r="F9" t="str"><f>SUM(F2:F8)</f></c>`, `<c r="F9" t="str"><f>SUM(F2:F8)</f></c>`},
		{`<c r="A1" t="str"><f>A2</f><v>text</v></c>`, `<c r="A1" t="str"><f>A2</f><v>text</v></c>`},
		{`<c r="A1" t="s"><v>3</v></c><c r="B1" t="str"><f>1+2</f><v>3</v></c>`, `<c r="A1" t="s"><v>3</v></c><c r="B1"><f>1+2</f><v>3</v></c>`},
	}
	for _, tt := range tests {
		if got := string(fixCachedFormulas([]byte(tt.in))); got != tt.want {
			t.Errorf("fix(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestMessCoverage proves the demo rounds use every tolerance of SPEC §3.5
// and every rejected kind at least once.
func TestMessCoverage(t *testing.T) {
	used := map[string]bool{}
	mark := func(ok bool, what string) {
		if ok {
			used[what] = true
		}
	}
	for i := range demoRuns {
		for _, fs := range demoRound(i) {
			mark(strings.HasSuffix(fs.name, ".xlsm"), "xlsm")
			mark(strings.HasSuffix(fs.name, ".xls"), "xls")
			mark(strings.HasSuffix(fs.name, ".csv"), "csv")
			mark(strings.HasSuffix(fs.name, ".pdf"), "not a spreadsheet")
			mark(strings.Contains(fs.name, "รหัสผ่าน"), "encrypted")
			mark(fs.raw != nil && strings.HasSuffix(fs.name, ".xlsx") && !strings.Contains(fs.name, "รหัสผ่าน"), "corrupt zip")
			l := fs.messy
			if l == nil {
				continue
			}
			mark(l.titleRows > 0, "title rows")
			mark(l.titleRows >= 5, "header far below row 1")
			mark(l.reorder, "columns reordered")
			mark(l.extraCols, "extra columns")
			mark(l.noisyHeaders, "noisy headers")
			mark(l.sheetSpaces, "sheet names with spaces")
			mark(l.numbers == numSep || l.numbers == numMixed, "text numbers with separators")
			mark(l.numbers == numThai || l.numbers == numMixed, "Thai digits")
			mark(l.numbers == numBaht || l.numbers == numMixed, "trailing บาท")
			mark(l.numbers == numSpaced || l.numbers == numMixed, "spaces in numbers")
			mark(fs.mutate != nil && l.numbers == numSep, "accounting negative")
			mark(l.dashZero, "dash for zero")
			mark(l.emptyCommit, "empty cells")
			mark(l.date == dateSerialBE, "BE year in a date cell")
			mark(l.date == dateSlashBE, "20/11/2569")
			mark(l.date == dateSlashCE, "20/11/2026")
			mark(l.date == dateISO, "2026-11-20")
			mark(l.date == dateThaiLong, "20 พฤศจิกายน 2569")
			mark(l.date == dateThaiShort, "20 พ.ย. 69")
			mark(l.formulas == cFormulaVal || l.totals == totalsCached, "formulas with cached values")
			mark(l.formulas == cFormula || l.totals == totalsUncached, "formulas without cached values")
			mark(l.errorCell, "error value")
			mark(l.totals == totalsWrong, "totals row disagreeing")
			mark(l.totals != totalsNone, "totals rows")
			mark(l.blankRows, "blank rows")
			mark(l.hiddenRow, "hidden rows")
			mark(l.titleRows > 0, "merged title cells")
			mark(l.nameMismatch != "", "code/name mismatch")
		}
	}
	for _, what := range []string{"xlsm", "xls", "csv", "not a spreadsheet", "encrypted", "corrupt zip",
		"title rows", "header far below row 1", "columns reordered", "extra columns", "noisy headers",
		"sheet names with spaces", "text numbers with separators", "Thai digits", "trailing บาท", "spaces in numbers",
		"accounting negative", "dash for zero", "empty cells", "BE year in a date cell", "20/11/2569", "20/11/2026",
		"2026-11-20", "20 พฤศจิกายน 2569", "20 พ.ย. 69", "formulas with cached values", "formulas without cached values",
		"error value", "totals row disagreeing", "totals rows", "blank rows", "hidden rows", "merged title cells",
		"code/name mismatch"} {
		if !used[what] {
			t.Errorf("no demo file has %s", what)
		}
	}
}

func TestCompoundFiles(t *testing.T) {
	tests := []struct {
		name    string
		data    []byte
		streams []string
	}{
		{"xls", legacyXLS(), []string{"Workbook"}},
		{"encrypted", encryptedXLSX(), []string{"EncryptionInfo", "EncryptedPackage"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !bytes.HasPrefix(tt.data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
				t.Fatal("no OLE signature")
			}
			r, err := mscfb.New(bytes.NewReader(tt.data))
			if err != nil {
				t.Fatalf("not a valid compound file: %v", err)
			}
			var got []string
			for e, err := r.Next(); err == nil; e, err = r.Next() {
				got = append(got, e.Name)
				if e.Size < 4096 {
					t.Errorf("%s: %d bytes, below the mini-stream cutoff", e.Name, e.Size)
				}
			}
			if !slices.Equal(got, tt.streams) {
				t.Errorf("streams = %q, want %q", got, tt.streams)
			}
		})
	}
}

func TestXLSM(t *testing.T) {
	for _, fs := range demoRound(0) {
		if !strings.HasSuffix(fs.name, ".xlsm") {
			continue
		}
		w := demoWorld()
		data, err := messyWorkbook(w.submission(fs.district, 0, demoRuns[0], demoData[0]), *fs.messy, fs.name)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range zr.File {
			if e.Name != "[Content_Types].xml" {
				continue
			}
			rc, _ := e.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			if !bytes.Contains(b, []byte("sheet.macroEnabled.main+xml")) {
				t.Errorf("%s: content type is not macro-enabled: %s", fs.name, b)
			}
			return
		}
		t.Fatalf("%s: no [Content_Types].xml", fs.name)
	}
	t.Fatal("no .xlsm in round 0")
}
