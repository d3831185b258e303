package report

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"lwc/report/parse"
	"lwc/report/sheet"
)

// Issue codes of verification against the plan and the previous run.
const (
	CodeDistrictUnknown      = "district-unknown"
	CodeDistrictCodeMissing  = "district-code-missing"
	CodeDistrictNameMismatch = "district-name-mismatch"
	CodeAsOfFuture           = "asof-future"
	CodeAsOfStale            = "asof-stale"
	CodeProjectUnknown       = "project-unknown"
	CodeProjectMissing       = "project-missing"
	CodeAllocationMismatch   = "allocation-mismatch"
	CodeOverAllocation       = "over-allocation"
	CodeDisbursedDecreased   = "disbursed-decreased"
	CodeBMNTargetSum         = "bmn-target-sum"
	CodeBMNOverPlanTarget    = "bmn-collected-over-plan"
	CodeSubDistrictUnknown   = "subdistrict-unknown"
	CodeSuperseded           = "superseded"
	CodeTempFile             = "file-temp"
)

// CheckInbox reads and verifies every regular file under in.Inbox (sub-
// folders included), in parallel over runtime.GOMAXPROCS workers, and
// gives each exactly one state (SPEC §3.6). An entry that cannot be read
// is rejected with the reason, never dropped: a symbolic link, a pipe or
// a device (not opened: a pipe would block the run), a sub-folder that
// cannot be listed, a file that cannot be opened, and the entries of
// in.Unreadable. Files keep a deterministic order (by
// File). Excel's lock files ("~$x.xlsx") and hidden files (".x") that are
// not workbooks are rejected as temporary files with a reason saying they
// can be deleted. A rejected file whose name contains a district's code or
// name gets that District, so that the district's grey reason can name it.
//
// Of two accepted files of one district, the later ข้อมูล ณ วันที่ wins;
// ties go to the later modification time, then to the greater file name;
// the others are superseded (still archived), with the reason.
//
// Each file is read and verified in one pass, and of a district's files
// only the winner so far keeps its data: a loser keeps its result and its
// issues (the data-quality page lists them) and lets its lines go. Memory
// so holds one submission a district however many files the districts
// send (a second file from every district of the country was 18 MB more
// at the read stage's peak while every file was held until all were
// verified); the plan and last week's amounts are read first.
//
// The error is only for a cancelled context or an unreadable inbox folder.
func CheckInbox(ctx context.Context, in CheckInput) (*Inbox, error) {
	if in.Plan == nil {
		return nil, errors.New("checking the inbox: no plan")
	}
	paths, err := inboxFiles(in.Inbox, in.Unreadable)
	if err != nil {
		return nil, fmt.Errorf("อ่านโฟลเดอร์ inbox %s ไม่ได้: %w", in.Inbox, err)
	}
	idx := indexPlan(in)
	files := make([]checked, len(paths))
	lead := leaders{files: files, best: map[string]int{}}
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range paths {
		if ctx.Err() != nil {
			break
		}
		g.Go(func() error {
			files[i] = checkFile(paths[i], in)
			verify(&files[i], in, idx)
			lead.offer(i)
			return nil
		})
	}
	g.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("checking the inbox: %w", err)
	}
	return resolve(files, lead.best), nil
}

// leaders keeps, for each district, the file that wins it (later) among
// the files verified so far, and lightens the others as they lose; once
// every file is offered, best is what resolve gives each district.
type leaders struct {
	mu    sync.Mutex
	files []checked
	best  map[string]int // district → index in files
}

// offer enters files[i], verified, into its district's contest. The
// caller is done with files[i]; the lock orders every write to a file
// before any later offer reads or lightens it.
func (l *leaders) offer(i int) {
	c := &l.files[i]
	if c.sub == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	d := c.sub.District
	j, ok := l.best[d]
	switch {
	case !ok:
		l.best[d] = i
	case later(c, &l.files[j]):
		l.best[d] = i
		l.files[j].sub.lighten()
	default:
		c.sub.lighten()
	}
}

