package files

import (
	"context"
	"fmt"
	"io"
	"os"

	"entgo.io/ent/dialect/sql"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/deskcommunicationevent"
	"github.com/pitstop-dev/pitstop/ent/predicate"
	"github.com/pitstop-dev/pitstop/ent/questionresultimage"
	"github.com/pitstop-dev/pitstop/ent/questionresultvideo"
	"github.com/pitstop-dev/pitstop/ent/uploadedfile"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// ErrFull refuses a file for a communication that already holds its limit.
type ErrFull struct{ Limit int }

func (e ErrFull) Error() string {
	return fmt.Sprintf("at most %d files can be attached to one communication", e.Limit)
}

// Upload stores the content r of a customer's upload (the one write of the
// upload endpoint), keeping to limit files per communication, in one
// transaction that leaves nothing behind when the file is too large, r
// breaks off or after refuses. after (nil: nothing) runs once the content
// is read: the HTTP handler reads the rest of its form there.
//
// On SQLite (one connection) a transaction open for the length of a phone's
// upload would hold up every other request: the content is first spooled to
// a temporary file and after runs before the transaction, which then takes
// milliseconds.
func Upload(ctx context.Context, db *store.DB, m Meta, r io.Reader, max int64, limit int, after func() error) (file *ent.UploadedFile, err error) {
	if after == nil {
		after = func() error { return nil }
	}
	if db.Dialect != store.Postgres {
		spooled, err := spool(r, max)
		if err != nil {
			return nil, err
		}
		defer func() { _ = spooled.Close(); _ = os.Remove(spooled.Name()) }()
		if err := after(); err != nil {
			return nil, err
		}
		r, after = spooled, func() error { return nil }
	}
	err = store.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
		// A first count, so a file that cannot fit is not streamed at all.
		if err := roomForAnotherFile(ctx, db.Dialect, tx, m.CommunicationID, 0, limit, false); err != nil {
			return err
		}
		if file, err = Save(ctx, tx, m, r, max); err != nil {
			return err
		}
		if err := after(); err != nil {
			return err
		}
		// The count that decides, with the communication locked only now:
		// two uploads cannot both be the last, and a slow phone's upload
		// does not make the communication's other uploads wait for it.
		return roomForAnotherFile(ctx, db.Dialect, tx, m.CommunicationID, 1, limit, true)
	})
	return file, err
}

// roomForAnotherFile refuses when the communication already holds its limit
// of files (own: this transaction's file, counted once saved). lock takes
// the communication's row on PostgreSQL (SQLite runs one transaction at a
// time) as FOR NO KEY UPDATE: the file rows' foreign keys hold FOR KEY SHARE
// on it, which FOR UPDATE would wait for (two uploads would deadlock) and
// NO KEY UPDATE does not. Under READ COMMITTED the count after the lock
// sees the upload that held it before.
func roomForAnotherFile(ctx context.Context, dialect string, tx *ent.Tx, comID, own, limit int, lock bool) error {
	if lock && dialect == store.Postgres {
		if _, err := tx.ExecContext(ctx, `SELECT 1 FROM customer_communications WHERE id = $1 FOR NO KEY UPDATE`, comID); err != nil {
			return err
		}
	}
	n, err := tx.UploadedFile.Query().Where(CustomerFiles(comID)).Count(ctx)
	if err != nil {
		return err
	}
	if n-own >= limit {
		return ErrFull{Limit: limit}
	}
	return nil
}

// CustomerFiles are the files of communication comID the customer
// attached: a mechanic's photos and videos of the appointment's inspection
// are files of the communication too, but never use up the customer's
// attachments, nor does a customer's signature at the desk.
func CustomerFiles(comID int) predicate.UploadedFile {
	return func(s *sql.Selector) {
		id := s.C(uploadedfile.FieldID)
		s.Where(sql.And(sql.EQ(s.C(uploadedfile.FieldCustomerCommunicationID), comID),
			sql.NotIn(id, sql.Select(questionresultimage.FieldUploadedFileID).From(sql.Table(questionresultimage.Table))),
			sql.NotIn(id, sql.Select(questionresultvideo.FieldUploadedFileID).From(sql.Table(questionresultvideo.Table))),
			// A desk signature is kept with the communication too; NULLs are
			// left out of the list, or NOT IN would match nothing.
			sql.NotIn(id, sql.Select(deskcommunicationevent.FieldSignatureFileID).From(sql.Table(deskcommunicationevent.Table)).
				Where(sql.NotNull(deskcommunicationevent.FieldSignatureFileID)))))
	}
}

// spool copies at most max+1 bytes of r into a temporary file, rewound
// (Save then refuses more than max as it does for a stream).
func spool(r io.Reader, max int64) (*os.File, error) {
	f, err := os.CreateTemp("", "pitstop-upload-*")
	if err != nil {
		return nil, err
	}
	_, err = io.Copy(f, io.LimitReader(r, max+1))
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		_ = f.Close()
		_ = os.Remove(f.Name())
		return nil, err
	}
	return f, nil
}
