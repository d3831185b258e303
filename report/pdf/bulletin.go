package pdf

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
	"lwc/report"

	"lwc/report/thai"
)

// Bulletin writes the province bulletin (จดหมายข่าว): key figures, the
// districts' disbursement ranked and charted against the target, work
// groups and expense types, BMN, the Report Award, the warning board and
// the data-quality section. A4 portrait; header and footer on every page
// with the office, the as-of date and "หน้า X จาก Y".
func Bulletin(w io.Writer, in Input) error { return bulletinDoc(w, in, nil) }

func bulletinDoc(w io.Writer, in Input, trace func(x, y, w float64, s string)) error {
	fonts, asOf, gen, err := in.prepare()
	if err != nil {
		return err
	}
	s := in.Snapshot
	st := in.Settings
	office := st.Office.Name
	if office == "" {
		office = s.OfficeName
	}
	title := "จดหมายข่าวศูนย์แจ้งเตือนการดำเนินงาน"
	d := newDoc(fonts, gen, title+" "+office, st.PDF.ThaiDigits)
	d.trace = trace
	b := &bulletin{d: d, s: s, f: &flow{d: d, area: page{left: 15, top: 22, right: 195, bottom: 280}}}

	b.f.addPage()
	b.titleBlock(title, office, asOf)
	b.keyFigures()
	b.budgetDistricts()
	b.budgetGroups()
	b.bmn()
	b.award()
	b.warningBoard()
	b.dataQuality()

	// Header and footer, now that the page count is known.
	n := d.pdf.PageCount()
	for p := 1; p <= n; p++ {
		d.pdf.SetPage(p)
		d.refont()
		d.font(false, 12)
		d.textColor(muted)
		d.stroke(rule)
		d.pdf.SetLineWidth(0.2)
		a := b.f.area
		d.box(a.left, 9, a.width()*0.65, 6, office, left, 0)
		d.box(a.left+a.width()*0.35, 9, a.width()*0.65, 6,
			"ข้อมูล ณ วันที่ "+d.num(thai.Date(asOf, false)), right, 0)
		d.pdf.Line(a.left, 16, a.right, 16)
		d.pdf.Line(a.left, 285, a.right, 285)
		d.box(a.left, 286, a.width()*0.7, 6, "ศูนย์แจ้งเตือนการดำเนินงาน (LWC) สร้างเมื่อ "+d.num(thai.DateTime(gen, false)), left, 0)
		d.box(a.left+a.width()*0.5, 286, a.width()*0.5, 6,
			d.num(fmt.Sprintf("หน้า %d จาก %d", p, n)), right, 0)
	}
	d.pdf.SetPage(n) // gofpdf writes pages up to the current one
	return d.output(w)
}

type bulletin struct {
	d *doc
	s *report.Snapshot
	f *flow
}

// section starts a numbered section with its heading kept with at least
// keep mm of what follows.
func (b *bulletin) section(title string, keep float64) {
	d, f := b.d, b.f
	d.font(true, 18)
	if f.y > f.area.top+1 {
		f.y += 3
	}
	f.need(d.lineHeight() + keep)
	d.textColor(navy)
	d.box(f.area.left, f.y, f.area.width(), d.lineHeight(), title, left, 0)
	f.y += d.lineHeight()
	d.stroke(navy)
	d.pdf.SetLineWidth(0.4)
	d.pdf.Line(f.area.left, f.y-0.6, f.area.right, f.y-0.6)
	f.y += 1.5
	d.textColor(ink)
	d.font(false, 14)
}

// note writes a short explanatory paragraph.
func (b *bulletin) note(s string) {
	b.d.font(false, 14)
	b.d.textColor(muted)
	b.f.paragraph(s, 0, left)
	b.d.textColor(ink)
}

func (b *bulletin) titleBlock(title, office string, asOf time.Time) {
	d, f, s := b.d, b.f, b.s
	d.textColor(navy)
	d.font(true, 22)
	f.paragraph(title, 0, center)
	d.font(false, 16)
	d.textColor(ink)
	f.paragraph(office, 0, center)
	sub := "ข้อมูล ณ วันที่ " + d.num(thai.Date(asOf, true))
	if s.FiscalYear > 0 {
		sub += "  ปีงบประมาณ " + d.num(strconv.Itoa(s.FiscalYear))
		if s.Quarter > 0 {
			sub += " ไตรมาส " + d.num(strconv.Itoa(s.Quarter))
		}
	}
	f.paragraph(sub, 0, center)
	f.y += 2
}

