package main

import (
	"io"
	"unicode/utf8"

	"lwc/report/parse"
)

// textOut is what lwc writes its own output through (stdout and stderr):
// what it prints may quote a district's file name or cell text, and a
// terminal would take the control characters in those as commands (an
// escape sequence can recolour, retitle or rewrite the screen), as would
// `cat` of a cron log later. Control characters other than line feed and
// tab, bidirectional overrides and bytes that are not UTF-8 are written as
// U+FFFD. A character split between two writes is held until the next.
type textOut struct {
	w    io.Writer
	held []byte // the start of a UTF-8 sequence the last write ended in
}

func newTextOut(w io.Writer) *textOut { return &textOut{w: w} }

func (t *textOut) Write(p []byte) (int, error) {
	n := len(p)
	if len(t.held) > 0 {
		p = append(t.held, p...)
		t.held = nil
	}
	if cut := incompleteTail(p); cut < len(p) {
		t.held = append([]byte(nil), p[cut:]...)
		p = p[:cut]
	}
	if printable(p) {
		if _, err := t.w.Write(p); err != nil {
			return 0, err
		}
		return n, nil
	}
	out := make([]byte, 0, len(p)+8)
	for len(p) > 0 {
		r, size := utf8.DecodeRune(p)
		if r != '\n' && r != '\t' && (r == utf8.RuneError || parse.Unprintable(r)) {
			r = utf8.RuneError
		}
		out = utf8.AppendRune(out, r)
		p = p[size:]
	}
	if _, err := t.w.Write(out); err != nil {
		return 0, err
	}
	return n, nil
}

// Flush writes a character left incomplete by the last write, as U+FFFD.
func (t *textOut) Flush() error {
	if len(t.held) == 0 {
		return nil
	}
	t.held = nil
	_, err := t.w.Write([]byte(string(utf8.RuneError)))
	return err
}

// printable reports whether p needs no replacing.
func printable(p []byte) bool {
	for i := 0; i < len(p); {
		c := p[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(p[i:])
		if r == utf8.RuneError || parse.Unprintable(r) {
			return false
		}
		i += size
	}
	return true
}

// incompleteTail returns where a UTF-8 sequence that p ends in before it is
// complete starts, or len(p).
func incompleteTail(p []byte) int {
	for i := len(p) - 1; i >= 0 && i >= len(p)-3; i-- {
		c := p[i]
		if c < utf8.RuneSelf {
			return len(p)
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(p[i:]) {
				return i
			}
			return len(p)
		}
	}
	return len(p)
}
