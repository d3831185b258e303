package pdf

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"text/template"
	"time"

	"github.com/BurntSushi/toml"

	"lwc/report"
	"lwc/report/thai"
	"lwc/templates"
)

// memoTextsFile holds the memo wording staff may edit.
const memoTextsFile = "memo/memo.toml"

// memoTexts is templates/memo/memo.toml.
type memoTexts struct {
	Heading      string `toml:"heading"`
	LabelUnit    string `toml:"label_unit"`
	LabelRef     string `toml:"label_ref"`
	LabelDate    string `toml:"label_date"`
	LabelSubject string `toml:"label_subject"`
	LabelTo      string `toml:"label_to"`
	TableNo      string `toml:"table_no"`
	TableTopic   string `toml:"table_topic"`
	TableStage   string `toml:"table_stage"`
	TableDue     string `toml:"table_due"`
	TableDetail  string `toml:"table_detail"`
	FiguresIntro string `toml:"figures_intro"`
	Closing      string `toml:"closing"`
	Copy         string `toml:"copy"`
	Contact      string `toml:"contact"`

	Warn   stageTexts `toml:"warn"`
	Follow stageTexts `toml:"follow"`
	Demand stageTexts `toml:"demand"`
}

// stageTexts is the wording that differs by stage.
type stageTexts struct {
	Subject string `toml:"subject"`
	Why     string `toml:"why"`
	Behind  string `toml:"behind"`
	Ask     string `toml:"ask"`
}

// memoData fills the placeholders of memoTexts.
type memoData struct {
	Office, Province, District, DistrictOffice, Head string
	Topics, AsOf, ReplyBy, Director, Contact         string
	Count                                            int
}

// memoWording is the memo wording, read and parsed once: it is embedded in
// the program (templates.FS), so it cannot change while the program runs,
// and a national run writes 837 memos.
var memoWording = sync.OnceValues(loadMemoWording)

// wording is memoTexts with its placeholder texts parsed.
type wording struct {
	memoTexts
	// fields holds a template for each text with placeholders, named
	// by its key in memo.toml ("closing", "follow.subject").
	fields *template.Template
}

func loadMemoWording() (*wording, error) {
	var t memoTexts
	b, err := templates.Read(memoTextsFile)
	if err != nil {
		return nil, fmt.Errorf("อ่านถ้อยคำบันทึกข้อความ %s ไม่ได้: %w", memoTextsFile, err)
	}
	if _, err := toml.Decode(string(b), &t); err != nil {
		return nil, fmt.Errorf("ถ้อยคำบันทึกข้อความ %s ผิดรูปแบบ: %w", memoTextsFile, err)
	}
	w := &wording{memoTexts: t, fields: template.New("").Option("missingkey=error")}
	texts := map[string]string{"figures_intro": t.FiguresIntro, "closing": t.Closing, "copy": t.Copy, "contact": t.Contact}
	for stage, st := range map[string]stageTexts{report.StageWarn: t.Warn, report.StageFollow: t.Follow, report.StageDemand: t.Demand} {
		texts[stage+".subject"], texts[stage+".why"], texts[stage+".behind"], texts[stage+".ask"] = st.Subject, st.Why, st.Behind, st.Ask
	}
	for name, text := range texts {
		if _, err := w.fields.New(name).Parse(text); err != nil {
			return nil, fmt.Errorf("ถ้อยคำ %q ใน %s ผิดรูปแบบ: %w", name, memoTextsFile, err)
		}
	}
	return w, nil
}

// expand fills the placeholders of the text named name (a key of
// memo.toml). Values are plain strings: text from workbooks cannot inject
// template actions.
func (w *wording) expand(name string, data memoData) (string, error) {
	var b bytes.Buffer
	if err := w.fields.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("ถ้อยคำ %q ใน %s: %w", name, memoTextsFile, err)
	}
	return b.String(), nil
}

// Memo writes the notice (บันทึกข้อความ) to one district about its
// warnings. ref is the full ที่ reference ("ลป 0017/123"). The memo is
// dated the as-of date (the run's date), so a re-run reproduces it.
func Memo(w io.Writer, in Input, district string, ref string) error {
	return memoDoc(w, in, district, ref, nil)
}

