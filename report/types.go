package report

import (
	"encoding/json"
	"time"

	"lwc/report/settings"
)

// District is one district office (อำเภอ) of the province.
type District struct {
	Code string // 4 digits, e.g. "5201"
	Name string // e.g. "เมืองลำปาง"
}

// Project is one allocation line of plan.xlsx sheet งบประมาณ.
type Project struct {
	District    string  // district code
	Code        string  // project code, unique within a district
	Name        string  // project name
	WorkGroup   string  // กลุ่มงาน
	ExpenseType string  // ExpenseCurrent or ExpenseInvestment
	Allocated   float64 // baht; the source of truth for allocations
	Row         int     // 1-based row in the plan sheet, for messages
}

// QuarterTargets are cumulative fractions of the allocation to be disbursed by
// the end of Q1..Q4 (0.30 = 30%).
type QuarterTargets [4]float64

// BMNTarget is one row of plan.xlsx sheet เป้าหมาย จปฐ.
type BMNTarget struct {
	District   string
	Households float64
	Start      time.Time // เริ่มจัดเก็บ
	CollectBy  time.Time // กำหนดจัดเก็บแล้วเสร็จ
	RecordBy   time.Time // กำหนดบันทึกแล้วเสร็จ
}

// ReportDue is one due instance of a required report (ปฏิทินรายงาน).
type ReportDue struct {
	Code     string // names the instance, e.g. "ผด.1-11/69"
	Name     string
	Due      time.Time
	District string // "" = every district
}

// Plan is plan.xlsx: the year's districts, allocations and targets.
type Plan struct {
	Districts []District
	// Projects are a plan built in memory's (tests, the sample's writer).
	// ReadPlan keeps them in a compact form instead and leaves Projects
	// nil: read a plan's projects with AllProjects, Project and
	// NumProjects, which give either.
	Projects []Project
	projects *planProjects
	// Targets by ExpenseOverall, ExpenseCurrent and ExpenseInvestment.
	Targets  map[string]QuarterTargets
	BMN      []BMNTarget
	Calendar []ReportDue
	// SubDistricts come from the optional sheet ตำบล (รหัสอำเภอ · ตำบล ·
	// ครัวเรือนเป้าหมาย); lwc template pre-fills the จปฐ sheet from them.
	SubDistricts []SubDistrictTarget
}

// SubDistrictTarget is one sub-district's BMN target households.
type SubDistrictTarget struct {
	District   string
	Name       string
	Households float64
}

// District returns the district with the code, if the plan has it.
func (p *Plan) District(code string) (District, bool) {
	for _, d := range p.Districts {
		if d.Code == code {
			return d, true
		}
	}
	return District{}, false
}

// Contact is one row of the directory (ทำเนียบ).
type Contact struct {
	District string // "" = provincial office
	Name     string
	Position string
	Email    string
	Phone    string
	Bulletin bool // receives the province bulletin
	Notices  bool // receives the notices for its district
	Copy     bool // receives copies of escalations
}

// Receipt is one row of the register of reports received (ทะเบียนรับ).
type Receipt struct {
	Report   string // report instance code
	District string
	Received time.Time
}

// Value is a number read from a cell. OK is false when the cell was empty
// ("not reported") or its value failed verification with an error: such a
// value is never used for figures or warnings.
type Value struct {
	V  float64
	OK bool
}

// ProjectLine is one project row of a submission's เบิกจ่าย sheet, as typed
// (ReadSubmission). An inbox checked against the plan (CheckInbox) keeps
// its accepted lines compactly (Submission.Lines): Code, the amounts, Note
// and Row, with Name and WorkGroup empty, as the plan's project of the
// same code has them (the plan is the source of truth for both).
type ProjectLine struct {
	Code      string
	Name      string
	WorkGroup string
	Allocated Value // as typed by the district; the plan's is used
	Committed Value
	Disbursed Value
	Note      string
	Row       int // 1-based sheet row
}

