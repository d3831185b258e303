// Package parse reads the values people type into workbooks, tolerantly:
// sheet, column and label names (NormalizeName), numbers (Number, Percent),
// text dates (Date) and Excel date serials (Serial). Every function accepts
// any input without panicking; they are fuzzed.
package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// NormalizeName returns s in the form names are compared in: every kind of
// whitespace (also line breaks inside a word, NBSP and the zero-width
// characters U+200B–U+200D, U+2060, U+FEFF) removed; a trailing colon and a
// trailing unit in parentheses ("(บาท)") removed; dots removed ("จปฐ." ==
// "จปฐ"); dashes unified; Thai digits made ASCII; ASCII and full-width letters
// lower-cased; and the decomposed sara am (nikhahit + sara aa) composed.
func NormalizeName(s string) string {
	if normal(s) {
		return s
	}
	return normalizeName(s)
}

func normalizeName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), isZeroWidth(r), r == '.', r == utf8.RuneError:
			continue
		case r >= '๐' && r <= '๙':
			r = '0' + (r - '๐')
		case r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ', r >= '０' && r <= '９', r == '：', r == '（', r == '）':
			r -= 0xFEE0 // full-width ASCII
		case r == '‐', r == '‑', r == '‒', r == '–', r == '—', r == '−':
			r = '-'
		}
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	out := composeSaraAm(b.String())
	// Trailing decorations, repeatedly: "เบิกจ่ายสะสม(บาท):" → "เบิกจ่ายสะสม".
	for {
		n := len(out)
		out = strings.TrimRight(out, ":")
		if strings.HasSuffix(out, ")") {
			if i := strings.LastIndex(out, "("); i > 0 {
				out = out[:i]
			}
		}
		if len(out) == n {
			return out
		}
	}
}

// normal reports whether NormalizeName would return s unchanged (checked
// without allocating: most names already are).
func normal(s string) bool {
	for _, r := range s {
		switch {
		case r < '0' && r != '-', r == ':', r >= 'A' && r <= 'Z', r == utf8.RuneError,
			r >= '๐' && r <= '๙', r == '\u0e4d', r > 0x2000 && r < 0x2070, r >= 0xFE00,
			r == '\u00a0', r == '\u00ad', r == '\u180e', r == '−', unicode.IsSpace(r):
			return false
		}
	}
	return !strings.HasSuffix(s, ")")
}

func isZeroWidth(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u180e':
		return true
	}
	return false
}

// CleanText trims a free-text value for display: surrounding whitespace,
// zero-width characters, control characters and bidirectional overrides
// (see Unprintable) removed, inner runs of whitespace (line breaks
// included) collapsed to one space.
func CleanText(s string) string {
	if clean(s) {
		return s
	}
	return cleanText(s)
}

func cleanText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case isZeroWidth(r):
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case Unprintable(r):
			// A control character or a bidirectional override typed or
			// pasted into a cell is never text: in a message printed to a
			// terminal it would be a command to it.
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return composeSaraAm(b.String())
}

// composeSaraAm writes sara am typed as nikhahit + sara aa (often with a
// tone mark between: "นํ้า") as the one character Thai keyboards give
// ("น้ำ"), so that both spellings compare equal.
func composeSaraAm(s string) string {
	if !strings.Contains(s, "\u0e4d") {
		return s
	}
	s = strings.ReplaceAll(s, "\u0e4d\u0e32", "\u0e33")
	for _, tone := range []string{"\u0e48", "\u0e49", "\u0e4a", "\u0e4b"} {
		s = strings.ReplaceAll(s, "\u0e4d"+tone+"\u0e32", tone+"\u0e33")
	}
	return s
}

// clean reports whether CleanText would return s unchanged; most cells are,
// and saying so costs no allocation.
func clean(s string) bool {
	prevSpace := true // a leading space is not clean
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
			i++
			continue
		case c < 0x80:
			if c < ' ' || c == 0x7f {
				return false
			}
			i++
		case c == 0xE0 && i+2 < len(s) && (s[i+1] == 0xB8 || s[i+1] == 0xB9) && s[i+2]&0xC0 == 0x80:
			// The Thai block, the bulk of the text: only nikhahit matters.
			if s[i+1] == 0xB9 && s[i+2] == 0x8D {
				return false
			}
			i += 3
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError || isZeroWidth(r) || unicode.IsSpace(r) || Unprintable(r) {
				return false
			}
			i += n
		}
		prevSpace = false
	}
	return !prevSpace || s == ""
}

// IsBlank reports whether s holds nothing but whitespace and zero-width
// characters.
func IsBlank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && !isZeroWidth(r) {
			return false
		}
	}
	return true
}

// ThaiDigits replaces ๐–๙ by 0–9.
func ThaiDigits(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= '๐' && r <= '๙' }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= '๐' && r <= '๙' {
			return '0' + (r - '๐')
		}
		return r
	}, s)
}

// Code normalizes an identifier typed by hand (district or project code):
// whitespace and zero-width characters removed, Thai digits made ASCII, and a
// number written by Excel as "5201.0" or "5.201E3" read as "5201".
func Code(s string) string {
	if simpleCode(s) {
		return s
	}
	var b strings.Builder
	for _, r := range ThaiDigits(s) {
		if unicode.IsSpace(r) || isZeroWidth(r) {
			continue
		}
		b.WriteRune(r)
	}
	out := b.String()
	if strings.HasSuffix(out, ".0") && allDigits(out[:len(out)-2]) {
		out = out[:len(out)-2]
	}
	return out
}

// simpleCode: ASCII letters, digits and punctuation other than a trailing
// ".0": Code would not change it.
func simpleCode(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f {
			return false
		}
	}
	return !strings.HasSuffix(s, ".0")
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
