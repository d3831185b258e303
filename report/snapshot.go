package report

// The computed figures of one run: SPEC §8, the stable machine-readable
// interface. Field names of SPEC §8 must not change; fields may be added.
// Every renderer (site, PDFs, exports, e-mail) reads only a Snapshot (and the
// settings), never a workbook. The JSON is documented in docs/snapshot.md.

import (
	"cmp"
	"slices"
	"strings"
)

// Status colours.
const (
	StatusGreen  = "green"
	StatusYellow = "yellow"
	StatusRed    = "red"
	StatusGrey   = "grey"
)

// Warning topics and stages.
const (
	TopicBudget = "budget"
	TopicBMN    = "bmn"
	TopicReport = "report"

	StageWarn   = "warn"   // เตือน
	StageFollow = "follow" // ตาม
	StageDemand = "demand" // ทวงถาม

	// SubjectWeekly is the subject of the report warning raised for a district
	// without an accepted weekly submission.
	SubjectWeekly = "weekly"
	// BMN milestones used as warning subjects.
	SubjectCollect = "collect"
	SubjectRecord  = "record"
)

// StageThai is how people read a stage.
func StageThai(stage string) string {
	switch stage {
	case StageWarn:
		return "เตือน"
	case StageFollow:
		return "ตาม"
	case StageDemand:
		return "ทวงถาม"
	}
	return stage
}

// StatusThai is how people read a status colour.
func StatusThai(status string) string {
	switch status {
	case StatusGreen:
		return "ตามเป้าหมาย"
	case StatusYellow:
		return "ต่ำกว่าเป้าหมายเล็กน้อย"
	case StatusRed:
		return "ต่ำกว่าเป้าหมาย"
	case StatusGrey:
		return "ข้อมูลยังไม่ผ่านการตรวจสอบ"
	}
	return status
}

// StateThai is how people read the end state of an inbox file.
func StateThai(state FileState) string {
	switch state {
	case StateAccepted:
		return "รับ"
	case StateAcceptedWithWarnings:
		return "รับโดยมีข้อสังเกต"
	case StateRejected:
		return "ไม่รับ"
	case StateSuperseded:
		return "มีไฟล์ใหม่กว่าแทน"
	}
	return string(state)
}

// TopicThai is how people read a warning topic.
func TopicThai(topic string) string {
	switch topic {
	case TopicBudget:
		return "การเบิกจ่ายงบประมาณ"
	case TopicBMN:
		return "การจัดเก็บข้อมูล จปฐ."
	case TopicReport:
		return "การส่งรายงาน"
	}
	return topic
}

// Snapshot is everything one run computed. Written as
// archive/<as-of>/snapshot.json; the previous snapshots are the trend source.
type Snapshot struct {
	AsOf       string `json:"as_of"` // ISO date
	FiscalYear int    `json:"fiscal_year"`
	Quarter    int    `json:"quarter"`

	Province     ProvinceFigures   `json:"province"`
	Districts    []DistrictFigures `json:"districts"`
	WorkGroups   []GroupFigures    `json:"work_groups"`
	ExpenseTypes []GroupFigures    `json:"expense_types"`
	Warnings     []Warning         `json:"warnings"`
	Files        []FileResult      `json:"files"`

	// Added fields.
	ProvinceName string           `json:"province_name"` // e.g. "ลำปาง"
	OfficeName   string           `json:"office_name"`
	TargetMode   string           `json:"target_mode"` // "linear" or "step"
	QuarterEnd   string           `json:"quarter_end"` // ISO date of the current quarter's last day
	Projects     []ProjectFigures `json:"projects"`    // every plan project, plan order; in a run, see ProjectFile
	Award        AwardSet         `json:"award"`
	History      []HistoryPoint   `json:"history"` // earlier snapshots (oldest first) plus this one
	// WorkspaceFiles are the office's own files (plan.xlsx, contacts.xlsx,
	// reports.xlsx) with the issues found in them; omitted when clean.
	WorkspaceFiles []FileResult `json:"workspace_files,omitempty"`

	// ProjectFile, when not nil, holds the projects instead of Projects
	// (which is then nil), as a run keeps them: read them through
	// ProjectSet. snapshot.json has them either way.
	ProjectFile *ProjectFile `json:"-"`
}

// ProvinceFigures are the province totals.
type ProvinceFigures struct {
	Budget BudgetFigures `json:"budget"`
	BMN    BMNFigures    `json:"bmn"`

	// Added fields.
	Districts         int `json:"districts"`          // districts in the plan
	VerifiedDistricts int `json:"verified_districts"` // of which with an accepted submission
}

