package main

// The weekly job, top to bottom:
//
//	load workspace → read & verify → compute → render → publish → deliver → archive
//
// Each stage is a function over plain data. The inputs are first copied
// into the run's staging archive and read from there, so the archive holds
// exactly what was read; a past date with an archive is reproduced by
// reading that archive's copies instead of the live files.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"lwc/report"
	"lwc/report/archive"
	"lwc/report/export"
	"lwc/report/figures"
	"lwc/report/publish"
	"lwc/report/settings"
	"lwc/report/sheet"
)

// runResult is what a run tells its caller.
type runResult struct {
	AsOf      time.Time
	Snapshot  *report.Snapshot // without its projects: their file is closed when the run ends
	Site      string           // published site folder ("" when not published)
	Out       string           // published outputs folder
	Archive   string           // this date's archive folder
	Published bool
	Mail      mailReport
}

func (r *runResult) print(w io.Writer) {
	if r.Snapshot == nil {
		return
	}
	s := r.Snapshot
	var acc, rej int
	for _, f := range s.Files {
		switch f.State {
		case report.StateAccepted, report.StateAcceptedWithWarnings:
			acc++
		case report.StateRejected:
			rej++
		}
	}
	fmt.Fprintf(w, "\nข้อมูล ณ วันที่ %s: ไฟล์ %d (รับ %d, ไม่รับ %d), คำเตือน %d รายการ\n",
		thaiDate(r.AsOf), len(s.Files), acc, rej, len(s.Warnings))
	if r.Published {
		fmt.Fprintf(w, "หน้าเว็บ: %s\nผลลัพธ์: %s\n", filepath.Join(r.Site, "index.html"), r.Out)
	} else {
		fmt.Fprintf(w, "สร้างผลลัพธ์ของวันที่ในอดีตใหม่ไว้ในคลัง (ไม่เผยแพร่ทับของปัจจุบัน)\n")
	}
	fmt.Fprintf(w, "คลัง: %s\n", r.Archive)
	r.Mail.print(w)
}

// runData is everything read and verified for one run.
type runData struct {
	Plan     *report.Plan
	Contacts []report.Contact
	Register []report.Receipt
	Inbox    *report.Inbox
	// Issues of the office's own files (plan, contacts, register), by file.
	Issues map[string][]report.Issue
	// History is the archived runs the trend and escalation read;
	// HistoryErr names the weeks that could not be read (the others are
	// in History: one damaged week must not stop the run).
	History    []*report.PastRun
	HistoryErr error
}

