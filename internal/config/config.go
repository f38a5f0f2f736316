// Package config reads Pitstop's settings from environment variables. Every
// variable has a default that runs the embedded dev stack, so `make run` needs
// none of them; production overrides them (see README "Configuration").
package config

import (
	"fmt"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"

	"github.com/pitstop-dev/pitstop/internal/payloadcodec"
)

// Config is the whole runtime configuration of every Pitstop process.
type Config struct {
	// DatabaseURL: postgres://... in production, sqlite:PATH for the embedded default.
	DatabaseURL string
	// DatabaseMaxConns bounds one process's PostgreSQL pool: replicas ×
	// this plus the Temporal server's pools must stay under PostgreSQL's
	// max_connections (100 by default), or reads fail with "too many
	// clients" under load (README, "make cluster").
	DatabaseMaxConns int
	// TemporalAddress is the frontend host:port; TemporalNamespace its namespace.
	TemporalAddress   string
	TemporalNamespace string
	// TemporalCompression is the gRPC compression of the connection to
	// Temporal: "none" or "gzip" (see TemporalGzip).
	TemporalCompression string
	TaskQueue           string
	// HTTPAddr is where the API listens.
	HTTPAddr string
	// MetricsAddr is where each process (api, worker, dev) serves its
	// Prometheus /metrics; empty serves none.
	MetricsAddr string
	// OTLPEndpoint receives OpenTelemetry traces over OTLP/HTTP (for
	// example http://collector:4318); empty: tracing is off.
	OTLPEndpoint string
	// TrustedProxies (IPs or CIDRs) may name the client in X-Forwarded-For:
	// the load balancer in front of the API. None: the peer is the client.
	TrustedProxies []string
	// PublicBaseURL is the customer page; links are <PublicBaseURL>/#!/<KEY>.
	PublicBaseURL string
	// APIBaseURL is how outside services (Twilio, Mailgun callbacks) reach the API.
	APIBaseURL string
	// PayloadKeys encrypt every Temporal payload (see payloadcodec);
	// CodecToken and CodecAllowedOrigin guard the UI's decode endpoint.
	PayloadKeys        string
	CodecToken         string
	CodecAllowedOrigin string
	// TokenSecret signs receptionist tokens; KeySecret derives communication keys.
	TokenSecret string
	KeySecret   string

	Twilio     TwilioConfig
	Mailgun    MailgunConfig
	Incadea    IncadeaConfig
	RemoteDiag RemoteDiagConfig
	ACSES      ACSESConfig
	Inspection InspectionConfig
	LogLevel   string
	// DevDataDir holds the embedded database and the Temporal dev server state.
	DevDataDir string
}

// InspectionConfig bounds a mechanic's photo and video uploads (a value
// that is not a positive whole number is -1, which Validate refuses).
type InspectionConfig struct {
	VideoMaxMB, VideoCheckMB, VideoMaxSeconds, UploadsPerMechanic int
}

// TwilioConfig points the Twilio SDK at the real API or a fake.
type TwilioConfig struct {
	AccountSID string
	AuthToken  string
	From       string
	BaseURL    string
	// SenderPool are the numbers SMS go out from, one per open appointment
	// of a customer, so a reply's (customer, our number) pair names its
	// appointment (issue #25): the fallback of a location without a pool
	// of its own (sms_senders). Empty: From alone.
	SenderPool []string
}

// ACSESConfig points the ACSES locker client at the vendor or its simulator.
type ACSESConfig struct {
	BaseURL string
	APIKey  string
	// WebhookSecrets verify the vendor's signed events (space-separated
	// several during a rotation), for locker systems without their own.
	WebhookSecrets []string
	// EventTokens are the bearer tokens the vendor calls the events handler
	// with (the spec's "Authorization: Bearer $token"; two during a
	// rotation). None: every event must be signed.
	EventTokens []string
	// Simulate mounts GET /v1/events/simulate (development only).
	Simulate bool
}

