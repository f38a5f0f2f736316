// Package app wires Pitstop's parts from the configuration: database,
// Temporal client, activities, worker and API. Commands and end-to-end tests
// build the system through it, so both run the same wiring.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/google/uuid"

	"github.com/pitstop-dev/pitstop/internal/custkeys"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/internal/metrics"
	"github.com/pitstop-dev/pitstop/internal/payloadcodec"
	"github.com/pitstop-dev/pitstop/internal/rdaccount"
	"github.com/pitstop-dev/pitstop/internal/tracing"

	"github.com/gin-gonic/gin"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/interceptor"
	sdklog "go.temporal.io/sdk/log"
	sdkworker "go.temporal.io/sdk/worker"

	"github.com/pitstop-dev/pitstop/activities/appointment"
	dealereventsacts "github.com/pitstop-dev/pitstop/activities/dealerevents"
	"github.com/pitstop-dev/pitstop/activities/dmsimport"
	"github.com/pitstop-dev/pitstop/activities/inspection"
	"github.com/pitstop-dev/pitstop/activities/locker"
	"github.com/pitstop-dev/pitstop/activities/notify"
	"github.com/pitstop-dev/pitstop/activities/retention"
	"github.com/pitstop-dev/pitstop/activities/ticket"
	"github.com/pitstop-dev/pitstop/api"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/integrations/acses"
	"github.com/pitstop-dev/pitstop/integrations/dealerhook"
	"github.com/pitstop-dev/pitstop/integrations/incadea"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/config"
	"github.com/pitstop-dev/pitstop/internal/keylocker"
	"github.com/pitstop-dev/pitstop/internal/keylocker/seal"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/worker"
	apptcaller "github.com/pitstop-dev/pitstop/workflows/appointment/caller"
)

// App is one configured Pitstop process.
type App struct {
	Cfg      config.Config
	Log      *slog.Logger
	DB       *store.DB
	Temporal client.Client
	Tokens   *auth.Issuer
	// Codec encrypts Temporal payloads; the API serves it to the Temporal UI.
	Codec *payloadcodec.Codec
	Acts  worker.Activities
	// Metrics is this process's Prometheus registry: the Temporal SDK's
	// metrics (client and worker) and the API's requests (ServeMetrics).
	Metrics *metrics.Metrics
	// tracing: traces are exported (PITSTOP_OTLP_ENDPOINT); stopTracing
	// flushes them at Close.
	tracing     bool
	stopTracing func(context.Context) error
	// RemoteDiag picks each location's remote-diagnose client (nil: off).
	RemoteDiag *rdaccount.Resolver
}

// NewLogger is the JSON logger every command uses.
func NewLogger(level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}

// Open connects to the database and to Temporal. It never migrates: it
// refuses to start unless the database is at the newest schema version this
// build knows (`pitstop migrate` gets it there).
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	return open(ctx, cfg, log, func(db *store.DB) error {
		if err := db.CheckSchema(ctx); err != nil {
			return fmt.Errorf("refusing to start: %w", err)
		}
		return nil
	})
}

// OpenMigrated is Open after applying the pending migrations (for `pitstop
// dev`, which owns its database); progress reports each step.
func OpenMigrated(ctx context.Context, cfg config.Config, log *slog.Logger, progress func(string)) (*App, error) {
	return open(ctx, cfg, log, func(db *store.DB) error {
		if err := db.Migrate(ctx, store.MigrateOptions{Progress: progress}); err != nil {
			return err
		}
		return db.CheckSchema(ctx)
	})
}

