package figures

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"lwc/report"
	"lwc/report/archive"
	"lwc/report/settings"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

func district(s *report.Snapshot, code string) *report.DistrictFigures {
	for i := range s.Districts {
		if s.Districts[i].Code == code {
			return &s.Districts[i]
		}
	}
	return nil
}

func project(s *report.Snapshot, district, code string) *report.ProjectFigures {
	for i := range s.Projects {
		if s.Projects[i].District == district && s.Projects[i].Code == code {
			return &s.Projects[i]
		}
	}
	return nil
}

// TestMissingAndRejectedValuesCountZero: a plan project the submission
// leaves out and a value that failed verification count 0 committed or
// disbursed against the plan's allocation; a line for a project the plan
// does not have is ignored.
func TestMissingAndRejectedValuesCountZero(t *testing.T) {
	in := fixtureInput("2026-11-20")
	in.Plan.Projects = append(in.Plan.Projects, report.Project{District: "5201", Code: "P3", Name: "ใหม่",
		WorkGroup: wgPromote, ExpenseType: report.ExpenseCurrent, Allocated: 100000})
	sub := in.Inbox.Accepted["5201"]
	sub.Projects = append(sub.Projects, report.ProjectLine{Code: "P9", Committed: val(1e6), Disbursed: val(1e6)})
	sub.Projects[1].Committed = bad(5000) // P2's committed failed; its disbursed 40,000 still counts
	snap := Compute(in)

	tests := []struct {
		district, code                  string
		allocated, committed, disbursed float64
		reported                        bool
	}{
		{"5201", "P1", 100000, 10000, 20000, true},
		{"5201", "P2", 200000, 0, 40000, true},
		{"5201", "P3", 100000, 0, 0, false},   // missing from the submission
		{"5202", "P2", 50000, 1000, 0, false}, // disbursed failed verification (it was -30,000)
		{"5203", "P1", 100000, 0, 0, false},   // grey district
	}
	for _, tt := range tests {
		p := project(snap, tt.district, tt.code)
		if p == nil {
			t.Errorf("%s %s missing from projects", tt.district, tt.code)
			continue
		}
		if p.Allocated != tt.allocated || p.Committed != tt.committed || p.Disbursed != tt.disbursed || p.Reported != tt.reported {
			t.Errorf("%s %s = %+v", tt.district, tt.code, *p)
		}
	}
	if project(snap, "5201", "P9") != nil || len(snap.Projects) != 6 {
		t.Errorf("projects = %d, want the plan's 6 only", len(snap.Projects))
	}
	d := district(snap, "5201")
	// 60,000 of 400,000 = 15%: below 16.63% but within 5 points.
	if d.Budget.Allocated != 400000 || d.Budget.Committed != 10000 || d.Budget.Disbursed != 60000 ||
		!near(d.Budget.DisbursementRate, 0.15) || !near(d.Budget.SpendingRate, 0.175) || d.Budget.Status != report.StatusYellow {
		t.Errorf("5201 budget = %+v", d.Budget)
	}
	if g := d.ExpenseTypes[0]; g.Name != report.ExpenseCurrent || g.Allocated != 200000 || g.Disbursed != 20000 || !near(g.DisbursementRate, 0.1) {
		t.Errorf("5201 ประจำ = %+v", g)
	}
	d = district(snap, "5202")
	if d.Budget.Allocated != 100000 || d.Budget.Disbursed != 5000 || !near(d.Budget.DisbursementRate, 0.05) {
		t.Errorf("5202 budget = %+v", d.Budget)
	}
	// Province: every district's allocation, verified money only.
	p := snap.Province.Budget
	if p.Allocated != 600000 || p.Disbursed != 65000 || p.Committed != 11000 || !near(p.DisbursementRate, 65000.0/600000) {
		t.Errorf("province = %+v", p)
	}
	if snap.Province.Districts != 3 || snap.Province.VerifiedDistricts != 2 {
		t.Errorf("province districts %d verified %d", snap.Province.Districts, snap.Province.VerifiedDistricts)
	}
	wg := snap.WorkGroups[0]
	if wg.Name != wgPromote || wg.Allocated != 350000 || wg.Disbursed != 25000 {
		t.Errorf("work group = %+v", wg)
	}
}

