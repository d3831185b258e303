package report_test

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"lwc/report"
	"lwc/report/forms"
	"lwc/report/sample"
	"lwc/report/settings"
)

// BenchmarkReadPlan reads a national plan: 878 districts of the synthetic
// province, 105,360 project rows, as forms.WritePlan writes it. It is an
// external test because forms and sample import report.
func BenchmarkReadPlan(b *testing.B) {
	const districts = 878
	path := filepath.Join(b.TempDir(), "plan.xlsx")
	want := sample.SyntheticPlan(districts, 1)
	if err := forms.WritePlan(path, want); err != nil {
		b.Fatal(err)
	}
	lim := settings.Default().Limits
	b.ReportAllocs()
	b.ResetTimer()
	start := processCPU()
	for b.Loop() {
		p, _, err := report.ReadPlan(path, lim)
		if err != nil {
			b.Fatal(err)
		}
		if p.NumProjects() != len(want.Projects) {
			b.Fatalf("%d projects, want %d", p.NumProjects(), len(want.Projects))
		}
	}
	b.ReportMetric(float64((processCPU()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// processCPU is the process's user+system CPU time, as cpuTime in
// bench_test.go (which this external package cannot see).
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