// open connects, running prepare on the database before anything else.
func open(ctx context.Context, cfg config.Config, log *slog.Logger, prepare func(*store.DB) error) (*App, error) {
	tokens, err := auth.NewIssuer(cfg.TokenSecret)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, cfg.DatabaseURL)
	if err == nil {
		db.LimitConns(cfg.DatabaseMaxConns)
	}
	if err != nil {
		return nil, err
	}
	if err := prepare(db); err != nil {
		db.Close()
		return nil, err
	}
	// Key-locker PINs and door codes are sealed with a key from
	// PITSTOP_KEY_SECRET; rows stored in clear before are sealed now.
	if err := seal.SetSecret([]byte(cfg.KeySecret)); err != nil {
		db.Close()
		return nil, err
	}
	if n, err := keylocker.SealLegacy(ctx, db.Client); err != nil {
		db.Close()
		return nil, fmt.Errorf("sealing key-locker PINs stored in clear: %w", err)
	} else if n > 0 {
		log.Info("sealed key-locker PINs and door codes stored in clear", "rows", n)
	}
	keyring, err := payloadcodec.ParseKeyring(cfg.PayloadKeys)
	if err != nil {
		db.Close()
		return nil, err
	}
	// After a master key rotation the customers' data keys move to the new
	// key (DialTemporal seals with them).
	if n, err := custkeys.Rewrap(ctx, db.Client, keyring); err != nil {
		db.Close()
		return nil, fmt.Errorf("re-wrapping customer data keys under master key %q: %w", keyring.ActiveKeyID(), err)
	} else if n > 0 {
		log.Info("re-wrapped customer data keys under the active master key", "keys", n, "master_key_id", keyring.ActiveKeyID())
	}
	m := metrics.New()
	// Traces (off unless PITSTOP_OTLP_ENDPOINT is set): the request, its
	// Temporal message, the workflow, its activities and their outside calls.
	tracingOn, stopTracing, err := tracing.Setup(ctx, cfg.OTLPEndpoint, "pitstop")
	if err != nil {
		db.Close()
		return nil, err
	}
	var interceptors []interceptor.ClientInterceptor
	if tracingOn {
		ti, err := tracing.TemporalInterceptor()
		if err != nil {
			db.Close()
			return nil, err
		}
		interceptors = append(interceptors, ti)
	}
	tc, dc, err := DialTemporal(ctx, cfg, keyring, db.Client, log, TemporalExtras{Metrics: m.Temporal(), Interceptors: interceptors})
	if err != nil {
		db.Close()
		return nil, err
	}
	notifier, err := notify.NewNotifier(cfg)
	if err != nil {
		tc.Close()
		db.Close()
		return nil, err
	}
	// No Incadea base URL: the deployment pulls from no Incadea (Carsys
	// pushes still work); the Incadea activities then fail as not configured.
	var inc *incadea.Client
	if cfg.Incadea.BaseURL != "" {
		if inc, err = incadea.New(incadea.Config{BaseURL: cfg.Incadea.BaseURL, APIKey: cfg.Incadea.APIKey}); err != nil {
			tc.Close()
			db.Close()
			return nil, fmt.Errorf("PITSTOP_INCADEA_BASE_URL / PITSTOP_INCADEA_API_KEY: %w", err)
		}
	}
	rdc, err := NewRemoteDiag(db.Client, cfg.RemoteDiag)
	if err != nil {
		tc.Close()
		db.Close()
		return nil, err
	}
	lockers, err := acses.New(acses.Config{BaseURL: cfg.ACSES.BaseURL, APIKey: cfg.ACSES.APIKey})
	if err != nil {
		tc.Close()
		db.Close()
		return nil, err
	}
	a := &App{RemoteDiag: rdc, Cfg: cfg, Log: log, DB: db, Temporal: tc, Tokens: tokens, Codec: dc.Codec(), Metrics: m,
		tracing: tracingOn, stopTracing: stopTracing}
	a.Acts = worker.Activities{
		Ticket:      &ticket.Activities{DB: db.Client, Accounts: rdAccounts(rdc), Signal: tc, Log: log},
		Appointment: &appointment.Activities{DB: db.Client, KeySecret: []byte(cfg.KeySecret), Log: log},
		Notify:      &notify.Activities{DB: db, KeySecret: []byte(cfg.KeySecret), PublicBaseURL: cfg.PublicBaseURL, Log: log, Notify: notifier},
		DMSImport:   &dmsimport.Activities{DB: db.Client, Incadea: inc, Steer: apptcaller.Steerer(tc, cfg.TaskQueue, func(plate string) string { return keys.RegNumberHash([]byte(cfg.KeySecret), plate) }), Log: log},
		Locker:      &locker.Activities{DB: db.Client, ACSES: lockers, Log: log},
		Inspection:  &inspection.Activities{DB: db.Client, Log: log},
		Retention:   &retention.Activities{DB: db.Client, Temporal: tc, KeySecret: []byte(cfg.KeySecret)},
		// Its own webhook client: the dealers' endpoints, not the notifier's.
		DealerEvents: &dealereventsacts.Activities{DB: db.Client, Hook: dealerhook.NewClient(nil)},
	}
	return a, nil
}

