package pdf

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
	"time"

	"lwc/report/thai"
)

// TestSimpleFontCodePage checks the 8-bit code page of the default fonts:
// they must take the fast path (a national run writes 837 memos with it),
// Thai sits where TIS-620 puts it, and no two characters share a code.
func TestSimpleFontCodePage(t *testing.T) {
	f := fonts(t)
	if f.simpleRegular == nil || f.simpleBold == nil {
		t.Fatalf("the default fonts do not take the 8-bit path: %v", f.Notes)
	}
	for r, want := range map[rune]byte{'A': 'A', ' ': ' ', 'ก': 0xA1, 'ฮ': 0xCE, '฿': 0xDF, '๙': 0xF9, 0xF700: 0x80, 0xF71A: 0x9A, '–': 0x9B} {
		if got, ok := f.simpleRegular.codes[r]; !ok || got != want {
			t.Errorf("code of %U = %#x, %v; want %#x", r, got, ok, want)
		}
	}
	seen := map[byte]rune{}
	for r, c := range f.simpleRegular.codes {
		if o, dup := seen[c]; dup {
			t.Errorf("%U and %U share code %#x", r, o, c)
		}
		seen[c] = r
		if c < 0x20 || c == 0x7F {
			t.Errorf("%U has control code %#x", r, c)
		}
	}
	if len(seen) < 95+87+27 {
		t.Errorf("code page has %d characters, want ASCII, Thai and the presentation forms", len(seen))
	}
	if _, ok := f.simpleRegular.encode("ราคา → 1 €"); ok {
		t.Error("encode took characters outside the code page")
	}
	if got, ok := f.simpleRegular.encode(thai.Shape("ป่า 12")); !ok || len(got) != len([]rune(thai.Shape("ป่า 12"))) {
		t.Errorf("encode(ป่า 12) = %q, %v", got, ok)
	}
}

// TestMixedFaces draws text in and outside the code page: the document
// uses the UTF-8 font only when a string needs it, and pdftotext gives
// every string back either way.
func TestMixedFaces(t *testing.T) {
	f := fonts(t)
	render := func(paras ...string) []byte {
		d := newDoc(f, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), "ทดสอบ", false)
		fl := &flow{d: d, area: page{left: 30, top: 20, right: 190, bottom: 280}}
		fl.addPage()
		for _, p := range paras {
			fl.paragraph(p, 0, left)
		}
		var b bytes.Buffer
		if err := d.output(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	thaiOnly := []string{"ผลการเบิกจ่ายงบประมาณไตรมาส 1–2 “ต่ำกว่าเป้าหมาย” ป่า ฟ้า น้ำ ปุ๋ย"}
	mixed := append([]string{"ราคาต่อหน่วย 1,000 € (ยูโร) ฟ้า"}, thaiOnly...)
	for _, c := range []struct {
		paras []string
		utf8  bool
	}{{thaiOnly, false}, {mixed, true}} {
		pdf := render(c.paras...)
		if got := bytes.Contains(pdf, []byte("/Identity-H")); got != c.utf8 {
			t.Errorf("%q: UTF-8 font embedded = %v, want %v", c.paras[0], got, c.utf8)
		}
		got := squeeze(pdfToText(t, pdf))
		for _, p := range c.paras {
			if !strings.Contains(got, squeeze(p)) {
				t.Errorf("extracted text lacks %q:\n%s", p, got)
			}
		}
	}
}

// TestSubsetTTF subsets Laksaman to a few characters: the file is a valid
// TrueType file (checksums), kept glyphs keep their outlines, the others
// are empty, and the parts of kept composite glyphs are kept.
func TestSubsetTTF(t *testing.T) {
	f := fonts(t)
	tables, err := ttfTables(f.regular)
	if err != nil {
		t.Fatal(err)
	}
	gids, err := cmap4(tables["cmap"])
	if err != nil {
		t.Fatal(err)
	}
	keep := map[int]bool{0: true}
	for _, r := range "กำ้" {
		keep[gids[r]] = true
	}
	// And a composite glyph, if the font has one.
	composite := -1
	for g := 0; composite < 0 && 4*g+8 <= len(tables["loca"]) && binary.BigEndian.Uint16(tables["head"][50:]) == 0; g++ {
		a, b := 2*int(binary.BigEndian.Uint16(tables["loca"][2*g:])), 2*int(binary.BigEndian.Uint16(tables["loca"][2*g+2:]))
		if c, _ := components(tables["glyf"][a:b]); len(c) > 0 {
			composite = g
		}
	}
	for g := 0; composite < 0 && 4*g+8 <= len(tables["loca"]) && binary.BigEndian.Uint16(tables["head"][50:]) == 1; g++ {
		a, b := int(binary.BigEndian.Uint32(tables["loca"][4*g:])), int(binary.BigEndian.Uint32(tables["loca"][4*g+4:]))
		if c, _ := components(tables["glyf"][a:b]); len(c) > 0 {
			composite = g
		}
	}
	if composite >= 0 {
		keep[composite] = true
	}
	sub, err := subsetTTF(f.regular, keep)
	if err != nil {
		t.Fatal(err)
	}
	if len(sub) >= len(f.regular) {
		t.Errorf("subset is %d bytes, the font %d", len(sub), len(f.regular))
	}
	if got := checksum(sub); got != 0xB1B0AFBA {
		t.Errorf("file checksum %#x, want 0xB1B0AFBA", got)
	}
	st, err := ttfTables(sub)
	if err != nil {
		t.Fatal(err)
	}
	for tag, b := range st {
		e := bytes.Index(sub[:12+16*len(st)], []byte(tag))
		if want := binary.BigEndian.Uint32(sub[e+4:]); tag != "head" && checksum(b) != want {
			t.Errorf("table %s checksum %#x, directory says %#x", tag, checksum(b), want)
		}
	}
	for _, tag := range []string{"GSUB", "GPOS"} {
		if st[tag] != nil {
			t.Errorf("subset keeps %s", tag)
		}
	}
	orig, err := readMetrics(f.regular)
	if err != nil {
		t.Fatal(err)
	}
	got, err := readMetrics(sub)
	if err != nil {
		t.Fatal(err)
	}
	if got.boxes['ก'] != orig.boxes['ก'] {
		t.Errorf("ก: box %+v, want %+v", got.boxes['ก'], orig.boxes['ก'])
	}
	if _, ok := got.boxes['ข']; ok {
		t.Error("ข keeps its outline")
	}
	// Every component of a kept composite glyph has an outline.
	loca := func(b map[string][]byte, g int) (int, int) {
		l := b["loca"]
		return int(binary.BigEndian.Uint32(l[4*g:])), int(binary.BigEndian.Uint32(l[4*g+4:]))
	}
	composites := 0
	for g := range keep {
		a, b := loca(st, g)
		comps, err := components(st["glyf"][a:b])
		if err != nil {
			t.Fatal(err)
		}
		composites += min(len(comps), 1)
		for _, c := range comps {
			if a, b := loca(st, c); a == b {
				t.Errorf("glyph %d: component %d emptied", g, c)
			}
		}
	}
	if composite >= 0 && composites == 0 {
		t.Errorf("composite glyph %d lost its components", composite)
	}
	t.Logf("composite glyph kept: %d", composite)
}
