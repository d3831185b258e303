package deliver

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"lwc/report"
	"lwc/report/settings"
)

const (
	addrDirector = "director@province.example.org"
	addrStaff    = "staff@province.example.org"
	addrKokha    = "kokha@district.example.org"
	addrKokha2   = "kokha2@district.example.org"
	addrSerm     = "serm@district.example.org"
	addrEvil     = "evil@district.example.org"
	addrVictim   = "victim@evil.example.org"
)

var generated = time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)

func testSnapshot() *report.Snapshot {
	return &report.Snapshot{
		AsOf: "2026-11-20", FiscalYear: 2570, Quarter: 1,
		Districts: []report.DistrictFigures{
			{Code: "5201", Name: "เมืองลำปาง"},
			{Code: "5203", Name: "เกาะคา"},
			{Code: "5204", Name: "เสริมงาม"},
		},
		Warnings: []report.Warning{
			{District: "5203", Topic: report.TopicBudget, Stage: report.StageDemand, Escalated: true,
				Message: "อำเภอเกาะคาเบิกจ่ายงบประมาณต่ำกว่าเป้าหมาย 3 สัปดาห์ติดต่อกัน"},
			{District: "5203", Topic: report.TopicReport, Stage: report.StageWarn,
				Message: "รายงาน ผด.1-11/69 ครบกำหนดส่งในอีก 5 วัน"},
			{District: "5204", Topic: report.TopicBMN, Stage: report.StageWarn,
				Message: "การจัดเก็บข้อมูล จปฐ. ยังไม่ครบตามเป้าหมาย"},
		},
	}
}

func testContacts() []report.Contact {
	return []report.Contact{
		{Name: "นายใหญ่ ผู้อำนวยการ", Position: "พัฒนาการจังหวัด", Email: addrDirector, Bulletin: true, Copy: true},
		{Name: "นางสาวติดตาม งานดี", Email: " " + addrStaff + " ", Bulletin: true, Notices: true},
		{District: "5201", Name: "ไม่มี อีเมล", Bulletin: true},
		{District: "5203", Name: "พัฒนาการอำเภอเกาะคา", Email: addrKokha, Bulletin: true, Notices: true},
		{District: "5203", Name: "เจ้าหน้าที่ \"เกาะคา\"", Email: addrKokha2 + "; bad@@example", Notices: true},
		{District: "5204", Name: "พัฒนาการอำเภอเสริมงาม", Email: "Serm <" + addrSerm + ">", Notices: true},
		{District: "5204", Name: "ผู้รับสำเนา", Email: "copy5204@district.example.org", Copy: true}, // not escalated: nothing
		{Name: "Evil\r\nBcc: " + addrVictim, Email: addrEvil, Bulletin: true},
		{Name: "ซ้ำ", Email: strings.ToUpper(addrDirector), Bulletin: true}, // the same person twice
	}
}

type fixture struct {
	dir      string
	out      Outputs
	settings settings.Settings
	pdfs     map[string][]byte // attachment name → content
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	f := &fixture{dir: dir, settings: settings.Default(), pdfs: map[string][]byte{}}
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	f.out = Outputs{
		Bulletin:  write("bulletin.pdf", "%PDF-1.4 bulletin"),
		Memos:     map[string]string{"5203": write("memo-5203.pdf", "%PDF-1.4 memo 5203"), "5204": write("memo-5204.pdf", "%PDF-1.4 memo 5204")},
		Summary:   "สรุปผลการเบิกจ่าย ณ 20 พ.ย. 2569: ร้อยละ 12.5 (เป้าหมาย 16.63)",
		Link:      "http://intranet.example.org/lwc/",
		Generated: generated,
	}
	f.pdfs["จดหมายข่าว LWC 20 พ.ย. 2569.pdf"] = []byte("%PDF-1.4 bulletin")
	f.pdfs["หนังสือทวงถาม อำเภอเกาะคา 20 พ.ย. 2569.pdf"] = []byte("%PDF-1.4 memo 5203")
	f.pdfs["หนังสือแจ้งเตือน อำเภอเสริมงาม 20 พ.ย. 2569.pdf"] = []byte("%PDF-1.4 memo 5204")
	f.settings.SMTP.From = "lwc@province.example.org"
	f.settings.SMTP.FromName = "ศูนย์แจ้งเตือน \"LWC\" <สพจ.ลำปาง>"
	return f
}

