package acses

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pitstop-dev/pitstop/internal/tracing"
)

// Default per-call timeouts. Availability checks (LockerSystems, FreeCells)
// answer the customer's check-in page, which should not wait long for a
// locker it can do without; bookings can afford to wait longer.
const (
	DefaultAvailabilityTimeout = 2 * time.Second
	DefaultTimeout             = 10 * time.Second
)

// Config holds where the vendor is and the account's API key.
type Config struct {
	BaseURL string // e.g. https://acses.example.com (the paths start with /api/v1)
	APIKey  string // sent as "Authorization: Bearer <APIKey>"
	// AvailabilityTimeout bounds LockerSystems and FreeCells (default 2 s);
	// Timeout bounds the other calls (default 10 s). A shorter deadline
	// on the caller's context wins.
	AvailabilityTimeout time.Duration
	Timeout             time.Duration
	// HTTPClient is used as given except that redirects are never followed
	// (the bearer key must not travel to another host). Nil: a fresh one.
	HTTPClient *http.Client
}

// String keeps the API key out of logs and error messages.
func (c Config) String() string {
	return fmt.Sprintf("acses.Config{BaseURL:%s AvailabilityTimeout:%s Timeout:%s APIKey:[redacted]}",
		c.BaseURL, c.AvailabilityTimeout, c.Timeout)
}

// Client calls the vendor. It is safe for concurrent use. It never retries:
// retries are Temporal's job, and Book is idempotent so they are safe.
type Client struct {
	cfg  Config
	base *url.URL
	http *http.Client
	// login, when set, is a location's own ACSES login (WithLogin): sent
	// as HTTP Basic instead of the account's bearer key.
	login *login
}

type login struct{ email, password string }

// WithLogin returns a client that signs its calls in with a location's own
// ACSES login (spec 000: DealerLocation.AcsesEmail, "used as Basic Auth
// during authentication", and its password) instead of the account's API
// key; an empty email or password returns c itself. The copy shares c's
// HTTP client; the password never appears in an error or a log.
func (c *Client) WithLogin(email, password string) *Client {
	if email == "" || password == "" {
		return c
	}
	cp := *c
	cp.login = &login{email: email, password: password}
	return &cp
}

