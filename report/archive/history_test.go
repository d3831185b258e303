package archive

import (
	"reflect"
	"slices"
	"testing"

	"lwc/report"
	"lwc/report/figures"
	"lwc/report/sample"
)

// TestHistoryKeepsEachPointOnce: History keeps a history point only in the
// newest run read that has its date, and the figures computed from it are
// those computed from the runs as archived. Six weeks are archived, the
// sixth without the second's point (as if a run had lost it: it then lives
// only in the runs before the sixth), and the last three are read.
func TestHistoryKeepsEachPointOnce(t *testing.T) {
	syn := readSynthetic(t, 13)
	root := t.TempDir()
	second := figures.ISO(sample.SyntheticRun().AddDate(0, 0, -7*5))
	var archived []*report.PastRun
	for w := 6; w >= 1; w-- {
		in := syn.figures
		in.AsOf = sample.SyntheticRun().AddDate(0, 0, -7*w)
		in.History = archived
		snap := figures.Compute(in)
		if w == 1 {
			snap.History = slices.DeleteFunc(snap.History, func(p report.HistoryPoint) bool { return p.AsOf == second })
		}
		archiveSnapshot(t, root, in.AsOf, snap)
		archived = append(archived, report.PastOf(snap))
	}
	read, err := History(root, sample.SyntheticRun(), 3)
	if err != nil || len(read) != 3 {
		t.Fatalf("History = %d runs, %v", len(read), err)
	}
	seen := map[string]string{}
	for _, r := range read {
		for _, p := range r.History {
			if at, dup := seen[p.AsOf]; dup {
				t.Errorf("point %s kept in the runs of %s and %s", p.AsOf, at, r.AsOf)
			}
			seen[p.AsOf] = r.AsOf
		}
	}
	if at := seen[second]; at != read[1].AsOf {
		t.Errorf("the point of %s (missing from the newest run) kept in the run of %q, want %s", second, at, read[1].AsOf)
	}
	if len(seen) != 6 {
		t.Errorf("%d dates kept, want 6: %v", len(seen), seen)
	}

	in := syn.figures
	in.History = read
	got := figures.Compute(in)
	in.History = archived[3:]
	want := figures.Compute(in)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("figures from History differ from those of the archived runs:\n%+v\n%+v", got.History, want.History)
	}
	if len(got.History) != 7 {
		t.Errorf("%d history points, want 7", len(got.History))
	}
}
