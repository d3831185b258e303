package export

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"

	"lwc/report"
	"lwc/report/figures"
	"lwc/report/publish"
)

// Cell kinds decide a column's number format.
type kind int

const (
	text    kind = iota
	money        // #,##0.00
	count        // #,##0
	percent      // 0.00% (values are fractions)
	integer      // plain whole number (ranks)
)

// column of a table sheet.
type column struct {
	header string
	width  float64
	kind   kind
}

// book wraps an excelize workbook with the few styles the exports share.
// Sheets are written through excelize's stream writer, row by row in
// order: a national consolidated.xlsx has over 100,000 rows, and setting
// them cell by cell (SetCellValue, SetCellStyle) costs seconds and keeps
// every cell in memory as a struct. The data rows below each sheet's
// header are encoded by encodeRow and spliced in as the zip is written
// (see rows.go).
type book struct {
	f      *excelize.File
	asOf   time.Time
	styles map[styleKey]int
	cur    *sheet    // the sheet being written, flushed when the next starts
	err    error     // the first error; later calls do nothing
	out    io.Writer // where save has the workbook written (see save)
	dir    string    // the workbook's folder, where the row spool and the zip writer spill
	zip    *sortedZip
	rows   spool // the sheets' data rows (see encodeRow)
}

type styleKey struct {
	kind kind
	bold bool
}

// newBook starts a workbook to be saved in the folder dir.
func newBook(asOf time.Time, dir string) *book {
	b := &book{f: excelize.NewFile(), asOf: asOf, styles: map[styleKey]int{}, dir: dir}
	b.rows.dir = dir
	// excelize hands its zip writer the buffer it saves into (WriteTo, too,
	// goes through that buffer in v2.11); the workbook goes to b.out
	// instead, and the buffer stays empty (see save).
	b.f.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
		if b.out != nil {
			w = b.out
		}
		b.zip = &sortedZip{w: zip.NewWriter(w), dir: b.dir, rows: &b.rows}
		return b.zip
	})
	return b
}

// sortedZip is the zip writer workbooks are saved with. excelize writes
// streamed sheets in map order; sortedZip compresses each part as it comes
// and writes them sorted by name on Close, so that the same snapshot gives
// the same bytes. Parts are compressed at flate.BestSpeed: a national
// consolidated.xlsx holds about 100 MB of sheet XML, and the default level
// costs several times the CPU for a file about a fifth smaller. The
// compressor is klauspost/compress's, a drop-in for compress/flate: at
// N=878 it writes consolidated.xlsx in 1.2-1.4 s instead of 1.7-1.8 s,
// 14.2 MB instead of 15.6 MB (BenchmarkExport), and exports are the
// longest job of a national run.
//
// The compressed parts wait for sorting in a spill file beside the
// workbook, not in memory: a national workbook's 14 MB, in a growing
// buffer, held 16-28 MB of heap at the run's busiest moment.
//
// A sheet part with spooled data rows is held whole as excelize writes it
// (its header rows only) and compressed with the rows spliced in when the
// part is complete (see splice).
type sortedZip struct {
	w     *zip.Writer
	rows  *spool
	dir   string        // where the spill file goes
	spill *os.File      // the compressed parts, one after another
	buf   *bufio.Writer // over spill
	off   int64         // spill's length
	fw    *flate.Writer // shared: excelize writes one part at a time
	cur   *zipPart
	parts []*zipPart
}

type zipPart struct {
	name string
	crc  uint32 // CRC-32 of the part so far
	size uint64 // uncompressed
	off  int64  // where its compressed bytes begin in the spill file
	n    int64  // how many there are
	z    *sortedZip
	held *bytes.Buffer // the part as excelize wrote it, while rows wait to be spliced in
}

