// Package inspectvideos stores a mechanic's short video of a question
// result (the spec's QuestionResultVideo) the way internal/inspectphotos
// stores a photo: incoming traffic, written here on the upload request
// (streamed chunk by chunk into the appointment's communication's files by
// internal/files) rather than through the workflow, whose history must not
// carry megabytes. It checks what a photo checks (inspectphotos.Find), then
// the content itself: only MP4, QuickTime (.mov) and WebM, recognised from
// their first bytes (the part's Content-Type and file name are never
// trusted). Size is bounded in bytes: at most Limits.MaxBytes per video and
// Limits.CheckBytes for all videos of one check. Length is bounded by the
// duration the file's own header gives (Duration: MP4/QuickTime mvhd,
// WebM Segment Info, or a WebM's latest block where that is later), read
// from every byte of the upload as it streams, so a header at the end of
// the file counts; a video whose duration cannot be read that way (no
// header, a damaged or cut-short file) is refused, never stored unmeasured.
package inspectvideos

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/check"
	"github.com/pitstop-dev/pitstop/ent/questionresultvideo"
	"github.com/pitstop-dev/pitstop/internal/files"
	"github.com/pitstop-dev/pitstop/internal/inspectphotos"
	"github.com/pitstop-dev/pitstop/internal/store"
)

// Defaults of Limits (PITSTOP_INSPECTION_VIDEO_MAX_MB,
// PITSTOP_INSPECTION_VIDEO_CHECK_MB): a phone's 30-second 1080p clip is
// about 20-60 MB.
const (
	DefaultMaxBytes   = 100 << 20
	DefaultCheckBytes = 500 << 20
	// DefaultMaxSeconds (PITSTOP_INSPECTION_VIDEO_MAX_SECONDS): a short clip
	// of a noise or a leak, not a film of the whole job.
	DefaultMaxSeconds = 60
)

// Limits bound the bytes of videos.
type Limits struct {
	// MaxBytes bounds one video.
	MaxBytes int64
	// CheckBytes bounds the videos of one check together.
	CheckBytes int64
	// MaxSeconds bounds one video's duration.
	MaxSeconds int
}

// OrDefaults fills zero limits with the defaults.
func (l Limits) OrDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.CheckBytes <= 0 {
		l.CheckBytes = DefaultCheckBytes
	}
	if l.MaxSeconds <= 0 {
		l.MaxSeconds = DefaultMaxSeconds
	}
	return l
}

// Types are the accepted content types.
var Types = []string{"video/mp4", "video/quicktime", "video/webm"}

// Refusals (with inspectphotos' refusals of the check and the result).
const (
	ErrNotVideo inspectphotos.Refusal = "file: must be an MP4, QuickTime (.mov) or WebM video"
	ErrEmpty    inspectphotos.Refusal = "file: empty"
	// ErrUnmeasured refuses a video whose duration Duration cannot read.
	ErrUnmeasured inspectphotos.Refusal = "file: the video's length cannot be read from it (no duration in its header, or the file is damaged or cut short)"
)

// ErrTooLong refuses a video longer than Limits.MaxSeconds.
func ErrTooLong(l Limits, d time.Duration) inspectphotos.Refusal {
	return inspectphotos.Refusal(fmt.Sprintf("file: a video is at most %d seconds long; this one is %.1f seconds", l.MaxSeconds, d.Seconds()))
}

// ErrTooLarge refuses a video over Limits.MaxBytes.
func ErrTooLarge(l Limits) inspectphotos.Refusal {
	return inspectphotos.Refusal(fmt.Sprintf("file: a video is at most %s", mb(l.MaxBytes)))
}

// ErrCheckFull refuses a video that would take the check's videos over Limits.CheckBytes.
func ErrCheckFull(l Limits) inspectphotos.Refusal {
	return inspectphotos.Refusal(fmt.Sprintf("file: the videos of one check are at most %s together", mb(l.CheckBytes)))
}

