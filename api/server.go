// Package api is Pitstop's HTTP API (Gin): the spec's Customer Communication
// endpoints, the receptionist endpoints and the provider callbacks. Customer
// answers become Temporal updates; reads come from the database read model.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"go.temporal.io/sdk/client"

	"github.com/pitstop-dev/pitstop/integrations/acses"
	"github.com/pitstop-dev/pitstop/integrations/mailgun"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// Deps are what the handlers need.
type Deps struct {
	DB       *store.DB
	Temporal client.Client
	// TaskQueue is where the API starts its own workflows (desk confirmations).
	TaskQueue string
	Tokens    *auth.Issuer
	KeySecret []byte
	// PublicBaseURL is the customer page (links), APIBaseURL our own public URL.
	PublicBaseURL string
	APIBaseURL    string
	Log           *slog.Logger
	Now           func() time.Time
	// Provider callbacks are verified with these (see notifications.go).
	TwilioAuthToken string
	Mailgun         *mailgun.Client
	// Extra routes mounted by the caller (provider callbacks, dev pages).
	Mount func(r *gin.Engine)
	// ACSES is the locker vendor's client (nil: lockers never available);
	// its events are verified with ACSESWebhookSecrets unless a locker
	// system has its own. ACSESSimulate mounts /v1/events/simulate, which
	// opens doors of the simulator at ACSESBaseURL (development only).
	ACSES               *acses.Client
	ACSESWebhookSecrets []string
	ACSESSimulate       bool
	ACSESBaseURL        string
	// TrustedProxies (IPs or CIDRs) may name the client in X-Forwarded-For
	// or X-Real-IP. None by default: the client is the connection's peer.
	TrustedProxies []string
}

// Server holds the dependencies of every handler.
type Server struct {
	Deps
	keyFailures *failureLimiter
	// pinGuesses counts PIN requests at a key locker that matched nothing.
	pinGuesses *failureLimiter
}

// Limits enforced by the API.
const (
	MaxAttachmentBytes = 32 << 20 // spec: each file limited to 32 MB
	MaxJSONBody        = 1 << 20
	MaxPageSize        = 200
	// Ten wrong keys a minute from one client, then 429 until the minute is over.
	keyFailuresPerMinute = 10
)

// New builds the router.
func New(d Deps) *gin.Engine {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	s := &Server{Deps: d, keyFailures: newFailureLimiter(keyFailuresPerMinute, time.Minute),
		pinGuesses: newFailureLimiter(pinGuessesPerMinute, time.Minute)}
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
	r.Use(recovery(d.Log), requestLog(d.Log))
	r.NoRoute(func(c *gin.Context) { fail(c, http.StatusNotFound, "the specified endpoint could not be found") })
	r.NoMethod(func(c *gin.Context) { fail(c, http.StatusMethodNotAllowed, "method not allowed on this endpoint") })

	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/openapi.yaml", serveOpenAPI)

	// One route group per kind of caller; each lives beside its handlers.
	v1 := r.Group("/v1")
	s.customerRoutes(r, v1)
	s.callbackRoutes(v1)
	s.acsesRoutes(v1)
	staff := v1.Group("", requireReceptionist(d.Tokens, d.Now))
	s.staffRoutes(staff)

	if d.Mount != nil {
		d.Mount(r)
	}
	return r
}

// Serve runs the router until ctx ends, then shuts down gracefully.
func Serve(ctx context.Context, addr string, h http.Handler, log *slog.Logger) error {
	srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}
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