// ReadFrom takes a part in large reads: excelize copies a big sheet from
// its temporary file with io.Copy, which would otherwise read 32 KB at a
// time.
func (p *zipPart) ReadFrom(r io.Reader) (int64, error) {
	buf := make([]byte, 1<<20)
	var n int64
	for {
		k, err := io.ReadFull(r, buf)
		if k > 0 {
			if _, werr := p.Write(buf[:k]); werr != nil {
				return n, werr
			}
			n += int64(k)
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

func (p *zipPart) Write(b []byte) (int, error) {
	if p.z.cur != p {
		return 0, fmt.Errorf("zip: write to %s after the next part began", p.name)
	}
	if p.held != nil {
		return p.held.Write(b)
	}
	p.crc = crc32.Update(p.crc, crc32.IEEETable, b)
	p.size += uint64(len(b))
	return p.z.fw.Write(b)
}

// counted counts what is written through it to w in *n: the compressors
// write through it into the spill and spool files, whose lengths mark
// where each part or segment begins.
type counted struct {
	w io.Writer
	n *int64
}

func (c counted) Write(b []byte) (int, error) {
	k, err := c.w.Write(b)
	*c.n += int64(k)
	return k, err
}

// Create begins a part; the previous part is complete.
func (z *sortedZip) Create(name string) (io.Writer, error) {
	if err := z.finish(); err != nil {
		return nil, err
	}
	if z.spill == nil {
		f, err := os.CreateTemp(z.dir, ".lwc-zip-*")
		if err != nil {
			return nil, err
		}
		z.spill, z.buf = f, bufio.NewWriterSize(f, 256<<10)
	}
	p := &zipPart{name: name, off: z.off, z: z}
	if z.fw == nil {
		fw, err := flate.NewWriter(counted{z.buf, &z.off}, flate.BestSpeed)
		if err != nil {
			return nil, err
		}
		z.fw = fw
	} else {
		z.fw.Reset(counted{z.buf, &z.off})
	}
	if z.rows != nil && z.rows.rowsOf(name) {
		p.held = &bytes.Buffer{}
	}
	z.cur = p
	z.parts = append(z.parts, p)
	return p, nil
}

func (z *sortedZip) finish() error {
	if z.cur == nil {
		return nil
	}
	p := z.cur
	var err error
	if p.held != nil {
		held := p.held.Bytes()
		p.held = nil
		err = z.splice(p, held)
	}
	z.cur = nil
	if cerr := z.fw.Close(); err == nil {
		err = cerr
	}
	p.n = z.off - p.off
	return err
}

// splice compresses the part p, held whole (its header rows only), with
// its spooled rows inserted before </sheetData>. The rows are compressed
// already (see spool): the first half of the part is compressed and
// flushed to a byte boundary, the rows' segment copied after it as it
// is, and the second half compressed by the compressor started afresh,
// which makes one valid deflate stream; the part's CRC-32 is carried
// across the rows by crc32Combine.
func (z *sortedZip) splice(p *zipPart, held []byte) error {
	rows, ok := z.rows.take(p.name)
	if !ok {
		_, err := p.Write(held)
		return err
	}
	end := []byte("</sheetData>")
	i := bytes.Index(held, end)
	if i < 0 || bytes.LastIndex(held, end) != i {
		return fmt.Errorf("export: %s has no single </sheetData> to put its rows before", p.name)
	}
	if _, err := p.Write(held[:i]); err != nil {
		return err
	}
	if err := z.fw.Flush(); err != nil {
		return err
	}
	if err := z.rows.copySegment(counted{z.buf, &z.off}, rows); err != nil {
		return err
	}
	p.crc = crc32Combine(p.crc, rows.crc, rows.size)
	p.size += uint64(rows.size)
	z.fw.Reset(counted{z.buf, &z.off})
	_, err := p.Write(held[i:])
	return err
}

func (z *sortedZip) AddFS(fs.FS) error { return errors.New("zip: AddFS is not supported") }

func (z *sortedZip) Close() error {
	defer z.remove()
	if err := z.finish(); err != nil {
		return err
	}
	if z.rows != nil {
		if err := z.rows.unwritten(); err != nil {
			return err
		}
	}
	if z.buf != nil {
		if err := z.buf.Flush(); err != nil {
			return err
		}
	}
	sort.Slice(z.parts, func(i, j int) bool { return z.parts[i].name < z.parts[j].name })
	for _, p := range z.parts {
		w, err := z.w.CreateRaw(&zip.FileHeader{
			Name: p.name, Method: zip.Deflate, CRC32: p.crc,
			CompressedSize64: uint64(p.n), UncompressedSize64: p.size,
		})
		if err != nil {
			return err
		}
		if _, err := io.Copy(w, io.NewSectionReader(z.spill, p.off, p.n)); err != nil {
			return err
		}
	}
	return z.w.Close()
}

// remove deletes the spill file; excelize closes the zip writer on its
// errors too, and save calls remove again in case it did not.
func (z *sortedZip) remove() {
	if z.spill != nil {
		z.spill.Close()
		os.Remove(z.spill.Name())
		z.spill, z.buf = nil, nil
	}
}

func (b *book) fail(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

// style returns the style of a cell kind, plain or bold (totals).
func (b *book) style(k kind, bold bool) int {
	key := styleKey{k, bold}
	if id, ok := b.styles[key]; ok {
		return id
	}
	s := &excelize.Style{Font: &excelize.Font{Family: font, Size: 11, Bold: bold}}
	switch k {
	case money:
		s.NumFmt = 4 // #,##0.00
	case count:
		s.NumFmt = 3 // #,##0
	case percent:
		s.NumFmt = 10 // 0.00%
	case integer:
		s.NumFmt = 1 // 0
	}
	if bold {
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}
	}
	id, err := b.f.NewStyle(s)
	b.fail(err)
	b.styles[key] = id
	return id
}

// font is common on the office's Windows machines and renders Thai well.
const font = "Tahoma"

// sheet is one table sheet being written.
type sheet struct {
	b        *book
	sw       *excelize.StreamWriter
	cols     []column
	part     string   // the sheet's part in the zip, xl/worksheets/sheetN.xml
	row      int      // the last row written
	colStyle [2][]int // each column's style in plain and bold (totals) rows; 0 until first used
}

// addSheet starts a sheet: a title row, an as-of row, then the header row,
// frozen so it stays in view while scrolling.
func (b *book) addSheet(name, title, subtitle string, cols []column) *sheet {
	b.flush()
	s := &sheet{b: b, cols: cols}
	if b.err != nil {
		return s
	}
	if len(b.f.GetSheetList()) == 1 && b.f.GetSheetList()[0] == "Sheet1" {
		b.fail(b.f.SetSheetName("Sheet1", name))
	} else {
		_, err := b.f.NewSheet(name)
		b.fail(err)
	}
	// Styles in the order the sheet first uses them, so that their ids and
	// styles.xml stay the same whatever writes the cells.
	titleStyle, err := b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: font, Size: 14, Bold: true}})
	b.fail(err)
	textStyle := b.style(text, false)
	headStyle, err := b.f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Family: font, Size: 11, Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border: []excelize.Border{{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
			{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}},
	})
	b.fail(err)
	if b.err != nil {
		return s
	}
	if s.sw, err = b.f.NewStreamWriter(name); err != nil {
		b.fail(err)
		return s
	}
	for id, n := range b.f.GetSheetMap() {
		if n == name {
			s.part = "xl/worksheets/sheet" + strconv.Itoa(id) + ".xml"
		}
	}
	b.cur = s
	// Column widths and panes go before the first row.
	for i, c := range cols {
		b.fail(s.sw.SetColWidth(i+1, i+1, c.width))
	}
	b.fail(s.sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A4", ActiveCell: "A4", Pane: "bottomLeft"}},
	}))
	s.write([]any{excelize.Cell{StyleID: titleStyle, Value: title}})
	s.write([]any{excelize.Cell{StyleID: textStyle, Value: subtitle}})
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{StyleID: headStyle, Value: c.header}
	}
	s.write(head, excelize.RowOpts{Height: 36})
	return s
}