func mb(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Video is a stored video.
type Video struct {
	ID               int    `json:"id"`
	QuestionResultID int    `json:"question_result_id"`
	FileID           string `json:"file_id"`
	ContentType      string `json:"content_type"`
	Size             int64  `json:"size"`
}

// measure is what Duration read.
type measure struct {
	d   time.Duration
	err error
}

// errAgain: the upload key was stored by a concurrent retry.
var errAgain = errors.New("stored by a concurrent retry")

// Save checks in and stores r as a video of the result. Nothing is stored
// when it refuses, when r breaks off or is too large.
func Save(ctx context.Context, db *store.DB, in inspectphotos.Input, r io.Reader, lim Limits) (Video, error) {
	lim = lim.OrDefaults()
	t, err := inspectphotos.Find(ctx, db.Client, in)
	if err != nil {
		return Video{}, err
	}
	if v, ok, err := stored(ctx, db.Client, t.Result.ID, in.UploadKey); ok || err != nil {
		return v, err
	}
	// A first sum, so a video that cannot fit is not streamed at all.
	if used, err := checkBytes(ctx, db.Client, t.Check.ID); err != nil {
		return Video{}, err
	} else if used >= lim.CheckBytes {
		return Video{}, ErrCheckFull(lim)
	}
	br := bufio.NewReaderSize(r, sniffLen)
	head, err := br.Peek(sniffLen)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return Video{}, err
	}
	if len(head) == 0 {
		return Video{}, ErrEmpty
	}
	typ := Sniff(head)
	if typ == "" {
		return Video{}, ErrNotVideo
	}
	// Every byte stored is also read by Duration, beside the store.
	pr, pw := io.Pipe()
	measured := make(chan measure, 1)
	go func() {
		d, err := Duration(typ, pr)
		_, _ = io.Copy(io.Discard, pr) // the rest, so the upload never waits on it
		measured <- measure{d, err}
	}()
	defer func() { <-measured }()
	defer pw.CloseWithError(errors.New("upload ended"))
	var out Video
	_, err = files.Stream(ctx, db, files.Meta{CommunicationID: t.CommunicationID, Name: in.Name, ContentType: typ}, io.TeeReader(br, pw), lim.MaxBytes,
		func(tx *ent.Tx, f *ent.UploadedFile) error {
			// The whole file has been read: its duration is known, or never.
			_ = pw.Close()
			m := <-measured
			measured <- m
			switch {
			case errors.Is(m.err, ErrNoDuration):
				return ErrUnmeasured
			case m.err != nil:
				return m.err
			case m.d > time.Duration(lim.MaxSeconds)*time.Second:
				return ErrTooLong(lim, m.d)
			}
			// The check's row, locked only now (a slow phone's upload holds
			// no lock while it streams): a finish that came during the
			// upload is seen, and two uploads cannot both be the last to fit.
			// FOR NO KEY UPDATE, as internal/files locks a communication (SQLite
			// runs one transaction at a time).
			if db.Dialect == store.Postgres {
				if _, err := tx.ExecContext(ctx, `SELECT 1 FROM checks WHERE id = $1 FOR NO KEY UPDATE`, t.Check.ID); err != nil {
					return err
				}
			}
			c, err := tx.Check.Query().Where(check.ID(t.Check.ID)).Only(ctx)
			if err != nil {
				return err
			}
			if c.FinishedAt != nil {
				return inspectphotos.ErrFinished
			}
			if n, err := tx.QuestionResultVideo.Query().Where(questionresultvideo.QuestionResultID(t.Result.ID),
				questionresultvideo.UploadKey(in.UploadKey)).Exist(ctx); err != nil {
				return err
			} else if n {
				return errAgain
			}
			used, err := checkBytes(ctx, tx.Client(), c.ID)
			if err != nil {
				return err
			}
			if used+f.Size > lim.CheckBytes {
				return ErrCheckFull(lim)
			}
			v, err := tx.QuestionResultVideo.Create().SetQuestionResultID(t.Result.ID).SetCheckID(c.ID).
				SetUploadedFileID(f.ID).SetSize(f.Size).SetUploadKey(in.UploadKey).Save(ctx)
			if err != nil {
				return err
			}
			out = Video{ID: v.ID, QuestionResultID: t.Result.ID, FileID: f.ID.String(), ContentType: typ, Size: f.Size}
			return nil
		})
	switch {
	case errors.Is(err, errAgain):
		v, _, err := stored(ctx, db.Client, t.Result.ID, in.UploadKey)
		return v, err
	case errors.Is(err, files.ErrTooLarge):
		return Video{}, ErrTooLarge(lim)
	case errors.Is(err, files.ErrEmpty):
		return Video{}, ErrEmpty
	case err != nil:
		return Video{}, err
	}
	return out, nil
}

