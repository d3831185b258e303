package archive

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"lwc/report"
	"lwc/report/reporttest"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// inputs lists workspace files, given relative to the workspace folder,
// to keep their relative paths under inputs/.
func inputs(workspace string, rels ...string) []File {
	files := make([]File, len(rels))
	for i, rel := range rels {
		files[i] = File{Src: filepath.Join(workspace, filepath.FromSlash(rel)), Rel: rel}
	}
	return files
}

// commit archives one date with a plan file saying text.
func commit(t *testing.T, root, date, text string) {
	t.Helper()
	ws := t.TempDir()
	write(t, filepath.Join(ws, "plan.xlsx"), text)
	write(t, filepath.Join(ws, "inbox", "sub", "5201.xlsx"), "district "+text)
	r, err := Begin(root, day(date))
	if err != nil {
		t.Fatal(err)
	}
	if err := errors.Join(r.CopyInputFiles(inputs(ws, "plan.xlsx", "inbox/sub/5201.xlsx"))...); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteSnapshot(&report.Snapshot{AsOf: date, FiscalYear: 2570, OfficeName: text}); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteOutput("summary.txt", []byte("สรุป "+text)); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteLog([]byte("log " + text)); err != nil {
		t.Fatal(err)
	}
	if err := r.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestCommitLayoutAndManifest(t *testing.T) {
	root := filepath.Join(t.TempDir(), "archive")
	commit(t, root, "2026-11-20", "v1")
	dir := filepath.Join(root, "2026-11-20")
	if got := read(t, filepath.Join(dir, "inputs", "inbox", "sub", "5201.xlsx")); got != "district v1" {
		t.Errorf("inbox copy = %q", got)
	}
	m, err := ReadManifest(root, day("2026-11-20"))
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range m.Files {
		paths = append(paths, f.Path)
	}
	want := []string{"disbursed.json", "inputs/inbox/sub/5201.xlsx", "inputs/plan.xlsx", "outputs/summary.txt", "run.log", "snapshot.json", "trend.json"}
	if !reflect.DeepEqual(paths, want) {
		t.Errorf("manifest paths = %v, want %v", paths, want)
	}
	sum := sha256.Sum256([]byte("v1"))
	if m.Files[2].SHA256 != hex.EncodeToString(sum[:]) || m.Files[2].Size != 2 {
		t.Errorf("plan entry = %+v", m.Files[2])
	}
	if err := Verify(root, day("2026-11-20")); err != nil {
		t.Errorf("Verify: %v", err)
	}
	write(t, filepath.Join(dir, "run.log"), "tampered")
	if err := Verify(root, day("2026-11-20")); err == nil {
		t.Error("Verify accepted a changed file")
	}
	if ents, _ := os.ReadDir(root); len(ents) != 1 {
		t.Errorf("archive root holds %d entries, want only the date folder", len(ents))
	}
}

func TestBeginWithoutCommitKeepsPrevious(t *testing.T) {
	root := t.TempDir()
	commit(t, root, "2026-11-20", "v1")
	plan := filepath.Join(root, "2026-11-20", "inputs", "plan.xlsx")

	// A run that is killed (never commits) leaves the previous archive as is.
	r, err := Begin(root, day("2026-11-20"))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.WriteOutput("summary.txt", []byte("v2")); err != nil {
		t.Fatal(err)
	}
	if got := read(t, plan); got != "v1" {
		t.Fatalf("during an uncommitted run plan = %q, want v1", got)
	}
	// The next run cleans the leftover staging folder.
	r2, err := Begin(root, day("2026-11-27"))
	if err != nil {
		t.Fatal(err)
	}
	r2.Abort()
	if _, err := os.Stat(r.Dir()); !os.IsNotExist(err) {
		t.Errorf("staging folder of the killed run still there: %v", err)
	}
	if _, err := os.Stat(r2.Dir()); !os.IsNotExist(err) {
		t.Errorf("Abort left its staging folder: %v", err)
	}
	if got := read(t, plan); got != "v1" {
		t.Errorf("after abort plan = %q, want v1", got)
	}

	// A rerun that commits replaces the date's archive wholly.
	commit(t, root, "2026-11-20", "v2")
	if got := read(t, plan); got != "v2" {
		t.Errorf("after rerun plan = %q, want v2", got)
	}
	if err := r.Commit(); err == nil {
		t.Error("Commit of a cleaned-up run succeeded")
	}
}

func TestRecoverKilledBetweenRenames(t *testing.T) {
	root := t.TempDir()
	commit(t, root, "2026-11-20", "v1")
	write(t, filepath.Join(root, "sent-ledger.json"), "ledger")
	// Killed after moving the old archive aside, before switching in the new.
	if err := os.Rename(filepath.Join(root, "2026-11-20"), filepath.Join(root, ".old-2026-11-20")); err != nil {
		t.Fatal(err)
	}
	// Readers still find it.
	h, err := History(root, day("2026-12-01"), 0)
	if err != nil || len(h) != 1 || h[0].AsOf != "2026-11-20" {
		t.Fatalf("History during the gap = %v, %v", h, err)
	}
	r, err := Begin(root, day("2026-11-27"))
	if err != nil {
		t.Fatal(err)
	}
	r.Abort()
	if got := read(t, filepath.Join(root, "2026-11-20", "inputs", "plan.xlsx")); got != "v1" {
		t.Errorf("restored plan = %q", got)
	}
	if got := read(t, filepath.Join(root, "sent-ledger.json")); got != "ledger" {
		t.Errorf("ledger = %q", got)
	}
	// Killed after switching in, before removing the old one: the old goes.
	commit(t, root, "2026-11-20", "v2")
	write(t, filepath.Join(root, ".old-2026-11-20", "x"), "stale")
	if err := Recover(root); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, ".old-2026-11-20")); !os.IsNotExist(err) {
		t.Error("replaced folder not removed")
	}
	if got := read(t, filepath.Join(root, "2026-11-20", "inputs", "plan.xlsx")); got != "v2" {
		t.Errorf("plan = %q, want v2", got)
	}
}

