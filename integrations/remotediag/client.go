package remotediag

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
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/pitstop-dev/pitstop/internal/tracing"
)

// Defaults of a Client.
const (
	DefaultTimeout       = 30 * time.Second // per request, when the context has no deadline
	DefaultRefreshMargin = 60 * time.Second // renew the token this long before it expires
	maxErrorBody         = 64 << 10
)

// Client calls the Customer API. It is safe for concurrent use. Build it
// with New; it logs in on first use when it has credentials.
type Client struct {
	base      *url.URL
	http      *http.Client
	uuid, pin string // connector login credentials; empty after OTP-only setup
	margin    time.Duration
	now       func() time.Time
	userAgent string
	ping      time.Duration // websocket ping interval

	loginMu sync.Mutex // one login at a time; callers wait for it

	mu     sync.Mutex
	tokens Tokens
	expiry time.Time // zero: unknown (renew only on 401)
	logins int
}

// Option configures a Client.
type Option func(*Client)

// WithCredentials sets the connector UUID and pincode used to log in and to
// renew the token.
func WithCredentials(connectorUUID, pincode string) Option {
	return func(c *Client) { c.uuid, c.pin = connectorUUID, pincode }
}

// WithHTTPClient uses hc (its Transport and Timeout) for REST calls and the
// websocket handshake. Redirects are never followed, so the bearer token is
// not sent to another host.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		cp := *hc
		c.http = &cp
	}
}

// WithRefreshMargin renews the token this long before it expires.
func WithRefreshMargin(d time.Duration) Option { return func(c *Client) { c.margin = d } }

// WithClock replaces time.Now (tests).
func WithClock(now func() time.Time) Option { return func(c *Client) { c.now = now } }

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option { return func(c *Client) { c.userAgent = ua } }

// New builds a client of the API at baseURL (scheme and host, optionally a
// path prefix). It does not call the provider.
func New(baseURL string, opts ...Option) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(baseURL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, invalid("base URL", "%q is not an http(s) URL", baseURL)
	}
	c := &Client{
		base: u, http: &http.Client{}, margin: DefaultRefreshMargin,
		now: time.Now, userAgent: "Pitstop-RemoteDiag/1",
	}
	for _, o := range opts {
		o(c)
	}
	c.http.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.http.Transport = tracing.Transport(c.http.Transport)
	return c, nil
}

// Login logs in with the configured connector UUID and pincode and keeps
// the tokens. Calls log in by themselves; use this to check credentials.
func (c *Client) Login(ctx context.Context) (Tokens, error) {
	if c.uuid == "" {
		return Tokens{}, invalid("credentials", "no connector UUID and pincode configured (WithCredentials)")
	}
	c.loginMu.Lock()
	defer c.loginMu.Unlock()
	return c.login(ctx, PathLoginConnectorUUID, map[string]string{"connector_uuid": c.uuid, "pincode": c.pin})
}

// LoginWithOTP logs in with a one-time password and keeps the tokens. Such
// a session cannot be renewed (see ErrSessionExpired) unless the client
// also has credentials.
func (c *Client) LoginWithOTP(ctx context.Context, otp string) (Tokens, error) {
	if strings.TrimSpace(otp) == "" {
		return Tokens{}, invalid("otp", "must not be empty")
	}
	c.loginMu.Lock()
	defer c.loginMu.Unlock()
	return c.login(ctx, PathLoginOTP, map[string]string{"otp": otp})
}

// Tokens returns the tokens of the current session and the access token's
// expiry (zero when unknown).
func (c *Client) Tokens() (Tokens, time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tokens, c.expiry
}

// Logins counts successful logins, renewals included (for logs and tests).
func (c *Client) Logins() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.logins
}

// login runs with loginMu held.
func (c *Client) login(ctx context.Context, path string, body any) (Tokens, error) {
	var t Tokens
	if err := c.roundTrip(ctx, http.MethodPost, path, nil, body, "", &t); err != nil {
		return Tokens{}, err
	}
	if t.AccessToken == "" {
		return Tokens{}, fmt.Errorf("remotediag: login answered no access_token")
	}
	exp := tokenExpiry(t.AccessToken)
	c.mu.Lock()
	c.tokens, c.expiry = t, exp
	c.logins++
	c.mu.Unlock()
	return t, nil
}

