package charts

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"lwc/report/reporttest"
)

// largeInput is the test snapshot with 60 districts: more than listAllMax,
// and more pages than workers.
func largeInput(t *testing.T) Input {
	t.Helper()
	in := testInput(t)
	s := *reporttest.Hostile()
	base := s.Districts
	s.Districts = nil
	for i := range 60 {
		d := base[i%len(base)]
		d.Code = fmt.Sprintf("%04d", 1000+i)
		s.Districts = append(s.Districts, d)
	}
	for i := range s.Projects {
		s.Projects[i].District = fmt.Sprintf("%04d", 1000+i%60)
	}
	in.Snapshot = &s
	return in
}

// TestBuildWritesWhatRenderReturns: the pages Build writes as its workers
// make them are the pages Render returns, file for file and byte for byte.
func TestBuildWritesWhatRenderReturns(t *testing.T) {
	for name, in := range map[string]Input{"small": testInput(t), "large": largeInput(t)} {
		t.Run(name, func(t *testing.T) {
			files, err := Render(in)
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(t.TempDir(), "site")
			if err := Build(dir, in); err != nil {
				t.Fatal(err)
			}
			want := map[string][]byte{AssetsDir + "/" + EChartsFile: mustRead(t, in.ECharts)}
			for _, f := range files {
				want[f.Name] = f.Data
			}
			got := map[string][]byte{}
			err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, err := filepath.Rel(dir, p)
				if err != nil {
					return err
				}
				got[filepath.ToSlash(rel)] = mustRead(t, p)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			for name, data := range want {
				if !bytes.Equal(got[name], data) {
					t.Errorf("%s: Build wrote %d bytes, Render returned %d", name, len(got[name]), len(data))
				}
			}
			for name := range got {
				if _, ok := want[name]; !ok {
					t.Errorf("Build wrote %s, which Render does not return", name)
				}
			}
		})
	}
}

// TestRenderWorkers: any number of workers makes the same files, each
// handed over once, with its index in the list.
func TestRenderWorkers(t *testing.T) {
	s, err := newSite(largeInput(t))
	if err != nil {
		t.Fatal(err)
	}
	var one []File
	if err := s.render(1, func(i int, f File) error {
		if i != len(one) {
			t.Errorf("one worker: file %d came as %d", len(one), i)
		}
		one = append(one, File{Name: f.Name, Data: bytes.Clone(f.Data)})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{0, 2, 7, 1000} {
		var mu sync.Mutex
		seen := make([]int, len(one))
		err := s.render(workers, func(i int, f File) error {
			mu.Lock()
			defer mu.Unlock()
			seen[i]++
			if f.Name != one[i].Name || !bytes.Equal(f.Data, one[i].Data) {
				t.Errorf("%d workers: %s differs from one worker's", workers, f.Name)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for i, n := range seen {
			if n != 1 {
				t.Errorf("%d workers: %s handed over %d times", workers, one[i].Name, n)
			}
		}
	}
}

// A failed build leaves no half-made site: the folder goes if Build made
// it, and an empty folder it was given is left empty.
func TestBuildFailureLeavesNoSite(t *testing.T) {
	in := largeInput(t)
	s := *in.Snapshot
	s.Districts = slices.Clone(s.Districts)
	last := &s.Districts[len(s.Districts)-1]
	last.WorkGroups = slices.Clone(last.WorkGroups)
	last.WorkGroups[0].DisbursementRate = math.NaN() // its chart cannot be JSON
	in.Snapshot = &s
	page := DistrictDir + "/" + last.Code + ".html"

	dir := filepath.Join(t.TempDir(), "site")
	err := Build(dir, in)
	if err == nil || !strings.Contains(err.Error(), page) {
		t.Fatalf("Build: err = %v, want an error about %s", err, page)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the failed build left its folder behind (%v)", err)
	}

	dir = t.TempDir()
	if err := Build(dir, in); err == nil {
		t.Fatal("Build succeeded with a chart that cannot be JSON")
	}
	if entries, err := os.ReadDir(dir); err != nil || len(entries) > 0 {
		t.Errorf("the failed build left %d entries in the folder it was given (%v)", len(entries), err)
	}
}

// TestFrames: the pages of one kind share one frame, rendered once.
func TestFrames(t *testing.T) {
	s, err := newSite(largeInput(t))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(s.frames), 6; got != want { // five province pages and the district pages
		t.Errorf("%d frames, want %d", got, want)
	}
	f := s.frames[frameKey{"../", "district"}]
	if f == nil || !strings.Contains(string(f.Bottom), `href="../index.html#districts"`) ||
		!strings.Contains(string(f.Top), `href="../budget.html"`) {
		t.Errorf("district frame: %+v", f)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
