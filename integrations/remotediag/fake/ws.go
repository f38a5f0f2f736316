package remotediagfake

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/coder/websocket"
	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
)

// wsSub is one websocket subscriber. Messages queue in send; a subscriber
// too slow to take 256 of them is dropped, as a real server would.
type wsSub struct {
	ready chan struct{} // closed once conn is set (or the handshake failed)
	conn  *websocket.Conn
	send  chan []byte
	// account: the subscriber hears of its own account's connectors only.
	account string
}

// cut closes the connection abruptly once the handshake is over.
func (sub *wsSub) cut() {
	go func() {
		<-sub.ready
		if sub.conn != nil {
			_ = sub.conn.CloseNow()
		}
	}()
}

func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	acct, ok := s.tokenAccount(bearer(r))
	if !ok {
		writeProblem(w, http.StatusUnauthorized, rd.TypeUnauthorized, "Unauthorized", "missing, invalid or expired access token")
		return
	}
	// Registered before the handshake completes, so an update pushed right
	// after the client's Subscribe returns is queued for it, not lost.
	sub := &wsSub{send: make(chan []byte, 256), ready: make(chan struct{}), account: acct}
	s.mu.Lock()
	s.subs[sub] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.subs, sub)
		s.mu.Unlock()
	}()
	conn, err := websocket.Accept(w, r, nil)
	if err != nil {
		close(sub.ready)
		return
	}
	sub.conn = conn
	close(sub.ready)
	defer conn.CloseNow()
	// CloseRead answers pings and notices the client going away.
	ctx := conn.CloseRead(context.Background())
	for {
		select {
		case <-ctx.Done():
			return
		case b, ok := <-sub.send:
			if !ok {
				return
			}
			wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			err := conn.Write(wctx, websocket.MessageText, b)
			cancel()
			if err != nil {
				return
			}
		}
	}
}

// broadcastLocked queues u for every subscriber of the account the
// update's connector belongs to; s.mu held.
func (s *Server) broadcastLocked(u rd.Update) {
	b, err := json.Marshal(u)
	if err != nil {
		return
	}
	acct := s.updateAccountLocked(u)
	for sub := range s.subs {
		if sub.account != acct {
			continue
		}
		select {
		case sub.send <- b:
		default:
			delete(s.subs, sub)
			sub.cut()
		}
	}
}

// Subscribers counts open websocket connections.
func (s *Server) Subscribers() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.subs)
}

// DropWebsockets cuts every websocket connection abruptly (no close
// frame), as a network failure or a provider restart would.
func (s *Server) DropWebsockets() {
	s.mu.Lock()
	subs := make([]*wsSub, 0, len(s.subs))
	for sub := range s.subs {
		subs = append(subs, sub)
		delete(s.subs, sub)
	}
	s.mu.Unlock()
	for _, sub := range subs {
		sub.cut()
	}
}
