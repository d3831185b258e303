package charts

import (
	"bytes"
	"html/template"
	"math"
	"strconv"
	"strings"

	"lwc/report"
	"lwc/report/thai"
)

// The rows of the site's tables are written here; the templates in
// templates/site place them (`{{projectRows .Projects}}`) and keep the rest
// of each page: sections, headings, table heads, cards and charts.
//
// html/template spends one to two microseconds on every action (a
// reflective call for each function and for each escaper it inserts). A
// national site has 105,000 project rows, 878 rows in each province table
// and a few dozen rows on each district page, with ten to twenty actions a
// row: written by the templates, the rows were most of the site's build
// time. The markup here is the one the templates wrote, byte for byte (the
// golden files), and every value goes through markup.text, which escapes
// exactly as html/template does in HTML text and in quoted attribute values
// (TestEscapeMatchesTemplate). The only values written into URLs are page
// paths and anchors the site makes itself (districtFiles, fileRowsAt,
// rel): letters, digits, '-', '_', '.', '/' and '#', which html/template's
// URL normalizer leaves as they are.

// markup builds trusted HTML from literal markup and escaped values.
type markup struct {
	b   strings.Builder
	num [32]byte // scratch space for formatting a number
}

// raw writes literal markup.
func (m *markup) raw(s string) { m.b.WriteString(s) }

// text writes s escaped for HTML text or a quoted attribute value.
func (m *markup) text(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		if s[i] > '>' { // above every special byte, as most of Thai text is
			continue
		}
		repl := htmlEscape(s[i])
		if repl == "" {
			continue
		}
		m.b.WriteString(s[last:i])
		m.b.WriteString(repl)
		last = i + 1
	}
	m.b.WriteString(s[last:])
}

// number writes a formatted number. Digits, signs, separators, "NaN" and
// "Inf" need no escaping except the '+' of "+Inf".
func (m *markup) number(b []byte) {
	if bytes.IndexByte(b, '+') >= 0 {
		m.text(string(b))
		return
	}
	m.b.Write(b)
}

// int writes a whole number as a template prints it.
func (m *markup) int(n int) { m.number(strconv.AppendInt(m.num[:0], int64(n), 10)) }

// baht writes an amount as the template function baht does.
func (m *markup) baht(v float64) { m.number(thai.AppendNumber(m.num[:0], v, 2)) }

// count writes a number of households as the template function count does.
func (m *markup) count(v float64) { m.number(thai.AppendNumber(m.num[:0], math.Round(v), 0)) }

// percent writes a rate as the template function pct does.
func (m *markup) percent(rate float64) {
	m.number(append(strconv.AppendFloat(m.num[:0], rate*100, 'f', 2, 64), '%'))
}

// grow makes room for n rows of about size bytes each, so that a long
// table is not copied again and again as it grows.
func (m *markup) grow(n, size int) { m.b.Grow(n * size) }

// html returns what was written.
func (m *markup) html() template.HTML { return template.HTML(m.b.String()) }

// htmlEscape is html/template's replacement for an HTML-special byte (its
// htmlReplacementTable), "" for any other. These are all ASCII, so they can
// be replaced byte by byte: a UTF-8 sequence never contains them, and
// html/template passes other bytes, invalid UTF-8 included, through as they
// are, as this does.
func htmlEscape(c byte) string {
	switch c {
	case 0:
		return "\uFFFD"
	case '"':
		return "&#34;"
	case '&':
		return "&amp;"
	case '\'':
		return "&#39;"
	case '+':
		return "&#43;"
	case '<':
		return "&lt;"
	case '>':
		return "&gt;"
	}
	return ""
}

// status writes a status badge, as the "status" template does.
func (m *markup) status(status string) {
	m.raw(`<span class="badge `)
	m.text(statusClass(status))
	m.raw(`">`)
	m.text(report.StatusThai(status))
	m.raw(`</span>`)
}

