package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keylocker/seal"
)

// Purposes of a Booking: which step of the key's journey it authorises.
const (
	purposeDrop         = "drop"           // the customer drops the key
	purposePickup       = "pickup"         // the mechanic picks the key up
	purposeDropBack     = "drop_back"      // the receptionist drops the key back
	purposePickUpBack   = "pick_up_back"   // the customer picks the key back up
	purposeAssistPickUp = "assist_pick_up" // a receptionist picks it back up for the customer
)

// Booking is the ACSES spec's Booking Model: a reservation of a locker cell with the
// code that opens it. Its ID is the ACSES booking tablekey.
type Booking struct {
	ent.Schema
}

// Mixin of the Booking.
func (Booking) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Booking.
func (Booking) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").NotEmpty().Immutable(),
		field.String("locker_system_id"),
		optID("appointment_id"),
		str("name"),
		str("tag"),
		field.String("state").GoType(enums.BookingState("")).Default(string(enums.BookingStateBooked)),
		field.Time("start_date"),
		field.Time("end_date"),
		// The code that opens the cell, sealed (AES-GCM, internal/keylocker/seal).
		field.String("code").Default("").Sensitive().ValueScanner(seal.Sealed{Purpose: seal.PurposeBookingCode}),
		// The vendor's creation time (the spec's "create").
		field.Time("created_in_acses").StructTag(`json:"create"`),
		field.String("last_action").GoType(enums.ObjectStatus("")).Optional(),
		str("locker_cell_number"),
		str("locker_cell_id"),
		str("object_id"),
		str("site_id"),
		// "drop", "pickup", "drop_back", "pick_up_back" or "assist_pick_up".
		field.String("purpose").Validate(oneOf(purposeDrop, purposePickup, purposeDropBack, purposePickUpBack, purposeAssistPickUp)),
	}
}

// Edges of the Booking.
func (Booking) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("locker_system", LockerSystem.Type).
			Ref("bookings").
			Field("locker_system_id").
			Unique().
			Required(),
		edge.From("appointment", Appointment.Type).
			Ref("bookings").
			Field("appointment_id").
			Unique(),
	}
}

// Indexes of the Booking.
func (Booking) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("appointment_id"),
		index.Fields("locker_system_id", "state"),
	}
}
