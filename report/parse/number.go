package parse

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// ErrNotNumber is returned by Number and Percent for text that is not a
// number.
var ErrNotNumber = errors.New("not a number")

// maxNumberLen bounds the text Number looks at; longer text is not a number
// anyone typed.
const maxNumberLen = 200

// Number reads a number typed as text. An empty (or all-blank) string is not
// a number and not an error: ok is false ("not reported"). A lone dash ("-",
// "–", "—") is zero, as accountants write it. Accepted around the digits:
// spaces of any kind, thousands separators (","), Thai digits ๐–๙, a
// leading "฿", a trailing "บาท" or "บ.", a leading "+" or "-", accounting
// negatives "(1,234)", and a trailing "%" (the value is then divided by 100:
// "30%" is 0.30). Anything else returns ErrNotNumber.
func Number(s string) (v float64, ok bool, err error) {
	v, ok, _, err = number(s)
	return v, ok, err
}

// Percent reads a percentage typed as text: "30", "30%" and "๓๐ %" all give
// 0.30. Empty text gives ok false.
func Percent(s string) (frac float64, ok bool, err error) {
	v, ok, pct, err := number(s)
	if err != nil || !ok || pct {
		return v, ok, err
	}
	return v / 100, true, nil
}

func number(s string) (v float64, ok, pct bool, err error) {
	if len(s) > maxNumberLen {
		return 0, false, false, ErrNotNumber
	}
	// Drop every kind of space and zero-width character; map Thai digits.
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), isZeroWidth(r):
			continue
		case r >= '๐' && r <= '๙':
			r = '0' + (r - '๐')
		case r == '−', r == '–', r == '—', r == '‐', r == '‑':
			r = '-'
		case r == '，':
			r = ','
		}
		b.WriteRune(r)
	}
	t := b.String()
	if t == "" {
		return 0, false, false, nil
	}
	if t == "-" || t == "--" {
		return 0, true, false, nil
	}
	neg := false
	if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") {
		neg = true
		t = t[1 : len(t)-1]
	}
	for _, suf := range []string{"บาท", "บ."} {
		t = strings.TrimSuffix(t, suf)
	}
	if strings.HasSuffix(t, "%") {
		pct = true
		t = t[:len(t)-1]
	}
	t = strings.TrimPrefix(t, "฿")
	if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") && !neg {
		neg = true // "(1,234) บาท"
		t = t[1 : len(t)-1]
	}
	switch {
	case strings.HasPrefix(t, "-"):
		if neg {
			return 0, false, false, ErrNotNumber
		}
		neg = true
		t = t[1:]
	case strings.HasPrefix(t, "+"):
		t = t[1:]
	}
	t = strings.TrimPrefix(t, "฿")
	if !validDigits(t) {
		return 0, false, false, ErrNotNumber
	}
	t = strings.ReplaceAll(t, ",", "")
	v, perr := strconv.ParseFloat(t, 64)
	if perr != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false, false, ErrNotNumber
	}
	if neg {
		v = -v
	}
	if pct {
		v /= 100
	}
	return v, true, pct, nil
}

// validDigits accepts digits with thousands separators before an optional
// decimal point and an optional exponent: "1,234.50", ".5", "1e6". A comma
// after the point ("1.234,56") is refused rather than guessed.
func validDigits(t string) bool {
	digits, dot, exp := 0, false, false
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == ',':
			if dot || exp || digits == 0 {
				return false
			}
		case c == '.':
			if dot || exp {
				return false
			}
			dot = true
		case c == 'e' || c == 'E':
			if exp || digits == 0 || i+1 >= len(t) {
				return false
			}
			exp = true
			if t[i+1] == '+' || t[i+1] == '-' {
				i++
				if i+1 >= len(t) {
					return false
				}
			}
		default:
			return false
		}
	}
	return digits > 0
}
