package charts

import (
	"encoding/json"
	"fmt"
	"html/template"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"lwc/report"
	"lwc/report/thai"
)

// Colours of the status legend; the CSS uses the same values.
const (
	colorGreen  = "#2e7d32"
	colorYellow = "#f9a825"
	colorRed    = "#c62828"
	colorGrey   = "#9e9e9e"

	colorMain    = "#1565c0" // a measured rate without a status
	colorLight   = "#90caf9" // a second measured rate
	colorTarget  = "#6d4c41" // targets and expected progress
	colorTarget2 = "#bcaaa4"
	colorWinner  = "#ef6c00"
)

func statusColor(status string) string {
	switch status {
	case report.StatusGreen:
		return colorGreen
	case report.StatusYellow:
		return colorYellow
	case report.StatusRed:
		return colorRed
	}
	return colorGrey
}

// chartBlock is one chart on a page: a container the page script fills from
// the options in a JSON data block. Options is JSON produced by
// encoding/json, which escapes <, > and & (and U+2028/2029), so the text
// cannot end the script element it sits in; the browser only ever
// JSON.parse()s it, so no string in it (such as go-echarts' "__f__"
// function marker) is ever turned into code.
type chartBlock struct {
	ID      string
	Label   string // accessible name of the chart
	Tall    bool   // many categories: give the chart more height
	Options template.JS
	// Note says how to see the rest of a chart that shows a window of its
	// bars (see barsShown); "" for the others.
	Note string
}

// optionsOf turns a go-echarts chart into a chartBlock. The chart's own
// renderer and page template are never used: they write options unescaped
// and turn "__f__" strings into live functions.
func optionsOf(c interface {
	Validate()
	JSON() map[string]interface{}
}, id, label string, tall bool, more map[string]interface{}) (chartBlock, error) {
	c.Validate()
	o := c.JSON()
	for k, v := range more {
		o[k] = v
	}
	// Settings go-echarts has no field for; they are plain data.
	o["tooltip"] = map[string]interface{}{
		"trigger": "axis", "confine": true,
		"axisPointer": map[string]interface{}{"type": "shadow"},
		// Long names must wrap inside a phone's screen.
		"extraCssText": "max-width:min(90vw,36em);white-space:normal;overflow-wrap:anywhere;",
	}
	o["aria"] = map[string]interface{}{"enabled": true}
	delete(o, "toolbox")
	b, err := json.Marshal(o) // escapes <, > and &
	if err != nil {
		return chartBlock{}, fmt.Errorf("chart %s: options to JSON: %w", id, err)
	}
	return chartBlock{ID: id, Label: label, Tall: tall, Options: template.JS(b)}, nil
}

// barSeries is one series of a horizontal bar chart: a value per category.
type barSeries struct {
	Name   string
	Values []float64 // percentages
	Colors []string  // per bar; nil = Color for every bar
	Color  string
	Empty  []bool // true: no data for this category (drawn as a gap)
}

// hbarSpec describes a horizontal bar chart of percentages with categories
// top to bottom in the order given (districts, work groups, ...).
type hbarSpec struct {
	ID, Label  string
	Categories []string
	Series     []barSeries
	Target     *float64    // a target line (percent), when every category shares it
	TargetName string      // its label; default เป้าหมาย
	Markers    []barSeries // drawn as markers (expected progress), not bars
	Max        float64     // fixed axis maximum (percent); 0 = automatic
}

