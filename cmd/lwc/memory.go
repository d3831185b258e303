package main

import (
	"runtime/debug"
	"runtime/metrics"
	"sync"

	"lwc/report/settings"
)

// memoryLimit is the run's soft memory limit (limits.memory_mb), set by
// lwc run and lwc check.
//
// With the Go runtime's default alone (GOGC=100, no limit) the heap grows
// to twice what was live at the last collection: a national run, about 70
// MB live at its peak, reached 150 MB of heap and 175 MB resident. Under a
// limit the collector runs more often as the heap nears it instead, which
// at 878 districts and 128 MB costs about 0.1 s of CPU (docs/performance.md,
// Memory). A province's run stays far below it and never notices.
//
// When the data needs more than the limit the run still finishes: the
// runtime keeps collection to half the CPU (its GC CPU limiter), so the run
// is slower, not stopped, and Exceeded tells the log to raise memory_mb.
type memoryLimit struct {
	set      bool
	mb       int       // the limit set, in MB
	previous int64     // the limit before the run, restored by Restore
	start    gcCounter // the runtime's counters when the limit was set
	// pace: the run may set the collector's target for a phase
	// (collectSooner); not when GOGC is set or memory_mb is negative.
	pace bool
}

// limitMemory applies lim.MemoryMB unless GOMEMLIMIT is set in the
// environment (the runtime has applied it already and it wins, as for any
// Go program) or memory_mb is negative. A negative memory_mb leaves the
// runtime's memory management wholly alone: no phase's target is changed
// either.
func limitMemory(lim settings.Limits, getenv func(string) string) memoryLimit {
	mb := lim.MemoryMB
	if mb == 0 {
		mb = settings.Default().Limits.MemoryMB
	}
	pace := mb >= 0 && getenv("GOGC") == ""
	if mb < 0 || getenv("GOMEMLIMIT") != "" {
		return memoryLimit{start: readGC(), pace: pace}
	}
	m := setMemoryLimit(mb)
	m.pace = pace
	return m
}

func setMemoryLimit(mb int) memoryLimit {
	return memoryLimit{set: true, mb: mb, previous: debug.SetMemoryLimit(int64(mb) << 20), start: readGC()}
}

// renderGCPercent is the collector's target (GOGC) while the site, the
// workbooks and the bulletin render. Those phases hold the most live data
// of a run (the snapshot, pages and rows in flight, the bulletin's pages)
// and make garbage in bursts (a zlib writer of about 1 MB for each of a
// national bulletin's 202 pages), and with the default target of 100 the
// heap grew to twice their live data, the run's peak. At 50 a national
// run peaks about 12 MB lower, its wall and CPU time within the noise of
// alternated runs (about 0.15 s more user time on average; while the
// bulletin is written the collector has a core to itself), see
// docs/performance.md, step 49. The memos,
// which make most of a run's garbage over the least live data, and the
// read and compute stages keep the default.
const renderGCPercent = 50

// collectSooner sets the collector's target to percent, when the run may
// (pace), and returns the function that puts the previous target back;
// only its first call does anything.
func (m memoryLimit) collectSooner(percent int) (normal func()) {
	if !m.pace {
		return func() {}
	}
	previous := debug.SetGCPercent(percent)
	return sync.OnceFunc(func() { debug.SetGCPercent(previous) })
}

// tightShare is the share of the run's CPU spent collecting garbage above
// which a limit the run's memory is near is too tight for the data. A
// national run spends 10 % of its CPU collecting under the default limit
// and 15 % under 96 MB; twice the country under the default, where the
// collector never stops, 26 %; the country under 64 MB, 35 %.
const tightShare = 0.20

// Exceeded reports whether, since the limit was set, the data needed more
// room than it gave: the run's memory is near the limit and collection
// took more than tightShare of the CPU the run used, or so much that the
// runtime held it back to half the CPU. (A province's run can spend 15 %
// of its fraction of a second collecting, tens of MB from the limit:
// that is not the limit's doing.)
func (m memoryLimit) Exceeded() bool {
	if !m.set {
		return false
	}
	now := readGC()
	near := now.used >= int64(m.mb)<<20*3/4
	return now.limiter > m.start.limiter || near && m.share(now) > tightShare
}

// GCShare is the share of the CPU used since the limit was set that went
// to collecting garbage (the runtime's estimate, updated at each
// collection). It is measured without a limit too, for the log.
func (m memoryLimit) GCShare() float64 { return m.share(readGC()) }

func (m memoryLimit) share(now gcCounter) float64 {
	if busy := now.busy - m.start.busy; busy > 0 {
		return (now.gc - m.start.gc) / busy
	}
	return 0
}

// Restore puts back the limit the process had (tests run lwc in process).
func (m memoryLimit) Restore() {
	if m.set {
		debug.SetMemoryLimit(m.previous)
	}
}

// gcCounter is what the runtime has counted since the process started.
type gcCounter struct {
	gc, busy float64 // CPU seconds collecting, and not idle
	limiter  uint64  // the last GC cycle with the GC CPU limiter on (0: never)
	used     int64   // bytes the memory limit counts: mapped by the runtime and not released
}

func readGC() gcCounter {
	s := []metrics.Sample{
		{Name: "/cpu/classes/gc/total:cpu-seconds"},
		{Name: "/cpu/classes/total:cpu-seconds"},
		{Name: "/cpu/classes/idle:cpu-seconds"},
		{Name: "/gc/limiter/last-enabled:gc-cycle"},
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
	}
	metrics.Read(s)
	f := func(i int) float64 {
		if s[i].Value.Kind() != metrics.KindFloat64 {
			return 0
		}
		return s[i].Value.Float64()
	}
	c := gcCounter{gc: f(0), busy: f(1) - f(2)}
	u := func(i int) uint64 {
		if s[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return s[i].Value.Uint64()
	}
	c.limiter = u(3)
	c.used = int64(u(4)) - int64(u(5))
	return c
}
