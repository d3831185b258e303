package report

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"lwc/report/settings"
	"lwc/report/sheet"
)

// A national run reads 878 district workbooks of about 200 rows. These
// benchmarks measure one such workbook and a whole inbox of them:
//
//	go test ./report/ -run '^$' -bench . -benchmem
//
// See docs/performance.md for the numbers.

const benchProjects, benchSubDistricts = 150, 50

// cpuTime returns the process's user+system CPU time. The machine the
// benchmarks run on is shared: wall time per op swings with others' load,
// CPU time per op much less, so both are reported.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// measure runs the benchmark loop body and reports CPU ns per op.
func measure(b *testing.B, body func()) {
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		body()
	}
	b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// bigSub is a district submission of benchProjects project rows and
// benchSubDistricts sub-district rows, with shared strings, dates and
// thousands-separated text numbers as districts type them.
func bigSub(code string) *sub {
	s := testSub(code)
	s.budget = nil
	for i := range benchProjects {
		var disbursed any = 1000 * (i % 7)
		if i%5 == 0 {
			disbursed = fmt.Sprintf("%d,%03d", i+1, i%1000)
		}
		s.budget = append(s.budget, []any{fmt.Sprintf("P%03d", i+1), fmt.Sprintf("โครงการพัฒนาชุมชนที่ %d", i+1), "กลุ่มงานส่งเสริมการพัฒนาชุมชน", 100000 + i, 500 * (i % 3), disbursed, ""})
	}
	s.bmn = nil
	for i := range benchSubDistricts {
		s.bmn = append(s.bmn, []any{fmt.Sprintf("ตำบลที่ %d", i+1), 100, 60, 40, ""})
	}
	return s
}

// bigPlan is a plan of n districts with bigSub's projects.
func bigPlan(n int) *Plan {
	p := &Plan{Targets: map[string]QuarterTargets{ExpenseOverall: {0.3, 0.55, 0.8, 1}}}
	for d := range n {
		code := fmt.Sprintf("%04d", 1001+d)
		p.Districts = append(p.Districts, District{Code: code, Name: "อำเภอ" + code})
		for i := range benchProjects {
			p.Projects = append(p.Projects, Project{District: code, Code: fmt.Sprintf("P%03d", i+1), Allocated: float64(100000 + i), ExpenseType: ExpenseCurrent})
		}
		p.BMN = append(p.BMN, BMNTarget{District: code, Households: 100 * benchSubDistricts})
	}
	return p
}

func BenchmarkReadSubmission(b *testing.B) {
	path := writeFile(b, filepath.Join(b.TempDir(), "s.xlsx"), bigSub("5201").bytes(b))
	measure(b, func() {
		s, _, err := ReadSubmission(path, settings.Limits{})
		if err != nil || len(s.Projects) != benchProjects {
			b.Fatal(err)
		}
	})
}

// BenchmarkExcelizeBaseline is the cost the fast reader replaces: excelize
// opening the same workbook and iterating its sheets' rows.
func BenchmarkExcelizeBaseline(b *testing.B) {
	path := writeFile(b, filepath.Join(b.TempDir(), "s.xlsx"), bigSub("5201").bytes(b))
	measure(b, func() {
		f, err := excelize.OpenFile(path)
		if err != nil {
			b.Fatal(err)
		}
		for _, name := range f.GetSheetList() {
			rows, err := f.Rows(name)
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
				if _, err := rows.Columns(excelize.Options{RawCellValue: true}); err != nil {
					b.Fatal(err)
				}
			}
			if err := rows.Error(); err != nil {
				b.Fatal(err)
			}
			rows.Close()
		}
		f.Close()
	})
}

// BenchmarkCheckInbox verifies an inbox of 878 district workbooks (set
// LWC_BENCH_DISTRICTS to change the number).
func BenchmarkCheckInbox(b *testing.B) {
	n := 878
	if v := os.Getenv("LWC_BENCH_DISTRICTS"); v != "" {
		fmt.Sscan(v, &n)
	}
	root := b.TempDir()
	inbox := filepath.Join(root, "inbox")
	plan := bigPlan(n)
	for _, d := range plan.Districts {
		s := bigSub(d.Code)
		s.name = d.Name
		writeFile(b, filepath.Join(inbox, d.Code+".xlsx"), s.bytes(b))
	}
	in := CheckInput{Root: root, Inbox: inbox, Plan: plan, AsOf: day(2026, 11, 23)}
	measure(b, func() {
		ib, err := CheckInbox(context.Background(), in)
		if err != nil || len(ib.Accepted) != n {
			b.Fatalf("%v: %d accepted", err, len(ib.Accepted))
		}
	})
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n)/1000, "ms/file")
}

// BenchmarkUnzipFloor is the floor the reader is measured against: open the
// zip, decompress the sheets, shared strings, styles and workbook parts and
// count their tags, doing nothing else.
func BenchmarkUnzipFloor(b *testing.B) {
	path := writeFile(b, filepath.Join(b.TempDir(), "s.xlsx"), bigSub("5201").bytes(b))
	buf := make([]byte, 64<<10)
	measure(b, func() {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			b.Fatal(err)
		}
		tags := 0
		for _, f := range zr.File {
			if !strings.HasPrefix(f.Name, "xl/worksheets/") && f.Name != "xl/sharedStrings.xml" && f.Name != "xl/styles.xml" && f.Name != "xl/workbook.xml" {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				b.Fatal(err)
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
		if tags == 0 {
			b.Fatal("no tags")
		}
	})
}

// BenchmarkSheetOnly reads the three sheets with package sheet alone (no
// verification), to tell reading from checking.
func BenchmarkSheetOnly(b *testing.B) {
	path := writeFile(b, filepath.Join(b.TempDir(), "s.xlsx"), bigSub("5201").bytes(b))
	measure(b, func() {
		bk, err := sheet.Open(path, settings.Limits{})
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range bk.Sheets {
			if _, err := bk.Read(s); err != nil {
				b.Fatal(err)
			}
		}
	})
}
