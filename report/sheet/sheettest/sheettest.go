// Package sheettest makes the files the reader's tests need: OLE compound
// files (an Excel 97-2003 workbook, an encrypted workbook), an OpenDocument
// spreadsheet, and hostile workbooks (a zip bomb, a million-row sheet, a
// giant string, thousands of sheets) generated as a stream of XML, so that
// the tests stay fast. No file is copied from elsewhere.
package sheettest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
)

const (
	sectorSize = 512
	endOfChain = 0xFFFFFFFE
	freeSect   = 0xFFFFFFFF
	fatSect    = 0xFFFFFFFD
	noStream   = 0xFFFFFFFF
)

// OLE writes a minimal compound file (version 3, 512-byte sectors) holding
// the named streams, in order. Each stream is padded to at least 4096 bytes
// so that it lives in regular sectors (no mini stream is needed).
func OLE(names []string, streams [][]byte) []byte {
	type placed struct{ start, sectors, size int }
	var places []placed
	next := 2 // sector 0: FAT, sector 1: directory
	var body bytes.Buffer
	for _, s := range streams {
		data := s
		if len(data) < 4096 {
			data = append(append([]byte{}, data...), make([]byte, 4096-len(data))...)
		}
		n := (len(data) + sectorSize - 1) / sectorSize
		places = append(places, placed{next, n, len(data)})
		body.Write(data)
		body.Write(make([]byte, n*sectorSize-len(data)))
		next += n
	}
	if next > sectorSize/4 || len(names) > 3 {
		panic("sheettest.OLE: too much for one FAT sector and one directory sector")
	}
	le := binary.LittleEndian
	header := make([]byte, sectorSize)
	copy(header, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le.PutUint16(header[24:], 0x003E)
	le.PutUint16(header[26:], 0x0003)
	le.PutUint16(header[28:], 0xFFFE)
	le.PutUint16(header[30:], 9)
	le.PutUint16(header[32:], 6)
	le.PutUint32(header[44:], 1) // FAT sectors
	le.PutUint32(header[48:], 1) // first directory sector
	le.PutUint32(header[56:], 4096)
	le.PutUint32(header[60:], endOfChain)
	le.PutUint32(header[68:], endOfChain)
	le.PutUint32(header[76:], 0) // DIFAT[0]: the FAT is sector 0
	for i := 1; i < 109; i++ {
		le.PutUint32(header[76+4*i:], freeSect)
	}
	fat := make([]byte, sectorSize)
	for i := 0; i < sectorSize/4; i++ {
		le.PutUint32(fat[4*i:], freeSect)
	}
	le.PutUint32(fat[0:], fatSect)
	le.PutUint32(fat[4:], endOfChain)
	for _, p := range places {
		for i := 0; i < p.sectors; i++ {
			v := uint32(p.start + i + 1)
			if i == p.sectors-1 {
				v = endOfChain
			}
			le.PutUint32(fat[4*(p.start+i):], v)
		}
	}
	dir := make([]byte, sectorSize)
	entry := func(i int, name string, typ byte, child, right uint32, start uint32, size int) {
		e := dir[i*128 : (i+1)*128]
		u := utf16.Encode([]rune(name))
		for j, c := range u {
			le.PutUint16(e[2*j:], c)
		}
		if name != "" {
			le.PutUint16(e[64:], uint16(2*len(u)+2))
		}
		e[66], e[67] = typ, 1
		le.PutUint32(e[68:], noStream)
		le.PutUint32(e[72:], right)
		le.PutUint32(e[76:], child)
		le.PutUint32(e[116:], start)
		le.PutUint64(e[120:], uint64(size))
	}
	entry(0, "Root Entry", 5, 1, noStream, endOfChain, 0)
	for i, name := range names {
		right := uint32(noStream)
		if i+1 < len(names) {
			right = uint32(i + 2)
		}
		entry(i+1, name, 2, noStream, right, uint32(places[i].start), places[i].size)
	}
	for i := len(names) + 1; i < 4; i++ {
		entry(i, "", 0, noStream, noStream, 0, 0)
	}
	var out bytes.Buffer
	out.Write(header)
	out.Write(fat)
	out.Write(dir)
	out.Write(body.Bytes())
	return out.Bytes()
}

// XLS is a minimal Excel 97-2003 workbook: an OLE file whose Workbook stream
// holds a BIFF8 BOF and EOF record.
func XLS() []byte {
	var biff bytes.Buffer
	rec := func(typ uint16, data []byte) {
		binary.Write(&biff, binary.LittleEndian, typ)
		binary.Write(&biff, binary.LittleEndian, uint16(len(data)))
		biff.Write(data)
	}
	bof := make([]byte, 16)
	binary.LittleEndian.PutUint16(bof[0:], 0x0600) // BIFF8
	binary.LittleEndian.PutUint16(bof[2:], 0x0005) // workbook globals
	binary.LittleEndian.PutUint16(bof[4:], 0x2775) // build
	binary.LittleEndian.PutUint16(bof[6:], 1997)
	rec(0x0809, bof)
	rec(0x000A, nil) // EOF
	return OLE([]string{"Workbook"}, [][]byte{biff.Bytes()})
}

// Encrypted is what Excel writes for a password-protected workbook: an OLE
// file with EncryptionInfo and EncryptedPackage streams (their contents are
// placeholders here; only the structure matters to the reader).
func Encrypted() []byte {
	info := []byte{4, 0, 4, 0, 0x40, 0, 0, 0} // agile encryption version 4.4
	info = append(info, []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"/>`)...)
	pkg := make([]byte, 8+4096)
	binary.LittleEndian.PutUint64(pkg, 4096)
	return OLE([]string{"EncryptionInfo", "EncryptedPackage"}, [][]byte{info, pkg})
}

// Part is one file of a zip archive to write. Gen, when set, streams the
// content instead of Data.
type Part struct {
	Name  string
	Data  string
	Gen   func(w io.Writer) error
	Store bool // no compression
}

// Zip writes the parts into a zip archive.
func Zip(parts ...Part) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	for _, p := range parts {
		method := zip.Deflate
		if p.Store {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.Name, Method: method})
		if err != nil {
			panic(err)
		}
		if p.Gen != nil {
			if err := p.Gen(w); err != nil {
				panic(err)
			}
		} else {
			io.WriteString(w, p.Data)
		}
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// ODS is a minimal OpenDocument spreadsheet.
func ODS() []byte {
	return Zip(
		Part{Name: "mimetype", Data: "application/vnd.oasis.opendocument.spreadsheet", Store: true},
		Part{Name: "META-INF/manifest.xml", Data: `<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>`},
		Part{Name: "content.xml", Data: `<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>`},
	)
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`

const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`

// Workbook writes a workbook by hand: sheets named names, whose worksheet
// parts are generated by gen (nil: an empty sheet), plus optional shared
// strings. It is how the hostile files are made without holding them in
// memory as cells.
func Workbook(names []string, gen func(i int, w io.Writer) error, sharedStrings func(w io.Writer) error) []byte {
	var wb, rels strings.Builder
	wb.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	parts := []Part{{Name: "[Content_Types].xml", Data: contentTypes}, {Name: "_rels/.rels", Data: rootRels}}
	for i, n := range names {
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, n, i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
		i := i
		parts = append(parts, Part{Name: fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), Store: gen == nil, Gen: func(w io.Writer) error {
			io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
			if gen != nil {
				if err := gen(i, w); err != nil {
					return err
				}
			}
			_, err := io.WriteString(w, `</sheetData></worksheet>`)
			return err
		}})
	}
	if sharedStrings != nil {
		fmt.Fprintf(&rels, `<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`)
		parts = append(parts, Part{Name: "xl/sharedStrings.xml", Gen: func(w io.Writer) error {
			io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
			if err := sharedStrings(w); err != nil {
				return err
			}
			_, err := io.WriteString(w, `</sst>`)
			return err
		}})
	}
	wb.WriteString(`</sheets></workbook>`)
	rels.WriteString(`</Relationships>`)
	parts = append(parts, Part{Name: "xl/workbook.xml", Data: wb.String()}, Part{Name: "xl/_rels/workbook.xml.rels", Data: rels.String()})
	return Zip(parts...)
}

// Rows streams n rows of one numeric cell each.
func Rows(n int) func(i int, w io.Writer) error {
	return func(_ int, w io.Writer) error {
		var b []byte
		for r := 1; r <= n; r++ {
			b = fmt.Appendf(b[:0], `<row r="%d"><c r="A%d"><v>%d</v></c></row>`, r, r, r)
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
		return nil
	}
}

// Bomb streams a sheet of n bytes of one repeated character inside an
// inline-string cell split into many small text runs — it compresses about
// a thousand to one.
func Bomb(n int) func(i int, w io.Writer) error {
	return func(_ int, w io.Writer) error {
		chunk := `<row r="1"><c r="A1" t="inlineStr"><is><t>` + strings.Repeat("a", 900) + `</t></is></c></row>`
		for written := 0; written < n; written += len(chunk) {
			if _, err := io.WriteString(w, chunk); err != nil {
				return err
			}
		}
		return nil
	}
}

// HugeString streams one shared string of n characters.
func HugeString(n int) func(w io.Writer) error {
	return func(w io.Writer) error {
		io.WriteString(w, `<si><t>`)
		chunk := strings.Repeat("ก", 1024)
		for i := 0; i < n; i += 1024 {
			if _, err := io.WriteString(w, chunk); err != nil {
				return err
			}
		}
		_, err := io.WriteString(w, `</t></si>`)
		return err
	}
}
