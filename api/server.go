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

	"github.com/pitstop-dev/pitstop/api/customerpage"
	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/api/workshop"

	"github.com/gin-gonic/gin"
)

// Deps are what the handlers need (httpx.Deps).
type Deps = httpx.Deps

// TicketWaits are the waits of a ticket workflow (see workflows/ticket).
type TicketWaits = httpx.TicketWaits

// RemoteDiagAccounts picks a location's remote-diagnose client.
type RemoteDiagAccounts = httpx.RemoteDiagAccounts

// Server holds the dependencies of every handler.
type Server struct {
	*httpx.Core
	keyFailures *failureLimiter
	uploads     slots
	downloads   slots
	// Password guessing at sign-in (staff_login.go) and at the Carsys
	// push (callbacks_carsys.go).
	logins, carsysGuesses *guessGuard
	// pinGuesses counts PIN requests at a key locker that matched nothing.
	pinGuesses *failureLimiter
	// acsesRejects caps the refused ACSES deliveries stored (callbacks_acses.go).
	acsesRejects rejectCaps
}

// Limits enforced by the API.
const (
	MaxAttachmentBytes = 32 << 20 // spec: each file limited to 32 MB
	MaxJSONBody        = httpx.MaxJSONBody
	// maxConcurrentUploads files are stored at once (each streamed in 1 MB
	// chunks, holding one database connection).
	maxConcurrentUploads = 4
	MaxPageSize          = 200
	// MaxPage bounds the page number: no offset arithmetic can overflow.
	MaxPage = 100_000
	// Ten wrong keys a minute from one client, then 429 until the minute is over.
	keyFailuresPerMinute = 10
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
	s := &Server{Core: &httpx.Core{Deps: d}, keyFailures: newFailureLimiter(keyFailuresPerMinute, time.Minute),
		uploads:    make(slots, maxConcurrentUploads),
		downloads:  make(slots, MaxConcurrentDownloads),
		pinGuesses: newFailureLimiter(pinGuessesPerMinute, time.Minute)}
	s.logins = newGuessGuard(loginFailuresPerEmail, loginFailuresPerClient, loginFailuresPerEmail, loginFailureWindow, loginHotDelay)
	s.carsysGuesses = newGuessGuard(carsysFailuresPerUser, carsysFailuresPerClient, carsysFailuresPerUser, carsysFailureWindow, carsysHotDelay)
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
	if d.HTTPMetrics != nil {
		r.Use(d.HTTPMetrics)
	}
	r.Use(recovery(d.Log), requestLog(d.Log), warnUntrustedForwarding(d.Log, len(d.TrustedProxies) > 0), httpx.StorableQuery)
	// Every answer carries the security headers, the 404 of an unknown path
	// and /healthz too (the customer page and attachments set their own
	// Content-Security-Policy and caching over these).
	r.Use(securityHeaders(len(d.TrustedProxies) > 0))
	r.NoRoute(func(c *gin.Context) { fail(c, http.StatusNotFound, "the specified endpoint could not be found") })
	r.NoMethod(func(c *gin.Context) { fail(c, http.StatusMethodNotAllowed, "method not allowed on this endpoint") })

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

	// One route group per kind of caller; each lives beside its handlers.
	v1 := r.Group("/v1")
	s.customerRoutes(r.Group("/v2"), v1)
	s.callbackRoutes(v1)
	s.loginRoutes(v1)
	s.acsesRoutes(v1)
	staff := v1.Group("", httpx.RequireStaff(d.Tokens, s.TokenUsers, d.Now))
	s.staffRoutes(staff)
	s.staffDMSImportRoutes(staff)
	s.carsysRoutes(v1)
	s.staffTicketRoutes(staff)
	s.adminRoutes(staff)
	workshop.Routes(s.Core, staff)

	if d.Mount != nil {
		d.Mount(r)
	}
	return r
}

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
	// (see extendDeadlines).
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

// extendDeadlines gives one request its own bounds (uploads, downloads).
func extendDeadlines(c *gin.Context, read, write time.Duration) {
	rc := http.NewResponseController(c.Writer)
	now := time.Now()
	if read > 0 {
		_ = rc.SetReadDeadline(now.Add(read)) // unsupported writers (tests) keep the server's bound
	}
	if write > 0 {
		_ = rc.SetWriteDeadline(now.Add(write))
	}
}
