package report

import (
	"fmt"
	"math"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// projectsFixture interleaves districts (a plan need not group them), and
// has empty, long and Thai text and awkward numbers.
func projectsFixture() []ProjectFigures {
	return []ProjectFigures{
		{District: "5201", Code: "P01", Name: "โครงการขับเคลื่อนเศรษฐกิจพอเพียง", WorkGroup: "กลุ่มงานส่งเสริม", ExpenseType: ExpenseCurrent,
			Allocated: 100000, Committed: 5000, Disbursed: 20000, DisbursementRate: 0.2, SpendingRate: 0.25, Reported: true},
		{District: "5201", Code: "P02", Name: "", WorkGroup: "กลุ่มงานส่งเสริม", ExpenseType: ExpenseInvestment, Allocated: math.MaxFloat64},
		{District: "5202", Code: "P01", Name: strings.Repeat("ก", 5000), WorkGroup: "", ExpenseType: ExpenseCurrent,
			Disbursed: math.Copysign(0, -1), DisbursementRate: math.Inf(1), Reported: true},
		{District: "5201", Code: "P03", Name: "x\x00y\"<&>", WorkGroup: "กลุ่มงานอำนวยการ", ExpenseType: "อื่น ๆ", Committed: 1e-300},
		{District: "", Code: "", Reported: true},
		{District: "5202", Code: "P02", Name: "ค่าครุภัณฑ์", Allocated: 0.1, Disbursed: 0.2, Reported: false},
	}
}

func writeProjects(t *testing.T, ps []ProjectFigures) *ProjectFile {
	t.Helper()
	pf, err := CreateProjectFile(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pf.Close() })
	for i := range ps {
		pf.Add(&ps[i])
	}
	if err := pf.Finish(); err != nil {
		t.Fatal(err)
	}
	return pf
}

// TestProjectFileRoundTrip: a ProjectFile gives back what was added, all
// in order and by district, exactly as a ProjectSlice of the same projects
// does (-0 and infinities included).
func TestProjectFileRoundTrip(t *testing.T) {
	ps := projectsFixture()
	pf := writeProjects(t, ps)
	for _, set := range []ProjectSet{pf, NewProjectSlice(ps)} {
		name := fmt.Sprintf("%T", set)
		var all []ProjectFigures
		if err := set.Each(func(p *ProjectFigures) error { all = append(all, *p); return nil }); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !sameProjects(all, ps) {
			t.Errorf("%s: Each gave\n%+v\nwant\n%+v", name, all, ps)
		}
		if got, want := set.Districts(), []string{"5201", "5202", ""}; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Districts %q, want %q", name, got, want)
		}
		for _, d := range []string{"5201", "5202", "", "9999"} {
			var want []ProjectFigures
			for _, p := range ps {
				if p.District == d {
					want = append(want, p)
				}
			}
			got, err := set.District(d)
			if err != nil {
				t.Fatalf("%s: District(%q): %v", name, d, err)
			}
			if !sameProjects(got, want) {
				t.Errorf("%s: District(%q) = %+v, want %+v", name, d, got, want)
			}
		}
	}
	// Each stops at the first error and returns it.
	stop := fmt.Errorf("stop")
	n := 0
	if err := pf.Each(func(*ProjectFigures) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("Each after an error: %v after %d calls", err, n)
	}
}

// sameProjects compares bit for bit (NaN, -0).
func sameProjects(a, b []ProjectFigures) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		for _, f := range [][2]float64{{x.Allocated, y.Allocated}, {x.Committed, y.Committed}, {x.Disbursed, y.Disbursed},
			{x.DisbursementRate, y.DisbursementRate}, {x.SpendingRate, y.SpendingRate}} {
			if math.Float64bits(f[0]) != math.Float64bits(f[1]) {
				return false
			}
		}
		x.Allocated, x.Committed, x.Disbursed, x.DisbursementRate, x.SpendingRate = 0, 0, 0, 0, 0
		y.Allocated, y.Committed, y.Disbursed, y.DisbursementRate, y.SpendingRate = 0, 0, 0, 0, 0
		if x != y {
			return false
		}
	}
	return true
}

