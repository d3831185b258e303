package sample

import (
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"
)

func TestMeasureSynthetic(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("LWC_N"))
	if n == 0 {
		t.Skip()
	}
	dir := t.TempDir()
	start := time.Now()
	w := syntheticWorld(n, 1)
	t.Log("world", time.Since(start))
	start = time.Now()
	var r0, r1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &r0)
	if err := writeWorkspace(dir, w); err != nil {
		t.Fatal(err)
	}
	syscall.Getrusage(syscall.RUSAGE_SELF, &r1)
	t.Log("workspace", time.Since(start), "cpu", time.Duration(r1.Utime.Nano()-r0.Utime.Nano()+r1.Stime.Nano()-r0.Stime.Nano()))
	start = time.Now()
	var ru0, ru1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	files, err := w.submissions(1)
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	t.Log("cpu", time.Duration(ru1.Utime.Nano()-ru0.Utime.Nano()+ru1.Stime.Nano()-ru0.Stime.Nano()))
	if err != nil {
		t.Fatal(err)
	}
	var size int
	for _, f := range files {
		size += len(f.Data)
	}
	t.Log("submissions", time.Since(start), len(files), size)
}
