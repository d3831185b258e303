// Package export writes the workbooks staff used to build by hand
// (consolidated.xlsx, scores.xlsx) and the short summary text for chat and
// e-mail. Everything is read from the snapshot (plus the accepted
// submissions, for the districts' notes), and the same snapshot always gives
// the same bytes.
package export

import (
	"path/filepath"

	"lwc/report"
)

// Consolidated writes consolidated.xlsx: every district's verified data in
// one workbook with totals. Sheets: สรุปอำเภอ (districts), โครงการ (every
// plan project), กลุ่มงาน, ประเภทรายจ่าย, จปฐ (districts and
// sub-districts). A grey district's allocation is shown (it is the plan's)
// but its other money and BMN cells are left empty, since nothing of it was
// verified; totals are the snapshot's province figures. notes may be nil;
// they only add the districts' notes (หมายเหตุ) to the project sheet.
func Consolidated(path string, snap *report.Snapshot, notes Notes) error {
	t, err := asOf(snap)
	if err != nil {
		return err
	}
	b := newBook(t, filepath.Dir(path))
	sub := subtitle(snap, t)

	// สรุปอำเภอ
	s := b.addSheet("สรุปอำเภอ", "สรุปผลการเบิกจ่ายงบประมาณรายอำเภอ", sub, []column{
		{"รหัสอำเภอ", 10, text}, {"ชื่ออำเภอ", 18, text}, {"สถานะข้อมูล", 22, text}, {"ข้อมูล ณ วันที่", 14, text},
		{"งบที่ได้รับจัดสรร (บาท)", 18, money}, {"ก่อหนี้ผูกพัน (บาท)", 16, money}, {"เบิกจ่ายสะสม (บาท)", 18, money},
		{"คงเหลือหลังหักก่อหนี้ผูกพัน (บาท)", 20, money}, {"ร้อยละเบิกจ่าย", 12, percent}, {"ร้อยละใช้จ่าย (รวมก่อหนี้ผูกพัน)", 14, percent},
		{"เป้าหมาย ณ วันที่", 12, percent}, {"สถานะ", 22, text}, {"ลำดับ", 8, integer}, {"หมายเหตุ", 50, text},
	})
	for _, d := range snap.Districts {
		bf := d.Budget
		if !d.Verified {
			s.add(false, d.Code, d.Name, dataState(d), nil, bf.Allocated, nil, nil, nil, nil, nil, bf.TargetRate,
				report.StatusThai(bf.Status), nil, d.GreyReason)
			continue
		}
		s.add(false, d.Code, d.Name, dataState(d), thaiISO(d.DataAsOf), bf.Allocated, bf.Committed, bf.Disbursed,
			bf.Allocated-bf.Disbursed-bf.Committed, bf.DisbursementRate, bf.SpendingRate, bf.TargetRate,
			report.StatusThai(bf.Status), rank(d.BudgetRank), nil)
	}
	p := snap.Province.Budget
	s.add(true, nil, "รวมทั้งจังหวัด", nil, nil, p.Allocated, p.Committed, p.Disbursed, p.Allocated-p.Disbursed-p.Committed,
		p.DisbursementRate, p.SpendingRate, p.TargetRate, report.StatusThai(p.Status), nil, nil)

	// โครงการ
	s = b.addSheet("โครงการ", "ผลการเบิกจ่ายงบประมาณรายโครงการ", sub, []column{
		{"รหัสอำเภอ", 10, text}, {"ชื่ออำเภอ", 16, text}, {"รหัสโครงการ", 14, text}, {"ชื่อโครงการ", 44, text},
		{"กลุ่มงาน", 34, text}, {"ประเภทรายจ่าย", 12, text}, {"งบที่ได้รับจัดสรร (บาท)", 18, money},
		{"ก่อหนี้ผูกพัน (บาท)", 16, money}, {"เบิกจ่ายสะสม (บาท)", 18, money}, {"ร้อยละเบิกจ่าย", 12, percent},
		{"ร้อยละใช้จ่าย (รวมก่อหนี้ผูกพัน)", 14, percent}, {"สถานะข้อมูล", 30, text}, {"หมายเหตุ", 40, text},
	})
	// Projects grouped by district (plan order within), each district
	// closed by its subtotal; projects of districts the plan does not list
	// are in no total and left out. Read a district at a time: a national
	// plan has over 100,000 projects (see report.ProjectFile).
	set := snap.ProjectSet()
	for _, d := range snap.Districts {
		projects, err := set.District(d.Code)
		if err != nil {
			b.fail(err) // save reports it
			break
		}
		if len(projects) == 0 {
			continue
		}
		notes := notes[d.Code]
		var sum [3]float64
		for i := range projects {
			pr := &projects[i]
			state := "รายงานแล้ว"
			switch {
			case !d.Verified:
				state = "อำเภอยังไม่มีข้อมูลที่ผ่านการตรวจสอบ"
			case !pr.Reported:
				state = "ไม่ได้รายงานหรือไม่ผ่านการตรวจสอบ (นับเป็น 0)"
			}
			if d.Verified {
				s.add(false, pr.District, d.Name, pr.Code, pr.Name, pr.WorkGroup, pr.ExpenseType, pr.Allocated,
					pr.Committed, pr.Disbursed, pr.DisbursementRate, pr.SpendingRate, state, notes[pr.Code])
			} else {
				s.add(false, pr.District, d.Name, pr.Code, pr.Name, pr.WorkGroup, pr.ExpenseType, pr.Allocated,
					nil, nil, nil, nil, state, nil)
			}
			sum[0] += pr.Allocated
			sum[1] += pr.Committed
			sum[2] += pr.Disbursed
		}
		s.add(true, d.Code, "รวมอำเภอ"+d.Name, nil, nil, nil, nil, sum[0], sum[1], sum[2],
			rate(sum[2], sum[0]), rate(sum[2]+sum[1], sum[0]), nil, nil)
	}
	s.add(true, nil, "รวมทั้งจังหวัด", nil, nil, nil, nil, p.Allocated, p.Committed, p.Disbursed,
		p.DisbursementRate, p.SpendingRate, nil, nil)

	// กลุ่มงาน and ประเภทรายจ่าย
	groupSheet := func(name, title, label string, of func(report.DistrictFigures) []report.GroupFigures, province []report.GroupFigures) {
		s := b.addSheet(name, title, sub, []column{
			{"รหัสอำเภอ", 10, text}, {"ชื่ออำเภอ", 18, text}, {label, 34, text}, {"งบที่ได้รับจัดสรร (บาท)", 18, money},
			{"ก่อหนี้ผูกพัน (บาท)", 16, money}, {"เบิกจ่ายสะสม (บาท)", 18, money}, {"ร้อยละเบิกจ่าย", 12, percent},
			{"ร้อยละใช้จ่าย (รวมก่อหนี้ผูกพัน)", 14, percent}, {"เป้าหมาย ณ วันที่", 12, percent}, {"สถานะ", 22, text},
		})
		for _, d := range snap.Districts {
			for _, g := range of(d) {
				if d.Verified {
					s.add(false, d.Code, d.Name, g.Name, g.Allocated, g.Committed, g.Disbursed, g.DisbursementRate,
						g.SpendingRate, g.TargetRate, report.StatusThai(g.Status))
				} else {
					s.add(false, d.Code, d.Name, g.Name, g.Allocated, nil, nil, nil, nil, g.TargetRate, report.StatusThai(g.Status))
				}
			}
		}
		for _, g := range province {
			s.add(true, nil, "รวมทั้งจังหวัด", g.Name, g.Allocated, g.Committed, g.Disbursed, g.DisbursementRate,
				g.SpendingRate, g.TargetRate, report.StatusThai(g.Status))
		}
	}
	groupSheet("กลุ่มงาน", "ผลการเบิกจ่ายงบประมาณจำแนกตามกลุ่มงาน", "กลุ่มงาน",
		func(d report.DistrictFigures) []report.GroupFigures { return d.WorkGroups }, snap.WorkGroups)
	groupSheet("ประเภทรายจ่าย", "ผลการเบิกจ่ายงบประมาณจำแนกตามประเภทรายจ่าย", "ประเภทรายจ่าย",
		func(d report.DistrictFigures) []report.GroupFigures { return d.ExpenseTypes }, snap.ExpenseTypes)

	// จปฐ
	s = b.addSheet("จปฐ", "ผลการจัดเก็บและบันทึกข้อมูลความจำเป็นพื้นฐาน (จปฐ.)", sub, []column{
		{"รหัสอำเภอ", 10, text}, {"ชื่ออำเภอ", 18, text}, {"ตำบล", 18, text}, {"ครัวเรือนเป้าหมาย", 14, count},
		{"จัดเก็บแล้ว", 12, count}, {"ร้อยละจัดเก็บ", 12, percent}, {"บันทึกแล้ว", 12, count}, {"ร้อยละบันทึก", 12, percent},
		{"ร้อยละที่ควรจัดเก็บได้ ณ วันที่", 14, percent}, {"ร้อยละที่ควรบันทึกได้ ณ วันที่", 14, percent},
		{"กำหนดจัดเก็บแล้วเสร็จ", 14, text}, {"กำหนดบันทึกแล้วเสร็จ", 14, text}, {"สถานะ", 22, text},
	})
	for _, d := range snap.Districts {
		m := d.BMN
		if !d.Verified {
			s.add(true, d.Code, d.Name, "รวมอำเภอ", m.Target, nil, nil, nil, nil, m.ExpectedRate, m.ExpectedRecordedRate,
				thaiISO(m.CollectBy), thaiISO(m.RecordBy), report.StatusThai(m.Status))
			continue
		}
		s.add(true, d.Code, d.Name, "รวมอำเภอ", m.Target, m.Collected, m.CollectedRate, m.Recorded, m.RecordedRate,
			m.ExpectedRate, m.ExpectedRecordedRate, thaiISO(m.CollectBy), thaiISO(m.RecordBy), report.StatusThai(m.Status))
		for _, sd := range m.SubDistricts {
			s.add(false, d.Code, d.Name, sd.Name, sd.Target, sd.Collected, sd.CollectedRate, sd.Recorded, sd.RecordedRate,
				nil, nil, nil, nil, report.StatusThai(sd.Status))
		}
	}
	pm := snap.Province.BMN
	s.add(true, nil, "รวมทั้งจังหวัด", nil, pm.Target, pm.Collected, pm.CollectedRate, pm.Recorded, pm.RecordedRate,
		pm.ExpectedRate, pm.ExpectedRecordedRate, thaiISO(pm.CollectBy), thaiISO(pm.RecordBy), report.StatusThai(pm.Status))

	return b.save(path, "ข้อมูลรวมระดับจังหวัด "+sub)
}

