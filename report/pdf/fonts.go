package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/jung-kurt/gofpdf"

	"lwc/report/settings"
	"lwc/report/thai"
)

// Default font files: Laksaman, the free TH Sarabun design of the Thai Linux
// Working Group (Debian package fonts-tlwg-laksaman-ttf).
var (
	DefaultFontRegular = []string{
		"/usr/share/fonts/truetype/tlwg/Laksaman.ttf",
		"/usr/share/fonts/truetype/tlwg-laksaman/Laksaman.ttf",
		"/usr/local/share/fonts/Laksaman.ttf",
	}
	DefaultFontBold = []string{
		"/usr/share/fonts/truetype/tlwg/Laksaman-Bold.ttf",
		"/usr/share/fonts/truetype/tlwg-laksaman/Laksaman-Bold.ttf",
		"/usr/local/share/fonts/Laksaman-Bold.ttf",
	}
)

// Fonts is what the PDF text layer reads from disk once per run and shares
// between documents: the font files and the Thai word list. It is read-only
// and safe for concurrent use. Documents draw with the 8-bit faces made
// here once (simpleFont); a document that needs the UTF-8 path gets its own
// copy of the font bytes (gofpdf v1.16.2 writes into the slice it is given,
// which races when documents share one).
type Fonts struct {
	regular, bold []byte
	// simpleRegular and simpleBold are the faces prepared for the 8-bit
	// path (see simpleFont); nil when the font cannot take it (then every
	// string is drawn with the UTF-8 path).
	simpleRegular, simpleBold *simpleFont
	// metrics of the regular and bold outlines; nil when unreadable (then
	// marks are placed by the presentation forms alone).
	regularMetrics, boldMetrics *fontMetrics
	// RegularPath and BoldPath are the font files used.
	RegularPath, BoldPath string
	// PUA reports whether the fonts carry the Thai presentation forms
	// U+F700–U+F71A; without them marks are drawn unshaped.
	PUA bool
	// Dict is the word list for line breaking (may know no words).
	Dict *thai.Dict
	// Notes are things the run log should say (Thai and English), e.g. a
	// missing word list; not errors.
	Notes []string
}

// LoadFonts reads the fonts and the word list named by the settings, or the
// defaults (Laksaman; hunspell-th's th_TH.dic).
func LoadFonts(s settings.PDF) (*Fonts, error) {
	f := &Fonts{}
	var err error
	f.regular, f.RegularPath, err = readFont(s.FontRegular, DefaultFontRegular, "pdf.font_regular")
	if err != nil {
		return nil, err
	}
	bold := s.FontBold
	if bold == "" && s.FontRegular != "" {
		bold = guessBold(s.FontRegular)
	}
	defaults := DefaultFontBold
	if s.FontRegular != "" {
		defaults = nil
	}
	f.bold, f.BoldPath, err = readFont(bold, defaults, "pdf.font_bold")
	if err != nil {
		if s.FontBold != "" {
			return nil, err
		}
		f.bold, f.BoldPath = f.regular, f.RegularPath
		f.Notes = append(f.Notes, "ไม่พบแบบอักษรตัวหนา ใช้ตัวปกติแทน / bold font not found, using the regular one: "+f.RegularPath)
	}
	if f.PUA, err = probe(f.regular); err != nil {
		return nil, fmt.Errorf("แบบอักษร %s ใช้ไม่ได้ / font unusable: %w", f.RegularPath, err)
	}
	if _, err = probe(f.bold); err != nil {
		return nil, fmt.Errorf("แบบอักษร %s ใช้ไม่ได้ / font unusable: %w", f.BoldPath, err)
	}
	f.regularMetrics, _ = readMetrics(f.regular)
	sr, errR := makeSimpleFont(f.regular, "regular", "LWCTHR")
	sb, errB := makeSimpleFont(f.bold, "bold", "LWCTHB")
	if errR == nil && errB == nil {
		// A string is drawn in either weight from the same codes, so a
		// character is in the code page only when both faces have it.
		for r := range sr.codes {
			if _, ok := sb.codes[r]; !ok {
				delete(sr.codes, r)
			}
		}
		sb.codes = sr.codes
		f.simpleRegular, f.simpleBold = sr, sb
	} else {
		// Slower, but every document still comes out right.
		f.Notes = append(f.Notes, fmt.Sprintf("เตรียมแบบอักษรแบบ 8 บิตไม่ได้ ใช้แบบ UTF-8 (ช้ากว่า) / "+
			"cannot prepare the 8-bit font, using the UTF-8 path: %v", errors.Join(errR, errB)))
	}
	f.boldMetrics, _ = readMetrics(f.bold)
	if !f.PUA {
		f.Notes = append(f.Notes, "แบบอักษร "+f.RegularPath+" ไม่มีรูปสระและวรรณยุกต์สำหรับจัดตำแหน่ง (U+F700–U+F71A) "+
			"วรรณยุกต์อาจลอย / the font lacks the Thai presentation forms, tone marks may float")
	}
	d, note, err := thai.FindDict(s.Dictionary)
	if err != nil {
		// A broken or mistyped word list must not stop the bulletin: break
		// between clusters and say so.
		d, _, _ = thai.FindDict("")
		if d.Len() > 5000 && s.Dictionary != "" {
			note = "ใช้รายการคำ " + d.Source + " แทน / using " + d.Source + " instead: " + err.Error()
		} else {
			note = err.Error()
		}
	}
	f.Dict = d
	if note != "" {
		f.Notes = append(f.Notes, note)
	}
	return f, nil
}

