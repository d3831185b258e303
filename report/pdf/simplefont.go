package pdf

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/jung-kurt/gofpdf"
)

// A simpleFont is a Thai font prepared once per run for gofpdf's 8-bit
// TrueType path, which every document can then load cheaply.
//
// Why: gofpdf's UTF-8 path (AddUTF8FontFromBytes) re-parses the TrueType
// file, JSON-encodes 65,536 glyph widths to name the font, and subsets and
// compresses it again in every document: about 8 ms of the 11 ms a district
// memo took, 837 times in a national run. The 8-bit path takes a font
// definition and an already compressed font program, both made here once;
// a document only decodes a 2 KB definition.
//
// The code page is TIS-620 for Thai (U+0E01–U+0E5B at 0xA1–0xFB), ASCII as
// is, the 27 presentation forms the shaper draws (U+F700–U+F71A) at
// 0x80–0x9A, and a few punctuation marks in the spare codes. Each code's
// glyph name is "uniXXXX" (ASCII keeps WinAnsi's names), so a reader that
// ignores /ActualText still maps the codes back to Unicode. A string with a
// character outside the code page is drawn with the UTF-8 font instead
// (see doc.use), so nothing becomes unprintable.
//
// The embedded program is a subset: the glyphs of the code page (and the
// parts of composite glyphs) keep their outlines, all others are emptied,
// the OpenType layout tables are dropped (PDF viewers do not use them).
type simpleFont struct {
	def  []byte // gofpdf's font definition (JSON, as MakeFont writes it)
	file []byte // the compressed font program (MakeFont's .z file)
	// codes maps each character of the code page to its byte. Only
	// characters the font has are in it.
	codes map[rune]byte
}

// extraCodes lists the characters of the 8-bit encoding beyond ASCII and
// the Thai block, each with its code.
var extraCodes = [...]struct {
	r    rune
	code byte
}{
	{0x00A0, 0xA0}, // no-break space (TIS-620's own 0xA0)
	{0x2013, 0x9B}, // – en dash (ranges, "ไตรมาส 1–2")
	{0x2014, 0x9C}, // — em dash
	{0x2018, 0x9D}, // ‘
	{0x2019, 0x9E}, // ’
	{0x201C, 0x9F}, // “
	{0x201D, 0xDB}, // ”
	{0x2022, 0xDC}, // • bullet
	{0x2026, 0xDD}, // … ellipsis
	{0x00D7, 0xDE}, // × multiplication sign
	{0x00B0, 0xFC}, // ° degree
	{0x2212, 0xFD}, // − minus sign
	{0x00B7, 0xFE}, // · middle dot
	{0x00B1, 0xFF}, // ± plus-minus
}

// codeOf returns the byte of r in the code page, before checking that the
// font has it.
func codeOf(r rune) (byte, bool) {
	switch {
	case r >= 0x20 && r <= 0x7E:
		return byte(r), true
	case r >= 0x0E01 && r <= 0x0E3A, r >= 0x0E3F && r <= 0x0E5B:
		return byte(r - 0x0E01 + 0xA1), true // TIS-620
	case r >= 0xF700 && r <= 0xF71A:
		return byte(r - 0xF700 + 0x80), true
	}
	for _, e := range extraCodes {
		if e.r == r {
			return e.code, true
		}
	}
	return 0, false
}

// encode returns g in the code page, or false when a character is not in
// it (or not in the font).
func (f *simpleFont) encode(g string) (string, bool) {
	var b strings.Builder
	b.Grow(len(g))
	for _, r := range g {
		c, ok := f.codes[r]
		if !ok {
			return "", false
		}
		b.WriteByte(c)
	}
	return b.String(), true
}