func TestHistoryLatestInputs(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"2026-11-27", "2026-11-13", "2026-11-20"} {
		commit(t, root, d, d)
	}
	if err := os.MkdirAll(filepath.Join(root, "not-a-date"), 0o755); err != nil {
		t.Fatal(err)
	}
	h, err := History(root, day("2026-11-27"), 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range h {
		got = append(got, s.AsOf)
	}
	if want := []string{"2026-11-13", "2026-11-20"}; !reflect.DeepEqual(got, want) {
		t.Errorf("History = %v, want %v (oldest first, strictly before)", got, want)
	}
	if h, err := History(root, day("2026-12-01"), 1); err != nil || len(h) != 1 || h[0].AsOf != "2026-11-27" {
		t.Errorf("History(n=1) = %v, %v; want the newest snapshot only", h, err)
	}
	l, err := Latest(root, day("2026-11-27"))
	if err != nil || l == nil || l.AsOf != "2026-11-20" {
		t.Errorf("Latest = %+v, %v", l, err)
	}
	if l, err := Latest(root, day("2026-11-13")); l != nil || err != nil {
		t.Errorf("Latest before the first = %+v, %v", l, err)
	}
	dir, ok := Inputs(root, day("2026-11-13"))
	if !ok || read(t, filepath.Join(dir, "plan.xlsx")) != "2026-11-13" {
		t.Errorf("Inputs = %q, %v", dir, ok)
	}
	if _, ok := Inputs(root, day("2026-11-14")); ok {
		t.Error("Inputs of an unarchived date")
	}
	// A damaged trend.json is read from snapshot.json instead, and a
	// damaged snapshot.json does not matter while trend.json is whole.
	write(t, filepath.Join(root, "2026-11-20", TrendFile), "{")
	if h, err = History(root, day("2027-01-01"), 0); err != nil || len(h) != 3 || h[1].AsOf != "2026-11-20" {
		t.Errorf("History with a damaged trend.json = %d snapshots, %v", len(h), err)
	}
	write(t, filepath.Join(root, "2026-11-13", SnapshotFile), "{")
	if h, err = History(root, day("2027-01-01"), 0); err != nil || len(h) != 3 || h[0].AsOf != "2026-11-13" {
		t.Errorf("History with a damaged snapshot.json = %d snapshots, %v", len(h), err)
	}
	// A week with neither readable is reported, the others still returned.
	write(t, filepath.Join(root, "2026-11-20", SnapshotFile), "{")
	h, err = History(root, day("2027-01-01"), 0)
	if err == nil || len(h) != 2 {
		t.Errorf("History with a damaged week = %d snapshots, %v", len(h), err)
	}
	if l, err := Latest(root, day("2026-11-27")); err == nil || l != nil {
		t.Errorf("Latest of a damaged week = %+v, %v", l, err)
	}
}

