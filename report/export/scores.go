package export

import (
	"path/filepath"

	"fmt"

	"lwc/report"
	"lwc/report/figures"
)

// Scores writes scores.xlsx: one row per district with the figures the
// performance appraisal draws on, side by side and unweighted: the
// disbursement rate against its target (difference and ratio), its status
// and rank; the BMN rates against the expected progress; the Report Award
// points, score and rank for the month to date, the previous month and the
// fiscal year to date. There is deliberately no composite score: how much
// each topic weighs is the appraisal committee's decision, and transparent
// columns let it apply its own weights. A second sheet (คำอธิบาย) explains
// every column. A figure without verified data is left empty.
func Scores(path string, snap *report.Snapshot) error {
	t, err := asOf(snap)
	if err != nil {
		return err
	}
	b := newBook(t, filepath.Dir(path))
	a := snap.Award
	month, prev, fy := periodName(a.Month), periodName(a.Previous), periodName(a.FiscalYear)
	cols := []column{
		{"รหัสอำเภอ", 10, text}, {"ชื่ออำเภอ", 18, text}, {"สถานะข้อมูล", 20, text},
		{"ร้อยละเบิกจ่าย", 12, percent}, {"เป้าหมาย ณ วันที่", 12, percent}, {"ผลต่างจากเป้าหมาย", 12, percent},
		{"ร้อยละของเป้าหมาย", 12, percent}, {"สถานะการเบิกจ่าย", 22, text}, {"ลำดับการเบิกจ่าย", 10, integer},
		{"จปฐ. ร้อยละจัดเก็บ", 12, percent}, {"จปฐ. ร้อยละที่ควรจัดเก็บได้", 12, percent},
		{"จปฐ. ร้อยละบันทึก", 12, percent}, {"จปฐ. ร้อยละที่ควรบันทึกได้", 12, percent}, {"สถานะ จปฐ.", 22, text},
	}
	for _, p := range []string{month, prev, fy} {
		cols = append(cols,
			column{"รายงานดีมีรางวัล " + p + " คะแนน", 12, integer},
			column{"รายงานดีมีรางวัล " + p + " คะแนนเต็ม", 12, integer},
			column{"รายงานดีมีรางวัล " + p + " ร้อยละคะแนน", 12, percent},
			column{"รายงานดีมีรางวัล " + p + " อันดับ", 10, integer})
	}
	s := b.addSheet("คะแนน", "คะแนนผลการดำเนินงานรายอำเภอ เพื่อประกอบการประเมินผลการปฏิบัติราชการ", subtitle(snap, t), cols)
	rows := func(tab report.AwardTable) map[string]report.AwardRow {
		m := map[string]report.AwardRow{}
		for _, r := range tab.Rows {
			m[r.District] = r
		}
		return m
	}
	tables := []map[string]report.AwardRow{rows(a.Month), rows(a.Previous), rows(a.FiscalYear)}
	for _, d := range snap.Districts {
		vals := []any{d.Code, d.Name, dataState(d)}
		bf := d.Budget
		if bf.Status == report.StatusGrey {
			vals = append(vals, nil, bf.TargetRate, nil, nil, report.StatusThai(bf.Status), nil)
		} else {
			var ratio any
			if bf.TargetRate > 0 {
				ratio = bf.DisbursementRate / bf.TargetRate
			}
			vals = append(vals, bf.DisbursementRate, bf.TargetRate, bf.DisbursementRate-bf.TargetRate, ratio,
				report.StatusThai(bf.Status), rank(d.BudgetRank))
		}
		m := d.BMN
		vals = append(vals, ifJudged(m.CollectedStatus, m.CollectedRate), m.ExpectedRate,
			ifJudged(m.RecordedStatus, m.RecordedRate), m.ExpectedRecordedRate, report.StatusThai(m.Status))
		for _, tab := range tables {
			r, ok := tab[d.Code]
			if !ok || r.MaxPoints == 0 {
				vals = append(vals, nil, nil, nil, nil)
				continue
			}
			vals = append(vals, r.Points, r.MaxPoints, r.Score, rank(r.Rank))
		}
		s.add(false, vals...)
	}

	// คำอธิบาย: what each column means.
	e := b.addSheet("คำอธิบาย", "คำอธิบายคอลัมน์ของแผ่นงานคะแนน", subtitle(snap, t), []column{{"คอลัมน์", 40, text}, {"ความหมาย", 110, text}})
	aw := "คะแนนรายงานแต่ละฉบับ: ส่งภายในกำหนด ได้คะแนนเต็ม ส่งช้า 1–3 วัน ได้คะแนนรองลงมา ช้ากว่านั้นได้คะแนนน้อยลง ไม่ส่งเมื่อครบกำหนดได้ 0 (ตามค่าตั้งใน lwc.toml)"
	for _, r := range [][2]string{
		{"ร้อยละเบิกจ่าย", "เบิกจ่ายสะสม ÷ งบที่ได้รับจัดสรรตามแผน (โครงการที่ไม่ได้รายงานหรือข้อมูลไม่ผ่านการตรวจสอบนับเป็น 0)"},
		{"เป้าหมาย ณ วันที่", fmt.Sprintf("เป้าหมายการเบิกจ่ายสะสมภาพรวม ณ วันที่ %s คำนวณแบบ%s จากเป้าหมายรายไตรมาส", figures.ThaiDate(t), modeThai(snap.TargetMode))},
		{"ผลต่างจากเป้าหมาย", "ร้อยละเบิกจ่าย − เป้าหมาย ณ วันที่ (ค่าติดลบ = ต่ำกว่าเป้าหมาย)"},
		{"ร้อยละของเป้าหมาย", "ร้อยละเบิกจ่าย ÷ เป้าหมาย ณ วันที่ (100% = ตรงเป้าหมาย)"},
		{"สถานะการเบิกจ่าย", "ตามเป้าหมาย / ต่ำกว่าเป้าหมายเล็กน้อย (ไม่เกินค่าความคลาดเคลื่อนที่กำหนด) / ต่ำกว่าเป้าหมาย / ข้อมูลยังไม่ผ่านการตรวจสอบ"},
		{"ลำดับการเบิกจ่าย", "ลำดับตามร้อยละเบิกจ่ายจากมากไปน้อย ร้อยละเท่ากันได้ลำดับเดียวกัน อำเภอที่ข้อมูลไม่ผ่านการตรวจสอบไม่จัดลำดับ"},
		{"จปฐ. ร้อยละจัดเก็บ / บันทึก", "ครัวเรือนที่จัดเก็บ (บันทึก) แล้ว ÷ ครัวเรือนเป้าหมายตามแผน"},
		{"จปฐ. ร้อยละที่ควรได้", "ความก้าวหน้าที่ควรเป็นตามเวลา: จำนวนวันตั้งแต่วันเริ่มจัดเก็บ ÷ จำนวนวันถึงกำหนดแล้วเสร็จ (ไม่ต่ำกว่า 0% ไม่เกิน 100%)"},
		{"รายงานดีมีรางวัล คะแนน", aw},
		{"รายงานดีมีรางวัล ร้อยละคะแนน", "คะแนนที่ได้ ÷ คะแนนเต็มของรายงานที่ครบกำหนดแล้วในช่วงนั้น"},
		{"รายงานดีมีรางวัล อันดับ", "เรียงตามร้อยละคะแนน แล้วตามจำนวนรายงานที่ส่งภายในกำหนด แล้วตามวันที่ส่งเฉลี่ยที่เร็วกว่า เท่ากันทุกข้อได้ลำดับเดียวกัน"},
		{"คะแนนรวม", "ไม่มีการรวมคะแนนทุกด้านเป็นคะแนนเดียว เพื่อให้คณะกรรมการประเมินกำหนดน้ำหนักเองได้อย่างโปร่งใส"},
		{"ช่องว่าง", "ไม่มีข้อมูลที่ผ่านการตรวจสอบ หรือไม่มีรายงานที่ครบกำหนดในช่วงนั้น"},
	} {
		e.add(false, r[0], r[1])
	}
	return b.save(path, "คะแนนผลการดำเนินงานรายอำเภอ "+subtitle(snap, t))
}

func ifJudged(status string, v float64) any {
	if status == report.StatusGrey {
		return nil
	}
	return v
}

func modeThai(mode string) string {
	if mode == figures.ModeStep {
		return "ขั้นบันได (เป้าหมายของไตรมาสปัจจุบัน)"
	}
	return "เส้นตรงระหว่างสิ้นไตรมาส"
}

// periodName names an award table's period: "พ.ย. 2569" or "ปีงบประมาณ 2570".
func periodName(t report.AwardTable) string {
	return figures.AwardPeriodThai(t)
}
