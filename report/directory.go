package report

import (
	"fmt"
	"strings"
	"unicode"

	"lwc/report/parse"
	"lwc/report/settings"
	"lwc/report/sheet"
)

// ReadContacts reads contacts.xlsx, sheet ทำเนียบ. The รับ column may list
// several values separated by commas, spaces or line breaks (จดหมายข่าว,
// หนังสือแจ้งเตือน, สำเนา, ทั้งหมด); an unknown value is a warning. A row
// without an e-mail address is kept (it may be a phone-only contact) with
// a warning when it receives anything. The error says why the file cannot
// be used at all.
func ReadContacts(path string, lim settings.Limits) ([]Contact, []Issue, error) {
	b, err := openBook(path, nil, workspaceLimits(lim))
	if err != nil {
		return nil, nil, officeFileError("ไฟล์ทำเนียบ", path, err)
	}
	t, ok, err := b.table(SheetContacts, "", "")
	if err != nil {
		return nil, b.issues.all(), officeFileError("ไฟล์ทำเนียบ", path, err)
	}
	if !ok {
		return nil, b.issues.all(), fmt.Errorf("ไฟล์ทำเนียบ %s ไม่มีแผ่นงาน \"%s\"", path, SheetContacts)
	}
	h, ok := b.header(t, SeverityError, []string{ColFullName, ColEmail, ColReceives}, []string{ColDistrictCode, ColPosition, ColPhone})
	if !ok {
		return nil, b.issues.all(), fmt.Errorf("ไฟล์ทำเนียบ %s แผ่นงาน \"%s\" ไม่มีหัวคอลัมน์ที่ต้องมี", path, SheetContacts)
	}
	var out []Contact
	cols := columns(h.Cols)
	for _, r := range rowsAfter(t, h) {
		if blankCells(r, cols) {
			continue
		}
		c := Contact{
			Name:  text(r.Cell(h.Cols[ColFullName])),
			Email: strings.Trim(parse.Code(text(r.Cell(h.Cols[ColEmail]))), "<>;,"),
		}
		if col, ok := h.Cols[ColDistrictCode]; ok {
			c.District = code(r.Cell(col))
			if c.District != "" && !validDistrictCode(c.District) {
				ref := sheet.Ref(col, r.Num)
				b.errorf(SheetContacts, ref, CodeDistrictCodeInvalid, "เซลล์ %s: รหัสอำเภอ \"%s\" ไม่ถูกต้อง (ต้องเป็นตัวเลข 4 หลัก หรือเว้นว่างสำหรับจังหวัด) แถวนี้ไม่ถูกนำมาใช้", ref, clip(c.District))
				continue
			}
		}
		if col, ok := h.Cols[ColPosition]; ok {
			c.Position = text(r.Cell(col))
		}
		if col, ok := h.Cols[ColPhone]; ok {
			c.Phone = text(r.Cell(col))
		}
		rcol := h.Cols[ColReceives]
		for _, v := range strings.FieldsFunc(text(r.Cell(rcol)), func(r rune) bool {
			return r == ',' || r == '，' || r == ';' || r == '/' || unicode.IsSpace(r)
		}) {
			switch parse.NormalizeName(v) {
			case ReceivesBulletin:
				c.Bulletin = true
			case ReceivesNotices:
				c.Notices = true
			case ReceivesCopy:
				c.Copy = true
			case ReceivesAll:
				c.Bulletin, c.Notices, c.Copy = true, true, true
			default:
				ref := sheet.Ref(rcol, r.Num)
				b.warnf(SheetContacts, ref, CodeReceivesInvalid, "เซลล์ %s: ค่า \"%s\" ในคอลัมน์ \"%s\" ไม่รู้จัก (ใช้ได้: %s, %s, %s, %s)", ref, clip(v), ColReceives, ReceivesBulletin, ReceivesNotices, ReceivesCopy, ReceivesAll)
			}
		}
		if c.Email != "" && !validEmail(c.Email) {
			ref := sheet.Ref(h.Cols[ColEmail], r.Num)
			b.errorf(SheetContacts, ref, CodeEmailInvalid, "เซลล์ %s: อีเมล \"%s\" ไม่ถูกต้อง ผู้นี้จะไม่ได้รับอีเมล", ref, clip(c.Email))
			c.Email = ""
		}
		if c.Email == "" && (c.Bulletin || c.Notices || c.Copy) {
			ref := sheet.Ref(h.Cols[ColEmail], r.Num)
			b.warnf(SheetContacts, ref, CodeValueMissing, "เซลล์ %s: %s ไม่มีอีเมล จึงส่งเอกสารทางอีเมลให้ไม่ได้", ref, clip(c.Name))
		}
		out = append(out, c)
	}
	return out, b.issues.all(), nil
}

