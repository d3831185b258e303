package archive

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"lwc/report"
)

// encodeSnapshot writes s to w exactly as a json.Encoder with
// SetEscapeHTML(false) and SetIndent("", "  ") would, trailing newline
// included, but at a fraction of the cost and memory. json.Encoder marshals
// the whole value into one buffer and then indents it with a byte-by-byte
// state machine (at 878 districts: 75 MB, 0.7 s of its 1 s, 500 MB
// allocated). Here the top-level lists are encoded one element at a time
// with compact json.Encoder output, and indentWriter, which relies on its
// input being valid compact JSON, adds the indentation as the pieces pass.
func encodeSnapshot(w io.Writer, s *report.Snapshot) error {
	iw := newIndentWriter(w)
	enc := json.NewEncoder(iw)
	enc.SetEscapeHTML(false)
	if err := encodeMembers(enc, iw, s); err != nil {
		return err
	}
	return iw.finish()
}

// encodeMembers encodes s member by member, each top-level list element by
// element, and members that are structs (the award tables) the same way
// in turn: encoding/json builds each value it encodes whole in a buffer
// it keeps for reuse, and a national award set is 4.5 MB. A snapshot
// that encodes itself (a MarshalJSON or MarshalText method) or whose
// fields need more of encoding/json's rules than plain names and
// omitempty (embedded structs, other options) is encoded whole, which
// gives the same bytes, only less cheaply.
func encodeMembers(enc *json.Encoder, w io.Writer, s *report.Snapshot) error {
	var projects report.ProjectSet
	if s != nil && s.ProjectFile != nil {
		projects = s.ProjectFile
	}
	if s == nil || implementsMarshaler(s) {
		if projects != nil {
			return errProjectFile
		}
		return enc.Encode(s)
	}
	return encodeStruct(enc, w, reflect.ValueOf(s).Elem(), projects)
}

// errProjectFile: encoding/json knows nothing of a snapshot's projects'
// file, and would write its projects as null.
var errProjectFile = errors.New("a snapshot with its projects in a file must be encoded member by member")

// encodeStruct encodes the addressable struct v as encodeMembers does. The
// member "projects" comes from projects when it is not nil (a snapshot
// whose projects are in its report.ProjectFile).
func encodeStruct(enc *json.Encoder, w io.Writer, v reflect.Value, projects report.ProjectSet) error {
	ms, ok := jsonMembers(v.Type())
	if !ok {
		if projects != nil {
			return errProjectFile
		}
		return enc.Encode(v.Addr().Interface())
	}
	if _, err := io.WriteString(w, "{"); err != nil {
		return err
	}
	first := true
	for _, m := range ms {
		f := v.Field(m.index)
		if m.omitEmpty && isEmptyValue(f) {
			continue
		}
		if !first {
			if _, err := io.WriteString(w, ","); err != nil {
				return err
			}
		}
		first = false
		if err := enc.Encode(m.name); err != nil {
			return err
		}
		if _, err := io.WriteString(w, ":"); err != nil {
			return err
		}
		if projects != nil && m.name == "projects" {
			if err := encodeProjects(enc, w, projects); err != nil {
				return err
			}
			continue
		}
		// Through a pointer, as encoding/json reaches the field through
		// the snapshot: the same methods apply.
		switch whole := implementsMarshaler(f.Addr().Interface()); {
		case !whole && f.Kind() == reflect.Struct:
			if err := encodeStruct(enc, w, f, nil); err != nil {
				return fmt.Errorf("%s: %w", m.name, err)
			}
		case !whole && f.Kind() == reflect.Slice && !f.IsNil() && f.Type().Elem().Kind() != reflect.Uint8:
			if err := encodeElements(enc, w, f, m.name); err != nil {
				return err
			}
		default:
			if err := enc.Encode(f.Addr().Interface()); err != nil {
				return fmt.Errorf("%s: %w", m.name, err)
			}
		}
	}
	_, err := io.WriteString(w, "}")
	return err
}

// encodeElements encodes the slice f element by element.
func encodeElements(enc *json.Encoder, w io.Writer, f reflect.Value, name string) error {
	if _, err := io.WriteString(w, "["); err != nil {
		return err
	}
	for i := range f.Len() {
		if i > 0 {
			if _, err := io.WriteString(w, ","); err != nil {
				return err
			}
		}
		if err := enc.Encode(f.Index(i).Addr().Interface()); err != nil {
			return fmt.Errorf("%s[%d]: %w", name, i, err)
		}
	}
	_, err := io.WriteString(w, "]")
	return err
}

// encodeProjects encodes the projects of set as encodeElements does a
// slice of them.
func encodeProjects(enc *json.Encoder, w io.Writer, set report.ProjectSet) error {
	if _, err := io.WriteString(w, "["); err != nil {
		return err
	}
	i := 0
	err := set.Each(func(p *report.ProjectFigures) error {
		if i > 0 {
			if _, err := io.WriteString(w, ","); err != nil {
				return err
			}
		}
		if err := enc.Encode(p); err != nil {
			return fmt.Errorf("projects[%d]: %w", i, err)
		}
		i++
		return nil
	})
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, "]")
	return err
}

// implementsMarshaler reports whether encoding/json would let v encode
// itself rather than walk its fields.
func implementsMarshaler(v any) bool {
	_, j := v.(json.Marshaler)
	_, t := v.(encoding.TextMarshaler)
	return j || t
}

// member is a struct field as a JSON object member.
type member struct {
	name      string
	index     int
	omitEmpty bool
}

