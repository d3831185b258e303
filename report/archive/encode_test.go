package archive

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"lwc/report"
	"lwc/report/reporttest"
	"lwc/report/sample"
)

// stdMarshal is how snapshot.json was encoded before encodeSnapshot, and
// what it must equal byte for byte.
func stdMarshal(s *report.Snapshot) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(s)
	return buf.Bytes(), err
}

// awkward is text that encoding/json escapes or must leave alone: Thai,
// HTML characters (not escaped), U+2028 and U+2029 (escaped), control
// characters, quotes and backslashes, invalid UTF-8 (replaced), and JSON
// punctuation inside strings, which must not be indented.
const awkward = "อำเภอเมือง <b>&amp;</b> \u2028\u2029 \x00\x01\t\r\n \"quoted\" \\ back\\\\ \xff\xfe {[,:]} \\\" é 😀"

// edgeSnapshot has empty and nil lists, nil and empty maps, nil and set
// pointers and awkward text in every kind of place.
func edgeSnapshot() *report.Snapshot {
	prev := -0.0
	return &report.Snapshot{
		AsOf: "2026-11-20", FiscalYear: 2570, Quarter: 1,
		Province: report.ProvinceFigures{
			Budget: report.BudgetFigures{Allocated: 1e21, Committed: 1e-7, Disbursed: 123456789.125, Status: awkward,
				Trend: &report.Trend{Previous: &prev, Change: -0.5, WillMiss: true}},
			BMN: report.BMNFigures{Target: math.MaxFloat64, Collected: math.SmallestNonzeroFloat64, SubDistricts: []report.SubDistrictFigures{}},
		},
		Districts: []report.DistrictFigures{
			{Code: awkward, Name: "", WorkGroups: []report.GroupFigures{}, ExpenseTypes: nil,
				BMN: report.BMNFigures{SubDistricts: []report.SubDistrictFigures{{Name: awkward}}}},
			{Code: "5202", GreyReason: awkward, Budget: report.BudgetFigures{Trend: &report.Trend{}}},
		},
		WorkGroups:   []report.GroupFigures{},
		ExpenseTypes: nil,
		Warnings:     []report.Warning{{Message: awkward, Days: -3}, {}},
		Files: []report.FileResult{
			{File: "inbox/<a&b>.xlsx", Issues: []report.Issue{}},
			{File: awkward, Issues: nil},
			{Issues: []report.Issue{{Message: awkward, Cell: "A1"}, {}}},
		},
		ProvinceName: awkward,
		Projects:     []report.ProjectFigures{},
		Award: report.AwardSet{
			Month: report.AwardTable{Rows: []report.AwardRow{{Name: awkward, Items: []report.AwardItem{}}, {Items: nil}},
				Winners: []string{}},
			Previous: report.AwardTable{Winners: []string{awkward, ""}},
		},
		History: []report.HistoryPoint{
			{AsOf: "2026-11-13", Districts: nil},
			{AsOf: "2026-11-20", Districts: map[string]float64{}},
			{Districts: map[string]float64{"5202": 0.5, awkward: 1, "": 0, "5201": 0.25}},
		},
		WorkspaceFiles: []report.FileResult{{File: "plan.xlsx", Issues: []report.Issue{{Message: awkward}}}},
	}
}

