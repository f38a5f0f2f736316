package files_test

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent/uploadedfile"
	"github.com/pitstop-dev/pitstop/internal/files"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// Upload keeps to the limit of files per communication, also when uploads
// race for the last place (PostgreSQL: the row lock), and stores nothing
// when the rest of the form is refused.
func TestUploadKeepsToTheLimit(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *store.DB{"postgres": storetest.New, "sqlite": storetest.NewSQLite} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db := open(t)
			comID := communication(t, db.Client)
			m := files.Meta{CommunicationID: comID, Name: "photo.jpg"}
			const limit = 3
			count := func() int {
				return db.UploadedFile.Query().Where(uploadedfile.CustomerCommunicationID(comID)).CountX(ctx)
			}

			refused := errors.New("the form's rest is refused")
			_, err := files.Upload(ctx, db, m, bytes.NewReader([]byte("one")), 1<<20, limit, func() error { return refused })
			require.ErrorIs(t, err, refused)
			require.Zero(t, count(), "a refused form stores nothing")

			_, err = files.Upload(ctx, db, m, bytes.NewReader([]byte("one")), 1<<20, limit, nil)
			require.NoError(t, err)

			// Four uploads race for the two places left.
			var wg sync.WaitGroup
			errs := make([]error, 4)
			for i := range errs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, errs[i] = files.Upload(ctx, db, m, bytes.NewReader([]byte("race")), 1<<20, limit, nil)
				}()
			}
			wg.Wait()
			full := 0
			for _, err := range errs {
				var f files.ErrFull
				if errors.As(err, &f) {
					full++
					assert.Equal(t, "at most 3 files can be attached to one communication", f.Error())
					continue
				}
				require.NoError(t, err)
			}
			assert.Equal(t, 2, full, "two of the four found no place")
			assert.Equal(t, limit, count())
		})
	}
}
