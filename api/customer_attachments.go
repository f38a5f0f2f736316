package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/pitstop-dev/pitstop/internal/files"
	"github.com/pitstop-dev/pitstop/internal/textcheck"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/uploadedfile"
	"github.com/pitstop-dev/pitstop/internal/store"
)

var errTooManyFiles = fmt.Errorf("at most %d files can be attached to one communication", appointment.MaxAttachmentsPerCom)

// uploadAttachment: POST /v1/communication/upload_attachment (multipart: the
// key, and one "file" of at most 32 MB). At most 10 files per communication;
// anything over a limit is refused and nothing is stored.
func (s *Server) uploadAttachment(c *gin.Context) {
	extendDeadlines(c, UploadTimeout, 0)
	// The whole body is bounded: one file plus a little room for the form.
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, MaxAttachmentBytes+64<<10)
	mr, err := c.Request.MultipartReader()
	if err != nil {
		invalid(c, "expected a multipart/form-data body with the fields key and file")
		return
	}
	// The key comes first and is checked before a byte of the file is read,
	// so a wrong key (or a blocked client) costs no memory; then at most
	// maxConcurrentUploads files are stored at once, each streamed into the
	// database chunk by chunk (internal/files) as it arrives.
	var com *ent.CustomerCommunication
	var file *ent.UploadedFile
	for file == nil {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			s.uploadError(c, err)
			return
		}
		switch part.FormName() {
		case "key", "communication_key":
			if com != nil {
				invalid(c, "key: given twice")
				return
			}
			b, _ := io.ReadAll(io.LimitReader(part, 256))
			var receptionist, ok bool
			if com, receptionist, ok = s.byKey(c, strings.TrimSpace(string(b))); !ok {
				return
			}
			if receptionist {
				// Attachments belong to the customer's answer, which only the
				// customer's key may give; the receptionist's would use up its ten.
				invalid(c, "only the customer's key can upload attachments")
				return
			}
		case "file":
			if com == nil {
				invalid(c, "key: required before the file in the form")
				return
			}
			name, err := textcheck.FileName(part.FileName())
			if err != nil {
				invalid(c, "file: "+err.Error())
				return
			}
			ctype := part.Header.Get("Content-Type")
			if len(ctype) > 255 || textcheck.Line("content type", ctype, 255) != nil {
				ctype = "" // sniffed from the content
			}
			if !s.uploads.acquire(c.Request.Context()) {
				fail(c, http.StatusServiceUnavailable, "too many uploads at once, try again in a moment")
				return
			}
			file, err = s.storeUpload(c.Request.Context(), com.ID, files.Meta{CommunicationID: com.ID, Name: name, ContentType: ctype}, part, mr)
			s.uploads.release()
			var bad uploadInvalid
			switch {
			case errors.As(err, &bad):
				invalid(c, string(bad))
				return
			case errors.Is(err, files.ErrTooLarge):
				invalid(c, "file: larger than 32 MB")
				return
			case errors.Is(err, files.ErrEmpty):
				invalid(c, "file: empty")
				return
			case errors.As(err, new(*http.MaxBytesError)), errors.As(err, new(multipartError)):
				s.uploadError(c, err)
				return
			case err != nil:
				internal(c, err)
				return
			}
		}
	}
	if com == nil {
		invalid(c, "key: required")
		return
	}
	if file == nil {
		invalid(c, "file: required")
		return
	}
	// Signed, so the customer can open it; answers refer to it without the query.
	c.JSON(http.StatusOK, gin.H{"url": s.attachmentURL(file.ID, file.Name) + "?" + s.attachmentQuery(file.ID.String())})
}

// uploadInvalid is a refusal of the form that storeUpload found.
type uploadInvalid string

func (e uploadInvalid) Error() string { return string(e) }

// multipartError is a malformed body that storeUpload found.
type multipartError struct{ error }

func (e multipartError) Unwrap() error { return e.error }

// partReader marks the errors of reading the file part as the body's.
type partReader struct{ r io.Reader }

func (p partReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if err != nil && err != io.EOF {
		err = multipartError{err}
	}
	return n, err
}

