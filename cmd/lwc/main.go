// Command lwc is the weekly warning-center reporter of a provincial
// community-development office: it reads the districts' Excel submissions,
// verifies them, computes budget disbursement, household-survey (จปฐ.)
// collection and report timeliness against targets, decides the warnings,
// publishes the intranet chart site, writes the PDF bulletin and district
// memos, e-mails them and archives everything.
//
// Usage:
//
//	lwc [-w DIR] COMMAND [flags]
//
// Commands: init, template, check, run, demo, serve, help. See `lwc help`.
//
// Exit codes: 0 outputs produced (flagged district data is not a failure);
// 1 the outputs could not be produced; 2 the command line is wrong; 3 the
// outputs were produced but some delivery failed; 4 another run holds the
// workspace lock.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

// Exit codes (documented in docs/deploy.md).
const (
	exitOK       = 0
	exitFailed   = 1
	exitUsage    = 2
	exitDelivery = 3
	exitLocked   = 4
)

// env is what a command needs from the process: explicit, so tests run
// commands in-process with their own clock, streams and environment.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
	terminal       bool // stdout is a terminal: show progress, not log lines
}

// exitError carries an exit code with its message.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErr(format string, a ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, a...)}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{
		stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, now: time.Now,
		terminal: isTerminal(os.Stdout),
	}
	os.Exit(e.main(ctx, os.Args[1:]))
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, workspace string, args []string) error
}

func commands() []command {
	return []command{
		{"init", "สร้างโฟลเดอร์งานใหม่ (create a new workspace)", cmdInit},
		{"template", "สร้างแบบรายงานของแต่ละอำเภอจาก plan.xlsx (district submission forms)", cmdTemplate},
		{"check", "ตรวจสอบไฟล์ในกล่อง inbox แล้วพิมพ์รายงานรายไฟล์ (verify the inbox)", cmdCheck},
		{"run", "ทำงานประจำสัปดาห์ทั้งหมด (the weekly job: verify, compute, publish, e-mail, archive)", cmdRun},
		{"demo", "สร้างจังหวัดตัวอย่าง (ลำปาง) แล้วทำงานทั้งหมดโดยไม่ส่งอีเมลจริง (sample province)", cmdDemo},
		{"serve", "เปิดดูหน้าเว็บบนเครื่องนี้ (preview the site on localhost)", cmdServe},
	}
}

func (e *env) main(ctx context.Context, args []string) int {
	// Everything lwc prints goes through textOut (see there).
	out, errOut := newTextOut(e.stdout), newTextOut(e.stderr)
	defer out.Flush()
	defer errOut.Flush()
	safe := *e
	safe.stdout, safe.stderr = out, errOut
	e = &safe
	workspace := ""
	// Global -w DIR before the command.
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch a := args[0]; {
		case a == "-w" || a == "--w" || a == "-workspace" || a == "--workspace":
			if len(args) < 2 {
				fmt.Fprintln(e.stderr, "lwc: -w ต้องตามด้วยโฟลเดอร์งาน (-w needs a folder)")
				return exitUsage
			}
			workspace, args = args[1], args[2:]
		case strings.HasPrefix(a, "-w="), strings.HasPrefix(a, "--w="), strings.HasPrefix(a, "--workspace="):
			workspace, args = a[strings.IndexByte(a, '=')+1:], args[1:]
		case a == "-h" || a == "--help" || a == "-help":
			e.help()
			return exitOK
		default:
			fmt.Fprintf(e.stderr, "lwc: ไม่รู้จักตัวเลือก %s (unknown option); ดู lwc help\n", a)
			return exitUsage
		}
	}
	if len(args) == 0 || args[0] == "help" {
		if len(args) > 1 {
			args = []string{args[1], "--help"}
		} else {
			e.help()
			return exitOK
		}
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, workspace, args[1:])
		if err == nil {
			return exitOK
		}
		var xe *exitError
		code := exitFailed
		if errors.As(err, &xe) {
			code = xe.code
		}
		if !errors.Is(err, errHelpShown) {
			fmt.Fprintf(e.stderr, "lwc %s: %v\n", c.name, err)
		} else {
			code = exitOK
		}
		return code
	}
	fmt.Fprintf(e.stderr, "lwc: ไม่รู้จักคำสั่ง %q (unknown command); ดู lwc help\n", args[0])
	return exitUsage
}

func (e *env) help() {
	fmt.Fprint(e.stdout, `lwc — ศูนย์แจ้งเตือนการดำเนินงาน (Lampang Warning Center) ของสำนักงานพัฒนาชุมชนจังหวัด

อ่านไฟล์ Excel ที่อำเภอส่งมา ตรวจสอบความถูกต้อง คำนวณผลการเบิกจ่ายงบประมาณ การจัดเก็บข้อมูล จปฐ.
และการส่งรายงานเทียบกับเป้าหมาย ตัดสินการแจ้งเตือน (เตือน / ตาม / ทวงถาม) แล้วเผยแพร่หน้าเว็บ
จดหมายข่าว PDF บันทึกข้อความถึงอำเภอ และส่งอีเมล

วิธีใช้:  lwc [-w โฟลเดอร์งาน] คำสั่ง [ตัวเลือก]
          (ไม่ระบุ -w = ใช้โฟลเดอร์ปัจจุบัน)

คำสั่ง:
`)
	for _, c := range commands() {
		fmt.Fprintf(e.stdout, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprint(e.stdout, `
ดูรายละเอียดของแต่ละคำสั่ง: lwc help คำสั่ง  หรือ  lwc คำสั่ง --help

ตัวอย่าง:
  lwc init งานลำปาง                 สร้างโฟลเดอร์งานใหม่
  lwc -w งานลำปาง template          สร้างแบบรายงานให้อำเภอ
  lwc -w งานลำปาง check             ตรวจไฟล์ที่อำเภอส่งมา
  lwc -w งานลำปาง run --dry-run     ทำงานประจำสัปดาห์ เขียนอีเมลเป็นไฟล์ .eml แทนการส่ง
  lwc demo ตัวอย่าง                  ลองใช้กับจังหวัดตัวอย่าง

รหัสการจบ (exit codes): 0 สำเร็จ, 1 สร้างผลลัพธ์ไม่ได้, 2 คำสั่งไม่ถูกต้อง,
  3 ส่งอีเมลบางฉบับไม่สำเร็จ, 4 มีการทำงานอื่นกำลังใช้โฟลเดอร์งานนี้อยู่
`)
}
