package figures

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"lwc/report"
)

// warnings fills the warning board (SPEC §4). Warnings are raised only from
// judged figures: a grey figure (no verified data) never warns, except the
// weekly warning that says why the district is grey. Report warnings come
// from the register and the calendar, which are not district submissions,
// so grey districts get them too.
func (c *calc) warnings() {
	ws := []report.Warning{}
	for i := range c.snap.Districts {
		d := &c.snap.Districts[i]
		if !d.Verified {
			ws = append(ws, c.weekly(d))
		}
		ws = append(ws, c.budgetWarnings(d)...)
		ws = append(ws, c.bmnWarnings(d)...)
		ws = append(ws, c.reportWarnings(d)...)
	}
	// Within a district: budget (overall first, then expense types), BMN
	// (collection, then recording), reports by due date; that is the order
	// they are generated in, except reports, which the calendar may list in
	// any order.
	topic := map[string]int{report.TopicBudget: 0, report.TopicBMN: 1, report.TopicReport: 2}
	sort.SliceStable(ws, func(i, j int) bool {
		a, b := ws[i], ws[j]
		switch {
		case a.District != b.District:
			return a.District < b.District
		case a.Topic != b.Topic:
			return topic[a.Topic] < topic[b.Topic]
		case a.Topic != report.TopicReport:
			return false
		case a.Due != b.Due:
			return a.Due < b.Due
		}
		return a.Subject < b.Subject
	})
	c.snap.Warnings = ws
}

// StageAt returns the stage of work not done whose due date is days away
// (days = days(due → asOf): negative before the due date): within warnDays
// before it เตือน, from the due date to followDays after it ตาม, later
// ทวงถาม; earlier than warnDays before, none ("").
func StageAt(days, warnDays, followDays int) string {
	switch {
	case days < -warnDays:
		return ""
	case days < 0:
		return report.StageWarn
	case days <= followDays:
		return report.StageFollow
	}
	return report.StageDemand
}

func (c *calc) stageAt(due time.Time) (stage string, days int) {
	days = Days(due, c.asOf)
	return StageAt(days, c.s.Warnings.WarnDays, c.s.Warnings.FollowDays), days
}

// stageColor: เตือน is yellow; ตาม and ทวงถาม are red.
func stageColor(stage string) string {
	if stage == report.StageWarn {
		return report.StatusYellow
	}
	return report.StatusRed
}

// weekly is the warning of a district without an accepted submission.
func (c *calc) weekly(d *report.DistrictFigures) report.Warning {
	return report.Warning{
		District:     d.Code,
		DistrictName: d.Name,
		Topic:        report.TopicReport,
		Stage:        report.StageFollow,
		Subject:      report.SubjectWeekly,
		SubjectName:  "รายงานประจำสัปดาห์",
		Due:          c.iso(c.asOf),
		Color:        report.StatusRed,
		Message: fmt.Sprintf("%sยังไม่มีรายงานประจำสัปดาห์ที่ผ่านการตรวจสอบ ณ วันที่ %s (%s) ขอให้ส่งไฟล์รายงานที่ถูกต้องโดยเร็ว",
			districtLabel(d.Name), ThaiDate(c.asOf), c.whyGrey(d.Code)),
	}
}

