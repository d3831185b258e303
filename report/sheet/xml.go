package sheet

import (
	"bytes"
	"errors"
	"io"
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
	i, quote := 1, byte(0)
	for {
		b := s.buf[s.pos:s.end]
		if j := tagEndFrom(b, i, &quote); j >= 0 {
			return j
		}
		i = len(b)
		if !s.fill() {
			return -1
		}
	}
}

// tagEndFrom finds the '>' closing the tag b starts with, looking from
// b[i] on, skipping quoted attribute values; *quote is the quote open at
// b[i], and is left open when b ends first (-1). Values, such as the
// namespace URLs of a part's root tag, are skipped with IndexByte.
func tagEndFrom(b []byte, i int, quote *byte) int {
	for i < len(b) {
		if *quote != 0 {
			j := bytes.IndexByte(b[i:], *quote)
			if j < 0 {
				return -1
			}
			i += j + 1
			*quote = 0
			continue
		}
		switch b[i] {
		case '>':
			return i
		case '"', '\'':
			*quote = b[i]
		}
		i++
	}
	return -1
}

// fillMargin is how close to the end of the buffered bytes a markup token
// makes next read more of the part. Code reading whole elements past the
// tokenizer keeps out of this margin, so that the part is read in the same
// chunks either way.
const fillMargin = 9

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
		for s.end-s.pos < fillMargin && s.fill() {
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

// nextAttr splits the first attribute off the raw attribute text b: its
// qualified name, its raw value and what follows. ok is false at the end
// or at anything malformed, where reading the attributes stops.
func nextAttr(b []byte) (key, val, rest []byte, ok bool) {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	eq := bytes.IndexByte(b, '=')
	if eq < 0 {
		return nil, nil, nil, false
	}
	key = trimSpace(b[:eq])
	b = trimSpace(b[eq+1:])
	if len(b) == 0 || (b[0] != '"' && b[0] != '\'') {
		return nil, nil, nil, false
	}
	end := bytes.IndexByte(b[1:], b[0])
	if end < 0 {
		return nil, nil, nil, false
	}
	return key, b[1 : 1+end], b[end+2:], true
}

func attrRaw(attrs []byte, name string, prefixed bool) ([]byte, bool) {
	b := attrs
	for {
		key, val, rest, ok := nextAttr(b)
		if !ok {
			return nil, false
		}
		b = rest
		colon := bytes.IndexByte(key, ':')
		if string(key[colon+1:]) == name && (colon >= 0) == prefixed {
			if colon >= 0 && string(key[:colon]) == "xmlns" {
				continue
			}
			return val, true
		}
	}
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

// appendOOXML appends s to dst with the _xHHHH_ escapes Excel writes in
// strings for characters XML cannot carry (e.g. _x000D_ for a carriage
// return) decoded.
func appendOOXML(dst, s []byte) []byte {
	for {
		i := bytes.Index(s, []byte("_x"))
		if i < 0 {
			return append(dst, s...)
		}
		n, ok := hex4(s[i+2:])
		if !ok || i+7 > len(s) || s[i+6] != '_' {
			dst = append(dst, s[:i+2]...)
			s = s[i+2:]
			continue
		}
		dst = append(dst, s[:i]...)
		dst = utf8.AppendRune(dst, rune(n))
		s = s[i+7:]
	}
}

// hex4 parses the four hex digits b starts with.
func hex4(b []byte) (uint16, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var n uint16
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		n = n<<4 | uint16(c)
	}
	return n, true
}

// strArena hands out strings cut from shared blocks, so that reading a
// sheet allocates per block rather than per cell. Blocks are small, so a
// string kept long after reading pins little besides itself; long strings
// get their own allocation.
type strArena struct {
	sb      strings.Builder // the current block; strings.Builder never changes bytes it has handed out
	scratch []byte          // decoding space
}

const (
	arenaBlock = 8 << 10
	arenaMax   = 1 << 10 // longer strings are allocated on their own
)

// string returns b as a string.
func (a *strArena) string(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > a.sb.Cap()-a.sb.Len() {
		if len(b) > arenaMax {
			return string(b)
		}
		a.sb = strings.Builder{}
		a.sb.Grow(arenaBlock)
	}
	n := a.sb.Len()
	a.sb.Write(b)
	return a.sb.String()[n:]
}

// ooxml returns b as a string with the _xHHHH_ escapes decoded (see
// appendOOXML).
func (a *strArena) ooxml(b []byte) string {
	if i := bytes.IndexByte(b, '_'); i < 0 || bytes.Index(b[i:], []byte("_x")) < 0 {
		return a.string(b)
	}
	a.scratch = appendOOXML(a.scratch[:0], b)
	return a.string(a.scratch)
}

// tagEndIn finds the '>' closing the tag b starts with, skipping quoted
// attribute values, as scanner.tagEnd does; -1 when b does not hold it.
func tagEndIn(b []byte) int {
	var quote byte
	return tagEndFrom(b, 1, &quote)
}

// startTag reads the start tag b begins with when it is a tag named name
// (without a prefix) held whole in b, splitting it as scanner.next would.
// n is the tag's length, 0 when b does not start with such a tag.
func startTag(b []byte, name string) (attrs []byte, selfClose bool, n int) {
	if len(b) < len(name)+2 || b[0] != '<' || string(b[1:1+len(name)]) != name {
		return nil, false, 0
	}
	if c := b[1+len(name)]; c != '>' && c != '/' && !isSpace(c) {
		return nil, false, 0
	}
	gt := tagEndIn(b)
	if gt < 0 {
		return nil, false, 0
	}
	p1 := gt
	if b[p1-1] == '/' {
		selfClose = true
		p1--
	}
	end := 1
	for end < p1 && !isSpace(b[end]) {
		end++
	}
	if end != 1+len(name) {
		return nil, false, 0 // e.g. "<c/x>"
	}
	return b[end:p1], selfClose, gt + 1
}

// textTo reads the character data b starts with, up to the next '<' at
// i; amp tells whether it holds a '&' (a reference to decode). i is -1
// when b holds no '<'.
func textTo(b []byte) (text []byte, amp bool, i int) {
	// Most values are a few bytes: look at them one by one before paying
	// for IndexByte's calls.
	for ; i < len(b) && i < 16; i++ {
		switch b[i] {
		case '<':
			return b[:i], amp, i
		case '&':
			amp = true
		}
	}
	j := bytes.IndexByte(b[i:], '<')
	if j < 0 {
		return nil, false, -1
	}
	amp = amp || bytes.IndexByte(b[i:i+j], '&') >= 0
	i += j
	return b[:i], amp, i
}
