package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"lwc/report/sample"
	"lwc/report/settings"
	"lwc/templates"
)

// demoMarker marks a folder made by lwc demo, so a second demo may replace
// it but never a real workspace.
const demoMarker = ".lwc-demo"

func cmdDemo(ctx context.Context, e *env, workspace string, args []string) error {
	f := newFlags(e, "demo", "demo [โฟลเดอร์]",
		`สร้างจังหวัดตัวอย่าง (ลำปาง 13 อำเภอ แผนปีงบประมาณ 2570 และรายงานของอำเภอหลายสัปดาห์
ซึ่งบางไฟล์กรอกไม่เรียบร้อยและบางไฟล์ใช้ไม่ได้) แล้วทำงานประจำสัปดาห์ทุกรอบโดยไม่ส่งอีเมลจริง
(เขียนอีเมลเป็นไฟล์ .eml ใน out/outbox) ไม่ระบุโฟลเดอร์ = lwc-demo ในโฟลเดอร์ปัจจุบัน`, workspace)
	if err := f.parse(args); err != nil {
		return err
	}
	if len(f.positional) > 1 {
		return usageErr("demo รับโฟลเดอร์ได้โฟลเดอร์เดียว")
	}
	if len(f.positional) == 1 {
		*f.workspace = f.positional[0]
	} else if *f.workspace == "" {
		*f.workspace = "lwc-demo"
	}
	dir, err := f.dir()
	if err != nil {
		return err
	}
	if err := prepareDemoDir(dir); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "สร้างจังหวัดตัวอย่างใน %s\n", dir)
	if err := writeDemoSettings(dir); err != nil {
		return err
	}
	rounds, err := sample.Demo(dir)
	if err != nil {
		return fmt.Errorf("สร้างข้อมูลตัวอย่างไม่ได้: %w", err)
	}
	if _, err := initWorkspace(dir); err != nil {
		return err
	}
	gen, err := generationTime(e)
	if err != nil {
		return err
	}
	inbox := filepath.Join(dir, "inbox")
	var last *runResult
	for i, r := range rounds {
		// Each round is one Monday: that week's files in the inbox.
		if err := os.RemoveAll(inbox); err != nil {
			return err
		}
		if err := os.MkdirAll(inbox, 0o755); err != nil {
			return err
		}
		for _, file := range r.Files {
			if err := os.WriteFile(filepath.Join(inbox, file.Name), file.Data, 0o644); err != nil {
				return err
			}
		}
		fmt.Fprintf(e.stdout, "\n== รอบที่ %d/%d: ข้อมูล ณ วันที่ %s (%d ไฟล์) ==\n", i+1, len(rounds), thaiDate(r.AsOf), len(r.Files))
		res, err := runJob(ctx, e, newProgress(e), dir, runOptions{AsOf: r.AsOf, Generated: gen, DryRun: true})
		if res != nil {
			res.print(e.stdout)
		}
		var xe *exitError
		if err != nil && !(errors.As(err, &xe) && xe.code == exitDelivery) {
			return fmt.Errorf("รอบวันที่ %s: %w", thaiDate(r.AsOf), err)
		}
		last = res
	}
	if last != nil {
		fmt.Fprintf(e.stdout, "\nเสร็จแล้ว เปิดดูหน้าเว็บ: %s\nหรือสั่ง: lwc serve %s\n", filepath.Join(last.Site, "index.html"), dir)
	}
	return nil
}

// prepareDemoDir empties a folder made by an earlier demo, and refuses any
// other non-empty folder.
func prepareDemoDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, demoMarker), []byte("made by lwc demo\n"), 0o644)
	}
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(dir, demoMarker)); err != nil {
			return fmt.Errorf("โฟลเดอร์ %s มีไฟล์อยู่แล้วและไม่ใช่โฟลเดอร์ตัวอย่าง: เลือกโฟลเดอร์ใหม่", dir)
		}
		for _, e := range entries {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return os.WriteFile(filepath.Join(dir, demoMarker), []byte("made by lwc demo\n"), 0o644)
}

// writeDemoSettings writes lwc.toml with the sample office's signer, site
// address and contact line filled in.
func writeDemoSettings(dir string) error {
	data, err := templates.Read("lwc.toml")
	if err != nil {
		return err
	}
	text := string(data)
	for _, r := range [][2]string{
		{`signer_name = ""`, `signer_name = "นางสาวสุภาพร ตั้งใจงาน"`},
		{`base_url = ""`, `base_url = "http://intranet.cdd-lampang.example/lwc/"`},
		{`contact = ""`, `contact = "กลุ่มงานอำนวยการ โทร. 0 5422 1234"`},
		{`phone = ""`, `phone = "0 5422 1234"`},
		{`from = ""`, `from = "lwc@cdd-lampang.example"`},
	} {
		if !strings.Contains(text, r[0]) {
			return fmt.Errorf("lwc.toml template lacks %s", r[0])
		}
		text = strings.Replace(text, r[0], r[1], 1)
	}
	return os.WriteFile(filepath.Join(dir, settings.FileName), []byte(text), 0o644)
}
