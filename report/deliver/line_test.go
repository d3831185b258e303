package deliver

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"lwc/report/settings"
)

const (
	lineGroup = "C0123456789abcdef0123456789abcdef"
	lineUser  = "U0123456789abcdef0123456789abcdef"
	lineGone  = "Uffffffffffffffffffffffffffffffff"
	lineToken = "line-channel-token-SECRET"
)

type linePushSeen struct {
	auth, retryKey string
	push           linePush
}

func TestLINEPush(t *testing.T) {
	var mu sync.Mutex
	var seen []linePushSeen
	failOnce := map[string]bool{lineGroup: true}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.Method != http.MethodPost || r.URL.Path != "/v2/bot/message/push" || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("request %s %s %s", r.Method, r.URL.Path, r.Header.Get("Content-Type"))
		}
		body, _ := io.ReadAll(r.Body)
		var p linePush
		if err := json.Unmarshal(body, &p); err != nil {
			t.Errorf("body %s: %v", body, err)
		}
		seen = append(seen, linePushSeen{r.Header.Get("Authorization"), r.Header.Get("X-Line-Retry-Key"), p})
		switch {
		case r.Header.Get("Authorization") != "Bearer "+lineToken:
			w.WriteHeader(http.StatusUnauthorized)
		case failOnce[p.To]:
			failOnce[p.To] = false
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, `{"message":"An error occurred in the server"}`)
		case p.To == lineGone:
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"message":"The property, 'to', in the request body is invalid"}`)
		default:
			io.WriteString(w, `{"sentMessages":[{"id":"1"}]}`)
		}
	}))
	defer srv.Close()

	f := newFixture(t)
	f.settings.LINE.To = []string{lineGroup, lineUser, lineGone}
	f.settings.LINE.Endpoint = srv.URL + "/v2/bot/message/push"
	f.out.LINE = true
	msgs, _ := Plan(testSnapshot(), testContacts(), f.out, f.settings)
	var lineMsgs []Message
	for _, m := range msgs {
		if m.Channel == ChannelLINE {
			lineMsgs = append(lineMsgs, m)
		}
	}
	var sleeps []time.Duration
	var log strings.Builder
	opt := SendOptions{
		LINE: f.settings.LINE, LINEToken: lineToken, AsOf: "2026-11-20",
		LedgerDir: filepath.Join(f.dir, "ledger"), SMTP: f.settings.SMTP,
		Sleep: func(ctx context.Context, d time.Duration) error { sleeps = append(sleeps, d); return nil },
		Now:   func() time.Time { return generated },
	}
	opt.Log = newTextLog(&log)
	rep := Send(context.Background(), lineMsgs, opt)
	if len(rep.Sent) != 2 || len(rep.Failed) != 1 || len(sleeps) != 1 {
		t.Fatalf("report %s, waits %v: %+v", rep, sleeps, rep.Failed)
	}
	if r := rep.Failed[0]; r.To != lineGone || !strings.Contains(r.Reason, "400") || !strings.Contains(r.Reason, "'to'") {
		t.Errorf("failure %+v", r)
	}
	mu.Lock()
	if len(seen) != 4 {
		t.Fatalf("%d pushes, want 4 (one retried)", len(seen))
	}
	if seen[0].push.To != lineGroup || seen[3].push.To != lineGroup || seen[0].retryKey != seen[3].retryKey || seen[0].retryKey == seen[1].retryKey {
		t.Errorf("retry keys: the same for a retry, different per delivery: %+v", seen)
	}
	if txt := seen[1].push.Messages[0]; txt.Type != "text" || !strings.Contains(txt.Text, f.out.Summary) || !strings.Contains(txt.Text, f.out.Link) {
		t.Errorf("message %+v", txt)
	}
	mu.Unlock()

	// Counted in the ledger: a rerun pushes only the failed one again.
	rep2 := Send(context.Background(), lineMsgs, opt)
	if len(rep2.Skipped) != 2 || len(rep2.Failed) != 1 {
		t.Errorf("rerun %s", rep2)
	}
	ledger, _ := os.ReadFile(filepath.Join(f.dir, "ledger", "2026-11-20.jsonl"))
	if !strings.Contains(string(ledger), lineUser) || strings.Contains(string(ledger), lineToken) || strings.Contains(log.String(), lineToken) {
		t.Errorf("ledger %s / token leaked", ledger)
	}

	// A wrong token is a permanent failure, not retried.
	opt.LINEToken, opt.Resend, sleeps = "wrong", true, nil
	rep3 := Send(context.Background(), lineMsgs[:1], opt)
	if len(rep3.Failed) != 1 || !strings.Contains(rep3.Failed[0].Reason, "token") || len(sleeps) != 0 {
		t.Errorf("wrong token: %+v waits %v", rep3, sleeps)
	}
	// The token never goes over plain http to another machine.
	opt.LINE.Endpoint = "http://api.line.me/v2/bot/message/push"
	rep4 := Send(context.Background(), lineMsgs[:1], opt)
	if len(rep4.Failed) != 1 || !strings.Contains(rep4.Failed[0].Reason, "https") {
		t.Errorf("plain http: %+v", rep4)
	}
}

func TestLINEConflictCountsAsSent(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Line-Accepted-Request-Id", "abc")
		w.WriteHeader(http.StatusConflict)
		io.WriteString(w, `{"message":"The retry key is already accepted"}`)
	}))
	defer srv.Close()
	opt := SendOptions{LINE: lineSettings(srv.URL), LINEToken: lineToken, AsOf: "2026-11-20", LedgerDir: t.TempDir()}
	rep := Send(context.Background(), []Message{{ID: "line/summary/" + lineUser, Channel: ChannelLINE, Rcpt: lineUser, Body: "x"}}, opt)
	if len(rep.Sent) != 1 {
		t.Errorf("409 with an accepted request: %s %+v", rep, rep.Failed)
	}
}

func lineSettings(url string) (l settings.LINE) {
	l.Endpoint = url
	return l
}
