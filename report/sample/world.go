package sample

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"lwc/report"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// days between two civil dates.
func days(from, to time.Time) float64 { return math.Round(to.Sub(from).Hours() / 24) }

// Cumulative quarterly disbursement targets of FY 2570. The overall Q1 figure
// is SPEC §4's example (30%); the rest follow the cabinet's recent measures.
// A new map each call: callers own the plan they get.
func fyTargets() map[string]report.QuarterTargets {
	return map[string]report.QuarterTargets{
		report.ExpenseOverall:    {0.30, 0.54, 0.77, 1},
		report.ExpenseCurrent:    {0.34, 0.57, 0.80, 1},
		report.ExpenseInvestment: {0.20, 0.45, 0.65, 1},
	}
}

// FY 2570 Q1 and the BMN campaign.
var (
	fyStart    = day(2026, 9, 30) // Q1's "previous quarter end"
	q1End      = day(2026, 12, 31)
	bmnStart   = day(2026, 10, 1)
	bmnCollect = day(2026, 12, 15)
	bmnRecord  = day(2027, 1, 31)
)

// overallTarget is the linear overall target at d within Q1.
func overallTarget(d time.Time) float64 {
	return fyTargets()[report.ExpenseOverall][0] * days(fyStart, d) / days(fyStart, q1End)
}

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }

// profile is how a district performs, so figures tell a consistent story
// week to week.
type profile struct {
	// rate returns the overall disbursement rate the district reports for
	// the run of date run (index i).
	rate func(i int, run time.Time) float64
	// collect and record multiply the expected BMN progress.
	collect, record float64
}

// world is the generated province: the plan and every district's progress.
type world struct {
	plan     *report.Plan
	profiles map[string]profile
	// weights spread a district's disbursement over its projects (fixed per
	// project so cumulative figures never go down).
	weights map[string]float64 // by district+"/"+project code
	subW    map[string]float64 // by district+"/"+sub-district
	comm    map[string]float64 // committed share of allocation, by project
	// Indexes of plan lines by district, so rendering n districts is O(n).
	projectsOf map[string][]int
	subsOf     map[string][]int
	names      map[string]string
}

// rngFor gives each district its own stream so adding a district does not
// change the others.
func rngFor(seed int64, key string) *rand.Rand {
	var h uint64 = 1469598103934665603
	for i := 0; i < len(key); i++ {
		h ^= uint64(key[i])
		h *= 1099511628211
	}
	return rand.New(rand.NewPCG(uint64(seed), h))
}

// roundTo rounds to a multiple of step.
func roundTo(x, step float64) float64 { return math.Round(x/step) * step }

// districtSpec describes one district to generate.
type districtSpec struct {
	code, name string
	households int
	tambons    []string
	projects   int // 0 = 8..15 drawn at random
}

// newWorld builds the plan of a province of the given districts, each with
// its own random stream drawn from seed. Profiles are the caller's.
func newWorld(seed int64, ds []districtSpec) *world {
	w := &world{
		plan:     &report.Plan{Targets: fyTargets()},
		profiles: map[string]profile{},
		weights:  map[string]float64{},
		subW:     map[string]float64{},
		comm:     map[string]float64{},

		projectsOf: map[string][]int{},
		subsOf:     map[string][]int{},
		names:      map[string]string{},
	}
	for _, d := range ds {
		w.names[d.code] = d.name
		rng := rngFor(seed, d.code)
		w.plan.Districts = append(w.plan.Districts, report.District{Code: d.code, Name: d.name})
		n := d.projects
		if n == 0 {
			n = 8 + rng.IntN(8)
		}
		w.addProjects(rng, d.code, n)
		w.plan.BMN = append(w.plan.BMN, report.BMNTarget{
			District: d.code, Households: float64(d.households),
			Start: bmnStart, CollectBy: bmnCollect, RecordBy: bmnRecord,
		})
		w.addSubDistricts(rng, d.code, d.households, d.tambons)
	}
	for i, p := range w.plan.Projects {
		w.projectsOf[p.District] = append(w.projectsOf[p.District], i)
	}
	for i, s := range w.plan.SubDistricts {
		w.subsOf[s.District] = append(w.subsOf[s.District], i)
	}
	return w
}

