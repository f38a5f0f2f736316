package pagefiles

import (
	"embed"
	"io/fs"
	"net/http"
	"slices"
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
