package sample

import (
	"fmt"
	"time"

	"lwc/report"
)

// contacts is the directory: the provincial director (bulletin and copies of
// escalations), provincial staff, and a head and an officer per district.
// Addresses are example.go.th placeholders.
func contacts(ds []report.District) []report.Contact {
	cs := []report.Contact{
		{Name: "นายสมชาย ใจดี", Position: "พัฒนาการจังหวัดลำปาง", Email: "director.cddlampang@example.go.th", Phone: "054-000-100", Bulletin: true, Copy: true},
		{Name: "นางวราภรณ์ ศรีวงศ์", Position: "หัวหน้ากลุ่มงานยุทธศาสตร์การพัฒนาชุมชน", Email: "strategy.cddlampang@example.go.th", Phone: "054-000-110", Bulletin: true},
		{Name: "นายกิตติ ปัญญาดี", Position: "หัวหน้ากลุ่มงานอำนวยการ", Email: "admin.cddlampang@example.go.th", Phone: "054-000-120", Bulletin: true, Copy: true},
		{Name: "นางสาวปิยะนุช คำปัน", Position: "นักวิชาการพัฒนาชุมชนชำนาญการ (ผู้ดูแลระบบ LWC)", Email: "lwc.cddlampang@example.go.th", Phone: "054-000-111", Bulletin: true, Notices: true, Copy: true},
	}
	for i, d := range ds {
		rng := rngFor(11, "head"+d.Code)
		title, first := "นาย", maleNames[rng.IntN(len(maleNames))]
		if i%3 == 1 {
			title, first = "นาง", femaleNames[rng.IntN(len(femaleNames))]
		}
		cs = append(cs,
			report.Contact{
				District: d.Code, Name: title + first + " " + surnames[rng.IntN(len(surnames))],
				Position: "พัฒนาการอำเภอ" + d.Name, Email: fmt.Sprintf("cdd%s@example.go.th", d.Code),
				Phone: phoneOf(d.Code), Bulletin: true, Notices: true,
			},
			report.Contact{
				District: d.Code, Name: reporterOf(d.Code),
				Position: "นักวิชาการพัฒนาชุมชนปฏิบัติการ", Email: fmt.Sprintf("cdd%s.staff@example.go.th", d.Code),
				Phone: phoneOf(d.Code), Notices: true,
			})
	}
	return cs
}

// calendar is the report calendar of Oct–Dec 2026: four monthly reports for
// every district and one for the three districts with a นวัตวิถี village.
func calendar() []report.ReportDue {
	var c []report.ReportDue
	monthly := []struct {
		prefix, name string
		day          int
	}{
		{"ผด.1", "รายงานผลการดำเนินงานประจำเดือน (ผด.1)", 5},
		{"กข.1", "รายงานผลการดำเนินงานกองทุนหมู่บ้านและกลุ่มออมทรัพย์เพื่อการผลิต", 10},
		{"OTOP", "รายงานยอดจำหน่ายผลิตภัณฑ์ OTOP", 20},
	}
	// The instance of month m (September..November 2569) is due in month m+1.
	for _, m := range []time.Month{time.September, time.October, time.November} {
		for _, r := range monthly {
			c = append(c, report.ReportDue{
				Code: fmt.Sprintf("%s-%02d/69", r.prefix, int(m)),
				Name: fmt.Sprintf("%s เดือน%s 2569", r.name, thaiMonths[m-1]),
				Due:  day(2026, m+1, r.day),
			})
		}
	}
	for i, due := range []time.Time{day(2026, 10, 30), day(2026, 11, 13), day(2026, 11, 27), day(2026, 12, 11)} {
		c = append(c, report.ReportDue{
			Code: fmt.Sprintf("จปฐ.70-%d", i+1),
			Name: fmt.Sprintf("รายงานความก้าวหน้าการจัดเก็บข้อมูล จปฐ. ปี 2570 ครั้งที่ %d", i+1),
			Due:  due,
		})
	}
	for _, d := range []string{"5203", "5208", "5212"} {
		c = append(c, report.ReportDue{
			Code: "นวัตวิถี-11/69", Name: "รายงานผลการขับเคลื่อนหมู่บ้านท่องเที่ยวชุมชน OTOP นวัตวิถี",
			Due: day(2026, 11, 18), District: d,
		})
	}
	return c
}

var thaiMonths = []string{"มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
	"กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"}

var thaiMonthsShort = []string{"ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
	"ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."}

// register is the register of reports received up to (and including) last:
// most on time, some late, a few missing. ห้างฉัตร (5212) is always early and
// wins the month; งาว (5205) and สบปราบ (5211) are late or missing.
func register(cal []report.ReportDue, ds []report.District, last time.Time) []report.Receipt {
	var rs []report.Receipt
	for i, due := range cal {
		for _, d := range ds {
			if due.District != "" && due.District != d.Code {
				continue
			}
			rng := rngFor(13, due.Code+d.Code)
			var off int
			switch d.Code {
			case "5212":
				off = -5
			case "5205":
				off = 1 + rng.IntN(6) // 1..6 days late
				if due.Code == "กข.1-10/69" || due.Code == "OTOP-10/69" {
					continue // never sent
				}
			case "5211":
				off = rng.IntN(3)
				if due.Code == "ผด.1-10/69" || due.Code == "นวัตวิถี-11/69" || due.Code == "จปฐ.70-2" {
					continue
				}
			case "5206":
				off = -1 + rng.IntN(5) // sometimes 1–3 days late
			default:
				off = -4 + rng.IntN(5)
				if rng.IntN(12) == 0 {
					off = 1 + rng.IntN(2)
				}
			}
			got := due.Due.AddDate(0, 0, off)
			if got.After(last) {
				continue
			}
			rs = append(rs, report.Receipt{Report: due.Code, District: d.Code, Received: got})
			// Now and then a report is registered twice (a resent copy):
			// the earliest counts.
			if (i+len(d.Code))%17 == 0 && !got.AddDate(0, 0, 2).After(last) {
				rs = append(rs, report.Receipt{Report: due.Code, District: d.Code, Received: got.AddDate(0, 0, 2)})
			}
		}
	}
	return rs
}