// keyFigures draws the boxes of the province's headline figures, each with
// its status colour.
func (b *bulletin) keyFigures() {
	d, f, s := b.d, b.f, b.s
	pb, bmn := s.Province.Budget, s.Province.BMN
	verified := 0
	for _, x := range s.Districts {
		if x.Verified {
			verified++
		}
	}
	stages := map[string]int{}
	for _, w := range s.Warnings {
		stages[w.Stage]++
	}
	warnStatus := report.StatusGreen
	switch {
	case stages[report.StageDemand] > 0:
		warnStatus = report.StatusRed
	case stages[report.StageFollow] > 0 || stages[report.StageWarn] > 0:
		warnStatus = report.StatusYellow
	}
	dataStatus := report.StatusGreen
	if verified < len(s.Districts) {
		dataStatus = report.StatusYellow
	}
	type kf struct {
		label, value, detail, status string
	}
	boxes := []kf{
		{"เบิกจ่ายภาพรวมจังหวัด", d.percent(pb.DisbursementRate),
			"เป้าหมาย ณ วันที่ " + d.percent(pb.TargetRate) + "\nรวมก่อหนี้ผูกพัน " + d.percent(pb.SpendingRate), pb.Status},
		{"จัดเก็บข้อมูล จปฐ.", d.percent(bmn.CollectedRate),
			"ควรได้ " + d.percent(bmn.ExpectedRate) + "\nบันทึกแล้ว " + d.percent(bmn.RecordedRate), bmn.Status},
		{"รายการแจ้งเตือน", d.num(thai.Int(len(s.Warnings))) + " รายการ",
			"ทวงถาม " + d.num(thai.Int(stages[report.StageDemand])) + "  ตาม " + d.num(thai.Int(stages[report.StageFollow])) +
				"\nเตือน " + d.num(thai.Int(stages[report.StageWarn])), warnStatus},
		{"ข้อมูลผ่านการตรวจสอบ", d.num(thai.Int(verified)+"/"+thai.Int(len(s.Districts))) + " อำเภอ",
			"ไฟล์ที่ได้รับ " + d.num(thai.Int(len(s.Files))) + " ไฟล์", dataStatus},
	}
	gap := 3.0
	w := (f.area.width() - gap*float64(len(boxes)-1)) / float64(len(boxes))
	h := 31.0
	f.need(h)
	for i, k := range boxes {
		x := f.area.left + float64(i)*(w+gap)
		d.fill(statusFill(k.status))
		d.stroke(statusColor(k.status))
		d.pdf.SetLineWidth(0.3)
		d.pdf.Rect(x, f.y, w, h, "FD")
		d.fill(statusColor(k.status))
		d.pdf.Rect(x, f.y, 2.2, h, "F")
		d.textColor(ink)
		d.font(true, 13)
		d.box(x+2, f.y+1, w-2, 6, k.label, left, 2)
		d.font(true, 22)
		d.textColor(statusColor(k.status))
		if k.status == report.StatusYellow {
			d.textColor(rgb{150, 105, 0}) // yellow text is unreadable
		}
		d.box(x+2, f.y+7.5, w-2, 10, k.value, left, 2)
		d.textColor(ink)
		d.font(false, 12)
		y := f.y + 18.5
		for _, l := range splitLines(k.detail) {
			d.box(x+2, y, w-2, 5, l, left, 2)
			y += 5
		}
	}
	f.y += h + 2
	d.font(false, 12)
	d.textColor(muted)
	f.paragraph("สีเขียว = "+report.StatusThai(report.StatusGreen)+"  สีเหลือง = "+report.StatusThai(report.StatusYellow)+
		"  สีแดง = "+report.StatusThai(report.StatusRed)+"  สีเทา = "+report.StatusThai(report.StatusGrey), 0, left)
	d.textColor(ink)
}