// runJob is the weekly job.
func runJob(ctx context.Context, e *env, p *progress, root string, opt runOptions) (*runResult, error) {
	p.Stage("load", "โหลดโฟลเดอร์งาน")
	ws, err := loadWorkspace(root)
	if err != nil {
		return nil, err
	}
	mem := limitMemory(ws.Settings.Limits, e.getenv)
	defer mem.Restore()
	if mem.set {
		p.Info("memory limit", "mb", mem.mb)
	}
	release, err := publish.Lock(ws.Root, p.now())
	if errors.Is(err, publish.ErrLocked) {
		return nil, &exitError{code: exitLocked, err: err}
	} else if err != nil {
		return nil, err
	}
	defer release()
	run, err := archive.Begin(ws.Archive, opt.AsOf)
	if err != nil {
		return nil, err
	}
	defer run.Abort() // no-op after Commit
	ws, reproduce, err := stageInputs(p, ws, run, opt.AsOf)
	if err != nil {
		return nil, err
	}

	p.Stage("read", "อ่านและตรวจสอบไฟล์")
	data, err := readAndVerify(ctx, ws, opt.AsOf)
	if err != nil {
		return nil, err
	}
	p.Info("verified", "files", len(data.Inbox.Files), "accepted_districts", len(data.Inbox.Accepted))
	for _, name := range officeFiles() {
		// The office's own files: a problem there changes every figure, so
		// each one is in the log (lwc check prints them too).
		for _, is := range data.Issues[name] {
			p.Warn("workspace file issue", "file", name, "sheet", is.Sheet, "cell", is.Cell, "code", is.Code, "message", is.Message)
		}
	}

	p.Stage("compute", "คำนวณผลและการแจ้งเตือน")
	if err := data.HistoryErr; err != nil {
		// A damaged week must not stop the run: the trend uses the others.
		// But the trend and the count of red runs behind ทวงถาม now miss
		// that week, so it goes on the data-quality page too: the log
		// alone reaches no one.
		p.Warn("archived snapshot unreadable", "error", err)
		data.Issues[archiveName] = append(data.Issues[archiveName], report.Issue{
			Severity: report.SeverityWarning, Code: codeArchiveUnreadable,
			Message: "อ่านข้อมูลย้อนหลังในคลังบางสัปดาห์ไม่ได้ กราฟแนวโน้มและการนับรอบที่ใช้ตัดสินการทวงถามจึงไม่รวมสัปดาห์นั้น โปรดตรวจสอบไฟล์ในคลัง: " + err.Error(),
		})
	}
	// The projects' figures go to a file as they are computed, and each
	// output reads them back (report.ProjectFile): a national plan's
	// 105,000 would otherwise be held from here to the end of rendering.
	// It has no name, in the staging archive's folder (the workspace's
	// disk, not a temporary folder that may be memory), and goes when
	// closed.
	projects, err := report.CreateProjectFile(run.Dir())
	if err != nil {
		return nil, fmt.Errorf("สร้างไฟล์พักข้อมูลโครงการในโฟลเดอร์คลังไม่ได้ (ดิสก์เต็มหรือไม่มีสิทธิ์เขียน?): %w", err)
	}
	defer projects.Close()
	snap := figures.Compute(figures.Input{
		AsOf: opt.AsOf, Settings: ws.Settings, Plan: data.Plan, Inbox: data.Inbox,
		Register: data.Register, History: data.History, Workspace: data.workspaceFiles(),
		Projects: projects,
	})
	if err := projects.Finish(); err != nil {
		return nil, fmt.Errorf("เขียนไฟล์พักข้อมูลโครงการในโฟลเดอร์คลังไม่ได้ (ดิสก์เต็ม?): %w", err)
	}
	p.Info("computed", "warnings", len(snap.Warnings), "province_rate", fmt.Sprintf("%.4f", snap.Province.Budget.DisbursementRate))
	// Of what was read, rendering needs the submissions' notes only and
	// delivery the contacts. The plan and the submissions go now: in a
	// national run they are over 200,000 lines, half the live heap while
	// rendering, which every garbage collection would walk again.
	notes, contacts := export.NotesOf(data.Inbox), data.Contacts
	data = nil

	// The snapshot goes into the staging archive while the outputs render:
	// nothing after compute changes it, and encoding a national one takes
	// a third of a second that would otherwise come after delivery, with
	// a core idle. Every return waits for it (defers run last in, first
	// out, so before run.Abort removes the staging folder and the
	// projects' file is closed).
	//
	// Once it is written, the disk is set to flush what the run has
	// written so far (the snapshot, 75 MB at national scale, and the
	// pages and workbooks rendered by then) while the rest renders: the
	// flush before publishing (publish.Swap) otherwise waited for all of a
	// national run's 250 MB at once. A write-back error found then fails
	// the run before anything is published, as that flush would have:
	// syncfs(2) reports an error once, and the later flush would not.
	var (
		snapWrite sync.WaitGroup
		snapErr   error
		flushErr  error
	)
	snapWrite.Go(func() {
		if snapErr = run.WriteSnapshot(snap); snapErr == nil {
			flushErr = publish.SyncTree(run.Dir())
		}
	})
	defer snapWrite.Wait()

	p.Stage("render", "สร้างหน้าเว็บ PDF และไฟล์ส่งออก")
	staged, err := render(ctx, ws, snap, notes, opt, mem)
	if err != nil {
		return nil, err
	}
	res := &runResult{AsOf: opt.AsOf, Snapshot: snap, Archive: archive.DateDir(ws.Archive, opt.AsOf), Site: ws.Site, Out: ws.Out}
	outDir := staged.Out // where the outputs are after publishing
	if snapWrite.Wait(); flushErr != nil {
		return nil, fmt.Errorf("เขียนข้อมูลลงดิสก์ไม่ได้ (ดิสก์เต็มหรือเสีย?): %w", flushErr)
	}
	if !reproduce {
		if outDir, err = publishOutputs(p, ws, staged); err != nil {
			return nil, err
		}
		res.Published = true
	}

	var deliverErr error
	if !opt.NoEmail {
		p.Stage("deliver", "ส่งอีเมล")
		res.Mail, deliverErr = deliverOutputs(ctx, p, e, ws, snap, contacts, staged, outDir, opt)
	}

	p.Info("garbage collection", "cpu_share", fmt.Sprintf("%.3f", mem.GCShare()))
	if mem.Exceeded() {
		// Before the archive stage, so that run.log has it.
		p.Warn("memory limit too low", "memory_mb", mem.mb, "message", "หน่วยความจำที่กำหนดไม่พอสำหรับข้อมูลชุดนี้ การประมวลผลจึงช้าลง โปรดเพิ่มค่า memory_mb ในหมวด [limits] ของ lwc.toml")
	}
	p.Stage("archive", "เก็บเข้าคลัง")
	if snapWrite.Wait(); snapErr != nil {
		return nil, snapErr
	}
	if err := archiveRun(p, run, outDir); err != nil {
		return nil, err
	}
	if reproduce {
		// A reproduction keeps its outputs in the archive only.
		os.RemoveAll(staged.Site)
		os.RemoveAll(staged.Out)
	}
	if deliverErr != nil {
		return res, &exitError{code: exitDelivery, err: deliverErr}
	}
	return res, nil
}