// New validates cfg and builds a client.
func New(cfg Config) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("acses: BaseURL %q must be an absolute http(s) URL", cfg.BaseURL)
	}
	if strings.TrimSpace(cfg.APIKey) == "" {
		return nil, errors.New("acses: APIKey is required")
	}
	if cfg.AvailabilityTimeout <= 0 {
		cfg.AvailabilityTimeout = DefaultAvailabilityTimeout
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	hc := &http.Client{}
	if cfg.HTTPClient != nil {
		*hc = *cfg.HTTPClient
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	hc.Transport = tracing.Transport(hc.Transport)
	return &Client{cfg: cfg, base: u, http: hc}, nil
}

// LockerSystems lists the account's locker systems with their free cells.
func (c *Client) LockerSystems(ctx context.Context) ([]LockerSystem, error) {
	var out struct {
		LockerSystems []LockerSystem `json:"lockersystems"`
	}
	err := c.do(ctx, c.cfg.AvailabilityTimeout, http.MethodGet, "/api/v1/lockersystems", nil, nil, &out)
	return out.LockerSystems, err
}

// FreeCells lists the cells of a locker system that can be booked now.
// An empty list (not an error) means the system is full.
func (c *Client) FreeCells(ctx context.Context, lockerSystemID string) ([]Cell, error) {
	if lockerSystemID == "" {
		return nil, inputError("acses: FreeCells needs a locker system")
	}
	var out struct {
		Cells []Cell `json:"cells"`
	}
	p := "/api/v1/lockersystems/" + url.PathEscape(lockerSystemID) + "/cells?free=true"
	err := c.do(ctx, c.cfg.AvailabilityTimeout, http.MethodGet, p, nil, nil, &out)
	return out.Cells, err
}

// bookBody is the JSON of POST .../bookings (PROTOCOL.md).
type bookBody struct {
	Tag        string     `json:"tag"`
	Name       string     `json:"name,omitempty"`
	StartDate  *time.Time `json:"startDate,omitempty"`
	EndDate    time.Time  `json:"endDate"`
	CellNumber string     `json:"cellnumber,omitempty"`
}

// Book reserves a cell for an object and returns the booking with its door
// code. The vendor emits a "registered" event for a new booking. Errors:
// ErrNoFreeCell, ErrNotFound (locker system or cell), ErrCellOccupied (the
// requested cell), ErrKeyReused, ErrUnavailable.
func (c *Client) Book(ctx context.Context, r BookRequest) (Booking, error) {
	switch {
	case strings.TrimSpace(r.Key) == "":
		return Booking{}, inputError("acses: Book needs a booking key")
	case r.LockerSystemID == "" || r.Tag == "":
		return Booking{}, inputError("acses: Book needs a locker system and a tag")
	case r.EndDate.IsZero():
		return Booking{}, inputError("acses: Book needs an end date")
	}
	body := bookBody{Tag: r.Tag, Name: r.Name, EndDate: r.EndDate.UTC(), CellNumber: r.CellNumber}
	if !r.StartDate.IsZero() {
		s := r.StartDate.UTC()
		body.StartDate = &s
	}
	var b Booking
	p := "/api/v1/lockersystems/" + url.PathEscape(r.LockerSystemID) + "/bookings"
	err := c.do(ctx, c.cfg.Timeout, http.MethodPost, p, http.Header{"Idempotency-Key": {r.Key}}, body, &b)
	return b, err
}

// Booking reads a booking by its tablekey.
func (c *Client) Booking(ctx context.Context, bookingID string) (Booking, error) {
	if bookingID == "" {
		return Booking{}, inputError("acses: Booking needs a booking id")
	}
	var b Booking
	err := c.do(ctx, c.cfg.Timeout, http.MethodGet, "/api/v1/bookings/"+url.PathEscape(bookingID), nil, nil, &b)
	return b, err
}

// Cancel cancels a booking that is still BOOKED with no object in its cell,
// freeing the cell. Cancelling a cancelled booking returns it again, so a
// retry is harmless; a used or expired one gives ErrInvalidState.
func (c *Client) Cancel(ctx context.Context, bookingID string) (Booking, error) {
	if bookingID == "" {
		return Booking{}, inputError("acses: Cancel needs a booking id")
	}
	var b Booking
	err := c.do(ctx, c.cfg.Timeout, http.MethodPost, "/api/v1/bookings/"+url.PathEscape(bookingID)+"/cancel", nil, nil, &b)
	return b, err
}

// moveBody is the JSON of PATCH /api/v1/bookings/{id}.
type moveBody struct {
	CellNumber string     `json:"cellnumber,omitempty"`
	StartDate  *time.Time `json:"startDate,omitempty"`
	EndDate    *time.Time `json:"endDate,omitempty"`
}

// Move gives a BOOKED booking another cell and/or other dates; the door
// code stays. Moving to the cell it has, or to the dates it has, is a no-op,
// so a retry is harmless. Errors: ErrCellOccupied, ErrInvalidState (not
// BOOKED, or a new cell while the object is in the old one), ErrNotFound.
func (c *Client) Move(ctx context.Context, bookingID string, m MoveRequest) (Booking, error) {
	if bookingID == "" {
		return Booking{}, inputError("acses: Move needs a booking id")
	}
	body := moveBody{CellNumber: m.CellNumber}
	if !m.StartDate.IsZero() {
		s := m.StartDate.UTC()
		body.StartDate = &s
	}
	if !m.EndDate.IsZero() {
		e := m.EndDate.UTC()
		body.EndDate = &e
	}
	var b Booking
	err := c.do(ctx, c.cfg.Timeout, http.MethodPatch, "/api/v1/bookings/"+url.PathEscape(bookingID), nil, body, &b)
	return b, err
}

// do sends one request and decodes a 2xx JSON reply into out. Transport
// failures, timeouts and 5xx come back matching ErrUnavailable.
func (c *Client) do(ctx context.Context, timeout time.Duration, method, path string, hdr http.Header, in, out any) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("acses: encode request: %w", err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base.String()+path, body)
	if err != nil {
		return inputError("acses: " + err.Error())
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	if c.login != nil {
		req.SetBasicAuth(c.login.email, c.login.password)
	} else {
		req.Header.Set("Authorization", "Bearer "+c.cfg.APIKey)
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its message repeats the URL
		}
		return fmt.Errorf("%w: %s %s: %w", ErrUnavailable, method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("%w: %s %s: reading reply: %w", ErrUnavailable, method, req.URL.Path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		ae := &APIError{StatusCode: resp.StatusCode}
		var eb struct {
			Error struct {
				Code    string `json:"code"`
				Message string `json:"message"`
			} `json:"error"`
		}
		if json.Unmarshal(raw, &eb) == nil {
			ae.Code, ae.Message = eb.Error.Code, eb.Error.Message
		}
		return ae
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("acses: %s %s: unreadable reply: %w", method, req.URL.Path, err)
	}
	return nil
}
