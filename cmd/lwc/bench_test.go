package main

// Benchmarks of a run at the scale of a province (13 districts), a region
// (100) and the whole country (878), per stage and as a whole:
//
//	scripts/bench.sh                       # everything, with a table
//	go test ./cmd/lwc/ -run '^$' -bench 'Run/N=878' -benchtime 3x
//
// Every benchmark has the sub-benchmarks N=13, N=100 and N=878 over the same
// synthetic province (report/sample.Synthetic, seed 1, as of 2026-11-23).
// Generating a province takes longer than reading it, so each size is
// generated once and kept in a cache folder (see benchWorkspace) that all
// benchmarks of that size share. The numbers are in docs/performance.md.

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"lwc/charts"
	"lwc/report"
	"lwc/report/archive"
	"lwc/report/export"
	"lwc/report/figures"
	"lwc/report/pdf"
	"lwc/report/sample"
	"lwc/report/settings"
)

const benchSeed = 1

// forSizes runs body as the sub-benchmarks N=13, N=100 and N=878, or the
// sizes listed in $LWC_BENCH_SIZES ("1756" or "13,878"): beyond the
// country's 878 districts, to see where memory_mb starts to cost time.
func forSizes(b *testing.B, body func(b *testing.B, n int)) {
	sizes := []int{13, 100, 878}
	if env := os.Getenv("LWC_BENCH_SIZES"); env != "" {
		sizes = nil
		for f := range strings.SplitSeq(env, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n < 1 {
				b.Fatalf("LWC_BENCH_SIZES=%q: %q is not a number of districts", env, f)
			}
			sizes = append(sizes, n)
		}
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) { body(b, n) })
	}
}

// benchWorkspace returns a workspace folder holding lwc.toml, plan.xlsx,
// contacts.xlsx, reports.xlsx, an inbox of one submission per district
// of a synthetic province of n districts, and an archive of the
// benchWeeks weekly runs before (see archiveWeeks). It is made once and
// kept in $LWC_BENCH_CACHE (default $TMPDIR/lwc-bench), under a name that
// changes with the test binary's content, so a changed generator is never
// read from a stale cache; caches of other binaries older than an hour
// are removed. Treat the folder as read-only: runs work on linked copies
// (see runWorkspace).
func benchWorkspace(b *testing.B, n int) string {
	b.Helper()
	root := os.Getenv("LWC_BENCH_CACHE")
	if root == "" {
		root = filepath.Join(os.TempDir(), "lwc-bench")
	}
	build, err := buildHash()
	if err != nil {
		b.Fatal(err)
	}
	dir := filepath.Join(root, fmt.Sprintf("n%d-s%d-%s", n, benchSeed, build))
	if _, err := os.Stat(filepath.Join(dir, "inbox")); err == nil {
		return dir
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		b.Fatal(err)
	}
	removeStaleCaches(root, build)
	tmp, err := os.MkdirTemp(root, "making-")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	// The demo's settings, limits included: a national plan (105,360
	// project rows) fits in limits.max_plan_rows.
	if err := writeDemoSettings(tmp); err != nil {
		b.Fatal(err)
	}
	files, err := sample.Synthetic(tmp, n, benchSeed)
	if err != nil {
		b.Fatal(err)
	}
	inbox := filepath.Join(tmp, "inbox")
	if err := os.Mkdir(inbox, 0o755); err != nil {
		b.Fatal(err)
	}
	// Fixed modification times: verification orders two files of one
	// district by them.
	mtime := sample.SyntheticRun().Add(-60 * time.Hour)
	for _, f := range files {
		p := filepath.Join(inbox, f.Name)
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			b.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			b.Fatal(err)
		}
	}
	if err := archiveWeeks(tmp, benchWeeks); err != nil {
		b.Fatal(err)
	}
	// Whole or not at all: the inbox appears with the rename.
	if err := os.Rename(tmp, dir); err != nil {
		if _, serr := os.Stat(filepath.Join(dir, "inbox")); serr != nil {
			b.Fatal(err) // not a concurrent maker's win
		}
	}
	return dir
}

