package customerpage

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/pitstop-dev/pitstop/internal/currency"
)

// The page's own bytes (HTML, CSS, JS; fonts are the system's) stay under
// 100 KB uncompressed: it opens on a phone with a weak signal.
func TestBudget(t *testing.T) {
	const budget = 100 * 1024
	n := Size()
	t.Logf("customer page: %d bytes uncompressed (budget %d)", n, budget)
	if n <= 0 || n > budget {
		t.Fatalf("page size %d bytes, budget %d", n, budget)
	}
}

func get(t *testing.T, h http.Handler, method, path string, hdr map[string]string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

// The page's own headers, its inlined CSS and JavaScript allowed by hash,
// and only the page served. The serving itself (gzip negotiation, ETag and
// 304, HEAD, methods) is api/pagefiles' and tested there.
func TestHeaders(t *testing.T) {
	h := Handler("/app/")
	res := get(t, h, "GET", "/app/", map[string]string{"Accept-Encoding": "gzip, deflate, br"})
	if res.StatusCode != 200 {
		t.Fatalf("index: %d", res.StatusCode)
	}
	for k, want := range map[string]string{
		"Content-Encoding": "gzip", "Cache-Control": "no-cache", "Vary": "Accept-Encoding",
		"Content-Type": "text/html; charset=utf-8", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
	} {
		if got := res.Header.Get(k); got != want {
			t.Errorf("index %s = %q, want %q", k, got, want)
		}
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	index, _ := io.ReadAll(zr)
	// CSS and JS are inlined (one round trip less on a slow phone network);
	// the CSP allows exactly these blocks by their SHA-256 and nothing inline else.
	csp := res.Header.Get("Content-Security-Policy")
	for _, d := range []string{"default-src 'none'", "connect-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, d) {
			t.Errorf("CSP %q lacks %q", csp, d)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP %q allows any inline code", csp)
	}
	for _, b := range []struct{ directive, re string }{
		{"script-src", `(?s)<script>(.*?)</script>`}, {"style-src", `(?s)<style>(.*?)</style>`},
	} {
		blocks := regexp.MustCompile(b.re).FindAllSubmatch(index, -1)
		if len(blocks) != 1 || len(blocks[0][1]) < 1000 {
			t.Fatalf("index.html should inline one %s block, found %d", b.directive, len(blocks))
		}
		sum := sha256.Sum256(blocks[0][1])
		want := b.directive + " 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
		if !strings.Contains(csp, want+";") {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if regexp.MustCompile(`<(?:script|link)[^>]+(?:src|href)=`).Match(index) {
		t.Errorf("index.html still loads a script or style sheet:\n%s", index)
	}
	plain := get(t, h, "GET", "/app/", nil)
	body, _ := io.ReadAll(plain.Body)
	if plain.Header.Get("Content-Encoding") != "" || !bytes.Equal(body, index) {
		t.Errorf("without Accept-Encoding the page must be served plain")
	}
	if res := get(t, h, "GET", "/app/index.html", nil); res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("index.html: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	if res := get(t, h, "GET", "/app", nil); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/app/" {
		t.Errorf("/app: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	for _, p := range []string{"/app/app.js", "/app/app.css", "/app/missing", "/other/"} {
		if res := get(t, h, "GET", p, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404 (only the page is served)", p, res.StatusCode)
		}
	}
}

// The page fetches nothing from elsewhere: no absolute URLs to other hosts in its files.
func TestNoExternalResources(t *testing.T) {
	page, err := build()
	if err != nil {
		t.Fatal(err)
	}
	ext := regexp.MustCompile(`(?:src|href|url)\s*[=(]\s*["']?(?:https?:)?//`)
	for name, b := range page.Files {
		if m := ext.Find(b); m != nil {
			t.Errorf("%q references an external resource: %s", name, m)
		}
	}
}

// The page names prices in the currency of the location's country by the
// same table as the server's screens and PDF (internal/currency).
func TestCurrencyTableMatchesTheServers(t *testing.T) {
	js, err := static.ReadFile("static/app.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`var CURRENCY = \{([^}]*)\}`).FindSubmatch(js)
	if m == nil {
		t.Fatal("app.js has no CURRENCY table")
	}
	got := map[string]string{}
	for _, e := range regexp.MustCompile(`([A-Z]{2}): '([A-Z]{3})'`).FindAllSubmatch(m[1], -1) {
		got[string(e[1])] = string(e[2])
	}
	if want := currency.Table(); !maps.Equal(got, want) {
		t.Errorf("app.js prices %v, internal/currency %v", got, want)
	}
	if !bytes.Contains(js, []byte(`|| '`+currency.Euro+`'`)) {
		t.Errorf("app.js does not fall back to %s", currency.Euro)
	}
}