// want: envelope recipient → kinds it must receive.
var wantDeliveries = map[string][]string{
	addrDirector: {"bulletin", "memo 5203"},
	addrStaff:    {"bulletin", "memo 5203", "memo 5204"},
	addrKokha:    {"bulletin", "memo 5203"},
	addrKokha2:   {"memo 5203"},
	addrSerm:     {"memo 5204"},
	addrEvil:     {"bulletin"},
}

func TestPlan(t *testing.T) {
	f := newFixture(t)
	msgs, problems := Plan(testSnapshot(), testContacts(), f.out, f.settings)
	got := map[string][]string{}
	for _, m := range msgs {
		kind := m.Kind
		if m.District != "" {
			kind += " " + m.District
		}
		got[m.Rcpt] = append(got[m.Rcpt], kind)
		if !strings.Contains(m.ID, strings.ToLower(m.Rcpt)) || !strings.HasPrefix(m.ID, "email/"+m.Kind+"/") {
			t.Errorf("ID %q does not name kind and recipient", m.ID)
		}
	}
	if !reflect.DeepEqual(got, wantDeliveries) {
		t.Errorf("deliveries\n got %v\nwant %v", got, wantDeliveries)
	}
	var reasons []string
	for _, p := range problems {
		reasons = append(reasons, p.String())
	}
	joined := strings.Join(reasons, "\n")
	if len(problems) != 2 || !strings.Contains(joined, "ไม่มี อีเมล") || !strings.Contains(joined, "bad@@example") {
		t.Errorf("problems = %q, want the contact without e-mail and bad@@example", joined)
	}

	// Escalated memo 5203: To the district, Cc the province (Notices and
	// Copy); memo 5204, not escalated: Cc only the one following all notices.
	for _, m := range msgs {
		switch {
		case m.Kind == KindMemo && m.District == "5203":
			if emails(m.To) != addrKokha+","+addrKokha2 || emails(m.Cc) != addrDirector+","+addrStaff {
				t.Errorf("memo 5203 To %s Cc %s", emails(m.To), emails(m.Cc))
			}
			if m.Subject != "ด่วน: ทวงถามการดำเนินงาน อำเภอเกาะคา ข้อมูล ณ วันที่ 20 พ.ย. 2569" {
				t.Errorf("memo 5203 subject %q", m.Subject)
			}
		case m.Kind == KindMemo && m.District == "5204":
			if emails(m.To) != addrSerm || emails(m.Cc) != addrStaff {
				t.Errorf("memo 5204 To %s Cc %s", emails(m.To), emails(m.Cc))
			}
			if m.Subject != "แจ้งเตือนการดำเนินงาน อำเภอเสริมงาม ข้อมูล ณ วันที่ 20 พ.ย. 2569" {
				t.Errorf("memo 5204 subject %q", m.Subject)
			}
		case m.Kind == KindBulletin:
			if m.Subject != "จดหมายข่าวศูนย์แจ้งเตือน LWC ข้อมูล ณ วันที่ 20 พ.ย. 2569" {
				t.Errorf("bulletin subject %q", m.Subject)
			}
			if len(m.To) != 1 || m.To[0].Email != m.Rcpt || len(m.Cc) != 0 {
				t.Errorf("bulletin to %s shows To %v Cc %v", m.Rcpt, m.To, m.Cc)
			}
			if !strings.Contains(m.Body, f.out.Summary) || !strings.Contains(m.Body, f.out.Link) {
				t.Errorf("bulletin body lacks summary or link: %q", m.Body)
			}
		}
		if !m.Date.Equal(generated) {
			t.Errorf("%s: Date %v, want the generation time", m.ID, m.Date)
		}
	}

	// Deterministic.
	again, _ := Plan(testSnapshot(), testContacts(), f.out, f.settings)
	if !reflect.DeepEqual(msgs, again) {
		t.Error("Plan is not deterministic")
	}

	// LINE: only with a token, only valid IDs.
	f.settings.LINE.To = []string{"U0123456789abcdef0123456789abcdef", "not-an-id"}
	f.out.LINE = true
	withLINE, problems := Plan(testSnapshot(), testContacts(), f.out, f.settings)
	if n := len(withLINE) - len(msgs); n != 1 {
		t.Errorf("%d LINE messages, want 1", n)
	}
	last := withLINE[len(withLINE)-1]
	if last.Channel != ChannelLINE || last.Rcpt != "U0123456789abcdef0123456789abcdef" || !strings.Contains(last.Body, f.out.Link) {
		t.Errorf("LINE message %+v", last)
	}
	if len(problems) != 3 {
		t.Errorf("problems %v, want the bad LINE ID too", problems)
	}
}

