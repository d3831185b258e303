// Package charts builds the intranet site: static HTML pages with ECharts
// charts (options built with go-echarts) about one run's report.Snapshot,
// and serves a built site for preview (lwc serve).
//
// Pages are rendered with html/template from templates/site, never with
// go-echarts' own page template: that one writes chart options unescaped and
// turns "__f__…__f__" strings into live JavaScript, and the options carry
// district, project and file names typed into workbooks. Each chart's
// options are embedded as JSON data and drawn by assets/site.js, which only
// JSON.parse()s them. A Content-Security-Policy allows scripts from the site
// folder only, so even an injected <script> would not run. The rows of the
// tables are written by rows.go, which escapes every value as html/template
// does, because html/template's cost per action made them most of a
// national site's build time.
//
// The site is self-contained: ECharts is copied into assets/ (see
// FindECharts), the CSS uses the reader's system Thai fonts, and no page
// refers to anything outside the site folder. Every number drawn in a chart
// is also in a table next to it, readable without JavaScript.
package charts

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"lwc/report"
	"lwc/report/settings"
	"lwc/report/thai"
	"lwc/templates"
)

// Input is what a site is built from.
type Input struct {
	Snapshot  *report.Snapshot
	Settings  settings.Settings
	Generated time.Time // printed on every page; a parameter so builds are reproducible
	ECharts   string    // path of echarts.min.js (see FindECharts)
	// Documents are the run's PDFs and workbooks, linked from the overview
	// (province documents) and the district pages; CopyDocuments puts them
	// into files/. Build only links them, so the site can be built while
	// the documents are still being written.
	Documents []Document
}

// Document is one output file the site offers for download.
type Document struct {
	Title    string // Thai label of the link
	Source   string // path of the file to copy
	District string // district code; "" = a province document
}

// FilesDir holds the documents inside the site.
const FilesDir = "files"

// documentName is a document's file name inside FilesDir: the source's base
// name, made safe (the pipeline names files after district codes, which
// come from a workbook).
func documentName(d Document) string {
	base := filepath.Base(d.Source)
	ext := filepath.Ext(base)
	return safeName(strings.TrimSuffix(base, ext)) + cleanExt(ext)
}

// cleanExt keeps the extensions the pipeline writes, so a browser knows
// what it downloads.
func cleanExt(ext string) string {
	switch strings.ToLower(ext) {
	case ".pdf", ".xlsx", ".txt":
		return strings.ToLower(ext)
	}
	return ""
}

// Page files of the site, relative to its root.
const (
	PageOverview = "index.html"
	PageBudget   = "budget.html"
	PageBMN      = "bmn.html"
	PageAward    = "award.html"
	PageQuality  = "quality.html"
	DistrictDir  = "district"
	AssetsDir    = "assets"
)

// Build writes the complete site for in into dir, which must be empty or
// not exist yet. It writes nothing outside dir. Switching the live web root
// to the new site is report/publish's job.
//
// Pages are written as they are rendered, by GOMAXPROCS workers, so memory
// holds only the pages in progress, not the whole site (a national site is
// about 70 MB of HTML).
func Build(dir string, in Input) error {
	if in.Snapshot == nil {
		return errors.New("charts: no snapshot to build the site from")
	}
	// Check the inputs and the templates before writing anything.
	echarts, ok := echartsAt(in.ECharts)
	if !ok {
		return fmt.Errorf("charts: no usable echarts.min.js at %q (see FindECharts)", in.ECharts)
	}
	s, err := newSite(in)
	if err != nil {
		return err
	}
	created, err := ensureEmptyDir(dir)
	if err != nil {
		return err
	}
	if err := writeSite(dir, s, echarts); err != nil {
		// A failed build leaves no half-made site behind.
		if cerr := clearDir(dir, created); cerr != nil {
			return errors.Join(err, cerr)
		}
		return err
	}
	return nil
}

// writeSite writes the files of s and the ECharts script into the empty
// folder dir.
func writeSite(dir string, s *site, echarts string) error {
	for _, sub := range s.dirs() {
		if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(sub)), 0o755); err != nil {
			return fmt.Errorf("charts: create site folder: %w", err)
		}
	}
	// One file is written at a time. Creating files in one folder from
	// two threads took no less time on ext4, and up to twice the kernel
	// CPU: both threads search the same block group for a free inode.
	var mu sync.Mutex
	err := s.render(runtime.GOMAXPROCS(0), func(_ int, f File) error {
		mu.Lock()
		defer mu.Unlock()
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(f.Name)), f.Data, 0o644); err != nil {
			return fmt.Errorf("charts: write %s: %w", f.Name, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := copyFile(filepath.Join(dir, AssetsDir, EChartsFile), echarts); err != nil {
		return fmt.Errorf("charts: copy ECharts into the site: %w", err)
	}
	return nil
}

// CopyDocuments copies the documents a site built by Build links into its
// files/ folder.
//
// A document is hard-linked where the site and the outputs share a file
// system (a national run has 837 memos, 70 MB): both folders are versions
// that no run writes into again. Elsewhere it is copied.
func CopyDocuments(dir string, docs []Document) error {
	for _, d := range docs {
		dst := filepath.Join(dir, FilesDir, documentName(d))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return fmt.Errorf("charts: copy %s into the site: %w", d.Source, err)
		}
		if err := os.Link(d.Source, dst); err == nil {
			continue
		}
		if err := copyFile(dst, d.Source); err != nil {
			return fmt.Errorf("charts: copy %s into the site: %w", d.Source, err)
		}
	}
	return nil
}

// File is one generated file of the site.
type File struct {
	Name string // slash-separated, relative to the site root
	Data []byte
}

