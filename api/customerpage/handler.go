// Package customerpage serves the customer's page: the link in every SMS and
// e-mail, <base>/#!/<KEY>. It is static HTML, CSS and JavaScript embedded in
// the binary (no framework, no build step, nothing fetched from a network);
// the page reads and answers the communication through the public customer
// endpoints of the API on the same origin. The key stays in the URL fragment,
// so it never reaches a server except in those endpoints' POST bodies.
package customerpage

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

// CSP allows only the page's own files and calls to its own origin. Images may
// come from anywhere over https (dealer logos, mechanics' photos on a CDN) and
// from blob: (previews of the customer's own photos before upload).
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data: blob:; " +
	"connect-src 'self'; font-src 'none'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"

// Cache policies: index.html must be revalidated on every visit so a new
// release reaches customers at once; the other files carry their content hash
// in their names, so they never change and may be cached for a year.
const (
	cacheIndex  = "no-cache"
	cacheAssets = "public, max-age=31536000, immutable"
)

type file struct {
	name, contentType, cacheControl, etag string
	plain, gz                             []byte
}

// Handler serves the page under basePath (for example "/app/"): the page at
// basePath and basePath+"index.html", its assets at basePath+"<name>.<hash>.<ext>".
// Responses are gzip-compressed when the client accepts it.
func Handler(basePath string) http.Handler {
	base := "/" + strings.Trim(basePath, "/") + "/"
	if base == "//" {
		base = "/"
	}
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
		// /app -> /app/ (the browser keeps the #!/KEY fragment across the redirect).
		http.Redirect(w, r, h.base, http.StatusMovedPermanently)
		return
	}
	if !strings.HasPrefix(p, h.base) {
		http.NotFound(w, r)
		return
	}
	name := strings.TrimPrefix(p, h.base)
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
	hd.Set("Cache-Control", f.cacheControl)
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

// build names every asset after its content and points index.html at those names.
func build() (map[string]*file, error) {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		return nil, err
	}
	index, err := fs.ReadFile(sub, "index.html")
	if err != nil {
		return nil, err
	}
	files := map[string]*file{}
	entries, err := fs.ReadDir(sub, ".")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.IsDir() || e.Name() == "index.html" {
			continue
		}
		b, err := fs.ReadFile(sub, e.Name())
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(e.Name())
		hashed := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:])[:12] + ext
		ref := []byte(`"` + e.Name() + `"`)
		if !bytes.Contains(index, ref) {
			return nil, fmt.Errorf("customerpage: index.html does not reference %s", e.Name())
		}
		index = bytes.ReplaceAll(index, ref, []byte(`"`+hashed+`"`))
		f, err := newFile(hashed, b, cacheAssets)
		if err != nil {
			return nil, err
		}
		files[hashed] = f
	}
	f, err := newFile("index.html", index, cacheIndex)
	if err != nil {
		return nil, err
	}
	files[""] = f
	return files, nil
}

func newFile(name string, b []byte, cache string) (*file, error) {
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
	if strings.HasPrefix(ct, "text/") && !strings.Contains(ct, "charset") {
		ct += "; charset=utf-8"
	}
	sum := sha256.Sum256(b)
	return &file{name: name, contentType: ct, cacheControl: cache, etag: `"` + hex.EncodeToString(sum[:])[:16] + `"`, plain: b, gz: buf.Bytes()}, nil
}

// Size is the page's own bytes, uncompressed: what a customer's browser
// parses. The budget is 100 KB (handler_test.go).
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
