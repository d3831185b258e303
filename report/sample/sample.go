// Package sample makes sample workspaces: the demo province (Lampang, FY 2570,
// five weekly rounds of district submissions, many of them messy) and a
// synthetic province of any size for benchmarks.
//
// Everything is deterministic: the same call writes the same bytes.
//
// The demo's story (runs on Mondays 26 Oct – 23 Nov 2026, data as of the
// Friday before; FY 2570 overall Q1 target 30%, linear):
//
//   - งาว (5205) falls behind: yellow on 26 Oct, red from 2 Nov on, so its
//     third red run (16 Nov) escalates; its BMN is red and it sends reports
//     late or never.
//   - แม่พริก (5209) stays 2.5 points below target: yellow every week.
//   - แจ้ห่ม (5206) is slightly behind on BMN collection (yellow).
//   - ห้างฉัตร (5212) sends every report early and wins the Report Award.
//   - สบปราบ (5211) sends nothing on 9 Nov and a corrupt file on 23 Nov.
//   - Rejected files: a CSV (26 Oct), an .xls (9 Nov), a password-protected
//     workbook (16 Nov), a truncated zip and a PDF (23 Nov).
//   - Superseded: เถิน on 16 Nov and เกาะคา on 23 Nov send two files each.
//   - Every other file is clean (a filled `lwc template`) or messy in one of
//     the ways of SPEC §3.5, some with a verification issue of §3.6; see
//     demoRound and the tests for the file-by-file list.
package sample

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"time"

	"lwc/report"
	"lwc/report/forms"
)

// File is one file a district drops into the inbox.
type File struct {
	Name string // file name in the inbox, no folder
	Data []byte
}

// Round is one weekly run: its as-of date (a Monday) and the complete inbox
// content for it (only that week's files).
type Round struct {
	AsOf  time.Time
	Files []File
}

// Demo run dates (Mondays) and the Friday each round's data is as of.
var (
	demoRuns = []time.Time{day(2026, 10, 26), day(2026, 11, 2), day(2026, 11, 9), day(2026, 11, 16), day(2026, 11, 23)}
	demoData = []time.Time{day(2026, 10, 23), day(2026, 10, 30), day(2026, 11, 6), day(2026, 11, 13), day(2026, 11, 20)}
)

// demoSeed fixes every random choice of the demo.
const demoSeed = 2570

// Demo writes plan.xlsx, contacts.xlsx and reports.xlsx of the Lampang demo
// into dir and returns its weekly rounds, oldest first. The register holds
// receipts up to the last round's date; a run for an earlier date must
// ignore receipts after it.
func Demo(dir string) ([]Round, error) {
	w := demoWorld()
	if err := forms.WritePlan(filepath.Join(dir, "plan.xlsx"), w.plan); err != nil {
		return nil, err
	}
	if err := forms.WriteContacts(filepath.Join(dir, "contacts.xlsx"), contacts(w.plan.Districts)); err != nil {
		return nil, err
	}
	if err := forms.WriteRegister(filepath.Join(dir, "reports.xlsx"),
		register(w.plan.Calendar, w.plan.Districts, demoRuns[len(demoRuns)-1])); err != nil {
		return nil, err
	}
	var rounds []Round
	for i := range demoRuns {
		files, err := w.round(i)
		if err != nil {
			return nil, fmt.Errorf("รอบ %s: %w", demoRuns[i].Format("2006-01-02"), err)
		}
		rounds = append(rounds, Round{AsOf: demoRuns[i], Files: files})
	}
	return rounds, nil
}

// DemoPlan returns the demo's plan, as Demo writes it to plan.xlsx.
func DemoPlan() *report.Plan { return demoWorld().plan }

// WriteRound writes a round's files into dir (e.g. the workspace inbox).
func WriteRound(dir string, r Round) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("สร้างโฟลเดอร์ %s: %w", dir, err)
	}
	for _, f := range r.Files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			return fmt.Errorf("เขียน %s: %w", f.Name, err)
		}
	}
	return nil
}

// Margins of each green district above the overall target, in rate.
var demoMargins = map[string]float64{
	"5201": 0.040, "5202": 0.030, "5203": 0.055, "5204": 0.045, "5206": 0.020, "5207": 0.060,
	"5208": 0.035, "5210": 0.050, "5211": 0.025, "5212": 0.070, "5213": 0.040,
}

