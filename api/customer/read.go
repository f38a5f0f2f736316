package customer

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/internal/httpgzip"
)

// read: POST /v1/communication/read. One indexed lookup (the key's hash)
// returns the communication's few fields the read needs with its
// precomputed document (byKeyForRead); the
// per-reader fields (status after opening, is_receptionist,
// receptionist_key) are added here. A cleared document (something it shows
// changed) is rebuilt once and kept for the next reads (commread, which
// stores it through internal/readdoc).
//
// A customer key marks the communication opened: a signal sent in the
// background, so the read never waits for Temporal and keeps working while
// Temporal is down (the "opened" event is then missed and logged). The
// workflow applies the same change (appointment.Opened) once; the answer
// already says "opened". A receptionist key reads without a trace.
func (h *Handlers) read(c *gin.Context) error {
	var req keyRequest
	if err := httpx.Decode(c, &req); err != nil {
		return err
	}
	com, receptionist, err := h.byKeyForRead(c, req.value())
	if err != nil {
		return err
	}
	doc, err := h.reader.Document(c.Request.Context(), com)
	if err != nil {
		return httpx.Internal(err)
	}
	status := com.Status
	if !receptionist {
		if opened, _, ok := appointment.Opened(status); ok {
			h.signalOpened(com.AppointmentID, c.ClientIP())
			status = opened
		}
	}
	key := ""
	if receptionist {
		key = h.reader.ReceptionistKey(com)
	}
	// Compressed when the phone accepts it: 18 KB of JSON become about 4.
	_ = httpgzip.Write(c.Writer, c.Request, http.StatusOK, "application/json; charset=utf-8", commread.ReadBody(h.reader.SignDocument(doc), key, status, receptionist))
	return nil
}

// opening remembers the appointments whose opened signal is in flight, so
// a burst of reads sends one signal.
var opening sync.Map

// signalOpened tells the appointment's workflow the customer opened the
// communication, in the background (at most 10 s).
func (h *Handlers) signalOpened(appointmentID int, ip string) {
	if h.Temporal == nil {
		return
	}
	if _, busy := opening.LoadOrStore(appointmentID, true); busy {
		return
	}
	go func() {
		defer opening.LoadAndDelete(appointmentID)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err := h.Temporal.SignalWorkflow(ctx, appointment.AppointmentWorkflowID(appointmentID), "",
			appointment.SignalCommunicationOpened, appointment.OpenedSignal{IP: ip})
		if err != nil {
			h.Log.Warn("opened event not recorded", "appointment_id", appointmentID, "error", err)
		}
	}()
}