// stored is the video already stored under the upload key, if any.
func stored(ctx context.Context, db *ent.Client, resultID int, key string) (Video, bool, error) {
	v, err := db.QuestionResultVideo.Query().Where(questionresultvideo.QuestionResultID(resultID),
		questionresultvideo.UploadKey(key)).Only(ctx)
	if ent.IsNotFound(err) {
		return Video{}, false, nil
	}
	if err != nil {
		return Video{}, false, err
	}
	f, err := db.UploadedFile.Get(ctx, v.UploadedFileID)
	if err != nil {
		return Video{}, false, err
	}
	return Video{ID: v.ID, QuestionResultID: resultID, FileID: f.ID.String(), ContentType: f.ContentType, Size: f.Size}, true, nil
}

// checkBytes sums the sizes of the check's videos.
func checkBytes(ctx context.Context, db *ent.Client, checkID int) (int64, error) {
	var s []struct {
		Sum int64 `json:"sum"`
	}
	err := db.QuestionResultVideo.Query().Where(questionresultvideo.CheckID(checkID)).
		Aggregate(ent.As(ent.Sum(questionresultvideo.FieldSize), "sum")).Scan(ctx, &s)
	if err != nil || len(s) == 0 {
		return 0, err
	}
	return s[0].Sum, nil
}

// sniffLen is how much of the content Sniff sees.
const sniffLen = 512

// Sniff names the video type of content starting with head ("" when it is
// none of Types):
//   - ISO base media (MP4, QuickTime): a first box "ftyp" of a plausible
//     size whose major brand is a video brand ("qt  " is QuickTime; isom,
//     iso2-iso9, mp41, mp42, avc1, M4V, dash are MP4). HEIC/AVIF pictures and
//     M4A audio share the box but not the brands, and are refused.
//   - WebM: an EBML header whose DocType is "webm" (other Matroska is refused).
func Sniff(head []byte) string {
	if len(head) >= 16 && string(head[4:8]) == "ftyp" {
		size := binary.BigEndian.Uint32(head[:4])
		if size < 16 || size > 4096 || (size-16)%4 != 0 {
			return ""
		}
		switch brand := string(head[8:12]); brand {
		case "qt  ":
			return "video/quicktime"
		case "isom", "iso2", "iso3", "iso4", "iso5", "iso6", "iso7", "iso8", "iso9", "mp41", "mp42", "avc1", "M4V ", "M4VH", "M4VP", "dash":
			return "video/mp4"
		}
		return ""
	}
	if len(head) >= 4 && bytes.Equal(head[:4], []byte{0x1A, 0x45, 0xDF, 0xA3}) {
		// DocType (element 0x4282) with a one-byte size of 4: "webm".
		i := bytes.Index(head[:min(len(head), 64)], []byte{0x42, 0x82})
		if i >= 0 && i+7 <= len(head) && head[i+2] == 0x84 && string(head[i+3:i+7]) == "webm" {
			return "video/webm"
		}
	}
	return ""
}
