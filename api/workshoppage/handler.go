// Package workshoppage serves the mechanic's screen at /workshop/ (issue
// #22): a phone-first page embedded in the binary, static HTML, CSS and
// JavaScript with no framework, no build step and nothing fetched from
// another origin. The mechanic signs in with the staff sign-in (POST
// /v1/auth/login), picks one of today's cars (GET /v1/appointments, times
// in the location's zone from GET /v1/workshop/locations), picks a
// checklist and walks it through the workshop endpoints (api/workshop).
//
// Unlike the customer page (api/customerpage), which inlines its CSS and
// JavaScript by hash to save a round trip on a customer's first visit, this
// page is opened all day on the same phone: app.js and app.css are separate
// files from its own origin, and the CSP allows no inline script or style
// at all.
package workshoppage

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

//go:embed static
var static embed.FS

// CSP: scripts, styles and calls only from the page's own origin, nothing
// inline; images from the origin and blob: (previews of the photos the
// mechanic just took, before and while they upload).
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; " +
	"font-src 'none'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"

// Every file is revalidated on every visit (no-cache with an ETag): a new
// release reaches the workshop at once, an unchanged file costs a 304.
const cacheControl = "no-cache"

type file struct {
	contentType, etag string
	plain, gz         []byte
}

// Handler serves the page under basePath (for example "/workshop/"):
// index.html at basePath, and its app.js and app.css.
func Handler(basePath string) http.Handler {
	base := "/" + strings.Trim(basePath, "/") + "/"
	files, err := build()
	if err != nil {
		panic(err) // the embedded files are fixed at compile time; the tests build them
	}
	return &handler{base: base, files: files}
}

type handler struct {
	base  string
	files map[string]*file // by served name; "" is index.html
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
	hd.Set("Cache-Control", cacheControl)
	hd.Set("ETag", f.etag)
	hd.Set("Vary", "Accept-Encoding")
	hd.Set("Content-Security-Policy", CSP)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("X-Frame-Options", "DENY")
	if match := r.Header.Get("If-None-Match"); match != "" && etagMatches(match, f.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := f.plain
	if acceptsGzip(r.Header.Get("Accept-Encoding")) {
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

// acceptsGzip reads Accept-Encoding, honouring "gzip;q=0" as a refusal.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		enc, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if e := strings.ToLower(strings.TrimSpace(enc)); e != "gzip" && e != "*" {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		return q > 0
	}
	return false
}

// served are the page's files; anything else in static/ is refused at build.
var served = []string{"index.html", "app.js", "app.css"}

func build() (map[string]*file, error) {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(sub, ".")
	if err != nil {
		return nil, err
	}
	out := map[string]*file{}
	for _, e := range entries {
		known := false
		for _, n := range served {
			known = known || e.Name() == n
		}
		if e.IsDir() || !known {
			return nil, fmt.Errorf("workshoppage: static/%s is not served", e.Name())
		}
		b, err := fs.ReadFile(sub, e.Name())
		if err != nil {
			return nil, err
		}
		f, err := newFile(e.Name(), b)
		if err != nil {
			return nil, err
		}
		key := e.Name()
		if key == "index.html" {
			key = ""
		}
		out[key] = f
	}
	if len(out) != len(served) {
		return nil, fmt.Errorf("workshoppage: want static/%v, found %d files", served, len(out))
	}
	return out, nil
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

// Size is the page's own bytes, uncompressed.
func Size() int {
	files, err := build()
	if err != nil {
		return -1
	}
	n := 0
	for _, f := range files {
		n += len(f.plain)
	}
	return n
}
