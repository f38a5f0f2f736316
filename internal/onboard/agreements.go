package onboard

import (
	"context"
	"errors"
	"strings"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/communicationagreement"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// Agreements a dealer asks customers to accept. A row is never changed once
// created: an edit is a new row (version + 1, parent_id the old one) and the
// old one is marked deleted, so a customer's answer keeps pointing at the
// exact text that was accepted. Retiring marks the current version deleted
// and retired.

// AgreementInput is an agreement's text and where it is shown and optional;
// on an edit, nil keeps the current version's value. The caller checks it.
type AgreementInput struct {
	Name                     *string
	Text                     *string
	OptionalOnlineCheckIn    *bool
	OptionalKioskCheckIn     *bool
	OptionalKeyLockerCheckIn *bool
	OptionalDeskCheckIn      *bool
	OptionalDeskCheckOut     *bool
	OptionalCustomcom        *bool
	VisibleOnlineCheckIn     *bool
	VisibleKioskCheckIn      *bool
	VisibleKeyLockerCheckIn  *bool
	VisibleDeskCheckIn       *bool
	VisibleDeskCheckOut      *bool
	VisibleCustomcom         *bool
}

// ErrNotCurrent: the agreement was edited or retired meanwhile.
var ErrNotCurrent = errors.New("agreement is not the current version")

// CreateAgreement stores version 1 of a dealer's new agreement.
func CreateAgreement(ctx context.Context, db *ent.Client, dealerID int, in AgreementInput) (*ent.CommunicationAgreement, error) {
	cr := db.CommunicationAgreement.Create().SetDealerID(dealerID).SetVersion(1)
	in.apply(cr, nil)
	return cr.Save(ctx)
}

// EditAgreement stores the next version of the current agreement a
// (ErrNotCurrent when it is not current any more).
func EditAgreement(ctx context.Context, db *ent.Client, a *ent.CommunicationAgreement, in AgreementInput) (*ent.CommunicationAgreement, error) {
	var next *ent.CommunicationAgreement
	err := store.WithTx(ctx, db, func(tx *ent.Tx) error {
		// Only the current version may be edited; the conditional update
		// makes two concurrent edits produce one new version, not two.
		n, err := tx.CommunicationAgreement.Update().Where(communicationagreement.ID(a.ID), communicationagreement.Deleted(false)).
			SetDeleted(true).Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return ErrNotCurrent
		}
		cr := tx.CommunicationAgreement.Create().SetDealerID(a.DealerID).SetParentID(a.ID).SetVersion(a.Version + 1)
		in.apply(cr, a)
		next, err = cr.Save(ctx)
		return err
	})
	return next, err
}

// RetireAgreement marks the current version id deleted and retired
// (ErrNotCurrent when it is not current) and answers it.
func RetireAgreement(ctx context.Context, db *ent.Client, id int) (*ent.CommunicationAgreement, error) {
	n, err := db.CommunicationAgreement.Update().Where(communicationagreement.ID(id), communicationagreement.Deleted(false)).
		SetDeleted(true).SetRetired(true).Save(ctx)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, ErrNotCurrent
	}
	return db.CommunicationAgreement.Get(ctx, id)
}

// apply sets the input's fields on a new version, starting from base (nil for a new agreement).
func (r *AgreementInput) apply(c *ent.CommunicationAgreementCreate, base *ent.CommunicationAgreement) {
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
	if r.Name != nil {
		m.SetName(strings.TrimSpace(*r.Name))
	}
	if r.Text != nil {
		m.SetText(*r.Text)
	}
	set(r.OptionalOnlineCheckIn, m.SetOptionalOnlineCheckIn)
	set(r.OptionalKioskCheckIn, m.SetOptionalKioskCheckIn)
	set(r.OptionalKeyLockerCheckIn, m.SetOptionalKeyLockerCheckIn)
	set(r.OptionalDeskCheckIn, m.SetOptionalDeskCheckIn)
	set(r.OptionalDeskCheckOut, m.SetOptionalDeskCheckOut)
	set(r.OptionalCustomcom, m.SetOptionalCustomcom)
	set(r.VisibleOnlineCheckIn, m.SetVisibleOnlineCheckIn)
	set(r.VisibleKioskCheckIn, m.SetVisibleKioskCheckIn)
	set(r.VisibleKeyLockerCheckIn, m.SetVisibleKeyLockerCheckIn)
	set(r.VisibleDeskCheckIn, m.SetVisibleDeskCheckIn)
	set(r.VisibleDeskCheckOut, m.SetVisibleDeskCheckOut)
	set(r.VisibleCustomcom, m.SetVisibleCustomcom)
}
