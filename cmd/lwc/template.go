package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"lwc/report"
	"lwc/report/forms"
)

func cmdTemplate(ctx context.Context, e *env, workspace string, args []string) error {
	f := newFlags(e, "template", "template [--out โฟลเดอร์] [รหัสอำเภอ ...]",
		`สร้างแบบรายงานประจำสัปดาห์ (ไฟล์ Excel) ของแต่ละอำเภอจาก plan.xlsx: กรอกรหัสและชื่ออำเภอ
รายการโครงการและงบที่ได้รับจัดสรร และรายชื่อตำบลไว้ให้แล้วและล็อกไว้ อำเภอกรอกเฉพาะช่องที่เปิดไว้
ไม่ระบุรหัสอำเภอ = ทุกอำเภอ`, workspace)
	outDir := f.String("out", "", "โฟลเดอร์ที่จะเขียนแบบรายงาน; ไม่ระบุ = forms/ ในโฟลเดอร์งาน")
	if err := f.parse(args); err != nil {
		return err
	}
	dir, err := f.dir()
	if err != nil {
		return err
	}
	ws, err := loadWorkspace(dir)
	if err != nil {
		return err
	}
	plan, _, err := report.ReadPlan(ws.Plan, ws.Settings.Limits)
	if err != nil {
		return fmt.Errorf("ใช้ %s ไม่ได้: %w", ws.Plan, err)
	}
	codes := f.positional
	if len(codes) == 0 {
		for _, d := range plan.Districts {
			codes = append(codes, d.Code)
		}
	}
	if len(codes) == 0 {
		return fmt.Errorf("plan.xlsx แผ่นงาน %s ยังไม่มีอำเภอ: กรอกรหัสและชื่ออำเภอก่อน", report.SheetDistricts)
	}
	out := *outDir
	if out == "" {
		out = filepath.Join(ws.Root, "forms")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, code := range codes {
		d, ok := plan.District(code)
		if !ok {
			return usageErr("ไม่มีอำเภอรหัส %s ใน plan.xlsx", code)
		}
		path := filepath.Join(out, templateName(d))
		if err := forms.Template(path, plan, d.Code); err != nil {
			return fmt.Errorf("สร้างแบบรายงานของอำเภอ%s ไม่ได้: %w", d.Name, err)
		}
		fmt.Fprintf(e.stdout, "สร้าง %s\n", path)
	}
	return nil
}

// templateName is the file name of a district's form; workbook text never
// reaches the file system unfiltered.
func templateName(d report.District) string {
	clean := strings.Map(func(r rune) rune {
		if r < 0x20 || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, d.Code+" "+d.Name)
	return "แบบรายงาน " + clean + ".xlsx"
}