// TestGreyDistricts: 5203's file was rejected and 5204 sent nothing. Both
// are grey everywhere, say why, get the weekly warning and no budget or BMN
// warning, but are still warned about reports the register lacks.
func TestGreyDistricts(t *testing.T) {
	in := fixtureInput("2026-12-10") // after the BMN collection deadline
	in.Plan.Districts = append(in.Plan.Districts, report.District{Code: "5204", Name: "เสริมงาม"})
	in.Plan.Projects = append(in.Plan.Projects, report.Project{District: "5204", Code: "P1", WorkGroup: wgPromote,
		ExpenseType: report.ExpenseCurrent, Allocated: 80000})
	in.Plan.BMN = append(in.Plan.BMN, report.BMNTarget{District: "5204", Households: 500,
		Start: day("2026-11-01"), CollectBy: day("2026-11-30"), RecordBy: day("2026-12-15")})
	// Red in earlier runs must not make a grey district escalate.
	prev := Compute(fixtureInput("2026-12-03"))
	in.History = []*report.PastRun{report.PastOf(prev)}
	snap := Compute(in)

	for _, tt := range []struct{ code, why string }{
		{"5203", "ไฟล์ inbox/5203.xls ถูกปฏิเสธ เนื่องจากเป็นไฟล์ .xls ซึ่งอ่านไม่ได้ (บันทึกเป็น .xlsx)"},
		{"5204", "ไม่พบไฟล์รายงานประจำสัปดาห์ของอำเภอ"},
	} {
		d := district(snap, tt.code)
		if d.Verified || d.Budget.Status != report.StatusGrey || d.BMN.Status != report.StatusGrey ||
			d.BMN.CollectedStatus != report.StatusGrey || d.Budget.Trend != nil || d.BudgetRank != 0 {
			t.Errorf("%s not grey: %+v", tt.code, d)
		}
		for _, g := range append(d.WorkGroups, d.ExpenseTypes...) {
			if g.Status != report.StatusGrey {
				t.Errorf("%s group %s = %s", tt.code, g.Name, g.Status)
			}
		}
		if want := "ข้อมูลยังไม่ผ่านการตรวจสอบ: " + tt.why; d.GreyReason != want {
			t.Errorf("%s grey reason %q, want %q", tt.code, d.GreyReason, want)
		}
		w := find(snap.Warnings, tt.code, report.TopicReport, report.SubjectWeekly)
		if w == nil || w.Stage != report.StageFollow || w.Due != "2026-12-10" || !strings.Contains(w.Message, tt.why) {
			t.Errorf("%s weekly warning = %+v", tt.code, w)
		}
		for _, w := range snap.Warnings {
			if w.District == tt.code && w.Topic != report.TopicReport {
				t.Errorf("%s warned from unverified data: %+v", tt.code, w)
			}
		}
		if find(snap.Warnings, tt.code, report.TopicReport, "ผด.1-11/69") == nil {
			t.Errorf("%s: register-based report warning missing", tt.code)
		}
		if _, ok := snap.History[len(snap.History)-1].Districts[tt.code]; ok {
			t.Errorf("%s in the history point", tt.code)
		}
	}
	if d := district(snap, "5204"); d.Budget.Allocated != 80000 || d.BMN.Target != 500 {
		t.Errorf("5204 plan figures lost: %+v", d)
	}
}

// TestUnjudgedTopics: a verified district whose every disbursed value failed
// verification has a grey budget and no budget warning; its other topics
// are still judged.
func TestUnjudgedTopics(t *testing.T) {
	in := fixtureInput("2026-11-20")
	for i := range in.Inbox.Accepted["5202"].Projects {
		in.Inbox.Accepted["5202"].Projects[i].Disbursed = report.Value{}
	}
	snap := Compute(in)
	d := district(snap, "5202")
	if !d.Verified || d.Budget.Status != report.StatusGrey || d.BudgetRank != 0 || d.BMN.CollectedStatus != report.StatusRed {
		t.Errorf("5202 = verified %v budget %s rank %d bmn %s", d.Verified, d.Budget.Status, d.BudgetRank, d.BMN.CollectedStatus)
	}
	for _, w := range snap.Warnings {
		if w.District == "5202" && w.Topic == report.TopicBudget {
			t.Errorf("budget warning from unverified values: %+v", w)
		}
	}
	if d.GreyReason != "" {
		t.Errorf("verified district with grey reason %q", d.GreyReason)
	}
}