// MailgunConfig points the Mailgun SDK at the real API or a fake.
type MailgunConfig struct {
	Domain            string
	APIKey            string
	From              string
	BaseURL           string
	WebhookSigningKey string
}

// DevPayloadKeys is the development payload key: public, so refused
// outside `pitstop dev` like every other default secret.
const DevPayloadKeys = "dev:HAjMXn5It2wi2G8yYeGANIDWlt4y7llUQkAZzCjP24w="

// secretVars are the variables whose documented defaults are public: the
// production commands refuse them (ProductionProblems).
var secretVars = map[string]int{
	"PITSTOP_TOKEN_SECRET":                32,
	"PITSTOP_KEY_SECRET":                  32,
	"PITSTOP_TWILIO_AUTH_TOKEN":           16,
	"PITSTOP_MAILGUN_API_KEY":             16,
	"PITSTOP_MAILGUN_WEBHOOK_SIGNING_KEY": 16,
	"PITSTOP_PAYLOAD_KEYS":                0, // checked by its parser (32-byte keys)
	"PITSTOP_ACSES_WEBHOOK_SECRET":        16,
}

// ProductionProblems lists the secrets still at their public defaults or too
// short: `pitstop api` and `pitstop worker` refuse to start with any (only
// `pitstop dev` runs on the defaults). A codec token, when set, must be long.
func (c Config) ProductionProblems() []string {
	values := map[string]string{
		"PITSTOP_TOKEN_SECRET": c.TokenSecret, "PITSTOP_KEY_SECRET": c.KeySecret,
		"PITSTOP_TWILIO_AUTH_TOKEN": c.Twilio.AuthToken, "PITSTOP_MAILGUN_API_KEY": c.Mailgun.APIKey,
		"PITSTOP_MAILGUN_WEBHOOK_SIGNING_KEY": c.Mailgun.WebhookSigningKey, "PITSTOP_PAYLOAD_KEYS": c.PayloadKeys,
		"PITSTOP_ACSES_WEBHOOK_SECRET": strings.Join(c.ACSES.WebhookSecrets, " "),
	}
	var problems []string
	for _, v := range Vars {
		min, secret := secretVars[v.Name]
		if !secret {
			continue
		}
		switch val := values[v.Name]; {
		case val == v.Default:
			problems = append(problems, v.Name+" is the public development default: set a secret of your own")
		case len(val) < min:
			problems = append(problems, fmt.Sprintf("%s is shorter than %d characters", v.Name, min))
		}
	}
	for _, t := range c.ACSES.EventTokens {
		if len(t) < 32 {
			problems = append(problems, "PITSTOP_ACSES_EVENT_TOKEN has a token shorter than 32 characters")
			break
		}
	}
	if c.CodecToken != "" && len(c.CodecToken) < 32 {
		problems = append(problems, "PITSTOP_CODEC_TOKEN is shorter than 32 characters")
	}
	return problems
}

// IncadeaConfig points the Incadea client at the DMS or its simulator.
type IncadeaConfig struct {
	BaseURL string
	APIKey  string
}

// RemoteDiagConfig points the remote-diagnose client (spec 003) at the
// provider or its simulator. Each dealer location logs in with its own
// account (stored on the location, set by a dealer admin); ConnectorUUID
// and Pincode are only the demo location's account in `pitstop dev`
// (the simulator's main account), never a shared fallback.
// An empty BaseURL turns remote diagnosis off: its endpoints answer 503.
type RemoteDiagConfig struct {
	BaseURL       string
	ConnectorUUID string
	Pincode       string
}

// Var documents one environment variable; Vars is the table the README shows.
type Var struct{ Name, Default, Help string }

