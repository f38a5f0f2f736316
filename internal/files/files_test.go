package files_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/uploadedfilechunk"
	"github.com/pitstop-dev/pitstop/internal/files"
	"github.com/pitstop-dev/pitstop/internal/store"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// communication makes the smallest chain a file hangs from.
func communication(t *testing.T, c *ent.Client) int {
	t.Helper()
	ctx := context.Background()
	d := c.Dealer.Create().SetName("Visser").SaveX(ctx)
	l := c.DealerLocation.Create().SetDealer(d).SetName("Zwolle").SaveX(ctx)
	cu := c.Customer.Create().SetLocation(l).SaveX(ctx)
	car := c.Car.Create().SetLocation(l).SaveX(ctx)
	ap := c.Appointment.Create().SetLocation(l).SetCar(car).SetCustomerDriver(cu).SetCustomerOwner(cu).
		SetTimeCarApp(time.Date(2025, 3, 14, 8, 30, 0, 0, time.UTC)).SaveX(ctx)
	return c.CustomerCommunication.Create().SetAppointment(ap).SetDealerLocationID(l.ID).SetCustomerID(cu.ID).
		SetCarID(car.ID).SetCustomerKeyHash("c").SetCustomerKeySalt("c").SetReceptionistKeyHash("r").
		SetReceptionistKeySalt("r").SaveX(ctx).ID
}

func random(n int) []byte {
	b := make([]byte, n)
	r := rand.NewChaCha8([32]byte{7})
	_, _ = r.Read(b)
	return b
}

func save(t *testing.T, db *store.DB, m files.Meta, r io.Reader, max int64) (*ent.UploadedFile, error) {
	t.Helper()
	var f *ent.UploadedFile
	err := store.WithTx(context.Background(), db.Client, func(tx *ent.Tx) (err error) {
		f, err = files.Save(context.Background(), tx, m, r, max)
		return err
	})
	return f, err
}

func TestSaveAndOpenInChunks(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *store.DB{"postgres": storetest.New, "sqlite": storetest.NewSQLite} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db := open(t)
			comID := communication(t, db.Client)
			m := files.Meta{CommunicationID: comID, Name: "scan.pdf"}

			// Two and a half chunks, read in odd pieces: bytes, size and
			// SHA-256 are the content's; the type is sniffed.
			data := append([]byte("%PDF-1.7\n"), random(5*files.ChunkSize/2)...)
			f, err := save(t, db, m, io.MultiReader(bytes.NewReader(data[:1000]), bytes.NewReader(data[1000:])), int64(len(data)))
			require.NoError(t, err)
			sum := sha256.Sum256(data)
			f = db.UploadedFile.GetX(ctx, f.ID)
			assert.Equal(t, int64(len(data)), f.Size)
			assert.Equal(t, hex.EncodeToString(sum[:]), f.Sha256)
			assert.Equal(t, "application/pdf", f.ContentType)
			assert.Empty(t, f.Data, "the content is in the chunks only")
			chunks := db.UploadedFileChunk.Query().Where(uploadedfilechunk.FileID(f.ID)).Order(ent.Asc(uploadedfilechunk.FieldSeq)).AllX(ctx)
			require.Len(t, chunks, 3)
			for i, ch := range chunks {
				assert.Equal(t, i, ch.Seq)
				assert.LessOrEqual(t, len(ch.Data), files.ChunkSize)
			}
			got, err := io.ReadAll(files.Open(ctx, db.Client, f.ID))
			require.NoError(t, err)
			assert.True(t, bytes.Equal(data, got), "the content read back is the content stored")

			// A given content type is kept; exactly one chunk's worth is one chunk.
			m.ContentType = "image/jpeg"
			exact, err := save(t, db, m, bytes.NewReader(data[:files.ChunkSize]), files.ChunkSize)
			require.NoError(t, err)
			assert.Equal(t, "image/jpeg", exact.ContentType)
			assert.Equal(t, 1, db.UploadedFileChunk.Query().Where(uploadedfilechunk.FileID(exact.ID)).CountX(ctx))

			// Too large (by one byte, or by chunks) and empty: refused, nothing stored.
			files0, chunks0 := db.UploadedFile.Query().CountX(ctx), db.UploadedFileChunk.Query().CountX(ctx)
			_, err = save(t, db, m, bytes.NewReader(data), int64(len(data)-1))
			assert.ErrorIs(t, err, files.ErrTooLarge)
			_, err = save(t, db, m, bytes.NewReader(data), files.ChunkSize/2)
			assert.ErrorIs(t, err, files.ErrTooLarge)
			_, err = save(t, db, m, bytes.NewReader(nil), 10)
			assert.ErrorIs(t, err, files.ErrEmpty)
			// A body that breaks off after a chunk: its error, nothing stored.
			broken := errors.New("connection reset")
			_, err = save(t, db, m, io.MultiReader(bytes.NewReader(data[:2*files.ChunkSize]), iotestErr{broken}), int64(len(data)))
			assert.ErrorIs(t, err, broken)
			// ... also when the reader's error is io.ErrUnexpectedEOF, mid-chunk.
			_, err = save(t, db, m, io.MultiReader(bytes.NewReader(data[:1000]), iotestErr{io.ErrUnexpectedEOF}), int64(len(data)))
			assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
			assert.Equal(t, files0, db.UploadedFile.Query().CountX(ctx))
			assert.Equal(t, chunks0, db.UploadedFileChunk.Query().CountX(ctx))

			// A file stored before chunks existed is read from its data column.
			old := db.UploadedFile.Create().SetCustomerCommunicationID(comID).SetName("old.jpg").
				SetContentType("image/jpeg").SetSize(5).SetData([]byte("older")).SaveX(ctx)
			got, err = io.ReadAll(files.Open(ctx, db.Client, old.ID))
			require.NoError(t, err)
			assert.Equal(t, "older", string(got))

			// Deleting a file deletes its chunks.
			db.UploadedFile.DeleteOneID(f.ID).ExecX(ctx)
			assert.Zero(t, db.UploadedFileChunk.Query().Where(uploadedfilechunk.FileID(f.ID)).CountX(ctx))
			_, err = io.ReadAll(files.Open(ctx, db.Client, f.ID))
			assert.True(t, ent.IsNotFound(err), "a deleted file cannot be read: %v", err)
		})
	}
}

