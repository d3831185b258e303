package report

import (
	"encoding/binary"
	"math"
)

// lineBlock is a submission's project lines in a compact form, one string
// for the whole file: a checked inbox keeps every district's lines from
// the moment a file is read until the figures are computed, and as
// ProjectLine values (120 bytes each, plus a string for the code) a
// national inbox's 105,000 lines were 12-17 MB of the read stage's live
// heap; encoded they are about 40 bytes each. Only Code, the three
// amounts, Note and Row are kept: Name and WorkGroup are the plan's for
// an accepted line (see ProjectLine).
//
// A line is: the code's length (uvarint) and bytes; a flags byte; each
// amount's bits (8 bytes, little-endian) when not zero; the note's length
// and bytes when it has one; the row (uvarint). The bits of an amount
// round-trip exactly (-0 included), and a Value that is not OK keeps its
// V, as read.
type lineBlock struct {
	data string
	n    int // lines
}

// Flags of an encoded line: for each amount, whether it is OK and whether
// its bits are stored; and whether a note follows.
const (
	lineAllocOK = 1 << iota
	lineAllocV
	lineCommitOK
	lineCommitV
	lineDisbOK
	lineDisbV
	lineNote
)

// encodeLines encodes ls into one block. Its strings are copied: the block
// shares no memory with the sheet reader's.
func encodeLines(ls []ProjectLine) lineBlock {
	if len(ls) == 0 {
		return lineBlock{}
	}
	n := 0
	for i := range ls {
		n += 2*binary.MaxVarintLen32 + 1 + 3*8 + len(ls[i].Code) + len(ls[i].Note)
	}
	b := make([]byte, 0, n)
	for i := range ls {
		l := &ls[i]
		b = binary.AppendUvarint(b, uint64(len(l.Code)))
		b = append(b, l.Code...)
		var flags byte
		vals := [3]Value{l.Allocated, l.Committed, l.Disbursed}
		for k, v := range vals {
			if v.OK {
				flags |= lineAllocOK << (2 * k)
			}
			if math.Float64bits(v.V) != 0 {
				flags |= lineAllocV << (2 * k)
			}
		}
		if l.Note != "" {
			flags |= lineNote
		}
		b = append(b, flags)
		for _, v := range vals {
			if bits := math.Float64bits(v.V); bits != 0 {
				b = binary.LittleEndian.AppendUint64(b, bits)
			}
		}
		if l.Note != "" {
			b = binary.AppendUvarint(b, uint64(len(l.Note)))
			b = append(b, l.Note...)
		}
		b = binary.AppendUvarint(b, uint64(l.Row))
	}
	// One copy, exactly the size used: the estimate above is generous.
	return lineBlock{data: string(b), n: len(ls)}
}

// lines decodes the block. The lines' strings are cut from the block, not
// copied.
func (lb lineBlock) lines() []ProjectLine {
	if lb.n == 0 {
		return nil
	}
	out := make([]ProjectLine, lb.n)
	r := recordReader{s: lb.data}
	for i := range out {
		l := &out[i]
		l.Code = r.text()
		flags := r.byte()
		for k, v := range [3]*Value{&l.Allocated, &l.Committed, &l.Disbursed} {
			v.OK = flags&(lineAllocOK<<(2*k)) != 0
			if flags&(lineAllocV<<(2*k)) != 0 {
				v.V = r.float()
			}
		}
		if flags&lineNote != 0 {
			l.Note = r.text()
		}
		l.Row = r.uvarint()
	}
	return out
}

// recordReader reads the compact records of this file and of
// planprojects.go from a string, cutting their text from it without
// copying. Only this package writes those records: a damaged one is a bug,
// and panics.
type recordReader struct {
	s   string
	pos int
}

// uvarint is binary.Uvarint over the string, without converting it.
func (r *recordReader) uvarint() int {
	var x uint64
	var shift uint
	for i := 0; r.pos+i < len(r.s) && i < binary.MaxVarintLen64; i++ {
		c := r.s[r.pos+i]
		if c < 0x80 {
			r.pos += i + 1
			return int(x | uint64(c)<<shift)
		}
		x |= uint64(c&0x7f) << shift
		shift += 7
	}
	panic("report: damaged compact record")
}

// text reads a length (uvarint) and that many bytes.
func (r *recordReader) text() string {
	n := r.uvarint()
	t := r.s[r.pos : r.pos+n]
	r.pos += n
	return t
}

func (r *recordReader) byte() byte {
	c := r.s[r.pos]
	r.pos++
	return c
}

// float reads a float64's bits, 8 bytes little-endian.
func (r *recordReader) float() float64 {
	var bits uint64
	for j := r.pos + 7; j >= r.pos; j-- {
		bits = bits<<8 | uint64(r.s[j])
	}
	r.pos += 8
	return math.Float64frombits(bits)
}

// Lines returns the submission's project lines. A submission read with
// ReadSubmission has them in Projects, as typed. One from a checked inbox
// (CheckInbox) keeps its accepted lines in a compact form instead, and
// Projects is nil: Lines decodes them, giving each line's Code, amounts,
// Note and Row, with Name and WorkGroup empty (they are the plan's project
// of the same code). Each call decodes anew; callers hold the result only
// as long as they need it.
func (s *Submission) Lines() []ProjectLine {
	if s.lines.n == 0 {
		return s.Projects
	}
	return s.lines.lines()
}

// keepLines moves the submission's Projects into their compact form.
func (s *Submission) keepLines(ls []ProjectLine) {
	s.lines = encodeLines(ls)
	s.Projects = nil
}