// trend.json and disbursed.json hold all History and Latest give from
// snapshot.json (a week archived before them, or with them damaged), so
// a run reads the same either way.
func TestTrendFilesMatchSnapshot(t *testing.T) {
	root := t.TempDir()
	snap := reporttest.Snapshot()
	archiveSnapshot(t, root, day(snap.AsOf), snap)
	after := day(snap.AsOf).AddDate(0, 0, 7)
	read := func() ([]*report.PastRun, *report.PreviousRun) {
		t.Helper()
		h, err := History(root, after, 0)
		if err != nil || len(h) != 1 {
			t.Fatalf("History = %d, %v", len(h), err)
		}
		l, err := Latest(root, after)
		if err != nil || l == nil {
			t.Fatalf("Latest = %v, %v", l, err)
		}
		return h, l
	}
	// Latest leaves each district's amounts encoded (DisbursedOf decodes
	// them), the snapshot's fallback has them decoded: compare what
	// verification sees.
	disbursed := func(p *report.PreviousRun) map[string]map[string]float64 {
		out := map[string]map[string]float64{}
		for _, d := range snap.Districts {
			if m := p.DisbursedOf(d.Code); m != nil {
				out[d.Code] = m
			}
		}
		return out
	}
	h, l := read()
	if len(l.DisbursedJSON) == 0 || len(l.Disbursed) != 0 {
		t.Errorf("Latest from disbursed.json: %d districts encoded, %d decoded; want all encoded", len(l.DisbursedJSON), len(l.Disbursed))
	}
	if len(disbursed(l)) == 0 || len(l.DataAsOf) != len(snap.Districts) || len(h[0].Districts) != len(snap.Districts) || len(h[0].History) == 0 {
		t.Fatalf("digest lost its content: %d districts' projects, %d and %d districts, %d history points", len(disbursed(l)), len(l.DataAsOf), len(h[0].Districts), len(h[0].History))
	}
	reported := 0
	for _, p := range snap.Projects {
		if p.Reported {
			reported++
		}
	}
	n := 0
	for _, d := range disbursed(l) {
		n += len(d)
	}
	if n != reported {
		t.Errorf("Latest has %d projects, the snapshot %d reported", n, reported)
	}
	for _, name := range []string{TrendFile, DisbursedFile} {
		if err := os.Remove(filepath.Join(root, snap.AsOf, name)); err != nil {
			t.Fatal(err)
		}
	}
	h2, l2 := read()
	if !reflect.DeepEqual(h, h2) {
		t.Errorf("History from trend.json differs from snapshot.json's:\n%+v\n%+v", h[0], h2[0])
	}
	if l2.DisbursedJSON != nil {
		t.Errorf("Latest from snapshot.json left %d districts encoded", len(l2.DisbursedJSON))
	}
	if !reflect.DeepEqual(disbursed(l), disbursed(l2)) || l.AsOf != l2.AsOf || !reflect.DeepEqual(l.DataAsOf, l2.DataAsOf) {
		t.Errorf("Latest from trend.json differs from snapshot.json's:\n%+v\n%+v", l, l2)
	}
}

func TestPathsStayInside(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(t.TempDir(), "f")
	write(t, src, "x")
	r, err := Begin(root, day("2026-11-20"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	for _, rel := range []string{"../evil", "/etc/passwd", "", "inbox/../../x"} {
		if err := errors.Join(r.CopyInputFiles([]File{{Src: src, Rel: rel}})...); err == nil {
			t.Errorf("CopyInputFiles to %q accepted", rel)
		}
	}
	if err := errors.Join(r.CopyInputFiles([]File{{Src: filepath.Dir(src), Rel: "dir"}})...); err == nil {
		t.Error("copied a folder as a file")
	}
}

func TestMarshalDeterministic(t *testing.T) {
	s := &report.Snapshot{AsOf: "2026-11-20", Warnings: []report.Warning{{Message: "<b>&"}},
		History: []report.HistoryPoint{{AsOf: "2026-11-20", Districts: map[string]float64{"5203": 0.1, "5201": 0.2}}}}
	a, err := Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		b, _ := Marshal(s)
		if string(a) != string(b) {
			t.Fatal("Marshal is not deterministic")
		}
	}
	if !strings.Contains(string(a), `"<b>&"`) || strings.Index(string(a), `"5201"`) > strings.Index(string(a), `"5203"`) {
		t.Errorf("unexpected encoding:\n%s", a)
	}
}

func TestMemoNumbers(t *testing.T) {
	root := t.TempDir()
	steps := []struct {
		date      string
		fy        int
		districts []string
		start     int
		want      map[string]int
	}{
		{"2026-11-20", 2570, []string{"5203", "5201"}, 10, map[string]int{"5201": 10, "5203": 11}},
		// Rerun of the same date: same numbers; a new district gets the next.
		{"2026-11-20", 2570, []string{"5201", "5205", "5203"}, 10, map[string]int{"5201": 10, "5203": 11, "5205": 12}},
		{"2026-11-27", 2570, []string{"5201"}, 10, map[string]int{"5201": 13}},
		// Rerun dropping a district keeps its number taken.
		{"2026-11-20", 2570, []string{"5201"}, 10, map[string]int{"5201": 10}},
		{"2026-12-04", 2570, []string{"5209"}, 10, map[string]int{"5209": 14}},
		// A new fiscal year starts again from start.
		{"2027-10-02", 2571, []string{"5201"}, 1, map[string]int{"5201": 1}},
	}
	for i, s := range steps {
		got, err := MemoNumbers(root, day(s.date), s.fy, s.districts, s.start)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, s.want) {
			t.Errorf("step %d: %v, want %v", i, got, s.want)
		}
	}
	write(t, filepath.Join(root, MemoNumbersFile), "{broken")
	if _, err := MemoNumbers(root, day("2026-12-11"), 2570, []string{"5201"}, 1); err == nil {
		t.Error("a damaged book was silently restarted")
	}
}

