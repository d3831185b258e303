package main

import (
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"lwc/charts"
	"lwc/report"
	"lwc/report/archive"
)

// TestRunReadsEveryInboxEntry: the weekly run reads a district's file put
// in a sub-folder of the inbox, as lwc check does, and goes on past what it
// cannot read, each rejected with its reason: a file it has no permission
// to read (a real one: as root, the run is a child process as nobody), a
// symbolic link and a named pipe (never opened: that would hang the run).
func TestRunReadsEveryInboxEntry(t *testing.T) {
	mb := startMailbox(t)
	dir, rounds := crashWorkspace(t, mb)
	r := rounds[len(rounds)-1]
	putRound(t, dir, r)
	inbox := filepath.Join(dir, "inbox")
	var moved, denied string
	for _, f := range r.Files {
		switch {
		case strings.HasPrefix(f.Name, "5201_"):
			moved = f.Name
		case strings.HasPrefix(f.Name, "5202_"):
			denied = f.Name
		}
	}
	if moved == "" || denied == "" {
		t.Fatalf("the sample round has no file of 5201 or 5202: %v", r.Files)
	}
	if err := os.Mkdir(filepath.Join(inbox, "ส่งช้า"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(inbox, moved), filepath.Join(inbox, "ส่งช้า", moved)); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(inbox, denied), filepath.Join(inbox, "ลิงก์ 5203.xlsx")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(inbox, "pipe.xlsx"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A file over limits.max_file_bytes (1 MB here) is neither read nor
	// copied into the archive.
	toml, err := os.ReadFile(filepath.Join(dir, "lwc.toml"))
	if err != nil {
		t.Fatal(err)
	}
	limited := strings.Replace(string(toml), "max_file_bytes = 52428800", "max_file_bytes = 1048576", 1)
	if limited == string(toml) {
		t.Fatal("lwc.toml has no max_file_bytes = 52428800")
	}
	if err := os.WriteFile(filepath.Join(dir, "lwc.toml"), []byte(limited), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(inbox, "วิดีโอ 5204.mp4"), make([]byte, 2<<20), 0o644); err != nil {
		t.Fatal(err)
	}

	// lwc check reads the live inbox; the run, its copies in the archive.
	code, out, errOut := lwc(t, nil, "-w", dir, "check", "--json", "--as-of", r.AsOf.Format(time.DateOnly))
	if code != 0 && code != exitFailed {
		t.Fatalf("check: exit %d %s", code, errOut)
	}
	var checked struct {
		Files []report.FileResult `json:"files"`
	}
	if err := json.Unmarshal([]byte(out), &checked); err != nil {
		t.Fatalf("check --json: %v\n%s", err, out)
	}

	cmd := exec.Command(os.Args[0], "-w", dir, "run", "--no-email", "--as-of", r.AsOf.Format(time.DateOnly))
	echarts, err := charts.FindECharts("")
	if err != nil {
		t.Fatal(err)
	}
	cmd.Env = append(os.Environ(), "LWC_BE_MAIN=1", "SOURCE_DATE_EPOCH="+fixedEpoch, "LWC_ECHARTS="+echarts)
	// Root reads any file: the run is then nobody, the file root's alone.
	// Without the right to change user (a container without CAP_SETUID)
	// the permission case cannot be made, and only it is left out.
	nobody := &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	deny := true
	if os.Geteuid() == 0 {
		probe := exec.Command("/bin/true")
		probe.SysProcAttr = nobody
		if err := probe.Run(); err != nil {
			deny = false
			t.Logf("cannot run a process as nobody here (%v): the unreadable file is not tested", err)
		} else {
			cmd.Path = asNobody(t, dir, os.Args[0])
			cmd.SysProcAttr = nobody
			if err := os.Chown(filepath.Join(inbox, denied), 0, 0); err != nil {
				t.Fatal(err)
			}
		}
	}
	if deny {
		mode := os.FileMode(0o600) // root's alone
		if os.Geteuid() != 0 {
			mode = 0 // not even its owner's
		}
		if err := os.Chmod(filepath.Join(inbox, denied), mode); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(filepath.Join(inbox, denied), 0o644) // for TempDir's clean-up
	}
	timer := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() }) // a pipe opened blocks forever
	defer timer.Stop()
	runOut, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("run: %v\n%s", err, runOut)
	}
	notRead := []string{"ลิงก์ 5203.xlsx"}
	if deny {
		notRead = append(notRead, denied)
	}
	for _, name := range notRead {
		logged := false
		for _, line := range strings.Split(string(runOut), "\n") {
			logged = logged || strings.Contains(line, `msg="inbox entry not read"`) && strings.Contains(line, "inbox/"+name)
		}
		if !logged {
			t.Errorf("the log does not name %s:\n%s", name, runOut)
		}
	}
	day := archive.DateDir(filepath.Join(dir, "archive"), r.AsOf)
	snap, err := archive.ReadSnapshot(filepath.Join(day, archive.SnapshotFile))
	if err != nil {
		t.Fatal(err)
	}
	state := func(files []report.FileResult, name string) (report.FileResult, bool) {
		for _, f := range files {
			if f.File == name {
				return f, true
			}
		}
		return report.FileResult{}, false
	}
	type want struct {
		file, reason, district string
		accepted               bool
		byCheck                bool // lwc check, run as root here, may read the file
	}
	wants := []want{
		{file: "inbox/ส่งช้า/" + moved, accepted: true, district: "5201", byCheck: true},
		{file: "inbox/ลิงก์ 5203.xlsx", reason: "เป็นลิงก์", district: "5203", byCheck: true},
		{file: "inbox/pipe.xlsx", reason: "ไม่ใช่ไฟล์ธรรมดา", byCheck: true},
		{file: "inbox/วิดีโอ 5204.mp4", reason: "ไฟล์ใหญ่เกินกำหนด (2.0 MB เกินขีดจำกัด 1.0 MB)", district: "5204", byCheck: true},
	}
	if deny {
		wants = append(wants, want{file: "inbox/" + denied, reason: "ไม่มีสิทธิ์อ่านไฟล์นี้", district: "5202", byCheck: os.Geteuid() != 0})
	}
	for _, w := range wants {
		f, ok := state(snap.Files, w.file)
		accepted := f.State == report.StateAccepted || f.State == report.StateAcceptedWithWarnings
		if !ok || accepted != w.accepted || !strings.Contains(f.Reason, w.reason) || f.District != w.district {
			t.Errorf("run: %s = %+v (listed %v); want accepted %v, reason with %q, district %q", w.file, f, ok, w.accepted, w.reason, w.district)
		}
		if c, ok := state(checked.Files, w.file); w.byCheck && (!ok || c.State != f.State || c.Reason != f.Reason) {
			t.Errorf("check: %s = %s %q (listed %v); the run says %s %q", w.file, c.State, c.Reason, ok, f.State, f.Reason)
		}
	}
	if _, err := os.Stat(filepath.Join(day, archive.InputsDir, "inbox", "ส่งช้า", moved)); err != nil {
		t.Errorf("the sub-folder's file is not archived: %v", err)
	}
	if _, err := os.Stat(filepath.Join(day, archive.InputsDir, "inbox", "วิดีโอ 5204.mp4")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the file over the size limit is in the archive: %v", err)
	}
	if f, _ := state(snap.Files, "inbox/วิดีโอ 5204.mp4"); f.Size != 2<<20 || len(f.Issues) == 0 || f.Issues[0].Code != "limit-file-size" {
		t.Errorf("the file over the size limit: size %d, issues %+v", f.Size, f.Issues)
	}
	// Every other district's file was read as usual.
	var accepted int
	for _, f := range snap.Files {
		if f.State == report.StateAccepted || f.State == report.StateAcceptedWithWarnings {
			accepted++
		}
	}
	if accepted < 8 {
		t.Errorf("%d files accepted; the run stopped reading?", accepted)
	}
}

