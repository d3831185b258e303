package parse

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

func cp874(t testing.TB, s string) string {
	t.Helper()
	b, err := charmap.Windows874.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFileName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"inbox/5201_เมืองลำปาง.xlsx", "inbox/5201_เมืองลำปาง.xlsx"},
		{"inbox/Copy of แบบรายงาน (2).xlsx", "inbox/Copy of แบบรายงาน (2).xlsx"},
		// A zip from an older Thai Windows, unpacked on Linux.
		{"inbox/" + cp874(t, "เถิน") + ".xlsx", "inbox/เถิน.xlsx"},
		{"inbox/" + cp874(t, "ส่งช้า") + "/5208_" + cp874(t, "เถิน") + ".xlsx", "inbox/ส่งช้า/5208_เถิน.xlsx"},
		// Latin-1 is not Thai: its bytes are not made into Thai letters.
		{"inbox/caf\xe9 \xfc.xlsx", "inbox/caf\ufffd \ufffd.xlsx"},
		{"inbox/\xff\xfe.xlsx", "inbox/\ufffd\ufffd.xlsx"},
		// Commands to a terminal.
		{"inbox/\x1b[31mred\x1b[0m\a.pdf", "inbox/\ufffd[31mred\ufffd[0m\ufffd.pdf"},
		{"inbox/a\nb\tc\x7f.xlsx", "inbox/a\ufffdb\ufffdc\ufffd.xlsx"},
		{"inbox/a\u0085b\u009b.xlsx", "inbox/a\ufffdb\ufffd.xlsx"},
		// A name that reads "5201xlsx.exe" backwards from its override on.
		{"inbox/5201\u202exlsx.exe", "inbox/5201\ufffdxlsx.exe"},
		{"inbox/\u2066x\u2069.xlsx", "inbox/\ufffdx\ufffd.xlsx"},
		// Zero-width joiners and Thai digits are text, kept.
		{"inbox/๕๒๐๑\u200b.xlsx", "inbox/๕๒๐๑\u200b.xlsx"},
		{"", ""},
	} {
		if got := FileName(c.in); got != c.want {
			t.Errorf("FileName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFileNamePlainAllocatesNothing(t *testing.T) {
	name := "inbox/ส่งจังหวัด เกาะคา 20พย69.xlsx"
	if n := testing.AllocsPerRun(100, func() { _ = FileName(name) }); n != 0 {
		t.Errorf("FileName of a plain name allocates %v times", n)
	}
}

var fileNameSeeds = []string{"inbox/5201_เมืองลำปาง.xlsx", "inbox/x\xe0\xb6\xd4\xb9.xlsx", "\x1b]0;t\a", "a\u202eb", "\xff", "/", "inbox//\xc2"}

func FuzzFileName(f *testing.F) {
	for _, s := range fileNameSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := FileName(s)
		if !utf8.ValidString(n) {
			t.Fatalf("FileName(%q) = %q, not UTF-8", s, n)
		}
		for _, r := range n {
			if Unprintable(r) {
				t.Fatalf("FileName(%q) = %q keeps %U", s, n, r)
			}
		}
		if FileName(n) != n {
			t.Fatalf("FileName not idempotent: %q → %q → %q", s, n, FileName(n))
		}
		// Folders stay folders: a name's slashes are kept, none added.
		if strings.Count(n, "/") != strings.Count(s, "/") {
			t.Fatalf("FileName(%q) = %q changes the folders", s, n)
		}
		if plainName(s) && n != s {
			t.Fatalf("plainName(%q) but FileName gives %q", s, n)
		}
	})
}
