package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/keylocker/seal"
)

// Appointment is the spec's Appointment Model: one work order (WO) of a car at a
// location, usually imported from the DMS.
//
// The spec's derived read-only fields (DealerName, LocationName, Customcom*, counts of
// pins, user names and pictures) are computed when an appointment is rendered; the
// Sharebox, planning and DBB fields are not stored (no such integration).
type Appointment struct {
	ent.Schema
}

// Mixin of the Appointment.
func (Appointment) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Appointment.
func (Appointment) Fields() []ent.Field {
	return []ent.Field{
		field.Int("dealer_location_id"),
		field.Int("car_id").Optional(),
		field.Int("customer_driver_id").Optional(),
		field.Int("customer_owner_id").Optional(),
		field.Int("customer_contract_id").Optional(),

		str("dms_nr"),
		optTime("dms_created_at"),
		str("wo_nr"),
		str("ref_nr"),
		str("importer_version"),
		str("dms_status"),
		field.Time("time_car_app"),
		optTime("due_in"),
		optTime("car_return_time"),
		flag("car_return_time_edited"),
		optTime("car_in_shop"),
		flag("car_in_shop_edited"),
		optTime("car_out_of_shop"),
		flag("car_out_of_shop_edited"),
		// The receptionist who set car_out_of_shop (the spec's CarOutOfShopSetBy);
		// nil when the DMS set it.
		optID("car_out_of_shop_set_by_id"),
		optTime("next_date"),
		optTime("car_apk_date"),
		optTime("car_hu_date"),
		flag("car_check_started"),
		flag("customer_waiting"),
		flag("is_local"),
		flag("is_money"),
		flag("is_star"),
		str("is_star_color"),
		flag("is_shop"),
		str("is_shop_color"),
		flag("is_lease_company"),
		flag("is_pinned"),
		flag("is_pinned_manually"),
		flag("internal"),
		flag("has_panic"),
		flag("dms_billed_updated"),
		optTime("last_dms_update"),
		optTime("last_dms_refresh"),

		str("vin"),
		str("car_make"),
		str("car_model"),
		str("reg_number"),
		str("reg_number_escaped"),
		num("current_km"),
		num("dms_km"),
		num("next_km"),

		str("driver_initials"),
		str("driver_title"),
		str("driver_firstname"),
		str("driver_surname"),
		str("owner_initials"),
		str("owner_title"),
		str("owner_firstname"),
		str("owner_surname"),
		str("contractor_initials"),
		str("contractor_title"),
		str("contractor_firstname"),
		str("contractor_surname"),
		str("company"),

		// DMS import (ours): which DMS the appointment came from, its key there
		// (dms_nr, or "wo:<wo_nr>" when the DMS gives no id), and the content
		// hash of the work order last imported: an import whose hash equals
		// dms_hash changes nothing and starts nothing. dms_key is NULL for
		// appointments that did not come from a DMS, so the unique index
		// (dealer_location_id, dms_key) only binds imported ones.
		field.Int("dms_id").GoType(enums.DMSID(0)).Optional(),
		field.String("dms_key").Optional().Nillable(),
		str("dms_hash"),
		// dms_lifecycle_pending is the lifecycle signal an import stored but has
		// not yet delivered to the workflow ("", "new", "rescheduled",
		// "cancelled", "changed"): a crash between the commit and the start is
		// repaired by the next import of the same work order.
		str("dms_lifecycle_pending"),
		flag("dms_canceled"),
		// dms_km_written is the last mileage written back to the DMS: never
		// write the same value twice.
		num("dms_km_written"),

		// lifecycle_stage mirrors the AppointmentWorkflow's stage for fast reads (ours).
		field.String("lifecycle_stage").Default("scheduled"),
		field.Int("appointment_status_identifier").GoType(enums.StatusIdentifier(0)).Default(int(enums.StatusIdentifierNew)),
		field.Int("status_override").GoType(enums.StatusOverride(0)).Default(int(enums.StatusOverrideNone)),
		flag("check_in_com_sent"),
		flag("check_in_com_answered"),
		flag("check_in_com_to_handle"),
		// remote_diagnosis_to_handle: a remote-diagnose ticket of this
		// appointment ended and its intervention waits for the receptionist
		// to put it in the diagnose overview (ours; cleared when no such
		// intervention is left hidden).
		flag("remote_diagnosis_to_handle"),
		text("communication_note"),
		// Origin of the appointment ("dms", "user:<id>", "carsys", ...).
		str("created_by"),
		// Last time the appointment changed in a way users see (set by the app).
		field.Time("last_timestamp").Default(time.Now),
		// personal_data_removed_at: when the nightly retention run anonymised
		// this closed appointment (ours, issue #26); a run skips it afterwards.
		optTime("personal_data_removed_at"),
		// closed_at: when the lifecycle saved its closing stage (completed
		// or cancelled; ours, issue #26), the moment retention counts from.
		// Nil while open, and on rows closed before the column existed
		// (retention then reads last_timestamp).
		optTime("closed_at"),

		// Key locker (the spec's keylocker fields).
		optTime("key_dropped_at"),
		field.String("key_dropped_in").Optional(),
		optTime("key_picked_up_at"),
		optID("key_picked_up_by_id"),
		optTime("key_dropped_back_at"),
		optID("key_dropped_back_by_id"),
		field.String("key_dropped_back_in").Optional(),
		optTime("key_picked_up_back_at"),
		optID("key_picked_up_back_by_id"),

		// ACSES lockers.
		field.String("acses_key_drop_object_id").Optional(),
		field.String("acses_key_drop_booking_id").Optional(),
		field.String("acses_key_drop_in").Optional(),
		optTime("acses_key_dropped_at"),
		field.String("acses_key_pick_up_booking_id").Optional(),
		optID("acses_key_pick_up_by_id"),
		optTime("acses_key_picked_up_at"),
		field.String("acses_key_drop_back_object_id").Optional(),
		field.String("acses_key_drop_back_booking_id").Optional(),
		optID("acses_key_drop_back_by_id"),
		field.String("acses_key_drop_back_in").Optional(),
		optTime("acses_key_dropped_back_at"),
		field.String("acses_key_pick_up_back_booking_id").Optional(),
		field.String("acses_key_assist_pick_up_booking_id").Optional(),
		optID("acses_key_assist_pick_up_by_id"),
		optTime("acses_key_picked_up_back_at"),

		// The spec's KioskCheckedInAt and KioskLabelNumber: set when the
		// customer answers a kiosk check-in; the label number cleared when a
		// receptionist detaches the label (internal/kioskcheckin).
		optTime("kiosk_checked_in_at"),
		field.Int("kiosk_label_number").Optional().Nillable(),
		// kiosk_code (ours, issue #23): the short numeric code the
		// customer's first message gives for the kiosk, unique among the
		// location's open appointments (internal/kioskcheckin). Sealed like
		// a locker PIN: sent again, looked up by value, never in clear.
		field.String("kiosk_code").Optional().Sensitive().ValueScanner(seal.Sealed{Purpose: seal.PurposeKioskCode}),
	}
}

