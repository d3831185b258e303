// Package reporttest builds realistic report.Snapshot values for the tests of
// renderers (site, PDFs, mail) that must not depend on the figures engine:
// Lampang's 13 districts with every status, warnings of every stage and
// inbox files of every state. Hostile returns the same with names that try
// to break out of HTML, JavaScript, PDF and mail headers.
package reporttest

import (
	"fmt"

	"lwc/report"
)

// Lampang lists the province's districts (codes 5201–5213).
var lampang = [...][2]string{
	{"5201", "เมืองลำปาง"}, {"5202", "แม่เมาะ"}, {"5203", "เกาะคา"}, {"5204", "เสริมงาม"},
	{"5205", "งาว"}, {"5206", "แจ้ห่ม"}, {"5207", "วังเหนือ"}, {"5208", "เถิน"},
	{"5209", "แม่พริก"}, {"5210", "แม่ทะ"}, {"5211", "สบปราบ"}, {"5212", "ห้างฉัตร"},
	{"5213", "เมืองปาน"},
}

var workGroups = [...]string{
	"กลุ่มงานส่งเสริมการพัฒนาชุมชน",
	"กลุ่มงานยุทธศาสตร์การพัฒนาชุมชน",
	"กลุ่มงานส่งเสริมและพัฒนาเศรษฐกิจชุมชน",
	"กลุ่มงานอำนวยการ",
}

var projectNames = [...]string{
	"โครงการขับเคลื่อนเศรษฐกิจพอเพียง",
	"โครงการพัฒนาศักยภาพกลุ่มออมทรัพย์เพื่อการผลิต",
	"โครงการส่งเสริมผลิตภัณฑ์ OTOP",
	"โครงการแก้ไขปัญหาครัวเรือนยากจน",
	"โครงการจัดเก็บข้อมูลความจำเป็นพื้นฐาน (จปฐ.)",
	"ค่าครุภัณฑ์สำนักงาน",
}

