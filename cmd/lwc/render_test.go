package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"lwc/charts"
	"lwc/report"
	"lwc/report/export"
	"lwc/report/reporttest"
)

// A run's snapshot has its projects in a report.ProjectFile, not in
// Projects: the outputs that list them (a district's page, the
// consolidated workbook) read them from there.
func TestRenderReadsProjectFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := initWorkspace(dir); err != nil {
		t.Fatal(err)
	}
	ws, err := loadWorkspace(dir)
	if err != nil {
		t.Fatal(err)
	}
	snap := reporttest.Snapshot()
	pf, err := report.CreateProjectFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	for i := range snap.Projects {
		pf.Add(&snap.Projects[i])
	}
	if err := pf.Finish(); err != nil {
		t.Fatal(err)
	}
	projects := snap.Projects
	snap.Projects, snap.ProjectFile = nil, pf
	if len(projects) == 0 {
		t.Fatal("the test snapshot has no projects")
	}
	asOf := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	st, err := render(context.Background(), ws, snap, export.Notes{}, runOptions{AsOf: asOf, Generated: asOf}, memoryLimit{})
	if err != nil {
		t.Fatal(err)
	}
	first := projects[0]
	page, err := os.ReadFile(filepath.Join(st.Site, charts.DistrictDir, first.District+".html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), first.Name) {
		t.Errorf("the district page of %s does not list project %s %s", first.District, first.Code, first.Name)
	}
	x, err := excelize.OpenFile(filepath.Join(st.Out, consolidatedFile))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("โครงการ")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, r := range rows {
		if len(r) > 2 {
			listed[r[0]+"/"+r[2]] = true
		}
	}
	for _, p := range projects {
		if !listed[p.District+"/"+p.Code] {
			t.Errorf("the consolidated workbook lacks project %s of %s", p.Code, p.District)
		}
	}
}
