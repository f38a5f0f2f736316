// Package pagefiles serves a screen's embedded files: the part every screen
// (the customer's page, the mechanic's screen, and the desk console, counter
// tablet and kiosk after them) would otherwise copy. Each file is compressed
// and given an ETag once at start-up; a request gets its Content-Type, the
// page's Cache-Control and Content-Security-Policy, the other security
// headers, a 304 for a matching If-None-Match, gzip when the client accepts
// it (gzip;q=0 is a refusal) and no body for HEAD.
//
// What differs between screens stays in their packages: which files they
// embed, whether they are served as one file (Inlined: the customer page,
// the desk console, counter tablet and kiosk) or as separate files (Screen:
// the mechanic's screen), the CSP and the cache policy.
package pagefiles

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/pitstop-dev/pitstop/internal/httpgzip"
)

// Page is what a screen serves.
type Page struct {
	// Files are the served files by name; "index.html" is also served at
	// the base path itself.
	Files map[string][]byte
	// CSP is the Content-Security-Policy of every response.
	CSP string
	// CacheControl is the Cache-Control of every response, for example
	// "no-cache" (revalidated on every visit: a new release reaches the
	// screen at once, an unchanged file costs a 304).
	CacheControl string
}

// ReadDir reads exactly the files named in served from dir in fsys (an
// embed.FS, usually): a missing file, a sub-directory or any other file is
// an error, so nothing reaches the binary's screens by accident.
func ReadDir(fsys fs.FS, dir string, served ...string) (map[string][]byte, error) {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(sub, ".")
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, e := range entries {
		if e.IsDir() || !slices.Contains(served, e.Name()) {
			return nil, fmt.Errorf("pagefiles: %s/%s is not served", dir, e.Name())
		}
		b, err := fs.ReadFile(sub, e.Name())
		if err != nil {
			return nil, err
		}
		out[e.Name()] = b
	}
	if len(out) != len(served) {
		return nil, fmt.Errorf("pagefiles: want %s/%v, found %d files", dir, served, len(out))
	}
	return out, nil
}

// Size is the files' bytes, uncompressed: what a browser parses.
func Size(files map[string][]byte) int {
	n := 0
	for _, b := range files {
		n += len(b)
	}
	return n
}

type file struct {
	contentType, etag string
	plain, gz         []byte
}

type handler struct {
	base              string
	csp, cacheControl string
	files             map[string]*file // by served name; "" is index.html
}

// Handler serves p under basePath (for example "/app/"): its files at
// basePath+name, index.html also at basePath, and basePath without its
// slash redirected to basePath (a browser keeps the URL fragment across
// the redirect).
func Handler(basePath string, p Page) (http.Handler, error) {
	base := "/" + strings.Trim(basePath, "/") + "/"
	if base == "//" {
		base = "/"
	}
	if p.CSP == "" || p.CacheControl == "" {
		return nil, fmt.Errorf("pagefiles: a page needs a CSP and a Cache-Control")
	}
	h := &handler{base: base, csp: p.CSP, cacheControl: p.CacheControl, files: map[string]*file{}}
	for name, b := range p.Files {
		f, err := newFile(name, b)
		if err != nil {
			return nil, err
		}
		key := name
		if key == "index.html" {
			key = ""
		}
		h.files[key] = f
	}
	return h, nil
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if p+"/" == h.base {
		http.Redirect(w, r, h.base, http.StatusMovedPermanently)
		return
	}
	name, ok := strings.CutPrefix(p, h.base)
	if !ok {
		http.NotFound(w, r)
		return
	}
	if name == "index.html" {
		name = ""
	}
	f, ok := h.files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", f.contentType)
	hd.Set("Cache-Control", h.cacheControl)
	hd.Set("ETag", f.etag)
	hd.Set("Vary", "Accept-Encoding")
	hd.Set("Content-Security-Policy", h.csp)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("X-Frame-Options", "DENY")
	if match := r.Header.Get("If-None-Match"); match != "" && etagMatches(match, f.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := f.plain
	if httpgzip.Accepts(r.Header.Get("Accept-Encoding")) {
		hd.Set("Content-Encoding", "gzip")
		body = f.gz
	}
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(body)
}

func etagMatches(header, etag string) bool {
	for _, m := range strings.Split(header, ",") {
		m = strings.TrimPrefix(strings.TrimSpace(m), "W/")
		if m == etag || m == "*" {
			return true
		}
	}
	return false
}

func newFile(name string, b []byte) (*file, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	if !strings.Contains(ct, "charset") && (strings.HasPrefix(ct, "text/") || strings.Contains(ct, "javascript")) {
		ct += "; charset=utf-8"
	}
	sum := sha256.Sum256(b)
	return &file{contentType: ct, etag: `"` + hex.EncodeToString(sum[:])[:16] + `"`, plain: b, gz: buf.Bytes()}, nil
}