func emails(list []Address) string {
	var s []string
	for _, a := range list {
		s = append(s, a.Email)
	}
	return strings.Join(s, ",")
}

// parsed is a received message taken apart the way a mail program would.
type parsed struct {
	header   mail.Header
	subject  string
	to, cc   []*mail.Address
	body     string
	files    map[string][]byte // RFC 2231 filename → content
	ctNames  []string          // RFC 2047 names of the Content-Type parameters
	fallback []string          // RFC 2047 filename= fallbacks
}

func parseMessage(t *testing.T, raw []byte) parsed {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("received message does not parse: %v\n%s", err, raw)
	}
	var p parsed
	p.header = msg.Header
	dec := new(mime.WordDecoder)
	if p.subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatal(err)
	}
	p.to, _ = msg.Header.AddressList("To")
	p.cc, _ = msg.Header.AddressList("Cc")
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" {
		t.Fatalf("Content-Type %q: %v", msg.Header.Get("Content-Type"), err)
	}
	p.files = map[string][]byte{}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(part)
		if part.Header.Get("Content-Transfer-Encoding") == "base64" {
			data, err = base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(data)))
			if err != nil {
				t.Fatal(err)
			}
		}
		if name := part.FileName(); name != "" {
			p.files[name] = data
			_, ctp, err := mime.ParseMediaType(part.Header.Get("Content-Type"))
			if err != nil {
				t.Fatal(err)
			}
			n, err := dec.DecodeHeader(ctp["name"])
			if err != nil {
				t.Fatal(err)
			}
			p.ctNames = append(p.ctNames, n)
			// Without the RFC 2231 parameters, what an old reader sees.
			cd := part.Header.Get("Content-Disposition")
			i := strings.Index(cd, "; filename=")
			_, old, err := mime.ParseMediaType("attachment" + cd[i:])
			if err != nil {
				t.Fatalf("fallback of %q: %v", cd, err)
			}
			n, err = dec.DecodeHeader(old["filename"])
			if err != nil {
				t.Fatal(err)
			}
			p.fallback = append(p.fallback, n)
			continue
		}
		p.body = string(data)
	}
	return p
}

func sendOptions(ts *testServer, f *fixture, log io.Writer) (SendOptions, *[]time.Duration) {
	var sleeps []time.Duration
	s := f.settings.SMTP
	s.Host, s.Port, s.Username = "127.0.0.1", ts.port, ts.user
	s.TimeoutSec = 10
	return SendOptions{
		SMTP: s, Password: ts.password, TLSConfig: &tls.Config{RootCAs: ts.roots},
		AsOf: "2026-11-20", LedgerDir: filepath.Join(f.dir, "archive", "ledger"),
		Backoff: time.Second,
		Sleep: func(ctx context.Context, d time.Duration) error {
			sleeps = append(sleeps, d)
			return nil
		},
		Now: func() time.Time { return generated },
		Log: slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}, &sleeps
}

