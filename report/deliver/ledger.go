package deliver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"lwc/report/publish"
)

// LedgerEntry is one confirmed delivery, one JSON line of the ledger.
type LedgerEntry struct {
	ID        string `json:"id"`
	Channel   string `json:"channel"`
	To        string `json:"to"`
	MessageID string `json:"message_id,omitempty"`
	At        string `json:"at"`                 // RFC 3339, when it was confirmed
	Response  string `json:"response,omitempty"` // the server's answer
}

// Ledger is the send ledger of one as-of date (see the package
// documentation).
type Ledger struct {
	path   string
	sent   map[string]LedgerEntry
	torn   int  // lines that could not be read (a crash mid-write)
	needNL bool // the file ends in a torn line: start the next on a fresh one
	f      *os.File
}

// LedgerPath is where the ledger of an as-of date (YYYY-MM-DD) lives: dir is
// the ledger folder, e.g. <archive>/ledger.
func LedgerPath(dir, asOf string) (string, error) {
	if _, err := time.Parse(time.DateOnly, asOf); err != nil || len(asOf) != 10 {
		return "", fmt.Errorf("วันที่ของบันทึกการส่งไม่ถูกต้อง: %q", asOf)
	}
	return filepath.Join(dir, asOf+".jsonl"), nil
}

// OpenLedger reads the ledger of asOf in dir; a missing file is an empty
// ledger. The file is created at the first Record.
func OpenLedger(dir, asOf string) (*Ledger, error) {
	path, err := LedgerPath(dir, asOf)
	if err != nil {
		return nil, err
	}
	l := &Ledger{path: path, sent: map[string]LedgerEntry{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return l, nil
	}
	if err != nil {
		return nil, fmt.Errorf("อ่านบันทึกการส่ง %s ไม่ได้: %w", path, err)
	}
	l.needNL = len(data) > 0 && data[len(data)-1] != '\n'
	for _, line := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var e LedgerEntry
		if err := json.Unmarshal(line, &e); err != nil || e.ID == "" {
			l.torn++
			continue
		}
		l.sent[e.ID] = e
	}
	return l, nil
}

// Path is the ledger's file.
func (l *Ledger) Path() string { return l.path }

// Torn is the number of unreadable lines (a crash mid-write leaves one).
func (l *Ledger) Torn() int { return l.torn }

// Sent reports whether the delivery id is recorded, and its entry.
func (l *Ledger) Sent(id string) (LedgerEntry, bool) {
	e, ok := l.sent[id]
	return e, ok
}

// Len is the number of recorded deliveries.
func (l *Ledger) Len() int { return len(l.sent) }

// Record appends e and syncs it to disk before returning: once Record
// returns, no later run sends e.ID again.
func (l *Ledger) Record(e LedgerEntry) error {
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if l.f == nil {
		dir := filepath.Dir(l.path)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("สร้างโฟลเดอร์บันทึกการส่ง %s ไม่ได้: %w", dir, err)
		}
		f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			return fmt.Errorf("เปิดบันทึกการส่ง %s ไม่ได้: %w", l.path, err)
		}
		// The file's name must survive a crash as well as its content.
		if err := publish.SyncDir(dir); err != nil {
			f.Close()
			return err
		}
		l.f = f
	}
	if l.needNL {
		line = append([]byte("\n"), line...)
	}
	line = append(line, '\n')
	if _, err := l.f.Write(line); err != nil {
		l.needNL = true // part of the line may be there
		return fmt.Errorf("เขียนบันทึกการส่ง %s ไม่ได้: %w", l.path, err)
	}
	l.needNL = false
	if err := l.f.Sync(); err != nil {
		return fmt.Errorf("บันทึกการส่ง %s ลงดิสก์ไม่ได้: %w", l.path, err)
	}
	l.sent[e.ID] = e
	return nil
}

// Close closes the file.
func (l *Ledger) Close() error {
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}
