package charts

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"lwc/report/reporttest"
	"lwc/report/settings"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// generated is a fixed generation time: Monday 23 Nov 2026 06:00 in Thailand.
var generated = time.Date(2026, 11, 22, 23, 0, 0, 0, time.UTC)

func testInput(t *testing.T) Input {
	t.Helper()
	return Input{Snapshot: reporttest.Snapshot(), Settings: settings.Default(), Generated: generated,
		ECharts: filepath.Join("testdata", "echarts-stub.js")}
}

func TestBuildWritesEveryPage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	in := testInput(t)
	if err := Build(dir, in); err != nil {
		t.Fatal(err)
	}
	want := []string{"index.html", "budget.html", "bmn.html", "award.html", "quality.html",
		"assets/site.css", "assets/site.js", "assets/echarts.min.js"}
	for _, d := range in.Snapshot.Districts {
		want = append(want, "district/"+d.Code+".html")
	}
	for _, f := range want {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f))); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
	var got int
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			got++
		}
		return err
	})
	if got != len(want) {
		t.Errorf("site has %d files, want %d", got, len(want))
	}
}

// TestGolden compares the pages with testdata/golden; run with -update
// after an intended change and review the diff.
func TestGolden(t *testing.T) {
	goldenPages(t, testInput(t), map[string]string{
		"index.html": "index.html", "budget.html": "budget.html", "bmn.html": "bmn.html",
		"award.html": "award.html", "quality.html": "quality.html",
		"district/5203.html": "district-5203.html", "district/5213.html": "district-5213.html",
	})
	// The hostile snapshot shows how each payload is escaped, in the
	// templates and in the table rows written by rows.go.
	in := testInput(t)
	in.Snapshot = reporttest.Hostile()
	goldenPages(t, in, map[string]string{"index.html": "hostile-index.html", "quality.html": "hostile-quality.html",
		"budget.html": "hostile-budget.html", "bmn.html": "hostile-bmn.html", "award.html": "hostile-award.html",
		"district/5203.html": "hostile-district-5203.html", "district/5213.html": "hostile-district-5213.html"})
}

func goldenPages(t *testing.T, in Input, golden map[string]string) {
	t.Helper()
	files, err := Render(in)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, f := range files {
		name, ok := golden[f.Name]
		if !ok {
			continue
		}
		seen++
		path := filepath.Join("testdata", "golden", name)
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./charts -run TestGolden -update)", err)
		}
		if !bytes.Equal(f.Data, want) {
			t.Errorf("%s differs from %s (%s); if intended, run with -update and review the diff", f.Name, path, firstDiff(f.Data, want))
		}
	}
	if seen != len(golden) {
		t.Errorf("rendered %d of the %d golden pages", seen, len(golden))
	}
}

func firstDiff(a, b []byte) string {
	line := 1
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return fmt.Sprintf("first difference at line %d", line)
		}
		if a[i] == '\n' {
			line++
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(a), len(b))
}

// TestReproducible builds the site twice, each from a freshly made
// snapshot: every file must be byte-identical (no map order, no clock).
func TestReproducible(t *testing.T) {
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for _, dir := range []string{a, b} {
		if err := Build(dir, testInput(t)); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	err := filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		x, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil {
			return err
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds", rel)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 18 {
		t.Errorf("compared only %d files", n)
	}
}

func TestBuildRefusesNonEmptyDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "old.html"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Build(dir, testInput(t)); err == nil {
		t.Fatal("Build wrote into a folder that was not empty")
	}
}

// TestBuildStaysInDir builds into a folder inside an otherwise empty
// parent: nothing may appear beside it.
func TestBuildStaysInDir(t *testing.T) {
	parent := t.TempDir()
	if err := Build(filepath.Join(parent, "site"), testInput(t)); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "site" {
		t.Errorf("Build left %v beside the site folder", entries)
	}
}

func TestBuildWithoutECharts(t *testing.T) {
	in := testInput(t)
	for _, bad := range []string{"", filepath.Join("testdata", "missing.js"), "testdata"} {
		in.ECharts = bad
		dir := filepath.Join(t.TempDir(), "site")
		if err := Build(dir, in); err == nil {
			t.Errorf("ECharts %q: Build made a site without ECharts", bad)
		}
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("ECharts %q: a failed Build left a folder behind", bad)
		}
	}
}