// Vars lists every variable with its default, in README order.
var Vars = []Var{
	{"PITSTOP_DATABASE_URL", "sqlite:.pitstop/pitstop.db", "database: postgres://user@host:5432/db?sslmode=disable or sqlite:PATH (PostgreSQL: each connection keeps its statements prepared, so a PgBouncer in between must pool sessions, or transactions with `max_prepared_statements` set)"},
	{"PITSTOP_DATABASE_MAX_CONNS", "20", "most PostgreSQL connections one process keeps (1 to 1000): replicas × this plus the Temporal server's pools must stay under PostgreSQL's max_connections"},
	{"PITSTOP_TEMPORAL_ADDRESS", "127.0.0.1:7233", "Temporal frontend host:port"},
	{"PITSTOP_TEMPORAL_NAMESPACE", "default", "Temporal namespace"},
	{"PITSTOP_TEMPORAL_COMPRESSION", "none", "gRPC compression of the connection to Temporal: `none` (a server on the same network: saves CPU at both ends, and sealed payloads do not shrink anyway) or `gzip` (the Temporal SDK's own default: for a server across a metered link, such as Temporal Cloud)"},
	{"PITSTOP_TASK_QUEUE", "pitstop", "Temporal task queue of the worker"},
	{"PITSTOP_HTTP_ADDR", "127.0.0.1:8080", "API listen address"},
	{"PITSTOP_METRICS_ADDR", "127.0.0.1:9464", "Prometheus /metrics listen address of each process (api, worker, dev: give api and worker on one host different ports); empty serves none"},
	{"PITSTOP_OTLP_ENDPOINT", "", "OpenTelemetry traces over OTLP/HTTP to this collector URL (e.g. `http://127.0.0.1:4318`): one trace per request, from the API through the Temporal message, the workflow and its activities to the outside call; no personal data in spans; empty: tracing off"},
	{"PITSTOP_TRUSTED_PROXIES", "", "comma-separated IPs or CIDRs of the proxies in front of the API (they may set X-Forwarded-For); empty trusts none"},
	{"PITSTOP_PUBLIC_BASE_URL", "http://127.0.0.1:8080/app", "customer page base; links are <base>/#!/<KEY>"},
	{"PITSTOP_API_BASE_URL", "http://127.0.0.1:8080", "public URL of the API, for provider callbacks"},
	{"PITSTOP_TOKEN_SECRET", "dev-token-secret-change-me", "HMAC secret of receptionist tokens"},
	{"PITSTOP_KEY_SECRET", "dev-key-secret-change-me", "HMAC secret communication keys are derived from"},
	{"PITSTOP_TWILIO_ACCOUNT_SID", "ACdev0000000000000000000000000000", "Twilio account SID"},
	{"PITSTOP_TWILIO_AUTH_TOKEN", "devtwiliotoken", "Twilio auth token (also validates status callbacks)"},
	{"PITSTOP_TWILIO_FROM", "+3197010000000", "sender number"},
	{"PITSTOP_TWILIO_SENDER_POOL", "", "comma-separated sender numbers for two-way SMS (a customer's open appointments get different ones), the fallback of every location without numbers of its own (/v1/admin/locations/{id}/sms-senders); empty: PITSTOP_TWILIO_FROM only"},
	{"PITSTOP_TWILIO_BASE_URL", "http://127.0.0.1:8090", "Twilio API base; empty means the real api.twilio.com"},
	{"PITSTOP_MAILGUN_DOMAIN", "mg.pitstop.local", "Mailgun sending domain"},
	{"PITSTOP_MAILGUN_API_KEY", "devmailgunkey", "Mailgun API key"},
	{"PITSTOP_MAILGUN_FROM", "Pitstop <noreply@mg.pitstop.local>", "email sender"},
	{"PITSTOP_MAILGUN_BASE_URL", "http://127.0.0.1:8091", "Mailgun API base; empty means the real api.mailgun.net"},
	{"PITSTOP_MAILGUN_WEBHOOK_SIGNING_KEY", "devmailgunsigningkey", "Mailgun webhook signing key"},
	{"PITSTOP_PAYLOAD_KEYS", DevPayloadKeys, "AES-256 keys encrypting Temporal payloads: id:base64,id:base64 (the first encrypts, all decrypt)"},
	{"PITSTOP_CODEC_TOKEN", "", "bearer token the Temporal UI or CLI sends to the API's /codec endpoint; empty serves no codec outside `pitstop dev`"},
	{"PITSTOP_CODEC_ALLOWED_ORIGIN", "http://127.0.0.1:8233", "the Temporal UI's origin, the only one /codec answers (CORS)"},
	{"PITSTOP_INCADEA_BASE_URL", "http://127.0.0.1:8092", "Incadea DMS API base (the dev stack's simulator by default)"},
	{"PITSTOP_INCADEA_API_KEY", "incadea-test-key", "Incadea API key of the dealer"},
	{"PITSTOP_REMOTEDIAG_BASE_URL", "http://127.0.0.1:8093", "remote-diagnose provider's Customer API base (the simulator in the dev stack); empty turns remote diagnosis off"},
	{"PITSTOP_REMOTEDIAG_CONNECTOR_UUID", "5f3d760d-ade2-4a19-aea4-36e097678ae3", "dev/demo only: the demo location's remote-diagnose account (`pitstop dev`); every other location uses the account a dealer admin sets on it"},
	{"PITSTOP_REMOTEDIAG_PINCODE", "1234", "dev/demo only: pincode of that connector"},
	{"PITSTOP_ACSES_BASE_URL", "http://127.0.0.1:8094", "ACSES key-locker vendor API base (the simulator in development)"},
	{"PITSTOP_ACSES_API_KEY", "acses-dev-api-key", "ACSES vendor API key"},
	{"PITSTOP_ACSES_WEBHOOK_SECRET", "acses-dev-webhook-secret", "secret the vendor signs locker events with (space-separated during a rotation); a locker system's own secret wins"},
	{"PITSTOP_ACSES_EVENT_TOKEN", "", "bearer token(s) ACSES calls the events handler with (space-separated, two during a rotation; at least 32 characters each); empty: events must be signed"},
	{"PITSTOP_ACSES_SIMULATE", "false", "true mounts GET /v1/events/simulate (opens simulator doors; development only)"},
	{"PITSTOP_INSPECTION_VIDEO_MAX_MB", "100", "largest video (MB) a mechanic may add to a question result"},
	{"PITSTOP_INSPECTION_VIDEO_CHECK_MB", "500", "most bytes (MB) of all videos of one check together"},
	{"PITSTOP_INSPECTION_VIDEO_MAX_SECONDS", "60", "longest video (seconds, by the duration in the file's own header) a mechanic may add; a video whose duration cannot be read is refused"},
	{"PITSTOP_INSPECTION_UPLOADS_PER_MECHANIC", "3", "photos and videos one mechanic may upload at once (per API process); more answer 429"},
	{"PITSTOP_LOG_LEVEL", "info", "debug, info, warn or error"},
	{"PITSTOP_DEV_DIR", ".pitstop", "where `pitstop dev` keeps its database and Temporal state"},
}

