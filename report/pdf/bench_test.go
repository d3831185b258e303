package pdf

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"lwc/report"
	"lwc/report/figures"
	"lwc/report/sample"
	"lwc/report/settings"
)

// One document at a time, single-threaded, over the synthetic province of
// N districts (the bulletin grows with N, a memo does not):
//
//	go test ./report/pdf/ -run '^$' -bench . -benchmem
//
// The run renders all documents in parallel; cmd/lwc's BenchmarkPDF
// measures that, and docs/performance.md has the numbers.

// benchSnapshot computes the snapshot of a synthetic province of n
// districts, outside any timer.
func benchSnapshot(b *testing.B, n int) *report.Snapshot {
	b.Helper()
	dir := b.TempDir()
	files, err := sample.Synthetic(dir, n, 1)
	if err != nil {
		b.Fatal(err)
	}
	inbox := filepath.Join(dir, "inbox")
	if err := os.Mkdir(inbox, 0o755); err != nil {
		b.Fatal(err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(inbox, f.Name), f.Data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	lim := settings.Default().Limits
	lim.MaxRows = 200000 // a national plan has 105,360 project rows
	plan, _, err := report.ReadPlan(filepath.Join(dir, "plan.xlsx"), lim)
	if err != nil {
		b.Fatal(err)
	}
	ib, err := report.CheckInbox(context.Background(), report.CheckInput{
		Root: dir, Inbox: inbox, Plan: plan, AsOf: sample.SyntheticRun(), Limits: lim,
	})
	if err != nil {
		b.Fatal(err)
	}
	return figures.Compute(figures.Input{AsOf: sample.SyntheticRun(), Settings: testSettings(), Plan: plan, Inbox: ib})
}

func benchInput(b *testing.B, n int) Input {
	return Input{Snapshot: benchSnapshot(b, n), Settings: testSettings(), Fonts: fonts(b),
		Generated: time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}
}

// BenchmarkMemo writes the notices of the first districts with warnings,
// one per op.
func BenchmarkMemo(b *testing.B) {
	for _, n := range []int{13, 878} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			in := benchInput(b, n)
			ds := MemoDistricts(in.Snapshot)
			if len(ds) == 0 {
				b.Fatal("no district has a warning")
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if err := Memo(io.Discard, in, ds[i%len(ds)], "พช 1"); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkBulletin writes the province bulletin.
func BenchmarkBulletin(b *testing.B) {
	for _, n := range []int{13, 100, 878} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			in := benchInput(b, n)
			b.ReportAllocs()
			for b.Loop() {
				if err := Bulletin(io.Discard, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLoadFonts reads the fonts and the word list, once per run.
func BenchmarkLoadFonts(b *testing.B) {
	fonts(b) // skip without the fonts
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadFonts(settings.PDF{}); err != nil {
			b.Fatal(err)
		}
	}
}
