package pdf

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"

	"github.com/jung-kurt/gofpdf"

	"lwc/report/thai"
)

// Family names the documents give their fonts: the 8-bit faces (see
// simpleFont) draw almost everything; the UTF-8 faces are added to a
// document only when a string has a character outside the 8-bit code page.
const (
	family     = "th"
	familyUTF8 = "thu"
)

// ptToMM converts a font size in points to millimetres.
const ptToMM = 25.4 / 72

// doc is one gofpdf document with the Thai text layer on top: every string
// is shaped (presentation forms, see thai.Shape) for drawing, and, when the
// drawn glyphs differ from the text, wrapped in a marked-content span with
// /ActualText so that copy-paste, search and pdftotext get the text back.
// Lines are wrapped by our own breaker (thai.Dict.Lines), measured on the
// shaped text; gofpdf's MultiCell/SplitText are never used.
type doc struct {
	pdf    *gofpdf.Fpdf
	fonts  *Fonts
	digits bool // print numbers with Thai digits
	bold   bool
	size   float64 // points
	// trace, when set (tests), sees every string drawn: where, how wide.
	trace func(x, y, w float64, s string)
	// firstOnPage records the first string drawn on a page after
	// markPage (the memo's continuation word).
	firstOnPage map[int]string
	marking     bool
	shaped      map[string]run // strings already shaped
	// simple is the face selected last: the 8-bit one or the UTF-8 one.
	simple     bool
	utf8Loaded bool
	// selected is the font last given to gofpdf, whose SetFont writes
	// to the page (and copies the font's definition) on every call.
	selected face
	// posRunes and posOut are positions' space, reused from call to call.
	posRunes []rune
	posOut   []placed
}

// face is a font selection.
type face struct {
	family, style string
	size          float64
}

// run is a string ready to draw: its glyphs (shaped) and, when every glyph
// is in the 8-bit code page, their codes.
type run struct {
	glyphs, codes string
	simple        bool
}

// drawn is what goes to gofpdf for r: codes for the 8-bit face, glyphs
// for the UTF-8 one.
func (r run) drawn() string {
	if r.simple {
		return r.codes
	}
	return r.glyphs
}

// markPage makes the next string drawn the one firstOnPage keeps for
// the current page.
func (d *doc) markPage() {
	if d.firstOnPage == nil {
		d.firstOnPage = map[int]string{}
	}
	d.marking = true
}

// newDoc starts an A4 portrait document. generated fixes the creation and
// modification dates so that the same input gives the same bytes.
func newDoc(fonts *Fonts, generated time.Time, title string, thaiDigits bool) *doc {
	p := gofpdf.New("P", "mm", "A4", "")
	p.SetCatalogSort(true)
	p.SetCompression(true)
	p.SetCreationDate(generated)
	p.SetModificationDate(generated)
	p.SetAutoPageBreak(false, 0)
	p.SetTitle(title, true)
	p.SetCreator("LWC", false)
	p.SetProducer("LWC (gofpdf)", false)
	d := &doc{pdf: p, fonts: fonts, digits: thaiDigits, size: 16}
	if fonts.simpleRegular != nil {
		p.AddFontFromBytes(family, "", fonts.simpleRegular.def, fonts.simpleRegular.file)
		p.AddFontFromBytes(family, "B", fonts.simpleBold.def, fonts.simpleBold.file)
		d.simple = true
	}
	d.use(d.simple)
	return d
}

// style is gofpdf's style string for the current weight.
func (d *doc) style() string {
	if d.bold {
		return "B"
	}
	return ""
}

// use selects the 8-bit face (simple) or the UTF-8 one at the current
// weight and size, adding the UTF-8 faces to the document the first time
// they are needed. gofpdf writes nothing when the font is already the
// current one.
func (d *doc) use(simple bool) {
	d.simple = simple
	f := face{family, d.style(), d.size}
	if !simple {
		if !d.utf8Loaded {
			d.pdf.AddUTF8FontFromBytes(familyUTF8, "", d.fonts.bytesFor(false))
			d.pdf.AddUTF8FontFromBytes(familyUTF8, "B", d.fonts.bytesFor(true))
			d.utf8Loaded = true
		}
		f.family = familyUTF8
	}
	if f == d.selected {
		return
	}
	d.pdf.SetFont(f.family, f.style, f.size)
	d.selected = f
}

// font selects the regular or bold face at size points.
func (d *doc) font(bold bool, size float64) {
	d.bold, d.size = bold, size
	d.use(d.simple)
}