// write writes the next header row through the stream writer.
func (s *sheet) write(cells []any, opts ...excelize.RowOpts) {
	s.row++
	if s.b.err != nil || s.sw == nil {
		return
	}
	// Rows start at column A: "A" and the row number is the cell name.
	s.b.fail(s.sw.SetRow("A"+strconv.Itoa(s.row), cells, opts...))
}

// add writes a data row; bold marks a totals row. A nil value leaves the
// cell empty but styled (a figure that is not known, e.g. of a grey
// district). Data rows are encoded by encodeRow into the book's spool,
// not through the stream writer, and each column's style is looked up
// once: a national project sheet has over 100,000 rows.
func (s *sheet) add(bold bool, vals ...any) {
	s.row++
	if s.b.err != nil || s.sw == nil {
		return
	}
	s.b.fail(s.b.rows.row(s.row, s.styles(bold, len(vals)), vals))
}

// styles returns the style of each of the first n cells of a plain or bold
// row, creating a style the first time a cell uses it, as the cells come.
func (s *sheet) styles(bold bool, n int) []int {
	b := 0
	if bold {
		b = 1
	}
	st := s.colStyle[b]
	for len(st) < n {
		st = append(st, 0)
	}
	for i := range n {
		if st[i] == 0 {
			k := text
			if i < len(s.cols) {
				k = s.cols[i].kind
			}
			st[i] = s.b.style(k, bold)
		}
	}
	s.colStyle[b] = st
	return st
}

