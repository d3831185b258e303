package charts

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"slices"

	"lwc/report"
	"lwc/report/settings"
	"lwc/report/thai"
)

// page is what one page template is executed with.
type page struct {
	File  string // slash-separated path from the site root
	Root  string // path from the page to the site root ("" or "../")
	Title string
	Nav   string // the current nav item: overview, budget, bmn, award, quality, district
	Head  *head
	Frame *frame
	Data  any
}

// frame is what the layout prints around a page's title and content: the
// templates "top", "stamp" and "bottom" of layout.html, which depend only on
// Root, Nav and Head. They are rendered once for each kind of page, not
// once per page: 878 district pages share one frame.
type frame struct {
	Top, Stamp, Bottom template.HTML
}

// frameKey is what a frame depends on besides the head every page shares.
type frameKey struct{ root, nav string }

// head is what every page shows around its content.
type head struct {
	SiteTitle  string
	Office     string
	Province   string
	AsOf       string // Buddhist era, Thai month name
	Generated  string
	FiscalYear int
	Quarter    int
	QuarterEnd string
	TargetMode string
	Legend     []legendItem
	Districts  []districtLink
	// ListAll: every page lists every district. Above listAllMax districts
	// (a region or the whole country) only the overview does, and the
	// other pages link to it: 878 links on each of 878 pages would make
	// the list most of every page and most of the build time.
	ListAll bool
}

// listAllMax is the most districts every page lists.
const listAllMax = 40

type legendItem struct {
	Class, Color, Thai, Meaning string
}

type districtLink struct {
	Code   string
	Name   string
	Href   string // from the site root
	Status string
}

// view holds what every page needs: the snapshot and its lookups.
type view struct {
	in    Input
	s     *report.Snapshot
	head  *head
	files map[string]string // district code → page file name (without .html)
	links map[string]districtLink
	// The snapshot's rows grouped by district code once, for the district
	// pages (scanning every row for each of 878 districts is quadratic).
	// Projects are read a district at a time, as its page renders: in a
	// run they are on disk (report.ProjectFile), and a national plan's
	// 105,000 would be 14 MB held for the whole build. Files are kept as
	// indexes.
	projects report.ProjectSet
	warnings map[string][]report.Warning
	fileIdx  map[string][]int     // indexes into s.Files
	docs     map[string][]docLink // by district; "" = the province's
	monthRow map[string]int       // index of a district's row in s.Award.Month.Rows
	winners  map[string]bool      // the month's rank 1 districts
}

func newView(in Input) *view {
	s := in.Snapshot
	v := &view{in: in, s: s, files: districtFiles(s.Districts), links: map[string]districtLink{},
		projects: s.ProjectSet(), warnings: map[string][]report.Warning{}, fileIdx: map[string][]int{},
		docs: map[string][]docLink{}, monthRow: map[string]int{}, winners: map[string]bool{}}
	for _, w := range s.Warnings {
		v.warnings[w.District] = append(v.warnings[w.District], w)
	}
	for i, f := range s.Files {
		v.fileIdx[f.District] = append(v.fileIdx[f.District], i)
	}
	for _, d := range in.Documents {
		v.docs[d.District] = append(v.docs[d.District], docLink{Title: d.Title, Href: FilesDir + "/" + documentName(d)})
	}
	for i := len(s.Award.Month.Rows) - 1; i >= 0; i-- { // the first row of a district
		v.monthRow[s.Award.Month.Rows[i].District] = i
	}
	for _, c := range s.Award.Month.Winners {
		v.winners[c] = true
	}
	province := cmp.Or(s.ProvinceName, in.Settings.Office.Province)
	mode := "เป้าหมายสะสมเฉลี่ยรายวัน (linear)"
	if cmp.Or(s.TargetMode, in.Settings.Figures.TargetMode) == "step" {
		mode = "เป้าหมายของไตรมาสปัจจุบัน (step)"
	}
	v.head = &head{
		SiteTitle:  cmp.Or(in.Settings.Site.Title, "ศูนย์แจ้งเตือนการดำเนินงาน"),
		Office:     cmp.Or(s.OfficeName, in.Settings.Office.Name),
		Province:   province,
		AsOf:       dateLong(s.AsOf),
		Generated:  generatedAt(in.Generated),
		FiscalYear: s.FiscalYear,
		Quarter:    s.Quarter,
		QuarterEnd: dateLong(s.QuarterEnd),
		TargetMode: mode,
	}
	for _, st := range []string{report.StatusGreen, report.StatusYellow, report.StatusRed, report.StatusGrey} {
		meaning := map[string]string{
			report.StatusGreen:  "ผลงานถึงเป้าหมาย ณ วันที่ข้อมูล",
			report.StatusYellow: "ต่ำกว่าเป้าหมายไม่เกินเกณฑ์ที่ยอมรับ",
			report.StatusRed:    "ต่ำกว่าเป้าหมายเกินเกณฑ์ที่ยอมรับ",
			report.StatusGrey:   "ยังไม่มีข้อมูลที่ผ่านการตรวจสอบ จึงไม่ประเมิน",
		}[st]
		v.head.Legend = append(v.head.Legend, legendItem{Class: statusClass(st), Color: statusColor(st), Thai: report.StatusThai(st), Meaning: meaning})
	}
	for _, d := range s.Districts {
		if _, ok := v.links[d.Code]; ok {
			continue
		}
		l := districtLink{Code: d.Code, Name: cmp.Or(d.Name, d.Code), Href: DistrictDir + "/" + v.files[d.Code] + ".html", Status: d.Budget.Status}
		v.links[d.Code] = l
		v.head.Districts = append(v.head.Districts, l)
	}
	v.head.ListAll = len(v.head.Districts) <= listAllMax
	return v
}

