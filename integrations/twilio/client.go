// Package twilio sends SMS through the official twilio-go SDK and classifies
// its failures so that Temporal activities know what to retry.
package twilio

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	twclient "github.com/twilio/twilio-go/client"
	openapi "github.com/twilio/twilio-go/rest/api/v2010"

	"github.com/pitstop-dev/pitstop/internal/tracing"
)

// DefaultTimeout bounds one API call when Config.Timeout is zero; it matches
// the SDK's own default.
const DefaultTimeout = 10 * time.Second

// The SDK refuses other characters in credentials (error 21222/21224), so we
// reject them at start-up instead of at the first send.
var alphanumeric = regexp.MustCompile(`^[A-Za-z0-9]+$`)

// A Messaging Service SID may stand in for a sender number.
var messagingServiceSID = regexp.MustCompile(`^MG[0-9a-fA-F]{32}$`)

// Config holds the account credentials and the sender.
type Config struct {
	AccountSID string
	AuthToken  string
	// From is an E.164 number, an alphanumeric sender ID, or a Messaging
	// Service SID (MG...).
	From string
	// BaseURL replaces https://api.twilio.com (scheme, host and an optional
	// path prefix); empty means the real Twilio.
	BaseURL string
	Timeout time.Duration
}

// String keeps the auth token out of logs and error messages.
func (c Config) String() string {
	return fmt.Sprintf("twilio.Config{AccountSID:%s From:%s BaseURL:%s Timeout:%s AuthToken:[redacted]}",
		c.AccountSID, c.From, c.BaseURL, c.Timeout)
}

// Client sends SMS. It is safe for concurrent use.
type Client struct {
	cfg       Config
	transport http.RoundTripper
}

// SMS is one outgoing text message.
type SMS struct {
	To string
	// From overrides the configured sender (a number of the sender pool,
	// so a reply identifies its conversation); "" uses Config.From.
	From           string
	Body           string
	StatusCallback string
}

// Result identifies a message Twilio accepted.
type Result struct {
	SID    string
	Status string
}

// New validates cfg and builds a client.
func New(cfg Config) (*Client, error) {
	if !alphanumeric.MatchString(cfg.AccountSID) {
		return nil, errors.New("twilio: AccountSID must be non-empty and alphanumeric")
	}
	if !alphanumeric.MatchString(cfg.AuthToken) {
		return nil, errors.New("twilio: AuthToken must be non-empty and alphanumeric")
	}
	if strings.TrimSpace(cfg.From) == "" {
		return nil, errors.New("twilio: From is required")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	var base *url.URL
	if cfg.BaseURL != "" {
		u, err := url.Parse(cfg.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("twilio: BaseURL %q must be an absolute http(s) URL", cfg.BaseURL)
		}
		base = u
	}
	return &Client{cfg: cfg, transport: tracing.Transport(newTransport(base))}, nil
}

// api builds the SDK service for one call. The SDK takes no context, so the
// call's context travels in the transport; the service is cheap to build.
func (c *Client) api(ctx context.Context) *openapi.ApiService {
	hc := &http.Client{
		Transport: ctxTransport{ctx: ctx, next: c.transport},
		Timeout:   c.cfg.Timeout,
		// Twilio's own default: never follow redirects.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	tc := &twclient.Client{Credentials: twclient.NewCredentials(c.cfg.AccountSID, c.cfg.AuthToken), HTTPClient: hc}
	// ClientParams{Client: ...} would skip this, leaving an empty SID in paths.
	tc.SetAccountSid(c.cfg.AccountSID)
	return openapi.NewApiServiceWithClient(tc)
}

// SendSMS asks Twilio to send one message. Errors are classified by IsPermanent.
func (c *Client) SendSMS(ctx context.Context, m SMS) (Result, error) {
	if strings.TrimSpace(m.To) == "" || m.Body == "" {
		return Result{}, invalidInput("twilio: SMS needs To and Body")
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()

	p := &openapi.CreateMessageParams{}
	p.SetTo(m.To)
	p.SetBody(m.Body)
	switch {
	case m.From != "":
		p.SetFrom(m.From)
	case messagingServiceSID.MatchString(c.cfg.From):
		p.SetMessagingServiceSid(c.cfg.From)
	default:
		p.SetFrom(c.cfg.From)
	}
	if m.StatusCallback != "" {
		p.SetStatusCallback(m.StatusCallback)
	}
	msg, err := c.api(ctx).CreateMessage(p)
	if err != nil {
		return Result{}, wrapCtx(ctx, err)
	}
	if msg == nil || msg.Sid == nil {
		return Result{}, errors.New("twilio: reply without a message SID")
	}
	return Result{SID: *msg.Sid, Status: deref(msg.Status)}, nil
}

// wrapCtx keeps the context's reason visible when the call was cut short.
func wrapCtx(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		return fmt.Errorf("%w (%w)", err, ctxErr)
	}
	return err
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
