package files

import (
	"context"
	"io"
	"os"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// Stream stores the content r as a new file like Upload, without Upload's
// count of a customer's files: then runs in the same transaction once the
// content is stored (it takes its row locks only then, so a slow upload
// holds none while it streams) and may refuse, which leaves nothing
// behind. On SQLite the content is spooled to a temporary file first, as
// Upload does, so the one connection is not held for a phone's upload.
func Stream(ctx context.Context, db *store.DB, m Meta, r io.Reader, max int64, then func(tx *ent.Tx, f *ent.UploadedFile) error) (file *ent.UploadedFile, err error) {
	if db.Dialect != store.Postgres {
		spooled, err := spool(r, max)
		if err != nil {
			return nil, err
		}
		defer func() { _ = spooled.Close(); _ = os.Remove(spooled.Name()) }()
		r = spooled
	}
	err = store.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
		if file, err = Save(ctx, tx, m, r, max); err != nil {
			return err
		}
		return then(tx, file)
	})
	if err != nil {
		return nil, err
	}
	return file, nil
}