func demoWorld() *world {
	var ds []districtSpec
	for _, d := range lampang {
		ds = append(ds, districtSpec{code: d.code, name: d.name, households: d.households, tambons: d.tambons})
	}
	w := newWorld(demoSeed, ds)
	w.plan.Calendar = calendar()
	for _, d := range lampang {
		rng := rngFor(demoSeed, "bmn"+d.code)
		pr := profile{collect: 1.03 + 0.09*rng.Float64(), record: 1.03 + 0.09*rng.Float64()}
		switch d.code {
		case "5205":
			// งาว falls behind: yellow in the first round, red from the
			// second on, so the third red run escalates.
			rates := []float64{0.050, 0.052, 0.056, 0.060, 0.065}
			pr.rate = func(i int, _ time.Time) float64 { return rates[i] }
			pr.collect, pr.record = 0.86, 0.85
		case "5209":
			// แม่พริก stays slightly behind: yellow every week.
			pr.rate = func(_ int, run time.Time) float64 { return overallTarget(run) - 0.025 }
		default:
			m := demoMargins[d.code]
			pr.rate = func(_ int, run time.Time) float64 { return overallTarget(run) + m }
		}
		if d.code == "5206" {
			pr.collect, pr.record = 0.95, 0.96 // BMN slightly behind
		}
		w.profiles[d.code] = pr
	}
	return w
}

// fileSpec is one inbox file of a round.
type fileSpec struct {
	district string
	name     string
	asOf     time.Time // zero = the round's data date
	messy    *layout   // nil = the clean template
	// mutate introduces a mistake; prev is the district's previous round.
	mutate func(s, prev *report.Submission)
	// raw files are not workbooks written from a submission.
	raw func(w *world) ([]byte, error)
}

