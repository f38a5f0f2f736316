// Package api is Pitstop's HTTP API (Gin): the spec's Customer Communication
// endpoints, the receptionist endpoints and the provider callbacks. Customer
// answers become Temporal updates; reads come from the database read model.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pitstop-dev/pitstop/api/admin"
	"github.com/pitstop-dev/pitstop/api/callbacks"
	"github.com/pitstop-dev/pitstop/api/console"
	"github.com/pitstop-dev/pitstop/api/customer"
	"github.com/pitstop-dev/pitstop/api/customerpage"
	"github.com/pitstop-dev/pitstop/api/deskpage"
	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/api/kioskpage"
	"github.com/pitstop-dev/pitstop/api/staff"
	"github.com/pitstop-dev/pitstop/api/tabletpage"
	"github.com/pitstop-dev/pitstop/api/workshop"
	"github.com/pitstop-dev/pitstop/api/workshoppage"
	"github.com/pitstop-dev/pitstop/internal/keylocker"
	"github.com/pitstop-dev/pitstop/internal/tracing"

	"github.com/gin-gonic/gin"
)

// Deps are what the handlers need (httpx.Deps).
type Deps = httpx.Deps

// TicketWaits are the waits of a ticket workflow (see workflows/ticket).
type TicketWaits = httpx.TicketWaits

// WorkshopMedia are the limits of a mechanic's photos and videos (httpx.WorkshopMedia).
type WorkshopMedia = httpx.WorkshopMedia

// RemoteDiagAccounts picks a location's remote-diagnose client.
type RemoteDiagAccounts = httpx.RemoteDiagAccounts

// Server holds the dependencies of every handler.
type Server struct {
	*httpx.Core
}

// Limits enforced by the API.
const (
	MaxAttachmentBytes = customer.MaxAttachmentBytes
	MaxJSONBody        = httpx.MaxJSONBody
	MaxPageSize        = 200
	// MaxPage bounds the page number: no offset arithmetic can overflow.
	MaxPage = 100_000
)

// Bounds on streams, variables so tests can tighten them (read at New).
var (
	// MaxConcurrentDownloads attachments are streamed at once (each holds
	// one 256 KB chunk in memory while it waits for a slow client).
	MaxConcurrentDownloads = 64
	// SlotWait is how long an upload or download waits for a free slot
	// before it is told to try again (503).
	SlotWait = 10 * time.Second
)

