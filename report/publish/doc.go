// Package publish puts finished outputs in front of readers without ever
// showing them a half-written state, and keeps two runs of lwc from working
// on one workspace at the same time.
//
// # Atomic switch (Swap)
//
// The live path (the site folder a web server serves, or the outputs folder)
// is a symbolic link to a version folder next to it:
//
//	site -> .site.v000042/
//	.site.v000041/   the previous version, kept
//	.site.v000042/   the current version
//
// A run writes the new version into a staging folder (Stage), then Swap
// renames it to the next version name and replaces the link by renaming a new
// link over it. rename(2) is atomic, so a reader that opens site/index.html
// resolves either the old or the new link, and each version folder is
// complete before it is linked: readers see last week's site or this week's,
// never a mix or a missing file. A run killed at any moment leaves the link
// pointing to a complete version; leftovers of the killed run (a staging
// folder, an unlinked version) are removed by the next Swap.
//
// Web servers follow a symbolic link given as the document root (nginx
// resolves it per request; Apache needs Options FollowSymLinks only for links
// inside the tree). The link target is relative, so the workspace can move.
//
// The first Swap creates the link. When the live path is an ordinary folder
// from an older setup, Swap exchanges it for the link with renameat2
// RENAME_EXCHANGE (Linux), so even the migration is atomic; the old folder
// becomes the kept previous version. Where the exchange is not supported it
// falls back to two renames with a moment without a live path in between.
//
// Swap must run under the workspace lock: it removes leftovers it assumes no
// other process is writing.
//
// # Workspace lock (Lock)
//
// Lock takes flock(2) on <root>/.lwc.lock. The kernel releases the lock when
// the holding process exits for any reason, including SIGKILL or a crash, so
// a stale lock never blocks the next Monday's run. The file itself is never
// removed (removing a lock file races with a process that has just opened
// it); it holds the holder's pid, host and start time only for the refusal
// message. flock is reliable on local filesystems; keep the workspace off NFS.
package publish
