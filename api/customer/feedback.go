package customer

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/contracts/appointment"
	apptcaller "github.com/pitstop-dev/pitstop/workflows/appointment/caller"
)

// feedbackRequest is the customer's answer to the feedback question after
// the pick-up (issue #25). Score is a pointer so a missing score is told
// apart from 0; a fraction or a string is refused by the decoder.
type feedbackRequest struct {
	keyRequest
	Score   *int   `json:"score"`
	Comment string `json:"comment"`
}

// feedbackWait bounds the wait for the feedback workflow's answer.
const feedbackWait = 20 * time.Second

// answerFeedback: POST /v1/feedback/answer (Pitstop extension). One answer
// per appointment: the same answer again gets the first one's result, a
// different one is refused, as is an answer before the pick-up. It is
// FeedbackWorkflow's update (started with it), not the lifecycle's: the
// lifecycle ended at the pick-up.
func (h *Handlers) answerFeedback(c *gin.Context) error {
	var req feedbackRequest
	if err := httpx.Decode(c, &req); err != nil {
		return err
	}
	com, receptionist, err := h.byKey(c, req.value())
	if err != nil {
		return err
	}
	if receptionist {
		return httpx.Invalid("feedback: only the customer answers the feedback question")
	}
	if req.Score == nil {
		return httpx.Invalid("score: required")
	}
	ans := appointment.FeedbackAnswer{AppointmentID: com.AppointmentID, Score: *req.Score, Comment: req.Comment}
	if err := appointment.FeedbackShape(ans); err != nil {
		return httpx.Outcome(apptcaller.Rejection(err))
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), feedbackWait)
	defer cancel()
	res, err := apptcaller.AnswerFeedback(ctx, h.Temporal, h.TaskQueue, ans)
	if err != nil {
		return httpx.Outcome(err)
	}
	c.JSON(http.StatusOK, res)
	return nil
}
