package figures

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"lwc/report/archive"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGoldenSnapshot pins snapshot.json for the fixture province as of
// 20 Nov 2026 with one earlier run (13 Nov, lower disbursement) as history.
// After an intended change, review the diff of `go test -update`.
func TestGoldenSnapshot(t *testing.T) {
	prevIn := fixtureInput("2026-11-13")
	prevIn.Inbox = fixtureInbox("2026-11-13", 0.5)
	prev := Compute(prevIn)
	snap := Compute(fixtureInput("2026-11-20", prev))
	got, err := archive.Marshal(snap)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "snapshot.golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("snapshot.json differs from %s; run go test -update and review the diff\n%s", path, got)
	}
	// Same input, same bytes.
	again, _ := archive.Marshal(Compute(fixtureInput("2026-11-20", prev)))
	if !bytes.Equal(got, again) {
		t.Error("Compute is not deterministic")
	}
}
