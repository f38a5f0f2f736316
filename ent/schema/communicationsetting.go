package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// CommunicationSetting is the spec's CommunicationSetting Model: how one location's
// customer communications look and behave. One per DealerLocation.
//
// The spec's read-only, derived fields (DealerName, Location*, MechanicName, Layouts)
// are not stored: they come from the Dealer, the DealerLocation and the appointment
// when the setting is rendered.
type CommunicationSetting struct {
	ent.Schema
}

// Mixin of the CommunicationSetting.
func (CommunicationSetting) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the CommunicationSetting.
func (CommunicationSetting) Fields() []ent.Field {
	return []ent.Field{
		field.Int("dealer_location_id"),
		str("color"),
		str("logo"),
		text("welcome_text"),
		str("welcome_picture"),
		text("success_text"),
		text("car_ready_welcome_text"),
		text("checkin_welcome_text"),
		text("checkin_success_text"),
		field.Int("layout").GoType(enums.CommunicationLayoutID(0)).Default(int(enums.CommunicationLayoutIDDefault)),
		flag("diagnose_overview_remarks_enabled"),
		flag("check_in_remarks_enabled"),
		str("phone_number"),
		str("email"),
		flag("support_enabled"),
		text("support_text"),
		field.Int("check_in_days_prior").Default(3),
		flag("online_check_in_send_pin"),
		flag("send_parking_gate_code"),
		flag("online_checkin_name_visible"),
		flag("diagnose_overview_name_visible"),
		flag("check_in_testing_mode"),
		str("check_in_testing_email"),
		str("check_in_testing_phone"),
		str("counter_tablet_home_url"),
		flag("diagnose_cc_testing_mode"),
		str("diagnose_cc_testing_email"),
		str("diagnose_cc_testing_phone"),
		flag("repair_cc_testing_mode"),
		str("repair_cc_testing_email"),
		str("repair_cc_testing_phone"),
		str("website"),
		optID("report_template_id"),
		field.Int("heading_position").GoType(enums.HeadingPosition(0)).Default(int(enums.HeadingPositionTop)),
		flag("send_confirmation_emails"),
		flag("enable_not_fixed_advised"),
		flag("enable_not_fixed_critical"),
		flag("skip_optional_items"),
		flag("hide_lease_intervention_price"),
		flag("hide_internal_intervention_price"),
		flag("hide_warranty_intervention_price"),
		flag("hide_prices_in_desk_communication"),
		flag("block_automated_communication_for_lease_customer"),
		flag("is_sms_for_online_check_in_enabled"),
		flag("is_customer_name_in_kiosk_checkin_enabled"),
		flag("is_customer_signature_in_kiosk_checkin_enabled"),
		text("external_js"),
		text("external_css"),
		str("google_analytics_id"),
		flag("display_intervention_elements"),
		field.String("language_code").GoType(enums.LanguageCode("")).Default(string(enums.LanguageCodeEnGB)),
		field.Float("vat").Default(21),
		flag("include_vat"),
		flag("dms_price_enabled"),
		flag("total_pdf_enabled"),
		str("headline"),
		money("summer_a_threshold"),
		money("summer_n_threshold"),
		money("winter_a_threshold"),
		money("winter_n_threshold"),
		money("all_season_a_threshold"),
		money("all_season_n_threshold"),
		flag("show_mechanic_name"),
		flag("is_employee_name_visible"),
		flag("has_multiple_communication_channels"),
		flag("is_acses_enabled"),
		flag("maintenance_mode"),
		// Ours (issue #25), in hours, 0 = off: remind a customer who left
		// the online check-in or the diagnose overview unanswered, open a
		// task for the receptionist a further escalation_hours later, and
		// remind a customer whose key waits in a locker.
		field.Int("check_in_reminder_hours").Default(24),
		field.Int("diagnose_reminder_hours").Default(4),
		field.Int("escalation_hours").Default(4),
		field.Int("key_pickup_reminder_hours").Default(24),
		// Hours before a locker booking ends with the key not where it
		// should end that the receptionist gets a task (0 = off).
		field.Int("locker_expiry_warning_hours").Default(24),
		// Ours (issue #25): quiet hours. On, automated messages to customers
		// go only on open days (opening_hours of the location, not a
		// holiday) from the first opening until quiet_hours_from, in the
		// location's zone; others are held until then (contracts/quiethours).
		field.Bool("quiet_hours_enabled").Default(false),
		field.String("quiet_hours_from").Default("21:00"),
		// Closed days the dealer enters, "YYYY-MM-DD" in date order.
		field.JSON("quiet_hours_holidays", []string{}).Optional(),
		// Ours (issue #25), off by default so no dealer's customers get a
		// new message unasked: "your car is ready" (amount due, opening
		// hours, how to collect the key) with the first repair overview,
		// and one feedback question after the pick-up.
		flag("car_ready_message_enabled"),
		flag("feedback_question_enabled"),
	}
}

// Edges of the CommunicationSetting.
func (CommunicationSetting) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("location", DealerLocation.Type).
			Ref("setting").
			Field("dealer_location_id").
			Unique().
			Required(),
	}
}