// validEmail is a plausibility check, not RFC 5322: one @, something on
// both sides, a dot in the domain, no characters that would break a mail
// header.
func validEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 || at != strings.LastIndexByte(s, '@') || at == len(s)-1 {
		return false
	}
	if strings.ContainsAny(s, " \t\r\n<>()[]\\,;:\"") {
		return false
	}
	dom := s[at+1:]
	return strings.Contains(dom, ".") && !strings.HasPrefix(dom, ".") && !strings.HasSuffix(dom, ".")
}

// ReadRegister reads reports.xlsx, sheet ทะเบียนรับ. Several rows for one
// report and district collapse to the earliest receipt (SPEC §3.3); receipts
// keep the order of their first row. A row without a usable date or codes is
// skipped with an error issue.
func ReadRegister(path string, lim settings.Limits) ([]Receipt, []Issue, error) {
	b, err := openBook(path, nil, workspaceLimits(lim))
	if err != nil {
		return nil, nil, officeFileError("ทะเบียนรับรายงาน", path, err)
	}
	t, ok, err := b.table(SheetRegister, "", "")
	if err != nil {
		return nil, b.issues.all(), officeFileError("ทะเบียนรับรายงาน", path, err)
	}
	if !ok {
		return nil, b.issues.all(), fmt.Errorf("ไฟล์ทะเบียนรับรายงาน %s ไม่มีแผ่นงาน \"%s\"", path, SheetRegister)
	}
	h, ok := b.header(t, SeverityError, []string{ColReportCode, ColDistrictCode, ColReceived}, nil)
	if !ok {
		return nil, b.issues.all(), fmt.Errorf("ทะเบียนรับรายงาน %s แผ่นงาน \"%s\" ไม่มีหัวคอลัมน์ที่ต้องมี", path, SheetRegister)
	}
	var out []Receipt
	index := map[[2]string]int{}
	cols := columns(h.Cols)
	for _, r := range rowsAfter(t, h) {
		if blankCells(r, cols) {
			continue
		}
		rc := Receipt{
			Report:   parse.CleanText(text(r.Cell(h.Cols[ColReportCode]))),
			District: code(r.Cell(h.Cols[ColDistrictCode])),
		}
		if rc.Report == "" || !validDistrictCode(rc.District) {
			ref := sheet.Ref(h.Cols[ColReportCode], r.Num)
			b.errorf(SheetRegister, ref, CodeRowIncomplete, "แถว %d: ไม่มีรหัสรายงาน หรือรหัสอำเภอไม่ถูกต้อง (ต้องเป็นตัวเลข 4 หลัก) แถวนี้ไม่ถูกนำมาใช้", r.Num)
			continue
		}
		got, ok := b.date(SheetRegister, r.Num, r.Cell(h.Cols[ColReceived]), ColReceived, true)
		if !ok {
			continue
		}
		rc.Received = got
		key := [2]string{rc.Report, rc.District}
		if i, dup := index[key]; dup {
			if got.Before(out[i].Received) {
				out[i].Received = got
			}
			continue
		}
		index[key] = len(out)
		out = append(out, rc)
	}
	return out, b.issues.all(), nil
}
