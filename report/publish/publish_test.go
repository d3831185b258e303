package publish

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// The tests re-execute the test binary as helper processes: flock is
// per-process state, so lock behaviour is only proven across processes.
func TestMain(m *testing.M) {
	switch os.Getenv("LWC_PUBLISH_HELPER") {
	case "":
		os.Exit(m.Run())
	case "contend":
		os.Exit(helperContend(os.Getenv("LWC_ROOT")))
	case "hold":
		os.Exit(helperHold(os.Getenv("LWC_ROOT")))
	}
	os.Exit(99)
}

// helperContend tries to take the lock once; while holding it, it proves
// being alone by creating a marker file exclusively.
func helperContend(root string) int {
	release, err := Lock(root, time.Now())
	if errors.Is(err, ErrLocked) {
		return 4
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	marker := filepath.Join(root, "inside")
	f, err := os.OpenFile(marker, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		fmt.Fprintln(os.Stderr, "two holders at once:", err)
		return 5
	}
	f.Close()
	time.Sleep(20 * time.Millisecond)
	os.Remove(marker)
	if err := release(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// helperHold takes the lock, says so, and waits to be killed.
func helperHold(root string) int {
	if _, err := Lock(root, time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("locked")
	time.Sleep(time.Minute)
	return 0
}

func helper(t *testing.T, mode, root string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "LWC_PUBLISH_HELPER="+mode, "LWC_ROOT="+root)
	return cmd
}

func TestLockTwoProcessesNeverBothProceed(t *testing.T) {
	root := t.TempDir()
	const procs, rounds = 6, 3
	acquired := 0
	for round := 0; round < rounds; round++ {
		cmds := make([]*exec.Cmd, procs)
		outs := make([]*bytes.Buffer, procs)
		for i := range cmds {
			cmds[i] = helper(t, "contend", root)
			outs[i] = new(bytes.Buffer)
			cmds[i].Stderr = outs[i]
		}
		for _, c := range cmds {
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
		}
		for i, c := range cmds {
			err := c.Wait()
			code := c.ProcessState.ExitCode()
			switch code {
			case 0:
				acquired++
			case 4:
			default:
				t.Errorf("helper %d: exit %d (%v): %s", i, code, err, outs[i])
			}
		}
	}
	if acquired == 0 {
		t.Fatal("no helper ever got the lock")
	}
	t.Logf("%d of %d attempts got the lock", acquired, procs*rounds)
}

func TestLockRefusesWithHolderAndSurvivesSIGKILL(t *testing.T) {
	root := t.TempDir()
	cmd := helper(t, "hold", root)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "locked\n" {
		t.Fatalf("helper did not lock: %q %v", line, err)
	}

	_, err = Lock(root, time.Now())
	var le *LockedError
	if !errors.As(err, &le) || !errors.Is(err, ErrLocked) {
		t.Fatalf("second Lock = %v, want a LockedError", err)
	}
	if le.Holder.PID != cmd.Process.Pid {
		t.Errorf("holder pid %d, want %d", le.Holder.PID, cmd.Process.Pid)
	}
	msg := err.Error()
	for _, want := range []string{strconv.Itoa(cmd.Process.Pid), "2026-11-23 06:00:00", "รอให้ทำงานเสร็จ"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}

	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	release, err := Lock(root, time.Now())
	if err != nil {
		t.Fatalf("lock of a killed holder not reacquired: %v", err)
	}
	// While we hold it, a second locker in this process is refused too
	// (flock belongs to the open file, not the process).
	if _, err := Lock(root, time.Now()); !errors.Is(err, ErrLocked) {
		t.Errorf("second Lock while held = %v", err)
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	release, err = Lock(root, time.Now())
	if err != nil {
		t.Fatalf("Lock after release: %v", err)
	}
	release()
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "สรุป.txt")
	for _, s := range []string{"เก่า", "ใหม่กว่า"} {
		if err := WriteFileAtomic(p, []byte(s)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(p)
		if err != nil || string(got) != s {
			t.Fatalf("read %q %v, want %q", got, err, s)
		}
	}
	st, _ := os.Stat(p)
	if st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", st.Mode())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	if err := WriteFileAtomic(filepath.Join(dir, "missing", "x"), nil); err == nil {
		t.Error("no error for a missing folder")
	}
}

// A write that fails half-way leaves the old file whole and no temporary
// file behind.
func TestWriteAtomicFailure(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "consolidated.xlsx")
	if err := WriteFileAtomic(p, []byte("เก่า")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteAtomic(p, func(w io.Writer) error {
		if _, err := w.Write([]byte("ครึ่งหนึ่ง")); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error %v, want boom", err)
	}
	if got, err := os.ReadFile(p); err != nil || string(got) != "เก่า" {
		t.Errorf("after a failed write: %q %v", got, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}

// version writes a complete version: files named f0..f9, each holding the
// version number repeated, large enough that a partial write would show.
const versionFiles = 10

func writeVersion(t *testing.T, dir string, v int) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	body := bytes.Repeat([]byte(fmt.Sprintf("%08d\n", v)), 2000)
	for i := 0; i < versionFiles; i++ {
		name := fmt.Sprintf("f%d", i)
		if i%2 == 1 {
			name = filepath.Join("sub", name)
		}
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readVersion reads every file of a version folder and returns the version
// they all hold, or an error for a missing, torn or mixed set.
func readVersion(dir string) (int, error) {
	v := -1
	for i := 0; i < versionFiles; i++ {
		name := fmt.Sprintf("f%d", i)
		if i%2 == 1 {
			name = filepath.Join("sub", name)
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return 0, err
		}
		fv, err := fileVersion(b)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", name, err)
		}
		if v >= 0 && fv != v {
			return 0, fmt.Errorf("mixed versions %d and %d", v, fv)
		}
		v = fv
	}
	return v, nil
}

func fileVersion(b []byte) (int, error) {
	if len(b) != 9*2000 {
		return 0, fmt.Errorf("torn file: %d bytes", len(b))
	}
	first := b[:9]
	if !bytes.Equal(bytes.Repeat(first, 2000), b) {
		return 0, errors.New("mixed content")
	}
	return strconv.Atoi(string(first[:8]))
}

func TestSwapReadersNeverSeeAMix(t *testing.T) {
	parent := t.TempDir()
	live := filepath.Join(parent, "site")
	staged, err := Stage(live)
	if err != nil {
		t.Fatal(err)
	}
	writeVersion(t, staged, 0)
	if err := Swap(staged, live); err != nil {
		t.Fatal(err)
	}

	// A reader that resolves the link once and then reads for longer than
	// two swaps could find its version retired (only the previous one is
	// kept); weekly runs make that impossible in practice, and the swapper
	// below waits for every reader to finish a pass between swaps so the test
	// does not depend on scheduling.
	const readers = 3
	var stop atomic.Bool
	var passes [readers]atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, readers)
	for r := 0; r < readers; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			last := 0
			for !stop.Load() {
				// Through the link, file by file: every file whole, no
				// file missing, versions never going back.
				for i := 0; i < versionFiles; i += 3 {
					name := fmt.Sprintf("f%d", i)
					if i%2 == 1 {
						name = filepath.Join("sub", name)
					}
					b, err := os.ReadFile(filepath.Join(live, name))
					if err != nil {
						errs <- err
						return
					}
					v, err := fileVersion(b)
					if err != nil {
						errs <- err
						return
					}
					if v < last {
						errs <- fmt.Errorf("went back from version %d to %d", last, v)
						return
					}
					last = v
				}
				// Resolved once, like a reader that follows the site's
				// links: one complete version.
				dir, err := filepath.EvalSymlinks(live)
				if err != nil {
					errs <- err
					return
				}
				if _, err := readVersion(dir); err != nil {
					errs <- err
					return
				}
				passes[r].Add(1)
			}
		}()
	}
	waitPasses := func() {
		var start [readers]int64
		for r := range passes {
			start[r] = passes[r].Load()
		}
		for r := range passes {
			for passes[r].Load() < start[r]+2 && len(errs) == 0 {
				time.Sleep(time.Millisecond)
			}
		}
	}

	const swaps = 40
	for v := 1; v <= swaps; v++ {
		staged, err := Stage(live)
		if err != nil {
			t.Fatal(err)
		}
		writeVersion(t, staged, v)
		if err := Swap(staged, live); err != nil {
			t.Fatal(err)
		}
		waitPasses()
	}
	stop.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if v, err := readVersion(live); err != nil || v != swaps {
		t.Fatalf("live = version %d (%v), want %d", v, err, swaps)
	}
	// Only the current and the previous version stay.
	entries, _ := os.ReadDir(parent)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{".site.v000040", ".site.v000041", "site"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("parent holds %v, want %v", names, want)
	}
	prev, err := readVersion(filepath.Join(parent, ".site.v000040"))
	if err != nil || prev != swaps-1 {
		t.Errorf("previous version = %d %v", prev, err)
	}
}

func TestSwapMigratesARealFolder(t *testing.T) {
	parent := t.TempDir()
	live := filepath.Join(parent, "site")
	writeVersion(t, live, 7) // an older setup: site is an ordinary folder
	staged, err := Stage(live)
	if err != nil {
		t.Fatal(err)
	}
	writeVersion(t, staged, 8)
	if err := Swap(staged, live); err != nil {
		t.Fatal(err)
	}
	st, err := os.Lstat(live)
	if err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("live is not a link: %v %v", st, err)
	}
	if v, err := readVersion(live); err != nil || v != 8 {
		t.Fatalf("live = %d %v, want 8", v, err)
	}
	target, _ := os.Readlink(live)
	if filepath.IsAbs(target) {
		t.Errorf("link target %q is absolute; the workspace could not move", target)
	}
	// The old folder is kept as the previous version.
	if v, err := readVersion(filepath.Join(parent, ".site.v000001")); err != nil || v != 7 {
		t.Errorf("old folder kept as version 1 = %d %v", v, err)
	}
}

func TestSwapCleansLeftoversOfAKilledRun(t *testing.T) {
	parent := t.TempDir()
	live := filepath.Join(parent, "site")
	for v := 1; v <= 2; v++ {
		staged, _ := Stage(live)
		writeVersion(t, staged, v)
		if err := Swap(staged, live); err != nil {
			t.Fatal(err)
		}
	}
	// A run killed after staging, one killed after renaming its version but
	// before linking it, one killed with its temporary link made.
	killed, _ := Stage(live)
	writeVersion(t, killed, 99)
	writeVersion(t, filepath.Join(parent, ".site.v000003"), 98)
	os.Symlink(".site.v000003", filepath.Join(parent, ".site.link"))
	// The previous site is intact and served.
	if v, err := readVersion(live); err != nil || v != 2 {
		t.Fatalf("live after a killed run = %d %v, want 2", v, err)
	}

	staged, _ := Stage(live)
	writeVersion(t, staged, 3)
	if err := Swap(staged, live); err != nil {
		t.Fatal(err)
	}
	if v, err := readVersion(live); err != nil || v != 3 {
		t.Fatalf("live = %d %v, want 3", v, err)
	}
	entries, _ := os.ReadDir(parent)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := ".site.v000002 .site.v000004 site"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("parent holds %q, want %q", got, want)
	}
}

func TestSwapRejectsBadInput(t *testing.T) {
	parent := t.TempDir()
	live := filepath.Join(parent, "site")
	if err := Swap(filepath.Join(parent, "nope"), live); err == nil {
		t.Error("no error for a missing staged folder")
	}
	os.WriteFile(live, []byte("x"), 0o644)
	staged, _ := Stage(live)
	if err := Swap(staged, live); err == nil {
		t.Error("no error when live is a file")
	}
	if b, _ := os.ReadFile(live); string(b) != "x" {
		t.Error("the file at live was touched")
	}
}

func TestSyncTree(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "a", "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a", "b", "f"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := SyncTree(dir); err != nil {
		t.Errorf("SyncTree: %v", err)
	}
	if err := SyncTree(filepath.Join(dir, "missing")); err == nil {
		t.Error("SyncTree of a missing folder succeeded")
	}
}
