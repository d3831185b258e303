package charts

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"sync"
	"sync/atomic"

	"lwc/templates"
)

// site is a site ready to render: its templates, the view of the snapshot
// and the list of files to make.
type site struct {
	tpl    map[string]*template.Template
	v      *view
	jobs   []job
	frames map[frameKey]*frame
}

// job makes one file of the site. A page's data is made when the page is
// rendered, not before, so memory holds only the pages in progress.
type job struct {
	name  string // slash-separated, relative to the site root
	asset string // a file of templates/site copied as it is; "" for a page
	tpl   string // the page's template
	title string
	nav   string
	data  func() (any, error)
}

// newSite parses the templates, groups the snapshot and renders the frames
// of the pages. It writes nothing.
func newSite(in Input) (*site, error) {
	tpl, err := loadTemplates()
	if err != nil {
		return nil, err
	}
	v := newView(in)
	s := &site{tpl: tpl, v: v}
	for _, asset := range []string{"site.css", "site.js"} {
		s.jobs = append(s.jobs, job{name: AssetsDir + "/" + asset, asset: asset})
	}
	s.frames = map[frameKey]*frame{}
	for _, j := range v.pages() {
		t, ok := tpl[j.tpl]
		if !ok {
			return nil, fmt.Errorf("charts: no template %s", j.tpl)
		}
		s.jobs = append(s.jobs, j)
		key := frameKey{rel(j.name), j.nav}
		if _, ok := s.frames[key]; ok {
			continue
		}
		f, err := renderFrame(t, v.newPage(j.name, "", j.nav, nil))
		if err != nil {
			return nil, err
		}
		s.frames[key] = f
	}
	return s, nil
}

// renderFrame renders the frame of the kind of page p is.
func renderFrame(t *template.Template, p page) (*frame, error) {
	var f frame
	for _, part := range []struct {
		name string
		dst  *template.HTML
	}{{"top", &f.Top}, {"stamp", &f.Stamp}, {"bottom", &f.Bottom}} {
		var buf bytes.Buffer
		if err := t.ExecuteTemplate(&buf, part.name, p); err != nil {
			return nil, fmt.Errorf("charts: frame of page %s: %w", p.File, err)
		}
		*part.dst = template.HTML(buf.String())
	}
	return &f, nil
}

// dirs lists the folders the site's files go into, "." for the root.
func (s *site) dirs() []string {
	var out []string
	for _, j := range s.jobs {
		if d := path.Dir(j.name); !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// render makes every file of the site with up to workers goroutines and
// hands each to emit with its index in s.jobs. emit may be called from
// several goroutines at once, and f.Data is only valid until it returns:
// each worker reuses one buffer for all its pages. After the first error no
// new file is started, and the error of the earliest file that failed is
// returned.
func (s *site) render(workers int, emit func(i int, f File) error) error {
	var (
		next   atomic.Int64
		failed atomic.Bool
		mu     sync.Mutex
		errAt  = len(s.jobs)
		first  error
		wg     sync.WaitGroup
	)
	fail := func(i int, err error) {
		failed.Store(true)
		mu.Lock()
		defer mu.Unlock()
		if i < errAt {
			errAt, first = i, err
		}
	}
	for range max(1, min(workers, len(s.jobs))) {
		wg.Go(func() {
			var buf bytes.Buffer
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= len(s.jobs) {
					return
				}
				buf.Reset()
				j := s.jobs[i]
				err := s.renderJob(&buf, j)
				if err == nil {
					err = emit(i, File{Name: j.name, Data: buf.Bytes()})
				}
				if err != nil {
					fail(i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	return first
}

// renderJob writes the file of j into buf.
func (s *site) renderJob(buf *bytes.Buffer, j job) error {
	if j.asset != "" {
		b, err := fs.ReadFile(templates.FS, "site/"+j.asset)
		if err != nil {
			return fmt.Errorf("charts: asset %s: %w", j.asset, err)
		}
		buf.Write(b)
		return nil
	}
	data, err := j.data()
	if err != nil {
		return fmt.Errorf("charts: page %s: %w", j.name, err)
	}
	p := s.v.newPage(j.name, j.title, j.nav, data)
	p.Frame = s.frames[frameKey{p.Root, p.Nav}]
	if err := s.tpl[j.tpl].ExecuteTemplate(buf, "layout", p); err != nil {
		return fmt.Errorf("charts: page %s: %w", j.name, err)
	}
	return nil
}
