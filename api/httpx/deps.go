package httpx

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"go.temporal.io/sdk/client"

	"github.com/pitstop-dev/pitstop/integrations/acses"
	mailgun "github.com/pitstop-dev/pitstop/integrations/mailgun/webhook"
	"github.com/pitstop-dev/pitstop/integrations/remotediag"
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
	// Codec, when set, is served at /codec for the Temporal UI.
	Codec     http.Handler
	KeySecret []byte
	// PublicBaseURL is the customer page (links), APIBaseURL our own public URL.
	PublicBaseURL string
	APIBaseURL    string
	Log           *slog.Logger
	Now           func() time.Time
	// Provider callbacks are verified with these (see api/callbacks/notifications.go).
	TwilioAuthToken string
	Mailgun         *mailgun.Verifier
	// MailDomain is the domain of the reply+<token>@ addresses a Mailgun
	// inbound route forwards (two-way messages).
	MailDomain string
	// SenderPool is the deployment's SMS sender pool
	// (PITSTOP_TWILIO_SENDER_POOL), the fallback of locations without
	// their own: no location may take one of its numbers.
	SenderPool []string
	// Extra routes mounted by the caller (provider callbacks, dev pages).
	Mount func(r *gin.Engine)
	// HTTPMetrics records every request (nil: none); it runs outermost, so
	// a recovered panic counts as the 500 it answered.
	HTTPMetrics gin.HandlerFunc
	// Tracing opens a span per request (internal/tracing) on the global
	// OpenTelemetry provider; off unless traces are exported.
	Tracing bool
	// ACSES is the locker vendor's client (nil: lockers never available);
	// its events are verified with ACSESWebhookSecrets unless a locker
	// system has its own. ACSESSimulate mounts /v1/events/simulate, which
	// opens doors of the simulator at ACSESBaseURL (development only).
	ACSES               *acses.Client
	ACSESWebhookSecrets []string
	// ACSESEventTokens are the bearer tokens the vendor may call the
	// events handler with (none: signatures only).
	ACSESEventTokens []string
	ACSESSimulate    bool
	ACSESBaseURL     string
	// TrustedProxies (IPs or CIDRs) may name the client in X-Forwarded-For
	// or X-Real-IP. None by default: the client is the connection's peer.
	TrustedProxies []string
	// RemoteDiag picks the remote-diagnose client of a location's own
	// provider account (api/staff); nil when remote
	// diagnosis is off.
	RemoteDiag RemoteDiagAccounts
	// TicketWaits shortens a ticket workflow's waits (zero: its defaults).
	TicketWaits TicketWaits
	// TokenUserTTL is how long a token's user is cached between database
	// checks (zero: DefaultTokenUserTTL; at most a minute, see auth.go).
	TokenUserTTL time.Duration
	// WorkshopMedia bounds a mechanic's photos and videos (zero values:
	// the defaults, see api/workshop).
	WorkshopMedia WorkshopMedia
}

// WorkshopMedia are the limits of a mechanic's photo and video uploads
// (PITSTOP_INSPECTION_* in internal/config).
type WorkshopMedia struct {
	// VideoMaxBytes bounds one video, CheckVideoBytes the videos of one check.
	VideoMaxBytes, CheckVideoBytes int64
	// VideoMaxSeconds bounds one video's duration.
	VideoMaxSeconds int
	// UploadsPerMechanic is how many photos and videos one mechanic may
	// upload at once (per API process); more answer 429.
	UploadsPerMechanic int
}

// TicketWaits are the waits of a ticket workflow (see workflows/ticket).
type TicketWaits struct {
	ServiceCenterDeadline, RecheckEvery, CSATWindow time.Duration
}

// RemoteDiagAccounts picks a location's remote-diagnose client
// (rdaccount.Resolver); rdaccount.ErrNotSetUp when the location has no
// account, rdaccount.ErrOff when remote diagnosis is off.
type RemoteDiagAccounts interface {
	ForLocation(ctx context.Context, locationID int) (*remotediag.Client, error)
}

// Core is what every caller's handlers share at run time.
type Core struct {
	Deps
	// TokenUsers are the users bearer tokens were last checked against.
	TokenUsers *TokenUserCache
}