// benchWeeks is how many earlier weekly runs a benchmark workspace has in
// its archive: as many as a run reads (History's 8), so that the
// benchmarks measure the Monday run of a steady state, not the first run
// of a year with an empty archive.
const benchWeeks = 8

// archiveWeeks archives the snapshots of the k weekly runs before
// sample.SyntheticRun() of the workspace in dir, each computed from the
// workspace's inputs with the weeks before it, as those runs would have.
// Only what later runs read is written (snapshot.json and its digests),
// not the inputs and outputs a real week archives too.
func archiveWeeks(dir string, k int) error {
	ws, err := loadWorkspace(dir)
	if err != nil {
		return err
	}
	ws.inputs = dir
	data, err := readAndVerify(context.Background(), ws, sample.SyntheticRun())
	if err != nil {
		return err
	}
	var history []*report.PastRun
	for w := k; w >= 1; w-- {
		asOf := sample.SyntheticRun().AddDate(0, 0, -7*w)
		snap := figures.Compute(figures.Input{
			AsOf: asOf, Settings: ws.Settings, Plan: data.Plan, Inbox: data.Inbox, Register: data.Register, History: history,
		})
		r, err := archive.Begin(ws.Archive, asOf)
		if err != nil {
			return err
		}
		if err := r.WriteSnapshot(snap); err != nil {
			return err
		}
		if err := r.Commit(); err != nil {
			return err
		}
		// What archive.History gives a run, not the whole snapshots: a
		// year of national snapshots would not fit in memory.
		if history, err = archive.History(ws.Archive, asOf.AddDate(0, 0, 1), 8); err != nil {
			return err
		}
	}
	return nil
}

// buildHash names the test binary by its content: go test links a new
// file on every invocation, but the same sources give the same bytes.
func buildHash() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("hash %s: %w", exe, err)
	}
	return hex.EncodeToString(h.Sum(nil)[:8]), nil
}

// removeStaleCaches removes the cached workspaces of other test binaries
// that nobody has made for an hour.
func removeStaleCaches(root, build string) {
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil || strings.HasSuffix(e.Name(), build) || time.Since(fi.ModTime()) < time.Hour {
			continue
		}
		os.RemoveAll(filepath.Join(root, e.Name()))
	}
}

// runWorkspace makes a fresh workspace in dir whose inputs are hard links
// to src's (copies where links are refused), for one run to write its site,
// outputs and archive into.
func runWorkspace(b *testing.B, src, dir string) {
	b.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		dst := filepath.Join(dir, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if os.Link(p, dst) == nil {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return err
		}
		fi, err := os.Stat(p)
		if err != nil {
			return err
		}
		return os.Chtimes(dst, fi.ModTime(), fi.ModTime())
	})
	if err != nil {
		b.Fatal(err)
	}
}

// benchState is what the stage benchmarks start from: the read and
// verified workspace, its snapshot and the fonts.
type benchState struct {
	dir   string
	ws    *workspace
	data  *runData
	snap  *report.Snapshot
	fonts *pdf.Fonts
	gen   time.Time
	// history is what archive.History gives a run of the workspace.
	history []*report.PastRun
}

// loadBench reads, verifies and computes the cached workspace of n
// districts, outside any timer.
func loadBench(b *testing.B, n int, withSnapshot bool) *benchState {
	b.Helper()
	dir := benchWorkspace(b, n)
	ws, err := loadWorkspace(dir)
	if err != nil {
		b.Fatal(err)
	}
	ws.inputs = dir
	st := &benchState{dir: dir, ws: ws, gen: time.Unix(1795820400, 0).UTC()}
	if st.data, err = readAndVerify(context.Background(), ws, sample.SyntheticRun()); err != nil {
		b.Fatal(err)
	}
	if st.history, err = st.data.History, st.data.HistoryErr; err != nil {
		b.Fatal(err)
	}
	if !withSnapshot {
		return st
	}
	// As a run computes it: the projects' figures in a file (the site and
	// export benchmarks read them from there).
	in := st.figuresInput()
	if in.Projects, err = report.CreateProjectFile(scratchDir(b)); err != nil {
		b.Fatal(err)
	}
	pf := in.Projects // not in: the cleanup would keep the plan and inbox live
	b.Cleanup(func() { pf.Close() })
	st.snap = figures.Compute(in)
	if err := in.Projects.Finish(); err != nil {
		b.Fatal(err)
	}
	if st.fonts, err = pdf.LoadFonts(ws.Settings.PDF); err != nil {
		b.Fatal(err)
	}
	return st
}

