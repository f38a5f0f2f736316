package pagefiles

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

const testCSP = "default-src 'none'; script-src 'self'"

var (
	indexHTML = []byte("<!doctype html><title>t</title>" + strings.Repeat("<p>hello</p>", 50))
	appJS     = []byte("'use strict';" + strings.Repeat("console.log(1);", 50))
)

func testHandler(t *testing.T, base string) http.Handler {
	t.Helper()
	h, err := Handler(base, Page{
		Files:        map[string][]byte{"index.html": indexHTML, "app.js": appJS, "logo.bin": {1, 2, 3}},
		CSP:          testCSP,
		CacheControl: "no-cache",
	})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func do(t *testing.T, h http.Handler, method, path string, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Every response carries its type, the page's cache policy and CSP, an ETag
// and the security headers; the body is the file, compressed or not.
func TestHeaders(t *testing.T) {
	h := testHandler(t, "/p/")
	for _, c := range []struct {
		path, ct string
		body     []byte
	}{
		{"/p/", "text/html; charset=utf-8", indexHTML},
		{"/p/index.html", "text/html; charset=utf-8", indexHTML},
		{"/p/app.js", "text/javascript; charset=utf-8", appJS},
		{"/p/logo.bin", "application/octet-stream", []byte{1, 2, 3}},
	} {
		for _, gz := range []bool{false, true} {
			hdr := map[string]string{}
			if gz {
				hdr["Accept-Encoding"] = "gzip"
			}
			res, b := do(t, h, "GET", c.path, hdr)
			if res.StatusCode != 200 {
				t.Fatalf("%s: %d", c.path, res.StatusCode)
			}
			wantEnc := ""
			if gz {
				wantEnc = "gzip"
			}
			for k, want := range map[string]string{
				"Content-Type": c.ct, "Cache-Control": "no-cache", "Content-Security-Policy": testCSP,
				"Vary": "Accept-Encoding", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
				"X-Frame-Options": "DENY", "Content-Encoding": wantEnc, "Content-Length": strconv.Itoa(len(b)),
			} {
				if got := res.Header.Get(k); got != want {
					t.Errorf("%s gzip=%v %s = %q, want %q", c.path, gz, k, got, want)
				}
			}
			if gz {
				b = gunzip(t, b)
			}
			if !bytes.Equal(b, c.body) {
				t.Errorf("%s gzip=%v: body differs from the file", c.path, gz)
			}
			if etag := res.Header.Get("ETag"); len(etag) != 18 || etag[0] != '"' || etag[17] != '"' {
				t.Errorf("%s ETag %q, want a quoted 16-digit hash", c.path, etag)
			}
		}
	}
	res1, _ := do(t, h, "GET", "/p/", nil)
	res2, _ := do(t, h, "GET", "/p/app.js", nil)
	if res1.Header.Get("ETag") == res2.Header.Get("ETag") {
		t.Errorf("different files share the ETag %s", res1.Header.Get("ETag"))
	}
}

// Accept-Encoding is honoured by its q-values: gzip;q=0 is a refusal.
func TestGzipNegotiation(t *testing.T) {
	h := testHandler(t, "/p/")
	for ae, want := range map[string]bool{
		"": false, "gzip": true, "GZIP": true, "gzip, deflate, br": true, "br, gzip": true,
		"gzip;q=0": false, "gzip; q=0": false, "gzip;q=0.0": false, "deflate, gzip;q=0": false,
		"gzip;q=0.5": true, "*": true, "*;q=0": false, "br": false, "identity": false,
	} {
		res, b := do(t, h, "GET", "/p/app.js", map[string]string{"Accept-Encoding": ae})
		if got := res.Header.Get("Content-Encoding") == "gzip"; got != want {
			t.Errorf("Accept-Encoding %q: gzip %v, want %v", ae, got, want)
		}
		if want {
			b = gunzip(t, b)
		}
		if !bytes.Equal(b, appJS) {
			t.Errorf("Accept-Encoding %q: body differs from the file", ae)
		}
	}
}

// A matching If-None-Match (strong, weak, in a list, or *) costs a 304
// without a body; a stale one gets the file.
func TestETagNotModified(t *testing.T) {
	h := testHandler(t, "/p/")
	res, _ := do(t, h, "GET", "/p/app.js", nil)
	etag := res.Header.Get("ETag")
	for inm, want := range map[string]int{
		etag: http.StatusNotModified, "W/" + etag: http.StatusNotModified, `"old", ` + etag: http.StatusNotModified,
		"*": http.StatusNotModified, `"0000000000000000"`: 200, `"old"`: 200,
	} {
		res, b := do(t, h, "GET", "/p/app.js", map[string]string{"If-None-Match": inm, "Accept-Encoding": "gzip"})
		if res.StatusCode != want {
			t.Errorf("If-None-Match %q: %d, want %d", inm, res.StatusCode, want)
		}
		if want == http.StatusNotModified && (len(b) != 0 || res.Header.Get("ETag") != etag || res.Header.Get("Cache-Control") != "no-cache") {
			t.Errorf("If-None-Match %q: 304 with %d bytes, ETag %q, Cache-Control %q", inm, len(b), res.Header.Get("ETag"), res.Header.Get("Cache-Control"))
		}
	}
	if res, _ := do(t, h, "HEAD", "/p/app.js", map[string]string{"If-None-Match": etag}); res.StatusCode != http.StatusNotModified {
		t.Errorf("HEAD with its ETag: %d", res.StatusCode)
	}
}

// HEAD answers GET's headers, Content-Length included, without a body.
func TestHead(t *testing.T) {
	h := testHandler(t, "/p/")
	for _, ae := range []string{"", "gzip"} {
		get, gb := do(t, h, "GET", "/p/", map[string]string{"Accept-Encoding": ae})
		head, hb := do(t, h, "HEAD", "/p/", map[string]string{"Accept-Encoding": ae})
		if head.StatusCode != 200 || len(hb) != 0 {
			t.Errorf("HEAD (Accept-Encoding %q): %d with %d bytes", ae, head.StatusCode, len(hb))
		}
		for _, k := range []string{"Content-Length", "Content-Encoding", "Content-Type", "ETag", "Content-Security-Policy"} {
			if head.Header.Get(k) != get.Header.Get(k) {
				t.Errorf("HEAD %s = %q, GET %q", k, head.Header.Get(k), get.Header.Get(k))
			}
		}
		if get.Header.Get("Content-Length") != strconv.Itoa(len(gb)) {
			t.Errorf("GET Content-Length %s for %d bytes", get.Header.Get("Content-Length"), len(gb))
		}
	}
}

// Only the page's files under its base are served; the base without its
// slash redirects; methods other than GET and HEAD are refused.
func TestRoutes(t *testing.T) {
	for _, base := range []string{"/p/", "p", "/p"} {
		h := testHandler(t, base)
		if res, _ := do(t, h, "GET", "/p", nil); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/p/" {
			t.Errorf("base %q: /p: %d %q", base, res.StatusCode, res.Header.Get("Location"))
		}
		for _, p := range []string{"/p/missing", "/p/app.js/", "/p/static/app.js", "/other/", "/", "/app.js", "/pp/app.js"} {
			if res, _ := do(t, h, "GET", p, nil); res.StatusCode != http.StatusNotFound {
				t.Errorf("base %q: %s: %d, want 404", base, p, res.StatusCode)
			}
		}
		for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS"} {
			res, _ := do(t, h, m, "/p/", nil)
			if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("base %q: %s: %d Allow %q", base, m, res.StatusCode, res.Header.Get("Allow"))
			}
		}
	}
	root := testHandler(t, "/")
	if res, _ := do(t, root, "GET", "/", nil); res.StatusCode != 200 {
		t.Errorf("base /: GET /: %d", res.StatusCode)
	}
	if res, _ := do(t, root, "GET", "/app.js", nil); res.StatusCode != 200 {
		t.Errorf("base /: GET /app.js: %d", res.StatusCode)
	}
}