// FromEnv reads the configuration, falling back to each variable's default.
func FromEnv() (Config, error) { return FromLookup(os.LookupEnv) }

// FromLookup reads the configuration through lookup (tests pass a map).
func FromLookup(lookup func(string) (string, bool)) (Config, error) {
	get := func(name string) string {
		if v, ok := lookup(name); ok {
			return strings.TrimSpace(v)
		}
		for _, v := range Vars {
			if v.Name == name {
				return v.Default
			}
		}
		panic("config: undeclared variable " + name) // a programming error, caught by tests
	}
	c := Config{
		DatabaseURL:         get("PITSTOP_DATABASE_URL"),
		DatabaseMaxConns:    positive(get("PITSTOP_DATABASE_MAX_CONNS")),
		TemporalAddress:     get("PITSTOP_TEMPORAL_ADDRESS"),
		TemporalNamespace:   get("PITSTOP_TEMPORAL_NAMESPACE"),
		TemporalCompression: get("PITSTOP_TEMPORAL_COMPRESSION"),
		TaskQueue:           get("PITSTOP_TASK_QUEUE"),
		HTTPAddr:            get("PITSTOP_HTTP_ADDR"),
		MetricsAddr:         get("PITSTOP_METRICS_ADDR"),
		OTLPEndpoint:        get("PITSTOP_OTLP_ENDPOINT"),
		TrustedProxies:      splitList(get("PITSTOP_TRUSTED_PROXIES")),
		PublicBaseURL:       strings.TrimRight(get("PITSTOP_PUBLIC_BASE_URL"), "/"),
		APIBaseURL:          strings.TrimRight(get("PITSTOP_API_BASE_URL"), "/"),
		TokenSecret:         get("PITSTOP_TOKEN_SECRET"),
		KeySecret:           get("PITSTOP_KEY_SECRET"),
		Twilio: TwilioConfig{
			AccountSID: get("PITSTOP_TWILIO_ACCOUNT_SID"),
			AuthToken:  get("PITSTOP_TWILIO_AUTH_TOKEN"),
			From:       get("PITSTOP_TWILIO_FROM"),
			BaseURL:    get("PITSTOP_TWILIO_BASE_URL"),
			SenderPool: splitList(get("PITSTOP_TWILIO_SENDER_POOL")),
		},
		Mailgun: MailgunConfig{
			Domain:            get("PITSTOP_MAILGUN_DOMAIN"),
			APIKey:            get("PITSTOP_MAILGUN_API_KEY"),
			From:              get("PITSTOP_MAILGUN_FROM"),
			BaseURL:           get("PITSTOP_MAILGUN_BASE_URL"),
			WebhookSigningKey: get("PITSTOP_MAILGUN_WEBHOOK_SIGNING_KEY"),
		},
		PayloadKeys:        get("PITSTOP_PAYLOAD_KEYS"),
		CodecToken:         get("PITSTOP_CODEC_TOKEN"),
		CodecAllowedOrigin: get("PITSTOP_CODEC_ALLOWED_ORIGIN"),
		LogLevel:           get("PITSTOP_LOG_LEVEL"),
		DevDataDir:         get("PITSTOP_DEV_DIR"),
		Incadea: IncadeaConfig{
			BaseURL: get("PITSTOP_INCADEA_BASE_URL"),
			APIKey:  get("PITSTOP_INCADEA_API_KEY"),
		},
		RemoteDiag: RemoteDiagConfig{
			BaseURL:       strings.TrimRight(get("PITSTOP_REMOTEDIAG_BASE_URL"), "/"),
			ConnectorUUID: get("PITSTOP_REMOTEDIAG_CONNECTOR_UUID"),
			Pincode:       get("PITSTOP_REMOTEDIAG_PINCODE"),
		},
		ACSES: ACSESConfig{
			BaseURL:        strings.TrimRight(get("PITSTOP_ACSES_BASE_URL"), "/"),
			APIKey:         get("PITSTOP_ACSES_API_KEY"),
			WebhookSecrets: strings.Fields(get("PITSTOP_ACSES_WEBHOOK_SECRET")),
			EventTokens:    strings.Fields(get("PITSTOP_ACSES_EVENT_TOKEN")),
			Simulate:       get("PITSTOP_ACSES_SIMULATE") == "true",
		},
		Inspection: InspectionConfig{
			VideoMaxMB:         positive(get("PITSTOP_INSPECTION_VIDEO_MAX_MB")),
			VideoCheckMB:       positive(get("PITSTOP_INSPECTION_VIDEO_CHECK_MB")),
			VideoMaxSeconds:    positive(get("PITSTOP_INSPECTION_VIDEO_MAX_SECONDS")),
			UploadsPerMechanic: positive(get("PITSTOP_INSPECTION_UPLOADS_PER_MECHANIC")),
		},
	}
	return c, c.Validate()
}

