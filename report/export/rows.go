package export

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"
)

// The data rows of the export sheets are encoded here, not by excelize's
// StreamWriter.SetRow, and spliced into the sheets' parts as excelize
// writes them into the zip (see spool and sortedZip). A national project
// sheet has 1.4 million cells: SetRow cost a second of CPU for them (a
// cell name string, an interface, a struct and XML escaping per cell),
// and the StreamWriter buffers 16 MB of XML before it spills to a file, a
// buffer that grows to 32 MB and was the largest object of a national
// run's heap. encodeRow writes the same bytes SetRow writes for the value
// types the exports use (TestRowsLikeExcelize and FuzzRowsLikeExcelize
// compare the two), so excelize still decides everything else about the
// workbook: styles, columns, panes, the header rows, the parts.

// encodeRow appends row r (cells from column A, each with its style; a
// nil value is an empty styled cell) in SpreadsheetML to buf.
// Supported values: nil, string, []byte, bool, every integer and float
// type, and any other through fmt.Sprint as text, as excelize does;
// time values and rich text are refused (the exports write dates as text).
func encodeRow(buf []byte, r int, styles []int, vals []any) ([]byte, error) {
	buf = append(buf, `<row r="`...)
	buf = strconv.AppendInt(buf, int64(r), 10)
	buf = append(buf, `">`...)
	for i, v := range vals {
		buf = append(buf, `<c r="`...)
		buf = appendColumn(buf, i+1)
		buf = strconv.AppendInt(buf, int64(r), 10)
		buf = append(buf, '"')
		if i < len(styles) && styles[i] != 0 {
			buf = append(buf, ` s="`...)
			buf = strconv.AppendInt(buf, int64(styles[i]), 10)
			buf = append(buf, '"')
		}
		var err error
		if buf, err = appendValue(buf, v); err != nil {
			return buf, fmt.Errorf("row %d column %d: %w", r, i+1, err)
		}
		buf = append(buf, `</c>`...)
	}
	return append(buf, `</row>`...), nil
}

// appendValue appends a cell's type attribute, the end of its start tag
// and its value.
func appendValue(buf []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(buf, '>'), nil
	case string:
		return appendString(buf, v), nil
	case []byte:
		return appendString(buf, string(v)), nil
	case bool:
		if v {
			return append(buf, ` t="b"><v>1</v>`...), nil
		}
		return append(buf, ` t="b"><v>0</v>`...), nil
	case float64:
		return appendFloat(buf, v, 64), nil
	case float32:
		return appendFloat(buf, float64(v), 32), nil
	case int:
		return appendInt(buf, int64(v)), nil
	case int8:
		return appendInt(buf, int64(v)), nil
	case int16:
		return appendInt(buf, int64(v)), nil
	case int32:
		return appendInt(buf, int64(v)), nil
	case int64:
		return appendInt(buf, v), nil
	case uint:
		return appendUint(buf, uint64(v)), nil
	case uint8:
		return appendUint(buf, uint64(v)), nil
	case uint16:
		return appendUint(buf, uint64(v)), nil
	case uint32:
		return appendUint(buf, uint64(v)), nil
	case uint64:
		return appendUint(buf, v), nil
	case time.Time, time.Duration, []excelize.RichTextRun, excelize.Cell, *excelize.Cell:
		return buf, fmt.Errorf("export: cell value of type %T is not supported", v)
	default:
		return appendString(buf, fmt.Sprint(v)), nil
	}
}

func appendInt(buf []byte, v int64) []byte {
	buf = append(buf, `><v>`...)
	buf = strconv.AppendInt(buf, v, 10)
	return append(buf, `</v>`...)
}

func appendUint(buf []byte, v uint64) []byte {
	buf = append(buf, `><v>`...)
	buf = strconv.AppendUint(buf, v, 10)
	return append(buf, `</v>`...)
}

// appendFloat writes the shortest decimal that reads back as v; NaN and
// infinities, which a number cell cannot hold, as text (like excelize).
func appendFloat(buf []byte, v float64, bits int) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return appendString(buf, fmt.Sprint(v))
	}
	buf = append(buf, `><v>`...)
	buf = strconv.AppendFloat(buf, v, 'f', -1, bits)
	return append(buf, `</v>`...)
}

