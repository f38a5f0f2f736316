package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	dealereventsacts "github.com/pitstop-dev/pitstop/activities/dealerevents"
	retentionacts "github.com/pitstop-dev/pitstop/activities/retention"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/app"
	"github.com/pitstop-dev/pitstop/internal/config"
	"github.com/pitstop-dev/pitstop/internal/custkeys"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/internal/payloadcodec"

	appointmentacts "github.com/pitstop-dev/pitstop/activities/appointment"
	inspectionacts "github.com/pitstop-dev/pitstop/activities/inspection"
	"github.com/pitstop-dev/pitstop/activities/locker"
	"github.com/pitstop-dev/pitstop/integrations/acses"
	acsesfake "github.com/pitstop-dev/pitstop/integrations/acses/fake"

	"github.com/pitstop-dev/pitstop/internal/routes"
	"github.com/pitstop-dev/pitstop/internal/tracing"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/interceptor"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"
	sdkworker "go.temporal.io/sdk/worker"

	dmsimportacts "github.com/pitstop-dev/pitstop/activities/dmsimport"
	"github.com/pitstop-dev/pitstop/activities/notify"
	ticketacts "github.com/pitstop-dev/pitstop/activities/ticket"
	"github.com/pitstop-dev/pitstop/api"
	"github.com/pitstop-dev/pitstop/app/devstack"
	"github.com/pitstop-dev/pitstop/app/seed"
	"github.com/pitstop-dev/pitstop/integrations/dealerhook"
	"github.com/pitstop-dev/pitstop/integrations/incadea"
	incadeafake "github.com/pitstop-dev/pitstop/integrations/incadea/fake"
	mailgun "github.com/pitstop-dev/pitstop/integrations/mailgun"
	mailgunfake "github.com/pitstop-dev/pitstop/integrations/mailgun/fake"
	"github.com/pitstop-dev/pitstop/integrations/remotediag"
	remotediagfake "github.com/pitstop-dev/pitstop/integrations/remotediag/fake"
	twilio "github.com/pitstop-dev/pitstop/integrations/twilio"
	twiliofake "github.com/pitstop-dev/pitstop/integrations/twilio/fake"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/onboard"
	"github.com/pitstop-dev/pitstop/internal/rdaccount"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
	"github.com/pitstop-dev/pitstop/worker"
	"github.com/pitstop-dev/pitstop/workflows/appointment"
	apptcaller "github.com/pitstop-dev/pitstop/workflows/appointment/caller"
)

// One Temporal dev server serves every test of the package; each test gets
// its own namespace (appointment IDs restart at 1 in every test database, so
// workflow IDs would otherwise collide), database, fakes, worker and API.
const namespaces = 104

var (
	devServer *testsuite.DevServer
	nsCounter atomic.Int32
	startOnce sync.Once
	startErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if devServer != nil {
		_ = devServer.Stop()
	}
	os.Exit(code)
}

func temporalServer(t testing.TB) *testsuite.DevServer {
	startOnce.Do(func() {
		cli, err := devstack.FindTemporalCLI()
		if err != nil {
			startErr = err
			return
		}
		args := devstack.SearchAttributeArgs()
		for i := 1; i <= namespaces; i++ {
			args = append(args, "--namespace", fmt.Sprintf("e2e-%d", i))
		}
		devServer, startErr = testsuite.StartDevServer(context.Background(), testsuite.DevServerOptions{
			ExistingPath: cli, LogLevel: "error", ExtraArgs: args, Stdout: io.Discard, Stderr: io.Discard,
		})
	})
	require.NoError(t, startErr, "start the Temporal dev server (make bin/temporal builds the CLI)")
	return devServer
}

// stack is one running Pitstop against real infrastructure.
type stack struct {
	t        testing.TB
	DB       *store.DB
	Temporal client.Client
	Worker   sdkworker.Worker
	Acts     worker.Activities
	API      *httptest.Server
	Twilio   *twiliofake.Server
	Mailgun  *mailgunfake.Server
	Incadea  *incadeafake.Server
	ACSES    *acsesfake.Server
	Demo     seed.Demo
	Token    string
	Queue    string
	tokens   *auth.Issuer
	// RD simulates the remote-diagnose provider; its tickets step every
	// rdStep, so a ticket ends in well under a second.
	RD *remotediagfake.Server
	// Codec decodes this stack's payloads (the codec endpoint's codec).
	Codec *payloadcodec.Codec
}

