package charts

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"
)

// contentSecurityPolicy is sent with every page lwc serve returns; the pages
// carry the same policy in a meta tag for any other web server.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"

// Handler serves a built site folder read-only, with headers that keep a
// page from loading anything from elsewhere.
func Handler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	})
}

// Serve previews the site in dir at addr (e.g. "127.0.0.1:8080"; empty: that one) until ctx
// is done. It is for checking a site on one's own computer; the intranet
// serves the published folder with its own web server.
func Serve(ctx context.Context, dir, addr string) error {
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		return fmt.Errorf("ไม่พบโฟลเดอร์เว็บไซต์ %s (สร้างด้วยคำสั่ง lwc run) / site folder not found: %w", dir, errOrNotDir(err))
	}
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("เปิดที่อยู่ %s ไม่ได้ (อาจมีโปรแกรมอื่นใช้อยู่) / listen: %w", addr, err)
	}
	srv := &http.Server{Handler: Handler(dir), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("charts: serve: %w", err)
	case <-ctx.Done():
		shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutCtx); err != nil {
			return fmt.Errorf("charts: serve: shutdown: %w", err)
		}
		if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("charts: serve: %w", err)
		}
		return nil
	}
}

func errOrNotDir(err error) error {
	if err != nil {
		return err
	}
	return errors.New("not a folder")
}
