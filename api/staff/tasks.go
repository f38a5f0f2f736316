package staff

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	contract "github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/task"
	"github.com/pitstop-dev/pitstop/workflows/appointment/caller"
)

// The receptionist's tasks (issue #25): what the lifecycle could not do
// itself (call a customer who left a reminder unanswered, see to a key
// left in a locker). Listed per location from the read model; "done" is
// the TaskDoneWorkflow's (its activity writes), idempotent.
func (s *Handlers) taskRoutes(staff *gin.RouterGroup) {
	rd := staff.Group("", httpx.Allow(httpx.PermAppointmentsRead))
	rd.GET("/tasks", httpx.Handle(s.listTasks))
	wr := staff.Group("", httpx.Allow(httpx.PermAppointmentsWrite))
	wr.POST("/tasks/:id/done", httpx.Handle(s.taskDone))
}

// TaskView is a task as staff see it; an unmatched_reply has no
// appointment (null).
type TaskView struct {
	ID            int        `json:"id"`
	LocationID    int        `json:"location_id"`
	AppointmentID *int       `json:"appointment_id"`
	Kind          string     `json:"kind"`
	Text          string     `json:"text"`
	State         string     `json:"state"`
	CreatedAt     time.Time  `json:"created_at"`
	DoneAt        *time.Time `json:"done_at"`
	DoneByUserID  *int       `json:"done_by_user_id"`
}

func taskView(t *ent.Task) TaskView {
	v := TaskView{ID: t.ID, LocationID: t.DealerLocationID, AppointmentID: t.AppointmentID, Kind: t.Kind, Text: t.Text,
		State: t.State, CreatedAt: t.CreatedAt.UTC(), DoneByUserID: t.DoneByUserID}
	if t.DoneAt != nil {
		at := t.DoneAt.UTC()
		v.DoneAt = &at
	}
	return v
}

// listTasks: GET /v1/tasks?location_id=&state=open|done&page=&page_size=,
// oldest first (open tasks wait longest at the top).
func (s *Handlers) listTasks(c *gin.Context) error {
	var q struct {
		LocationID int    `form:"location_id" binding:"required,gt=0"`
		State      string `form:"state,default=open"`
		Page       int    `form:"page,default=1" binding:"gte=1"`
		PageSize   int    `form:"page_size,default=50" binding:"gte=1"`
	}
	if err := httpx.BindQuery(c, &q); err != nil {
		return err
	}
	if q.State != contract.TaskStateOpen && q.State != contract.TaskStateDone {
		return httpx.Invalid("state: open or done")
	}
	if q.PageSize > maxPageSize {
		return httpx.Invalid("page_size: at most " + strconv.Itoa(maxPageSize))
	}
	if q.Page > maxPage {
		return httpx.Invalid("page: at most " + strconv.Itoa(maxPage))
	}
	if err := httpx.Location(c, "location_id", q.LocationID); err != nil {
		return err
	}
	rows, err := s.DB.Task.Query().Where(task.DealerLocationID(q.LocationID), task.State(q.State)).
		Order(ent.Asc(task.FieldID)).Offset((q.Page - 1) * q.PageSize).Limit(q.PageSize).All(c.Request.Context())
	if err != nil {
		return httpx.Internal(err)
	}
	out := make([]TaskView, 0, len(rows))
	for _, t := range rows {
		out = append(out, taskView(t))
	}
	c.JSON(http.StatusOK, gin.H{"tasks": out, "page": q.Page, "page_size": q.PageSize})
	return nil
}

// taskDoneWait bounds the wait for the TaskDoneWorkflow (one small
// database write): a worker that is gone answers 503, not a hang.
const taskDoneWait = 20 * time.Second

// taskDone: POST /v1/tasks/{id}/done. Done twice answers the first
// outcome (who and when); a task of a location the caller may not see,
// or none, is 404.
func (s *Handlers) taskDone(c *gin.Context) error {
	id, err := strconv.Atoi(c.Param("id"))
	if err != nil || id <= 0 {
		return httpx.Invalid("id: must be a positive task ID")
	}
	t, err := s.DB.Task.Get(c.Request.Context(), id)
	if ent.IsNotFound(err) || (err == nil && !httpx.Claims(c).CanAccess(t.DealerLocationID)) {
		return httpx.NotFound("task not found")
	}
	if err != nil {
		return httpx.Internal(err)
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), taskDoneWait)
	defer cancel()
	res, err := caller.MarkTaskDone(ctx, s.Temporal, s.TaskQueue,
		contract.TaskDoneRequest{TaskID: t.ID, LocationID: t.DealerLocationID, UserID: httpx.Claims(c).UserID})
	if err != nil {
		return httpx.Unavailable(err)
	}
	if !res.Found {
		return httpx.NotFound("task not found")
	}
	v := taskView(t)
	v.State, v.DoneAt, v.DoneByUserID = res.State, &res.DoneAt, &res.DoneByUserID
	c.JSON(http.StatusOK, v)
	return nil
}
