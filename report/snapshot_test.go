package report

import (
	"reflect"
	"testing"
)

func TestWarningsByDistrict(t *testing.T) {
	w := func(d, stage string, esc bool) Warning { return Warning{District: d, Stage: stage, Escalated: esc} }
	got := WarningsByDistrict([]Warning{
		w("5203", StageWarn, false), w("5201", StageWarn, false), w("5202", StageFollow, false),
		w("5204", StageDemand, true), w("5201", StageWarn, false), w("5203", StageWarn, false),
		w("5205", "unknown", false), w("5202", StageWarn, false),
	})
	want := []DistrictWarnings{
		{District: "5204", Demand: 1, Escalated: true},
		{District: "5202", Follow: 1, Warn: 1},
		{District: "5201", Warn: 2},
		{District: "5203", Warn: 2},
		{District: "5205"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("WarningsByDistrict =\n%+v\nwant\n%+v", got, want)
	}
	if got := WarningsByDistrict(nil); len(got) != 0 {
		t.Errorf("no warnings: %+v", got)
	}
}
