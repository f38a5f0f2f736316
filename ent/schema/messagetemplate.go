package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// MessageTemplate is a location's own wording of one channel of one message
// kind in one language (ours, not the spec's: the spec's Communication
// Controller "provides Email and SMS templates for customization"). Without a
// row the built-in default of internal/messages is used. Bodies are checked
// when saved (internal/messages.CheckOverride), never first at send time.
type MessageTemplate struct {
	ent.Schema
}

// Mixin of the MessageTemplate.
func (MessageTemplate) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the MessageTemplate.
func (MessageTemplate) Fields() []ent.Field {
	return []ent.Field{
		field.Int("dealer_location_id"),
		// messages.Kind: online_check_in, diagnose_overview, ...
		field.String("kind"),
		field.String("language_code").GoType(enums.LanguageCode("")),
		// messages.Channel: email_subject, email_html, email_text, sms.
		field.String("channel"),
		field.Text("body"),
		field.Int("updated_by").Default(0),
	}
}

// Indexes of the MessageTemplate.
func (MessageTemplate) Indexes() []ent.Index {
	return []ent.Index{index.Fields("dealer_location_id", "kind", "language_code", "channel").Unique()}
}