// districtName writes a district's name, a link to its page when it has one.
func (m *markup) districtName(root string, l *districtLink, name string) {
	if l == nil {
		m.text(name)
		return
	}
	m.link(root, l.Href, name)
}

// link writes a link to a page of the site (root is the path from the
// current page to the site root).
func (m *markup) link(root, href, name string) {
	m.raw(`<a href="`)
	m.text(root)
	m.text(href)
	m.raw(`">`)
	m.text(name)
	m.raw(`</a>`)
}

// textOrDash writes s, or a dash when it is empty (not known).
func (m *markup) textOrDash(s string) {
	if s == "" {
		m.raw("—")
		return
	}
	m.text(s)
}

// dateOrDash writes an ISO date as dateShort does, or a dash when it is
// empty.
func (m *markup) dateOrDash(iso string) {
	if iso == "" {
		m.raw("—")
		return
	}
	m.text(dateShort(iso))
}

// --- district pages ---

// projectRows is the body of a district's project table; district.html
// shows its own row when there are no projects.
func projectRows(ps []*report.ProjectFigures) template.HTML {
	var m markup
	m.grow(len(ps), 500)
	for _, p := range ps {
		if p.Reported {
			m.raw("\n<tr><td>")
		} else {
			m.raw("\n<tr class=\"unreported\"><td>")
		}
		m.text(p.Code)
		m.raw("</td><td>")
		m.text(p.Name)
		if !p.Reported {
			m.raw(` <span class="flag">ไม่ได้รายงาน/ไม่ผ่านการตรวจสอบ นับเป็น 0</span>`)
		}
		m.raw("</td><td>")
		m.text(p.WorkGroup)
		m.raw("</td><td>")
		m.text(p.ExpenseType)
		m.raw("</td>\n<td class=\"num\">")
		m.baht(p.Allocated)
		m.raw(`</td><td class="num">`)
		m.baht(p.Committed)
		m.raw(`</td><td class="num">`)
		m.baht(p.Disbursed)
		m.raw(`</td><td class="num">`)
		m.percent(p.DisbursementRate)
		m.raw("</td></tr>")
	}
	return m.html()
}

// groupRows is the body of a table of work groups or expense types (the
// "groups" template).
func groupRows(gs []report.GroupFigures) template.HTML {
	var m markup
	m.grow(len(gs), 400)
	for _, g := range gs {
		m.raw("\n<tr><td>")
		m.text(g.Name)
		m.raw(`</td><td class="num">`)
		m.baht(g.Allocated)
		m.raw(`</td><td class="num">`)
		m.baht(g.Committed)
		m.raw(`</td><td class="num">`)
		m.baht(g.Disbursed)
		m.raw(`</td><td class="num">`)
		m.percent(g.DisbursementRate)
		m.raw(`</td><td class="num">`)
		m.percent(g.TargetRate)
		m.raw("</td><td>")
		m.status(g.Status)
		m.raw("</td></tr>")
	}
	return m.html()
}

// subDistrictRows is the body of a district's table of BMN collection by
// sub-district.
func subDistrictRows(ss []report.SubDistrictFigures) template.HTML {
	var m markup
	m.grow(len(ss), 300)
	for _, s := range ss {
		m.raw("\n<tr><td>")
		m.text(s.Name)
		m.raw(`</td><td class="num">`)
		m.count(s.Target)
		m.raw(`</td><td class="num">`)
		m.count(s.Collected)
		m.raw(`</td><td class="num">`)
		m.percent(s.CollectedRate)
		m.raw(`</td><td class="num">`)
		m.count(s.Recorded)
		m.raw(`</td><td class="num">`)
		m.percent(s.RecordedRate)
		m.raw("</td><td>")
		m.status(s.Status)
		m.raw("</td></tr>")
	}
	return m.html()
}

