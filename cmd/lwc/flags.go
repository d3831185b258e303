package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// errHelpShown ends a command after --help printed its usage.
var errHelpShown = errors.New("help shown")

// flags is one command's flag set; every command also takes -w DIR.
type flags struct {
	*flag.FlagSet
	workspace  *string
	positional []string
}

func newFlags(e *env, name, synopsis, about string, workspace string) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	f := &flags{FlagSet: fs}
	f.workspace = fs.String("w", workspace, "โฟลเดอร์งาน (workspace folder); ไม่ระบุ = โฟลเดอร์ปัจจุบัน")
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "วิธีใช้: lwc %s\n\n%s\n\nตัวเลือก:\n", synopsis, about)
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(e.stderr)
	}
	return f
}

// parse parses args; --help prints the usage and returns errHelpShown.
func (f *flags) parse(args []string) error {
	// Allow flags after positional arguments too ("lwc demo DIR --help").
	var pos []string
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return errHelpShown
			}
			return &exitError{code: exitUsage, err: err}
		}
		if f.NArg() == 0 {
			break
		}
		pos = append(pos, f.Arg(0))
		args = f.Args()[1:]
	}
	f.positional = pos
	return nil
}

// dir is the workspace folder: -w, else the current folder.
func (f *flags) dir() (string, error) {
	d := *f.workspace
	if d == "" {
		var err error
		if d, err = os.Getwd(); err != nil {
			return "", err
		}
	}
	return filepath.Abs(d)
}

// parseDate reads an --as-of value: ISO (2026-11-20) or Thai d/m/yyyy in
// either era (20/11/2569).
func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	var d, m, y int
	if _, err := fmt.Sscanf(s, "%d/%d/%d", &d, &m, &y); err == nil {
		if y > 2400 {
			y -= 543
		}
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		if t.Day() == d && int(t.Month()) == m {
			return t, nil
		}
	}
	return time.Time{}, usageErr("วันที่ %q ไม่ถูกต้อง: ใช้รูปแบบ 2026-11-20 หรือ 20/11/2569", s)
}

// today is the civil date of the clock in Thailand (UTC+7), where the
// office is, whatever the server's zone.
func today(now time.Time) time.Time {
	t := now.In(time.FixedZone("ICT", 7*3600))
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