// New builds the router.
func New(d Deps) *gin.Engine {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	s := &Server{Core: &httpx.Core{Deps: d}}
	if d.DB != nil {
		s.TokenUsers = httpx.NewTokenUserCache(d.DB.Client, d.TokenUserTTL)
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.ContextWithFallback = true
	// Gin trusts every proxy unless told otherwise: any client could then pick
	// its own IP with X-Forwarded-For, escaping the wrong-key limit and forging
	// the IP recorded with its answers.
	if err := r.SetTrustedProxies(d.TrustedProxies); err != nil {
		d.Log.Error("invalid trusted proxies; trusting none", "error", err)
		_ = r.SetTrustedProxies(nil)
	}
	if d.Tracing {
		r.Use(tracing.Gin())
	}
	if d.HTTPMetrics != nil {
		r.Use(d.HTTPMetrics)
	}
	r.Use(recovery(d.Log), requestLog(d.Log), warnUntrustedForwarding(d.Log, len(d.TrustedProxies) > 0), httpx.StorableQuery)
	// Every answer carries the security headers, the 404 of an unknown path
	// and /healthz too (the customer page and attachments set their own
	// Content-Security-Policy and caching over these).
	r.Use(securityHeaders(len(d.TrustedProxies) > 0))
	r.NoRoute(func(c *gin.Context) {
		httpx.Write(c, httpx.Fail(http.StatusNotFound, "the specified endpoint could not be found"))
	})
	r.NoMethod(func(c *gin.Context) {
		httpx.Write(c, httpx.Fail(http.StatusMethodNotAllowed, "method not allowed on this endpoint"))
	})

	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/openapi.yaml", serveOpenAPI)
	if d.Codec != nil {
		// The Temporal UI's (or CLI's) payload codec: POST /codec/encode, /codec/decode.
		r.Any("/codec/*op", gin.WrapH(d.Codec))
	}
	// The customer's page, at the path of PITSTOP_PUBLIC_BASE_URL.
	if base := pagePath(d.PublicBaseURL); base != "" {
		page := gin.WrapH(customerpage.Handler(base + "/"))
		r.GET(base, page)
		r.HEAD(base, page)
		r.GET(base+"/*asset", page)
		r.HEAD(base+"/*asset", page)
	}
	// The mechanic's screen (issue #22), on every instance: it signs in
	// with the staff sign-in and calls the workshop endpoints below.
	shop := gin.WrapH(workshoppage.Handler(WorkshopPagePath + "/"))
	r.GET(WorkshopPagePath, shop)
	r.HEAD(WorkshopPagePath, shop)
	r.GET(WorkshopPagePath+"/*asset", shop)
	r.HEAD(WorkshopPagePath+"/*asset", shop)
	// The receptionist's console (issue #23): the same sign-in, the staff
	// appointment endpoints and the console's reads (api/console).
	desk := gin.WrapH(deskpage.Handler(DeskPagePath + "/"))
	r.GET(DeskPagePath, desk)
	r.HEAD(DeskPagePath, desk)
	r.GET(DeskPagePath+"/*asset", desk)
	r.HEAD(DeskPagePath+"/*asset", desk)
	// The counter tablet's screen (issue #23): signs in as the tablet
	// account and calls the desk endpoints.
	tablet := gin.WrapH(tabletpage.Handler(TabletPagePath + "/"))
	r.GET(TabletPagePath, tablet)
	r.HEAD(TabletPagePath, tablet)
	r.GET(TabletPagePath+"/*asset", tablet)
	r.HEAD(TabletPagePath+"/*asset", tablet)

	// The self-service kiosk (issue #23): a kiosk account signs it in.
	kiosk := gin.WrapH(kioskpage.Handler(KioskPagePath + "/"))
	r.GET(KioskPagePath, kiosk)
	r.HEAD(KioskPagePath, kiosk)
	r.GET(KioskPagePath+"/*asset", kiosk)
	r.HEAD(KioskPagePath+"/*asset", kiosk)

	// One route group per kind of caller; each lives beside its handlers.
	v1 := r.Group("/v1")
	customer.Routes(s.Core, r.Group("/v2"), v1, customer.Options{MaxConcurrentDownloads: MaxConcurrentDownloads,
		SlotWait: SlotWait, UploadTimeout: UploadTimeout, LockerAvailable: func(ctx context.Context, locationID int) bool {
			return keylocker.ACSESAvailable(ctx, d.DB.Client, d.ACSES, d.Log, locationID)
		}})
	callbacks.Routes(s.Core, v1)
	// A staff action repeated with its Idempotency-Key (a double click on
	// the console) acts once (httpx.Idempotency).
	staffGroup := v1.Group("", httpx.RequireStaff(d.Tokens, s.TokenUsers, d.Now), httpx.NewIdempotency(d.Now).Middleware())
	staff.New(s.Core).Routes(v1, staffGroup)
	admin.Routes(s.Core, staffGroup)
	workshop.Routes(s.Core, staffGroup)
	console.Routes(s.Core, staffGroup)

	if d.Mount != nil {
		d.Mount(r)
	}
	return r
}

// WorkshopPagePath is where the mechanic's screen is served (a screen, not
// an API operation: api/openapi.yaml does not list it).
const WorkshopPagePath = "/workshop"

// DeskPagePath is where the receptionist's console is served (a screen,
// not an API operation).
const DeskPagePath = "/desk"

// TabletPagePath is where the counter tablet's screen is served (a screen,
// not listed in api/openapi.yaml either).
const TabletPagePath = "/tablet"

// KioskPagePath is where the self-service kiosk's screen is served (a
// screen, not an API operation: api/openapi.yaml does not list it).
const KioskPagePath = "/kiosk"

// pagePath is the path part of the customer page's base URL ("/app").
func pagePath(publicBaseURL string) string {
	u, err := url.Parse(publicBaseURL)
	if err != nil || u.Path == "" || u.Path == "/" {
		return ""
	}
	return strings.TrimRight(u.Path, "/")
}

// Serve runs the router until ctx ends, then shuts down gracefully.
func Serve(ctx context.Context, addr string, h http.Handler, log *slog.Logger) error {
	// Bounds for every connection: a slow body or an idle keep-alive cannot
	// hold one for long. Uploads and downloads extend their own deadlines
	// (api/customer).
	srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: ReadTimeout, WriteTimeout: WriteTimeout, IdleTimeout: 60 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Info("api listening", "addr", addr)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return srv.Shutdown(sctx)
	}
}

// Connection bounds (see Serve). A customer's phone uploads a 32 MB photo
// over a slow line, so uploads get UploadTimeout instead of ReadTimeout.
var (
	ReadTimeout   = 30 * time.Second
	WriteTimeout  = 60 * time.Second
	UploadTimeout = 5 * time.Minute
)
