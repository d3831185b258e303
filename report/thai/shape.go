package thai

import "strings"

// Shape substitutes the presentation forms of the Thai private-use area
// (U+F700–U+F71A, the Windows/TIS-620 "PUA" scheme carried by the TLWG fonts
// such as Laksaman and Garuda, and by TH Sarabun New) for the marks that a
// renderer without OpenType shaping would otherwise draw in the wrong place:
//
//   - a tone mark over a consonant without an upper vowel is lowered (ก่);
//   - marks over the tall consonants ป ฝ ฟ (and ฬ) move left, off the
//     ascender (ป่ ปี ฟ้);
//   - ญ and ฐ lose their lower part when a below vowel attaches (ญู);
//   - below vowels under ฎ ฏ move down, under the descender;
//   - sara am (ำ) after a tone mark is split into nikhahit and sara aa so
//     that the nikhahit sits under the tone (น้ำ).
//
// The state machine is the one HarfBuzz uses for its Thai fallback shaper
// (hb-ot-shaper-thai.cc, itself after the libthai/Pango one), with the
// Windows code points. The result is for drawing only: it is not the text
// (searches and copy-paste must see the input; see package pdf).
func Shape(s string) string {
	if !needsShaping(s) {
		return s
	}
	rs := decomposeSaraAm([]rune(s))
	above, below := aboveStart[notConsonant], belowStart[notConsonant]
	base := -1
	for i, r := range rs {
		mt := markTypeOf(r)
		if mt == notMark {
			ct := consonantTypeOf(r)
			above, below = aboveStart[ct], belowStart[ct]
			base = i
			continue
		}
		ae := aboveMachine[above][mt]
		be := belowMachine[below][mt]
		above, below = ae.next, be.next
		act := ae.action
		if act == nop {
			act = be.action
		}
		switch act {
		case nop:
		case rd:
			if base >= 0 {
				rs[base] = puaOf(rs[base], act)
			}
		default:
			rs[i] = puaOf(r, act)
		}
	}
	return string(rs)
}

// needsShaping reports whether s has any Thai mark or sara am.
func needsShaping(s string) bool {
	for _, r := range s {
		if IsMark(r) || r == 0x0E33 {
			return true
		}
	}
	return false
}

// decomposeSaraAm turns ำ into ํ + า and moves the ํ before the tone marks
// that precede it, as Unicode's canonical rendering order requires (the
// nikhahit is drawn first, the tone above it).
func decomposeSaraAm(rs []rune) []rune {
	out := make([]rune, 0, len(rs)+4)
	for _, r := range rs {
		if r != 0x0E33 {
			out = append(out, r)
			continue
		}
		j := len(out)
		for j > 0 && IsTone(out[j-1]) {
			j--
		}
		out = append(out, 0)
		copy(out[j+1:], out[j:])
		out[j] = 0x0E4D
		out = append(out, 0x0E32)
	}
	return out
}

type consonantType int

const (
	nc           consonantType = iota // normal consonant
	ac                                // ascender: ป ฝ ฟ ฬ
	rc                                // removable descender: ญ ฐ
	dc                                // strict descender: ฎ ฏ
	notConsonant                      // anything else
)

func consonantTypeOf(r rune) consonantType {
	switch r {
	case 0x0E1B, 0x0E1D, 0x0E1F, 0x0E2C:
		return ac
	case 0x0E0D, 0x0E10:
		return rc
	case 0x0E0E, 0x0E0F:
		return dc
	}
	if IsConsonant(r) {
		return nc
	}
	return notConsonant
}

type markType int

const (
	av markType = iota // above vowel
	bv                 // below vowel
	tm                 // tone mark
	notMark
)

func markTypeOf(r rune) markType {
	switch {
	case IsAboveVowel(r):
		return av
	case IsBelowVowel(r):
		return bv
	case IsTone(r):
		return tm
	}
	return notMark
}

type action int

const (
	nop action = iota
	sd         // shift down
	sl         // shift left
	sdl        // shift down and left
	rd         // remove descender (of the base)
)

type edge struct {
	action action
	next   int
}

// Above-base states: T0 nothing above yet (a tone may go low); T1 ascender
// consonant, nothing above (shift left); T2 ascender with an upper vowel;
// T3 nothing more to do.
const (
	t0 = iota
	t1
	t2
	t3
)

