package report

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"unsafe"
)

// ProjectSet is a snapshot's project figures as its readers take them:
// one district's, or all in plan order. A run keeps them in a ProjectFile
// on disk; a snapshot read back or built by hand has them in Projects
// (Snapshot.ProjectSet gives whichever it has). Safe for concurrent use
// (a ProjectFile once finished).
type ProjectSet interface {
	// Districts lists the districts that have projects, in the order of
	// their first project.
	Districts() []string
	// District gives the district's projects in plan order (nil when it
	// has none).
	District(code string) ([]ProjectFigures, error)
	// Each calls f with every project in plan order; p is valid only
	// during the call. It stops at f's first error and returns it.
	Each(f func(p *ProjectFigures) error) error
}

// ProjectSet gives s's projects: its ProjectFile's when it has one, else
// Projects.
func (s *Snapshot) ProjectSet() ProjectSet {
	if s.ProjectFile != nil {
		return s.ProjectFile
	}
	return NewProjectSlice(s.Projects)
}

// ProjectSlice is a ProjectSet in memory.
type ProjectSlice struct {
	all        []ProjectFigures
	districts  []string
	byDistrict map[string][]int
}

// NewProjectSlice indexes ps (not copied) by district.
func NewProjectSlice(ps []ProjectFigures) *ProjectSlice {
	x := &ProjectSlice{all: ps, byDistrict: map[string][]int{}}
	for i := range ps {
		d := ps[i].District
		if _, ok := x.byDistrict[d]; !ok {
			x.districts = append(x.districts, d)
		}
		x.byDistrict[d] = append(x.byDistrict[d], i)
	}
	return x
}

func (x *ProjectSlice) Districts() []string { return x.districts }

func (x *ProjectSlice) District(code string) ([]ProjectFigures, error) {
	idx := x.byDistrict[code]
	if len(idx) == 0 {
		return nil, nil
	}
	out := make([]ProjectFigures, len(idx))
	for k, i := range idx {
		out[k] = x.all[i]
	}
	return out, nil
}

func (x *ProjectSlice) Each(f func(p *ProjectFigures) error) error {
	for i := range x.all {
		if err := f(&x.all[i]); err != nil {
			return err
		}
	}
	return nil
}

// ProjectFile keeps project figures on disk, so that a run need not hold
// a national plan's 105,000 of them (14 MB, a quarter of its live heap)
// from compute to the end of rendering: the figures are summed as they
// are written, and each reader reads them back a district at a time (the
// site, the consolidated workbook, disbursed.json) or in one pass
// (snapshot.json). It is written once, in plan order, then read,
// concurrently if need be. The file has no name: it is removed when
// created and goes when closed, or with the process. (On NFS a removed
// open file stays as .nfsXXXX until closed; a workspace is on a local disk,
// see docs/deploy.md.) Reading checks the records' structure, not their
// content: the file is the run's own, not input.
type ProjectFile struct {
	f    *os.File
	w    *bufio.Writer
	size int64
	// spans are runs of consecutive records of one district, of at most
	// maxSpan bytes (unless one record is larger), each read with one
	// call; a plan lists a district's projects together, so a district
	// usually has one.
	spans      []projectSpan
	districts  []string
	byDistrict map[string][]int // indexes into spans
	done       bool
	err        error  // the first write error, which Finish returns
	buf        []byte // Add's encoding space
}

// maxSpan bounds what a reader holds of the file at a time.
const maxSpan = 256 << 10

type projectSpan struct {
	off, size int64
	n         int
}

// CreateProjectFile creates an empty ProjectFile in dir ("" for the
// system's temporary folder). A run gives a folder on the workspace's disk:
// the system's may be memory.
func CreateProjectFile(dir string) (*ProjectFile, error) {
	f, err := os.CreateTemp(dir, ".lwc-projects-*")
	if err != nil {
		return nil, fmt.Errorf("creating the projects' file: %w", err)
	}
	// Unnamed from now on: nothing to clean up after a crash.
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		return nil, fmt.Errorf("creating the projects' file: %w", err)
	}
	return &ProjectFile{f: f, w: bufio.NewWriterSize(f, 64<<10), byDistrict: map[string][]int{}}, nil
}

