package remotediagfake

import (
	"strings"
	"time"

	"github.com/google/uuid"
	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
)

// SetServiceCenter opens or closes the service center with a message.
// While closed, ticket creation is refused with 503 service_center_closed.
func (s *Server) SetServiceCenter(open bool, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.centerState = rd.ServiceCenterState{State: rd.ServiceCenterClosed, Message: message}
	if open {
		s.centerState.State = rd.ServiceCenterOpened
	}
}

// SetConnectorOnline switches a connector (by id) on- or offline and pushes
// a connector update. Offline connectors refuse new tickets (422
// connector_offline). It reports false for an unknown connector.
func (s *Server) SetConnectorOnline(connectorID int64, online bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.findConnectorLocked(connectorID, "")
	if c == nil {
		return false
	}
	c.IsOnline = online
	s.broadcastLocked(rd.Update{Type: rd.UpdateConnector, Connector: ptr(*c)})
	return true
}

// FailNextTicket makes the next n tickets created be accepted, then end in
// TicketStateFailed instead of TicketStateClosed.
func (s *Server) FailNextTicket(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNextTicket = n
}

// FailNextAttachments makes the next n channel-attachment reads (GET)
// answer 503 with the error body, the other operations unaffected.
func (s *Server) FailNextAttachments(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failAttachments = n
}

// SetBrandingDown makes the branding operation answer 503 (true) until
// called with false.
func (s *Server) SetBrandingDown(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.brandingDown = down
}

// FailNext makes the next n authenticated requests fail with HTTP status
// and the error body (type internal_error), without acting on them.
func (s *Server) FailNext(n, status int) { s.base.FailNext(n, status) }

// SetDown makes every request, login and websocket included, answer a bare
// 503 until called with false.
func (s *Server) SetDown(down bool) { s.base.SetDown(down) }

// PauseTickets holds (true) or resumes ticket progression.
func (s *Server) PauseTickets(paused bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.paused = paused
}

// SetTokenLifetime sets the lifetime of tokens issued from now on.
func (s *Server) SetTokenLifetime(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokenLifetime = d
}

// ExpireTokens revokes every access token issued so far: the next call
// with one gets 401.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokenGen++
}

// Logins counts successful logins (UUID + pincode and OTP).
func (s *Server) Logins() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logins
}

// IssueOTP returns a one-time password that logs in as the connector.
func (s *Server) IssueOTP(connectorUUID string) string {
	otp := uuid.NewString()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.otps[otp] = strings.ToLower(connectorUUID)
	return otp
}

// CreatedTicket is a ticket as the simulator holds it.
type CreatedTicket struct {
	Ticket  rd.Ticket
	Request rd.CreateTicketRequest
	Price   rd.PriceCalculation
}

// Tickets returns every ticket created so far, oldest first, in its current
// state (to assert "created exactly once").
func (s *Server) Tickets() []CreatedTicket {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]CreatedTicket, len(s.tickets))
	for i, t := range s.tickets {
		out[i] = CreatedTicket{Ticket: t.Ticket, Request: t.req, Price: t.price}
	}
	return out
}

// AddNote adds an operator's note with attachments to a ticket.
func (s *Server) AddNote(ticketID int64, value string, attachments ...rd.Attachment) rd.Note {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addNoteLocked(ticketID, value, attachments...)
}

// CSAT returns the score recorded for a ticket.
func (s *Server) CSAT(ticketID int64) (rd.CSAT, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.csat[ticketID]
	return c, ok
}

// Dismissals counts calls for attention dismissed on a connector.
func (s *Server) Dismissals(connectorUUID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dismissed[strings.ToLower(connectorUUID)]
}