// link returns the district's link; a code the snapshot does not list (a
// file of an unknown district) gets no page.
func (v *view) link(code string) *districtLink {
	l, ok := v.links[code]
	if !ok {
		return nil
	}
	return &l
}

func (v *view) name(code string) string {
	if l, ok := v.links[code]; ok {
		return l.Name
	}
	return code
}

func (v *view) newPage(file, title, nav string, data any) page {
	return page{File: file, Root: rel(file), Title: title, Nav: nav, Head: v.head, Data: data}
}

// pages lists the site's pages: the province pages, then one page per
// district in the snapshot's order.
func (v *view) pages() []job {
	out := []job{
		{name: PageOverview, tpl: "index.html", title: "ภาพรวม", nav: "overview", data: v.overview},
		{name: PageBudget, tpl: "budget.html", title: "การเบิกจ่ายงบประมาณ", nav: "budget", data: v.budget},
		{name: PageBMN, tpl: "bmn.html", title: "การจัดเก็บข้อมูล จปฐ.", nav: "bmn", data: v.bmn},
		{name: PageAward, tpl: "award.html", title: "รายงานดีมีรางวัล", nav: "award", data: v.award},
		{name: PageQuality, tpl: "quality.html", title: "คุณภาพข้อมูล", nav: "quality", data: v.quality},
	}
	index := make(map[string]int, len(v.s.Districts))
	for i := len(v.s.Districts) - 1; i >= 0; i-- { // the first of a duplicated code
		index[v.s.Districts[i].Code] = i
	}
	for _, l := range v.head.Districts {
		df := &v.s.Districts[index[l.Code]]
		out = append(out, job{name: l.Href, tpl: "district.html", title: "อำเภอ" + l.Name, nav: "district",
			data: func() (any, error) { return v.district(df) }})
	}
	return out
}

// --- shared rows ---

// warnCount is one district's warnings by stage, with its link.
type warnCount struct {
	report.DistrictWarnings
	Link districtLink
}

// warnCounts counts each district's warnings, the most urgent first
// (report.WarningsByDistrict).
func (v *view) warnCounts() []warnCount {
	names := map[string]string{}
	for _, w := range v.s.Warnings {
		names[w.District] = cmp.Or(names[w.District], w.DistrictName)
	}
	counts := report.WarningsByDistrict(v.s.Warnings)
	rows := make([]warnCount, len(counts))
	for i, c := range counts {
		l, ok := v.links[c.District]
		if !ok {
			l = districtLink{Code: c.District, Name: cmp.Or(names[c.District], c.District)}
		}
		rows[i] = warnCount{DistrictWarnings: c, Link: l}
	}
	return rows
}

type districtRow struct {
	Link districtLink
	D    *report.DistrictFigures
}

type warnRow struct {
	W        report.Warning
	Name     string
	Link     *districtLink
	Subject  string
	DaysText string
}

