// Package mailgun sends e-mail through the official mailgun-go/v4 SDK,
// classifies its failures for retries, reconciles uncertain sends through the
// Events API and verifies Mailgun's signed webhooks.
package mailgun

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"time"

	mg "github.com/mailgun/mailgun-go/v4"

	"github.com/pitstop-dev/pitstop/integrations/mailgun/webhook"

	"github.com/pitstop-dev/pitstop/internal/tracing"
)

// DefaultTimeout bounds one API call when Config.Timeout is zero; the SDK's
// default http.Client has none.
const DefaultTimeout = 10 * time.Second

// versioned matches a base that already names an API version.
var versioned = regexp.MustCompile(`/v[1-4]$`)

// Config holds the sending domain and keys.
type Config struct {
	Domain string
	APIKey string
	// From is the sender, e.g. "Autohaus Muster <service@mg.example.com>".
	From string
	// BaseURL is the API root without version ("https://api.eu.mailgun.net"
	// for EU accounts, a fake's URL in tests); empty means the US endpoint.
	BaseURL string
	// WebhookSigningKey verifies webhooks; VerifyWebhook fails without it.
	WebhookSigningKey string
	Timeout           time.Duration
	// Replay remembers used webhook tokens; nil means an in-memory cache.
	Replay ReplayCache
}

// String keeps keys out of logs and error messages.
func (c Config) String() string {
	return fmt.Sprintf("mailgun.Config{Domain:%s From:%s BaseURL:%s Timeout:%s APIKey:[redacted] WebhookSigningKey:[redacted]}",
		c.Domain, c.From, c.BaseURL, c.Timeout)
}

// Email is one outgoing message to one recipient.
type Email struct {
	To      string
	Subject string
	Text    string
	HTML    string
	Tags    []string
	// Variables become v: fields, echoed in events and webhooks.
	Variables map[string]string
	// Headers become h: fields (extra MIME headers).
	Headers map[string]string
}

// Domain is the sending domain (also that of the Reply-To addresses a
// Mailgun inbound route forwards).
func (c *Client) Domain() string { return c.cfg.Domain }

// Client sends e-mail and checks webhooks. It is safe for concurrent use.
type Client struct {
	cfg   Config
	mg    *mg.MailgunImpl
	hooks *webhook.Verifier
}

// New validates cfg and builds a client.
func New(cfg Config) (*Client, error) {
	if cfg.Domain == "" || strings.ContainsAny(cfg.Domain, ":&'@(),!?#;%+=<>/ ") {
		return nil, errors.New("mailgun: Domain must be a bare domain name")
	}
	if cfg.APIKey == "" {
		return nil, errors.New("mailgun: APIKey is required")
	}
	if _, err := mail.ParseAddress(cfg.From); err != nil {
		return nil, fmt.Errorf("mailgun: From %q is not an address: %w", cfg.From, err)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	m := mg.NewMailgun(cfg.Domain, cfg.APIKey)
	if cfg.BaseURL != "" {
		u, err := url.Parse(cfg.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("mailgun: BaseURL %q must be an absolute http(s) URL", cfg.BaseURL)
		}
		base := strings.TrimRight(cfg.BaseURL, "/")
		if !versioned.MatchString(base) {
			base += "/v3" // the SDK requires a versioned base
		}
		m.SetAPIBase(base)
	}
	m.SetClient(&http.Client{Timeout: cfg.Timeout, Transport: tracing.Transport(nil)})
	m.SetWebhookSigningKey(cfg.WebhookSigningKey)
	return &Client{cfg: cfg, mg: m, hooks: webhook.NewVerifier(cfg.WebhookSigningKey, cfg.Replay)}, nil
}

// SendEmail queues one e-mail and returns Mailgun's message id without angle
// brackets, the form events and webhooks carry.
func (c *Client) SendEmail(ctx context.Context, e Email) (string, error) {
	if strings.TrimSpace(e.To) == "" || e.Subject == "" || (e.Text == "" && e.HTML == "") {
		return "", invalidInput("mailgun: Email needs To, Subject and Text or HTML")
	}
	m := mg.NewMessage(c.cfg.From, e.Subject, e.Text, e.To)
	if e.HTML != "" {
		m.SetHTML(e.HTML)
	}
	if len(e.Tags) > 0 {
		if err := m.AddTag(e.Tags...); err != nil {
			return "", invalidInput("mailgun: " + err.Error())
		}
	}
	for k, v := range e.Variables {
		if err := m.AddVariable(k, v); err != nil {
			return "", invalidInput("mailgun: variable " + k + ": " + err.Error())
		}
	}
	for k, v := range e.Headers {
		m.AddHeader(k, v)
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	_, id, err := c.mg.Send(ctx, m)
	if err != nil {
		return "", err
	}
	return trimID(id), nil
}

func trimID(id string) string { return webhook.TrimID(id) }
