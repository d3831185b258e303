package figures

import (
	"time"

	"lwc/report"
	"lwc/report/settings"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func val(v float64) report.Value { return report.Value{V: v, OK: true} }

// bad is a value that failed verification: its number must never count.
func bad(v float64) report.Value { return report.Value{V: v} }

const (
	wgPromote = "กลุ่มงานส่งเสริมการพัฒนาชุมชน"
	wgEconomy = "กลุ่มงานส่งเสริมและพัฒนาเศรษฐกิจชุมชน"
)

// fixturePlan is a small province: three districts, five projects.
//
//	5201 เมืองลำปาง  P1 ประจำ 100,000 (promote)  P2 ลงทุน 200,000 (economy)
//	5202 แม่เมาะ     P1 ประจำ  50,000 (promote)  P2 ลงทุน  50,000 (economy)
//	5203 เกาะคา      P1 ประจำ 100,000 (promote)
//
// Targets ภาพรวม 30/54/77/100, ประจำ 33/59/82/100, ลงทุน 20/40/60/100.
// BMN 1,000 households each (5201 split into two sub-districts), collection
// 1 Nov – 30 Nov 2026, recording by 15 Dec 2026. Reports: ผด.1-10/69 due
// 5 Nov and ผด.1-11/69 due 5 Dec for all; ผด.2 due 10 Nov for 5203 only.
func fixturePlan() *report.Plan {
	return &report.Plan{
		Districts: []report.District{{Code: "5203", Name: "เกาะคา"}, {Code: "5201", Name: "เมืองลำปาง"}, {Code: "5202", Name: "แม่เมาะ"}},
		Projects: []report.Project{
			{District: "5201", Code: "P1", Name: "โครงการขับเคลื่อนเศรษฐกิจพอเพียง", WorkGroup: wgPromote, ExpenseType: report.ExpenseCurrent, Allocated: 100000},
			{District: "5201", Code: "P2", Name: "ค่าครุภัณฑ์สำนักงาน", WorkGroup: wgEconomy, ExpenseType: report.ExpenseInvestment, Allocated: 200000},
			{District: "5202", Code: "P1", Name: "โครงการขับเคลื่อนเศรษฐกิจพอเพียง", WorkGroup: wgPromote, ExpenseType: report.ExpenseCurrent, Allocated: 50000},
			{District: "5202", Code: "P2", Name: "ค่าครุภัณฑ์สำนักงาน", WorkGroup: wgEconomy, ExpenseType: report.ExpenseInvestment, Allocated: 50000},
			{District: "5203", Code: "P1", Name: "โครงการขับเคลื่อนเศรษฐกิจพอเพียง", WorkGroup: wgPromote, ExpenseType: report.ExpenseCurrent, Allocated: 100000},
		},
		Targets: map[string]report.QuarterTargets{
			report.ExpenseOverall:    {0.30, 0.54, 0.77, 1.00},
			report.ExpenseCurrent:    {0.33, 0.59, 0.82, 1.00},
			report.ExpenseInvestment: {0.20, 0.40, 0.60, 1.00},
		},
		BMN: []report.BMNTarget{
			{District: "5201", Households: 1000, Start: day("2026-11-01"), CollectBy: day("2026-11-30"), RecordBy: day("2026-12-15")},
			{District: "5202", Households: 1000, Start: day("2026-11-01"), CollectBy: day("2026-11-30"), RecordBy: day("2026-12-15")},
			{District: "5203", Households: 1000, Start: day("2026-11-01"), CollectBy: day("2026-11-30"), RecordBy: day("2026-12-15")},
		},
		Calendar: []report.ReportDue{
			{Code: "ผด.1-10/69", Name: "รายงานผลการดำเนินงานประจำเดือนตุลาคม", Due: day("2026-11-05")},
			{Code: "ผด.1-11/69", Name: "รายงานผลการดำเนินงานประจำเดือนพฤศจิกายน", Due: day("2026-12-05")},
			{Code: "ผด.2", Name: "แบบสำรวจกองทุนชุมชน", Due: day("2026-11-10"), District: "5203"},
		},
		SubDistricts: []report.SubDistrictTarget{
			{District: "5201", Name: "สวนดอก", Households: 400},
			{District: "5201", Name: "พระบาท", Households: 600},
		},
	}
}

// fixtureInbox: 5201 accepted with full data; 5202 accepted with warnings,
// its P2 disbursed failed verification and its BMN recorded is empty; 5203's
// only file was rejected. disbursed scales 5201's and 5202's P1 disbursement.
func fixtureInbox(asOf string, disbursed float64) *report.Inbox {
	return &report.Inbox{
		Files: []report.FileResult{
			{File: "inbox/5203.xls", SHA256: "c3", District: "5203", State: report.StateRejected, Issues: []report.Issue{},
				Reason: "เป็นไฟล์ .xls ซึ่งอ่านไม่ได้ (บันทึกเป็น .xlsx)"},
			{File: "inbox/5202.xlsx", SHA256: "b2", District: "5202", State: report.StateAcceptedWithWarnings,
				Issues: []report.Issue{{Severity: report.SeverityError, Sheet: report.SheetDisbursed, Cell: "F6", Code: "negative-amount", Message: "จำนวนเงินติดลบ"}}},
			{File: "inbox/5201.xlsx", SHA256: "a1", District: "5201", State: report.StateAccepted},
		},
		Accepted: map[string]*report.Submission{
			"5201": {
				File: "inbox/5201.xlsx", District: "5201", DistrictName: "เมืองลำปาง", AsOf: day(asOf),
				Reporter: "นางสาวสมใจ ใจดี", Phone: "054-000000",
				Projects: []report.ProjectLine{
					{Code: "P1", Allocated: val(100000), Committed: val(10000), Disbursed: val(20000 * disbursed), Row: 5},
					{Code: "P2", Allocated: val(200000), Committed: val(5000), Disbursed: val(40000), Row: 6},
				},
				SubDistricts: []report.SubDistrictLine{
					{Name: "สวนดอก", Target: val(400), Collected: val(300), Recorded: val(200), Row: 5},
					{Name: "พระบาท", Target: bad(700), Collected: val(400), Recorded: val(100), Row: 6},
				},
			},
			"5202": {
				File: "inbox/5202.xlsx", District: "5202", DistrictName: "แม่เมาะ", AsOf: day(asOf),
				Projects: []report.ProjectLine{
					{Code: "P1", Allocated: val(50000), Disbursed: val(5000 * disbursed), Row: 5},
					{Code: "P2", Allocated: val(50000), Committed: val(1000), Disbursed: bad(-30000), Row: 6},
				},
				SubDistricts: []report.SubDistrictLine{
					{Name: "แม่เมาะ", Target: val(1000), Collected: val(500), Recorded: report.Value{}, Row: 5},
				},
			},
		},
	}
}

// fixtureRegister: 5201 sent ผด.1-10/69 early, 5202 two days late.
func fixtureRegister() []report.Receipt {
	return []report.Receipt{
		{Report: "ผด.1-10/69", District: "5202", Received: day("2026-11-07")},
		{Report: "ผด.1-10/69", District: "5201", Received: day("2026-11-03")},
		{Report: "ผด.1-10/69", District: "5201", Received: day("2026-11-04")}, // a later duplicate
		{Report: "ผด.1-11/69", District: "5201", Received: day("2026-11-25")}, // after the as-of date
	}
}

// fixtureInput is the fixture as of asOf, after the runs given (as a run
// reads them from the archive, report.PastOf).
func fixtureInput(asOf string, history ...*report.Snapshot) Input {
	var past []*report.PastRun
	for _, s := range history {
		past = append(past, report.PastOf(s))
	}
	return Input{
		AsOf:     day(asOf),
		Settings: settings.Default(),
		Plan:     fixturePlan(),
		Inbox:    fixtureInbox(asOf, 1),
		Register: fixtureRegister(),
		History:  past,
	}
}
