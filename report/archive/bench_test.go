package archive

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"lwc/report"
	"lwc/report/figures"
	"lwc/report/sample"
	"lwc/report/settings"
)

// synthetic is the synthetic province of n districts
// (report/sample.Synthetic, seed 1) read and verified as a run on
// sample.SyntheticRun() would read it.
type synthetic struct {
	check   report.CheckInput
	figures figures.Input
}

func readSynthetic(tb testing.TB, n int) *synthetic {
	tb.Helper()
	dir := tb.TempDir()
	files, err := sample.Synthetic(dir, n, 1)
	if err != nil {
		tb.Fatal(err)
	}
	inbox := filepath.Join(dir, "inbox")
	if err := os.Mkdir(inbox, 0o755); err != nil {
		tb.Fatal(err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(inbox, f.Name), f.Data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	s := settings.Default()
	plan, _, err := report.ReadPlan(filepath.Join(dir, "plan.xlsx"), s.Limits)
	if err != nil {
		tb.Fatal(err)
	}
	reg, _, err := report.ReadRegister(filepath.Join(dir, "reports.xlsx"), s.Limits)
	if err != nil {
		tb.Fatal(err)
	}
	check := report.CheckInput{Root: dir, Inbox: inbox, Plan: plan, AsOf: sample.SyntheticRun(), Limits: s.Limits}
	in, err := report.CheckInbox(context.Background(), check)
	if err != nil {
		tb.Fatal(err)
	}
	return &synthetic{check: check, figures: figures.Input{AsOf: sample.SyntheticRun(), Settings: s, Plan: plan, Inbox: in, Register: reg}}
}

// syntheticSnapshot computes the snapshot of the synthetic province of n
// districts: at n = 878 it has 105,360 projects and about 75 MB of
// snapshot.json.
func syntheticSnapshot(tb testing.TB, n int) *report.Snapshot {
	tb.Helper()
	return figures.Compute(readSynthetic(tb, n).figures)
}

// BenchmarkMarshal encodes snapshot.json of a province (13 districts) and
// of the whole country (878):
//
//	go test ./report/archive -run '^$' -bench Marshal -benchtime 5x
func BenchmarkMarshal(b *testing.B) {
	for _, n := range []int{13, 878} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			snap := syntheticSnapshot(b, n)
			b.ReportAllocs()
			var size int
			cpu := cpuTime()
			for b.Loop() {
				out, err := Marshal(snap)
				if err != nil {
					b.Fatal(err)
				}
				size = len(out)
			}
			reportCPU(b, cpu)
			b.ReportMetric(float64(size)/(1<<20), "MB")
		})
	}
}