const keySecret = "e2e-key-secret-0123456789"

// regNumberHash is the plate's RegNumber search attribute under keySecret.
func regNumberHash(plate string) string { return keys.RegNumberHash([]byte(keySecret), plate) }

func newStack(t testing.TB) *stack {
	t.Helper()
	return newStackWith(t, stackOptions{})
}

// stackOptions change how a stack is wired.
type stackOptions struct {
	// Tracing wires OpenTelemetry as PITSTOP_OTLP_ENDPOINT does: the
	// Temporal client's interceptor and the API's span per request, on the
	// global provider (tracing_test.go installs an in-memory recorder).
	Tracing bool
	// CustomerKeys seals each customer's workflows with their data key, as
	// the app does (internal/custkeys). Off by default: recorded histories
	// must replay without the database, so they hold master-key payloads.
	CustomerKeys bool
	// Logs, when set, also receives every line the API, the activities
	// and the Temporal SDK (client and worker) log, at debug level: a test
	// checks the process logs hold no personal data.
	Logs io.Writer
}

func newStackWith(t testing.TB, o stackOptions) *stack {
	t.Helper()
	srv := temporalServer(t)
	n := nsCounter.Add(1)
	require.LessOrEqual(t, n, int32(namespaces), "raise namespaces in harness_test.go")
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	sdkLogs := sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if o.Logs != nil {
		log = slog.New(slog.NewTextHandler(o.Logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		sdkLogs = sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(o.Logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	}
	var interceptors []interceptor.ClientInterceptor
	if o.Tracing {
		ti, err := tracing.TemporalInterceptor()
		require.NoError(t, err)
		interceptors = append(interceptors, ti)
	}
	db := storetest.New(t)
	keys, err := payloadcodec.ParseKeyring(config.DevPayloadKeys)
	require.NoError(t, err)
	dc := payloadcodec.NewDataConverter(keys)
	codec := payloadcodec.NewCodec(keys)
	if o.CustomerKeys {
		cdc := payloadcodec.NewCustomerDataConverter(keys, custkeys.New(db.Client, keys))
		dc, codec = cdc, cdc.Codec()
	}
	tc, err := dialTemporalLogged(srv, fmt.Sprintf("e2e-%d", n), dc, sdkLogs, interceptors...)
	require.NoError(t, err)
	t.Cleanup(tc.Close)
	s := &stack{t: t, DB: db, Temporal: tc, Queue: fmt.Sprintf("e2e-%d", n), Codec: codec}
	s.Twilio = twiliofake.New()
	t.Cleanup(s.Twilio.Close)
	s.Mailgun = mailgunfake.New()
	t.Cleanup(s.Mailgun.Close)
	s.Incadea = incadeafake.New()
	t.Cleanup(s.Incadea.Close)
	// A short timeout so a slow DMS page fails the attempt in tests.
	inc, err := incadea.New(incadea.Config{BaseURL: s.Incadea.URL(), APIKey: incadeafake.DefaultAPIKey, Timeout: 2 * time.Second})
	require.NoError(t, err)
	s.RD = remotediagfake.New(remotediagfake.WithStepInterval(rdStep))
	t.Cleanup(s.RD.Close)
	// Each location calls the provider with its own account; the demo
	// location gets the simulator's main account below.
	rdc, err := rdaccount.New(s.DB.Client, s.RD.URL(), remotediag.WithPingInterval(500*time.Millisecond))
	require.NoError(t, err)
	s.tokens, err = auth.NewIssuer("e2e-token-secret-0123456789")
	require.NoError(t, err)

	// The API's own URL is needed for the callbacks before its handler exists.
	var handler http.Handler = http.NotFoundHandler()
	s.API = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(s.API.Close)

	sms, err := twilio.New(twilio.Config{AccountSID: s.Twilio.AccountSID(), AuthToken: s.Twilio.AuthToken(),
		From: s.Twilio.PhoneNumber(), BaseURL: s.Twilio.URL()})
	require.NoError(t, err)
	email, err := mailgun.New(mailgun.Config{Domain: s.Mailgun.Domain(), APIKey: s.Mailgun.APIKey(), From: "Pitstop <noreply@" + s.Mailgun.Domain() + ">",
		BaseURL: s.Mailgun.URL(), WebhookSigningKey: s.Mailgun.WebhookSigningKey()})
	require.NoError(t, err)
	// The locker vendor's simulator posts its signed events to the API.
	s.ACSES = acsesfake.New(acsesfake.WithDemoLockerSystem(), acsesfake.WithWebhookURL(s.API.URL+routes.ACSESEventsPath),
		acsesfake.WithRetry(50*time.Millisecond, time.Second, 20))
	t.Cleanup(s.ACSES.Close)
	lockers, err := acses.New(acses.Config{BaseURL: s.ACSES.URL(), APIKey: s.ACSES.APIKey()})
	require.NoError(t, err)
	s.Acts = worker.Activities{
		Ticket: &ticketacts.Activities{DB: s.DB.Client, Accounts: rdc, Signal: tc, Log: log,
			PollInterval: 100 * time.Millisecond, HeartbeatEvery: 200 * time.Millisecond},
		Locker:      &locker.Activities{DB: s.DB.Client, ACSES: lockers, Log: log},
		Inspection:  &inspectionacts.Activities{DB: s.DB.Client, Log: log},
		Appointment: &appointmentacts.Activities{DB: s.DB.Client, KeySecret: []byte(keySecret), Log: log},
		Notify: &notify.Activities{DB: s.DB, KeySecret: []byte(keySecret), PublicBaseURL: "http://customer.test/app", Log: log,
			Notify: &notify.Notifier{SMS: sms, Email: email, Webhook: dealerhook.NewClient(nil), StatusCallbackURL: s.API.URL + routes.TwilioStatusPath,
				SenderPool: []string{s.Twilio.PhoneNumber(), secondSender}, ReplyDomain: s.Mailgun.Domain()}},
		DMSImport:    &dmsimportacts.Activities{DB: s.DB.Client, Incadea: inc, Steer: apptcaller.Steerer(tc, s.Queue, regNumberHash), Log: log},
		Retention:    &retentionacts.Activities{DB: s.DB.Client, Temporal: tc, KeySecret: []byte(keySecret)},
		DealerEvents: &dealereventsacts.Activities{DB: s.DB.Client, Hook: dealerhook.NewClient(nil)},
	}
	// Every answer is checked against api/openapi.yaml (contract_test.go).
	handler = checkContract(t, api.New(api.Deps{DB: s.DB, Temporal: tc, TaskQueue: s.Queue, Tokens: s.tokens, KeySecret: []byte(keySecret),
		PublicBaseURL: "http://customer.test/app", APIBaseURL: s.API.URL, Log: log, Tracing: o.Tracing,
		TwilioAuthToken: s.Twilio.AuthToken(), Mailgun: email.Webhooks(), MailDomain: s.Mailgun.Domain(), RemoteDiag: rdc,
		SenderPool:  []string{s.Twilio.PhoneNumber(), secondSender},
		TicketWaits: api.TicketWaits{ServiceCenterDeadline: 30 * time.Second, RecheckEvery: 300 * time.Millisecond, CSATWindow: time.Minute},
		ACSES:       lockers, ACSESWebhookSecrets: []string{acsesfake.DefaultWebhookSecret}, ACSESSimulate: true, ACSESBaseURL: s.ACSES.URL()}))
	// Delivery outcomes come back to the API, signed, as from the real providers.
	s.Mailgun.SetWebhookURL(s.API.URL + routes.MailgunEventsPath)

	s.Worker, err = worker.New(tc, s.Queue, s.Acts)
	require.NoError(t, err)
	require.NoError(t, s.Worker.Start())
	t.Cleanup(s.Worker.Stop)
	// Cleanups run last-first: the API drains its requests (an update waits
	// for a worker) before the worker stops. Close is idempotent.
	t.Cleanup(s.API.Close)

	s.Demo, err = seed.Run(ctx, s.DB.Client, s.Acts.Appointment, time.Now())
	require.NoError(t, err)
	_, err = onboard.SetRemoteDiagAccount(ctx, s.DB.Client, s.Demo.LocationID,
		&onboard.RemoteDiagAccount{ConnectorUUID: remotediagfake.ConnectorOnlineUUID, Pincode: remotediagfake.DefaultPincode})
	require.NoError(t, err)
	s.Token, err = s.tokens.Mint(s.Demo.ReceptionistID, []int{s.Demo.LocationID}, enums.RoleIDReceptionist, time.Hour, time.Now())
	require.NoError(t, err)
	return s
}

// start starts the lifecycle of every seeded appointment.
func (s *stack) start() {
	for _, st := range s.Demo.Appointments {
		_, err := apptcaller.StartAppointment(context.Background(), s.Temporal, s.Queue, st)
		require.NoError(s.t, err)
	}
}

// call does one HTTP request and decodes a JSON answer into out (if given).
func (s *stack) call(method, path, token string, body any, out any) (int, []byte) {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		if raw, ok := body.(string); ok {
			rd = bytes.NewBufferString(raw)
		} else {
			b, err := json.Marshal(body)
			require.NoError(s.t, err)
			rd = bytes.NewReader(b)
		}
	}
	req, err := http.NewRequest(method, s.API.URL+path, rd)
	require.NoError(s.t, err)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(s.t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(s.t, err)
	if out != nil && len(b) > 0 {
		require.NoError(s.t, json.Unmarshal(b, out), "body: %s", b)
	}
	return res.StatusCode, b
}

// state polls the workflow's state over HTTP until cond holds.
func (s *stack) waitState(appointmentID int, cond func(appointment.AppointmentState) bool) appointment.AppointmentState {
	s.t.Helper()
	var st appointment.AppointmentState
	require.Eventually(s.t, func() bool {
		st = appointment.AppointmentState{}
		code, _ := s.call("GET", fmt.Sprintf("/v1/appointments/%d/state", appointmentID), s.Token, nil, &st)
		return code == http.StatusOK && cond(st)
	}, 20*time.Second, 50*time.Millisecond, "last state: %+v", st)
	return st
}

var linkKey = regexp.MustCompile(`#!/([A-Za-z0-9_-]{43})`)

// customerKey finds the communication key in the newest message to addr.
func (s *stack) customerKey(email string) string {
	s.t.Helper()
	var key string
	require.Eventually(s.t, func() bool {
		for _, m := range s.Mailgun.Messages() {
			if len(m.To) > 0 && m.To[0] == email {
				if k := linkKey.FindStringSubmatch(m.Text); k != nil {
					key = k[1]
				}
			}
		}
		return key != ""
	}, 20*time.Second, 50*time.Millisecond, "no email with a link to %s", email)
	return key
}

// errorsOf decodes the spec's error body.
func errorsOf(t *testing.T, b []byte) []string {
	t.Helper()
	var e httpx.ErrorBody
	require.NoError(t, json.Unmarshal(b, &e), "body: %s", b)
	require.NotEmpty(t, e.Errors, "body: %s", b)
	return e.Errors
}

// dialTemporal connects as the API and worker do: every payload encrypted
// with the development key (config.DevPayloadKeys), as recorded histories are.
func dialTemporal(srv *testsuite.DevServer, namespace string, interceptors ...interceptor.ClientInterceptor) (client.Client, error) {
	keys, err := payloadcodec.ParseKeyring(config.DevPayloadKeys)
	if err != nil {
		return nil, err
	}
	return dialTemporalWith(srv, namespace, payloadcodec.NewDataConverter(keys), interceptors...)
}

// dialTemporalWith connects with the data converter dc.
func dialTemporalWith(srv *testsuite.DevServer, namespace string, dc converter.DataConverter, interceptors ...interceptor.ClientInterceptor) (client.Client, error) {
	// The SDK's default logger prints every timer and activity at DEBUG,
	// thousands of lines in `make bench`; warnings and errors are enough.
	quiet := sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	return dialTemporalLogged(srv, namespace, dc, quiet, interceptors...)
}

// dialTemporalLogged is dialTemporalWith logging to logger.
func dialTemporalLogged(srv *testsuite.DevServer, namespace string, dc converter.DataConverter, logger sdklog.Logger, interceptors ...interceptor.ClientInterceptor) (client.Client, error) {
	// The connection's compression as the app has it by default
	// (PITSTOP_TEMPORAL_COMPRESSION), so the benches measure that.
	defaults, err := config.FromLookup(func(string) (string, bool) { return "", false })
	if err != nil {
		return nil, err
	}
	return client.Dial(client.Options{HostPort: srv.FrontendHostPort(), Namespace: namespace,
		DataConverter: dc, Logger: logger, Interceptors: interceptors,
		ConnectionOptions: client.ConnectionOptions{GrpcCompression: app.TemporalCompression(defaults)}})
}
