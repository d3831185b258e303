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
	return newWorkspace(root, s), nil
}

func newWorkspace(root string, s settings.Settings) *workspace {
	r := func(p string) string { return settings.Resolve(root, p) }
	return &workspace{
		Root: root, Settings: s,
		Plan: r(s.Paths.Plan), Contacts: r(s.Paths.Contacts), Register: r(s.Paths.Register),
		Inbox: r(s.Paths.Inbox), Site: r(s.Paths.Site), Out: r(s.Paths.Out), Archive: r(s.Paths.Archive),
	}
}
