// Package tabletpage serves the counter tablet's screen at /tablet/ (issue
// #23): static HTML, CSS and JavaScript embedded in the binary, no
// framework, no build step, nothing from another origin. The tablet (a user
// with role 100) signs in once with the staff sign-in (POST /v1/auth/login),
// then waits and polls GET /v1/desk_checkin/pending, reports "received" and
// "opened", shows the desk check-in (GET /v1/desk_checkin/{desk_id}) to the
// customer and sends the answer with the signature (POST
// /v1/desk_checkin/{desk_id}/status). As the workshop screen
// (api/workshoppage), app.js and app.css are separate files and the CSP
// allows nothing inline.
package tabletpage

import (
	"embed"
	"net/http"

	"github.com/pitstop-dev/pitstop/api/pagefiles"
)

//go:embed static
var static embed.FS

// CSP: everything from the page's own origin only; images also data: (the
// signature preview is drawn on a canvas, never loaded).
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"font-src 'none'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"

// Every file is revalidated on every visit: a tablet left on all day gets a
// new release at its next reload, an unchanged file costs a 304.
const cacheControl = "no-cache"

// Handler serves the page under basePath (for example "/tablet/").
func Handler(basePath string) http.Handler {
	page, err := build()
	if err != nil {
		panic(err) // the embedded files are fixed at compile time; the tests build them
	}
	h, err := pagefiles.Handler(basePath, page)
	if err != nil {
		panic(err)
	}
	return h
}

var served = []string{"index.html", "app.js", "app.css"}

func build() (pagefiles.Page, error) {
	files, err := pagefiles.ReadDir(static, "static", served...)
	if err != nil {
		return pagefiles.Page{}, err
	}
	return pagefiles.Page{Files: files, CSP: CSP, CacheControl: cacheControl}, nil
}

// Size is the page's own bytes, uncompressed.
func Size() int {
	page, err := build()
	if err != nil {
		return -1
	}
	return pagefiles.Size(page.Files)
}
