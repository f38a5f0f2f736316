package remotediagfake

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
)

// ---- login ----

func (s *Server) loginUUID(w http.ResponseWriter, r *http.Request) {
	// pincode is a string in the document's table and a number in its
	// example: both are accepted.
	var body struct {
		ConnectorUUID string          `json:"connector_uuid"`
		Pincode       json.RawMessage `json:"pincode"`
	}
	if !decode(w, r, &body) {
		return
	}
	pin := strings.Trim(string(body.Pincode), `"`)
	s.mu.Lock()
	want, ok := s.pincodes[strings.ToLower(body.ConnectorUUID)]
	s.mu.Unlock()
	if !ok || pin == "" || pin != want {
		writeProblem(w, http.StatusUnauthorized, rd.TypeUnauthorized, "Unauthorized", "unknown connector or wrong pincode")
		return
	}
	writeJSON(w, http.StatusOK, s.issueTokens(body.ConnectorUUID))
}

func (s *Server) loginOTP(w http.ResponseWriter, r *http.Request) {
	var body struct {
		OTP string `json:"otp"`
	}
	if !decode(w, r, &body) {
		return
	}
	s.mu.Lock()
	u, ok := s.otps[body.OTP]
	delete(s.otps, body.OTP) // single use
	s.mu.Unlock()
	if !ok {
		writeProblem(w, http.StatusUnauthorized, rd.TypeUnauthorized, "Unauthorized", "unknown or used OTP")
		return
	}
	writeJSON(w, http.StatusOK, s.issueTokens(u))
}

// ---- tickets ----

// createBody is the document's creation body; its example sends the model
// ids as strings, so they are read leniently.
type createBody struct {
	VIN                        string                  `json:"vin"`
	VehicleModelID             rd.FlexString           `json:"vehicle_model_id"`
	VehicleModelVariantID      rd.FlexString           `json:"vehicle_model_variant_id"`
	ConnectorID                rd.FlexString           `json:"connector_id"`
	Voucher                    string                  `json:"voucher"`
	ProductIDs                 []int64                 `json:"product_ids"`
	ProductPrerequisites       []rd.PrerequisiteAnswer `json:"product_prerequisites"`
	Metadata                   *rd.TicketMetadata      `json:"metadata"`
	PreparedTicketID           *string                 `json:"prepared_ticket_id"`
	Reference                  string                  `json:"reference"`
	ConfirmedUnattendedService bool                    `json:"confirmed_unattended_service"`
}

func flexInt(f rd.FlexString) int64 {
	n, _ := strconv.ParseInt(string(f), 10, 64)
	return n
}