func (st *benchState) figuresInput() figures.Input {
	return figures.Input{
		AsOf: sample.SyntheticRun(), Settings: st.ws.Settings, Plan: st.data.Plan,
		Inbox: st.data.Inbox, Register: st.data.Register, History: st.history,
	}
}

// cpuTime is the process's user+system CPU time. The machine is shared and
// has 2 cores: CPU time per op is steadier than wall time under others'
// load, and wall/CPU shows how well the stage uses both cores.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// heapPeak samples the live heap every millisecond until stopped and
// returns the largest sample: the Go heap's objects only (not the runtime's
// other memory, not RSS), and a sample can miss a peak shorter than 1 ms.
func heapPeak() (stop func() uint64) {
	done := make(chan struct{})
	result := make(chan uint64)
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var peak uint64
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-done:
				result <- peak
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(done); return <-result }
}

// stage runs op b.N times with setup before each outside the timer, and
// reports wall and CPU milliseconds per op under the name of the stage,
// per-file figures when perFile > 0, the sampled peak live heap, and the
// live heap the op started from (the benchmark's own inputs: the stage's
// own use is the difference).
func stage(b *testing.B, name string, perFile int, setup, op func()) {
	b.ReportAllocs()
	var cpu, wall time.Duration
	var peak, base uint64
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		if setup != nil {
			setup()
		}
		quietDisk()
		runtime.GC() // each op starts from the same heap
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		metrics.Read(s)
		base = max(base, s[0].Value.Uint64())
		stop := heapPeak()
		c, w := cpuTime(), time.Now()
		b.StartTimer()
		op()
		b.StopTimer()
		wall += time.Since(w)
		cpu += cpuTime() - c
		peak = max(peak, stop())
	}
	n := float64(b.N)
	b.ReportMetric(float64(wall.Microseconds())/1000/n, "ms/"+name)
	b.ReportMetric(float64(cpu.Microseconds())/1000/n, "cpu-ms/"+name)
	if perFile > 0 {
		b.ReportMetric(float64(wall.Microseconds())/1000/n/float64(perFile), "ms/file")
		b.ReportMetric(float64(cpu.Microseconds())/1000/n/float64(perFile), "cpu-ms/file")
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(base)/(1<<20), "base-heap-MB")
}

// BenchmarkIngest reads and verifies the inbox (report.CheckInbox), as the
// read stage of a run does.
func BenchmarkIngest(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		dir := benchWorkspace(b, n)
		benchIngest(b, dir, filepath.Join(dir, "inbox"), n)
	})
}

// BenchmarkIngestResent is BenchmarkIngest with every district's file
// sent twice (the same workbook in two folders of the inbox, as when a
// corrected file arrives beside the first): CheckInbox keeps one
// submission a district, so its peak heap should stay that of
// BenchmarkIngest while the files and the time double.
func BenchmarkIngestResent(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		dir := benchWorkspace(b, n)
		inbox := filepath.Join(scratchDir(b), "inbox")
		defer os.RemoveAll(filepath.Dir(inbox))
		for _, copy := range []string{"first", "again"} {
			runWorkspace(b, filepath.Join(dir, "inbox"), filepath.Join(inbox, copy))
		}
		benchIngest(b, dir, inbox, 2*n)
	})
}

// benchIngest measures CheckInbox on the inbox folder, which holds files
// files, against the plan and last week's run of the workspace dir.
func benchIngest(b *testing.B, dir, inbox string, files int) {
	lim := settings.Default().Limits
	plan, _, err := report.ReadPlan(filepath.Join(dir, "plan.xlsx"), lim)
	if err != nil {
		b.Fatal(err)
	}
	// Checked against last week's figures, as a run is.
	prev, err := archive.Latest(filepath.Join(dir, "archive"), sample.SyntheticRun())
	if err != nil || prev == nil {
		b.Fatalf("last week: %v", err)
	}
	in := report.CheckInput{Root: filepath.Dir(inbox), Inbox: inbox, Plan: plan, Previous: prev, AsOf: sample.SyntheticRun(), Limits: lim}
	stage(b, "ingest", files, nil, func() {
		ib, err := report.CheckInbox(context.Background(), in)
		if err != nil || len(ib.Files) != files {
			b.Fatalf("%v: %d files", err, len(ib.Files))
		}
	})
}

