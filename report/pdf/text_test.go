package pdf

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"lwc/report/reporttest"
	"lwc/report/thai"
)

var hardWords = []string{"ที่", "น้ำ", "ป่า", "ฟ้า", "ปุ๋ย", "ญาติ", "ฐาน", "ฎีกา", "กตัญญู", "ปี่", "ผู้ใหญ่",
	"ฝ้าย", "ปั้น", "ฟื้นฟู", "ก๋วยเตี๋ยว", "เกาะคา", "แจ้ห่ม", "ทวงถาม"}

func corpusParagraphs(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("testdata/corpus.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range strings.Split(string(b), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// TestTextRoundTrip writes the hard words and long Thai paragraphs and
// checks that pdftotext gives back exactly what was written (the drawn
// glyphs are presentation forms; /ActualText carries the text).
func TestTextRoundTrip(t *testing.T) {
	f := fonts(t)
	d := newDoc(f, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), "ทดสอบ", false)
	fl := &flow{d: d, area: page{left: 30, top: 20, right: 190, bottom: 280}}
	fl.addPage()
	want := []string{strings.Join(hardWords, " ")}
	want = append(want, corpusParagraphs(t)[:6]...)
	for _, p := range want {
		fl.paragraph(p, 25, left)
	}
	var b bytes.Buffer
	if err := d.output(&b); err != nil {
		t.Fatal(err)
	}
	got := pdfToText(t, b.Bytes())
	if squeeze(got) != squeeze(strings.Join(want, "\n")) {
		t.Errorf("extracted text differs:\n got: %.300q\nwant: %.300q", squeeze(got), squeeze(strings.Join(want, "")))
	}
	if strings.ContainsFunc(got, func(r rune) bool { return r >= 0xF700 && r <= 0xF8FF }) {
		t.Error("extracted text has private-use characters")
	}
	// The drawing really used presentation forms (or this test proves
	// nothing about them).
	if !f.PUA {
		t.Fatal("font has no presentation forms")
	}
	if thai.Shape("ป่า") == "ป่า" {
		t.Fatal("shaping is off")
	}
}

// TestWrapCorpus wraps real paragraphs with the real font: every line fits
// the width and the lines give back the paragraph.
func TestWrapCorpus(t *testing.T) {
	f := fonts(t)
	if f.Dict.Len() < 10000 {
		reporttest.SkipOrFail(t, "no Thai word list (Debian hunspell-th)")
	}
	d := newDoc(f, time.Time{}, "", false)
	d.font(false, 16)
	for _, width := range []float64{160, 120, 75} {
		for _, p := range corpusParagraphs(t) {
			lines := d.lines(p, width)
			if len(lines) < 2 && d.width(p) > width {
				t.Fatalf("not wrapped: %q", p)
			}
			rest := p
			for _, l := range lines {
				if w := d.width(l); w > width+0.01 {
					t.Errorf("line %.1f mm wider than %v: %q", w, width, l)
				}
				if !strings.HasPrefix(rest, l) {
					t.Fatalf("line %q does not continue the paragraph at %q", l, rest[:min(len(rest), 60)])
				}
				rest = strings.TrimLeft(rest[len(l):], " ")
				// The next line never starts inside a cluster.
				if first, _ := utf8.DecodeRuneInString(rest); thai.IsMark(first) || strings.ContainsRune("ะาำๅ", first) {
					t.Errorf("break inside a cluster: %q | %q", l, rest[:min(len(rest), 30)])
				}
				if last, _ := utf8.DecodeLastRuneInString(l); thai.IsLeadingVowel(last) && rest != "" {
					t.Errorf("line ends with a leading vowel: %q", l)
				}
			}
			if rest != "" {
				t.Errorf("lost %q", rest)
			}
		}
	}
}

func TestPDFHexUTF16(t *testing.T) {
	if got := pdfHexUTF16("ก(\\)"); got != "<FEFF0E010028005C0029>" {
		t.Errorf("got %s", got)
	}
	if got := pdfHexUTF16("😀"); got != "<FEFFD83DDE00>" {
		t.Errorf("surrogates: got %s", got)
	}
}

func TestClean(t *testing.T) {
	if got := clean("a\r\nb\t😀"); got != "a  b ?" {
		t.Errorf("clean = %q", got)
	}
	if got := clean("ที่"); got != "ที่" {
		t.Errorf("clean changed Thai: %q", got)
	}
}

func TestJoinThai(t *testing.T) {
	if got := joinThai([]string{"ก", "ข", "ค"}); got != "ก ข และค" {
		t.Errorf("got %q", got)
	}
	if got := slices.Compact([]string{joinThai(nil), joinThai([]string{"ก"})}); len(got) != 2 {
		t.Errorf("got %q", got)
	}
}
