// Package archive keeps one folder per run date (SPEC §2, §5):
//
//	archive/
//	  2026-11-20/
//	    inputs/         copied plan, contacts, register, lwc.toml and inbox files (workspace-relative paths)
//	    outputs/        copied PDFs, exports, summary
//	    snapshot.json   the computed report.Snapshot (SPEC §8)
//	    trend.json      what later runs' trends read of it (see History)
//	    disbursed.json  the projects' reported disbursements, for the next run's checks (see Latest)
//	    manifest.json   every file above with its sha256 and size
//	    run.log
//	  memo-numbers.json the memo reference numbers of each fiscal year
//
// A run writes into a staging folder (archive/.staging-DATE) and Commit
// switches it in with renames, so that a run killed at any moment leaves the
// previous archive of that date intact; the next Begin cleans or restores
// what a killed run left (.staging-DATE, .old-DATE). Re-running a date
// replaces that date's folder and nothing else.
//
// Files at the archive root that are neither date folders nor staging
// leftovers are never touched by a run: memo-numbers.json lives there, and
// so does the send ledger of report/deliver, which must outlive the
// replacement of a date's folder.
//
// Secrets never reach the archive: lwc.toml holds none (passwords and tokens
// come from environment variables it only names, and settings.Load refuses
// unknown keys), and the manifest records paths, sizes and hashes only.
// Callers must serialize runs (report/publish.Lock).
package archive

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"lwc/report"
	"lwc/report/publish"
)

// Names inside the archive.
const (
	SnapshotFile    = "snapshot.json"
	TrendFile       = "trend.json"
	DisbursedFile   = "disbursed.json"
	ManifestFile    = "manifest.json"
	LogFile         = "run.log"
	InputsDir       = "inputs"
	OutputsDir      = "outputs"
	MemoNumbersFile = "memo-numbers.json"

	stagingPrefix = ".staging-"
	oldPrefix     = ".old-"
	dateLayout    = "2006-01-02"
)

// Run is one date's archive being written. Nothing is visible under the
// date's folder until Commit.
type Run struct {
	root    string
	date    string
	staging string
	done    bool
}

// DateDir returns the folder of an as-of date: root/YYYY-MM-DD.
func DateDir(root string, asOf time.Time) string {
	return filepath.Join(root, dateName(asOf))
}

func dateName(t time.Time) string {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format(dateLayout)
}

// Begin starts the archive of asOf under root, first cleaning what a killed
// run may have left.
func Begin(root string, asOf time.Time) (*Run, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("สร้างโฟลเดอร์ archive %s ไม่ได้: %w", root, err)
	}
	if err := Recover(root); err != nil {
		return nil, err
	}
	r := &Run{root: root, date: dateName(asOf)}
	r.staging = filepath.Join(root, stagingPrefix+r.date)
	if err := os.RemoveAll(r.staging); err != nil {
		return nil, fmt.Errorf("ลบโฟลเดอร์ชั่วคราว %s ไม่ได้: %w", r.staging, err)
	}
	for _, d := range []string{InputsDir, OutputsDir} {
		if err := os.MkdirAll(filepath.Join(r.staging, d), 0o755); err != nil {
			return nil, fmt.Errorf("สร้างโฟลเดอร์ %s ไม่ได้: %w", filepath.Join(r.staging, d), err)
		}
	}
	return r, nil
}

// Recover finishes or undoes what a killed run left under root: a date
// folder moved aside just before its replacement was switched in is put
// back; staging folders and replaced folders are removed.
func Recover(root string) error {
	ents, err := os.ReadDir(root)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("อ่านโฟลเดอร์ archive %s ไม่ได้: %w", root, err)
	}
	var errs []error
	for _, e := range ents {
		name := e.Name()
		p := filepath.Join(root, name)
		switch {
		case strings.HasPrefix(name, stagingPrefix):
			errs = append(errs, os.RemoveAll(p))
		case strings.HasPrefix(name, oldPrefix):
			live := filepath.Join(root, strings.TrimPrefix(name, oldPrefix))
			if _, err := os.Lstat(live); errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, os.Rename(p, live))
			} else {
				errs = append(errs, os.RemoveAll(p))
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("เก็บกวาดโฟลเดอร์ archive %s ไม่สำเร็จ: %w", root, err)
	}
	return nil
}