// budgetDistricts charts and ranks the districts' disbursement.
func (b *bulletin) budgetDistricts() {
	d, s := b.d, b.s
	districts := rankedDistricts(s.Districts)
	b.section("1. การเบิกจ่ายงบประมาณรายอำเภอ", 60)
	b.note("ร้อยละการเบิกจ่ายสะสมเทียบกับงบประมาณที่ได้รับจัดสรร เส้นสีดำคือเป้าหมาย ณ วันที่ " +
		d.beDate(s.AsOf, false) + " (" + d.percent(s.Province.Budget.TargetRate) + ") เรียงจากมากไปน้อย")
	var bars []bar
	for _, x := range districts {
		bars = append(bars, bar{label: x.Name, value: x.Budget.DisbursementRate, target: x.Budget.TargetRate,
			status: x.Budget.Status, grey: !x.Verified})
	}
	b.chart(bars, "เป้าหมาย ณ วันที่")

	rows := make([][]string, 0, len(districts)+1)
	for _, x := range districts {
		rank := none
		if x.BudgetRank > 0 {
			rank = d.num(strconv.Itoa(x.BudgetRank))
		}
		bf := x.Budget
		if !x.Verified {
			rows = append(rows, []string{rank, x.Name, d.number(bf.Allocated, 0), none, none, none, d.percent(bf.TargetRate), report.StatusThai(report.StatusGrey)})
			continue
		}
		rows = append(rows, []string{rank, x.Name, d.number(bf.Allocated, 0), d.number(bf.Committed, 0),
			d.number(bf.Disbursed, 0), d.percent(bf.DisbursementRate), d.percent(bf.TargetRate), report.StatusThai(bf.Status)})
	}
	pb := s.Province.Budget
	rows = append(rows, []string{"", "รวมจังหวัด", d.number(pb.Allocated, 0), d.number(pb.Committed, 0),
		d.number(pb.Disbursed, 0), d.percent(pb.DisbursementRate), d.percent(pb.TargetRate), report.StatusThai(pb.Status)})
	statuses := make([]string, 0, len(rows))
	for _, x := range districts {
		statuses = append(statuses, x.Budget.Status)
	}
	statuses = append(statuses, pb.Status)
	total := len(rows) - 1
	b.f.table(table{
		cols: []column{{"ลำดับ", 11, center, true}, {"อำเภอ", 30, left, false}, {"งบจัดสรร (บาท)", 25, right, true},
			{"ก่อหนี้ผูกพัน (บาท)", 23, right, true}, {"เบิกจ่ายสะสม (บาท)", 23, right, true}, {"ร้อยละ เบิกจ่าย", 17, right, true},
			{"เป้าหมาย", 17, right, true}, {"สถานะ", 0, left, false}},
		rows: rows,
		fill: statusColumn(statuses, 7),
		bold: func(r int) bool { return r == total },
		size: 13,
	})
}

// budgetGroups tables the work groups and the expense types.
func (b *bulletin) budgetGroups() {
	d, s := b.d, b.s
	group := func(title string, groups []report.GroupFigures) {
		rows := make([][]string, len(groups))
		statuses := make([]string, len(groups))
		for i, g := range groups {
			status := g.Status
			if status == "" {
				status = statusOf(g.DisbursementRate, g.TargetRate)
			}
			statuses[i] = status
			rows[i] = []string{g.Name, d.number(g.Allocated, 0), d.number(g.Committed, 0), d.number(g.Disbursed, 0),
				d.percent(g.DisbursementRate), d.percent(g.TargetRate), report.StatusThai(status)}
		}
		b.f.table(table{
			cols: []column{{title, 48, left, false}, {"งบจัดสรร (บาท)", 25, right, true}, {"ก่อหนี้ผูกพัน (บาท)", 23, right, true},
				{"เบิกจ่ายสะสม (บาท)", 23, right, true}, {"ร้อยละ เบิกจ่าย", 17, right, true}, {"เป้าหมาย", 17, right, true},
				{"สถานะ", 0, left, false}},
			rows: rows,
			fill: statusColumn(statuses, 6),
			size: 13,
		})
	}
	b.section("2. การเบิกจ่ายรายกลุ่มงานและประเภทรายจ่าย", 30)
	if len(s.WorkGroups) > 0 {
		group("กลุ่มงาน", s.WorkGroups)
		b.f.y += 3
	}
	if len(s.ExpenseTypes) > 0 {
		b.note("งบประจำและงบลงทุนเทียบกับเป้าหมายของประเภทรายจ่ายนั้น")
		group("ประเภทรายจ่าย", s.ExpenseTypes)
	}
}

