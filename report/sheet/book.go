// Package sheet opens workbook files safely and reads their sheets as tables,
// fast.
//
// Open tells the file's kind by its content (Sniff) and refuses, with a Thai
// reason and the fix, everything that is not an Office Open XML workbook:
// .xls, encrypted workbooks, .ods, .xlsb, CSV, HTML saved as .xls, truncated
// or corrupt zips, empty files. A workbook is read straight from its zip
// parts by a small streaming XML tokenizer (about ten times faster than
// opening it with excelize, which only calculates formulas that have no cached
// value). Every size is bounded by settings.Limits: the file, each part and
// the total unzipped (counted while decompressing, never trusting headers),
// the number of sheets, rows and columns, and the length of a cell's text.
package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"

	"lwc/report/parse"
	"lwc/report/settings"
)

// SheetInfo describes one sheet of a workbook.
type SheetInfo struct {
	Name   string // as in the workbook
	Hidden bool
	part   string // zip path of the worksheet part ("" for chart sheets)
}

// Book is an opened workbook. It is not safe for concurrent use.
type Book struct {
	Sheets   []SheetInfo
	Date1904 bool // the workbook uses the 1904 date system

	data     []byte
	zr       *zip.Reader
	files    map[string]*zip.File
	lim      settings.Limits
	unzipped int64 // bytes decompressed so far, against MaxUnzipBytes

	wbPart    string   // the workbook part's zip path
	sst       []string // shared strings, loaded on first use
	sstPart   string
	sstLoaded bool
	fmts      []Format // number format class per cell style index
	calc      *calculator
	scratch   []byte   // the scanner's buffer, reused from part to part
	strs      strArena // backing for the strings of cells and shared strings
}

// Limits returns lim with every zero field set to the default.
func Limits(lim settings.Limits) settings.Limits {
	d := settings.Default().Limits
	if lim.MaxFileBytes <= 0 {
		lim.MaxFileBytes = d.MaxFileBytes
	}
	if lim.MaxUnzipBytes <= 0 {
		lim.MaxUnzipBytes = d.MaxUnzipBytes
	}
	if lim.MaxXMLBytes <= 0 {
		lim.MaxXMLBytes = d.MaxXMLBytes
	}
	if lim.MaxRows <= 0 {
		lim.MaxRows = d.MaxRows
	}
	if lim.MaxColumns <= 0 {
		lim.MaxColumns = d.MaxColumns
	}
	if lim.MaxCellChars <= 0 {
		lim.MaxCellChars = d.MaxCellChars
	}
	if lim.MaxSheets <= 0 {
		lim.MaxSheets = d.MaxSheets
	}
	return lim
}

// ReadFile reads a whole file, refusing one larger than lim.MaxFileBytes
// without reading it.
func ReadFile(name string, lim settings.Limits) ([]byte, error) {
	lim = Limits(lim)
	f, err := os.Open(name)
	if err != nil {
		return nil, &Error{Code: CodeUnreadable, Msg: "เปิดไฟล์ไม่ได้: " + err.Error(), Err: err}
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, &Error{Code: CodeUnreadable, Msg: "อ่านข้อมูลไฟล์ไม่ได้: " + err.Error(), Err: err}
	}
	if fi.Size() > lim.MaxFileBytes {
		return nil, SizeError(fi.Size(), lim.MaxFileBytes)
	}
	// Read what Stat promised plus one byte, to notice a file still growing.
	data := make([]byte, fi.Size()+1)
	n, err := io.ReadFull(f, data)
	data = data[:n]
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	if err != nil {
		return nil, &Error{Code: CodeUnreadable, Msg: "อ่านไฟล์ไม่ได้: " + err.Error(), Err: err}
	}
	if int64(len(data)) > lim.MaxFileBytes {
		return nil, SizeError(int64(len(data)), lim.MaxFileBytes)
	}
	return data, nil
}

// SizeError is the error for a file of size bytes over the limit.
func SizeError(size, limit int64) *Error {
	return &Error{Code: CodeFileSize, Msg: fmt.Sprintf("ไฟล์ใหญ่เกินกำหนด (%s เกินขีดจำกัด %s) แบบฟอร์มรายงานปกติมีขนาดไม่ถึง 1 MB โปรดลบรูปภาพหรือแผ่นงานที่ไม่เกี่ยวข้องออก แล้วบันทึกเป็น .xlsx ส่งใหม่", mb(size), mb(limit))}
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }

// Open reads the file at name and opens it as a workbook.
func Open(name string, lim settings.Limits) (*Book, error) {
	data, err := ReadFile(name, lim)
	if err != nil {
		return nil, err
	}
	return OpenBytes(data, lim)
}

// OpenBytes opens a workbook held in memory. Every error is an *Error.
func OpenBytes(data []byte, lim settings.Limits) (b *Book, err error) {
	lim = Limits(lim)
	if int64(len(data)) > lim.MaxFileBytes {
		return nil, SizeError(int64(len(data)), lim.MaxFileBytes)
	}
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		k, _ := sniff(data)
		return nil, kindError(k)
	}
	zr, err := openZip(data, lim)
	if err != nil {
		return nil, err
	}
	b = &Book{data: data, zr: zr, lim: lim, files: make(map[string]*zip.File, len(zr.File))}
	names := make([]string, 0, len(zr.File))
	var declared uint64
	for _, f := range zr.File {
		names = append(names, f.Name)
		b.files[strings.ToLower(strings.TrimPrefix(f.Name, "/"))] = f
		declared += f.UncompressedSize64
	}
	if k := zipKind(names, data); k != KindXLSX {
		return nil, kindError(k)
	}
	if declared > uint64(lim.MaxUnzipBytes) {
		return nil, unzipError(lim.MaxUnzipBytes)
	}
	if err := b.readWorkbook(); err != nil {
		return nil, err
	}
	return b, nil
}

// openZip opens data as a zip archive after checking that its central
// directory does not hold more entries than any workbook needs (archive/zip
// would otherwise allocate for every one of them).
func openZip(data []byte, lim settings.Limits) (*zip.Reader, error) {
	maxEntries := max(10000, 4*lim.MaxSheets+1000)
	eocd := bytes.LastIndex(data[max(0, len(data)-(1<<16)-22):], []byte("PK\x05\x06"))
	if eocd < 0 {
		return nil, kindError(KindCorruptZip)
	}
	eocd += max(0, len(data)-(1<<16)-22)
	if eocd+22 > len(data) {
		return nil, kindError(KindCorruptZip)
	}
	dirOff := int(binary.LittleEndian.Uint32(data[eocd+16:]))
	if dirOff > len(data) || dirOff < 0 {
		dirOff = 0
	}
	if n := bytes.Count(data[dirOff:], []byte("PK\x01\x02")); n > maxEntries {
		return nil, &Error{Code: CodeZipEntries, Msg: fmt.Sprintf("ไฟล์มีส่วนประกอบภายในมากผิดปกติ (%d ส่วน เกิน %d) อาจเสียหายหรือไม่ใช่แบบฟอร์มรายงาน โปรดบันทึกแบบฟอร์มเป็น .xlsx ใหม่แล้วส่งอีกครั้ง", n, maxEntries)}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		e := kindError(KindCorruptZip)
		e.Err = err
		return nil, e
	}
	return zr, nil
}

func zipNames(data []byte) ([]string, error) {
	zr, err := openZip(data, Limits(settings.Limits{}))
	if err != nil {
		return nil, err
	}
	names := make([]string, len(zr.File))
	for i, f := range zr.File {
		names[i] = f.Name
	}
	return names, nil
}

func zipKind(names []string, data []byte) Kind {
	has := func(name string) bool {
		for _, n := range names {
			if strings.EqualFold(strings.TrimPrefix(n, "/"), name) {
				return true
			}
		}
		return false
	}
	switch {
	case has("mimetype"):
		if bytes.Contains(data[:min(len(data), 200)], []byte("application/vnd.oasis.opendocument.spreadsheet")) {
			return KindODS
		}
		return KindZipOther
	case has("xl/workbook.bin"):
		return KindXLSB
	case has("word/document.xml"), has("ppt/presentation.xml"):
		return KindZipOther
	case has("[Content_Types].xml") && (has("xl/workbook.xml") || has("_rels/.rels")):
		return KindXLSX
	}
	return KindZipOther
}

func unzipError(limit int64) *Error {
	return &Error{Code: CodeUnzipSize, Msg: fmt.Sprintf("ข้อมูลในไฟล์เมื่อขยายออกมีขนาดเกินกำหนด (%s) ไฟล์อาจเสียหายหรือเป็นไฟล์อันตราย (zip bomb) โปรดคัดลอกเฉพาะข้อมูลลงแบบฟอร์มใหม่ บันทึกเป็น .xlsx แล้วส่งอีกครั้ง", mb(limit))}
}

