package deliver

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/mail"
	"sort"
	"strings"
	"time"

	"lwc/report"
	"lwc/report/settings"
	"lwc/report/thai"
)

// Channels and kinds of Message.
const (
	ChannelEmail = "email"
	ChannelLINE  = "line"

	KindBulletin = "bulletin" // the province bulletin
	KindMemo     = "memo"     // a district notice
	KindSummary  = "summary"  // the summary text (LINE)
)

// Outputs names what a run produced for delivery.
type Outputs struct {
	Bulletin string            // path of the bulletin PDF; "" = no bulletin e-mail
	Memos    map[string]string // district code → path of its memo PDF
	Summary  string            // the short summary text: e-mail body and LINE message
	Link     string            // address of the site; "" = settings site.base_url
	// Generated is the run's generation time (SOURCE_DATE_EPOCH when set):
	// the Date header, so the same run gives the same messages.
	Generated time.Time
	// LINE: the LINE channel token is set, so the summary is pushed to each
	// ID of settings line.to.
	LINE bool
}

// Address is a named e-mail address.
type Address struct {
	Name  string
	Email string
}

// Attachment is a file attached under a name people read.
type Attachment struct {
	Name string // shown to the recipient, Thai allowed
	Path string // read when the message is sent
}

// Message is one delivery: a message to exactly one recipient (see the
// package documentation).
type Message struct {
	ID       string // ledger key: channel/kind/[district/]recipient, stable across reruns
	Channel  string // ChannelEmail or ChannelLINE
	Kind     string // KindBulletin, KindMemo, KindSummary
	District string // the memo's district code
	Rcpt     string // envelope recipient: an e-mail address or a LINE ID

	From      Address
	To, Cc    []Address // headers; Rcpt is one of them
	Subject   string
	Body      string // plain text
	Files     []Attachment
	MessageID string    // without angle brackets; shared by the recipients of one letter
	Date      time.Time // the run's generation time
}

// Problem is a contact or a setting that could not be used, in Thai.
type Problem struct {
	District string // "" = provincial office
	Contact  string // the contact's name, or the setting
	Address  string // the e-mail address or LINE ID as written
	Reason   string
}

func (p Problem) String() string {
	who := p.Contact
	if p.Address != "" {
		who += " <" + p.Address + ">"
	}
	if p.District != "" {
		return fmt.Sprintf("อำเภอรหัส %s: %s: %s", p.District, who, p.Reason)
	}
	return fmt.Sprintf("%s: %s", who, p.Reason)
}