// TestBMNFigures: 5201 collected 300 + 400 and recorded 200 + 100 of 1,000
// households as of 20 Nov 2026; collection runs 1 Nov → 30 Nov (19/29
// expected), recording 1 Nov → 15 Dec (19/44).
func TestBMNFigures(t *testing.T) {
	snap := Compute(fixtureInput("2026-11-20"))
	b := district(snap, "5201").BMN
	if b.Target != 1000 || b.Collected != 700 || b.Recorded != 300 || !near(b.CollectedRate, 0.7) || !near(b.RecordedRate, 0.3) ||
		!near(b.ExpectedRate, 19.0/29) || !near(b.ExpectedRecordedRate, 19.0/44) {
		t.Errorf("5201 BMN = %+v", b)
	}
	// 0.70 ≥ 0.655 green; 0.30 < 0.432 − 0.05 red; the worse is red.
	if b.CollectedStatus != report.StatusGreen || b.RecordedStatus != report.StatusRed || b.Status != report.StatusRed {
		t.Errorf("5201 BMN statuses %s %s %s", b.CollectedStatus, b.RecordedStatus, b.Status)
	}
	// พระบาท's own target failed verification: the plan's 600 is used.
	if s := b.SubDistricts[1]; s.Name != "พระบาท" || s.Target != 600 || !near(s.CollectedRate, 400.0/600) {
		t.Errorf("sub-district = %+v", s)
	}
	// Province: expected rates weighted by target (all share the dates).
	p := snap.Province.BMN
	if p.Target != 3000 || p.Collected != 1200 || !near(p.ExpectedRate, 19.0/29) || p.CollectBy != "2026-11-30" {
		t.Errorf("province BMN = %+v", p)
	}
	// Before the campaign starts nothing is expected: a district with
	// nothing collected is on target.
	early := Compute(fixtureInput("2026-10-20"))
	if b := district(early, "5202").BMN; b.ExpectedRate != 0 || b.CollectedStatus != report.StatusGreen {
		t.Errorf("before start: %+v", b)
	}
}

// TestTrend: 5202's P1 disbursement grows each week (scale 0.1, 0.25, 0.5,
// 0.75, 1 of 5,000 on 100,000 allocated: rates 0.005, 0.0125, 0.025, 0.0375,
// 0.05). The pace is measured over the last 4 points, 30 Oct → 20 Nov
// (21 days): (0.05 − 0.0125) / 21 × 7 = 0.0125 a week; projected at 31 Dec
// (41 days on): 0.05 + 0.0125 × 41/7.
func TestTrend(t *testing.T) {
	var hist []*report.Snapshot
	for _, w := range []struct {
		date  string
		scale float64
	}{{"2026-10-23", 0.1}, {"2026-10-30", 0.25}, {"2026-11-06", 0.5}, {"2026-11-13", 0.75}} {
		in := fixtureInput(w.date, hist...)
		in.Inbox = fixtureInbox(w.date, w.scale)
		hist = append(hist, Compute(in))
	}
	snap := Compute(fixtureInput("2026-11-20", hist...))
	tr := district(snap, "5202").Budget.Trend
	if tr == nil || tr.Previous == nil || !near(*tr.Previous, 0.0375) || !near(tr.Change, 0.0125) ||
		!near(tr.PacePerWeek, 0.0125) || !near(tr.Projected, 0.05+0.0125*41/7) || !tr.WillMiss || tr.Points != 4 || tr.RedRuns != 5 {
		t.Errorf("trend = %+v", tr)
	}
	// A run reads only its last few snapshots: the oldest one's own count
	// carries the chain back.
	if tr := district(Compute(fixtureInput("2026-11-20", hist[2:]...)), "5202").Budget.Trend; tr == nil || tr.RedRuns != 5 {
		t.Errorf("red runs from the last 2 snapshots = %+v, want 5", tr)
	}
	if tr := district(Compute(fixtureInput("2026-11-27", snap)), "5202").Budget.Trend; tr == nil || tr.RedRuns != 6 {
		t.Errorf("red runs a week on from the last snapshot = %+v, want 6", tr)
	}
	var dates []string
	for _, p := range snap.History {
		dates = append(dates, p.AsOf)
	}
	if want := []string{"2026-10-23", "2026-10-30", "2026-11-06", "2026-11-13", "2026-11-20"}; !reflect.DeepEqual(dates, want) {
		t.Errorf("history dates = %v", dates)
	}
	if h := snap.History[1]; !near(h.Districts["5202"], 0.0125) || len(h.Districts) != 2 {
		t.Errorf("history point = %+v", h)
	}
	// Only this snapshot's history is passed on next time: the points survive.
	next := Compute(fixtureInput("2026-11-27", snap))
	if len(next.History) != 6 {
		t.Errorf("history carried over: %d points, want 6", len(next.History))
	}
	// A new fiscal year starts a new history.
	fresh := Compute(fixtureInput("2027-10-08", hist...))
	if len(fresh.History) != 1 || district(fresh, "5201").Budget.Trend.Points != 1 {
		t.Errorf("new year history = %d points", len(fresh.History))
	}
}

