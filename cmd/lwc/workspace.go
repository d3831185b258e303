package main

import (
	"fmt"
	"os"
	"path/filepath"

	"lwc/report/settings"
)

// workspace is a loaded workspace: its settings and resolved paths.
type workspace struct {
	Root     string
	Settings settings.Settings
	Plan     string
	Contacts string
	Register string
	Inbox    string
	Site     string
	Out      string
	Archive  string

	// inputs is the folder the run reads its inputs from (the staging
	// archive's copies); FileResult paths are relative to it.
	inputs string
	// unreadable are the inbox entries that could not be staged, by the
	// path each would have under Inbox, with the reason (see stageInputs).
	unreadable map[string]error
}

// loadWorkspace reads lwc.toml of the workspace at root.
func loadWorkspace(root string) (*workspace, error) {
	if fi, err := os.Stat(root); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("ไม่พบโฟลเดอร์งาน %s (สร้างด้วย lwc init)", root)
	}
	s, err := settings.Load(filepath.Join(root, settings.FileName))
	if err != nil {
		return nil, err
	}
	ws := newWorkspace(root, s)
	if err := ws.checkInbox(); err != nil {
		return nil, err
	}
	return ws, nil
}

// checkInbox refuses an inbox folder that holds, or lies in, the archive,
// the site or the outputs folder: a run reads every file under the inbox
// and archives it, so an inbox set to the workspace folder itself would
// read every archived week again, and archive it again, each week.
func (ws *workspace) checkInbox() error {
	inbox, err := filepath.Abs(ws.Inbox)
	if err != nil {
		return err
	}
	for _, f := range []struct{ key, path string }{{"archive", ws.Archive}, {"site", ws.Site}, {"out", ws.Out}} {
		p, err := filepath.Abs(f.path)
		if err != nil {
			return err
		}
		if within(p, inbox) || within(inbox, p) {
			return fmt.Errorf("ตั้งค่า [paths] ใน %s ไม่ได้: โฟลเดอร์ inbox (%s) กับโฟลเดอร์ %s (%s) ซ้อนกันอยู่ โปรดตั้ง inbox เป็นโฟลเดอร์ที่มีเฉพาะไฟล์ที่อำเภอส่งมา",
				settings.FileName, ws.Inbox, f.key, f.path)
		}
	}
	return nil
}

// within reports whether path is dir or lies under it (both absolute).
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && filepath.IsLocal(rel) || rel == "."
}

func newWorkspace(root string, s settings.Settings) *workspace {
	r := func(p string) string { return settings.Resolve(root, p) }
	return &workspace{
		Root: root, Settings: s,
		Plan: r(s.Paths.Plan), Contacts: r(s.Paths.Contacts), Register: r(s.Paths.Register),
		Inbox: r(s.Paths.Inbox), Site: r(s.Paths.Site), Out: r(s.Paths.Out), Archive: r(s.Paths.Archive),
	}
}
