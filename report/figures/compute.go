// Package figures computes a run's figures from verified data (SPEC §4):
// disbursement against the quarterly targets, BMN progress against its
// deadlines, the Report Award, the trend across archived runs and the
// warnings. Compute is a pure function of its Input: the as-of date is a
// parameter, earlier runs come in as snapshots, and every slice of the result
// is in a fixed order, so the same input always gives the same snapshot.
package figures

import (
	"sort"
	"time"

	"lwc/report"
	"lwc/report/settings"
)

// Input is everything Compute needs.
type Input struct {
	AsOf     time.Time
	Settings settings.Settings
	Plan     *report.Plan
	Inbox    *report.Inbox
	Register []report.Receipt
	// History holds what the trend reads of earlier runs, oldest first,
	// all before AsOf (archive.History; report.PastOf of a snapshot).
	History []*report.PastRun
	// Workspace are the office's own files (plan, contacts, register) as
	// read, with their issues; those with issues go into the snapshot.
	Workspace []report.FileResult
	// Projects, when not nil, gets the project figures (in plan order)
	// instead of the snapshot's Projects, and becomes its ProjectFile: a
	// run's way of not holding a national plan's projects in memory. The
	// caller finishes it (ProjectFile.Finish reports write errors).
	Projects *report.ProjectFile
}

// calc carries the derived values one Compute call shares between its parts.
type calc struct {
	s       settings.Settings
	asOf    time.Time
	fy, q   int
	plan    *report.Plan
	inbox   *report.Inbox
	history []*report.PastRun // earlier runs of any year, oldest first, one per date
	// past[i] indexes history[i]'s districts by code, so that the trend of
	// hundreds of districts over a year of runs stays linear.
	past []map[string]*report.PastDistrict
	// receipts maps report code + district to the earliest receipt on or
	// before the as-of date.
	receipts map[receiptKey]time.Time
	snap     *report.Snapshot
	projects *report.ProjectFile // nil: the snapshot's Projects
	dates    map[int64]string    // iso's strings by day
}

// iso is ISO with one string per date. A national snapshot's award
// tables and warnings hold a few dozen dates a hundred thousand times:
// 0.6 MB of copies, live until the last document is written.
func (c *calc) iso(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	d := Day(t)
	k := d.Unix()
	if s, ok := c.dates[k]; ok {
		return s
	}
	if c.dates == nil {
		c.dates = map[int64]string{}
	}
	s := ISO(d)
	c.dates[k] = s
	return s
}

type receiptKey struct{ report, district string }

// sums accumulates money figures.
type sums struct{ allocated, committed, disbursed float64 }

func (a *sums) add(b sums) {
	a.allocated += b.allocated
	a.committed += b.committed
	a.disbursed += b.disbursed
}

// Compute computes the snapshot of one run. It never fails: missing inputs
// give empty figures (a nil Plan gives no districts), and values that failed
// verification count as zero.
func Compute(in Input) *report.Snapshot {
	c := &calc{
		s:        in.Settings,
		asOf:     Day(in.AsOf),
		plan:     in.Plan,
		inbox:    in.Inbox,
		projects: in.Projects,
	}
	if c.plan == nil {
		c.plan = &report.Plan{}
	}
	if c.inbox == nil {
		c.inbox = &report.Inbox{}
	}
	if c.s.Figures.TargetMode != ModeStep {
		c.s.Figures.TargetMode = ModeLinear
	}
	c.fy, c.q = FiscalYear(c.asOf)
	c.history = earlier(in.History, c.asOf)
	for _, h := range c.history {
		m := make(map[string]*report.PastDistrict, len(h.Districts))
		for i := range h.Districts {
			m[h.Districts[i].Code] = &h.Districts[i]
		}
		c.past = append(c.past, m)
	}
	c.receipts = earliestReceipts(in.Register, c.asOf)

	c.snap = &report.Snapshot{
		AsOf:         ISO(c.asOf),
		FiscalYear:   c.fy,
		Quarter:      c.q,
		ProvinceName: c.s.Office.Province,
		OfficeName:   c.s.Office.Name,
		TargetMode:   c.s.Figures.TargetMode,
		QuarterEnd:   ISO(QuarterEnd(c.fy, c.q)),
		Files:        files(c.inbox.Files),
	}
	for _, f := range files(in.Workspace) {
		if len(f.Issues) > 0 {
			c.snap.WorkspaceFiles = append(c.snap.WorkspaceFiles, f)
		}
	}
	c.budget()
	c.bmn()
	c.award()
	c.trends()
	c.warnings()
	c.historyPoints()
	return c.snap
}

// earlier keeps the snapshots dated before asOf, one per date (the later in
// the slice wins), oldest first. It guards against a caller that passes this
// date's own earlier run or an unsorted list.
func earlier(hist []*report.PastRun, asOf time.Time) []*report.PastRun {
	byDate := map[string]*report.PastRun{}
	for _, h := range hist {
		if h == nil {
			continue
		}
		t, err := ParseISO(h.AsOf)
		if err != nil || !t.Before(asOf) {
			continue
		}
		byDate[h.AsOf] = h
	}
	out := make([]*report.PastRun, 0, len(byDate))
	for _, h := range byDate {
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].AsOf < out[j].AsOf })
	return out
}

// earliestReceipts keeps the earliest receipt of each report and district;
// receipts dated after asOf are ignored so that re-running a past date
// reproduces it.
func earliestReceipts(reg []report.Receipt, asOf time.Time) map[receiptKey]time.Time {
	m := map[receiptKey]time.Time{}
	for _, r := range reg {
		if r.Received.IsZero() {
			continue
		}
		d := Day(r.Received)
		if d.After(asOf) {
			continue
		}
		k := receiptKey{r.Report, r.District}
		if old, ok := m[k]; !ok || d.Before(old) {
			m[k] = d
		}
	}
	return m
}

// files copies the inbox results with non-nil issue lists, sorted by file.
func files(in []report.FileResult) []report.FileResult {
	out := make([]report.FileResult, len(in))
	copy(out, in)
	for i := range out {
		out[i].Issues = append(make([]report.Issue, 0, len(out[i].Issues)), out[i].Issues...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}

// districts returns the plan's districts sorted by code, without duplicates.
func (c *calc) districts() []report.District {
	seen := map[string]bool{}
	var out []report.District
	for _, d := range c.plan.Districts {
		if seen[d.Code] {
			continue
		}
		seen[d.Code] = true
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// target returns the quarterly targets judging an expense type; the overall
// targets judge everything else and any type the plan has no row for.
func (c *calc) target(expenseType string) report.QuarterTargets {
	t, ok := c.plan.Targets[expenseType]
	if !ok {
		t = c.plan.Targets[report.ExpenseOverall]
	}
	for i := range t {
		t[i] = finite(t[i])
	}
	return t
}

func (c *calc) targetAt(expenseType string) float64 {
	return TargetAt(c.target(expenseType), c.asOf, c.s.Figures.TargetMode)
}

func (c *calc) quarterTarget(expenseType string) float64 {
	return c.target(expenseType)[c.q-1]
}

func (c *calc) tolerance() float64 { return c.s.Figures.Tolerance }

// districtLabel is how a sentence names a district: "อำเภอเกาะคา".
func districtLabel(name string) string {
	if len(name) >= len("อำเภอ") && name[:len("อำเภอ")] == "อำเภอ" {
		return name
	}
	return "อำเภอ" + name
}