// TestMarshalMatchesEncoder: snapshot.json is byte for byte what
// json.Encoder with SetEscapeHTML(false) and SetIndent("", "  ") writes.
func TestMarshalMatchesEncoder(t *testing.T) {
	empty := &report.Snapshot{}
	noLists := edgeSnapshot()
	noLists.Districts, noLists.Files, noLists.History = nil, nil, nil
	noLists.WorkspaceFiles = []report.FileResult{} // empty, not nil: omitted all the same
	cases := map[string]*report.Snapshot{
		"fixture":   reporttest.Snapshot(),
		"hostile":   reporttest.Hostile(),
		"edge":      edgeSnapshot(),
		"no lists":  noLists,
		"zero":      empty,
		"nil":       nil,
		"synthetic": syntheticSnapshot(t, 13),
	}
	for name, s := range cases {
		want, err := stdMarshal(s)
		if err != nil {
			t.Fatal(err)
		}
		// A run's snapshot has its projects on disk: the same bytes (an
		// empty list, not null, as a run's snapshot always had).
		type variant struct {
			name string
			s    *report.Snapshot
			want []byte
		}
		variants := []variant{{name, s, want}}
		if s != nil {
			wantDisk, err := stdMarshal(withProjects(s))
			if err != nil {
				t.Fatal(err)
			}
			variants = append(variants, variant{name + " (projects on disk)", onDisk(t, s), wantDisk})
		}
		for _, c := range variants {
			got, err := Marshal(c.s)
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
				continue
			}
			if !bytes.Equal(got, c.want) {
				t.Errorf("%s: Marshal differs from json.Encoder at byte %d:\n got %q\nwant %q", c.name,
					firstDiff(got, c.want), around(got, firstDiff(got, c.want)), around(c.want, firstDiff(got, c.want)))
			}
		}
	}
	// The written file is the same too.
	r, err := Begin(t.TempDir(), sample.SyntheticRun())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	s := edgeSnapshot()
	if err := r.WriteSnapshot(s); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(r.Dir(), SnapshotFile))
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := stdMarshal(s); !bytes.Equal(got, want) {
		t.Errorf("snapshot.json differs from json.Encoder at byte %d", firstDiff(got, want))
	}
}

// onDisk is a copy of s with its projects in a report.ProjectFile, as a
// run keeps them (nil for nil).
func onDisk(t *testing.T, s *report.Snapshot) *report.Snapshot {
	t.Helper()
	if s == nil {
		return nil
	}
	pf, err := report.CreateProjectFile(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pf.Close() })
	for i := range s.Projects {
		pf.Add(&s.Projects[i])
	}
	if err := pf.Finish(); err != nil {
		t.Fatal(err)
	}
	c := *s
	c.Projects, c.ProjectFile = nil, pf
	return &c
}

// withProjects is s with an empty, not nil, list of projects when it has
// none.
func withProjects(s *report.Snapshot) *report.Snapshot {
	c := *s
	if c.Projects == nil {
		c.Projects = []report.ProjectFigures{}
	}
	return &c
}

// TestMarshalError: a value JSON cannot hold fails as it did.
func TestMarshalError(t *testing.T) {
	s := edgeSnapshot()
	s.Projects = []report.ProjectFigures{{}, {Allocated: math.NaN()}}
	if _, err := stdMarshal(s); err == nil {
		t.Fatal("json.Encoder took NaN")
	}
	if _, err := Marshal(s); err == nil || !strings.Contains(err.Error(), "projects[1]") {
		t.Errorf("Marshal with NaN: %v", err)
	}
}

// TestJSONMembers: the member list follows encoding/json's field rules for
// the snapshot's own type, and refuses types it cannot follow.
func TestJSONMembers(t *testing.T) {
	ms, ok := jsonMembers(reflect.TypeFor[report.Snapshot]())
	// Every field but ProjectFile (json:"-").
	if !ok || len(ms) != reflect.TypeFor[report.Snapshot]().NumField()-1 || ms[0].name != "as_of" {
		t.Fatalf("members of Snapshot: %v %v", ms, ok)
	}
	if implementsMarshaler(&report.Snapshot{}) || !implementsMarshaler(&time.Time{}) {
		t.Error("implementsMarshaler is wrong about Snapshot or time.Time")
	}
	type inner struct{ A int }
	for _, typ := range []reflect.Type{
		reflect.TypeFor[struct{ inner }](),
		reflect.TypeFor[struct {
			A int `json:"a,string"`
		}](),
		reflect.TypeFor[struct {
			A int `json:"a,omitzero"`
		}](),
		reflect.TypeFor[struct {
			A int `json:"a-b"`
		}](),
		reflect.StructOf([]reflect.StructField{ // one name twice (go vet refuses it in a literal)
			{Name: "A", Type: reflect.TypeFor[int](), Tag: `json:"x"`},
			{Name: "B", Type: reflect.TypeFor[int](), Tag: `json:"x"`},
		}),
	} {
		if _, ok := jsonMembers(typ); ok {
			t.Errorf("%v: accepted", typ)
		}
	}
	ms, ok = jsonMembers(reflect.TypeFor[struct {
		A int `json:"-"`
		b int
		C int `json:",omitempty"`
		D int
	}]())
	if !ok || len(ms) != 2 || ms[0] != (member{"C", 2, true}) || ms[1] != (member{"D", 3, false}) {
		t.Errorf("members %v %v", ms, ok)
	}
}