// Plan decides who gets what (SPEC §3.4, §5):
//   - the bulletin to every contact with Bulletin, each address its own message;
//   - each district's memo (a district in out.Memos) To its contacts with
//     Notices, Cc: provincial contacts with Notices (the province follows
//     every notice), and, when any warning of the district is escalated,
//     provincial contacts with Copy and the district's contacts with Copy;
//   - the summary text to each LINE ID of the settings when out.LINE.
//
// Contacts without a valid address are skipped and returned as problems; a
// memo without any recipient is a problem too. The result is deterministic:
// same inputs, same messages in the same order.
func Plan(snap *report.Snapshot, contacts []report.Contact, out Outputs, s settings.Settings) ([]Message, []Problem) {
	var msgs []Message
	var problems []Problem

	asOf, _ := time.Parse(time.DateOnly, snap.AsOf)
	date := thaiDate(asOf)
	if out.Generated.IsZero() {
		// Still deterministic: the start of the as-of day, Thai time.
		out.Generated = time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, bangkok())
	}
	link := out.Link
	if link == "" {
		link = s.Site.BaseURL
	}
	from := Address{Name: cleanHeader(s.SMTP.FromName), Email: strings.TrimSpace(s.SMTP.From)}
	if from.Name == "" {
		from.Name = cleanHeader(s.Office.Name)
	}
	domain := "lwc.invalid"
	if _, d, ok := strings.Cut(from.Email, "@"); ok && validDomain(d) {
		domain = strings.ToLower(d)
	}
	msgID := func(parts ...string) string {
		h := sha256.Sum256([]byte(strings.Join(append([]string{snap.AsOf}, parts...), "\x00")))
		return fmt.Sprintf("lwc.%s.%s@%s", snap.AsOf, hex.EncodeToString(h[:8]), domain)
	}

	// Addresses of every contact, parsed once, in directory order.
	type entry struct {
		c     report.Contact
		addrs []Address
	}
	var dir []entry
	for _, c := range contacts {
		if !c.Bulletin && !c.Notices && !c.Copy {
			continue
		}
		addrs, bad := parseAddresses(c.Email)
		for _, b := range bad {
			problems = append(problems, Problem{District: c.District, Contact: cleanHeader(c.Name), Address: b,
				Reason: "ที่อยู่อีเมลไม่ถูกต้อง จึงไม่ได้ส่ง — แก้ในทำเนียบ (contacts.xlsx)"})
		}
		if len(addrs) == 0 && len(bad) == 0 {
			problems = append(problems, Problem{District: c.District, Contact: cleanHeader(c.Name),
				Reason: "ไม่มีที่อยู่อีเมล จึงไม่ได้ส่ง — เพิ่มในทำเนียบ (contacts.xlsx)"})
		}
		for i := range addrs {
			addrs[i].Name = cleanHeader(c.Name)
		}
		dir = append(dir, entry{c, addrs})
	}

	if out.Bulletin != "" {
		subject := "จดหมายข่าวศูนย์แจ้งเตือน LWC ข้อมูล ณ วันที่ " + date
		file := Attachment{Name: fileName("จดหมายข่าว LWC " + date + ".pdf"), Path: out.Bulletin}
		body := bulletinBody(s, date, out.Summary, link)
		seen := map[string]bool{}
		for _, e := range dir {
			if !e.c.Bulletin {
				continue
			}
			for _, a := range e.addrs {
				key := strings.ToLower(a.Email)
				if seen[key] {
					continue
				}
				seen[key] = true
				msgs = append(msgs, Message{
					ID: "email/bulletin/" + key, Channel: ChannelEmail, Kind: KindBulletin, Rcpt: a.Email,
					From: from, To: []Address{a}, Subject: subject, Body: body, Files: []Attachment{file},
					MessageID: msgID(KindBulletin, key), Date: out.Generated,
				})
			}
		}
	}

	codes := make([]string, 0, len(out.Memos))
	for code := range out.Memos {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		var warnings []report.Warning
		escalated := false
		for _, w := range snap.Warnings {
			if w.District == code {
				warnings = append(warnings, w)
				escalated = escalated || w.Escalated
			}
		}
		var to, cc []Address
		seen := map[string]bool{}
		add := func(list *[]Address, addrs []Address) {
			for _, a := range addrs {
				if key := strings.ToLower(a.Email); !seen[key] {
					seen[key] = true
					*list = append(*list, a)
				}
			}
		}
		for _, e := range dir {
			if e.c.District == code && e.c.Notices {
				add(&to, e.addrs)
			}
		}
		for _, e := range dir {
			switch {
			case e.c.District == "" && e.c.Notices,
				escalated && e.c.Copy && (e.c.District == "" || e.c.District == code):
				add(&cc, e.addrs)
			}
		}
		name := districtName(snap, code)
		if len(to) == 0 {
			problems = append(problems, Problem{District: code, Contact: name,
				Reason: "ไม่มีผู้รับหนังสือแจ้งเตือนของอำเภอนี้ในทำเนียบ (รับ: หนังสือแจ้งเตือน)"})
		}
		if len(to)+len(cc) == 0 {
			continue
		}
		stage := topStage(warnings)
		subject := stageWord(stage) + "การดำเนินงาน " + name + " ข้อมูล ณ วันที่ " + date
		if escalated {
			subject = "ด่วน: " + subject
		}
		file := Attachment{Name: fileName("หนังสือ" + stageWord(stage) + " " + name + " " + date + ".pdf"), Path: out.Memos[code]}
		body := memoBody(s, name, stage, date, warnings, link)
		id := msgID(KindMemo, code)
		for _, a := range append(append([]Address(nil), to...), cc...) {
			msgs = append(msgs, Message{
				ID: "email/memo/" + code + "/" + strings.ToLower(a.Email), Channel: ChannelEmail, Kind: KindMemo,
				District: code, Rcpt: a.Email, From: from, To: to, Cc: cc, Subject: cleanHeader(subject),
				Body: body, Files: []Attachment{file}, MessageID: id, Date: out.Generated,
			})
		}
	}

	if out.LINE && strings.TrimSpace(out.Summary) != "" {
		text := withLink(out.Summary, link)
		seen := map[string]bool{}
		for _, id := range s.LINE.To {
			id = strings.TrimSpace(id)
			if !validLINEID(id) {
				problems = append(problems, Problem{Contact: "line.to", Address: id,
					Reason: "รหัสผู้รับ LINE ไม่ถูกต้อง (ต้องเป็นรหัส user/group/room เช่น U ตามด้วยเลขฐานสิบหก 32 ตัว)"})
				continue
			}
			if seen[id] {
				continue
			}
			seen[id] = true
			msgs = append(msgs, Message{
				ID: "line/summary/" + id, Channel: ChannelLINE, Kind: KindSummary, Rcpt: id,
				Body: truncateRunes(text, lineMaxText), Date: out.Generated,
			})
		}
	}
	return msgs, problems
}

// lineMaxText is the LINE Messaging API's limit for a text message.
const lineMaxText = 5000

func districtName(snap *report.Snapshot, code string) string {
	name := ""
	for _, d := range snap.Districts {
		if d.Code == code {
			name = d.Name
			break
		}
	}
	if name == "" {
		for _, w := range snap.Warnings {
			if w.District == code && w.DistrictName != "" {
				name = w.DistrictName
				break
			}
		}
	}
	name = cleanHeader(name)
	if name == "" {
		return "อำเภอรหัส " + cleanHeader(code)
	}
	if !strings.HasPrefix(name, "อำเภอ") {
		name = "อำเภอ" + name
	}
	return name
}