// Dir returns the staging folder, for writers that write into it directly.
func (r *Run) Dir() string { return r.staging }

// Date returns the run's date folder name, YYYY-MM-DD.
func (r *Run) Date() string { return r.date }

// target resolves a slash-separated path relative to a folder of the
// staging area, refusing anything that would leave it.
func (r *Run) target(sub, rel string) (string, error) {
	if r.done {
		return "", errors.New("archive: run already committed or aborted")
	}
	clean := path.Clean(filepath.ToSlash(rel))
	if rel == "" || !filepath.IsLocal(filepath.FromSlash(clean)) {
		return "", fmt.Errorf("archive: path %q is not inside the workspace", rel)
	}
	return filepath.Join(r.staging, sub, filepath.FromSlash(clean)), nil
}

// File is a file to copy into the archive: Src, to Rel (slash-separated)
// under inputs/ or outputs/.
type File struct{ Src, Rel string }

// CopyInputFiles copies files to inputs/, several at a time: a national
// run archives about 880 inputs and as many outputs, and copying is
// waiting on the disk more than computing. Every file is tried, and each
// one's error (nil when copied) is returned in files' order, naming the
// file: the caller decides which inputs a run can go on without. A file
// that fails leaves no copy behind.
func (r *Run) CopyInputFiles(files []File) []error { return r.copyFiles(InputsDir, files) }

// copyWorkers is how many files are copied at once.
const copyWorkers = 4

func (r *Run) copyFiles(sub string, files []File) []error {
	errs := make([]error, len(files))
	var g errgroup.Group
	g.SetLimit(copyWorkers)
	for i, f := range files {
		g.Go(func() error {
			dst, err := r.target(sub, f.Rel)
			if err == nil {
				err = copyFile(f.Src, dst)
			}
			errs[i] = err
			return nil
		})
	}
	g.Wait()
	return errs
}

// AddOutputDir puts every regular file under dir into outputs/, keeping
// relative paths.
//
// A file is hard-linked where the archive and dir share a file system, and
// copied elsewhere. The outputs are versions no run writes into again (a
// run writes new ones and swaps the live link, see package publish), so the
// link holds the same bytes a copy would, and the manifest's sha256 says if
// anyone changed them. Linking a national run's 840 outputs (80 MB) costs
// no data written and no inodes: on ext4 it is a tenth of copying.
func (r *Run) AddOutputDir(dir string) error {
	var copies []File
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		f := File{Src: p, Rel: filepath.ToSlash(rel)}
		dst, err := r.target(OutputsDir, f.Rel)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return fmt.Errorf("คัดลอก %s ไม่ได้: %w", p, err)
		}
		// One at a time: links only add names to folders, and
		// several threads adding names to one folder wait on its lock.
		if os.Link(p, dst) != nil {
			copies = append(copies, f)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return errors.Join(r.copyFiles(OutputsDir, copies)...)
}

// WriteOutput writes data to outputs/rel.
func (r *Run) WriteOutput(rel string, data []byte) error {
	dst, err := r.target(OutputsDir, rel)
	if err != nil {
		return err
	}
	return writeFile(dst, data)
}

