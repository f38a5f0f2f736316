package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// CommunicationSettingChange is one field of a location's CommunicationSetting
// changed by one staff user (ours, not the spec's): the history of who changed
// what and when. Values are kept as their JSON text so every field type fits.
type CommunicationSettingChange struct {
	ent.Schema
}

// Fields of the CommunicationSettingChange.
func (CommunicationSettingChange) Fields() []ent.Field {
	return []ent.Field{
		field.Int("dealer_location_id"),
		// The user whose token made the change (0: the admin command line).
		field.Int("user_id").Default(0),
		field.String("field"),
		text("old_value"),
		text("new_value"),
		field.Time("changed_at").Immutable(),
	}
}

// Indexes of the CommunicationSettingChange.
func (CommunicationSettingChange) Indexes() []ent.Index {
	return []ent.Index{index.Fields("dealer_location_id", "changed_at")}
}
