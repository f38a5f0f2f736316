package pagefiles

import (
	"io/fs"
	"net/http"
)

// Screen is the page of a screen embedded in fsys under dir: exactly the
// files served (anything else there is an error), with its CSP and cache
// policy.
func Screen(fsys fs.FS, dir, csp, cacheControl string, served ...string) (Page, error) {
	files, err := ReadDir(fsys, dir, served...)
	if err != nil {
		return Page{}, err
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
