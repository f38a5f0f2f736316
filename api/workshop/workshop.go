// Package workshop is the HTTP face of the workshop inspection (issue #22)
// for its callers in the workshop: a mechanic (RoleID 60, "does car
// checks") reads the appointment's checklists, starts a check, answers
// its questions, adds photos and short videos, finishes it and reads it
// back; a dealer's admin keeps the checklist templates. Every change of a
// check is one update with an ID on the appointment's workflow (a phone's
// retry is recorded once); a photo goes to internal/inspectphotos, a video
// to internal/inspectvideos and a template to internal/checklists
// (configuration and incoming bytes, written there, not here). Each of a
// mechanic's uploads holds one of its few upload slots (Deps.WorkshopMedia):
// a phone retrying many at once on a bad network gets a quick 429. Paths are Pitstop's own (the spec has no mechanic endpoints):
// api/openapi.yaml marks them x-pitstop-extension.
//
// Two mechanics on one check: the first owns it until it is finished; the
// second's start of the same checklist, answer, photo or finish is refused
// with a clear error naming the owner, and nothing changes.
package workshop

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/contracts/inspection"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/check"
	"github.com/pitstop-dev/pitstop/ent/questionresult"
	"github.com/pitstop-dev/pitstop/ent/questionresultimage"
	"github.com/pitstop-dev/pitstop/ent/questionresultvideo"
	"github.com/pitstop-dev/pitstop/internal/checklists"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/inspectphotos"
	"github.com/pitstop-dev/pitstop/internal/inspectvideos"
	"github.com/pitstop-dev/pitstop/internal/textcheck"
)

// Handlers are the workshop's endpoints.
type Handlers struct {
	core *httpx.Core
	// uploads are the mechanics' photo and video upload slots.
	uploads *httpx.KeyedSlots
	// locations authorizes a check's calls without a look-up each time.
	apptLocations httpx.LocationMemo
}

// Routes mounts the workshop's endpoints on the staff group (/v1, signed in).
func Routes(core *httpx.Core, staff *gin.RouterGroup) {
	n := core.WorkshopMedia.UploadsPerMechanic
	if n <= 0 {
		n = DefaultUploadsPerMechanic
	}
	h := &Handlers{core: core, uploads: httpx.NewKeyedSlots(n)}
	staff.GET("/workshop/locations", httpx.Allow(httpx.PermInspection), httpx.Handle(h.locations))
	ap := staff.Group("/workshop/appointments/:id", httpx.Allow(httpx.PermInspection))
	ap.GET("/checklists", httpx.Handle(h.checklists))
	ap.POST("/checks", httpx.Handle(h.start))
	ap.GET("/checks/:check_id", httpx.Handle(h.check))
	ap.POST("/checks/:check_id/answers", httpx.Handle(h.answer))
	ap.POST("/checks/:check_id/photos", httpx.Handle(h.photo))
	ap.POST("/checks/:check_id/videos", httpx.Handle(h.video))
	ap.POST("/checks/:check_id/finish", httpx.Handle(h.finish))

	adm := staff.Group("/workshop/checklists", httpx.Allow(httpx.PermAdminDealer))
	adm.GET("", httpx.Handle(h.listTemplates))
	adm.POST("", httpx.Handle(h.createTemplate))
	adm.GET("/:checklist_id", httpx.Handle(h.getTemplate))
	adm.PUT("/:checklist_id", httpx.Handle(h.editTemplate))
	adm.DELETE("/:checklist_id", httpx.Handle(h.retireTemplate))
}

// checklists: GET .../checklists, the current active checklists of the
// appointment's location (the dealer's for all locations and its own).
func (h *Handlers) checklists(c *gin.Context) error {
	ap, err := httpx.AppointmentParam(c, h.core.DB.Client)
	if err != nil {
		return err
	}
	loc, err := h.core.DB.Client.DealerLocation.Get(c.Request.Context(), ap.DealerLocationID)
	if err != nil {
		return httpx.Internal(err)
	}
	list, err := checklists.Current(c.Request.Context(), h.core.DB.Client, loc.DealerID, loc.ID, true)
	if err != nil {
		return httpx.Internal(err)
	}
	c.JSON(http.StatusOK, gin.H{"checklists": commread.NonNil(list)})
	return nil
}

