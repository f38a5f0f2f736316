package readdoc

import (
	"context"
	"database/sql"
)

// Store keeps a rebuilt document of communication comID, only if its
// document_version is still version (the one the rebuild read): a change
// that committed meanwhile (and cleared the document) wins, and a change
// still in flight holds the row's lock until it commits, after which the
// version no longer matches. It bypasses ent (and so the hook above):
// storing a document is not a change of it.
func Store(ctx context.Context, db *sql.DB, comID, version int, doc []byte) error {
	_, err := db.ExecContext(ctx, `UPDATE customer_communications SET document = $1 WHERE id = $2 AND document_version = $3`,
		doc, comID, version)
	return err
}