// districtTrendRows is the body of a district's weekly trend table.
func districtTrendRows(rows []districtTrendRow) template.HTML {
	var m markup
	m.grow(len(rows), 120)
	for _, r := range rows {
		m.raw("\n<tr><td>")
		m.text(dateShort(r.AsOf))
		m.raw(`</td><td class="num">`)
		if r.Rate != nil {
			m.percent(*r.Rate)
		} else {
			m.raw("—")
		}
		m.raw(`</td><td class="num">`)
		m.percent(r.Target)
		m.raw("</td></tr>")
	}
	return m.html()
}

// awardItemRows is the body of the table of a district's reports due this
// month.
func awardItemRows(items []report.AwardItem) template.HTML {
	var m markup
	m.grow(len(items), 320)
	for _, it := range items {
		m.raw("\n<tr><td>")
		m.text(it.Report)
		m.raw("</td><td>")
		m.text(it.Name)
		m.raw("</td><td>")
		m.text(dateShort(it.Due))
		m.raw("</td><td>")
		if it.Received != "" {
			m.text(dateShort(it.Received))
		} else {
			m.raw(`<span class="flag">ยังไม่ได้รับ</span>`)
		}
		m.raw(`</td><td class="num">`)
		m.int(it.DaysLate)
		m.raw(`</td><td class="num">`)
		m.int(it.Points)
		m.raw("</td></tr>")
	}
	return m.html()
}

// districtFileRows is the body of the table of the files a district sent;
// each links to its entry on the data-quality page.
func districtFileRows(root string, files []fileRow) template.HTML {
	var m markup
	m.grow(len(files), 260)
	for _, f := range files {
		m.raw(`
<tr><td><a href="`)
		m.text(root)
		m.raw(`quality.html#`)
		if len(f.Issues) > 0 {
			m.raw("issues-")
		}
		m.text(f.Anchor)
		m.raw(`">`)
		m.text(f.File)
		m.raw("</a></td><td>")
		m.fileState(f.FileResult)
		m.raw("</td><td>")
		m.dateOrDash(f.AsOf)
		m.raw(`</td><td class="num">`)
		m.int(f.Errors)
		m.raw(`</td><td class="num">`)
		m.int(f.Cautions)
		m.raw("</td></tr>")
	}
	return m.html()
}

// fileState writes a file's state badge and, when there is one, the reason.
func (m *markup) fileState(f report.FileResult) {
	m.raw(`<span class="badge `)
	m.text(stateClass(f.State))
	m.raw(`">`)
	m.text(report.StateThai(f.State))
	m.raw(`</span>`)
	if f.Reason != "" {
		m.raw("<br><small>")
		m.text(f.Reason)
		m.raw("</small>")
	}
}

// --- shared ---

// warningRows is the body of a warnings table (the "warnings" template).
func warningRows(root string, rows []warnRow) template.HTML {
	var m markup
	m.grow(len(rows), 960)
	for _, r := range rows {
		m.raw("\n<tr class=\"st-")
		m.text(r.W.Stage)
		m.raw("\">\n<td><span class=\"stage st-")
		m.text(r.W.Stage)
		m.raw(`">`)
		m.text(report.StageThai(r.W.Stage))
		m.raw("</span>")
		if r.W.Escalated {
			m.raw(` <span class="esc">แจ้งผู้บริหาร</span>`)
		}
		m.raw("</td>\n<td>")
		m.districtName(root, r.Link, r.Name)
		m.raw("</td>\n<td>")
		m.text(report.TopicThai(r.W.Topic))
		m.raw("<br><small>")
		m.text(r.Subject)
		m.raw("</small></td>\n<td>")
		if r.W.Due != "" {
			m.text(dateShort(r.W.Due))
			m.raw("<br><small>")
			m.text(r.DaysText)
			m.raw("</small>")
		} else {
			m.raw("—")
		}
		m.raw("</td>\n<td>")
		m.text(r.W.Message)
		m.raw("</td>\n</tr>")
	}
	return m.html()
}