// TemporalExtras are what a long-running process adds to its Temporal
// client: its metrics and its trace interceptors. A command-line client
// adds none.
type TemporalExtras struct {
	Metrics      client.MetricsHandler
	Interceptors []interceptor.ClientInterceptor
}

// DialTemporal connects to Temporal as every Pitstop process does:
// PITSTOP_TEMPORAL_ADDRESS, _NAMESPACE and _COMPRESSION, and every payload
// encrypted before it reaches Temporal's history by the codec of
// PITSTOP_PAYLOAD_KEYS (keyring); a customer's workflows are sealed with
// their own data key from db (crypto-shredding). Ops decode through the
// API's /codec, which serves the converter's codec. ctx bounds the
// connection. Used by Open and by `pitstop admin customer erase`.
func DialTemporal(ctx context.Context, cfg config.Config, keyring *payloadcodec.Keyring, db *ent.Client, log *slog.Logger,
	extras TemporalExtras) (client.Client, *payloadcodec.CustomerConverter, error) {
	dc := payloadcodec.NewCustomerDataConverter(keyring, custkeys.New(db, keyring))
	tc, err := client.DialContext(ctx, client.Options{
		DataConverter: dc,
		HostPort:      cfg.TemporalAddress, Namespace: cfg.TemporalNamespace,
		Logger:            sdklog.NewStructuredLogger(log.With("component", "temporal")),
		MetricsHandler:    extras.Metrics,
		Interceptors:      extras.Interceptors,
		ConnectionOptions: client.ConnectionOptions{GrpcCompression: TemporalCompression(cfg)},
	})
	if err != nil {
		return nil, nil, fmt.Errorf("connect to Temporal at %s: %w", cfg.TemporalAddress, err)
	}
	return tc, dc, nil
}

// NewRemoteDiag builds the remote-diagnose account resolver: each dealer
// location calls the provider with its own account (rdaccount), or nil when
// remote diagnosis is off (no base URL). PITSTOP_REMOTEDIAG_CONNECTOR_UUID
// and _PINCODE are not used here: they are the demo location's account in
// `pitstop dev` only (devstack).
func NewRemoteDiag(db *ent.Client, cfg config.RemoteDiagConfig) (*rdaccount.Resolver, error) {
	r, err := rdaccount.New(db, cfg.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("PITSTOP_REMOTEDIAG_BASE_URL: %w", err)
	}
	return r, nil
}

// rdAccounts keeps a nil resolver a nil interface (remote diagnosis off).
func rdAccounts(r *rdaccount.Resolver) ticket.Accounts {
	if r == nil {
		return nil
	}
	return r
}

// ServeMetrics binds PITSTOP_METRICS_ADDR (a taken port fails here, at
// start) and serves /metrics in the background until ctx ends; with no
// address it does nothing.
func (a *App) ServeMetrics(ctx context.Context) error {
	if a.Cfg.MetricsAddr == "" {
		return nil
	}
	ln, err := metrics.Listen(a.Cfg.MetricsAddr)
	if err != nil {
		return err
	}
	go func() {
		if err := metrics.Serve(ctx, ln, a.Metrics, a.Log); err != nil {
			a.Log.Error("metrics server stopped", "error", err)
		}
	}()
	return nil
}

// Close releases the connections.
func (a *App) Close() {
	if a.stopTracing != nil {
		// Spans still buffered go out; a collector that is gone costs at most 5 s.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := a.stopTracing(ctx); err != nil {
			a.Log.Warn("flushing traces failed", "error", err)
		}
	}
	a.Temporal.Close()
	a.DB.Close()
}