// jsonMembers lists the JSON members of a struct type in the order
// encoding/json writes them, or reports false when the type uses a rule of
// encoding/json that it does not follow: an embedded field, a tag option
// other than omitempty, or a name that is not plain letters, digits and
// underscores or that appears twice.
func jsonMembers(t reflect.Type) ([]member, bool) {
	var ms []member
	seen := map[string]bool{}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			return nil, false
		}
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opt, _ := strings.Cut(tag, ",")
		if opt != "" && opt != "omitempty" {
			return nil, false
		}
		if name == "" {
			name = f.Name
		}
		if !plainName(name) || seen[name] {
			return nil, false
		}
		seen[name] = true
		ms = append(ms, member{name: name, index: i, omitEmpty: opt == "omitempty"})
	}
	return ms, true
}

func plainName(s string) bool {
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return s != ""
}

// isEmptyValue is encoding/json's test for omitempty.
func isEmptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64,
		reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// indentWriter indents a stream of compact JSON text the way json.Indent
// does with no prefix and two spaces: a newline and the depth's indent after
// every opening bracket, comma and before every closing bracket, a space
// after every colon, and empty objects and arrays kept as {} and []. It
// drops whitespace between tokens (json.Encoder ends every value with a
// newline) and does not check its input: everything written must together
// be one valid JSON value. Output is buffered and written to w in large
// pieces.
type indentWriter struct {
	w       io.Writer
	buf     []byte
	spaces  []byte // "\n" and enough indentation for the deepest level so far
	depth   int
	inStr   bool // inside a string
	escaped bool // inside a string, after a backslash
	opened  bool // after { or [: the newline waits for the next token, which may close it
	err     error
}

const indentFlushSize = 64 << 10

func newIndentWriter(w io.Writer) *indentWriter {
	return &indentWriter{w: w, buf: make([]byte, 0, indentFlushSize+4<<10), spaces: []byte("\n")}
}

// newline appends a newline and the current depth's indentation to buf.
func (iw *indentWriter) newline(buf []byte) []byte {
	n := 1 + 2*iw.depth
	for len(iw.spaces) < n {
		iw.spaces = append(iw.spaces, ' ')
	}
	return append(buf, iw.spaces[:n]...)
}

func (iw *indentWriter) Write(p []byte) (int, error) {
	if iw.err != nil {
		return 0, iw.err
	}
	buf := iw.buf
	for i := 0; i < len(p); {
		if len(buf) >= indentFlushSize {
			iw.buf = buf
			iw.flush()
			buf = iw.buf
		}
		if iw.inStr {
			// The rest of the string in one piece.
			end, closed, escaped := stringEnd(p, i, iw.escaped)
			buf = append(buf, p[i:end]...)
			iw.inStr, iw.escaped = !closed, escaped
			i = end
			continue
		}
		c := p[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			i++
			continue
		}
		if iw.opened {
			iw.opened = false
			if c == '}' || c == ']' {
				buf = append(buf, c)
				i++
				continue
			}
			iw.depth++
			buf = iw.newline(buf)
		}
		switch c {
		case '"':
			iw.inStr = true
			buf = append(buf, c)
		case '{', '[':
			iw.opened = true
			buf = append(buf, c)
		case '}', ']':
			iw.depth--
			buf = iw.newline(buf)
			buf = append(buf, c)
		case ',':
			buf = append(buf, c)
			buf = iw.newline(buf)
		case ':':
			buf = append(buf, ':', ' ')
		default:
			// A number, true, false or null.
			j := i + 1
			for j < len(p) && !delimiter(p[j]) {
				j++
			}
			buf = append(buf, p[i:j]...)
			i = j
			continue
		}
		i++
	}
	iw.buf = buf
	if len(iw.buf) >= indentFlushSize {
		iw.flush()
	}
	return len(p), iw.err
}

// delimiter reports whether c ends a number or literal.
func delimiter(c byte) bool {
	switch c {
	case '"', '{', '}', '[', ']', ',', ':', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// stringEnd finds where the string that p[i:] is inside of ends: just past
// its closing quote (closed), or at len(p) if the string goes on in the next
// write, then reporting whether p ended in the middle of an escape.
// escaped says the previous write ended in the middle of one.
func stringEnd(p []byte, i int, escaped bool) (end int, closed, stillEscaped bool) {
	if escaped {
		i++ // the escaped byte: a quote there does not end the string
		if i > len(p) {
			return len(p), false, true
		}
	}
	q := -1 // the next quote at or after i, or len(p) for none
	for {
		if q < i {
			if q = bytes.IndexByte(p[i:], '"'); q >= 0 {
				q += i
			} else {
				q = len(p)
			}
		}
		b := bytes.IndexByte(p[i:q], '\\')
		if b < 0 {
			if q == len(p) {
				return len(p), false, false
			}
			return q + 1, true, false
		}
		// Skip the backslash and the byte it escapes; a \uXXXX escape's
		// hex digits are no quotes or backslashes.
		i += b + 2
		if i > len(p) {
			return len(p), false, true
		}
	}
}

func (iw *indentWriter) flush() {
	if iw.err == nil && len(iw.buf) > 0 {
		_, iw.err = iw.w.Write(iw.buf)
	}
	iw.buf = iw.buf[:0]
}

// finish ends the value with a newline, as json.Encoder does, and writes
// out what is buffered.
func (iw *indentWriter) finish() error {
	iw.buf = append(iw.buf, '\n')
	iw.flush()
	return iw.err
}
