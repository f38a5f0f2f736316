// Package inspectphotos stores a mechanic's photo of a question result:
// incoming traffic, written here on the upload request (the file streamed
// into the appointment's communication's files by internal/files, chunk by
// chunk, like a customer's upload) rather than through the workflow, whose
// history must not carry megabytes. It checks what an answer checks (the
// check is the appointment's, open and the mechanic's; the result exists)
// and refuses anything that is not a JPEG, PNG or WebP image or is larger
// than MaxBytes. A JPEG's APP1 segments (EXIF, with the phone's GPS
// location, and XMP) are dropped on the way in.
package inspectphotos

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/check"
	"github.com/pitstop-dev/pitstop/ent/customercommunication"
	"github.com/pitstop-dev/pitstop/ent/questionresult"
	"github.com/pitstop-dev/pitstop/ent/questionresultimage"
	"github.com/pitstop-dev/pitstop/internal/enums"
	"github.com/pitstop-dev/pitstop/internal/files"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// MaxBytes bounds one photo (a phone's 12 MP JPEG is 3-6 MB).
const MaxBytes = 15 << 20

// Types are the accepted content types (sniffed, never taken from the client).
var Types = []string{"image/jpeg", "image/png", "image/webp"}

// Refusal is a photo refused for a reason the caller can fix.
type Refusal string

func (r Refusal) Error() string { return string(r) }

// Refusals.
const (
	ErrNotImage    Refusal = "file: must be a JPEG, PNG or WebP image"
	ErrTooLarge    Refusal = "file: at most 15 MB"
	ErrEmpty       Refusal = "file: empty"
	ErrNoCheck     Refusal = "check_id: no such check on this appointment"
	ErrFinished    Refusal = "check_id: this check is finished and takes no more photos or videos"
	ErrNoResult    Refusal = "question_id: answer the question (in this check) before adding a photo or video"
	ErrNoComm      Refusal = "appointment: no communication yet (the lifecycle has not started)"
	ErrBadJPEG     Refusal = "file: not a readable JPEG"
	errOtherFormat         = "check_id: this check belongs to mechanic %d until it is finished"
)

// Input names the photo.
type Input struct {
	AppointmentID int
	CheckID       int
	QuestionID    int
	TyrePosition  enums.TyrePosition
	MechanicID    int
	// UploadKey is the phone's ID of the photo: a retried upload is stored once.
	UploadKey string
	Name      string
}

// Photo is a stored photo.
type Photo struct {
	ID               int    `json:"id"`
	QuestionResultID int    `json:"question_result_id"`
	FileID           string `json:"file_id"`
	ContentType      string `json:"content_type"`
	Size             int64  `json:"size"`
}

// Target is where a photo or a video of Input goes: the check (open and
// the mechanic's), the result of the question (and tyre position) in it,
// and the appointment's communication, whose files hold the bytes.
type Target struct {
	Check           *ent.Check
	Result          *ent.QuestionResult
	CommunicationID int
}

// Find checks what an answer checks before a photo or video is read: the
// check is the appointment's, open and the mechanic's, and the question has
// a result in it (a result of another check is not found). A Refusal
// otherwise.
func Find(ctx context.Context, db *ent.Client, in Input) (Target, error) {
	c, err := db.Check.Query().Where(check.ID(in.CheckID), check.AppointmentID(in.AppointmentID)).Only(ctx)
	if ent.IsNotFound(err) {
		return Target{}, ErrNoCheck
	}
	if err != nil {
		return Target{}, err
	}
	switch {
	case c.FinishedAt != nil:
		return Target{}, ErrFinished
	case c.MechanicID != in.MechanicID:
		return Target{}, Refusal(fmt.Sprintf(errOtherFormat, c.MechanicID))
	}
	res, err := answered(ctx, db, c.ID, in)
	if err != nil {
		return Target{}, err
	}
	comID, err := db.CustomerCommunication.Query().Where(customercommunication.AppointmentID(in.AppointmentID)).FirstID(ctx)
	if ent.IsNotFound(err) {
		return Target{}, ErrNoComm
	}
	if err != nil {
		return Target{}, err
	}
	return Target{Check: c, Result: res, CommunicationID: comID}, nil
}

// AnswerWait bounds how long a photo or video waits for its answer to be
// written. A check started from answer-written-after-update on writes its
// result rows at the start, unanswered, and each answer after the
// mechanic has had its reply (the workflow writes it in the background,
// normally within tens of milliseconds); the workshop page uploads right
// after answering, so an upload to a row not yet answered waits for the
// answer this long before it is refused.
var AnswerWait = 5 * time.Second

