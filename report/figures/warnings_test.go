package figures

import (
	"strings"
	"testing"

	"lwc/report"
)

func find(ws []report.Warning, district, topic, subject string) *report.Warning {
	for i := range ws {
		if ws[i].District == district && ws[i].Topic == topic && ws[i].Subject == subject {
			return &ws[i]
		}
	}
	return nil
}

func TestStageAt(t *testing.T) {
	// warn_days 7, follow_days 3 (the defaults).
	tests := []struct {
		days int
		want string
	}{
		{-8, ""}, // one day before the warning window
		{-7, report.StageWarn},
		{-1, report.StageWarn},
		{0, report.StageFollow}, // the due date
		{3, report.StageFollow}, // follow_days after
		{4, report.StageDemand}, // one day later
		{400, report.StageDemand},
	}
	for _, tt := range tests {
		if got := StageAt(tt.days, 7, 3); got != tt.want {
			t.Errorf("StageAt(%d) = %q, want %q", tt.days, got, tt.want)
		}
	}
	if got := StageAt(0, 0, 0); got != report.StageFollow {
		t.Errorf("zero windows, due date = %q", got)
	}
	if got := StageAt(1, 0, 0); got != report.StageDemand {
		t.Errorf("zero windows, day after = %q", got)
	}
}

// TestReportWarningBoundaries: ผด.1-11/69 is due 5 Dec 2026; 5201's receipt
// of it is dated 25 Nov, 5202 never sends it.
func TestReportWarningBoundaries(t *testing.T) {
	tests := []struct {
		asOf  string
		stage string
		days  int
	}{
		{"2026-11-27", "", 0},                  // 8 days before
		{"2026-11-28", report.StageWarn, -7},   // exactly warn_days before
		{"2026-12-04", report.StageWarn, -1},   // the day before
		{"2026-12-05", report.StageFollow, 0},  // the due date
		{"2026-12-08", report.StageFollow, 3},  // follow_days after
		{"2026-12-09", report.StageDemand, 4},  // one day later
		{"2027-02-01", report.StageDemand, 58}, // long after
	}
	for _, tt := range tests {
		snap := Compute(fixtureInput(tt.asOf))
		w := find(snap.Warnings, "5202", report.TopicReport, "ผด.1-11/69")
		if tt.stage == "" {
			if w != nil {
				t.Errorf("%s: unexpected warning %+v", tt.asOf, w)
			}
			continue
		}
		if w == nil {
			t.Errorf("%s: no warning, want %s", tt.asOf, tt.stage)
			continue
		}
		if w.Stage != tt.stage || w.Days != tt.days || w.Due != "2026-12-05" || w.Escalated {
			t.Errorf("%s: stage %s days %d due %s escalated %v, want %s %d", tt.asOf, w.Stage, w.Days, w.Due, w.Escalated, tt.stage, tt.days)
		}
		if !strings.Contains(w.Message, "อำเภอแม่เมาะยังไม่ได้ส่งรายงานผลการดำเนินงานประจำเดือนพฤศจิกายน (ผด.1-11/69)") {
			t.Errorf("%s: message %q", tt.asOf, w.Message)
		}
		// 5201 sent it on 25 Nov: warned only while the receipt was not yet made.
		w1 := find(snap.Warnings, "5201", report.TopicReport, "ผด.1-11/69")
		if (w1 != nil) != (tt.asOf < "2026-11-25") {
			t.Errorf("%s: 5201 warning %+v", tt.asOf, w1)
		}
	}
	// A receipt dated after the as-of date does not count: as of 24 Nov the
	// 25 Nov receipt is ignored, so 5201 is warned... but 24 Nov is 11 days
	// before the due date, outside the window. Widen the window to see it.
	in := fixtureInput("2026-11-24")
	in.Settings.Warnings.WarnDays = 14
	if w := find(Compute(in).Warnings, "5201", report.TopicReport, "ผด.1-11/69"); w == nil || w.Stage != report.StageWarn || w.Days != -11 {
		t.Errorf("receipt from the future counted: %+v", w)
	}
	in = fixtureInput("2026-11-25")
	in.Settings.Warnings.WarnDays = 14
	if w := find(Compute(in).Warnings, "5201", report.TopicReport, "ผด.1-11/69"); w != nil {
		t.Errorf("received on the as-of date, still warned: %+v", w)
	}
}

