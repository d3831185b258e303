//go:build !linux

package publish

// exchange is not available here; Swap migrates with two renames.
func exchange(a, b string) error { return errNoExchange }

// syncFS is not available here; SyncTree syncs file by file.
func syncFS(dir string) error { return errNoSyncFS }
