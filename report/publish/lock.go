package publish

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// LockFile is the workspace lock's file name at the workspace root.
const LockFile = ".lwc.lock"

// Holder says who holds the workspace lock.
type Holder struct {
	PID     int       `json:"pid"`
	Host    string    `json:"host"`
	Started time.Time `json:"started"`
}

// LockedError is returned by Lock when another process holds the lock.
type LockedError struct {
	Path   string
	Holder Holder // zero when the holder has not written it yet
}

// ErrLocked matches a *LockedError with errors.Is.
var ErrLocked = errors.New("workspace locked")

func (e *LockedError) Error() string {
	who := "โปรแกรม lwc อีกตัวหนึ่ง"
	if e.Holder.PID != 0 {
		who = fmt.Sprintf("lwc (pid %d บนเครื่อง %s เริ่มเมื่อ %s)", e.Holder.PID, e.Holder.Host,
			e.Holder.Started.Format("2006-01-02 15:04:05 -0700"))
	}
	return fmt.Sprintf("มีการทำงานอื่นกำลังใช้โฟลเดอร์งานนี้อยู่: %s ถือล็อก %s อยู่ — "+
		"รอให้ทำงานเสร็จก่อนแล้วจึงสั่งใหม่ (ล็อกจะปลดเองเมื่อโปรแกรมนั้นจบหรือถูกหยุด)", who, e.Path)
}

// Is makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// Lock takes the workspace lock of root, or returns a *LockedError naming
// the holder when another process has it. started is the run's start time
// (wall clock), shown to a run that is refused. release gives the lock up;
// the kernel also gives it up when the process ends in any way.
func Lock(root string, started time.Time) (release func() error, err error) {
	path := filepath.Join(root, LockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("เปิดไฟล์ล็อก %s ไม่ได้: %w", path, err)
	}
	if err := flock(f, syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		defer f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			le := &LockedError{Path: path}
			if data, rerr := os.ReadFile(path); rerr == nil {
				json.Unmarshal(data, &le.Holder) // best effort: only for the message
			}
			return nil, le
		}
		return nil, fmt.Errorf("ล็อกโฟลเดอร์งาน %s ไม่ได้: %w", path, err)
	}
	host, _ := os.Hostname()
	info, _ := json.Marshal(Holder{PID: os.Getpid(), Host: host, Started: started})
	if err := writeHolder(f, append(info, '\n')); err != nil {
		f.Close() // closing releases the flock
		return nil, fmt.Errorf("เขียนไฟล์ล็อก %s ไม่ได้: %w", path, err)
	}
	released := false
	return func() error {
		if released {
			return nil
		}
		released = true
		// Empty the file first so a reader never names a finished run; the
		// file stays (see the package documentation).
		terr := f.Truncate(0)
		uerr := flock(f, syscall.LOCK_UN)
		cerr := f.Close()
		if err := errors.Join(terr, uerr, cerr); err != nil {
			return fmt.Errorf("ปลดล็อก %s: %w", path, err)
		}
		return nil
	}, nil
}

func writeHolder(f *os.File, data []byte) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	if _, err := f.WriteAt(data, 0); err != nil {
		return err
	}
	return f.Sync()
}

// flock retries on EINTR, which a signal during the call can cause.
func flock(f *os.File, how int) error {
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if err != syscall.EINTR {
			return err
		}
	}
}
