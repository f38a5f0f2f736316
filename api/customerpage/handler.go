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
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
)

//go:embed static
var static embed.FS

// csp allows the page's own inline style and script, by their SHA-256, and
// calls to its own origin. Images may come from anywhere over https (dealer
// logos, mechanics' photos on a CDN) and from blob: (previews of the
// customer's own photos before upload).
func csp(styleHash, scriptHash string) string {
	return "default-src 'none'; script-src 'sha256-" + scriptHash + "'; style-src 'sha256-" + styleHash + "'; " +
		"img-src 'self' https: data: blob:; connect-src 'self'; font-src 'none'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
}

// The page is one file, revalidated on every visit (no-cache with an ETag: a
// new release reaches customers at once, an unchanged page costs a 304).
const cacheIndex = "no-cache"

type file struct {
	name, contentType, cacheControl, etag, csp string
	plain, gz                                  []byte
}

// Handler serves the page under basePath (for example "/app/"), at basePath
// and basePath+"index.html". Responses are gzip-compressed when the client
// accepts it.
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
	hd.Set("Content-Security-Policy", f.csp)
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

// build inlines app.css and app.js into index.html. With separate files the
// page needs three round trips before the customer's data arrives (page,
// assets, read); inlined, two. Under Chrome's "Slow 4G" each costs 562.5 ms:
// the first screen with data took about 2.0 s with separate files and comes
// well under the 1.5 s goal inlined (BenchmarkCustomerPageFirstScreen in e2e).
// The CSP allows exactly these two inline blocks by their hashes.
func build() (map[string]*file, error) {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		return nil, err
	}
	read := func(name string) ([]byte, error) { return fs.ReadFile(sub, name) }
	index, err := read("index.html")
	if err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(sub, ".")
	if err != nil {
		return nil, err
	}
	inline := map[string]struct{ tag, open, close string }{
		"app.css": {`<link rel="stylesheet" href="app.css">`, "<style>", "</style>"},
		"app.js":  {`<script src="app.js"></script>`, "<script>", "</script>"},
	}
	hashes := map[string]string{}
	for _, e := range entries {
		if e.IsDir() || e.Name() == "index.html" {
			continue
		}
		in, ok := inline[e.Name()]
		if !ok {
			return nil, fmt.Errorf("customerpage: static/%s is not inlined into index.html", e.Name())
		}
		b, err := read(e.Name())
		if err != nil {
			return nil, err
		}
		if bytes.Contains(bytes.ToLower(b), []byte("</")) {
			return nil, fmt.Errorf("customerpage: %s contains \"</\", which would end its inline block", e.Name())
		}
		if bytes.Count(index, []byte(in.tag)) != 1 {
			return nil, fmt.Errorf("customerpage: index.html must contain %s once", in.tag)
		}
		index = bytes.Replace(index, []byte(in.tag), slices.Concat([]byte(in.open), b, []byte(in.close)), 1)
		sum := sha256.Sum256(b)
		hashes[e.Name()] = base64.StdEncoding.EncodeToString(sum[:])
	}
	if len(hashes) != len(inline) {
		return nil, fmt.Errorf("customerpage: want static/app.css and static/app.js, found %v", hashes)
	}
	f, err := newFile("index.html", index, cacheIndex)
	if err != nil {
		return nil, err
	}
	f.csp = csp(hashes["app.css"], hashes["app.js"])
	return map[string]*file{"": f}, nil
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
// parses. The budget is 100 KB (handler_test.go, and printed by the e2e benchmark).
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