// appendString writes an inline string cell. A cell holds at most 32,767
// UTF-16 units (longer text is cut, as excelize cuts it); leading or
// trailing white space is kept with xml:space; text that would read as an
// escaped character (_x0041_) is itself escaped.
func appendString(buf []byte, s string) []byte {
	buf = append(buf, ` t="inlineStr"><is><t`...)
	if plainText(s) {
		if s != "" && (s[0] == ' ' || s[len(s)-1] == ' ') {
			buf = append(buf, ` xml:space="preserve"`...)
		}
		buf = append(buf, '>')
		buf = append(buf, s...)
		return append(buf, `</t></is>`...)
	}
	s = cutUTF16(s, excelize.TotalCellChars)
	if s != "" && (isSpace(s[0]) || isSpace(s[len(s)-1])) {
		buf = append(buf, ` xml:space="preserve"`...)
	}
	buf = append(buf, '>')
	var esc strings.Builder
	_ = xml.EscapeText(&esc, []byte(s))
	buf = appendBSTR(buf, strings.ReplaceAll(esc.String(), "&#xA;", "\n"))
	return append(buf, `</t></is>`...)
}

// plainText reports whether s needs none of the work of appendString's
// general case: short enough, valid UTF-8 of characters XML allows,
// nothing to escape, no underscore (see appendBSTR), no control
// characters. Thai names and numbers as text all are.
func plainText(s string) bool {
	if len(s) > excelize.TotalCellChars { // UTF-16 units never exceed UTF-8 bytes
		return false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '&' || c == '\'' || c == '<' || c == '>' || c == '_' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF {
			return false
		}
		i += n
	}
	return true
}

func isSpace(c byte) bool { return c == '\t' || c == '\n' || c == '\r' || c == ' ' }

// cutUTF16 cuts s to at most n UTF-16 units, at a character boundary.
func cutUTF16(s string, n int) string {
	k := 0
	for i, r := range s {
		if r >= 0x10000 {
			k += 2
		} else {
			k++
		}
		if k > n {
			return s[:i]
		}
	}
	return s
}

// appendBSTR escapes, in text already XML-escaped, every _xHHHH_ that a
// reader would take for an escaped character, as excelize does (the same
// cases, including its handling of _x005F_ and of surrogate codes, which
// it drops).
func appendBSTR(buf []byte, s string) []byte {
	cursor := 0
	for i := 0; i+7 <= len(s); {
		if !isBSTR(s[i:]) {
			i++
			continue
		}
		end := i + 7
		buf = append(buf, s[cursor:i]...)
		cursor = end
		switch {
		case s[i:end] == "_x005F_":
			if end+6 <= len(s) && s[end] == 'x' && isHex4(s[end+1:end+5]) && s[end+5] == '_' && !surrogate(s[end+1:end+5]) {
				buf = append(buf, "_x005F_x005F_x005F_"...)
			} else {
				buf = append(buf, "_x005F_x005F_"...)
			}
		case !surrogate(s[i+2 : i+6]):
			buf = append(buf, "_x005F"...)
			buf = append(buf, s[i:end]...)
		}
		i = end
	}
	return append(buf, s[cursor:]...)
}

// isBSTR reports whether s begins with _xHHHH_.
func isBSTR(s string) bool {
	return len(s) >= 7 && s[0] == '_' && s[1] == 'x' && isHex4(s[2:6]) && s[6] == '_'
}