// --- province pages ---

// rank writes a district's budget rank, a dash when it has none.
func (m *markup) rank(d *report.DistrictFigures) {
	if d.Verified && d.BudgetRank != 0 {
		m.int(d.BudgetRank)
	} else {
		m.raw("—")
	}
}

// rankRows is the body of the overview's table of districts by budget rank.
func rankRows(root string, rows []districtRow) template.HTML {
	var m markup
	m.grow(len(rows), 260)
	for _, r := range rows {
		m.raw("\n<tr><td>")
		m.rank(r.D)
		m.raw("</td>\n<td>")
		m.link(root, r.Link.Href, r.Link.Name)
		m.raw("</td>\n<td class=\"num\">")
		if r.D.Verified {
			m.percent(r.D.Budget.DisbursementRate)
		} else {
			m.raw("—")
		}
		m.raw("</td>\n<td class=\"num\">")
		m.percent(r.D.Budget.TargetRate)
		m.raw("</td>\n<td>")
		m.status(r.D.Budget.Status)
		m.raw("</td></tr>")
	}
	return m.html()
}

// budgetRows is the body of the budget page's table of districts.
func budgetRows(root string, rows []districtRow) template.HTML {
	var m markup
	m.grow(len(rows), 520)
	for _, r := range rows {
		b := r.D.Budget
		m.raw("\n<tr><td>")
		m.rank(r.D)
		m.raw("</td>\n<td>")
		m.link(root, r.Link.Href, r.Link.Name)
		m.raw("</td>\n<td class=\"num\">")
		m.baht(b.Allocated)
		m.raw("</td>")
		if r.D.Verified {
			m.raw("\n<td class=\"num\">")
			m.baht(b.Committed)
			m.raw("</td>\n<td class=\"num\">")
			m.baht(b.Disbursed)
			m.raw("</td>\n<td class=\"num\">")
			m.percent(b.DisbursementRate)
			m.raw("</td>\n<td class=\"num\">")
			m.percent(b.SpendingRate)
			m.raw("</td>")
		} else {
			m.raw(`
<td class="num">—</td><td class="num">—</td><td class="num">—</td><td class="num">—</td>`)
		}
		m.raw("\n<td class=\"num\">")
		m.percent(b.TargetRate)
		m.raw("</td>\n<td>")
		m.status(b.Status)
		m.raw("</td>\n<td class=\"num\">")
		switch {
		case b.Trend == nil || b.Trend.Previous == nil:
			m.raw("—")
		default:
			m.text(pointsChange(b.Trend.Change))
		}
		m.raw("</td>\n<td class=\"num\">")
		if b.Trend != nil {
			m.percent(b.Trend.Projected)
			if b.Trend.WillMiss {
				m.raw(` <span class="flag">ไม่ถึงเป้า</span>`)
			}
		} else {
			m.raw("—")
		}
		m.raw("</td></tr>")
	}
	return m.html()
}

// bmnRows is the body of the BMN page's table of districts.
func bmnRows(root string, rows []districtRow) template.HTML {
	var m markup
	m.grow(len(rows), 400)
	for _, r := range rows {
		b := r.D.BMN
		m.raw("\n<tr><td>")
		m.link(root, r.Link.Href, r.Link.Name)
		m.raw("</td>\n<td class=\"num\">")
		m.count(b.Target)
		m.raw("</td>")
		if r.D.Verified {
			m.raw("\n<td class=\"num\">")
			m.count(b.Collected)
			m.raw(`</td><td class="num">`)
			m.percent(b.CollectedRate)
			m.raw("</td>")
		} else {
			m.raw("\n<td class=\"num\">—</td><td class=\"num\">—</td>")
		}
		m.raw("\n<td class=\"num\">")
		m.percent(b.ExpectedRate)
		m.raw("</td>")
		if r.D.Verified {
			m.raw("\n<td class=\"num\">")
			m.count(b.Recorded)
			m.raw(`</td><td class="num">`)
			m.percent(b.RecordedRate)
			m.raw("</td>")
		} else {
			m.raw("\n<td class=\"num\">—</td><td class=\"num\">—</td>")
		}
		m.raw("\n<td class=\"num\">")
		m.percent(b.ExpectedRecordedRate)
		m.raw("</td>\n<td>")
		m.status(b.Status)
		m.raw("</td></tr>")
	}
	return m.html()
}