// Add appends p. Projects are added in plan order, all before any is
// read: Add after Finish panics (readers may be reading). A write error
// is kept and returned by Finish, as bufio.Writer does, so that the
// figures can be computed without checking each one.
func (pf *ProjectFile) Add(p *ProjectFigures) {
	if pf.done {
		panic("report: ProjectFile.Add after Finish")
	}
	if pf.err != nil {
		return
	}
	b := pf.buf[:0]
	for _, s := range [...]string{p.District, p.Code, p.Name, p.WorkGroup, p.ExpenseType} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	for _, v := range [...]float64{p.Allocated, p.Committed, p.Disbursed, p.DisbursementRate, p.SpendingRate} {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	if p.Reported {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	pf.buf = b
	if _, err := pf.w.Write(b); err != nil {
		pf.err = fmt.Errorf("writing the projects' file: %w", err)
		return
	}
	spans := pf.byDistrict[p.District]
	if k := len(spans) - 1; k >= 0 && spans[k] == len(pf.spans)-1 && pf.spans[spans[k]].size+int64(len(b)) <= maxSpan {
		s := &pf.spans[spans[k]]
		s.size += int64(len(b))
		s.n++
	} else {
		if len(spans) == 0 {
			pf.districts = append(pf.districts, p.District)
		}
		pf.byDistrict[p.District] = append(spans, len(pf.spans))
		pf.spans = append(pf.spans, projectSpan{off: pf.size, size: int64(len(b)), n: 1})
	}
	pf.size += int64(len(b))
}

// Finish ends the writing, and reports the first error of any Add; the
// file is read from then on.
func (pf *ProjectFile) Finish() error {
	if pf.done {
		return pf.err
	}
	pf.done = true
	pf.buf = nil
	if err := pf.w.Flush(); err != nil && pf.err == nil {
		pf.err = fmt.Errorf("writing the projects' file: %w", err)
	}
	pf.w = nil
	return pf.err
}

func (pf *ProjectFile) readable() error {
	if !pf.done {
		return errors.New("projects' file: reading before Finish")
	}
	return pf.err
}

// Districts is complete once the file is finished.
func (pf *ProjectFile) Districts() []string { return pf.districts }

// Close releases the file.
func (pf *ProjectFile) Close() error { return pf.f.Close() }

func (pf *ProjectFile) District(code string) ([]ProjectFigures, error) {
	if err := pf.readable(); err != nil {
		return nil, err
	}
	spans := pf.byDistrict[code]
	n := 0
	for _, k := range spans {
		n += pf.spans[k].n
	}
	if n == 0 {
		return nil, nil
	}
	out := make([]ProjectFigures, 0, n)
	for _, k := range spans {
		var err error
		if out, err = pf.readSpan(pf.spans[k], out); err != nil {
			return nil, err
		}
	}
	for i := range out {
		if out[i].District != code {
			return nil, fmt.Errorf("reading the projects' file: a record of district %q among %q's", out[i].District, code)
		}
	}
	return out, nil
}

func (pf *ProjectFile) Each(f func(p *ProjectFigures) error) error {
	if err := pf.readable(); err != nil {
		return err
	}
	var ps []ProjectFigures
	for _, s := range pf.spans {
		var err error
		if ps, err = pf.readSpan(s, ps[:0]); err != nil {
			return err
		}
		for i := range ps {
			if err := f(&ps[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

// readSpan appends span s's records to out, reading the span with one
// call into a buffer of its own, which the records' strings are cut from
// (the buffer is never written again): one allocation for a span's text,
// not two a project, nor a reused buffer and a copy of it as a string. A
// national run's outputs read every district three times, and that copy
// was 110 MB of allocation, which the collector counted as live while it
// marked beside it.
func (pf *ProjectFile) readSpan(s projectSpan, out []ProjectFigures) ([]ProjectFigures, error) {
	if s.size == 0 {
		return out, nil
	}
	buf := make([]byte, s.size)
	if _, err := pf.f.ReadAt(buf, s.off); err != nil {
		return out, fmt.Errorf("reading the projects' file: %w", err)
	}
	text := unsafe.String(&buf[0], len(buf))
	at := 0
	fail := func() ([]ProjectFigures, error) {
		return out, fmt.Errorf("reading the projects' file: record damaged at byte %d", s.off+int64(at))
	}
	str := func() (string, bool) {
		n, w := binary.Uvarint(buf[at:])
		if w <= 0 || n > uint64(len(buf)-at-w) {
			return "", false
		}
		at += w
		t := text[at : at+int(n)]
		at += int(n)
		return t, true
	}
	for range s.n {
		var p ProjectFigures
		var ok [5]bool
		p.District, ok[0] = str()
		p.Code, ok[1] = str()
		p.Name, ok[2] = str()
		p.WorkGroup, ok[3] = str()
		p.ExpenseType, ok[4] = str()
		if ok != [5]bool{true, true, true, true, true} || len(buf)-at < fixedSize || buf[at+40] > 1 {
			return fail()
		}
		f := func(i int) float64 { return math.Float64frombits(binary.LittleEndian.Uint64(buf[at+8*i:])) }
		p.Allocated, p.Committed, p.Disbursed, p.DisbursementRate, p.SpendingRate = f(0), f(1), f(2), f(3), f(4)
		p.Reported = buf[at+40] == 1
		at += fixedSize
		out = append(out, p)
	}
	if at != len(buf) {
		return fail()
	}
	return out, nil
}

// fixedSize is a record's bytes after its strings: five float64 and a bool.
const fixedSize = 5*8 + 1
