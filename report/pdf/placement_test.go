package pdf

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"lwc/report/thai"
)

// glyphInk is the set of dark pixels of one glyph rendered alone.
type glyphInk struct {
	px                     map[[2]int]bool
	minX, minY, maxX, maxY int
}

func (a glyphInk) empty() bool { return len(a.px) == 0 }

// overlap counts the pixels dark in both.
func overlap(a, b glyphInk) int {
	n := 0
	for p := range a.px {
		if b.px[p] {
			n++
		}
	}
	return n
}

// above returns the part of a above row y.
func (a glyphInk) above(y int) glyphInk {
	out := glyphInk{px: map[[2]int]bool{}, minX: 1 << 30, minY: 1 << 30, maxX: -1, maxY: -1}
	for p := range a.px {
		if p[1] < y {
			out.add(p[0], p[1])
		}
	}
	return out
}

func (a *glyphInk) add(x, y int) {
	a.px[[2]int{x, y}] = true
	a.minX, a.maxX = min(a.minX, x), max(a.maxX, x)
	a.minY, a.maxY = min(a.minY, y), max(a.maxY, y)
}

// columnsOverlap reports whether the x ranges of a and b overlap.
func columnsOverlap(a, b glyphInk) bool {
	return !a.empty() && !b.empty() && a.minX <= b.maxX && b.minX <= a.maxX
}

// readPGM reads a binary greyscale image and returns its dark pixels.
func readPGM(path string) (glyphInk, error) {
	f, err := os.Open(path)
	if err != nil {
		return glyphInk{}, err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	var w, h, maxv int
	if _, err := fmt.Fscanf(r, "P5\n%d %d\n%d\n", &w, &h, &maxv); err != nil {
		return glyphInk{}, fmt.Errorf("%s: %w", path, err)
	}
	buf := make([]byte, w*h)
	if _, err := r.Read(buf[:0]); err != nil {
		return glyphInk{}, err
	}
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		if err != nil {
			return glyphInk{}, err
		}
		n += m
	}
	out := glyphInk{px: map[[2]int]bool{}, minX: 1 << 30, minY: 1 << 30, maxX: -1, maxY: -1}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if buf[y*w+x] < 128 {
				out.add(x, y)
			}
		}
	}
	return out, nil
}

// glyphInks draws each glyph of each string on a page of its own, at the
// position it has in the string, renders the pages with pdftoppm and
// returns the glyphInk of every glyph.
func glyphInks(t *testing.T, d *doc, strs []string, size float64) [][]glyphInk {
	t.Helper()
	needTool(t, "pdftoppm")
	d.font(false, size)
	for i, s := range strs {
		// Even entries are what the document draws, odd ones the plain
		// text as a renderer without shaping would place it.
		for _, p := range d.positions(d.encode(s), i%2 == 0) {
			d.pdf.AddPage()
			d.refont()
			d.pdf.Text(10+p.dx, 60, p.drawn)
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "glyphs.pdf")
	var b bytes.Buffer
	if err := d.output(&b); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// 72 dpi, the top-left 200 x 100 mm of each page.
	cmd := exec.Command("pdftoppm", "-r", "72", "-gray", "-x", "0", "-y", "0", "-W", "567", "-H", "283", path, filepath.Join(dir, "p"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "p-*.pgm"))
	slices.Sort(files)
	var out [][]glyphInk
	i := 0
	for _, s := range strs {
		var inks []glyphInk
		for range []rune(s) {
			if i >= len(files) {
				t.Fatalf("pdftoppm wrote %d pages", len(files))
			}
			im, err := readPGM(files[i])
			if err != nil {
				t.Fatal(err)
			}
			inks = append(inks, im)
			i++
		}
		out = append(out, inks)
	}
	return out
}

// TestMarkPlacement renders words with the document's shaping and without
// it, glyph by glyph, and measures the glyphInk: with shaping no two glyphs of
// a word collide, a tone over a bare consonant sits lower than the
// unshaped one, marks of ป ฝ ฟ stay clear of the ascender's columns, and
// ญ ฐ lose their tail under a below vowel. The unshaped renders must fail
// the same checks, so turning shaping off fails this test.
func TestMarkPlacement(t *testing.T) {
	f := fonts(t)
	d := newDoc(f, time.Time{}, "", false)
	words := []string{"ป่า", "ฟ้า", "ปุ๋ย", "ปี่", "ฝั่ง", "ที่", "น้ำ", "ญาติ", "ฐาน", "ฎีกา", "กตัญญู", "ฐุ", "ก่", "ก"}
	var strs []string
	for _, w := range words {
		strs = append(strs, d.prepare(w).glyphs, w)
	}
	inks := glyphInks(t, d, strs, 100)
	xHeightTop := inks[len(inks)-1][0].minY // top of ก

	collisions := func(g []glyphInk) int {
		worst := 0
		for i := range g {
			for j := i + 1; j < len(g); j++ {
				worst = max(worst, overlap(g[i], g[j]))
			}
		}
		return worst
	}
	// markIndex finds the glyph that stands for the first rune of word
	// matching is.
	markIndex := func(s string, is func(rune) bool) int {
		for i, r := range []rune(thai.Unshape(s)) {
			if is(r) {
				return i
			}
		}
		return -1
	}
	// Unshape maps back rune by rune except for sara am; these words have
	// none where markIndex is used.
	for wi, w := range words {
		shaped, plain := inks[2*wi], inks[2*wi+1]
		if c := collisions(shaped); c > 3 {
			t.Errorf("%s: glyphs collide (%d px) with shaping", w, c)
		}
		switch w {
		case "ก่", "ป่า", "ฟ้า", "ปุ๋ย":
			i := markIndex(w, thai.IsTone)
			lower := shaped[i].minY - plain[i].minY
			if lower < 8 {
				t.Errorf("%s: tone only %d px lower with shaping (floats)", w, lower)
			}
		}
		switch w {
		case "ป่า", "ฟ้า", "ปุ๋ย", "ปี่", "ฝั่ง":
			asc := shaped[0].above(xHeightTop - 2)
			if asc.empty() {
				t.Fatalf("%s: no ascender found", w)
			}
			for i := 1; i < len(shaped); i++ {
				r := []rune(w)[i]
				if !thai.IsTone(r) && !thai.IsAboveVowel(r) {
					continue
				}
				if columnsOverlap(shaped[i], asc) {
					t.Errorf("%s: mark %q over the ascender with shaping", w, r)
				}
			}
			hit := false
			for i := 1; i < len(plain); i++ {
				r := []rune(w)[i]
				if (thai.IsTone(r) || thai.IsAboveVowel(r)) && columnsOverlap(plain[i], plain[0].above(xHeightTop-2)) {
					hit = true
				}
			}
			if !hit {
				t.Errorf("%s: unshaped marks clear the ascender too: the check cannot fail", w)
			}
		case "กตัญญู", "ฐุ":
			if c := collisions(plain); c <= 3 {
				t.Errorf("%s: unshaped below vowel does not hit the tail (%d px): the check cannot fail", w, c)
			}
		case "ที่":
			// The tone sits above the upper vowel, not on it.
			if shaped[2].maxY > shaped[1].minY+1 {
				t.Errorf("ที่: tone (bottom %d) not above sara ii (top %d)", shaped[2].maxY, shaped[1].minY)
			}
		case "น้ำ":
			// Drawn as น ํ ้ า: the tone above the nikhahit.
			if len(shaped) != 4 || shaped[2].maxY > shaped[1].minY+1 {
				t.Errorf("น้ำ: tone not above the nikhahit")
			}
		}
	}
}
