// Package files stores and reads the content of uploaded files
// (ent UploadedFile) in chunks of at most ChunkSize bytes, so neither an
// upload nor a download holds a whole file in memory. It is the only code
// that reads or writes file content; everything else reads the metadata.
package files

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/google/uuid"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/uploadedfile"
	"github.com/pitstop-dev/pitstop/ent/uploadedfilechunk"
)

// ChunkSize is the largest chunk stored: small enough that reading one
// (lib/pq sends bytea as hex text, database/sql copies it) costs about a
// megabyte, large enough that a 32 MB file is 128 rows.
const ChunkSize = 256 << 10

var (
	// ErrTooLarge: the content is longer than the maximum given to Save.
	ErrTooLarge = errors.New("file too large")
	// ErrEmpty: the content has no bytes.
	ErrEmpty = errors.New("file empty")
)

// Meta describes a file to store. An empty ContentType is sniffed from the
// first 512 bytes (http.DetectContentType).
type Meta struct {
	CommunicationID int
	Name            string
	ContentType     string
}

// Save stores r's content as a new file in tx, chunk by chunk as it is read,
// computing its size and SHA-256 on the way. Content longer than max bytes
// is ErrTooLarge, none ErrEmpty; on any error the caller must roll tx back
// (nothing of the file is then left).
func Save(ctx context.Context, tx *ent.Tx, m Meta, r io.Reader, max int64) (*ent.UploadedFile, error) {
	r = io.LimitReader(r, max+1)
	buf := make([]byte, ChunkSize)
	n, last, err := fill(r, buf)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, ErrEmpty
	}
	if m.ContentType == "" {
		m.ContentType = http.DetectContentType(buf[:min(n, 512)])
	}
	f, err := tx.UploadedFile.Create().SetID(uuid.New()).SetCustomerCommunicationID(m.CommunicationID).
		SetName(m.Name).SetContentType(m.ContentType).Save(ctx)
	if err != nil {
		return nil, err
	}
	sum := sha256.New()
	var size int64
	for seq := 0; n > 0; seq++ {
		size += int64(n)
		if size > max {
			return nil, ErrTooLarge
		}
		sum.Write(buf[:n])
		if err := tx.UploadedFileChunk.Create().SetFileID(f.ID).SetSeq(seq).SetData(buf[:n]).Exec(ctx); err != nil {
			return nil, fmt.Errorf("store chunk %d: %w", seq, err)
		}
		if last {
			break
		}
		if n, last, err = fill(r, buf); err != nil {
			return nil, err
		}
	}
	return f.Update().SetSize(size).SetSha256(hex.EncodeToString(sum.Sum(nil))).Save(ctx)
}

// fill reads into buf until it is full or r ends (last). Unlike
// io.ReadFull, it keeps r's own errors: an io.ErrUnexpectedEOF from r (a
// body that broke off) is an error, not the end of the content.
func fill(r io.Reader, buf []byte) (n int, last bool, err error) {
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err == io.EOF {
			return n, true, nil
		}
		if err != nil {
			return n, false, err
		}
	}
	return n, false, nil
}

// Open returns the content of the file id (whose metadata the caller has
// read) as a stream that holds one chunk in memory at a time. A file stored
// before chunks existed has none: its content is read whole from the old
// data column, as it always was.
func Open(ctx context.Context, c *ent.Client, id uuid.UUID) io.Reader {
	return &reader{ctx: ctx, c: c, id: id}
}

// OpenSeeker is Open for a file of the given size that can also be read
// from any offset, for HTTP Range requests (a phone's video player asks
// for byte ranges, and Safari plays no video without them). Every chunk
// but the last holds ChunkSize bytes (Save fills each), so an offset names
// its chunk.
func OpenSeeker(ctx context.Context, c *ent.Client, id uuid.UUID, size int64) io.ReadSeeker {
	return &reader{ctx: ctx, c: c, id: id, size: size}
}

type reader struct {
	ctx  context.Context
	c    *ent.Client
	id   uuid.UUID
	size int64 // known for OpenSeeker only
	pos  int64 // offset of the next byte Read returns
	seq  int
	skip int // bytes of chunk seq before pos
	buf  []byte
	done bool
}

func (r *reader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		if r.done {
			return 0, io.EOF
		}
		ch, err := r.c.UploadedFileChunk.Query().
			Where(uploadedfilechunk.FileID(r.id), uploadedfilechunk.Seq(r.seq)).
			Select(uploadedfilechunk.FieldData).Only(r.ctx)
		switch {
		case ent.IsNotFound(err) && (r.seq == 0 || r.pos < r.size):
			// No chunk where the content has bytes: a file from before chunks.
			r.done = true
			f, err := r.c.UploadedFile.Query().Where(uploadedfile.ID(r.id)).Select(uploadedfile.FieldData).Only(r.ctx)
			if err != nil {
				return 0, fmt.Errorf("read file %s: %w", r.id, err)
			}
			if r.pos < int64(len(f.Data)) {
				r.buf = f.Data[r.pos:]
			}
		case ent.IsNotFound(err):
			r.done = true
		case err != nil:
			return 0, fmt.Errorf("read chunk %d of file %s: %w", r.seq, r.id, err)
		default:
			r.seq++
			if r.skip < len(ch.Data) {
				r.buf = ch.Data[r.skip:]
			}
			r.skip = 0
		}
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	r.pos += int64(n)
	return n, nil
}

// Seek moves to an offset (OpenSeeker).
func (r *reader) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekCurrent:
		offset += r.pos
	case io.SeekEnd:
		offset += r.size
	}
	if offset < 0 {
		return 0, errors.New("files: seek before the start")
	}
	r.pos, r.seq, r.skip, r.buf, r.done = offset, int(offset/ChunkSize), int(offset%ChunkSize), nil, offset >= r.size
	return offset, nil
}
