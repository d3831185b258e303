package parse

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// FileName returns the form of a file's path that people read, for every
// place a district's file is named (the site, the bulletin, the memos,
// lwc check, snapshot.json). A name is the district's, not the office's:
// it may carry anything a file system allows, so
//
//   - a path segment that is not UTF-8 is read as Windows-874 (TIS-620 with
//     Microsoft's additions) when that gives Thai text: the bytes a zip made
//     on an older Thai Windows leaves when it is unpacked on Linux, where
//     the name would otherwise show as replacement characters;
//   - other bytes that are not UTF-8 become U+FFFD;
//   - control characters (C0, DEL, C1) and the bidirectional overrides and
//     isolates (U+202A–U+202E, U+2066–U+2069) become U+FFFD: printed to a
//     terminal the first are commands to it, and in any document the second
//     make a name read in an order other than its bytes (".xlsx" shown
//     where ".exe" is).
//
// A name that needs none of this is returned unchanged, so the common case
// costs a scan and no allocation. The result is valid UTF-8 and always the
// same for the same bytes; the file's bytes stay identified by its SHA-256.
func FileName(name string) string {
	if plainName(name) {
		return name
	}
	var b strings.Builder
	b.Grow(len(name) + 8)
	for i, seg := range strings.Split(name, "/") {
		if i > 0 {
			b.WriteByte('/')
		}
		if !utf8.ValidString(seg) {
			if t, ok := thaiCodePage(seg); ok {
				seg = t
			}
		}
		for _, r := range seg { // invalid bytes come as RuneError
			if Unprintable(r) {
				r = utf8.RuneError
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// plainName reports whether name is valid UTF-8 without a rune FileName
// replaces.
func plainName(name string) bool {
	for i := 0; i < len(name); {
		c := name[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(name[i:])
		if r == utf8.RuneError || Unprintable(r) {
			return false
		}
		i += size
	}
	return true
}

// Unprintable reports whether r must not reach a reader as it is: a control
// character (C0, DEL, C1), which a terminal takes as a command, or a
// bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069), which
// makes the text after it read in another order than it is stored in.
func Unprintable(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r <= 0x9f) ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// thaiCodePage decodes s as Windows-874 when every byte above ASCII is a
// Thai character there (U+0E01–U+0E5B), so that Latin-1 or other legacy
// names are not turned into Thai they never were.
func thaiCodePage(s string) (string, bool) {
	thai := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			continue
		}
		// In Windows-874 0xA1–0xDA and 0xDF–0xFB are the Thai block;
		// 0xDB–0xDE and 0xFC–0xFF are unassigned.
		if !(c >= 0xa1 && c <= 0xda || c >= 0xdf && c <= 0xfb) {
			return "", false
		}
		thai = true
	}
	if !thai {
		return "", false
	}
	t, err := charmap.Windows874.NewDecoder().String(s)
	if err != nil {
		return "", false
	}
	return t, true
}
