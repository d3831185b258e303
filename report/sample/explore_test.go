package sample

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"lwc/report"
	"lwc/report/figures"
	"lwc/report/settings"
)

func TestExploreDemo(t *testing.T) {
	if os.Getenv("LWC_EXPLORE") == "" {
		t.Skip()
	}
	dir := t.TempDir()
	rounds, err := Demo(dir)
	if err != nil {
		t.Fatal(err)
	}
	lim := settings.Default().Limits
	plan, iss, err := report.ReadPlan(filepath.Join(dir, "plan.xlsx"), lim)
	fmt.Println("plan", err, len(iss), iss, len(plan.Projects), len(plan.Calendar), len(plan.SubDistricts))
	c, iss, err := report.ReadContacts(filepath.Join(dir, "contacts.xlsx"), lim)
	fmt.Println("contacts", err, len(iss), iss, len(c), c[0])
	r, iss, err := report.ReadRegister(filepath.Join(dir, "reports.xlsx"), lim)
	fmt.Println("register", err, len(iss), len(r))
	var hist []*report.Snapshot
	for _, rd := range rounds {
		var prev *report.Snapshot
		if len(hist) > 0 {
			prev = hist[len(hist)-1]
		}
		in := filepath.Join(dir, "inbox"+rd.AsOf.Format("0102"))
		WriteRound(in, rd)
		ib, err := report.CheckInbox(context.Background(), report.CheckInput{Root: dir, Inbox: in, Plan: plan, Previous: prev, AsOf: rd.AsOf, Limits: lim})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println("=== ", rd.AsOf.Format("2006-01-02"))
		for _, f := range ib.Files {
			fmt.Printf("%-45s %s %-24s %s %s\n", filepath.Base(f.File), f.District, f.State, f.AsOf, f.Reason)
			for _, i := range f.Issues {
				if os.Getenv("LWC_EXPLORE") == "2" {
					fmt.Printf("      %s %s!%s %s: %s\n", i.Severity, i.Sheet, i.Cell, i.Code, i.Message)
				}
			}
		}
		snap := figures.Compute(figures.Input{AsOf: rd.AsOf, Settings: settings.Default(), Plan: plan, Inbox: ib, Register: r, History: hist})
		hist = append(hist, snap)
		fmt.Printf("province %.4f target %.4f %s bmn %.3f/%.3f %s\n", snap.Province.Budget.DisbursementRate, snap.Province.Budget.TargetRate, snap.Province.Budget.Status, snap.Province.BMN.CollectedRate, snap.Province.BMN.ExpectedRate, snap.Province.BMN.Status)
		for _, d := range snap.Districts {
			red := 0
			if d.Budget.Trend != nil {
				red = d.Budget.Trend.RedRuns
			}
			fmt.Printf("  %s %-10s %-6s rate %.4f tgt %.4f red%d | bmn %-6s c %.3f/%.3f r %.3f/%.3f | award %d/%d r%d\n", d.Code, d.Name, d.Budget.Status, d.Budget.DisbursementRate, d.Budget.TargetRate, red, d.BMN.Status, d.BMN.CollectedRate, d.BMN.ExpectedRate, d.BMN.RecordedRate, d.BMN.ExpectedRecordedRate, d.Award.Points, d.Award.MaxPoints, d.Award.Rank)
		}
		for _, wn := range snap.Warnings {
			fmt.Printf("  W %s %s %s %s due %s esc=%v\n", wn.District, wn.Topic, wn.Stage, wn.Subject, wn.Due, wn.Escalated)
		}
		fmt.Println("  winners month", snap.Award.Month.Winners, "prev", snap.Award.Previous.Winners)
	}
}