// stageInputs copies the run's inputs into the staging archive and points
// the workspace at the copies. For a date older than the newest archive
// (a reproduction) the inputs are that date's archived ones.
//
// The office's own files must all be there: without one the run stops,
// naming it. An inbox entry that cannot be copied (no permission to read
// it, gone while the run copied it) or is not a regular file does not
// stop the run: the staged workspace lists it in unreadable, and
// verification rejects it with the reason (report.CheckInput.Unreadable),
// as lwc check does on the live inbox. An inbox file over
// limits.max_file_bytes is not copied either, and is rejected as over the
// limit (report.TooLargeError). An inbox folder that cannot be
// listed stops the run: any district's file may be in it, and a run that
// went on would warn districts that did send.
func stageInputs(p *progress, ws *workspace, run *archive.Run, asOf time.Time) (staged *workspace, reproduce bool, err error) {
	dates, err := archive.Dates(ws.Archive)
	if err != nil {
		return nil, false, err
	}
	reproduce = len(dates) > 0 && asOf.Before(dates[len(dates)-1])
	var src []input
	var skipped map[string]error
	if reproduce {
		dir, ok := archive.Inputs(ws.Archive, asOf)
		if !ok {
			return nil, false, fmt.Errorf("ไม่มีข้อมูลของวันที่ %s ในคลัง จึงสร้างผลลัพธ์ย้อนหลังไม่ได้ (มีข้อมูลล่าสุดวันที่ %s)",
				thaiDate(asOf), thaiDate(dates[len(dates)-1]))
		}
		if src, err = archivedInputs(dir); err != nil {
			return nil, false, err
		}
		p.Info("reproducing from archive", "as_of", asOf.Format(time.DateOnly), "inputs", dir)
	} else if src, skipped, err = inputsOf(ws); err != nil {
		return nil, false, err
	}
	// A live inbox file the run can go on without (a reproduction reads
	// an archive, which must be whole).
	optional := func(in input) bool { return !reproduce && strings.HasPrefix(in.Name, inboxPrefix) }
	// An inbox file over the size limit would be rejected unread anyway;
	// it is not copied either (see report.TooLargeError).
	maxSize := sheet.Limits(ws.Settings.Limits).MaxFileBytes
	src = slices.DeleteFunc(src, func(in input) bool {
		if optional(in) && in.Size > maxSize {
			skipped[in.Name] = &report.TooLargeError{Size: in.Size}
			return true
		}
		return false
	})
	files := make([]archive.File, len(src))
	for i, in := range src {
		files[i] = archive.File{Src: in.Path, Rel: in.Name}
	}
	var fatal []error
	for i, err := range run.CopyInputFiles(files) {
		switch {
		case err == nil:
		case optional(src[i]):
			skipped[src[i].Name] = err
		case errors.Is(err, fs.ErrNotExist) && !reproduce:
			fatal = append(fatal, fmt.Errorf("ไม่พบไฟล์ %s ที่ %s (ตั้งไว้ใน lwc.toml หมวด [paths]) โปรดตรวจสอบชื่อและตำแหน่งของไฟล์ หรือสร้างโฟลเดอร์งานใหม่ด้วยคำสั่ง lwc init", src[i].Name, src[i].Path))
		default:
			fatal = append(fatal, fmt.Errorf("เก็บสำเนาข้อมูลเข้าคลังไม่ได้: %w", err))
		}
	}
	if len(fatal) > 0 {
		return nil, false, errors.Join(fatal...)
	}
	if staged, err = stagedWorkspace(ws, filepath.Join(run.Dir(), archive.InputsDir)); err != nil {
		return nil, false, err
	}
	for _, name := range slices.Sorted(maps.Keys(skipped)) {
		p.Warn("inbox entry not read", "file", name, "error", skipped[name])
		if staged.unreadable == nil {
			staged.unreadable = map[string]error{}
		}
		staged.unreadable[filepath.Join(staged.inputs, filepath.FromSlash(name))] = skipped[name]
	}
	return staged, reproduce, nil
}