func TestSendSMTP(t *testing.T) {
	ts := startServer(t, modeSTARTTLS)
	f := newFixture(t)
	msgs, _ := Plan(testSnapshot(), testContacts(), f.out, f.settings)
	var log bytes.Buffer
	opt, _ := sendOptions(ts, f, &log)
	var progress []string
	opt.Progress = func(r Result) { progress = append(progress, r.Status) }

	rep := Send(context.Background(), msgs, opt)
	if !rep.OK() || len(rep.Sent) != len(msgs) || len(msgs) != 10 {
		t.Fatalf("report: %s; failed %+v", rep, rep.Failed)
	}
	if len(progress) != len(msgs) {
		t.Errorf("progress called %d times", len(progress))
	}

	got := map[string][]string{}
	memoIDs := map[string]string{}
	for rcpt, ds := range receivedBy(ts.deliveries()) {
		for _, d := range ds {
			if len(d.rcpts) != 1 {
				t.Errorf("one transaction for %v: each recipient must be its own delivery", d.rcpts)
			}
			if d.from != f.settings.SMTP.From {
				t.Errorf("envelope from %q", d.from)
			}
			p := parseMessage(t, d.data)
			kind := ""
			switch {
			case strings.HasPrefix(p.subject, "จดหมายข่าว"):
				kind = "bulletin"
				if p.subject != "จดหมายข่าวศูนย์แจ้งเตือน LWC ข้อมูล ณ วันที่ 20 พ.ย. 2569" {
					t.Errorf("subject %q", p.subject)
				}
				if len(p.to) != 1 || p.to[0].Address != rcpt || p.cc != nil {
					t.Errorf("bulletin to %s has To %v Cc %v", rcpt, p.to, p.cc)
				}
			case strings.Contains(p.subject, "อำเภอเกาะคา"):
				kind = "memo 5203"
				if p.subject != "ด่วน: ทวงถามการดำเนินงาน อำเภอเกาะคา ข้อมูล ณ วันที่ 20 พ.ย. 2569" {
					t.Errorf("subject %q", p.subject)
				}
				if addrList(p.to) != addrKokha+","+addrKokha2 || addrList(p.cc) != addrDirector+","+addrStaff {
					t.Errorf("memo 5203 To %s Cc %s", addrList(p.to), addrList(p.cc))
				}
				if p.to[0].Name != "พัฒนาการอำเภอเกาะคา" || p.to[1].Name != `เจ้าหน้าที่ "เกาะคา"` {
					t.Errorf("names %q %q", p.to[0].Name, p.to[1].Name)
				}
				if !strings.Contains(p.body, "เรียน พัฒนาการอำเภอเกาะคา") || !strings.Contains(p.body, "3 สัปดาห์ติดต่อกัน") {
					t.Errorf("memo body %q", p.body)
				}
				memoIDs[rcpt] = p.header.Get("Message-Id")
			case strings.Contains(p.subject, "อำเภอเสริมงาม"):
				kind = "memo 5204"
			default:
				t.Errorf("unexpected subject %q", p.subject)
			}
			got[rcpt] = append(got[rcpt], kind)
			if len(p.files) != 1 || len(p.ctNames) != 1 {
				t.Fatalf("%s: attachments %v", rcpt, p.files)
			}
			for name, data := range p.files {
				want, ok := f.pdfs[name]
				if !ok || !bytes.Equal(data, want) {
					t.Errorf("%s: attachment %q (%q) not expected", rcpt, name, data)
				}
				if p.ctNames[0] != name || p.fallback[0] != name {
					t.Errorf("names disagree: 2231 %q, Content-Type %q, fallback %q", name, p.ctNames[0], p.fallback[0])
				}
			}
			from, _ := p.header.AddressList("From")
			if len(from) != 1 || from[0].Name != `ศูนย์แจ้งเตือน "LWC" <สพจ.ลำปาง>` {
				t.Errorf("From %v", from)
			}
			if d := p.header.Get("Date"); d != "Mon, 23 Nov 2026 13:00:00 +0700" {
				t.Errorf("Date %q, want the generation time in Thai time", d)
			}
		}
	}
	for k := range got {
		sort.Strings(got[k])
	}
	if !reflect.DeepEqual(got, wantDeliveries) {
		t.Errorf("received\n got %v\nwant %v", got, wantDeliveries)
	}
	// One letter, one Message-ID, whoever receives it.
	ids := map[string]bool{}
	for _, id := range memoIDs {
		ids[id] = true
	}
	if len(ids) != 1 || len(memoIDs) != 4 {
		t.Errorf("memo 5203 Message-IDs %v", memoIDs)
	}

	// Rerun: the ledger stops every duplicate.
	rep2 := Send(context.Background(), msgs, opt)
	if len(rep2.Sent) != 0 || len(rep2.Skipped) != len(msgs) || !rep2.OK() {
		t.Errorf("rerun: %s", rep2)
	}
	if n := len(ts.deliveries()); n != 10 {
		t.Errorf("server got %d messages after the rerun, want 10", n)
	}
	// --resend sends again.
	opt.Resend = true
	if rep3 := Send(context.Background(), msgs[:1], opt); len(rep3.Sent) != 1 {
		t.Errorf("resend: %s", rep3)
	}

	// The password is nowhere: not in the log, the ledger or the report.
	ledger, _ := os.ReadFile(filepath.Join(f.dir, "archive", "ledger", "2026-11-20.jsonl"))
	repJSON, _ := json.Marshal([]Report{rep, rep2})
	for what, text := range map[string]string{"log": log.String(), "ledger": string(ledger), "report": string(repJSON)} {
		if strings.Contains(text, ts.password) || strings.Contains(text, base64.StdEncoding.EncodeToString([]byte(ts.password))) {
			t.Errorf("the password appears in the %s", what)
		}
	}
	if len(log.String()) == 0 || !strings.Contains(string(ledger), addrKokha2) {
		t.Error("no log or no ledger written")
	}
}

