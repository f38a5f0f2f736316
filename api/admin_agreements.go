package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationagreement"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/textcheck"
)

// Agreements a dealer asks customers to accept. They belong to the dealer
// (the spec's CommunicationAgreement has a DealerID), so every location of
// the dealer shows them. A row is never changed once created: an edit is a
// new row (version + 1, parent_id the old one) and the old one is marked
// deleted, so a customer's answer (CustomerCommunicationAgreement) keeps
// pointing at the exact text that was accepted. Retiring marks the current
// version deleted and retired.

func (s *Server) agreementRoutes(admin, deleting *gin.RouterGroup) {
	admin.GET("/dealers/:dealer_id/agreements", s.listAgreements)
	admin.POST("/dealers/:dealer_id/agreements", s.createAgreement)
	admin.GET("/agreements/:agreement_id", s.getAgreement)
	admin.PUT("/agreements/:agreement_id", s.editAgreement)
	deleting.POST("/agreements/:agreement_id/retire", s.retireAgreement)
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
	ID                       int       `json:"id"`
	DealerID                 int       `json:"dealer_id"`
	ParentID                 int       `json:"parent_id"`
	Version                  int       `json:"version"`
	Current                  bool      `json:"current"`
	Retired                  bool      `json:"retired"`
	Name                     string    `json:"name"`
	Text                     string    `json:"text"`
	OptionalOnlineCheckIn    bool      `json:"optional_online_check_in"`
	OptionalKioskCheckIn     bool      `json:"optional_kiosk_check_in"`
	OptionalKeyLockerCheckIn bool      `json:"optional_key_locker_check_in"`
	OptionalDeskCheckIn      bool      `json:"optional_desk_check_in"`
	OptionalDeskCheckOut     bool      `json:"optional_desk_check_out"`
	OptionalCustomcom        bool      `json:"optional_customcom"`
	VisibleOnlineCheckIn     bool      `json:"visible_online_check_in"`
	VisibleKioskCheckIn      bool      `json:"visible_kiosk_check_in"`
	VisibleKeyLockerCheckIn  bool      `json:"visible_key_locker_check_in"`
	VisibleDeskCheckIn       bool      `json:"visible_desk_check_in"`
	VisibleDeskCheckOut      bool      `json:"visible_desk_check_out"`
	VisibleCustomcom         bool      `json:"visible_customcom"`
	CreatedAt                time.Time `json:"created_at"`
}