func TestHandlerNeedsPolicy(t *testing.T) {
	files := map[string][]byte{"index.html": indexHTML}
	for _, p := range []Page{{Files: files, CacheControl: "no-cache"}, {Files: files, CSP: testCSP}} {
		if _, err := Handler("/p/", p); err == nil {
			t.Errorf("%+v: no error", p)
		}
	}
}

// ReadDir takes exactly the listed files: anything else, a directory or a
// missing file is refused.
func TestReadDir(t *testing.T) {
	fsys := fstest.MapFS{
		"static/index.html": {Data: indexHTML},
		"static/app.js":     {Data: appJS},
	}
	files, err := ReadDir(fsys, "static", "index.html", "app.js")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || !bytes.Equal(files["index.html"], indexHTML) || !bytes.Equal(files["app.js"], appJS) {
		t.Errorf("ReadDir: %d files", len(files))
	}
	if n := Size(files); n != len(indexHTML)+len(appJS) {
		t.Errorf("Size %d", n)
	}
	if _, err := ReadDir(fsys, "static", "index.html"); err == nil || !strings.Contains(err.Error(), "app.js") {
		t.Errorf("an unlisted file: %v", err)
	}
	if _, err := ReadDir(fsys, "static", "index.html", "app.js", "app.css"); err == nil {
		t.Error("a missing file: no error")
	}
	fsys["static/sub/x.js"] = &fstest.MapFile{Data: appJS}
	if _, err := ReadDir(fsys, "static", "index.html", "app.js", "sub"); err == nil {
		t.Error("a directory: no error")
	}
}

