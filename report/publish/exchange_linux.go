//go:build linux

package publish

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// exchange atomically swaps the names a and b (renameat2(2) with
// RENAME_EXCHANGE: Linux 3.15+, most local filesystems). It returns
// errNoExchange where that is not supported.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EINVAL):
		return errNoExchange
	}
	return &os.LinkError{Op: "renameat2", Old: a, New: b, Err: err}
}

// syncFS flushes the whole filesystem that holds dir (syncfs(2)): one
// journal commit for a tree of two thousand new files, where fsync on
// each costs one commit per file (seconds on a virtual disk). Since Linux
// 5.8 it reports write-back errors.
func syncFS(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	switch err := unix.Syncfs(int(f.Fd())); {
	case err == nil:
		return nil
	case errors.Is(err, unix.ENOSYS):
		return errNoSyncFS // a kernel or sandbox without it
	default:
		return &os.PathError{Op: "syncfs", Path: dir, Err: err}
	}
}
