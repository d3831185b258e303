package charts

import (
	"context"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"lwc/report"
	"lwc/report/reporttest"
	"lwc/report/settings"
)

var docsShot = flag.Bool("docs", false, "write the overview screenshot (desktop width) for the README to ../docs/overview.png")

// Viewports the pages are checked at: a desktop and a common phone.
const (
	desktopW, desktopH = 1280, 900
	phoneW, phoneH     = 390, 844
)

// chromium returns the browser to test with. Without one the browser tests
// are skipped, except under CI, where a missing browser is a failure.
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("LWC_CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no Chromium found (install the Debian package chromium, or set LWC_CHROMIUM); CI requires the browser tests")
	}
	t.Skip("browser test skipped: no Chromium found (apt-get install chromium, or set LWC_CHROMIUM)")
	return ""
}

// realECharts is the npm copy of ECharts; the browser tests draw with it.
func realECharts(t *testing.T) string {
	t.Helper()
	p, err := FindECharts("")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip("browser test skipped: ", err)
	}
	return p
}

func screenshotDir(t *testing.T) string {
	if d := os.Getenv("LWC_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// browser is one headless Chromium tab that records everything a page does
// that the tests forbid: console errors, uncaught exceptions, dialogs and
// requests outside the site.
type browser struct {
	ctx    context.Context
	inside func(url string) bool

	mu       sync.Mutex
	problems []string
	requests int
}

func (b *browser) problem(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.problems = append(b.problems, fmt.Sprintf(format, args...))
}

// take returns and clears the problems recorded so far.
func (b *browser) take() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.problems
	b.problems = nil
	return p
}

func newBrowser(t *testing.T, inside func(string) bool) *browser {
	t.Helper()
	exe := chromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("metrics-recording-only", true),
		// Cut the network off: no name resolves except the loopback test
		// server, so anything from outside fails even if it slipped past
		// the request interception below.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"),
		chromedp.WindowSize(desktopW, desktopH),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelA)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(cancelC)
	b := &browser{ctx: ctx, inside: inside}
	err := chromedp.Listen(ctx, func(ev any) {
		// Runs in the tab's message loop: record, and answer paused
		// requests and dialogs from another goroutine.
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			switch ev.Type {
			case runtime.ConsoleAPICalledTypeError, runtime.ConsoleAPICalledTypeAssert, runtime.ConsoleAPICalledTypeWarning:
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, strings.TrimSpace(string(a.Value)+" "+a.Description))
				}
				b.problem("console %s: %s", ev.Type, strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			desc := ""
			if d.Exception != nil {
				desc = d.Exception.Description
			}
			b.problem("exception: %s %s (%s:%d)", d.Text, desc, d.URL, d.LineNumber)
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
				b.problem("log %s (%s): %s %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
			}
		case *network.EventRequestWillBeSent:
			b.mu.Lock()
			b.requests++
			b.mu.Unlock()
			if !b.inside(ev.Request.URL) {
				b.problem("request outside the site: %s", ev.Request.URL)
			}
		case *fetch.EventRequestPaused:
			id, url := ev.RequestID, ev.Request.URL
			go func() {
				if b.inside(url) {
					_, _ = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id})
					return
				}
				b.problem("request outside the site (blocked): %s", url)
				_, _ = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: id, ErrorReason: network.ErrorReasonBlockedByClient})
			}()
		case *cdppage.EventJavascriptDialogOpening:
			b.problem("a %s dialog opened: %q", ev.Type, ev.Message)
			go func() {
				_, _ = chromedp.Call(ctx, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: false})
			}()
		}
	})
	if err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	for _, enable := range []func() error{
		func() error { _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); return err },
		func() error { _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); return err },
		func() error { _, err := chromedp.Call(ctx, runtime.Enable, cdp.Empty{}); return err },
		func() error {
			_, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}})
			return err
		},
	} {
		if err := enable(); err != nil {
			t.Fatalf("start Chromium: %v", err)
		}
	}
	return b
}

// chartState is what the page says about one chart container.
type chartState struct {
	ID     string  `json:"id"`
	Drawn  bool    `json:"drawn"`
	Width  float64 `json:"width"`  // canvas size in CSS pixels
	Height float64 `json:"height"` // canvas size in CSS pixels
	Box    float64 `json:"box"`    // container width
}

const chartsJS = `Array.from(document.querySelectorAll('.chart')).map(function (el) {
	var c = el.querySelector('canvas');
	var r = c ? c.getBoundingClientRect() : {width: 0, height: 0};
	return {id: el.id, drawn: el.getAttribute('data-drawn') === 'true', width: r.width, height: r.height,
		box: el.getBoundingClientRect().width};
})`

