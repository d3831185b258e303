package sheet

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Kind is what a file is, judged by its content (never by its name).
type Kind int

const (
	KindUnknown    Kind = iota
	KindEmpty           // zero bytes
	KindXLSX            // Office Open XML workbook (.xlsx, .xlsm): the only kind read
	KindXLSB            // Excel binary workbook
	KindODS             // OpenDocument spreadsheet
	KindXLS             // Excel 97-2003 (BIFF in an OLE compound file)
	KindEncrypted       // password-protected OOXML (EncryptedPackage in an OLE file)
	KindOLEOther        // another OLE compound file (e.g. a Word 97 document)
	KindZipOther        // a zip archive that is not a workbook (.docx, .zip ...)
	KindCorruptZip      // zip signature but unreadable (truncated, damaged)
	KindHTML            // a web page, often saved by a web system as "x.xls"
	KindXML2003         // XML Spreadsheet 2003
	KindText            // CSV or other plain text
	KindPDF             // PDF
	KindImage           // PNG, JPEG, GIF
)

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Sniff tells the kind of a file from its bytes. Zip and OLE files are looked
// into (the zip's entry names, the OLE file's stream names) to tell a
// workbook from other documents in the same container.
func Sniff(data []byte) Kind {
	k, _ := sniff(data)
	return k
}

// sniff also returns the zip directory entry names when data is a zip.
func sniff(data []byte) (Kind, []string) {
	switch {
	case len(data) == 0:
		return KindEmpty, nil
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return sniffZip(data)
	case bytes.HasPrefix(data, oleMagic):
		return sniffOLE(data), nil
	case bytes.HasPrefix(data, []byte("%PDF")):
		return KindPDF, nil
	case bytes.HasPrefix(data, []byte("\x89PNG")), bytes.HasPrefix(data, []byte("\xFF\xD8\xFF")),
		bytes.HasPrefix(data, []byte("GIF8")):
		return KindImage, nil
	}
	head := data[:min(len(data), 4096)]
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	lower := bytes.ToLower(trimmed)
	if bytes.HasPrefix(lower, []byte("<")) {
		switch {
		case bytes.Contains(lower, []byte("urn:schemas-microsoft-com:office:spreadsheet")) &&
			!bytes.Contains(lower, []byte("<html")):
			return KindXML2003, nil
		case bytes.Contains(lower, []byte("<html")), bytes.Contains(lower, []byte("<!doctype html")),
			bytes.Contains(lower, []byte("<table")), bytes.Contains(lower, []byte("<head")),
			bytes.Contains(lower, []byte("<body")), bytes.Contains(lower, []byte("<meta")):
			return KindHTML, nil
		}
		return KindUnknown, nil
	}
	if isText(head) {
		return KindText, nil
	}
	return KindUnknown, nil
}

