package deliver

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

// DefaultLINEEndpoint is the Messaging API's push endpoint (LINE Notify
// closed on 31 March 2025).
const DefaultLINEEndpoint = "https://api.line.me/v2/bot/message/push"

type lineSender struct {
	endpoint string
	token    string
	client   *http.Client
	now      func() time.Time
}

func newLINESender(opt SendOptions) *lineSender {
	c := opt.HTTPClient
	if c == nil {
		c = &http.Client{Timeout: time.Duration(opt.SMTP.TimeoutSec) * time.Second}
	}
	ep := opt.LINE.Endpoint
	if ep == "" {
		ep = DefaultLINEEndpoint
	}
	return &lineSender{endpoint: ep, token: opt.LINEToken, client: c, now: opt.Now}
}

type linePush struct {
	To       string        `json:"to"`
	Messages []lineMessage `json:"messages"`
}

type lineMessage struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

func linePayload(m Message) ([]byte, error) {
	if !validLINEID(m.Rcpt) {
		return nil, fmt.Errorf("รหัสผู้รับ LINE ไม่ถูกต้อง: %q", cleanHeader(m.Rcpt))
	}
	return json.Marshal(linePush{To: m.Rcpt, Messages: []lineMessage{{Type: "text", Text: truncateRunes(m.Body, lineMaxText)}}})
}

// retryKey is the X-Line-Retry-Key of a delivery: the same for every attempt
// of one run date, so LINE itself refuses a repeat the ledger could not
// prevent (a crash after LINE's 200). With resend it differs, or LINE
// would refuse the resend.
func (l *lineSender) retryKey(m Message, asOf string, resend bool) string {
	seed := asOf + "\x00" + m.ID
	if resend {
		seed += "\x00" + l.now().UTC().Format(time.RFC3339Nano)
	}
	h := sha256.Sum256([]byte(seed))
	h[6] = h[6]&0x0f | 0x50 // UUID version 5 layout
	h[8] = h[8]&0x3f | 0x80
	x := hex.EncodeToString(h[:16])
	return x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

// push sends the summary text to one LINE user, group or room.
func (l *lineSender) push(ctx context.Context, m Message, asOf string, resend bool) (string, error) {
	if l.token == "" {
		return "", permanent(errors.New("ไม่ได้ตั้งค่า token ของ LINE (ตัวแปรสภาพแวดล้อมตาม line.token_env)"))
	}
	u, err := url.Parse(l.endpoint)
	if err != nil || u.Host == "" {
		return "", permanent(fmt.Errorf("line.endpoint ไม่ถูกต้อง: %q", l.endpoint))
	}
	// The token must not cross the network in clear text; plain http only
	// to this machine (tests).
	if u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname())) {
		return "", permanent(fmt.Errorf("line.endpoint ต้องเป็น https: %q", l.endpoint))
	}
	body, err := linePayload(m)
	if err != nil {
		return "", permanent(err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.endpoint, bytes.NewReader(body))
	if err != nil {
		return "", permanent(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+l.token)
	req.Header.Set("X-Line-Retry-Key", l.retryKey(m, asOf, resend))
	resp, err := l.client.Do(req)
	if err != nil {
		return "", temporary(fmt.Errorf("เชื่อมต่อ LINE ไม่ได้: %w", err))
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	text := lineErrorText(data)
	switch {
	case resp.StatusCode/100 == 2:
		return resp.Status, nil
	case resp.StatusCode == http.StatusConflict && resp.Header.Get("X-Line-Accepted-Request-Id") != "":
		// LINE accepted this retry key before: the message went out.
		return resp.Status + " (LINE รับข้อความนี้ไปแล้ว)", nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode/100 == 5:
		return "", temporary(fmt.Errorf("LINE ขัดข้องชั่วคราว: %s %s", resp.Status, text))
	case resp.StatusCode == http.StatusUnauthorized:
		return "", permanent(fmt.Errorf("LINE ไม่รับ token (ตรวจ token ของช่อง): %s %s", resp.Status, text))
	default:
		return "", permanent(fmt.Errorf("LINE ไม่รับข้อความ: %s %s", resp.Status, text))
	}
}

// lineErrorText is the "message" of a LINE error body, or the body itself.
func lineErrorText(data []byte) string {
	var e struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(data, &e) == nil && e.Message != "" {
		return cleanHeader(e.Message)
	}
	return truncateRunes(cleanHeader(string(data)), 300)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