// limitedPart reads a zip part, counting the decompressed bytes against the
// per-part and the whole-file limits while streaming.
type limitedPart struct {
	r       io.Reader
	b       *Book
	n, max  int64
	partErr error
}

func (p *limitedPart) Read(buf []byte) (int, error) {
	if p.partErr != nil {
		return 0, p.partErr
	}
	n, err := p.r.Read(buf)
	p.n += int64(n)
	p.b.unzipped += int64(n)
	switch {
	case p.n > p.max:
		p.partErr = partTooBig(p.max)
		return 0, p.partErr
	case p.b.unzipped > p.b.lim.MaxUnzipBytes:
		p.partErr = unzipError(p.b.lim.MaxUnzipBytes)
		return 0, p.partErr
	}
	return n, err
}

// openPart opens the zip part at name (case-insensitive, as Excel treats
// them). ok is false when there is no such part.
func (b *Book) openPart(name string) (io.ReadCloser, bool, error) {
	f := b.files[strings.ToLower(strings.TrimPrefix(name, "/"))]
	if f == nil {
		return nil, false, nil
	}
	if f.UncompressedSize64 > uint64(b.lim.MaxXMLBytes) {
		return nil, true, partTooBig(b.lim.MaxXMLBytes)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, true, corrupt("ส่วน "+name+" ", err)
	}
	return struct {
		io.Reader
		io.Closer
	}{&limitedPart{r: rc, b: b, max: b.lim.MaxXMLBytes}, rc}, true, nil
}

func partTooBig(limit int64) *Error {
	return &Error{Code: CodePartSize, Msg: fmt.Sprintf("ส่วนข้อมูลในไฟล์มีขนาดเกินกำหนด (%s) เช่น แผ่นงานที่มีแถวหรือข้อมูลมากผิดปกติ โปรดคัดลอกเฉพาะข้อมูลรายงานลงแบบฟอร์มใหม่ บันทึกเป็น .xlsx แล้วส่งอีกครั้ง", mb(limit))}
}

// withPart runs fn with a scanner over the part at name. found is false
// when there is no such part.
func (b *Book) withPart(name string, maxToken int, fn func(s *scanner) error) (found bool, err error) {
	rc, ok, err := b.openPart(name)
	if err != nil || !ok {
		return ok, err
	}
	defer rc.Close()
	s := newScanner(rc, maxToken, b.scratch)
	defer func() { b.scratch = s.buf }()
	return true, fn(s)
}

// scanPart runs fn over the tokens of a part. fn returns false to stop early.
func (b *Book) scanPart(name string, maxToken int, fn func(t *token) (bool, error)) (found bool, err error) {
	return b.withPart(name, maxToken, func(s *scanner) error {
		for {
			t, err := s.next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return b.partError(name, err)
			}
			more, err := fn(t)
			if err != nil || !more {
				return err
			}
		}
	})
}

func (b *Book) partError(name string, err error) error {
	var e *Error
	switch {
	case errors.As(err, &e):
		return e
	case errors.Is(err, errTokenTooLong):
		return &Error{Code: CodeCellChars, Msg: fmt.Sprintf("ไฟล์มีเซลล์ที่มีข้อความยาวเกินกำหนด (เกิน %d ตัวอักษร) โปรดลบหรือย่อข้อความนั้น บันทึกเป็น .xlsx แล้วส่งใหม่", b.lim.MaxCellChars), Err: err}
	}
	return corrupt("ส่วน "+name+" ", err)
}

// maxToken is the longest tag or text run a part may hold: a cell's text of
// MaxCellChars characters, each up to a 10-byte character reference.
func (b *Book) maxToken() int { return b.lim.MaxCellChars*10 + 4096 }