type iotestErr struct{ err error }

func (e iotestErr) Read([]byte) (int, error) { return 0, e.err }

// OpenSeeker reads from any offset: inside a chunk, at a chunk's edge, in
// the last chunk, at the end; a file from before chunks too.
func TestOpenSeekerReadsFromAnyOffset(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	comID := communication(t, db.Client)
	data := random(3*files.ChunkSize + 100)
	f, err := save(t, db, files.Meta{CommunicationID: comID, Name: "v.mp4"}, bytes.NewReader(data), 1<<30)
	require.NoError(t, err)
	legacy := db.UploadedFile.Create().SetCustomerCommunicationID(comID).SetName("old.jpg").SetContentType("image/jpeg").
		SetData(data[:5000]).SetSize(5000).SaveX(ctx)
	for _, tc := range []struct {
		id   uuid.UUID
		data []byte
	}{{f.ID, data}, {legacy.ID, data[:5000]}} {
		size := int64(len(tc.data))
		for _, off := range []int64{0, 1, files.ChunkSize - 1, files.ChunkSize, 2*files.ChunkSize + 5, size - 1, size} {
			if off > size {
				continue
			}
			r := files.OpenSeeker(ctx, db.Client, tc.id, size)
			got, err := r.Seek(off, io.SeekStart)
			require.NoError(t, err)
			require.Equal(t, off, got)
			rest, err := io.ReadAll(r)
			require.NoError(t, err)
			require.True(t, bytes.Equal(tc.data[off:], rest), "offset %d of %d", off, size)
		}
		r := files.OpenSeeker(ctx, db.Client, tc.id, size)
		end, err := r.Seek(0, io.SeekEnd)
		require.NoError(t, err)
		require.Equal(t, size, end)
		_, err = r.Seek(-10, io.SeekCurrent)
		require.NoError(t, err)
		rest, err := io.ReadAll(r)
		require.NoError(t, err)
		require.Equal(t, tc.data[size-10:], rest)
	}
}