// WriteSnapshot writes snapshot.json, and beside it the two small files
// later runs read instead of it: trend.json (History) and disbursed.json
// (Latest). A national snapshot.json is about 75 MB and takes 0.7 s to
// decode, and a run reads up to nine earlier weeks: read whole, the
// archive alone would put a steady-state national run over its 5 s.
func (r *Run) WriteSnapshot(s *report.Snapshot) error {
	if r.done {
		return errors.New("archive: run already committed or aborted")
	}
	// Encoded straight into the file: at national scale snapshot.json is
	// about 75 MB, which need not be held in memory.
	err := writeFileWith(filepath.Join(r.staging, SnapshotFile), func(w io.Writer) error {
		if err := encodeSnapshot(w, s); err != nil {
			return fmt.Errorf("archive: encode snapshot: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := writeJSON(filepath.Join(r.staging, TrendFile), report.PastOf(s)); err != nil {
		return err
	}
	return writeFileWith(filepath.Join(r.staging, DisbursedFile), func(w io.Writer) error {
		if err := encodeDisbursed(w, s); err != nil {
			return fmt.Errorf("archive: encode %s: %w", DisbursedFile, err)
		}
		return nil
	})
}

// writeJSON writes v as compact JSON: trend.json and disbursed.json are
// for LWC's own reading, not for people or other tools (snapshot.json is).
func writeJSON(p string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("archive: encode %s: %w", filepath.Base(p), err)
	}
	return writeFile(p, append(b, '\n'))
}

// WriteLog writes run.log (replacing what an earlier call wrote).
func (r *Run) WriteLog(data []byte) error {
	if r.done {
		return errors.New("archive: run already committed or aborted")
	}
	return writeFile(filepath.Join(r.staging, LogFile), data)
}

// Commit writes the manifest and switches the staging folder in as the
// date's archive, replacing an earlier archive of the same date.
func (r *Run) Commit() error {
	if r.done {
		return errors.New("archive: run already committed or aborted")
	}
	m, err := buildManifest(r.staging, r.date)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("archive: manifest: %w", err)
	}
	if err := writeFile(filepath.Join(r.staging, ManifestFile), append(b, '\n')); err != nil {
		return err
	}
	// Everything written into the staging folder (inputs, outputs,
	// snapshot, log, manifest) reaches the disk before the rename makes
	// it the date's archive: one flush for the whole folder, not one per
	// file (a national run archives 1,700 files).
	if err := publish.SyncTree(r.staging); err != nil {
		return fmt.Errorf("บันทึก archive %s ลงดิสก์ไม่ได้: %w", r.staging, err)
	}

	live := filepath.Join(r.root, r.date)
	old := filepath.Join(r.root, oldPrefix+r.date)
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("ลบ %s ไม่ได้: %w", old, err)
	}
	moved := false
	if _, err := os.Lstat(live); err == nil {
		if err := os.Rename(live, old); err != nil {
			return fmt.Errorf("ย้าย archive เดิม %s ไม่ได้: %w", live, err)
		}
		moved = true
	}
	if err := os.Rename(r.staging, live); err != nil {
		if moved {
			_ = os.Rename(old, live) // put the previous archive back
		}
		return fmt.Errorf("บันทึก archive %s ไม่ได้: %w", live, err)
	}
	r.done = true
	// Some file systems cannot sync a folder; the archive is in place
	// either way, and the next sync of the disk makes it durable.
	_ = publish.SyncDir(r.root)
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("ลบ archive เดิม %s ไม่ได้: %w", old, err)
	}
	return nil
}

// Abort discards the staging folder; the date's previous archive, if any,
// stays as it was. Abort after Commit does nothing.
func (r *Run) Abort() {
	if r.done {
		return
	}
	r.done = true
	_ = os.RemoveAll(r.staging)
}

// Manifest lists every file of a date's archive.
type Manifest struct {
	AsOf  string          `json:"as_of"`
	Files []ManifestEntry `json:"files"` // sorted by path
}

// ManifestEntry is one archived file.
type ManifestEntry struct {
	Path   string `json:"path"` // slash-separated, relative to the date folder
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// buildManifest hashes every file under dir but the manifest itself, on
// GOMAXPROCS workers: a national archive holds some 1,700 files and a
// snapshot.json of about 75 MB, and the run waits for this.
func buildManifest(dir, date string) (*Manifest, error) {
	m := &Manifest{AsOf: date, Files: []ManifestEntry{}}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == ManifestFile {
			return nil
		}
		m.Files = append(m.Files, ManifestEntry{Path: rel})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("archive: manifest of %s: %w", dir, err)
	}
	errs := make([]error, len(m.Files))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range m.Files {
		g.Go(func() error {
			f := &m.Files[i]
			f.SHA256, f.Size, errs[i] = hashFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
			return nil
		})
	}
	g.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("archive: manifest of %s: %w", dir, err)
	}
	sort.Slice(m.Files, func(i, j int) bool { return m.Files[i].Path < m.Files[j].Path })
	return m, nil
}

