package main

import (
	"context"
	"fmt"

	"lwc/charts"
)

func cmdServe(ctx context.Context, e *env, workspace string, args []string) error {
	f := newFlags(e, "serve", "serve [โฟลเดอร์งาน] [--addr 127.0.0.1:8080]",
		`เปิดหน้าเว็บที่เผยแพร่ล่าสุดของโฟลเดอร์งานให้ดูบนเครื่องนี้ผ่านเบราว์เซอร์ (กด Ctrl+C เพื่อหยุด)`, workspace)
	addr := f.String("addr", "127.0.0.1:8080", "ที่อยู่และพอร์ตที่จะเปิด")
	if err := f.parse(args); err != nil {
		return err
	}
	if len(f.positional) > 1 {
		return usageErr("serve รับโฟลเดอร์งานได้โฟลเดอร์เดียว")
	}
	if len(f.positional) == 1 {
		*f.workspace = f.positional[0]
	}
	dir, err := f.dir()
	if err != nil {
		return err
	}
	ws, err := loadWorkspace(dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "เปิดดูได้ที่ http://%s/ (กด Ctrl+C เพื่อหยุด)\n", *addr)
	return charts.Serve(ctx, ws.Site, *addr)
}
