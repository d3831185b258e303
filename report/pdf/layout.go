package pdf

import (
	"lwc/report"
)

// rgb is a colour.
type rgb struct{ r, g, b int }

// Status colours: a strong one for bars and marks, a light one for cell
// backgrounds (readable when printed in black and white too).
var (
	black    = rgb{0, 0, 0}
	white    = rgb{255, 255, 255}
	ink      = rgb{33, 33, 33}
	muted    = rgb{97, 97, 97}
	rule     = rgb{158, 158, 158}
	headFill = rgb{224, 232, 240}
	navy     = rgb{21, 57, 102}
)

func statusColor(status string) rgb {
	switch status {
	case report.StatusGreen:
		return rgb{46, 125, 50}
	case report.StatusYellow:
		return rgb{230, 165, 0}
	case report.StatusRed:
		return rgb{198, 40, 40}
	}
	return rgb{140, 140, 140}
}

func statusFill(status string) rgb {
	switch status {
	case report.StatusGreen:
		return rgb{214, 238, 215}
	case report.StatusYellow:
		return rgb{255, 241, 189}
	case report.StatusRed:
		return rgb{250, 212, 212}
	}
	return rgb{230, 230, 230}
}

func (d *doc) fill(c rgb)      { d.pdf.SetFillColor(c.r, c.g, c.b) }
func (d *doc) stroke(c rgb)    { d.pdf.SetDrawColor(c.r, c.g, c.b) }
func (d *doc) textColor(c rgb) { d.pdf.SetTextColor(c.r, c.g, c.b) }

// page is the content area of a page, in mm.
type page struct {
	left, top, right, bottom float64
}

func (p page) width() float64 { return p.right - p.left }

// flow places blocks down the pages: y is where the next block goes; a
// block that does not fit moves to a new page.
type flow struct {
	d    *doc
	area page
	y    float64
	// newPage, when set, is called after a page is added (before any
	// continuation such as a repeated table header).
	newPage func()
}

func (f *flow) addPage() {
	f.d.pdf.AddPage()
	f.d.refont()
	f.y = f.area.top
	if f.newPage != nil {
		f.newPage()
	}
}

// need moves to a new page unless h mm fit below y.
func (f *flow) need(h float64) {
	if f.y+h > f.area.bottom {
		f.addPage()
	}
}

// paragraph flows wrapped text, breaking pages between lines.
func (f *flow) paragraph(s string, indent float64, align byte) {
	f.paragraphAt(f.area.left, f.area.width(), s, indent, align)
}

func (f *flow) paragraphAt(x, w float64, s string, indent float64, align byte) {
	lh := f.d.lineHeight()
	for i, l := range f.d.wrapIndent(s, w, indent) {
		f.need(lh)
		lx, lw := x, w
		if i == 0 {
			lx, lw = x+indent, w-indent
		}
		f.d.box(lx, f.y, lw, lh, l, align, 0)
		f.y += lh
	}
}

// column of a table.
type column struct {
	title string
	width float64 // mm; 0 = what the others leave (one column at most)
	align byte
	// nowrap keeps the cell on one line, shrinking the text to fit: for
	// numbers, dates and short labels that must not break ("16.63%").
	nowrap bool
}

// table is a grid of wrapped text with a header row repeated on every page
// it spans.
type table struct {
	cols []column
	rows [][]string
	// fill returns the background of a cell, or nil for none.
	fill func(row, col int) *rgb
	// bold returns whether a row is printed bold (totals).
	bold func(row int) bool
	size float64 // font size, points
	pad  float64 // cell padding, mm
}

// cell is the laid-out text of one table cell.
type cell struct {
	lines []string
	size  float64 // points; smaller than the table's when shrunk to fit
}

