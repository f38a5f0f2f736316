package workshop

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/checklists"
)

// The dealer's checklist templates (admin.dealer, own dealer only):
// versioned by internal/checklists, so an edit never changes a check
// already run.

// listTemplates: GET /v1/workshop/checklists?dealer_id=..., the current
// versions (active or not).
func (h *Handlers) listTemplates(c *gin.Context) error {
	dealerID, err := strconv.Atoi(c.Query("dealer_id"))
	if err != nil || dealerID <= 0 {
		dealerID = httpx.Claims(c).DealerID
	}
	if dealerID <= 0 || !httpx.CanAdminDealer(c, dealerID) {
		return httpx.NotFound("dealer not found")
	}
	list, err := checklists.Current(c.Request.Context(), h.core.DB.Client, dealerID, 0, false)
	if err != nil {
		return httpx.Internal(err)
	}
	c.JSON(http.StatusOK, gin.H{"checklists": commread.NonNil(list)})
	return nil
}

// createTemplate: POST /v1/workshop/checklists, version 1.
func (h *Handlers) createTemplate(c *gin.Context) error {
	var t checklists.Template
	if err := httpx.DecodeStrict(c, &t); err != nil {
		return err
	}
	if err := h.mayWrite(c, t); err != nil {
		return err
	}
	v, err := checklists.Create(c.Request.Context(), h.core.DB.Client, t)
	if err != nil {
		return templateError(err)
	}
	c.JSON(http.StatusOK, v)
	return nil
}

// getTemplate: GET /v1/workshop/checklists/{checklist_id}, any version.
func (h *Handlers) getTemplate(c *gin.Context) error {
	v, err := h.template(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, v)
	return nil
}

// editTemplate: PUT /v1/workshop/checklists/{checklist_id}, the next version.
func (h *Handlers) editTemplate(c *gin.Context) error {
	old, err := h.template(c)
	if err != nil {
		return err
	}
	var t checklists.Template
	if err := httpx.DecodeStrict(c, &t); err != nil {
		return err
	}
	if t.DealerID == 0 {
		t.DealerID = old.DealerID
	}
	if err := h.mayWrite(c, t); err != nil {
		return err
	}
	v, err := checklists.Edit(c.Request.Context(), h.core.DB.Client, old.ID, t)
	if err != nil {
		return templateError(err)
	}
	c.JSON(http.StatusOK, v)
	return nil
}

// retireTemplate: DELETE /v1/workshop/checklists/{checklist_id}: no new
// check uses it; checks already run keep it.
func (h *Handlers) retireTemplate(c *gin.Context) error {
	old, err := h.template(c)
	if err != nil {
		return err
	}
	if !httpx.RoleMay(httpx.Claims(c).RoleID, httpx.PermAdminDelete) {
		return httpx.Fail(http.StatusForbidden, "your role may not retire checklists")
	}
	if err := checklists.Retire(c.Request.Context(), h.core.DB.Client, old.ID); err != nil {
		return templateError(err)
	}
	c.JSON(http.StatusOK, gin.H{"id": old.ID, "deleted": true})
	return nil
}

// template reads the path's checklist if the caller administers its dealer.
func (h *Handlers) template(c *gin.Context) (checklists.Version, error) {
	id, err := httpx.IDParam(c, "checklist_id")
	if err != nil {
		return checklists.Version{}, err
	}
	v, err := checklists.Get(c.Request.Context(), h.core.DB.Client, id)
	if ent.IsNotFound(err) || (err == nil && !httpx.CanAdminDealer(c, v.DealerID)) {
		return v, httpx.NotFound("checklist not found")
	}
	if err != nil {
		return v, httpx.Internal(err)
	}
	return v, nil
}

// mayWrite: the caller administers the dealer, and a location named is the dealer's.
func (h *Handlers) mayWrite(c *gin.Context, t checklists.Template) error {
	if t.DealerID <= 0 || !httpx.CanAdminDealer(c, t.DealerID) {
		return httpx.NotFound("dealer not found")
	}
	if t.DealerLocationID != 0 {
		loc, err := h.core.DB.Client.DealerLocation.Get(c.Request.Context(), t.DealerLocationID)
		if ent.IsNotFound(err) || (err == nil && loc.DealerID != t.DealerID) {
			return httpx.Invalid("dealer_location_id: not a location of this dealer")
		}
		if err != nil {
			return httpx.Internal(err)
		}
	}
	return nil
}

func templateError(err error) error {
	var p checklists.Problems
	if errors.As(err, &p) {
		return httpx.Invalid(p...)
	}
	return httpx.Internal(err)
}
