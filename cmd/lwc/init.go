package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"lwc/report/forms"
	"lwc/report/settings"
	"lwc/templates"
)

func cmdInit(ctx context.Context, e *env, workspace string, args []string) error {
	f := newFlags(e, "init", "init [โฟลเดอร์]",
		`สร้างโฟลเดอร์งานใหม่: lwc.toml (ค่าตั้งพร้อมคำอธิบาย), plan.xlsx, contacts.xlsx,
reports.xlsx (สมุดงานเปล่าที่มีแผ่นงานและหัวคอลัมน์ครบ) และโฟลเดอร์ inbox/
ไฟล์ที่มีอยู่แล้วจะไม่ถูกเขียนทับ`, workspace)
	if err := f.parse(args); err != nil {
		return err
	}
	if len(f.positional) > 1 {
		return usageErr("init รับโฟลเดอร์ได้โฟลเดอร์เดียว")
	}
	if len(f.positional) == 1 {
		*f.workspace = f.positional[0]
	}
	dir, err := f.dir()
	if err != nil {
		return err
	}
	created, err := initWorkspace(dir)
	for _, c := range created {
		fmt.Fprintf(e.stdout, "สร้าง %s\n", c)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "โฟลเดอร์งานพร้อมใช้: %s\nขั้นต่อไป: กรอก plan.xlsx และ contacts.xlsx แล้วสั่ง lwc -w %q template\n", dir, dir)
	return nil
}

// initWorkspace creates what a new workspace needs and returns the paths it
// created; existing files are kept as they are.
func initWorkspace(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("สร้างโฟลเดอร์ %s ไม่ได้: %w", dir, err)
	}
	def := settings.Default()
	var created []string
	steps := []struct {
		path  string
		write func(string) error
	}{
		{settings.FileName, func(p string) error {
			data, err := templates.Read("lwc.toml")
			if err != nil {
				return err
			}
			return os.WriteFile(p, data, 0o644)
		}},
		{def.Paths.Plan, forms.NewPlan},
		{def.Paths.Contacts, forms.NewContacts},
		{def.Paths.Register, forms.NewRegister},
		{def.Paths.Inbox, func(p string) error { return os.Mkdir(p, 0o755) }},
	}
	for _, s := range steps {
		p := filepath.Join(dir, s.path)
		if _, err := os.Stat(p); err == nil {
			continue
		} else if !errors.Is(err, os.ErrNotExist) {
			return created, err
		}
		if err := s.write(p); err != nil {
			return created, fmt.Errorf("สร้าง %s ไม่ได้: %w", p, err)
		}
		created = append(created, p)
	}
	return created, nil
}
