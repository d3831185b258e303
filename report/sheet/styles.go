package sheet

import (
	"strconv"
	"strings"
)

// Format is what a cell's number format says about its number.
type Format uint8

const (
	FormatGeneral Format = iota // a plain number
	FormatDate                  // a date serial (the format shows a date or time)
	FormatPercent               // a fraction shown as a percent (0.3 shows "30%")
)

// maxStyles is Excel's own limit of cell formats in a workbook.
const maxStyles = 65000

// readStyles reads the number format of every cell style (cellXfs).
func (b *Book) readStyles(part string) error {
	custom := map[int]string{}
	var xfs []Format
	inXfs := false
	_, err := b.scanPart(part, 1<<20, func(t *token) (bool, error) {
		switch {
		case t.kind == tokStart && string(t.name()) == "numFmt":
			id, _ := attr(t.attrs(), "numFmtId", false)
			code, _ := attr(t.attrs(), "formatCode", false)
			if n, err := strconv.Atoi(id); err == nil && len(custom) < maxStyles {
				custom[n] = code
			}
		case t.kind == tokStart && string(t.name()) == "cellXfs":
			inXfs = !t.selfClose
		case t.kind == tokEnd && string(t.name()) == "cellXfs":
			inXfs = false
			return false, nil
		case t.kind == tokStart && inXfs && string(t.name()) == "xf":
			if len(xfs) >= maxStyles {
				return false, nil
			}
			id, _ := attr(t.attrs(), "numFmtId", false)
			n, _ := strconv.Atoi(id)
			code, ok := custom[n]
			xfs = append(xfs, classify(n, code, ok))
		}
		return true, nil
	})
	b.fmts = xfs
	if b.fmts == nil {
		b.fmts = []Format{}
	}
	return err
}

// classify tells a number format's class from its built-in id or, for a
// custom format, its code.
func classify(id int, code string, custom bool) Format {
	if custom {
		return classifyCode(code)
	}
	switch {
	case id == 9 || id == 10:
		return FormatPercent
	case id >= 14 && id <= 22, id >= 45 && id <= 47,
		id >= 27 && id <= 36, id >= 50 && id <= 58, // East Asian locales' dates
		id >= 71 && id <= 81: // Thai locale's dates (ว/ด/ปปปป ...)
		return FormatDate
	}
	return FormatGeneral
}

// classifyCode looks at a custom format code outside quoted literals,
// escaped characters and [brackets] (colours, locales, conditions): a day,
// month, year, hour or second letter (also the Thai ว ด ป) makes it a
// date; a % a percent. Only the first section (positive numbers) counts.
func classifyCode(code string) Format {
	if strings.EqualFold(code, "general") || code == "@" {
		return FormatGeneral
	}
	date, pct := false, false
	rs := []rune(code)
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; r {
		case '"':
			for i++; i < len(rs) && rs[i] != '"'; i++ {
			}
		case '[':
			for i++; i < len(rs) && rs[i] != ']'; i++ {
			}
		case '\\', '_', '*':
			i++
		case ';':
			i = len(rs)
		case '%':
			pct = true
		case 'd', 'D', 'm', 'M', 'y', 'Y', 'h', 'H', 's', 'S', 'ว', 'ด', 'ป':
			date = true
		case 'e', 'E':
			// "e" is the era year in date formats, but also the exponent of
			// "0.00E+00": a date only when no digit placeholder precedes it.
			if i > 0 && strings.ContainsRune("0#?.", rs[i-1]) {
				continue
			}
			if i+1 < len(rs) && (rs[i+1] == '+' || rs[i+1] == '-') {
				continue
			}
			date = true
		case 'b', 'B':
			if i+1 < len(rs) && (rs[i+1] == 'b' || rs[i+1] == 'B') {
				date = true // bb / bbbb: Buddhist-era year
			}
		}
	}
	switch {
	case date:
		return FormatDate
	case pct:
		return FormatPercent
	}
	return FormatGeneral
}

// format returns the class of cell style s.
func (b *Book) format(s int) Format {
	if s >= 0 && s < len(b.fmts) {
		return b.fmts[s]
	}
	return FormatGeneral
}