func rate(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// Snapshot returns a snapshot as of 20 Nov 2026 (FY 2570, Q1, linear target
// 16.63%). District 5213 is grey (its file was rejected), 5203 is red and
// escalated, 5205 yellow; the rest green.
func Snapshot() *report.Snapshot { return build(names{}) }

// Hostile returns Snapshot with every name and message replaced by text
// that tries to break out of HTML, script data, PDF strings and headers.
func Hostile() *report.Snapshot { return build(names{hostile: true}) }

type names struct{ hostile bool }

// HostileText is the payload Hostile puts in names and messages.
const HostileText = "</script><script>window.__pwned=1</script>__f__(function(){window.__pwned=1})()__f__\"'><img src=x onerror=window.__pwned=1>{{.}}(\\)\r\nBcc: evil@example.com"

func (n names) of(s string) string {
	if n.hostile {
		return s + " " + HostileText
	}
	return s
}

func build(n names) *report.Snapshot {
	const target = 0.30 * 51 / 92
	s := &report.Snapshot{
		AsOf: "2026-11-20", FiscalYear: 2570, Quarter: 1,
		ProvinceName: "ลำปาง", OfficeName: "สำนักงานพัฒนาชุมชนจังหวัดลำปาง",
		TargetMode: "linear", QuarterEnd: "2026-12-31",
	}
	// Disbursement rates per district, chosen for every status.
	rates := []float64{0.21, 0.19, 0.06, 0.18, 0.13, 0.24, 0.17, 0.20, 0.22, 0.175, 0.19, 0.23, 0}
	var prov report.BudgetFigures
	var bmnT, bmnC, bmnR float64
	wg := map[string]*report.GroupFigures{}
	et := map[string]*report.GroupFigures{}
	for i, d := range lampang {
		code, name := d[0], n.of(d[1])
		df := report.DistrictFigures{Code: code, Name: name, Verified: i != 12}
		alloc := 1_200_000 + float64(i)*85_000
		disb := alloc * rates[i]
		comm := alloc * 0.08
		status := report.StatusGreen
		switch {
		case !df.Verified:
			status = report.StatusGrey
			disb, comm = 0, 0
			df.GreyReason = "ข้อมูลยังไม่ผ่านการตรวจสอบ: ไฟล์ที่ส่งถูกปฏิเสธ (ไฟล์ .xls)"
		case rates[i] < target-0.05:
			status = report.StatusRed
		case rates[i] < target:
			status = report.StatusYellow
		}
		prev := rates[i] - 0.03
		df.Budget = report.BudgetFigures{
			Allocated: alloc, Committed: comm, Disbursed: disb,
			DisbursementRate: rate(disb, alloc), SpendingRate: rate(disb+comm, alloc),
			TargetRate: target, Status: status, QuarterTarget: 0.30,
		}
		if df.Verified {
			df.Budget.Trend = &report.Trend{Previous: &prev, Change: 0.03, PacePerWeek: 0.025,
				Projected: rates[i] + 0.025*6, WillMiss: rates[i]+0.025*6 < 0.30, Points: 4}
			df.DataAsOf = "2026-11-20"
			df.File = fmt.Sprintf("inbox/%s.xlsx", code)
			df.Reporter = n.of("นางสาวมาลี ใจดี")
			df.Phone = "054-123-456"
		}
		households := float64(3000 + i*250)
		coll := households * (0.35 + float64(i%5)*0.08)
		rec := coll * 0.6
		bstatus := report.StatusGreen
		if i == 4 || i == 8 {
			bstatus = report.StatusRed
		}
		if !df.Verified {
			coll, rec, bstatus = 0, 0, report.StatusGrey
		}
		df.BMN = report.BMNFigures{
			Target: households, Collected: coll, Recorded: rec,
			CollectedRate: rate(coll, households), RecordedRate: rate(rec, households),
			ExpectedRate: 50.0 / 75, ExpectedRecordedRate: 50.0 / 122, Status: bstatus,
			CollectedStatus: bstatus, RecordedStatus: report.StatusGreen,
			Start: "2026-10-01", CollectBy: "2026-12-15", RecordBy: "2027-01-31",
		}
		if !df.Verified {
			df.BMN.RecordedStatus = report.StatusGrey
		}
		for k := 0; k < 3; k++ {
			st := households / 3
			df.BMN.SubDistricts = append(df.BMN.SubDistricts, report.SubDistrictFigures{
				Name: n.of(fmt.Sprintf("ตำบลที่ %d", k+1)), Target: st, Collected: coll / 3, Recorded: rec / 3,
				CollectedRate: rate(coll/3, st), RecordedRate: rate(rec/3, st), Status: bstatus,
			})
		}
		for p, pn := range projectNames {
			grp := n.of(workGroups[p%len(workGroups)])
			typ := report.ExpenseCurrent
			if p == len(projectNames)-1 {
				typ = report.ExpenseInvestment
			}
			pa := alloc / float64(len(projectNames))
			pd, pc := disb/float64(len(projectNames)), comm/float64(len(projectNames))
			s.Projects = append(s.Projects, report.ProjectFigures{
				District: code, Code: fmt.Sprintf("P%02d", p+1), Name: n.of(pn), WorkGroup: grp, ExpenseType: typ,
				Allocated: pa, Committed: pc, Disbursed: pd, DisbursementRate: rate(pd, pa),
				SpendingRate: rate(pd+pc, pa), Reported: df.Verified,
			})
			for _, g := range []struct {
				m   map[string]*report.GroupFigures
				key string
			}{{wg, grp}, {et, typ}} {
				gf := g.m[g.key]
				if gf == nil {
					gf = &report.GroupFigures{Name: g.key, TargetRate: target}
					g.m[g.key] = gf
				}
				gf.Allocated += pa
				gf.Committed += pc
				gf.Disbursed += pd
			}
		}
		df.WorkGroups = []report.GroupFigures{{Name: n.of(workGroups[0]), Allocated: alloc / 2, Disbursed: disb / 2,
			Committed: comm / 2, DisbursementRate: rate(disb, alloc), TargetRate: target, Status: status}}
		df.ExpenseTypes = []report.GroupFigures{
			{Name: report.ExpenseCurrent, Allocated: alloc * 5 / 6, Disbursed: disb * 5 / 6, Committed: comm * 5 / 6,
				DisbursementRate: rate(disb, alloc), TargetRate: 0.36 * 51 / 92, Status: status},
			{Name: report.ExpenseInvestment, Allocated: alloc / 6, Disbursed: disb / 6, Committed: comm / 6,
				DisbursementRate: rate(disb, alloc), TargetRate: 0.20 * 51 / 92, Status: status},
		}
		points := 9 - i%4
		if !df.Verified {
			points = 3
		}
		df.Award = report.AwardFigures{Points: points, MaxPoints: 9, Score: float64(points) / 9}
		prov.Allocated += alloc
		prov.Committed += comm
		prov.Disbursed += disb
		bmnT += households
		bmnC += coll
		bmnR += rec
		s.Districts = append(s.Districts, df)
	}
	prov.DisbursementRate = rate(prov.Disbursed, prov.Allocated)
	prov.SpendingRate = rate(prov.Disbursed+prov.Committed, prov.Allocated)
	prov.TargetRate, prov.QuarterTarget, prov.Status = target, 0.30, report.StatusGreen
	s.Province.Budget = prov
	s.Province.BMN = report.BMNFigures{Target: bmnT, Collected: bmnC, Recorded: bmnR,
		CollectedRate: rate(bmnC, bmnT), RecordedRate: rate(bmnR, bmnT),
		ExpectedRate: 50.0 / 75, ExpectedRecordedRate: 50.0 / 122, Status: report.StatusYellow,
		CollectedStatus: report.StatusYellow, RecordedStatus: report.StatusGreen,
		Start: "2026-10-01", CollectBy: "2026-12-15", RecordBy: "2027-01-31"}

	// Budget ranks: by rate, grey last (rank 0).
	ranked := 0
	for pass := 0; pass < len(s.Districts); pass++ {
		best := -1
		for i := range s.Districts {
			d := &s.Districts[i]
			if d.Verified && d.BudgetRank == 0 && (best < 0 || d.Budget.DisbursementRate > s.Districts[best].Budget.DisbursementRate) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		ranked++
		s.Districts[best].BudgetRank = ranked
	}
	for _, key := range sortedKeys(wg) {
		g := wg[key]
		g.DisbursementRate = rate(g.Disbursed, g.Allocated)
		g.SpendingRate = rate(g.Disbursed+g.Committed, g.Allocated)
		g.Status = report.StatusGreen
		s.WorkGroups = append(s.WorkGroups, *g)
	}
	for _, key := range []string{report.ExpenseCurrent, report.ExpenseInvestment} {
		g := et[key]
		g.DisbursementRate = rate(g.Disbursed, g.Allocated)
		g.SpendingRate = rate(g.Disbursed+g.Committed, g.Allocated)
		g.Status = report.StatusGreen
		s.ExpenseTypes = append(s.ExpenseTypes, *g)
	}

	s.Award = awardSet(s, n)
	for i := range s.Districts {
		for _, r := range s.Award.Month.Rows {
			if r.District == s.Districts[i].Code {
				s.Districts[i].Award.Rank = r.Rank
			}
		}
	}
	s.Warnings = warnings(n)
	s.Files = files(n)
	s.History = []report.HistoryPoint{
		{AsOf: "2026-10-30", Province: 0.09, Target: 0.30 * 30 / 92, BMN: 0.30, Districts: map[string]float64{"5201": 0.12, "5203": 0.03}},
		{AsOf: "2026-11-06", Province: 0.12, Target: 0.30 * 37 / 92, BMN: 0.38, Districts: map[string]float64{"5201": 0.15, "5203": 0.04}},
		{AsOf: "2026-11-13", Province: 0.15, Target: 0.30 * 44 / 92, BMN: 0.45, Districts: map[string]float64{"5201": 0.18, "5203": 0.05}},
		{AsOf: "2026-11-20", Province: prov.DisbursementRate, Target: target, BMN: s.Province.BMN.CollectedRate, Districts: map[string]float64{"5201": 0.21, "5203": 0.06}},
	}
	return s
}

func sortedKeys(m map[string]*report.GroupFigures) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

func awardSet(s *report.Snapshot, n names) report.AwardSet {
	table := func(period, from, to string, final bool, shift int) report.AwardTable {
		t := report.AwardTable{Period: period, From: from, To: to, Final: final}
		for i, d := range s.Districts {
			pts := 9 - (i+shift)%4
			onTime := pts - 6
			if onTime < 0 {
				onTime = 0
			}
			row := report.AwardRow{District: d.Code, Name: d.Name, Points: pts, MaxPoints: 9,
				Score: float64(pts) / 9, OnTime: onTime, Late: 3 - onTime, MeanReceipt: "2026-11-05",
				Items: []report.AwardItem{
					{Report: "ผด.1-10/69", Name: n.of("รายงานผลการดำเนินงานประจำเดือน"), Due: "2026-11-05", Received: "2026-11-05", Points: 3},
					{Report: "กข.2/69", Name: "รายงานกองทุนหมู่บ้าน", Due: "2026-11-10", Received: "2026-11-12", Points: 2, DaysLate: 2},
				}}
			t.Rows = append(t.Rows, row)
		}
		// rank: insertion sort by points desc, code asc; ties share.
		for i := 1; i < len(t.Rows); i++ {
			for j := i; j > 0 && (t.Rows[j].Points > t.Rows[j-1].Points ||
				t.Rows[j].Points == t.Rows[j-1].Points && t.Rows[j].District < t.Rows[j-1].District); j-- {
				t.Rows[j], t.Rows[j-1] = t.Rows[j-1], t.Rows[j]
			}
		}
		for i := range t.Rows {
			if i > 0 && t.Rows[i].Points == t.Rows[i-1].Points {
				t.Rows[i].Rank = t.Rows[i-1].Rank
			} else {
				t.Rows[i].Rank = i + 1
			}
			if t.Rows[i].Rank == 1 {
				t.Winners = append(t.Winners, t.Rows[i].District)
			}
		}
		return t
	}
	return report.AwardSet{
		Month:      table("2026-11", "2026-11-01", "2026-11-20", false, 0),
		Previous:   table("2026-10", "2026-10-01", "2026-10-31", true, 1),
		FiscalYear: table("2570", "2026-10-01", "2026-11-20", false, 2),
	}
}

func warnings(n names) []report.Warning {
	return []report.Warning{
		{District: "5203", DistrictName: n.of("เกาะคา"), Topic: report.TopicBudget, Stage: report.StageDemand,
			Subject: report.ExpenseOverall, SubjectName: "ภาพรวม", Due: "2026-12-31", Escalated: true, Color: report.StatusRed, Days: -41,
			Message: n.of("อำเภอเกาะคาเบิกจ่ายงบประมาณภาพรวมได้ร้อยละ 6.00 ต่ำกว่าเป้าหมาย ณ วันที่ 20 พ.ย. 2569 (ร้อยละ 16.63) ติดต่อกัน 3 สัปดาห์")},
		{District: "5205", DistrictName: "งาว", Topic: report.TopicBudget, Stage: report.StageWarn,
			Subject: report.ExpenseOverall, SubjectName: "ภาพรวม", Due: "2026-12-31", Color: report.StatusYellow, Days: -41,
			Message: "อำเภองาวเบิกจ่ายงบประมาณภาพรวมได้ร้อยละ 13.00 ต่ำกว่าเป้าหมายเล็กน้อย (ร้อยละ 16.63)"},
		{District: "5205", DistrictName: "งาว", Topic: report.TopicBMN, Stage: report.StageWarn,
			Subject: report.SubjectCollect, SubjectName: "การจัดเก็บข้อมูล จปฐ.", Due: "2026-11-25", Color: report.StatusRed, Days: -5,
			Message: "อำเภองาวจัดเก็บข้อมูล จปฐ. ได้ร้อยละ 67.00 ใกล้ครบกำหนดวันที่ 25 พ.ย. 2569"},
		{District: "5209", DistrictName: "แม่พริก", Topic: report.TopicReport, Stage: report.StageFollow,
			Subject: "ผด.1-11/69", SubjectName: n.of("รายงานผลการดำเนินงานประจำเดือน"), Due: "2026-11-20", Color: report.StatusRed, Days: 0,
			Message: "อำเภอแม่พริกยังไม่ส่งรายงาน ผด.1-11/69 ซึ่งครบกำหนดวันที่ 20 พ.ย. 2569"},
		{District: "5213", DistrictName: "เมืองปาน", Topic: report.TopicReport, Stage: report.StageFollow,
			Subject: report.SubjectWeekly, SubjectName: "รายงานประจำสัปดาห์", Due: "2026-11-20", Color: report.StatusGrey, Days: 0,
			Message: n.of("อำเภอเมืองปานยังไม่มีข้อมูลประจำสัปดาห์ที่ผ่านการตรวจสอบ: ไฟล์ที่ส่งเป็น .xls โปรดบันทึกเป็น .xlsx แล้วส่งใหม่")},
		{District: "5201", DistrictName: "เมืองลำปาง", Topic: report.TopicReport, Stage: report.StageDemand,
			Subject: "กข.2/69", SubjectName: "รายงานกองทุนหมู่บ้าน", Due: "2026-11-10", Color: report.StatusRed, Days: 10,
			Message: "อำเภอเมืองลำปางยังไม่ส่งรายงาน กข.2/69 ซึ่งเลยกำหนดวันที่ 10 พ.ย. 2569 มาแล้ว 10 วัน"},
	}
}

func files(n names) []report.FileResult {
	var out []report.FileResult
	for i, d := range lampang[:12] {
		fr := report.FileResult{File: fmt.Sprintf("inbox/%s.xlsx", d[0]), SHA256: fmt.Sprintf("%064x", i+1),
			District: d[0], State: report.StateAccepted, AsOf: "2026-11-20", Size: 18000}
		if i == 2 {
			fr.State = report.StateAcceptedWithWarnings
			fr.Issues = []report.Issue{
				{Severity: report.SeverityError, Sheet: "เบิกจ่าย", Cell: "F12", Code: "negative-amount", Message: n.of("เบิกจ่ายสะสมติดลบ (-5,000) โปรดตรวจสอบ")},
				{Severity: report.SeverityWarning, Sheet: "จปฐ", Cell: "D7", Code: "bmn-recorded-above-collected", Message: "บันทึกแล้วมากกว่าจัดเก็บแล้ว"},
			}
		}
		out = append(out, fr)
	}
	out = append(out,
		report.FileResult{File: n.of("inbox/เมืองปาน.xls"), SHA256: fmt.Sprintf("%064x", 99), State: report.StateRejected, Size: 9000,
			Reason: "ไฟล์นี้เป็นรูปแบบ Excel 97-2003 (.xls) โปรดเปิดด้วย Excel แล้วบันทึกเป็น .xlsx",
			Issues: []report.Issue{{Severity: report.SeverityError, Code: "file-xls", Message: "ไฟล์นี้เป็นรูปแบบ Excel 97-2003 (.xls) โปรดเปิดด้วย Excel แล้วบันทึกเป็น .xlsx"}}},
		report.FileResult{File: "inbox/5201 old.xlsx", SHA256: fmt.Sprintf("%064x", 100), District: "5201", State: report.StateSuperseded,
			AsOf: "2026-11-13", Size: 17000, Reason: "มีไฟล์ของอำเภอเดียวกันที่ข้อมูลใหม่กว่า (inbox/5201.xlsx)"},
	)
	return out
}
