package deliver

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"net/mail"
	"net/url"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	gomail "github.com/wneessen/go-mail"
)

// bangkok is the zone of the Date header: Thai offices read Thai time,
// whatever the server's zone.
func bangkok() *time.Location { return time.FixedZone("ICT", 7*3600) }

// compose builds the go-mail message of m. Every header value goes through
// go-mail's encoding setters (never the preformatted ones) after
// cleanHeader, and addresses are checked again here: a Message may come from
// anywhere, not only from Plan.
func compose(m Message) (*gomail.Msg, error) {
	h := sha256.Sum256([]byte(m.MessageID + "\x00" + m.ID))
	msg := gomail.NewMsg(
		gomail.WithEncoding(gomail.EncodingB64), // Thai is 3 bytes a letter: base64 is shorter than quoted-printable
		gomail.WithCharset(gomail.CharsetUTF8),
		gomail.WithBoundary("lwc-"+hex.EncodeToString(h[:12])), // deterministic output
		gomail.WithNoDefaultUserAgent(),
	)
	from := m.From
	if !validEmail(from.Email) {
		return nil, fmt.Errorf("ที่อยู่ผู้ส่ง (smtp.from) ไม่ถูกต้อง: %q", cleanHeader(from.Email))
	}
	msg.FromMailAddress(&mail.Address{Name: cleanHeader(from.Name), Address: from.Email})
	addrs := func(list []Address) ([]*mail.Address, error) {
		var out []*mail.Address
		for _, a := range list {
			if !validEmail(a.Email) {
				return nil, fmt.Errorf("ที่อยู่อีเมลไม่ถูกต้อง: %q", cleanHeader(a.Email))
			}
			out = append(out, &mail.Address{Name: cleanHeader(a.Name), Address: a.Email})
		}
		return out, nil
	}
	to, err := addrs(m.To)
	if err != nil {
		return nil, err
	}
	cc, err := addrs(m.Cc)
	if err != nil {
		return nil, err
	}
	if len(to) > 0 {
		msg.ToMailAddress(to...)
	}
	if len(cc) > 0 {
		msg.CcMailAddress(cc...)
	}
	msg.Subject(cleanHeader(m.Subject))
	if m.MessageID != "" {
		if !validMessageID(m.MessageID) {
			return nil, fmt.Errorf("Message-ID ไม่ถูกต้อง: %q", cleanHeader(m.MessageID))
		}
		msg.SetMessageIDWithValue(m.MessageID)
	}
	date := m.Date
	if date.IsZero() {
		date = time.Unix(0, 0)
	}
	msg.SetDateWithValue(date.In(bangkok()))
	msg.SetUserAgent("LWC")
	msg.SetBodyString(gomail.TypeTextPlain, strings.ReplaceAll(m.Body, "\r\n", "\n"))
	for _, f := range m.Files {
		data, err := os.ReadFile(f.Path)
		if err != nil {
			return nil, fmt.Errorf("อ่านไฟล์แนบ %s ไม่ได้: %w", f.Path, err)
		}
		name := fileName(f.Name)
		msg.AttachReadSeeker(name, bytes.NewReader(data), attachmentHeaders(name))
	}
	return msg, nil
}

// attachmentHeaders sets the attachment's name both ways mail programs read
// it: RFC 2231 continuations (filename*0*=…, what the standard says and what Go,
// Thunderbird and Apple Mail read) and an RFC 2047 encoded word in quotes
// (what older Outlook reads). Everything is ASCII after encoding, so no
// workbook text reaches the header unencoded.
func attachmentHeaders(name string) gomail.FileOption {
	return func(f *gomail.File) {
		ctype := mime.TypeByExtension(strings.ToLower(extension(name)))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		if i := strings.IndexByte(ctype, ';'); i >= 0 {
			ctype = ctype[:i]
		}
		// go-mail writes part headers as given, so fold them here to keep
		// lines short: between parameters and between encoded words.
		word := `"` + strings.ReplaceAll(mime.BEncoding.Encode("utf-8", name), " ", fold) + `"`
		f.Header.Set("Content-Type", ctype+";"+fold+"name="+word)
		f.Header.Set("Content-Disposition", "attachment;"+fold+rfc2231("filename", name)+";"+fold+"filename="+word)
	}
}

// fold continues a header on the next line.
const fold = "\r\n "

func extension(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i:]
	}
	return ""
}

// rfc2231 encodes param=value as RFC 2231 continuations of at most about 60
// characters, split between characters, on lines of their own.
func rfc2231(param, value string) string {
	var parts []string
	var cur strings.Builder
	cur.WriteString("utf-8''")
	for _, r := range value {
		var enc string
		if r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-._~", r)) {
			enc = string(r)
		} else {
			enc = strings.ToUpper(url.PathEscape(string(r)))
			if r < utf8.RuneSelf {
				enc = fmt.Sprintf("%%%02X", r)
			}
		}
		if cur.Len()+len(enc) > 60 && cur.Len() > 0 {
			parts = append(parts, cur.String())
			cur.Reset()
		}
		cur.WriteString(enc)
	}
	parts = append(parts, cur.String())
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteString(";" + fold)
		}
		fmt.Fprintf(&b, "%s*%d*=%s", param, i, p)
	}
	return b.String()
}

// validMessageID accepts id-left@id-right made of printable ASCII without
// spaces or angle brackets.
func validMessageID(id string) bool {
	l, r, ok := strings.Cut(id, "@")
	if !ok || l == "" || r == "" || strings.Contains(r, "@") {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; c <= ' ' || c >= 0x7f || c == '<' || c == '>' || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}
