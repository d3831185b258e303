package report

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unsafe"

	"lwc/report/settings"
	"lwc/report/sheet"
	"lwc/report/sheet/sheettest"
)

func readTestPlan(t testing.TB) *Plan {
	t.Helper()
	path := writeFile(t, filepath.Join(t.TempDir(), "plan.xlsx"), testPlan().bytes(t))
	p, issues, err := ReadPlan(path, settings.Limits{})
	if err != nil || len(issues) > 0 {
		t.Fatalf("plan: %v %v", err, issues)
	}
	return p
}

// workspace writes files into root/inbox and returns the CheckInput.
func workspace(t testing.TB, files map[string][]byte) CheckInput {
	t.Helper()
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "inbox"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		writeFile(t, filepath.Join(root, "inbox", name), data)
	}
	return CheckInput{Root: root, Inbox: filepath.Join(root, "inbox"), Plan: readTestPlan(t), AsOf: day(2026, 11, 23)}
}

func check(t testing.TB, in CheckInput) *Inbox {
	t.Helper()
	ib, err := CheckInbox(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return ib
}

func fileResult(t testing.TB, ib *Inbox, name string) FileResult {
	t.Helper()
	for _, f := range ib.Files {
		if f.File == "inbox/"+name {
			return f
		}
	}
	t.Fatalf("no file %s in %+v", name, ib.Files)
	return FileResult{}
}

func TestCheckInboxClean(t *testing.T) {
	in := workspace(t, map[string][]byte{
		"5201.xlsx":        testSub("5201").bytes(t),
		"sub/แม่เมาะ.xlsx": testSub("5202").bytes(t),
	})
	ib := check(t, in)
	if len(ib.Files) != 2 || ib.Files[0].File != "inbox/5201.xlsx" || ib.Files[1].File != "inbox/sub/แม่เมาะ.xlsx" {
		t.Fatalf("files %+v", ib.Files)
	}
	for _, f := range ib.Files {
		if f.State != StateAccepted || len(f.Issues) != 0 {
			t.Errorf("%s: %s %v", f.File, f.State, f.Issues)
		}
		if len(f.SHA256) != 64 || f.Size == 0 || f.ModTime == "" || f.AsOf != "2026-11-20" {
			t.Errorf("%s: metadata %+v", f.File, f)
		}
	}
	s := ib.Accepted["5201"]
	if s == nil || s.District != "5201" || s.DistrictName != "เมืองลำปาง" || !s.AsOf.Equal(day(2026, 11, 20)) || s.Reporter == "" || s.File != "inbox/5201.xlsx" {
		t.Fatalf("accepted %+v", s)
	}
	if len(s.Lines()) != 3 {
		t.Fatalf("projects %+v", s.Lines())
	}
	p := s.Lines()[2]
	if p.Code != "P03" || p.Committed != (Value{0, true}) || p.Disbursed != (Value{12500.5, true}) || p.Allocated != (Value{50000, true}) || p.Row != 5 {
		t.Errorf("P03 %+v", p)
	}
	if len(s.SubDistricts) != 2 || s.SubDistricts[1].Recorded != (Value{400, true}) {
		t.Errorf("sub-districts %+v", s.SubDistricts)
	}
}

func TestCheckInboxRules(t *testing.T) {
	prev := &Snapshot{
		Districts: []DistrictFigures{{Code: "5201", DataAsOf: "2026-11-13"}},
		Projects:  []ProjectFigures{{District: "5201", Code: "P02", Disbursed: 60000, Reported: true}},
	}
	type want struct {
		state FileState
		code  string
		cell  string
		sev   Severity
	}
	cases := []struct {
		name string
		sub  func() *sub
		want []want
		test func(t *testing.T, s *Submission)
	}{
		{"unknown district", func() *sub { s := testSub("5201"); s.code, s.name = "9999", "ไม่มี"; return s },
			[]want{{StateRejected, CodeDistrictUnknown, "B3", SeverityError}}, nil},
		{"missing district code, known name", func() *sub {
			s := testSub("5201")
			s.code, s.name = nil, "อำเภอเมืองลำปาง"
			return s
		},
			[]want{{StateAcceptedWithWarnings, CodeDistrictCodeMissing, "", SeverityWarning}}, nil},
		{"missing district", func() *sub { s := testSub("5201"); s.code, s.name = "", "ไม่รู้"; return s },
			[]want{{StateRejected, CodeDistrictMissing, "", SeverityError}}, nil},
		{"no district at all", func() *sub { s := testSub("5201"); s.code, s.name = nil, nil; return s },
			[]want{{StateRejected, CodeDistrictMissing, "", SeverityError}}, nil},
		{"unknown code, known name", func() *sub { s := testSub("5201"); s.code = "5299"; return s },
			[]want{{StateAcceptedWithWarnings, CodeDistrictUnknown, "B3", SeverityWarning}}, nil},
		{"code and name disagree", func() *sub { s := testSub("5201"); s.name = "แม่เมาะ"; return s },
			[]want{{StateAcceptedWithWarnings, CodeDistrictNameMismatch, "B4", SeverityWarning}},
			func(t *testing.T, s *Submission) {
				if s.District != "5201" || s.DistrictName != "เมืองลำปาง" {
					t.Errorf("district %s %s", s.District, s.DistrictName)
				}
			}},
		{"as-of missing", func() *sub { s := testSub("5201"); s.asOf = nil; return s },
			[]want{{StateAcceptedWithWarnings, CodeAsOfMissing, "B5", SeverityError}}, nil},
		{"as-of unreadable", func() *sub { s := testSub("5201"); s.asOf = "สัปดาห์นี้"; return s },
			[]want{{StateAcceptedWithWarnings, CodeDateInvalid, "B5", SeverityError}}, nil},
		{"as-of in the future", func() *sub { s := testSub("5201"); s.asOf = "20/12/2569"; return s },
			[]want{{StateAcceptedWithWarnings, CodeAsOfFuture, "B5", SeverityWarning}}, nil},
		{"as-of older than last run", func() *sub { s := testSub("5201"); s.asOf = "๖ พ.ย. ๖๙"; return s },
			[]want{{StateAcceptedWithWarnings, CodeAsOfStale, "B5", SeverityWarning}}, nil},
		{"unknown project", func() *sub {
			s := testSub("5201")
			s.budget = append(s.budget, []any{"P99", "ไม่มี", "", 1, 1, 1})
			return s
		},
			[]want{{StateAcceptedWithWarnings, CodeProjectUnknown, "A6", SeverityError}},
			func(t *testing.T, s *Submission) {
				if len(s.Lines()) != 3 {
					t.Errorf("unknown project kept: %+v", s.Lines())
				}
			}},
		{"project missing", func() *sub { s := testSub("5201"); s.budget = s.budget[:2]; return s },
			[]want{{StateAcceptedWithWarnings, CodeProjectMissing, "", SeverityWarning}}, nil},
		{"allocation differs", func() *sub { s := testSub("5201"); s.budget[1][3] = 250000; return s },
			[]want{{StateAcceptedWithWarnings, CodeAllocationMismatch, "D4", SeverityWarning}}, nil},
		{"negative amount", func() *sub { s := testSub("5201"); s.budget[0][5] = "(1,234)"; return s },
			[]want{{StateAcceptedWithWarnings, CodeAmountNegative, "F3", SeverityError}},
			func(t *testing.T, s *Submission) {
				if s.Lines()[0].Disbursed.OK {
					t.Errorf("negative value used: %+v", s.Lines()[0])
				}
			}},
		{"over allocation", func() *sub { s := testSub("5201"); s.budget[2][4], s.budget[2][5] = 30000, 30000; return s },
			[]want{{StateAcceptedWithWarnings, CodeOverAllocation, "F5", SeverityWarning}}, nil},
		{"disbursed decreased", func() *sub { return testSub("5201") }, // P02 50,000 < 60,000 last week
			[]want{{StateAcceptedWithWarnings, CodeDisbursedDecreased, "F4", SeverityWarning}}, nil},
		{"unparseable value", func() *sub { s := testSub("5201"); s.budget[0][5] = "ยังไม่เบิก"; return s },
			[]want{{StateAcceptedWithWarnings, CodeValueInvalid, "F3", SeverityError}},
			func(t *testing.T, s *Submission) {
				if s.Lines()[0].Disbursed.OK {
					t.Error("unparseable value used")
				}
			}},
		{"empty value is not reported", func() *sub { s := testSub("5201"); s.budget[0][4] = nil; return s },
			[]want{{StateAcceptedWithWarnings, CodeValueMissing, "E3", SeverityWarning}},
			func(t *testing.T, s *Submission) {
				if s.Lines()[0].Committed.OK {
					t.Error("empty value reported")
				}
			}},
		{"BMN collected above target", func() *sub { s := testSub("5201"); s.bmn[0][2] = 450; return s },
			[]want{{StateAcceptedWithWarnings, CodeBMNCollectedOverTarget, "C2", SeverityWarning}}, nil},
		{"BMN recorded above collected", func() *sub { s := testSub("5201"); s.bmn[1][3] = 501; return s },
			[]want{{StateAcceptedWithWarnings, CodeBMNRecordedOverCollect, "D3", SeverityWarning}}, nil},
		{"BMN targets not summing to the plan's", func() *sub {
			s := testSub("5201")
			s.bmn[1][1] = 700
			s.bmn = append(s.bmn, []any{"รวม", 1100, 800, 650})
			return s
		}, []want{{StateAcceptedWithWarnings, CodeBMNTargetSum, "B4", SeverityWarning}}, nil},
		{"totals row disagreeing", func() *sub {
			s := testSub("5201")
			s.budget = append(s.budget, []any{"รวมทั้งสิ้น", nil, nil, 350000, 5000, 82502})
			return s
		}, []want{{StateAcceptedWithWarnings, CodeTotalMismatch, "F6", SeverityWarning}},
			func(t *testing.T, s *Submission) {
				if len(s.Lines()) != 3 {
					t.Errorf("totals row read as data: %+v", s.Lines())
				}
			}},
		{"totals row within 1 baht", func() *sub {
			s := testSub("5201")
			s.budget[1][5] = 60000 // as last week
			s.budget = append(s.budget, []any{nil, "รวม", nil, 350000, 5000, 92501})
			return s
		}, nil, nil},
		{"budget sheet missing", func() *sub { s := testSub("5201"); s.noBudget = true; return s },
			[]want{{StateAcceptedWithWarnings, CodeSheetMissing, "", SeverityError}}, nil},
		{"no data sheets", func() *sub { s := testSub("5201"); s.noBudget, s.noBMN = true, true; return s },
			[]want{{StateRejected, CodeNoData, "", SeverityError}}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := workspace(t, map[string][]byte{"f.xlsx": tc.sub().bytes(t)})
			var err error
			if in.Previous, err = PreviousOf(prev); err != nil {
				t.Fatal(err)
			}
			ib := check(t, in)
			f := fileResult(t, ib, "f.xlsx")
			if len(tc.want) == 0 {
				if f.State != StateAccepted || len(f.Issues) != 0 {
					t.Errorf("state %s issues %s", f.State, codes(f.Issues))
				}
			}
			for _, w := range tc.want {
				if f.State != w.state {
					t.Errorf("state %s, want %s (%s)", f.State, w.state, codes(f.Issues))
				}
				is, ok := findIssue(f.Issues, w.code, w.cell)
				if !ok {
					t.Errorf("no %s at %q in %s", w.code, w.cell, codes(f.Issues))
					continue
				}
				if is.Severity != w.sev || is.Message == "" || is.Sheet == "" && is.Cell != "" {
					t.Errorf("issue %+v", is)
				}
				if w.state == StateRejected {
					if f.Reason == "" || ib.Accepted[f.District] != nil {
						t.Errorf("rejected without reason or accepted: %+v", f)
					}
				}
			}
			if tc.test != nil {
				s := ib.Accepted[f.District]
				if s == nil {
					t.Fatalf("not accepted: %+v", f)
				}
				tc.test(t, s)
			}
		})
	}
}

