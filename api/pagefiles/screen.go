package pagefiles

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"io/fs"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// shared holds screen.js, the DOM and language helpers the staff screens
// share instead of each carrying a copy. A screen that names SharedScript
// among its served files gets it from here; its page loads it before its
// app.js.
//
//go:embed static/screen.js
var shared embed.FS

// SharedScript is the name a Screen serves the shared helpers under.
const SharedScript = "screen.js"

// Screen is the page of a screen embedded in fsys under dir: exactly the
// files served (anything else there is an error), with its CSP and cache
// policy.
func Screen(fsys fs.FS, dir, csp, cacheControl string, served ...string) (Page, error) {
	own := slices.DeleteFunc(slices.Clone(served), func(name string) bool { return name == SharedScript })
	files, err := ReadDir(fsys, dir, own...)
	if err != nil {
		return Page{}, err
	}
	if len(own) < len(served) {
		if files[SharedScript], err = shared.ReadFile("static/" + SharedScript); err != nil {
			return Page{}, err
		}
	}
	return Page{Files: files, CSP: csp, CacheControl: cacheControl}, nil
}

// Inlined is a screen's page as one file: index.html with the stylesheets
// and scripts named in inline written into it, in place of the tag that
// loads each (`<link rel="stylesheet" href="app.css">`, `<script
// src="app.js"></script>`; scripts sit at the end of the body, as inline
// scripts cannot be deferred). SharedScript among them comes from this
// package. A screen loaded as separate files needs one more round trip
// before it can ask for its data: under Chrome's "Slow 4G" 562.5 ms of a
// 1.5 s first screen. csp gets the CSP source lists that allow exactly
// these blocks by their SHA-256 ("'sha256-...'", space separated): inline
// code nobody hashed still does not run.
func Inlined(fsys fs.FS, dir string, csp func(styleSrc, scriptSrc string) string, cacheControl string, inline ...string) (Page, error) {
	own := slices.DeleteFunc(slices.Clone(inline), func(name string) bool { return name == SharedScript })
	files, err := ReadDir(fsys, dir, append([]string{"index.html"}, own...)...)
	if err != nil {
		return Page{}, err
	}
	if len(own) < len(inline) {
		if files[SharedScript], err = shared.ReadFile("static/" + SharedScript); err != nil {
			return Page{}, err
		}
	}
	index := files["index.html"]
	var styles, scripts []string
	for _, name := range inline {
		b := files[name]
		if closer.Match(b) {
			return Page{}, fmt.Errorf("pagefiles: %s contains \"</script\", \"</style\" or \"<!--\", which would break its inline block", name)
		}
		tag, open, end, list := `<script src="`+name+`"></script>`, "<script>", "</script>", &scripts
		if strings.HasSuffix(name, ".css") {
			tag, open, end, list = `<link rel="stylesheet" href="`+name+`">`, "<style>", "</style>", &styles
		}
		if bytes.Count(index, []byte(tag)) != 1 {
			return Page{}, fmt.Errorf("pagefiles: %s/index.html must contain %s once", dir, tag)
		}
		index = bytes.Replace(index, []byte(tag), slices.Concat([]byte(open), b, []byte(end)), 1)
		sum := sha256.Sum256(b)
		*list = append(*list, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	return Page{Files: map[string][]byte{"index.html": index}, CSP: csp(strings.Join(styles, " "), strings.Join(scripts, " ")),
		CacheControl: cacheControl}, nil
}

// closer finds what would end an inline block early or change how the
// browser parses it.
var closer = regexp.MustCompile(`(?i)</script|</style|<!--`)

// MustServe serves the page build makes under basePath. It panics when the
// page cannot be built: a screen's embedded files are fixed at compile time
// and its tests build them.
func MustServe(basePath string, build func() (Page, error)) http.Handler {
	p, err := build()
	if err != nil {
		panic(err)
	}
	h, err := Handler(basePath, p)
	if err != nil {
		panic(err)
	}
	return h
}

// SizeOf is the own bytes of the page build makes (-1 when it cannot be
// built).
func SizeOf(build func() (Page, error)) int {
	p, err := build()
	if err != nil {
		return -1
	}
	return Size(p.Files)
}