func addrList(as []*mail.Address) string {
	var s []string
	for _, a := range as {
		s = append(s, a.Address)
	}
	return strings.Join(s, ",")
}

func TestSendRetriesTemporaryFailures(t *testing.T) {
	ts := startServer(t, modeSTARTTLS)
	ts.rcptTemp[addrKokha] = 1 // 451 once at RCPT
	ts.dataTemp[addrSerm] = 2  // 451 twice after DATA
	f := newFixture(t)
	msgs, _ := Plan(testSnapshot(), testContacts(), f.out, f.settings)
	var log bytes.Buffer
	opt, sleeps := sendOptions(ts, f, &log)

	rep := Send(context.Background(), msgs, opt)
	if !rep.OK() || len(rep.Sent) != 10 {
		t.Fatalf("report %s: %+v", rep, rep.Failed)
	}
	attempts := map[string]int{}
	for _, r := range rep.Sent {
		attempts[r.To] += r.Attempts
	}
	if attempts[addrKokha] != 3 || attempts[addrSerm] != 3 || attempts[addrStaff] != 3 {
		// kokha: bulletin 1 + memo 2; serm: memo 3; staff: three letters once.
		t.Errorf("attempts %v", attempts)
	}
	if !reflect.DeepEqual(*sleeps, []time.Duration{time.Second, 2 * time.Second}) {
		t.Errorf("waits %v, want 1s then 2s", *sleeps)
	}
	if got := len(receivedBy(ts.deliveries())[addrSerm]); got != 1 {
		t.Errorf("serm received %d copies", got)
	}

	// A failure that stays temporary gives up after the retries and says so.
	ts2 := startServer(t, modeSTARTTLS)
	ts2.rcptTemp[addrKokha2] = 100
	f2 := newFixture(t)
	opt2, sleeps2 := sendOptions(ts2, f2, io.Discard)
	opt2.SMTP.Retries = 2
	rep2 := Send(context.Background(), msgs, opt2)
	if len(rep2.Failed) != 1 || rep2.Failed[0].To != addrKokha2 || rep2.Failed[0].Attempts != 3 {
		t.Fatalf("failed %+v", rep2.Failed)
	}
	if r := rep2.Failed[0].Reason; !strings.Contains(r, "หลังลอง 3 ครั้ง") || !strings.Contains(r, "451") || !strings.Contains(r, "greylisted") {
		t.Errorf("reason %q", r)
	}
	if len(*sleeps2) != 2 || len(rep2.Sent) != 9 {
		t.Errorf("waits %v, sent %d", *sleeps2, len(rep2.Sent))
	}
}

func TestSendPermanentFailureDoesNotStopOthers(t *testing.T) {
	ts := startServer(t, modeSTARTTLS)
	ts.rcptFail[addrKokha2] = 550
	f := newFixture(t)
	msgs, _ := Plan(testSnapshot(), testContacts(), f.out, f.settings)
	opt, sleeps := sendOptions(ts, f, io.Discard)

	rep := Send(context.Background(), msgs, opt)
	if len(rep.Failed) != 1 || len(rep.Sent) != 9 {
		t.Fatalf("report %s", rep)
	}
	r := rep.Failed[0]
	if r.To != addrKokha2 || r.Attempts != 1 || !strings.Contains(r.Reason, "ไม่รับ") ||
		!strings.Contains(r.Reason, "550") || !strings.Contains(r.Reason, "mailbox unavailable") {
		t.Errorf("failure %+v", r)
	}
	if len(*sleeps) != 0 {
		t.Errorf("a permanent failure was retried: waits %v", *sleeps)
	}
	// The failed one is the only one a rerun sends, once the mailbox works.
	delete(ts.rcptFail, addrKokha2)
	rep2 := Send(context.Background(), msgs, opt)
	if len(rep2.Sent) != 1 || rep2.Sent[0].To != addrKokha2 || len(rep2.Skipped) != 9 {
		t.Errorf("rerun %s", rep2)
	}
	if n := len(ts.deliveries()); n != 10 {
		t.Errorf("server got %d, want 10", n)
	}
}