func isHex4(s string) bool {
	for i := range 4 {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// surrogate reports whether four hex digits name a UTF-16 surrogate,
// which is no character.
func surrogate(hex4 string) bool {
	v, _ := strconv.ParseUint(hex4, 16, 32)
	return 0xD800 <= v && v <= 0xDFFF
}

// spool keeps the encoded data rows of a workbook's sheets, one sheet
// after another, in a file beside the workbook until excelize writes the
// sheets into the zip (see sortedZip.Create). A national project sheet's
// rows are about 100 MB of XML: they are spooled compressed, each sheet's
// rows as a deflate segment of their own (ended by a sync flush, so that
// it can be copied into the middle of the part's stream, see
// sortedZip.splice), with their CRC-32 and length. The rows are
// compressed once either way; spooled as XML, writing them to the file
// and reading them back was a tenth of a national run's system time.
type spool struct {
	dir   string
	f     *os.File
	w     *bufio.Writer
	fw    *flate.Writer   // compresses the current sheet's rows into w
	n     int64           // bytes written to f
	start int64           // where the current sheet's segment begins
	crc   uint32          // the current sheet's rows: their CRC-32
	size  int64           // and their length, uncompressed
	parts map[string]span // sheet part name → its rows
	buf   []byte          // one encoded row
}

// span is a sheet's rows in the spool file: a deflate segment of n bytes
// at off that holds size bytes with the CRC-32 crc.
type span struct {
	off, n int64
	crc    uint32
	size   int64
}

// row encodes and spools one row of the current sheet.
func (sp *spool) row(r int, styles []int, vals []any) error {
	if sp.f == nil {
		if err := os.MkdirAll(sp.dir, 0o755); err != nil {
			return err
		}
		f, err := os.CreateTemp(sp.dir, ".lwc-rows-*")
		if err != nil {
			return err
		}
		sp.f, sp.w = f, bufio.NewWriterSize(f, 256<<10)
		if sp.fw, err = flate.NewWriter(counted{sp.w, &sp.n}, flate.BestSpeed); err != nil {
			return err
		}
	}
	var err error
	if sp.buf, err = encodeRow(sp.buf[:0], r, styles, vals); err != nil {
		return err
	}
	sp.crc = crc32.Update(sp.crc, crc32.IEEETable, sp.buf)
	sp.size += int64(len(sp.buf))
	_, err = sp.fw.Write(sp.buf)
	return err
}

// endSheet records the rows spooled since the last call as those of the
// sheet part named part, their segment ended by a sync flush; the next
// sheet's rows start a segment of their own (the compressor forgets
// these rows, which the next segment must not refer back to).
func (sp *spool) endSheet(part string) error {
	if sp.size > 0 {
		if err := sp.fw.Flush(); err != nil {
			return err
		}
		if sp.parts == nil {
			sp.parts = map[string]span{}
		}
		sp.parts[part] = span{off: sp.start, n: sp.n - sp.start, crc: sp.crc, size: sp.size}
		sp.fw.Reset(counted{sp.w, &sp.n})
		sp.crc, sp.size = 0, 0
	}
	sp.start = sp.n
	return nil
}

// take removes the rows of part from the spool's list and returns them.
func (sp *spool) take(part string) (span, bool) {
	s, ok := sp.parts[part]
	delete(sp.parts, part)
	return s, ok
}

// copySegment copies the compressed rows s to w.
func (sp *spool) copySegment(w io.Writer, s span) error {
	if err := sp.w.Flush(); err != nil {
		return err
	}
	_, err := io.Copy(w, io.NewSectionReader(sp.f, s.off, s.n))
	return err
}

// rowsOf reports whether part has spooled rows waiting for it.
func (sp *spool) rowsOf(part string) bool {
	_, ok := sp.parts[part]
	return ok
}

// unwritten is an error if some sheet's rows never found their part.
func (sp *spool) unwritten() error {
	if len(sp.parts) == 0 {
		return nil
	}
	parts := slices.Sorted(maps.Keys(sp.parts))
	return errors.New("export: the rows of " + strings.Join(parts, ", ") + " were not written")
}

// remove deletes the spool file.
func (sp *spool) remove() {
	if sp.f != nil {
		sp.f.Close()
		os.Remove(sp.f.Name())
		sp.f, sp.w, sp.fw = nil, nil, nil
	}
}

// appendColumn appends the letters of column n (1 is A, 27 is AA).
func appendColumn(buf []byte, n int) []byte {
	var tmp [8]byte
	i := len(tmp)
	for n > 0 {
		n--
		i--
		tmp[i] = byte('A' + n%26)
		n /= 26
	}
	return append(buf, tmp[i:]...)
}