// BudgetFigures are disbursement figures of a district, a group or the
// province, judged against a target.
type BudgetFigures struct {
	Allocated        float64 `json:"allocated"`
	Committed        float64 `json:"committed"`
	Disbursed        float64 `json:"disbursed"`
	DisbursementRate float64 `json:"disbursement_rate"`
	SpendingRate     float64 `json:"spending_rate"`
	TargetRate       float64 `json:"target_rate"` // at the as-of date
	Status           string  `json:"status"`

	// Added fields.
	QuarterTarget float64 `json:"quarter_target"` // cumulative target at the quarter's end
	Trend         *Trend  `json:"trend,omitempty"`
}

// Trend of a disbursement rate across archived runs.
type Trend struct {
	Previous    *float64 `json:"previous,omitempty"` // rate at the previous snapshot
	Change      float64  `json:"change"`             // rate now minus previous (0 without one)
	PacePerWeek float64  `json:"pace_per_week"`      // rate gained per 7 days over the last 4 snapshots
	Projected   float64  `json:"projected"`          // rate at the quarter end at that pace
	WillMiss    bool     `json:"will_miss"`          // projected below the quarter target
	Points      int      `json:"points"`             // snapshots the pace is based on (incl. this one)
	RedRuns     int      `json:"red_runs"`           // consecutive red runs ending with this one
}

// BMNFigures are household-survey (จปฐ.) figures.
type BMNFigures struct {
	Target               float64 `json:"target"`
	Collected            float64 `json:"collected"`
	Recorded             float64 `json:"recorded"`
	CollectedRate        float64 `json:"collected_rate"`
	RecordedRate         float64 `json:"recorded_rate"`
	ExpectedRate         float64 `json:"expected_rate"`          // expected collected, 0..1
	ExpectedRecordedRate float64 `json:"expected_recorded_rate"` // expected recorded, 0..1
	Status               string  `json:"status"`

	// Added fields.
	CollectedStatus string               `json:"collected_status"`
	RecordedStatus  string               `json:"recorded_status"`
	Start           string               `json:"start,omitempty"`      // ISO
	CollectBy       string               `json:"collect_by,omitempty"` // ISO
	RecordBy        string               `json:"record_by,omitempty"`  // ISO
	SubDistricts    []SubDistrictFigures `json:"sub_districts,omitempty"`
}

// SubDistrictFigures are BMN figures of one sub-district (ตำบล).
type SubDistrictFigures struct {
	Name          string  `json:"name"`
	Target        float64 `json:"target"`
	Collected     float64 `json:"collected"`
	Recorded      float64 `json:"recorded"`
	CollectedRate float64 `json:"collected_rate"`
	RecordedRate  float64 `json:"recorded_rate"`
	Status        string  `json:"status"`
}

// AwardFigures of a district in the Report Award (month to date).
type AwardFigures struct {
	Points    int     `json:"points"`
	MaxPoints int     `json:"max_points"`
	Score     float64 `json:"score"`
	Rank      int     `json:"rank"`
}

// DistrictFigures are one district's figures.
type DistrictFigures struct {
	Code     string        `json:"code"`
	Name     string        `json:"name"`
	Verified bool          `json:"verified"`
	Budget   BudgetFigures `json:"budget"`
	BMN      BMNFigures    `json:"bmn"`
	Award    AwardFigures  `json:"award"`

	// Added fields.
	DataAsOf     string         `json:"data_as_of,omitempty"` // the accepted submission's ข้อมูล ณ วันที่
	File         string         `json:"file,omitempty"`       // the accepted submission
	Reporter     string         `json:"reporter,omitempty"`
	Phone        string         `json:"phone,omitempty"`
	GreyReason   string         `json:"grey_reason,omitempty"` // Thai: why not verified
	BudgetRank   int            `json:"budget_rank"`           // 1 = highest disbursement rate; 0 when grey
	WorkGroups   []GroupFigures `json:"work_groups"`
	ExpenseTypes []GroupFigures `json:"expense_types"`
}

// GroupFigures are disbursement figures of a work group or expense type (of
// the province, or of one district inside DistrictFigures).
type GroupFigures struct {
	Name             string  `json:"name"`
	Allocated        float64 `json:"allocated"`
	Committed        float64 `json:"committed"`
	Disbursed        float64 `json:"disbursed"`
	DisbursementRate float64 `json:"disbursement_rate"`
	TargetRate       float64 `json:"target_rate"`

	// Added fields.
	SpendingRate float64 `json:"spending_rate"`
	Status       string  `json:"status"`
}