// publishOutputs switches the live site and outputs to the new versions
// and returns the folder the outputs now live in.
func publishOutputs(p *progress, ws *workspace, staged *staged) (string, error) {
	p.Stage("publish", "เผยแพร่หน้าเว็บ")
	if err := publish.Swap(staged.Site, ws.Site); err != nil {
		return "", fmt.Errorf("เผยแพร่หน้าเว็บไม่ได้: %w", err)
	}
	p.Stage("publish-out", "เผยแพร่ผลลัพธ์")
	if err := publish.Swap(staged.Out, ws.Out); err != nil {
		return "", fmt.Errorf("เผยแพร่ผลลัพธ์ไม่ได้: %w", err)
	}
	// The published version's own folder, not the live link, so that a
	// later swap cannot move files under a delivery in progress.
	return filepath.EvalSymlinks(ws.Out)
}

// archiveRun adds the outputs and the log to the staging archive (the
// snapshot is already there, see runJob) and switches it in.
func archiveRun(p *progress, run *archive.Run, outDir string) error {
	if err := run.AddOutputDir(outDir); err != nil {
		return err
	}
	p.Done()
	if err := run.WriteLog(p.Log()); err != nil {
		return err
	}
	return run.Commit()
}

// The office's own files are archived under these names, whatever
// lwc.toml calls them, so that a reproduction finds them; a run reads the
// archived copies, and its messages and the quality page name them so.
const (
	planFile     = "plan.xlsx"
	contactsFile = "contacts.xlsx"
	registerFile = "reports.xlsx"

	// archiveName stands for the archive among the workspace files when
	// earlier weeks cannot be read (see runJob).
	archiveName           = "archive"
	codeArchiveUnreadable = "archive-unreadable"
)

// officeFiles lists them in the order the quality page shows them.
func officeFiles() [3]string { return [...]string{contactsFile, planFile, registerFile} }

// input is one file the run reads, by the name it gets in the archive.
type input struct {
	Name string // slash-separated, relative to the archive's inputs/
	Path string
	Size int64 // an inbox file's size as listed (0 when not known)
}

// workspaceFiles are the office's own files as verification results.
func (d *runData) workspaceFiles() []report.FileResult {
	var out []report.FileResult
	for _, name := range officeFiles() {
		f := report.FileResult{File: name, State: report.StateAccepted, Issues: d.Issues[name]}
		if len(f.Issues) > 0 {
			f.State = report.StateAcceptedWithWarnings
		}
		out = append(out, f)
	}
	if is := d.Issues[archiveName]; len(is) > 0 {
		out = append(out, report.FileResult{File: archiveName, State: report.StateAcceptedWithWarnings, Issues: is})
	}
	return out
}

// inputsOf lists the live inputs of the workspace: the office's files and
// every regular file under the inbox, sub-folders included (lwc check
// reads those too: a district's file put in a folder must not be left out
// without a word). The inbox's entries that cannot be read (see
// report.ListInbox) are in skipped, by the name each would have in the
// archive, with the reason. The error is for an inbox folder that exists
// but cannot be listed.
func inputsOf(ws *workspace) (in []input, skipped map[string]error, err error) {
	in = []input{
		{Name: settings.FileName, Path: filepath.Join(ws.Root, settings.FileName)},
		{Name: planFile, Path: ws.Plan},
		{Name: contactsFile, Path: ws.Contacts},
		{Name: registerFile, Path: ws.Register},
	}
	entries, err := report.ListInbox(ws.Inbox) // a missing inbox is an empty one
	if err != nil {
		return nil, nil, fmt.Errorf("อ่านโฟลเดอร์ inbox %s ไม่ได้ จึงไม่รู้ว่าอำเภอใดส่งไฟล์มาแล้ว (งานประจำสัปดาห์หยุดไว้ก่อน เพื่อไม่ให้แจ้งเตือนอำเภอที่ส่งแล้ว) โปรดแก้สิทธิ์ของโฟลเดอร์ แล้วรันอีกครั้ง: %w", ws.Inbox, err)
	}
	skipped = map[string]error{}
	for _, e := range entries {
		rel, err := filepath.Rel(ws.Inbox, e.Path)
		if err != nil {
			return nil, nil, err
		}
		name := inboxPrefix + filepath.ToSlash(rel)
		if e.Problem != nil {
			skipped[name] = e.Problem
			continue
		}
		in = append(in, input{Name: name, Path: e.Path, Size: e.Size})
	}
	sort.Slice(in, func(i, j int) bool { return in[i].Name < in[j].Name })
	return in, skipped, nil
}