// bmn charts and tables the household survey.
func (b *bulletin) bmn() {
	d, s := b.d, b.s
	pb := s.Province.BMN
	b.section("3. การจัดเก็บข้อมูลความจำเป็นพื้นฐาน (จปฐ.)", 60)
	note := "ร้อยละของครัวเรือนเป้าหมายที่จัดเก็บแล้ว เส้นสีดำคือความก้าวหน้าที่ควรได้ ณ วันที่ " + d.beDate(s.AsOf, false)
	if pb.CollectBy != "" {
		note += " (กำหนดจัดเก็บแล้วเสร็จ " + d.beDate(pb.CollectBy, false)
		if pb.RecordBy != "" {
			note += " บันทึกแล้วเสร็จ " + d.beDate(pb.RecordBy, false)
		}
		note += ")"
	}
	b.note(note)
	var bars []bar
	for _, x := range s.Districts {
		st := x.BMN.CollectedStatus
		if st == "" {
			st = x.BMN.Status
		}
		bars = append(bars, bar{label: x.Name, value: x.BMN.CollectedRate, target: x.BMN.ExpectedRate,
			status: st, grey: !x.Verified})
	}
	b.chart(bars, "ควรได้ ณ วันที่")

	rows := make([][]string, 0, len(s.Districts)+1)
	statuses := make([]string, 0, len(s.Districts)+1)
	row := func(name string, m report.BMNFigures, verified bool) []string {
		if !verified {
			return []string{name, d.number(m.Target, 0), none, none, d.percent(m.ExpectedRate), none, none,
				d.percent(m.ExpectedRecordedRate), report.StatusThai(report.StatusGrey)}
		}
		return []string{name, d.number(m.Target, 0), d.number(m.Collected, 0), d.percent(m.CollectedRate),
			d.percent(m.ExpectedRate), d.number(m.Recorded, 0), d.percent(m.RecordedRate),
			d.percent(m.ExpectedRecordedRate), report.StatusThai(m.Status)}
	}
	for _, x := range s.Districts {
		rows = append(rows, row(x.Name, x.BMN, x.Verified))
		statuses = append(statuses, x.BMN.Status)
	}
	rows = append(rows, row("รวมจังหวัด", pb, true))
	statuses = append(statuses, pb.Status)
	total := len(rows) - 1
	b.f.table(table{
		cols: []column{{"อำเภอ", 27, left, false}, {"ครัวเรือน เป้าหมาย", 18, right, true},
			{"จัดเก็บแล้ว", 17, right, true}, {"ร้อยละ", 16, right, true}, {"ควรได้", 16, right, true},
			{"บันทึกแล้ว", 17, right, true}, {"ร้อยละ", 16, right, true}, {"ควรได้", 16, right, true},
			{"สถานะ", 0, left, false}},
		rows: rows,
		fill: statusColumn(statuses, 8),
		bold: func(r int) bool { return r == total },
		size: 13,
	})
}

// award ranks the districts in the Report Award and names last month's
// winner.
func (b *bulletin) award() {
	d, s := b.d, b.s
	a := s.Award
	b.section("4. รายงานดีมีรางวัล (Lampang Report Award)", 40)
	if prev := a.Previous; len(prev.Winners) > 0 {
		var names []string
		for _, code := range prev.Winners {
			names = append(names, districtName(s, code))
		}
		month := periodName(d, prev)
		f := b.f
		d.font(true, 16)
		lines := d.lines("อำเภอที่ได้รับรางวัลประจำเดือน"+month+": "+joinThai(names), f.area.width()-10)
		h := float64(len(lines))*d.lineHeight() + 3
		f.need(h)
		d.fill(rgb{255, 248, 225})
		d.stroke(rgb{230, 165, 0})
		d.pdf.SetLineWidth(0.4)
		d.pdf.Rect(f.area.left, f.y, f.area.width(), h, "FD")
		y := f.y + 1.5
		for _, l := range lines {
			d.box(f.area.left+5, y, f.area.width()-10, d.lineHeight(), l, left, 0)
			y += d.lineHeight()
		}
		f.y += h + 2
	}
	m := a.Month
	title := "คะแนนเดือน" + periodName(d, m)
	if !m.Final && m.To != "" {
		title += " (ถึงวันที่ " + d.beDate(m.To, false) + ")"
	}
	b.note(title + " ส่งภายในกำหนด 3 คะแนน ส่งช้า 1–3 วัน 2 คะแนน ช้ากว่านั้น 1 คะแนน ยังไม่ส่ง 0 คะแนน")
	rows := make([][]string, len(m.Rows))
	winner := make([]bool, len(m.Rows))
	for i, r := range m.Rows {
		winner[i] = r.Rank == 1
		rows[i] = []string{d.num(strconv.Itoa(r.Rank)), r.Name, d.num(fmt.Sprintf("%d/%d", r.Points, r.MaxPoints)),
			d.percent(r.Score), d.num(strconv.Itoa(r.OnTime)), d.num(strconv.Itoa(r.Late)),
			d.num(strconv.Itoa(r.VeryLate)), d.num(strconv.Itoa(r.Missing))}
	}
	b.f.table(table{
		cols: []column{{"อันดับ", 14, center, true}, {"อำเภอ", 38, left, false}, {"คะแนน", 20, center, true},
			{"ร้อยละ", 22, right, true}, {"ตรงเวลา", 20, center, true}, {"ช้า 1–3 วัน", 22, center, true},
			{"ช้ากว่านั้น", 22, center, true}, {"ยังไม่ส่ง", 0, center, true}},
		rows: rows,
		fill: func(r, c int) *rgb {
			if winner[r] {
				return &rgb{255, 248, 225}
			}
			return nil
		},
		size: 13,
	})
}