// Notes are the notes (หมายเหตุ) of the accepted submissions' project
// lines: district code → project code → note. They are all the project
// sheet needs of the submissions, so a run can let the submissions go
// before it renders (a national inbox holds over 100,000 lines).
type Notes map[string]map[string]string

// NotesOf collects the non-empty notes of inbox (nil gives none). A
// district's first line of a code wins, as its figures count that line.
func NotesOf(inbox *report.Inbox) Notes {
	notes := Notes{}
	if inbox == nil {
		return notes
	}
	seen := map[string]bool{}
	for district, sub := range inbox.Accepted {
		if sub == nil {
			continue
		}
		clear(seen)
		var m map[string]string
		for _, l := range sub.Lines() {
			if seen[l.Code] {
				continue
			}
			seen[l.Code] = true
			if l.Note == "" {
				continue
			}
			if m == nil {
				m = map[string]string{}
				notes[district] = m
			}
			m[l.Code] = l.Note
		}
	}
	return notes
}

func dataState(d report.DistrictFigures) string {
	if d.Verified {
		return "ผ่านการตรวจสอบ"
	}
	return "ยังไม่ผ่านการตรวจสอบ"
}

// rank leaves the cell empty for an unranked (0) district.
func rank(r int) any {
	if r == 0 {
		return nil
	}
	return r
}

func rate(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return a / b
}