// refont emits the font selection again; needed when coming back to a page
// (SetPage) whose content stream has not selected it.
func (d *doc) refont() {
	d.selected = face{}
	d.use(d.simple)
}

// lineHeight is the distance between baselines of body text at the current
// size: Thai needs room above (tone over vowel) and below (ุ ู, tails).
func (d *doc) lineHeight() float64 { return d.size * ptToMM * 1.25 }

// num applies the Thai-digit setting to a formatted number or date.
func (d *doc) num(s string) string {
	if d.digits {
		return thai.Digits(s)
	}
	return s
}

// clean makes text safe to draw: control characters become spaces (a cell
// is one line), characters outside the Basic Multilingual Plane (which
// gofpdf v1.16.2 cannot index) become "?" (the /ActualText keeps them).
func clean(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r > 0xFFFF || unicode.IsControl(r) || r == 0xFFFD }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r > 0xFFFF:
			return '?'
		case r == '\n' || r == '\r' || r == '\t' || unicode.IsControl(r):
			return ' '
		}
		return r
	}, s)
}

// prepare shapes s and encodes it for the 8-bit face. Layout measures the
// same words and names many times over (each candidate size of a table
// cell, each line of a long table), so the results are kept for the
// document.
func (d *doc) prepare(s string) run {
	if r, ok := d.shaped[s]; ok {
		return r
	}
	g := clean(s)
	if d.fonts.PUA {
		g = thai.Shape(g)
	}
	r := d.encode(g)
	if d.shaped == nil {
		d.shaped = map[string]run{}
	}
	d.shaped[s] = r
	return r
}

// encode returns the run of glyphs g.
func (d *doc) encode(g string) run {
	r := run{glyphs: g}
	if d.fonts.simpleRegular != nil {
		r.codes, r.simple = d.fonts.simpleRegular.encode(g)
	}
	return r
}

// width returns the drawn width of s in mm at the current font.
func (d *doc) width(s string) float64 {
	r := d.prepare(s)
	d.use(r.simple)
	return d.pdf.GetStringWidth(r.drawn())
}

// lines wraps s to width w (mm) at the current font.
func (d *doc) lines(s string, w float64) []string {
	return d.fonts.Dict.Lines(s, w, d.width)
}

// text draws s with its baseline starting at (x, y).
func (d *doc) text(x, y float64, s string) {
	if s == "" {
		return
	}
	if d.marking {
		d.firstOnPage[d.pdf.PageNo()] = s
		d.marking = false
	}
	r := d.prepare(s)
	d.use(r.simple)
	if d.trace != nil {
		d.trace(x, y, d.pdf.GetStringWidth(r.drawn()), s)
	}
	if r.glyphs == s {
		d.pdf.Text(x, y, r.drawn())
		return
	}
	// The span encloses gofpdf's whole "q ... BT ... ET Q" groups, so the
	// pairs nest properly and never cross a page (text is drawn only on
	// the current page, one string at a time).
	d.pdf.RawWriteStr("/Span <</ActualText " + pdfHexUTF16(s) + ">> BDC")
	pos := d.positions(r, true)
	moved := false
	for _, p := range pos {
		moved = moved || p.moved
	}
	if !moved {
		d.pdf.Text(x, y, r.drawn())
	} else {
		// Marks moved off an ascender are drawn on their own; taking a
		// zero-width mark out of the string moves nothing else.
		var rest strings.Builder
		for _, p := range pos {
			if !p.moved {
				rest.WriteString(p.drawn)
			}
		}
		d.pdf.Text(x, y, rest.String())
		for _, p := range pos {
			if p.moved {
				d.pdf.Text(x+p.dx, y, p.drawn)
			}
		}
	}
	d.pdf.RawWriteStr("EMC")
}

// placed is one glyph of a drawn string: its offset from the string's
// origin in mm, whether it was moved from where the font puts it, and what
// goes to gofpdf to draw it in the face positions selected.
type placed struct {
	r     rune
	dx    float64
	moved bool
	drawn string
}