// checkPage opens url and fails t for anything forbidden; it returns the
// page's chart states for further checks.
func (b *browser) checkPage(t *testing.T, url string, wantCharts int) []chartState {
	t.Helper()
	err := chromedp.Do(b.ctx,
		chromedp.Navigate(url),
		chromedp.WaitReady(chromedp.CSS("footer")),
	)
	if err == nil {
		_, err = chromedp.Run(b.ctx, chromedp.Poll[bool](
			`document.querySelectorAll('.chart').length === document.querySelectorAll('.chart[data-drawn="true"] canvas').length`,
			chromedp.WithPollingTimeout(10*time.Second)))
	}
	if err != nil {
		t.Errorf("%s: %v", url, err)
	}
	states := b.charts(t)
	pwned := b.eval(t, `typeof window.__pwned`)
	if len(states) != wantCharts {
		t.Errorf("%s: %d chart containers, the HTML has %d", url, len(states), wantCharts)
	}
	if wantCharts == 0 {
		t.Errorf("%s: a page without charts", url)
	}
	for _, s := range states {
		if !s.Drawn || s.Width < 50 || s.Height < 50 {
			t.Errorf("%s: chart %s did not draw (drawn=%v, canvas %.0fx%.0f)", url, s.ID, s.Drawn, s.Width, s.Height)
		}
	}
	if pwned != "undefined" {
		t.Errorf("%s: window.__pwned is %s: injected script ran", url, pwned)
	}
	for _, p := range b.take() {
		t.Errorf("%s: %s", url, p)
	}
	return states
}

func (b *browser) charts(t *testing.T) []chartState {
	t.Helper()
	states, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]chartState](chartsJS))
	if err != nil {
		t.Errorf("read charts: %v", err)
	}
	return states
}

func (b *browser) eval(t *testing.T, js string) string {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Errorf("evaluate %s: %v", js, err)
	}
	return v
}

func (b *browser) viewport(t *testing.T, w, h int64, opts ...chromedp.EmulateViewportOption) {
	t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(w, h, opts...), chromedp.Sleep(300*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
}

func (b *browser) screenshot(t *testing.T, path string) {
	t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot %s: %v", path, err)
		return
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Error(err)
	}
}