// SubDistrictLine is one row of a submission's จปฐ sheet.
type SubDistrictLine struct {
	Name      string // ตำบล
	Target    Value
	Collected Value
	Recorded  Value
	Note      string
	Row       int
}

// Submission is what one district workbook says, after reading and
// verification (values that failed verification have OK=false).
type Submission struct {
	File         string // workspace-relative path, e.g. "inbox/5201.xlsx"
	District     string
	DistrictName string
	AsOf         time.Time // ข้อมูล ณ วันที่
	Reporter     string
	Phone        string
	Projects     []ProjectLine // as read; nil in a checked inbox, see Lines
	SubDistricts []SubDistrictLine

	lines lineBlock // a checked inbox's accepted lines (see Lines)
}

// Severity of an Issue.
type Severity string

const (
	// SeverityError: the value or file is not used.
	SeverityError Severity = "error"
	// SeverityWarning: used, but flagged.
	SeverityWarning Severity = "warning"
)

// Issue is one finding of verification: where, how bad, and a Thai sentence
// that says what to fix. Code is short, stable and English (e.g.
// "negative-amount"); tools match on it.
type Issue struct {
	Severity Severity `json:"severity"`
	Sheet    string   `json:"sheet"`
	Cell     string   `json:"cell"`
	Code     string   `json:"code"`
	Message  string   `json:"message"`
	// Count, added: set (above 1) on the issue that stands for every
	// issue of its kind (severity, sheet, code) past the first maxIssues
	// of a file, Cell being the first of them. See Number.
	Count int `json:"count,omitempty"`
}

// FileState is the single end state of an inbox file.
type FileState string

const (
	StateAccepted             FileState = "accepted"
	StateAcceptedWithWarnings FileState = "accepted_with_warnings"
	StateRejected             FileState = "rejected"
	StateSuperseded           FileState = "superseded"
)

// FileResult is the verification outcome of one inbox file (SPEC §8 "files").
type FileResult struct {
	File     string    `json:"file"` // workspace-relative, slash-separated
	SHA256   string    `json:"sha256"`
	District string    `json:"district"`
	State    FileState `json:"state"`
	Issues   []Issue   `json:"issues"`
	// Added fields.
	AsOf    string `json:"as_of,omitempty"`    // the file's ข้อมูล ณ วันที่, ISO
	Size    int64  `json:"size"`               // bytes
	ModTime string `json:"mod_time,omitempty"` // RFC 3339, UTC
	Reason  string `json:"reason,omitempty"`   // Thai: why rejected or superseded
}

// CheckInput is what verifying the inbox needs.
type CheckInput struct {
	Root     string // workspace root; FileResult.File is relative to it
	Inbox    string // inbox folder (absolute or relative to the process)
	Plan     *Plan
	Previous *PreviousRun // what the previous run left, or nil
	AsOf     time.Time    // the run's as-of date
	Limits   settings.Limits
	// Unreadable are inbox entries the caller could not put under Inbox,
	// by the path each would have there, with the reason: a run reads the
	// copies it made of the inbox in its archive, and a file it could not
	// copy (no permission to read it, gone while copying) or an entry
	// that is not a regular file is not among them. Each is listed as a
	// rejected file with a Thai reason, so that no file a district sent is
	// missing from the run without a word.
	Unreadable map[string]error
}

// Inbox is the outcome of verifying every inbox file.
type Inbox struct {
	Files    []FileResult           // every inbox file, sorted by File
	Accepted map[string]*Submission // the one accepted submission per district code
}

