package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"lwc/report"
	"lwc/report/archive"
	"lwc/report/thai"
)

func cmdCheck(ctx context.Context, e *env, workspace string, args []string) error {
	f := newFlags(e, "check", "check [--json] [--as-of วันที่]",
		`ตรวจสอบไฟล์ทุกไฟล์ในกล่อง inbox กับ plan.xlsx แล้วพิมพ์รายงานรายไฟล์: สถานะ (รับ, รับโดยมีข้อสังเกต,
ไม่รับ, มีไฟล์ใหม่กว่า) และปัญหาแต่ละจุด (แผ่นงาน เซลล์ ข้อความ) ไม่เปลี่ยนแปลงไฟล์ใด ๆ
จบด้วยรหัส 0 แม้มีไฟล์ไม่ผ่าน; จบด้วยรหัสอื่นเมื่อใช้โฟลเดอร์งานไม่ได้ (เช่น plan.xlsx หายหรือเสีย)`, workspace)
	asJSON := f.Bool("json", false, `พิมพ์ผลเป็น JSON {"files": [...]} (SPEC §8) แทนตาราง`)
	asOf := f.String("as-of", "", "วันที่ของข้อมูล (เช่น 2026-11-20 หรือ 20/11/2569); ไม่ระบุ = วันนี้")
	if err := f.parse(args); err != nil {
		return err
	}
	if len(f.positional) > 0 {
		return usageErr("check ไม่รับอาร์กิวเมนต์ %q", f.positional[0])
	}
	dir, err := f.dir()
	if err != nil {
		return err
	}
	date := today(e.now())
	if *asOf != "" {
		if date, err = parseDate(*asOf); err != nil {
			return err
		}
	}
	ws, err := loadWorkspace(dir)
	if err != nil {
		return err
	}
	lim := ws.Settings.Limits
	defer limitMemory(lim, e.getenv).Restore() // as lwc run's read stage
	plan, planIssues, err := report.ReadPlan(ws.Plan, lim)
	if err != nil {
		return fmt.Errorf("ใช้ %s ไม่ได้: %w", ws.Plan, err)
	}
	prev, err := archive.Latest(ws.Archive, date)
	if err != nil {
		return err
	}
	inbox, err := report.CheckInbox(ctx, report.CheckInput{
		Root: ws.Root, Inbox: ws.Inbox, Plan: plan, Previous: prev, AsOf: date, Limits: lim,
	})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		files := inbox.Files
		if files == nil {
			files = []report.FileResult{}
		}
		return enc.Encode(struct {
			Files []report.FileResult `json:"files"`
			Plan  []report.Issue      `json:"plan_issues,omitempty"`
		}{files, planIssues})
	}
	printCheck(e.stdout, plan, planIssues, inbox, date)
	return nil
}

// printCheck writes the per-file report as a table a person reads on a
// terminal.
func printCheck(w io.Writer, plan *report.Plan, planIssues []report.Issue, inbox *report.Inbox, asOf time.Time) {
	fmt.Fprintf(w, "ผลการตรวจสอบกล่อง inbox ณ วันที่ %s: %d ไฟล์\n\n", thaiDate(asOf), len(inbox.Files))
	if len(planIssues) > 0 {
		fmt.Fprintf(w, "plan.xlsx มีข้อสังเกต %d รายการ:\n", len(planIssues))
		for _, is := range planIssues {
			printIssue(w, is)
		}
		fmt.Fprintln(w)
	}
	rows := [][]string{{"ไฟล์", "อำเภอ", "ข้อมูล ณ", "สถานะ", "ข้อผิดพลาด", "ข้อสังเกต"}}
	count := map[report.FileState]int{}
	for _, f := range inbox.Files {
		count[f.State]++
		name := f.District
		if d, ok := plan.District(f.District); ok {
			name = d.Code + " " + d.Name
		}
		nerr, nwarn := report.CountIssues(f.Issues)
		asOf := f.AsOf
		if t, err := time.Parse(time.DateOnly, f.AsOf); err == nil {
			asOf = thaiDate(t)
		}
		rows = append(rows, []string{f.File, name, asOf, report.StateThai(f.State), fmt.Sprint(nerr), fmt.Sprint(nwarn)})
	}
	printTable(w, rows)
	for _, f := range inbox.Files {
		if len(f.Issues) == 0 && f.Reason == "" {
			continue
		}
		fmt.Fprintf(w, "\n%s — %s\n", f.File, report.StateThai(f.State))
		if f.Reason != "" && (len(f.Issues) != 1 || f.Issues[0].Message != f.Reason) {
			fmt.Fprintf(w, "  %s\n", f.Reason)
		}
		for _, is := range f.Issues {
			printIssue(w, is)
		}
	}
	fmt.Fprintf(w, "\nสรุป: รับ %d, รับโดยมีข้อสังเกต %d, ไม่รับ %d, มีไฟล์ใหม่กว่าแทน %d\n",
		count[report.StateAccepted], count[report.StateAcceptedWithWarnings],
		count[report.StateRejected], count[report.StateSuperseded])
	var missing []string
	for _, d := range plan.Districts {
		if inbox.Accepted[d.Code] == nil {
			missing = append(missing, d.Code+" "+d.Name)
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(w, "อำเภอที่ยังไม่มีข้อมูลที่ผ่านการตรวจสอบ (%d): %s\n", len(missing), strings.Join(missing, ", "))
	}
}

func printIssue(w io.Writer, is report.Issue) {
	sev := "ข้อสังเกต"
	if is.Severity == report.SeverityError {
		sev = "ข้อผิดพลาด"
	}
	where := is.Sheet
	if is.Cell != "" {
		where += "!" + is.Cell
	}
	if where != "" {
		where = " " + where
	}
	fmt.Fprintf(w, "  [%s]%s %s (%s)\n", sev, where, is.Message, is.Code)
}

// printTable aligns columns by display width: Thai vowel and tone marks
// take no column of their own.
func printTable(w io.Writer, rows [][]string) {
	widths := map[int]int{}
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(c)+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r) {
			continue
		}
		n++
	}
	return n
}

// thaiDate is the short Buddhist-era date people read, e.g. 20 พ.ย. 2569.
func thaiDate(t time.Time) string { return thai.Date(t, false) }
