package main

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"lwc/report/settings"
)

func TestLimitMemory(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	for _, tc := range []struct {
		name     string
		mb       int
		env      string
		wantSet  bool
		wantByte int64
	}{
		{"default", 0, "", true, 128 << 20},
		{"set", 256, "", true, 256 << 20},
		{"none", -1, "", false, before},
		{"GOMEMLIMIT wins", 256, "300MiB", false, before},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := limitMemory(settings.Limits{MemoryMB: tc.mb}, envWith("GOMEMLIMIT", tc.env))
			got := debug.SetMemoryLimit(-1)
			m.Restore()
			if m.set != tc.wantSet || got != tc.wantByte {
				t.Errorf("set %v, limit %d; want %v, %d", m.set, got, tc.wantSet, tc.wantByte)
			}
			if after := debug.SetMemoryLimit(-1); after != before {
				t.Errorf("limit after Restore %d, want %d", after, before)
			}
		})
	}
}

// The render's sooner collection sets GOGC and puts it back once, unless
// GOGC is set or memory_mb is negative (hands off the runtime).
func TestCollectSooner(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	for _, tc := range []struct {
		name string
		mb   int
		gogc string
		want int // GOGC while collecting sooner
	}{
		{"default", 0, "", renderGCPercent},
		{"no limit", -1, "", 100},
		{"GOGC wins", 0, "200", 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := limitMemory(settings.Limits{MemoryMB: tc.mb}, envWith("GOGC", tc.gogc))
			defer m.Restore()
			normal := m.collectSooner(renderGCPercent)
			if got := debug.SetGCPercent(-1); got != tc.want {
				t.Errorf("GOGC while collecting sooner %d, want %d", got, tc.want)
			}
			debug.SetGCPercent(tc.want)
			normal()
			if got := debug.SetGCPercent(77); got != 100 { // 77: a later change, which a second call must not undo
				t.Errorf("GOGC put back %d, want 100", got)
			}
			normal()
			if got := debug.SetGCPercent(100); got != 77 {
				t.Errorf("GOGC after a second call %d, want 77", got)
			}
		})
	}
}

// Live data above the limit: the collector never stops, takes a quarter
// of the CPU or more, and Exceeded says so (the run warns to raise
// memory_mb). A limit far above the data says nothing.
func TestMemoryLimitExceeded(t *testing.T) {
	roomy := setMemoryLimit(1 << 10) // 1 GB
	churn(t, 8<<20)
	if roomy.Exceeded() {
		t.Error("Exceeded with the data far below the limit")
	}
	roomy.Restore()

	// The share counts from the limit's setting: churn until the
	// collection since outweighs the set-up, within a bound.
	tight := setMemoryLimit(4)
	defer tight.Restore()
	start := time.Now()
	for !tight.Exceeded() {
		if time.Since(start) > 20*time.Second {
			t.Fatal("not Exceeded with 32 MB live under a 4 MB limit")
		}
		churn(t, 32<<20)
	}
	t.Logf("Exceeded after %v", time.Since(start).Round(time.Millisecond))
}

// churn keeps live bytes alive while allocating many times as much.
func churn(t *testing.T, live int) {
	t.Helper()
	keep := make([][]byte, 0, live>>16)
	for range live >> 16 {
		keep = append(keep, make([]byte, 1<<16))
	}
	var sink []byte
	for i := range 20000 {
		sink = make([]byte, 4<<10)
		sink[0] = byte(i)
	}
	runtime.KeepAlive(keep)
	runtime.KeepAlive(sink)
}

// envWith is an environment with one variable set (to v; unset when v is
// empty).
func envWith(key, v string) func(string) string {
	return func(k string) string {
		if k == key {
			return v
		}
		return ""
	}
}
