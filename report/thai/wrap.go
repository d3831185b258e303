package thai

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tokens splits s into the units a line may break between: Thai words (by
// the dictionary; clusters without one), runs of other non-space
// characters, and runs of spaces. Concatenated they give s back.
func (d *Dict) Tokens(s string) []string {
	var out []string
	for s != "" {
		r, _ := utf8.DecodeRuneInString(s)
		var n int
		switch {
		case unicode.IsSpace(r):
			n = runLen(s, func(r rune) bool { return unicode.IsSpace(r) && r != '\n' })
			if r == '\n' {
				n = 1
			}
		case IsThaiLetter(r):
			n = thaiRunLen(s)
			out = append(out, d.Words(s[:n])...)
			s = s[n:]
			continue
		default:
			n = runLen(s, func(r rune) bool { return !unicode.IsSpace(r) && !IsThaiLetter(r) })
			// Keep marks that follow (for other scripts) with their base.
			n += runLen(s[n:], isCombining)
		}
		out = append(out, s[:n])
		s = s[n:]
	}
	return out
}

// thaiRunLen returns the length of the leading run of Thai letters of s,
// extended so that it never ends inside a cluster.
func thaiRunLen(s string) int {
	i := 0
	for i < len(s) {
		r, _ := utf8.DecodeRuneInString(s[i:])
		if !IsThaiLetter(r) {
			break
		}
		i += ClusterLen(s[i:])
	}
	return i
}

func runLen(s string, f func(rune) bool) int {
	for i, r := range s {
		if !f(r) {
			return i
		}
	}
	return len(s)
}

// noBreakBefore are characters a line must not start with.
const noBreakBefore = ")]}>,.:;!?%”’\"'ๆฯ…"

// noBreakAfter are characters a line must not end with. A hyphen is one:
// text extractors take a hyphen at a line end for a split word and drop it.
const noBreakAfter = "([{<“‘/-"

// canBreak reports whether a line may end between tokens a and b, where a
// and b are non-space tokens written next to each other.
func canBreak(a, b string) bool {
	la, _ := utf8.DecodeLastRuneInString(a)
	fb, _ := utf8.DecodeRuneInString(b)
	if strings.ContainsRune(noBreakBefore, fb) || strings.ContainsRune(noBreakAfter, la) {
		return false
	}
	ta, tb := IsThaiLetter(la), IsThaiLetter(fb)
	switch {
	case ta && tb:
		return true // between Thai words
	case ta != tb:
		// Thai next to Latin letters or digits ("KMช่วย"), not next to
		// punctuation ("พ.ศ.", "จปฐ.").
		o := la
		if ta {
			o = fb
		}
		return unicode.IsLetter(o) || unicode.IsDigit(o)
	}
	return false
}

// Lines wraps s into lines no wider than width, as measured by measure
// (the width of a string as it will be drawn; widths must add up over
// concatenation). Lines break at spaces, between Thai words and at "\n";
// a token wider than a line is broken between clusters. Spaces at the line
// ends are dropped. The result is never empty for a non-empty s.
func (d *Dict) Lines(s string, width float64, measure func(string) float64) []string {
	var lines []string
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		lines = append(lines, d.wrapParagraph(para, width, measure)...)
	}
	return lines
}

func (d *Dict) wrapParagraph(s string, width float64, measure func(string) float64) []string {
	// Glue tokens that must not be separated into pieces, each with the
	// spaces before it.
	type piece struct{ space, text string }
	var pieces []piece
	space, prev := "", ""
	for _, t := range d.Tokens(s) {
		switch {
		case strings.TrimSpace(t) == "":
			space += t
			continue
		case len(pieces) > 0 && space == "" && !canBreak(prev, t):
			pieces[len(pieces)-1].text += t
		case len(pieces) > 0 && (startsWithAny(t, noBreakBefore) || endsWithAny(prev, noBreakAfter)):
			// "ต่าง ๆ", "( ข้อความ )": the space does not allow a break.
			pieces[len(pieces)-1].text += space + t
		default:
			pieces = append(pieces, piece{space, t})
		}
		space, prev = "", t
	}

	var (
		lines []string
		line  strings.Builder
		lineW float64
	)
	flush := func() {
		lines = append(lines, line.String())
		line.Reset()
		lineW = 0
	}
	for i, p := range pieces {
		w := measure(p.text)
		sp, spW := p.space, 0.0
		if line.Len() == 0 && (i > 0 || len(lines) > 0) {
			sp = "" // a wrapped line starts with its first word
		}
		if sp != "" {
			spW = measure(sp)
		}
		if line.Len() > 0 && lineW+spW+w > width {
			flush()
			sp, spW = "", 0
		}
		if lineW+spW+w <= width {
			line.WriteString(sp)
			line.WriteString(p.text)
			lineW += spW + w
			continue
		}
		// Wider than a line on its own: break between clusters.
		line.WriteString(sp)
		lineW += spW
		for _, c := range Clusters(p.text) {
			cw := measure(c)
			if line.Len() > 0 && lineW+cw > width {
				flush()
			}
			line.WriteString(c)
			lineW += cw
		}
	}
	if line.Len() > 0 || len(lines) == 0 {
		lines = append(lines, line.String())
	}
	return lines
}

func startsWithAny(s, chars string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune(chars, r)
}

func endsWithAny(s, chars string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(chars, r)
}