// warningBoard lists every warning, most severe first.
func (b *bulletin) warningBoard() {
	d, s := b.d, b.s
	b.section("5. กระดานแจ้งเตือน", 30)
	if len(s.Warnings) == 0 {
		b.note("ไม่มีรายการแจ้งเตือนในสัปดาห์นี้")
		return
	}
	if len(s.Districts) > boardDetailMax {
		b.warningSummary()
		return
	}
	ws := append([]report.Warning(nil), s.Warnings...)
	sort.SliceStable(ws, func(i, j int) bool {
		if stageRank(ws[i].Stage) != stageRank(ws[j].Stage) {
			return stageRank(ws[i].Stage) > stageRank(ws[j].Stage)
		}
		if ws[i].District != ws[j].District {
			return ws[i].District < ws[j].District
		}
		return ws[i].Due < ws[j].Due
	})
	b.note("เตือน = ใกล้ครบกำหนด  ตาม = ครบกำหนดแล้ว  ทวงถาม = เลยกำหนด (ทวงถามที่มีเครื่องหมาย * สำเนาถึงผู้บริหาร)")
	rows := make([][]string, len(ws))
	for i, w := range ws {
		stage := report.StageThai(w.Stage)
		if w.Escalated {
			stage += " *"
		}
		name := w.DistrictName
		if name == "" {
			name = districtName(s, w.District)
		}
		msg := w.Message
		if d.digits {
			msg = thai.Digits(msg)
		}
		rows[i] = []string{name, stage, warningTitle(w), d.beDate(w.Due, false), msg}
	}
	b.f.table(table{
		cols: []column{{"อำเภอ", 26, left, false}, {"ขั้น", 16, center, true}, {"เรื่อง", 42, left, false},
			{"กำหนด", 19, center, true}, {"ข้อความ", 0, left, false}},
		rows: rows,
		fill: func(r, c int) *rgb {
			if c == 1 {
				col := stageFill(ws[r].Stage)
				return &col
			}
			return nil
		},
		size: 13,
	})
}

// boardDetailMax is the most districts whose every warning the bulletin
// lists. A region or the whole country has thousands of warnings: hundreds
// of pages nobody reads. Above it the board counts each district's
// warnings by stage; the details are in the district memos and pages.
const boardDetailMax = 40

// warningSummary is the warning board of a large area: one row per
// district with warnings, most urgent first.
func (b *bulletin) warningSummary() {
	d, s := b.d, b.s
	list := report.WarningsByDistrict(s.Warnings)
	b.note(fmt.Sprintf("มีการแจ้งเตือน %s รายการใน %s อำเภอ ตารางนี้นับรายอำเภอ เรียงจากเรื่องที่เร่งด่วนที่สุด "+
		"รายละเอียดของแต่ละเรื่องอยู่ในบันทึกข้อความถึงอำเภอและหน้าเว็บของอำเภอ (* = สำเนาถึงผู้บริหาร)",
		d.num(thai.Int(len(s.Warnings))), d.num(thai.Int(len(list)))))
	rows := make([][]string, len(list))
	for i, c := range list {
		name := districtName(s, c.District)
		if c.Escalated {
			name += " *"
		}
		rows[i] = []string{name, d.num(thai.Int(c.Demand)), d.num(thai.Int(c.Follow)), d.num(thai.Int(c.Warn))}
	}
	b.f.table(table{
		cols: []column{{"อำเภอ", 0, left, false}, {"ทวงถาม", 28, right, true}, {"ตาม", 28, right, true},
			{"เตือน", 28, right, true}},
		rows: rows,
		size: 13,
	})
}

// stageFill is the background a stage is shown on: yellow, orange, red
// as it grows more urgent.
func stageFill(stage string) rgb {
	switch stage {
	case report.StageDemand:
		return statusFill(report.StatusRed)
	case report.StageFollow:
		return rgb{255, 221, 178}
	}
	return statusFill(report.StatusYellow)
}

// bulletinIssues is how many issues of one file the bulletin lists, and
// bulletinStrays how many files that are no district's.
const (
	bulletinIssues = 10
	bulletinStrays = 10
)

