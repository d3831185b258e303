package export

import (
	"fmt"
	"strings"

	"lwc/report"
	"lwc/report/figures"
	"lwc/report/settings"
	"lwc/report/thai"
)

// Summary returns a few Thai lines for a chat message or an e-mail body:
// the as-of date, the province's disbursement against its target, how many
// districts have verified data, BMN progress, the Report Award leaders, the
// warnings by stage and the link to the site. Text only (no markup).
func Summary(snap *report.Snapshot, s settings.Settings) string {
	if snap == nil {
		return ""
	}
	var b strings.Builder
	line := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }

	office := snap.OfficeName
	if office == "" {
		office = s.Office.Name
	}
	date := thaiISO(snap.AsOf)
	line("ศูนย์แจ้งเตือน LWC %s ข้อมูล ณ วันที่ %s", office, date)

	p := snap.Province.Budget
	if p.Status == report.StatusGrey {
		line("• การเบิกจ่ายงบประมาณ: ยังไม่มีข้อมูลที่ผ่านการตรวจสอบ")
	} else {
		line("• เบิกจ่ายงบประมาณภาพรวมร้อยละ %s เป้าหมาย ณ วันที่ร้อยละ %s (%s)",
			figures.Percent(p.DisbursementRate), figures.Percent(p.TargetRate), report.StatusThai(p.Status))
	}
	line("• ข้อมูลผ่านการตรวจสอบ %s จาก %s อำเภอ", thai.Int(snap.Province.VerifiedDistricts), thai.Int(snap.Province.Districts))

	m := snap.Province.BMN
	if m.Status != report.StatusGrey {
		line("• จปฐ. จัดเก็บแล้วร้อยละ %s (ควรได้ร้อยละ %s) บันทึกแล้วร้อยละ %s (ควรได้ร้อยละ %s)",
			figures.Percent(m.CollectedRate), figures.Percent(m.ExpectedRate),
			figures.Percent(m.RecordedRate), figures.Percent(m.ExpectedRecordedRate))
	}

	names := map[string]string{}
	for _, d := range snap.Districts {
		names[d.Code] = d.Name
	}
	winners := func(t report.AwardTable) string {
		if len(t.Winners) == 0 {
			return "ยังไม่มีผู้ได้อันดับ 1"
		}
		var ws []string
		for _, c := range t.Winners {
			ws = append(ws, "อำเภอ"+strings.TrimPrefix(names[c], "อำเภอ"))
		}
		return "อันดับ 1 " + strings.Join(ws, ", ")
	}
	line("• รายงานดีมีรางวัล %s (ถึงวันที่ %s): %s; %s: %s",
		figures.AwardPeriodThai(snap.Award.Month), thaiISO(snap.Award.Month.To), winners(snap.Award.Month),
		figures.AwardPeriodThai(snap.Award.Previous), winners(snap.Award.Previous))

	count := map[string]int{}
	escalated := 0
	for _, w := range snap.Warnings {
		count[w.Stage]++
		if w.Escalated {
			escalated++
		}
	}
	if len(snap.Warnings) == 0 {
		line("• การแจ้งเตือน: ไม่มี")
	} else {
		msg := fmt.Sprintf("• การแจ้งเตือน %s รายการ: เตือน %s ตาม %s ทวงถาม %s", thai.Int(len(snap.Warnings)),
			thai.Int(count[report.StageWarn]), thai.Int(count[report.StageFollow]), thai.Int(count[report.StageDemand]))
		if escalated > 0 {
			msg += fmt.Sprintf(" (รายงานผู้บริหาร %s รายการ)", thai.Int(escalated))
		}
		line("%s", msg)
	}
	if u := strings.TrimSpace(s.Site.BaseURL); u != "" {
		line("ดูรายละเอียด: %s", u)
	}
	return b.String()
}