// BenchmarkWriteSnapshot writes snapshot.json into a staging archive, as a
// run does (file creation and fsync included).
func BenchmarkWriteSnapshot(b *testing.B) {
	for _, n := range []int{13, 878} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			snap := syntheticSnapshot(b, n)
			r, err := Begin(b.TempDir(), sample.SyntheticRun())
			if err != nil {
				b.Fatal(err)
			}
			defer r.Abort()
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				if err := r.WriteSnapshot(snap); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

// cpuTime is the process's user and system CPU time: steadier than wall
// time on a shared machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU milliseconds per op since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// BenchmarkRun archives a national run as lwc run does: the inputs (plan,
// contacts, register and 878 inbox files), the outputs (838 PDFs of 40 KB,
// two workbooks), snapshot.json and the log, then the manifest and the
// switch.
func BenchmarkRun(b *testing.B) {
	ws := b.TempDir()
	files, err := sample.Synthetic(ws, 878, 1)
	if err != nil {
		b.Fatal(err)
	}
	rels := []string{"plan.xlsx", "contacts.xlsx", "reports.xlsx"}
	for _, f := range files {
		rel := "inbox/" + f.Name
		if err := os.MkdirAll(filepath.Join(ws, "inbox"), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(ws, rel), f.Data, 0o644); err != nil {
			b.Fatal(err)
		}
		rels = append(rels, rel)
	}
	out := b.TempDir()
	pdf := make([]byte, 40<<10)
	for i := range 838 {
		p := filepath.Join(out, "memos", fmt.Sprintf("%04d.pdf", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, pdf, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for name, size := range map[string]int{"consolidated.xlsx": 15 << 20, "scores.xlsx": 200 << 10} {
		if err := os.WriteFile(filepath.Join(out, name), make([]byte, size), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	snap := syntheticSnapshot(b, 878)
	root := b.TempDir()
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		r, err := Begin(root, sample.SyntheticRun())
		if err != nil {
			b.Fatal(err)
		}
		if err := errors.Join(r.CopyInputFiles(inputs(ws, rels...))...); err != nil {
			b.Fatal(err)
		}
		if err := r.AddOutputDir(out); err != nil {
			b.Fatal(err)
		}
		if err := r.WriteSnapshot(snap); err != nil {
			b.Fatal(err)
		}
		if err := r.WriteLog([]byte("log")); err != nil {
			b.Fatal(err)
		}
		if err := r.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}

// archiveWeeks archives the snapshots of the synthetic province of n
// districts for the k weeks before sample.SyntheticRun(), each computed
// with the ones before it as a run would.
func archiveWeeks(tb testing.TB, n, k int) string {
	tb.Helper()
	syn := readSynthetic(tb, n)
	root := tb.TempDir()
	var history []*report.PastRun
	for w := k; w >= 1; w-- {
		in := syn.figures
		in.AsOf = sample.SyntheticRun().AddDate(0, 0, -7*w)
		in.History = history
		snap := figures.Compute(in)
		archiveSnapshot(tb, root, in.AsOf, snap)
		history = append(history, report.PastOf(snap))
	}
	return root
}

// archiveSnapshot archives a run of asOf holding only its snapshot.
func archiveSnapshot(tb testing.TB, root string, asOf time.Time, snap *report.Snapshot) {
	tb.Helper()
	r, err := Begin(root, asOf)
	if err != nil {
		tb.Fatal(err)
	}
	if err := r.WriteSnapshot(snap); err != nil {
		tb.Fatal(err)
	}
	if err := r.Commit(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkHistory reads what a national run reads of the archive before
// it computes (History of the last 8 weeks, and Latest), from trend.json
// and disbursed.json, and from snapshot.json alone as for a week archived
// before them:
//
//	go test ./report/archive -run '^$' -bench 'History' -benchtime 3x
func BenchmarkHistory(b *testing.B) {
	root := archiveWeeks(b, 878, 8)
	for _, from := range []string{"digest", "snapshot"} {
		b.Run("from="+from, func(b *testing.B) {
			if from == "snapshot" {
				dirs, _ := filepath.Glob(filepath.Join(root, "20*"))
				for _, d := range dirs {
					os.Remove(filepath.Join(d, TrendFile))
					os.Remove(filepath.Join(d, DisbursedFile))
				}
			}
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				h, err := History(root, sample.SyntheticRun(), 8)
				if err != nil || len(h) != 8 {
					b.Fatalf("History: %d, %v", len(h), err)
				}
				if l, err := Latest(root, sample.SyntheticRun()); err != nil || l == nil {
					b.Fatalf("Latest: %v", err)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

// BenchmarkHistoryYearEnd reads History as a national run does at the
// fiscal year's end: nine earlier weeks, each carrying the year's history
// points (43 to 51 of them, a map of every district each). retained-MB is
// what History's result holds after a collection:
//
//	go test ./report/archive -run '^$' -bench 'HistoryYearEnd' -benchtime 3x
func BenchmarkHistoryYearEnd(b *testing.B) {
	one := archiveWeeks(b, 878, 1)
	dirs, err := filepath.Glob(filepath.Join(one, "20*"))
	if err != nil || len(dirs) != 1 {
		b.Fatalf("archived weeks %v, %v", dirs, err)
	}
	var week report.PastRun
	if err := readJSON(filepath.Join(dirs[0], TrendFile), &week); err != nil {
		b.Fatal(err)
	}
	point := week.History[len(week.History)-1]
	root := b.TempDir()
	start := time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC) // the year's first Monday
	for w := 42; w <= 50; w++ {
		r := week
		r.AsOf = dateName(start.AddDate(0, 0, 7*w))
		r.History = nil
		for k := 0; k <= w; k++ {
			p := point
			p.AsOf = dateName(start.AddDate(0, 0, 7*k))
			r.History = append(r.History, p)
		}
		dir := filepath.Join(root, r.AsOf)
		if err := os.Mkdir(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		if err := writeJSON(filepath.Join(dir, TrendFile), &r); err != nil {
			b.Fatal(err)
		}
	}
	before := start.AddDate(0, 0, 7*51)
	var retained uint64
	b.ReportAllocs()
	for b.Loop() {
		var m0, m1 runtime.MemStats
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&m0)
		b.StartTimer()
		h, err := History(root, before, 9)
		if err != nil || len(h) != 9 {
			b.Fatalf("History: %d, %v", len(h), err)
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&m1)
		if m1.HeapAlloc > m0.HeapAlloc {
			retained = max(retained, m1.HeapAlloc-m0.HeapAlloc)
		}
		runtime.KeepAlive(h)
		b.StartTimer()
	}
	b.ReportMetric(float64(retained)/(1<<20), "retained-MB")
}