// lighten keeps of a superseded submission what resolve reads (its
// district, name and data date) and lets the rest go.
func (s *submission) lighten() {
	s.Submission = &Submission{
		File:         s.File,
		District:     strings.Clone(s.District),
		DistrictName: strings.Clone(s.DistrictName),
		AsOf:         s.AsOf,
	}
	s.budgetCols, s.bmnCols = nil, nil
}

// inboxFiles lists the entries under dir (ListInbox) and those the caller
// could not put there (CheckInput.Unreadable), by path.
func inboxFiles(dir string, unreadable map[string]error) ([]InboxEntry, error) {
	out, err := ListInbox(dir)
	if err != nil || len(unreadable) == 0 {
		return out, err
	}
	for p, problem := range unreadable {
		out = append(out, InboxEntry{Path: p, Problem: problem})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// InboxEntry is an entry found under an inbox folder: a file to read, or
// one that cannot be read, with the reason (Problem).
type InboxEntry struct {
	Path    string
	Size    int64 // a regular file's size when listed
	Problem error
}

// ListInbox lists the inbox folder dir: every regular file under it, sub-
// folders included, by path. An entry that is not a regular file (a
// symbolic link, a pipe, a device: none is opened, a pipe would block)
// and a sub-folder that cannot be listed come with their Problem, so that
// the caller can say why they were not read. dir itself may be a symbolic
// link to the folder (an inbox on a shared drive), and a missing dir is an
// empty inbox; the error is for a dir that exists but cannot be listed,
// where any file may be missing and nothing should be concluded.
func ListInbox(dir string) ([]InboxEntry, error) {
	// WalkDir does not follow a root that is a link: walk its target,
	// naming the entries under dir.
	root, err := filepath.EvalSymlinks(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var out []InboxEntry
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if p == root && err != nil {
			return err
		}
		if rel, rerr := filepath.Rel(root, p); rerr == nil {
			p = filepath.Join(dir, rel)
		}
		switch {
		case err != nil:
			// A sub-folder that cannot be listed: its files are not
			// known, so the folder itself is listed with the reason.
			out = append(out, InboxEntry{Path: p, Problem: &FolderError{Err: err}})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
		case d.IsDir():
		case d.Type().IsRegular():
			e := InboxEntry{Path: p}
			if fi, err := d.Info(); err == nil {
				e.Size = fi.Size()
			}
			out = append(out, e)
		default:
			out = append(out, InboxEntry{Path: p, Problem: &NotRegularError{Mode: d.Type()}})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// NotRegularError is an inbox entry that is not a regular file: a
// symbolic link, a named pipe, a socket or a device.
type NotRegularError struct{ Mode fs.FileMode }

func (e *NotRegularError) Error() string {
	return "not a regular file (" + e.Mode.Type().String() + ")"
}

// TooLargeError is an inbox file over limits.max_file_bytes that a run
// did not copy into its archive: a district's report is well under 1 MB,
// and a file of gigabytes dropped into the inbox, copied every week, would
// fill the disk the archive is on. It is rejected as a file over the
// limit, as lwc check rejects it.
type TooLargeError struct{ Size int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%d bytes, over limits.max_file_bytes: not copied into the archive", e.Size)
}

// FolderError is a folder of the inbox that could not be listed.
type FolderError struct{ Err error }

func (e *FolderError) Error() string { return "listing the folder: " + e.Err.Error() }
func (e *FolderError) Unwrap() error { return e.Err }

// unreadableReason is the Thai reason given for an inbox entry that could
// not be read. The people who can fix it are the office's (a file's
// permissions, a link) or the district's (send the file again), and the
// reason says which.
func unreadableReason(err error) string {
	var notRegular *NotRegularError
	var folder *FolderError
	switch {
	case errors.As(err, &notRegular) && notRegular.Mode&fs.ModeSymlink != 0:
		return "ไม่ได้อ่าน เพราะเป็นลิงก์ (shortcut) ไปยังไฟล์หรือโฟลเดอร์อื่น ไม่ใช่ตัวไฟล์: โปรดคัดลอกตัวไฟล์มาวางในกล่อง inbox แทนลิงก์"
	case notRegular != nil:
		return "ไม่ได้อ่าน เพราะไม่ใช่ไฟล์ธรรมดา (" + notRegular.Mode.Type().String() + "): โปรดวางเฉพาะไฟล์ Excel ในกล่อง inbox"
	case errors.As(err, &folder) && errors.Is(err, fs.ErrPermission):
		return "เปิดโฟลเดอร์นี้ไม่ได้ เพราะบัญชีที่รันโปรแกรมไม่มีสิทธิ์เปิด ไฟล์ในโฟลเดอร์จึงไม่ได้อ่าน: โปรดให้ผู้ดูแลเครื่องแก้สิทธิ์ของโฟลเดอร์ แล้วรันอีกครั้ง"
	case folder != nil:
		return "เปิดโฟลเดอร์นี้ไม่ได้ ไฟล์ในโฟลเดอร์จึงไม่ได้อ่าน (" + folder.Err.Error() + ")"
	case errors.Is(err, fs.ErrPermission):
		return "เปิดไฟล์ไม่ได้ เพราะบัญชีที่รันโปรแกรมไม่มีสิทธิ์อ่านไฟล์นี้: โปรดให้ผู้ดูแลเครื่องแก้สิทธิ์ของไฟล์ (หรือให้อำเภอส่งไฟล์ใหม่) แล้วรันอีกครั้ง"
	case errors.Is(err, fs.ErrNotExist):
		return "ไฟล์หายไประหว่างที่โปรแกรมทำงาน (ถูกย้าย เปลี่ยนชื่อ หรือลบขณะอ่าน): โปรดตรวจสอบกล่อง inbox แล้วรันอีกครั้ง"
	}
	return "เปิดไฟล์ไม่ได้ (" + err.Error() + ")"
}

// checked is one file on its way through CheckInbox.
type checked struct {
	result  FileResult
	sub     *submission
	issues  issueList
	modTime time.Time
	path    string
}

// checkFile reads one file: hash, size, time, and the submission with the
// checks that need no plan.
func checkFile(e InboxEntry, in CheckInput) (c checked) {
	path := e.Path
	c.path = path
	// The name as people read it (see parse.FileName); path stays the
	// file's own for opening it.
	c.result.File = parse.FileName(relPath(in.Root, path))
	reject := func(code, msg string) checked {
		c.result.State = StateRejected
		c.result.Reason = msg
		c.issues.keep(Issue{Severity: SeverityError, Code: code, Message: msg})
		return c
	}
	var big *TooLargeError
	if errors.As(e.Problem, &big) {
		c.result.Size = big.Size
		se := sheet.SizeError(big.Size, sheet.Limits(in.Limits).MaxFileBytes)
		return reject(se.Code, se.Msg)
	} else if e.Problem != nil {
		return reject(sheet.CodeUnreadable, unreadableReason(e.Problem))
	}
	f, err := os.Open(path)
	if err != nil {
		return reject(sheet.CodeUnreadable, unreadableReason(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return reject(sheet.CodeUnreadable, "อ่านข้อมูลไฟล์ไม่ได้: "+err.Error())
	}
	c.modTime = fi.ModTime()
	c.result.Size = fi.Size()
	c.result.ModTime = fi.ModTime().UTC().Format(time.RFC3339)
	lim := sheet.Limits(in.Limits)
	h := sha256.New()
	var data []byte
	if fi.Size() > lim.MaxFileBytes {
		// Hash it for the archive, but never hold it in memory.
		if _, err := io.Copy(h, f); err != nil {
			return reject(sheet.CodeUnreadable, "อ่านไฟล์ไม่ได้: "+err.Error())
		}
		c.result.SHA256 = hex.EncodeToString(h.Sum(nil))
		e := sheet.SizeError(fi.Size(), lim.MaxFileBytes)
		return reject(e.Code, e.Msg)
	}
	data, err = readAll(make([]byte, 0, fi.Size()+1), io.LimitReader(f, lim.MaxFileBytes+1))
	if err != nil {
		return reject(sheet.CodeUnreadable, "อ่านไฟล์ไม่ได้: "+err.Error())
	}
	h.Write(data)
	c.result.SHA256 = hex.EncodeToString(h.Sum(nil))
	b, err := openBook(path, data, lim)
	if err == nil {
		c.sub, err = b.readSubmissionSafe(c.result.File)
		c.issues.merge(b.issues)
		if err == nil {
			c.sub.own()
		}
	}
	if err != nil {
		code, msg := fileError(err)
		if base := filepath.Base(path); (strings.HasPrefix(base, "~$") || strings.HasPrefix(base, ".")) && !isWorkbookError(code) {
			code, msg = CodeTempFile, "ไฟล์ชั่วคราวหรือไฟล์ระบบ (ชื่อขึ้นต้นด้วย ~$ หรือ .) เช่นไฟล์ที่ Excel สร้างไว้ขณะเปิดไฟล์ ไม่ใช่รายงาน ลบทิ้งได้เมื่อปิด Excel แล้ว"
		}
		return reject(code, msg)
	}
	return c
}

// isWorkbookError reports whether an open error code means the bytes were a
// workbook (so a "~$" name is not what made it fail).
func isWorkbookError(code string) bool {
	switch code {
	case CodeSheetMissing, CodeDistrictMissing, CodeNoData, sheet.CodeNoSheets:
		return true
	}
	return strings.HasPrefix(code, "limit-")
}

// readSubmissionSafe is readSubmission with a last line of defence: a bug
// that panics on one file rejects that file instead of stopping the run.
func (b *book) readSubmissionSafe(file string) (s *submission, err error) {
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, &sheet.Error{Code: sheet.CodeUnreadable, Msg: "อ่านไฟล์ไม่ได้เนื่องจากข้อผิดพลาดภายในโปรแกรม โปรดแจ้งผู้ดูแลระบบพร้อมไฟล์นี้", Err: fmt.Errorf("panic: %v", r)}
		}
	}()
	return b.readSubmission(file)
}

func relPath(root, p string) string {
	if root != "" {
		ar, err1 := filepath.Abs(root)
		ap, err2 := filepath.Abs(p)
		if err1 == nil && err2 == nil {
			if rel, err := filepath.Rel(ar, ap); err == nil && !strings.HasPrefix(rel, "..") {
				return filepath.ToSlash(rel)
			}
		}
	}
	return filepath.ToSlash(p)
}

// verify runs the checks that need the plan and the previous run, and
// identifies the district.
func verify(c *checked, in CheckInput, idx *planIndex) {
	if c.sub == nil {
		c.result.District = guessDistrict(in.Plan, c.result.File)
		return
	}
	v := verifier{in: in, idx: idx, c: c, sub: c.sub}
	if !v.identify() {
		c.result.District = guessDistrict(in.Plan, c.result.File)
		c.sub = nil
		return
	}
	v.asOf()
	v.projects()
	v.bmn()
}

// own leaves a submission read from the inbox sharing no memory with the
// workbook it was read from, as soon as it is read. The sheet reader cuts
// cell strings out of shared 8 KB blocks, so one kept string keeps its
// whole block, and with it the file's shared strings, alive: about 20 KB a
// file, 18 MB of a national inbox kept until compute. The project lines go
// into their compact form
// (see Submission.Lines), which copies their codes and notes and keeps
// neither names nor work groups (nothing compares them: an accepted line's
// are the plan's); the rest a run keeps (the district's name, the
// reporter, the phone, sub-district names and notes) is copied into one
// block of the file's own.
func (s *submission) own() {
	kept := len(s.District) + len(s.DistrictName) + len(s.Reporter) + len(s.Phone)
	for _, l := range s.SubDistricts {
		kept += len(l.Name) + len(l.Note)
	}
	keep := ownBlock(kept)
	s.District, s.DistrictName, s.Reporter, s.Phone = keep(s.District), keep(s.DistrictName), keep(s.Reporter), keep(s.Phone)
	for i := range s.SubDistricts {
		l := &s.SubDistricts[i]
		l.Name, l.Note = keep(l.Name), keep(l.Note)
	}
	s.keepLines(s.Projects)
}

// ownBlock returns a function that copies strings into one new block of n
// bytes (their total length).
func ownBlock(n int) func(string) string {
	var b strings.Builder
	b.Grow(n)
	return func(t string) string {
		if t == "" {
			return ""
		}
		at := b.Len()
		b.WriteString(t)
		return b.String()[at:]
	}
}

type verifier struct {
	in  CheckInput
	idx *planIndex
	c   *checked
	sub *submission
}

// planIndex is the plan and the previous snapshot by district, built once
// per CheckInbox so that verifying N files costs O(N), not O(N²).
type planIndex struct {
	districts    map[string]District
	projects     map[string][]int32 // indexes of the plan's projects (Plan.Project), plan order
	bmn          map[string]*BMNTarget
	subDistricts map[string]map[string]bool // normalized names
	prev         *PreviousRun               // never nil; its amounts are decoded per district (DisbursedOf)
}

func indexPlan(in CheckInput) *planIndex {
	p := in.Plan
	x := &planIndex{
		districts:    map[string]District{},
		projects:     map[string][]int32{},
		bmn:          map[string]*BMNTarget{},
		subDistricts: map[string]map[string]bool{},
	}
	for _, d := range p.Districts {
		if _, dup := x.districts[d.Code]; !dup {
			x.districts[d.Code] = d
		}
	}
	for i, pr := range p.AllProjects() {
		x.projects[pr.District] = append(x.projects[pr.District], int32(i))
	}
	for i := range p.BMN {
		x.bmn[p.BMN[i].District] = &p.BMN[i]
	}
	for _, sd := range p.SubDistricts {
		m := x.subDistricts[sd.District]
		if m == nil {
			m = map[string]bool{}
			x.subDistricts[sd.District] = m
		}
		m[parse.NormalizeName(sd.Name)] = true
	}
	// Read only, shared by the verifying workers.
	x.prev = in.Previous
	if x.prev == nil {
		x.prev = &PreviousRun{}
	}
	return x
}

func (v *verifier) add(sev Severity, sheetName, cell, code, format string, args ...any) {
	v.c.issues.addf(sev, sheetName, cell, code, format, args...)
}

func (v *verifier) reject(code, msg string) {
	v.c.result.State = StateRejected
	v.c.result.Reason = msg
	v.c.issues.keep(Issue{Severity: SeverityError, Sheet: SheetInfo, Cell: v.sub.codeRef, Code: code, Message: msg})
}

// sameDistrictName compares district names ignoring spacing, dots and an
// "อำเภอ"/"อ." prefix.
func sameDistrictName(a, b string) bool {
	n := func(s string) string {
		s = parse.NormalizeName(s)
		for _, p := range []string{"อำเภอ", "อ"} {
			if strings.HasPrefix(s, p) && len(s) > len(p) {
				if rest := strings.TrimPrefix(s, p); p == "อำเภอ" || !strings.HasPrefix(rest, "ำ") {
					s = rest
					break
				}
			}
		}
		return s
	}
	return n(a) == n(b) && n(a) != ""
}

func (v *verifier) districtByName(name string) (District, bool) {
	var found []District
	for _, d := range v.in.Plan.Districts {
		if sameDistrictName(d.Name, name) {
			found = append(found, d)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return District{}, false
}

// identify resolves the district: by code, or by name when the code is
// missing or unknown. A file that names no district of the plan is rejected.
func (v *verifier) identify() bool {
	s := v.sub
	d, byCode := v.idx.districts[s.District]
	switch {
	case byCode:
		if s.DistrictName != "" && !sameDistrictName(s.DistrictName, d.Name) {
			v.add(SeverityWarning, SheetInfo, s.nameRef, CodeDistrictNameMismatch, "รหัสอำเภอ %s เป็นของอำเภอ%s แต่ชื่ออำเภอที่กรอกคือ \"%s\" ระบบใช้ตามรหัสอำเภอ โปรดตรวจสอบว่าส่งไฟล์ถูกอำเภอ", d.Code, d.Name, clip(s.DistrictName))
		}
	case s.District != "":
		nd, ok := v.districtByName(s.DistrictName)
		if !ok {
			v.reject(CodeDistrictUnknown, fmt.Sprintf("รหัสอำเภอ \"%s\" ไม่มีในแผนงานของจังหวัด และชื่ออำเภอ \"%s\" ก็ไม่ตรงกับอำเภอใด จึงไม่ทราบว่าเป็นรายงานของอำเภอใด โปรดแก้รหัสอำเภอในแผ่นงาน \"%s\" แล้วส่งใหม่", clip(s.District), clip(s.DistrictName), SheetInfo))
			return false
		}
		v.add(SeverityWarning, SheetInfo, s.codeRef, CodeDistrictUnknown, "รหัสอำเภอ \"%s\" ไม่มีในแผนงาน แต่ชื่ออำเภอตรงกับอำเภอ%s (รหัส %s) ระบบใช้ตามชื่อ โปรดแก้รหัสอำเภอให้ถูกต้อง", clip(s.District), nd.Name, nd.Code)
		d = nd
	default:
		nd, ok := v.districtByName(s.DistrictName)
		if !ok {
			v.reject(CodeDistrictMissing, fmt.Sprintf("ไม่ได้กรอกรหัสอำเภอ และชื่ออำเภอ \"%s\" ไม่ตรงกับอำเภอใดในแผนงาน จึงไม่ทราบว่าเป็นรายงานของอำเภอใด โปรดกรอกรหัสอำเภอในแผ่นงาน \"%s\" แล้วส่งใหม่", clip(s.DistrictName), SheetInfo))
			return false
		}
		v.add(SeverityWarning, SheetInfo, s.codeRef, CodeDistrictCodeMissing, "ไม่ได้กรอกรหัสอำเภอ ระบบใช้ตามชื่ออำเภอ%s (รหัส %s) โปรดกรอกรหัสอำเภอ", nd.Name, nd.Code)
		d = nd
	}
	s.District, s.DistrictName = d.Code, d.Name
	v.c.result.District = d.Code
	return true
}

func iso(t time.Time) string { return t.Format(time.DateOnly) }

// beDate formats a date as people read it: 20/11/2569.
func beDate(t time.Time) string {
	return fmt.Sprintf("%d/%d/%d", t.Day(), int(t.Month()), t.Year()+543)
}

func (v *verifier) asOf() {
	s := v.sub
	if s.AsOf.IsZero() {
		return
	}
	v.c.result.AsOf = iso(s.AsOf)
	if !v.in.AsOf.IsZero() {
		run := time.Date(v.in.AsOf.Year(), v.in.AsOf.Month(), v.in.AsOf.Day(), 0, 0, 0, 0, time.UTC)
		if s.AsOf.After(run) {
			v.add(SeverityWarning, SheetInfo, s.asOfRef, CodeAsOfFuture, "\"%s\" เป็น %s ซึ่งเลยวันที่ของรอบรายงานนี้ (%s) โปรดตรวจสอบวันที่ (ปี พ.ศ. หรือ ค.ศ.)", LabelAsOf, beDate(s.AsOf), beDate(run))
		}
	}
	if last := v.idx.prev.DataAsOf[s.District]; last != "" {
		prev, err := time.Parse(time.DateOnly, last)
		if err == nil && s.AsOf.Before(prev) {
			v.add(SeverityWarning, SheetInfo, s.asOfRef, CodeAsOfStale, "\"%s\" เป็น %s ซึ่งเก่ากว่าข้อมูลที่ส่งในรอบก่อน (%s) อาจส่งไฟล์เก่ามา โปรดส่งไฟล์ข้อมูลล่าสุด", LabelAsOf, beDate(s.AsOf), beDate(prev))
		}
	}
}

func (v *verifier) projects() {
	s := v.sub
	if s.budgetCols == nil {
		return
	}
	// The district's projects by code: a position in its index list, the
	// first of a code given twice. Positions, not Projects, and sized
	// once: a map of Projects grown from empty was 60 MB of a national
	// inbox's 250 MB of allocation (BenchmarkIngest).
	idx := v.idx.projects[s.District]
	plan := make(map[string]int32, len(idx))
	for k, i := range idx {
		code := v.in.Plan.Project(int(i)).Code
		if _, dup := plan[code]; !dup {
			plan[code] = int32(k)
		}
	}
	prev := v.idx.prev.DisbursedOf(s.District)
	cell := func(col string, row int) string {
		if c, ok := s.budgetCols[col]; ok {
			return sheet.Ref(c, row)
		}
		return ""
	}
	seen := make([]bool, len(idx))
	lines := s.Lines()
	kept := lines[:0]
	for _, l := range lines {
		k, ok := plan[l.Code]
		if !ok {
			v.add(SeverityError, SheetDisbursed, cell(ColProjectCode, l.Row), CodeProjectUnknown, "รหัสโครงการ \"%s\" (แถว %d) ไม่มีในแผนงานของอำเภอนี้ จึงไม่นำมาใช้ โปรดตรวจรหัสโครงการตามแบบฟอร์ม", clip(l.Code), l.Row)
			continue
		}
		seen[k] = true
		p := v.in.Plan.Project(int(idx[k]))
		if l.Allocated.OK && !near(l.Allocated.V, p.Allocated) {
			v.add(SeverityWarning, SheetDisbursed, cell(ColAllocated, l.Row), CodeAllocationMismatch, "งบที่ได้รับจัดสรรของโครงการ %s ที่กรอกไว้ (%s บาท) ไม่ตรงกับแผนงาน (%s บาท) ระบบใช้ตามแผนงาน", l.Code, thousands(l.Allocated.V), thousands(p.Allocated))
		}
		spent := 0.0
		if l.Committed.OK {
			spent += l.Committed.V
		}
		if l.Disbursed.OK {
			spent += l.Disbursed.V
		}
		if (l.Committed.OK || l.Disbursed.OK) && spent > p.Allocated+0.005 {
			v.add(SeverityWarning, SheetDisbursed, cell(ColDisbursed, l.Row), CodeOverAllocation, "โครงการ %s ก่อหนี้ผูกพันรวมเบิกจ่ายสะสม %s บาท เกินงบที่ได้รับจัดสรร %s บาท โปรดตรวจสอบตัวเลข", l.Code, thousands(spent), thousands(p.Allocated))
		}
		if last, ok := prev[l.Code]; ok && l.Disbursed.OK && l.Disbursed.V < last-0.005 {
			v.add(SeverityWarning, SheetDisbursed, cell(ColDisbursed, l.Row), CodeDisbursedDecreased, "เบิกจ่ายสะสมของโครงการ %s (%s บาท) ลดลงจากรอบก่อน (%s บาท) ยอดสะสมไม่ควรลดลง โปรดตรวจสอบ", l.Code, thousands(l.Disbursed.V), thousands(last))
		}
		kept = append(kept, l)
	}
	if len(kept) < len(lines) {
		s.keepLines(kept)
	}
	for k, i := range idx {
		if seen[k] {
			continue
		}
		if p := v.in.Plan.Project(int(i)); plan[p.Code] == int32(k) { // not a repeat of a code
			v.add(SeverityWarning, SheetDisbursed, "", CodeProjectMissing, "ไม่พบโครงการ %s %s ในแผ่นงาน \"%s\" นับการเบิกจ่ายเป็น 0 โปรดเพิ่มแถวของโครงการนี้", p.Code, p.Name, SheetDisbursed)
		}
	}
}

func (v *verifier) bmn() {
	s := v.sub
	if s.bmnCols == nil {
		return
	}
	target := v.idx.bmn[s.District]
	planSubs := v.idx.subDistricts[s.District]
	var sumTarget, sumCollected float64
	typed, collected := false, false
	for _, l := range s.SubDistricts {
		if l.Target.OK {
			sumTarget += l.Target.V
			typed = true
		}
		if l.Collected.OK {
			sumCollected += l.Collected.V
			collected = true
		}
		if len(planSubs) > 0 && !planSubs[parse.NormalizeName(l.Name)] {
			v.add(SeverityWarning, SheetBMN, sheet.Ref(s.bmnCols[ColSubDistrict], l.Row), CodeSubDistrictUnknown, "ตำบล \"%s\" (แถว %d) ไม่มีในแผนงานของอำเภอนี้ โปรดตรวจชื่อตำบลตามแบบฟอร์ม", clip(l.Name), l.Row)
		}
	}
	if target == nil {
		return
	}
	totalRef := ""
	if s.bmnTotal > 0 {
		totalRef = sheet.Ref(s.bmnCols[ColHouseholds], s.bmnTotal)
	}
	if typed && s.bmnCols[ColHouseholds] > 0 && !near(sumTarget, target.Households) && abs(sumTarget-target.Households) > 0.5 {
		v.add(SeverityWarning, SheetBMN, totalRef, CodeBMNTargetSum, "ผลรวมครัวเรือนเป้าหมายของทุกตำบล (%s) ไม่เท่ากับเป้าหมายของอำเภอในแผนงาน (%s) ระบบใช้เป้าหมายตามแผนงาน โปรดตรวจสอบ", thousands(sumTarget), thousands(target.Households))
	}
	if collected && sumCollected > target.Households+0.5 {
		ref := ""
		if s.bmnTotal > 0 {
			ref = sheet.Ref(s.bmnCols[ColCollected], s.bmnTotal)
		}
		v.add(SeverityWarning, SheetBMN, ref, CodeBMNOverPlanTarget, "จัดเก็บแล้วรวมทั้งอำเภอ %s ครัวเรือน มากกว่าเป้าหมายในแผนงาน %s ครัวเรือน โปรดตรวจสอบตัวเลข", thousands(sumCollected), thousands(target.Households))
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// guessDistrict names the district a rejected file probably belongs to,
// from a district code or name in its file name; "" when none or several.
func guessDistrict(p *Plan, file string) string {
	base := parse.NormalizeName(parse.ThaiDigits(filepath.Base(file)))
	found := ""
	for _, d := range p.Districts {
		name := parse.NormalizeName(d.Name)
		if strings.Contains(base, d.Code) || (name != "" && strings.Contains(base, name)) {
			if found != "" && found != d.Code {
				// "เมืองลำปาง" contains no other name, but e.g. "เมือง" could
				// match two: prefer the longest name.
				if len(name) <= len(parse.NormalizeName(mustName(p, found))) {
					continue
				}
			}
			found = d.Code
		}
	}
	return found
}

func mustName(p *Plan, code string) string {
	d, _ := p.District(code)
	return d.Name
}

// resolve gives every file its final state, winner being each district's
// winning file (leaders.best, once every file is offered).
func resolve(cs []checked, winner map[string]int) *Inbox {
	in := &Inbox{Accepted: map[string]*Submission{}}
	for i := range cs {
		c := &cs[i]
		c.result.Issues = c.issues.all()
		if c.result.Issues == nil {
			c.result.Issues = []Issue{}
		}
		switch {
		case c.sub == nil:
			c.result.State = StateRejected
			if c.result.Reason == "" {
				c.result.Reason = firstError(c.result.Issues)
			}
		case winner[c.sub.District] != i:
			w := &cs[winner[c.sub.District]]
			c.result.State = StateSuperseded
			c.result.Reason = fmt.Sprintf("มีไฟล์ของอำเภอ%sที่ใหม่กว่า (%s ข้อมูล ณ วันที่ %s) ระบบใช้ไฟล์นั้นแทนไฟล์นี้", w.sub.DistrictName, w.result.File, dateOrDash(w.sub.AsOf))
			c.result.Issues = append(c.result.Issues, Issue{Severity: SeverityWarning, Code: CodeSuperseded, Message: c.result.Reason})
		case len(c.result.Issues) > 0:
			c.result.State = StateAcceptedWithWarnings
			in.Accepted[c.sub.District] = c.sub.Submission
		default:
			c.result.State = StateAccepted
			in.Accepted[c.sub.District] = c.sub.Submission
		}
		in.Files = append(in.Files, c.result)
	}
	sort.SliceStable(in.Files, func(i, j int) bool { return in.Files[i].File < in.Files[j].File })
	return in
}

// later reports whether a should win over b: later as-of, then later
// modification time, then the greater file name.
func later(a, b *checked) bool {
	if !a.sub.AsOf.Equal(b.sub.AsOf) {
		return a.sub.AsOf.After(b.sub.AsOf)
	}
	if !a.modTime.Equal(b.modTime) {
		return a.modTime.After(b.modTime)
	}
	return a.result.File > b.result.File
}

func dateOrDash(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return beDate(t)
}

func firstError(is []Issue) string {
	for _, i := range is {
		if i.Severity == SeverityError {
			return i.Message
		}
	}
	return "ไฟล์นี้ใช้ไม่ได้"
}
