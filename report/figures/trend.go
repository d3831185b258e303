package figures

import (
	"sort"
	"time"

	"lwc/report"
)

// PacePoints is how many snapshots (this one included) the pace is
// measured over.
const PacePoints = 4

// ratePoint is one run's judged rate of a district or the province.
type ratePoint struct {
	day     time.Time
	rate    float64
	status  string
	redRuns int // the oldest snapshot read: its own Trend.RedRuns; else 0
}

// trends fills the Trend of the province's and each district's budget.
//
// Only snapshots of the same fiscal year count: cumulative rates restart
// each October. Previous is the latest earlier snapshot in which the figure
// was judged (not grey); Change = now − Previous. The pace is the rate
// gained per 7 days between the first and the last of the last PacePoints
// judged points; Projected = rate now + pace × days to the quarter end / 7;
// WillMiss = Projected below the quarter's target. RedRuns counts this run
// and the consecutive earlier snapshots, newest first, in which the figure
// was red (a grey or missing run breaks the chain), carried back past the
// snapshots read by the oldest one's own count.
func (c *calc) trends() {
	series := func(code string, now report.BudgetFigures) []ratePoint {
		var ps []ratePoint
		for i, h := range c.history {
			if h.FiscalYear != c.fy {
				continue
			}
			day, _ := ParseISO(h.AsOf)
			b := h.Province.Budget
			if code != "" {
				if d := c.past[i][code]; d != nil {
					b = d.Budget
				} else {
					b = report.BudgetFigures{Status: report.StatusGrey}
				}
			}
			p := ratePoint{day: day, rate: b.DisbursementRate, status: b.Status}
			if i == 0 {
				// The oldest snapshot read: the chain may go on before it.
				p.redRuns = redRunsOf(b.Trend)
			}
			ps = append(ps, p)
		}
		return append(ps, ratePoint{day: c.asOf, rate: now.DisbursementRate, status: now.Status})
	}

	p := &c.snap.Province.Budget
	if p.Status != report.StatusGrey {
		p.Trend = c.trend(series("", *p), p.QuarterTarget)
	}
	for i := range c.snap.Districts {
		b := &c.snap.Districts[i].Budget
		if b.Status != report.StatusGrey {
			b.Trend = c.trend(series(c.snap.Districts[i].Code, *b), b.QuarterTarget)
		}
	}
}

// trend computes a Trend from a series of points ending with this run's.
func (c *calc) trend(all []ratePoint, quarterTarget float64) *report.Trend {
	now := all[len(all)-1]
	var judged []ratePoint
	for _, p := range all {
		if p.status != report.StatusGrey {
			judged = append(judged, p)
		}
	}
	t := &report.Trend{RedRuns: redRuns(all)}
	if n := len(judged); n >= 2 {
		prev := judged[n-2].rate
		t.Previous = &prev
		t.Change = now.rate - prev
	}
	if len(judged) > PacePoints {
		judged = judged[len(judged)-PacePoints:]
	}
	t.Points = len(judged)
	first := judged[0]
	if days := Days(first.day, now.day); days > 0 {
		t.PacePerWeek = (now.rate - first.rate) / float64(days) * 7
	}
	left := Days(c.asOf, QuarterEnd(c.fy, c.q))
	t.Projected = now.rate + t.PacePerWeek*float64(left)/7
	t.WillMiss = t.Projected < quarterTarget-eps
	return t
}

// redRuns counts the red points at the end of the series. When the chain
// reaches the oldest snapshot read, that snapshot's own count carries it
// further back: a run reads only its last few snapshots (see
// archive.History), and a district can stay red all year.
func redRuns(ps []ratePoint) int {
	n := 0
	for i := len(ps) - 1; i >= 0 && ps[i].status == report.StatusRed; i-- {
		n++
		if i == 0 && len(ps) > 1 {
			n += max(ps[0].redRuns-1, 0)
		}
	}
	return n
}

// historyPoints fills History: the points of every earlier snapshot of this
// fiscal year (taken from their own History and from the snapshots
// themselves) and this run's, oldest first, one per date.
func (c *calc) historyPoints() {
	byDate := map[string]report.HistoryPoint{}
	for _, h := range c.history {
		if h.FiscalYear != c.fy {
			continue
		}
		for _, p := range h.History {
			if p.AsOf < h.AsOf {
				byDate[p.AsOf] = p
			}
		}
	}
	for _, h := range c.history {
		if h.FiscalYear == c.fy {
			byDate[h.AsOf] = point(h)
		}
	}
	byDate[c.snap.AsOf] = point(report.PastOf(c.snap))
	start := ISO(FiscalYearStart(c.fy))
	c.snap.History = []report.HistoryPoint{}
	for _, p := range byDate {
		if p.AsOf >= start && p.AsOf <= c.snap.AsOf {
			c.snap.History = append(c.snap.History, p)
		}
	}
	sortHistory(c.snap.History)
}

// point summarizes a run for the trend lines.
func point(s *report.PastRun) report.HistoryPoint {
	p := report.HistoryPoint{
		AsOf:      s.AsOf,
		Province:  s.Province.Budget.DisbursementRate,
		Target:    s.Province.Budget.TargetRate,
		Districts: map[string]float64{},
		BMN:       s.Province.BMN.CollectedRate,
	}
	for _, d := range s.Districts {
		if d.Verified && d.Budget.Status != report.StatusGrey {
			p.Districts[d.Code] = d.Budget.DisbursementRate
		}
	}
	return p
}

func sortHistory(h []report.HistoryPoint) {
	sort.Slice(h, func(i, j int) bool { return h[i].AsOf < h[j].AsOf })
}
