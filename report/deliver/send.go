package deliver

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/mail"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"

	"lwc/report/publish"
	"lwc/report/settings"
)

// SendOptions configure Send.
type SendOptions struct {
	SMTP settings.SMTP
	// Password is the SMTP password, read by the caller from the environment
	// variable named by SMTP.PasswordEnv. Never logged or written anywhere.
	Password string
	// TLSConfig verifies the server; nil uses the system's roots. Its
	// ServerName defaults to SMTP.Host.
	TLSConfig *tls.Config

	LINE settings.LINE
	// LINEToken is the channel access token (from LINE.TokenEnv). Never
	// logged or written anywhere.
	LINEToken  string
	HTTPClient *http.Client // for LINE; nil = a client with the SMTP timeout

	AsOf      string // the run's as-of date, YYYY-MM-DD: names the ledger
	LedgerDir string // e.g. <archive>/ledger, outside the per-date archive folder
	Resend    bool   // send again what the ledger says was sent

	DryRun bool   // write the messages to Outbox instead of sending them
	Outbox string // folder for .eml (and LINE .json) files of a dry run

	// Backoff is the wait before the first retry of temporary failures,
	// doubled for each further round; 0 = 5 s. Retries come from
	// SMTP.Retries.
	Backoff time.Duration
	// Sleep waits between retry rounds; nil = a real timer. Tests inject it.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now stamps ledger entries; nil = time.Now.
	Now func() time.Time
	// Log receives one line per delivery; nil = no log.
	Log *slog.Logger
	// Progress is called after each delivery is settled (after its ledger
	// entry is on disk), e.g. for a progress display.
	Progress func(Result)
}

// Result statuses.
const (
	StatusSent    = "sent"
	StatusSkipped = "skipped"
	StatusFailed  = "failed"
)

// Result is the outcome of one delivery.
type Result struct {
	ID       string `json:"id"`
	Channel  string `json:"channel"`
	Kind     string `json:"kind"`
	District string `json:"district,omitempty"`
	To       string `json:"to"`
	Subject  string `json:"subject,omitempty"`
	Status   string `json:"status"`
	Attempts int    `json:"attempts"`
	// Reason says in Thai why it failed or was skipped, with the server's
	// own answer when there is one.
	Reason string `json:"reason,omitempty"`
	// Response is the server's answer to a successful send.
	Response string `json:"response,omitempty"`
	File     string `json:"file,omitempty"` // dry run: the file written
}

// Report lists what Send did.
type Report struct {
	DryRun  bool     `json:"dry_run"`
	Ledger  string   `json:"ledger,omitempty"`
	Sent    []Result `json:"sent"`
	Skipped []Result `json:"skipped"`
	Failed  []Result `json:"failed"`
}

// OK reports whether nothing failed.
func (r Report) OK() bool { return len(r.Failed) == 0 }

// String is a one-line Thai summary.
func (r Report) String() string {
	verb := "ส่งแล้ว"
	if r.DryRun {
		verb = "เขียนลง outbox (ทดลอง ไม่ได้ส่งจริง)"
	}
	return fmt.Sprintf("%s %d รายการ, ข้าม (เคยส่งแล้ว) %d, ไม่สำเร็จ %d", verb, len(r.Sent), len(r.Skipped), len(r.Failed))
}

