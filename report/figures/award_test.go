package figures

import (
	"reflect"
	"testing"

	"lwc/report"
	"lwc/report/settings"
)

// TestAwardRanking: two reports due in November 2026 (R1 on 5 Nov, R2 on
// 10 Nov), as of 30 Nov. Points 3 on time, 2 for 1–3 days late, 1 later.
//
//	district  R1     R2     points  on time  mean receipt  rank
//	5202      1 Nov  8 Nov  6/6     2        4.5 Nov       1  (ties 5207 fully)
//	5207      2 Nov  7 Nov  6/6     2        4.5 Nov       1
//	5201      5 Nov  10 Nov 6/6     2        7.5 Nov       3  (later mean)
//	5204      2 Nov  12 Nov 5/6     1        7 Nov         4
//	5203      4 Nov  11 Nov 5/6     1        7.5 Nov       5  (later mean)
//	5205      5 Nov  20 Nov 4/6     1        12.5 Nov      6  (more on time beats the earlier mean)
//	5206      7 Nov  12 Nov 4/6     0        9.5 Nov       7
//	5209      8 Nov  14 Nov 3/6     0        11 Nov        8  (3 days late: 2 points; 4 days: 1)
//	5208      -      -      0/6     0        -             9  (its 1 Dec receipt is after the as-of date)
func TestAwardRanking(t *testing.T) {
	receipts := map[string][2]string{
		"5201": {"2026-11-05", "2026-11-10"},
		"5202": {"2026-11-01", "2026-11-08"},
		"5203": {"2026-11-04", "2026-11-11"},
		"5204": {"2026-11-02", "2026-11-12"},
		"5205": {"2026-11-05", "2026-11-20"},
		"5206": {"2026-11-07", "2026-11-12"},
		"5207": {"2026-11-02", "2026-11-07"},
		"5208": {"2026-12-01", ""},
		"5209": {"2026-11-08", "2026-11-14"},
	}
	plan := &report.Plan{Calendar: []report.ReportDue{
		{Code: "R2", Name: "สอง", Due: day("2026-11-10")},
		{Code: "R1", Name: "หนึ่ง", Due: day("2026-11-05")},
		{Code: "R0", Name: "ตุลาคม", Due: day("2026-10-15"), District: "5201"},
		{Code: "R9", Name: "ธันวาคม", Due: day("2026-12-05")},
	}}
	var reg []report.Receipt
	for code, r := range receipts {
		plan.Districts = append(plan.Districts, report.District{Code: code, Name: "อ" + code})
		for i, d := range r {
			if d != "" {
				reg = append(reg, report.Receipt{Report: []string{"R1", "R2"}[i], District: code, Received: day(d)})
			}
		}
	}
	reg = append(reg, report.Receipt{Report: "R0", District: "5201", Received: day("2026-10-20")}) // 5 days late
	snap := Compute(Input{AsOf: day("2026-11-30"), Settings: settings.Default(), Plan: plan, Register: reg})

	m := snap.Award.Month
	type row struct {
		code          string
		points, max   int
		onTime, rank  int
		mean          string
		late, vlate   int
		missing       int
		firstReceived string
	}
	var got []row
	for _, r := range m.Rows {
		got = append(got, row{r.District, r.Points, r.MaxPoints, r.OnTime, r.Rank, r.MeanReceipt, r.Late, r.VeryLate, r.Missing, r.Items[0].Received})
	}
	want := []row{
		{"5202", 6, 6, 2, 1, "2026-11-05", 0, 0, 0, "2026-11-01"},
		{"5207", 6, 6, 2, 1, "2026-11-05", 0, 0, 0, "2026-11-02"},
		{"5201", 6, 6, 2, 3, "2026-11-08", 0, 0, 0, "2026-11-05"},
		{"5204", 5, 6, 1, 4, "2026-11-07", 1, 0, 0, "2026-11-02"},
		{"5203", 5, 6, 1, 5, "2026-11-08", 1, 0, 0, "2026-11-04"},
		{"5205", 4, 6, 1, 6, "2026-11-13", 0, 1, 0, "2026-11-05"},
		{"5206", 4, 6, 0, 7, "2026-11-10", 2, 0, 0, "2026-11-07"},
		{"5209", 3, 6, 0, 8, "2026-11-11", 1, 1, 0, "2026-11-08"},
		{"5208", 0, 6, 0, 9, "", 0, 0, 2, ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("month ranking:\n got %v\nwant %v", got, want)
	}
	if !reflect.DeepEqual(m.Winners, []string{"5202", "5207"}) {
		t.Errorf("winners = %v", m.Winners)
	}
	if !m.Final || m.From != "2026-11-01" || m.To != "2026-11-30" || m.Period != "2026-11" {
		t.Errorf("month header = %+v", m)
	}
	// Items are ordered by due date and carry their points.
	if it := m.Rows[5].Items; it[0].Report != "R1" || it[1].Points != 1 || it[1].DaysLate != 10 {
		t.Errorf("5205 items = %+v", it)
	}
	for _, d := range snap.Districts {
		if d.Code == "5201" && (d.Award != report.AwardFigures{Points: 6, MaxPoints: 6, Score: 1, Rank: 3}) {
			t.Errorf("5201 month award = %+v", d.Award)
		}
	}

	// October: only R0 for 5201, 5 days late = 1 point; the others had
	// nothing due and score 0 but still rank behind.
	p := snap.Award.Previous
	if p.Period != "2026-10" || !p.Final || p.Rows[0].District != "5201" || p.Rows[0].Points != 1 || p.Rows[0].Rank != 1 ||
		p.Rows[1].Rank != 2 || !reflect.DeepEqual(p.Winners, []string{"5201"}) {
		t.Errorf("previous month = %+v", p)
	}
	// Fiscal year to date: R0, R1, R2 (R9 is not yet due).
	fy := snap.Award.FiscalYear
	if fy.Period != "2570" || fy.Final || fy.From != "2026-10-01" || fy.To != "2026-11-30" {
		t.Errorf("fiscal year header = %+v", fy)
	}
	for _, r := range fy.Rows {
		if r.District == "5201" && (r.Points != 7 || r.MaxPoints != 9) {
			t.Errorf("5201 FY = %d/%d, want 7/9", r.Points, r.MaxPoints)
		}
	}

	// Mid-month, only instances due so far count: as of 7 Nov only R1.
	mid := Compute(Input{AsOf: day("2026-11-07"), Settings: settings.Default(), Plan: plan, Register: reg})
	for _, r := range mid.Award.Month.Rows {
		if r.MaxPoints != 3 {
			t.Errorf("as of 7 Nov %s max points = %d, want 3", r.District, r.MaxPoints)
		}
		if r.District == "5206" && r.Points != 2 {
			t.Errorf("as of 7 Nov 5206 (2 days late) = %d points", r.Points)
		}
		if r.District == "5202" && r.Items[0].Received != "2026-11-01" {
			t.Errorf("receipt = %q", r.Items[0].Received)
		}
	}
	if mid.Award.Month.Final {
		t.Error("month to date marked final")
	}

	// Nothing due at all: nobody ranked, no winner.
	none := Compute(Input{AsOf: day("2026-10-03"), Settings: settings.Default(), Plan: plan, Register: reg})
	for _, r := range none.Award.Month.Rows {
		if r.Rank != 0 {
			t.Errorf("rank %d with nothing due", r.Rank)
		}
	}
	if len(none.Award.Month.Winners) != 0 {
		t.Errorf("winners with nothing due: %v", none.Award.Month.Winners)
	}
}

// TestAwardReceivedBeforeMissing: with a point for a missing report, a
// district that sent its report very late and one that never sent it tie on
// score and on-time count; the one that sent ranks first.
func TestAwardReceivedBeforeMissing(t *testing.T) {
	s := settings.Default()
	s.Award.Missing = 1
	plan := &report.Plan{
		Districts: []report.District{{Code: "5201"}, {Code: "5202"}},
		Calendar:  []report.ReportDue{{Code: "R1", Due: day("2026-11-05")}},
	}
	reg := []report.Receipt{{Report: "R1", District: "5202", Received: day("2026-11-15")}}
	m := Compute(Input{AsOf: day("2026-11-20"), Settings: s, Plan: plan, Register: reg}).Award.Month
	if m.Rows[0].District != "5202" || m.Rows[0].Rank != 1 || m.Rows[1].Rank != 2 || m.Rows[1].Points != 1 {
		t.Errorf("rows = %+v", m.Rows)
	}
}