func TestScreenServesTheSharedScriptOnlyWhenNamed(t *testing.T) {
	fsys := fstest.MapFS{"static/index.html": {Data: []byte("<!doctype html>")}, "static/app.js": {Data: []byte("1")}}
	with, err := Screen(fsys, "static", "default-src 'none'", "no-cache", "index.html", "app.js", SharedScript)
	if err != nil {
		t.Fatal(err)
	}
	if js := string(with.Files[SharedScript]); !strings.Contains(js, "window.PitstopScreen") {
		t.Errorf("screen.js served as %q", js)
	}
	without, err := Screen(fsys, "static", "default-src 'none'", "no-cache", "index.html", "app.js")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := without.Files[SharedScript]; ok || len(without.Files) != 2 {
		t.Errorf("a screen that does not name it serves %v", slices.Collect(maps.Keys(without.Files)))
	}
	// A screen's own screen.js is refused, not silently hidden by the shared one.
	fsys["static/screen.js"] = &fstest.MapFile{Data: []byte("mine")}
	if _, err := Screen(fsys, "static", "default-src 'none'", "no-cache", "index.html", "app.js", SharedScript); err == nil {
		t.Error("a screen's own screen.js was accepted")
	}
}

// Inlined writes the stylesheet and scripts into index.html in place of
// their tags, in the order named, and the policy allows exactly their
// hashes; a file that would end its block early, or a tag missing or
// doubled in index.html, is refused.
func TestInlinedWritesTheFilesIntoIndexAndHashesThem(t *testing.T) {
	index := `<head><link rel="stylesheet" href="app.css"></head><body><p>x</p><script src="screen.js"></script><script src="app.js"></script></body>`
	fsys := fstest.MapFS{"static/index.html": {Data: []byte(index)}, "static/app.js": {Data: []byte("go();")}, "static/app.css": {Data: []byte("p{color:red}")}}
	var gotStyle, gotScript string
	policy := func(style, script string) string { gotStyle, gotScript = style, script; return "default-src 'none'" }
	p, err := Inlined(fsys, "static", policy, "no-cache", "app.css", SharedScript, "app.js")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Files) != 1 || p.CSP != "default-src 'none'" || p.CacheControl != "no-cache" {
		t.Fatalf("page %v %q %q", slices.Collect(maps.Keys(p.Files)), p.CSP, p.CacheControl)
	}
	html := string(p.Files["index.html"])
	sharedJS, _ := shared.ReadFile("static/" + SharedScript)
	want := `<head><style>p{color:red}</style></head><body><p>x</p><script>` + string(sharedJS) + `</script><script>go();</script></body>`
	if html != want {
		t.Errorf("index.html is\n%s", html)
	}
	hash := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	if gotStyle != hash("p{color:red}") || gotScript != hash(string(sharedJS))+" "+hash("go();") {
		t.Errorf("style-src %s script-src %s", gotStyle, gotScript)
	}
	for name, data := range map[string]string{"app.js": `let s = "</SCRIPT>";`, "app.css": "p{}</style>", "app.js ": "<!-- x"} {
		bad := maps.Clone(fsys)
		bad["static/"+strings.TrimSpace(name)] = &fstest.MapFile{Data: []byte(data)}
		if _, err := Inlined(bad, "static", policy, "no-cache", "app.css", "app.js"); err == nil {
			t.Errorf("%s holding %q was inlined", name, data)
		}
	}
	for _, idx := range []string{`<body></body>`, index + `<script src="app.js"></script>`} {
		bad := maps.Clone(fsys)
		bad["static/index.html"] = &fstest.MapFile{Data: []byte(idx)}
		if _, err := Inlined(bad, "static", policy, "no-cache", "app.css", "app.js"); err == nil {
			t.Errorf("index.html %q was accepted", idx)
		}
	}
}
