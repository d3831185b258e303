package sheet

import (
	"bytes"
	"errors"
	"io"
	"iter"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A small streaming XML tokenizer for the parts of a workbook. encoding/xml
// is several times slower than the whole budget of reading a submission, and
// the parts we read are machine-written XML: a tokenizer that finds tags,
// attributes and text, decodes the predefined and numeric entities, and never
// expands DTD entities is all that is needed. Memory is bounded by the
// largest single token (maxToken), never by the part's size.

type tokKind uint8

const (
	tokStart tokKind = iota + 1 // <name ...> or <name .../> (selfClose)
	tokEnd                      // </name>
	tokText                     // character data (raw, entities not decoded)
	tokCDATA                    // <![CDATA[...]]> (raw, no decoding)
)

// token is the current token of a scanner. It holds offsets into the
// scanner's buffer rather than slices: writing ints needs no GC write
// barrier, which is a measurable share of reading a workbook.
type token struct {
	s         *scanner
	kind      tokKind
	selfClose bool
	n0, n1    int // local name (prefix removed)
	a0, a1    int // raw attribute text of a start tag
	x0, x1    int // text
}

func (t *token) name() []byte  { return t.s.buf[t.n0:t.n1] }
func (t *token) attrs() []byte { return t.s.buf[t.a0:t.a1] }
func (t *token) text() []byte  { return t.s.buf[t.x0:t.x1] }

// errTokenTooLong: one tag or one text run is longer than the scanner allows
// (a giant cell string).
var errTokenTooLong = errors.New("xml token too long")

// errMalformed: the bytes are not well-formed enough to read.
var errMalformed = errors.New("malformed xml")

type scanner struct {
	r        io.Reader
	buf      []byte
	pos, end int
	maxToken int
	eof      bool
	err      error // read error other than io.EOF
	tok      token // the current token, returned by next
}

// newScanner reads r; buf, when not nil, is reused as the buffer.
func newScanner(r io.Reader, maxToken int, buf []byte) *scanner {
	n := min(16<<10, maxToken)
	if len(buf) < n {
		buf = make([]byte, n)
	}
	s := &scanner{r: r, buf: buf, maxToken: maxToken}
	s.tok.s = s
	return s
}

// fill makes more bytes available after s.end, compacting and growing the
// buffer as needed. It reports false when no more bytes will come.
func (s *scanner) fill() bool {
	if s.eof || s.err != nil {
		return false
	}
	if s.pos > 0 {
		copy(s.buf, s.buf[s.pos:s.end])
		s.end -= s.pos
		s.pos = 0
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= s.maxToken {
			s.err = errTokenTooLong
			return false
		}
		n := min(2*len(s.buf), s.maxToken)
		nb := make([]byte, n)
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for range 100 {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err == io.EOF {
			s.eof = true
			return n > 0
		}
		if err != nil {
			s.err = err
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	s.err = io.ErrNoProgress
	return false
}

// index finds sep in the unread bytes at or after off (relative to s.pos),
// reading more as needed; -1 when the input ends first.
func (s *scanner) index(off int, sep []byte) int {
	for {
		if i := bytes.Index(s.buf[s.pos+off:s.end], sep); i >= 0 {
			return off + i
		}
		// Keep looking after what was searched, minus a partial separator.
		searched := s.end - s.pos - len(sep) + 1
		if !s.fill() {
			return -1
		}
		off = max(off, searched)
	}
}

// tagEnd finds the '>' closing a tag that starts at s.pos, skipping quoted
// attribute values.
func (s *scanner) tagEnd() int {
	i := 1
	var quote byte
	for {
		for ; s.pos+i < s.end; i++ {
			c := s.buf[s.pos+i]
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '>':
				return i
			}
		}
		if !s.fill() {
			return -1
		}
	}
}

// next returns the next token, or io.EOF. Comments, processing instructions
// and DOCTYPE declarations are skipped.
func (s *scanner) next() (*token, error) {
	t := &s.tok
	for {
		if s.pos >= s.end && !s.fill() {
			return nil, s.endErr()
		}
		if s.buf[s.pos] != '<' {
			i := bytes.IndexByte(s.buf[s.pos:s.end], '<')
			if i < 0 {
				i = s.index(0, []byte{'<'})
			}
			if i < 0 {
				if s.err != nil {
					return nil, s.err
				}
				i = s.end - s.pos
			}
			t.kind, t.x0, t.x1 = tokText, s.pos, s.pos+i
			s.pos += i
			return t, nil
		}
		// A markup construct: make sure a few bytes are there to classify it.
		for s.end-s.pos < 9 && s.fill() {
		}
		rest := s.buf[s.pos:s.end]
		if len(rest) > 1 && (rest[1] == '!' || rest[1] == '?') {
			if err := s.special(rest); err != nil {
				return nil, err
			}
			if s.tok.kind == tokCDATA {
				return t, nil
			}
			continue
		}
		i := s.tagEnd()
		if i < 0 {
			return nil, s.endErrMalformed()
		}
		// The tag is buf[p0:p1], between '<' and '>'.
		p0, p1 := s.pos+1, s.pos+i
		s.pos += i + 1
		t.selfClose = false
		if p1 > p0 && s.buf[p0] == '/' {
			t.kind = tokEnd
			p0++
			for p1 > p0 && isSpace(s.buf[p1-1]) {
				p1--
			}
		} else {
			t.kind = tokStart
			if p1 > p0 && s.buf[p1-1] == '/' {
				t.selfClose = true
				p1--
			}
		}
		n := p0
		for n < p1 && !isSpace(s.buf[n]) {
			n++
		}
		t.n0, t.n1, t.a0, t.a1 = p0, n, n, p1
		for j := n - 1; j >= p0; j-- {
			if s.buf[j] == ':' {
				t.n0 = j + 1
				break
			}
		}
		if t.n1 == t.n0 {
			return nil, errMalformed
		}
		return t, nil
	}
}

// special skips a comment or processing instruction, or reads a CDATA
// section into s.tok (kind tokCDATA; otherwise the kind is cleared).
func (s *scanner) special(rest []byte) error {
	s.tok.kind = 0
	switch {
	case bytes.HasPrefix(rest, []byte("<!--")):
		i := s.index(4, []byte("-->"))
		if i < 0 {
			return s.endErrMalformed()
		}
		s.pos += i + 3
	case bytes.HasPrefix(rest, []byte("<![CDATA[")):
		i := s.index(9, []byte("]]>"))
		if i < 0 {
			return s.endErrMalformed()
		}
		s.tok.kind, s.tok.x0, s.tok.x1 = tokCDATA, s.pos+9, s.pos+i
		s.pos += i + 3
	case bytes.HasPrefix(rest, []byte("<?")):
		i := s.index(2, []byte("?>"))
		if i < 0 {
			return s.endErrMalformed()
		}
		s.pos += i + 2
	default:
		// A DOCTYPE has no place in a workbook part; refusing it means no
		// entity is ever declared, let alone expanded.
		return errMalformed
	}
	return nil
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func (s *scanner) endErr() error {
	if s.err != nil {
		return s.err
	}
	return io.EOF
}

func (s *scanner) endErrMalformed() error {
	if s.err != nil {
		return s.err
	}
	return errMalformed
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// attr returns the decoded value of the attribute whose local name is name.
// prefixed selects "r:id"-style attributes (some prefix) over plain ones.
func attr(attrs []byte, name string, prefixed bool) (string, bool) {
	raw, ok := attrRaw(attrs, name, prefixed)
	if !ok {
		return "", false
	}
	if bytes.IndexByte(raw, '&') < 0 {
		return string(raw), true
	}
	return string(decodeText(nil, raw)), true
}

// attrKV is one attribute: its qualified name and raw (undecoded) value.
type attrKV struct{ name, value []byte }

// attrs iterates over the attributes of a start tag.
func attrs(b []byte) iter.Seq[attrKV] {
	return func(yield func(attrKV) bool) {
		for len(b) > 0 {
			for len(b) > 0 && isSpace(b[0]) {
				b = b[1:]
			}
			eq := bytes.IndexByte(b, '=')
			if eq < 0 {
				return
			}
			key := trimSpace(b[:eq])
			b = trimSpace(b[eq+1:])
			if len(b) == 0 || (b[0] != '"' && b[0] != '\'') {
				return
			}
			end := bytes.IndexByte(b[1:], b[0])
			if end < 0 {
				return
			}
			val := b[1 : 1+end]
			b = b[end+2:]
			if !yield(attrKV{key, val}) {
				return
			}
		}
	}
}

func attrRaw(attrs []byte, name string, prefixed bool) ([]byte, bool) {
	b := attrs
	for len(b) > 0 {
		for len(b) > 0 && isSpace(b[0]) {
			b = b[1:]
		}
		eq := bytes.IndexByte(b, '=')
		if eq < 0 {
			return nil, false
		}
		key := trimSpace(b[:eq])
		b = trimSpace(b[eq+1:])
		if len(b) == 0 || (b[0] != '"' && b[0] != '\'') {
			return nil, false
		}
		q := b[0]
		end := bytes.IndexByte(b[1:], q)
		if end < 0 {
			return nil, false
		}
		val := b[1 : 1+end]
		b = b[end+2:]
		colon := bytes.IndexByte(key, ':')
		if string(key[colon+1:]) == name && (colon >= 0) == prefixed {
			if colon >= 0 && string(key[:colon]) == "xmlns" {
				continue
			}
			return val, true
		}
	}
	return nil, false
}

// decodeText appends raw XML character data to dst with the predefined and
// numeric character references decoded. Unknown references are kept as is.
func decodeText(dst, raw []byte) []byte {
	for {
		i := bytes.IndexByte(raw, '&')
		if i < 0 {
			return append(dst, raw...)
		}
		dst = append(dst, raw[:i]...)
		raw = raw[i:]
		semi := bytes.IndexByte(raw, ';')
		if semi < 0 || semi > 12 {
			dst = append(dst, '&')
			raw = raw[1:]
			continue
		}
		ent := raw[1:semi]
		switch string(ent) {
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "amp":
			dst = append(dst, '&')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			r, ok := charRef(ent)
			if !ok {
				dst = append(dst, raw[:semi+1]...)
			} else {
				dst = utf8.AppendRune(dst, r)
			}
		}
		raw = raw[semi+1:]
	}
}

func charRef(ent []byte) (rune, bool) {
	if len(ent) < 2 || ent[0] != '#' {
		return 0, false
	}
	var n uint64
	var err error
	if ent[1] == 'x' || ent[1] == 'X' {
		n, err = strconv.ParseUint(string(ent[2:]), 16, 32)
	} else {
		n, err = strconv.ParseUint(string(ent[1:]), 10, 32)
	}
	if err != nil || n > utf8.MaxRune {
		return 0, false
	}
	return rune(n), true
}

// unescapeOOXML decodes the _xHHHH_ escapes Excel writes in strings for
// characters XML cannot carry (e.g. _x000D_ for a carriage return).
func unescapeOOXML(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "_x")
		if i < 0 || i+7 > len(s) || s[i+6] != '_' {
			if i < 0 || i+2 > len(s) {
				b.WriteString(s)
				return b.String()
			}
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		n, err := strconv.ParseUint(s[i+2:i+6], 16, 16)
		if err != nil {
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		b.WriteRune(rune(n))
		s = s[i+7:]
	}
}