func hbar(s hbarSpec) (chartBlock, error) {
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: s.ID}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(len(s.Series)+len(s.Markers) > 1), Top: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "24", Top: "32", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true),
			AxisLabel: &opts.AxisLabel{Width: 140, Overflow: "truncate", Interval: "0"}}),
	)
	if s.Max > 0 {
		bar.SetGlobalOptions(charts.WithXAxisOpts(opts.XAxis{Type: "value", Max: s.Max,
			AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}}))
	}
	bar.SetXAxis(s.Categories).XYReversal()
	for i, sr := range s.Series {
		data := make([]opts.BarData, len(sr.Values))
		for k, v := range sr.Values {
			d := opts.BarData{Value: v}
			if k < len(sr.Empty) && sr.Empty[k] {
				d.Value = "-" // ECharts' "no value"
			}
			if k < len(sr.Colors) {
				d.ItemStyle = &opts.ItemStyle{Color: sr.Colors[k]}
			}
			data[k] = d
		}
		so := []charts.SeriesOpts{charts.WithItemStyleOpts(opts.ItemStyle{Color: sr.Color})}
		if i == 0 && s.Target != nil {
			name := s.TargetName
			if name == "" {
				name = "เป้าหมาย"
			}
			so = append(so,
				charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: name, XAxis: *s.Target}),
				charts.WithMarkLineStyleOpts(opts.MarkLineStyle{
					Symbol:    []string{"none", "none"},
					Label:     &opts.Label{Show: opts.Bool(true), Formatter: name + " {c}%", Position: "insideEndTop"},
					LineStyle: &opts.LineStyle{Color: colorTarget, Width: 2, Type: "dashed"},
				}))
		}
		bar.AddSeries(sr.Name, data, so...)
	}
	if len(s.Markers) > 0 {
		sc := charts.NewScatter()
		for _, m := range s.Markers {
			data := make([]opts.ScatterData, 0, len(m.Values))
			for k, v := range m.Values {
				if k < len(m.Empty) && m.Empty[k] {
					continue
				}
				// [value, category index]: the category axis is y.
				data = append(data, opts.ScatterData{Value: []interface{}{v, k}, Symbol: "diamond", SymbolSize: 12})
			}
			sc.AddSeries(m.Name, data, charts.WithItemStyleOpts(opts.ItemStyle{Color: m.Color}))
		}
		bar.Overlap(sc)
	}
	if len(s.Categories) <= barsShown {
		return optionsOf(bar, s.ID, s.Label, len(s.Categories) > 6, nil)
	}
	c, err := optionsOf(bar, s.ID, s.Label, true, map[string]interface{}{"dataZoom": barWindow(len(s.Categories))})
	c.Note = fmt.Sprintf("กราฟแสดงครั้งละ %d รายการจากทั้งหมด %s รายการ เลื่อนแถบทางขวาของกราฟเพื่อดูรายการถัดไป (ตารางมีครบทุกรายการ)",
		barsShown, thai.Int(len(s.Categories)))
	return c, err
}

// barsShown is the most bars a bar chart draws at once. A region's or the
// country's chart has hundreds of categories: in the chart's 460 px they
// were a smear of overlapping names. It shows the first barsShown (the top
// of the ranking) and a slider on its right moves the window down the
// list; the table under the chart has every row.
const barsShown = 25

// barWindow is the slider over the category axis of a chart with n bars.
// Plain data: go-echarts' DataZoom has no startValue, endValue or zoomLock.
// The mouse wheel and touch are left to the page, so that a reader
// scrolling past the chart is not caught in it.
func barWindow(n int) []map[string]interface{} {
	return []map[string]interface{}{{
		"type": "slider", "yAxisIndex": 0, "orient": "vertical",
		"startValue": 0, "endValue": min(n, barsShown) - 1,
		"zoomLock": true, "brushSelect": false, "showDetail": false,
		"width": 14, "right": 4, "top": 32, "bottom": 8,
		"filterMode": "filter",
	}}
}

// lineSeries is one line of a trend chart; nil values are gaps.
type lineSeries struct {
	Name   string
	Values []*float64 // percentages
	Color  string
	Dashed bool
	Hidden bool // off until the reader turns it on in the legend
}

func trendLine(id, label string, dates []string, series []lineSeries) (chartBlock, error) {
	line := charts.NewLine()
	selected := map[string]bool{}
	for _, s := range series {
		selected[s.Name] = !s.Hidden
	}
	line.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: id}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Top: "0", Selected: selected}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "24", Top: "40", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}}),
	)
	axis := make([]string, len(dates))
	for i, d := range dates {
		axis[i] = dateAxis(d)
	}
	line.SetXAxis(axis)
	for _, s := range series {
		data := make([]opts.LineData, len(s.Values))
		for i, v := range s.Values {
			if v == nil {
				data[i] = opts.LineData{Value: "-"}
			} else {
				data[i] = opts.LineData{Value: *v}
			}
		}
		ls := opts.LineStyle{Color: s.Color, Width: 2}
		if s.Dashed {
			ls.Type = "dashed"
		}
		so := []charts.SeriesOpts{charts.WithLineStyleOpts(ls)}
		if s.Color != "" {
			so = append(so, charts.WithItemStyleOpts(opts.ItemStyle{Color: s.Color}))
		}
		line.AddSeries(s.Name, data, so...)
	}
	return optionsOf(line, id, label, false, nil)
}

// countBars is a vertical bar chart of counts (files per state).
func countBars(id, label string, cats []string, values []int, colors []string) (chartBlock, error) {
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: id}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "8", Top: "16", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Interval: "0", Width: 90, Overflow: "break"}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", MinInterval: 1}),
	)
	data := make([]opts.BarData, len(values))
	for i, v := range values {
		data[i] = opts.BarData{Value: v, ItemStyle: &opts.ItemStyle{Color: colors[i]}}
	}
	bar.SetXAxis(cats).AddSeries("จำนวนไฟล์", data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top"}))
	return optionsOf(bar, id, label, false, nil)
}
