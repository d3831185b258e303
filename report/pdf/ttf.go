package pdf

import (
	"encoding/binary"
	"errors"
)

// glyphBox is what the text layer needs to know about a glyph's outline,
// in font units (baseline at y 0).
type glyphBox struct {
	xMin, yMin, xMax, yMax int
	// ascLeft is, for a consonant with an ascender (ป ฝ ฟ ฬ), the left
	// edge of the part that rises above the x-height.
	ascLeft int
	ok      bool
}

// fontMetrics are the outlines' extents of the Thai glyphs of one font.
type fontMetrics struct {
	unitsPerEm int
	boxes      map[rune]glyphBox
}

// readMetrics reads the boxes of the Thai block and the presentation forms
// from a TrueType font. gofpdf does not expose them; they let the text
// layer move a mark further off an ascender than the font's presentation
// form does (Laksaman's ฟ้ and ฝั still touch the stem).
func readMetrics(font []byte) (*fontMetrics, error) {
	tables, err := ttfTables(font)
	if err != nil {
		return nil, err
	}
	head, loca, glyf, cmap := tables["head"], tables["loca"], tables["glyf"], tables["cmap"]
	if len(head) < 54 || loca == nil || glyf == nil || cmap == nil {
		return nil, errors.New("missing TrueType tables")
	}
	m := &fontMetrics{unitsPerEm: int(binary.BigEndian.Uint16(head[18:])), boxes: map[rune]glyphBox{}}
	longLoca := binary.BigEndian.Uint16(head[50:]) == 1
	gids, err := cmap4(cmap)
	if err != nil {
		return nil, err
	}
	offset := func(g int) (int, bool) {
		if longLoca {
			if 4*g+4 > len(loca) {
				return 0, false
			}
			return int(binary.BigEndian.Uint32(loca[4*g:])), true
		}
		if 2*g+2 > len(loca) {
			return 0, false
		}
		return 2 * int(binary.BigEndian.Uint16(loca[2*g:])), true
	}
	glyph := func(r rune) []byte {
		g, ok := gids[r]
		if !ok {
			return nil
		}
		a, ok1 := offset(g)
		b, ok2 := offset(g + 1)
		if !ok1 || !ok2 || a >= b || b > len(glyf) || b-a < 10 {
			return nil
		}
		return glyf[a:b]
	}
	box := func(data []byte) glyphBox {
		s := func(i int) int { return int(int16(binary.BigEndian.Uint16(data[i:]))) }
		return glyphBox{xMin: s(2), yMin: s(4), xMax: s(6), yMax: s(8), ok: true}
	}
	xHeight := 0
	if d := glyph('ก'); d != nil {
		xHeight = box(d).yMax
	}
	for r := rune(0x0E01); r <= 0x0E5B; r++ {
		if d := glyph(r); d != nil {
			b := box(d)
			b.ascLeft = b.xMax
			if consonantTypeAscender(r) {
				if pts, err := simplePoints(d); err == nil {
					for _, p := range pts {
						if p[1] > xHeight+m.unitsPerEm/50 && p[0] < b.ascLeft {
							b.ascLeft = p[0]
						}
					}
				}
			}
			m.boxes[r] = b
		}
	}
	for r := rune(0xF700); r <= 0xF71A; r++ {
		if d := glyph(r); d != nil {
			m.boxes[r] = box(d)
		}
	}
	return m, nil
}

func consonantTypeAscender(r rune) bool { return r == 'ป' || r == 'ฝ' || r == 'ฟ' || r == 'ฬ' }

// ttfTables indexes the tables of an sfnt file.
func ttfTables(b []byte) (map[string][]byte, error) {
	if len(b) < 12 {
		return nil, errors.New("short font file")
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	t := map[string][]byte{}
	for i := 0; i < n; i++ {
		e := 12 + 16*i
		if e+16 > len(b) {
			return nil, errors.New("truncated table directory")
		}
		off, ln := int(binary.BigEndian.Uint32(b[e+8:])), int(binary.BigEndian.Uint32(b[e+12:]))
		if off < 0 || ln < 0 || off+ln > len(b) {
			return nil, errors.New("table out of range")
		}
		t[string(b[e:e+4])] = b[off : off+ln]
	}
	return t, nil
}

// cmap4 reads the Unicode BMP subtable (platform 3, encoding 1, format 4):
// character to glyph index.
func cmap4(c []byte) (map[rune]int, error) {
	if len(c) < 4 {
		return nil, errors.New("short cmap")
	}
	u16 := func(b []byte, i int) int { return int(binary.BigEndian.Uint16(b[i:])) }
	for i := 0; i < u16(c, 2); i++ {
		e := 4 + 8*i
		if e+8 > len(c) {
			break
		}
		off := int(binary.BigEndian.Uint32(c[e+4:]))
		if u16(c, e) != 3 || u16(c, e+2) != 1 || off+14 > len(c) || u16(c, off) != 4 {
			continue
		}
		st := c[off:]
		segX2 := u16(st, 6)
		if 16+4*segX2 > len(st) {
			return nil, errors.New("bad cmap format 4")
		}
		out := map[rune]int{}
		for k := 0; k < segX2/2; k++ {
			end, start := u16(st, 14+2*k), u16(st, 16+segX2+2*k)
			delta := int(int16(u16(st, 16+2*segX2+2*k)))
			roPos := 16 + 3*segX2 + 2*k
			ro := u16(st, roPos)
			for ch := start; ch <= end && ch < 0xFFFF; ch++ {
				g := 0
				if ro == 0 {
					g = (ch + delta) & 0xFFFF
				} else if a := roPos + ro + 2*(ch-start); a+2 <= len(st) {
					if g = u16(st, a); g != 0 {
						g = (g + delta) & 0xFFFF
					}
				}
				if g != 0 {
					out[rune(ch)] = g
				}
			}
		}
		return out, nil
	}
	return nil, errors.New("no Unicode cmap")
}

// simplePoints decodes the points of a simple (non-composite) glyph.
func simplePoints(d []byte) ([][2]int, error) {
	nc := int(int16(binary.BigEndian.Uint16(d)))
	if nc <= 0 {
		return nil, errors.New("composite glyph")
	}
	p := 10
	if p+2*nc+2 > len(d) {
		return nil, errors.New("short glyph")
	}
	n := int(binary.BigEndian.Uint16(d[p+2*(nc-1):])) + 1
	p += 2 * nc
	p += 2 + int(binary.BigEndian.Uint16(d[p:])) // instructions
	flags := make([]byte, 0, n)
	for len(flags) < n {
		if p >= len(d) {
			return nil, errors.New("short flags")
		}
		f := d[p]
		p++
		flags = append(flags, f)
		if f&8 != 0 {
			if p >= len(d) {
				return nil, errors.New("short flags")
			}
			for r := d[p]; r > 0 && len(flags) < n; r-- {
				flags = append(flags, f)
			}
			p++
		}
	}
	pts := make([][2]int, n)
	for axis, short, same := 0, byte(2), byte(16); axis < 2; axis, short, same = axis+1, 4, 32 {
		v := 0
		for i, f := range flags {
			switch {
			case f&short != 0:
				if p >= len(d) {
					return nil, errors.New("short coordinates")
				}
				if f&same != 0 {
					v += int(d[p])
				} else {
					v -= int(d[p])
				}
				p++
			case f&same == 0:
				if p+2 > len(d) {
					return nil, errors.New("short coordinates")
				}
				v += int(int16(binary.BigEndian.Uint16(d[p:])))
				p += 2
			}
			pts[i][axis] = v
		}
	}
	return pts, nil
}
