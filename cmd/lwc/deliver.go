package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"lwc/report"
	"lwc/report/deliver"
)

// mailReport is what delivery did, for the closing lines of a run.
type mailReport struct {
	Ran      bool
	Report   deliver.Report
	Problems []deliver.Problem
	Fallback bool // no SMTP host set: written to the outbox instead
}

func (m mailReport) print(w io.Writer) {
	if !m.Ran {
		return
	}
	if m.Fallback {
		fmt.Fprintln(w, "ยังไม่ได้ตั้งค่า smtp.host ใน lwc.toml: เขียนอีเมลเป็นไฟล์ .eml ใน out/outbox แทนการส่ง")
	}
	fmt.Fprintf(w, "อีเมล: %s\n", m.Report.String())
	for _, r := range m.Report.Failed {
		fmt.Fprintf(w, "  ไม่สำเร็จ: %s — %s\n", r.To, r.Reason)
	}
	for _, p := range m.Problems {
		fmt.Fprintf(w, "  ข้าม: %s\n", p.String())
	}
}

// ledgerDir keeps the send ledger in the archive root, outside the
// per-date folders that reruns replace.
func ledgerDir(ws *workspace) string { return filepath.Join(ws.Archive, "ledger") }

// deliver e-mails the bulletin and memos (and pushes the summary to LINE
// when a token is set). It returns an error when any delivery failed; the
// others still went out.
func deliverOutputs(ctx context.Context, p *progress, e *env, ws *workspace, snap *report.Snapshot, contacts []report.Contact, st *staged, outDir string, opt runOptions) (mailReport, error) {
	s := ws.Settings
	out := deliver.Outputs{
		Bulletin:  filepath.Join(outDir, st.Bulletin),
		Memos:     map[string]string{},
		Summary:   st.Summary,
		Generated: opt.Generated,
	}
	for d, name := range st.Memos {
		out.Memos[d] = filepath.Join(outDir, name)
	}
	token := ""
	if s.LINE.TokenEnv != "" {
		token = e.getenv(s.LINE.TokenEnv)
	}
	out.LINE = token != "" && len(s.LINE.To) > 0
	msgs, problems := deliver.Plan(snap, contacts, out, s)
	for _, pr := range problems {
		p.Warn("contact skipped", "problem", pr.String())
	}
	m := mailReport{Ran: true, Problems: problems}
	dry := opt.DryRun
	if !dry && s.SMTP.Host == "" {
		dry, m.Fallback = true, true
	}
	password := ""
	if s.SMTP.PasswordEnv != "" {
		password = e.getenv(s.SMTP.PasswordEnv)
	}
	m.Report = deliver.Send(ctx, msgs, deliver.SendOptions{
		SMTP: s.SMTP, Password: password,
		LINE: s.LINE, LINEToken: token,
		AsOf: snap.AsOf, LedgerDir: ledgerDir(ws), Resend: opt.Resend,
		DryRun: dry, Outbox: filepath.Join(outDir, "outbox"),
		Now: e.now, Log: p.logger,
		Progress: func(deliver.Result) { p.Settled() },
	})
	if !m.Report.OK() {
		return m, fmt.Errorf("ส่งไม่สำเร็จ %d รายการ (รายการอื่นส่งแล้ว); สั่ง lwc run อีกครั้งเพื่อส่งเฉพาะที่ค้าง", len(m.Report.Failed))
	}
	return m, nil
}