// asNobody makes dir and everything in it nobody's, opens the folders
// above it to others, and returns a copy of the binary bin that nobody may
// run.
func asNobody(t *testing.T, dir, bin string) string {
	t.Helper()
	for p := filepath.Dir(dir); p != "/" && p != "."; p = filepath.Dir(p) {
		if strings.HasPrefix(p, os.TempDir()) && p != os.TempDir() {
			os.Chmod(p, 0o755)
		}
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, 65534, 65534)
	})
	if err != nil {
		t.Fatal(err)
	}
	copyDir := filepath.Join(filepath.Dir(dir), "bin")
	if err := os.MkdirAll(copyDir, 0o755); err != nil {
		t.Fatal(err)
	}
	src, err := os.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	path := filepath.Join(copyDir, "lwc")
	dst, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestRunNamesMissingOfficeFile: an office file the settings point at and
// that is not there stops the run with its name and where it was looked
// for, not a copying error.
func TestRunNamesMissingOfficeFile(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := lwc(t, nil, "init", dir); code != 0 {
		t.Fatalf("init: exit %d %s", code, errOut)
	}
	if err := os.Remove(filepath.Join(dir, "reports.xlsx")); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := lwc(t, map[string]string{"SOURCE_DATE_EPOCH": fixedEpoch}, "-w", dir, "run", "--no-email")
	want := "ไม่พบไฟล์ reports.xlsx ที่ " + filepath.Join(dir, "reports.xlsx")
	if code != exitFailed || !strings.Contains(errOut, want) || strings.Contains(errOut, "คัดลอก") {
		t.Errorf("run without reports.xlsx: exit %d\n%s\nwant %q", code, errOut, want)
	}
}

// TestInboxMustNotHoldTheArchive: an inbox set to the workspace folder
// would read, and archive, every archived week again each week.
func TestInboxMustNotHoldTheArchive(t *testing.T) {
	for _, inbox := range []string{".", "archive/inbox", "site"} {
		dir := t.TempDir()
		if code, _, errOut := lwc(t, nil, "init", dir); code != 0 {
			t.Fatalf("init: exit %d %s", code, errOut)
		}
		toml, err := os.ReadFile(filepath.Join(dir, "lwc.toml"))
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Replace(string(toml), `inbox = "inbox"`, `inbox = "`+inbox+`"`, 1)
		if text == string(toml) {
			t.Fatal(`lwc.toml has no inbox = "inbox"`)
		}
		os.WriteFile(filepath.Join(dir, "lwc.toml"), []byte(text), 0o644)
		for _, cmd := range []string{"run", "check"} {
			code, _, errOut := lwc(t, map[string]string{"SOURCE_DATE_EPOCH": fixedEpoch}, "-w", dir, cmd)
			if code == 0 || !strings.Contains(errOut, "ซ้อนกันอยู่") {
				t.Errorf("inbox = %q: lwc %s exit %d\n%s", inbox, cmd, code, errOut)
			}
		}
	}
	if !within("/srv/lwc/inbox/a", "/srv/lwc/inbox") || !within("/srv/lwc", "/srv/lwc") || within("/srv/lwc/inbox2", "/srv/lwc/inbox") || within("/srv", "/srv/lwc") {
		t.Error("within")
	}
}
