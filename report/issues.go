package report

import "fmt"

// maxIssues is how many issues of one file are listed one by one. A sheet of
// 19,000 pasted rows with unknown project codes gave 76,000 issues from a
// file of 570 KB, and each went into snapshot.json, the site's data-quality
// page (35 MB), and the bulletin (4,929 pages, 17 MB, e-mailed to every
// recipient): the run took 82 s instead of 2. A file with more issues than
// this has one cause to fix (a wrong form, a pasted table), which the first
// hundred show; the rest are counted.
const maxIssues = 100

// issueList is the issues of one file: the first maxIssues whole, and past
// them one summary issue per kind (severity, sheet and code), the first of
// its kind with Count telling how many it stands for.
type issueList struct {
	list  []Issue
	extra []omitted // kinds past maxIssues, in the order first met
}

type omitted struct {
	first Issue // its message names the kind
	last  string
	n     int
}

func (l *issueList) full() bool { return len(l.list) >= maxIssues }

// add lists is, or counts it once the list is full.
func (l *issueList) add(is Issue) {
	if !l.full() {
		l.list = append(l.list, is)
		return
	}
	l.count(is, 1, is.Cell)
}

// addf is add with the message formatted only when it is needed.
func (l *issueList) addf(sev Severity, sheetName, cell, code, format string, args ...any) {
	is := Issue{Severity: sev, Sheet: sheetName, Cell: cell, Code: code}
	if l.full() && l.find(is) >= 0 {
		// Counted already: its message is not needed.
		l.count(is, 1, cell)
		return
	}
	is.Message = fmt.Sprintf(format, args...)
	l.add(is)
}

// keep lists is whatever the count: the reason a file is rejected is never
// left out.
func (l *issueList) keep(is Issue) { l.list = append(l.list, is) }

// find returns the index in l.extra of is's kind, or -1.
func (l *issueList) find(is Issue) int {
	for i, o := range l.extra {
		if o.first.Severity == is.Severity && o.first.Sheet == is.Sheet && o.first.Code == is.Code {
			return i
		}
	}
	return -1
}

func (l *issueList) count(is Issue, n int, last string) {
	if i := l.find(is); i >= 0 {
		l.extra[i].n += n
		l.extra[i].last = last
		return
	}
	l.extra = append(l.extra, omitted{first: is, last: last, n: n})
}

// merge adds the issues of o after l's.
func (l *issueList) merge(o issueList) {
	for _, is := range o.list {
		l.add(is)
	}
	for _, x := range o.extra {
		l.count(x.first, x.n, x.last)
	}
}

// all returns the listed issues, then a summary of each kind counted.
func (l *issueList) all() []Issue {
	if len(l.extra) == 0 {
		return l.list
	}
	out := append(make([]Issue, 0, len(l.list)+len(l.extra)), l.list...)
	for _, x := range l.extra {
		is := x.first
		if x.n > 1 {
			is.Count = x.n
			where := ""
			if x.last != "" && x.last != is.Cell {
				where = " ถึงเซลล์ " + x.last
			}
			is.Message += fmt.Sprintf(" (รวมปัญหาแบบเดียวกันนี้ %s รายการ%s แต่ละไฟล์แสดงทีละรายการได้ไม่เกิน %d รายการ โปรดตรวจทั้งแผ่นงาน)",
				thousands(float64(x.n)), where, maxIssues)
		}
		out = append(out, is)
	}
	return out
}

// Number is how many issues is stands for: 1, or its Count when it sums up
// issues of one kind past the first hundred of a file.
func (is Issue) Number() int { return max(1, is.Count) }

// CountIssues is how many issues issues stand for.
func CountIssues(issues []Issue) (errors, warnings int) {
	for _, is := range issues {
		if is.Severity == SeverityError {
			errors += is.Number()
		} else {
			warnings += is.Number()
		}
	}
	return errors, warnings
}