// TestProjectFileOrder: it is written, then read; reading first is an
// error, not silently missing projects, and adding after is a bug.
func TestProjectFileOrder(t *testing.T) {
	pf, err := CreateProjectFile(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	p := projectsFixture()[0]
	pf.Add(&p)
	if _, err := pf.District("5201"); err == nil {
		t.Error("District before Finish")
	}
	if err := pf.Each(func(*ProjectFigures) error { return nil }); err == nil {
		t.Error("Each before Finish")
	}
	if err := pf.Finish(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if recover() == nil {
			t.Error("Add after Finish did not panic")
		}
	}()
	pf.Add(&p)
}

// TestProjectFileUnnamed: nothing is left in the folder it was made in,
// even before it is closed.
func TestProjectFileUnnamed(t *testing.T) {
	dir := t.TempDir()
	pf, err := CreateProjectFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	if es, err := os.ReadDir(dir); err != nil || len(es) != 0 {
		t.Errorf("folder holds %v (%v)", es, err)
	}
}

// TestProjectFileWriteError: a failed write is reported by Finish.
func TestProjectFileWriteError(t *testing.T) {
	pf, err := CreateProjectFile(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	pf.f.Close() // the disk goes away
	p := projectsFixture()[2]
	for range 20 { // past the write buffer
		pf.Add(&p)
	}
	if err := pf.Finish(); err == nil {
		t.Error("Finish after failed writes: no error")
	}
}

// TestProjectFileConcurrentReads: the site's workers read districts at
// the same time as the archive reads them all (go test -race).
func TestProjectFileConcurrentReads(t *testing.T) {
	var ps []ProjectFigures
	for d := range 20 {
		for i := range 50 {
			ps = append(ps, ProjectFigures{District: fmt.Sprintf("%04d", d), Code: fmt.Sprintf("P%03d", i), Name: "โครงการ", Allocated: float64(i)})
		}
	}
	pf := writeProjects(t, ps)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for d := w; d < 20; d += 4 {
				got, err := pf.District(fmt.Sprintf("%04d", d))
				if err != nil || len(got) != 50 || got[49].Code != "P049" {
					t.Errorf("district %d: %d projects, %v", d, len(got), err)
				}
			}
		})
	}
	wg.Go(func() {
		n := 0
		if err := pf.Each(func(*ProjectFigures) error { n++; return nil }); err != nil || n != len(ps) {
			t.Errorf("Each: %d, %v", n, err)
		}
	})
	wg.Wait()
}

// TestProjectFileLongDistrict: a district's projects beyond one span's
// bytes come back whole and in order, from several spans.
func TestProjectFileLongDistrict(t *testing.T) {
	var ps []ProjectFigures
	for i := range 3000 {
		ps = append(ps, ProjectFigures{District: "5201", Code: fmt.Sprintf("P%05d", i), Name: strings.Repeat("ก", 40), Allocated: float64(i)})
	}
	ps = append(ps, ProjectFigures{District: "5202", Code: "P1", Name: strings.Repeat("ข", maxSpan)}) // one record over maxSpan
	pf := writeProjects(t, ps)
	if len(pf.byDistrict["5201"]) < 2 {
		t.Fatalf("3000 projects of %d bytes each in %d span(s)", 150, len(pf.byDistrict["5201"]))
	}
	got, err := pf.District("5201")
	if err != nil || !sameProjects(got, ps[:3000]) {
		t.Errorf("District: %d projects, %v", len(got), err)
	}
	var all []ProjectFigures
	if err := pf.Each(func(p *ProjectFigures) error { all = append(all, *p); return nil }); err != nil || !sameProjects(all, ps) {
		t.Errorf("Each: %d projects, %v", len(all), err)
	}
}

// TestProjectFileDamaged: a damaged record is an error, not a panic.
func TestProjectFileDamaged(t *testing.T) {
	pf := writeProjects(t, projectsFixture())
	if _, err := pf.f.WriteAt([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := pf.District("5201"); err == nil {
		t.Error("District of a damaged file: no error")
	}
	if err := pf.Each(func(*ProjectFigures) error { return nil }); err == nil {
		t.Error("Each of a damaged file: no error")
	}
}

// TestProjectFileEveryField: every field of ProjectFigures goes through
// the file, so that a field added to the type cannot be silently dropped
// from a run's snapshot.json.
func TestProjectFileEveryField(t *testing.T) {
	var p ProjectFigures
	v := reflect.ValueOf(&p).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString(fmt.Sprintf("ค่า %d", i))
		case reflect.Float64:
			f.SetFloat(float64(i) + 0.25)
		case reflect.Bool:
			f.SetBool(true)
		default:
			t.Fatalf("field %s is a %s: teach ProjectFile to keep it", v.Type().Field(i).Name, f.Kind())
		}
	}
	got, err := writeProjects(t, []ProjectFigures{p}).District(p.District)
	if err != nil || len(got) != 1 || got[0] != p {
		t.Errorf("through the file: %+v, %v; want %+v", got, err, p)
	}
}