func (v *view) warnRows(ws []report.Warning) []warnRow {
	var out []warnRow
	for _, w := range sortWarnings(ws) {
		r := warnRow{W: w, Name: cmp.Or(w.DistrictName, v.name(w.District)), Link: v.link(w.District),
			Subject: cmp.Or(w.SubjectName, w.Subject)}
		if w.Topic == report.TopicReport && w.Subject != report.SubjectWeekly && w.SubjectName != "" && w.SubjectName != w.Subject {
			r.Subject = w.Subject + " " + w.SubjectName // staff know reports by their code
		}
		switch {
		case w.Due == "":
			r.DaysText = ""
		case w.Days > 0:
			r.DaysText = fmt.Sprintf("เลยกำหนด %d วัน", w.Days)
		case w.Days == 0:
			r.DaysText = "ครบกำหนดวันนี้"
		default:
			r.DaysText = fmt.Sprintf("อีก %d วัน", -w.Days)
		}
		out = append(out, r)
	}
	return out
}

// rankedDistricts orders districts by budget rank, unranked (grey) last.
func (v *view) rankedDistricts() []districtRow {
	var rows []districtRow
	for i := range v.s.Districts {
		d := &v.s.Districts[i]
		rows = append(rows, districtRow{Link: v.links[d.Code], D: d})
	}
	key := func(r districtRow) int {
		if r.D.BudgetRank <= 0 || !r.D.Verified {
			return math.MaxInt
		}
		return r.D.BudgetRank
	}
	slices.SortStableFunc(rows, func(a, b districtRow) int {
		return cmp.Or(cmp.Compare(key(a), key(b)), cmp.Compare(b.D.Budget.DisbursementRate, a.D.Budget.DisbursementRate))
	})
	return rows
}

func (v *view) districtBudgetChart(id string, rows []districtRow, spending bool) (chartBlock, error) {
	cats := make([]string, len(rows))
	rate := barSeries{Name: "ร้อยละเบิกจ่าย"}
	spend := barSeries{Name: "ร้อยละใช้จ่าย (เบิกจ่าย + ก่อหนี้ผูกพัน)", Color: colorLight}
	for i, r := range rows {
		cats[i] = r.Link.Name
		grey := !r.D.Verified
		rate.Values = append(rate.Values, pct2(r.D.Budget.DisbursementRate))
		rate.Colors = append(rate.Colors, statusColor(r.D.Budget.Status))
		rate.Empty = append(rate.Empty, grey)
		spend.Values = append(spend.Values, pct2(r.D.Budget.SpendingRate))
		spend.Empty = append(spend.Empty, grey)
	}
	rate.Color = colorMain
	series := []barSeries{rate}
	if spending {
		series = append(series, spend)
	}
	target := pct2(v.s.Province.Budget.TargetRate)
	return hbar(hbarSpec{ID: id, Label: "ร้อยละการเบิกจ่ายรายอำเภอเทียบเป้าหมาย", Categories: cats, Series: series, Target: &target})
}

func groupChart(id, label string, groups []report.GroupFigures, prefix string) (chartBlock, error) {
	cats := make([]string, len(groups))
	rate := barSeries{Name: "ร้อยละเบิกจ่าย", Color: colorMain}
	target := barSeries{Name: "เป้าหมาย ณ วันที่", Color: colorTarget2}
	for i, g := range groups {
		cats[i] = prefix + g.Name
		rate.Values = append(rate.Values, pct2(g.DisbursementRate))
		rate.Colors = append(rate.Colors, statusColor(g.Status))
		target.Values = append(target.Values, pct2(g.TargetRate))
	}
	return hbar(hbarSpec{ID: id, Label: label, Categories: cats, Series: []barSeries{rate, target}})
}

func ptr(f float64) *float64 { return &f }

// history returns the trend points, oldest first; without archived runs the
// current run is the only point.
func (v *view) history() []report.HistoryPoint {
	if len(v.s.History) > 0 {
		return v.s.History
	}
	return []report.HistoryPoint{{AsOf: v.s.AsOf, Province: v.s.Province.Budget.DisbursementRate,
		Target: v.s.Province.Budget.TargetRate, BMN: v.s.Province.BMN.CollectedRate}}
}

// --- overview ---

type count2 struct {
	Key   string
	Thai  string
	Class string
	N     int
}