// flush ends the sheet being written.
func (b *book) flush() {
	if b.cur != nil {
		b.fail(b.cur.sw.Flush())
		b.fail(b.rows.endSheet(b.cur.part))
		b.cur = nil
	}
}

// save writes the workbook to path through a temporary file in the same
// folder, so a reader never sees half a workbook. Document properties are
// pinned to the as-of date so that the bytes depend on the snapshot only.
// The workbook is closed and the row spool removed.
func (b *book) save(path, title string) (err error) {
	defer func() {
		b.rows.remove()
		if cerr := b.f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("สร้าง %s ไม่ได้: %w", path, cerr)
		}
	}()
	b.flush()
	if b.err != nil {
		return fmt.Errorf("สร้าง %s ไม่ได้: %w", path, b.err)
	}
	stamp := b.asOf.UTC().Format("2006-01-02") + "T00:00:00Z"
	if err := b.f.SetDocProps(&excelize.DocProperties{
		Title: title, Creator: "LWC", LastModifiedBy: "LWC", Created: stamp, Modified: stamp, Language: "th-TH",
	}); err != nil {
		return fmt.Errorf("สร้าง %s ไม่ได้: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("สร้างโฟลเดอร์ของ %s ไม่ได้: %w", path, err)
	}
	// The zip goes straight into the file (b.out, see newBook): through
	// excelize's buffer, a national consolidated.xlsx would be in memory
	// twice, as sortedZip's parts and as the buffer. A reader never sees
	// half a workbook.
	err = publish.WriteAtomic(path, func(w io.Writer) error {
		b.out = w
		defer func() {
			b.out = nil
			if b.zip != nil {
				b.zip.remove()
			}
		}()
		buf, err := b.f.WriteToBuffer()
		if err == nil && buf.Len() > 0 {
			err = fmt.Errorf("excelize wrote %d bytes past the zip writer", buf.Len())
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("เขียน %s ไม่ได้: %w", path, err)
	}
	return nil
}

// asOf reads the snapshot's as-of date.
func asOf(snap *report.Snapshot) (time.Time, error) {
	if snap == nil {
		return time.Time{}, fmt.Errorf("export: no snapshot")
	}
	return figures.ParseISO(snap.AsOf)
}

// thaiISO turns an ISO date into the Buddhist-era form people read; "" stays "".
func thaiISO(s string) string {
	t, err := figures.ParseISO(s)
	if err != nil {
		return s
	}
	return figures.ThaiDate(t)
}

// subtitle is every sheet's second row: the as-of date and the period.
func subtitle(snap *report.Snapshot, t time.Time) string {
	return fmt.Sprintf("ข้อมูล ณ วันที่ %s (ปีงบประมาณ %d ไตรมาสที่ %d) · %s", figures.ThaiDate(t), snap.FiscalYear, snap.Quarter, snap.OfficeName)
}