// fitLines wraps s into width w at size points. A word wider than the
// column (a narrow column's header, "เมืองลำปาง" in a small cell) first
// shrinks the text, down to three quarters of the size, before it is
// broken between clusters.
func (d *doc) fitLines(s string, w, size float64, bold bool) cell {
	tokens := d.fonts.Dict.Tokens(s) // the same at every size
	for sz := size; ; sz -= 0.5 {
		d.font(bold, sz)
		fits := true
		for _, tok := range tokens {
			if d.width(tok) > w+0.01 {
				fits = false // would be broken between clusters
				break
			}
		}
		if fits {
			return cell{d.lines(s, w), sz}
		}
		if sz-0.5 < size*0.75 {
			// Breaking between clusters at the full size reads better
			// than tiny text.
			d.font(bold, size)
			return cell{d.lines(s, w), size}
		}
	}
}

// table flows the table.
func (f *flow) table(t table) {
	d := f.d
	if t.size == 0 {
		t.size = 14
	}
	if t.pad == 0 {
		t.pad = 1.2
	}
	widths := make([]float64, len(t.cols))
	used, rest := 0.0, -1
	for i, c := range t.cols {
		widths[i] = c.width
		used += c.width
		if c.width == 0 {
			rest = i
		}
	}
	if rest >= 0 {
		widths[rest] = f.area.width() - used
	}
	prevBold, prevSize := d.bold, d.size
	defer d.font(prevBold, prevSize)

	lineH := func(size float64) float64 { return size * ptToMM * 1.25 * 0.92 }
	layout := func(texts []string, bold, header bool) ([]cell, float64) {
		cells := make([]cell, len(widths))
		h := lineH(t.size)
		for i := range widths {
			c := ""
			if i < len(texts) {
				c = texts[i]
			}
			if t.cols[i].nowrap && !header {
				cells[i] = cell{[]string{c}, t.size} // box() shrinks it
			} else {
				cells[i] = d.fitLines(c, widths[i]-2*t.pad, t.size, bold)
			}
			h = max(h, float64(len(cells[i].lines))*lineH(cells[i].size))
		}
		return cells, h + t.pad
	}
	drawRow := func(cells []cell, h float64, bold bool, fills func(int) *rgb) {
		x := f.area.left
		for i, w := range widths {
			d.stroke(rule)
			d.pdf.SetLineWidth(0.2)
			style := "D"
			if c := fills(i); c != nil {
				d.fill(*c)
				style = "FD"
			}
			d.pdf.Rect(x, f.y, w, h, style)
			d.font(bold, cells[i].size)
			lh := lineH(cells[i].size)
			y := f.y + t.pad/2
			for _, l := range cells[i].lines {
				d.box(x, y, w, lh, l, t.cols[i].align, t.pad)
				y += lh
			}
			x += w
		}
		f.y += h
	}
	titles := make([]string, len(t.cols))
	for i, c := range t.cols {
		titles[i] = c.title
	}
	headCells, headH := layout(titles, true, true)
	header := func() {
		d.textColor(ink)
		drawRow(headCells, headH, true, func(int) *rgb { return &headFill })
	}
	// A row never gets taller than a page: overlong text is cut with "…".
	maxH := f.area.bottom - f.area.top - headH - 1
	clip := func(cells []cell, h float64) ([]cell, float64) {
		if h <= maxH {
			return cells, h
		}
		for i := range cells {
			n := int((maxH - t.pad) / lineH(cells[i].size))
			if len(cells[i].lines) > n && n > 0 {
				cells[i].lines = append(cells[i].lines[:n-1:n-1], "…")
			}
		}
		return cells, maxH
	}
	// Keep the header with at least the first row.
	first := headH
	if len(t.rows) > 0 {
		_, h := clip(layout(t.rows[0], t.bold != nil && t.bold(0), false))
		first += h
	}
	f.need(first)
	header()
	for r, texts := range t.rows {
		bold := t.bold != nil && t.bold(r)
		cells, h := clip(layout(texts, bold, false))
		if f.y+h > f.area.bottom {
			f.addPage()
			header()
		}
		d.textColor(ink)
		drawRow(cells, h, bold, func(c int) *rgb {
			if t.fill != nil {
				return t.fill(r, c)
			}
			return nil
		})
	}
}