func adminAgreementView(a *ent.CommunicationAgreement) AdminAgreementView {
	return AdminAgreementView{ID: a.ID, DealerID: a.DealerID, ParentID: a.ParentID, Version: a.Version, Current: !a.Deleted,
		Retired: a.Retired, Name: a.Name, Text: a.Text,
		OptionalOnlineCheckIn: a.OptionalOnlineCheckIn, OptionalKioskCheckIn: a.OptionalKioskCheckIn,
		OptionalKeyLockerCheckIn: a.OptionalKeyLockerCheckIn, OptionalDeskCheckIn: a.OptionalDeskCheckIn,
		OptionalDeskCheckOut: a.OptionalDeskCheckOut, OptionalCustomcom: a.OptionalCustomcom,
		VisibleOnlineCheckIn: a.VisibleOnlineCheckIn, VisibleKioskCheckIn: a.VisibleKioskCheckIn,
		VisibleKeyLockerCheckIn: a.VisibleKeyLockerCheckIn, VisibleDeskCheckIn: a.VisibleDeskCheckIn,
		VisibleDeskCheckOut: a.VisibleDeskCheckOut, VisibleCustomcom: a.VisibleCustomcom, CreatedAt: a.CreatedAt}
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

// apply sets the request's fields on a new version, starting from base (nil for a new agreement).
func (r *AgreementRequest) apply(c *ent.CommunicationAgreementCreate, base *ent.CommunicationAgreement) {
	if base != nil {
		c.SetName(base.Name).SetText(base.Text).
			SetOptionalOnlineCheckIn(base.OptionalOnlineCheckIn).SetOptionalKioskCheckIn(base.OptionalKioskCheckIn).
			SetOptionalKeyLockerCheckIn(base.OptionalKeyLockerCheckIn).SetOptionalDeskCheckIn(base.OptionalDeskCheckIn).
			SetOptionalDeskCheckOut(base.OptionalDeskCheckOut).SetOptionalCustomcom(base.OptionalCustomcom).
			SetVisibleOnlineCheckIn(base.VisibleOnlineCheckIn).SetVisibleKioskCheckIn(base.VisibleKioskCheckIn).
			SetVisibleKeyLockerCheckIn(base.VisibleKeyLockerCheckIn).SetVisibleDeskCheckIn(base.VisibleDeskCheckIn).
			SetVisibleDeskCheckOut(base.VisibleDeskCheckOut).SetVisibleCustomcom(base.VisibleCustomcom)
	}
	m := c.Mutation()
	setIf := func(v *bool, f func(bool)) {
		if v != nil {
			f(*v)
		}
	}
	if r.Name != nil {
		m.SetName(strings.TrimSpace(*r.Name))
	}
	if r.Text != nil {
		m.SetText(*r.Text)
	}
	setIf(r.OptionalOnlineCheckIn, m.SetOptionalOnlineCheckIn)
	setIf(r.OptionalKioskCheckIn, m.SetOptionalKioskCheckIn)
	setIf(r.OptionalKeyLockerCheckIn, m.SetOptionalKeyLockerCheckIn)
	setIf(r.OptionalDeskCheckIn, m.SetOptionalDeskCheckIn)
	setIf(r.OptionalDeskCheckOut, m.SetOptionalDeskCheckOut)
	setIf(r.OptionalCustomcom, m.SetOptionalCustomcom)
	setIf(r.VisibleOnlineCheckIn, m.SetVisibleOnlineCheckIn)
	setIf(r.VisibleKioskCheckIn, m.SetVisibleKioskCheckIn)
	setIf(r.VisibleKeyLockerCheckIn, m.SetVisibleKeyLockerCheckIn)
	setIf(r.VisibleDeskCheckIn, m.SetVisibleDeskCheckIn)
	setIf(r.VisibleDeskCheckOut, m.SetVisibleDeskCheckOut)
	setIf(r.VisibleCustomcom, m.SetVisibleCustomcom)
}

// listAgreements answers the current versions (?history=true: every version).
func (s *Server) listAgreements(c *gin.Context) {
	d, ok := s.dealerParam(c)
	if !ok {
		return
	}
	q := s.DB.CommunicationAgreement.Query().Where(communicationagreement.DealerID(d.ID))
	if c.Query("history") != "true" {
		q = q.Where(communicationagreement.Deleted(false))
	}
	rows, err := q.Order(ent.Asc(communicationagreement.FieldID)).All(c.Request.Context())
	if err != nil {
		internal(c, err)
		return
	}
	out := make([]AdminAgreementView, 0, len(rows))
	for _, a := range rows {
		out = append(out, adminAgreementView(a))
	}
	c.JSON(http.StatusOK, gin.H{"agreements": out})
}

func (s *Server) createAgreement(c *gin.Context) {
	d, ok := s.dealerParam(c)
	if !ok {
		return
	}
	var req AgreementRequest
	if !decodeStrict(c, &req) {
		return
	}
	if p := req.problems(true); len(p) > 0 {
		invalid(c, p...)
		return
	}
	cr := s.DB.CommunicationAgreement.Create().SetDealerID(d.ID).SetVersion(1)
	req.apply(cr, nil)
	a, err := cr.Save(c.Request.Context())
	if err != nil {
		internal(c, err)
		return
	}
	c.JSON(http.StatusOK, adminAgreementView(a))
}

// agreementParam loads :agreement_id if the caller administers its dealer.
func (s *Server) agreementParam(c *gin.Context) (*ent.CommunicationAgreement, bool) {
	id, ok := idParam(c, "agreement_id")
	if !ok {
		return nil, false
	}
	a, err := s.DB.CommunicationAgreement.Get(c.Request.Context(), id)
	if ent.IsNotFound(err) || (err == nil && !canAdminDealer(c, a.DealerID)) {
		fail(c, http.StatusNotFound, "agreement not found")
		return nil, false
	}
	if err != nil {
		internal(c, err)
		return nil, false
	}
	return a, true
}

func (s *Server) getAgreement(c *gin.Context) {
	if a, ok := s.agreementParam(c); ok {
		c.JSON(http.StatusOK, adminAgreementView(a))
	}
}

func (s *Server) editAgreement(c *gin.Context) {
	a, ok := s.agreementParam(c)
	if !ok {
		return
	}
	var req AgreementRequest
	if !decodeStrict(c, &req) {
		return
	}
	if p := req.problems(false); len(p) > 0 {
		invalid(c, p...)
		return
	}
	ctx := c.Request.Context()
	var next *ent.CommunicationAgreement
	err := store.WithTx(ctx, s.DB.Client, func(tx *ent.Tx) error {
		// Only the current version may be edited; the conditional update
		// makes two concurrent edits produce one new version, not two.
		n, err := tx.CommunicationAgreement.Update().Where(communicationagreement.ID(a.ID), communicationagreement.Deleted(false)).
			SetDeleted(true).Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return errNotCurrent
		}
		cr := tx.CommunicationAgreement.Create().SetDealerID(a.DealerID).SetParentID(a.ID).SetVersion(a.Version + 1)
		req.apply(cr, a)
		next, err = cr.Save(ctx)
		return err
	})
	switch {
	case err == errNotCurrent:
		invalid(c, "only the current version of an agreement can be edited (this one was edited or retired)")
	case err != nil:
		internal(c, err)
	default:
		c.JSON(http.StatusOK, adminAgreementView(next))
	}
}

type agreementErr string

func (e agreementErr) Error() string { return string(e) }

const errNotCurrent = agreementErr("agreement is not the current version")

func (s *Server) retireAgreement(c *gin.Context) {
	a, ok := s.agreementParam(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	n, err := s.DB.CommunicationAgreement.Update().Where(communicationagreement.ID(a.ID), communicationagreement.Deleted(false)).
		SetDeleted(true).SetRetired(true).Save(ctx)
	if err != nil {
		internal(c, err)
		return
	}
	if n == 0 {
		invalid(c, "only the current version of an agreement can be retired")
		return
	}
	a, err = s.DB.CommunicationAgreement.Get(ctx, a.ID)
	if err != nil {
		internal(c, err)
		return
	}
	c.JSON(http.StatusOK, adminAgreementView(a))
}