// Worker builds the Temporal worker.
func (a *App) Worker() (sdkworker.Worker, error) {
	return worker.New(a.Temporal, a.Cfg.TaskQueue, a.Acts)
}

// Handler builds the HTTP API; mount adds routes (dev pages). Provider
// callbacks are verified with the Twilio auth token and the Mailgun client's
// webhook signing key.
func (a *App) Handler(mount func(*gin.Engine)) http.Handler {
	d := api.Deps{DB: a.DB, Temporal: a.Temporal, TaskQueue: a.Cfg.TaskQueue, Tokens: a.Tokens, KeySecret: []byte(a.Cfg.KeySecret),
		PublicBaseURL: a.Cfg.PublicBaseURL, APIBaseURL: a.Cfg.APIBaseURL, Log: a.Log, Mount: mount,
		TwilioAuthToken: a.Cfg.Twilio.AuthToken, SenderPool: a.Cfg.Twilio.SenderPool, TrustedProxies: a.Cfg.TrustedProxies, RemoteDiag: apiRDAccounts(a.RemoteDiag),
		ACSES: a.Acts.Locker.ACSES, ACSESWebhookSecrets: a.Cfg.ACSES.WebhookSecrets,
		ACSESEventTokens: a.Cfg.ACSES.EventTokens, ACSESSimulate: a.Cfg.ACSES.Simulate,
		ACSESBaseURL: a.Cfg.ACSES.BaseURL, HTTPMetrics: a.Metrics.Gin(), Tracing: a.tracing,
		WorkshopMedia: api.WorkshopMedia{VideoMaxBytes: int64(a.Cfg.Inspection.VideoMaxMB) << 20,
			CheckVideoBytes: int64(a.Cfg.Inspection.VideoCheckMB) << 20, VideoMaxSeconds: a.Cfg.Inspection.VideoMaxSeconds, UploadsPerMechanic: a.Cfg.Inspection.UploadsPerMechanic}}
	if a.Acts.Notify.Notify != nil {
		d.Mailgun = a.Acts.Notify.Notify.Email.Webhooks()
		d.MailDomain = a.Acts.Notify.Notify.Email.Domain()
	}
	d.Codec = a.codecHandler()
	return api.New(d)
}

// DevCodec lets `pitstop dev` serve /codec without a token, so the local
// Temporal UI (which sends none) shows decoded payloads; the dev API listens
// on loopback and answers the UI's origin only.
var DevCodec bool

// codecHandler is the Temporal UI's decode endpoint: behind
// PITSTOP_CODEC_TOKEN, or open on the loopback dev stack; otherwise none.
func (a *App) codecHandler() http.Handler {
	opts := payloadcodec.HandlerOptions{Token: a.Cfg.CodecToken, AllowedOrigin: a.Cfg.CodecAllowedOrigin}
	if opts.Token == "" {
		if !DevCodec {
			return nil
		}
		opts.Token = uuid.NewString()
	}
	h, err := payloadcodec.NewHTTPHandler(a.Codec, opts)
	if err != nil {
		a.Log.Error("codec endpoint disabled", "error", err)
		return nil
	}
	if a.Cfg.CodecToken != "" {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Set("Authorization", "Bearer "+opts.Token)
		h.ServeHTTP(w, r)
	})
}

// apiRDAccounts keeps a nil resolver a nil interface (remote diagnosis off).
func apiRDAccounts(r *rdaccount.Resolver) api.RemoteDiagAccounts {
	if r == nil {
		return nil
	}
	return r
}

// TemporalCompression is the SDK's setting for cfg's
// PITSTOP_TEMPORAL_COMPRESSION (config.Config.TemporalGzip says why off is
// the default).
func TemporalCompression(cfg config.Config) client.GrpcCompression {
	if cfg.TemporalGzip() {
		return &client.GrpcCompressionGzip{}
	}
	return &client.GrpcCompressionNone{}
}
