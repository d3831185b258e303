package report

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
)

// ProjectSet is a snapshot's project figures as its readers take them:
// one district's, or all in plan order. A run keeps them in a ProjectFile
// on disk; a snapshot read back or built by hand has them in Projects
// (Snapshot.ProjectSet gives whichever it has). Safe for concurrent use.
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
// site, the consolidated workbook) or in one pass (snapshot.json,
// disbursed.json). It is written once, in plan order, then read,
// concurrently if need be. The file has no name: it is removed when
// created and goes when closed, or with the process.
type ProjectFile struct {
	f    *os.File
	w    *bufio.Writer
	size int64
	n    int
	// spans are runs of consecutive records of one district; a plan lists
	// a district's projects together, so a district has one.
	spans      []projectSpan
	districts  []string
	byDistrict map[string][]int // indexes into spans
	done       bool
	err        error  // the first write error, which Finish returns
	buf        []byte // Add's encoding space
}

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
// read. A write error is kept and returned by Finish, as bufio.Writer
// does, so that the figures can be computed without checking each one.
func (pf *ProjectFile) Add(p *ProjectFigures) {
	if pf.err != nil {
		return
	}
	if pf.done {
		pf.err = errors.New("projects' file: adding after Finish")
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
	if k := len(spans) - 1; k >= 0 && spans[k] == len(pf.spans)-1 {
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
	pf.n++
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

func (pf *ProjectFile) Districts() []string { return pf.districts }

// Len is the number of projects added.
func (pf *ProjectFile) Len() int { return pf.n }

// Close releases the file.
func (pf *ProjectFile) Close() error { return pf.f.Close() }

func (pf *ProjectFile) District(code string) ([]ProjectFigures, error) {
	if err := pf.readable(); err != nil {
		return nil, err
	}
	var out []ProjectFigures
	for _, k := range pf.byDistrict[code] {
		s := pf.spans[k]
		r := projectReader{r: bufio.NewReaderSize(io.NewSectionReader(pf.f, s.off, s.size), int(min(s.size, 64<<10)))}
		for range s.n {
			var p ProjectFigures
			if err := r.read(&p); err != nil {
				return nil, err
			}
			out = append(out, p)
		}
	}
	return out, nil
}

func (pf *ProjectFile) Each(f func(p *ProjectFigures) error) error {
	if err := pf.readable(); err != nil {
		return err
	}
	r := projectReader{r: bufio.NewReaderSize(io.NewSectionReader(pf.f, 0, pf.size), 64<<10)}
	var p ProjectFigures
	for range pf.n {
		if err := r.read(&p); err != nil {
			return err
		}
		if err := f(&p); err != nil {
			return err
		}
	}
	return nil
}

// projectReader decodes records. The district, work group and expense
// type repeat from record to record: they are kept once per reader.
type projectReader struct {
	r    *bufio.Reader
	buf  []byte
	seen map[string]string
}

func (pr *projectReader) read(p *ProjectFigures) error {
	var fail error
	str := func(repeats bool) string {
		if fail != nil {
			return ""
		}
		n, err := binary.ReadUvarint(pr.r)
		if err == nil && n > math.MaxInt32 {
			err = errors.New("string too long")
		}
		if err != nil {
			fail = err
			return ""
		}
		if cap(pr.buf) < int(n) {
			pr.buf = make([]byte, n)
		}
		b := pr.buf[:n]
		if _, err := io.ReadFull(pr.r, b); err != nil {
			fail = err
			return ""
		}
		if !repeats {
			return string(b)
		}
		if s, ok := pr.seen[string(b)]; ok {
			return s
		}
		if pr.seen == nil {
			pr.seen = map[string]string{}
		}
		s := string(b)
		pr.seen[s] = s
		return s
	}
	p.District, p.Code, p.Name, p.WorkGroup, p.ExpenseType = str(true), str(false), str(false), str(true), str(true)
	if fail != nil {
		return fmt.Errorf("reading the projects' file: %w", fail)
	}
	var fixed [5*8 + 1]byte
	if _, err := io.ReadFull(pr.r, fixed[:]); err != nil {
		return fmt.Errorf("reading the projects' file: %w", err)
	}
	f := func(i int) float64 { return math.Float64frombits(binary.LittleEndian.Uint64(fixed[8*i:])) }
	p.Allocated, p.Committed, p.Disbursed, p.DisbursementRate, p.SpendingRate = f(0), f(1), f(2), f(3), f(4)
	p.Reported = fixed[40] == 1
	return nil
}