// awardRows is the body of a Report Award table; award.html shows its own
// row when there are none.
func awardRows(root string, rows []awardRow) template.HTML {
	var m markup
	m.grow(len(rows), 280)
	for _, r := range rows {
		if r.Winner {
			m.raw("\n<tr class=\"win\"><td>")
		} else {
			m.raw("\n<tr><td>")
		}
		m.int(r.Rank)
		if r.Winner {
			m.raw(` <span class="flag">ชนะ</span>`)
		}
		m.raw("</td>\n<td>")
		m.districtName(root, r.Link, r.Name)
		m.raw("</td>\n<td class=\"num\">")
		m.int(r.Points)
		m.raw("/")
		m.int(r.MaxPoints)
		m.raw(`</td><td class="num">`)
		m.percent(r.Score)
		m.raw("</td>\n<td class=\"num\">")
		m.int(r.OnTime)
		m.raw(`</td><td class="num">`)
		m.int(r.Late)
		m.raw(`</td><td class="num">`)
		m.int(r.VeryLate)
		m.raw(`</td><td class="num">`)
		m.int(r.Missing)
		m.raw("</td>\n<td>")
		m.dateOrDash(r.MeanReceipt)
		m.raw("</td></tr>")
	}
	return m.html()
}

// fileRows is the body of the data-quality page's table of inbox files;
// quality.html shows its own row when there are none.
func fileRows(root string, files []fileRow) template.HTML {
	var m markup
	m.grow(len(files), 340)
	for _, f := range files {
		m.raw("\n<tr id=\"")
		m.text(f.Anchor)
		m.raw(`"><td>`)
		if len(f.Issues) > 0 {
			m.raw(`<a href="#issues-`)
			m.text(f.Anchor)
			m.raw(`">`)
			m.text(f.File)
			m.raw("</a>")
		} else {
			m.text(f.File)
		}
		m.raw("</td>\n<td>")
		switch {
		case f.Link != nil:
			m.link(root, f.Link.Href, f.Link.Name)
		case f.District != "":
			m.text(f.District)
		default:
			m.raw("—")
		}
		m.raw("</td>\n<td>")
		m.fileState(f.FileResult)
		m.raw("</td>\n<td>")
		m.dateOrDash(f.AsOf)
		m.raw(`</td><td class="num">`)
		m.text(kb(f.Size))
		m.raw(`</td><td class="num">`)
		m.int(f.Errors)
		m.raw(`</td><td class="num">`)
		m.int(f.Cautions)
		m.raw("</td></tr>")
	}
	return m.html()
}

// issueRows is the body of a table of a file's issues.
func issueRows(issues []report.Issue) template.HTML {
	var m markup
	m.grow(len(issues), 300)
	for _, is := range issues {
		if is.Severity == report.SeverityError {
			m.raw("\n<tr class=\"sev-error\"><td>")
		} else {
			m.raw("\n<tr class=\"sev-warning\"><td>")
		}
		m.textOrDash(is.Sheet)
		m.raw("</td><td>")
		m.textOrDash(is.Cell)
		m.raw("</td><td>")
		m.text(severityThai(is.Severity))
		m.raw("</td><td>")
		m.text(is.Message)
		m.raw("</td><td><code>")
		m.text(is.Code)
		m.raw("</code></td></tr>")
	}
	return m.html()
}
