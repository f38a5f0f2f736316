package devstack

import (
	"context"
	"errors"
	"fmt"
	dealereventscaller "github.com/pitstop-dev/pitstop/workflows/dealerevents/caller"
	retentioncaller "github.com/pitstop-dev/pitstop/workflows/retention/caller"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	dealerhookfake "github.com/pitstop-dev/pitstop/integrations/dealerhook/fake"
	remotediagfake "github.com/pitstop-dev/pitstop/integrations/remotediag/fake"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api"
	"github.com/pitstop-dev/pitstop/app"
	"github.com/pitstop-dev/pitstop/app/seed"
	"github.com/pitstop-dev/pitstop/internal/config"
	"github.com/pitstop-dev/pitstop/internal/dealerevents"
	"github.com/pitstop-dev/pitstop/internal/onboard"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/workflows/appointment/caller"
)

// UIPort is where the Temporal UI listens in `pitstop dev` (a variable so
// the package's test can move it off a running `make run`'s).
var UIPort = 8233

// Run is `pitstop dev`: the Temporal dev server, the fake providers, the
// database with demo data, the worker and the API, until ctx ends.
func Run(ctx context.Context, cfg config.Config, out io.Writer) error {
	step := func(format string, args ...any) { fmt.Fprintf(out, ">> "+format+"\n", args...) }
	if err := os.MkdirAll(cfg.DevDataDir, 0o755); err != nil {
		return err
	}
	cli, err := FindTemporalCLI()
	if err != nil {
		return err
	}
	host, portS, err := net.SplitHostPort(cfg.TemporalAddress)
	if err != nil {
		return fmt.Errorf("PITSTOP_TEMPORAL_ADDRESS: %w", err)
	}
	port, _ := strconv.Atoi(portS)
	logPath := filepath.Join(cfg.DevDataDir, "temporal.log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer logFile.Close()
	step("starting the Temporal dev server on %s (UI :%d, log %s)", cfg.TemporalAddress, UIPort, logPath)
	ts, err := StartTemporal(ctx, cli, host, port, UIPort, filepath.Join(cfg.DevDataDir, "temporal.db"), cfg.APIBaseURL+"/codec", logFile)
	if err != nil {
		return err
	}
	defer ts.Stop()

	// The dev stack opens simulated locker doors (GET /v1/events/simulate).
	cfg.ACSES.Simulate = true
	// The simulator calls the events handler as the spec does, with a
	// bearer token (and signs its events too).
	if len(cfg.ACSES.EventTokens) == 0 {
		cfg.ACSES.EventTokens = []string{DevACSESEventToken}
	}
	fakes, stopFakes, err := StartOutside(cfg)
	if err != nil {
		return err
	}
	defer stopFakes()

	step("opening the database %s and applying its migrations", cfg.DatabaseURL)
	log := app.NewLogger(cfg.LogLevel)
	a, err := app.OpenMigrated(ctx, cfg, log, func(msg string) { step("migrate: %s", msg) })
	if errors.Is(err, store.ErrNoHistory) {
		return fmt.Errorf("%w\n(a dev database from before versioned migrations: delete %s to start afresh)", err, cfg.DevDataDir)
	}
	if err != nil {
		return err
	}
	defer a.Close()
	a.Acts.Notify.Notify = fakes.Notifier
	if err := a.ServeMetrics(ctx); err != nil {
		return err
	}

	w, err := a.Worker()
	if err != nil {
		return err
	}
	if err := w.Start(); err != nil {
		return fmt.Errorf("start worker: %w", err)
	}
	defer w.Stop()
	if err := retentioncaller.EnsureSchedule(ctx, a.Temporal, a.Cfg.TaskQueue); err != nil {
		a.Log.Warn("the retention schedule is not set", "error", err)
	}
	if err := dealereventscaller.EnsureSchedule(ctx, a.Temporal, a.Cfg.TaskQueue); err != nil {
		a.Log.Warn("the dealer events schedule is not set", "error", err)
	}

	demo, err := StartDemo(ctx, a)
	if err != nil {
		return err
	}
	// The demo location's event stream goes to a fake dealer (a real HTTP
	// server on 127.0.0.1 verifying the signatures and deduping; issue #25).
	rcv, err := startDemoDealerReceiver(ctx, a.DB, demo.LocationID)
	if err != nil {
		return fmt.Errorf("demo dealer event receiver: %w", err)
	}
	defer rcv.Close()
	a.Log.Info("the demo location's dealer events are delivered to the fake dealer", "url", rcv.URL())
	token, err := a.Tokens.Mint(demo.ReceptionistID, []int{demo.LocationID}, 50, 24*time.Hour, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(out, `
Pitstop is running.
  API              %s   (OpenAPI: %s/openapi.yaml)
  Temporal UI      %s/namespaces/default/workflows   (filter: WONr = "WO-1001")
  Sent messages    %s/dev/outbox   (the fake Twilio and Mailgun inboxes, with the customer links and locker door links)
  Metrics          %s
  Demo location    %d, %d appointments
  Receptionist token (24 h):
    %s
  Try: curl -H "Authorization: Bearer $TOKEN" "%s/v1/appointments?dealer_location_id=%d"
  Sign in: POST %s/v1/auth/login {"email":"rita@demo.pitstop.local" or "admin@demo.pitstop.local","password":%q}
Stop with Ctrl-C.
`, cfg.APIBaseURL, cfg.APIBaseURL, ts.UI, cfg.APIBaseURL, metricsURL(cfg.MetricsAddr), demo.LocationID, len(demo.Appointments), token, cfg.APIBaseURL, demo.LocationID,
		cfg.APIBaseURL, seed.DemoPassword)
	app.DevCodec = true
	if fakes.RemoteDiag != nil {
		fmt.Fprintf(out, `Remote diagnosis: simulator on %s (connectors %d online, %d offline; VINs %s Ford, %s Renault).
  Try: curl -H "Authorization: Bearer $TOKEN" "%s/v1/remote_diagnose/products?vin=%s"
       curl -H "Authorization: Bearer $TOKEN" -d '{"connector_id":%d,"vin":"%s","product_ids":[%d],"prerequisites":[{"definition_id":1,"value":"true"}]}' %s/v1/appointments/%d/remote_diagnose/tickets
`, cfg.RemoteDiag.BaseURL, remotediagfake.ConnectorOnlineID, remotediagfake.ConnectorOfflineID, remotediagfake.VINFord, remotediagfake.VINRenault,
			cfg.APIBaseURL, remotediagfake.VINFord, remotediagfake.ConnectorOnlineID, remotediagfake.VINFord, remotediagfake.ProductDiagnostic,
			cfg.APIBaseURL, demo.Appointments[0].AppointmentID)
	}
	return api.Serve(ctx, cfg.HTTPAddr, a.Handler(func(r *gin.Engine) { fakes.Mount(r, a.DB.Client) }), log)
}

// StartOutside starts the fakes of the outside parties on cfg's base URLs:
// Twilio, Mailgun, ACSES, remote-diagnose (StartFakes) and the Incadea
// simulator when PITSTOP_INCADEA_BASE_URL is set. stop ends them all.
func StartOutside(cfg config.Config) (fakes *Fakes, stop func(), err error) {
	fakes, err = StartFakes(cfg)
	if err != nil {
		return nil, nil, err
	}
	stop = fakes.Close
	if cfg.Incadea.BaseURL != "" {
		_, stopIncadea, err := startIncadea(cfg.Incadea.BaseURL, cfg.Incadea.APIKey, time.Now())
		if err != nil {
			fakes.Close()
			return nil, nil, err
		}
		stop = func() { stopIncadea(); fakes.Close() }
	}
	return fakes, stop, nil
}

// StartDemo seeds the demo data once (app/seed), gives the demo location its
// remote-diagnose account and its Incadea connection when configured, and
// starts the demo appointments' lifecycles.
func StartDemo(ctx context.Context, a *app.App) (seed.Demo, error) {
	cfg := a.Cfg
	demo, err := seed.Run(ctx, a.DB.Client, a.Acts.Appointment, time.Now())
	if err != nil {
		return demo, fmt.Errorf("seed demo data: %w", err)
	}
	// The demo location's remote-diagnose account: the dev/demo default of
	// PITSTOP_REMOTEDIAG_CONNECTOR_UUID and _PINCODE (the simulator's main
	// account). Only `pitstop dev` uses them; elsewhere a dealer admin sets
	// each location's own account.
	if cfg.RemoteDiag.BaseURL != "" && cfg.RemoteDiag.ConnectorUUID != "" && cfg.RemoteDiag.Pincode != "" {
		if _, err := onboard.SetRemoteDiagAccount(ctx, a.DB.Client, demo.LocationID,
			&onboard.RemoteDiagAccount{ConnectorUUID: cfg.RemoteDiag.ConnectorUUID, Pincode: cfg.RemoteDiag.Pincode}); err != nil {
			return demo, fmt.Errorf("demo remote-diagnose account: %w", err)
		}
	}
	for _, st := range demo.Appointments {
		if _, err := caller.StartAppointment(ctx, a.Temporal, cfg.TaskQueue, st); err != nil {
			return demo, fmt.Errorf("start lifecycle of appointment %d: %w", st.AppointmentID, err)
		}
	}
	if cfg.Incadea.BaseURL != "" {
		// The demo location pulls the simulator's work orders on its schedule
		// (Temporal UI: Schedules, dms-import-<location>).
		if err := connectDemoIncadea(ctx, a.DB.Client, a.Temporal, cfg.TaskQueue, demo.LocationID); err != nil {
			return demo, fmt.Errorf("connect the demo location to the Incadea simulator: %w", err)
		}
	}
	return demo, nil
}

// metricsURL is where `pitstop dev` serves Prometheus metrics, for people.
func metricsURL(addr string) string {
	if addr == "" {
		return "off (PITSTOP_METRICS_ADDR is empty)"
	}
	return "http://" + addr + "/metrics   (Prometheus: HTTP requests, Temporal SDK, Go runtime)"
}

// startDemoDealerReceiver gives the demo location a secret, starts the fake
// dealer with it and points the location's stream at it, delivery on.
func startDemoDealerReceiver(ctx context.Context, db *store.DB, locationID int) (*dealerhookfake.Receiver, error) {
	_, secret, err := dealerevents.RotateSecret(ctx, db.Client, locationID, time.Now())
	if err != nil {
		return nil, err
	}
	rcv := dealerhookfake.New([]byte(secret))
	url, on := rcv.URL(), true
	if _, _, err := dealerevents.Configure(ctx, db, locationID, dealerevents.Change{URL: &url, Enabled: &on}); err != nil {
		rcv.Close()
		return nil, err
	}
	return rcv, nil
}