type overviewData struct {
	Documents     []docLink
	Budget        report.BudgetFigures
	BMN           report.BMNFigures
	Verified      int
	DistrictCount int
	Stages        []count2
	Escalated     int
	Warnings      []warnRow
	// ByDistrict counts the warnings of each district with any, for a site
	// above listAllMax districts: there the board lists in full only the
	// demands (ทวงถาม), as the bulletin does (a national run has thousands
	// of warnings), and each district's page has its own.
	ByDistrict   []warnCount
	WarningTotal string // every warning, counted (Warnings may hold only the demands)
	BoardNote    string // what the board shows, when ByDistrict is set
	States       []count2
	Files        int
	Errors       int
	Cautions     int
	Month        report.AwardTable
	MonthWinners []string
	PrevWinners  []string
	Previous     report.AwardTable
	Rows         []districtRow
	Chart        chartBlock
}

func (v *view) overview() (any, error) {
	s := v.s
	d := &overviewData{Documents: v.docs[""], Budget: s.Province.Budget, BMN: s.Province.BMN, DistrictCount: len(s.Districts),
		Month: s.Award.Month, Previous: s.Award.Previous, Files: len(s.Files)}
	for _, di := range s.Districts {
		if di.Verified {
			d.Verified++
		}
	}
	for _, st := range []string{report.StageDemand, report.StageFollow, report.StageWarn} {
		c := count2{Key: st, Thai: report.StageThai(st), Class: "st-" + st}
		for _, w := range s.Warnings {
			if w.Stage == st {
				c.N++
			}
		}
		d.Stages = append(d.Stages, c)
	}
	for _, w := range s.Warnings {
		if w.Escalated {
			d.Escalated++
		}
	}
	d.WarningTotal = thai.Int(len(s.Warnings))
	if v.head.ListAll {
		d.Warnings = v.warnRows(s.Warnings)
	} else {
		var demands []report.Warning
		for _, w := range s.Warnings {
			if w.Stage == report.StageDemand {
				demands = append(demands, w)
			}
		}
		d.Warnings = v.warnRows(demands)
		d.ByDistrict = v.warnCounts()
		d.BoardNote = fmt.Sprintf("มีการแจ้งเตือน %s เรื่องใน %s อำเภอ กระดานนี้แสดงเฉพาะเรื่องที่ทวงถาม (%s เรื่อง) และจำนวนเรื่องของแต่ละอำเภอ เรียงจากอำเภอที่มีเรื่องเร่งด่วนที่สุด รายละเอียดทุกเรื่องอยู่ในหน้าของแต่ละอำเภอ",
			thai.Int(len(s.Warnings)), thai.Int(len(d.ByDistrict)), thai.Int(len(demands)))
	}
	d.States = v.stateCounts()
	for _, f := range s.Files {
		e, w := report.CountIssues(f.Issues)
		d.Errors += e
		d.Cautions += w
	}
	for _, c := range s.Award.Month.Winners {
		d.MonthWinners = append(d.MonthWinners, v.name(c))
	}
	for _, c := range s.Award.Previous.Winners {
		d.PrevWinners = append(d.PrevWinners, v.name(c))
	}
	d.Rows = v.rankedDistricts()
	var err error
	d.Chart, err = v.districtBudgetChart("ov-budget", d.Rows, false)
	return d, err
}

func (v *view) stateCounts() []count2 {
	var out []count2
	for _, st := range []report.FileState{report.StateAccepted, report.StateAcceptedWithWarnings, report.StateRejected, report.StateSuperseded} {
		c := count2{Key: string(st), Thai: report.StateThai(st), Class: stateClass(st)}
		for _, f := range v.s.Files {
			if f.State == st {
				c.N++
			}
		}
		out = append(out, c)
	}
	return out
}

// --- budget ---

type trendRow struct {
	AsOf     string
	Province float64
	Target   float64
	BMN      float64
}

type budgetData struct {
	Province       report.BudgetFigures
	Rows           []districtRow
	WorkGroups     []report.GroupFigures
	ExpenseTypes   []report.GroupFigures
	Trend          []trendRow
	DistrictsChart chartBlock
	GroupsChart    chartBlock
	TypesChart     chartBlock
	TrendChart     chartBlock
}

