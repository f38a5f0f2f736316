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
func Handler(basePath string) http.Handler { return pagefiles.MustServe(basePath, build) }

func build() (pagefiles.Page, error) {
	return pagefiles.Screen(static, "static", CSP, cacheControl, "index.html", "app.js", "app.css")
}

// Size is the page's own bytes, uncompressed.
func Size() int { return pagefiles.SizeOf(build) }
