package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/google/uuid"
)

// UploadedFileChunk is one piece (files.ChunkSize, 256 KB) of an UploadedFile's content,
// so a file is written and served without holding it in memory whole. The
// chunks of a file are numbered from 0 (seq); deleted with their file. Read
// and write them with internal/files.
type UploadedFileChunk struct {
	ent.Schema
}

// Fields of the UploadedFileChunk.
func (UploadedFileChunk) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("file_id", uuid.UUID{}).Immutable(),
		field.Int("seq").NonNegative().Immutable(),
		// Sensitive keeps customer data out of String() and JSON.
		field.Bytes("data").Sensitive().Immutable(),
	}
}

// Edges of the UploadedFileChunk.
func (UploadedFileChunk) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("file", UploadedFile.Type).
			Ref("chunks").
			Field("file_id").
			Unique().
			Required().
			Immutable(),
	}
}

// Indexes of the UploadedFileChunk.
func (UploadedFileChunk) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("file_id", "seq").Unique(),
	}
}