// isText reports whether b looks like text: valid UTF-8 (or a legacy Thai
// code page) without control characters other than tabs and line breaks.
func isText(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	// A multi-byte sequence cut at the end of the sample is fine.
	for i := 0; i < 3 && len(b) > 0 && !utf8.Valid(b); i++ {
		b = b[:len(b)-1]
	}
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

func sniffZip(data []byte) (Kind, []string) {
	names, err := zipNames(data)
	if err != nil {
		return KindCorruptZip, nil
	}
	has := func(name string) bool {
		for _, n := range names {
			if strings.EqualFold(n, name) {
				return true
			}
		}
		return false
	}
	switch {
	case has("mimetype"):
		if bytes.Contains(data[:min(len(data), 200)], []byte("application/vnd.oasis.opendocument.spreadsheet")) {
			return KindODS, names
		}
		return KindZipOther, names
	case has("xl/workbook.bin"):
		return KindXLSB, names
	case has("[Content_Types].xml") && (has("xl/workbook.xml") || has("_rels/.rels")) && !has("word/document.xml") && !has("ppt/presentation.xml"):
		return KindXLSX, names
	}
	return KindZipOther, names
}

// sniffOLE looks at the stream names of an OLE compound file. It walks the
// directory itself rather than with mscfb: that library trusts header
// counts (a 600-byte file made it allocate gigabytes under fuzzing), while
// telling a workbook from an encrypted one needs only the names. Every step
// is bounded by the file's size.
func sniffOLE(data []byte) Kind {
	le := binary.LittleEndian
	if len(data) < 512 {
		return KindOLEOther
	}
	shift := le.Uint16(data[30:])
	if shift != 9 && shift != 12 {
		return KindOLEOther
	}
	ss := 1 << shift
	sectors := len(data)/ss - 1
	offset := func(sn uint32) int { return (int(sn) + 1) * ss }
	next := func(sn uint32) (uint32, bool) {
		perFAT := uint32(ss / 4)
		k := sn / perFAT
		if k >= 109 {
			return 0, false // beyond the header's DIFAT: not needed for sniffing
		}
		fat := le.Uint32(data[76+4*k:])
		if int64(fat) >= int64(sectors) {
			return 0, false
		}
		at := offset(fat) + int(sn%perFAT)*4
		if at+4 > len(data) {
			return 0, false
		}
		return le.Uint32(data[at:]), true
	}
	sn := le.Uint32(data[48:])
	for steps := 0; steps < min(sectors, 4096) && sn != 0xFFFFFFFE; steps++ {
		if int64(sn) >= int64(sectors) || offset(sn)+ss > len(data) {
			break
		}
		dir := data[offset(sn) : offset(sn)+ss]
		for e := 0; e+128 <= len(dir); e += 128 {
			n := int(le.Uint16(dir[e+64:]))
			if n < 2 || n > 64 || dir[e+66] != 2 {
				continue
			}
			u := make([]uint16, 0, n/2-1)
			for i := 0; i+1 < n-2; i += 2 {
				u = append(u, le.Uint16(dir[e+i:]))
			}
			switch string(utf16.Decode(u)) {
			case "EncryptedPackage", "EncryptionInfo":
				return KindEncrypted
			case "Workbook", "Book":
				return KindXLS
			}
		}
		var ok bool
		if sn, ok = next(sn); !ok {
			break
		}
	}
	return KindOLEOther
}

// Error is why a file cannot be read at all. Msg is Thai, says what is wrong
// and how to fix it, and is what people see; Code is a stable issue code.
type Error struct {
	Code string
	Msg  string
	Err  error // the underlying cause, if any (English, for logs)
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Err }

// Issue codes of file-level errors.
const (
	CodeEmpty          = "file-empty"
	CodeXLS            = "file-xls"
	CodeXLSB           = "file-xlsb"
	CodeODS            = "file-ods"
	CodeEncrypted      = "file-encrypted"
	CodeCSV            = "file-csv"
	CodeHTML           = "file-html"
	CodeXML2003        = "file-xml2003"
	CodeNotSpreadsheet = "file-not-spreadsheet"
	CodeCorrupt        = "file-corrupt"
	CodeNoSheets       = "file-no-sheets"
	CodeUnreadable     = "file-unreadable"
	CodeFileSize       = "limit-file-size"
	CodeUnzipSize      = "limit-unzip-size"
	CodePartSize       = "limit-part-size"
	CodeCellChars      = "limit-cell-chars"
	CodeSheets         = "limit-sheets"
	CodeZipEntries     = "limit-zip-entries"
)

const saveAsXLSX = "โปรดเปิดไฟล์ด้วย Excel แล้วเลือก บันทึกเป็น (Save As) ชนิด \"สมุดงาน Excel (.xlsx)\" แล้วส่งใหม่"

// kindError is the error for a file of a kind that is not read.
func kindError(k Kind) *Error {
	switch k {
	case KindEmpty:
		return &Error{Code: CodeEmpty, Msg: "ไฟล์ว่างเปล่า (0 ไบต์) อาจบันทึกหรือส่งไม่สำเร็จ โปรดบันทึกไฟล์จาก Excel เป็น .xlsx แล้วส่งใหม่"}
	case KindXLS:
		return &Error{Code: CodeXLS, Msg: "ไฟล์นี้เป็นรูปแบบ Excel 97-2003 (.xls) ซึ่งอ่านไม่ได้ " + saveAsXLSX}
	case KindXLSB:
		return &Error{Code: CodeXLSB, Msg: "ไฟล์นี้เป็นสมุดงานไบนารีของ Excel (.xlsb) ซึ่งอ่านไม่ได้ " + saveAsXLSX}
	case KindODS:
		return &Error{Code: CodeODS, Msg: "ไฟล์นี้เป็นรูปแบบ OpenDocument (.ods) จาก LibreOffice/OpenOffice ซึ่งอ่านไม่ได้ โปรดเลือก บันทึกเป็น (Save As) ชนิด \"Excel 2007-365 (.xlsx)\" แล้วส่งใหม่"}
	case KindEncrypted:
		return &Error{Code: CodeEncrypted, Msg: "ไฟล์นี้ตั้งรหัสผ่านไว้ จึงเปิดอ่านไม่ได้ โปรดเปิดใน Excel แล้วเอารหัสผ่านออก (ไฟล์ > ข้อมูล > ป้องกันเวิร์กบุ๊ก > เข้ารหัสด้วยรหัสผ่าน แล้วลบรหัสผ่านให้ว่าง) บันทึกเป็น .xlsx แล้วส่งใหม่"}
	case KindHTML:
		return &Error{Code: CodeHTML, Msg: "ไฟล์นี้เป็นหน้าเว็บ (HTML) ที่ตั้งชื่อเหมือนไฟล์ Excel (มักได้จากการดาวน์โหลดจากระบบออนไลน์) ไม่ใช่สมุดงาน Excel จริง " + saveAsXLSX}
	case KindXML2003:
		return &Error{Code: CodeXML2003, Msg: "ไฟล์นี้เป็นรูปแบบ XML Spreadsheet 2003 ซึ่งอ่านไม่ได้ " + saveAsXLSX}
	case KindText:
		return &Error{Code: CodeCSV, Msg: "ไฟล์นี้เป็นไฟล์ข้อความหรือ CSV ไม่ใช่สมุดงาน Excel โปรดกรอกข้อมูลในแบบฟอร์มที่ได้รับ แล้วบันทึกเป็น .xlsx ส่งใหม่"}
	case KindCorruptZip:
		return &Error{Code: CodeCorrupt, Msg: "ไฟล์เสียหายหรือไม่สมบูรณ์ (อาจส่งหรือดาวน์โหลดไม่ครบ) จึงเปิดไม่ได้ โปรดเปิดไฟล์ต้นฉบับใน Excel ตรวจว่าเปิดได้ บันทึกเป็น .xlsx แล้วส่งใหม่"}
	case KindPDF:
		return notSheet("ไฟล์ PDF")
	case KindImage:
		return notSheet("รูปภาพ")
	case KindOLEOther:
		return notSheet("เอกสาร Office รุ่นเก่าที่ไม่ใช่ Excel (เช่น Word .doc)")
	case KindZipOther:
		return notSheet("ไฟล์บีบอัด (zip) หรือเอกสาร Office ที่ไม่ใช่ Excel (เช่น Word .docx)")
	}
	return notSheet("ไฟล์ชนิดที่ไม่รู้จัก")
}

func notSheet(what string) *Error {
	return &Error{Code: CodeNotSpreadsheet, Msg: fmt.Sprintf("ไฟล์นี้ไม่ใช่สมุดงาน Excel (เป็น%s) โปรดส่งไฟล์ .xlsx ที่กรอกจากแบบฟอร์มของสำนักงาน", what)}
}

func corrupt(what string, err error) *Error {
	return &Error{Code: CodeCorrupt, Msg: "ไฟล์เสียหาย อ่าน" + what + "ไม่ได้ โปรดเปิดไฟล์ใน Excel ตรวจว่าเปิดได้ บันทึกเป็น .xlsx ใหม่ แล้วส่งอีกครั้ง", Err: err}
}
