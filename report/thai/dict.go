package thai

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// DefaultDictPaths are where Debian and its derivatives install a Thai word
// list: hunspell-th's spelling dictionary (about 51,000 words, UTF-8 in
// current Debian, TIS-620 in older packages) and the older myspell path.
var DefaultDictPaths = []string{
	"/usr/share/hunspell/th_TH.dic",
	"/usr/share/myspell/th_TH.dic",
	"/usr/share/myspell/dicts/th_TH.dic",
}

// extraWords are words the office prints that general word lists lack:
// Lampang's districts and the terms of the warning center. One a line.
//
//go:embed words.txt
var extraWords string

// Dict is a Thai word list for line breaking. The zero value and nil are
// valid and know no words (lines then break between clusters only). A Dict
// is read-only after loading and safe for concurrent use.
type Dict struct {
	// words holds every word (isWord) and every proper prefix of a word
	// that ends at a cluster boundary (isPrefix), so that Words stops
	// extending a candidate as soon as no word starts with it instead of
	// trying every length up to the longest word. It is keyed by the
	// strings' 64-bit FNV-1a hashes, not the strings: hunspell-th's words
	// and their prefixes are 133,000 keys, 8 MB live as a map of strings
	// (more while loading; the largest thing a run held while it wrote its
	// documents) and 4.5 MB so. No two keys of the list share a hash
	// (TestDictHashesDistinct); a text that is no key but has a key's hash
	// would be taken for a word or prefix, a chance of about 133,000 in
	// 2^64 a lookup, which would place one line break as if at a word's
	// edge.
	words       map[uint64]entry
	nwords      int
	maxClusters int    // the longest word, in clusters
	Source      string // where the words came from, for logs

	// segmented remembers Words' results: a run's documents break the
	// same names and phrases thousands of times (every memo, every table
	// cell at every candidate size). Bounded by maxSegmented entries.
	segmented  sync.Map // string → []string
	nSegmented atomic.Int64
}

// maxSegmented bounds the segmentation cache (about 100 bytes an entry).
const maxSegmented = 1 << 17

type entry uint8

const (
	isWord entry = 1 << iota
	isPrefix
)

// LoadDict reads a word list file: hunspell .dic (a count on the first line,
// then word[/flags]) or a plain list of one word a line, in UTF-8 or TIS-620.
// The built-in supplement of office words is added.
func LoadDict(path string) (*Dict, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("เปิดรายการคำภาษาไทย %s ไม่ได้: %w", path, err)
	}
	defer f.Close()
	d, err := ReadDict(f)
	if err != nil {
		return nil, fmt.Errorf("อ่านรายการคำภาษาไทย %s ไม่ได้: %w", path, err)
	}
	d.Source = path
	return d, nil
}

// FindDict loads the word list at path, or when path is empty the first of
// DefaultDictPaths that exists. Without any it returns a Dict holding only
// the built-in supplement, and a note (Thai) that says what to install.
func FindDict(path string) (*Dict, string, error) {
	if path != "" {
		d, err := LoadDict(path)
		return d, "", err
	}
	for _, p := range DefaultDictPaths {
		if _, err := os.Stat(p); err == nil {
			d, err := LoadDict(p)
			return d, "", err
		}
	}
	d, _ := ReadDict(strings.NewReader(""))
	d.Source = "built-in"
	return d, "ไม่พบรายการคำภาษาไทยสำหรับตัดบรรทัด (ติดตั้งแพ็กเกจ hunspell-th หรือกำหนด pdf.dictionary ใน lwc.toml) " +
		"จึงตัดบรรทัดระหว่างกลุ่มอักษร / Thai word list not found (install Debian package hunspell-th or set pdf.dictionary): " +
		"lines break between character clusters", nil
}

// ReadDict reads a word list (see LoadDict) from r.
func ReadDict(r io.Reader) (*Dict, error) {
	data, err := io.ReadAll(io.LimitReader(r, 64<<20))
	if err != nil {
		return nil, err
	}
	if !utf8.Valid(data) {
		// TIS-620 is the Thai part of windows-874.
		data, err = charmap.Windows874.NewDecoder().Bytes(data)
		if err != nil {
			return nil, fmt.Errorf("แปลงรหัสอักขระ TIS-620: %w", err)
		}
	}
	d := &Dict{words: map[uint64]entry{}}
	sc := bufio.NewScanner(io.MultiReader(bytes.NewReader(data), strings.NewReader("\n"+extraWords)))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		d.add(sc.Text())
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return d, nil
}