// BenchmarkUnzipFloor is the floor ingest is measured against (issue 7):
// open each submission zip, decompress its sheets, shared strings, styles
// and workbook parts and count their tags, parsing nothing; the files are
// shared between GOMAXPROCS workers as CheckInbox shares them.
func BenchmarkUnzipFloor(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		inbox := filepath.Join(benchWorkspace(b, n), "inbox")
		entries, err := os.ReadDir(inbox)
		if err != nil {
			b.Fatal(err)
		}
		var paths []string
		for _, e := range entries {
			paths = append(paths, filepath.Join(inbox, e.Name()))
		}
		stage(b, "floor", len(paths), nil, func() {
			next := make(chan string)
			var wg sync.WaitGroup
			for range runtime.GOMAXPROCS(0) {
				wg.Add(1)
				go func() {
					defer wg.Done()
					buf := make([]byte, 64<<10)
					for p := range next {
						scanZip(p, buf) // a CSV or a broken zip counts nothing
					}
				}()
			}
			for _, p := range paths {
				next <- p
			}
			close(next)
			wg.Wait()
		})
	})
}

// scanZip counts the tags of the workbook parts a reader needs.
func scanZip(path string, buf []byte) (tags int) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return 0
	}
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/") && f.Name != "xl/sharedStrings.xml" &&
			f.Name != "xl/styles.xml" && f.Name != "xl/workbook.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			continue
		}
		for {
			n, err := rc.Read(buf)
			tags += bytes.Count(buf[:n], []byte{'<'})
			if err != nil {
				break
			}
		}
		rc.Close()
	}
	return tags
}

