package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"lwc/report"
	"lwc/report/archive"
	"lwc/report/publish"
)

// fixedEpoch is the SOURCE_DATE_EPOCH of the tests: 2026-11-23 06:00 ICT.
const fixedEpoch = "1795388400"

// lwc runs the command line in-process with a fixed clock and environment.
func lwc(t *testing.T, environ map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{
		stdout: &out, stderr: &errb,
		getenv: func(k string) string { return environ[k] },
		now:    func() time.Time { return time.Date(2026, 11, 23, 6, 0, 0, 0, time.FixedZone("ICT", 7*3600)) },
	}
	code = e.main(context.Background(), args)
	return code, out.String(), errb.String()
}

func TestHelpEverywhere(t *testing.T) {
	code, out, _ := lwc(t, nil, "help")
	if code != 0 || !strings.Contains(out, "วิธีใช้") {
		t.Fatalf("lwc help: exit %d\n%s", code, out)
	}
	for _, c := range commands() {
		for _, args := range [][]string{{c.name, "--help"}, {"help", c.name}, {c.name, "-h"}} {
			code, out, errOut := lwc(t, nil, args...)
			if code != 0 || !strings.Contains(out, "วิธีใช้: lwc "+c.name) {
				t.Errorf("lwc %v: exit %d\nstdout %s\nstderr %s", args, code, out, errOut)
			}
		}
	}
	if code, _, errOut := lwc(t, nil, "frobnicate"); code != exitUsage || !strings.Contains(errOut, "ไม่รู้จักคำสั่ง") {
		t.Errorf("unknown command: exit %d, %s", code, errOut)
	}
	if code, _, errOut := lwc(t, nil, "run", "--as-of", "31/02/2569"); code != exitUsage || !strings.Contains(errOut, "31/02/2569") {
		t.Errorf("bad date: exit %d, %s", code, errOut)
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2026-11-20": "2026-11-20", "20/11/2569": "2026-11-20", "20/11/2026": "2026-11-20", "29/2/2571": "2028-02-29",
	} {
		got, err := parseDate(in)
		if err != nil || got.Format(time.DateOnly) != want {
			t.Errorf("parseDate(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"", "2026-13-01", "30/02/2569", "พรุ่งนี้"} {
		if _, err := parseDate(in); err == nil {
			t.Errorf("parseDate(%q) accepted", in)
		}
	}
}

func TestCheckNeedsUsableWorkspace(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := lwc(t, nil, "-w", dir, "check"); code != exitFailed || !strings.Contains(errOut, "lwc init") {
		t.Errorf("check without lwc.toml: exit %d, %q", code, errOut)
	}
	if code, _, errOut := lwc(t, nil, "init", dir); code != 0 {
		t.Fatalf("init: exit %d %s", code, errOut)
	}
	for _, f := range []string{"lwc.toml", "plan.xlsx", "contacts.xlsx", "reports.xlsx", "inbox"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("init did not make %s", f)
		}
	}
	// An empty inbox of a fresh workspace checks fine.
	code, out, errOut := lwc(t, nil, "-w", dir, "check", "--json")
	if code != 0 {
		t.Fatalf("check on a new workspace: exit %d %s", code, errOut)
	}
	var got struct {
		Files []report.FileResult `json:"files"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || got.Files == nil {
		t.Errorf("check --json = %q (%v); want {\"files\": []}", out, err)
	}
	// A broken plan makes the workspace unusable: non-zero, naming the file.
	os.WriteFile(filepath.Join(dir, "plan.xlsx"), []byte("not a workbook"), 0o644)
	if code, _, errOut := lwc(t, nil, "-w", dir, "check"); code != exitFailed || !strings.Contains(errOut, "plan.xlsx") {
		t.Errorf("check with a broken plan: exit %d, %q", code, errOut)
	}
}

// TestDemo runs the whole job over the sample province's weekly rounds and
// checks what a person would look at, then reproduces a past date from its
// archive byte for byte.
func TestDemo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	environ := map[string]string{"SOURCE_DATE_EPOCH": fixedEpoch}
	limit := debug.SetMemoryLimit(-1)
	code, out, errOut := lwc(t, environ, "demo", dir)
	if code != 0 {
		t.Fatalf("demo: exit %d\n%s\n%s", code, out, errOut)
	}
	// Each run set limits.memory_mb and put the process's limit back.
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("memory limit after the runs %d, before %d", got, limit)
	}
	dates, err := archive.Dates(filepath.Join(dir, "archive"))
	if err != nil || len(dates) < 4 {
		t.Fatalf("archive dates = %v, %v; want several weekly rounds", dates, err)
	}
	last := dates[len(dates)-1]
	snap, err := archive.ReadSnapshot(filepath.Join(archive.DateDir(filepath.Join(dir, "archive"), last), archive.SnapshotFile))
	if err != nil {
		t.Fatal(err)
	}
	runLog, _ := os.ReadFile(filepath.Join(archive.DateDir(filepath.Join(dir, "archive"), last), archive.LogFile))
	if !bytes.Contains(runLog, []byte(`msg="memory limit" mb=128`)) || bytes.Contains(runLog, []byte("memory limit too low")) {
		t.Errorf("run.log does not say the memory limit of 128 MB, or says it was too low:\n%s", runLog)
	}
	if snap.AsOf != last.Format(time.DateOnly) || snap.FiscalYear != 2570 || len(snap.Districts) != 13 {
		t.Errorf("snapshot as_of %s fy %d districts %d", snap.AsOf, snap.FiscalYear, len(snap.Districts))
	}
	states := map[report.FileState]int{}
	for _, f := range snap.Files {
		states[f.State]++
	}
	for _, st := range []report.FileState{report.StateAccepted, report.StateAcceptedWithWarnings, report.StateRejected} {
		if states[st] == 0 {
			t.Errorf("last round has no %s file: %v", st, states)
		}
	}
	if len(snap.History) < 4 {
		t.Errorf("history has %d points; the trend needs the earlier rounds", len(snap.History))
	}
	var escalated bool
	for _, w := range snap.Warnings {
		escalated = escalated || w.Escalated
	}
	if !escalated {
		t.Error("no escalated warning in the last round; the demo has a district red for 3+ weeks")
	}

	// Published outputs.
	for _, f := range []string{"site/index.html", "site/quality.html", "out/bulletin.pdf", "out/consolidated.xlsx", "out/scores.xlsx", "out/summary.txt"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s missing or empty: %v", f, err)
		}
	}
	memos, _ := filepath.Glob(filepath.Join(dir, "out", "memo-*.pdf"))
	if len(memos) == 0 {
		t.Error("no district memo written")
	}
	emls, _ := filepath.Glob(filepath.Join(dir, "out", "outbox", "*.eml"))
	if len(emls) == 0 {
		t.Error("demo wrote no .eml to the outbox (dry run)")
	}
	summary, _ := os.ReadFile(filepath.Join(dir, "out", "summary.txt"))
	if !strings.Contains(string(summary), "พ.ย. 2569") {
		t.Errorf("summary lacks the Buddhist-era as-of date:\n%s", summary)
	}

	// lwc check --json on the demo's last inbox names every file once.
	code, out, errOut = lwc(t, environ, "-w", dir, "check", "--json", "--as-of", snap.AsOf)
	if code != 0 {
		t.Fatalf("check: exit %d %s", code, errOut)
	}
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("memory limit after check %d, before %d", got, limit)
	}
	var checked struct {
		Files []report.FileResult `json:"files"`
	}
	if err := json.Unmarshal([]byte(out), &checked); err != nil {
		t.Fatal(err)
	}
	inbox, _ := os.ReadDir(filepath.Join(dir, "inbox"))
	if len(checked.Files) != len(inbox) {
		t.Errorf("check lists %d files, inbox has %d", len(checked.Files), len(inbox))
	}

	// lwc template writes one form per plan district; a filled form reads
	// back clean (report/forms tests fill them; here the command's job).
	forms := t.TempDir()
	if code, out, errOut := lwc(t, environ, "-w", dir, "template", "--out", forms); code != 0 {
		t.Fatalf("template: exit %d\n%s%s", code, out, errOut)
	}
	made, _ := filepath.Glob(filepath.Join(forms, "แบบรายงาน 52* *.xlsx"))
	if len(made) != 13 {
		t.Errorf("template made %d forms, want 13: %v", len(made), made)
	}
	if code, _, errOut := lwc(t, environ, "-w", dir, "template", "--out", forms, "9999"); code != exitUsage || !strings.Contains(errOut, "9999") {
		t.Errorf("template for an unknown district: exit %d %q", code, errOut)
	}

	// Reproduce an earlier date from its archive: same bytes, live site untouched.
	past := dates[len(dates)-3]
	pastDir := archive.DateDir(filepath.Join(dir, "archive"), past)
	before := readTree(t, filepath.Join(pastDir, archive.OutputsDir))
	beforeSnap, _ := os.ReadFile(filepath.Join(pastDir, archive.SnapshotFile))
	siteBefore, _ := os.ReadFile(filepath.Join(dir, "site", "index.html"))
	code, out, errOut = lwc(t, environ, "-w", dir, "run", "--as-of", past.Format(time.DateOnly), "--no-email")
	if code != 0 {
		t.Fatalf("reproducing %s: exit %d\n%s\n%s", past.Format(time.DateOnly), code, out, errOut)
	}
	after := readTree(t, filepath.Join(pastDir, archive.OutputsDir))
	afterSnap, _ := os.ReadFile(filepath.Join(pastDir, archive.SnapshotFile))
	if !bytes.Equal(beforeSnap, afterSnap) {
		t.Errorf("snapshot.json of %s differs when reproduced", past.Format(time.DateOnly))
	}
	for name, data := range before {
		if strings.HasPrefix(name, "outbox/") {
			continue // e-mail is not re-sent by a reproduction
		}
		if !bytes.Equal(data, after[name]) {
			t.Errorf("output %s of %s differs when reproduced", name, past.Format(time.DateOnly))
		}
	}
	if siteAfter, _ := os.ReadFile(filepath.Join(dir, "site", "index.html")); !bytes.Equal(siteBefore, siteAfter) {
		t.Error("reproducing a past date changed the live site")
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*staging*"))
	if len(leftovers) > 0 {
		t.Errorf("staging folders left behind: %v", leftovers)
	}
}

// readTree reads every file below dir by slash-separated relative name.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	dir, err := filepath.EvalSymlinks(dir) // site/ and out/ are links to versions
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no files under %s", dir)
	}
	return files
}

func TestSecondRunRefused(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := lwc(t, nil, "init", dir); code != 0 {
		t.Fatal(errOut)
	}
	release, err := publish.Lock(dir, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	code, _, errOut := lwc(t, nil, "-w", dir, "run", "--no-email")
	if code != exitLocked || !strings.Contains(errOut, "มีการทำงานอื่น") {
		t.Errorf("run while locked: exit %d, %q; want %d and a clear message", code, errOut, exitLocked)
	}
}

func TestMemoFileIsAName(t *testing.T) {
	for code, want := range map[string]string{"5203": "memo-5203.pdf", "../../etc/x": "memo-______etc_x.pdf", "52 03/": "memo-52_03_.pdf"} {
		if got := memoFile(code); got != want || filepath.Base(got) != got {
			t.Errorf("memoFile(%q) = %q, want %q", code, got, want)
		}
	}
}

// TestDamagedWeek: a week whose snapshot.json cannot be read does not stop
// the next run, and the office sees on the data-quality page that the
// trend and the count behind ทวงถาม miss it.
func TestDamagedWeek(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	environ := map[string]string{"SOURCE_DATE_EPOCH": fixedEpoch}
	if code, out, errOut := lwc(t, environ, "demo", dir); code != 0 {
		t.Fatalf("demo: exit %d\n%s\n%s", code, out, errOut)
	}
	root := filepath.Join(dir, "archive")
	dates, err := archive.Dates(root)
	if err != nil || len(dates) < 2 {
		t.Fatalf("archive dates = %v, %v", dates, err)
	}
	// Both files a week's trend can be read from (see archive.History).
	week := archive.DateDir(root, dates[len(dates)-2])
	damaged := filepath.Join(week, archive.SnapshotFile)
	for _, p := range []string{damaged, filepath.Join(week, archive.TrendFile)} {
		os.Chmod(p, 0o644)
		if err := os.WriteFile(p, []byte(`{"as_of": "2026-`), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	next := dates[len(dates)-1].AddDate(0, 0, 7).Format(time.DateOnly)
	code, out, errOut := lwc(t, environ, "-w", dir, "run", "--as-of", next, "--no-email")
	if code != 0 {
		t.Fatalf("run after a damaged week: exit %d\n%s\n%s", code, out, errOut)
	}
	snap, err := archive.ReadSnapshot(filepath.Join(archive.DateDir(root, dates[len(dates)-1].AddDate(0, 0, 7)), archive.SnapshotFile))
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, f := range snap.WorkspaceFiles {
		for _, is := range f.Issues {
			if f.File == archiveName && is.Code == codeArchiveUnreadable && strings.Contains(is.Message, damaged) {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("snapshot's workspace_files do not report the damaged week %s: %+v", damaged, snap.WorkspaceFiles)
	}
	quality, _ := os.ReadFile(filepath.Join(dir, "site", "quality.html"))
	if !strings.Contains(string(quality), "อ่านข้อมูลย้อนหลังในคลังบางสัปดาห์ไม่ได้") {
		t.Error("the data-quality page does not say the archive has an unreadable week")
	}
}
