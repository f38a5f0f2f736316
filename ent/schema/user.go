package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/pitstop-dev/pitstop/internal/enums"
)

// User is the spec's User Model: a dealer employee (receptionist, mechanic, admin,
// counter tablet).
type User struct {
	ent.Schema
}

// Mixin of the User.
func (User) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the User.
func (User) Fields() []ent.Field {
	return []ent.Field{
		// The dealer the user belongs to; unset (0) for platform-level users.
		field.Int("dealer_id").Optional(),
		str("dms_nr"),
		str("first_name"),
		str("last_name"),
		field.String("email").NotEmpty().Unique(),
		str("username"),
		str("mobile"),
		str("phone"),
		str("profile_picture"),
		// Login secret (ours, not the spec's): a password hash, never the password.
		field.String("password_hash").Optional().Sensitive(),
		field.Int("role_id").GoType(enums.RoleID(0)),
		field.Int("status").GoType(enums.UserStatusID(0)).Default(int(enums.UserStatusIDActive)),
		field.Int("landing_page_id").GoType(enums.LandingPageID(0)).Optional(),
		flag("is_counter_tablet_user"),
		flag("is_key_locker_allowed"),
		field.String("language_code").GoType(enums.LanguageCode("")).Default(string(enums.LanguageCodeEnGB)),
		// The default location when logging in (0 when none).
		field.Int("dealer_location_id").Optional(),
		// Every location the user may act on.
		field.JSON("location_ids", []int{}).Optional(),
		optTime("last_active"),
		// Raised by every password change; a token names the version it was
		// minted for, so a new password ends the older tokens.
		field.Int("credential_version").Default(0),
	}
}

// Edges of the User.
func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("dealer", Dealer.Type).
			Ref("users").
			Field("dealer_id").
			Unique(),
	}
}

// Indexes of the User.
func (User) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("dealer_id"),
		index.Fields("username"),
	}
}
