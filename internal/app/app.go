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

	"github.com/gin-gonic/gin"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	sdkworker "go.temporal.io/sdk/worker"

	"github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/activities/locker"
	"github.com/pitstop-dev/pitstop/activities/notify"
	"github.com/pitstop-dev/pitstop/api"
	"github.com/pitstop-dev/pitstop/integrations/acses"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/config"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/worker"
)

// App is one configured Pitstop process.
type App struct {
	Cfg      config.Config
	Log      *slog.Logger
	DB       *store.DB
	Temporal client.Client
	Tokens   *auth.Issuer
	Acts     worker.Activities
}

// NewLogger is the JSON logger every command uses.
func NewLogger(level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}

// Open connects to the database (migrating it) and to Temporal.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	tokens, err := auth.NewIssuer(cfg.TokenSecret)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	tc, err := client.DialContext(ctx, client.Options{
		HostPort: cfg.TemporalAddress, Namespace: cfg.TemporalNamespace,
		Logger: sdklog.NewStructuredLogger(log.With("component", "temporal")),
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to Temporal at %s: %w", cfg.TemporalAddress, err)
	}
	notifier, err := notify.NewNotifier(cfg)
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
	a := &App{Cfg: cfg, Log: log, DB: db, Temporal: tc, Tokens: tokens}
	a.Acts = worker.Activities{
		Appointment: &appointment.Activities{DB: db.Client, KeySecret: []byte(cfg.KeySecret), Log: log},
		Notify:      &notify.Activities{DB: db.Client, KeySecret: []byte(cfg.KeySecret), PublicBaseURL: cfg.PublicBaseURL, Log: log, Notify: notifier},
		Locker:      &locker.Activities{DB: db.Client, ACSES: lockers, Log: log},
	}
	return a, nil
}

// Close releases the connections.
func (a *App) Close() {
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
		TwilioAuthToken: a.Cfg.Twilio.AuthToken, TrustedProxies: a.Cfg.TrustedProxies,
		ACSES: a.Acts.Locker.ACSES, ACSESWebhookSecrets: a.Cfg.ACSES.WebhookSecrets, ACSESSimulate: a.Cfg.ACSES.Simulate,
		ACSESBaseURL: a.Cfg.ACSES.BaseURL}
	if a.Acts.Notify.Notify != nil {
		d.Mailgun = a.Acts.Notify.Notify.Email
	}
	return api.New(d)
}
