package report

import (
	"testing"

	"lwc/report/parse"
)

func TestNameKey(t *testing.T) {
	for _, s := range []string{"", "ตำบลที่ 1", "บ้านเป้า", "ตำบล ที่๑", "นํ้าโจ้", "Ban Pao", "ban pao (บาท)", "จปฐ.", "a:", "\u0e3f 1", "\u0e4e\u0e5b",
		"\u0e3b", "\u0e00", "\u0e5c", "x\u00a0y", "\xe0\xb8", "\xe0\xb8\x41", "รวม  ทั้งสิ้น", "ก-ข", "ก\tข", "๐"} {
		if got, want := nameKey(s), parse.NormalizeName(s); got != want {
			t.Errorf("nameKey(%q) = %q, want %q", s, got, want)
		}
	}
	// Every Thai code point and every byte, next to a space and a letter.
	for r := rune(0x0E00); r <= 0x0E7F; r++ {
		for _, s := range []string{string(r), "ก" + string(r) + " 1", string(r) + "า"} {
			if got, want := nameKey(s), parse.NormalizeName(s); got != want {
				t.Errorf("nameKey(%q) = %q, want %q", s, got, want)
			}
		}
	}
	for c := 0; c < 256; c++ {
		for _, s := range []string{string([]byte{byte(c)}), "ก " + string([]byte{byte(c)}), "\xe0\xb8" + string([]byte{byte(c)}), "\xe0\xb9" + string([]byte{byte(c)}) + " "} {
			if got, want := nameKey(s), parse.NormalizeName(s); got != want {
				t.Errorf("nameKey(%q) = %q, want %q", s, got, want)
			}
		}
	}
}

// FuzzNameKey checks nameKey against parse.NormalizeName, whose shortcut it
// is.
func FuzzNameKey(f *testing.F) {
	f.Add("ตำบลที่ 1")
	f.Add("นํ้า ๑ (บาท):")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := nameKey(s), parse.NormalizeName(s); got != want {
			t.Fatalf("nameKey(%q) = %q, want %q", s, got, want)
		}
	})
}

func TestTextNumber(t *testing.T) {
	for _, s := range []string{"", "0", "007", "12,500", "1,,2", "1,", ",1", "123456789012345", "1234567890123456", "1,234,567,890,123,456",
		"12.5", "1e3", "-1", "(1,234)", "1 234", "๑๒", "12,500 บาท", "99999999999999999999", "9,999,999,999,999,9"} {
		v1, ok1, err1 := textNumber(s)
		v2, ok2, err2 := parse.Number(s)
		if v1 != v2 || ok1 != ok2 || err1 != err2 {
			t.Errorf("textNumber(%q) = %v %v %v, parse.Number %v %v %v", s, v1, ok1, err1, v2, ok2, err2)
		}
	}
}

// FuzzTextNumber checks textNumber against parse.Number, whose shortcut it
// is.
func FuzzTextNumber(f *testing.F) {
	f.Add("12,500")
	f.Add("1,234,567,890,123")
	f.Fuzz(func(t *testing.T, s string) {
		v1, ok1, err1 := textNumber(s)
		v2, ok2, err2 := parse.Number(s)
		if (v1 != v2 && !(v1 != v1 && v2 != v2)) || ok1 != ok2 || err1 != err2 {
			t.Fatalf("textNumber(%q) = %v %v %v, parse.Number %v %v %v", s, v1, ok1, err1, v2, ok2, err2)
		}
	})
}
