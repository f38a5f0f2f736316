package dealerhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pitstop-dev/pitstop/internal/tracing"
)

// Limits and identity of one delivery attempt.
const (
	MaxResponseBody = 4 << 10 // bytes of the reply kept for the dealer's log
	UserAgent       = "Pitstop-Webhooks/1"
	// DefaultTimeout applies only when the caller's context has no deadline.
	DefaultTimeout = 30 * time.Second
)

// Attempt describes one delivery attempt, successful or not.
type Attempt struct {
	StatusCode   int // 0 if no reply arrived
	ResponseBody string
	Duration     time.Duration
}

// StatusError is a non-2xx reply from the dealer's endpoint.
type StatusError struct{ StatusCode int }

func (e *StatusError) Error() string {
	return "dealerhook: endpoint replied " + strconv.Itoa(e.StatusCode)
}

// inputError marks deliveries that can never succeed as given.
type inputError string

func (e inputError) Error() string { return string(e) }

// IsPermanent reports whether retrying err cannot help: a 4xx reply other
// than 408/429, or an unusable URL, secret, id or payload. 5xx, 3xx (we do
// not follow redirects), 408, 429, network errors and timeouts are transient.
func IsPermanent(err error) bool {
	var in inputError
	if errors.As(err, &in) {
		return true
	}
	var se *StatusError
	if errors.As(err, &se) {
		s := se.StatusCode
		return s >= 400 && s < 500 && s != http.StatusRequestTimeout && s != http.StatusTooManyRequests
	}
	return false
}

// Client delivers webhooks. The zero value is not usable; use NewClient.
type Client struct {
	http *http.Client
	now  func() time.Time
}

// NewClient wraps hc (nil: a fresh client). Redirects are never followed,
// so a signed body is not replayed to a host the dealer did not configure.
func NewClient(hc *http.Client) *Client {
	c := &http.Client{}
	if hc != nil {
		*c = *hc
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.Transport = tracing.Transport(c.Transport)
	return &Client{http: c, now: time.Now}
}

var defaultClient = NewClient(nil)

// Deliver makes one attempt with the default client.
func Deliver(ctx context.Context, url string, secret []byte, msgID string, payload any) (Attempt, error) {
	return defaultClient.Deliver(ctx, url, secret, msgID, payload)
}

// Deliver POSTs payload as JSON to url, signed with secret under msgID (the
// dealer's dedupe key: keep it stable across retries). It returns the
// attempt and, unless the reply was 2xx, an error for IsPermanent.
func (c *Client) Deliver(ctx context.Context, rawURL string, secret []byte, msgID string, payload any) (Attempt, error) {
	return c.DeliverSigned(ctx, rawURL, [][]byte{secret}, msgID, payload)
}

// DeliverSigned is Deliver signed with each of secrets (a key rotation:
// the signatures space-separated in one webhook-signature header, as
// Standard Webhooks has it), so a receiver knowing either secret accepts.
func (c *Client) DeliverSigned(ctx context.Context, rawURL string, secrets [][]byte, msgID string, payload any) (Attempt, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Attempt{}, inputError("dealerhook: webhook URL must be an absolute http(s) URL")
	}
	var usable [][]byte
	for _, s := range secrets {
		if len(key(s)) > 0 {
			usable = append(usable, s)
		}
	}
	if len(usable) == 0 || msgID == "" {
		return Attempt{}, inputError("dealerhook: a secret and a message id are required")
	}
	body, err := json.Marshal(payload)
	if err != nil {
		return Attempt{}, inputError("dealerhook: payload: " + err.Error())
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}
	now := c.now()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return Attempt{}, inputError("dealerhook: " + err.Error())
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set(HeaderID, msgID)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
	sigs := make([]string, len(usable))
	for i, s := range usable {
		sigs[i] = Sign(s, msgID, now, body)
	}
	req.Header.Set(HeaderSignature, strings.Join(sigs, " "))

	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return Attempt{Duration: time.Since(start)}, fmt.Errorf("dealerhook: POST %s: %w", redact(u), unwrapURLError(err))
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBody))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
	a := Attempt{StatusCode: resp.StatusCode, ResponseBody: clean(b), Duration: time.Since(start)}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return a, &StatusError{StatusCode: resp.StatusCode}
	}
	return a, nil
}

// redact drops credentials and query, which may carry the dealer's tokens.
func redact(u *url.URL) string {
	return u.Scheme + "://" + u.Host + u.Path
}

// unwrapURLError removes *url.Error, whose message repeats the full URL.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// clean makes the stored reply safe for text columns and logs.
func clean(b []byte) string {
	return strings.ReplaceAll(strings.ToValidUTF8(string(b), "\uFFFD"), "\x00", "")
}