// BenchmarkFigures computes the figures and warnings (figures.Compute)
// from the verified inbox, with no earlier runs, the projects' figures
// written to a file as a run writes them.
func BenchmarkFigures(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		st := loadBench(b, n, false)
		in := st.figuresInput()
		dir := scratchDir(b)
		stage(b, "figures", 0, nil, func() {
			pf, err := report.CreateProjectFile(dir)
			if err != nil {
				b.Fatal(err)
			}
			defer pf.Close()
			in.Projects = pf
			if s := figures.Compute(in); len(s.Districts) != n {
				b.Fatalf("%d districts", len(s.Districts))
			}
			if err := pf.Finish(); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// BenchmarkSite builds the intranet site (charts.Build) into an empty
// folder.
func BenchmarkSite(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		st := loadBench(b, n, true)
		echarts, err := charts.FindECharts(os.Getenv("LWC_ECHARTS"))
		if err != nil {
			b.Fatal(err)
		}
		in := charts.Input{Snapshot: st.snap, Settings: st.ws.Settings, Generated: st.gen, ECharts: echarts}
		base := scratchDir(b)
		var dir string
		i := 0
		stage(b, "site", 0, func() {
			i++
			dir = filepath.Join(base, fmt.Sprint(i))
		}, func() {
			if err := charts.Build(dir, in); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// BenchmarkPDF writes the bulletin and every district's memo as a run
// does (writeDocuments), fonts loaded once outside the timer.
func BenchmarkPDF(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		st := loadBench(b, n, true)
		pin := pdf.Input{Snapshot: st.snap, Settings: st.ws.Settings, Generated: st.gen, Fonts: st.fonts}
		var memos []memoJob
		for i, d := range pdf.MemoDistricts(st.snap) {
			memos = append(memos, memoJob{District: d, Ref: fmt.Sprintf("พช %d", i+1), File: memoFile(d)})
		}
		b.ReportMetric(float64(len(memos)), "memos")
		base := scratchDir(b)
		var dir string
		i := 0
		stage(b, "pdf", 0, func() {
			i++
			dir = filepath.Join(base, fmt.Sprint(i))
			if err := os.Mkdir(dir, 0o755); err != nil {
				b.Fatal(err)
			}
		}, func() {
			if err := writeDocuments(context.Background(), dir, pin, memos, func() {}); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// BenchmarkExport writes consolidated.xlsx and scores.xlsx.
func BenchmarkExport(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		st := loadBench(b, n, true)
		// As a run renders: with the snapshot and the submissions' notes
		// only, what was read let go (runJob); the op must not refer to st.
		snap, notes := st.snap, export.NotesOf(st.data.Inbox)
		dir := scratchDir(b)
		stage(b, "export", 0, nil, func() {
			if err := export.Consolidated(filepath.Join(dir, consolidatedFile), snap, notes); err != nil {
				b.Fatal(err)
			}
			if err := export.Scores(filepath.Join(dir, scoresFile), snap); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// BenchmarkRun is the whole weekly job (lwc run --no-email) on a fresh
// workspace, as a child process (this test binary standing in for lwc, see
// TestMain), so that its peak memory is its own: peak-RSS-MB is the
// child's VmHWM (see watchHWM). ms/<stage> are read from the run's log
// (millisecond timestamps); ms/run is the child's wall time, process
// start-up included.
func BenchmarkRun(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		src := benchWorkspace(b, n)
		base := scratchDir(b)
		var (
			wall, cpu, sys time.Duration
			rss            int64
			stages         = map[string]time.Duration{}
			order          []string
		)
		b.ResetTimer()
		for i := range b.N {
			b.StopTimer()
			dir := filepath.Join(base, fmt.Sprint(i))
			runWorkspace(b, src, dir)
			quietDisk()
			var out, errb bytes.Buffer
			cmd := exec.Command(os.Args[0], "-w", dir, "run", "--no-email", "--as-of", "2026-11-23")
			cmd.Env = append(os.Environ(), "LWC_BE_MAIN=1", "SOURCE_DATE_EPOCH=1795820400")
			cmd.Stdout, cmd.Stderr = &out, &errb
			start := time.Now()
			b.StartTimer()
			err := cmd.Start()
			var hwm int64
			if err == nil {
				stop := watchHWM(cmd.Process.Pid)
				err = cmd.Wait()
				hwm = stop()
			}
			b.StopTimer()
			wall += time.Since(start)
			if err != nil {
				b.Fatalf("lwc run: %v\n%s\n%s", err, out.String(), errb.String())
			}
			cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			sys += cmd.ProcessState.SystemTime()
			rss = max(rss, hwm)
			for _, s := range stageTimes(&out) {
				if _, ok := stages[s.name]; !ok {
					order = append(order, s.name)
				}
				stages[s.name] += s.took
			}
		}
		reportRun(b, wall, cpu, stages, order)
		b.ReportMetric(float64(sys.Microseconds())/1000/float64(b.N), "sys-ms/run")
		b.ReportMetric(float64(rss)/1024, "peak-RSS-MB")
	})
}

// watchHWM samples the peak resident set (VmHWM, KiB) of the process pid
// every 5 ms until stopped, and returns the last value read. VmHWM is the
// process's own high-water mark, so sampling misses only growth in its
// last few milliseconds. (ru_maxrss from wait4 or RUSAGE_CHILDREN is no
// use here: Linux carries the resident size of the forking process, this
// whole benchmark, into the child's ru_maxrss across exec.)
func watchHWM(pid int) (stop func() int64) {
	path := fmt.Sprintf("/proc/%d/status", pid)
	done := make(chan struct{})
	result := make(chan int64)
	go func() {
		var hwm int64
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			if data, err := os.ReadFile(path); err == nil {
				for _, line := range strings.Split(string(data), "\n") {
					if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
						var kb int64
						fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(v), " kB"), &kb)
						hwm = max(hwm, kb)
					}
				}
			}
			select {
			case <-done:
				result <- hwm
				return
			case <-t.C:
			}
		}
	}()
	return func() int64 { close(done); return <-result }
}

// BenchmarkRunInProcess is BenchmarkRun inside the benchmark's own process,
// for profiles (go test -bench RunInProcess/N=878 -cpuprofile …); its
// memory figure is the sampled live heap.
func BenchmarkRunInProcess(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		src := benchWorkspace(b, n)
		base := scratchDir(b)
		var (
			wall, cpu time.Duration
			peak      uint64
			stages    = map[string]time.Duration{}
			order     []string
		)
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			b.StopTimer()
			dir := filepath.Join(base, fmt.Sprint(i))
			runWorkspace(b, src, dir)
			quietDisk()
			var out bytes.Buffer
			e := &env{stdout: &out, stderr: io.Discard, now: time.Now, getenv: func(k string) string {
				if k == "SOURCE_DATE_EPOCH" {
					return "1795820400"
				}
				return os.Getenv(k)
			}}
			runtime.GC()
			stop := heapPeak()
			c, w := cpuTime(), time.Now()
			b.StartTimer()
			code := e.main(context.Background(), []string{"-w", dir, "run", "--no-email", "--as-of", "2026-11-23"})
			b.StopTimer()
			wall += time.Since(w)
			cpu += cpuTime() - c
			peak = max(peak, stop())
			if code != exitOK {
				b.Fatalf("lwc run: exit %d\n%s", code, out.String())
			}
			for _, s := range stageTimes(&out) {
				if _, ok := stages[s.name]; !ok {
					order = append(order, s.name)
				}
				stages[s.name] += s.took
			}
		}
		reportRun(b, wall, cpu, stages, order)
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	})
}

// scratchDir is where a benchmark's ops write, one folder per op, none
// removed before the benchmark binary ends (scripts/bench.sh removes
// $LWC_BENCH_CACHE then; without it, the testing package removes
// b.TempDir). On ext4 without a journal, which this machine's disk is,
// creating a file skips every free inode deleted in the last minute or so
// (the kernel's recently_deleted, visible in perf), and after thousands
// of deletions file creation was 10 times slower: 1,000 creates took 32 ms,
// and 300 ms 5 to 20 seconds after 3,000 files were removed. A weekly run
// does not start seconds after such a clean-up, so the ops must not either.
func scratchDir(b *testing.B) string {
	root := os.Getenv("LWC_BENCH_CACHE")
	if root == "" {
		return b.TempDir()
	}
	dir, err := os.MkdirTemp(root, "scratch-")
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

// quietDisk writes back what earlier ops and their clean-up left dirty
// (thousands of files created and removed), outside the timer: on this
// kind of virtual disk that write-back otherwise lands in the next op's
// file creations and fsyncs, and a weekly run starts from a quiet disk.
func quietDisk() { syscall.Sync() }

func reportRun(b *testing.B, wall, cpu time.Duration, stages map[string]time.Duration, order []string) {
	n := float64(b.N)
	b.ReportMetric(float64(wall.Microseconds())/1000/n, "ms/run")
	b.ReportMetric(float64(cpu.Microseconds())/1000/n, "cpu-ms/run")
	for _, s := range order {
		b.ReportMetric(float64(stages[s].Microseconds())/1000/n, "ms/"+s)
	}
}

type stageTime struct {
	name string
	took time.Duration
}

// stageTimes reads the stages' durations from a run's log lines
// ("time=… level=INFO msg=stage stage=read", then "msg=\"run finished\"").
func stageTimes(log io.Reader) []stageTime {
	var (
		out  []stageTime
		name string
		from time.Time
	)
	sc := bufio.NewScanner(log)
	for sc.Scan() {
		line := sc.Text()
		f := strings.Fields(line)
		if len(f) < 3 || !strings.HasPrefix(f[0], "time=") {
			continue
		}
		at, err := time.Parse(time.RFC3339Nano, strings.TrimPrefix(f[0], "time="))
		if err != nil {
			continue
		}
		next := ""
		switch {
		case strings.Contains(line, "msg=stage "):
			for _, kv := range f {
				if v, ok := strings.CutPrefix(kv, "stage="); ok {
					next = v
				}
			}
		case strings.Contains(line, `msg="run finished"`):
		default:
			continue
		}
		if name != "" {
			out = append(out, stageTime{name, at.Sub(from)})
		}
		name, from = next, at
	}
	return out
}