// TestBMNWarningBoundaries: collection is due 30 Nov 2026, recording
// 15 Dec 2026; 5201 has collected 700 and recorded 300 of 1,000 households.
func TestBMNWarningBoundaries(t *testing.T) {
	tests := []struct {
		asOf            string
		collect, record string
		collectDays     int
	}{
		{"2026-11-22", "", "", 0},
		{"2026-11-23", report.StageWarn, "", -7},
		{"2026-11-30", report.StageFollow, "", 0},
		{"2026-12-03", report.StageFollow, "", 3},
		{"2026-12-04", report.StageDemand, "", 4},
		{"2026-12-08", report.StageDemand, report.StageWarn, 8},
		{"2026-12-15", report.StageDemand, report.StageFollow, 15},
		{"2026-12-19", report.StageDemand, report.StageDemand, 19},
	}
	for _, tt := range tests {
		snap := Compute(fixtureInput(tt.asOf))
		c := find(snap.Warnings, "5201", report.TopicBMN, report.SubjectCollect)
		r := find(snap.Warnings, "5201", report.TopicBMN, report.SubjectRecord)
		if got := stageOf(c); got != tt.collect {
			t.Errorf("%s: collect stage %q, want %q", tt.asOf, got, tt.collect)
		} else if c != nil && (c.Days != tt.collectDays || c.Due != "2026-11-30") {
			t.Errorf("%s: collect days %d due %s", tt.asOf, c.Days, c.Due)
		}
		if got := stageOf(r); got != tt.record {
			t.Errorf("%s: record stage %q, want %q", tt.asOf, got, tt.record)
		}
		if c != nil && !strings.HasPrefix(c.Message, "อำเภอเมืองลำปางจัดเก็บข้อมูล จปฐ. ได้ 700 จาก 1,000 ครัวเรือน (ร้อยละ 70.00)") {
			t.Errorf("message %q", c.Message)
		}
		// 5202's recorded values are all empty: never warned on recording.
		if w := find(snap.Warnings, "5202", report.TopicBMN, report.SubjectRecord); w != nil {
			t.Errorf("%s: recording warning from unreported values: %+v", tt.asOf, w)
		}
	}
	// Collection complete: no warning even after the deadline.
	in := fixtureInput("2026-12-04")
	sub := in.Inbox.Accepted["5201"]
	sub.SubDistricts[1].Collected = val(600) // 300 + 600 < 1000
	sub.SubDistricts[0].Collected = val(400) // 400 + 600 = 1000
	if w := find(Compute(in).Warnings, "5201", report.TopicBMN, report.SubjectCollect); w != nil {
		t.Errorf("collection met, still warned: %+v", w)
	}
}

func stageOf(w *report.Warning) string {
	if w == nil {
		return ""
	}
	return w.Stage
}

// TestBudgetWarnings: 5202 disburses 5% (red), 5201 20% (green), as of
// 20 Nov 2026 (target 16.63%).
func TestBudgetWarnings(t *testing.T) {
	snap := Compute(fixtureInput("2026-11-20"))
	w := find(snap.Warnings, "5202", report.TopicBudget, report.ExpenseOverall)
	if w == nil || w.Stage != report.StageFollow || w.Escalated || w.Color != report.StatusRed || w.Due != "2026-12-31" || w.Days != -41 {
		t.Fatalf("5202 overall = %+v", w)
	}
	if want := "อำเภอแม่เมาะเบิกจ่ายงบประมาณภาพรวมได้ร้อยละ 5.00 ต่ำกว่าเป้าหมาย ณ วันที่ 20 พ.ย. 2569 (ร้อยละ 16.63)"; !strings.HasPrefix(w.Message, want) {
		t.Errorf("message %q, want prefix %q", w.Message, want)
	}
	if find(snap.Warnings, "5201", report.TopicBudget, report.ExpenseOverall) != nil {
		t.Error("green district warned")
	}

	// Yellow → warn: 5202 at 12.40% (6,200 of 50,000 on P1 + 0 on P2 = 6.2%
	// is red; use 12,400 of 100,000 by moving P2's value to OK).
	in := fixtureInput("2026-11-20")
	in.Inbox.Accepted["5202"].Projects[0].Disbursed = val(12400)
	snap = Compute(in)
	w = find(snap.Warnings, "5202", report.TopicBudget, report.ExpenseOverall)
	if w == nil || w.Stage != report.StageWarn || w.Color != report.StatusYellow {
		t.Fatalf("yellow 5202 = %+v", w)
	}
	if want := "อำเภอแม่เมาะเบิกจ่ายงบประมาณภาพรวมได้ร้อยละ 12.40 ต่ำกว่าเป้าหมาย ณ วันที่ 20 พ.ย. 2569 (ร้อยละ 16.63)"; !strings.HasPrefix(w.Message, want) {
		t.Errorf("message %q", w.Message)
	}
}

