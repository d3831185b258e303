package sample

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// excelize writes a formula cell as t="str" and keeps whatever value the
// cell held as its cached result. Real Excel files cache numbers untyped and
// errors as t="e"; fixCachedFormulas rewrites such cells to look like that:
//
//	<c r="F9" s="3" t="str"><f>SUM(F2:F8)</f><v>123.5</v></c>  → no t
//	<c r="F9" t="str"><f>F2/0</f></c>                          → t="e", #DIV/0!
//
// It scans bytes rather than running a regexp: it runs on every synthetic
// workbook.
func fixCachedFormulas(xml []byte) []byte {
	marker := []byte(` t="str"><f>`)
	if !bytes.Contains(xml, marker) {
		return xml
	}
	out := make([]byte, 0, len(xml)+64)
	for {
		i := bytes.Index(xml, marker)
		if i < 0 {
			return append(out, xml...)
		}
		fEnd := bytes.Index(xml[i+len(marker):], []byte("</f>"))
		if fEnd < 0 {
			return append(out, xml...)
		}
		formula := xml[i+len(marker) : i+len(marker)+fEnd]
		rest := xml[i+len(marker)+fEnd+len("</f>"):]
		attr := []byte(` t="str"><f>`) // unchanged unless a case below says otherwise
		tail := []byte("</f>")
		if bytes.HasPrefix(rest, []byte("<v>")) {
			if vEnd := bytes.Index(rest, []byte("</v>")); vEnd > len("<v>") {
				v := rest[len("<v>"):vEnd]
				switch {
				case v[0] == '#':
					attr = []byte(` t="e"><f>`)
				case isNumber(string(v)):
					attr = []byte(`><f>`)
				}
			}
		} else if bytes.HasSuffix(formula, []byte("/0")) && bytes.HasPrefix(rest, []byte("</c>")) {
			attr, tail = []byte(` t="e"><f>`), []byte("</f><v>#DIV/0!</v>")
		}
		out = append(out, xml[:i]...)
		out = append(out, attr...)
		out = append(out, formula...)
		out = append(out, tail...)
		xml = rest
	}
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// fixingZip is the zip writer excelize writes a workbook through: each
// worksheet passes through fix on its way in, so a workbook is compressed
// once. Entries carry no timestamps, so output is reproducible.
type fixingZip struct {
	zw      *zip.Writer
	fix     func([]byte) []byte
	pending string
	buf     bytes.Buffer
}

func newFixingZip(w io.Writer, fix func([]byte) []byte) *fixingZip {
	return &fixingZip{zw: zip.NewWriter(w), fix: fix}
}

func (z *fixingZip) flush() error {
	if z.pending == "" {
		return nil
	}
	w, err := z.zw.Create(z.pending)
	if err != nil {
		return err
	}
	_, err = w.Write(z.fix(z.buf.Bytes()))
	z.pending = ""
	z.buf.Reset()
	return err
}

// Create starts an entry; a worksheet is held back until the next call.
func (z *fixingZip) Create(name string) (io.Writer, error) {
	if err := z.flush(); err != nil {
		return nil, err
	}
	if strings.HasPrefix(name, "xl/worksheets/sheet") {
		z.pending = name
		return &z.buf, nil
	}
	return z.zw.Create(name)
}

func (z *fixingZip) AddFS(fsys fs.FS) error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.zw.AddFS(fsys)
}

func (z *fixingZip) Close() error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.zw.Close()
}