// readFont reads the file at path, or the first existing default.
func readFont(path string, defaults []string, setting string) ([]byte, string, error) {
	candidates := defaults
	if path != "" {
		candidates = []string{path}
	}
	for _, p := range candidates {
		b, err := os.ReadFile(p)
		if errors.Is(err, os.ErrNotExist) && path == "" {
			continue
		}
		if err != nil {
			return nil, p, fmt.Errorf("อ่านแบบอักษร %s ไม่ได้ (ตรวจค่า %s ใน lwc.toml) / cannot read font: %w", p, setting, err)
		}
		if !isTrueType(b) {
			return nil, p, fmt.Errorf("ไฟล์ %s ไม่ใช่แบบอักษร TrueType (.ttf) (ตรวจค่า %s ใน lwc.toml) / not a TrueType font", p, setting)
		}
		return b, p, nil
	}
	return nil, "", fmt.Errorf("ไม่พบแบบอักษรภาษาไทย: ติดตั้งแพ็กเกจ fonts-tlwg-laksaman-ttf (apt install fonts-tlwg-laksaman-ttf) "+
		"หรือกำหนด %s ใน lwc.toml เป็นไฟล์ .ttf เช่น THSarabunNew.ttf / no Thai font found: install Debian package "+
		"fonts-tlwg-laksaman-ttf or set %s in lwc.toml to a .ttf file (looked in %s)",
		setting, setting, strings.Join(defaults, ", "))
}

// guessBold returns the bold sibling of a regular font file, by the usual
// naming ("THSarabunNew.ttf" → "THSarabunNew Bold.ttf"), or "".
func guessBold(regular string) string {
	dir, base := filepath.Split(regular)
	ext := filepath.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	for _, sep := range []string{" ", "-", "_", ""} {
		for _, b := range []string{"Bold", "bold", "BD", "Bd"} {
			p := filepath.Join(dir, stem+sep+b+ext)
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	return ""
}

func isTrueType(b []byte) bool {
	return len(b) > 12 && (bytes.HasPrefix(b, []byte{0, 1, 0, 0}) || bytes.HasPrefix(b, []byte("true")))
}

// probe loads the font into a scratch document, so that a broken file fails
// here and not in the middle of a run, and reports whether it has the Thai
// presentation forms.
func probe(b []byte) (pua bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("อ่านไฟล์แบบอักษรไม่ได้ / cannot parse: %v", r)
		}
	}()
	p := gofpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes("probe", "", bytes.Clone(b))
	p.SetFont("probe", "", 16)
	if p.Err() {
		return false, p.Error()
	}
	if p.GetStringWidth("ก") <= 0 {
		return false, errors.New("ไม่มีอักษรไทย / no Thai glyphs")
	}
	// Present marks are zero-width, missing ones get the default width; the
	// tail-less ญ is as wide as ญ.
	return p.GetStringWidth("\uF70A\uF705\uF713\uF718") == 0 &&
		p.GetStringWidth("\uF70F") == p.GetStringWidth("ญ"), nil
}

// bytesFor returns a private copy of the font bytes for one document.
func (f *Fonts) bytesFor(bold bool) []byte {
	if bold {
		return bytes.Clone(f.bold)
	}
	return bytes.Clone(f.regular)
}