func TestBudgetRank(t *testing.T) {
	in := fixtureInput("2026-11-20")
	in.Plan.Districts = append(in.Plan.Districts, report.District{Code: "5204", Name: "เสริมงาม"})
	in.Plan.Projects = append(in.Plan.Projects, report.Project{District: "5204", Code: "P1", Allocated: 100000})
	in.Inbox.Accepted["5204"] = &report.Submission{District: "5204", Projects: []report.ProjectLine{{Code: "P1", Disbursed: val(20000)}}}
	snap := Compute(in)
	// 5201 and 5204 both at 20%: rank 1 shared; 5202 third; grey 5203 none.
	got := map[string]int{}
	for _, d := range snap.Districts {
		got[d.Code] = d.BudgetRank
	}
	if want := map[string]int{"5201": 1, "5204": 1, "5202": 3, "5203": 0}; !reflect.DeepEqual(got, want) {
		t.Errorf("ranks = %v, want %v", got, want)
	}
}

// TestEmptyInput: nothing to read still gives a complete snapshot with
// empty lists (never JSON null).
func TestEmptyInput(t *testing.T) {
	for _, in := range []Input{
		{AsOf: day("2026-11-20")},
		{AsOf: day("2026-11-20"), Settings: settings.Default(), Plan: &report.Plan{Districts: []report.District{{Code: "5201"}}}},
		fixtureInput("2026-11-20"),
	} {
		snap := Compute(in)
		b, err := archive.Marshal(snap)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "null") || strings.Contains(string(b), "NaN") {
			t.Errorf("snapshot has null:\n%s", b)
		}
		if snap.AsOf != "2026-11-20" || snap.FiscalYear != 2570 || snap.Quarter != 1 || snap.QuarterEnd != "2026-12-31" {
			t.Errorf("header = %s %d %d %s", snap.AsOf, snap.FiscalYear, snap.Quarter, snap.QuarterEnd)
		}
	}
}

// TestNonFiniteInput: a NaN or infinity that slipped through reading counts
// as not reported instead of poisoning totals or the JSON.
func TestNonFiniteInput(t *testing.T) {
	in := fixtureInput("2026-11-20")
	in.Plan.Targets[report.ExpenseInvestment] = report.QuarterTargets{math.NaN(), 0.4, 0.6, 1}
	in.Plan.Projects[0].Allocated = math.Inf(1)
	in.Inbox.Accepted["5201"].Projects[1].Disbursed = val(math.NaN())
	in.Inbox.Accepted["5202"].SubDistricts[0].Collected = val(math.Inf(-1))
	snap := Compute(in)
	if _, err := archive.Marshal(snap); err != nil {
		t.Fatalf("snapshot not encodable: %v", err)
	}
	if p := project(snap, "5201", "P2"); p.Reported || p.Disbursed != 0 {
		t.Errorf("NaN disbursed counted: %+v", p)
	}
	if d := district(snap, "5202"); d.BMN.Collected != 0 || d.BMN.CollectedStatus != report.StatusGrey {
		t.Errorf("infinite collected counted: %+v", d.BMN)
	}
}