// positions places the glyphs of the run g (already shaped and encoded)
// and selects the face that draws them. With adjust, an
// upper mark over ป ฝ ฟ ฬ that would still reach the ascender's column
// (the presentation forms of some fonts only half clear it: Laksaman's ฟ้
// and ฝั touch the stem) is moved left until it clears the stem by 1/40
// em; the marks above one consonant move together. The slice is the
// doc's, valid until the next call: a memo places every Thai string it
// draws, and a new slice each time was a tenth of its allocation.
func (d *doc) positions(whole run, adjust bool) []placed {
	m := d.fonts.regularMetrics
	if d.bold {
		m = d.fonts.boldMetrics
	}
	rs := d.posRunes[:0]
	for _, r := range whole.glyphs {
		rs = append(rs, r)
	}
	d.posRunes = rs
	d.use(whole.simple)
	out := d.posOut[:0]
	pen := 0.0
	for i, r := range rs {
		p := placed{r: r, dx: pen}
		if whole.simple {
			p.drawn = whole.codes[i : i+1] // one byte a glyph
		} else {
			p.drawn = string(r)
		}
		pen += d.pdf.GetStringWidth(p.drawn)
		out = append(out, p)
	}
	d.posOut = out
	if !adjust || m == nil || m.unitsPerEm <= 0 {
		return out
	}
	unit := d.size * ptToMM / float64(m.unitsPerEm) // mm per font unit
	gap := float64(m.unitsPerEm) / 40
	for i := 0; i < len(rs); i++ {
		base, ok := m.boxes[rs[i]]
		if !ok || !consonantTypeAscender(rs[i]) {
			continue
		}
		// The marks of this consonant: zero-width glyphs that follow it.
		end := i + 1
		for end < len(rs) && d.pdf.GetStringWidth(out[end].drawn) == 0 {
			end++
		}
		origin := out[i].dx / unit // consonant origin, font units
		after := 0.0
		if i+1 < len(rs) {
			after = out[i+1].dx / unit
		}
		shift := 0.0
		for j := i + 1; j < end; j++ {
			mb, ok := m.boxes[rs[j]]
			if !ok || mb.yMin < 0 || mb.yMin >= base.yMax {
				continue // below the baseline, or above the stem's top
			}
			right := after + float64(mb.xMax)
			shift = max(shift, right+gap-(origin+float64(base.ascLeft)))
		}
		if shift <= 0 {
			continue
		}
		for j := i + 1; j < end; j++ {
			if mb, ok := m.boxes[rs[j]]; ok && mb.yMin >= 0 {
				out[j].dx -= shift * unit
				out[j].moved = true
			}
		}
		i = end - 1
	}
	return out
}

// pdfHexUTF16 returns s as a PDF hexadecimal text string (UTF-16BE with a
// byte-order mark). Hex strings need no escaping, whatever s holds.
func pdfHexUTF16(s string) string {
	const digits = "0123456789ABCDEF"
	units := utf16.Encode([]rune(s))
	b := make([]byte, 0, len("<FEFF>")+4*len(units))
	b = append(b, "<FEFF"...)
	for _, u := range units {
		b = append(b, digits[u>>12], digits[u>>8&0xF], digits[u>>4&0xF], digits[u&0xF])
	}
	return string(append(b, '>'))
}

// Alignments for box.
const (
	left   = 'L'
	center = 'C'
	right  = 'R'
)

// box draws one line of s in the box (x, y, w, h), vertically centred,
// with a padding of pad mm left and right. Text wider than the box is
// shrunk to fit rather than run over its neighbour.
func (d *doc) box(x, y, w, h float64, s string, align byte, pad float64) {
	if s == "" {
		return
	}
	tw := d.width(s)
	avail := w - 2*pad
	size := d.size
	if tw > avail && avail > 0 {
		d.font(d.bold, size*avail/tw)
		tw = d.width(s)
		defer d.font(d.bold, size)
	}
	var tx float64
	switch align {
	case right:
		tx = x + w - pad - tw
	case center:
		tx = x + (w-tw)/2
	default:
		tx = x + pad
	}
	d.text(tx, d.baseline(y, h), s)
}

// baseline returns the baseline that centres a line of the current font
// in a box from y of height h. Laksaman's Thai letters sit between the
// baseline and about 0.45 em above it; marks add about 0.3 em above and
// 0.2 em below.
func (d *doc) baseline(y, h float64) float64 {
	return y + h/2 + 0.22*d.size*ptToMM
}

// wrapIndent wraps s into lines of width w, the first shorter by indent.
func (d *doc) wrapIndent(s string, w, indent float64) []string {
	if indent == 0 {
		return d.lines(s, w)
	}
	first := d.lines(s, w-indent)
	if len(first) <= 1 {
		return first
	}
	if !strings.HasPrefix(s, first[0]) {
		return first
	}
	rest := strings.TrimLeft(strings.TrimPrefix(s, first[0]), " ")
	rest = strings.TrimPrefix(rest, "\n") // the first line was a whole paragraph
	return append([]string{first[0]}, d.lines(rest, w)...)
}

// output finishes the document and writes it.
func (d *doc) output(w io.Writer) error {
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("เขียน PDF ไม่ได้: %w", err)
	}
	return nil
}