// Last week's amounts as archive.Latest gives them, each district's still
// JSON: decoded when its file is verified, and a damaged entry costs that
// district the comparison, nothing more.
func TestCheckInboxPreviousEncoded(t *testing.T) {
	for _, tc := range []struct {
		name      string
		encoded   string
		decreased bool
	}{
		{"encoded", `{"5201":{"P02":60000}}`, true},
		{"below this week", `{"5201":{"P02":40000}}`, false},
		{"other district", `{"5202":{"P02":60000}}`, false},
		{"damaged entry", `{"5201":"60000"}`, false},
		{"wrong type inside", `{"5201":{"P02":"x"}}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var enc map[string]json.RawMessage
			if err := json.Unmarshal([]byte(tc.encoded), &enc); err != nil {
				t.Fatal(err)
			}
			in := workspace(t, map[string][]byte{"f.xlsx": testSub("5201").bytes(t)})
			in.Previous = &PreviousRun{AsOf: "2026-11-13", DataAsOf: map[string]string{"5201": "2026-11-13"}, DisbursedJSON: enc}
			f := fileResult(t, check(t, in), "f.xlsx")
			if f.State == StateRejected {
				t.Fatalf("rejected: %s", codes(f.Issues))
			}
			_, got := findIssue(f.Issues, CodeDisbursedDecreased, "F4")
			if got != tc.decreased {
				t.Errorf("%s reported: %v, want %v (%s)", CodeDisbursedDecreased, got, tc.decreased, codes(f.Issues))
			}
		})
	}
}

func TestCheckInboxDuplicates(t *testing.T) {
	older, newer := testSub("5201"), testSub("5201")
	older.asOf = day(2026, 11, 13)
	in := workspace(t, map[string][]byte{
		"a-new.xlsx": newer.bytes(t),
		"b-old.xlsx": older.bytes(t),
		"c-tie.xlsx": newer.bytes(t),
	})
	// a-new and c-tie have the same as-of: the later file time wins.
	base := time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)
	os.Chtimes(filepath.Join(in.Inbox, "a-new.xlsx"), base, base.Add(time.Hour))
	os.Chtimes(filepath.Join(in.Inbox, "c-tie.xlsx"), base, base)
	os.Chtimes(filepath.Join(in.Inbox, "b-old.xlsx"), base, base.Add(2*time.Hour))
	ib := check(t, in)
	states := map[string]FileState{}
	for _, f := range ib.Files {
		states[f.File] = f.State
		if f.State == StateSuperseded && (f.Reason == "" || !strings.Contains(f.Reason, "a-new.xlsx")) {
			t.Errorf("superseded without reason naming the winner: %+v", f)
		}
	}
	if states["inbox/a-new.xlsx"] != StateAccepted || states["inbox/b-old.xlsx"] != StateSuperseded || states["inbox/c-tie.xlsx"] != StateSuperseded {
		t.Errorf("states %v", states)
	}
	if ib.Accepted["5201"].File != "inbox/a-new.xlsx" {
		t.Errorf("winner %s", ib.Accepted["5201"].File)
	}
	// Equal as-of and time: the greater name wins.
	os.Chtimes(filepath.Join(in.Inbox, "c-tie.xlsx"), base, base.Add(time.Hour))
	ib = check(t, in)
	if ib.Accepted["5201"].File != "inbox/c-tie.xlsx" {
		t.Errorf("tie by name: winner %s", ib.Accepted["5201"].File)
	}
}

// TestLeadersLighten: of a district's files, only the one that would win
// among those offered so far keeps its data, whatever order the workers
// offer them in; a loser keeps what resolve reads, and resolve agrees.
func TestLeadersLighten(t *testing.T) {
	files := map[string][]byte{}
	for i, d := range []int{13, 20, 6} {
		s := testSub("5201")
		s.asOf = day(2026, 11, d)
		files[fmt.Sprintf("f%d.xlsx", i)] = s.bytes(t)
	}
	files["5202.xlsx"] = testSub("5202").bytes(t)
	in := workspace(t, files)
	paths, err := inboxFiles(in.Inbox, nil)
	if err != nil || len(paths) != 4 {
		t.Fatalf("inbox %v %v", paths, err)
	}
	idx := indexPlan(in)
	for _, order := range [][]int{{0, 1, 2, 3}, {3, 2, 1, 0}, {1, 0, 3, 2}, {2, 3, 0, 1}} {
		cs := make([]checked, len(paths))
		l := leaders{files: cs, best: map[string]int{}}
		for _, i := range order {
			cs[i] = checkFile(paths[i], in)
			verify(&cs[i], in, idx)
			l.offer(i)
		}
		for i, c := range cs {
			name := filepath.Base(paths[i].Path)
			winner := name == "f1.xlsx" || name == "5202.xlsx"
			if c.sub == nil {
				t.Fatalf("order %v: %s not identified", order, name)
			}
			if got := len(c.sub.Lines()) > 0 && len(c.sub.SubDistricts) > 0; got != winner {
				t.Errorf("order %v: %s keeps its data: %v, want %v", order, name, got, winner)
			}
			if c.sub.District == "" || c.sub.AsOf.IsZero() || c.sub.File != c.result.File {
				t.Errorf("order %v: %s lost what resolve reads: %+v", order, name, c.sub.Submission)
			}
		}
		ib := resolve(cs, l.best)
		if ib.Accepted["5201"] == nil || ib.Accepted["5201"].File != "inbox/f1.xlsx" || ib.Accepted["5202"] == nil {
			t.Errorf("order %v: accepted %v", order, ib.Accepted)
		}
		for _, f := range ib.Files {
			if (f.File == "inbox/f0.xlsx" || f.File == "inbox/f2.xlsx") && (f.State != StateSuperseded || !strings.Contains(f.Reason, "f1.xlsx")) {
				t.Errorf("order %v: %+v", order, f)
			}
		}
	}
}

func TestCheckInboxOddFiles(t *testing.T) {
	in := workspace(t, map[string][]byte{
		"~$5201.xlsx":   []byte("\x0cนางสมใจ     \x00\x00"),
		".DS_Store":     {0, 0, 0, 1, 'B', 'u', 'd', '1'},
		"5202 เก่า.xls": xlsBytes(t),
		"empty.xlsx":    {},
		"5201.xlsx":     testSub("5201").bytes(t),
	})
	ib := check(t, in)
	if len(ib.Files) != 5 {
		t.Fatalf("files %+v", ib.Files)
	}
	for _, f := range ib.Files {
		switch f.File {
		case "inbox/5201.xlsx":
			if f.State != StateAccepted {
				t.Errorf("%+v", f)
			}
			continue
		case "inbox/~$5201.xlsx", "inbox/.DS_Store":
			if _, ok := findIssue(f.Issues, CodeTempFile, ""); !ok {
				t.Errorf("%s: %s", f.File, codes(f.Issues))
			}
		case "inbox/5202 เก่า.xls":
			if f.District != "5202" {
				t.Errorf("rejected file's district not guessed from its name: %+v", f)
			}
		}
		if f.State != StateRejected || f.Reason == "" || len(f.Issues) == 0 || f.Issues[0].Cell != "" {
			t.Errorf("%s: %+v", f.File, f)
		}
	}
}

func TestCheckInboxCancelled(t *testing.T) {
	in := workspace(t, map[string][]byte{"5201.xlsx": testSub("5201").bytes(t)})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := CheckInbox(ctx, in); err == nil {
		t.Error("no error for a cancelled context")
	}
}

func xlsBytes(t testing.TB) []byte { return sheettest.XLS() }

// TestCheckInboxHostile: hostile files are each rejected with a reason and
// the good file beside them is still accepted.
func TestCheckInboxHostile(t *testing.T) {
	names := make([]string, 2000)
	for i := range names {
		names[i] = fmt.Sprintf("s%d", i)
	}
	lim := settings.Limits{MaxXMLBytes: 16 << 20}
	in := workspace(t, map[string][]byte{
		"bomb.xlsx":    sheettest.Workbook([]string{SheetInfo}, sheettest.Bomb(100<<20), nil),
		"rows.xlsx":    sheettest.Workbook([]string{SheetInfo}, sheettest.Rows(1_000_000), nil),
		"string.xlsx":  sheettest.Workbook([]string{SheetInfo}, nil, sheettest.HugeString(4<<20)), // 12 MB of XML, under the part limit
		"sheets.xlsx":  sheettest.Workbook(names, nil, nil),
		"garbage.xlsx": []byte("PK\x03\x04garbage"),
		"5201.xlsx":    testSub("5201").bytes(t),
	})
	in.Limits = lim
	// Each is refused while it is read: the whole inbox costs less memory
	// than the bomb or the million rows would inflated (hangs are go
	// test's -timeout to catch).
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	ib := check(t, in)
	runtime.ReadMemStats(&after)
	if a := after.TotalAlloc - before.TotalAlloc; a > 64<<20 {
		t.Errorf("checking the inbox allocated %d MB", a>>20)
	}
	want := map[string]string{
		"bomb.xlsx": sheet.CodePartSize, "rows.xlsx": sheet.CodePartSize, "string.xlsx": sheet.CodeCellChars,
		"sheets.xlsx": sheet.CodeSheets, "garbage.xlsx": sheet.CodeCorrupt,
	}
	for name, code := range want {
		f := fileResult(t, ib, name)
		if f.State != StateRejected || len(f.Issues) == 0 || f.Issues[0].Code != code || f.Reason == "" {
			t.Errorf("%s: %s %s", name, f.State, codes(f.Issues))
		}
	}
	if f := fileResult(t, ib, "5201.xlsx"); f.State != StateAccepted {
		t.Errorf("good file: %+v", f)
	}
}

// An accepted file keeps its text in memory of its own, not cuts of the
// sheet reader's shared blocks: those would keep each file's shared
// strings alive (18 MB of a national inbox when every file waited for the
// plan). Its project lines are in their compact form, without names or
// work groups (verification gives them the plan's), and the rest of its
// text is in one block.
func TestCheckInboxOwnsText(t *testing.T) {
	sub := testSub("5201")
	sub.budget[1][6] = "รอเบิกงวดถัดไป"
	sub.bmn[0][4] = "เก็บครบแล้ว"
	in := workspace(t, map[string][]byte{"5201.xlsx": sub.bytes(t)})
	s := check(t, in).Accepted["5201"]
	if s == nil {
		t.Fatal("5201.xlsx not accepted")
	}
	if s.Projects != nil {
		t.Errorf("Projects %+v kept beside their compact form", s.Projects)
	}
	lines := s.Lines()
	// Verification gives the district's code and name the plan's.
	kept := []string{s.Reporter, s.Phone}
	var lineText []string
	notes := 0
	for _, l := range lines {
		if l.Name != "" || l.WorkGroup != "" {
			t.Errorf("line %s keeps its name %q and work group %q", l.Code, l.Name, l.WorkGroup)
		}
		lineText = append(lineText, l.Code, l.Note)
		if l.Note != "" {
			notes++
		}
	}
	for _, l := range s.SubDistricts {
		kept = append(kept, l.Name, l.Note)
	}
	if len(lines) != 3 || len(s.SubDistricts) == 0 || s.Reporter == "" || notes == 0 {
		t.Fatalf("the test file lacks lines, sub-districts, a reporter or notes: %+v", s)
	}
	if lines[1].Code != "P02" || lines[1].Note != "รอเบิกงวดถัดไป" || lines[1].Row != 4 {
		t.Errorf("line 2 %+v", lines[1])
	}
	if lo, hi := span(kept); hi-lo != textLen(kept) {
		t.Errorf("the kept text (%d bytes) spans %d bytes of memory: not one block of its own", textLen(kept), hi-lo)
	}
	assertWithin(t, "line", lineText, s.lines.data)
}

// span is the memory the non-empty strings of ss lie in.
func span(ss []string) (lo, hi int) {
	l, h := uintptr(math.MaxUint64), uintptr(0)
	for _, k := range ss {
		if k == "" {
			continue
		}
		p := uintptr(unsafe.Pointer(unsafe.StringData(k)))
		l, h = min(l, p), max(h, p+uintptr(len(k)))
	}
	if h == 0 {
		return 0, 0
	}
	return int(l), int(h)
}

func textLen(ss []string) int {
	n := 0
	for _, s := range ss {
		n += len(s)
	}
	return n
}

// assertWithin fails unless every non-empty string of ss lies in block.
func assertWithin(t *testing.T, what string, ss []string, block string) {
	t.Helper()
	if block == "" {
		t.Fatalf("no block for the %s text", what)
	}
	lo := uintptr(unsafe.Pointer(unsafe.StringData(block)))
	hi := lo + uintptr(len(block))
	for _, k := range ss {
		if k == "" {
			continue
		}
		if p := uintptr(unsafe.Pointer(unsafe.StringData(k))); p < lo || p+uintptr(len(k)) > hi {
			t.Errorf("%s text %q is not in the submission's own block", what, k)
		}
	}
}

// The strings a run keeps are its own copies, not cuts of the sheet
// reader's blocks (which would keep every file's shared strings alive for
// the whole run): a plan's repeated work group is one string, and an
// accepted submission's lines are in its own block, with the plan's codes
// and without names or work groups (the plan has them).
func TestCheckInboxDetached(t *testing.T) {
	in := workspace(t, map[string][]byte{"5201.xlsx": testSub("5201").bytes(t)})
	ib := check(t, in)
	plan := map[string]Project{}
	groups := map[string]*byte{}
	for _, p := range in.Plan.AllProjects() {
		if p.District == "5201" {
			plan[p.Code] = p
		}
		if g, ok := groups[p.WorkGroup]; ok && g != unsafe.StringData(p.WorkGroup) {
			t.Errorf("work group %q of %s is a second copy", p.WorkGroup, p.Code)
		}
		groups[p.WorkGroup] = unsafe.StringData(p.WorkGroup)
	}
	if len(groups) >= in.Plan.NumProjects() {
		t.Fatalf("the test plan repeats no work group: %d groups, %d projects", len(groups), in.Plan.NumProjects())
	}
	s := ib.Accepted["5201"]
	if s == nil || len(s.Lines()) == 0 || s.Projects != nil {
		t.Fatalf("accepted %+v", s)
	}
	var codes []string
	for _, l := range s.Lines() {
		if _, ok := plan[l.Code]; !ok || l.Name != "" || l.WorkGroup != "" {
			t.Errorf("line %+v: not a plan code, or a name or work group kept", l)
		}
		codes = append(codes, l.Code)
	}
	assertWithin(t, "line", codes, s.lines.data)
}
