package thai

import (
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"lwc/report/reporttest"
)

func TestClusters(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"ที่", []string{"ที่"}},
		{"น้ำ", []string{"น้ำ"}},
		{"ปุ๋ย", []string{"ปุ๋", "ย"}},
		{"ญาติ", []string{"ญา", "ติ"}},
		{"เกาะคา", []string{"เกาะ", "คา"}},
		{"ไม่", []string{"ไม่"}},
		{"แม่ทะ", []string{"แม่", "ทะ"}},
		{"ต่างๆ", []string{"ต่า", "งๆ"}},
		{"ab", []string{"a", "b"}},
		{"เ", []string{"เ"}},
		{"่ก", []string{"่", "ก"}}, // a stray mark is its own cluster
	}
	for _, tt := range tests {
		if got := Clusters(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Clusters(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestShape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ที่", "ที่"},                 // tone over an upper vowel stays high
		{"ก่", "ก\uF70A"},              // lowered over a bare consonant
		{"ป่า", "ป\uF705า"},            // lowered and moved off the ascender
		{"ฟ้า", "ฟ\uF706า"},            //
		{"ปี", "ป\uF702"},              // upper vowel moved left
		{"ปี่", "ป\uF702\uF713"},       // and its tone, high and left
		{"ปุ๋ย", "ปุ\uF708ย"},          // below vowel does not change the tone
		{"กตัญญู", "กตัญ\uF70Fู"},      // ญ loses its tail under ู
		{"ฐุ", "\uF700ุ"},              // ฐ too
		{"ฎุ", "ฎ\uF718"},              // below vowel moves under the descender
		{"น้ำ", "น\u0E4D\u0E49\u0E32"}, // nikhahit first, tone above it
		{"ญาติ", "ญาติ"},
		{"ฐาน", "ฐาน"},
		{"ฎีกา", "ฎีกา"},
		{"abc", "abc"},
	}
	for _, tt := range tests {
		got := Shape(tt.in)
		if got != tt.want {
			t.Errorf("Shape(%q) = %+q, want %+q", tt.in, got, tt.want)
		}
		if back := Unshape(got); back != tt.in {
			t.Errorf("Unshape(Shape(%q)) = %q", tt.in, back)
		}
	}
}

// testDict loads the system word list once; tests that need it skip
// without it.
var testDict = sync.OnceValues(func() (*Dict, error) {
	d, note, err := FindDict("")
	if err == nil && note != "" {
		return nil, os.ErrNotExist
	}
	return d, err
})

func needDict(t *testing.T) *Dict {
	t.Helper()
	d, err := testDict()
	if err != nil {
		reporttest.SkipOrFail(t, "Thai word list (Debian hunspell-th) not installed: %v", err)
	}
	return d
}

func TestLoadDictTIS620(t *testing.T) {
	// "ลำปาง" and "เกาะ" in TIS-620 with a hunspell count line and flags.
	tis := []byte("2\n\xc5\xd3\xbb\xd2\xa7/AB\n\xe0\xa1\xd2\xd0\n")
	d, err := ReadDict(strings.NewReader(string(tis)))
	if err != nil {
		t.Fatal(err)
	}
	if !d.Has("ลำปาง") || !d.Has("เกาะ") {
		t.Fatalf("TIS-620 words missing")
	}
	if d.Has("2") {
		t.Error("count line taken as a word")
	}
	var nilDict *Dict
	if nilDict.Has("เกาะ") || nilDict.Len() != 0 {
		t.Error("nil Dict knows words")
	}
}

func TestWords(t *testing.T) {
	d := needDict(t)
	tests := []struct {
		in   string
		want []string
	}{
		{"จึงเรียนมาเพื่อโปรดทราบและดำเนินการ", []string{"จึง", "เรียน", "มา", "เพื่อ", "โปรดทราบ", "และ", "ดำเนินการ"}},
		{"สำนักงานพัฒนาชุมชนอำเภอเกาะคา", []string{"สำนักงาน", "พัฒนาชุมชน", "อำเภอ", "เกาะคา"}},
		// Unknown runs stay whole.
		{"ฆฆฆฆการ", []string{"ฆฆฆฆ", "การ"}},
	}
	for _, tt := range tests {
		if got := d.Words(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// units measures text as the number of spacing characters, as a stand-in
// for a font.
func units(s string) float64 {
	n := 0
	for _, r := range s {
		if !IsMark(r) {
			n++
		}
	}
	return float64(n)
}

func corpus(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("testdata/corpus.txt")
	if err != nil {
		t.Fatal(err)
	}
	var paras []string
	for _, p := range strings.Split(string(b), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			paras = append(paras, p)
		}
	}
	if len(paras) < 10 {
		t.Fatalf("corpus has %d paragraphs", len(paras))
	}
	return paras
}

// checkRejoin checks that the lines are the paragraph with only spaces
// removed at the breaks, and returns the byte offsets of the breaks.
func checkRejoin(t *testing.T, para string, lines []string) []int {
	t.Helper()
	var breaks []int
	rest := para
	for i, l := range lines {
		if !strings.HasPrefix(rest, l) {
			t.Fatalf("line %d %q is not the next part of %q", i, l, rest)
		}
		rest = rest[len(l):]
		if i < len(lines)-1 {
			breaks = append(breaks, len(para)-len(rest))
			rest = strings.TrimLeft(rest, " ")
		}
	}
	if rest != "" {
		t.Fatalf("text lost after the last line: %q", rest)
	}
	return breaks
}

// Words of the corpus that a line must never split.
var mustKeep = []string{"สำนักงาน", "ประสิทธิภาพ", "ยุทธศาสตร์", "กระทรวง", "ข้อมูล", "ประสานงาน",
	"รัฐมนตรี", "เครื่องมือ", "ปฏิบัติงาน", "รายละเอียด", "เป้าหมาย", "ผลการดำเนินงาน", "บุคลากร"}

func TestLinesNeverBreakInsideWords(t *testing.T) {
	d := needDict(t)
	checked := 0
	for _, para := range corpus(t) {
		for width := 26.0; width <= 90; width += 7 {
			lines := d.Lines(para, width, units)
			breaks := checkRejoin(t, para, lines)
			for i, l := range lines {
				if units(l) > width && len(Clusters(l)) > 1 && !strings.Contains(l, " ") && len(d.Tokens(l)) > 1 {
					t.Errorf("line %q wider than %v", l, width)
				}
				_ = i
			}
			for _, b := range breaks {
				if para[b] == ' ' || para[b-1] == ' ' {
					continue
				}
				for _, w := range mustKeep {
					for off := 0; ; {
						j := strings.Index(para[off:], w)
						if j < 0 {
							break
						}
						start := off + j
						if b > start && b < start+len(w) {
							t.Errorf("width %v: break inside %q: %q | %q", width, w,
								para[max(0, b-30):b], para[b:min(len(para), b+30)])
						}
						off = start + len(w)
						checked++
					}
				}
				// Every break between Thai letters is between two words
				// of the segmentation.
				r1, _ := utf8.DecodeLastRuneInString(para[:b])
				r2, _ := utf8.DecodeRuneInString(para[b:])
				if IsThaiLetter(r1) && IsThaiLetter(r2) {
					run := para[:b]
					k := len(run)
					for k > 0 {
						r, n := utf8.DecodeLastRuneInString(run[:k])
						if !IsThaiLetter(r) {
							break
						}
						k -= n
					}
					end := b + thaiRunLen(para[b:])
					words := d.Words(para[k:end])
					pos, ok := k, false
					for _, w := range words {
						if pos < b && b < pos+len(w) && units(w) > width {
							ok = true // a word wider than the line must break
						}
						pos += len(w)
						if pos == b {
							ok = true
						}
					}
					if !ok {
						t.Errorf("break at %q | %q is not between words %q", para[max(0, b-20):b], para[b:min(len(para), b+20)], words)
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no protected word checked")
	}
}

func TestLinesWithoutDictNeverBreakClusters(t *testing.T) {
	var d *Dict // no word list: cluster fallback
	for _, para := range append(corpus(t), "ที่น้ำป่าฟ้าปุ๋ยญาติฐานฎีกาเกาะคาแม่ทะ") {
		for width := 3.0; width <= 60; width += 5 {
			lines := d.Lines(para, width, units)
			checkRejoin(t, para, lines)
			for i, l := range lines {
				if l == "" {
					t.Fatalf("empty line in %q", lines)
				}
				first, _ := utf8.DecodeRuneInString(l)
				last, _ := utf8.DecodeLastRuneInString(l)
				if i > 0 && (IsMark(first) || isFollower(first)) {
					t.Errorf("line starts inside a cluster: %q", l)
				}
				if i < len(lines)-1 && IsLeadingVowel(last) {
					t.Errorf("line ends with a leading vowel: %q", l)
				}
				if units(l) > width && len(Clusters(l)) > 1 && !strings.Contains(l, " ") {
					// Over-wide only when a single unbreakable piece.
					if len(d.Tokens(l)) > 1 {
						t.Errorf("line %q wider than %v", l, width)
					}
				}
			}
		}
	}
}

func TestLinesPunctuation(t *testing.T) {
	d := needDict(t)
	// Never "(" at a line end or ")" / "ๆ" at a line start.
	s := "ทดสอบ (วงเล็บ) ต่าง ๆ และ พ.ศ. 2569 ข้อมูล จปฐ. ของ อำเภอ"
	for width := 10.0; width < 40; width++ {
		for _, l := range d.Lines(s, width, units) {
			if strings.HasSuffix(l, "(") || strings.HasPrefix(l, ")") || strings.HasPrefix(l, "ๆ") || strings.HasPrefix(l, ".") {
				t.Errorf("width %v: bad line %q", width, l)
			}
		}
	}
	if got := d.Lines("", 10, units); len(got) != 1 || got[0] != "" {
		t.Errorf("Lines(\"\") = %q", got)
	}
	if got := d.Lines("ก\nข", 10, units); !slices.Equal(got, []string{"ก", "ข"}) {
		t.Errorf("hard break: %q", got)
	}
}

func TestFormats(t *testing.T) {
	day := time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)
	checks := []struct{ got, want string }{
		{Date(day, true), "20 พฤศจิกายน 2569"},
		{Date(day, false), "20 พ.ย. 2569"},
		{DateISO("2027-01-05", false), "5 ม.ค. 2570"},
		{DateISO("", false), ""},
		{DateISO("bad", false), "bad"},
		{MonthYear(day, true), "พฤศจิกายน 2569"},
		{DateTime(day, false), "20 พ.ย. 2569 เวลา 14.05 น."},
		{Digits("ลป 0017/123"), "ลป ๐๐๑๗/๑๒๓"},
		{Number(1234567.891, 2), "1,234,567.89"},
		{Number(-1234, 0), "-1,234"},
		{Number(-0.001, 2), "0.00"},
		{Number(999, 0), "999"},
		{Number(1000, 0), "1,000"},
		{Int(-1000000), "-1,000,000"},
		{Percent(0.16630, 2), "16.63%"},
		{Percent(1, 0), "100%"},
		{Date(time.Time{}, true), ""},
	}
	for i, c := range checks {
		if c.got != c.want {
			t.Errorf("%d: got %q, want %q", i, c.got, c.want)
		}
	}
}

// TestWordsCache: cached segmentations equal fresh ones, also when many
// goroutines segment the same runs at once (run with -race).
func TestWordsCache(t *testing.T) {
	shared := needDict(t)
	d := &Dict{words: shared.words, nwords: shared.nwords, maxClusters: shared.maxClusters} // an empty cache
	runs := []string{"ศูนย์แจ้งเตือนการดำเนินงาน", "ประสานงานการพัฒนาชุมชน", "ยังไม่ได้ส่งรายงาน", "ก", "ฎีกาเบิกจ่าย"}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				for _, s := range runs {
					if got, want := d.Words(s), d.words0(s); !slices.Equal(got, want) {
						t.Errorf("Words(%q) = %q, uncached %q", s, got, want)
					}
				}
			}
		}()
	}
	wg.Wait()
	if n := d.nSegmented.Load(); n != int64(len(runs)) {
		t.Errorf("cache holds %d runs, want %d", n, len(runs))
	}
}

// The word list is a set of hashes (see Dict.words): every word and
// prefix of the installed list, and of the office's extra words, has a
// hash of its own, with the flags a set of the strings would give it.
func TestDictHashesDistinct(t *testing.T) {
	d := needDict(t)
	data, err := os.ReadFile(d.Source)
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.Valid(data) {
		if data, err = charmap.Windows874.NewDecoder().Bytes(data); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]entry{}
	for _, line := range strings.Split(string(data)+"\n"+extraWords, "\n") {
		if i := strings.IndexByte(line, '/'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(strings.TrimPrefix(line, "\uFEFF"))
		if line == "" || strings.IndexFunc(line, func(r rune) bool { return !IsThaiLetter(r) }) >= 0 {
			continue
		}
		b := clusterBounds(line)
		for _, end := range b[1 : len(b)-1] {
			want[line[:end]] |= isPrefix
		}
		want[line] |= isWord
	}
	if len(want) != len(d.words) {
		t.Errorf("%d distinct words and prefixes, %d hashes: two share a hash", len(want), len(d.words))
	}
	for k, e := range want {
		if got := d.words[hashAdd(hashOffset, k)]; got != e {
			t.Errorf("%q: flags %b, want %b", k, got, e)
		}
	}
}
