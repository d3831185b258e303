package charts

import (
	"bytes"
	"html/template"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"testing"

	"lwc/report/reporttest"
	"lwc/report/thai"
)

// escapeCases are strings to escape: every byte on its own, the hostile
// payload, Thai text, invalid UTF-8 and random bytes.
func escapeCases() []string {
	cases := []string{"", "plain", "อำเภอเกาะคา", reporttest.HostileText, "a+b&c<d>e\"f'g\x00h",
		"\xff\xfe<\xe0\xb8", "\xe0\xb8<", "1,234.56", "&amp;", "<!--", "]]>"}
	for c := range 256 {
		cases = append(cases, string([]byte{byte(c)}), "x"+string([]byte{byte(c)})+"ย")
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		cases = append(cases, string(b))
	}
	return cases
}

// TestEscapeMatchesTemplate: markup.text escapes a value exactly as
// html/template does in HTML text, in a quoted attribute and in <title>, so
// rows written by rows.go are the bytes the templates wrote.
func TestEscapeMatchesTemplate(t *testing.T) {
	tpl := template.Must(template.New("").Parse(
		`<p>{{.}}</p><a title="{{.}}" class="x {{.}}">x</a><title>{{.}}</title>`))
	for _, s := range escapeCases() {
		var got markup
		got.raw("<p>")
		got.text(s)
		got.raw(`</p><a title="`)
		got.text(s)
		got.raw(`" class="x `)
		got.text(s)
		got.raw(`">x</a><title>`)
		got.text(s)
		got.raw("</title>")
		var want bytes.Buffer
		if err := tpl.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		if got.b.String() != want.String() {
			t.Errorf("%q:\n got %q\nwant %q", s, got.b.String(), want.String())
		}
	}
}

// TestNumbersMatchTemplate: the row writers format numbers as the template
// functions pct, baht and count did, escaped as html/template escapes them.
func TestNumbersMatchTemplate(t *testing.T) {
	tpl := template.Must(template.New("").Funcs(funcMap()).Parse(
		`{{pct .F}}|{{baht .F}}|{{count .F}}|{{.I}}`))
	values := []float64{0, math.Copysign(0, -1), -0.001, 0.004, 0.005, -0.005, 0.1663, 1, -1, 12.5, 999.995,
		1234.5, -1234567.891, 1e9, 123456789012.345, 1e21, -1e25, math.MaxFloat64, math.SmallestNonzeroFloat64,
		math.NaN(), math.Inf(1), math.Inf(-1)}
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		values = append(values, (r.Float64()-0.5)*math.Pow(10, float64(r.IntN(14))))
	}
	for _, v := range values {
		i := 0
		if !math.IsNaN(v) {
			i = int(math.Max(math.Min(v, 1e15), -1e15))
		}
		var m markup
		m.percent(v)
		m.raw("|")
		m.baht(v)
		m.raw("|")
		m.count(v)
		m.raw("|")
		m.int(i)
		var want bytes.Buffer
		if err := tpl.Execute(&want, struct {
			F float64
			I int
		}{v, i}); err != nil {
			t.Fatal(err)
		}
		if m.b.String() != want.String() {
			t.Errorf("%v: got %q, want %q", v, m.b.String(), want.String())
		}
	}
}

// TestAppendNumberMatchesThai: thai.AppendNumber, which the rows use,
// appends what thai.Number returns.
func TestAppendNumberMatchesThai(t *testing.T) {
	values := []float64{0, math.Copysign(0, -1), -0.004, -0.005, -0.4, -0.5, 0.5, 1.5, 2.5, 999, 1000, -1000,
		999999.999, 1e6, -1e6, 1e21, 1e300, math.NaN(), math.Inf(1), math.Inf(-1)}
	r := rand.New(rand.NewPCG(5, 6))
	for range 5000 {
		values = append(values, (r.Float64()-0.5)*math.Pow(10, float64(r.IntN(16))))
	}
	for _, v := range values {
		for _, dec := range []int{-1, 0, 1, 2, 3} {
			if got, want := string(thai.AppendNumber(nil, v, dec)), thai.Number(v, dec); got != want {
				t.Errorf("thai.AppendNumber(%v, %d) = %q, want %q", v, dec, got, want)
			}
		}
	}
	if got := string(thai.AppendNumber([]byte("x "), 1234.5, 2)); got != "x 1,234.50" {
		t.Errorf("thai.AppendNumber appends: got %q", got)
	}
}

// TestRowsEmpty: a table with no rows gets no row markup; the templates
// show their own "nothing here" rows.
func TestRowsEmpty(t *testing.T) {
	for name, html := range map[string]template.HTML{
		"projects": projectRows(nil), "groups": groupRows(nil), "sub-districts": subDistrictRows(nil),
		"trend": districtTrendRows(nil), "award items": awardItemRows(nil), "district files": districtFileRows("../", nil),
		"warnings": warningRows("", nil), "ranks": rankRows("", nil), "budget": budgetRows("", nil),
		"bmn": bmnRows("", nil), "award": awardRows("", nil), "files": fileRows("", nil), "issues": issueRows(nil),
	} {
		if html != "" {
			t.Errorf("%s: %q for no rows", name, html)
		}
	}
}

// TestRowURLsNeedNoEncoding: rows.go writes page paths and anchors into
// href attributes escaped as HTML only. That is what html/template writes
// for them as long as they hold no byte its URL normalizer would encode,
// which holds for hostile district codes too.
func TestRowURLsNeedNoEncoding(t *testing.T) {
	safe := regexp.MustCompile(`^[A-Za-z0-9_./-]*$`)
	in := largeInput(t)
	s := *in.Snapshot
	s.Districts = slices.Clone(s.Districts)
	s.Districts[0].Code = "../../e vil?x=<1>&y=%41#z"
	s.Districts[1].Code = "อำเภอ"
	in.Snapshot = &s
	v := newView(in)
	for code, l := range v.links {
		if !safe.MatchString(l.Href) {
			t.Errorf("district %q: page path %q", code, l.Href)
		}
	}
	for _, f := range v.fileRows() {
		if !safe.MatchString(f.Anchor) {
			t.Errorf("file %q: anchor %q", f.File, f.Anchor)
		}
	}
	for _, file := range []string{PageOverview, DistrictDir + "/x.html"} {
		if root := rel(file); !safe.MatchString(root) {
			t.Errorf("root of %s: %q", file, root)
		}
	}
}
