package admin

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationagreement"
	"github.com/pitstop-dev/pitstop/internal/onboard"
	"github.com/pitstop-dev/pitstop/internal/textcheck"
)

// Agreements a dealer asks customers to accept. They belong to the dealer
// (the spec's CommunicationAgreement has a DealerID), so every location of
// the dealer shows them. Versions are never changed, only added and retired
// (see internal/onboard/agreements.go).

func (h *Handlers) agreementRoutes(admin, deleting *gin.RouterGroup) {
	admin.GET("/dealers/:dealer_id/agreements", httpx.Handle(h.listAgreements))
	admin.POST("/dealers/:dealer_id/agreements", httpx.Handle(h.createAgreement))
	admin.GET("/agreements/:agreement_id", httpx.Handle(h.getAgreement))
	admin.PUT("/agreements/:agreement_id", httpx.Handle(h.editAgreement))
	deleting.POST("/agreements/:agreement_id/retire", httpx.NoBody, httpx.Handle(h.retireAgreement))
}

// AgreementRequest is an agreement's text and where it is shown and optional.
// On an edit, a field left out keeps the current version's value.
type AgreementRequest struct {
	Name                     *string `json:"name"`
	Text                     *string `json:"text"`
	OptionalOnlineCheckIn    *bool   `json:"optional_online_check_in"`
	OptionalKioskCheckIn     *bool   `json:"optional_kiosk_check_in"`
	OptionalKeyLockerCheckIn *bool   `json:"optional_key_locker_check_in"`
	OptionalDeskCheckIn      *bool   `json:"optional_desk_check_in"`
	OptionalDeskCheckOut     *bool   `json:"optional_desk_check_out"`
	OptionalCustomcom        *bool   `json:"optional_customcom"`
	VisibleOnlineCheckIn     *bool   `json:"visible_online_check_in"`
	VisibleKioskCheckIn      *bool   `json:"visible_kiosk_check_in"`
	VisibleKeyLockerCheckIn  *bool   `json:"visible_key_locker_check_in"`
	VisibleDeskCheckIn       *bool   `json:"visible_desk_check_in"`
	VisibleDeskCheckOut      *bool   `json:"visible_desk_check_out"`
	VisibleCustomcom         *bool   `json:"visible_customcom"`
}

// AdminAgreementView is one version of an agreement.
type AdminAgreementView struct {
	ID       int    `json:"id"`
	DealerID int    `json:"dealer_id"`
	ParentID int    `json:"parent_id"`
	Version  int    `json:"version"`
	Current  bool   `json:"current"`
	Retired  bool   `json:"retired"`
	Name     string `json:"name"`
	Text     string `json:"text"`
	commread.AgreementFlags
	CreatedAt time.Time `json:"created_at"`
}

func adminAgreementView(a *ent.CommunicationAgreement) AdminAgreementView {
	return AdminAgreementView{ID: a.ID, DealerID: a.DealerID, ParentID: a.ParentID, Version: a.Version, Current: !a.Deleted,
		Retired: a.Retired, Name: a.Name, Text: a.Text, AgreementFlags: commread.FlagsOf(a), CreatedAt: a.CreatedAt}
}

func (r *AgreementRequest) problems(create bool) []string {
	var p []string
	if create && (r.Name == nil || strings.TrimSpace(*r.Name) == "") {
		p = append(p, "name: required")
	}
	if create && (r.Text == nil || strings.TrimSpace(*r.Text) == "") {
		p = append(p, "text: required")
	}
	if r.Name != nil {
		if strings.TrimSpace(*r.Name) == "" {
			p = append(p, "name: must not be empty")
		}
		p = append(p, textcheck.Line("name", *r.Name, 200)...)
	}
	if r.Text != nil {
		if strings.TrimSpace(*r.Text) == "" {
			p = append(p, "text: must not be empty")
		}
		p = append(p, textcheck.Field("text", *r.Text, 20_000)...)
	}
	return p
}

// listAgreements answers the current versions (?history=true: every version).
func (h *Handlers) listAgreements(c *gin.Context) error {
	d, err := h.dealerParam(c)
	if err != nil {
		return err
	}
	q := h.DB.CommunicationAgreement.Query().Where(communicationagreement.DealerID(d.ID))
	if c.Query("history") != "true" {
		q = q.Where(communicationagreement.Deleted(false))
	}
	rows, err := q.Order(ent.Asc(communicationagreement.FieldID)).All(c.Request.Context())
	if err != nil {
		return err
	}
	out := make([]AdminAgreementView, 0, len(rows))
	for _, a := range rows {
		out = append(out, adminAgreementView(a))
	}
	c.JSON(http.StatusOK, gin.H{"agreements": out})
	return nil
}

func (h *Handlers) createAgreement(c *gin.Context) error {
	d, err := h.dealerParam(c)
	if err != nil {
		return err
	}
	var req AgreementRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if p := req.problems(true); len(p) > 0 {
		return httpx.Invalid(p...)
	}
	a, err := onboard.CreateAgreement(c.Request.Context(), h.DB.Client, d.ID, onboard.AgreementInput(req))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, adminAgreementView(a))
	return nil
}

// agreementParam loads :agreement_id if the caller administers its dealer.
func (h *Handlers) agreementParam(c *gin.Context) (*ent.CommunicationAgreement, error) {
	return adminParam(c, "agreement_id", "agreement",
		func(id int) (*ent.CommunicationAgreement, error) {
			return h.DB.CommunicationAgreement.Get(c.Request.Context(), id)
		},
		func(a *ent.CommunicationAgreement) int { return a.DealerID })
}

func (h *Handlers) getAgreement(c *gin.Context) error {
	a, err := h.agreementParam(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, adminAgreementView(a))
	return nil
}

func (h *Handlers) editAgreement(c *gin.Context) error {
	a, err := h.agreementParam(c)
	if err != nil {
		return err
	}
	var req AgreementRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if p := req.problems(false); len(p) > 0 {
		return httpx.Invalid(p...)
	}
	next, err := onboard.EditAgreement(c.Request.Context(), h.DB.Client, a, onboard.AgreementInput(req))
	if errors.Is(err, onboard.ErrNotCurrent) {
		return httpx.Invalid("only the current version of an agreement can be edited (this one was edited or retired)")
	}
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, adminAgreementView(next))
	return nil
}

func (h *Handlers) retireAgreement(c *gin.Context) error {
	a, err := h.agreementParam(c)
	if err != nil {
		return err
	}
	a, err = onboard.RetireAgreement(c.Request.Context(), h.DB.Client, a.ID)
	if errors.Is(err, onboard.ErrNotCurrent) {
		return httpx.Invalid("only the current version of an agreement can be retired")
	}
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, adminAgreementView(a))
	return nil
}