// tokenExpiry reads the JWT "exp" claim without verifying the signature
// (the provider verifies its own tokens; we only schedule renewal).
func tokenExpiry(tok string) time.Time {
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(tok, claims); err != nil {
		return time.Time{}
	}
	exp, err := claims.GetExpirationTime()
	if err != nil || exp == nil {
		return time.Time{}
	}
	return exp.Time
}

// accessToken returns a token valid for at least the refresh margin,
// logging in when there is none or it is about to expire. stale is a token
// the caller saw refused: it is replaced even if it looks valid.
func (c *Client) accessToken(ctx context.Context, stale string) (string, error) {
	if tok, ok := c.currentToken(stale); ok {
		return tok, nil
	}
	c.loginMu.Lock()
	defer c.loginMu.Unlock()
	if tok, ok := c.currentToken(stale); ok { // someone else renewed it meanwhile
		return tok, nil
	}
	if c.uuid == "" {
		c.mu.Lock()
		had := c.tokens.AccessToken != ""
		c.mu.Unlock()
		if had {
			return "", ErrSessionExpired
		}
		return "", invalid("credentials", "not logged in: configure WithCredentials or call LoginWithOTP")
	}
	t, err := c.login(ctx, PathLoginConnectorUUID, map[string]string{"connector_uuid": c.uuid, "pincode": c.pin})
	if err != nil {
		return "", err
	}
	return t.AccessToken, nil
}

func (c *Client) currentToken(stale string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	tok := c.tokens.AccessToken
	if tok == "" || tok == stale {
		return "", false
	}
	if !c.expiry.IsZero() && !c.now().Add(c.margin).Before(c.expiry) {
		return "", false
	}
	return tok, true
}

// call makes an authenticated call; on 401 it logs in again once and
// repeats the call (the body is bytes, so it can be sent twice; a 401 means
// the provider did not act on the first).
func (c *Client) call(ctx context.Context, method, path string, q url.Values, body, out any) error {
	tok, err := c.accessToken(ctx, "")
	if err != nil {
		return err
	}
	err = c.roundTrip(ctx, method, path, q, body, tok, out)
	if !IsUnauthorized(err) {
		return err
	}
	tok, err2 := c.accessToken(ctx, tok)
	if err2 != nil {
		if errors.Is(err2, ErrSessionExpired) {
			return fmt.Errorf("%w (%v)", ErrSessionExpired, err)
		}
		return err2
	}
	return c.roundTrip(ctx, method, path, q, body, tok, out)
}

func (c *Client) endpoint(path string, q url.Values) string {
	u := *c.base
	u.Path = c.base.Path + path
	u.RawQuery = q.Encode()
	return u.String()
}

func (c *Client) roundTrip(ctx context.Context, method, path string, q url.Values, body any, token string, out any) error {
	if _, ok := ctx.Deadline(); !ok && c.http.Timeout == 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("remotediag: encode %s %s: %w", method, path, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.endpoint(path, q), rd)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("remotediag: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return readAPIError(resp, method, path)
	}
	if out == nil || resp.StatusCode == http.StatusNoContent {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody))
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("remotediag: decode %s %s: %w", method, path, err)
	}
	return nil
}

func readAPIError(resp *http.Response, method, path string) error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	ae := &APIError{HTTPStatus: resp.StatusCode, Method: method, Path: path}
	if json.Unmarshal(b, ae) != nil || (ae.Title == "" && ae.Detail == "" && ae.Type == "") {
		ae.Status, ae.Type, ae.Title, ae.Detail = 0, "", http.StatusText(resp.StatusCode), strings.TrimSpace(string(b))
	}
	return ae
}

// pathWith fills {placeholders} of a path constant, escaping each value.
func pathWith(p string, kv ...string) string {
	for i := 0; i+1 < len(kv); i += 2 {
		p = strings.Replace(p, "{"+kv[i]+"}", url.PathEscape(kv[i+1]), 1)
	}
	return p
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func pageQuery(q url.Values, p PageParams) (url.Values, error) {
	if err := validatePage(p); err != nil {
		return nil, err
	}
	if q == nil {
		q = url.Values{}
	}
	if p.Offset != 0 {
		q.Set("offset", strconv.Itoa(p.Offset))
	}
	if p.LimitSet || p.Limit != 0 {
		q.Set("limit", strconv.Itoa(p.Limit))
	}
	return q, nil
}