func (o *SendOptions) defaults() {
	if o.Backoff <= 0 {
		o.Backoff = 5 * time.Second
	}
	if o.Sleep == nil {
		o.Sleep = func(ctx context.Context, d time.Duration) error {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-t.C:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.SMTP.Retries < 0 {
		o.SMTP.Retries = 0
	}
	if o.SMTP.TimeoutSec <= 0 {
		o.SMTP.TimeoutSec = 30
	}
	if o.SMTP.Port == 0 {
		o.SMTP.Port = 587
		if o.SMTP.Security == "tls" {
			o.SMTP.Port = 465
		}
	}
	if o.SMTP.Security == "" {
		o.SMTP.Security = "starttls"
	}
}

// job is one delivery in progress.
type job struct {
	m        Message
	attempts int
	lastErr  string
}

// Send delivers msgs: by SMTP and the LINE API, or, for a dry run, into the
// outbox. Deliveries in the ledger are skipped unless Resend. Temporary
// failures (4xx, connection trouble, LINE 429/5xx) are retried in rounds
// with doubling waits; a permanent failure of one delivery does not stop the
// others. It never panics on bad input and always returns a full report.
func Send(ctx context.Context, msgs []Message, opt SendOptions) Report {
	opt.defaults()
	rep := Report{DryRun: opt.DryRun}
	sc := scrubber{opt.Password, opt.LINEToken}

	settle := func(j *job, status, reason, response, file string) {
		r := Result{ID: j.m.ID, Channel: j.m.Channel, Kind: j.m.Kind, District: j.m.District, To: j.m.Rcpt,
			Subject: j.m.Subject, Status: status, Attempts: j.attempts, Reason: sc.clean(reason),
			Response: sc.clean(response), File: file}
		switch status {
		case StatusSent:
			rep.Sent = append(rep.Sent, r)
			opt.Log.Info("ส่งแล้ว", "id", r.ID, "to", r.To, "channel", r.Channel, "file", r.File)
		case StatusSkipped:
			rep.Skipped = append(rep.Skipped, r)
			opt.Log.Info("ข้าม", "id", r.ID, "to", r.To, "reason", r.Reason)
		default:
			rep.Failed = append(rep.Failed, r)
			opt.Log.Error("ส่งไม่สำเร็จ", "id", r.ID, "to", r.To, "attempts", r.Attempts, "reason", r.Reason)
		}
		if opt.Progress != nil {
			opt.Progress(r)
		}
	}

	// One delivery per ID, first wins.
	var jobs []*job
	seen := map[string]bool{}
	for _, m := range msgs {
		if seen[m.ID] {
			continue
		}
		seen[m.ID] = true
		jobs = append(jobs, &job{m: m})
	}

	// The ledger. A dry run only reads it, to show what a real send would
	// skip; it never writes it, so it never blocks a real send.
	led, err := OpenLedger(opt.LedgerDir, opt.AsOf)
	if err != nil && !opt.DryRun {
		for _, j := range jobs {
			settle(j, StatusFailed, "ไม่ได้ส่ง เพราะเปิดบันทึกการส่งไม่ได้ (ป้องกันการส่งซ้ำไม่ได้): "+err.Error(), "", "")
		}
		return rep
	}
	if led != nil {
		rep.Ledger = led.Path()
		defer led.Close()
		if led.Torn() > 0 {
			opt.Log.Warn("บันทึกการส่งมีบรรทัดที่อ่านไม่ได้ (เครื่องหยุดกลางการเขียน) ข้ามไป", "file", led.Path(), "lines", led.Torn())
		}
	}
	var todo []*job
	for _, j := range jobs {
		if led != nil && !opt.Resend {
			if e, ok := led.Sent(j.m.ID); ok {
				settle(j, StatusSkipped, "ส่งไปแล้วเมื่อ "+e.At+" (สั่ง --resend หากต้องการส่งซ้ำ)", "", "")
				continue
			}
		}
		todo = append(todo, j)
	}

	if opt.DryRun {
		writeOutbox(todo, opt, settle)
		return rep
	}

	var mailer *smtpSession
	var liner *lineSender
	defer func() {
		if mailer != nil {
			mailer.close()
		}
	}()
	pending := todo
	for round := 0; len(pending) > 0; round++ {
		if round > 0 {
			// Drop the connection: the wait may outlast the server's patience.
			if mailer != nil {
				mailer.close()
			}
			wait := opt.Backoff << (round - 1)
			opt.Log.Info("รอส่งซ้ำรายการที่ล้มเหลวชั่วคราว", "count", len(pending), "wait", wait.String())
			if err := opt.Sleep(ctx, wait); err != nil {
				for _, j := range pending {
					settle(j, StatusFailed, "ยกเลิกก่อนส่งซ้ำ: "+err.Error()+"; ครั้งก่อน: "+j.lastErr, "", "")
				}
				return rep
			}
		}
		var again []*job
		for _, j := range pending {
			if err := ctx.Err(); err != nil {
				settle(j, StatusFailed, "ยกเลิก: "+err.Error(), "", "")
				continue
			}
			j.attempts++
			var resp string
			var err error
			switch j.m.Channel {
			case ChannelEmail:
				if mailer == nil {
					mailer = newSMTPSession(opt)
				}
				resp, err = mailer.send(ctx, j.m)
			case ChannelLINE:
				if liner == nil {
					liner = newLINESender(opt)
				}
				resp, err = liner.push(ctx, j.m, opt.AsOf, opt.Resend)
			default:
				err = permanent(fmt.Errorf("ช่องทาง %q ไม่รู้จัก", j.m.Channel))
			}
			if err == nil {
				e := LedgerEntry{ID: j.m.ID, Channel: j.m.Channel, To: j.m.Rcpt, MessageID: j.m.MessageID,
					At: opt.Now().UTC().Format(time.RFC3339), Response: sc.clean(resp)}
				if lerr := led.Record(e); lerr != nil {
					// Sent, but a rerun may send it again: say so.
					settle(j, StatusFailed, "ส่งถึงแล้ว แต่บันทึกการส่งไม่ได้ การสั่งซ้ำอาจส่งรายการนี้อีก: "+lerr.Error(), resp, "")
					continue
				}
				settle(j, StatusSent, "", resp, "")
				continue
			}
			j.lastErr = sc.clean(err.Error())
			if isTemporary(err) && j.attempts <= opt.SMTP.Retries {
				again = append(again, j)
				continue
			}
			reason := j.lastErr
			if isTemporary(err) {
				reason = fmt.Sprintf("ส่งไม่สำเร็จหลังลอง %d ครั้ง (ขัดข้องชั่วคราว สั่งใหม่ภายหลังได้): %s", j.attempts, reason)
			}
			settle(j, StatusFailed, reason, "", "")
		}
		pending = again
	}
	return rep
}

// deliveryError carries whether a failure is worth retrying.
type deliveryError struct {
	err  error
	temp bool
}

func (e *deliveryError) Error() string { return e.err.Error() }
func (e *deliveryError) Unwrap() error { return e.err }

func permanent(err error) error { return &deliveryError{err: err} }
func temporary(err error) error { return &deliveryError{err: err, temp: true} }

func isTemporary(err error) bool {
	var de *deliveryError
	return errors.As(err, &de) && de.temp
}

// scrubber removes secrets from any text that could reach a log, a report or
// a file: a server could echo what it was sent.
type scrubber []string

func (s scrubber) clean(text string) string {
	for _, secret := range s {
		if len(secret) >= 4 {
			text = strings.ReplaceAll(text, secret, "***")
		}
	}
	return text
}

// smtpSession is one connection to the SMTP server, made when first needed
// and made again after a connection error.
type smtpSession struct {
	opt    SendOptions
	client *gomail.Client
	conn   *smtp.Client
	fatal  error // a failure that no retry can fix (TLS, authentication)
	// down is a temporary failure to connect in this round: the other
	// messages of the round share it instead of each waiting for a timeout.
	down error
}

func newSMTPSession(opt SendOptions) *smtpSession { return &smtpSession{opt: opt} }

func (s *smtpSession) dial(ctx context.Context) error {
	o := s.opt.SMTP
	if strings.TrimSpace(o.Host) == "" {
		return permanent(errors.New("ยังไม่ได้ตั้งค่าเซิร์ฟเวอร์อีเมล (smtp.host ใน lwc.toml)"))
	}
	opts := []gomail.Option{
		gomail.WithPort(o.Port),
		gomail.WithTimeout(time.Duration(o.TimeoutSec) * time.Second),
	}
	if host, err := os.Hostname(); err == nil && host != "" {
		opts = append(opts, gomail.WithHELO(host))
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if s.opt.TLSConfig != nil {
		tc = s.opt.TLSConfig.Clone()
	}
	if tc.ServerName == "" {
		tc.ServerName = o.Host
	}
	opts = append(opts, gomail.WithTLSConfig(tc))
	switch o.Security {
	case "tls":
		opts = append(opts, gomail.WithSSL())
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default: // "starttls": refuse a server that does not offer it
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if o.Username != "" {
		opts = append(opts, gomail.WithUsername(o.Username), gomail.WithPassword(s.opt.Password),
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin))
	}
	client, err := gomail.NewClient(o.Host, opts...)
	if err != nil {
		return permanent(fmt.Errorf("ตั้งค่าการเชื่อมต่ออีเมลไม่ได้: %w", err))
	}
	conn, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return dialError(o, err)
	}
	s.client, s.conn = client, conn
	return nil
}

// dialError says in Thai what went wrong while connecting.
func dialError(o settings.SMTP, err error) error {
	addr := net.JoinHostPort(o.Host, fmt.Sprint(o.Port))
	var tp *textproto.Error
	if errors.As(err, &tp) {
		what := "เซิร์ฟเวอร์อีเมล " + addr + " ปฏิเสธ"
		if strings.Contains(err.Error(), "AUTH") {
			what = "เข้าสู่ระบบเซิร์ฟเวอร์อีเมล " + addr + " ไม่ได้ (ตรวจ smtp.username และรหัสผ่านในตัวแปร " + o.PasswordEnv + ")"
		}
		e := fmt.Errorf("%s: %d %s", what, tp.Code, tp.Msg)
		if tp.Code/100 == 4 {
			return temporary(e)
		}
		return permanent(e)
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		var cv *tls.CertificateVerificationError
		if !errors.As(err, &cv) {
			return temporary(fmt.Errorf("เชื่อมต่อเซิร์ฟเวอร์อีเมล %s ไม่ได้: %w", addr, err))
		}
	}
	return permanent(fmt.Errorf("เชื่อมต่อเซิร์ฟเวอร์อีเมล %s อย่างปลอดภัยไม่ได้ (%s): %w", addr, o.Security, err))
}

// close ends the connection; the next round connects afresh.
func (s *smtpSession) close() {
	if s.conn != nil {
		s.conn.Quit()
		s.conn.Close()
	}
	s.conn, s.client, s.down = nil, nil, nil
}

// drop forgets a connection in an unknown state.
func (s *smtpSession) drop() {
	if s.conn != nil {
		s.conn.Close()
	}
	s.conn, s.client = nil, nil
}

// send delivers m to its one recipient and returns the server's answer.
func (s *smtpSession) send(ctx context.Context, m Message) (string, error) {
	if s.fatal != nil {
		return "", s.fatal
	}
	if !validEmail(m.Rcpt) {
		return "", permanent(fmt.Errorf("ที่อยู่ผู้รับไม่ถูกต้อง: %q", cleanHeader(m.Rcpt)))
	}
	msg, err := compose(m)
	if err != nil {
		return "", permanent(err)
	}
	if s.down != nil {
		return "", s.down
	}
	if s.conn == nil {
		if err := s.dial(ctx); err != nil {
			if isTemporary(err) {
				s.down = err
			} else {
				s.fatal = err // the same for every message: do not dial again
			}
			return "", err
		}
	}
	c := s.conn
	if err := c.UpdateDeadline(time.Duration(s.opt.SMTP.TimeoutSec) * time.Second); err != nil {
		s.drop()
		return "", temporary(err)
	}
	if err := c.Mail(angle(m.From.Email)); err != nil {
		return "", s.txError("MAIL FROM", err)
	}
	if err := c.Rcpt(angle(m.Rcpt)); err != nil {
		return "", s.txError("RCPT TO "+m.Rcpt, err)
	}
	w, err := c.Data()
	if err != nil {
		return "", s.txError("DATA", err)
	}
	if _, err := msg.WriteTo(w); err != nil {
		s.drop()
		return "", temporary(fmt.Errorf("ส่งเนื้อความไม่สำเร็จ: %w", err))
	}
	if err := w.Close(); err != nil {
		return "", s.txError("ข้อความ", err)
	}
	resp := ""
	if dc, ok := w.(*smtp.DataCloser); ok {
		resp = dc.ServerResponse()
	}
	if err := c.Reset(); err != nil {
		s.drop() // the message is delivered; only the connection is in doubt
	}
	return resp, nil
}

// txError classifies a failed SMTP command: the server's 4xx is temporary
// and 5xx permanent (the connection stays usable after RSET); anything else
// is a broken connection, temporary, and dropped.
func (s *smtpSession) txError(step string, err error) error {
	var tp *textproto.Error
	if errors.As(err, &tp) {
		if rerr := s.conn.Reset(); rerr != nil {
			s.drop()
		}
		e := fmt.Errorf("เซิร์ฟเวอร์อีเมลไม่รับ (%s): %d %s", step, tp.Code, tp.Msg)
		if tp.Code/100 == 4 {
			return temporary(e)
		}
		return permanent(e)
	}
	s.drop()
	return temporary(fmt.Errorf("การเชื่อมต่อขาดระหว่าง %s: %w", step, err))
}

func angle(addr string) string { return (&mail.Address{Address: addr}).String() }

// writeOutbox writes each message of a dry run as a file: .eml for e-mail,
// .json (the request body, without the token) for LINE. Names come from the
// delivery ID, made safe, plus a hash, so reruns overwrite the same files.
func writeOutbox(jobs []*job, opt SendOptions, settle func(*job, string, string, string, string)) {
	if err := os.MkdirAll(opt.Outbox, 0o755); err != nil {
		for _, j := range jobs {
			settle(j, StatusFailed, "สร้างโฟลเดอร์ outbox ไม่ได้: "+err.Error(), "", "")
		}
		return
	}
	// Files of an earlier dry run that this one would not write again.
	keep := map[string]bool{}
	for _, j := range jobs {
		keep[outboxName(j.m)] = true
	}
	if old, err := os.ReadDir(opt.Outbox); err == nil {
		for _, e := range old {
			n := e.Name()
			if !keep[n] && e.Type().IsRegular() && (strings.HasSuffix(n, ".eml") || strings.HasSuffix(n, ".line.json")) {
				os.Remove(filepath.Join(opt.Outbox, n))
			}
		}
	}
	for _, j := range jobs {
		j.attempts = 1
		path := filepath.Join(opt.Outbox, outboxName(j.m))
		var data []byte
		var err error
		switch j.m.Channel {
		case ChannelEmail:
			m := j.m
			if m.From.Email == "" {
				// A dry run (lwc demo) works before smtp.from is set.
				m.From.Email = "lwc@example.invalid"
			}
			data, err = renderEmail(m)
		case ChannelLINE:
			data, err = linePayload(j.m)
		default:
			err = fmt.Errorf("ช่องทาง %q ไม่รู้จัก", j.m.Channel)
		}
		if err == nil {
			err = publish.WriteFileAtomic(path, data)
		}
		if err != nil {
			settle(j, StatusFailed, "เขียนลง outbox ไม่ได้: "+err.Error(), "", "")
			continue
		}
		settle(j, StatusSent, "", "", path)
	}
}

func renderEmail(m Message) ([]byte, error) {
	if !validEmail(m.Rcpt) {
		return nil, fmt.Errorf("ที่อยู่ผู้รับไม่ถูกต้อง: %q", cleanHeader(m.Rcpt))
	}
	msg, err := compose(m)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	if _, err := msg.WriteTo(&b); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

func outboxName(m Message) string {
	h := sha256.Sum256([]byte(m.ID))
	base := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_', r == '@':
			return r
		}
		return '_'
	}, strings.TrimPrefix(strings.TrimPrefix(m.ID, "email/"), "line/"))
	base = strings.ReplaceAll(base, "..", "_")
	if len(base) > 100 {
		base = base[:100]
	}
	ext := ".eml"
	if m.Channel == ChannelLINE {
		ext = ".line.json"
	}
	return base + "-" + hex.EncodeToString(h[:4]) + ext
}