// answered is the question's result in the check once it is answered.
func answered(ctx context.Context, db *ent.Client, checkID int, in Input) (*ent.QuestionResult, error) {
	deadline := time.Now().Add(AnswerWait)
	for {
		res, err := db.QuestionResult.Query().Where(questionresult.CheckID(checkID), questionresult.QuestionID(in.QuestionID),
			questionresult.TyrePositionEQ(in.TyrePosition)).Only(ctx)
		switch {
		case ent.IsNotFound(err):
			return nil, ErrNoResult
		case err != nil:
			return nil, err
		case res.Completed:
			return res, nil
		case time.Now().After(deadline):
			return nil, ErrNoResult
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(25 * time.Millisecond):
		}
	}
}

// Save checks in and stores r as a photo of the result.
func Save(ctx context.Context, db *ent.Client, in Input, r io.Reader) (Photo, error) {
	t, err := Find(ctx, db, in)
	if err != nil {
		return Photo{}, err
	}
	res, comID := t.Result, t.CommunicationID
	if img, err := db.QuestionResultImage.Query().Where(questionresultimage.QuestionResultID(res.ID),
		questionresultimage.UploadKey(in.UploadKey)).Only(ctx); err == nil {
		f, err := db.UploadedFile.Get(ctx, img.UploadedFileID)
		if err != nil {
			return Photo{}, err
		}
		return Photo{ID: img.ID, QuestionResultID: res.ID, FileID: f.ID.String(), ContentType: f.ContentType, Size: f.Size}, nil
	}
	br := bufio.NewReaderSize(r, 512)
	head, err := br.Peek(512)
	if err != nil && !errors.Is(err, io.EOF) {
		return Photo{}, err
	}
	if len(head) == 0 {
		return Photo{}, ErrEmpty
	}
	typ := http.DetectContentType(head)
	var body io.Reader = br
	switch typ {
	case "image/jpeg":
		if body, err = StripJPEGMetadata(br); err != nil {
			return Photo{}, err
		}
	case "image/png", "image/webp":
	default:
		return Photo{}, ErrNotImage
	}
	var out Photo
	err = store.WithTx(ctx, db, func(tx *ent.Tx) error {
		f, err := files.Save(ctx, tx, files.Meta{CommunicationID: comID, Name: in.Name, ContentType: typ}, body, MaxBytes)
		switch {
		case errors.Is(err, files.ErrTooLarge):
			return ErrTooLarge
		case errors.Is(err, files.ErrEmpty):
			return ErrEmpty
		case err != nil:
			return err
		}
		img, err := tx.QuestionResultImage.Create().SetQuestionResultID(res.ID).SetUploadedFileID(f.ID).
			SetUploadKey(in.UploadKey).SetTyrePosition(in.TyrePosition).Save(ctx)
		if err != nil {
			return err
		}
		out = Photo{ID: img.ID, QuestionResultID: res.ID, FileID: f.ID.String(), ContentType: typ, Size: f.Size}
		return nil
	})
	return out, err
}

// maxHeader bounds the JPEG segments held in memory before the image data.
const maxHeader = 1 << 20

// StripJPEGMetadata returns the JPEG read from r without its APP1 segments
// (EXIF, including GPS, and XMP). The segments before the image data are
// read into memory (at most maxHeader bytes); the rest streams through.
func StripJPEGMetadata(r *bufio.Reader) (io.Reader, error) {
	var out bytes.Buffer
	var soi [2]byte
	if _, err := io.ReadFull(r, soi[:]); err != nil || soi != [2]byte{0xFF, 0xD8} {
		return nil, ErrBadJPEG
	}
	out.Write(soi[:])
	for {
		var m [2]byte
		if _, err := io.ReadFull(r, m[:]); err != nil || m[0] != 0xFF {
			return nil, ErrBadJPEG
		}
		for m[1] == 0xFF { // fill bytes
			b, err := r.ReadByte()
			if err != nil {
				return nil, ErrBadJPEG
			}
			m[1] = b
		}
		if m[1] == 0xD9 { // end of image before any scan
			out.Write(m[:])
			return io.MultiReader(&out, r), nil
		}
		if m[1] == 0xD8 || m[1] == 0x01 || (m[1] >= 0xD0 && m[1] <= 0xD7) { // no length
			out.Write(m[:])
			continue
		}
		var l [2]byte
		if _, err := io.ReadFull(r, l[:]); err != nil {
			return nil, ErrBadJPEG
		}
		n := int(binary.BigEndian.Uint16(l[:]))
		if n < 2 {
			return nil, ErrBadJPEG
		}
		if m[1] == 0xDA { // start of scan: the rest is image data
			out.Write(m[:])
			out.Write(l[:])
			return io.MultiReader(&out, r), nil
		}
		if m[1] == 0xE1 {
			if _, err := r.Discard(n - 2); err != nil {
				return nil, ErrBadJPEG
			}
			continue
		}
		if out.Len()+n > maxHeader {
			return nil, ErrBadJPEG
		}
		out.Write(m[:])
		out.Write(l[:])
		if _, err := io.CopyN(&out, r, int64(n-2)); err != nil {
			return nil, ErrBadJPEG
		}
	}
}