// storeUpload stores the file part r of the communication comID, and reads
// the rest of the form, in one transaction: one that also keeps to the limit
// of files per communication, and leaves nothing behind when the file is
// too large, the body breaks off or the rest of the form is refused.
func (s *Server) storeUpload(ctx context.Context, comID int, m files.Meta, r io.Reader, mr *multipart.Reader) (file *ent.UploadedFile, err error) {
	r = partReader{r}
	if s.DB.Dialect != store.Postgres {
		// SQLite has one connection: a transaction open for the length of a
		// phone's upload would hold up every other request. Spool the file
		// to a temporary file first; the transaction then takes milliseconds.
		spooled, err := spool(r, MaxAttachmentBytes)
		if err != nil {
			return nil, err
		}
		defer func() { _ = spooled.Close(); _ = os.Remove(spooled.Name()) }()
		if err := restOfForm(mr); err != nil {
			return nil, err
		}
		r, mr = spooled, nil
	}
	err = store.WithTx(ctx, s.DB.Client, func(tx *ent.Tx) error {
		// A first count, so a file that cannot fit is not streamed at all.
		if err := s.roomForAnotherFile(ctx, tx, comID, 0, false); err != nil {
			return err
		}
		if file, err = files.Save(ctx, tx, m, r, MaxAttachmentBytes); err != nil {
			return err
		}
		if mr != nil {
			if err := restOfForm(mr); err != nil {
				return err
			}
		}
		// The count that decides, with the communication locked only now:
		// two uploads cannot both be the tenth, and a slow phone's upload
		// does not make the communication's other uploads wait for it.
		return s.roomForAnotherFile(ctx, tx, comID, 1, true)
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
func (s *Server) roomForAnotherFile(ctx context.Context, tx *ent.Tx, comID, own int, lock bool) error {
	if lock && s.DB.Dialect == store.Postgres {
		if _, err := tx.ExecContext(ctx, `SELECT 1 FROM customer_communications WHERE id = $1 FOR NO KEY UPDATE`, comID); err != nil {
			return err
		}
	}
	n, err := tx.UploadedFile.Query().Where(uploadedfile.CustomerCommunicationID(comID)).Count(ctx)
	if err != nil {
		return err
	}
	if n-own >= appointment.MaxAttachmentsPerCom {
		return uploadInvalid(errTooManyFiles.Error())
	}
	return nil
}

// restOfForm reads what follows the file: nothing but other fields.
func restOfForm(mr *multipart.Reader) error {
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return multipartError{err}
		}
		switch part.FormName() {
		case "file":
			return uploadInvalid("upload one file per request")
		case "key", "communication_key":
			return uploadInvalid("key: given twice")
		}
	}
}

// spool copies at most max+1 bytes of r into a temporary file, rewound
// (files.Save then refuses more than max as it does for a stream).
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

func (s *Server) uploadError(c *gin.Context, err error) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		invalid(c, "file: larger than 32 MB")
		return
	}
	_ = c.Error(err)
	invalid(c, "malformed multipart body: send multipart/form-data with the fields key and file")
}

// downloadAttachment serves an uploaded file to a signed URL (see
// api/commread/attachments.go) or to a request carrying its communication's key.
func (s *Server) downloadAttachment(c *gin.Context) {
	id, err := uuid.Parse(c.Param("id"))
	if err != nil {
		fail(c, http.StatusNotFound, "attachment not found")
		return
	}
	var keyCom *ent.CustomerCommunication
	q := c.Request.URL.Query()
	switch key := c.GetHeader(AttachmentKeyHeader); {
	case q.Has("sig") || q.Has("exp"):
		if ok, expired := s.attachmentSigned(id.String(), q); !ok {
			msg := "invalid attachment link signature"
			if expired {
				msg = "this attachment link has expired: read the communication again for a new one"
			}
			unauthorized(c, msg)
			return
		}
	case key != "":
		var ok bool
		if keyCom, _, ok = s.byKey(c, strings.TrimSpace(key)); !ok {
			return
		}
	default:
		unauthorized(c, "a signed attachment link or the communication's key ("+AttachmentKeyHeader+") is required")
		return
	}
	f, err := s.DB.UploadedFile.Query().Where(uploadedfile.ID(id)).
		Select(uploadedfile.FieldCustomerCommunicationID, uploadedfile.FieldName, uploadedfile.FieldContentType, uploadedfile.FieldSize).
		Only(c.Request.Context())
	if ent.IsNotFound(err) {
		fail(c, http.StatusNotFound, "attachment not found")
		return
	}
	if err != nil {
		internal(c, err)
		return
	}
	// The name segment must be the file's own: a URL with another name is
	// not this attachment's URL.
	if name, err := url.PathUnescape(c.Param("name")); err != nil || name != f.Name ||
		keyCom != nil && keyCom.ID != f.CustomerCommunicationID {
		fail(c, http.StatusNotFound, "attachment not found")
		return
	}
	if !s.downloads.acquire(c.Request.Context()) {
		fail(c, http.StatusServiceUnavailable, "too many downloads at once, try again in a moment")
		return
	}
	defer s.downloads.release()
	extendDeadlines(c, 0, UploadTimeout)
	// RFC 6266/2231 form: names with quotes or non-ASCII letters survive.
	c.Header("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": f.Name}))
	c.Header("X-Content-Type-Options", "nosniff")
	// The customer chose the content type: an HTML or SVG upload must not run
	// script on the API's origin.
	c.Header("Content-Security-Policy", "sandbox; default-src 'none'")
	// Streamed a chunk at a time, so a download holds at most one chunk.
	c.DataFromReader(http.StatusOK, f.Size, f.ContentType, files.Open(c.Request.Context(), s.DB.Client, id), nil)
}

// slots bounds how many uploads are stored, or downloads streamed, at once
// (each holds a chunk in memory; an upload also a database connection); a
// request waits up to SlotWait for a slot, then is told to try again.
type slots chan struct{}

func (u slots) acquire(ctx context.Context) bool {
	t := time.NewTimer(SlotWait)
	defer t.Stop()
	select {
	case u <- struct{}{}:
		return true
	case <-ctx.Done():
	case <-t.C:
	}
	return false
}

func (u slots) release() { <-u }
