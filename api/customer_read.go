package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/enums"
)

// read: POST /v1/communication/read. One indexed lookup (the key's hash)
// returns the communication's row with its precomputed document; the
// per-reader fields (status after opening, is_receptionist,
// receptionist_key) are added here. A cleared document (something it shows
// changed) is rebuilt once and stored for the next reads.
//
// A customer key marks the communication opened: a signal sent in the
// background, so the read never waits for Temporal and keeps working while
// Temporal is down (the "opened" event is then missed and logged). The
// workflow records the event once (it ignores an opened signal in any status
// but "sent"); the answer already says "opened". A receptionist key reads
// without a trace.
func (s *Server) read(c *gin.Context) {
	var req keyRequest
	if !bindJSON(c, &req) {
		return
	}
	com, receptionist, ok := s.byKey(c, req.value())
	if !ok {
		return
	}
	doc, err := s.document(c.Request.Context(), com)
	if err != nil {
		internal(c, err)
		return
	}
	status := com.Status
	if !receptionist {
		if opened := openedStatus(status); opened != status {
			s.signalOpened(com.AppointmentID, c.ClientIP())
			status = opened
		}
	}
	key := ""
	if receptionist {
		key = s.receptionistKey(com)
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", readBody(s.signDocument(doc), key, status, receptionist))
}

// readBody writes the per-reader fields in front of the document's own
// (doc is a JSON object: its "{" is replaced).
func readBody(doc []byte, receptionistKey string, status enums.CommunicationStatus, receptionist bool) []byte {
	k, _ := json.Marshal(receptionistKey)
	b := make([]byte, 0, len(doc)+len(k)+64)
	b = append(b, `{"receptionist_key":`...)
	b = append(b, k...)
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(status), 10)
	b = append(b, `,"is_receptionist":`...)
	b = strconv.AppendBool(b, receptionist)
	b = append(b, ',')
	return append(b, doc[1:]...)
}

// communicationRead is the whole answer as a value (for the receptionist's
// appointment detail, which embeds it).
func (s *Server) communicationRead(ctx context.Context, com *ent.CustomerCommunication, receptionist bool) (json.RawMessage, error) {
	doc, err := s.document(ctx, com)
	if err != nil {
		return nil, err
	}
	key := ""
	if receptionist {
		key = s.receptionistKey(com)
	}
	return readBody(s.signDocument(doc), key, com.Status, receptionist), nil
}

// document is com's stored document, rebuilt and stored when cleared. It is
// stored only if document_version has not moved since com was read: a change
// that committed meanwhile (and cleared the document) wins, and a change still
// in flight holds the row's lock until it commits, after which the version no
// longer matches. Storing bypasses ent (and its hooks): it is not a change.
func (s *Server) document(ctx context.Context, com *ent.CustomerCommunication) ([]byte, error) {
	if com.Document != nil && len(*com.Document) > 0 {
		return *com.Document, nil
	}
	d, err := assembleDocument(ctx, s.DB.Client, com.ID)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	if _, err := s.DB.SQL.ExecContext(ctx, `UPDATE customer_communications SET document = $1 WHERE id = $2 AND document_version = $3`,
		b, com.ID, com.DocumentVersion); err != nil {
		// The answer is right; only the next read pays for the rebuild again.
		s.Log.Warn("communication document not stored", "communication_id", com.ID, "error", err)
	}
	return b, nil
}

// opening remembers the appointments whose opened signal is in flight, so
// a burst of reads sends one signal.
var opening sync.Map

// signalOpened tells the appointment's workflow the customer opened the
// communication, in the background (at most 10 s).
func (s *Server) signalOpened(appointmentID int, ip string) {
	if s.Temporal == nil {
		return
	}
	if _, busy := opening.LoadOrStore(appointmentID, true); busy {
		return
	}
	go func() {
		defer opening.Delete(appointmentID)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err := s.Temporal.SignalWorkflow(ctx, appointment.AppointmentWorkflowID(appointmentID), "",
			appointment.SignalCommunicationOpened, appointment.OpenedSignal{IP: ip})
		if err != nil {
			s.Log.Warn("opened event not recorded", "appointment_id", appointmentID, "error", err)
		}
	}()
}
