// Package kioskpage serves the self-service kiosk's screen at /kiosk/
// (issue #23): a touch screen in a location's showroom, portrait or
// landscape, embedded in the binary (static HTML, CSS and JavaScript, no
// framework, no build step, nothing from another origin). The dealer signs
// the kiosk in once with its kiosk account (RoleID 120, POST
// /v1/auth/login); customers then type their plate, confirm their details,
// the kiosk's agreements and the offered work, sign with a finger, and get
// a label number for their key (the /v1/kiosk/... endpoints, api/staff).
//
// A check-in left half-way clears itself after a spell of inactivity
// (90 s; ?idle=N seconds sets another, 3..600, which the tests use). A
// dropped network shows, and the answer is retried until it arrives; the
// server answers a repeated answer with the first one's label.
package kioskpage

import (
	"embed"
	"net/http"

	"github.com/pitstop-dev/pitstop/api/pagefiles"
)

//go:embed static
var static embed.FS

// csp: scripts and styles only the page's own blocks, by their SHA-256
// (pagefiles.Inlined), calls only to its own origin; images from the origin
// and data: (the signature preview).
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

// Every file is revalidated on every visit: a kiosk runs all day.
const cacheControl = "no-cache"

// Handler serves the page under basePath (for example "/kiosk/").
func Handler(basePath string) http.Handler { return pagefiles.MustServe(basePath, build) }

func build() (pagefiles.Page, error) {
	return pagefiles.Inlined(static, "static", csp, cacheControl, "app.css", pagefiles.SharedScript, "app.js")
}

// Size is the page's own bytes, uncompressed.
func Size() int { return pagefiles.SizeOf(build) }