// workbookBytes writes f as a file named name (.xlsx or .xlsm), with
// formula cells cached the way Excel caches them.
func workbookBytes(f *excelize.File, name string) ([]byte, error) {
	f.Path = name // the extension decides the content type
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return newFixingZip(w, fixCachedFormulas) })
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("เขียน %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// oleFile writes a minimal, valid OLE compound file (CFB version 3) with the
// given streams, the container of a legacy .xls and of a password-protected
// .xlsx. Streams are padded to the 4096-byte mini-stream cutoff so that
// everything lives in regular sectors.
func oleFile(streams []oleStream) []byte {
	const (
		sector     = 512
		endChain   = 0xFFFFFFFE
		freeSect   = 0xFFFFFFFF
		fatSect    = 0xFFFFFFFD
		noStream   = 0xFFFFFFFF
		miniCutoff = 4096
	)
	for i := range streams {
		if len(streams[i].data) < miniCutoff {
			streams[i].data = append(streams[i].data, make([]byte, miniCutoff-len(streams[i].data))...)
		}
	}
	// Sector 0: FAT; sector 1: directory; then the streams.
	fat := []uint32{fatSect, endChain}
	starts := make([]uint32, len(streams))
	for i, s := range streams {
		n := (len(s.data) + sector - 1) / sector
		starts[i] = uint32(len(fat))
		for j := 0; j < n; j++ {
			next := uint32(len(fat) + 1)
			if j == n-1 {
				next = endChain
			}
			fat = append(fat, next)
		}
	}
	for len(fat) < sector/4 {
		fat = append(fat, freeSect)
	}
	le := binary.LittleEndian
	var out bytes.Buffer
	hdr := make([]byte, sector)
	copy(hdr, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le.PutUint16(hdr[24:], 0x003E)
	le.PutUint16(hdr[26:], 0x0003)
	le.PutUint16(hdr[28:], 0xFFFE)
	le.PutUint16(hdr[30:], 9)
	le.PutUint16(hdr[32:], 6)
	le.PutUint32(hdr[44:], 1) // FAT sectors
	le.PutUint32(hdr[48:], 1) // first directory sector
	le.PutUint32(hdr[56:], miniCutoff)
	le.PutUint32(hdr[60:], endChain)
	le.PutUint32(hdr[68:], endChain)
	le.PutUint32(hdr[76:], 0) // DIFAT[0] = sector 0
	for i := 1; i < 109; i++ {
		le.PutUint32(hdr[76+4*i:], freeSect)
	}
	out.Write(hdr)
	fs := make([]byte, sector)
	for i, v := range fat[:sector/4] {
		le.PutUint32(fs[4*i:], v)
	}
	out.Write(fs)
	dir := make([]byte, sector)
	entry := func(i int, name string, typ byte, left, right, child, start uint32, size int) {
		e := dir[128*i : 128*(i+1)]
		u := utf16.Encode([]rune(name))
		for j, c := range u {
			le.PutUint16(e[2*j:], c)
		}
		le.PutUint16(e[64:], uint16(2*(len(u)+1)))
		e[66], e[67] = typ, 1 // black
		le.PutUint32(e[68:], left)
		le.PutUint32(e[72:], right)
		le.PutUint32(e[76:], child)
		le.PutUint32(e[116:], start)
		le.PutUint32(e[120:], uint32(size))
	}
	// The root's children form a chain of right siblings (a valid, if
	// unbalanced, red-black tree of black nodes).
	entry(0, "Root Entry", 5, noStream, noStream, 1, endChain, 0)
	for i, s := range streams {
		right := uint32(noStream)
		if i < len(streams)-1 {
			right = uint32(i + 2)
		}
		entry(i+1, s.name, 2, noStream, right, noStream, starts[i], len(s.data))
	}
	for i := len(streams) + 1; i < 4; i++ {
		e := dir[128*i : 128*(i+1)]
		le.PutUint32(e[68:], noStream)
		le.PutUint32(e[72:], noStream)
		le.PutUint32(e[76:], noStream)
	}
	out.Write(dir)
	for _, s := range streams {
		out.Write(s.data)
		if pad := len(s.data) % sector; pad != 0 {
			out.Write(make([]byte, sector-pad))
		}
	}
	return out.Bytes()
}

type oleStream struct {
	name string
	data []byte
}

// legacyXLS is an Excel 97–2003 workbook as far as any sniffer can tell: a
// compound file with a Workbook stream starting with a BIFF8 BOF record.
func legacyXLS() []byte {
	bof := []byte{0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00, 0xBB, 0x0D, 0xCC, 0x07, 0x00, 0x00, 0x00, 0x00, 0x06, 0x04, 0x00, 0x00}
	return oleFile([]oleStream{{name: "Workbook", data: bof}})
}

// encryptedXLSX is what Excel writes for a password-protected workbook: a
// compound file with EncryptionInfo and EncryptedPackage streams.
func encryptedXLSX() []byte {
	info := []byte{0x04, 0x00, 0x04, 0x00, 0x40, 0x00, 0x00, 0x00} // agile encryption version 4.4
	info = append(info, []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"></encryption>`)...)
	pkg := make([]byte, 8, 6000)
	binary.LittleEndian.PutUint64(pkg, 5800)
	for i := 0; i < 5800; i++ {
		pkg = append(pkg, byte(i*131+7))
	}
	return oleFile([]oleStream{{name: "EncryptionInfo", data: info}, {name: "EncryptedPackage", data: pkg}})
}
