package main

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"syscall"
	"time"
)

// progress reports the stages of a run: on a terminal as a short Thai
// checklist, under cron as plain log/slog lines. Every line is also kept for
// the archive's run.log.
type progress struct {
	mu       sync.Mutex
	out      io.Writer
	terminal bool
	logger   *slog.Logger
	log      bytes.Buffer // run.log
	now      func() time.Time
	start    time.Time
	stage    string
	crashAt  string // LWC_CRASH_AT, for the crash tests only
	settled  int    // deliveries settled so far
}

func newProgress(e *env) *progress {
	p := &progress{out: e.stdout, terminal: e.terminal, now: e.now, crashAt: e.getenv("LWC_CRASH_AT")}
	p.start = p.now()
	// The run log has the same slog lines whatever the output.
	h := slog.NewTextHandler(&p.log, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				a.Value = slog.StringValue(a.Value.Time().UTC().Format(time.RFC3339))
			}
			return a
		},
	})
	if !e.terminal {
		h = slog.NewTextHandler(io.MultiWriter(&p.log, e.stdout), nil)
	}
	p.logger = slog.New(h)
	return p
}

// Stage starts a stage; the previous one is done.
func (p *progress) Stage(name, thai string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finish()
	p.stage = name
	p.logger.Info("stage", "stage", name)
	p.crashPoint("stage:" + name)
	if p.terminal {
		fmt.Fprintf(p.out, "• %s ...", thai)
	}
}

func (p *progress) finish() {
	if p.stage != "" && p.terminal {
		fmt.Fprintln(p.out, " เสร็จ")
	}
	p.stage = ""
}

// Done ends the last stage.
func (p *progress) Done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finish()
	p.logger.Info("run finished", "seconds", fmt.Sprintf("%.2f", p.now().Sub(p.start).Seconds()))
}

// Info logs a fact of the run.
func (p *progress) Info(msg string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.logger.Info(msg, args...)
}

// Warn logs a problem that does not stop the run.
func (p *progress) Warn(msg string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.terminal {
		p.finish()
		fmt.Fprintf(p.out, "  ! %s %v\n", msg, args)
	}
	p.logger.Warn(msg, args...)
}

// Log returns the run log so far.
func (p *progress) Log() []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return bytes.Clone(p.log.Bytes())
}

// Settled counts a delivery that is settled (its ledger entry on disk).
func (p *progress) Settled() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.settled++
	p.crashPoint(fmt.Sprintf("sent:%d", p.settled))
}

// crashPoint kills the process when LWC_CRASH_AT names this point: the
// crash tests use it to stop a run exactly at each stage boundary and after
// each delivery, as a power cut or the OOM killer would, with SIGKILL.
func (p *progress) crashPoint(point string) {
	if p.crashAt != "" && p.crashAt == point {
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // the signal is on its way
	}
}
