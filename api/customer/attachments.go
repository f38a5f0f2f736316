package customer

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/pitstop-dev/pitstop/api/commread"
	"github.com/pitstop-dev/pitstop/api/httpx"
	"github.com/pitstop-dev/pitstop/contracts/appointment"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/uploadedfile"
	"github.com/pitstop-dev/pitstop/internal/files"
	"github.com/pitstop-dev/pitstop/internal/textcheck"
)

// uploadAttachment: POST /v1/communication/upload_attachment (multipart: the
// key, and one "file" of at most 32 MB). At most 10 files per communication;
// anything over a limit is refused and nothing is stored (files.Upload).
func (h *Handlers) uploadAttachment(c *gin.Context) error {
	extendDeadlines(c, h.opts.UploadTimeout, 0)
	// The whole body is bounded: one file plus a little room for the form.
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, MaxAttachmentBytes+64<<10)
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return httpx.Invalid("expected a multipart/form-data body with the fields key and file")
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
			return uploadError(err)
		}
		switch part.FormName() {
		case "key", "communication_key":
			if com != nil {
				return httpx.Invalid("key: given twice")
			}
			b, _ := io.ReadAll(io.LimitReader(part, 256))
			var receptionist bool
			if com, receptionist, err = h.byKey(c, strings.TrimSpace(string(b))); err != nil {
				return err
			}
			if receptionist {
				// Attachments belong to the customer's answer, which only the
				// customer's key may give; the receptionist's would use up its ten.
				return httpx.Invalid("only the customer's key can upload attachments")
			}
		case "file":
			if com == nil {
				return httpx.Invalid("key: required before the file in the form")
			}
			if file, err = h.storeFile(c, com, part, mr); err != nil {
				return err
			}
		}
	}
	if com == nil {
		return httpx.Invalid("key: required")
	}
	if file == nil {
		return httpx.Invalid("file: required")
	}
	// Signed, so the customer can open it; answers refer to it without the query.
	c.JSON(http.StatusOK, gin.H{"url": h.reader.AttachmentURL(file.ID, file.Name) + "?" + h.reader.AttachmentQuery(file.ID.String())})
	return nil
}

// storeFile stores the file part of the form, and reads the rest of the
// form, through files.Upload (one slot of maxConcurrentUploads).
func (h *Handlers) storeFile(c *gin.Context, com *ent.CustomerCommunication, part *multipart.Part, mr *multipart.Reader) (*ent.UploadedFile, error) {
	name, err := textcheck.FileName(part.FileName())
	if err != nil {
		return nil, httpx.Invalid("file: " + err.Error())
	}
	ctype := part.Header.Get("Content-Type")
	if len(ctype) > 255 || textcheck.Line("content type", ctype, 255) != nil {
		ctype = "" // sniffed from the content
	}
	if !h.uploads.acquire(c.Request.Context(), h.opts.SlotWait) {
		return nil, httpx.Fail(http.StatusServiceUnavailable, "too many uploads at once, try again in a moment")
	}
	file, err := files.Upload(c.Request.Context(), h.DB, files.Meta{CommunicationID: com.ID, Name: name, ContentType: ctype},
		partReader{part}, MaxAttachmentBytes, appointment.MaxAttachmentsPerCom, func() error { return restOfForm(mr) })
	h.uploads.release()
	var bad uploadInvalid
	var full files.ErrFull
	switch {
	case errors.As(err, &bad):
		return nil, httpx.Invalid(string(bad))
	case errors.As(err, &full):
		return nil, httpx.Invalid(full.Error())
	case errors.Is(err, files.ErrTooLarge):
		return nil, httpx.Invalid("file: larger than 32 MB")
	case errors.Is(err, files.ErrEmpty):
		return nil, httpx.Invalid("file: empty")
	case errors.As(err, new(*http.MaxBytesError)), errors.As(err, new(multipartError)):
		return nil, uploadError(err)
	case err != nil:
		return nil, httpx.Internal(err)
	}
	return file, nil
}

// uploadInvalid is a refusal of the form that restOfForm found.
type uploadInvalid string

func (e uploadInvalid) Error() string { return string(e) }

// multipartError is a malformed body found while the file was stored.
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

// uploadError answers a body that broke off or is malformed (the cause goes
// to the request log).
func uploadError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return httpx.Invalid("file: larger than 32 MB")
	}
	return &httpx.Error{Status: http.StatusOK, Cause: err,
		Problems: []string{"malformed multipart body: send multipart/form-data with the fields key and file"}}
}

// downloadAttachment serves an uploaded file to a signed URL (see
// api/commread/attachments.go) or to a request carrying its communication's key.
func (h *Handlers) downloadAttachment(c *gin.Context) error {
	notFound := httpx.NotFound("attachment not found")
	id, err := uuid.Parse(c.Param("id"))
	if err != nil {
		return notFound
	}
	var keyCom *ent.CustomerCommunication
	q := c.Request.URL.Query()
	switch key := c.GetHeader(commread.AttachmentKeyHeader); {
	case q.Has("sig") || q.Has("exp"):
		if ok, expired := h.reader.AttachmentSigned(id.String(), q); !ok {
			msg := "invalid attachment link signature"
			if expired {
				msg = "this attachment link has expired: read the communication again for a new one"
			}
			return httpx.Unauthorized(msg)
		}
	case key != "":
		if keyCom, _, err = h.byKey(c, strings.TrimSpace(key)); err != nil {
			return err
		}
	default:
		return httpx.Unauthorized("a signed attachment link or the communication's key (" + commread.AttachmentKeyHeader + ") is required")
	}
	f, err := h.DB.UploadedFile.Query().Where(uploadedfile.ID(id)).
		Select(uploadedfile.FieldCustomerCommunicationID, uploadedfile.FieldName, uploadedfile.FieldContentType, uploadedfile.FieldSize).
		Only(c.Request.Context())
	if ent.IsNotFound(err) {
		return notFound
	}
	if err != nil {
		return httpx.Internal(err)
	}
	// The name segment must be the file's own: a URL with another name is
	// not this attachment's URL.
	if name, err := url.PathUnescape(c.Param("name")); err != nil || name != f.Name ||
		keyCom != nil && keyCom.ID != f.CustomerCommunicationID {
		return notFound
	}
	if !h.downloads.acquire(c.Request.Context(), h.opts.SlotWait) {
		return httpx.Fail(http.StatusServiceUnavailable, "too many downloads at once, try again in a moment")
	}
	defer h.downloads.release()
	extendDeadlines(c, 0, h.opts.UploadTimeout)
	// RFC 6266/2231 form: names with quotes or non-ASCII letters survive.
	c.Header("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": f.Name}))
	c.Header("X-Content-Type-Options", "nosniff")
	// The customer chose the content type: an HTML or SVG upload must not run
	// script on the API's origin.
	c.Header("Content-Security-Policy", "sandbox; default-src 'none'")
	// Streamed a chunk at a time, so a download holds at most one chunk;
	// byte ranges are served (206), which video players need.
	c.Header("Content-Type", f.ContentType)
	http.ServeContent(c.Writer, c.Request, "", time.Time{}, files.OpenSeeker(c.Request.Context(), h.DB.Client, id, f.Size))
	return nil
}