func (s *Server) createTicket(w http.ResponseWriter, r *http.Request) {
	var b createBody
	if !decode(w, r, &b) {
		return
	}
	model, variant, connID := flexInt(b.VehicleModelID), flexInt(b.VehicleModelVariantID), flexInt(b.ConnectorID)
	switch {
	case !vinRE.MatchString(b.VIN):
		badRequest(w, "vin must be 17 letters or digits")
		return
	case model <= 0 || variant <= 0 || connID <= 0:
		badRequest(w, "vehicle_model_id, vehicle_model_variant_id and connector_id are required integers")
		return
	case b.ProductIDs == nil:
		badRequest(w, "product_ids is required")
		return
	case b.Metadata == nil:
		badRequest(w, "metadata is required")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	conn := s.ownConnectorLocked(r, connID, "")
	switch {
	case conn == nil:
		notFound(w, "connector")
		return
	case s.centerState.State != rd.ServiceCenterOpened:
		writeProblem(w, http.StatusServiceUnavailable, rd.TypeServiceCenterClosed, "Service center closed", s.centerState.Message)
		return
	case !conn.IsOnline:
		writeProblem(w, http.StatusUnprocessableEntity, rd.TypeConnectorOffline, "Connector offline", "connector "+strconv.FormatInt(connID, 10)+" is not online")
		return
	case s.active[connID] != nil:
		writeProblem(w, http.StatusConflict, rd.TypeConnectorBusy, "Conflict",
			"connector "+strconv.FormatInt(connID, 10)+" already has a pending ticket ("+string(s.active[connID].ID)+")")
		return
	}
	req := rd.CreateTicketRequest{VIN: b.VIN, VehicleModelID: model, VehicleModelVariantID: variant, ConnectorID: connID,
		Voucher: b.Voucher, ProductIDs: b.ProductIDs, ProductPrerequisites: b.ProductPrerequisites, Metadata: *b.Metadata,
		PreparedTicketID: b.PreparedTicketID, Reference: b.Reference, ConfirmedUnattendedService: b.ConfirmedUnattendedService}
	calc, perr := s.priceLocked(rd.PriceRequest{Voucher: b.Voucher, VehicleModelID: model, VehicleModelVariantID: variant, ProductIDs: b.ProductIDs})
	if perr != nil && !(perr.typ == rd.TypeValidation && len(b.ProductIDs) == 0) {
		writeProblem(w, perr.status, perr.typ, http.StatusText(perr.status), perr.detail)
		return
	}
	if calc.NeedsConfirmationForUnattendedService && !b.ConfirmedUnattendedService {
		badRequest(w, "confirmed_unattended_service must be true for unattended products")
		return
	}
	id := s.nextTicketID
	s.nextTicketID++
	tu := uuid.NewString()
	nested := make([][]int64, 0, len(b.ProductIDs))
	for _, p := range b.ProductIDs {
		nested = append(nested, []int64{p})
	}
	t := &ticket{Ticket: rd.Ticket{ID: rd.FlexString(strconv.FormatInt(id, 10)), UUID: tu, VIN: b.VIN, VINNumber: b.VIN,
		VehicleModelID: model, VehicleModelVariantID: variant, ProductIDs: nested,
		ChatID: strconv.FormatInt(id, 10) + "_" + tu, ConnectorID: connID, State: rd.TicketStatePending},
		req: req, price: calc, created: time.Now()}
	if s.failNextTicket > 0 {
		s.failNextTicket--
		t.fail = true
	}
	s.tickets = append(s.tickets, t)
	s.active[connID] = t
	s.broadcastLocked(rd.Update{Type: rd.UpdateTicket, Ticket: ptr(t.Ticket)})
	writeJSON(w, http.StatusCreated, t.Ticket)
	s.base.Go(func(ctx context.Context) { s.progress(ctx, t) })
}

func ptr[T any](v T) *T { return &v }

// progress moves a ticket pending -> in progress (connection up) -> closed
// or failed (connection down), one step apart, pushing each change, then
// makes it historical and frees its connector. PauseTickets holds it.
func (s *Server) progress(ctx context.Context, t *ticket) {
	wait := func() bool {
		for {
			select {
			case <-ctx.Done():
				return false
			case <-time.After(s.step):
			}
			s.mu.Lock()
			p := s.paused
			s.mu.Unlock()
			if !p {
				return true
			}
		}
	}
	if !wait() {
		return
	}
	s.mu.Lock()
	conn := s.findConnectorLocked(t.ConnectorID, "")
	t.State = rd.TicketStateInProgress
	s.broadcastLocked(rd.Update{Type: rd.UpdateTicket, Ticket: ptr(t.Ticket)})
	s.broadcastLocked(rd.Update{Type: rd.UpdateConnection, Connection: &rd.ConnectionStatus{ConnectorID: conn.ID,
		ConnectorUUID: conn.UUID, TicketID: t.IDInt(), State: rd.ConnectionConnected}})
	s.mu.Unlock()
	if !wait() {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t.finished = time.Now()
	t.State = rd.TicketStateClosed
	note := "Diagnosis finished: fault codes read and cleared, report attached."
	if t.fail {
		t.State = rd.TicketStateFailed
		note = "The session could not be completed: no communication with the vehicle."
	}
	id := t.IDInt()
	s.broadcastLocked(rd.Update{Type: rd.UpdateConnection, Connection: &rd.ConnectionStatus{ConnectorID: conn.ID,
		ConnectorUUID: conn.UUID, TicketID: id, State: rd.ConnectionDisconnected}})
	s.broadcastLocked(rd.Update{Type: rd.UpdateTicket, Ticket: ptr(t.Ticket)})
	s.historical[id] = historicalFrom(id, t.ConnectorID, t.State, t.VIN, t.req.Reference, t.req.Voucher, t.price, t.created, t.finished)
	// The operator's report is uploaded to the ticket's chat channel (as
	// CreateChannelAttachment does) and named in the closing note.
	report := rd.ChannelAttachment{FileName: "report.pdf", FileReference: "/channel/" + t.ChatID + "/" + uuid.NewString() + "/report.pdf"}
	acct := s.accountLocked(s.connAccount[t.ConnectorID])
	acct.attachments[t.ChatID] = append(acct.attachments[t.ChatID], report)
	s.addNoteLocked(id, note, rd.Attachment{FileName: report.FileName, FileReference: report.FileReference})
	if s.active[t.ConnectorID] == t {
		delete(s.active, t.ConnectorID)
	}
}

func (s *Server) addNoteLocked(ticketID int64, value string, att ...rd.Attachment) rd.Note {
	now := stamp(time.Now())
	if att == nil {
		att = []rd.Attachment{}
	}
	n := rd.Note{ID: uuid.NewString(), TicketID: ticketID, Value: value, CreatedAt: now, UpdatedAt: now, Attachments: att}
	s.notes[ticketID] = append(s.notes[ticketID], n)
	return n
}

func (s *Server) listNotes(w http.ResponseWriter, r *http.Request) {
	id, ok := pathInt(w, r, "ticketId")
	if !ok {
		return
	}
	s.mu.Lock()
	known := s.ownTicketLocked(r, id)
	notes := append([]rd.Note{}, s.notes[id]...)
	s.mu.Unlock()
	if !known {
		notFound(w, "ticket")
		return
	}
	writePage(w, r, notes)
}

func (s *Server) putCSAT(w http.ResponseWriter, r *http.Request) {
	id, ok := pathInt(w, r, "ticketId")
	if !ok {
		return
	}
	var body struct {
		Score   *float64 `json:"score"`
		Comment *string  `json:"comment"`
	}
	if !decode(w, r, &body) {
		return
	}
	if body.Score == nil || *body.Score < rd.MinCSATScore || *body.Score > rd.MaxCSATScore {
		badRequest(w, "score is required and must be between -1 and 1")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.ownTicketLocked(r, id) {
		notFound(w, "ticket")
		return
	}
	s.csat[id] = rd.CSAT{Score: *body.Score, Comment: body.Comment}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) listHistorical(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	vin := q.Get("vin")
	if vin != "" && !vinRE.MatchString(vin) {
		badRequest(w, "vin must be 17 letters or digits")
		return
	}
	conn, ok := intParam(w, q, "connector_id", false)
	if !ok {
		return
	}
	s.mu.Lock()
	out := []rd.HistoricalTicket{}
	acct := accountOf(r)
	for _, h := range s.historical {
		if s.connAccount[h.ConnectorID] != acct {
			continue
		}
		if (vin == "" || strings.EqualFold(h.VIN, vin)) && (conn == 0 || h.ConnectorID == conn) {
			out = append(out, *h)
		}
	}
	s.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].ID > out[j].ID }) // newest first
	writePage(w, r, out)
}

func (s *Server) getHistorical(w http.ResponseWriter, r *http.Request) {
	id, ok := pathInt(w, r, "historicalTicketId")
	if !ok {
		return
	}
	s.mu.Lock()
	h := s.historical[id]
	if h != nil && s.connAccount[h.ConnectorID] != accountOf(r) {
		h = nil
	}
	var cp rd.HistoricalTicket
	if h != nil {
		cp = *h
	}
	s.mu.Unlock()
	if h == nil {
		notFound(w, "historical ticket")
		return
	}
	writeJSON(w, http.StatusOK, cp)
}

// ---- service center ----

func (s *Server) getServiceCenter(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	c := s.center
	c.ServiceMessage = s.centerState.Message
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, c)
}

func (s *Server) getServiceCenterState(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	st := s.centerState
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, st)
}
