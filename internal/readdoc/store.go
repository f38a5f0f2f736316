package readdoc

import (
	"context"
	"database/sql"
	"errors"
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

// Row is what the customer's read needs of a communication
// (api/customer's byKeyForRead).
type Row struct {
	ID, AppointmentID, Status, DocumentVersion int
	// Document is nil when cleared.
	Document                                 []byte
	ReceptionistKeyHash, ReceptionistKeySalt string
}

// byKeyHashSQL reads Row by a key's hash: the customer's key first, so a
// customer's read, the frequent one, is one index lookup; the
// receptionist's key only when it is not a customer's (LIMIT 1 stops
// after the first branch that finds the row). A constant statement: ent's
// query builder and the row's 24 columns cost the read more CPU than the
// lookup itself (#24's profile).
const byKeyHashSQL = `SELECT id, appointment_id, status, document, document_version, receptionist_key_hash, receptionist_key_salt
	FROM customer_communications WHERE customer_key_hash = $1
	UNION ALL
	SELECT id, appointment_id, status, document, document_version, receptionist_key_hash, receptionist_key_salt
	FROM customer_communications WHERE receptionist_key_hash = $1
	LIMIT 1`

// ByKeyHash is the communication whose customer's or receptionist's key
// has hash hash; found is false when there is none.
func ByKeyHash(ctx context.Context, db *sql.DB, hash string) (r Row, found bool, err error) {
	err = db.QueryRowContext(ctx, byKeyHashSQL, hash).Scan(&r.ID, &r.AppointmentID, &r.Status, &r.Document, &r.DocumentVersion,
		&r.ReceptionistKeyHash, &r.ReceptionistKeySalt)
	if errors.Is(err, sql.ErrNoRows) {
		return Row{}, false, nil
	}
	return r, err == nil, err
}
