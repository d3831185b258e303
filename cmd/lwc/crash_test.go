package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"lwc/report/archive"
	"lwc/report/deliver"
	"lwc/report/sample"
)

// TestMain lets the test binary stand in for lwc in child processes, so the
// crash test kills a real process without building another binary.
func TestMain(m *testing.M) {
	if os.Getenv("LWC_BE_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// mailbox is a real SMTP server on 127.0.0.1 that remembers every message.
type mailbox struct {
	addr string
	mu   sync.Mutex
	got  []received
}

type received struct {
	rcpt    string
	subject string
}

func (mb *mailbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &mailSession{mb: mb}, nil }

type mailSession struct {
	mb    *mailbox
	rcpts []string
}

func (s *mailSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.rcpts = append(s.rcpts, to)
	return nil
}
func (s *mailSession) Data(r io.Reader) error {
	msg, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, msg.Body)
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	s.mb.mu.Lock()
	for _, rc := range s.rcpts {
		s.mb.got = append(s.mb.got, received{rc, subject})
	}
	s.mb.mu.Unlock()
	return nil
}
func (s *mailSession) Reset()        { s.rcpts = nil }
func (s *mailSession) Logout() error { return nil }

func startMailbox(t *testing.T) *mailbox {
	mb := &mailbox{}
	srv := smtp.NewServer(mb)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	mb.addr = ln.Addr().String()
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return mb
}

func (mb *mailbox) deliveries() []received {
	mb.mu.Lock()
	defer mb.mu.Unlock()
	return append([]received(nil), mb.got...)
}

// crashWorkspace makes the sample province with e-mail going to mb.
func crashWorkspace(t *testing.T, mb *mailbox) (string, []sample.Round) {
	dir := t.TempDir()
	if err := writeDemoSettings(dir); err != nil {
		t.Fatal(err)
	}
	rounds, err := sample.Demo(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := initWorkspace(dir); err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(mb.addr)
	toml, _ := os.ReadFile(filepath.Join(dir, "lwc.toml"))
	text := strings.Replace(string(toml), `host = ""`, fmt.Sprintf("host = %q", host), 1)
	text = strings.Replace(text, "port = 587", "port = "+port, 1)
	text = strings.Replace(text, `security = "starttls"`, `security = "none"`, 1)
	os.WriteFile(filepath.Join(dir, "lwc.toml"), []byte(text), 0o644)
	return dir, rounds
}

func putRound(t *testing.T, dir string, r sample.Round) {
	inbox := filepath.Join(dir, "inbox")
	os.RemoveAll(inbox)
	os.MkdirAll(inbox, 0o755)
	for _, f := range r.Files {
		if err := os.WriteFile(filepath.Join(inbox, f.Name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// runChild runs lwc in a child process; crashAt names where it kills itself.
func runChild(t *testing.T, dir, crashAt string, args ...string) (exit int, killed bool, out string) {
	cmd := exec.Command(os.Args[0], append([]string{"-w", dir}, args...)...)
	cmd.Env = append(os.Environ(), "LWC_BE_MAIN=1", "LWC_CRASH_AT="+crashAt, "SOURCE_DATE_EPOCH="+fixedEpoch)
	var b bytes.Buffer
	cmd.Stdout, cmd.Stderr = &b, &b
	err := cmd.Run()
	var xe *exec.ExitError
	if errors.As(err, &xe) {
		if ws, ok := xe.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			return -1, true, b.String()
		}
		return xe.ExitCode(), false, b.String()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, false, b.String()
}

// TestCrashAnywhere kills lwc run with SIGKILL at every stage boundary and
// after deliveries, and checks each time that the previous site is intact,
// the archive and the ledger are consistent, and that the next run completes
// and every message reaches its recipient exactly once.
func TestCrashAnywhere(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test runs the job many times")
	}
	mb := startMailbox(t)
	dir, rounds := crashWorkspace(t, mb)
	first, second := rounds[len(rounds)-2], rounds[len(rounds)-1]

	putRound(t, dir, first)
	if code, _, out := runChild(t, dir, "", "run", "--as-of", first.AsOf.Format(time.DateOnly)); code != 0 {
		t.Fatalf("first run: exit %d\n%s", code, out)
	}
	firstMail := len(mb.deliveries())
	if firstMail == 0 {
		t.Fatal("the first run sent nothing")
	}
	siteBefore := readTree(t, filepath.Join(dir, "site"))

	putRound(t, dir, second)
	asOf := second.AsOf.Format(time.DateOnly)
	points := []string{"stage:load", "stage:read", "stage:compute", "stage:render", "stage:publish",
		"stage:publish-out", "stage:deliver", "sent:1", "sent:2", "sent:7", "sent:20", "stage:archive"}
	for _, point := range points {
		_, killed, out := runChild(t, dir, point, "run", "--as-of", asOf)
		if !killed {
			t.Fatalf("%s: the run was not killed\n%s", point, out)
		}
		// The live site is last week's or this week's, whole.
		site := readTree(t, filepath.Join(dir, "site"))
		if !bytes.Equal(site["index.html"], siteBefore["index.html"]) {
			for name := range siteBefore {
				if _, ok := site[name]; !ok && !strings.HasPrefix(name, "district/") {
					t.Errorf("%s: site lost %s", point, name)
				}
			}
		}
		if !bytes.Contains(site["index.html"], []byte("</html>")) {
			t.Errorf("%s: site/index.html is cut short", point)
		}
		checkArchive(t, point, filepath.Join(dir, "archive"))
	}

	// The next run completes and sends what is left.
	if code, _, out := runChild(t, dir, "", "run", "--as-of", asOf); code != 0 {
		t.Fatalf("run after the crashes: exit %d\n%s", code, out)
	}
	checkArchive(t, "after", filepath.Join(dir, "archive"))
	got := mb.deliveries()[firstMail:]
	seen := map[received]int{}
	for _, r := range got {
		seen[r]++
	}
	for r, n := range seen {
		if n != 1 {
			t.Errorf("%s got %q %d times", r.rcpt, r.subject, n)
		}
	}
	ledger, err := deliver.OpenLedger(filepath.Join(dir, "archive", "ledger"), asOf)
	if err != nil {
		t.Fatal(err)
	}
	if ledger.Len() != len(seen) {
		t.Errorf("ledger has %d deliveries, the server received %d distinct", ledger.Len(), len(seen))
	}
	ledger.Close()

	// A rerun of the same date sends nothing again.
	if code, _, out := runChild(t, dir, "", "run", "--as-of", asOf); code != 0 {
		t.Fatalf("rerun: exit %d\n%s", code, out)
	}
	if n := len(mb.deliveries()) - firstMail; n != len(got) {
		t.Errorf("rerun sent %d more messages; want none", n-len(got))
	}
}

// checkArchive asserts every date folder matches its manifest and has a
// readable snapshot, and the ledger files read.
func checkArchive(t *testing.T, point, root string) {
	t.Helper()
	dates, err := archive.Dates(root)
	if err != nil {
		t.Fatalf("%s: %v", point, err)
	}
	for _, d := range dates {
		if err := archive.Verify(root, d); err != nil {
			t.Errorf("%s: archive %s: %v", point, d.Format(time.DateOnly), err)
		}
		if _, err := archive.ReadSnapshot(filepath.Join(archive.DateDir(root, d), archive.SnapshotFile)); err != nil {
			t.Errorf("%s: snapshot %s: %v", point, d.Format(time.DateOnly), err)
		}
		l, err := deliver.OpenLedger(filepath.Join(root, "ledger"), d.Format(time.DateOnly))
		if err != nil {
			t.Errorf("%s: ledger %s: %v", point, d.Format(time.DateOnly), err)
			continue
		}
		l.Close()
	}
	_ = strconv.Itoa
}