func (v *view) budget() (any, error) {
	s := v.s
	d := &budgetData{Province: s.Province.Budget, Rows: v.rankedDistricts(), WorkGroups: s.WorkGroups, ExpenseTypes: s.ExpenseTypes}
	var err error
	if d.DistrictsChart, err = v.districtBudgetChart("budget-districts", d.Rows, true); err != nil {
		return nil, err
	}
	if d.GroupsChart, err = groupChart("budget-groups", "ร้อยละการเบิกจ่ายรายกลุ่มงานเทียบเป้าหมาย", s.WorkGroups, ""); err != nil {
		return nil, err
	}
	if d.TypesChart, err = groupChart("budget-types", "ร้อยละการเบิกจ่ายตามประเภทรายจ่ายเทียบเป้าหมาย", s.ExpenseTypes, "งบ"); err != nil {
		return nil, err
	}
	hist := v.history()
	var dates []string
	prov := lineSeries{Name: "จังหวัด", Color: colorMain}
	target := lineSeries{Name: "เป้าหมาย ณ วันที่", Color: colorTarget, Dashed: true}
	codes := map[string]bool{}
	for _, h := range hist {
		dates = append(dates, h.AsOf)
		prov.Values = append(prov.Values, ptr(pct2(h.Province)))
		target.Values = append(target.Values, ptr(pct2(h.Target)))
		d.Trend = append(d.Trend, trendRow{AsOf: h.AsOf, Province: h.Province, Target: h.Target, BMN: h.BMN})
		for c := range h.Districts {
			codes[c] = true
		}
	}
	series := []lineSeries{prov, target}
	for _, c := range sortedCodes(codes) {
		ls := lineSeries{Name: v.name(c), Hidden: true}
		for _, h := range hist {
			if r, ok := h.Districts[c]; ok {
				ls.Values = append(ls.Values, ptr(pct2(r)))
			} else {
				ls.Values = append(ls.Values, nil)
			}
		}
		series = append(series, ls)
	}
	if d.TrendChart, err = trendLine("budget-trend", "แนวโน้มร้อยละการเบิกจ่ายรายสัปดาห์", dates, series); err != nil {
		return nil, err
	}
	return d, nil
}

// --- BMN ---

type bmnData struct {
	Province   report.BMNFigures
	Rows       []districtRow
	Trend      []trendRow
	Chart      chartBlock
	TrendChart chartBlock
}

func (v *view) bmn() (any, error) {
	s := v.s
	d := &bmnData{Province: s.Province.BMN}
	for i := range s.Districts {
		d.Rows = append(d.Rows, districtRow{Link: v.links[s.Districts[i].Code], D: &s.Districts[i]})
	}
	var cats []string
	coll := barSeries{Name: "จัดเก็บแล้ว (ร้อยละ)", Color: colorMain}
	rec := barSeries{Name: "บันทึกแล้ว (ร้อยละ)", Color: colorLight}
	expC := barSeries{Name: "ควรจัดเก็บได้ ณ วันที่", Color: colorTarget}
	expR := barSeries{Name: "ควรบันทึกได้ ณ วันที่", Color: colorTarget2}
	for _, r := range d.Rows {
		b, grey := r.D.BMN, !r.D.Verified
		cats = append(cats, r.Link.Name)
		coll.Values = append(coll.Values, pct2(b.CollectedRate))
		coll.Empty = append(coll.Empty, grey)
		rec.Values = append(rec.Values, pct2(b.RecordedRate))
		rec.Empty = append(rec.Empty, grey)
		expC.Values = append(expC.Values, pct2(b.ExpectedRate))
		expR.Values = append(expR.Values, pct2(b.ExpectedRecordedRate))
	}
	var err error
	d.Chart, err = hbar(hbarSpec{ID: "bmn-districts", Label: "ร้อยละการจัดเก็บและบันทึกข้อมูล จปฐ. รายอำเภอเทียบที่ควรได้",
		Categories: cats, Series: []barSeries{coll, rec}, Markers: []barSeries{expC, expR}})
	if err != nil {
		return nil, err
	}
	var dates []string
	line := lineSeries{Name: "จัดเก็บแล้ว (จังหวัด)", Color: colorMain}
	for _, h := range v.history() {
		dates = append(dates, h.AsOf)
		line.Values = append(line.Values, ptr(pct2(h.BMN)))
		d.Trend = append(d.Trend, trendRow{AsOf: h.AsOf, BMN: h.BMN})
	}
	d.TrendChart, err = trendLine("bmn-trend", "แนวโน้มร้อยละการจัดเก็บข้อมูล จปฐ. ของจังหวัด", dates, []lineSeries{line})
	return d, err
}

