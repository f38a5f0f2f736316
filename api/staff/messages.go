package staff

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/contracts/conversation"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/appointmentmessage"
	"github.com/pitstop-dev/pitstop/ent/communicationreceiver"
	"github.com/pitstop-dev/pitstop/internal/textcheck"
	convcaller "github.com/pitstop-dev/pitstop/workflows/conversation/caller"
)

// An appointment's thread with its customer (two-way messages, issue #25;
// ours): the customer's replies by SMS or e-mail and the receptionist's
// answers, oldest first, from the read model; an answer is written and
// delivered exactly once per Idempotency-Key by AppointmentAnswerWorkflow.
func (s *Handlers) messageRoutes(staff *gin.RouterGroup) {
	staff.GET("/appointments/:id/messages", httpx.Allow(httpx.PermAppointmentsRead), httpx.Handle(s.listMessages))
	staff.POST("/appointments/:id/messages", httpx.Allow(httpx.PermAppointmentsWrite), httpx.Handle(s.answer))
}

// MessageView is one message of the thread. Status is the delivery status
// of an answer (the spec's 1 sent, 2 received, 3 failed; 0 for a reply or
// an answer with nowhere to go).
type MessageView struct {
	ID        int       `json:"id"`
	Direction string    `json:"direction"`
	Channel   int       `json:"channel"`
	Text      string    `json:"text"`
	CreatedAt time.Time `json:"created_at"`
	Status    int       `json:"status"`
	UserID    *int      `json:"user_id"`
}

// maxThread bounds one thread's answer (a thread is short; the newest are kept).
const maxThread = 500

func (s *Handlers) listMessages(c *gin.Context) error {
	ap, err := httpx.AppointmentParam(c, s.DB.Client)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	rows, err := s.DB.AppointmentMessage.Query().Where(appointmentmessage.AppointmentID(ap.ID)).
		Order(ent.Desc(appointmentmessage.FieldID)).Limit(maxThread).All(ctx)
	if err != nil {
		return httpx.Internal(err)
	}
	var rids []int
	for _, m := range rows {
		if m.CommunicationReceiverID != nil {
			rids = append(rids, *m.CommunicationReceiverID)
		}
	}
	status := map[int]int{}
	if len(rids) > 0 {
		rs, err := s.DB.CommunicationReceiver.Query().Where(communicationreceiver.IDIn(rids...)).All(ctx)
		if err != nil {
			return httpx.Internal(err)
		}
		for _, r := range rs {
			status[r.ID] = int(r.Status)
		}
	}
	out := make([]MessageView, len(rows))
	for i, m := range rows {
		v := MessageView{ID: m.ID, Direction: m.Direction, Channel: int(m.CommunicationChannelID), Text: m.Text,
			CreatedAt: m.CreatedAt.UTC(), UserID: m.UserID}
		if m.CommunicationReceiverID != nil {
			v.Status = status[*m.CommunicationReceiverID]
		}
		out[len(rows)-1-i] = v // oldest first
	}
	c.JSON(http.StatusOK, gin.H{"appointment_id": ap.ID, "messages": out})
	return nil
}

// answerWait bounds the wait for the answer's delivery: past it the answer
// is written and its delivery goes on (202); the same key asks again.
const answerWait = 20 * time.Second

// answer: POST /v1/appointments/{id}/messages {"text"} with a required
// Idempotency-Key header: the same key answers the same message, sent once.
func (s *Handlers) answer(c *gin.Context) error {
	ap, err := httpx.AppointmentParam(c, s.DB.Client)
	if err != nil {
		return err
	}
	key := c.GetHeader("Idempotency-Key")
	if key == "" || len(key) > maxIdempotencyKey || textcheck.Line("Idempotency-Key", key, maxIdempotencyKey) != nil {
		return httpx.Invalid(fmt.Sprintf("Idempotency-Key: required, at most %d printable characters", maxIdempotencyKey))
	}
	var req struct {
		Text string `json:"text"`
	}
	if err := httpx.Decode(c, &req); err != nil {
		return err
	}
	if err := conversation.CheckText(req.Text); err != nil {
		return httpx.Invalid(err.Error())
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), answerWait)
	defer cancel()
	res, err := convcaller.Answer(ctx, s.Temporal, s.TaskQueue, conversation.Answer{AppointmentID: ap.ID,
		LocationID: ap.DealerLocationID, UserID: httpx.Claims(c).UserID, Key: key, Text: req.Text})
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		c.JSON(http.StatusAccepted, gin.H{"appointment_id": ap.ID, "state": "sending"})
		return nil
	case err != nil:
		return httpx.Unavailable(err)
	case res.NoChannel:
		return httpx.Invalid("the customer has no mobile number or e-mail address to answer to")
	}
	c.JSON(http.StatusOK, gin.H{"appointment_id": ap.ID, "message_id": res.MessageID, "channel": int(res.Channel),
		"status": int(res.Status)})
	return nil
}
