package figures

import (
	"sort"
	"strings"

	"lwc/report"
)

// GreyPrefix starts every reason a district is grey.
const GreyPrefix = "ข้อมูลยังไม่ผ่านการตรวจสอบ"

// budget fills Projects (or writes them to the ProjectFile, see Input),
// the districts' budget and group figures, the province's budget,
// WorkGroups, ExpenseTypes and BudgetRank.
//
// Allocated is always the plan's. Committed and disbursed come from the
// accepted submission's line of the same project code, each only when its
// Value is OK; a missing line, a missing value or one that failed
// verification counts 0. Committed plus disbursed above the allocation is
// not capped (verification flags it), so a spending rate may exceed 1.
// Districts the plan does not list are left out of every total.
func (c *calc) budget() {
	dists := c.districts()
	known := map[string]bool{}
	for _, d := range dists {
		known[d.Code] = true
	}

	// Lines of each accepted submission by project code; the first line of
	// a duplicated code counts (verification reports the duplicate).
	// A district's lines are decoded (Submission.Lines) and its map made
	// at its first project in plan order and dropped after its last: a
	// plan lists a district's projects together, so one map is alive at a
	// time instead of a national inbox's 105,000 entries (5.5 MB).
	last := make(map[string]int, len(dists))
	for i, p := range c.plan.AllProjects() {
		last[p.District] = i
	}
	lines := map[string]map[string]*report.ProjectLine{}
	lineOf := func(i int, p report.Project) (*report.ProjectLine, bool) {
		m, ok := lines[p.District]
		if !ok {
			if sub := c.inbox.Accepted[p.District]; sub != nil {
				ls := sub.Lines()
				m = make(map[string]*report.ProjectLine, len(ls))
				for k := range ls {
					l := &ls[k]
					if _, dup := m[l.Code]; !dup {
						m[l.Code] = l
					}
				}
			}
			lines[p.District] = m
		}
		l, ok := m[p.Code]
		if last[p.District] == i {
			delete(lines, p.District)
		}
		return l, ok
	}

	// Group orders: work groups in order of first appearance in the plan;
	// expense types ประจำ, ลงทุน, then any other in plan order.
	var wgOrder, etOrder []string
	seenWG := map[string]bool{}
	seenET := map[string]bool{report.ExpenseCurrent: true, report.ExpenseInvestment: true}
	etOrder = []string{report.ExpenseCurrent, report.ExpenseInvestment}
	for _, p := range c.plan.AllProjects() {
		if !known[p.District] {
			continue
		}
		if !seenWG[p.WorkGroup] {
			seenWG[p.WorkGroup] = true
			wgOrder = append(wgOrder, p.WorkGroup)
		}
		if !seenET[p.ExpenseType] {
			seenET[p.ExpenseType] = true
			etOrder = append(etOrder, p.ExpenseType)
		}
	}

	type acc struct {
		total   sums
		wg, et  map[string]*sums
		hasData bool // at least one verified disbursed value
	}
	newAcc := func() *acc { return &acc{wg: map[string]*sums{}, et: map[string]*sums{}} }
	province := newAcc()
	byDistrict := map[string]*acc{}
	for _, d := range dists {
		byDistrict[d.Code] = newAcc()
	}
	addTo := func(a *acc, p report.Project, v sums) {
		a.total.add(v)
		if a.wg[p.WorkGroup] == nil {
			a.wg[p.WorkGroup] = &sums{}
		}
		a.wg[p.WorkGroup].add(v)
		if a.et[p.ExpenseType] == nil {
			a.et[p.ExpenseType] = &sums{}
		}
		a.et[p.ExpenseType].add(v)
	}

	if c.projects != nil {
		c.snap.ProjectFile = c.projects
	} else {
		c.snap.Projects = make([]report.ProjectFigures, 0, c.plan.NumProjects())
	}
	for i, p := range c.plan.AllProjects() {
		v := sums{allocated: finite(p.Allocated)}
		reported := false
		if l, ok := lineOf(i, p); ok {
			if usable(l.Committed) {
				v.committed = l.Committed.V
			}
			if usable(l.Disbursed) {
				v.disbursed = l.Disbursed.V
				reported = true
			}
		}
		pf := report.ProjectFigures{
			District:         p.District,
			Code:             p.Code,
			Name:             p.Name,
			WorkGroup:        p.WorkGroup,
			ExpenseType:      p.ExpenseType,
			Allocated:        v.allocated,
			Committed:        v.committed,
			Disbursed:        v.disbursed,
			DisbursementRate: Ratio(v.disbursed, v.allocated),
			SpendingRate:     Ratio(v.disbursed+v.committed, v.allocated),
			Reported:         reported,
		}
		if c.projects != nil {
			c.projects.Add(&pf)
		} else {
			c.snap.Projects = append(c.snap.Projects, pf)
		}
		a := byDistrict[p.District]
		if a == nil {
			continue
		}
		addTo(a, p, v)
		addTo(province, p, v)
		if reported {
			a.hasData = true
			province.hasData = true
		}
	}

	c.snap.Districts = make([]report.DistrictFigures, 0, len(dists))
	for _, d := range dists {
		a := byDistrict[d.Code]
		sub := c.inbox.Accepted[d.Code]
		df := report.DistrictFigures{Code: d.Code, Name: d.Name, Verified: sub != nil}
		if sub != nil {
			df.DataAsOf = c.iso(sub.AsOf)
			df.File = sub.File
			df.Reporter = sub.Reporter
			df.Phone = sub.Phone
		} else {
			df.GreyReason = GreyPrefix + ": " + c.whyGrey(d.Code)
		}
		judged := sub != nil && a.hasData
		df.Budget = c.budgetFigures(a.total, report.ExpenseOverall, judged)
		df.WorkGroups = c.groups(wgOrder, a.wg, false, judged)
		df.ExpenseTypes = c.groups(etOrder, a.et, true, judged)
		c.snap.Districts = append(c.snap.Districts, df)
	}

	c.snap.Province.Districts = len(dists)
	for _, d := range c.snap.Districts {
		if d.Verified {
			c.snap.Province.VerifiedDistricts++
		}
	}
	c.snap.Province.Budget = c.budgetFigures(province.total, report.ExpenseOverall, province.hasData)
	c.snap.WorkGroups = c.groups(wgOrder, province.wg, false, province.hasData)
	c.snap.ExpenseTypes = c.groups(etOrder, province.et, true, province.hasData)
	c.rankBudget()
}