// ReadManifest reads a date's manifest.json.
func ReadManifest(root string, asOf time.Time) (*Manifest, error) {
	p := filepath.Join(DateDir(root, asOf), ManifestFile)
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("อ่าน %s ไม่ได้: %w", p, err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s เสียหาย: %w", p, err)
	}
	return &m, nil
}

// Verify recomputes the hashes of a date's archive and reports every file
// that is missing or differs from its manifest.
func Verify(root string, asOf time.Time) error {
	m, err := ReadManifest(root, asOf)
	if err != nil {
		return err
	}
	dir := DateDir(root, asOf)
	var errs []error
	for _, f := range m.Files {
		sum, size, err := hashFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		switch {
		case err != nil:
			errs = append(errs, err)
		case sum != f.SHA256 || size != f.Size:
			errs = append(errs, fmt.Errorf("ไฟล์ %s ไม่ตรงกับ manifest", f.Path))
		}
	}
	return errors.Join(errs...)
}

// Marshal encodes a snapshot as snapshot.json: indented, HTML characters
// unescaped, ending in a newline. The same snapshot always gives the same
// bytes (struct fields in declaration order, map keys sorted), the bytes of
// json.Encoder with SetEscapeHTML(false) and SetIndent("", "  ").
func Marshal(s *report.Snapshot) ([]byte, error) {
	var buf bytes.Buffer
	if err := encodeSnapshot(&buf, s); err != nil {
		return nil, fmt.Errorf("archive: encode snapshot: %w", err)
	}
	return buf.Bytes(), nil
}

// ReadSnapshot reads a snapshot.json file.
func ReadSnapshot(p string) (*report.Snapshot, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("อ่าน %s ไม่ได้: %w", p, err)
	}
	var s report.Snapshot
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("%s เสียหาย: %w", p, err)
	}
	return &s, nil
}

// dates lists the archived dates under root, oldest first, with the folder
// holding each. A date folder moved aside by a killed run (.old-DATE) stands
// in for its date until the next Begin puts it back.
func dates(root string) ([]string, map[string]string, error) {
	ents, err := os.ReadDir(root)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, nil
		}
		return nil, nil, fmt.Errorf("อ่านโฟลเดอร์ archive %s ไม่ได้: %w", root, err)
	}
	dirs := map[string]string{}
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		date, old := strings.CutPrefix(name, oldPrefix)
		if _, err := time.Parse(dateLayout, date); err != nil || len(date) != len(dateLayout) {
			continue
		}
		if _, have := dirs[date]; old && have {
			continue
		}
		if !old || dirs[date] == "" {
			dirs[date] = filepath.Join(root, name)
		}
	}
	list := make([]string, 0, len(dirs))
	for d := range dirs {
		list = append(list, d)
	}
	sort.Strings(list)
	return list, dirs, nil
}

// Dates lists the archived as-of dates, oldest first.
func Dates(root string) ([]time.Time, error) {
	list, _, err := dates(root)
	out := make([]time.Time, 0, len(list))
	for _, d := range list {
		t, _ := time.Parse(dateLayout, d)
		out = append(out, t)
	}
	return out, err
}