// topStage is the most severe stage among the warnings.
func topStage(ws []report.Warning) string {
	rank := map[string]int{report.StageWarn: 1, report.StageFollow: 2, report.StageDemand: 3}
	stage := report.StageWarn
	for _, w := range ws {
		if rank[w.Stage] > rank[stage] {
			stage = w.Stage
		}
	}
	return stage
}

// stageWord is how a memo names its stage (SPEC §5).
func stageWord(stage string) string {
	switch stage {
	case report.StageFollow:
		return "ติดตาม"
	case report.StageDemand:
		return "ทวงถาม"
	}
	return "แจ้งเตือน"
}

func withLink(text, link string) string {
	text = strings.TrimRight(text, "\n")
	if link != "" && !strings.Contains(text, link) {
		text += "\n\nดูรายละเอียด: " + link
	}
	return text
}

func bulletinBody(s settings.Settings, date, summary, link string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s ขอส่งจดหมายข่าวศูนย์แจ้งเตือน LWC ข้อมูล ณ วันที่ %s รายละเอียดตามไฟล์แนบ\n\n", s.Office.Name, date)
	b.WriteString(withLink(summary, link))
	b.WriteString("\n")
	b.WriteString(signature(s))
	return b.String()
}

func memoBody(s settings.Settings, name, stage, date string, ws []report.Warning, link string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "เรียน %s%s\n\n", s.Office.DistrictHeadTitle, strings.TrimPrefix(name, "อำเภอ"))
	fmt.Fprintf(&b, "%s ขอส่งหนังสือ%sการดำเนินงานของ%s ข้อมูล ณ วันที่ %s รายละเอียดตามไฟล์แนบ โดยสรุปดังนี้\n\n",
		s.Office.Name, stageWord(stage), name, date)
	for _, w := range ws {
		fmt.Fprintf(&b, "- [%s] %s\n", report.StageThai(w.Stage), w.Message)
	}
	if len(ws) == 0 {
		b.WriteString("- ตามไฟล์แนบ\n")
	}
	if link != "" {
		fmt.Fprintf(&b, "\nดูรายละเอียด: %s\n", link)
	}
	if s.Memo.Contact != "" {
		fmt.Fprintf(&b, "\nสอบถาม: %s\n", s.Memo.Contact)
	}
	b.WriteString(signature(s))
	return b.String()
}

func signature(s settings.Settings) string {
	sig := "\n-- \n" + s.Office.Name + "\n"
	if s.Office.Phone != "" {
		sig += "โทร. " + s.Office.Phone + "\n"
	}
	return sig + "(อีเมลนี้ส่งโดยระบบ LWC)\n"
}

// parseAddresses reads the อีเมล cell: one address, or several separated by
// commas or semicolons, with or without a display name (which is ignored:
// the directory's name is used).
func parseAddresses(cell string) (good []Address, bad []string) {
	cell = strings.TrimSpace(cell)
	if cell == "" {
		return nil, nil
	}
	for _, part := range strings.FieldsFunc(cell, func(r rune) bool { return r == ',' || r == ';' }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		a, err := mail.ParseAddress(part)
		if err != nil || !validEmail(a.Address) {
			bad = append(bad, cleanHeader(part))
			continue
		}
		good = append(good, Address{Email: a.Address})
	}
	return good, bad
}

// validEmail accepts a plain addr-spec with a dotted domain and nothing that
// could break a header or an SMTP command.
func validEmail(addr string) bool {
	if len(addr) > 254 || strings.ContainsAny(addr, " \t\r\n<>\"\\,;") {
		return false
	}
	for _, r := range addr {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	local, domain, ok := strings.Cut(addr, "@")
	if !ok || local == "" || strings.Contains(domain, "@") {
		return false
	}
	a, err := mail.ParseAddress(addr)
	return err == nil && a.Address == addr && validDomain(domain)
}

func validDomain(d string) bool {
	if !strings.Contains(d, ".") || strings.HasPrefix(d, ".") || strings.HasSuffix(d, ".") || strings.Contains(d, "..") {
		return false
	}
	for _, r := range d {
		if r <= 0x20 || r == 0x7f || strings.ContainsRune("()<>[]:;@\\,\"", r) {
			return false
		}
	}
	return true
}

// validLINEID accepts LINE user, group and room IDs (U, C or R and 32 hex
// digits); anything else cannot be a push target.
func validLINEID(id string) bool {
	if len(id) != 33 || !strings.ContainsRune("UCR", rune(id[0])) {
		return false
	}
	for _, r := range id[1:] {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
}

// cleanHeader makes text from a workbook safe for a header: line breaks and
// other control characters become spaces (they are what header injection
// needs), runs of spaces collapse.
func cleanHeader(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (0x80 <= r && r < 0xa0) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// fileName makes an attachment name safe on every system: no path
// separators, no characters Windows refuses, no control characters.
func fileName(s string) string {
	s = cleanHeader(s)
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, s)
	if s == "" || s == "." || s == ".." {
		return "file"
	}
	return s
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// thaiDate formats a civil date as people read it: 20 พ.ย. 2569.
func thaiDate(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return thai.Date(t, false)
}
