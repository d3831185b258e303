package sheet

import (
	"lwc/report/parse"
)

// HeaderRows is how far down a header row is looked for.
const HeaderRows = 20

// Header is the header row found in a table: the columns of the wanted
// names.
type Header struct {
	Index int            // index in Table.Rows of the header row
	Row   int            // its 1-based sheet row
	Cols  map[string]int // wanted name (as given) → 1-based column
}

// FindHeader finds the header row among the first HeaderRows sheet rows: the
// row whose text cells, compared with parse.NormalizeName, name the most of
// the required columns (then the most optional ones). Columns may be in any
// order; other columns are ignored; the first of two equal headers counts.
// missing lists the required names the best row lacks (all of them when no
// row names any); the header is usable only when missing is empty.
func FindHeader(t *Table, required, optional []string) (h Header, missing []string) {
	want := make(map[string]string, len(required)+len(optional))
	for _, n := range optional {
		want[parse.NormalizeName(n)] = n
	}
	for _, n := range required {
		want[parse.NormalizeName(n)] = n
	}
	isRequired := make(map[string]bool, len(required))
	for _, n := range required {
		isRequired[n] = true
	}
	// A row naming every column that can be found cannot be beaten (the
	// first of equals counts), so the rows after it are not looked at.
	maxReq, maxOpt := 0, 0
	for _, n := range want {
		if isRequired[n] {
			maxReq++
		} else {
			maxOpt++
		}
	}
	bestReq, bestOpt := 0, 0
	h.Index = -1
	for i, r := range t.Rows {
		if r.Num > HeaderRows || (bestReq == maxReq && bestOpt == maxOpt && h.Index >= 0) {
			break
		}
		cols := map[string]int{}
		req, opt := 0, 0
		for _, c := range r.Cells {
			if c.Kind != Text {
				continue
			}
			name, ok := want[parse.NormalizeName(c.Str)]
			if !ok {
				continue
			}
			if _, dup := cols[name]; dup {
				continue
			}
			cols[name] = c.Col
			if isRequired[name] {
				req++
			} else {
				opt++
			}
		}
		if req > bestReq || (req == bestReq && opt > bestOpt) {
			bestReq, bestOpt = req, opt
			h = Header{Index: i, Row: r.Num, Cols: cols}
		}
	}
	if h.Index < 0 {
		h.Cols = map[string]int{}
	}
	for _, n := range required {
		if _, ok := h.Cols[n]; !ok {
			missing = append(missing, n)
		}
	}
	return h, missing
}

// Labels finds label cells (a label in one cell, its value in the next
// non-empty cell to the right, as in a form laid out "รหัสอำเภอ | 5201").
// It returns, for each wanted label found, the value cell and the label's
// row; a label without a value gives an Empty cell at the column right of
// the label. The first occurrence of a label counts.
func Labels(t *Table, labels []string) map[string]LabelValue {
	want := make(map[string]string, len(labels))
	for _, n := range labels {
		want[parse.NormalizeName(n)] = n
	}
	out := make(map[string]LabelValue, len(labels))
	for _, r := range t.Rows {
		for i, c := range r.Cells {
			if c.Kind != Text {
				continue
			}
			name, ok := want[parse.NormalizeName(c.Str)]
			if !ok {
				continue
			}
			if _, seen := out[name]; seen {
				continue
			}
			v := LabelValue{Row: r.Num, Cell: Cell{Col: c.Col + 1}}
			for _, next := range r.Cells[i+1:] {
				if next.Kind == Text {
					if _, isLabel := want[parse.NormalizeName(next.Str)]; isLabel {
						break
					}
				}
				if !next.IsBlank() {
					v.Cell = next
					break
				}
			}
			out[name] = v
		}
	}
	return out
}

// LabelValue is the value found next to a label.
type LabelValue struct {
	Row  int
	Cell Cell
}
