package report

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// TestCheckInboxEntriesItCannotRead: what cannot be read under the inbox
// is rejected with its reason, never dropped, and a named pipe is not
// opened (opening one blocks until a writer comes: the test would hang).
func TestCheckInboxEntriesItCannotRead(t *testing.T) {
	in := workspace(t, map[string][]byte{
		"5201.xlsx":        testSub("5201").bytes(t),
		"sub/แม่เมาะ.xlsx": testSub("5202").bytes(t),
	})
	if err := os.Symlink(filepath.Join(in.Inbox, "5201.xlsx"), filepath.Join(in.Inbox, "ลิงก์ เมืองลำปาง.xlsx")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(in.Inbox, "pipe.xlsx"), 0o644); err != nil {
		t.Fatal(err)
	}
	// As a run passes the files it could not copy into its archive.
	gone := filepath.Join(in.Inbox, "แม่เมาะ.xlsx")
	denied := filepath.Join(in.Inbox, "sub", "5202 ส่งใหม่.xlsx")
	big := filepath.Join(in.Inbox, "สแกน 5201.pdf")
	in.Unreadable = map[string]error{
		gone:   &fs.PathError{Op: "open", Path: gone, Err: fs.ErrNotExist},
		denied: &fs.PathError{Op: "open", Path: denied, Err: fs.ErrPermission},
		big:    &TooLargeError{Size: 3 << 30},
	}
	ib := check(t, in)
	want := []struct {
		file             string
		state            FileState
		reason, district string
	}{
		{"5201.xlsx", StateAccepted, "", "5201"},
		{"pipe.xlsx", StateRejected, "ไม่ใช่ไฟล์ธรรมดา", ""},
		{"sub/5202 ส่งใหม่.xlsx", StateRejected, "ไม่มีสิทธิ์อ่านไฟล์นี้", "5202"},
		{"sub/แม่เมาะ.xlsx", StateAccepted, "", "5202"},
		{"ลิงก์ เมืองลำปาง.xlsx", StateRejected, "เป็นลิงก์", "5201"},
		{"สแกน 5201.pdf", StateRejected, "ไฟล์ใหญ่เกินกำหนด (3072.0 MB เกินขีดจำกัด 50.0 MB)", "5201"},
		{"แม่เมาะ.xlsx", StateRejected, "ไฟล์หายไประหว่างที่โปรแกรมทำงาน", "5202"},
	}
	if len(ib.Files) != len(want) {
		t.Fatalf("files %+v", ib.Files)
	}
	for i, w := range want {
		f := ib.Files[i]
		if f.File != "inbox/"+w.file || f.State != w.state || !strings.Contains(f.Reason, w.reason) || f.District != w.district {
			t.Errorf("file %d: %s %s %q district %q; want %s %s with %q, district %q", i, f.File, f.State, f.Reason, f.District, w.file, w.state, w.reason, w.district)
		}
		if w.state == StateRejected && (len(f.Issues) != 1 || f.Issues[0].Severity != SeverityError) {
			t.Errorf("%s: issues %+v", f.File, f.Issues)
		}
	}
	if len(ib.Accepted) != 2 {
		t.Errorf("accepted %v", ib.Accepted)
	}
}

// TestListInbox: an inbox that is a link to a folder (on a shared drive)
// is listed under the link's name; a missing inbox is empty.
func TestListInbox(t *testing.T) {
	root := t.TempDir()
	real := filepath.Join(root, "share", "รายงาน")
	for _, name := range []string{"a.xlsx", "อำเภอ/b.xlsx"} {
		writeFile(t, filepath.Join(real, name), []byte("x"))
	}
	link := filepath.Join(root, "inbox")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	got, err := ListInbox(link)
	if err != nil || len(got) != 2 || got[0].Path != filepath.Join(link, "a.xlsx") || got[1].Path != filepath.Join(link, "อำเภอ", "b.xlsx") || got[0].Problem != nil || got[1].Problem != nil {
		t.Errorf("ListInbox(link) = %+v, %v", got, err)
	}
	if got, err := ListInbox(filepath.Join(root, "none")); err != nil || len(got) != 0 {
		t.Errorf("ListInbox(missing) = %+v, %v", got, err)
	}
}

