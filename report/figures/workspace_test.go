package figures

import (
	"testing"

	"lwc/report"
)

// The office's own files reach the snapshot only when they have issues.
func TestWorkspaceFiles(t *testing.T) {
	in := fixtureInput("2026-11-20")
	in.Workspace = []report.FileResult{
		{File: "plan.xlsx", State: report.StateAcceptedWithWarnings,
			Issues: []report.Issue{{Severity: report.SeverityWarning, Code: "target-ambiguous", Message: "x"}}},
		{File: "contacts.xlsx", State: report.StateAccepted},
	}
	s := Compute(in)
	if len(s.WorkspaceFiles) != 1 || s.WorkspaceFiles[0].File != "plan.xlsx" || len(s.WorkspaceFiles[0].Issues) != 1 {
		t.Errorf("WorkspaceFiles = %+v; want plan.xlsx with its issue only", s.WorkspaceFiles)
	}
	in.Workspace = nil
	if s := Compute(in); s.WorkspaceFiles != nil {
		t.Errorf("clean workspace gave %+v", s.WorkspaceFiles)
	}
}
