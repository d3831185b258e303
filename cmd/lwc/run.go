package main

import (
	"context"
	"strconv"
	"time"
)

// runOptions are the flags of lwc run (and of the runs lwc demo makes).
type runOptions struct {
	AsOf      time.Time // the date the figures are as of
	Generated time.Time // generation time printed on outputs
	DryRun    bool      // write .eml files to the outbox instead of sending
	NoEmail   bool      // neither send nor write e-mail
	Resend    bool      // send again what the ledger says was sent
}

func cmdRun(ctx context.Context, e *env, workspace string, args []string) error {
	f := newFlags(e, "run", "run [--as-of วันที่] [--dry-run] [--no-email] [--resend]",
		`ทำงานประจำสัปดาห์ทั้งหมด: อ่านและตรวจสอบไฟล์ใน inbox → คำนวณผลเทียบเป้าหมายและการแจ้งเตือน →
สร้างหน้าเว็บ จดหมายข่าว PDF บันทึกข้อความถึงอำเภอ และไฟล์ส่งออก → เผยแพร่ → ส่งอีเมล → เก็บเข้าคลัง
อีเมลของวันที่ข้อมูลเดียวกันจะไม่ถูกส่งซ้ำ (เว้นแต่สั่ง --resend)
สั่งซ้ำด้วย --as-of วันที่ในอดีตที่มีในคลัง = สร้างผลลัพธ์ของวันนั้นใหม่จากข้อมูลในคลัง (ไม่เผยแพร่ทับของปัจจุบัน)`, workspace)
	asOf := f.String("as-of", "", "วันที่ของข้อมูล (เช่น 2026-11-20 หรือ 20/11/2569); ไม่ระบุ = วันนี้")
	dry := f.Bool("dry-run", false, "ไม่ส่งอีเมลจริง: เขียนแต่ละฉบับเป็นไฟล์ .eml ในโฟลเดอร์ out/outbox")
	noEmail := f.Bool("no-email", false, "ไม่ส่งและไม่เขียนอีเมลเลย")
	resend := f.Bool("resend", false, "ส่งอีเมลซ้ำแม้เคยส่งสำหรับวันที่ข้อมูลนี้แล้ว")
	if err := f.parse(args); err != nil {
		return err
	}
	if len(f.positional) > 0 {
		return usageErr("run ไม่รับอาร์กิวเมนต์ %q", f.positional[0])
	}
	dir, err := f.dir()
	if err != nil {
		return err
	}
	opt := runOptions{DryRun: *dry, NoEmail: *noEmail, Resend: *resend}
	opt.AsOf = today(e.now())
	if *asOf != "" {
		if opt.AsOf, err = parseDate(*asOf); err != nil {
			return err
		}
	}
	if opt.Generated, err = generationTime(e); err != nil {
		return err
	}
	res, err := runJob(ctx, e, newProgress(e), dir, opt)
	if res != nil {
		res.print(e.stdout)
	}
	return err
}

// generationTime is SOURCE_DATE_EPOCH when set (reproducible builds of the
// outputs), else the clock.
func generationTime(e *env) (time.Time, error) {
	if s := e.getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, usageErr("SOURCE_DATE_EPOCH=%q ไม่ใช่จำนวนวินาที", s)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	return e.now().UTC().Truncate(time.Second), nil
}