// sitePages lists the site's HTML pages (slash paths) and how many chart
// containers each has, read from the built files.
func sitePages(t *testing.T, dir string) map[string]int {
	t.Helper()
	pages := map[string]int{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		pages[filepath.ToSlash(rel)] = strings.Count(string(b), `<div class="chart`)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

func buildFor(t *testing.T, s *report.Snapshot) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	in := Input{Snapshot: s, Settings: settings.Default(), Generated: generated, ECharts: realECharts(t)}
	if err := Build(dir, in); err != nil {
		t.Fatal(err)
	}
	return dir
}

func serveSite(t *testing.T, dir string) (base string, inside func(string) bool) {
	srv := httptest.NewServer(Handler(dir))
	t.Cleanup(srv.Close)
	return srv.URL, func(u string) bool {
		return u == srv.URL || strings.HasPrefix(u, srv.URL+"/") || strings.HasPrefix(u, "data:")
	}
}

// TestBrowserSite opens every page of the Lampang site in Chromium, at a
// desktop and at a phone width.
func TestBrowserSite(t *testing.T) {
	chromium(t)
	start := time.Now()
	dir := buildFor(t, reporttest.Snapshot())
	base, inside := serveSite(t, dir)
	b := newBrowser(t, inside)
	shots := screenshotDir(t)
	pages := sitePages(t, dir)
	if len(pages) != 5+13 {
		t.Errorf("%d pages, want 18", len(pages))
	}
	for _, name := range sortedCodes(pages) {
		url := base + "/" + name
		flat := strings.ReplaceAll(strings.TrimSuffix(name, ".html"), "/", "-")

		b.viewport(t, desktopW, desktopH)
		b.checkPage(t, url, pages[name])
		b.screenshot(t, filepath.Join(shots, flat+"-desktop.png"))

		// Phone: the charts follow the narrower window, and nothing makes
		// the page wider than the screen (tables scroll in their own box).
		b.viewport(t, phoneW, phoneH, chromedp.EmulateMobile)
		overflow := b.eval(t, `String(document.documentElement.scrollWidth > window.innerWidth + 1)`) == "true"
		for _, s := range b.charts(t) {
			if s.Width > phoneW || s.Width < 200 {
				t.Errorf("%s at phone width: chart %s is %.0f px wide", name, s.ID, s.Width)
			}
		}
		if overflow {
			t.Errorf("%s at phone width: the page scrolls sideways", name)
		}
		b.screenshot(t, filepath.Join(shots, flat+"-phone.png"))
		for _, p := range b.take() {
			t.Errorf("%s at phone width: %s", name, p)
		}
	}
	if *docsShot {
		b.viewport(t, desktopW, desktopH)
		b.checkPage(t, base+"/index.html", pages["index.html"])
		b.screenshot(t, filepath.Join("..", "docs", "overview.png"))
	}
	t.Logf("%d pages at 2 widths in %v; %d requests, all to the site; screenshots in %s", len(pages), time.Since(start).Round(time.Millisecond), b.requests, shots)
}

// TestBrowserFileURL opens the site straight from the folder (file://), as
// someone might from a shared drive: the policy must still let the site's
// own scripts run.
func TestBrowserFileURL(t *testing.T) {
	chromium(t)
	dir := buildFor(t, reporttest.Snapshot())
	root := "file://" + filepath.ToSlash(dir)
	b := newBrowser(t, func(u string) bool { return strings.HasPrefix(u, root+"/") || strings.HasPrefix(u, "data:") })
	pages := sitePages(t, dir)
	for _, name := range []string{"index.html", "district/5201.html"} {
		b.checkPage(t, root+"/"+name, pages[name])
	}
}

// TestBrowserHostile builds the site from a snapshot whose names and
// messages try to break out of HTML, script data and ECharts' function
// convention, opens every page and shows every chart's tooltip, and checks
// that nothing ran and the text reads literally.
func TestBrowserHostile(t *testing.T) {
	chromium(t)
	dir := buildFor(t, reporttest.Hostile())
	base, inside := serveSite(t, dir)
	b := newBrowser(t, inside)
	pages := sitePages(t, dir)
	shots := screenshotDir(t)
	literal := []string{
		"</script><script>window.__pwned=1</script>",
		"__f__(function(){window.__pwned=1})()__f__",
		`"'><img src=x onerror=window.__pwned=1>`,
		"{{.}}",
	}
	for _, name := range sortedCodes(pages) {
		url := base + "/" + name
		b.checkPage(t, url, pages[name])
		text := b.eval(t, `document.body.innerText`)
		imgs := b.eval(t, `String(document.querySelectorAll('img, iframe, object, embed').length)`)
		// Show the tooltip of the first item of every series: the tooltip
		// is HTML built from series and category names.
		b.eval(t, `Array.from(document.querySelectorAll('.chart')).forEach(function (el) {
				var c = echarts.getInstanceByDom(el);
				var n = (c.getOption().series || []).length;
				for (var i = 0; i < n; i++) { c.dispatchAction({type: 'showTip', seriesIndex: i, dataIndex: 0}); }
			}), 'shown'`)
		if err := chromedp.Do(b.ctx, chromedp.Sleep(200*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		pwned := b.eval(t, `typeof window.__pwned`)
		if name == "index.html" || name == "quality.html" || name == "district/5201.html" {
			b.screenshot(t, filepath.Join(shots, "hostile-"+strings.ReplaceAll(strings.TrimSuffix(name, ".html"), "/", "-")+".png"))
		}
		if pwned != "undefined" {
			t.Errorf("%s: injected script ran after showing tooltips", name)
		}
		if imgs != "0" {
			t.Errorf("%s: %s injected elements in the page", name, imgs)
		}
		if name == "index.html" || name == "quality.html" || strings.HasPrefix(name, "district/") {
			for _, l := range literal {
				if !strings.Contains(text, l) {
					t.Errorf("%s: the page does not show %q literally", name, l)
				}
			}
		}
		for _, p := range b.take() {
			t.Errorf("%s (tooltips): %s", name, p)
		}
	}
}

// TestBrowserLongChart: a region's charts (60 districts here) show a
// window of barsShown bars that a slider moves, and say so under the
// chart; a province's (13) show every bar.
func TestBrowserLongChart(t *testing.T) {
	chromium(t)
	windows := func(dir string) (string, string) {
		base, inside := serveSite(t, dir)
		b := newBrowser(t, inside)
		b.viewport(t, desktopW, desktopH)
		b.checkPage(t, base+"/budget.html", sitePages(t, dir)["budget.html"])
		// The category axis' extent is the window of bars drawn.
		return b.eval(t, `JSON.stringify(Array.from(document.querySelectorAll('.chart')).map(function (el) {
				var c = echarts.getInstanceByDom(el);
				var y = c.getModel().getComponent('yAxis', 0);
				return y && y.axis.type === 'category' ? y.axis.scale.getExtent() : null;
			}))`),
			b.eval(t, `Array.from(document.querySelectorAll('.chart-note')).map(function (p) {
				return p.offsetHeight > 0 ? p.textContent : '';
			}).join('|')`)
	}
	in := largeInput(t)
	ext, notes := windows(buildFor(t, in.Snapshot))
	if !strings.Contains(ext, fmt.Sprintf("[0,%d]", barsShown-1)) {
		t.Errorf("60 districts: category extents %s, want a window [0,%d]", ext, barsShown-1)
	}
	if !strings.Contains(notes, fmt.Sprintf("กราฟแสดงครั้งละ %d รายการจากทั้งหมด 60 รายการ", barsShown)) {
		t.Errorf("60 districts: notes under the charts %q", notes)
	}
	ext, notes = windows(buildFor(t, reporttest.Snapshot()))
	if !strings.Contains(ext, "[0,12]") || notes != "" {
		t.Errorf("13 districts: category extents %s and notes %q, want [0,12] and none", ext, notes)
	}
}