func TestSendRefusesWithoutSecureConnection(t *testing.T) {
	ts := startServer(t, modeNoTLS) // offers neither STARTTLS nor AUTH
	f := newFixture(t)
	msgs, _ := Plan(testSnapshot(), testContacts(), f.out, f.settings)
	opt, sleeps := sendOptions(ts, f, io.Discard)
	rep := Send(context.Background(), msgs, opt)
	if len(rep.Failed) != len(msgs) || len(rep.Sent) != 0 {
		t.Fatalf("report %s", rep)
	}
	if r := rep.Failed[0].Reason; !strings.Contains(r, "STARTTLS") || !strings.Contains(r, "ปลอดภัย") {
		t.Errorf("reason %q", r)
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.auths != 0 || ts.conns != 1 || len(*sleeps) != 0 {
		t.Errorf("auths %d, connections %d, waits %v: must give up at once, credentials unsent", ts.auths, ts.conns, *sleeps)
	}
}

func TestSendWrongPassword(t *testing.T) {
	ts := startServer(t, modeSTARTTLS)
	f := newFixture(t)
	msgs, _ := Plan(testSnapshot(), testContacts(), f.out, f.settings)
	var log bytes.Buffer
	opt, _ := sendOptions(ts, f, &log)
	opt.Password = "wrong-Pa55word"
	rep := Send(context.Background(), msgs, opt)
	if len(rep.Failed) != len(msgs) {
		t.Fatalf("report %s", rep)
	}
	if r := rep.Failed[0].Reason; !strings.Contains(r, "เข้าสู่ระบบ") || !strings.Contains(r, "535") || !strings.Contains(r, "LWC_SMTP_PASSWORD") {
		t.Errorf("reason %q", r)
	}
	if strings.Contains(log.String(), "wrong-Pa55word") {
		t.Error("password in the log")
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.auths != 1 {
		t.Errorf("%d logins: an authentication failure must not be retried", ts.auths)
	}
}

func TestSendImplicitTLS(t *testing.T) {
	ts := startServer(t, modeImplicitTLS)
	f := newFixture(t)
	msgs, _ := Plan(testSnapshot(), testContacts(), f.out, f.settings)
	opt, _ := sendOptions(ts, f, io.Discard)
	opt.SMTP.Security = "tls"
	if rep := Send(context.Background(), msgs, opt); !rep.OK() || len(rep.Sent) != 10 {
		t.Fatalf("report %s %+v", rep, rep.Failed)
	}
	// The certificate is checked: without the test's root it fails.
	opt.TLSConfig = nil
	opt.LedgerDir = t.TempDir()
	rep := Send(context.Background(), msgs[:1], opt)
	if len(rep.Failed) != 1 || !strings.Contains(rep.Failed[0].Reason, "certificate") {
		t.Errorf("untrusted certificate: %+v", rep)
	}
}

func TestHeaderInjection(t *testing.T) {
	ts := startServer(t, modeSTARTTLS)
	f := newFixture(t)
	snap := testSnapshot()
	snap.Districts[1].Name = "เกาะคา\r\nBcc: " + addrVictim + "\r\nX-Injected: yes"
	contacts := testContacts()
	contacts[3].Name = "สมชาย\" <" + addrVictim + ">,\r\nCc: " + addrVictim
	f.settings.SMTP.FromName = "LWC\r\nReply-To: " + addrVictim
	msgs, _ := Plan(snap, contacts, f.out, f.settings)
	// A Message built by hand, not by Plan, is checked again.
	bad := msgs[0]
	bad.ID, bad.Rcpt = "email/bulletin/x", addrVictim+">\r\nRCPT TO:<"+addrVictim
	bad.To = []Address{{Email: bad.Rcpt}}
	msgs = append(msgs, bad)
	opt, _ := sendOptions(ts, f, io.Discard)
	rep := Send(context.Background(), msgs, opt)
	if len(rep.Sent) != 10 || len(rep.Failed) != 1 || rep.Failed[0].ID != "email/bulletin/x" {
		t.Fatalf("report %s %+v", rep, rep.Failed)
	}
	for _, d := range ts.deliveries() {
		if slices.Contains(d.rcpts, addrVictim) {
			t.Errorf("delivered to %s", addrVictim)
		}
		p := parseMessage(t, d.data)
		for key := range p.header {
			switch key {
			case "Bcc", "X-Injected", "Reply-To":
				t.Errorf("injected header %s", key)
			}
		}
		for _, a := range append(p.to, p.cc...) {
			if a.Address == addrVictim {
				t.Errorf("victim in To/Cc: %v", a)
			}
		}
		head, _, _ := bytes.Cut(d.data, []byte("\r\n\r\n"))
		if bytes.Contains(head, []byte("\nBcc:")) || bytes.Contains(head, []byte("\nX-Injected")) {
			t.Errorf("raw header lines injected:\n%s", head)
		}
		if strings.Contains(p.subject, "อำเภอเกาะคา") && !strings.Contains(p.subject, "Bcc: "+addrVictim+" X-Injected: yes") {
			t.Errorf("subject %q: the text should stay, flattened to one line", p.subject)
		}
		if slices.ContainsFunc(p.to, func(a *mail.Address) bool { return strings.Contains(a.Name, "\n") }) {
			t.Error("line break in a display name")
		}
	}
	// An attachment name with quotes and line breaks.
	if got := fileName("a\"b\r\nContent-Type: x/y; name=\"c.pdf"); strings.ContainsAny(got, "\"\r\n") {
		t.Errorf("fileName kept %q", got)
	}
}

func TestDryRun(t *testing.T) {
	ts := startServer(t, modeSTARTTLS)
	f := newFixture(t)
	f.settings.LINE.To = []string{"U0123456789abcdef0123456789abcdef"}
	f.out.LINE = true
	msgs, _ := Plan(testSnapshot(), testContacts(), f.out, f.settings)
	opt, _ := sendOptions(ts, f, io.Discard)
	opt.DryRun = true
	opt.Outbox = filepath.Join(f.dir, "out", "outbox")
	os.MkdirAll(opt.Outbox, 0o755)
	os.WriteFile(filepath.Join(opt.Outbox, "stale-1234.eml"), []byte("old"), 0o644)
	os.WriteFile(filepath.Join(opt.Outbox, "keep.txt"), []byte("not ours"), 0o644)

	rep := Send(context.Background(), msgs, opt)
	if !rep.OK() || len(rep.Sent) != 11 || !rep.DryRun {
		t.Fatalf("report %s %+v", rep, rep.Failed)
	}
	if n := len(ts.deliveries()); n != 0 {
		t.Fatalf("a dry run sent %d messages", n)
	}
	entries, _ := os.ReadDir(opt.Outbox)
	var names []string
	files := map[string][]byte{}
	for _, e := range entries {
		names = append(names, e.Name())
		files[e.Name()], _ = os.ReadFile(filepath.Join(opt.Outbox, e.Name()))
	}
	if len(names) != 12 || slices.Contains(names, "stale-1234.eml") || !slices.Contains(names, "keep.txt") {
		t.Errorf("outbox holds %v", names)
	}
	for name, data := range files {
		if strings.ContainsAny(name, "/\\ ") {
			t.Errorf("unsafe name %q", name)
		}
		switch {
		case strings.HasSuffix(name, ".eml"):
			p := parseMessage(t, data)
			if !strings.Contains(p.subject, "20 พ.ย. 2569") || len(p.files) != 1 {
				t.Errorf("%s: subject %q files %d", name, p.subject, len(p.files))
			}
		case strings.HasSuffix(name, ".line.json"):
			var push linePush
			if err := json.Unmarshal(data, &push); err != nil || push.Messages[0].Text == "" {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(opt.LedgerDir)); !os.IsNotExist(err) {
		t.Errorf("a dry run wrote a ledger: %v", err)
	}
	// Reproducible byte for byte.
	rep2 := Send(context.Background(), msgs, opt)
	for _, r := range rep2.Sent {
		data, _ := os.ReadFile(r.File)
		if !bytes.Equal(data, files[filepath.Base(r.File)]) {
			t.Errorf("%s differs on the second dry run", r.File)
		}
	}
	// A dry run does not block the real send.
	opt.DryRun = false
	msgs = slices.DeleteFunc(msgs, func(m Message) bool { return m.Channel == ChannelLINE })
	if rep := Send(context.Background(), msgs, opt); len(rep.Sent) != 10 {
		t.Errorf("real send after a dry run: %s", rep)
	}
	// And after the real send, a dry run shows what a rerun would skip.
	opt.DryRun = true
	if rep := Send(context.Background(), msgs, opt); len(rep.Skipped) != 10 {
		t.Errorf("dry run after the send: %s", rep)
	}
}

func TestLedgerToleratesATornLine(t *testing.T) {
	dir := t.TempDir()
	l, err := OpenLedger(dir, "2026-11-20")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if err := l.Record(LedgerEntry{ID: fmt.Sprintf("email/bulletin/a%d@example.org", i), At: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	path := filepath.Join(dir, "2026-11-20.jsonl")
	data, _ := os.ReadFile(path)
	// A crash in the middle of writing the fourth line.
	os.WriteFile(path, append(data, []byte(`{"id":"email/bulletin/a3@exa`)...), 0o644)

	l, err = OpenLedger(dir, "2026-11-20")
	if err != nil {
		t.Fatal(err)
	}
	if l.Len() != 3 || l.Torn() != 1 {
		t.Errorf("len %d torn %d", l.Len(), l.Torn())
	}
	if _, ok := l.Sent("email/bulletin/a3@example.org"); ok {
		t.Error("the torn line counts as sent")
	}
	if err := l.Record(LedgerEntry{ID: "email/bulletin/a3@example.org", At: "y"}); err != nil {
		t.Fatal(err)
	}
	l.Close()
	l, _ = OpenLedger(dir, "2026-11-20")
	if l.Len() != 4 || l.Torn() != 1 {
		t.Errorf("after append: len %d torn %d", l.Len(), l.Torn())
	}
	if _, err := OpenLedger(dir, "../../etc/passwd"); err == nil {
		t.Error("a path as the date was accepted")
	}
}

func TestRFC2231(t *testing.T) {
	name := "หนังสือทวงถาม อำเภอเฉลิมพระเกียรติ ข้อมูล ณ วันที่ 20 พ.ย. 2569 (ฉบับแก้ไข) ;\"x\".pdf"
	v := rfc2231("filename", name)
	if strings.ContainsAny(strings.ReplaceAll(v, fold, ""), "\r\n\"") {
		t.Fatalf("unsafe %q", v)
	}
	for _, part := range strings.Split(v, ";"+fold) {
		if len(part) > 78 {
			t.Errorf("part too long for a header line: %d", len(part))
		}
	}
	_, params, err := mime.ParseMediaType("attachment; " + strings.ReplaceAll(v, fold, " "))
	if err != nil || params["filename"] != name {
		t.Errorf("round trip %q, %v", params["filename"], err)
	}
}

func newTextLog(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func TestSendServerDown(t *testing.T) {
	// A server that hangs up at once: every round connects once, not once
	// per message, and the run ends with every delivery failed and retried.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var accepts atomic.Int32
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			accepts.Add(1)
			c.Close()
		}
	}()
	f := newFixture(t)
	msgs, _ := Plan(testSnapshot(), testContacts(), f.out, f.settings)
	ts := &testServer{port: l.Addr().(*net.TCPAddr).Port, user: "u", password: "p4ssword"}
	opt, sleeps := sendOptions(ts, f, io.Discard)
	opt.SMTP.Retries = 2
	rep := Send(context.Background(), msgs, opt)
	if len(rep.Failed) != len(msgs) || len(*sleeps) != 2 {
		t.Fatalf("report %s, waits %v", rep, *sleeps)
	}
	if r := rep.Failed[0]; r.Attempts != 3 || !strings.Contains(r.Reason, "เชื่อมต่อเซิร์ฟเวอร์อีเมล") || !strings.Contains(r.Reason, "หลังลอง 3 ครั้ง") {
		t.Errorf("failure %+v", r)
	}
	if n := accepts.Load(); n != 3 {
		t.Errorf("%d connections, want one per round (3)", n)
	}
	if _, err := os.Stat(filepath.Join(f.dir, "archive", "ledger", "2026-11-20.jsonl")); !os.IsNotExist(err) {
		t.Errorf("ledger written although nothing was sent: %v", err)
	}
}