func memoDoc(w io.Writer, in Input, district, ref string, trace func(x, y, w float64, s string)) error {
	fonts, asOf, gen, err := in.prepare()
	if err != nil {
		return err
	}
	s := in.Snapshot
	var warns []report.Warning
	for _, wn := range s.Warnings {
		if wn.District == district {
			warns = append(warns, wn)
		}
	}
	if len(warns) == 0 {
		return fmt.Errorf("อำเภอรหัส %q ไม่มีรายการแจ้งเตือน จึงไม่มีบันทึกข้อความ", district)
	}
	// Most severe first, then by due date.
	sort.SliceStable(warns, func(i, j int) bool {
		a, b := warns[i], warns[j]
		if stageRank(a.Stage) != stageRank(b.Stage) {
			return stageRank(a.Stage) > stageRank(b.Stage)
		}
		return a.Due < b.Due
	})
	texts, err := memoWording()
	if err != nil {
		return err
	}
	st := in.Settings
	d := newDoc(fonts, gen, "บันทึกข้อความ "+ref, st.PDF.ThaiDigits)
	d.trace = trace
	// A memo's page content is a few KB of text operators; the font program,
	// most of the file, is compressed whatever this says. gofpdf makes a new
	// zlib writer (about 1.2 MB of state) for every page it compresses: that
	// was three quarters of a memo's allocation (3.5 of 4.7 MB) and a third
	// of its time, 837 times in a national run, for 9 % of its size (79 KB
	// compressed, 86 KB not; go test ./report/pdf -bench Memo).
	d.pdf.SetCompression(false)

	name := districtName(s, district)
	stage := warns[0].Stage
	stageKey := report.StageWarn // the memo.toml table of the stage's texts
	if stage == report.StageFollow || stage == report.StageDemand {
		stageKey = stage
	}
	escalated := false
	var topics []string
	for _, wn := range warns {
		escalated = escalated || wn.Escalated || wn.Stage == report.StageDemand
		t := report.TopicThai(wn.Topic)
		if !containsString(topics, t) {
			topics = append(topics, t)
		}
	}
	office := st.Office.Name
	if office == "" {
		office = s.OfficeName
	}
	data := memoData{
		Office:         office,
		Province:       st.Office.Province,
		District:       name,
		DistrictOffice: "สำนักงานพัฒนาชุมชนอำเภอ" + name,
		Head:           st.Office.DistrictHeadTitle + name,
		Topics:         joinThai(topics),
		Count:          len(warns),
		AsOf:           d.num(thai.Date(asOf, true)),
		ReplyBy:        d.num(thai.Date(replyBy(stage, warns, asOf, st.Warnings.FollowDays), true)),
		Director:       st.Office.Director,
		Contact:        st.Memo.Contact,
	}
	fields := map[string]*string{}
	for _, name := range []string{"subject", "why", "behind", "ask", "figures_intro", "closing", "copy", "contact"} {
		key := name
		switch name {
		case "subject", "why", "behind", "ask":
			key = stageKey + "." + name
		}
		v, err := texts.expand(key, data)
		if err != nil {
			return err
		}
		fields[name] = &v
	}
	// Count is a number people read.
	for _, k := range []string{"behind"} {
		*fields[k] = d.num(*fields[k])
	}

	// Page: the correspondence regulation's margins (left 3 cm, right 2 cm).
	f := &flow{d: d, area: page{left: 30, top: 20, right: 190, bottom: 284}}
	f.newPage = func() {
		// Continuation pages carry the page number centred at the top.
		n := d.pdf.PageNo()
		if n > 1 {
			d.font(false, 16)
			d.textColor(black)
			d.box(f.area.left, 10, f.area.width(), 7, d.num(fmt.Sprintf("– %d –", n)), center, 0)
			f.y = 22
			d.markPage()
		}
	}
	f.addPage()
	f.y = 12
	d.textColor(black)
	body := 16.0
	labelSize := 20.0

	// Heading.
	d.font(true, 29)
	d.box(f.area.left, f.y, f.area.width(), 14, texts.Heading, center, 0)
	f.y += 16

	// ส่วนราชการ / ที่ ... วันที่ / เรื่อง, each value on a dotted line.
	field := func(x, right float64, label, value string) float64 {
		d.font(true, labelSize)
		lw := d.width(label)
		base := f.y + 7
		d.text(x, base, label)
		vx := x + lw + 2.5
		d.font(false, body)
		if w := d.width(value); w > right-vx && w <= (right-vx)*1.15 {
			// Slightly too long: keep the field on its one line.
			d.font(false, body*(right-vx)/w)
			defer d.font(false, body)
		}
		lines := d.lines(value, right-vx)
		y := base
		for i, l := range lines {
			if i > 0 {
				y += d.lineHeight()
			}
			dotted(d, vx-1, right, y+1.2)
			d.text(vx, y, l)
		}
		return y - base
	}
	extra := field(f.area.left, f.area.right, texts.LabelUnit, st.Office.Unit)
	f.y += 8.5 + extra
	mid := f.area.left + 75
	e1 := field(f.area.left, mid-3, texts.LabelRef, d.num(ref))
	e2 := field(mid, f.area.right, texts.LabelDate, d.num(thai.Date(asOf, true)))
	f.y += 8.5 + max(e1, e2)
	extra = field(f.area.left, f.area.right, texts.LabelSubject, *fields["subject"])
	f.y += 8.5 + extra + 2.5

	// เรียน
	d.font(false, body)
	lh := d.lineHeight()
	d.text(f.area.left, f.y+lh*0.7, texts.LabelTo)
	f.paragraphAt(f.area.left+d.width(texts.LabelTo)+4, f.area.width()-d.width(texts.LabelTo)-4, data.Head, 0, left)
	f.y += lh * 0.4

	indent := 25.0 // 2.5 cm first-line indent
	f.paragraph(*fields["why"], indent, left)
	f.y += lh * 0.2
	f.paragraph(*fields["behind"], indent, left)
	f.y += lh * 0.25

	// The warnings.
	rows := make([][]string, len(warns))
	for i, wn := range warns {
		msg := wn.Message
		if d.digits {
			msg = thai.Digits(msg)
		}
		rows[i] = []string{d.num(fmt.Sprint(i + 1)), warningTitle(wn), report.StageThai(wn.Stage), d.beDate(wn.Due, false), msg}
	}
	f.table(table{
		cols: []column{
			{texts.TableNo, 9, center, true}, {texts.TableTopic, 35, left, false}, {texts.TableStage, 17, center, true},
			{texts.TableDue, 27, center, true}, {texts.TableDetail, 0, left, false},
		},
		rows: rows,
		fill: func(r, c int) *rgb {
			if c == 2 {
				col := stageFill(warns[r].Stage)
				return &col
			}
			return nil
		},
		size: 13,
	})
	d.font(false, body)

	// The district's figures behind budget and BMN warnings.
	if figs := memoFigures(d, s, district, warns); len(figs) > 0 {
		f.y += lh * 0.25
		d.font(true, 14)
		f.need(d.lineHeight() * 4)
		f.paragraph(*fields["figures_intro"], 0, left)
		for i, t := range figs {
			if i > 0 {
				f.y += 1.5
			}
			f.table(t)
		}
		d.font(false, body)
	}

	f.y += lh * 0.3
	f.paragraph(*fields["ask"], indent, left)
	f.y += lh * 0.3

	// Signature block: room to sign, then the name in parentheses and the
	// title, centred on the right half. The closing sentence goes with it
	// to the next page if they do not fit (a signature never stands alone).
	sig := []string{}
	if st.Memo.SignerName != "" {
		sig = append(sig, "("+st.Memo.SignerName+")")
	} else {
		sig = append(sig, "(                                        )")
	}
	for _, t := range []string{st.Memo.SignerTitle, st.Memo.SignerTitle2} {
		if t != "" {
			sig = append(sig, t)
		}
	}
	sigX, sigW := f.area.left+60, f.area.width()-60
	closing := d.wrapIndent(*fields["closing"], f.area.width(), indent)
	f.need(float64(len(closing))*lh + lh*2 + float64(len(sig))*lh)
	f.paragraph(*fields["closing"], indent, left)
	f.y += lh * 2
	for _, l := range sig {
		f.paragraphAt(sigX, sigW, l, 0, center)
	}

	// Copy to the director (escalations) and the contact, bottom left.
	var notes []string
	if escalated && st.Office.Director != "" {
		notes = append(notes, *fields["copy"])
	}
	if st.Memo.Contact != "" {
		notes = append(notes, d.num(*fields["contact"]))
	}
	if len(notes) > 0 {
		d.font(false, 14)
		f.y += lh * 0.8
		for _, n := range notes {
			f.paragraph(n, 0, left)
		}
	}
	// The regulation's continuation mark: the first word of the next page
	// at the foot of every page but the last ("/จึงเรียน...").
	n := d.pdf.PageCount()
	for p := 1; p < n; p++ {
		next := strings.TrimSpace(d.firstOnPage[p+1])
		if next == "" {
			continue
		}
		word := next
		for _, tok := range fonts.Dict.Tokens(next) {
			if strings.TrimSpace(tok) != "" {
				word = tok
				break
			}
		}
		d.pdf.SetPage(p)
		d.refont()
		d.font(false, body)
		d.textColor(black)
		d.box(f.area.left, f.area.bottom+2, f.area.width(), 7, "/"+word+"...", right, 0)
	}
	d.pdf.SetPage(n) // gofpdf writes pages up to the current one
	return d.output(w)
}