// --- Report Award ---

type awardRow struct {
	report.AwardRow
	Link   *districtLink
	Winner bool
}

type awardTable struct {
	report.AwardTable
	Rows  []awardRow
	Chart *chartBlock
}

type awardData struct {
	Month       awardTable
	Previous    awardTable
	FiscalYear  awardTable
	PrevWinners []awardRow
	// MonthWinners are the names of the month's rank 1 districts so far.
	MonthWinners []string
	Points       settings.Award
}

func (v *view) awardTable(t report.AwardTable, id, label string) (awardTable, error) {
	out := awardTable{AwardTable: t}
	winners := map[string]bool{}
	for _, w := range t.Winners {
		winners[w] = true
	}
	for _, r := range t.Rows {
		out.Rows = append(out.Rows, awardRow{AwardRow: r, Link: v.link(r.District), Winner: winners[r.District]})
	}
	if id == "" {
		return out, nil
	}
	var cats []string
	score := barSeries{Name: "คะแนน (ร้อยละของคะแนนเต็ม)", Color: colorMain}
	for _, r := range out.Rows {
		cats = append(cats, fmt.Sprintf("%d. %s", r.Rank, cmp.Or(r.Name, v.name(r.District))))
		score.Values = append(score.Values, pct2(r.Score))
		c := colorMain
		if r.Winner {
			c = colorWinner
		}
		score.Colors = append(score.Colors, c)
	}
	c, err := hbar(hbarSpec{ID: id, Label: label, Categories: cats, Series: []barSeries{score}, Max: 100})
	out.Chart = &c
	return out, err
}

func (v *view) award() (any, error) {
	a := v.s.Award
	d := &awardData{Points: v.in.Settings.Award}
	if d.Points == (settings.Award{}) {
		d.Points = settings.Default().Award // settings not loaded (tests, previews)
	}
	var err error
	if d.Month, err = v.awardTable(a.Month, "award-month", "คะแนนรายงานดีมีรางวัลประจำเดือน"); err != nil {
		return nil, err
	}
	if d.FiscalYear, err = v.awardTable(a.FiscalYear, "award-fy", "คะแนนรายงานดีมีรางวัลสะสมปีงบประมาณ"); err != nil {
		return nil, err
	}
	if d.Previous, err = v.awardTable(a.Previous, "", ""); err != nil {
		return nil, err
	}
	for _, r := range d.Previous.Rows {
		if r.Winner {
			d.PrevWinners = append(d.PrevWinners, r)
		}
	}
	for _, r := range d.Month.Rows {
		if r.Winner {
			d.MonthWinners = append(d.MonthWinners, cmp.Or(r.Name, v.name(r.District)))
		}
	}
	return d, nil
}

// --- data quality ---

type fileRow struct {
	report.FileResult
	Anchor   string
	Link     *districtLink
	Errors   int
	Cautions int
}

type qualityData struct {
	States    []count2
	Files     []fileRow
	Workspace []report.FileResult // the office's own files with issues
	Issues    int
	Chart     chartBlock
}

// fileRows makes the rows of all the files of s.Files.
func (v *view) fileRows() []fileRow {
	var idx []int
	for i := range v.s.Files {
		idx = append(idx, i)
	}
	return v.fileRowsAt(idx)
}

// fileRowsAt makes the rows of the files at the indexes of s.Files.
func (v *view) fileRowsAt(idx []int) []fileRow {
	var out []fileRow
	for _, i := range idx {
		f := v.s.Files[i]
		r := fileRow{FileResult: f, Anchor: fmt.Sprintf("file-%d", i+1), Link: v.link(f.District)}
		r.Errors, r.Cautions = report.CountIssues(f.Issues)
		out = append(out, r)
	}
	return out
}

