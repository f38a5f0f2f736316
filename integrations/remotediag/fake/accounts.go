package remotediagfake

import (
	"context"
	"net/http"
	"strings"

	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
)

// Accounts. The provider's customer logs in as one of its connectors
// (UUID and pincode) and then sees its own connectors, tickets,
// historical tickets, notes and websocket updates only; another
// customer's connector or ticket is "not found". The catalog (vehicles,
// products, prices) and the service center are the same for everyone.
// The seed has two accounts: AccountMain (the five seed connectors) and
// AccountOther (one connector, and a finished ticket of the Ford: the
// same car serviced at another garage).
const (
	AccountMain  = "main"
	AccountOther = "other"
)

type acctKey struct{}

// accountOf is the account of the request's access token (set by auth).
func accountOf(r *http.Request) string {
	a, _ := r.Context().Value(acctKey{}).(string)
	return a
}

func withAccount(r *http.Request, acct string) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), acctKey{}, acct))
}

// accountOfUUIDLocked: the account of the connector with this UUID.
func (s *Server) accountOfUUIDLocked(uuid string) string {
	if c := s.findConnectorLocked(0, uuid); c != nil {
		return s.connAccount[c.ID]
	}
	return ""
}

// ownConnectorLocked finds a connector of the request's account (nil for
// an unknown one or another account's).
func (s *Server) ownConnectorLocked(r *http.Request, id int64, uuid string) *rd.Connector {
	c := s.findConnectorLocked(id, uuid)
	if c == nil || s.connAccount[c.ID] != accountOf(r) {
		return nil
	}
	return c
}

// ownTicketLocked: a running or historical ticket of the request's account.
func (s *Server) ownTicketLocked(r *http.Request, id int64) bool {
	acct := accountOf(r)
	if h := s.historical[id]; h != nil {
		return s.connAccount[h.ConnectorID] == acct
	}
	for _, t := range s.tickets {
		if t.IDInt() == id {
			return s.connAccount[t.ConnectorID] == acct
		}
	}
	return false
}

// updateAccountLocked: whose websocket an update goes to.
func (s *Server) updateAccountLocked(u rd.Update) string {
	switch {
	case u.Ticket != nil:
		return s.connAccount[u.Ticket.ConnectorID]
	case u.Connector != nil:
		return s.connAccount[u.Connector.ID]
	case u.Connection != nil:
		return s.connAccount[u.Connection.ConnectorID]
	}
	return ""
}

// AddConnector links a new online connector (pincode DefaultPincode
// unless given) to an account, creating the account if it is new.
func (s *Server) AddConnector(account string, c rd.Connector, pincode string) {
	if pincode == "" {
		pincode = DefaultPincode
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cp := c
	s.connectors = append(s.connectors, &cp)
	s.pincodes[strings.ToLower(c.UUID)] = pincode
	s.connAccount[c.ID] = account
}

// AccountOf tells which account a connector belongs to ("" when unknown).
func (s *Server) AccountOf(connectorID int64) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connAccount[connectorID]
}