// TemporalGzip reports whether the Temporal connection compresses its
// gRPC messages. The SDK compresses by default; on a local network that is
// CPU spent at both ends for nothing: payloads are sealed (payloadcodec),
// and sealed bytes do not compress (a CPU profile of the check-in burst,
// make bench, showed the gzip writers among the worker's top costs).
func (c Config) TemporalGzip() bool { return c.TemporalCompression == "gzip" }

// Validate reports every problem at once so an operator fixes them in one go.
func (c Config) Validate() error {
	var problems []string
	need := map[string]string{
		"PITSTOP_DATABASE_URL": c.DatabaseURL, "PITSTOP_TEMPORAL_ADDRESS": c.TemporalAddress,
		"PITSTOP_TASK_QUEUE": c.TaskQueue, "PITSTOP_HTTP_ADDR": c.HTTPAddr,
	}
	for _, v := range Vars { // fixed order for stable messages
		if val, ok := need[v.Name]; ok && val == "" {
			problems = append(problems, v.Name+" is empty")
		}
	}
	if c.TemporalCompression != "none" && c.TemporalCompression != "gzip" {
		problems = append(problems, fmt.Sprintf("PITSTOP_TEMPORAL_COMPRESSION: %q is neither none nor gzip", c.TemporalCompression))
	}
	if len(c.TokenSecret) < 16 {
		problems = append(problems, "PITSTOP_TOKEN_SECRET must be at least 16 characters")
	}
	if len(c.KeySecret) < 16 {
		problems = append(problems, "PITSTOP_KEY_SECRET must be at least 16 characters")
	}
	for _, p := range c.TrustedProxies {
		if _, err := netip.ParsePrefix(p); err != nil {
			if _, err := netip.ParseAddr(p); err != nil {
				problems = append(problems, fmt.Sprintf("PITSTOP_TRUSTED_PROXIES: %q is neither an IP nor a CIDR", p))
			}
		}
	}
	if _, err := payloadcodec.ParseKeyring(c.PayloadKeys); err != nil {
		problems = append(problems, err.Error())
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			problems = append(problems, fmt.Sprintf("PITSTOP_METRICS_ADDR %q is not host:port (or empty for no metrics)", c.MetricsAddr))
		}
	}
	for _, v := range []struct {
		name    string
		val, to int
	}{
		{"PITSTOP_DATABASE_MAX_CONNS", c.DatabaseMaxConns, 1000},
		{"PITSTOP_INSPECTION_VIDEO_MAX_MB", c.Inspection.VideoMaxMB, 4096},
		{"PITSTOP_INSPECTION_VIDEO_CHECK_MB", c.Inspection.VideoCheckMB, 1 << 20},
		{"PITSTOP_INSPECTION_VIDEO_MAX_SECONDS", c.Inspection.VideoMaxSeconds, 3600},
		{"PITSTOP_INSPECTION_UPLOADS_PER_MECHANIC", c.Inspection.UploadsPerMechanic, 100},
	} {
		if v.val < 1 || v.val > v.to {
			problems = append(problems, fmt.Sprintf("%s must be a whole number from 1 to %d", v.name, v.to))
		}
	}
	if c.Inspection.VideoMaxMB > c.Inspection.VideoCheckMB {
		problems = append(problems, "PITSTOP_INSPECTION_VIDEO_MAX_MB must not be larger than PITSTOP_INSPECTION_VIDEO_CHECK_MB")
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		problems = append(problems, fmt.Sprintf("PITSTOP_LOG_LEVEL %q is not debug, info, warn or error", c.LogLevel))
	}
	if len(problems) > 0 {
		return fmt.Errorf("configuration: %s", strings.Join(problems, "; "))
	}
	return nil
}

// positive reads a positive whole number (-1 when v is none).
func positive(v string) int {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return -1
	}
	return n
}

// splitList reads a comma-separated list, dropping empty items.
func splitList(v string) []string {
	var out []string
	for _, item := range strings.Split(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}
