package archive

import (
	"context"
	"reflect"
	"testing"

	"lwc/report"
	"lwc/report/figures"
	"lwc/report/sample"
)

// A run that reads earlier weeks from trend.json and disbursed.json
// computes and checks exactly what it would from the whole snapshots: the
// digests hold all that figures.Compute reads of History and all that
// verification reads of Previous.
func TestDigestServesFiguresAndChecks(t *testing.T) {
	syn := readSynthetic(t, 13)
	root := t.TempDir()
	var (
		full []*report.PastRun // each week as computed, whole
		last *report.Snapshot
	)
	for w := 4; w >= 1; w-- {
		in := syn.figures
		in.AsOf = sample.SyntheticRun().AddDate(0, 0, -7*w)
		in.History = full
		snap := figures.Compute(in)
		// Red weeks, for the escalations that count them: the budget of
		// half the districts, and every expense type.
		for i := range snap.Districts {
			d := &snap.Districts[i]
			if i%2 == 0 && d.Verified {
				d.Budget.Status = report.StatusRed
			}
			for j := range d.ExpenseTypes {
				d.ExpenseTypes[j].Status = report.StatusRed
			}
		}
		if w == 1 {
			// What the districts reported last week is more than they
			// report now, and newer: the checks must notice.
			for i := range snap.Projects {
				if snap.Projects[i].Reported && i%3 == 0 {
					snap.Projects[i].Disbursed += 1000
				}
			}
			for i := range snap.Districts {
				if snap.Districts[i].DataAsOf != "" && i%2 == 0 {
					snap.Districts[i].DataAsOf = "2026-11-22"
				}
			}
		}
		archiveSnapshot(t, root, in.AsOf, snap)
		full, last = append(full, report.PastOf(snap)), snap
	}
	// All the weeks, and the newest only (whose carried history points and
	// red-run counts then stand for the weeks before it).
	for _, n := range []int{8, 1} {
		history, err := History(root, sample.SyntheticRun(), n)
		if err != nil || len(history) != min(n, len(full)) {
			t.Fatalf("History(%d): %d, %v", n, len(history), err)
		}
		withFull, withDigest := syn.figures, syn.figures
		withFull.History, withDigest.History = full[len(full)-len(history):], history
		a, b := figures.Compute(withFull), figures.Compute(withDigest)
		ja, _ := Marshal(a)
		jb, _ := Marshal(b)
		if string(ja) != string(jb) {
			t.Errorf("History(%d): figures from the digests differ from figures from the whole snapshots", n)
		}
		trended, escalated := 0, 0
		for _, d := range a.Districts {
			if d.Budget.Trend != nil && d.Budget.Trend.Previous != nil {
				trended++
			}
		}
		for _, w := range a.Warnings {
			if w.Stage == report.StageDemand {
				escalated++
			}
		}
		if trended == 0 || escalated == 0 || len(a.History) != len(full)+1 {
			t.Fatalf("History(%d): the earlier weeks were not used: %d districts with a previous rate, %d escalations, %d history points", n, trended, escalated, len(a.History))
		}
	}
	prev, err := Latest(root, sample.SyntheticRun())
	if err != nil || prev == nil {
		t.Fatalf("Latest: %v, %v", prev, err)
	}

	checkFull, checkDigest := syn.check, syn.check
	if checkFull.Previous, err = report.PreviousOf(last); err != nil {
		t.Fatal(err)
	}
	checkDigest.Previous = prev
	ia, err := report.CheckInbox(context.Background(), checkFull)
	if err != nil {
		t.Fatal(err)
	}
	ib, err := report.CheckInbox(context.Background(), checkDigest)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ia.Files, ib.Files) {
		t.Error("checks against the digest differ from checks against the whole snapshot")
	}
	found := map[string]bool{}
	for _, f := range ia.Files {
		for _, is := range f.Issues {
			found[is.Code] = true
		}
	}
	if !found[report.CodeDisbursedDecreased] || !found[report.CodeAsOfStale] {
		t.Errorf("the previous week was not checked against: issues %v", found)
	}
}
