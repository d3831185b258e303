package report

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// The compact form of a plan's projects gives back every field exactly
// (an allocation's bits, -0 and infinities included), keeps a repeated
// name, work group or expense type once, and is read the same whether the
// plan was read (compact) or built in memory (Projects).
func TestPlanProjectsRoundTrip(t *testing.T) {
	long := strings.Repeat("ข", 300)
	in := []Project{
		{District: "5201", Code: "P01", Name: "โครงการ ก", WorkGroup: "กลุ่มงานส่งเสริม", ExpenseType: ExpenseCurrent, Allocated: 250000.5, Row: 2},
		{District: "5201", Code: "P02", Name: "โครงการ ก", WorkGroup: "กลุ่มงานส่งเสริม", ExpenseType: ExpenseInvestment, Allocated: math.Copysign(0, -1), Row: 3},
		{District: "5202", Code: long, Name: long, WorkGroup: "", ExpenseType: "", Allocated: math.Inf(1), Row: 1 << 20},
		{District: "5202", Code: "", Allocated: math.MaxFloat64, Row: 0},
		{District: "5201", Code: "P03", Name: "โครงการ ข", WorkGroup: "กลุ่มงานส่งเสริม", ExpenseType: ExpenseCurrent, Allocated: 1, Row: 130},
	}
	b := newPlanProjectsBuilder(0)
	for i := range in {
		if !b.add(&in[i]) {
			t.Fatal("add refused a small plan")
		}
		if got := b.at(i); !sameProject(got, in[i]) {
			t.Errorf("while building, project %d = %+v, want %+v", i, got, in[i])
		}
	}
	compact := &Plan{projects: b.finish()}
	memory := &Plan{Projects: in}
	for name, p := range map[string]*Plan{"compact": compact, "in memory": memory} {
		if p.NumProjects() != len(in) {
			t.Fatalf("%s: %d projects, want %d", name, p.NumProjects(), len(in))
		}
		n := 0
		for i, got := range p.AllProjects() {
			if i != n || !sameProject(got, in[i]) || !sameProject(p.Project(i), in[i]) {
				t.Errorf("%s: project %d = %+v, want %+v", name, i, got, in[i])
			}
			n++
		}
		for range p.AllProjects() {
			break // stopping early must not panic
		}
	}
	// "", two districts, two names and the long one, one work group, two
	// types: each once.
	if got := len(compact.projects.strs); got != 1+2+3+1+2 {
		t.Errorf("%d strings kept, want 9: %q", got, compact.projects.strs)
	}
	// A district's typical projects: about 25 bytes each, against 96 for
	// a Project and a copy of its code.
	typical := newPlanProjectsBuilder(0)
	for i := range 120 {
		typical.add(&Project{District: "5201", Code: "5201-" + strings.Repeat("0", 3-len(strconv.Itoa(i))) + strconv.Itoa(i), Name: "โครงการส่งเสริมอาชีพ", WorkGroup: "กลุ่มงานส่งเสริม", ExpenseType: ExpenseCurrent, Allocated: float64(100000 + i), Row: i + 2})
	}
	if n := len(typical.finish().data); n > 30*120 {
		t.Errorf("120 projects take %d bytes, over 30 each", n)
	}
	if (&Plan{}).NumProjects() != 0 || newPlanProjectsBuilder(0).finish() != nil {
		t.Error("an empty plan has projects")
	}
}

func sameProject(a, b Project) bool {
	return a.District == b.District && a.Code == b.Code && a.Name == b.Name && a.WorkGroup == b.WorkGroup &&
		a.ExpenseType == b.ExpenseType && a.Row == b.Row && math.Float64bits(a.Allocated) == math.Float64bits(b.Allocated)
}