func (w *world) addProjects(rng *rand.Rand, district string, n int) {
	nInv := 2 + rng.IntN(2)
	if n < 6 {
		nInv = 1
	}
	cur := rng.Perm(len(currentProjects))
	inv := rng.Perm(len(investmentProjects))
	var kinds []projectKind
	for i := 0; i < n; i++ {
		var k projectKind
		if i < n-nInv {
			k = currentProjects[cur[i%len(cur)]]
			if i >= len(cur) {
				k.name = fmt.Sprintf("%s กิจกรรมที่ %d", k.name, i/len(cur)+1)
			}
		} else {
			j := i - (n - nInv)
			k = investmentProjects[inv[j%len(inv)]]
			if j >= len(inv) {
				k.name = fmt.Sprintf("%s รายการที่ %d", k.name, j/len(inv)+1)
			}
		}
		kinds = append(kinds, k)
	}
	var total, weighted float64
	start := len(w.plan.Projects)
	for i, k := range kinds {
		alloc := roundTo(k.min+(k.max-k.min)*rng.Float64(), 100)
		code := fmt.Sprintf("%s-%03d", district, i+1)
		var wt, cm float64
		if k.expense == report.ExpenseInvestment {
			// Investment lags current spending about as much as its own
			// target does (20% against 34% in Q1); much is committed once
			// contracts are signed.
			wt, cm = 0.55+0.3*rng.Float64(), 0.45+0.35*rng.Float64()
		} else {
			wt, cm = 0.9+0.5*rng.Float64(), 0.02+0.08*rng.Float64()
		}
		w.plan.Projects = append(w.plan.Projects, report.Project{
			District: district, Code: code, Name: k.name, WorkGroup: k.group,
			ExpenseType: k.expense, Allocated: alloc, Row: start + i + 2,
		})
		w.weights[district+"/"+code] = wt
		w.comm[district+"/"+code] = cm
		total += alloc
		weighted += alloc * wt
	}
	// Normalise so that the district's rate is exactly the profile's.
	for _, p := range w.plan.Projects[start:] {
		w.weights[district+"/"+p.Code] *= total / weighted
	}
}

// addSubDistricts splits the district's households over its sub-districts,
// summing exactly to the district target.
func (w *world) addSubDistricts(rng *rand.Rand, district string, households int, names []string) {
	shares := make([]float64, len(names))
	var sum float64
	for i := range shares {
		shares[i] = 0.6 + rng.Float64()
		sum += shares[i]
	}
	left := households
	for i, name := range names {
		n := int(math.Round(float64(households) * shares[i] / sum))
		if i == len(names)-1 {
			n = left
		}
		left -= n
		w.plan.SubDistricts = append(w.plan.SubDistricts, report.SubDistrictTarget{District: district, Name: name, Households: float64(n)})
		w.subW[district+"/"+name] = 0.9 + 0.2*rng.Float64()
	}
}

// submission is what district reports at run i (date run), with data as of
// asOf: the "true" figures before any mess or mistake is applied.
func (w *world) submission(district string, i int, run, asOf time.Time) *report.Submission {
	pr := w.profiles[district]
	s := &report.Submission{
		District: district, DistrictName: w.names[district], AsOf: asOf,
		Reporter: reporterOf(district), Phone: phoneOf(district),
	}
	rate := pr.rate(i, run)
	for _, i := range w.projectsOf[district] {
		p := w.plan.Projects[i]
		key := district + "/" + p.Code
		share := math.Min(0.95, rate*w.weights[key])
		disbursed := math.Round(p.Allocated*share*100) / 100
		committed := 0.0
		if p.ExpenseType == report.ExpenseInvestment {
			// Contracts are signed in the second week of the year.
			if i > 0 {
				committed = math.Max(0, roundTo(p.Allocated*w.comm[key]-disbursed, 0.01))
			}
		} else {
			committed = roundTo(p.Allocated*w.comm[key]*float64(i+1)/5, 0.01)
		}
		if disbursed+committed > p.Allocated {
			committed = math.Max(0, roundTo(p.Allocated-disbursed, 0.01))
		}
		s.Projects = append(s.Projects, report.ProjectLine{
			Code: p.Code, Name: p.Name, WorkGroup: p.WorkGroup,
			Allocated: ok(p.Allocated), Committed: ok(committed), Disbursed: ok(disbursed),
		})
	}
	ec := clamp01(days(bmnStart, run) / days(bmnStart, bmnCollect))
	er := clamp01(days(bmnStart, run) / days(bmnStart, bmnRecord))
	for _, i := range w.subsOf[district] {
		sd := w.plan.SubDistricts[i]
		g := w.subW[district+"/"+sd.Name]
		collected := math.Min(sd.Households, math.Round(sd.Households*clamp01(ec*pr.collect*g)))
		recorded := math.Min(collected, math.Round(sd.Households*clamp01(er*pr.record*g)))
		s.SubDistricts = append(s.SubDistricts, report.SubDistrictLine{
			Name: sd.Name, Target: ok(sd.Households), Collected: ok(collected), Recorded: ok(recorded),
		})
	}
	return s
}

func ok(v float64) report.Value { return report.Value{V: v, OK: true} }

// reporterOf and phoneOf are the district officer who fills the form.
func reporterOf(district string) string {
	rng := rngFor(7, "reporter"+district)
	if rng.IntN(2) == 0 {
		return "นาย" + maleNames[rng.IntN(len(maleNames))] + " " + surnames[rng.IntN(len(surnames))]
	}
	return "นางสาว" + femaleNames[rng.IntN(len(femaleNames))] + " " + surnames[rng.IntN(len(surnames))]
}

// phoneOf is a placeholder number (054-000-xxx is not in service).
func phoneOf(district string) string {
	if len(district) > 3 {
		district = district[len(district)-3:]
	}
	return "054-000-" + district
}