// Render returns every page and asset of the site except the ECharts script,
// in a fixed order: the same input gives the same bytes. It holds the whole
// site in memory; Build writes each page as it is made.
func Render(in Input) ([]File, error) {
	if in.Snapshot == nil {
		return nil, errors.New("charts: no snapshot to build the site from")
	}
	s, err := newSite(in)
	if err != nil {
		return nil, err
	}
	out := make([]File, len(s.jobs))
	err = s.render(1, func(i int, f File) error {
		out[i] = File{Name: f.Name, Data: bytes.Clone(f.Data)}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// pageTemplates are the page bodies in templates/site; each defines
// "content" for layout.html.
func pageTemplates() []string {
	return []string{"index.html", "budget.html", "bmn.html", "award.html", "district.html", "quality.html"}
}

func loadTemplates() (map[string]*template.Template, error) {
	base, err := template.New("").Funcs(funcMap()).ParseFS(templates.FS, "site/layout.html")
	if err != nil {
		return nil, fmt.Errorf("charts: site templates: %w", err)
	}
	out := map[string]*template.Template{}
	for _, name := range pageTemplates() {
		t, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("charts: site templates: %w", err)
		}
		if t, err = t.ParseFS(templates.FS, "site/"+name); err != nil {
			return nil, fmt.Errorf("charts: site template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

func funcMap() template.FuncMap {
	return template.FuncMap{
		"pct":          percent,
		"baht":         baht,
		"count":        count,
		"int":          thai.Int, // counts, with thousands separated
		"change":       pointsChange,
		"dateLong":     dateLong,
		"dateShort":    dateShort,
		"month":        monthLong,
		"statusThai":   report.StatusThai,
		"statusClass":  statusClass,
		"stageThai":    report.StageThai,
		"topicThai":    report.TopicThai,
		"stateThai":    report.StateThai,
		"stateClass":   stateClass,
		"severityThai": severityThai,
		"dict":         dict,
		"kb":           kb,
		// Table rows (rows.go).
		"projectRows":       projectRows,
		"groupRows":         groupRows,
		"subDistrictRows":   subDistrictRows,
		"districtTrendRows": districtTrendRows,
		"awardItemRows":     awardItemRows,
		"districtFileRows":  districtFileRows,
		"warningRows":       warningRows,
		"rankRows":          rankRows,
		"budgetRows":        budgetRows,
		"bmnRows":           bmnRows,
		"awardRows":         awardRows,
		"fileRows":          fileRows,
		"issueRows":         issueRows,
	}
}

// dict lets a template pass several values to a sub-template.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// statusClass maps a status to a CSS class; anything unknown is grey, so a
// value never lands in markup as a class name of its own.
func statusClass(status string) string {
	switch status {
	case report.StatusGreen, report.StatusYellow, report.StatusRed:
		return "s-" + status
	}
	return "s-grey"
}

func stateClass(s report.FileState) string {
	switch s {
	case report.StateAccepted:
		return "s-green"
	case report.StateAcceptedWithWarnings:
		return "s-yellow"
	case report.StateRejected:
		return "s-red"
	}
	return "s-grey"
}

func severityThai(s report.Severity) string {
	switch s {
	case report.SeverityError:
		return "ข้อผิดพลาด (ไม่ใช้ค่านี้)"
	case report.SeverityWarning:
		return "ข้อสังเกต"
	}
	return string(s)
}

// ensureEmptyDir makes sure dir exists and is empty, and reports whether
// it created it.
func ensureEmptyDir(dir string) (created bool, err error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return false, fmt.Errorf("charts: create site folder: %w", err)
		}
		return true, nil
	case err != nil:
		return false, fmt.Errorf("charts: site folder: %w", err)
	case len(entries) > 0:
		return false, fmt.Errorf("charts: site folder %s is not empty; the site is built into a new folder", dir)
	}
	return false, nil
}

// clearDir removes what a failed build wrote into dir, which was empty
// before: the folder itself if the build created it, else its contents.
func clearDir(dir string, created bool) error {
	if created {
		return os.RemoveAll(dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(dst, src string) error {
	if src == "" {
		return errors.New("no echarts.min.js given (see FindECharts)")
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// districtFiles gives each district a page file name. Codes come from
// plan.xlsx, so anything but plain letters, digits, '-' and '_' is hex
// encoded: a code can never make a path leave the district folder.
func districtFiles(ds []report.DistrictFigures) map[string]string {
	out := map[string]string{}
	used := map[string]bool{}
	for _, d := range ds {
		if _, ok := out[d.Code]; ok {
			continue
		}
		name := safeName(d.Code)
		base := name
		for n := 2; used[name]; n++ {
			name = fmt.Sprintf("%s-%d", base, n)
		}
		used[name] = true
		out[d.Code] = name
	}
	return out
}

func safeName(s string) string {
	ok := s != "" && len(s) <= 32
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '_') {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	return fmt.Sprintf("x%x", s)
}

// sortedCodes returns the keys of m in order (map order is random and the
// site must be byte-for-byte reproducible).
func sortedCodes[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// stageOrder puts the most urgent warnings first.
func stageOrder(stage string) int {
	switch stage {
	case report.StageDemand:
		return 0
	case report.StageFollow:
		return 1
	case report.StageWarn:
		return 2
	}
	return 3
}

func sortWarnings(ws []report.Warning) []report.Warning {
	out := slices.Clone(ws)
	slices.SortStableFunc(out, func(a, b report.Warning) int {
		return cmp.Or(cmp.Compare(stageOrder(a.Stage), stageOrder(b.Stage)), cmp.Compare(a.District, b.District))
	})
	return out
}

// rel is the path from a page to the site root.
func rel(file string) string {
	return strings.Repeat("../", strings.Count(path.Clean(file), "/"))
}