// aglASCII are the Adobe glyph names of 0x20–0x7E, as in WinAnsiEncoding.
var aglASCII = strings.Fields(`space exclam quotedbl numbersign dollar percent ampersand quotesingle
parenleft parenright asterisk plus comma hyphen period slash zero one two three four five six seven
eight nine colon semicolon less equal greater question at A B C D E F G H I J K L M N O P Q R S T U V
W X Y Z bracketleft backslash bracketright asciicircum underscore grave a b c d e f g h i j k l m n o
p q r s t u v w x y z braceleft bar braceright asciitilde`)

// makeSimpleFont prepares font (a TrueType file) for the 8-bit path.
// gofpdf's MakeFont does the TrueType work (metrics, widths, licence
// check, compression); it reads and writes files, so it runs in a
// temporary folder that is removed afterwards.
func makeSimpleFont(font []byte, name, subsetTag string) (*simpleFont, error) {
	tables, err := ttfTables(font)
	if err != nil {
		return nil, err
	}
	cmap, ok := tables["cmap"]
	if !ok {
		return nil, fmt.Errorf("no cmap table")
	}
	gids, err := cmap4(cmap)
	if err != nil {
		return nil, err
	}
	sf := &simpleFont{codes: map[rune]byte{}}
	var byCode [256]rune
	keep := map[int]bool{0: true}
	add := func(r rune) {
		c, ok := codeOf(r)
		g, has := gids[r]
		if !ok || !has {
			return
		}
		sf.codes[r] = c
		byCode[c] = r
		keep[g] = true
	}
	for r := rune(0x20); r <= 0x7E; r++ {
		add(r)
	}
	for r := rune(0x0E01); r <= 0x0E5B; r++ {
		add(r)
	}
	for r := rune(0xF700); r <= 0xF71A; r++ {
		add(r)
	}
	for _, e := range extraCodes {
		add(e.r)
	}
	if _, ok := sf.codes['ก']; !ok {
		return nil, fmt.Errorf("no Thai glyphs")
	}
	if sub, err := subsetTTF(font, keep); err == nil {
		font = sub
	}

	dir, err := os.MkdirTemp("", "lwc-font-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	var enc, ref strings.Builder
	for c := 0x20; c < 256; c++ {
		r := byCode[c]
		if r == 0 {
			continue
		}
		name := fmt.Sprintf("uni%04X", r)
		if c <= 0x7E {
			name = aglASCII[c-0x20]
			fmt.Fprintf(&ref, "!%02X U+%04X %s\n", c, r, name)
		}
		fmt.Fprintf(&enc, "!%02X U+%04X %s\n", c, r, name)
	}
	// MakeFont names the encoding's differences against "cp1252.map" in
	// the map's folder; a reference with ASCII alone makes every code
	// above 0x7E a difference, over /WinAnsiEncoding.
	files := map[string]string{"lwc-thai.map": enc.String(), "cp1252.map": ref.String()}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			return nil, err
		}
	}
	// The file's name becomes the font program's key in a document, so
	// the regular and bold faces need different names.
	if err := os.WriteFile(filepath.Join(dir, name+".ttf"), font, 0o600); err != nil {
		return nil, err
	}
	if err := gofpdf.MakeFont(filepath.Join(dir, name+".ttf"), filepath.Join(dir, "lwc-thai.map"), dir, io.Discard, true); err != nil {
		return nil, err
	}
	if sf.def, err = os.ReadFile(filepath.Join(dir, name+".json")); err != nil {
		return nil, err
	}
	if sf.file, err = os.ReadFile(filepath.Join(dir, name+".z")); err != nil {
		return nil, err
	}
	// A subset font is named with a tag (PDF 32000 §9.6.4), so that a
	// reader never takes it for the whole installed font.
	var def map[string]any
	if err := json.Unmarshal(sf.def, &def); err != nil {
		return nil, err
	}
	if name, ok := def["Name"].(string); ok && name != "" {
		def["Name"] = subsetTag + "+" + name
	}
	if sf.def, err = json.Marshal(def); err != nil {
		return nil, err
	}
	return sf, nil
}