// dotted draws the dotted rule that a form field's value sits on.
func dotted(d *doc, x1, x2, y float64) {
	d.stroke(muted)
	d.pdf.SetLineWidth(0.25)
	d.pdf.SetDashPattern([]float64{0.4, 0.9}, 0)
	d.pdf.Line(x1, y, x2, y)
	d.pdf.SetDashPattern(nil, 0)
}

// replyBy is the date by which the memo asks for action: the earliest
// coming due date for a warning (before the deadline), otherwise
// followDays after the memo (at least one day), moved off the weekend.
func replyBy(stage string, warns []report.Warning, asOf time.Time, followDays int) time.Time {
	if stage == report.StageWarn {
		var best time.Time
		for _, w := range warns {
			t, err := time.Parse("2006-01-02", w.Due)
			if err == nil && !t.Before(asOf) && (best.IsZero() || t.Before(best)) {
				best = t
			}
		}
		if !best.IsZero() {
			return best
		}
	}
	t := asOf.AddDate(0, 0, max(followDays, 1))
	switch t.Weekday() {
	case time.Saturday:
		t = t.AddDate(0, 0, 2)
	case time.Sunday:
		t = t.AddDate(0, 0, 1)
	}
	return t
}

// memoFigures are small tables of the district's budget and BMN figures,
// for the topics it is warned about.
func memoFigures(d *doc, s *report.Snapshot, code string, warns []report.Warning) []table {
	var df *report.DistrictFigures
	for i := range s.Districts {
		if s.Districts[i].Code == code {
			df = &s.Districts[i]
		}
	}
	if df == nil || !df.Verified {
		return nil
	}
	var budget, bmn bool
	for _, w := range warns {
		budget = budget || w.Topic == report.TopicBudget
		bmn = bmn || w.Topic == report.TopicBMN
	}
	var out []table
	one := func(status string, col int) func(r, c int) *rgb {
		return statusColumn([]string{status}, col)
	}
	if budget {
		b := df.Budget
		out = append(out, table{
			cols: []column{{"งบจัดสรร (บาท)", 27, right, true}, {"ก่อหนี้ผูกพัน (บาท)", 26, right, true},
				{"เบิกจ่ายสะสม (บาท)", 26, right, true}, {"ร้อยละ เบิกจ่าย", 19, right, true},
				{"เป้าหมาย ณ วันที่", 20, right, true}, {"ผลการประเมิน", 0, left, false}},
			rows: [][]string{{d.number(b.Allocated, 2), d.number(b.Committed, 2), d.number(b.Disbursed, 2),
				d.percent(b.DisbursementRate), d.percent(b.TargetRate), report.StatusThai(b.Status)}},
			fill: one(b.Status, 5),
			size: 13,
		})
	}
	if bmn {
		b := df.BMN
		out = append(out, table{
			cols: []column{{"ครัวเรือน เป้าหมาย", 20, right, true}, {"จัดเก็บ แล้ว", 17, right, true},
				{"ร้อยละ", 17, right, true}, {"ควรได้", 17, right, true}, {"บันทึก แล้ว", 17, right, true},
				{"ร้อยละ", 17, right, true}, {"ควรได้", 17, right, true}, {"ผลการประเมิน", 0, left, false}},
			rows: [][]string{{d.number(b.Target, 0), d.number(b.Collected, 0), d.percent(b.CollectedRate),
				d.percent(b.ExpectedRate), d.number(b.Recorded, 0), d.percent(b.RecordedRate),
				d.percent(b.ExpectedRecordedRate), report.StatusThai(b.Status)}},
			fill: one(b.Status, 7),
			size: 13,
		})
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// joinThai joins items as Thai lists do: "ก", "ก และข", "ก ข และค".
func joinThai(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], " ") + " และ" + items[len(items)-1]
}