// budgetWarnings judges the district's overall rate and each expense type's:
// yellow เตือน; red ตาม; red in escalate_runs consecutive runs, or still
// below the target of a quarter end that has passed (Q2–Q4: the previous
// quarter's cumulative target), ทวงถาม and escalated. A figure without
// allocation is not judged.
func (c *calc) budgetWarnings(d *report.DistrictFigures) []report.Warning {
	if d.Budget.Status == report.StatusGrey {
		return nil
	}
	type subj struct {
		name          string
		rate, target  float64
		status        string
		redRuns       int
		quarterTarget report.QuarterTargets
	}
	subs := []subj{{report.ExpenseOverall, d.Budget.DisbursementRate, d.Budget.TargetRate, d.Budget.Status,
		redRunsOf(d.Budget.Trend), c.target(report.ExpenseOverall)}}
	for _, g := range d.ExpenseTypes {
		if g.Status == report.StatusGrey {
			continue
		}
		subs = append(subs, subj{g.Name, g.DisbursementRate, g.TargetRate, g.Status,
			c.groupRedRuns(d.Code, g.Name, g.Status), c.target(g.Name)})
	}
	runs := c.s.Warnings.EscalateRuns
	if runs < 1 {
		runs = 1
	}
	thisEnd := QuarterEnd(c.fy, c.q)
	var out []report.Warning
	for _, s := range subs {
		w := report.Warning{
			District:     d.Code,
			DistrictName: d.Name,
			Topic:        report.TopicBudget,
			Subject:      s.name,
			SubjectName:  "การเบิกจ่ายงบประมาณ" + expenseLabel(s.name),
			Due:          c.iso(thisEnd),
			Days:         Days(thisEnd, c.asOf),
		}
		base := fmt.Sprintf("%sเบิกจ่ายงบประมาณ%sได้ร้อยละ %s", districtLabel(d.Name), expenseLabel(s.name), Percent(s.rate))
		if s.status != report.StatusGreen {
			base += fmt.Sprintf(" ต่ำกว่าเป้าหมาย ณ วันที่ %s (ร้อยละ %s)", ThaiDate(c.asOf), Percent(s.target))
		} else {
			base += fmt.Sprintf(" ณ วันที่ %s", ThaiDate(c.asOf))
		}
		var prevTarget float64
		if c.q > 1 {
			prevTarget = s.quarterTarget[c.q-2]
		}
		switch {
		case c.q > 1 && s.rate < prevTarget-eps:
			prevEnd := QuarterEnd(c.fy, c.q-1)
			w.Stage, w.Escalated = report.StageDemand, true
			w.Due, w.Days = c.iso(prevEnd), Days(prevEnd, c.asOf)
			w.Message = base + fmt.Sprintf(" และยังไม่ถึงเป้าหมายสิ้นไตรมาสที่ %d (ร้อยละ %s) ซึ่งครบกำหนดแล้วเมื่อวันที่ %s",
				c.q-1, Percent(prevTarget), ThaiDate(prevEnd))
			if s.redRuns >= runs && runs > 1 {
				w.Message += fmt.Sprintf(" ทั้งต่ำกว่าเป้าหมายติดต่อกัน %d ครั้งของการรายงาน", s.redRuns)
			}
			w.Message += " ขอให้เร่งรัดการเบิกจ่ายโดยด่วน และรายงานปัญหาอุปสรรคให้จังหวัดทราบ"
		case s.status == report.StatusRed && s.redRuns >= runs:
			w.Stage, w.Escalated = report.StageDemand, true
			w.Message = base + fmt.Sprintf(" ซึ่งต่ำกว่าเป้าหมายติดต่อกันเป็นครั้งที่ %d ขอให้เร่งรัดการเบิกจ่ายโดยด่วน และรายงานปัญหาอุปสรรคให้จังหวัดทราบ", s.redRuns)
		case s.status == report.StatusRed:
			w.Stage = report.StageFollow
			w.Message = base + fmt.Sprintf(" ขอให้เร่งรัดการเบิกจ่ายให้ได้ตามเป้าหมายไตรมาสที่ %d (ร้อยละ %s) ภายในวันที่ %s",
				c.q, Percent(s.quarterTarget[c.q-1]), ThaiDate(thisEnd))
		case s.status == report.StatusYellow:
			w.Stage = report.StageWarn
			w.Message = base + " ขอให้เร่งรัดการเบิกจ่ายให้เป็นไปตามเป้าหมาย"
		default:
			continue
		}
		w.Color = stageColor(w.Stage)
		out = append(out, w)
	}
	return out
}

func redRunsOf(t *report.Trend) int {
	if t == nil {
		return 0
	}
	return t.RedRuns
}

// groupRedRuns counts this run and the consecutive earlier snapshots of this
// fiscal year in which the district's expense type was red. It is only
// compared with escalate_runs, so the snapshots read (escalate_runs + 1 at
// least, see archive.History) are enough and the count is not stored.
func (c *calc) groupRedRuns(code, name, status string) int {
	if status != report.StatusRed {
		return 0
	}
	n := 1
	for i := len(c.history) - 1; i >= 0; i-- {
		if c.history[i].FiscalYear != c.fy || !groupRed(c.past[i][code], name) {
			break
		}
		n++
	}
	return n
}

// groupRed reports whether an archived district's expense type was red.
func groupRed(d *report.PastDistrict, name string) bool {
	if d == nil || !d.Verified {
		return false
	}
	for _, g := range d.ExpenseTypes {
		if g.Name == name {
			return g.Status == report.StatusRed
		}
	}
	return false
}

// expenseLabel names an expense type inside a sentence.
func expenseLabel(name string) string {
	switch name {
	case report.ExpenseOverall:
		return "ภาพรวม"
	case report.ExpenseCurrent:
		return "รายจ่ายประจำ"
	case report.ExpenseInvestment:
		return "รายจ่ายลงทุน"
	}
	return "ประเภท" + name
}

