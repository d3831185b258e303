// Package settings reads lwc.toml, the workspace's settings file. Every
// setting has a default, so a missing key is never an error; an unknown key
// is reported (a typo must not silently change behaviour). Secrets are never
// read from the file: only the names of the environment variables that hold
// them.
package settings

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"
)

// FileName is the settings file at the workspace root.
const FileName = "lwc.toml"

// Settings of one workspace.
type Settings struct {
	Office   Office   `toml:"office"`
	Paths    Paths    `toml:"paths"`
	Figures  Figures  `toml:"figures"`
	Warnings Warnings `toml:"warnings"`
	Award    Award    `toml:"award"`
	Memo     Memo     `toml:"memo"`
	PDF      PDF      `toml:"pdf"`
	Site     Site     `toml:"site"`
	SMTP     SMTP     `toml:"smtp"`
	LINE     LINE     `toml:"line"`
	Limits   Limits   `toml:"limits"`
}

// Office names the province and its office.
type Office struct {
	Province          string `toml:"province"` // ลำปาง
	Name              string `toml:"name"`     // สำนักงานพัฒนาชุมชนจังหวัดลำปาง
	Unit              string `toml:"unit"`     // the memo's ส่วนราชการ line, e.g. "สำนักงานพัฒนาชุมชนจังหวัดลำปาง กลุ่มงานอำนวยการ โทร. ..."
	Phone             string `toml:"phone"`
	Email             string `toml:"email"`
	Director          string `toml:"director"`            // the director's title, e.g. พัฒนาการจังหวัดลำปาง
	DistrictHeadTitle string `toml:"district_head_title"` // e.g. "พัฒนาการอำเภอ" (the district name follows)
}

// Paths are relative to the workspace root unless absolute.
type Paths struct {
	Plan     string `toml:"plan"`
	Contacts string `toml:"contacts"`
	Register string `toml:"register"`
	Inbox    string `toml:"inbox"`
	Site     string `toml:"site"`
	Out      string `toml:"out"`
	Archive  string `toml:"archive"`
}

// Figures settings (SPEC §4).
type Figures struct {
	TargetMode string  `toml:"target_mode"` // "linear" or "step"
	Tolerance  float64 `toml:"tolerance"`   // percentage points below target that are still yellow
}

// Warnings settings (SPEC §4).
type Warnings struct {
	WarnDays     int `toml:"warn_days"`
	FollowDays   int `toml:"follow_days"`
	EscalateRuns int `toml:"escalate_runs"`
}

// Award points (SPEC §4).
type Award struct {
	OnTime   int `toml:"on_time"`   // received on or before the due date
	Late     int `toml:"late"`      // 1..LateDays days late
	LateDays int `toml:"late_days"` // how many days count as "late" rather than "very late"
	VeryLate int `toml:"very_late"` // later than that
	Missing  int `toml:"missing"`   // not received once due
}

// Memo settings: the district notices (บันทึกข้อความ).
type Memo struct {
	RefPrefix    string `toml:"ref_prefix"`    // ที่ line prefix, e.g. "ลป 0017/"
	RefStart     int    `toml:"ref_start"`     // first running number of the year
	SignerName   string `toml:"signer_name"`   // (นายสมชาย ใจดี)
	SignerTitle  string `toml:"signer_title"`  // พัฒนาการจังหวัดลำปาง
	SignerTitle2 string `toml:"signer_title2"` // optional second line
	Contact      string `toml:"contact"`       // who to call about the memo
}

// PDF settings.
type PDF struct {
	FontRegular string `toml:"font_regular"` // TTF path; empty = Laksaman from fonts-tlwg-laksaman-ttf
	FontBold    string `toml:"font_bold"`
	ThaiDigits  bool   `toml:"thai_digits"` // print numbers and dates with ๐–๙
	Dictionary  string `toml:"dictionary"`  // Thai word list for line breaking; empty = hunspell-th's
}

// Site settings.
type Site struct {
	BaseURL string `toml:"base_url"` // the intranet address of the site root, for links in mail and chat
	Title   string `toml:"title"`
}

// SMTP settings. The password comes from the environment variable named by
// PasswordEnv, never from this file.
type SMTP struct {
	Host        string `toml:"host"`
	Port        int    `toml:"port"`
	Security    string `toml:"security"` // "starttls" (default, mandatory), "tls" (implicit), "none" (tests only)
	Username    string `toml:"username"`
	PasswordEnv string `toml:"password_env"`
	From        string `toml:"from"`
	FromName    string `toml:"from_name"`
	Retries     int    `toml:"retries"`
	TimeoutSec  int    `toml:"timeout_seconds"`
}

// LINE Messaging API, optional channel for the summary text.
type LINE struct {
	TokenEnv string   `toml:"token_env"` // env var holding the channel access token
	To       []string `toml:"to"`        // user, group or room IDs
	Endpoint string   `toml:"endpoint"`  // default https://api.line.me/v2/bot/message/push
}

