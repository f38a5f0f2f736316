package onboard

import (
	"context"
	"math"
	"strings"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/checkinoffer"
	"github.com/pitstop-dev/pitstop/internal/textcheck"
)

// A location's check-in offers (a car wash, a replacement car ...): what
// every new online check-in offers its customer. A communication copies the
// active ones when it is created (activities/appointment), so an edit here
// changes only communications made afterwards.

// Bounds of an offer. The price is in the location's currency; a million is
// beyond any extra a workshop sells with a check-in and keeps a typo (an
// extra zero or five) out of a customer's page.
const (
	OfferNameMax        = 200
	OfferDescriptionMax = 4000
	OfferPriceMax       = 100000.0
	OfferPositionMax    = 10000
)

// OfferInput is an offer's fields; on an update, nil keeps the current value.
type OfferInput struct {
	Name                     *string
	Description              *string
	Price                    *float64
	InfoURL                  *string
	HideForLeaseAppointments *bool
	Position                 *int
	Active                   *bool
}

// Check validates the input; create requires a name.
func (in *OfferInput) Check(create bool) error {
	var p problems
	if in.Name != nil {
		t := strings.TrimSpace(*in.Name)
		in.Name = &t
	}
	switch {
	case create && (in.Name == nil || *in.Name == ""):
		p.add("name: required")
	case in.Name != nil && *in.Name == "":
		p.add("name: must not be empty")
	default:
		p.line("name", in.Name, OfferNameMax)
	}
	if in.Description != nil {
		p.add(textcheck.Field("description", *in.Description, OfferDescriptionMax)...)
	}
	if in.Price != nil && (math.IsNaN(*in.Price) || *in.Price < 0 || *in.Price > OfferPriceMax) {
		p.add("price: must be between 0 and 100000")
	}
	p.url("info_url", in.InfoURL)
	p.rangeInt("position", in.Position, 0, OfferPositionMax)
	return invalidOf(p)
}

// Offers lists a location's offers in their order (active or not).
func Offers(ctx context.Context, db *ent.Client, locationID int) ([]*ent.CheckInOffer, error) {
	return db.CheckInOffer.Query().Where(checkinoffer.DealerLocationID(locationID)).
		Order(ent.Asc(checkinoffer.FieldPosition), ent.Asc(checkinoffer.FieldID)).All(ctx)
}

// Offer loads one offer of a location (ErrNotFound when the location has no such offer).
func Offer(ctx context.Context, db *ent.Client, locationID, offerID int) (*ent.CheckInOffer, error) {
	o, err := db.CheckInOffer.Query().Where(checkinoffer.ID(offerID), checkinoffer.DealerLocationID(locationID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrNotFound
	}
	return o, err
}

// CreateOffer adds an offer to a location (active unless in says otherwise).
func CreateOffer(ctx context.Context, db *ent.Client, locationID int, in OfferInput) (*ent.CheckInOffer, error) {
	if err := in.Check(true); err != nil {
		return nil, err
	}
	c := db.CheckInOffer.Create().SetDealerLocationID(locationID)
	in.apply(c.Mutation())
	o, err := c.Save(ctx)
	if ent.IsConstraintError(err) { // the location is gone
		return nil, ErrNotFound
	}
	return o, err
}

// UpdateOffer sets the given fields of a location's offer; the same
// request twice leaves the same offer.
func UpdateOffer(ctx context.Context, db *ent.Client, locationID, offerID int, in OfferInput) (*ent.CheckInOffer, error) {
	if err := in.Check(false); err != nil {
		return nil, err
	}
	u := db.CheckInOffer.Update().Where(checkinoffer.ID(offerID), checkinoffer.DealerLocationID(locationID))
	in.apply(u.Mutation())
	n, err := u.Save(ctx)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, ErrNotFound
	}
	return Offer(ctx, db, locationID, offerID)
}

// DeleteOffer removes a location's offer; communications that already carry
// it keep their copy. Deleting a deleted offer is not an error (false).
func DeleteOffer(ctx context.Context, db *ent.Client, locationID, offerID int) (bool, error) {
	n, err := db.CheckInOffer.Delete().Where(checkinoffer.ID(offerID), checkinoffer.DealerLocationID(locationID)).Exec(ctx)
	return n > 0, err
}

func (in *OfferInput) apply(m *ent.CheckInOfferMutation) {
	if in.Name != nil {
		m.SetName(*in.Name)
	}
	set(in.Description, m.SetDescription)
	set(in.Price, m.SetPrice)
	set(in.InfoURL, m.SetInfoURL)
	set(in.HideForLeaseAppointments, m.SetHideForLeaseAppointments)
	set(in.Position, m.SetPosition)
	set(in.Active, m.SetActive)
}