// PreviousRun is what verifying a week's files reads of the run before:
// each district's data date (a file older than last week's is flagged)
// and its reported projects' cumulative disbursed amounts (an amount that
// went down is). A national run has 100,000 reported projects: they are
// kept as the one map verification looks them up in, not as a snapshot's
// list of projects.
type PreviousRun struct {
	AsOf     string            // the run's as-of date, ISO
	DataAsOf map[string]string // district code → its data date then, ISO
	// Disbursed is district code → project code → disbursed, reported
	// projects only. DisbursedJSON holds the same still encoded, a
	// district's map decoded when its file is verified (DisbursedOf):
	// archive.Latest reads disbursed.json so, since a national run's
	// hundred thousand amounts decoded at once were 7 MB more live heap
	// through the read stage, where a run's memory peaks.
	Disbursed     map[string]map[string]float64
	DisbursedJSON map[string]json.RawMessage
}

// DisbursedOf returns a district's reported projects' cumulative
// disbursed amounts last run, by project code: nil when it reported none,
// or when its entry in disbursed.json is not such a map (the file is
// LWC's own; only an edit by hand damages one district's entry and leaves
// the rest readable), which verifies its file as a first report would.
func (p *PreviousRun) DisbursedOf(district string) map[string]float64 {
	if m, ok := p.Disbursed[district]; ok {
		return m
	}
	raw, ok := p.DisbursedJSON[district]
	if !ok {
		return nil
	}
	var m map[string]float64
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	return m
}

// PreviousOf is the PreviousRun of a whole snapshot, its projects read
// through ProjectSet (an error only from a ProjectFile).
func PreviousOf(s *Snapshot) (*PreviousRun, error) {
	p := &PreviousRun{AsOf: s.AsOf, DataAsOf: make(map[string]string, len(s.Districts)), Disbursed: map[string]map[string]float64{}}
	for _, d := range s.Districts {
		p.DataAsOf[d.Code] = d.DataAsOf
	}
	err := s.ProjectSet().Each(func(pr *ProjectFigures) error {
		if !pr.Reported {
			return nil
		}
		m := p.Disbursed[pr.District]
		if m == nil {
			m = map[string]float64{}
			p.Disbursed[pr.District] = m
		}
		m[pr.Code] = pr.Disbursed
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// PastRun is what a run reads of an earlier run for its trends and
// escalations (package figures): the province's figures, each district's
// budget figures and expense types' statuses, and the history points. It
// is the archive's trend.json, whose field names these are. A run reads
// nine earlier weeks: as whole DistrictFigures they were 1.1 KB a
// district, 8 MB of live heap at national scale through the read stage,
// where a run's memory peaks; this is a quarter of that.
type PastRun struct {
	AsOf       string          `json:"as_of"`
	FiscalYear int             `json:"fiscal_year"`
	Quarter    int             `json:"quarter"`
	Province   ProvinceFigures `json:"province"`
	Districts  []PastDistrict  `json:"districts"`
	History    []HistoryPoint  `json:"history"`
}

// PastDistrict is a district's figures in a PastRun.
type PastDistrict struct {
	Code         string        `json:"code"`
	Verified     bool          `json:"verified"`
	DataAsOf     string        `json:"data_as_of,omitempty"`
	Budget       BudgetFigures `json:"budget"`
	ExpenseTypes []PastGroup   `json:"expense_types,omitempty"`
}

// PastGroup is an expense type's status in a PastDistrict.
type PastGroup struct {
	Name   string `json:"name"`
	Status string `json:"status"`
}

// PastOf is the PastRun of a whole snapshot.
func PastOf(s *Snapshot) *PastRun {
	p := &PastRun{
		AsOf: s.AsOf, FiscalYear: s.FiscalYear, Quarter: s.Quarter, Province: s.Province,
		Districts: make([]PastDistrict, len(s.Districts)), History: s.History,
	}
	for i, d := range s.Districts {
		pd := PastDistrict{Code: d.Code, Verified: d.Verified, DataAsOf: d.DataAsOf, Budget: d.Budget}
		for _, g := range d.ExpenseTypes {
			pd.ExpenseTypes = append(pd.ExpenseTypes, PastGroup{Name: g.Name, Status: g.Status})
		}
		p.Districts[i] = pd
	}
	return p
}