// dataQuality lists the inbox files, their states and their issues.
func (b *bulletin) dataQuality() {
	d, s := b.d, b.s
	b.section("6. คุณภาพข้อมูล", 30)
	counts := map[report.FileState]int{}
	nErr, nWarn := 0, 0
	for _, f := range s.Files {
		counts[f.State]++
		e, w := report.CountIssues(f.Issues)
		nErr += e
		nWarn += w
	}
	b.note(fmt.Sprintf("ไฟล์ทั้งหมด %s ไฟล์: ผ่าน %s  ผ่านโดยมีข้อสังเกต %s  ไม่ผ่าน %s  ถูกแทนที่ %s  พบปัญหาระดับร้ายแรง %s รายการ ข้อสังเกต %s รายการ",
		d.num(thai.Int(len(s.Files))), d.num(thai.Int(counts[report.StateAccepted])),
		d.num(thai.Int(counts[report.StateAcceptedWithWarnings])), d.num(thai.Int(counts[report.StateRejected])),
		d.num(thai.Int(counts[report.StateSuperseded])), d.num(thai.Int(nErr)), d.num(thai.Int(nWarn))))
	if len(s.Files) == 0 {
		return
	}
	// Superseded files are left out of both lists: their data is not
	// used, the district has sent a newer file, and a national bulletin
	// listed them by the thousand when districts sent twice (202 pages
	// became 371, then 312 with only their issues left out). A line says
	// how many; the totals above count them as the site does, and the
	// site's data-quality page lists them and every issue. Of a file's own
	// issues the bulletin lists the first bulletinIssues: it is read by
	// the director and the district heads, the site is where a district
	// works through its list. Files that are no district's (a covering
	// letter, a stray document) are listed up to bulletinStrays: an
	// inbox that is a shared folder, read with its sub-folders, can hold
	// thousands, and each would take a row.
	var rows [][]string
	var statuses []string
	var issues [][]string
	var sev []string
	hiddenFiles, hiddenIssues, strays := 0, 0, 0
	for _, f := range s.Files {
		if f.State == report.StateSuperseded {
			e, w := report.CountIssues(f.Issues)
			hiddenFiles++
			hiddenIssues += e + w
			continue
		}
		if f.District == "" {
			if strays++; strays > bulletinStrays {
				continue
			}
		}
		name := districtName(s, f.District)
		if f.District == "" {
			name = none
		}
		count := none
		if e, w := report.CountIssues(f.Issues); e+w > 0 {
			count = d.num(thai.Int(e + w))
		}
		state := report.StateThai(f.State)
		if f.Reason != "" {
			state += ": " + f.Reason
		}
		statuses = append(statuses, stateStatus(f.State))
		rows = append(rows, []string{f.File, name, d.beDate(f.AsOf, false), count, state})

		listed := f.Issues[:min(len(f.Issues), bulletinIssues)]
		for _, is := range listed {
			where := is.Sheet
			if is.Cell != "" {
				where += " " + is.Cell
			}
			if where == "" {
				where = none
			}
			level, st := "ข้อสังเกต", report.StatusYellow
			if is.Severity == report.SeverityError {
				level, st = "ร้ายแรง", report.StatusRed
			}
			issues = append(issues, []string{f.File, where, level, is.Message})
			sev = append(sev, st)
		}
		if rest := f.Issues[len(listed):]; len(rest) > 0 {
			e, w := report.CountIssues(rest)
			issues = append(issues, []string{f.File, none, none, fmt.Sprintf("และอีก %s รายการ (ร้ายแรง %s ข้อสังเกต %s) ดูทั้งหมดได้ที่หน้าคุณภาพข้อมูลบนเว็บไซต์",
				d.num(thai.Int(e+w)), d.num(thai.Int(e)), d.num(thai.Int(w)))})
			sev = append(sev, report.StatusGrey)
		}
	}
	if len(rows) > 0 {
		b.f.table(table{
			cols: []column{{"ไฟล์", 48, left, false}, {"อำเภอ", 26, left, false}, {"ข้อมูล ณ วันที่", 22, center, true},
				{"ปัญหา", 14, center, true}, {"ผลการตรวจสอบ", 0, left, false}},
			rows: rows,
			fill: statusColumn(statuses, 4),
			size: 13,
		})
	}
	if strays > bulletinStrays {
		b.f.y += 3
		b.note(fmt.Sprintf("ไม่แสดงไฟล์อื่นที่ไม่ใช่รายงานของอำเภอใดอีก %s ไฟล์ (แสดงไว้ %s ไฟล์แรก) ดูรายการทั้งหมดได้ที่หน้าคุณภาพข้อมูลบนเว็บไซต์ และโปรดย้ายไฟล์ที่ไม่ใช่รายงานออกจากกล่อง inbox",
			d.num(thai.Int(strays-bulletinStrays)), d.num(thai.Int(bulletinStrays))))
	}
	if hiddenFiles > 0 {
		of := ""
		if hiddenIssues > 0 {
			of = fmt.Sprintf(" และปัญหาของไฟล์เหล่านั้น (%s รายการ)", d.num(thai.Int(hiddenIssues)))
		}
		b.f.y += 3
		b.note(fmt.Sprintf("ไม่แสดงไฟล์ที่มีไฟล์ใหม่กว่าแทนแล้ว %s ไฟล์%s เพราะไม่ได้นำข้อมูลของไฟล์เหล่านั้นมาใช้ ดูรายละเอียดได้ที่หน้าคุณภาพข้อมูลบนเว็บไซต์",
			d.num(thai.Int(hiddenFiles)), of))
	}
	if len(issues) == 0 {
		return
	}
	b.f.y += 3
	b.note("รายการปัญหาที่พบ (ร้ายแรง = ไม่นำค่านั้นมาใช้ ข้อสังเกต = ใช้ได้แต่ควรตรวจสอบ)")
	b.f.table(table{
		cols: []column{{"ไฟล์", 44, left, false}, {"ชีต/เซลล์", 28, left, false}, {"ระดับ", 18, center, true},
			{"ข้อความ", 0, left, false}},
		rows: issues,
		fill: statusColumn(sev, 2),
		size: 13,
	})
}