// Limits protect the run from hostile or broken files.
type Limits struct {
	MaxFileBytes  int64 `toml:"max_file_bytes"`
	MaxUnzipBytes int64 `toml:"max_unzip_bytes"`
	MaxXMLBytes   int64 `toml:"max_xml_bytes"`
	MaxRows       int   `toml:"max_rows"`      // rows of a sheet of a district submission
	MaxPlanRows   int   `toml:"max_plan_rows"` // rows of a sheet of plan, contacts and register (the office's own files)
	MaxColumns    int   `toml:"max_columns"`
	MaxCellChars  int   `toml:"max_cell_chars"`
	MaxSheets     int   `toml:"max_sheets"`
	// MemoryMB is the run's soft memory limit in MB (the Go runtime's,
	// debug.SetMemoryLimit): the garbage collector works harder as the run
	// nears it, so a national run's peak stays near it instead of at
	// twice its live data. Data that needs more still runs, more slowly,
	// and the log says to raise it. 0 means the default; a negative value,
	// no limit, and the runtime's defaults throughout (lwc run otherwise
	// collects sooner while it renders, see cmd/lwc's renderGCPercent);
	// the environment's GOMEMLIMIT and GOGC, when set, win.
	MemoryMB int `toml:"memory_mb"`
}

// MinMemoryMB is the smallest limits.memory_mb: below it a province's run
// would spend its time collecting garbage.
const MinMemoryMB = 32

// Default returns the settings of a new workspace (Lampang).
func Default() Settings {
	return Settings{
		Office: Office{
			Province:          "ลำปาง",
			Name:              "สำนักงานพัฒนาชุมชนจังหวัดลำปาง",
			Unit:              "สำนักงานพัฒนาชุมชนจังหวัดลำปาง กลุ่มงานอำนวยการ",
			Director:          "พัฒนาการจังหวัดลำปาง",
			DistrictHeadTitle: "พัฒนาการอำเภอ",
		},
		Paths: Paths{
			Plan: "plan.xlsx", Contacts: "contacts.xlsx", Register: "reports.xlsx",
			Inbox: "inbox", Site: "site", Out: "out", Archive: "archive",
		},
		Figures:  Figures{TargetMode: "linear", Tolerance: 5},
		Warnings: Warnings{WarnDays: 7, FollowDays: 3, EscalateRuns: 3},
		Award:    Award{OnTime: 3, Late: 2, LateDays: 3, VeryLate: 1, Missing: 0},
		Memo: Memo{
			RefPrefix:   "ลป 0017/",
			RefStart:    1,
			SignerTitle: "พัฒนาการจังหวัดลำปาง",
		},
		Site: Site{Title: "ศูนย์แจ้งเตือนการดำเนินงาน (LWC)"},
		SMTP: SMTP{Port: 587, Security: "starttls", PasswordEnv: "LWC_SMTP_PASSWORD", FromName: "ศูนย์แจ้งเตือน LWC", Retries: 3, TimeoutSec: 30},
		LINE: LINE{TokenEnv: "LWC_LINE_TOKEN", To: []string{}, Endpoint: "https://api.line.me/v2/bot/message/push"},
		Limits: Limits{
			MaxFileBytes:  50 << 20,
			MaxUnzipBytes: 200 << 20,
			MaxXMLBytes:   100 << 20,
			MaxRows:       20000,
			MaxPlanRows:   500000,
			MaxColumns:    200,
			MaxCellChars:  32767,
			MaxSheets:     100,
			MemoryMB:      128,
		},
	}
}

// Load reads the settings file at path over the defaults.
func Load(path string) (Settings, error) {
	s := Default()
	md, err := toml.DecodeFile(path, &s)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return s, fmt.Errorf("ไม่พบไฟล์ตั้งค่า %s (สร้างด้วยคำสั่ง lwc init): %w", path, err)
		}
		return s, fmt.Errorf("อ่านไฟล์ตั้งค่า %s ไม่ได้: %w", path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return s, fmt.Errorf("ไฟล์ตั้งค่า %s มีค่าที่ไม่รู้จัก: %s", path, strings.Join(keys, ", "))
	}
	return s, s.Validate()
}

// Validate checks values that would make the run misbehave.
func (s Settings) Validate() error {
	var errs []string
	if s.Figures.TargetMode != "linear" && s.Figures.TargetMode != "step" {
		errs = append(errs, fmt.Sprintf("figures.target_mode ต้องเป็น \"linear\" หรือ \"step\" (ได้ %q)", s.Figures.TargetMode))
	}
	if s.Figures.Tolerance < 0 || s.Figures.Tolerance > 100 {
		errs = append(errs, "figures.tolerance ต้องอยู่ระหว่าง 0 ถึง 100 (จุดร้อยละ)")
	}
	if s.Warnings.WarnDays < 0 || s.Warnings.FollowDays < 0 || s.Warnings.EscalateRuns < 1 {
		errs = append(errs, "warnings: warn_days และ follow_days ต้องไม่ติดลบ และ escalate_runs ต้องอย่างน้อย 1")
	}
	if s.Limits.MemoryMB > 0 && s.Limits.MemoryMB < MinMemoryMB {
		errs = append(errs, fmt.Sprintf("limits.memory_mb ต้องอย่างน้อย %d (MB) หรือ 0 เพื่อใช้ค่าเริ่มต้น หรือ -1 เพื่อไม่จำกัด (ได้ %d)", MinMemoryMB, s.Limits.MemoryMB))
	}
	switch s.SMTP.Security {
	case "starttls", "tls", "none":
	default:
		errs = append(errs, fmt.Sprintf("smtp.security ต้องเป็น \"starttls\", \"tls\" หรือ \"none\" (ได้ %q)", s.SMTP.Security))
	}
	if len(errs) > 0 {
		return errors.New("ค่าตั้งไม่ถูกต้อง: " + strings.Join(errs, "; "))
	}
	return nil
}

// Resolve returns p relative to the workspace root dir unless p is absolute.
func Resolve(dir, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}
