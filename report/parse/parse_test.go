package parse

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the fuzz seed corpus in testdata/fuzz")

func TestNormalizeName(t *testing.T) {
	for in, want := range map[string]string{
		"เบิกจ่ายสะสม":               "เบิกจ่ายสะสม",
		" เบิกจ่าย\nสะสม (บาท) ":     "เบิกจ่ายสะสม",
		"ครัวเรือน\r\nเป้าหมาย":      "ครัวเรือนเป้าหมาย",
		"รหัส\u200bอำเภอ\ufeff:":     "รหัสอำเภอ",
		"ข้อมูล ณ วันที่ :":          "ข้อมูลณวันที่",
		"ข้อมูล\u00a0ณ\u2060วันที่：": "ข้อมูลณวันที่",
		"เป้าหมาย จปฐ.":              "เป้าหมายจปฐ",
		"ไตรมาส ๑":                   "ไตรมาส1",
		"ไตรมาส 1 (%)":               "ไตรมาส1",
		"ชื่อ–สกุล":                  "ชื่อ-สกุล",
		"กำหนดส่ง(วันที่)(พ.ศ.):":    "กำหนดส่ง",
		"นํ้า":     "น้ำ", // decomposed sara am, tone mark between
		"Ｑ１":       "q1",
		"ทําเนียบ": "ทำเนียบ",
		"":         "",
		"(บาท)":    "(บาท)",
	} {
		if got := NormalizeName(in); got != want {
			t.Errorf("NormalizeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNumber(t *testing.T) {
	type res struct {
		v   float64
		ok  bool
		err bool
	}
	for in, want := range map[string]res{
		"":             {0, false, false},
		"   ":          {0, false, false},
		"-":            {0, true, false},
		" – ":          {0, true, false},
		"12500":        {12500, true, false},
		"12,500.50":    {12500.5, true, false},
		" 12 500 ":     {12500, true, false},
		"๑๒,๕๐๐":       {12500, true, false},
		"12,500 บาท":   {12500, true, false},
		"12,500บ.":     {12500, true, false},
		"฿1,000":       {1000, true, false},
		"(1,234)":      {-1234, true, false},
		"(1,234) บาท":  {-1234, true, false},
		"-1,234":       {-1234, true, false},
		"+5":           {5, true, false},
		"30%":          {0.3, true, false},
		"1.5e3":        {1500, true, false},
		".5":           {0.5, true, false},
		"1\u200b000":   {1000, true, false},
		"abc":          {0, false, true},
		"1.234,56":     {0, false, true},
		"1.2.3":        {0, false, true},
		"--5":          {0, false, true},
		"(-5)":         {0, false, true},
		"NaN":          {0, false, true},
		"Inf":          {0, false, true},
		"1e999":        {0, false, true},
		"0x10":         {0, false, true},
		"12 ครัวเรือน": {0, false, true},
		",5":           {0, false, true},
		"1e":           {0, false, true},
	} {
		v, ok, err := Number(in)
		if v != want.v || ok != want.ok || (err != nil) != want.err {
			t.Errorf("Number(%q) = %v, %v, %v; want %+v", in, v, ok, err, want)
		}
	}
	for in, want := range map[string]float64{"30": 0.3, "30%": 0.3, "๓๐ %": 0.3, "100": 1, "2.5": 0.025} {
		if v, ok, err := Percent(in); !ok || err != nil || math.Abs(v-want) > 1e-12 {
			t.Errorf("Percent(%q) = %v %v %v, want %v", in, v, ok, err, want)
		}
	}
}

func TestDate(t *testing.T) {
	want := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	for _, in := range []string{
		"20/11/2569", "20/11/2026", "2026-11-20", "2569-11-20", "20-11-2569", "20.11.2569", "20/11/69",
		"20 พฤศจิกายน 2569", "20 พ.ย. 69", "20 พ.ย. 2569", "20พ.ย.69", "20 พย 69", "๒๐ พ.ย. ๖๙", "๒๐/๑๑/๒๕๖๙",
		"20 พฤศจิกายน พ.ศ. 2569", "วันที่ 20 พ.ย. 2569", "วันศุกร์ที่ 20 พฤศจิกายน พ.ศ. 2569",
		"20 พฤศจิกายน ค.ศ. 2026", "20/11/2569 10:30", "20/11/2569 10.30 น.", " 20 / 11 / 2569 ",
	} {
		got, ok, err := Date(in)
		if !ok || err != nil || !got.Equal(want) {
			t.Errorf("Date(%q) = %v %v %v", in, got, ok, err)
		}
	}
	for in, w := range map[string]time.Time{
		"1 ม.ค. 70":     time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
		"29 ก.พ. 2567":  time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
		"31 ธันวาคม 69": time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC),
		"5 เม.ย. 2570":  time.Date(2027, 4, 5, 0, 0, 0, 0, time.UTC),
		"2027-04-30":    time.Date(2027, 4, 30, 0, 0, 0, 0, time.UTC),
	} {
		if got, ok, err := Date(in); !ok || err != nil || !got.Equal(w) {
			t.Errorf("Date(%q) = %v %v %v, want %v", in, got, ok, err, w)
		}
	}
	if _, ok, err := Date("  "); ok || err != nil {
		t.Error("blank date")
	}
	for _, in := range []string{"31/11/2569", "29 ก.พ. 2568", "20 ตุลา", "20 xyz 2569", "2569", "20/13/2569", "00/11/2569", "hello", "1/1/1800", "20/11/2569/1"} {
		if _, ok, err := Date(in); ok || err == nil {
			t.Errorf("Date(%q) accepted", in)
		}
	}
}

func TestSerial(t *testing.T) {
	d := func(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		v     float64
		d1904 bool
		want  time.Time
		ok    bool
	}{
		{1, false, d(1900, 1, 1), true},
		{59, false, d(1900, 2, 28), true},
		{60, false, time.Time{}, false}, // Excel's 29 Feb 1900
		{61, false, d(1900, 3, 1), true},
		{46346, false, d(2026, 11, 20), true},
		{46346.75, false, d(2026, 11, 20), true},
		{46346 - 1462, true, d(2026, 11, 20), true},
		{0, true, d(1904, 1, 1), true},
		{244673, false, d(2026, 11, 20), true}, // 20/11/2569 typed into a date cell: stored as 2569 CE
		{-1, false, time.Time{}, false},
		{math.NaN(), false, time.Time{}, false},
		{3e6, false, time.Time{}, false},
	} {
		got, ok := Serial(c.v, c.d1904)
		if ok != c.ok || !got.Equal(c.want) {
			t.Errorf("Serial(%v, %v) = %v %v, want %v %v", c.v, c.d1904, got, ok, c.want, c.ok)
		}
	}
	for _, tm := range []time.Time{d(1900, 1, 1), d(1900, 3, 1), d(2026, 11, 20)} {
		if got, ok := Serial(ToSerial(tm), false); !ok || !got.Equal(tm) {
			t.Errorf("round trip %v: %v", tm, got)
		}
	}
}

func TestCode(t *testing.T) {
	for in, want := range map[string]string{"5201": "5201", " ๕๒๐๑ ": "5201", "5201.0": "5201", "P01": "P01", "52 01": "5201", "ผด.1-11/69": "ผด.1-11/69"} {
		if got := Code(in); got != want {
			t.Errorf("Code(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{"a": "a", " a  b\n c ": "a b c", "\u200bนาย\u00a0สม": "นาย สม", "": "", "ok text": "ok text",
		"\x1b[2J5201\x07": "[2J5201", "a \x1b b": "a b", "ก\u009bข\u202eค": "กขค", "\u202e เถิน": "เถิน"} {
		if got := CleanText(in); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

// Seeds shared by the fuzz tests and written to testdata/fuzz by -update.
var (
	numberSeeds = []string{"", "-", "12,500.50", " 12 500 ", "๑๒,๕๐๐", "12,500 บาท", "(1,234)", "30%", "1e999", "1.234,56", "฿(1)", "(", "%", "บาท"}
	dateSeeds   = []string{"20/11/2569", "20/11/2026", "2026-11-20", "20 พฤศจิกายน 2569", "20 พ.ย. 69", "๒๐/๑๑/๒๕๖๙", "วันที่ 20 พ.ย. พ.ศ. 2569", "20/11/2569 10:30", "วัน", "31/02/2569", "พ.ศ.", "1/1/1"}
	nameSeeds   = []string{"เบิกจ่ายสะสม (บาท)", " รหัส\nโครงการ:", "ครัวเรือน\u200bเป้าหมาย", "(บาท)", "((", "):", "นํ้า", "\xff\xfe", "ไตรมาส ๑"}
)

func FuzzNumber(f *testing.F) {
	for _, s := range numberSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok, err := Number(s)
		if err != nil && ok {
			t.Fatal("ok with an error")
		}
		if ok && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("Number(%q) = %v", s, v)
		}
		p, pok, perr := Percent(s)
		if (perr == nil) != (err == nil) || pok != ok || (ok && p > v+1e-9 && v >= 0 && p != v) {
			t.Fatalf("Percent(%q) = %v %v %v vs Number %v %v %v", s, p, pok, perr, v, ok, err)
		}
	})
}

func FuzzDate(f *testing.F) {
	for _, s := range dateSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok, err := Date(s)
		if ok && (err != nil || d.Year() < 1900 || d.Year() > 2300 || d.Hour() != 0 || d.Location() != time.UTC) {
			t.Fatalf("Date(%q) = %v %v %v", s, d, ok, err)
		}
	})
}

func FuzzSerial(f *testing.F) {
	for _, v := range []float64{0, 1, 59, 60, 61, 46346, 244673, -1, 2958465.9, 1e300} {
		f.Add(v, false)
	}
	f.Fuzz(func(t *testing.T, v float64, d1904 bool) {
		d, ok := Serial(v, d1904)
		if ok && (d.Year() < 1857 || d.Year() > 9999) {
			t.Fatalf("Serial(%v) = %v", v, d)
		}
	})
}

func FuzzNormalizeName(f *testing.F) {
	for _, s := range nameSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeName(s)
		if NormalizeName(n) != n && utf8.ValidString(s) {
			// Idempotence is what lets normalized names be compared.
			t.Fatalf("NormalizeName not idempotent: %q → %q → %q", s, n, NormalizeName(n))
		}
		// The allocation-free shortcuts must agree with the full work.
		if normal(s) && normalizeName(s) != s {
			t.Fatalf("normal(%q) but normalizeName gives %q", s, normalizeName(s))
		}
		if clean(s) && cleanText(s) != s {
			t.Fatalf("clean(%q) but cleanText gives %q", s, cleanText(s))
		}
		c := CleanText(s)
		for _, r := range c {
			if Unprintable(r) {
				t.Fatalf("CleanText(%q) = %q keeps %U", s, c, r)
			}
		}
		if CleanText(c) != c {
			t.Fatalf("CleanText not idempotent: %q → %q → %q", s, c, CleanText(c))
		}
		if simpleCode(s) && Code(s) != s {
			t.Fatalf("simpleCode(%q) but Code gives %q", s, Code(s))
		}
	})
}

// TestFuzzCorpus keeps testdata/fuzz in step with the seeds (go test
// -run FuzzCorpus -update rewrites it).
func TestFuzzCorpus(t *testing.T) {
	sets := map[string][]string{"FuzzNumber": numberSeeds, "FuzzDate": dateSeeds, "FuzzNormalizeName": nameSeeds, "FuzzFileName": fileNameSeeds}
	for name, seeds := range sets {
		for i, s := range seeds {
			path := filepath.Join("testdata", "fuzz", name, fmt.Sprintf("seed%02d", i))
			want := "go test fuzz v1\nstring(" + strconv.Quote(s) + ")\n"
			if *update {
				os.MkdirAll(filepath.Dir(path), 0o755)
				if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			got, err := os.ReadFile(path)
			if err != nil || string(got) != want {
				t.Errorf("%s is stale; run go test ./report/parse -run FuzzCorpus -update", path)
			}
		}
	}
}
