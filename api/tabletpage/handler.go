// Package tabletpage serves the counter tablet's screen at /tablet/ (issue
// #23): static HTML, CSS and JavaScript embedded in the binary, no
// framework, no build step, nothing from another origin. The tablet (a user
// with role 100) signs in once with the staff sign-in (POST /v1/auth/login),
// then waits and polls GET /v1/desk_checkin/pending, reports "received" and
// "opened", shows the desk check-in (GET /v1/desk_checkin/{desk_id}) to the
// customer and sends the answer with the signature (POST
// /v1/desk_checkin/{desk_id}/status). As the desk console and the kiosk,
// it is one file: app.css and app.js inlined, allowed by their hashes
// (pagefiles.Inlined), so the first screen costs one round trip less.
package tabletpage

import (
	"embed"
	"net/http"

	"github.com/pitstop-dev/pitstop/api/pagefiles"
)

//go:embed static
var static embed.FS

// csp: scripts and styles only the page's own blocks, by their SHA-256
// (pagefiles.Inlined), calls only to its own origin; images from the origin
// and data: (the signature preview is drawn on a canvas, never loaded).
func csp(styleSrc, scriptSrc string) string {
	return "default-src 'none'; script-src " + scriptSrc + "; style-src " + styleSrc + "; img-src 'self' data:; connect-src 'self'; " +
		"font-src 'none'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
}

// CSP is the page's Content-Security-Policy.
func CSP() string {
	p, err := build()
	if err != nil {
		return ""
	}
	return p.CSP
}

// Every file is revalidated on every visit: a tablet left on all day gets a
// new release at its next reload, an unchanged file costs a 304.
const cacheControl = "no-cache"

// Handler serves the page under basePath (for example "/tablet/").
func Handler(basePath string) http.Handler { return pagefiles.MustServe(basePath, build) }

func build() (pagefiles.Page, error) {
	return pagefiles.Inlined(static, "static", csp, cacheControl, "app.css", pagefiles.SharedScript, "app.js")
}

// Size is the page's own bytes, uncompressed.
func Size() int { return pagefiles.SizeOf(build) }
