// Package deskpage serves the receptionist's console at /desk/ (issue
// #23): a desktop-first page (it works on a tablet) embedded in the binary,
// static HTML, CSS and JavaScript with no framework, no build step and
// nothing fetched from another origin. The receptionist signs in with the
// staff sign-in (POST /v1/auth/login), picks a location (GET
// /v1/workshop/locations gives its zone), sees today's and tomorrow's
// appointments with what needs a person first (GET /v1/desk/day, which
// decides that with contracts/console), follows changes live (GET
// /v1/desk/events, server-sent events read with fetch so the bearer token
// stays in a header) and acts on one appointment through the staff
// endpoints that exist, each action with an Idempotency-Key.
package deskpage

import (
	"embed"
	"net/http"

	"github.com/pitstop-dev/pitstop/api/pagefiles"
)

//go:embed static
var static embed.FS

// csp: scripts and styles only the page's own blocks, by their SHA-256
// (pagefiles.Inlined), calls only to its own origin; images from the origin
// and blob: (the customer's photos and a desk check-in's signature, fetched
// with the bearer token and shown from blob: URLs).
func csp(styleSrc, scriptSrc string) string {
	return "default-src 'none'; script-src " + scriptSrc + "; style-src " + styleSrc + "; img-src 'self' blob:; connect-src 'self'; " +
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

// Every file is revalidated on every visit: a new release reaches the desk
// at once, an unchanged file costs a 304.
const cacheControl = "no-cache"

// Handler serves the console under basePath (for example "/desk/").
func Handler(basePath string) http.Handler { return pagefiles.MustServe(basePath, build) }

func build() (pagefiles.Page, error) {
	return pagefiles.Inlined(static, "static", csp, cacheControl, "early.js", "app.css", pagefiles.SharedScript, "app.js")
}

// Size is the page's own bytes, uncompressed.
func Size() int { return pagefiles.SizeOf(build) }