func (w *world) round(i int) ([]File, error) {
	var files []File
	for _, fs := range demoRound(i) {
		var data []byte
		var err error
		if fs.raw != nil {
			data, err = fs.raw(w)
		} else {
			asOf := fs.asOf
			if asOf.IsZero() {
				asOf = demoData[i]
			}
			s := w.submission(fs.district, i, demoRuns[i], asOf)
			if fs.mutate != nil {
				var prev *report.Submission
				if i > 0 {
					prev = w.submission(fs.district, i-1, demoRuns[i-1], demoData[i-1])
				}
				fs.mutate(s, prev)
			}
			if fs.messy != nil {
				data, err = messyWorkbook(s, *fs.messy, fs.name)
			} else {
				data, err = cleanWorkbook(w.plan, s, fs.name)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", fs.name, err)
		}
		files = append(files, File{Name: fs.name, Data: data})
	}
	return files, nil
}

// Mistakes districts make (SPEC §3.6). Each picks its project or
// sub-district deterministically.

// smallest returns the index of the project with the smallest allocation.
func smallest(s *report.Submission) int {
	k := 0
	for i, p := range s.Projects {
		if p.Allocated.V < s.Projects[k].Allocated.V {
			k = i
		}
	}
	return k
}

// overAllocation: committed + disbursed above the allocation.
func overAllocation(s, _ *report.Submission) {
	k := smallest(s)
	p := &s.Projects[k]
	p.Committed = ok(math.Round((p.Allocated.V*1.1-p.Disbursed.V)*100) / 100)
	p.Note = "รวมใบสั่งซื้อเพิ่มเติม"
}

// negativeDisbursed: a refund typed as a negative cumulative amount.
func negativeDisbursed(s, _ *report.Submission) {
	p := &s.Projects[smallest(s)]
	p.Disbursed = ok(-1234)
	p.Note = "คืนเงิน"
}

// negativeCommitted: a cancelled order typed as a negative commitment.
func negativeCommitted(s, _ *report.Submission) {
	p := &s.Projects[smallest(s)]
	p.Committed = ok(-5000)
}

// lowerThanLastWeek: a cumulative amount below the previous week's.
func lowerThanLastWeek(s, prev *report.Submission) {
	k := len(s.Projects) / 2
	s.Projects[k].Disbursed = ok(math.Round(prev.Projects[k].Disbursed.V*0.7*100) / 100)
}

// recordedAboveCollected: recorded more households than collected.
func recordedAboveCollected(s, _ *report.Submission) {
	l := &s.SubDistricts[0]
	l.Recorded = ok(l.Collected.V + 35)
}

// collectedAboveTarget: more households collected than the target.
func collectedAboveTarget(s, _ *report.Submission) {
	l := &s.SubDistricts[len(s.SubDistricts)-1]
	l.Collected = ok(l.Target.V + 12)
}

// allocationDiffers: a district retyped an allocation wrongly.
func allocationDiffers(s, _ *report.Submission) {
	s.Projects[0].Allocated = ok(s.Projects[0].Allocated.V + 5000)
}

// unknownAndMissing: one project code mistyped (unknown to the plan), one
// project row deleted.
func unknownAndMissing(s, _ *report.Submission) {
	s.Projects[1].Code = s.District + "-099"
	s.Projects = s.Projects[:len(s.Projects)-1]
}

func both(a, b func(s, prev *report.Submission)) func(s, prev *report.Submission) {
	return func(s, prev *report.Submission) { a(s, prev); b(s, prev) }
}

// demoRound lists the inbox files of round i; TestDemo states what LWC's
// reader makes of each.
func demoRound(i int) []fileSpec {
	switch i {
	case 0: // run 26 Oct 2026, data as of Fri 23 Oct
		return []fileSpec{
			{district: "5201", name: "5201_เมืองลำปาง.xlsx"},
			{district: "5202", name: "แบบรายงาน แม่เมาะ 23ตค69.xlsx", messy: &layout{titleRows: 2, totals: totalsValues}},
			{district: "5203", name: "เกาะคา_ผลเบิกจ่าย.xlsx", messy: &layout{reorder: true, extraCols: true, date: dateSlashCE}, mutate: allocationDiffers},
			{district: "5204", name: "เสริมงาม.xlsx", messy: &layout{noisyHeaders: true, date: dateSlashBE}},
			{district: "5205", name: "5205_งาว.xlsx"},
			{district: "5206", name: "รายงานแจ้ห่ม 26-10-69.xlsx", asOf: day(2026, 10, 26), messy: &layout{sheetSpaces: true, numbers: numSep, date: dateISO}},
			{district: "5207", name: "วังเหนือ ส่ง สนง.จังหวัด.xlsx", messy: &layout{numbers: numThai, date: dateThaiLong}},
			{district: "5208", name: "เถิน.xlsx", messy: &layout{numbers: numBaht, date: dateSerialBE}},
			{district: "5209", name: "Copy of แบบรายงาน (2).xlsx"},
			{district: "5210", name: "แม่ทะ_รายงาน.xlsm", messy: &layout{totals: totalsCached, date: dateThaiShort}},
			{district: "5211", name: "5211.xlsx"},
			{district: "5212", name: "รายงานประจำสัปดาห์ ห้างฉัตร.xlsx", messy: &layout{titleRows: 1, blankRows: true, hiddenRow: true, totals: totalsUncached}},
			{name: "เมืองปาน.csv", raw: csvFile("5213")},
		}
	case 1: // run 2 Nov, data as of Fri 30 Oct
		return []fileSpec{
			{district: "5201", name: "5201 เมืองลำปาง 30 ต.ค..xlsx", messy: &layout{numbers: numSpaced, date: dateISO}},
			{district: "5202", name: "5202_แม่เมาะ.xlsx"},
			{district: "5203", name: "5203_เกาะคา.xlsx"},
			{district: "5204", name: "เสริมงาม_301069.xlsx", messy: &layout{numbers: numMixed, date: dateThaiShort, extraSheet: true}},
			{district: "5205", name: "ส่งจังหวัด งาว 30ตค69.xlsx", messy: &layout{titleRows: 2, reorder: true}},
			{district: "5206", name: "แจ้ห่ม.xlsx", messy: &layout{formulas: cFormulaVal, totals: totalsCached}},
			{district: "5207", name: "5207_วังเหนือ.xlsx"},
			{district: "5208", name: "เถิน 30-10-69.xlsx", messy: &layout{dashZero: true, emptyCommit: true}},
			{district: "5209", name: "Copy of แบบรายงาน (2).xlsx"},
			{district: "5210", name: "แม่ทะ.xlsx", messy: &layout{errorCell: true, totals: totalsValues}},
			{district: "5211", name: "5211.xlsx"},
			{district: "5212", name: "ห้างฉัตร 30 ต.ค. 69.xlsx", messy: &layout{totals: totalsWrong}},
			{district: "5213", name: "5213 เมืองปาน (แก้ไข).xlsx"},
		}
	case 2: // run 9 Nov, data as of Fri 6 Nov; สบปราบ sends nothing
		return []fileSpec{
			{district: "5201", name: "5201_เมืองลำปาง.xlsx", mutate: overAllocation},
			{district: "5202", name: "แม่เมาะ 6 พ.ย..xlsx", mutate: recordedAboveCollected},
			{district: "5203", name: "เกาะคา.xlsx", messy: &layout{formulas: cFormula, totals: totalsUncached}},
			{district: "5204", name: "เสริมงาม.xlsx", messy: &layout{numbers: numSep}, mutate: negativeDisbursed},
			{district: "5205", name: "5205_งาว.xlsx"},
			{name: "แจ้ห่ม.xls", raw: func(*world) ([]byte, error) { return legacyXLS(), nil }},
			{district: "5207", name: "วังเหนือ.xlsx", messy: &layout{titleRows: 3, hiddenRow: true, blankRows: true, totals: totalsCached}},
			{district: "5208", name: "5208_เถิน.xlsx"},
			{district: "5209", name: "Copy of แบบรายงาน (2).xlsx"},
			{district: "5210", name: "แม่ทะ_รายงาน.xlsm", messy: &layout{extraCols: true, totals: totalsCached}},
			{district: "5212", name: "ห้างฉัตร.xlsx", messy: &layout{}, mutate: unknownAndMissing},
			{district: "5213", name: "5213 เมืองปาน.xlsx"},
		}
	case 3: // run 16 Nov, data as of Fri 13 Nov
		return []fileSpec{
			{district: "5201", name: "5201.xlsx", messy: &layout{titleRows: 7, totals: totalsValues}},
			{district: "5202", name: "5202_แม่เมาะ.xlsx", mutate: collectedAboveTarget},
			{district: "5203", name: "5203_เกาะคา.xlsx"},
			{district: "5204", name: "เสริมงาม 13พย69.xlsx", mutate: lowerThanLastWeek},
			{district: "5205", name: "5205_งาว.xlsx"},
			{district: "5206", name: "แจ้ห่ม.xlsx"},
			{district: "5207", name: "5207_วังเหนือ.xlsx"},
			{district: "5208", name: "เถิน.xlsx", asOf: day(2026, 11, 12)},
			{district: "5208", name: "เถิน (ฉบับแก้ไข).xlsx", messy: &layout{date: dateSlashBE}},
			{district: "5209", name: "Copy of แบบรายงาน (2).xlsx"},
			{district: "5210", name: "แม่ทะ_รายงาน.xlsm"},
			{district: "5211", name: "สบปราบ 13-11-69.xlsx"},
			{district: "5212", name: "5212_ห้างฉัตร.xlsx"},
			{name: "เมืองปาน_มีรหัสผ่าน.xlsx", raw: func(*world) ([]byte, error) { return encryptedXLSX(), nil }},
		}
	case 4: // run 23 Nov, data as of Fri 20 Nov
		return []fileSpec{
			{district: "5201", name: "5201_เมืองลำปาง.xlsx"},
			{district: "5202", name: "5202_แม่เมาะ.xlsx"},
			{district: "5203", name: "5203_เกาะคา.xlsx", asOf: day(2026, 11, 19)},
			{district: "5203", name: "ส่งจังหวัด เกาะคา 20พย69.xlsx", messy: &layout{date: dateSlashBE, titleRows: 1}},
			{district: "5204", name: "เสริมงาม.xlsx", messy: &layout{date: dateThaiShort, numbers: numThai}},
			{district: "5205", name: "5205_งาว.xlsx"},
			{district: "5206", name: "แจ้ห่ม.xlsx"},
			{district: "5207", name: "วังเหนือ.xlsx", mutate: lowerThanLastWeek},
			{district: "5208", name: "เถิน.xlsx", messy: &layout{nameMismatch: "แม่พริก"}},
			{district: "5209", name: "Copy of แบบรายงาน (2).xlsx"},
			{district: "5210", name: "แม่ทะ_รายงาน.xlsm", mutate: both(recordedAboveCollected, negativeCommitted)},
			{name: "สบปราบ.xlsx", raw: truncated("5211")},
			{district: "5212", name: "5212_ห้างฉัตร.xlsx"},
			{district: "5213", name: "เมืองปาน 20 พ.ย. 2569.xlsx", messy: &layout{date: dateThaiLong}, mutate: overAllocation},
			{name: "หนังสือนำส่ง.pdf", raw: func(*world) ([]byte, error) { return fakePDF(), nil }},
		}
	}
	return nil
}

// csvFile is a district's data saved as CSV (rejected: not a workbook).
func csvFile(district string) func(w *world) ([]byte, error) {
	return func(w *world) ([]byte, error) {
		s := w.submission(district, 0, demoRuns[0], demoData[0])
		var b []byte
		b = append(b, 0xEF, 0xBB, 0xBF)
		b = append(b, "รหัสโครงการ,ชื่อโครงการ,กลุ่มงาน,งบที่ได้รับจัดสรร,ก่อหนี้ผูกพัน,เบิกจ่ายสะสม,หมายเหตุ\r\n"...)
		for _, p := range s.Projects {
			b = fmt.Appendf(b, "%s,\"%s\",%s,%.2f,%.2f,%.2f,\r\n", p.Code, p.Name, p.WorkGroup, p.Allocated.V, p.Committed.V, p.Disbursed.V)
		}
		return b, nil
	}
}

// truncated is a district's workbook cut short in transfer (a corrupt zip).
func truncated(district string) func(w *world) ([]byte, error) {
	return func(w *world) ([]byte, error) {
		s := w.submission(district, 4, demoRuns[4], demoData[4])
		b, err := cleanWorkbook(w.plan, s, "x.xlsx")
		if err != nil {
			return nil, err
		}
		return b[:len(b)*3/5], nil
	}
}

// fakePDF is a cover letter someone dropped into the inbox.
func fakePDF() []byte {
	return []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
}
