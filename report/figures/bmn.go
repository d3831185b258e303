package figures

import (
	"lwc/report"
)

// bmn fills the districts' and the province's BMN (จปฐ.) figures.
//
// Target households are the plan's. Collected and recorded are the sums of
// the accepted submission's sub-district values that are OK. A milestone
// (collected, recorded) is judged only when the district is verified, the
// plan gives it a target and at least one sub-district reported a verified
// value for it; otherwise that milestone is grey. The BMN status is the
// worse of the two milestones' (grey only when both are).
func (c *calc) bmn() {
	targets := map[string]report.BMNTarget{}
	for _, t := range c.plan.BMN {
		if _, dup := targets[t.District]; !dup {
			targets[t.District] = t
		}
	}
	subTargets := map[string]map[string]float64{}
	for _, t := range c.plan.SubDistricts {
		if subTargets[t.District] == nil {
			subTargets[t.District] = map[string]float64{}
		}
		subTargets[t.District][t.Name] = t.Households
	}

	var prov report.BMNFigures
	var expColl, expRec float64 // expected households, summed over districts
	provColl, provRec := false, false
	var starts, collects, records []string
	for i := range c.snap.Districts {
		d := &c.snap.Districts[i]
		t, hasTarget := targets[d.Code]
		b := report.BMNFigures{
			Status:          report.StatusGrey,
			CollectedStatus: report.StatusGrey,
			RecordedStatus:  report.StatusGrey,
		}
		if hasTarget {
			b.Target = finite(t.Households)
			b.Start, b.CollectBy, b.RecordBy = c.iso(t.Start), c.iso(t.CollectBy), c.iso(t.RecordBy)
			b.ExpectedRate = Expected(t.Start, t.CollectBy, c.asOf)
			b.ExpectedRecordedRate = Expected(t.Start, t.RecordBy, c.asOf)
			starts = append(starts, b.Start)
			collects = append(collects, b.CollectBy)
			records = append(records, b.RecordBy)
		}
		hasColl, hasRec := false, false
		if sub := c.inbox.Accepted[d.Code]; sub != nil {
			for _, l := range sub.SubDistricts {
				sf := report.SubDistrictFigures{Name: l.Name, Status: report.StatusGrey}
				if usable(l.Target) {
					sf.Target = l.Target.V
				} else {
					sf.Target = finite(subTargets[d.Code][l.Name])
				}
				collStatus, recStatus := report.StatusGrey, report.StatusGrey
				if usable(l.Collected) {
					sf.Collected = l.Collected.V
					b.Collected += l.Collected.V
					hasColl = true
				}
				if usable(l.Recorded) {
					sf.Recorded = l.Recorded.V
					b.Recorded += l.Recorded.V
					hasRec = true
				}
				sf.CollectedRate = Ratio(sf.Collected, sf.Target)
				sf.RecordedRate = Ratio(sf.Recorded, sf.Target)
				if hasTarget && sf.Target > 0 {
					if usable(l.Collected) {
						collStatus = Status(sf.CollectedRate, b.ExpectedRate, c.tolerance())
					}
					if usable(l.Recorded) {
						recStatus = Status(sf.RecordedRate, b.ExpectedRecordedRate, c.tolerance())
					}
				}
				sf.Status = worse(collStatus, recStatus)
				b.SubDistricts = append(b.SubDistricts, sf)
			}
		}
		b.CollectedRate = Ratio(b.Collected, b.Target)
		b.RecordedRate = Ratio(b.Recorded, b.Target)
		judge := d.Verified && hasTarget && b.Target > 0
		if judge && hasColl {
			b.CollectedStatus = Status(b.CollectedRate, b.ExpectedRate, c.tolerance())
			provColl = true
		}
		if judge && hasRec {
			b.RecordedStatus = Status(b.RecordedRate, b.ExpectedRecordedRate, c.tolerance())
			provRec = true
		}
		b.Status = worse(b.CollectedStatus, b.RecordedStatus)
		d.BMN = b

		prov.Target += b.Target
		prov.Collected += b.Collected
		prov.Recorded += b.Recorded
		expColl += b.Target * b.ExpectedRate
		expRec += b.Target * b.ExpectedRecordedRate
	}

	// The province's expected rates weight each district's by its target
	// households, which equals the common rate when every district shares
	// the campaign's dates. Dates are shown only when all districts share them.
	prov.CollectedRate = Ratio(prov.Collected, prov.Target)
	prov.RecordedRate = Ratio(prov.Recorded, prov.Target)
	prov.ExpectedRate = Ratio(expColl, prov.Target)
	prov.ExpectedRecordedRate = Ratio(expRec, prov.Target)
	prov.Start, prov.CollectBy, prov.RecordBy = common(starts), common(collects), common(records)
	prov.CollectedStatus, prov.RecordedStatus = report.StatusGrey, report.StatusGrey
	if provColl {
		prov.CollectedStatus = Status(prov.CollectedRate, prov.ExpectedRate, c.tolerance())
	}
	if provRec {
		prov.RecordedStatus = Status(prov.RecordedRate, prov.ExpectedRecordedRate, c.tolerance())
	}
	prov.Status = worse(prov.CollectedStatus, prov.RecordedStatus)
	c.snap.Province.BMN = prov
}

// common returns the value every element shares, or "".
func common(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	for _, v := range vs[1:] {
		if v != vs[0] {
			return ""
		}
	}
	return vs[0]
}