func (v *view) quality() (any, error) {
	d := &qualityData{States: v.stateCounts(), Files: v.fileRows(), Workspace: v.s.WorkspaceFiles}
	for _, f := range d.Files {
		d.Issues += f.Errors + f.Cautions
	}
	var cats []string
	var vals []int
	var colors []string
	for _, c := range d.States {
		cats = append(cats, c.Thai)
		vals = append(vals, c.N)
		colors = append(colors, map[string]string{"s-green": colorGreen, "s-yellow": colorYellow, "s-red": colorRed}[c.Class])
		if colors[len(colors)-1] == "" {
			colors[len(colors)-1] = colorGrey
		}
	}
	var err error
	d.Chart, err = countBars("quality-states", "จำนวนไฟล์ตามผลการตรวจสอบ", cats, vals, colors)
	return d, err
}

// --- district ---

type districtData struct {
	Documents   []docLink
	D           *report.DistrictFigures
	Link        districtLink
	Projects    []*report.ProjectFigures
	Warnings    []warnRow
	Files       []fileRow
	Award       *awardRow
	Trend       []districtTrendRow
	GroupsChart *chartBlock
	TrendChart  chartBlock
	BMNChart    *chartBlock
}

type districtTrendRow struct {
	AsOf   string
	Rate   *float64
	Target float64
}

func (v *view) district(df *report.DistrictFigures) (any, error) {
	s := v.s
	code := df.Code
	id := "d-" + v.files[code]
	d := &districtData{Documents: v.docs[code], D: df, Link: v.links[code]}
	ps, err := v.projects.District(code)
	if err != nil {
		return nil, err
	}
	d.Projects = make([]*report.ProjectFigures, len(ps))
	for i := range ps {
		d.Projects[i] = &ps[i]
	}
	d.Warnings = v.warnRows(v.warnings[code])
	d.Files = v.fileRowsAt(v.fileIdx[code])
	if i, ok := v.monthRow[code]; ok {
		d.Award = &awardRow{AwardRow: s.Award.Month.Rows[i], Link: v.link(code), Winner: v.winners[code]}
	}

	groups := slices.Clone(df.WorkGroups)
	for _, g := range df.ExpenseTypes {
		g.Name = "งบ" + g.Name
		groups = append(groups, g)
	}
	if len(groups) > 0 {
		c, err := groupChart(id+"-groups", "ร้อยละการเบิกจ่ายของอำเภอรายกลุ่มงานและประเภทรายจ่าย", groups, "")
		if err != nil {
			return nil, err
		}
		d.GroupsChart = &c
	}

	var dates []string
	rate := lineSeries{Name: "อำเภอ" + d.Link.Name, Color: colorMain}
	target := lineSeries{Name: "เป้าหมาย ณ วันที่", Color: colorTarget, Dashed: true}
	for _, h := range v.history() {
		dates = append(dates, h.AsOf)
		row := districtTrendRow{AsOf: h.AsOf, Target: h.Target}
		if r, ok := h.Districts[code]; ok {
			row.Rate = ptr(r)
			rate.Values = append(rate.Values, ptr(pct2(r)))
		} else {
			rate.Values = append(rate.Values, nil)
		}
		target.Values = append(target.Values, ptr(pct2(h.Target)))
		d.Trend = append(d.Trend, row)
	}
	if d.TrendChart, err = trendLine(id+"-trend", "แนวโน้มร้อยละการเบิกจ่ายของอำเภอรายสัปดาห์", dates, []lineSeries{rate, target}); err != nil {
		return nil, err
	}

	if subs := df.BMN.SubDistricts; len(subs) > 0 {
		var cats []string
		coll := barSeries{Name: "จัดเก็บแล้ว (ร้อยละ)", Color: colorMain}
		rec := barSeries{Name: "บันทึกแล้ว (ร้อยละ)", Color: colorLight}
		for _, sd := range subs {
			cats = append(cats, sd.Name)
			coll.Values = append(coll.Values, pct2(sd.CollectedRate))
			rec.Values = append(rec.Values, pct2(sd.RecordedRate))
		}
		c, err := hbar(hbarSpec{ID: id + "-bmn", Label: "ร้อยละการจัดเก็บและบันทึกข้อมูล จปฐ. รายตำบล",
			Categories: cats, Series: []barSeries{coll, rec}, Target: ptr(pct2(df.BMN.ExpectedRate)), TargetName: "ควรจัดเก็บได้"})
		if err != nil {
			return nil, err
		}
		d.BMNChart = &c
	}
	return d, nil
}

// docLink is a link to a document in files/.
type docLink struct {
	Title string
	Href  string // relative to the site root
}
