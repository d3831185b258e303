package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"lwc/charts"
	"lwc/report"
	"lwc/report/archive"
	"lwc/report/export"
	"lwc/report/pdf"
	"lwc/report/publish"
)

// staged are the rendered outputs of a run, not yet published.
type staged struct {
	Site     string            // staged site folder
	Out      string            // staged outputs folder
	Bulletin string            // file name in Out
	Memos    map[string]string // district code → file name in Out
	Summary  string            // the summary text
}

// Output file names inside out/.
const (
	bulletinFile     = "bulletin.pdf"
	consolidatedFile = "consolidated.xlsx"
	scoresFile       = "scores.xlsx"
	summaryFile      = "summary.txt"
)

// memoFile names a district's memo. District codes come from plan.xlsx, so
// anything but letters, digits and '-' is replaced: a code never reaches
// the file system as a path.
func memoFile(district string) string {
	return "memo-" + strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' {
			return r
		}
		return '_'
	}, district) + ".pdf"
}

// render writes the site and every output into staging folders beside the
// live ones (same file system, so publishing is a rename).
func render(ctx context.Context, ws *workspace, snap *report.Snapshot, notes export.Notes, opt runOptions, mem memoryLimit) (*staged, error) {
	// Collected sooner until the bulletin is written (see renderGCPercent).
	normal := mem.collectSooner(renderGCPercent)
	defer normal()

	st := &staged{Bulletin: bulletinFile, Memos: map[string]string{}}
	var err error
	if st.Site, err = publish.Stage(ws.Site); err != nil {
		return nil, err
	}
	if st.Out, err = publish.Stage(ws.Out); err != nil {
		return nil, err
	}
	s := ws.Settings

	memoDistricts := pdf.MemoDistricts(snap)
	refs, err := archive.MemoNumbers(ws.Archive, opt.AsOf, snap.FiscalYear, memoDistricts, s.Memo.RefStart)
	if err != nil {
		return nil, err
	}
	fonts, err := pdf.LoadFonts(s.PDF)
	if err != nil {
		return nil, err
	}
	echarts, err := charts.FindECharts("") // $LWC_ECHARTS, beside the binary, or node_modules
	if err != nil {
		return nil, err
	}

	// The site, the workbooks and the documents are independent, and each
	// group renders in parallel (the documents share the fonts, see
	// package pdf). They go in two phases because of memory, not order:
	// the site's pages and the workbooks' rows in flight, and the
	// documents' (the bulletin's pages, 10 MB at national scale, and a
	// zlib writer per PDF stream) added up to the run's peak; one phase
	// after the other, a national run peaks 10-15 MB lower. Both phases
	// keep the two cores busy, so the wall time is about the same.
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	do := func(name string, f func() error) {
		wg.Go(func() {
			if err := f(); err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("%s: %w", name, err))
				mu.Unlock()
			}
		})
	}
	pin := pdf.Input{Snapshot: snap, Settings: s, Generated: opt.Generated, Fonts: fonts}
	memos := make([]memoJob, len(memoDistricts))
	for i, d := range memoDistricts {
		memos[i] = memoJob{District: d, Ref: fmt.Sprintf("%s%d", s.Memo.RefPrefix, refs[d]), File: memoFile(d)}
		st.Memos[d] = memos[i].File
	}
	docs := []charts.Document{
		{Title: "จดหมายข่าว (PDF)", Source: filepath.Join(st.Out, bulletinFile)},
		{Title: "ข้อมูลรวมทุกอำเภอ (Excel)", Source: filepath.Join(st.Out, consolidatedFile)},
		{Title: "คะแนนรายอำเภอ (Excel)", Source: filepath.Join(st.Out, scoresFile)},
	}
	for _, m := range memos {
		docs = append(docs, charts.Document{Title: "บันทึกข้อความถึงอำเภอ (PDF)", Source: filepath.Join(st.Out, m.File), District: m.District})
	}
	do("site", func() error {
		return charts.Build(st.Site, charts.Input{Snapshot: snap, Settings: s, Generated: opt.Generated, ECharts: echarts, Documents: docs})
	})
	do("consolidated", func() error { return export.Consolidated(filepath.Join(st.Out, consolidatedFile), snap, notes) })
	do("scores", func() error { return export.Scores(filepath.Join(st.Out, scoresFile), snap) })
	st.Summary = export.Summary(snap, s)
	do("summary", func() error { return os.WriteFile(filepath.Join(st.Out, summaryFile), []byte(st.Summary), 0o644) })
	wg.Wait()
	if len(errs) == 0 {
		do("pdf", func() error { return writeDocuments(ctx, st.Out, pin, memos, normal) })
		wg.Wait()
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("สร้างผลลัพธ์ไม่สำเร็จ: %v", errs)
	}
	if err := charts.CopyDocuments(st.Site, docs); err != nil {
		return nil, fmt.Errorf("สร้างหน้าเว็บไม่สำเร็จ: %w", err)
	}
	return st, ctx.Err()
}

// memoJob is one district notice to write.
type memoJob struct {
	District string
	Ref      string // the memo number, with its prefix
	File     string // file name in the outputs folder
}

// writeDocuments writes the bulletin, then the memos on GOMAXPROCS
// workers: a national run has hundreds of memos, and one goroutine each
// would hold every document in memory at once (a gofpdf document keeps
// its pages and font buffers until written) for no gain in speed.
//
// The bulletin is written alone, before the memos. gofpdf compresses each
// page with a new zlib writer (about 1 MB each, 202 pages for a national
// bulletin), and that burst of large short-lived allocations beside the
// memos' own drove the heap far above the live data: peak RSS of a
// national run 106-110 MB with the bulletin among the memos, 92-96 MB
// with it alone (the idle core marks for the collector meanwhile), for
// about 0.1 s more of wall time.
//
// afterBulletin runs once the bulletin is written, before the memos.
//
// The first failure stops the queue: the run fails anyway, and a broken
// font or template would fail every memo after it.
func writeDocuments(ctx context.Context, dir string, pin pdf.Input, memos []memoJob, afterBulletin func()) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, bulletinFile), func(f *os.File) error { return pdf.Bulletin(f, pin) }); err != nil {
		return fmt.Errorf("bulletin: %w", err)
	}
	afterBulletin()
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, m := range memos {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			err := writeFile(filepath.Join(dir, m.File), func(f *os.File) error { return pdf.Memo(f, pin, m.District, m.Ref) })
			if err != nil {
				return fmt.Errorf("memo %s: %w", m.District, err)
			}
			return nil
		})
	}
	return errors.Join(g.Wait(), ctx.Err())
}

func writeFile(path string, write func(*os.File) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
