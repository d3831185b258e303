// Package pdf writes the province bulletin (จดหมายข่าว) and the district
// notices (บันทึกข้อความ) as PDF with gofpdf, in correct Thai: marks placed
// by presentation-form shaping (package thai), text extractable as written
// (marked content with /ActualText), lines broken between words.
//
// Documents read only the Snapshot and the settings. They are reproducible:
// the same input gives the same bytes (dates from Input.Generated, sorted
// catalogs, no map-order output). Documents may be rendered concurrently:
// they share the fonts prepared once per run (LoadFonts), which no document
// writes to.
package pdf

import (
	"fmt"
	"sort"
	"time"

	"lwc/report"
	"lwc/report/settings"
	"lwc/report/thai"
)

// Input is what a document is made from.
type Input struct {
	Snapshot *report.Snapshot
	Settings settings.Settings
	// Generated is the generation time printed in the bulletin and written
	// as the PDF's creation date: from SOURCE_DATE_EPOCH when set. Zero =
	// the as-of date (so outputs stay reproducible).
	Generated time.Time
	// Fonts from LoadFonts, shared by all documents of a run. Nil = load
	// them from Settings.PDF for this document.
	Fonts *Fonts
}

// prepare checks the input and returns the fonts, the as-of date and the
// generation time to use.
func (in Input) prepare() (*Fonts, time.Time, time.Time, error) {
	if in.Snapshot == nil {
		return nil, time.Time{}, time.Time{}, fmt.Errorf("ไม่มีข้อมูลสรุป (snapshot) สำหรับสร้าง PDF")
	}
	asOf, err := time.Parse("2006-01-02", in.Snapshot.AsOf)
	if err != nil {
		return nil, time.Time{}, time.Time{}, fmt.Errorf("วันที่ของข้อมูล %q ไม่ถูกต้อง: %w", in.Snapshot.AsOf, err)
	}
	fonts := in.Fonts
	if fonts == nil {
		if fonts, err = LoadFonts(in.Settings.PDF); err != nil {
			return nil, time.Time{}, time.Time{}, err
		}
	}
	gen := in.Generated
	if gen.IsZero() {
		gen = asOf
	}
	return fonts, asOf, gen, nil
}

// stageRank orders stages: demand is the most severe.
func stageRank(stage string) int {
	switch stage {
	case report.StageDemand:
		return 3
	case report.StageFollow:
		return 2
	case report.StageWarn:
		return 1
	}
	return 0
}

// MemoDistricts returns the codes of the districts that get a notice: those
// with at least one warning, sorted.
func MemoDistricts(s *report.Snapshot) []string {
	if s == nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, w := range s.Warnings {
		if w.District != "" && !seen[w.District] {
			seen[w.District] = true
			out = append(out, w.District)
		}
	}
	sort.Strings(out)
	return out
}

// districtName returns the district's name from the snapshot.
func districtName(s *report.Snapshot, code string) string {
	for _, d := range s.Districts {
		if d.Code == code {
			return d.Name
		}
	}
	for _, w := range s.Warnings {
		if w.District == code && w.DistrictName != "" {
			return w.DistrictName
		}
	}
	return code
}

// warningTitle says what a warning is about, for people.
func warningTitle(w report.Warning) string {
	name := w.SubjectName
	switch w.Topic {
	case report.TopicBudget:
		if name == "" {
			name = w.Subject
		}
		return report.TopicThai(w.Topic) + " (" + name + ")"
	case report.TopicBMN:
		if name == "" {
			switch w.Subject {
			case report.SubjectCollect:
				name = "การจัดเก็บข้อมูล จปฐ."
			case report.SubjectRecord:
				name = "การบันทึกข้อมูล จปฐ."
			default:
				name = report.TopicThai(w.Topic)
			}
		}
		return name
	case report.TopicReport:
		if w.Subject == report.SubjectWeekly {
			if name == "" {
				name = "รายงานประจำสัปดาห์"
			}
			return name
		}
		if name == "" {
			return "รายงาน " + w.Subject
		}
		return name + " (" + w.Subject + ")"
	}
	if name != "" {
		return name
	}
	return report.TopicThai(w.Topic)
}

// none stands for "no value" in tables. An en dash, not a hyphen: text
// extractors take a hyphen that ends a line for a word split and drop it.
const none = "–"

// beDate formats an ISO date for people (none when there is none).
func (d *doc) beDate(iso string, long bool) string {
	if iso == "" {
		return none
	}
	return d.num(thai.DateISO(iso, long))
}

func (d *doc) number(v float64, decimals int) string { return d.num(thai.Number(v, decimals)) }
func (d *doc) percent(v float64) string              { return d.num(thai.Percent(v, 2)) }