// BenchmarkCompute: a national-scale run, 878 districts with 10 projects
// each, 3 sub-districts, 12 report instances and a year of weekly history.
func BenchmarkCompute(b *testing.B) {
	plan := &report.Plan{Targets: fixturePlan().Targets}
	inbox := &report.Inbox{Accepted: map[string]*report.Submission{}}
	for i := range 12 {
		plan.Calendar = append(plan.Calendar, report.ReportDue{Code: "R" + string(rune('A'+i)), Due: day("2026-10-05").AddDate(0, 0, 7*i)})
	}
	for i := range 878 {
		code := string(rune('A'+i/100)) + string(rune('0'+i/10%10)) + string(rune('0'+i%10))
		plan.Districts = append(plan.Districts, report.District{Code: code, Name: "อำเภอ" + code})
		sub := &report.Submission{District: code, AsOf: day("2026-11-20")}
		for p := range 10 {
			pc := string(rune('A' + p))
			plan.Projects = append(plan.Projects, report.Project{District: code, Code: pc, WorkGroup: wgPromote,
				ExpenseType: report.ExpenseCurrent, Allocated: 100000})
			sub.Projects = append(sub.Projects, report.ProjectLine{Code: pc, Disbursed: val(float64(i % 30 * 1000))})
		}
		plan.BMN = append(plan.BMN, report.BMNTarget{District: code, Households: 900, Start: day("2026-11-01"),
			CollectBy: day("2026-11-30"), RecordBy: day("2026-12-15")})
		for s := range 3 {
			sub.SubDistricts = append(sub.SubDistricts, report.SubDistrictLine{Name: string(rune('a' + s)), Target: val(300), Collected: val(100), Recorded: val(50)})
		}
		if i%50 != 0 {
			inbox.Accepted[code] = sub
		}
	}
	in := Input{AsOf: day("2026-11-20"), Settings: settings.Default(), Plan: plan, Inbox: inbox}
	for w := 52; w > 0; w-- {
		in.History = append(in.History, &report.PastRun{})
	}
	prev := Compute(in)
	for w := range in.History {
		h := report.PastOf(prev)
		h.AsOf = ISO(day("2026-10-02").AddDate(0, 0, w))
		in.History[w] = h
	}
	b.ResetTimer()
	for b.Loop() {
		Compute(in)
	}
}

// TestComputeProjectsToFile: given a ProjectFile, Compute writes the
// projects there instead of the snapshot's Projects, the same projects in
// the same order, and every other figure is as without it.
func TestComputeProjectsToFile(t *testing.T) {
	want := Compute(fixtureInput("2026-11-20"))
	if len(want.Projects) < 3 {
		t.Fatalf("fixture has %d projects", len(want.Projects))
	}
	in := fixtureInput("2026-11-20")
	pf, err := report.CreateProjectFile(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	in.Projects = pf
	got := Compute(in)
	if err := pf.Finish(); err != nil {
		t.Fatal(err)
	}
	if got.Projects != nil || got.ProjectFile != pf {
		t.Fatalf("Projects %v, ProjectFile %p (want nil, %p)", got.Projects, got.ProjectFile, pf)
	}
	var onDisk []report.ProjectFigures
	if err := pf.Each(func(p *report.ProjectFigures) error { onDisk = append(onDisk, *p); return nil }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(onDisk, want.Projects) {
		t.Errorf("projects on disk\n%+v\nwant\n%+v", onDisk, want.Projects)
	}
	got.Projects, got.ProjectFile = want.Projects, nil
	if !reflect.DeepEqual(got, want) {
		t.Error("the other figures differ with the projects on disk")
	}
}

// TestInterleavedPlan: a plan that does not list a district's projects
// together (budget keeps a district's lines from its first project to its
// last) gives every project the same figures as the same plan grouped.
func TestInterleavedPlan(t *testing.T) {
	grouped := Compute(fixtureInput("2026-11-20"))
	in := fixtureInput("2026-11-20")
	ps := in.Plan.Projects
	var a, b []report.Project
	for i, p := range ps {
		if i%2 == 0 {
			a = append(a, p)
		} else {
			b = append(b, p)
		}
	}
	in.Plan.Projects = append(b, a...)
	// Some district's projects must come apart: a project of it after
	// another district's.
	split := ""
	seen := map[string]bool{}
	for i, p := range in.Plan.Projects {
		if seen[p.District] && in.Plan.Projects[i-1].District != p.District {
			split = p.District
		}
		seen[p.District] = true
	}
	got := Compute(in)
	if len(got.Projects) != len(grouped.Projects) || split == "" || grouped.Province.Budget.Disbursed == 0 {
		t.Fatalf("%d projects, want %d; split district %q; disbursed %v", len(got.Projects), len(grouped.Projects), split, grouped.Province.Budget.Disbursed)
	}
	for _, w := range grouped.Projects {
		g := project(got, w.District, w.Code)
		if g == nil || *g != w {
			t.Errorf("%s/%s: %+v, want %+v", w.District, w.Code, g, w)
		}
	}
	for _, w := range grouped.Districts {
		g := district(got, w.Code)
		if g == nil || !near(g.Budget.Disbursed, w.Budget.Disbursed) || !near(g.Budget.Committed, w.Budget.Committed) || !near(g.Budget.Allocated, w.Budget.Allocated) {
			t.Errorf("district %s: budget %+v, want %+v", w.Code, g, w.Budget)
		}
	}
}
