package admin

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/contracts/retention"
	"github.com/pitstop-dev/pitstop/internal/custerase"
	retentioncaller "github.com/pitstop-dev/pitstop/workflows/retention/caller"
)

// ErasureRequest asks for a customer's erasure: exactly one of CustomerID,
// Phone (E.164) or Email; DealerID for platform roles; DryRun to hear what
// it would touch.
type ErasureRequest struct {
	CustomerID *int   `json:"customer_id"`
	Phone      string `json:"phone"`
	Email      string `json:"email"`
	DealerID   *int   `json:"dealer_id"`
	DryRun     bool   `json:"dry_run"`
}

// eraseCustomer answers POST /v1/admin/customers/erasure (Pitstop
// extension, issue #26): erases one customer's personal data from the
// database (internal/custerase, which writes it and records the erasure)
// and answers the record, then starts the erasure's follow-up in Temporal
// (ForgetPlainPlatesWorkflow); a dry run answers what it would touch and
// changes nothing. Roles with admin.delete only (erasure cannot be undone: a
// support admin may export but not erase), for their own dealer; a customer
// of a dealer the caller does not administer is not found. Already erased
// and an appointment in progress are answered in the error body (HTTP 200).
func (h *Handlers) eraseCustomer(c *gin.Context) error {
	var req ErasureRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	var problems []string
	sel := custerase.Selector{Phone: strings.TrimSpace(req.Phone), Email: strings.TrimSpace(req.Email)}
	if req.CustomerID != nil {
		if *req.CustomerID <= 0 {
			problems = append(problems, "customer_id: must be a positive number")
		} else {
			sel.CustomerID = *req.CustomerID
		}
	}
	claims := httpx.Claims(c)
	dealerID := claims.DealerID
	if req.DealerID != nil {
		if *req.DealerID <= 0 {
			problems = append(problems, "dealer_id: must be a positive number")
		}
		dealerID = *req.DealerID
	}
	if len(problems) > 0 {
		return httpx.Invalid(problems...)
	}
	if err := sel.Check(); err != nil {
		return erased(err, sel)
	}
	if dealerID == 0 {
		return httpx.Invalid("dealer_id: required for a platform role")
	}
	if !httpx.CanAdminDealer(c, dealerID) {
		return httpx.NotFound("customer not found")
	}
	rec, err := custerase.Erase(c.Request.Context(), h.DB.Client, custerase.Request{DealerID: dealerID, Selector: sel,
		RequestedBy: claims.UserID, Via: custerase.ViaAPI, DryRun: req.DryRun, Now: h.Now, KeySecret: h.KeySecret})
	if err != nil {
		return erased(err, sel)
	}
	if !rec.DryRun && h.Temporal != nil {
		// Lifecycles started before reg-number-search-hash keep the plate in
		// their visibility record: a workflow deletes the closed ones. The
		// erasure is done either way; a start that fails is logged.
		if err := retentioncaller.StartForgetPlates(c.Request.Context(), h.Temporal, h.TaskQueue, rec.ID,
			retention.Plates{DealerID: rec.DealerID, CustomerIDs: rec.CustomerIDs}); err != nil && h.Log != nil {
			h.Log.Warn("erasure: forgetting plain plates not started", "erasure", rec.ID, "err", err)
		}
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, rec)
	return nil
}

func erased(err error, sel custerase.Selector) error {
	var inv *custerase.Invalid
	var done *custerase.AlreadyErased
	var busy *custerase.InProgress
	switch {
	case errors.As(err, &inv):
		return httpx.Invalid(inv.Problems...)
	case errors.As(err, &done), errors.As(err, &busy):
		return httpx.Invalid(err.Error())
	case errors.Is(err, custerase.ErrNotFound):
		if sel.CustomerID == 0 {
			// An erased customer's contacts are gone: say how to ask after one.
			return httpx.NotFound("customer not found (an erased customer has no phone number or e-mail address left: ask by customer_id)")
		}
		return httpx.NotFound("customer not found")
	default:
		return httpx.Internal(err)
	}
}
