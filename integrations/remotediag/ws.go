package remotediag

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// Websocket messages. The document sends status updates of connectors,
// connections and tickets over a websocket but describes the messages on a
// page it links to and does not include. Ours are JSON text frames:
//
//	{"type":"connector",  "connector":  {...Connector...}}
//	{"type":"connection", "connection": {...ConnectionStatus...}}
//	{"type":"ticket",     "ticket":     {...Ticket...}}
//
// Unknown types are delivered with only Type and Raw set.

// UpdateType is the kind of a websocket update.
type UpdateType string

const (
	UpdateConnector  UpdateType = "connector"
	UpdateConnection UpdateType = "connection"
	UpdateTicket     UpdateType = "ticket"
)

// ConnectionState is the state of a connector's remote connection.
type ConnectionState string

const (
	ConnectionConnected    ConnectionState = "connected"
	ConnectionDisconnected ConnectionState = "disconnected"
)

// ConnectionStatus is the remote connection between a connector (in the
// car) and the provider's operator, for a ticket.
type ConnectionStatus struct {
	ConnectorID   int64           `json:"connector_id"`
	ConnectorUUID string          `json:"connector_uuid"`
	TicketID      int64           `json:"ticket_id"`
	State         ConnectionState `json:"state"`
}

// Update is one websocket message; exactly one of the pointers is set for
// a known Type.
type Update struct {
	Type       UpdateType        `json:"type"`
	Connector  *Connector        `json:"connector,omitempty"`
	Connection *ConnectionStatus `json:"connection,omitempty"`
	Ticket     *Ticket           `json:"ticket,omitempty"`
	Raw        json.RawMessage   `json:"-"`
}

// DefaultPingInterval is how often a subscription pings the socket to
// notice a connection that died without a close frame.
const DefaultPingInterval = 15 * time.Second

// ErrSubscriptionClosed is Err of a subscription closed by its owner.
var ErrSubscriptionClosed = errors.New("remotediag: subscription closed")

// Subscription receives the websocket's status updates. Updates is closed
// when the socket drops (or Close is called); then Err tells why, and the
// caller falls back to polling (LookupTicket) and subscribes again.
type Subscription struct {
	updates chan Update
	done    chan struct{}
	cancel  context.CancelFunc
	conn    *websocket.Conn

	mu  sync.Mutex
	err error
}

// Updates delivers updates in order; closed when the subscription ends.
func (s *Subscription) Updates() <-chan Update { return s.updates }

// Done is closed when the subscription has ended.
func (s *Subscription) Done() <-chan struct{} { return s.done }

// Err is why the subscription ended (nil while it runs,
// ErrSubscriptionClosed after Close).
func (s *Subscription) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Close ends the subscription and waits for its reader to stop.
func (s *Subscription) Close() error {
	s.setErr(ErrSubscriptionClosed)
	s.cancel()
	_ = s.conn.Close(websocket.StatusNormalClosure, "")
	<-s.done
	return nil
}

func (s *Subscription) setErr(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil {
		s.err = err
	}
}

// Subscribe opens the status websocket. Updates flow until ctx ends, Close
// is called or the socket drops. A 401 on the handshake logs in again once.
func (c *Client) Subscribe(ctx context.Context) (*Subscription, error) {
	tok, err := c.accessToken(ctx, "")
	if err != nil {
		return nil, err
	}
	conn, err := c.dialWS(ctx, tok)
	if IsUnauthorized(err) {
		if tok, err = c.accessToken(ctx, tok); err != nil {
			return nil, err
		}
		conn, err = c.dialWS(ctx, tok)
	}
	if err != nil {
		return nil, err
	}
	rctx, cancel := context.WithCancel(ctx)
	s := &Subscription{updates: make(chan Update, 64), done: make(chan struct{}), cancel: cancel, conn: conn}
	go s.pinger(rctx, c.pingInterval())
	go s.read(rctx)
	return s, nil
}

func (c *Client) pingInterval() time.Duration {
	if c.ping > 0 {
		return c.ping
	}
	return DefaultPingInterval
}

// WithPingInterval sets how often subscriptions ping the socket.
func WithPingInterval(d time.Duration) Option { return func(c *Client) { c.ping = d } }

func (c *Client) dialWS(ctx context.Context, token string) (*websocket.Conn, error) {
	u := *c.base
	u.Path = c.base.Path + PathWebsocket
	switch u.Scheme {
	case "https":
		u.Scheme = "wss"
	default:
		u.Scheme = "ws"
	}
	dctx, cancel := context.WithTimeout(ctx, DefaultTimeout)
	defer cancel()
	h := http.Header{}
	h.Set("Authorization", "Bearer "+token)
	h.Set("User-Agent", c.userAgent)
	conn, resp, err := websocket.Dial(dctx, u.String(), &websocket.DialOptions{HTTPClient: c.http, HTTPHeader: h})
	if err != nil {
		if resp != nil && resp.StatusCode != http.StatusSwitchingProtocols {
			return nil, readAPIError(resp, http.MethodGet, PathWebsocket)
		}
		return nil, fmt.Errorf("remotediag: websocket: %w", err)
	}
	conn.SetReadLimit(1 << 20)
	return conn, nil
}

func (s *Subscription) read(ctx context.Context) {
	defer close(s.done)
	defer close(s.updates)
	defer s.cancel()
	for {
		_, b, err := s.conn.Read(ctx)
		if err != nil {
			s.setErr(fmt.Errorf("remotediag: websocket dropped: %w", err))
			_ = s.conn.CloseNow()
			return
		}
		var u Update
		if err := json.Unmarshal(b, &u); err != nil {
			continue // a frame we cannot read is skipped, not fatal
		}
		u.Raw = append(json.RawMessage(nil), b...)
		select {
		case s.updates <- u:
		case <-ctx.Done():
			s.setErr(ctx.Err())
			_ = s.conn.CloseNow()
			return
		}
	}
}

func (s *Subscription) pinger(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			pctx, cancel := context.WithTimeout(ctx, every)
			err := s.conn.Ping(pctx)
			cancel()
			if err != nil && ctx.Err() == nil {
				s.setErr(fmt.Errorf("remotediag: websocket ping: %w", err))
				_ = s.conn.CloseNow() // unblocks read, which ends the subscription
				return
			}
		}
	}
}