// add adds one line of a word list: "word", "word/FLAGS" or a hunspell
// count line (ignored, as is anything that is not all Thai letters).
func (d *Dict) add(line string) {
	if i := strings.IndexByte(line, '/'); i >= 0 {
		line = line[:i]
	}
	line = strings.TrimSpace(strings.TrimPrefix(line, "\uFEFF"))
	if line == "" {
		return
	}
	for _, r := range line {
		if !IsThaiLetter(r) {
			return
		}
	}
	b := clusterBounds(line)
	d.maxClusters = max(d.maxClusters, len(b)-1)
	h := uint64(hashOffset)
	// A word's clusters are the clusters of any text it appears in at
	// cluster boundaries (a cluster ends where the next character cannot
	// join it), so prefixes at its own boundaries are all Words looks up.
	for k := 1; k < len(b)-1; k++ {
		h = hashAdd(h, line[b[k-1]:b[k]])
		d.words[h] |= isPrefix
	}
	h = hashAdd(h, line[b[len(b)-2]:])
	if d.words[h]&isWord == 0 {
		d.nwords++
	}
	d.words[h] |= isWord
}

// Len returns the number of words.
func (d *Dict) Len() int {
	if d == nil {
		return 0
	}
	return d.nwords
}

// Has reports whether w is a word of the list.
func (d *Dict) Has(w string) bool {
	if d == nil {
		return false
	}
	return d.words[hashAdd(hashOffset, w)]&isWord != 0
}

// FNV-1a, 64 bits: a string's hash is hashAdd(hashOffset, s), and
// hashAdd(hashAdd(hashOffset, a), b) is the hash of a+b, so that Words
// extends a candidate a cluster at a time without hashing it again.
const (
	hashOffset = 14695981039346656037
	hashPrime  = 1099511628211
)

func hashAdd(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= hashPrime
	}
	return h
}

// Words splits a run of Thai letters into words: the segmentation with the
// fewest clusters left unknown, then the fewest words (maximal matching),
// then the longest words (the largest sum of squared word lengths, which
// picks ประสานงาน|การ over ประสาน|งานการ), word edges only at cluster
// boundaries. Consecutive unknown clusters are
// kept together as one token, so a name missing from the list is not cut.
// A nil or empty Dict returns the clusters.
//
// The result is shared: callers must not modify it.
func (d *Dict) Words(s string) []string {
	if d == nil || d.nwords == 0 {
		return d.words0(s)
	}
	if w, ok := d.segmented.Load(s); ok {
		return w.([]string)
	}
	if d.nSegmented.Load() >= maxSegmented {
		return d.words0(s)
	}
	// The cache keeps its own copy, words included: s is often a slice
	// of a whole paragraph, which it would otherwise hold for the run.
	s = strings.Clone(s)
	w := d.words0(s)
	if _, loaded := d.segmented.LoadOrStore(s, w); !loaded {
		d.nSegmented.Add(1)
	}
	return w
}

// words0 is Words without the cache.
func (d *Dict) words0(s string) []string {
	b := clusterBounds(s)
	n := len(b) - 1
	if n <= 0 {
		return nil
	}
	if d.Len() == 0 {
		return Clusters(s)
	}
	type cost struct{ unknown, words, squares int }
	less := func(a, b cost) bool {
		if a.unknown != b.unknown {
			return a.unknown < b.unknown
		}
		if a.words != b.words {
			return a.words < b.words
		}
		return a.squares > b.squares
	}
	best := make([]cost, n+1)
	from := make([]int, n+1)   // start cluster of the token ending here
	known := make([]bool, n+1) // whether that token is a word
	const inf = 1 << 30
	for i := 1; i <= n; i++ {
		best[i] = cost{inf, inf, 0}
	}
	for i := 0; i < n; i++ {
		if best[i].unknown == inf {
			continue
		}
		// One unknown cluster.
		c := cost{best[i].unknown + 1, best[i].words + 1, best[i].squares + 1}
		if less(c, best[i+1]) {
			best[i+1], from[i+1], known[i+1] = c, i, false
		}
		lim := min(n, i+d.maxClusters)
		h := uint64(hashOffset)
		for j := i + 1; j <= lim; j++ {
			h = hashAdd(h, s[b[j-1]:b[j]])
			e := d.words[h]
			if e == 0 {
				break // no word starts with this
			}
			if e&isWord == 0 {
				continue
			}
			c := cost{best[i].unknown, best[i].words + 1, best[i].squares + (j-i)*(j-i)}
			if less(c, best[j]) || (c == best[j] && !known[j]) {
				best[j], from[j], known[j] = c, i, true
			}
		}
	}
	var tokens []string
	end := n
	for end > 0 {
		start := from[end]
		if !known[end] {
			// Extend over the whole run of unknown clusters.
			for start > 0 && !known[start] {
				start = from[start]
			}
		}
		tokens = append(tokens, s[b[start]:b[end]])
		end = start
	}
	for i, j := 0, len(tokens)-1; i < j; i, j = i+1, j-1 {
		tokens[i], tokens[j] = tokens[j], tokens[i]
	}
	return tokens
}