// Edges of the Appointment.
func (Appointment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("location", DealerLocation.Type).
			Ref("appointments").
			Field("dealer_location_id").
			Unique().
			Required(),
		edge.From("car", Car.Type).
			Ref("appointments").
			Field("car_id").
			Unique(),
		edge.To("customer_driver", Customer.Type).Field("customer_driver_id").Unique(),
		edge.To("customer_owner", Customer.Type).Field("customer_owner_id").Unique(),
		edge.To("customer_contract", Customer.Type).Field("customer_contract_id").Unique(),
		edge.To("interventions", Intervention.Type).
			Annotations(entsql.OnDelete(entsql.Cascade)),
		// ONE customer communication per appointment for its whole life.
		edge.To("communication", CustomerCommunication.Type).
			Unique().
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("key_locker_communications", KeyLockerCommunication.Type).
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("bookings", Booking.Type),
		edge.To("kiosk_communications", KioskCommunication.Type).Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("desk_communications", DeskCommunication.Type).
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the Appointment. (dealer_location_id, wo_nr) is deliberately not unique:
// a DMS can repeat a work-order number.
func (Appointment) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("dealer_location_id", "time_car_app"),
		index.Fields("dealer_location_id", "dms_nr"),
		index.Fields("dealer_location_id", "dms_key").Unique(),
		index.Fields("dealer_location_id", "kiosk_code"),
		index.Fields("wo_nr"),
		index.Fields("reg_number"),
		index.Fields("car_id"),
		// An import page finds the communications showing a party it wrote
		// (dmsstore's invalidate): without these, a scan of every appointment.
		index.Fields("customer_driver_id"),
		index.Fields("customer_owner_id"),
		index.Fields("customer_contract_id"),
	}
}