func stateStatus(s report.FileState) string {
	switch s {
	case report.StateAccepted:
		return report.StatusGreen
	case report.StateAcceptedWithWarnings:
		return report.StatusYellow
	case report.StateRejected:
		return report.StatusRed
	}
	return report.StatusGrey
}

// statusColumn colours one column of a table by the rows' statuses.
func statusColumn(statuses []string, col int) func(r, c int) *rgb {
	return func(r, c int) *rgb {
		if c != col || r >= len(statuses) {
			return nil
		}
		f := statusFill(statuses[r])
		return &f
	}
}

// statusOf judges a rate against a target without tolerance (for groups
// whose status the snapshot does not carry).
func statusOf(rate, target float64) string {
	if rate >= target {
		return report.StatusGreen
	}
	return report.StatusRed
}

// rankedDistricts orders districts by budget rank, unranked (grey) last in
// snapshot order.
func rankedDistricts(ds []report.DistrictFigures) []report.DistrictFigures {
	out := append([]report.DistrictFigures(nil), ds...)
	sort.SliceStable(out, func(i, j int) bool {
		ri, rj := out[i].BudgetRank, out[j].BudgetRank
		if (ri == 0) != (rj == 0) {
			return rj == 0
		}
		if ri != rj {
			return ri < rj
		}
		if ri == 0 && out[i].Verified != out[j].Verified {
			return out[i].Verified
		}
		return false
	})
	return out
}

// periodName names an award period: "พฤศจิกายน 2569" for a month.
func periodName(d *doc, t report.AwardTable) string {
	if from, err := time.Parse("2006-01-02", t.From); err == nil && len(t.Period) == 7 {
		return d.num(thai.MonthYear(from, true))
	}
	return d.num(t.Period)
}

// bar is one bar of a chart.
type bar struct {
	label         string
	value, target float64 // fractions
	status        string
	grey          bool // no verified data: no bar
}

