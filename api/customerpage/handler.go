// Package customerpage serves the customer's page: the link in every SMS and
// e-mail, <base>/#!/<KEY>. It is static HTML, CSS and JavaScript embedded in
// the binary (no framework, no build step, nothing fetched from a network);
// the page reads and answers the communication through the public customer
// endpoints of the API on the same origin. The key stays in the URL fragment,
// so it never reaches a server except in those endpoints' POST bodies.
package customerpage

import (
	"embed"
	"net/http"

	"github.com/pitstop-dev/pitstop/api/pagefiles"
)

//go:embed static
var static embed.FS

// csp allows the page's own inline style and script, by their SHA-256, and
// calls to its own origin. Images may come from anywhere over https (dealer
// logos, mechanics' photos on a CDN) and from blob: (previews of the
// customer's own photos before upload).
func csp(styleSrc, scriptSrc string) string {
	return "default-src 'none'; script-src " + scriptSrc + "; style-src " + styleSrc + "; " +
		"img-src 'self' https: data: blob:; connect-src 'self'; font-src 'none'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
}

// The page is one file, revalidated on every visit (no-cache with an ETag: a
// new release reaches customers at once, an unchanged page costs a 304).
const cacheIndex = "no-cache"

// Handler serves the page under basePath (for example "/app/"), at basePath
// and basePath+"index.html". Responses are gzip-compressed when the client
// accepts it.
func Handler(basePath string) http.Handler { return pagefiles.MustServe(basePath, build) }

// build inlines app.css and app.js into index.html (pagefiles.Inlined).
// With separate files the page needs three round trips before the
// customer's data arrives (page, assets, read); inlined, two. Under Chrome's
// "Slow 4G" each costs 562.5 ms: the first screen with data took about
// 2.0 s with separate files and comes well under the 1.5 s goal inlined
// (BenchmarkCustomerPageFirstScreen in e2e).
func build() (pagefiles.Page, error) {
	return pagefiles.Inlined(static, "static", csp, cacheIndex, "app.css", "app.js")
}

// Size is the page's own bytes, uncompressed: what a customer's browser
// parses. The budget is 100 KB (handler_test.go, and printed by the e2e benchmark).
func Size() int { return pagefiles.SizeOf(build) }