// TestEscalation: 5202 is red every week. With escalate_runs 3, the third
// consecutive red run (two archived + this one) is a demand, escalated.
func TestEscalation(t *testing.T) {
	w6 := Compute(fixtureInput("2026-11-06"))
	w13 := Compute(fixtureInput("2026-11-13", w6))
	first13 := Compute(fixtureInput("2026-11-13")) // red for the first time
	tests := []struct {
		name    string
		history []*Snapshot
		runs    int
		stage   string
	}{
		{"first red run", nil, 1, report.StageFollow},
		{"second red run", []*Snapshot{first13}, 2, report.StageFollow},
		{"third red run", []*Snapshot{w6, w13}, 3, report.StageDemand},
		{"unsorted history", []*Snapshot{w13, w6}, 3, report.StageDemand},
		{"grey run breaks the chain", []*Snapshot{w6, greyIn(w13, "5202")}, 1, report.StageFollow},
		{"last fiscal year does not count", []*Snapshot{inYear(w6, 2569), w13}, 2, report.StageFollow},
	}
	for _, tt := range tests {
		snap := Compute(fixtureInput("2026-11-20", tt.history...))
		d := snap.Districts[1]
		if d.Code != "5202" || d.Budget.Trend == nil || d.Budget.Trend.RedRuns != tt.runs {
			t.Errorf("%s: trend %+v, want %d red runs", tt.name, d.Budget.Trend, tt.runs)
		}
		w := find(snap.Warnings, "5202", report.TopicBudget, report.ExpenseOverall)
		if w == nil || w.Stage != tt.stage || w.Escalated != (tt.stage == report.StageDemand) {
			t.Errorf("%s: warning %+v, want %s", tt.name, w, tt.stage)
		}
		// The investment type (0%) is red on the same runs.
		if wi := find(snap.Warnings, "5202", report.TopicBudget, report.ExpenseInvestment); wi == nil || wi.Stage != tt.stage {
			t.Errorf("%s: investment warning %+v, want %s", tt.name, wi, tt.stage)
		}
	}
	// escalate_runs 1: the first red run already demands.
	in := fixtureInput("2026-11-20")
	in.Settings.Warnings.EscalateRuns = 1
	if w := find(Compute(in).Warnings, "5202", report.TopicBudget, report.ExpenseOverall); w == nil || w.Stage != report.StageDemand || !w.Escalated {
		t.Errorf("escalate_runs 1: %+v", w)
	}
}

// Snapshot is a local alias to keep the test tables short.
type Snapshot = report.Snapshot

func greyIn(s *report.Snapshot, code string) *report.Snapshot {
	c := *s
	c.Districts = append([]report.DistrictFigures(nil), s.Districts...)
	for i := range c.Districts {
		if c.Districts[i].Code == code {
			c.Districts[i].Verified = false
			c.Districts[i].Budget.Status = report.StatusGrey
			c.Districts[i].ExpenseTypes = nil
		}
	}
	return &c
}

func inYear(s *report.Snapshot, fy int) *report.Snapshot {
	c := *s
	c.FiscalYear = fy
	return &c
}

// TestQuarterEndPassed: as of 8 Jan 2027 (Q2), a district still below the
// Q1 target (30%, ended 31 Dec 2026) is demanded, escalated, whatever its
// run count.
func TestQuarterEndPassed(t *testing.T) {
	snap := Compute(fixtureInput("2027-01-08"))
	for _, code := range []string{"5201", "5202"} { // 20% and 5%, both below 30%
		w := find(snap.Warnings, code, report.TopicBudget, report.ExpenseOverall)
		if w == nil || w.Stage != report.StageDemand || !w.Escalated || w.Due != "2026-12-31" || w.Days != 8 {
			t.Errorf("%s: %+v", code, w)
			continue
		}
		if !strings.Contains(w.Message, "ยังไม่ถึงเป้าหมายสิ้นไตรมาสที่ 1 (ร้อยละ 30.00) ซึ่งครบกำหนดแล้วเมื่อวันที่ 31 ธ.ค. 2569") {
			t.Errorf("%s: message %q", code, w.Message)
		}
	}
	// On the quarter's last day the deadline is reached, not passed.
	snap = Compute(fixtureInput("2026-12-31"))
	if w := find(snap.Warnings, "5201", report.TopicBudget, report.ExpenseOverall); w == nil || w.Stage != report.StageFollow || w.Escalated {
		t.Errorf("31 Dec: %+v", w)
	}
	// Caught up with the Q1 target (but below the Q2 line): no quarter demand.
	in := fixtureInput("2027-01-08")
	in.Inbox.Accepted["5201"].Projects[1].Disbursed = val(80000) // 100,000 of 300,000 = 33.3%
	if w := find(Compute(in).Warnings, "5201", report.TopicBudget, report.ExpenseOverall); w != nil && w.Stage == report.StageDemand {
		t.Errorf("caught-up district demanded: %+v", w)
	}
}
