package pdf

import (
	"encoding/binary"
	"errors"
	"math/bits"
	"sort"
)

// subsetTables are the tables a subset keeps: what a PDF reader needs to
// draw a TrueType font program (PDF 32000 §9.9) and what gofpdf's
// MakeFont reads from it (name, OS/2, post). The OpenType layout tables
// (GSUB, GPOS, GDEF), kerning and device metrics are dropped: PDF text is
// positioned by the writer, and the Thai marks are already shaped.
var subsetTables = map[string]bool{
	"head": true, "hhea": true, "maxp": true, "OS/2": true, "hmtx": true,
	"cmap": true, "cvt ": true, "fpgm": true, "prep": true, "gasp": true,
	"name": true, "post": true, "loca": true, "glyf": true,
}

// subsetTTF returns font with the outlines of every glyph outside keep
// emptied (and the components of kept composite glyphs kept). Glyph
// indexes do not change, so cmap, hmtx and post stay valid as they are.
func subsetTTF(font []byte, keep map[int]bool) ([]byte, error) {
	tables, err := ttfTables(font)
	if err != nil {
		return nil, err
	}
	head, maxp, loca, glyf := tables["head"], tables["maxp"], tables["loca"], tables["glyf"]
	if len(head) < 54 || len(maxp) < 6 || loca == nil || glyf == nil {
		return nil, errors.New("not a TrueType-outline font")
	}
	n := int(binary.BigEndian.Uint16(maxp[4:]))
	longLoca := binary.BigEndian.Uint16(head[50:]) == 1
	offset := func(g int) int {
		if longLoca {
			if 4*g+4 > len(loca) {
				return -1
			}
			return int(binary.BigEndian.Uint32(loca[4*g:]))
		}
		if 2*g+2 > len(loca) {
			return -1
		}
		return 2 * int(binary.BigEndian.Uint16(loca[2*g:]))
	}
	glyph := func(g int) ([]byte, error) {
		a, b := offset(g), offset(g+1)
		if a < 0 || b < a || b > len(glyf) {
			return nil, errors.New("glyph out of range")
		}
		return glyf[a:b], nil
	}

	// Close keep over composite glyphs' components (in a copy: the
	// caller's set stays as it was).
	todo := make([]int, 0, len(keep))
	kept := make(map[int]bool, len(keep))
	for g := range keep {
		todo = append(todo, g)
		kept[g] = true
	}
	keep = kept
	for len(todo) > 0 {
		g := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if g < 0 || g >= n {
			continue
		}
		d, err := glyph(g)
		if err != nil {
			return nil, err
		}
		comps, err := components(d)
		if err != nil {
			return nil, err
		}
		for _, c := range comps {
			if !keep[c] {
				keep[c] = true
				todo = append(todo, c)
			}
		}
	}

	newGlyf := make([]byte, 0, len(glyf))
	newLoca := make([]byte, 4*(n+1))
	for g := 0; g < n; g++ {
		binary.BigEndian.PutUint32(newLoca[4*g:], uint32(len(newGlyf)))
		if !keep[g] {
			continue
		}
		d, err := glyph(g)
		if err != nil {
			return nil, err
		}
		newGlyf = append(newGlyf, d...)
		for len(newGlyf)%4 != 0 {
			newGlyf = append(newGlyf, 0)
		}
	}
	binary.BigEndian.PutUint32(newLoca[4*n:], uint32(len(newGlyf)))

	newHead := append([]byte(nil), head...)
	binary.BigEndian.PutUint16(newHead[50:], 1) // long loca offsets
	binary.BigEndian.PutUint32(newHead[8:], 0)  // checkSumAdjustment, set below
	out := map[string][]byte{"glyf": newGlyf, "loca": newLoca, "head": newHead}
	for tag, t := range tables {
		if subsetTables[tag] && out[tag] == nil {
			out[tag] = t
		}
	}
	b := writeSFNT(out)
	// The whole file sums to 0xB1B0AFBA (OpenType "head" table).
	binary.BigEndian.PutUint32(b[headOffset(b):][8:], 0xB1B0AFBA-checksum(b))
	return b, nil
}

// components returns the glyph indexes a composite glyph is made of.
func components(d []byte) ([]int, error) {
	if len(d) < 10 || int16(binary.BigEndian.Uint16(d)) >= 0 {
		return nil, nil // empty or simple
	}
	const (
		argsAreWords  = 0x0001
		haveScale     = 0x0008
		moreComps     = 0x0020
		haveXYScale   = 0x0040
		haveTwoByTwo  = 0x0080
		maxComponents = 1024
	)
	var out []int
	for p := 10; len(out) < maxComponents; {
		if p+4 > len(d) {
			return nil, errors.New("short composite glyph")
		}
		flags := binary.BigEndian.Uint16(d[p:])
		out = append(out, int(binary.BigEndian.Uint16(d[p+2:])))
		p += 4
		if flags&argsAreWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&haveScale != 0:
			p += 2
		case flags&haveXYScale != 0:
			p += 4
		case flags&haveTwoByTwo != 0:
			p += 8
		}
		if flags&moreComps == 0 {
			break
		}
	}
	return out, nil
}

// writeSFNT lays out the tables as a TrueType file: the directory sorted
// by tag, each table on a 4-byte boundary with its checksum.
func writeSFNT(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	nt := len(tags)
	entrySelector := bits.Len(uint(nt)) - 1
	searchRange := 16 << entrySelector
	b := make([]byte, 12+16*nt)
	binary.BigEndian.PutUint32(b[0:], 0x00010000)
	binary.BigEndian.PutUint16(b[4:], uint16(nt))
	binary.BigEndian.PutUint16(b[6:], uint16(searchRange))
	binary.BigEndian.PutUint16(b[8:], uint16(entrySelector))
	binary.BigEndian.PutUint16(b[10:], uint16(16*nt-searchRange))
	for i, tag := range tags {
		t := tables[tag]
		e := 12 + 16*i
		copy(b[e:], tag)
		binary.BigEndian.PutUint32(b[e+4:], checksum(t))
		binary.BigEndian.PutUint32(b[e+8:], uint32(len(b)))
		binary.BigEndian.PutUint32(b[e+12:], uint32(len(t)))
		b = append(b, t...)
		for len(b)%4 != 0 {
			b = append(b, 0)
		}
	}
	return b
}

// headOffset returns where the head table starts in a file made by
// writeSFNT.
func headOffset(b []byte) int {
	nt := int(binary.BigEndian.Uint16(b[4:]))
	for i := 0; i < nt; i++ {
		e := 12 + 16*i
		if string(b[e:e+4]) == "head" {
			return int(binary.BigEndian.Uint32(b[e+8:]))
		}
	}
	return 0
}

// checksum is the TrueType table checksum: the sum of big-endian uint32s,
// the last one padded with zeros.
func checksum(t []byte) uint32 {
	var sum uint32
	for i := 0; i < len(t); i += 4 {
		var w [4]byte
		copy(w[:], t[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
