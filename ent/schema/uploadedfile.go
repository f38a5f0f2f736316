package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/google/uuid"
)

// UploadedFile is a file a customer uploaded in a communication (the spec's
// upload_attachment), stored in the database. The API enforces a 32 MB maximum.
// Query with Select(...) when the bytes are not needed.
type UploadedFile struct {
	ent.Schema
}

// Mixin of the UploadedFile.
func (UploadedFile) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the UploadedFile.
func (UploadedFile) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("id", uuid.UUID{}).Default(uuid.New).Immutable(),
		field.Int("customer_communication_id"),
		str("name"),
		str("content_type"),
		field.Int64("size").Default(0),
		// Hex SHA-256 of data.
		str("sha256"),
		// Sensitive keeps megabytes of customer data out of String() and JSON.
		field.Bytes("data").Sensitive(),
	}
}

// Edges of the UploadedFile.
func (UploadedFile) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("communication", CustomerCommunication.Type).
			Ref("uploaded_files").
			Field("customer_communication_id").
			Unique().
			Required(),
	}
}

// Indexes of the UploadedFile.
func (UploadedFile) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("customer_communication_id"),
	}
}
