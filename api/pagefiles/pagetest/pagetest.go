// Package pagetest checks what every embedded screen (api/pagefiles) must
// do, for the screens' own tests: a strict CSP that allows only the page's
// own inlined blocks, no HTML or style injection in its scripts, the headers of every
// file, 304 for its ETag, the redirect of the bare path, 404 for anything
// else, 405 for a POST and no body for HEAD; and the budget of a screen's
// own bytes.
package pagetest

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// Get answers method path on h with the headers hdr.
func Get(t testing.TB, h http.Handler, method, path string, hdr map[string]string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

// Body is res's body, gunzipped when it is gzip.
func Body(t testing.TB, res *http.Response) string {
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

// CheckScreen checks the screen h serves at base ("/desk/") as one file
// (pagefiles.Inlined): index.html with its stylesheet and its scripts
// (scripts of them) inlined, each allowed by its hash in the policy csp and
// nothing else inline; no HTML or style injection in the scripts; and the
// headers, caching and answers every screen gives.
func CheckScreen(t *testing.T, h http.Handler, base, csp string, scripts int) {
	t.Helper()
	for _, d := range []string{"default-src 'none'", "script-src 'sha256-", "style-src 'sha256-", "connect-src 'self'", "frame-ancestors 'none'", "form-action 'none'", "base-uri 'none'"} {
		if !strings.Contains(csp, d) {
			t.Errorf("CSP lacks %s: %s", d, csp)
		}
	}
	for _, bad := range []string{"unsafe-inline", "unsafe-eval", "unsafe-hashes", "nonce-", "https:", "*", "script-src 'self'", "style-src 'self'"} {
		if strings.Contains(csp, bad) {
			t.Errorf("CSP allows %s: %s", bad, csp)
		}
	}
	index := Body(t, Get(t, h, "GET", base, nil))
	if m := regexp.MustCompile(`(?i)<script[^>]*\ssrc=|<link[^>]*stylesheet|\sstyle=|\son[a-z]+=`).FindString(index); m != "" {
		t.Errorf("index.html loads a file or has inline code outside its blocks: %q", m)
	}
	blocks := func(tag, directive string) []string {
		var out []string
		for _, m := range regexp.MustCompile(`(?s)<`+tag+`>(.*?)</`+tag+`>`).FindAllStringSubmatch(index, -1) {
			sum := sha256.Sum256([]byte(m[1]))
			if h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(csp, h) {
				t.Errorf("a <%s> block is not allowed by the CSP's %s (%s)", tag, directive, h)
			}
			out = append(out, m[1])
		}
		return out
	}
	if n := len(blocks("style", "style-src")); n != 1 {
		t.Errorf("%d <style> blocks, want 1", n)
	}
	js := blocks("script", "script-src")
	if len(js) != scripts {
		t.Errorf("%d <script> blocks, want %d", len(js), scripts)
	}
	if got := strings.Count(csp, "'sha256-"); got != 1+scripts {
		t.Errorf("the CSP allows %d hashes, want %d (nothing beyond the page's own blocks)", got, 1+scripts)
	}
	for _, code := range js {
		for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "new Function", "document.write", ".style.", "'style'", "setTimeout('"} {
			if strings.Contains(code, bad) {
				t.Errorf("a script uses %s", bad)
			}
		}
	}
	for path, ct := range map[string]string{base: "text/html; charset=utf-8", base + "index.html": "text/html; charset=utf-8"} {
		res := Get(t, h, "GET", path, map[string]string{"Accept-Encoding": "gzip"})
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		for k, want := range map[string]string{"Content-Type": ct, "Content-Encoding": "gzip", "Cache-Control": "no-cache",
			"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"} {
			if got := res.Header.Get(k); got != want {
				t.Errorf("%s %s = %q, want %q", path, k, got, want)
			}
		}
		if res := Get(t, h, "GET", path, map[string]string{"If-None-Match": res.Header.Get("ETag")}); res.StatusCode != http.StatusNotModified {
			t.Errorf("%s with its ETag: %d", path, res.StatusCode)
		}
	}
	bare := strings.TrimSuffix(base, "/")
	if res := Get(t, h, "GET", bare, nil); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != base {
		t.Errorf("%s: %d %s", bare, res.StatusCode, res.Header.Get("Location"))
	}
	// The inlined files are not served on their own.
	for _, p := range []string{base + "app.js", base + "app.css", base + "screen.js", base + "nope.js", base + "static/app.js", "/other/"} {
		if res := Get(t, h, "GET", p, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
	if res := Get(t, h, "POST", base, nil); res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", res.StatusCode)
	}
	if res := Get(t, h, "HEAD", base, nil); res.StatusCode != 200 || Body(t, res) != "" {
		t.Errorf("HEAD: %d", res.StatusCode)
	}
}

// Budget is a screen's own bytes at most (issue #23: 150 KB each).
const Budget = 150 * 1024

// CheckBudget checks that the screen name's own bytes n (its Size, -1 when
// it cannot be built) are within Budget.
func CheckBudget(t *testing.T, name string, n int) {
	t.Helper()
	t.Logf("%s: %d bytes uncompressed (budget %d)", name, n, Budget)
	if n <= 0 || n > Budget {
		t.Fatalf("%s: page size %d bytes, budget %d", name, n, Budget)
	}
}
