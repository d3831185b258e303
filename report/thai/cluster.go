package thai

import (
	"unicode"
	"unicode/utf8"
)

// Character classes of the Thai block (U+0E00–U+0E7F).

// IsConsonant reports whether r is a Thai consonant (ก..ฮ, including the
// vowel letters ฤ and ฦ that behave as consonants).
func IsConsonant(r rune) bool { return r >= 0x0E01 && r <= 0x0E2E }

// IsLeadingVowel reports whether r is one of เ แ โ ใ ไ, written before the
// consonant they follow in speech.
func IsLeadingVowel(r rune) bool { return r >= 0x0E40 && r <= 0x0E44 }

// IsAboveVowel reports whether r is a vowel or sign written above the base
// (ั ิ ี ึ ื ็ ํ ๎).
func IsAboveVowel(r rune) bool {
	return r == 0x0E31 || (r >= 0x0E34 && r <= 0x0E37) || r == 0x0E47 || r == 0x0E4D || r == 0x0E4E
}

// IsBelowVowel reports whether r is written below the base (ุ ู ฺ).
func IsBelowVowel(r rune) bool { return r >= 0x0E38 && r <= 0x0E3A }

// IsTone reports whether r is a tone mark or the silencer (่ ้ ๊ ๋ ์).
func IsTone(r rune) bool { return r >= 0x0E48 && r <= 0x0E4C }

// IsMark reports whether r has no advance of its own and sits on the
// preceding base character.
func IsMark(r rune) bool { return IsAboveVowel(r) || IsBelowVowel(r) || IsTone(r) }

// isFollower reports whether r must not start a line and belongs to the
// cluster before it: the spacing vowels ะ า ำ ๅ and the repetition and
// abbreviation signs ๆ ฯ.
func isFollower(r rune) bool {
	return r == 0x0E30 || r == 0x0E32 || r == 0x0E33 || r == 0x0E45 || r == 0x0E46 || r == 0x0E2F
}

// IsThaiLetter reports whether r is part of Thai words: consonants, vowels
// and marks (not digits, not ฿, not the punctuation ๏ ๚ ๛).
func IsThaiLetter(r rune) bool { return r >= 0x0E01 && r <= 0x0E4E && r != 0x0E3F }

// isCombining reports whether r attaches to the preceding character: Thai
// marks and, for other scripts, Unicode non-spacing and enclosing marks and
// the zero-width joiners.
func isCombining(r rune) bool {
	if r < 0x0300 {
		return false
	}
	return IsMark(r) || unicode.In(r, unicode.Mn, unicode.Me) || r == 0x200C || r == 0x200D
}

// ClusterLen returns the length in bytes of the first character cluster of
// s: any leading vowels, a base character, its marks, and the spacing vowels
// and signs that cannot start a line (ะ า ำ ๅ ๆ ฯ) with their own marks. A
// line break is allowed only between clusters.
func ClusterLen(s string) int {
	if s == "" {
		return 0
	}
	i := 0
	r, n := utf8.DecodeRuneInString(s)
	if r == '\r' && len(s) > 1 && s[1] == '\n' {
		return 2
	}
	// Leading vowels stay with the base they precede.
	for IsLeadingVowel(r) {
		i += n
		if i >= len(s) {
			return i
		}
		r, n = utf8.DecodeRuneInString(s[i:])
	}
	i += n // the base (or a lone mark, which then forms its own cluster)
	thaiBase := IsThaiLetter(r)
	for i < len(s) {
		r, n = utf8.DecodeRuneInString(s[i:])
		switch {
		case isCombining(r):
		case thaiBase && isFollower(r):
		default:
			return i
		}
		i += n
	}
	return i
}

// Clusters splits s into character clusters (see ClusterLen).
func Clusters(s string) []string {
	var out []string
	for s != "" {
		n := ClusterLen(s)
		out = append(out, s[:n])
		s = s[n:]
	}
	return out
}

// clusterBounds returns the byte offsets of the cluster boundaries of s,
// 0 and len(s) included.
func clusterBounds(s string) []int {
	b := []int{0}
	for i := 0; i < len(s); {
		i += ClusterLen(s[i:])
		b = append(b, i)
	}
	return b
}
