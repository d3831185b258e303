package report

import (
	"encoding/binary"
	"iter"
	"math"
)

// planProjects is a plan's projects in a compact form, as ReadPlan keeps
// them: a national plan's 105,000 projects were 10 MB as Project values
// (96 bytes each, and a copy of each code), live through the read and
// compute stages, where a run's memory peaks; encoded they are about 30
// bytes each. A record is: the indexes (uvarint) of its district code,
// name, work group and expense type in strs; the code's length and bytes;
// the allocation's bits (8 bytes, little-endian); the row (uvarint).
// Names, work groups and expense types are each kept once, in strs.
type planProjects struct {
	data string
	off  []int32 // each record's start in data
	strs []string
}

// planProjectsBuilder builds a planProjects in plan order.
type planProjectsBuilder struct {
	data  []byte
	off   []int32
	strs  []string
	index map[string]uint32
}

// newPlanProjectsBuilder sizes the builder for about n projects (a
// typical record is 25 bytes).
func newPlanProjectsBuilder(n int) *planProjectsBuilder {
	return &planProjectsBuilder{data: make([]byte, 0, 25*n), off: make([]int32, 0, n), strs: []string{""}, index: map[string]uint32{"": 0}}
}

// str returns s's index in the table, adding a copy of s (it may be a
// cut of the sheet reader's blocks) the first time.
func (b *planProjectsBuilder) str(s string) uint32 {
	if k, ok := b.index[s]; ok {
		return k
	}
	s = string([]byte(s))
	k := uint32(len(b.strs))
	b.strs = append(b.strs, s)
	b.index[s] = k
	return k
}

// add appends pr; it reports false when the plan outgrows the form's
// offsets (2 GB of records: no plan within the limits comes near).
func (b *planProjectsBuilder) add(pr *Project) bool {
	if len(b.data) > math.MaxInt32-1<<20 {
		return false
	}
	b.off = append(b.off, int32(len(b.data)))
	for _, s := range [...]string{pr.District, pr.Name, pr.WorkGroup, pr.ExpenseType} {
		b.data = binary.AppendUvarint(b.data, uint64(b.str(s)))
	}
	b.data = binary.AppendUvarint(b.data, uint64(len(pr.Code)))
	b.data = append(b.data, pr.Code...)
	b.data = binary.LittleEndian.AppendUint64(b.data, math.Float64bits(pr.Allocated))
	b.data = binary.AppendUvarint(b.data, uint64(pr.Row))
	return true
}

// len is the number of projects added.
func (b *planProjectsBuilder) len() int { return len(b.off) }

// at decodes project i while building (a duplicate's check and message):
// a copy of its record only.
func (b *planProjectsBuilder) at(i int) Project {
	end := len(b.data)
	if i+1 < len(b.off) {
		end = int(b.off[i+1])
	}
	return decodeProject(string(b.data[b.off[i]:end]), b.strs)
}

// finish gives the compact form, sized to fit.
func (b *planProjectsBuilder) finish() *planProjects {
	if len(b.off) == 0 {
		return nil
	}
	off := b.off
	if cap(off) > len(off)+len(off)/8 {
		off = append([]int32(nil), off...)
	}
	return &planProjects{data: string(b.data), off: off, strs: b.strs[:len(b.strs):len(b.strs)]}
}

// project decodes project i.
func (pp *planProjects) project(i int) Project {
	return decodeProject(pp.data[pp.off[i]:], pp.strs)
}

// decodeProject decodes the record at the start of d. Its strings are the
// table's and a cut of d: nothing is allocated.
func decodeProject(d string, strs []string) Project {
	r := recordReader{s: d}
	var p Project
	p.District = strs[r.uvarint()]
	p.Name = strs[r.uvarint()]
	p.WorkGroup = strs[r.uvarint()]
	p.ExpenseType = strs[r.uvarint()]
	p.Code = r.text()
	p.Allocated = r.float()
	p.Row = r.uvarint()
	return p
}

// NumProjects is the number of the plan's projects.
func (p *Plan) NumProjects() int {
	if p.projects != nil {
		return len(p.projects.off)
	}
	return len(p.Projects)
}

// Project returns the plan's project i (0 ≤ i < NumProjects), in plan
// order.
func (p *Plan) Project(i int) Project {
	if p.projects != nil {
		return p.projects.project(i)
	}
	return p.Projects[i]
}

// AllProjects yields the plan's projects in plan order with their index.
// A plan read by ReadPlan keeps its projects in a compact form (Projects
// is nil), one built in memory in Projects: AllProjects and Project read
// either, and every reader of a plan goes through them.
func (p *Plan) AllProjects() iter.Seq2[int, Project] {
	return func(yield func(int, Project) bool) {
		for i := range p.NumProjects() {
			if !yield(i, p.Project(i)) {
				return
			}
		}
	}
}
