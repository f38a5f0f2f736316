package admin

import (
	"bytes"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/feedbacklist"
)

// The customers' feedback of a location (issue #25), per period of days
// in the location's zone (?from=YYYY-MM-DD&to=YYYY-MM-DD, both included):
// a JSON list, and the same as CSV for a spreadsheet.

func (h *Handlers) feedbackRoutes(admin *gin.RouterGroup) {
	admin.GET("/locations/:location_id/feedback", httpx.Handle(h.listFeedback))
	admin.GET("/locations/:location_id/feedback/export", httpx.Handle(h.exportFeedback))
}

// FeedbackList is the JSON answer of the list.
type FeedbackList struct {
	From     string             `json:"from"`
	To       string             `json:"to"`
	Feedback []feedbacklist.Row `json:"feedback"`
}

func (h *Handlers) feedbackRows(c *gin.Context) (*ent.DealerLocation, *time.Location, []feedbacklist.Row, error) {
	loc, err := h.locationParam(c)
	if err != nil {
		return nil, nil, nil, err
	}
	zone, err := time.LoadLocation(loc.TimeZone)
	if err != nil {
		zone = time.UTC
	}
	q := c.Request.URL.Query()
	var problems []string
	for k, v := range q {
		if k != "from" && k != "to" {
			problems = append(problems, k+": unknown parameter")
		} else if len(v) > 1 {
			problems = append(problems, k+": give it once")
		}
	}
	if len(problems) > 0 {
		return nil, nil, nil, httpx.Invalid(problems...)
	}
	p, problems := feedbacklist.ParsePeriod(q.Get("from"), q.Get("to"), zone)
	if len(problems) > 0 {
		return nil, nil, nil, httpx.Invalid(problems...)
	}
	rows, err := feedbacklist.List(c.Request.Context(), h.DB.Client, loc.ID, p)
	if err != nil {
		return nil, nil, nil, httpx.Internal(err)
	}
	return loc, zone, rows, nil
}

func (h *Handlers) listFeedback(c *gin.Context) error {
	_, _, rows, err := h.feedbackRows(c)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, FeedbackList{From: c.Query("from"), To: c.Query("to"), Feedback: rows})
	return nil
}

func (h *Handlers) exportFeedback(c *gin.Context) error {
	loc, zone, rows, err := h.feedbackRows(c)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := feedbacklist.WriteCSV(&b, rows, zone); err != nil {
		return httpx.Internal(err)
	}
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Disposition", `attachment; filename="feedback-`+strconv.Itoa(loc.ID)+`-`+c.Query("from")+`-`+c.Query("to")+`.csv"`)
	c.Data(http.StatusOK, "text/csv; charset=utf-8", b.Bytes())
	return nil
}
