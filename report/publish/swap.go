package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// Stage creates an empty staging folder next to live, on the same
// filesystem, for the caller to fill and then pass to Swap.
func Stage(live string) (string, error) {
	live = filepath.Clean(live)
	parent, base := filepath.Dir(live), filepath.Base(live)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", fmt.Errorf("stage %s: %w", live, err)
	}
	dir, err := os.MkdirTemp(parent, stagingPrefix(base))
	if err != nil {
		return "", fmt.Errorf("stage %s: %w", live, err)
	}
	// MkdirTemp makes 0700; a web server reading the published folder is
	// usually another user.
	if err := os.Chmod(dir, 0o755); err != nil {
		return "", fmt.Errorf("stage %s: %w", live, err)
	}
	return dir, nil
}

func stagingPrefix(base string) string { return "." + base + ".staging-" }
func versionPrefix(base string) string { return "." + base + ".v" }
func linkTemp(base string) string      { return "." + base + ".link" }

func versionName(base string, n int) string {
	return fmt.Sprintf("%s%06d", versionPrefix(base), n)
}

// Swap publishes the fully written folder staged at live: afterwards live is
// a symbolic link to it (see the package documentation). staged must be on
// the same filesystem as live (Stage makes sure of it); it is renamed, not
// copied, and must not be used by the caller afterwards. The version that was
// live before is kept, older ones and leftovers of killed runs are removed.
// Call it under the workspace lock.
func Swap(staged, live string) error {
	live = filepath.Clean(live)
	parent, base := filepath.Dir(live), filepath.Base(live)
	if st, err := os.Lstat(staged); err != nil {
		return fmt.Errorf("publish %s: %w", live, err)
	} else if !st.IsDir() {
		return fmt.Errorf("publish %s: %s is not a folder", live, staged)
	}

	// What is live now: nothing (first run), a link to a version, or an
	// ordinary folder from an older setup.
	var previous string // name in parent of the version live before, if ours
	liveIsDir := false
	switch st, err := os.Lstat(live); {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return fmt.Errorf("publish %s: %w", live, err)
	case st.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(live)
		if err != nil {
			return fmt.Errorf("publish %s: %w", live, err)
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(parent, target)
		}
		if filepath.Dir(target) == parent {
			previous = filepath.Base(target)
		}
	case st.IsDir():
		liveIsDir = true
	default:
		return fmt.Errorf("publish %s: it exists and is neither a folder nor a link", live)
	}

	next := 1
	for _, n := range versions(parent, base) {
		next = max(next, n+1)
	}
	if liveIsDir {
		previous = versionName(base, next)
		next++
	}
	current := versionName(base, next)

	// The version must be on disk before a link can make it visible.
	if err := SyncTree(staged); err != nil {
		return fmt.Errorf("publish %s: %w", live, err)
	}
	if err := os.Rename(staged, filepath.Join(parent, current)); err != nil {
		if errors.Is(err, syscall.EXDEV) {
			return fmt.Errorf("publish %s: the staging folder %s must be on the same filesystem (use publish.Stage): %w", live, staged, err)
		}
		return fmt.Errorf("publish %s: %w", live, err)
	}

	tmp := filepath.Join(parent, linkTemp(base))
	if err := os.RemoveAll(tmp); err != nil { // a leftover of a killed run
		return fmt.Errorf("publish %s: %w", live, err)
	}
	if err := os.Symlink(current, tmp); err != nil {
		return fmt.Errorf("publish %s: %w", live, err)
	}
	if liveIsDir {
		if err := migrate(tmp, live, filepath.Join(parent, previous)); err != nil {
			return fmt.Errorf("publish %s: %w", live, err)
		}
	} else if err := os.Rename(tmp, live); err != nil {
		return fmt.Errorf("publish %s: %w", live, err)
	}
	if err := SyncDir(parent); err != nil {
		return fmt.Errorf("publish %s: %w", live, err)
	}

	// Leftovers are harmless and the next Swap tries again, so a failure to
	// remove one does not fail a publish that has already happened.
	cleanup(parent, base, current, previous)
	return nil
}

// migrate replaces the ordinary folder live by the link tmp, keeping the
// folder under the name keep.
func migrate(tmp, live, keep string) error {
	err := exchange(tmp, live)
	if err == nil {
		// tmp now names the old folder; a crash before this rename leaves it
		// there, and the next Swap removes it as a leftover.
		return os.Rename(tmp, keep)
	}
	if !errors.Is(err, errNoExchange) {
		return err
	}
	// No atomic exchange on this system: for a moment live does not exist.
	if err := os.Rename(live, keep); err != nil {
		return err
	}
	return os.Rename(tmp, live)
}

// versions returns the numbers of the version folders of base in parent.
func versions(parent, base string) []int {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil
	}
	var ns []int
	prefix := versionPrefix(base)
	for _, e := range entries {
		if n, ok := strings.CutPrefix(e.Name(), prefix); ok {
			if v, err := strconv.Atoi(n); err == nil && v >= 0 {
				ns = append(ns, v)
			}
		}
	}
	return ns
}

// cleanup removes versions other than current and previous, staging folders
// and the temporary link left by killed runs.
func cleanup(parent, base, current, previous string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if name == current || name == previous {
			continue
		}
		if strings.HasPrefix(name, versionPrefix(base)) || strings.HasPrefix(name, stagingPrefix(base)) ||
			name == linkTemp(base) {
			os.RemoveAll(filepath.Join(parent, name))
		}
	}
}
