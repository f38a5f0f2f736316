package workshoppage

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

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

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	r := res.Body
	if res.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The CSP allows scripts and styles from the page's origin only: nothing
// inline, no eval; and the files contain nothing that would need more.
func TestStrictCSP(t *testing.T) {
	h := Handler("/workshop/")
	for _, d := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'", "form-action 'none'", "base-uri 'none'"} {
		if !strings.Contains(CSP, d) {
			t.Errorf("CSP lacks %s: %s", d, CSP)
		}
	}
	for _, bad := range []string{"unsafe-inline", "unsafe-eval", "sha256-", "nonce-", "https:", "*"} {
		if strings.Contains(CSP, bad) {
			t.Errorf("CSP allows %s: %s", bad, CSP)
		}
	}
	index := body(t, get(t, h, "GET", "/workshop/", nil))
	if m := regexp.MustCompile(`(?is)<script[^>]*>\s*[^<\s]|<style|\sstyle=|\son[a-z]+=`).FindString(index); m != "" {
		t.Errorf("index.html has inline script or style: %q", m)
	}
	if !strings.Contains(index, `<script src="app.js" defer></script>`) || !strings.Contains(index, `<link rel="stylesheet" href="app.css">`) {
		t.Error("index.html does not load app.js and app.css from the origin")
	}
	js := body(t, get(t, h, "GET", "/workshop/app.js", nil))
	for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "new Function", "document.write", ".style.", "'style'", "setTimeout('"} {
		if strings.Contains(js, bad) {
			t.Errorf("app.js uses %s", bad)
		}
	}
}

func TestHeadersAndFiles(t *testing.T) {
	h := Handler("/workshop/")
	for path, ct := range map[string]string{
		"/workshop/": "text/html; charset=utf-8", "/workshop/index.html": "text/html; charset=utf-8",
		"/workshop/app.js": "text/javascript; charset=utf-8", "/workshop/app.css": "text/css; charset=utf-8",
	} {
		res := get(t, h, "GET", path, map[string]string{"Accept-Encoding": "gzip"})
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		for k, want := range map[string]string{"Content-Type": ct, "Content-Encoding": "gzip", "Cache-Control": "no-cache",
			"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"} {
			if got := res.Header.Get(k); got != want {
				t.Errorf("%s %s = %q, want %q", path, k, got, want)
			}
		}
		etag := res.Header.Get("ETag")
		if res := get(t, h, "GET", path, map[string]string{"If-None-Match": etag}); res.StatusCode != http.StatusNotModified {
			t.Errorf("%s with its ETag: %d", path, res.StatusCode)
		}
	}
	if res := get(t, h, "GET", "/workshop", nil); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/workshop/" {
		t.Errorf("/workshop: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	for _, p := range []string{"/workshop/nope.js", "/workshop/static/app.js", "/other/"} {
		if res := get(t, h, "GET", p, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
	if res := get(t, h, "POST", "/workshop/", nil); res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", res.StatusCode)
	}
	if res := get(t, h, "HEAD", "/workshop/app.js", nil); res.StatusCode != 200 || body(t, res) != "" {
		t.Errorf("HEAD: %d", res.StatusCode)
	}
}

// The page's own bytes stay small: it opens on a phone on the workshop's Wi-Fi.
func TestBudget(t *testing.T) {
	const budget = 100 * 1024
	n := Size()
	t.Logf("workshop screen: %d bytes uncompressed (budget %d)", n, budget)
	if n <= 0 || n > budget {
		t.Fatalf("page size %d bytes, budget %d", n, budget)
	}
}
