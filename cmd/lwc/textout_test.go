package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"lwc/report"
)

func TestTextOut(t *testing.T) {
	for _, c := range []struct {
		name   string
		writes []string
		want   string
	}{
		{"plain Thai", []string{"รับ 12 ไฟล์\n\tต่อ\n"}, "รับ 12 ไฟล์\n\tต่อ\n"},
		{"escape sequences", []string{"ไฟล์ \x1b]0;owned\a\x1b[2J.xlsx\r\n"}, "ไฟล์ \ufffd]0;owned\ufffd\ufffd[2J.xlsx\ufffd\n"},
		{"C1 and overrides", []string{"a\u009b31mb\u202ec\x7f"}, "a\ufffd31mb\ufffdc\ufffd"},
		{"bytes that are not UTF-8", []string{"\xff\xfeก\xb8\n"}, "\ufffd\ufffdก\ufffd\n"},
		// fmt writes a whole line at once, but a copy may cut a character.
		{"a character cut between writes", []string{"เ", "ถ", "ิ", "น"}, "เถิน"},
		{"cut in its middle", []string{"ก\xe0", "\xb8", "\x81ข"}, "กกข"},
		{"cut and never finished", []string{"ก\xe0\xb8"}, "ก\ufffd"},
		{"cut before a bad byte", []string{"\xe0\xb8", "x"}, "\ufffd\ufffdx"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			w := newTextOut(&b)
			for _, s := range c.writes {
				if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
					t.Fatalf("Write(%q) = %d, %v", s, n, err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if b.String() != c.want {
				t.Errorf("got %q, want %q", b.String(), c.want)
			}
		})
	}
}

// TestCheckPrintsNoTerminalCommands: lwc check prints inbox file names,
// which districts choose; a name carrying escape sequences must not reach
// the terminal as commands, and a name in the old Thai code page reads as
// Thai.
func TestCheckPrintsNoTerminalCommands(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := lwc(t, nil, "init", dir); code != 0 {
		t.Fatalf("init: exit %d %s", code, errOut)
	}
	thaiName, err := charmap.Windows874.NewEncoder().String("ส่งจังหวัด")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"\x1b]0;owned\a\x1b[2J.xlsx", thaiName + ".xlsx"} {
		if err := os.WriteFile(filepath.Join(dir, "inbox", name), []byte("not a workbook"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Cell text that lwc quotes in its messages, with control characters
	// as Excel stores them (_x001B_; readers decode it).
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", report.SheetInfo); err != nil {
		t.Fatal(err)
	}
	for cell, v := range map[string]string{
		"A3": report.LabelDistrictCode, "B3": "_x001B_]0;owned_x0007_9999",
		"A4": report.LabelDistrictName, "B4": "_x001B_[2Jไม่มี\u202e",
		"A5": report.LabelAsOf, "B5": "20/11/2569",
	} {
		if err := f.SetCellStr(report.SheetInfo, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.NewSheet(report.SheetDisbursed); err != nil {
		t.Fatal(err)
	}
	header := []any{report.ColProjectCode, report.ColProjectName, report.ColAllocated, report.ColCommitted, report.ColDisbursed}
	if err := f.SetSheetRow(report.SheetDisbursed, "A1", &header); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(filepath.Join(dir, "inbox", "cells.xlsx")); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := lwc(t, nil, "-w", dir, "check", "--json")
	if code != 0 {
		t.Fatalf("check --json: exit %d %s", code, errOut)
	}
	if !strings.Contains(out, `\"]0;owned9999\"`) || !strings.Contains(out, `\"[2Jไม่มี\"`) || strings.Contains(out, `\u001b`) || strings.Contains(out, `\u202e`) {
		t.Errorf("check --json does not quote the cells' text without its control characters:\n%s", out)
	}
	code, out, errOut = lwc(t, nil, "-w", dir, "check")
	if code != 0 {
		t.Fatalf("check: exit %d %s", code, errOut)
	}
	for _, c := range out + errOut {
		if c < 0x20 && c != '\n' && c != '\t' {
			t.Fatalf("check printed control character %U:\n%q", c, out)
		}
	}
	for _, want := range []string{"inbox/\ufffd]0;owned\ufffd\ufffd[2J.xlsx", "inbox/ส่งจังหวัด.xlsx"} {
		if !strings.Contains(out, want) {
			t.Errorf("check does not show %q:\n%s", want, out)
		}
	}
}