// History returns what the trend reads of the runs archived before
// before, oldest first (report.PastRun): from trend.json, or from
// snapshot.json for a week archived without one (LWC before trend.json, or
// a damaged trend.json; snapshot.json is the record, trend.json only a
// digest of it). The rest is most of a snapshot at national scale (75 MB
// of JSON, 0.7 s to decode, against 0.5 MB). A date without a snapshot is
// skipped; a snapshot that cannot be read is skipped and reported in the
// error, while the readable ones are still returned (one damaged week must
// not stop the trend).
//
// n > 0 keeps only the n newest runs: the trend needs the last few and
// each run carries the history points of the runs before it, so a run's
// cost does not grow with the age of the archive. Those points are the
// same in every run read, a map of every district each: a history point
// is kept only in the newest run that has its date (the one the trend
// would take, package figures: historyPoints), else late in the fiscal
// year nine runs of fifty points each are 15 MB at national scale.
func History(root string, before time.Time, n int) ([]*report.PastRun, error) {
	list, dirs, err := dates(root)
	if err != nil {
		return nil, err
	}
	limit := dateName(before)
	for len(list) > 0 && list[len(list)-1] >= limit {
		list = list[:len(list)-1]
	}
	if n > 0 && len(list) > n {
		list = list[len(list)-n:]
	}
	var out []*report.PastRun
	var errs []error
	type point struct {
		fy   int
		date string
	}
	later := map[point]bool{} // the points of the runs after the one read
	for i := len(list) - 1; i >= 0; i-- {
		r, err := readTrend(dirs[list[i]])
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if r == nil {
			continue
		}
		// DeleteFunc clears the tail, whose maps would otherwise stay live.
		r.History = slices.DeleteFunc(r.History, func(p report.HistoryPoint) bool {
			k := point{r.FiscalYear, p.AsOf}
			dup := later[k]
			later[k] = true
			return dup
		})
		out = append(out, r)
	}
	slices.Reverse(out)
	slices.Reverse(errs)
	return out, errors.Join(errs...)
}

// encodeDisbursed writes disbursed.json: each district's reported
// projects' cumulative disbursed amounts, by district and project code,
// which the next run compares (report.CodeDisbursedDecreased). Its bytes
// are json.Marshal(report.PreviousOf(s).Disbursed)'s and a newline, built
// a district at a time: marshalled whole, a national run's hundred
// thousand amounts were 3.5 MB of maps and a 5 MB buffer, live while the
// outputs render, when a run's memory is at its peak. The districts go in the order json.Marshal
// gives map keys (sorted as Go strings), each district's projects as a
// map of their own, so a code reported twice keeps its last amount, as
// PreviousOf's map does.
func encodeDisbursed(w io.Writer, s *report.Snapshot) error {
	set := s.ProjectSet()
	districts := slices.Clone(set.Districts())
	slices.Sort(districts)
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteByte('{')
	first := true
	for _, d := range districts {
		ps, err := set.District(d)
		if err != nil {
			return err
		}
		m := map[string]float64{}
		for i := range ps {
			if ps[i].Reported {
				m[ps[i].Code] = ps[i].Disbursed
			}
		}
		if len(m) == 0 {
			continue
		}
		key, err := json.Marshal(d)
		if err != nil {
			return err
		}
		val, err := json.Marshal(m)
		if err != nil {
			return err
		}
		if !first {
			bw.WriteByte(',')
		}
		first = false
		bw.Write(key)
		bw.WriteByte(':')
		bw.Write(val)
	}
	bw.WriteString("}\n")
	return bw.Flush()
}

// trendSnapshot decodes a snapshot.json but skips its lists of projects,
// files and warnings and its award tables (the outer fields hide the
// embedded ones), for a week without trend.json.
type trendSnapshot struct {
	report.Snapshot
	Projects skipJSON `json:"projects"`
	Files    skipJSON `json:"files"`
	Warnings skipJSON `json:"warnings"`
	Award    skipJSON `json:"award"`
}

// skipJSON accepts any JSON value and keeps nothing of it.
type skipJSON struct{}

func (*skipJSON) UnmarshalJSON([]byte) error { return nil }

// readTrend reads the trend of the run archived in dir: its trend.json,
// else its snapshot.json; nil when it has neither.
func readTrend(dir string) (*report.PastRun, error) {
	var t report.PastRun
	terr := readJSON(filepath.Join(dir, TrendFile), &t)
	if terr == nil {
		return &t, nil
	}
	var s trendSnapshot
	if err := readJSON(filepath.Join(dir, SnapshotFile), &s); err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		if !errors.Is(terr, fs.ErrNotExist) {
			return nil, terr // a damaged trend.json and no snapshot.json
		}
		return nil, nil
	}
	return report.PastOf(&s.Snapshot), nil
}

