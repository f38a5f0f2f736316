package deskpage

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
	h := Handler("/desk/")
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
	index := body(t, get(t, h, "GET", "/desk/", nil))
	if m := regexp.MustCompile(`(?is)<script[^>]*>\s*[^<\s]|<style|\sstyle=|\son[a-z]+=`).FindString(index); m != "" {
		t.Errorf("index.html has inline script or style: %q", m)
	}
	if !strings.Contains(index, `<script src="app.js" defer></script>`) || !strings.Contains(index, `<link rel="stylesheet" href="app.css">`) {
		t.Error("index.html does not load app.js and app.css from the origin")
	}
	js := body(t, get(t, h, "GET", "/desk/app.js", nil))
	for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "new Function", "document.write", ".style.", "'style'", "setTimeout('"} {
		if strings.Contains(js, bad) {
			t.Errorf("app.js uses %s", bad)
		}
	}
}

func TestHeadersAndFiles(t *testing.T) {
	h := Handler("/desk/")
	for path, ct := range map[string]string{
		"/desk/": "text/html; charset=utf-8", "/desk/index.html": "text/html; charset=utf-8",
		"/desk/app.js": "text/javascript; charset=utf-8", "/desk/app.css": "text/css; charset=utf-8",
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
	if res := get(t, h, "GET", "/desk", nil); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/desk/" {
		t.Errorf("/desk: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	for _, p := range []string{"/desk/nope.js", "/desk/static/app.js", "/other/"} {
		if res := get(t, h, "GET", p, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
	if res := get(t, h, "POST", "/desk/", nil); res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", res.StatusCode)
	}
	if res := get(t, h, "HEAD", "/desk/app.js", nil); res.StatusCode != 200 || body(t, res) != "" {
		t.Errorf("HEAD: %d", res.StatusCode)
	}
}

// The console's own bytes stay within the screens' budget (issue #23:
// own bytes <= 150 KB each).
func TestBudget(t *testing.T) {
	const budget = 150 * 1024
	n := Size()
	t.Logf("desk console: %d bytes uncompressed (budget %d)", n, budget)
	if n <= 0 || n > budget {
		t.Fatalf("page size %d bytes, budget %d", n, budget)
	}
}

// The console's strings: every key of en-GB in every language, none left
// in English, and no language with a key en-GB lacks (read from app.js
// as text, so the check needs no browser).
func TestEveryStringInFourLanguages(t *testing.T) {
	js := body(t, get(t, Handler("/desk/"), "GET", "/desk/app.js", nil))
	keys := regexp.MustCompile(`(?m)^\s+'([a-z]{2}-[A-Z]{2})': \{$`)
	idx := keys.FindAllStringSubmatchIndex(js, -1)
	if len(idx) != 4 {
		t.Fatalf("%d languages in app.js, want 4", len(idx))
	}
	entry := regexp.MustCompile(`(?:^|[\s,{])([a-zA-Z_0-9]+): '((?:[^'\\]|\\.)*)'`)
	dicts := map[string]map[string]string{}
	for i, m := range idx {
		end := len(js)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		part := js[m[1]:end]
		if j := strings.Index(part, "\n    }"); j >= 0 {
			part = part[:j]
		}
		d := map[string]string{}
		for _, e := range entry.FindAllStringSubmatch(part, -1) {
			d[e[1]] = e[2]
		}
		dicts[js[m[2]:m[3]]] = d
	}
	en := dicts["en-GB"]
	if len(en) < 100 {
		t.Fatalf("en-GB has %d strings; the parse is broken", len(en))
	}
	// Words that are the same in a language by nature.
	same := map[string]bool{"wo": true, "live": true, "ch1": true, "ch2": true, "ch3": true, "ticketN": true, "pinIs": true, "deskEvent": true,
		"fr-FR:signatureAlt": true, "fr-FR:actions": true}
	for _, l := range []string{"nl-NL", "fr-FR", "de-DE"} {
		d := dicts[l]
		for k, v := range en {
			if d[k] == "" {
				t.Errorf("%s lacks %s", l, k)
			} else if d[k] == v && !same[k] && !same[l+":"+k] {
				t.Errorf("%s:%s is still English: %q", l, k, v)
			}
		}
		for k := range d {
			if _, ok := en[k]; !ok {
				t.Errorf("%s has %s, which en-GB lacks", l, k)
			}
		}
	}
}
