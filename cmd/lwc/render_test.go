package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lwc/charts"
	"lwc/report/export"
	"lwc/report/reporttest"
)

// render frees the snapshot's projects before the documents render (they
// do not read them, and together with them the bulletin's pages were a
// national run's peak), but only once everything that reads them has:
// the site, the workbooks and, through archived, the snapshot's own
// archived copy.
func TestRenderDropsProjectsAfterReaders(t *testing.T) {
	dir := t.TempDir()
	if _, err := initWorkspace(dir); err != nil {
		t.Fatal(err)
	}
	ws, err := loadWorkspace(dir)
	if err != nil {
		t.Fatal(err)
	}
	snap := reporttest.Snapshot()
	n := len(snap.Projects)
	if n == 0 {
		t.Fatal("the test snapshot has no projects")
	}
	first := snap.Projects[0]
	atArchive := -1
	asOf := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	st, err := render(context.Background(), ws, snap, export.Notes{}, runOptions{AsOf: asOf, Generated: asOf}, func() { atArchive = len(snap.Projects) })
	if err != nil {
		t.Fatal(err)
	}
	if atArchive != n {
		t.Errorf("the archived copy saw %d projects, want %d", atArchive, n)
	}
	if snap.Projects != nil {
		t.Errorf("after render the snapshot still holds %d projects", len(snap.Projects))
	}
	page, err := os.ReadFile(filepath.Join(st.Site, charts.DistrictDir, first.District+".html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), first.Code) {
		t.Errorf("the district page of %s does not list project %s", first.District, first.Code)
	}
	for _, f := range []string{bulletinFile, consolidatedFile, st.Memos[first.District]} {
		if fi, err := os.Stat(filepath.Join(st.Out, f)); err != nil || fi.Size() == 0 {
			t.Errorf("output %q: %v", f, err)
		}
	}
}