// readWorkbook finds the workbook part, its sheets and the date system.
func (b *Book) readWorkbook() error {
	wbPart := "xl/workbook.xml"
	if rels, err := b.readRels("_rels/.rels"); err != nil {
		return err
	} else {
		for _, r := range rels {
			if strings.HasSuffix(r.typ, "/officeDocument") {
				wbPart = r.target
			}
		}
	}
	type sheetRef struct {
		name, rid string
		hidden    bool
	}
	var refs []sheetRef
	found, err := b.scanPart(wbPart, 1<<20, func(t *token) (bool, error) {
		if t.kind != tokStart {
			return true, nil
		}
		switch string(t.name()) {
		case "workbookPr":
			v, _ := attr(t.attrs(), "date1904", false)
			b.Date1904 = v == "1" || v == "true"
		case "sheet":
			if len(refs) >= b.lim.MaxSheets {
				return false, &Error{Code: CodeSheets, Msg: fmt.Sprintf("ไฟล์มีแผ่นงาน (sheet) มากเกินกำหนด (เกิน %d แผ่น) แบบฟอร์มรายงานมีเพียงไม่กี่แผ่น โปรดลบแผ่นงานที่ไม่เกี่ยวข้อง บันทึกเป็น .xlsx แล้วส่งใหม่", b.lim.MaxSheets)}
			}
			name, _ := attr(t.attrs(), "name", false)
			rid, _ := attr(t.attrs(), "id", true)
			state, _ := attr(t.attrs(), "state", false)
			refs = append(refs, sheetRef{name: name, rid: rid, hidden: state == "hidden" || state == "veryHidden"})
		case "sheetData", "definedNames", "calcPr":
			return string(t.name()) != "sheetData", nil
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	if !found {
		return corrupt("ส่วนสมุดงาน (workbook.xml) ", errors.New("no workbook part"))
	}
	b.wbPart = wbPart
	rels, err := b.readRels(relsOf(wbPart))
	if err != nil {
		return err
	}
	byID := make(map[string]rel, len(rels))
	for _, r := range rels {
		byID[r.id] = r
		if strings.HasSuffix(r.typ, "/styles") && b.fmts == nil {
			if err := b.readStyles(r.target); err != nil {
				return err
			}
		}
		if strings.HasSuffix(r.typ, "/sharedStrings") {
			b.sstPart = r.target
		}
	}
	for _, ref := range refs {
		r, ok := byID[ref.rid]
		info := SheetInfo{Name: ref.name, Hidden: ref.hidden}
		if ok && strings.HasSuffix(r.typ, "/worksheet") {
			info.part = r.target
		}
		b.Sheets = append(b.Sheets, info)
	}
	if len(b.Sheets) == 0 {
		return &Error{Code: CodeNoSheets, Msg: "ไฟล์นี้ไม่มีแผ่นงาน (sheet) ใดเลย อาจเสียหายระหว่างบันทึกหรือส่ง โปรดเปิดไฟล์ใน Excel ตรวจสอบข้อมูล บันทึกเป็น .xlsx แล้วส่งใหม่"}
	}
	return nil
}

type rel struct{ id, typ, target string }

func relsOf(part string) string {
	dir, file := path.Split(part)
	return dir + "_rels/" + file + ".rels"
}

// readRels reads a relationships part; targets are resolved to zip paths.
func (b *Book) readRels(name string) ([]rel, error) {
	base := path.Dir(strings.TrimSuffix(path.Dir(name), "_rels"))
	if strings.HasPrefix(name, "_rels/") {
		base = ""
	}
	var out []rel
	_, err := b.scanPart(name, 1<<20, func(t *token) (bool, error) {
		if t.kind != tokStart || string(t.name()) != "Relationship" {
			return true, nil
		}
		if len(out) > 4*b.lim.MaxSheets+1000 {
			return false, nil
		}
		if mode, _ := attr(t.attrs(), "TargetMode", false); mode == "External" {
			return true, nil
		}
		var r rel
		r.id, _ = attr(t.attrs(), "Id", false)
		r.typ, _ = attr(t.attrs(), "Type", false)
		target, _ := attr(t.attrs(), "Target", false)
		if strings.HasPrefix(target, "/") {
			r.target = strings.TrimPrefix(target, "/")
		} else {
			r.target = strings.TrimPrefix(path.Join(base, target), "/")
		}
		out = append(out, r)
		return true, nil
	})
	return out, err
}

// Find returns the sheet whose name matches name after parse.NormalizeName
// (so " เบิกจ่าย " and "เบิกจ่าย" are the same sheet).
func (b *Book) Find(name string) (SheetInfo, bool) {
	want := parse.NormalizeName(name)
	for _, s := range b.Sheets {
		if parse.NormalizeName(s.Name) == want {
			return s, true
		}
	}
	return SheetInfo{}, false
}
