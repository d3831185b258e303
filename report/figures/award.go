package figures

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	"lwc/report"
)

// award fills the Report Award tables (month to date, previous month final,
// fiscal year to date) and each district's month figures.
func (c *calc) award() {
	monthStart := MonthStart(c.asOf)
	prevStart := MonthStart(monthStart.AddDate(0, 0, -1))
	fyStart := FiscalYearStart(c.fy)
	c.snap.Award = report.AwardSet{
		Month:      c.awardTable(monthStart.Format("2006-01"), monthStart, MonthEnd(c.asOf)),
		Previous:   c.awardTable(prevStart.Format("2006-01"), prevStart, MonthEnd(prevStart)),
		FiscalYear: c.awardTable(strconv.Itoa(c.fy), fyStart, QuarterEnd(c.fy, 4)),
	}
	rows := map[string]report.AwardRow{}
	for _, r := range c.snap.Award.Month.Rows {
		rows[r.District] = r
	}
	for i := range c.snap.Districts {
		r := rows[c.snap.Districts[i].Code]
		c.snap.Districts[i].Award = report.AwardFigures{
			Points: r.Points, MaxPoints: r.MaxPoints, Score: r.Score, Rank: r.Rank,
		}
	}
}

// awardRow carries the sums a ranking compares exactly.
type awardRow struct {
	row      report.AwardRow
	received int   // reports received
	daySum   int64 // sum of receipt day numbers (days since 1970-01-01)
}

// awardTable scores every district on the report instances due from from to
// the earlier of end and the as-of date: on or before the due date
// Award.OnTime points, 1..Award.LateDays days late Award.Late, later
// Award.VeryLate, not received Award.Missing. Score = points / (OnTime ×
// instances). Ranked by score, then more on-time reports, then the earlier
// mean receipt date; rows equal in all three share a rank. Winners are the
// districts ranked 1 with more than zero points. When nothing was due in the
// period every rank is 0.
func (c *calc) awardTable(period string, from, end time.Time) report.AwardTable {
	to := end
	if c.asOf.Before(to) {
		to = c.asOf
	}
	t := report.AwardTable{
		Period:  period,
		From:    c.iso(from),
		To:      c.iso(to),
		Final:   !c.asOf.Before(end),
		Rows:    []report.AwardRow{},
		Winners: []string{},
	}
	if to.Before(from) {
		return t
	}
	aw := c.s.Award

	// Due instances in the period, one per report code and district.
	var due []report.ReportDue
	for _, r := range c.plan.Calendar {
		d := Day(r.Due)
		if r.Due.IsZero() || d.Before(from) || d.After(to) {
			continue
		}
		due = append(due, r)
	}
	sort.SliceStable(due, func(i, j int) bool {
		if !due[i].Due.Equal(due[j].Due) {
			return due[i].Due.Before(due[j].Due)
		}
		return due[i].Code < due[j].Code
	})

	var rows []*awardRow
	for _, d := range c.snap.Districts {
		ar := &awardRow{row: report.AwardRow{District: d.Code, Name: d.Name, Items: []report.AwardItem{}}}
		seen := map[string]bool{}
		for _, r := range due {
			if (r.District != "" && r.District != d.Code) || seen[r.Code] {
				continue
			}
			seen[r.Code] = true
			it := report.AwardItem{Report: r.Code, Name: r.Name, Due: c.iso(r.Due)}
			ar.row.MaxPoints += aw.OnTime
			if got, ok := c.receipts[receiptKey{r.Code, d.Code}]; ok {
				it.Received = c.iso(got)
				it.DaysLate = Days(r.Due, got)
				switch {
				case it.DaysLate <= 0:
					it.DaysLate = 0
					it.Points = aw.OnTime
					ar.row.OnTime++
				case it.DaysLate <= aw.LateDays:
					it.Points = aw.Late
					ar.row.Late++
				default:
					it.Points = aw.VeryLate
					ar.row.VeryLate++
				}
				ar.received++
				ar.daySum += int64(Days(time.Unix(0, 0), got))
			} else {
				it.Points = aw.Missing
				ar.row.Missing++
			}
			ar.row.Points += it.Points
			ar.row.Items = append(ar.row.Items, it)
		}
		ar.row.Score = Ratio(float64(ar.row.Points), float64(ar.row.MaxPoints))
		if ar.received > 0 {
			mean := int(math.Floor(float64(ar.daySum)/float64(ar.received) + 0.5))
			ar.row.MeanReceipt = c.iso(time.Unix(0, 0).UTC().AddDate(0, 0, mean))
		}
		rows = append(rows, ar)
	}

	sort.SliceStable(rows, func(i, j int) bool { return awardLess(rows[i], rows[j]) })
	anyDue := false
	for _, r := range rows {
		anyDue = anyDue || r.row.MaxPoints > 0
	}
	for i, r := range rows {
		if !anyDue {
			// Nothing was due: nobody is ranked (rank 0).
			t.Rows = append(t.Rows, r.row)
			continue
		}
		r.row.Rank = i + 1
		if i > 0 && !awardLess(rows[i-1], r) {
			r.row.Rank = rows[i-1].row.Rank
		}
		t.Rows = append(t.Rows, r.row)
		if r.row.Rank == 1 && r.row.Points > 0 {
			t.Winners = append(t.Winners, r.row.District)
		}
	}
	return t
}

// awardLess reports whether a ranks strictly before b. Scores and mean
// receipt dates are compared as exact fractions, so equal standings are
// equal and share a rank.
func awardLess(a, b *awardRow) bool {
	// Score: pa/ma against pb/mb; a row with nothing due scores 0.
	sa := int64(a.row.Points) * int64(b.row.MaxPoints)
	sb := int64(b.row.Points) * int64(a.row.MaxPoints)
	if a.row.MaxPoints == 0 || b.row.MaxPoints == 0 {
		sa, sb = 0, 0
		if a.row.MaxPoints > 0 && a.row.Points > 0 {
			sa = 1
		}
		if b.row.MaxPoints > 0 && b.row.Points > 0 {
			sb = 1
		}
	}
	if sa != sb {
		return sa > sb
	}
	if a.row.OnTime != b.row.OnTime {
		return a.row.OnTime > b.row.OnTime
	}
	// A district that sent something ranks before one that sent nothing.
	if (a.received > 0) != (b.received > 0) {
		return a.received > 0
	}
	if a.received > 0 {
		ma := a.daySum * int64(b.received)
		mb := b.daySum * int64(a.received)
		if ma != mb {
			return ma < mb
		}
	}
	return false
}

// AwardPeriodThai names an award table's period for people: a month
// "พฤศจิกายน 2569" or a fiscal year "ปีงบประมาณ 2570".
func AwardPeriodThai(t report.AwardTable) string {
	if len(t.Period) == 7 {
		if d, err := time.Parse("2006-01", t.Period); err == nil {
			return ThaiMonth(d)
		}
	}
	return fmt.Sprintf("ปีงบประมาณ %s", t.Period)
}