// budgetFigures judges money figures against the target of an expense type
// (ExpenseOverall for districts and the province). Without verified data,
// or without any allocation to disburse, the status is grey.
func (c *calc) budgetFigures(v sums, expenseType string, judged bool) report.BudgetFigures {
	b := report.BudgetFigures{
		Allocated:        v.allocated,
		Committed:        v.committed,
		Disbursed:        v.disbursed,
		DisbursementRate: Ratio(v.disbursed, v.allocated),
		SpendingRate:     Ratio(v.disbursed+v.committed, v.allocated),
		TargetRate:       c.targetAt(expenseType),
		QuarterTarget:    c.quarterTarget(expenseType),
		Status:           report.StatusGrey,
	}
	if judged && v.allocated > 0 {
		b.Status = Status(b.DisbursementRate, b.TargetRate, c.tolerance())
	}
	return b
}

// groups lists the figures of work groups or expense types in order, leaving
// out groups without any allocation line. Expense types are judged by their
// own target, work groups by the overall one.
func (c *calc) groups(order []string, m map[string]*sums, expense, judged bool) []report.GroupFigures {
	out := []report.GroupFigures{}
	for _, name := range order {
		v := m[name]
		if v == nil {
			continue
		}
		tt := report.ExpenseOverall
		if expense {
			tt = name
		}
		b := c.budgetFigures(*v, tt, judged)
		out = append(out, report.GroupFigures{
			Name:             name,
			Allocated:        b.Allocated,
			Committed:        b.Committed,
			Disbursed:        b.Disbursed,
			DisbursementRate: b.DisbursementRate,
			TargetRate:       b.TargetRate,
			SpendingRate:     b.SpendingRate,
			Status:           b.Status,
		})
	}
	return out
}

// rankBudget ranks the districts with judged budget figures by disbursement
// rate, highest first; equal rates share a rank; grey districts get 0.
func (c *calc) rankBudget() {
	var idx []int
	for i, d := range c.snap.Districts {
		if d.Budget.Status != report.StatusGrey {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool {
		return c.snap.Districts[idx[a]].Budget.DisbursementRate > c.snap.Districts[idx[b]].Budget.DisbursementRate
	})
	for n, i := range idx {
		rank := n + 1
		if n > 0 {
			prev := &c.snap.Districts[idx[n-1]]
			if prev.Budget.DisbursementRate == c.snap.Districts[i].Budget.DisbursementRate {
				rank = prev.BudgetRank
			}
		}
		c.snap.Districts[i].BudgetRank = rank
	}
}

// whyGrey says in Thai why a district has no accepted submission: no file
// at all, or which of its files were rejected and for what.
func (c *calc) whyGrey(code string) string {
	var parts []string
	for _, f := range c.inbox.Files {
		if f.District != code || f.State != report.StateRejected {
			continue
		}
		reason := f.Reason
		if reason == "" {
			var msgs []string
			for _, is := range f.Issues {
				if is.Severity == report.SeverityError {
					msgs = append(msgs, is.Message)
				}
			}
			reason = strings.Join(msgs, "; ")
		}
		if reason == "" {
			reason = "ไม่ระบุเหตุผล"
		}
		parts = append(parts, "ไฟล์ "+f.File+" ถูกปฏิเสธ เนื่องจาก"+reason)
	}
	if len(parts) == 0 {
		return "ไม่พบไฟล์รายงานประจำสัปดาห์ของอำเภอ"
	}
	return strings.Join(parts, "; ")
}
