package incadea

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

// Protocol limits (PROTOCOL.md).
const (
	DefaultPageSize = 100
	MaxPageSize     = 200
	// DefaultTimeout bounds one request (connect, headers and body).
	DefaultTimeout = 15 * time.Second
	// APIKeyHeader carries the dealer's API key.
	APIKeyHeader = "X-API-Key"

	maxReplyBytes = 32 << 20
)

// Config configures a Client.
type Config struct {
	BaseURL string // e.g. https://incadea.example/ (the API lives under /api/v1)
	APIKey  string // one per Incadea dealer
	// Timeout bounds each request; 0 means DefaultTimeout. The caller's
	// context can only shorten it.
	Timeout time.Duration
	// HTTPClient is used when set (its Timeout is replaced by Timeout).
	HTTPClient *http.Client
}

// Client is the Incadea transport. It is safe for concurrent use.
type Client struct {
	base *url.URL
	key  string
	http *http.Client
}

// New checks cfg and builds a Client. Redirects are not followed, so the
// API key never goes to a host that was not configured.
func New(cfg Config) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("incadea: BaseURL must be an absolute http(s) URL")
	}
	if cfg.APIKey == "" {
		return nil, errors.New("incadea: APIKey is required")
	}
	hc := &http.Client{}
	if cfg.HTTPClient != nil {
		*hc = *cfg.HTTPClient
	}
	hc.Timeout = cfg.Timeout
	if hc.Timeout <= 0 {
		hc.Timeout = DefaultTimeout
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	hc.Transport = tracing.Transport(hc.Transport)
	return &Client{base: u, key: cfg.APIKey, http: hc}, nil
}

// SearchByWONr finds the dealer's work orders with this WO number (a DMS
// can repeat one, so there may be several). None is an empty slice, not an
// error.
func (c *Client) SearchByWONr(ctx context.Context, woNr string) ([]WorkOrder, error) {
	if strings.TrimSpace(woNr) == "" {
		return nil, inputErr("search", "a WO number is required")
	}
	return c.search(ctx, url.Values{"number": {strings.TrimSpace(woNr)}})
}

// SearchByRegistration finds the dealer's work orders for a registration
// number; Incadea ignores separators and case ("ab-12-cd" = "AB12CD").
func (c *Client) SearchByRegistration(ctx context.Context, reg string) ([]WorkOrder, error) {
	if strings.TrimSpace(reg) == "" {
		return nil, inputErr("search", "a registration number is required")
	}
	return c.search(ctx, url.Values{"licensePlate": {strings.TrimSpace(reg)}})
}

func (c *Client) search(ctx context.Context, q url.Values) ([]WorkOrder, error) {
	var r SearchResult
	if err := c.do(ctx, "search", http.MethodGet, "/api/v1/workorders", q, nil, &r); err != nil {
		return nil, err
	}
	if r.Items == nil {
		r.Items = []WorkOrder{}
	}
	return r.Items, nil
}

// GetWorkOrder reads one work order by its Incadea id (our dms_nr): the
// manual refresh. A missing one is ErrNotFound.
func (c *Client) GetWorkOrder(ctx context.Context, id string) (*WorkOrder, error) {
	if strings.TrimSpace(id) == "" {
		return nil, inputErr("get", "a work order id is required")
	}
	var w WorkOrder
	if err := c.do(ctx, "get", http.MethodGet, "/api/v1/workorders/"+url.PathEscape(id), nil, nil, &w); err != nil {
		return nil, err
	}
	return &w, nil
}

// ChangedSince reads one page of the work orders changed at or after since
// (their own fields, vehicle or parties), oldest change first. Pass "" as
// cursor for the first page and the previous page's NextCursor after that;
// a failed page can be asked again with the same cursor. limit is 1..200;
// 0 means DefaultPageSize. A work order changed while paging comes again on
// a later page, so the caller sees its last state.
func (c *Client) ChangedSince(ctx context.Context, since time.Time, cursor string, limit int) (*Page, error) {
	if limit == 0 {
		limit = DefaultPageSize
	}
	if limit < 1 || limit > MaxPageSize {
		return nil, inputErr("changes", fmt.Sprintf("limit must be 1..%d, not %d", MaxPageSize, limit))
	}
	q := url.Values{"since": {since.UTC().Format(time.RFC3339Nano)}, "limit": {strconv.Itoa(limit)}}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	var p Page
	if err := c.do(ctx, "changes", http.MethodGet, "/api/v1/workorders/changes", q, nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// EachChangedSince pages through every change since since, calling fn per
// work order. On an error it returns the cursor of the page that failed, so
// the caller can resume with ChangedSince (or retry the whole walk) without
// starting over; on success it returns "".
func (c *Client) EachChangedSince(ctx context.Context, since time.Time, limit int, fn func(*WorkOrder) error) (string, error) {
	cursor := ""
	for {
		p, err := c.ChangedSince(ctx, since, cursor, limit)
		if err != nil {
			return cursor, err
		}
		for i := range p.Items {
			if err := fn(&p.Items[i]); err != nil {
				return cursor, err
			}
		}
		if p.NextCursor == "" {
			return "", nil
		}
		cursor = p.NextCursor
	}
}

// WriteMileage writes the odometer reading back to the work order. The spec
// writes back only when our mileage is higher than the DMS's; Incadea
// refuses a lower one (ErrMileageLower, final). Writing the same value
// again succeeds, so a retried write is harmless.
func (c *Client) WriteMileage(ctx context.Context, id string, km int) error {
	if strings.TrimSpace(id) == "" {
		return inputErr("write mileage", "a work order id is required")
	}
	if km < 0 {
		return inputErr("write mileage", "mileage must not be negative")
	}
	body, _ := json.Marshal(MileageWrite{Mileage: km})
	return c.do(ctx, "write mileage", http.MethodPut, "/api/v1/workorders/"+url.PathEscape(id)+"/mileage", nil, body, nil)
}

func inputErr(op, msg string) error { return &Error{Op: op, Code: "invalid_input", Message: msg} }

func (c *Client) do(ctx context.Context, op, method, path string, q url.Values, body []byte, out any) error {
	u := *c.base
	u.Path = c.base.Path + path
	u.RawQuery = q.Encode()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return &Error{Op: op, Message: err.Error()}
	}
	req.Header.Set(APIKeyHeader, c.key)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its message repeats the URL
		}
		// A cancelled caller is not Incadea's fault, but retrying later
		// can still succeed: everything without a reply is retryable.
		return &Error{Op: op, Retryable: true, Err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxReplyBytes))
	if err != nil {
		return &Error{Op: op, Status: resp.StatusCode, Retryable: true, Err: err}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := &Error{Op: op, Status: resp.StatusCode, Retryable: retryableStatus(resp.StatusCode)}
		var ae APIError
		if json.Unmarshal(b, &ae) == nil && ae.Error.Code != "" {
			e.Code, e.Message = ae.Error.Code, ae.Error.Message
		} else {
			e.Message = http.StatusText(resp.StatusCode)
		}
		return e
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return &Error{Op: op, Status: resp.StatusCode, Retryable: true, Message: "unreadable reply", Err: err}
	}
	return nil
}