var aboveStart = [...]int{nc: t0, ac: t1, rc: t0, dc: t0, notConsonant: t3}

var aboveMachine = [4][3]edge{
	t0: {av: {nop, t3}, bv: {nop, t0}, tm: {sd, t3}},
	t1: {av: {sl, t2}, bv: {nop, t1}, tm: {sdl, t2}},
	t2: {av: {nop, t3}, bv: {nop, t2}, tm: {sl, t3}},
	t3: {av: {nop, t3}, bv: {nop, t3}, tm: {nop, t3}},
}

// Below-base states: B0 no descender; B1 removable descender (ญ ฐ);
// B2 strict descender (ฎ ฏ) or already has a below vowel.
const (
	b0 = iota
	b1
	b2
)

var belowStart = [...]int{nc: b0, ac: b0, rc: b1, dc: b2, notConsonant: b2}

var belowMachine = [3][3]edge{
	b0: {av: {nop, b0}, bv: {nop, b2}, tm: {nop, b0}},
	b1: {av: {nop, b1}, bv: {rd, b2}, tm: {nop, b1}},
	b2: {av: {nop, b2}, bv: {sd, b2}, tm: {nop, b2}},
}

// puaOf returns the presentation form of r for the action, or r when the
// font scheme has none.
func puaOf(r rune, a action) rune {
	var m map[rune]rune
	switch a {
	case sd:
		m = puaSD
	case sdl:
		m = puaSDL
	case sl:
		m = puaSL
	case rd:
		m = puaRD
	}
	if p, ok := m[r]; ok {
		return p
	}
	return r
}

var puaSD = map[rune]rune{
	0x0E48: 0xF70A, // mai ek, low
	0x0E49: 0xF70B, // mai tho
	0x0E4A: 0xF70C, // mai tri
	0x0E4B: 0xF70D, // mai chattawa
	0x0E4C: 0xF70E, // thanthakhat
	0x0E38: 0xF718, // sara u, lowered under a descender
	0x0E39: 0xF719, // sara uu
	0x0E3A: 0xF71A, // phinthu
}

var puaSDL = map[rune]rune{
	0x0E48: 0xF705, // low and left
	0x0E49: 0xF706,
	0x0E4A: 0xF707,
	0x0E4B: 0xF708,
	0x0E4C: 0xF709,
}

var puaSL = map[rune]rune{
	0x0E48: 0xF713, // high and left
	0x0E49: 0xF714,
	0x0E4A: 0xF715,
	0x0E4B: 0xF716,
	0x0E4C: 0xF717,
	0x0E31: 0xF710, // mai han-akat, left
	0x0E34: 0xF701, // sara i
	0x0E35: 0xF702, // sara ii
	0x0E36: 0xF703, // sara ue
	0x0E37: 0xF704, // sara uee
	0x0E47: 0xF712, // maitaikhu
	0x0E4D: 0xF711, // nikhahit
}

var puaRD = map[rune]rune{
	0x0E0D: 0xF70F, // yo ying without its tail
	0x0E10: 0xF700, // tho than without its tail
}

// Unshape maps presentation forms back to the characters they stand for
// (and a decomposed sara am back to ำ), so that text drawn by Shape can be
// compared with its source.
func Unshape(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0xF700 && r <= 0xF71A }) &&
		!strings.Contains(s, "\u0E4D") {
		return s
	}
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := unPUA(rs[i])
		if r == 0x0E4D {
			// ํ, tones..., า → tones..., ำ
			j := i + 1
			for j < len(rs) && IsTone(unPUA(rs[j])) {
				j++
			}
			if j < len(rs) && rs[j] == 0x0E32 {
				for _, t := range rs[i+1 : j] {
					b.WriteRune(unPUA(t))
				}
				b.WriteRune(0x0E33)
				i = j
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func unPUA(r rune) rune {
	if r < 0xF700 || r > 0xF71A {
		return r
	}
	for _, m := range []map[rune]rune{puaSD, puaSDL, puaSL, puaRD} {
		for k, v := range m {
			if v == r {
				return k
			}
		}
	}
	return r
}
