//go:build !(linux && (amd64 || arm64))

package publish

// exchange is not available here; Swap migrates with two renames.
func exchange(a, b string) error { return errNoExchange }