// ProjectFigures are one plan project's figures.
type ProjectFigures struct {
	District         string  `json:"district"`
	Code             string  `json:"code"`
	Name             string  `json:"name"`
	WorkGroup        string  `json:"work_group"`
	ExpenseType      string  `json:"expense_type"`
	Allocated        float64 `json:"allocated"`
	Committed        float64 `json:"committed"`
	Disbursed        float64 `json:"disbursed"`
	DisbursementRate float64 `json:"disbursement_rate"`
	SpendingRate     float64 `json:"spending_rate"`
	Reported         bool    `json:"reported"` // false: missing or failed verification, counted as 0
}

// Warning is one warning of the board (SPEC §4).
type Warning struct {
	District  string `json:"district"`
	Topic     string `json:"topic"` // TopicBudget, TopicBMN, TopicReport
	Stage     string `json:"stage"` // StageWarn, StageFollow, StageDemand
	Subject   string `json:"subject"`
	Due       string `json:"due"` // ISO; "" when there is no due date
	Escalated bool   `json:"escalated"`
	Message   string `json:"message"`

	// Added fields.
	DistrictName string `json:"district_name"`
	Color        string `json:"color"`        // status colour of the warning
	Days         int    `json:"days"`         // days past due (>0), due today (0) or to due (<0)
	SubjectName  string `json:"subject_name"` // Thai: report name, milestone or expense type
}

// DistrictWarnings counts one district's warnings by stage.
type DistrictWarnings struct {
	District             string
	Demand, Follow, Warn int
	Escalated            bool // one of them is copied to the executives
}

// WarningsByDistrict counts each district's warnings, the most urgent
// first: most demands, then follow-ups, then reminders, then by code. The
// bulletin and the overview of a region or the country show this instead
// of thousands of warnings.
func WarningsByDistrict(ws []Warning) []DistrictWarnings {
	at := map[string]int{}
	var out []DistrictWarnings
	for _, w := range ws {
		i, ok := at[w.District]
		if !ok {
			i = len(out)
			at[w.District] = i
			out = append(out, DistrictWarnings{District: w.District})
		}
		c := &out[i]
		switch w.Stage {
		case StageDemand:
			c.Demand++
		case StageFollow:
			c.Follow++
		case StageWarn:
			c.Warn++
		}
		c.Escalated = c.Escalated || w.Escalated
	}
	slices.SortFunc(out, func(a, b DistrictWarnings) int {
		return cmp.Or(b.Demand-a.Demand, b.Follow-a.Follow, b.Warn-a.Warn, strings.Compare(a.District, b.District))
	})
	return out
}

// AwardSet holds the Report Award tables of a run.
type AwardSet struct {
	Month      AwardTable `json:"month"`       // the as-of month, to date
	Previous   AwardTable `json:"previous"`    // the previous month, final
	FiscalYear AwardTable `json:"fiscal_year"` // fiscal year to date
}

// AwardTable ranks districts over one period.
type AwardTable struct {
	Period  string     `json:"period"` // "2026-11" for a month, "2570" for a fiscal year
	From    string     `json:"from"`   // ISO, first day of the period
	To      string     `json:"to"`     // ISO, last day counted (the as-of date or the period end)
	Final   bool       `json:"final"`
	Rows    []AwardRow `json:"rows"`    // ranked, best first
	Winners []string   `json:"winners"` // district codes ranked 1 (ties share)
}

// AwardRow is one district's score over a period.
type AwardRow struct {
	District    string      `json:"district"`
	Name        string      `json:"name"`
	Points      int         `json:"points"`
	MaxPoints   int         `json:"max_points"`
	Score       float64     `json:"score"`
	Rank        int         `json:"rank"`
	OnTime      int         `json:"on_time"`
	Late        int         `json:"late"` // received 1–late_days days late
	VeryLate    int         `json:"very_late"`
	Missing     int         `json:"missing"`                // due, not received
	MeanReceipt string      `json:"mean_receipt,omitempty"` // ISO; mean receipt date of received reports
	Items       []AwardItem `json:"items"`
}

// AwardItem is one report instance due for a district.
type AwardItem struct {
	Report   string `json:"report"`
	Name     string `json:"name"`
	Due      string `json:"due"`
	Received string `json:"received,omitempty"`
	Points   int    `json:"points"`
	DaysLate int    `json:"days_late"`
}

// HistoryPoint is the province and district disbursement rates of one run,
// for trend lines.
type HistoryPoint struct {
	AsOf      string             `json:"as_of"`
	Province  float64            `json:"province"`
	Target    float64            `json:"target"`
	Districts map[string]float64 `json:"districts"` // verified districts only
	BMN       float64            `json:"bmn"`       // province collected rate
}
