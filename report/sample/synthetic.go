package sample

import (
	"fmt"
	"path/filepath"
	"runtime"
	"time"

	"golang.org/x/sync/errgroup"

	"lwc/report"
	"lwc/report/forms"
)

// SyntheticRun is the run date the synthetic submissions are for: the
// demo's last round. Their data is as of the Friday before.
func SyntheticRun() time.Time { return day(2026, 11, 23) }

func syntheticData() time.Time { return day(2026, 11, 20) }

// Size of a synthetic district: about 200 rows per submission workbook, the
// size issue 7's baseline measured.
const (
	syntheticProjects = 120
	syntheticTambons  = 15
)

var (
	namePrefix = []string{"นา", "ทุ่ง", "วัง", "บ้าน", "ดอน", "หนอง", "ป่า", "ห้วย", "โนน", "สัน"}
	nameSuffix = []string{"แก้ว", "ทอง", "ใหญ่", "น้อย", "เหนือ", "ใต้", "งาม", "หลวง", "ยาง", "คำ"}
)

// syntheticName is a unique, plausible district or sub-district name.
func syntheticName(i int) string {
	n := namePrefix[i%10] + nameSuffix[(i/10)%10]
	if i >= 100 {
		n += fmt.Sprintf(" %d", i/100+1)
	}
	return n
}

// Synthetic writes plan.xlsx, contacts.xlsx and reports.xlsx of a made-up
// province of n districts (codes 1001, 1002, …; 120 projects and 15
// sub-districts each) into dir, and returns one submission per district as
// of 2026-11-20, for a run on SyntheticRun(). Of every 50 districts, four send a
// messy but readable file (numbers as text, title rows, reordered columns,
// noisy headers, a Buddhist-era date) and two a rejected one (a CSV, a
// truncated workbook). Workbooks are written in parallel; the result is the
// same whatever the number of CPUs.
func Synthetic(dir string, n int, seed int64) ([]File, error) {
	if n < 1 || n > 8999 {
		return nil, fmt.Errorf("จำนวนอำเภอต้องอยู่ระหว่าง 1 ถึง 8999 (ได้ %d)", n)
	}
	w := syntheticWorld(n, seed)
	if err := writeWorkspace(dir, w); err != nil {
		return nil, err
	}
	return w.submissions()
}

func writeWorkspace(dir string, w *world) error {
	if err := forms.WritePlan(filepath.Join(dir, "plan.xlsx"), w.plan); err != nil {
		return err
	}
	if err := forms.WriteContacts(filepath.Join(dir, "contacts.xlsx"), contacts(w.plan.Districts)); err != nil {
		return err
	}
	return forms.WriteRegister(filepath.Join(dir, "reports.xlsx"),
		register(w.plan.Calendar, w.plan.Districts, SyntheticRun()))
}

// SyntheticPlan returns the plan Synthetic writes, without writing anything.
func SyntheticPlan(n int, seed int64) *report.Plan { return syntheticWorld(n, seed).plan }

func syntheticWorld(n int, seed int64) *world {
	ds := make([]districtSpec, n)
	for i := range ds {
		tambons := make([]string, syntheticTambons)
		for j := range tambons {
			tambons[j] = syntheticName(j*7 + i%7)
		}
		code := fmt.Sprintf("%04d", 1001+i)
		rng := rngFor(seed, "size"+code)
		ds[i] = districtSpec{
			code: code, name: syntheticName(i), tambons: tambons,
			households: 8000 + rng.IntN(12000), projects: syntheticProjects,
		}
	}
	w := newWorld(seed, ds)
	for _, c := range calendar() {
		if c.District == "" {
			w.plan.Calendar = append(w.plan.Calendar, c)
		}
	}
	for _, d := range ds {
		rng := rngFor(seed, "profile"+d.code)
		m := -0.08 + 0.14*rng.Float64()
		w.profiles[d.code] = profile{
			rate:    func(_ int, run time.Time) float64 { return max(0.005, overallTarget(run)+m) },
			collect: 0.85 + 0.3*rng.Float64(), record: 0.85 + 0.3*rng.Float64(),
		}
	}
	return w
}

// submissions renders every district's file on all CPUs.
func (w *world) submissions() ([]File, error) {
	ds := w.plan.Districts
	files := make([]File, len(ds))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range ds {
		g.Go(func() error {
			var err error
			if files[i], err = w.syntheticFile(i); err != nil {
				return fmt.Errorf("district %s: %w", ds[i].Code, err)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return files, nil
}

func (w *world) syntheticFile(i int) (File, error) {
	d := w.plan.Districts[i]
	s := w.submission(d.Code, 4, SyntheticRun(), syntheticData())
	name := fmt.Sprintf("%s_%s.xlsx", d.Code, d.Name)
	var data []byte
	var err error
	// Mess by position, so every province of 50 or more districts has the
	// same share: 2% rejected, 8% messy but readable.
	switch i % 50 {
	case 17:
		name = fmt.Sprintf("%s_%s.csv", d.Code, d.Name)
		data = csvOf(s)
	case 42:
		data, err = fastWorkbook(s)
		if err == nil {
			data = data[:len(data)/2]
		}
	case 5, 30:
		data, err = messyWorkbook(s, layout{numbers: numSep, titleRows: 2, totals: totalsValues}, name)
	case 13, 38:
		data, err = messyWorkbook(s, layout{reorder: true, noisyHeaders: true, date: dateSlashBE}, name)
	default:
		data, err = fastWorkbook(s)
	}
	return File{Name: name, Data: data}, err
}

func csvOf(s *report.Submission) []byte {
	b := []byte("รหัสโครงการ,เบิกจ่ายสะสม\r\n")
	for _, p := range s.Projects {
		b = fmt.Appendf(b, "%s,%.2f\r\n", p.Code, p.Disbursed.V)
	}
	return b
}
