package sample

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"lwc/report"
	"lwc/report/settings"
)

func TestSynthetic(t *testing.T) {
	const n = 60
	dir := t.TempDir()
	files, err := Synthetic(dir, n, 7)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != n {
		t.Fatalf("%d files, want %d", len(files), n)
	}
	lim := settings.Default().Limits
	plan, issues, err := report.ReadPlan(filepath.Join(dir, "plan.xlsx"), lim)
	if err != nil || len(issues) > 0 {
		t.Fatalf("ReadPlan: %v %+v", err, issues)
	}
	if len(plan.Districts) != n || plan.NumProjects() != n*syntheticProjects || len(plan.SubDistricts) != n*syntheticTambons {
		t.Fatalf("plan: %d districts, %d projects, %d sub-districts", len(plan.Districts), plan.NumProjects(), len(plan.SubDistricts))
	}
	names := map[string]bool{}
	for _, d := range plan.Districts {
		if names[d.Name] {
			t.Errorf("district name %s twice", d.Name)
		}
		names[d.Name] = true
	}
	if plan.Districts[0].Code != "1001" || plan.Districts[n-1].Code != "1060" {
		t.Errorf("codes %s..%s", plan.Districts[0].Code, plan.Districts[n-1].Code)
	}
	for _, name := range []string{"contacts.xlsx", "reports.xlsx"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}

	inbox := filepath.Join(dir, "inbox")
	if err := WriteRound(inbox, Round{AsOf: SyntheticRun(), Files: files}); err != nil {
		t.Fatal(err)
	}
	ib, err := report.CheckInbox(context.Background(), report.CheckInput{Root: dir, Inbox: inbox, Plan: plan, AsOf: SyntheticRun(), Limits: lim})
	if err != nil {
		t.Fatal(err)
	}
	states := map[report.FileState]int{}
	for _, f := range ib.Files {
		states[f.State]++
		if f.State == report.StateAccepted && len(f.Issues) > 0 {
			t.Errorf("%s: %+v", f.File, f.Issues)
		}
	}
	// With this seed: 2 rejected (a CSV and a truncated workbook) and the
	// rest accepted without a single issue, messy or not.
	if states[report.StateRejected] != 2 || states[report.StateAccepted] != n-2 {
		t.Errorf("states = %v", states)
	}
	// Rows per submission: about 200 (issue 7's baseline size).
	s := ib.Accepted[plan.Districts[0].Code]
	if s == nil || len(s.Lines())+len(s.SubDistricts) < 130 {
		t.Errorf("first district read as %+v", s)
	}

	// Same seed, same bytes (submissions are written in parallel); another
	// seed, other figures.
	for _, tt := range []struct {
		seed int64
		same bool
	}{{7, true}, {8, false}} {
		again, err := syntheticWorld(n, tt.seed).submissions()
		if err != nil {
			t.Fatal(err)
		}
		var same int
		for i := range files {
			if files[i].Name == again[i].Name && bytes.Equal(files[i].Data, again[i].Data) {
				same++
			}
		}
		if tt.same && same != n || !tt.same && same != 0 {
			t.Errorf("seed %d: %d of %d files identical to seed 7's", tt.seed, same, n)
		}
	}
}

func TestSyntheticSize(t *testing.T) {
	for _, n := range []int{0, -1, 9000} {
		if _, err := Synthetic(t.TempDir(), n, 1); err == nil {
			t.Errorf("Synthetic(%d) gave no error", n)
		}
	}
}

// BenchmarkSynthetic measures generating a province of 100 districts (plan,
// directory, register and 100 submissions); scale by 8.78 for the national
// size.
func BenchmarkSynthetic(b *testing.B) {
	for b.Loop() {
		if _, err := Synthetic(b.TempDir(), 100, 1); err != nil {
			b.Fatal(err)
		}
	}
}
