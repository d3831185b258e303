package archive

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"lwc/report/publish"
)

// memoBook is memo-numbers.json: per fiscal year (BE, as a string key), the
// next free running number and the numbers given on each run date.
type memoBook struct {
	Years map[string]*memoYear `json:"years"`
}

type memoYear struct {
	Next  int                       `json:"next"`
	Dates map[string]map[string]int `json:"dates"` // as-of date → district code → number
}

// MemoNumbers gives each district a memo reference number (the running
// number of the ที่ line) for the run of asOf in fiscalYear. Numbers run on
// from start within a fiscal year. Running the same date again gives every
// district it numbered before the same number, and new ones the next free
// numbers; a number once given is never given again. The book is kept in
// root/memo-numbers.json, outside the date folders, and replaced atomically.
func MemoNumbers(root string, asOf time.Time, fiscalYear int, districts []string, start int) (map[string]int, error) {
	p := filepath.Join(root, MemoNumbersFile)
	book := &memoBook{}
	b, err := os.ReadFile(p)
	switch {
	case err == nil:
		// A damaged book must stop the run: starting again from 1 would
		// reuse reference numbers already printed on memos.
		if err := json.Unmarshal(b, book); err != nil {
			return nil, fmt.Errorf("ทะเบียนเลขที่หนังสือ %s เสียหาย (แก้ไขหรือกู้คืนก่อนรันใหม่): %w", p, err)
		}
	case errors.Is(err, fs.ErrNotExist):
	default:
		return nil, fmt.Errorf("อ่านทะเบียนเลขที่หนังสือ %s ไม่ได้: %w", p, err)
	}
	if book.Years == nil {
		book.Years = map[string]*memoYear{}
	}
	key := strconv.Itoa(fiscalYear)
	y := book.Years[key]
	if y == nil {
		y = &memoYear{Next: start}
		book.Years[key] = y
	}
	if y.Next < start {
		y.Next = start
	}
	if y.Dates == nil {
		y.Dates = map[string]map[string]int{}
	}
	date := dateName(asOf)
	given := y.Dates[date]
	if given == nil {
		given = map[string]int{}
		y.Dates[date] = given
	}

	sorted := append([]string(nil), districts...)
	sort.Strings(sorted)
	out := map[string]int{}
	changed := false
	for _, d := range sorted {
		n, ok := given[d]
		if !ok {
			n = y.Next
			y.Next++
			given[d] = n
			changed = true
		}
		out[d] = n
	}
	if !changed {
		return out, nil
	}
	data, err := json.MarshalIndent(book, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("ทะเบียนเลขที่หนังสือ: %w", err)
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("สร้างโฟลเดอร์ archive %s ไม่ได้: %w", root, err)
	}
	if err := publish.WriteFileAtomic(p, append(data, '\n')); err != nil {
		return nil, fmt.Errorf("บันทึกทะเบียนเลขที่หนังสือ %s ไม่ได้: %w", p, err)
	}
	return out, nil
}