// chart draws horizontal bars with a target marker per bar, in the PDF
// itself (rectangles and lines, no image).
func (b *bulletin) chart(bars []bar, targetLabel string) {
	d, f := b.d, b.f
	if len(bars) == 0 {
		return
	}
	d.font(false, 12)
	labelW := 0.0
	for _, x := range bars {
		labelW = max(labelW, d.width(x.label))
	}
	labelW = math.Min(labelW+3, 42)
	valueW := 16.0
	x0 := f.area.left + labelW
	plotW := f.area.width() - labelW - valueW
	top := 0.0
	for _, x := range bars {
		top = math.Max(top, math.Max(x.value, x.target))
	}
	// Scale to a round number of tens of percent above the largest value.
	scale := math.Max(0.1, math.Ceil(top*10+0.25)/10)
	scale = math.Min(scale, math.Max(1, math.Ceil(top*10)/10))
	const rowH, axisH = 6.0, 5.5
	// A province's chart is kept on one page. A region's or the country's
	// is longer than a page: it goes on over as many pages as it needs,
	// each part with its grid and axis, never fewer than a few bars to a
	// part.
	if whole := rowH*float64(len(bars)) + 10; whole <= f.area.bottom-f.area.top {
		f.need(whole)
	}
	for rest := bars; len(rest) > 0; {
		f.need(rowH*float64(min(len(rest), 4)) + axisH + 1)
		n := min(len(rest), int((f.area.bottom-f.y-1-axisH)/rowH))
		b.chartPart(rest[:n], x0, labelW, plotW, valueW, scale, rowH)
		f.y += 1 + rowH*float64(n) + axisH
		rest = rest[n:]
	}
	f.need(12) // the legend, on the next page if it does not fit
	ly := f.y - 0.5
	lx := x0
	item := func(w float64, draw func(x float64)) {
		if lx+w > f.area.right && lx > x0 {
			lx, ly = x0, ly+5
		}
		draw(lx)
		lx += w + 6
	}
	for _, st := range []string{report.StatusGreen, report.StatusYellow, report.StatusRed} {
		t := report.StatusThai(st)
		item(5+d.width(t), func(x float64) {
			d.fill(statusColor(st))
			d.pdf.Rect(x, ly+1, 4, 3, "F")
			d.textColor(ink)
			d.box(x+5, ly, d.width(t)+1, 5, t, left, 0)
		})
	}
	item(4+d.width(targetLabel), func(x float64) {
		d.stroke(black)
		d.pdf.SetLineWidth(0.5)
		d.pdf.Line(x+1, ly+0.5, x+1, ly+4.5)
		d.box(x+3, ly, d.width(targetLabel)+1, 5, targetLabel, left, 0)
	})
	f.y = ly + 7
	d.textColor(ink)
	d.font(false, 14)
}

// chartPart draws bars from the flow's y down: the grid with its axis
// labels under the bars, then each bar with its value and target marker.
func (b *bulletin) chartPart(bars []bar, x0, labelW, plotW, valueW, scale, rowH float64) {
	d, f := b.d, b.f
	y := f.y + 1
	h := rowH * float64(len(bars))
	// Grid lines every 10% (or 20% on a wide scale) with labels.
	step := 0.1
	if scale > 0.6 {
		step = 0.2
	}
	d.stroke(rgb{220, 220, 220})
	d.pdf.SetLineWidth(0.15)
	for v := 0.0; v <= scale+1e-9; v += step {
		gx := x0 + plotW*v/scale
		d.pdf.Line(gx, y, gx, y+h)
		d.textColor(muted)
		d.box(gx-10, y+h, 20, 4.5, d.num(thai.Number(v*100, 0))+"%", center, 0)
	}
	for i, x := range bars {
		ry := y + float64(i)*rowH
		d.textColor(ink)
		d.box(f.area.left, ry, labelW-1, rowH, x.label, right, 0)
		bw := plotW * math.Min(math.Max(x.value, 0), scale) / scale
		if !x.grey {
			d.fill(statusColor(x.status))
			if bw > 0 {
				d.pdf.Rect(x0, ry+1.2, bw, rowH-2.4, "F")
			}
			d.textColor(ink)
			d.box(x0+bw+1, ry, valueW+10, rowH, d.percent(x.value), left, 0)
		}
		// Target marker: a line across the bar and a small triangle.
		tx := x0 + plotW*math.Min(math.Max(x.target, 0), scale)/scale
		d.stroke(black)
		d.pdf.SetLineWidth(0.5)
		d.pdf.Line(tx, ry+0.4, tx, ry+rowH-0.4)
		d.fill(black)
		d.pdf.Polygon([]gofpdf.PointType{{X: tx - 1, Y: ry + 0.2}, {X: tx + 1, Y: ry + 0.2}, {X: tx, Y: ry + 1.4}}, "F")
		if x.grey {
			// No verified data: a dashed empty bar that says so, over the
			// marker.
			const msg = "ไม่มีข้อมูลที่ผ่านการตรวจสอบ"
			gw := d.width(msg) + 4
			d.fill(white)
			d.stroke(rule)
			d.pdf.SetLineWidth(0.2)
			d.pdf.SetDashPattern([]float64{0.8, 0.8}, 0)
			d.pdf.Rect(x0, ry+0.8, gw, rowH-1.6, "FD")
			d.pdf.SetDashPattern(nil, 0)
			d.textColor(muted)
			d.box(x0, ry, gw, rowH, msg, center, 0)
		}
	}
}

func splitLines(s string) []string { return strings.Split(s, "\n") }
