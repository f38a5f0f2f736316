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
	// TrustedProxies (IPs or CIDRs) may name the client in X-Forwarded-For
	// or X-Real-IP. None by default: the client is the connection's peer.
	TrustedProxies []string
}

// Server holds the dependencies of every handler.
type Server struct {
	Deps
	keyFailures *failureLimiter
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
	s := &Server{Deps: d, keyFailures: newFailureLimiter(keyFailuresPerMinute, time.Minute)}
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

	v1 := r.Group("/v1")
	v1.POST("/communication/read", s.read)
	v1.POST("/communication/upload_attachment", s.uploadAttachment)
	v1.GET("/communication/attachments/:id/:name", s.downloadAttachment)
	v1.POST("/online_checkin/answer", s.answerCheckIn)
	v1.POST("/online_checkin/is_acses_available", s.isAcsesAvailable)
	v1.POST("/repair_overview/download", s.downloadRepairOverview)
	r.POST("/v2/diagnose_overview/answer", s.answerDiagnose)
	s.notificationRoutes(v1)

	// Staff: every signed-in user. A counter tablet (role 100) stands on the
	// counter for customers to use, so it may only take desk check-ins.
	staff := v1.Group("", requireReceptionist(d.Tokens, d.Now))
	staff.GET("/desk_checkin/pending", s.pendingDeskCheckIns)
	staff.POST("/desk_checkin/:desk_id/status", s.deskCheckInStatus)
	rec := staff.Group("", refuseCounterTablets)
	rec.GET("/appointments", s.listAppointments)
	rec.GET("/appointments/:id", s.getAppointment)
	rec.GET("/appointments/:id/state", s.appointmentState)
	rec.GET("/appointments/:id/events", s.appointmentEvents)
	rec.GET("/appointments/:id/keylocker", s.keyLockerCheckIn)
	rec.POST("/appointments/:id/diagnose_overview/send", s.sendDiagnose)
	rec.POST("/appointments/:id/diagnose_overview/resend", s.sendDiagnose)
	rec.POST("/appointments/:id/repair_overview/send", s.sendRepair)
	rec.POST("/appointments/:id/repair_overview/resend", s.sendRepair)
	rec.POST("/appointments/:id/reschedule", s.reschedule)
	rec.POST("/appointments/:id/cancel", s.cancel)
	rec.POST("/appointments/:id/complete", s.complete)
	rec.POST("/remarks/handled", s.markRemarkHandled)
	rec.POST("/appointments/:id/interventions/:intervention_id/fixed", s.markFixed)
	rec.GET("/appointments/:id/desk_checkin", s.deskCheckIns)
	rec.POST("/appointments/:id/desk_checkin/send", s.sendDeskCheckIn)

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
