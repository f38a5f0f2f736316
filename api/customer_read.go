package api

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
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
		if opened := appointment.OpenedStatus(status); opened != status {
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