type startBody struct {
	ChecklistID   int    `json:"checklist_id"`
	ClientCheckID string `json:"client_check_id"`
}

// start: POST .../checks, one StartCheck update (its ID from the phone's
// client_check_id).
func (h *Handlers) start(c *gin.Context) error {
	ap, err := httpx.AppointmentParam(c, h.core.DB.Client)
	if err != nil {
		return err
	}
	var b startBody
	if err := httpx.DecodeStrict(c, &b); err != nil {
		return err
	}
	s := inspection.StartCheck{ChecklistID: b.ChecklistID, MechanicID: httpx.Claims(c).UserID, ClientCheckID: b.ClientCheckID}
	if err := problems(inspection.ValidateStart(s)); err != nil {
		return err
	}
	var out inspection.StartCheckResult
	if err := httpx.UpdateOnce(c, h.core.Temporal, ap.ID, inspection.StartUpdateID(s.MechanicID, s.ClientCheckID), inspection.UpdateStartCheck, s, &out); err != nil {
		return err
	}
	c.JSON(http.StatusOK, out)
	return nil
}

type answerBody struct {
	QuestionID    int                        `json:"question_id"`
	AnswerID      string                     `json:"answer_id"`
	Status        enums.QuestionResultStatus `json:"status"`
	MechanicNotes string                     `json:"mechanic_notes"`
	MechanicFixed bool                       `json:"mechanic_fixed"`
	Price         *float64                   `json:"price"`
	Options       []string                   `json:"options"`
	TyrePosition  enums.TyrePosition         `json:"tyre_position"`
	TyreProfile   float64                    `json:"tyre_profile"`
}

