package pdf

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lwc/report/settings"
)

func TestLoadFontsErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := LoadFonts(settings.PDF{FontRegular: filepath.Join(dir, "THSarabunNew.ttf")})
	if err == nil || !strings.Contains(err.Error(), "pdf.font_regular") {
		t.Errorf("missing font: %v", err)
	}
	bad := filepath.Join(dir, "bad.ttf")
	os.WriteFile(bad, []byte("<html>not a font</html>"), 0o644)
	if _, err := LoadFonts(settings.PDF{FontRegular: bad}); err == nil || !strings.Contains(err.Error(), "TrueType") {
		t.Errorf("non-font file: %v", err)
	}
	_, _, err = readFont("", []string{filepath.Join(dir, "none.ttf")}, "pdf.font_regular")
	if err == nil || !strings.Contains(err.Error(), "fonts-tlwg-laksaman-ttf") || !strings.Contains(err.Error(), "pdf.font_regular") {
		t.Errorf("no default font: %v", err)
	}
}

// TestNoDictionary: without a word list the documents are still made,
// the run is told, and lines break between clusters.
func TestNoDictionary(t *testing.T) {
	fonts(t)
	f, err := LoadFonts(settings.PDF{Dictionary: filepath.Join(t.TempDir(), "missing.dic")})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Notes) == 0 {
		t.Error("missing word list not reported")
	}
	empty := *f
	empty.Dict = nil
	in := testInput(t)
	in.Fonts = &empty
	var rec recorder
	pdf := render(t, func(w *bytes.Buffer) error { return memoDoc(w, in, "5203", "ลป 0017/1", rec.trace) })
	checkExtracted(t, "memo without dictionary", pdf, &rec)
}

func TestGuessBold(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "THSarabunNew.ttf")
	bold := filepath.Join(dir, "THSarabunNew Bold.ttf")
	os.WriteFile(reg, nil, 0o644)
	os.WriteFile(bold, nil, 0o644)
	if got := guessBold(reg); got != bold {
		t.Errorf("guessBold = %q", got)
	}
}