func TestUnreadableReason(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{&NotRegularError{Mode: fs.ModeSymlink}, "เป็นลิงก์"},
		{&NotRegularError{Mode: fs.ModeNamedPipe}, "ไม่ใช่ไฟล์ธรรมดา (p"},
		{&FolderError{Err: fs.ErrPermission}, "เปิดโฟลเดอร์นี้ไม่ได้ เพราะบัญชีที่รันโปรแกรมไม่มีสิทธิ์เปิด"},
		{&FolderError{Err: errors.New("input/output error")}, "เปิดโฟลเดอร์นี้ไม่ได้ ไฟล์ในโฟลเดอร์จึงไม่ได้อ่าน (input/output error)"},
		{&fs.PathError{Op: "open", Path: "x", Err: syscall.EACCES}, "ไม่มีสิทธิ์อ่านไฟล์นี้"},
		{&fs.PathError{Op: "stat", Path: "x", Err: syscall.ENOENT}, "ไฟล์หายไป"},
		{&fs.PathError{Op: "open", Path: "x", Err: syscall.EIO}, "เปิดไฟล์ไม่ได้ (open x: input/output error)"},
	} {
		if got := unreadableReason(c.err); !strings.Contains(got, c.want) {
			t.Errorf("unreadableReason(%v) = %q; want %q in it", c.err, got, c.want)
		}
	}
}

// TestCheckNamesFilesAsPeopleReadThem: a name in the Thai code page of an
// older Windows (from a zip unpacked on Linux) reads as Thai, is credited
// to the district it names and is quoted so in other files' reasons; a
// name carrying terminal commands or a bidirectional override never hands
// them on.
func TestCheckNamesFilesAsPeopleReadThem(t *testing.T) {
	enc := func(s string) string {
		b, err := charmap.Windows874.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	older := testSub("5201")
	older.asOf = day(2026, 11, 13)
	in := workspace(t, map[string][]byte{
		enc("ส่งช้า") + "/" + enc("เมืองลำปาง") + ".xlsx": testSub("5201").bytes(t),
		"5201 เก่า.xlsx":                      older.bytes(t),
		enc("แม่เมาะ ส่งใหม่") + ".xlsx":      []byte("not a workbook"),
		"\x1b]0;x\a\x1b[2J5202\u202eslx.xlsx": []byte("not a workbook either"),
	})
	ib := check(t, in)
	want := []struct {
		file, district string
		state          FileState
	}{
		{"inbox/5201 เก่า.xlsx", "5201", StateSuperseded},
		{"inbox/ส่งช้า/เมืองลำปาง.xlsx", "5201", StateAccepted},
		{"inbox/แม่เมาะ ส่งใหม่.xlsx", "5202", StateRejected},
		{"inbox/\ufffd]0;x\ufffd\ufffd[2J5202\ufffdslx.xlsx", "5202", StateRejected},
	}
	if len(ib.Files) != len(want) {
		t.Fatalf("files %+v", ib.Files)
	}
	for _, w := range want {
		f := fileResult(t, ib, strings.TrimPrefix(w.file, "inbox/"))
		if f.District != w.district || f.State != w.state {
			t.Errorf("%q: district %q state %s; want %q %s", f.File, f.District, f.State, w.district, w.state)
		}
	}
	if r := fileResult(t, ib, "5201 เก่า.xlsx").Reason; !strings.Contains(r, "inbox/ส่งช้า/เมืองลำปาง.xlsx") {
		t.Errorf("superseded reason %q does not name the newer file as it reads", r)
	}
}
