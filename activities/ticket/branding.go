package ticket

import (
	"context"
	"strings"
	"sync"
	"time"

	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
)

// The provider's branding (spec 003 "branding": branding_name and
// customer_portal_url of the logged-in customer's portal) names the
// remote-diagnose service the way the dealer knows it where a ticket's
// outcome is told to staff: the intervention's mechanic notes and the
// dealer webhook. Decisions where the spec is silent:
//   - The document's branding has a name and the portal's URL only (the
//     colours and logo it shows belong to the service center and the
//     current user's service provider, not to branding); those two are used.
//   - It is the provider's name for its service to the garage, not the
//     dealer's to its customer: it goes in staff texts, never in what the
//     customer reads (the intervention's title and description).
//   - Cached per account (one client per account in the pool) for
//     brandingTTL; a failed call (bounded by brandingTimeout) never fails
//     a ticket: the last known branding is used, or none.

const (
	brandingTTL     = time.Hour
	brandingTimeout = 2 * time.Second
	brandingMax     = 1024 // accounts kept; the cache starts over beyond
)

type brandingEntry struct {
	b  rd.Branding
	at time.Time
}

var brandings = struct {
	mu sync.Mutex
	m  map[*rd.Client]brandingEntry
}{m: map[*rd.Client]brandingEntry{}}

// branding answers the account's branding, cleaned for storage; the zero
// value when the provider never answered it.
func (a *Activities) branding(ctx context.Context, c *rd.Client) rd.Branding {
	if c == nil {
		return rd.Branding{}
	}
	now := a.now()
	brandings.mu.Lock()
	e, ok := brandings.m[c]
	brandings.mu.Unlock()
	if ok && now.Sub(e.at) < brandingTTL {
		return e.b
	}
	bctx, cancel := context.WithTimeout(ctx, brandingTimeout)
	defer cancel()
	b, err := c.Branding(bctx)
	if err != nil {
		a.log().Warn("remote-diagnose branding unavailable; the ticket goes on without it", "error", err)
		return e.b // stale or zero
	}
	b = rd.Branding{BrandingName: cut(strings.TrimSpace(clean(b.BrandingName)), 255),
		CustomerPortalURL: cut(strings.TrimSpace(clean(b.CustomerPortalURL)), 500)}
	brandings.mu.Lock()
	if len(brandings.m) >= brandingMax {
		brandings.m = map[*rd.Client]brandingEntry{}
	}
	brandings.m[c] = brandingEntry{b: b, at: now}
	brandings.mu.Unlock()
	return b
}

// brandingLine is the mechanic notes' line naming the provider.
func brandingLine(b rd.Branding) string {
	switch {
	case b.BrandingName != "" && b.CustomerPortalURL != "":
		return "Provider: " + b.BrandingName + " (customer portal: " + b.CustomerPortalURL + ")."
	case b.BrandingName != "":
		return "Provider: " + b.BrandingName + "."
	case b.CustomerPortalURL != "":
		return "Provider's customer portal: " + b.CustomerPortalURL + "."
	}
	return ""
}