// answer: POST .../checks/{check_id}/answers, one AnswerQuestion update
// whose ID is the phone's answer_id (per check).
func (h *Handlers) answer(c *gin.Context) error {
	ap, checkID, err := h.appointmentCheck(c)
	if err != nil {
		return err
	}
	var b answerBody
	if err := httpx.DecodeStrict(c, &b); err != nil {
		return err
	}
	a := inspection.Answer{CheckID: checkID, QuestionID: b.QuestionID, MechanicID: httpx.Claims(c).UserID, AnswerID: b.AnswerID,
		Status: b.Status, MechanicNotes: b.MechanicNotes, MechanicFixed: b.MechanicFixed, Price: b.Price, Options: b.Options,
		TyrePosition: b.TyrePosition, TyreProfile: b.TyreProfile}
	if err := problems(inspection.ValidateAnswer(a)); err != nil {
		return err
	}
	var out inspection.AnswerResult
	if err := httpx.UpdateOnce(c, h.core.Temporal, ap, inspection.AnswerUpdateID(checkID, a.AnswerID), inspection.UpdateAnswerQuestion, a, &out); err != nil {
		return err
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// finish: POST .../checks/{check_id}/finish, one FinishCheck update (one
// per check: a retry gets the first outcome).
func (h *Handlers) finish(c *gin.Context) error {
	ap, checkID, err := h.appointmentCheck(c)
	if err != nil {
		return err
	}
	f := inspection.Finish{CheckID: checkID, MechanicID: httpx.Claims(c).UserID}
	var out inspection.FinishResult
	if err := httpx.UpdateOnce(c, h.core.Temporal, ap, inspection.FinishUpdateID(checkID), inspection.UpdateFinishCheck, f, &out); err != nil {
		return err
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// Check is a check as read.
type Check struct {
	ID              int                 `json:"id"`
	AppointmentID   int                 `json:"appointment_id"`
	ChecklistID     int                 `json:"checklist_id"`
	ChecklistType   enums.ChecklistType `json:"checklist_type"`
	MechanicID      int                 `json:"mechanic_id"`
	StartedAt       time.Time           `json:"started_at"`
	FinishedAt      *time.Time          `json:"finished_at"`
	Duration        int                 `json:"duration"`
	QuestionResults []Result            `json:"question_results"`
}

// Result is a question result as read.
type Result struct {
	ID            int                        `json:"id"`
	QuestionID    int                        `json:"question_id"`
	Status        enums.QuestionResultStatus `json:"status"`
	Title         string                     `json:"title"`
	GroupName     string                     `json:"group_name"`
	GroupOrder    int                        `json:"group_order"`
	QuestionOrder int                        `json:"question_order"`
	MechanicNotes string                     `json:"mechanic_notes"`
	MechanicFixed bool                       `json:"mechanic_fixed"`
	Price         float64                    `json:"price"`
	Options       []string                   `json:"options"`
	TyrePosition  enums.TyrePosition         `json:"tyre_position"`
	TyreProfile   float64                    `json:"tyre_profile"`
	Images        []Image                    `json:"images"`
	Videos        []Video                    `json:"videos"`
}

// Image is a result's photo as read.
type Image struct {
	ID           int                `json:"id"`
	FileID       string             `json:"file_id"`
	TyrePosition enums.TyrePosition `json:"tyre_position"`
}

// Video is a result's video as read.
type Video struct {
	ID     int    `json:"id"`
	FileID string `json:"file_id"`
	Size   int64  `json:"size"`
}

// check: GET .../checks/{check_id}, one read.
func (h *Handlers) check(c *gin.Context) error {
	ap, checkID, err := h.appointmentCheck(c)
	if err != nil {
		return err
	}
	ch, err := h.core.DB.Client.Check.Query().Where(check.ID(checkID), check.AppointmentID(ap)).
		WithResults(func(q *ent.QuestionResultQuery) {
			// Rows a check wrote at its start show once answered.
			q.Where(questionresult.Completed(true)).Order(ent.Asc(questionresult.FieldGroupOrder), ent.Asc(questionresult.FieldQuestionOrder), ent.Asc(questionresult.FieldTyrePosition)).
				WithImages(func(q *ent.QuestionResultImageQuery) { q.Order(ent.Asc(questionresultimage.FieldID)) }).
				WithVideos(func(q *ent.QuestionResultVideoQuery) { q.Order(ent.Asc(questionresultvideo.FieldID)) })
		}).Only(c.Request.Context())
	if ent.IsNotFound(err) {
		return httpx.NotFound("check not found")
	}
	if err != nil {
		return httpx.Internal(err)
	}
	out := Check{ID: ch.ID, AppointmentID: ch.AppointmentID, ChecklistID: ch.ChecklistID, ChecklistType: ch.ChecklistType,
		MechanicID: ch.MechanicID, StartedAt: ch.StartedAt, FinishedAt: ch.FinishedAt, Duration: ch.Duration, QuestionResults: []Result{}}
	for _, r := range ch.Edges.Results {
		res := Result{ID: r.ID, QuestionID: r.QuestionID, Status: r.Status, Title: r.Title, GroupName: r.GroupName,
			GroupOrder: r.GroupOrder, QuestionOrder: r.QuestionOrder, MechanicNotes: r.MechanicNotes, MechanicFixed: r.MechanicFixed,
			Price: r.Price, Options: commread.NonNil(r.Options), TyrePosition: r.TyrePosition, TyreProfile: r.TyreProfile, Images: []Image{}, Videos: []Video{}}
		for _, img := range r.Edges.Images {
			res.Images = append(res.Images, Image{ID: img.ID, FileID: img.UploadedFileID.String(), TyrePosition: img.TyrePosition})
		}
		for _, v := range r.Edges.Videos {
			res.Videos = append(res.Videos, Video{ID: v.ID, FileID: v.UploadedFileID.String(), Size: v.Size})
		}
		out.QuestionResults = append(out.QuestionResults, res)
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// PhotoTimeout bounds a photo's upload on a slow workshop network,
// VideoTimeout a video's.
const (
	PhotoTimeout = 2 * time.Minute
	VideoTimeout = 15 * time.Minute
)

// DefaultUploadsPerMechanic is how many photos and videos one mechanic
// uploads at once unless PITSTOP_INSPECTION_UPLOADS_PER_MECHANIC says otherwise.
const DefaultUploadsPerMechanic = 3

// ErrTooManyUploads answers 429 when the mechanic's upload slots are all in use.
func ErrTooManyUploads(max int) error {
	return httpx.Fail(http.StatusTooManyRequests, fmt.Sprintf(
		"too many uploads at once: a mechanic uploads at most %d photos or videos at a time; wait for one to finish, then retry", max))
}

// photo: POST .../checks/{check_id}/photos (multipart: question_id,
// optional tyre_position, upload_id, then file), streamed into the
// database by internal/inspectphotos.
func (h *Handlers) photo(c *gin.Context) error {
	return h.media(c, PhotoTimeout, inspectphotos.MaxBytes, string(inspectphotos.ErrTooLarge),
		func(in inspectphotos.Input, r io.Reader) (any, error) {
			return inspectphotos.Save(c.Request.Context(), h.core.DB.Client, in, r)
		})
}

// video: POST .../checks/{check_id}/videos (the photo's form), streamed
// into the database by internal/inspectvideos.
func (h *Handlers) video(c *gin.Context) error {
	lim := inspectvideos.Limits{MaxBytes: h.core.WorkshopMedia.VideoMaxBytes, CheckBytes: h.core.WorkshopMedia.CheckVideoBytes,
		MaxSeconds: h.core.WorkshopMedia.VideoMaxSeconds}.OrDefaults()
	return h.media(c, VideoTimeout, lim.MaxBytes, string(inspectvideos.ErrTooLarge(lim)),
		func(in inspectphotos.Input, r io.Reader) (any, error) {
			return inspectvideos.Save(c.Request.Context(), h.core.DB, in, r, lim)
		})
}

// media reads a photo's or video's form and stores its file with save,
// in one of the mechanic's upload slots (none free: 429 before a byte of
// the body is read).
func (h *Handlers) media(c *gin.Context, timeout time.Duration, maxBytes int64, tooLarge string,
	save func(inspectphotos.Input, io.Reader) (any, error)) error {
	ap, checkID, err := h.appointmentCheck(c)
	if err != nil {
		return err
	}
	mechanic := httpx.Claims(c).UserID
	slot := strconv.Itoa(mechanic)
	if !h.uploads.Take(slot) {
		return ErrTooManyUploads(h.uploads.Max())
	}
	defer h.uploads.Give(slot)
	_ = http.NewResponseController(c.Writer).SetReadDeadline(time.Now().Add(timeout))
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxBytes+64<<10)
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return httpx.Invalid("expected a multipart/form-data body with the fields question_id, upload_id and file")
	}
	in := inspectphotos.Input{AppointmentID: ap, CheckID: checkID, MechanicID: mechanic}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return httpx.Invalid("file: required")
		}
		if err != nil {
			return uploadError(err, tooLarge)
		}
		switch part.FormName() {
		case "question_id", "tyre_position", "upload_id":
			b, _ := io.ReadAll(io.LimitReader(part, 128))
			v := strings.TrimSpace(string(b))
			switch part.FormName() {
			case "question_id":
				if in.QuestionID, err = strconv.Atoi(v); err != nil || in.QuestionID <= 0 {
					return httpx.Invalid("question_id: must be a positive question ID")
				}
			case "tyre_position":
				p, err := strconv.Atoi(v)
				if err != nil || !enums.TyrePosition(p).Valid() {
					return httpx.Invalid("tyre_position: must be a TyrePosition 0-16")
				}
				in.TyrePosition = enums.TyrePosition(p)
			case "upload_id":
				in.UploadKey = v
			}
		case "file":
			if in.QuestionID == 0 || in.UploadKey == "" || len(in.UploadKey) > inspection.MaxClientIDLen {
				return httpx.Invalid("question_id and upload_id (1-64 characters) are required before the file in the form")
			}
			name, err := textcheck.FileName(part.FileName())
			if err != nil {
				return httpx.Invalid("file: " + err.Error())
			}
			in.Name = name
			out, err := save(in, part)
			var r inspectphotos.Refusal
			if errors.As(err, &r) {
				return httpx.Invalid(string(r))
			}
			if err != nil {
				return uploadError(err, tooLarge)
			}
			c.JSON(http.StatusOK, out)
			return nil
		}
	}
}

func uploadError(err error, tooLarge string) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return httpx.Invalid(tooLarge)
	}
	return httpx.Internal(err)
}

// problems turns a contract rule's refusal into the error contract.
func problems(err error) error {
	if e, ok := inspection.AsError(err); ok {
		return httpx.Invalid(e.Problems...)
	}
	return err
}

// appointmentCheck authorizes the path's appointment (the caller must be
// allowed its location) and parses the path's check ID.
func (h *Handlers) appointmentCheck(c *gin.Context) (int, int, error) {
	ap, err := h.apptLocations.AppointmentID(c, h.core.DB.Client)
	if err != nil {
		return 0, 0, err
	}
	checkID, err := httpx.IDParam(c, "check_id")
	return ap, checkID, err
}
