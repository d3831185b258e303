package forms

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"

	"lwc/report"
	"lwc/report/settings"
)

// TestTemplateReadBack fills every unlocked cell of a generated template the
// way a district would and reads it back with LWC's own reader: zero issues,
// and every value as typed. The totals rows keep their SUM formulas without
// cached values (excelize writes none), so the reader's calculation is
// exercised too.
func TestTemplateReadBack(t *testing.T) {
	p := testPlan()
	tests := []struct {
		district string
		sub      *report.Submission
	}{
		{"5201", &report.Submission{
			AsOf: date(2026, 11, 20), Reporter: "นางสาวพร ดีงาม", Phone: "054-000-101",
			Projects: []report.ProjectLine{
				{Code: "5201-01", Committed: report.Value{V: 5000, OK: true}, Disbursed: report.Value{V: 40250.75, OK: true}, Note: "จัดอบรมแล้ว 2 รุ่น"},
				{Code: "5201-02", Committed: report.Value{V: 45000, OK: true}, Disbursed: report.Value{V: 0, OK: true}},
			},
			SubDistricts: []report.SubDistrictLine{
				{Name: "เวียงเหนือ", Collected: report.Value{V: 80, OK: true}, Recorded: report.Value{V: 60, OK: true}},
				{Name: "หัวเวียง", Collected: report.Value{V: 120, OK: true}, Recorded: report.Value{V: 119, OK: true}, Note: "ครบตามแผน"},
			},
		}},
		// 5202 has no sub-districts in the plan: one whole-district row.
		{"5202", &report.Submission{
			AsOf: date(2026, 11, 19), Reporter: "นายวิชัย บุญมา", Phone: "081-000-0000",
			Projects:     []report.ProjectLine{{Code: "5202-01", Committed: report.Value{V: 0, OK: true}, Disbursed: report.Value{V: 12000, OK: true}}},
			SubDistricts: []report.SubDistrictLine{{Name: WholeDistrict, Collected: report.Value{V: 45, OK: true}, Recorded: report.Value{V: 30, OK: true}}},
		}},
	}
	dir := t.TempDir()
	inbox := filepath.Join(dir, "inbox")
	if err := os.Mkdir(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	lim := settings.Default().Limits
	for _, tt := range tests {
		t.Run(tt.district, func(t *testing.T) {
			f, err := TemplateFile(p, tt.district)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := Fill(f, tt.sub); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(inbox, tt.district+".xlsx")
			if err := save(f, path); err != nil {
				t.Fatal(err)
			}
			got, issues, err := report.ReadSubmission(path, lim)
			if err != nil {
				t.Fatalf("ReadSubmission: %v", err)
			}
			for _, is := range issues {
				t.Errorf("issue %s %s!%s %s: %s", is.Severity, is.Sheet, is.Cell, is.Code, is.Message)
			}
			d, _ := p.District(tt.district)
			if got.District != tt.district || got.DistrictName != d.Name || !got.AsOf.Equal(tt.sub.AsOf) ||
				got.Reporter != tt.sub.Reporter || got.Phone != tt.sub.Phone {
				t.Errorf("info = %s %s %v %q %q", got.District, got.DistrictName, got.AsOf, got.Reporter, got.Phone)
			}
			if len(got.Projects) != len(tt.sub.Projects) {
				t.Fatalf("%d projects read, want %d", len(got.Projects), len(tt.sub.Projects))
			}
			for i, want := range tt.sub.Projects {
				g := got.Projects[i]
				if g.Code != want.Code || g.Committed != want.Committed || g.Disbursed != want.Disbursed || g.Note != want.Note {
					t.Errorf("project %d = %+v, want %+v", i, g, want)
				}
				for _, pr := range p.Projects {
					if pr.Code == g.Code && (!g.Allocated.OK || math.Abs(g.Allocated.V-pr.Allocated) > 1e-9) {
						t.Errorf("project %s allocation read %+v, plan %v", g.Code, g.Allocated, pr.Allocated)
					}
				}
			}
			if len(got.SubDistricts) != len(tt.sub.SubDistricts) {
				t.Fatalf("%d sub-districts read, want %d", len(got.SubDistricts), len(tt.sub.SubDistricts))
			}
			for i, want := range tt.sub.SubDistricts {
				g := got.SubDistricts[i]
				if g.Name != want.Name || g.Collected != want.Collected || g.Recorded != want.Recorded || g.Note != want.Note || !g.Target.OK {
					t.Errorf("sub-district %d = %+v, want %+v", i, g, want)
				}
			}
		})
	}
	// Checked against the plan too, both files are accepted without issues.
	ib, err := report.CheckInbox(context.Background(), report.CheckInput{
		Root: dir, Inbox: inbox, Plan: p, AsOf: date(2026, 11, 23), Limits: lim,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ib.Files) != len(tests) {
		t.Fatalf("%d inbox files checked, want %d", len(ib.Files), len(tests))
	}
	for _, fr := range ib.Files {
		if fr.State != report.StateAccepted || len(fr.Issues) > 0 {
			t.Errorf("%s: %s %+v", fr.File, fr.State, fr.Issues)
		}
	}
}