// readJSON decodes the JSON file p into v; a missing file gives an error
// matching fs.ErrNotExist.
func readJSON(p string, v any) error {
	b, err := os.ReadFile(p)
	if err != nil {
		return fmt.Errorf("อ่าน %s ไม่ได้: %w", p, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s เสียหาย: %w", p, err)
	}
	return nil
}

// Latest returns what verification reads of the most recent run archived
// before before (report.CheckInput.Previous), or nil when there is none:
// the districts' data dates and the reported projects' disbursed amounts.
// It is read from trend.json and disbursed.json, or from snapshot.json
// when either is missing or damaged.
func Latest(root string, before time.Time) (*report.PreviousRun, error) {
	list, dirs, err := dates(root)
	if err != nil {
		return nil, err
	}
	limit := dateName(before)
	for i := len(list) - 1; i >= 0; i-- {
		if list[i] >= limit {
			continue
		}
		dir := dirs[list[i]]
		// Of trend.json only the dates are decoded.
		var t struct {
			AsOf      string `json:"as_of"`
			Districts []struct {
				Code     string `json:"code"`
				DataAsOf string `json:"data_as_of"`
			} `json:"districts"`
		}
		// Each district's projects stay encoded until its file is
		// verified (report.PreviousRun.DisbursedOf).
		var disb map[string]json.RawMessage
		if readJSON(filepath.Join(dir, TrendFile), &t) == nil && readJSON(filepath.Join(dir, DisbursedFile), &disb) == nil {
			p := &report.PreviousRun{AsOf: t.AsOf, DataAsOf: make(map[string]string, len(t.Districts)), DisbursedJSON: disb}
			for _, d := range t.Districts {
				p.DataAsOf[d.Code] = d.DataAsOf
			}
			return p, nil
		}
		p := filepath.Join(dir, SnapshotFile)
		if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		s, err := ReadSnapshot(p)
		if err != nil {
			return nil, err
		}
		return report.PreviousOf(s)
	}
	return nil, nil
}

// Inputs returns the folder of the inputs archived for asOf, for running
// that date again exactly as it ran.
func Inputs(root string, asOf time.Time) (dir string, ok bool) {
	_, dirs, err := dates(root)
	if err != nil {
		return "", false
	}
	d, have := dirs[dateName(asOf)]
	if !have {
		return "", false
	}
	dir = filepath.Join(d, InputsDir)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return "", false
	}
	return dir, true
}

// copyFile copies a regular file (a device or pipe is refused: reading one
// could hang the run).
func copyFile(src, dst string) error {
	fi, err := os.Stat(src)
	if err != nil {
		return fmt.Errorf("คัดลอก %s ไม่ได้: %w", src, err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("คัดลอก %s ไม่ได้: ไม่ใช่ไฟล์ธรรมดา", src)
	}
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("คัดลอก %s ไม่ได้: %w", src, err)
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("คัดลอก %s ไม่ได้: %w", src, err)
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("คัดลอก %s ไม่ได้: %w", src, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst) // a part of the file must not pass for it
		return fmt.Errorf("คัดลอก %s ไม่ได้: %w", src, err)
	}
	if err := out.Close(); err != nil {
		os.Remove(dst)
		return fmt.Errorf("คัดลอก %s ไม่ได้: %w", src, err)
	}
	// Keep the modification time: verification breaks ties between two
	// files of one district by it, so a reproduction must see the same.
	if err := os.Chtimes(dst, fi.ModTime(), fi.ModTime()); err != nil {
		os.Remove(dst)
		return fmt.Errorf("คัดลอก %s ไม่ได้: %w", src, err)
	}
	return nil
}

// writeFile writes a file, creating its folder. Commit syncs the folder.
func writeFile(p string, data []byte) error {
	return writeFileWith(p, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeFileWith writes a file with write, creating its folder. write's
// writes go straight to the file: callers that write in small pieces
// buffer them. Commit syncs the whole staging folder at once.
func writeFileWith(p string, write func(io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("เขียน %s ไม่ได้: %w", p, err)
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("เขียน %s ไม่ได้: %w", p, err)
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("เขียน %s ไม่ได้: %w", p, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("เขียน %s ไม่ได้: %w", p, err)
	}
	return nil
}

func hashFile(p string) (string, int64, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", 0, fmt.Errorf("อ่าน %s ไม่ได้: %w", p, err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, fmt.Errorf("อ่าน %s ไม่ได้: %w", p, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}
