package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/google/uuid"
)

// UploadedFile is a file a customer uploaded in a communication (the spec's
// upload_attachment), stored in the database as UploadedFileChunks. The API
// enforces a 32 MB maximum. Read and write the content with internal/files.
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
		// Hex SHA-256 of the content.
		str("sha256"),
		// The content of files stored before chunks existed (empty for newer
		// files, whose bytes are their chunks); read and written only through
		// internal/files. Sensitive keeps customer data out of String() and JSON.
		field.Bytes("data").Optional().Sensitive(),
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
		edge.To("chunks", UploadedFileChunk.Type).Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the UploadedFile.
func (UploadedFile) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("customer_communication_id"),
	}
}