// FuzzIndentWriter: indentWriter indents any compact JSON, written in any
// pieces, as json.Indent does.
func FuzzIndentWriter(f *testing.F) {
	for _, s := range []string{
		`{}`, `[]`, `[{},[],{"a":[]}]`, `{"a":"b\"c\\","d":[1,2.5e-7,true,null]}`,
		`"x"`, `1`, `{"":{"":{"":[[[]]]}}}`, `["\\\\","\\\"",":,{["]`,
	} {
		f.Add([]byte(s), uint8(3))
	}
	f.Fuzz(func(t *testing.T, data []byte, step uint8) {
		if !json.Valid(data) {
			return
		}
		var compact, want bytes.Buffer
		if err := json.Compact(&compact, data); err != nil {
			t.Fatal(err)
		}
		if err := json.Indent(&want, compact.Bytes(), "", "  "); err != nil {
			t.Fatal(err)
		}
		want.WriteByte('\n')
		var got bytes.Buffer
		iw := newIndentWriter(&got)
		n := int(step)%7 + 1
		for b := compact.Bytes(); len(b) > 0; {
			k := min(n, len(b))
			if _, err := iw.Write(b[:k]); err != nil {
				t.Fatal(err)
			}
			b = b[k:]
		}
		if err := iw.finish(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("indent of %s in pieces of %d:\n got %s\nwant %s", compact.Bytes(), n, got.Bytes(), want.Bytes())
		}
	})
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func around(b []byte, i int) []byte {
	return b[max(0, i-40):min(len(b), i+40)]
}

// TestDisbursedMatchesMarshal: disbursed.json, written a district at a
// time, is byte for byte json.Marshal of PreviousOf's map, for awkward
// codes (escaped the same), a project listed twice (the last amount
// kept), unreported projects (left out) and floats at the edges of
// encoding/json's formats; NaN is refused as Marshal refuses it.
func TestDisbursedMatchesMarshal(t *testing.T) {
	messy := &report.Snapshot{Projects: []report.ProjectFigures{
		{District: "5202", Code: "P01", Disbursed: 1e21, Reported: true},
		{District: awkward, Code: awkward, Disbursed: 1e-7, Reported: true},
		{District: "5201", Code: "P02", Disbursed: 0.1, Reported: true},
		{District: "5201", Code: "P01", Disbursed: -0.0, Reported: true},
		{District: "5201", Code: "P03", Disbursed: 99, Reported: false},
		{District: "5202", Code: "<&>", Disbursed: 123456789.125, Reported: true},
		{District: "5201", Code: "P02", Disbursed: 7, Reported: true},
		{District: "", Code: "", Disbursed: math.MaxFloat64, Reported: true},
		{District: "5203", Code: "P01", Reported: false},
	}}
	for name, s := range map[string]*report.Snapshot{
		"empty": {}, "edge": edgeSnapshot(), "sample": reporttest.Snapshot(), "messy": messy,
	} {
		prev, err := report.PreviousOf(s)
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(prev.Disbursed)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, '\n')
		disk := onDisk(t, s)
		if prevDisk, err := report.PreviousOf(disk); err != nil || !reflect.DeepEqual(prevDisk, prev) {
			t.Errorf("%s: PreviousOf with the projects on disk = %+v, %v; want %+v", name, prevDisk, err, prev)
		}
		for _, c := range []struct {
			name string
			s    *report.Snapshot
		}{{name, s}, {name + " (projects on disk)", disk}} {
			var got bytes.Buffer
			if err := encodeDisbursed(&got, c.s); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				i := firstDiff(got.Bytes(), want)
				t.Errorf("%s: differs at byte %d:\n got %q\nwant %q", c.name, i, around(got.Bytes(), i), around(want, i))
			}
		}
	}
	nan := &report.Snapshot{Projects: []report.ProjectFigures{{District: "5201", Code: "P01", Disbursed: math.NaN(), Reported: true}}}
	if err := encodeDisbursed(&bytes.Buffer{}, nan); err == nil {
		t.Error("NaN encoded")
	}
}