// inboxPrefix begins the archive name of every inbox file.
const inboxPrefix = "inbox/"

// archivedInputs lists the inputs kept in an archive's inputs folder.
func archivedInputs(dir string) ([]input, error) {
	var in []input
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		in = append(in, input{Name: filepath.ToSlash(rel), Path: path})
		return err
	})
	return in, err
}

// stagedWorkspace points the workspace's inputs at their copies in the
// staging archive; settings come from the copied lwc.toml, except the
// paths, which stay the live ones.
func stagedWorkspace(live *workspace, dir string) (*workspace, error) {
	s, err := settings.Load(filepath.Join(dir, settings.FileName))
	if err != nil {
		return nil, err
	}
	s.Paths = live.Settings.Paths
	ws := newWorkspace(live.Root, s)
	ws.Plan = filepath.Join(dir, planFile)
	ws.Contacts = filepath.Join(dir, contactsFile)
	ws.Register = filepath.Join(dir, registerFile)
	ws.Inbox = filepath.Join(dir, "inbox")
	ws.inputs = dir
	return ws, nil
}

// readAndVerify reads the plan, the directory, the register, every inbox
// file, and from the archive the previous run's figures and the last
// runs' trend. The plan is the only input without which nothing can be
// computed; a broken directory or register is logged and read as empty.
// The archive is read while the office's files are (0.1-0.2 s at national
// scale, beside the plan's 0.2-0.3 s on one core); then each inbox file
// is read and verified against the plan and the previous run in one pass,
// so that a district's superseded files need not be held (see
// report.CheckInbox).
func readAndVerify(ctx context.Context, ws *workspace, asOf time.Time) (*runData, error) {
	// The archive's last runs: the previous run (for verification) and
	// the trend (pace looks at four, escalation at escalate_runs, and
	// each snapshot carries the points before it). A damaged week is
	// reported by runJob, not fatal.
	var (
		archived errgroup.Group
		prev     *report.PreviousRun
		history  []*report.PastRun
		histErr  error
	)
	archived.Go(func() (err error) {
		prev, err = archive.Latest(ws.Archive, asOf)
		return err
	})
	archived.Go(func() error {
		history, histErr = archive.History(ws.Archive, asOf, max(8, ws.Settings.Warnings.EscalateRuns+1))
		return nil
	})
	lim := ws.Settings.Limits
	d, err := readOfficeFiles(ws, lim)
	archiveErr := archived.Wait()
	if err != nil {
		return nil, err
	}
	if archiveErr != nil {
		return nil, archiveErr
	}
	d.History, d.HistoryErr = history, histErr
	in := report.CheckInput{Root: ws.inputs, Inbox: ws.Inbox, AsOf: asOf, Limits: lim, Plan: d.Plan, Previous: prev, Unreadable: ws.unreadable}
	if d.Inbox, err = report.CheckInbox(ctx, in); err != nil {
		return nil, err
	}
	return d, nil
}

// readOfficeFiles reads the plan, the directory and the register.
func readOfficeFiles(ws *workspace, lim settings.Limits) (*runData, error) {
	var err error
	d := &runData{Issues: map[string][]report.Issue{}}
	var issues []report.Issue
	if d.Plan, issues, err = report.ReadPlan(ws.Plan, lim); err != nil {
		return nil, fmt.Errorf("ใช้ %s ไม่ได้: %w", planFile, err)
	}
	d.Issues[planFile] = issues
	if d.Contacts, issues, err = report.ReadContacts(ws.Contacts, lim); err != nil {
		return nil, fmt.Errorf("ใช้ %s ไม่ได้: %w", contactsFile, err)
	}
	d.Issues[contactsFile] = issues
	if d.Register, issues, err = report.ReadRegister(ws.Register, lim); err != nil {
		return nil, fmt.Errorf("ใช้ %s ไม่ได้: %w", registerFile, err)
	}
	d.Issues[registerFile] = issues
	return d, nil
}
