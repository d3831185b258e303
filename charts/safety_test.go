package charts

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"lwc/report/reporttest"
	"lwc/report/settings"
)

var (
	scriptTag = regexp.MustCompile(`<script[^>]*>`)
	dataBlock = regexp.MustCompile(`(?s)<script type="application/json" id="[a-z0-9-]+-options">(.*?)</script>`)
	urlAttr   = regexp.MustCompile(`(?:href|src)="([^"]*)"`)
)

// TestHostileHTML checks the markup of the hostile site: the browser test
// proves nothing runs; this one shows why, page by page.
func TestHostileHTML(t *testing.T) {
	files, err := Render(Input{Snapshot: reporttest.Hostile(), Settings: settings.Default(), Generated: generated})
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".html") {
			continue
		}
		pages++
		html := string(f.Data)
		// Only two kinds of script element: the two site scripts, and
		// JSON data blocks.
		blocks := dataBlock.FindAllStringSubmatch(html, -1)
		for _, tag := range scriptTag.FindAllString(html, -1) {
			if !strings.HasPrefix(tag, `<script type="application/json" id="`) &&
				!strings.HasSuffix(tag, `assets/echarts.min.js">`) && !strings.HasSuffix(tag, `assets/site.js">`) {
				t.Errorf("%s: unexpected %s", f.Name, tag)
			}
		}
		if got, want := len(scriptTag.FindAllString(html, -1)), len(blocks)+2; got != want {
			t.Errorf("%s: %d script elements, want %d data blocks + 2", f.Name, got, len(blocks))
		}
		for _, b := range blocks {
			if strings.ContainsAny(b[1], "<>&") {
				t.Errorf("%s: chart data holds an unescaped <, > or &", f.Name)
			}
			var v map[string]any
			if err := json.Unmarshal([]byte(b[1]), &v); err != nil {
				t.Errorf("%s: chart data is not JSON: %v", f.Name, err)
			}
		}
		if strings.Contains(html, "<img") || strings.Contains(html, "<script>window") {
			t.Errorf("%s: hostile markup came through unescaped", f.Name)
		}
		// Offline: every link and script stays inside the site folder.
		for _, m := range urlAttr.FindAllStringSubmatch(html, -1) {
			u := m[1]
			if strings.Contains(u, "//") || strings.Contains(u, ":") && u != "data:," {
				t.Errorf("%s: link or script outside the site: %s", f.Name, u)
			}
		}
	}
	if pages != 18 {
		t.Errorf("checked %d pages, want 18", pages)
	}
}

// TestHostileDistrictCode: a code from plan.xlsx can never make a page path
// leave the district folder.
func TestHostileDistrictCode(t *testing.T) {
	s := reporttest.Snapshot()
	s.Districts[0].Code = "../../evil"
	s.Districts[1].Code = "x2e2e2f2e2e2f6576696c" // what the first encodes to
	dir := filepath.Join(t.TempDir(), "site")
	in := testInput(t)
	in.Snapshot = s
	if err := Build(dir, in); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"district/x2e2e2f2e2e2f6576696c.html", "district/x2e2e2f2e2e2f6576696c-2.html"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Error(err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "..", "..", "evil.html")); err == nil {
		t.Error("a district page was written outside the site")
	}
}

func TestHandler(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "index.html"), "<!DOCTYPE html><title>x</title>")
	srv := httptest.NewServer(Handler(dir))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("status %d", resp.StatusCode)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("Content-Security-Policy = %q", csp)
	}
	resp, err = http.Post(srv.URL+"/index.html", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d", resp.StatusCode)
	}
}

func TestServe(t *testing.T) {
	if err := Serve(context.Background(), filepath.Join(t.TempDir(), "missing"), "127.0.0.1:0"); err == nil ||
		!strings.Contains(err.Error(), "lwc run") {
		t.Errorf("missing folder: err = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, t.TempDir(), "127.0.0.1:0") }()
	time.Sleep(100 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve after cancel: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not stop when its context ended")
	}
}