// bmnWarnings: a BMN milestone is "not met" while the verified households
// collected (or recorded) are fewer than the plan's target households; from
// warn_days before its deadline it warns with the stages of a report.
// Recording is judged against the target households too, since every
// targeted household must end up recorded.
func (c *calc) bmnWarnings(d *report.DistrictFigures) []report.Warning {
	b := d.BMN
	var out []report.Warning
	for _, m := range []struct {
		subject, status, by, verb, deadline string
		done, rate                          float64
	}{
		{report.SubjectCollect, b.CollectedStatus, b.CollectBy, "จัดเก็บข้อมูล จปฐ.", "กำหนดจัดเก็บแล้วเสร็จ", b.Collected, b.CollectedRate},
		{report.SubjectRecord, b.RecordedStatus, b.RecordBy, "บันทึกข้อมูล จปฐ.", "กำหนดบันทึกแล้วเสร็จ", b.Recorded, b.RecordedRate},
	} {
		if m.status == report.StatusGrey || m.by == "" || b.Target <= 0 || m.done >= b.Target-eps {
			continue
		}
		due, err := ParseISO(m.by)
		if err != nil {
			continue
		}
		stage, days := c.stageAt(due)
		if stage == "" {
			continue
		}
		msg := fmt.Sprintf("%s%s ได้ %s จาก %s ครัวเรือน (ร้อยละ %s) ณ วันที่ %s ",
			districtLabel(d.Name), m.verb, Number(m.done, 0), Number(b.Target, 0), Percent(m.rate), ThaiDate(c.asOf))
		switch {
		case stage == report.StageWarn:
			msg += fmt.Sprintf("%sวันที่ %s (อีก %d วัน) ขอให้เร่งรัดให้แล้วเสร็จตามกำหนด", m.deadline, ThaiDate(due), -days)
		case stage == report.StageFollow && days == 0:
			msg += fmt.Sprintf("ซึ่งครบ%sในวันนี้ ขอให้เร่งรัดให้แล้วเสร็จโดยเร็ว", m.deadline)
		case stage == report.StageFollow:
			msg += fmt.Sprintf("ซึ่งครบ%sเมื่อวันที่ %s (เลยกำหนด %d วัน) ขอให้เร่งรัดให้แล้วเสร็จโดยเร็ว", m.deadline, ThaiDate(due), days)
		default:
			msg += fmt.Sprintf("ซึ่งเลย%s (วันที่ %s) มาแล้ว %d วัน ขอให้ดำเนินการให้แล้วเสร็จโดยด่วน", m.deadline, ThaiDate(due), days)
		}
		out = append(out, report.Warning{
			District:     d.Code,
			DistrictName: d.Name,
			Topic:        report.TopicBMN,
			Stage:        stage,
			Subject:      m.subject,
			SubjectName:  "การ" + m.verb,
			Due:          m.by,
			Days:         days,
			Color:        stageColor(stage),
			Message:      msg,
		})
	}
	return out
}

// reportWarnings: every calendar instance for the district not received by
// the as-of date, from warn_days before its due date.
func (c *calc) reportWarnings(d *report.DistrictFigures) []report.Warning {
	var out []report.Warning
	seen := map[string]bool{}
	for _, r := range c.plan.Calendar {
		if r.Due.IsZero() || (r.District != "" && r.District != d.Code) || seen[r.Code] {
			continue
		}
		seen[r.Code] = true
		if _, ok := c.receipts[receiptKey{r.Code, d.Code}]; ok {
			continue
		}
		stage, days := c.stageAt(r.Due)
		if stage == "" {
			continue
		}
		name := reportLabel(r)
		msg := fmt.Sprintf("%sยังไม่ได้ส่ง%s (%s) ตามทะเบียนรับรายงาน ณ วันที่ %s ",
			districtLabel(d.Name), name, r.Code, ThaiDate(c.asOf))
		switch {
		case stage == report.StageWarn:
			msg += fmt.Sprintf("ซึ่งมีกำหนดส่งวันที่ %s (อีก %d วัน) ขอให้ส่งรายงานภายในกำหนด", ThaiDate(r.Due), -days)
		case stage == report.StageFollow && days == 0:
			msg += "ซึ่งครบกำหนดส่งในวันนี้ ขอให้ส่งรายงานโดยเร็ว"
		case stage == report.StageFollow:
			msg += fmt.Sprintf("ซึ่งครบกำหนดส่งเมื่อวันที่ %s (เลยกำหนด %d วัน) ขอให้ส่งรายงานโดยเร็ว", ThaiDate(r.Due), days)
		default:
			msg += fmt.Sprintf("ซึ่งเลยกำหนดส่ง (วันที่ %s) มาแล้ว %d วัน ขอให้ส่งรายงานโดยด่วน", ThaiDate(r.Due), days)
		}
		out = append(out, report.Warning{
			District:     d.Code,
			DistrictName: d.Name,
			Topic:        report.TopicReport,
			Stage:        stage,
			Subject:      r.Code,
			SubjectName:  name,
			Due:          c.iso(r.Due),
			Days:         days,
			Color:        stageColor(stage),
			Message:      msg,
		})
	}
	return out
}

// reportLabel names a report instance inside a sentence.
func reportLabel(r report.ReportDue) string {
	switch {
	case r.Name == "":
		return "รายงาน " + r.Code
	case strings.HasPrefix(r.Name, "รายงาน"):
		return r.Name
	}
	return "รายงาน" + r.Name
}
