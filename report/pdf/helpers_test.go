package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"lwc/report/reporttest"
	"lwc/report/settings"
)

// testFonts loads the default fonts once. Tests need Debian's
// fonts-tlwg-laksaman-ttf (and hunspell-th for word breaking).
var testFonts = sync.OnceValues(func() (*Fonts, error) { return LoadFonts(settings.PDF{}) })

func fonts(t testing.TB) *Fonts {
	t.Helper()
	f, err := testFonts()
	if err != nil {
		reporttest.SkipOrFail(t, "Thai fonts not installed (Debian fonts-tlwg-laksaman-ttf): %v", err)
	}
	return f
}

func testSettings() settings.Settings {
	st := settings.Default()
	st.Memo.SignerName = "นายสมชาย ใจดี"
	st.Memo.Contact = "นางสาวมาลี ใจดี กลุ่มงานอำนวยการ โทร. 0 5422 3456"
	return st
}

func testInput(t testing.TB) Input {
	return Input{Snapshot: reporttest.Snapshot(), Settings: testSettings(), Fonts: fonts(t),
		Generated: time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}
}

// needTool skips when a poppler-utils program is missing.
func needTool(t testing.TB, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		reporttest.SkipOrFail(t, "%s not installed (Debian poppler-utils)", name)
	}
}

// pdfToText extracts the text of a PDF with poppler's pdftotext.
func pdfToText(t testing.TB, pdf []byte) string {
	t.Helper()
	needTool(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// squeeze removes all whitespace: line breaks and the spaces at them are
// the only things a text extraction may legitimately change.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// recorder collects what a document draws.
type drawn struct {
	x, y, w float64
	s       string
}

type recorder struct {
	mu    sync.Mutex
	items []drawn
}

func (r *recorder) trace(x, y, w float64, s string) {
	r.mu.Lock()
	r.items = append(r.items, drawn{x, y, w, s})
	r.mu.Unlock()
}

func (r *recorder) text() []string {
	out := make([]string, len(r.items))
	for i, it := range r.items {
		out[i] = it.s
	}
	return out
}

func render(t testing.TB, f func(w *bytes.Buffer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := f(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