// TestAddOutputDir: outputs are linked where the archive shares the file
// system with them and copied where it does not (/dev/shm is another file
// system than the test's temporary folder on most Linux machines); either
// way the archive holds the bytes, under the same relative paths.
func TestAddOutputDir(t *testing.T) {
	outs := map[string]string{"bulletin.pdf": "จดหมายข่าว", "memos/5201.pdf": "บันทึก 5201"}
	dirs := map[string]string{"same file system": t.TempDir()}
	if shm, err := os.MkdirTemp("/dev/shm", "lwc-test-"); err == nil {
		t.Cleanup(func() { os.RemoveAll(shm) })
		dirs["other file system"] = shm
	}
	for name, out := range dirs {
		t.Run(name, func(t *testing.T) {
			for rel, s := range outs {
				write(t, filepath.Join(out, filepath.FromSlash(rel)), s)
			}
			root := filepath.Join(t.TempDir(), "archive")
			r, err := Begin(root, day("2026-11-20"))
			if err != nil {
				t.Fatal(err)
			}
			if err := r.AddOutputDir(out); err != nil {
				t.Fatal(err)
			}
			if err := r.Commit(); err != nil {
				t.Fatal(err)
			}
			for rel, s := range outs {
				src := filepath.Join(out, filepath.FromSlash(rel))
				dst := filepath.Join(root, "2026-11-20", "outputs", filepath.FromSlash(rel))
				if got := read(t, dst); got != s {
					t.Errorf("%s = %q, want %q", rel, got, s)
				}
				a, _ := os.Stat(src)
				b, _ := os.Stat(dst)
				if linked, want := os.SameFile(a, b), name == "same file system"; linked != want {
					t.Errorf("%s: linked = %v, want %v", rel, linked, want)
				}
			}
			if err := Verify(root, day("2026-11-20")); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestCopyInputFilesEach: each file's error comes back in its place, so a
// run can go on without an inbox file it cannot read, and a failed file
// leaves nothing behind under inputs/.
func TestCopyInputFilesEach(t *testing.T) {
	ws := t.TempDir()
	write(t, filepath.Join(ws, "plan.xlsx"), "plan")
	write(t, filepath.Join(ws, "inbox", "5201.xlsx"), "5201")
	r, err := Begin(t.TempDir(), day("2026-11-23"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	errs := r.CopyInputFiles(inputs(ws, "plan.xlsx", "inbox/gone.xlsx", "inbox/5201.xlsx"))
	if len(errs) != 3 || errs[0] != nil || errs[2] != nil || !errors.Is(errs[1], fs.ErrNotExist) || !strings.Contains(errs[1].Error(), "gone.xlsx") {
		t.Fatalf("errors %v", errs)
	}
	if got := read(t, filepath.Join(r.Dir(), InputsDir, "inbox", "5201.xlsx")); got != "5201" {
		t.Errorf("5201.xlsx copied as %q", got)
	}
	if _, err := os.Lstat(filepath.Join(r.Dir(), InputsDir, "inbox", "gone.xlsx")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("gone.xlsx left something under inputs/: %v", err)
	}
}
